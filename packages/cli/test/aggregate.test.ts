import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FeatureCollection, MultiPolygon, Polygon, Position } from 'geojson';
import { coverageWeights, formatGeoJSON, loadAreas, parseCsv, readGeoTiff, reprojectCollection, type Table } from '@sozialraum/core';
import { BERLIN_FGB, BERLIN_GEOJSON, SAMPLES, aggregateBerlin, cli, readJson, tempDirectory, writeText } from './helpers.js';

const GRID_CSV = join(SAMPLES, 'berlin/zensus2011_einwohner_100m.csv');
const GRID_TIF = join(SAMPLES, 'berlin/zensus2011_einwohner_100m.tif');
const KITAS = join(SAMPLES, 'berlin/facilities/kitas.geojson');
const OFFICIAL_BERLIN_2011 = 3_292_365;

let temp: Awaited<ReturnType<typeof tempDirectory>>;
before(async () => (temp = await tempDirectory()));
after(async () => temp.remove());

/** Runs `sozialraum aggregate` with the Berlin areas and reads the CSV it wrote. */
async function aggregate(args: string[], name: string): Promise<{ code: number; stderr: string; table: Table }> {
  const out = temp.file(name);
  const result = await cli(['aggregate', '--areas', BERLIN_GEOJSON, '--id-field', 'PLR_ID', ...args, '--out', out]);
  assert.equal(result.stdout, '');
  return { code: result.code, stderr: result.stderr, table: parseCsv(await readFile(out, 'utf8'), { source: name }) };
}

const numbers = (table: Table, column: string) => table.rows.map((row) => (row[column] === '' ? null : Number(row[column])));
const total = (table: Table, column: string) => numbers(table, column).reduce<number>((sum, value) => sum + (value ?? 0), 0);

test('Berlin: the Zensus grid table and the GeoTIFF give the same residents per Planungsraum, about 3.29 million in all', async () => {
  const grid = await aggregate(['--grid', GRID_CSV, '--value', 'Einwohner', '--stats', 'sum,mean,coverage'], 'grid.csv');
  const tif = await aggregate(['--raster', GRID_TIF, '--stats', 'sum,mean,coverage'], 'tif.csv');
  assert.equal(grid.code, 0, grid.stderr);
  assert.equal(tif.code, 0, tif.stderr);
  assert.deepEqual(grid.table.columns, ['id', 'sum', 'mean', 'coverage', 'flags', 'notes']);
  assert.equal(grid.table.rows.length, 542);
  assert.ok(
    grid.table.rows.some((row) => row.id === '01100101'),
    'keys keep their leading zeros',
  );
  assert.deepEqual(
    grid.table.rows.map((row) => row.id),
    tif.table.rows.map((row) => row.id),
  );
  const fromGrid = numbers(grid.table, 'sum');
  const fromTif = numbers(tif.table, 'sum');
  fromGrid.forEach((sum, index) => assert.ok(Math.abs(sum! - fromTif[index]!) < 1e-5, `${grid.table.rows[index]!.id}: ${sum} ≠ ${fromTif[index]}`));
  const city = total(grid.table, 'sum');
  assert.ok(Math.abs(city / OFFICIAL_BERLIN_2011 - 1) < 0.01, `${city} residents`);
  assert.ok(
    numbers(grid.table, 'coverage').every((coverage) => coverage === 1),
    'the grid covers every Planungsraum',
  );
  // Zensus counts are estimates; a GeoTIFF is what it is unless --estimated says otherwise.
  assert.ok(grid.table.rows.every((row) => row.flags === 'estimated'));
  assert.ok(tif.table.rows.every((row) => row.flags === ''));
  assert.match(grid.stderr, /^aggregate: 542 of 542 areas$/m);
  assert.match(grid.stderr, /^sum over 542 areas: 3,29\d,\d{3}(\.\d)? \(estimated\)$/m);
  assert.match(grid.stderr, /wrote .*grid\.csv: 542 areas, CSV/);
});

test('Berlin: the methods are selectable; cell centres give the city total within 0.2 % of the exact method', async () => {
  const exact = await aggregate(['--raster', GRID_TIF], 'exact.csv');
  const centre = await aggregate(['--raster', GRID_TIF, '--method', 'centre', '--stats', 'sum,count'], 'centre.csv');
  const touched = await aggregate(['--raster', GRID_TIF, '--method', 'touched'], 'touched.csv');
  const exactTotal = total(exact.table, 'sum');
  assert.ok(Math.abs(total(centre.table, 'sum') / exactTotal - 1) < 0.002);
  assert.ok(total(touched.table, 'sum') > exactTotal, 'touched counts boundary cells for every area they touch');
  assert.ok(numbers(centre.table, 'count').every((cells) => Number.isInteger(cells)));
});

test('Berlin: areas under --min-population are withheld, and only those', async () => {
  const open = await aggregate(['--raster', GRID_TIF, '--counts', 'none'], 'open.csv');
  const guarded = await aggregate(['--raster', GRID_TIF, '--min-population', '300'], 'guarded.csv');
  assert.equal(guarded.code, 0, guarded.stderr);
  const raw = new Map(open.table.rows.map((row) => [row.id, Number(row.sum)]));
  const small = [...raw].filter(([, sum]) => sum < 300).map(([id]) => id);
  assert.ok(small.length > 0, 'some Planungsräume (parks, the airport) have fewer than 300 residents');
  const withheld = guarded.table.rows.filter((row) => row.flags.includes('small-population'));
  assert.deepEqual(withheld.map((row) => row.id).sort(), small.sort());
  for (const row of withheld) {
    assert.equal(row.sum, '');
    assert.equal(row.flags, 'suppressed|small-population');
    assert.equal(row.notes, 'input public; population below 300; counts withheld');
  }
  assert.match(guarded.stderr, new RegExp(`note: ${small.length} areas? with a population below 300 withheld`));
  // The total on stderr leaves the withheld areas out, so it does not give them away.
  assert.match(guarded.stderr, new RegExp(`sum over ${542 - small.length} areas: .*${small.length} areas? withheld or without value, not included`));
});

test('Berlin: a Planungsraum redrawn with one more populated cell is withheld as a near-duplicate of the published one', async () => {
  const areas = await loadAreas(new Uint8Array(await readFile(BERLIN_GEOJSON)), { source: 'lor', idField: 'PLR_ID' });
  const tiff = await readGeoTiff(new Uint8Array(await readFile(GRID_TIF)), { source: 'tif' });
  const weights = coverageWeights(areas, tiff.grid, { method: 'exact' });
  // A cell that another Planungsraum covers whole, with residents.
  const enlarged = areas.features.findIndex((feature) => feature.geometry.type === 'Polygon');
  let cell = -1;
  for (let run = weights.runOffsets[enlarged + 1]!; run < weights.runStarts.length && cell === -1; run += 1) {
    const first = weights.runStarts[run]!;
    for (let candidate = first; candidate < first + weights.runLengths[run]!; candidate += 1) {
      if (tiff.values[candidate]! >= 3) {
        cell = candidate;
        break;
      }
    }
  }
  const { grid } = tiff;
  const x0 = grid.originX + (cell % grid.columns) * grid.cellWidth;
  const y1 = grid.originY - Math.floor(cell / grid.columns) * grid.cellHeight;
  const cellRing: Position[] = [
    [x0, y1 - 100],
    [x0 + 100, y1 - 100],
    [x0 + 100, y1],
    [x0, y1],
    [x0, y1 - 100],
  ];

  // Drawn in the grid's CRS: the enlarged area, and an unchanged copy of another one, which gives the same numbers.
  const inGrid = reprojectCollection({ type: 'FeatureCollection', features: areas.features }, areas.crs, grid.crs);
  const original = inGrid.features[enlarged]!;
  const copy = inGrid.features[enlarged + 1]!;
  const drawn: FeatureCollection<Polygon | MultiPolygon> = {
    type: 'FeatureCollection',
    features: [{ ...original, geometry: { type: 'MultiPolygon', coordinates: [(original.geometry as Polygon).coordinates, [cellRing]] } }, copy],
  };
  const drawnPath = await writeText(temp.file('drawn.geojson'), formatGeoJSON(drawn, grid.crs));
  const out = temp.file('drawn.csv');
  const result = await cli(['aggregate', '--areas', drawnPath, '--id-field', 'PLR_ID', '--raster', GRID_TIF, '--reference', BERLIN_FGB, '--out', out]);
  assert.equal(result.code, 0, result.stderr);
  const table = parseCsv(await readFile(out, 'utf8'), { source: 'drawn.csv' });
  const published = await aggregate(['--raster', GRID_TIF, '--counts', 'none'], 'published.csv');
  const publishedSum = (id: string) => Number(published.table.rows.find((row) => row.id === id)!.sum);
  const [grown, same] = table.rows;
  assert.equal(grown!.id, areas.ids[enlarged]);
  assert.equal(grown!.sum, '');
  assert.equal(grown!.flags, 'suppressed|near-duplicate-suppressed');
  assert.equal(
    grown!.notes,
    `input public; differs from the published area ${areas.ids[enlarged]} by 1 cell; suppressed so the difference does not reveal a count below 3`,
  );
  assert.equal(same!.id, areas.ids[enlarged + 1]);
  assert.ok(Math.abs(Number(same!.sum) - publishedSum(same!.id)) < 1e-5, 'a copy of a published area repeats its numbers and reveals nothing');
  assert.equal(same!.flags, '');
  assert.match(result.stderr, /note: 1 area withheld as a near-duplicate/);
});

test("Berlin Kitas: counts and places per Planungsraum, every Kita in an area, the places adding up to the register's", async () => {
  const kitas = await readJson<FeatureCollection>(KITAS);
  const places = kitas.features.reduce((sum, feature) => sum + (feature.properties!['plaetze'] as number), 0);
  const { code, stderr, table } = await aggregate(['--points', KITAS, '--sum', 'plaetze', '--counts', 'none'], 'kitas.csv');
  assert.equal(code, 0, stderr);
  assert.deepEqual(table.columns, ['id', 'count', 'sum', 'flags', 'notes']);
  assert.equal(table.rows.length, 542);
  assert.equal(total(table, 'count'), 2880);
  assert.equal(total(table, 'sum'), places);
  assert.equal(places, 194_979);
  assert.match(stderr, /aggregate: 2,880 points onto 542 areas/);
  assert.match(stderr, /^every point lies in an area$/m);
  assert.ok(table.rows.every((row) => row.flags === ''));
});

test('Berlin Kitas by Träger: counts of 1 and 2 are suppressed by default, and a total never gives one away', async () => {
  const { code, table, stderr } = await aggregate(['--points', KITAS, '--category', 'traeger_art'], 'traeger.csv');
  assert.equal(code, 0, stderr);
  const categories = table.columns.filter((column) => column.startsWith('count_'));
  assert.deepEqual(categories, [
    'count_Arbeiterwohlfahrt',
    'count_Deutscher Caritasverband',
    'count_Diakonisches Werk',
    'count_Eigenbetrieb',
    'count_EKT',
    'count_Sonstiger freier Träger',
  ]);
  for (const row of table.rows) {
    const values = ['count', ...categories].map((column) => (row[column] === '' ? null : Number(row[column])));
    for (const value of values) assert.ok(value === null || value === 0 || value >= 3, `${row.id}: ${value} shown`);
    const hidden = values.slice(1).filter((value) => value === null).length;
    if (values[0] !== null) assert.notEqual(hidden, 1, `${row.id}: one hidden category would be the count minus the others`);
    if (values.includes(null)) assert.match(row.flags, /^suppressed$/);
  }
  assert.match(stderr, /note: \d+ counts above 0 and below 3 suppressed in \d+ areas/);
  assert.match(stderr, /note: \d+ more values suppressed so that totals do not give suppressed counts away/);
});

test('points from CSV: coordinate columns by name, the CRS from --points-crs, points outside named with their row', async () => {
  const csv = await writeText(
    temp.file('orte.csv'),
    'name;rechtswert;hochwert;plaetze\nAm Alex;392000;5820800;50\nIn Potsdam;368000;5808000;10\nOhne Ort;;;5\n',
  );
  const out = temp.file('orte_out.csv');
  const result = await aggregateBerlin(['--points', csv, '--points-crs', 'EPSG:25833', '--sum', 'plaetze', '--counts', 'none', '--out', out]);
  assert.equal(result.code, 1, 'a row without coordinates is an issue');
  assert.match(result.stderr, /1 point in no area \(sum 10\), e\.g\. .*orte\.csv, row 3 \(In Potsdam\) at 368000\.00, 5808000\.00/);
  assert.match(result.stderr, /warning: .*orte\.csv, row 4: has no coordinates; left out/);
  const table = parseCsv(await readFile(out, 'utf8'), { source: 'orte_out.csv' });
  assert.equal(total(table, 'count'), 1);
  assert.equal(total(table, 'sum'), 50);

  const withoutCrs = await cli(['aggregate', '--areas', BERLIN_GEOJSON, '--points', csv]);
  assert.equal(withoutCrs.code, 2);
  assert.match(withoutCrs.stderr, /orte\.csv: the coordinates in "rechtswert" and "hochwert" are not longitude\/latitude and no CRS is given/);
});

test('without --out the table goes to stdout', async () => {
  const result = await cli(['aggregate', '--areas', BERLIN_FGB, '--id-field', 'PLR_ID', '--points', KITAS, '--counts', 'none']);
  assert.equal(result.code, 0, result.stderr);
  const lines = result.stdout.trimEnd().split('\r\n');
  assert.equal(lines[0], 'id,count,flags,notes');
  assert.equal(lines.length, 543);
});

test('bad input ends with exit code 2 and a message naming the file or option and what is wrong', async () => {
  const cases: [string[], RegExp][] = [
    [['--grid', GRID_CSV, '--value', 'Einwohner'], /aggregate: --areas is required/],
    [['--areas', BERLIN_GEOJSON], /give what to aggregate/],
    [['--areas', BERLIN_GEOJSON, '--grid', GRID_CSV, '--raster', GRID_TIF], /give one of --grid and --raster, not both/],
    [['--areas', join(SAMPLES, 'berlin/gibt_es_nicht.geojson'), '--raster', GRID_TIF], /gibt_es_nicht\.geojson: cannot be read: no such file or directory/],
    [['--areas', BERLIN_GEOJSON, '--grid', GRID_CSV], /--grid needs --value/],
    [
      ['--areas', BERLIN_GEOJSON, '--grid', GRID_CSV, '--value', 'EW'],
      /zensus2011_einwohner_100m\.csv: no column "EW"; the columns are GITTER_ID_100m, x_mp_100m, y_mp_100m, Einwohner/,
    ],
    [['--areas', BERLIN_GEOJSON, '--grid', GRID_TIF, '--value', 'Einwohner'], /zensus2011_einwohner_100m\.tif: is a GeoTIFF, not a grid table/],
    [['--areas', BERLIN_GEOJSON, '--raster', KITAS], /kitas\.geojson: is not a readable GeoTIFF/],
    [['--areas', BERLIN_GEOJSON, '--raster', GRID_TIF, '--band', '2'], /zensus2011_einwohner_100m\.tif: has no band 2; it has one band/],
    [['--areas', BERLIN_GEOJSON, '--raster', GRID_TIF, '--method', 'area'], /--method must be exact, centre, touched; not "area"/],
    [['--areas', BERLIN_GEOJSON, '--raster', GRID_TIF, '--stats', 'sum,median'], /--stats: unknown statistic "median"/],
    [['--areas', BERLIN_GEOJSON, '--raster', GRID_TIF, '--stats', 'weighted_mean'], /weighted_mean needs --weight/],
    [['--areas', BERLIN_GEOJSON, '--raster', GRID_TIF, '--min-count', 'drei'], /--min-count must be a number of 0 or more, not "drei"/],
    [['--areas', BERLIN_GEOJSON, '--raster', GRID_TIF, '--counts', 'plaetze'], /--counts: no output column "plaetze"; the columns are sum/],
    [['--areas', BERLIN_GEOJSON, '--raster', GRID_TIF, '--weight', KITAS], /kitas\.geojson: is not a readable GeoTIFF/],
    [
      ['--areas', BERLIN_GEOJSON, '--raster', GRID_TIF, '--crs', 'EPSG:25832'],
      /zensus2011_einwohner_100m\.tif: none of the 542 areas of .* lies on it .*EPSG:25832/,
    ],
    [['--areas', BERLIN_GEOJSON, '--points', KITAS, '--method', 'exact'], /--method applies to --grid and --raster only/],
    [
      ['--areas', BERLIN_GEOJSON, '--points', KITAS, '--sum', 'places'],
      /kitas\.geojson, column "places": no point has the property "places" to sum; the properties are id, name, art, plaetze/,
    ],
    [['--areas', BERLIN_GEOJSON, '--points', GRID_CSV], /zensus2011_einwohner_100m\.csv: no coordinate columns/],
    [['--areas', BERLIN_GEOJSON, '--id-field', 'PLR', '--raster', GRID_TIF], /lor_planungsraeume_2021\.geojson: no feature has the id field "PLR"/],
  ];
  for (const [args, message] of cases) {
    const result = await cli(['aggregate', ...args]);
    assert.equal(result.code, 2, `${args.join(' ')}\n${result.stderr}`);
    assert.match(result.stderr, message, args.join(' '));
    assert.equal(result.stdout, '');
  }
});
