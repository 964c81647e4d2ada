import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { planarArea } from '@sozialraum/core';
import type { MultiPolygon, Polygon } from 'geojson';
import {
  BERLIN_GEOJSON,
  MSS_INDEX,
  SAMPLES,
  cli,
  mssStatusIndex,
  readCsvFile,
  readJson,
  squareAreas,
  tempDirectory,
  writeText,
  type GeoJsonFile,
} from './helpers.js';

const BZR_GEOJSON = join(SAMPLES, 'berlin/lor_bezirksregionen_2021.geojson');

let temp: Awaited<ReturnType<typeof tempDirectory>>;
before(async () => (temp = await tempDirectory()));
after(async () => temp.remove());

/** Residents per Bezirk straight from the MSS table: the first two digits of PLR_ID, empty and -9999 left out. */
async function residentsByBezirk(): Promise<Map<string, number>> {
  const mss = await readCsvFile(MSS_INDEX);
  const sums = new Map<string, number>();
  for (const row of mss.rows) {
    if (row.EW === '' || row.EW === '-9999') continue;
    const bezirk = row.PLR_ID!.slice(0, 2);
    sums.set(bezirk, (sums.get(bezirk) ?? 0) + Number(row.EW));
  }
  return sums;
}

test('Berlin end to end: 542 Planungsräume to 12 Bezirke by key prefix, residents summed, Bezirke dissolved', async () => {
  const out = temp.file('bezirke.csv');
  const geo = temp.file('bezirke.geojson');
  const result = await cli([
    'aggregate-up',
    '--areas',
    BERLIN_GEOJSON,
    '--id-field',
    'PLR_ID',
    '--by-prefix',
    '2',
    '--parent-id',
    'BEZ',
    '--values',
    MSS_INDEX,
    '--counts',
    'EW',
    '--missing',
    'sum-known',
    '--out',
    out,
    '--parents-out',
    geo,
  ]);
  // One Planungsraum has no EW: a finding, so exit code 1, named in the message.
  assert.equal(result.code, 1, result.stderr);
  assert.match(result.stderr, /^aggregate-up: 542 areas → 12 parents by the first 2 characters of the key$/m);
  assert.match(result.stderr, /key "03", column "EW": EW is the sum of the children that have a value; "03400831" has none/);
  const table = await readCsvFile(out);
  assert.deepEqual(table.columns, ['BEZ', 'children', 'EW', 'flags', 'notes']);
  assert.equal(table.rows.length, 12);
  const expected = await residentsByBezirk();
  for (const row of table.rows) assert.equal(Number(row.EW), expected.get(row.BEZ!), row.BEZ);
  const total = [...expected.values()].reduce((sum, value) => sum + value, 0);
  assert.equal(
    table.rows.reduce((sum, row) => sum + Number(row.EW), 0),
    total,
  );
  assert.equal(
    table.rows.reduce((sum, row) => sum + Number(row.children), 0),
    542,
  );
  assert.match(result.stderr, new RegExp(`EW: sum ${total.toLocaleString('en-US')} \\(some parents partial\\)`));

  const bezirke = await readJson<GeoJsonFile>(geo);
  assert.equal(bezirke.features.length, 12);
  assert.equal(bezirke.crs?.properties.name, 'urn:ogc:def:crs:EPSG::25833');
  const areaOf = (file: GeoJsonFile) => file.features.reduce((sum, feature) => sum + planarArea(feature.geometry as unknown as Polygon | MultiPolygon), 0);
  const plrArea = areaOf(await readJson<GeoJsonFile>(BERLIN_GEOJSON));
  assert.ok(Math.abs(areaOf(bezirke) - plrArea) < plrArea * 1e-9);
});

test('Berlin: Bezirksregionen by geometry give the same sums as by key prefix; a clean run exits 0', async () => {
  const values = await writeText(temp.file('plr.csv'), (await readFile(MSS_INDEX, 'utf8')).replace(/^(03400831,Pankower Tor,03),,/m, '$1,0,'));
  const byGeometry = temp.file('bzr-geometry.csv');
  const byPrefix = temp.file('bzr-prefix.csv');
  const geometry = await cli([
    'aggregate-up',
    '--areas',
    BERLIN_GEOJSON,
    '--id-field',
    'PLR_ID',
    '--parents',
    BZR_GEOJSON,
    '--parent-id',
    'BZR_ID',
    '--values',
    values,
    '--counts',
    'EW',
    '--out',
    byGeometry,
  ]);
  const prefix = await cli([
    'aggregate-up',
    '--areas',
    BERLIN_GEOJSON,
    '--id-field',
    'PLR_ID',
    '--by-prefix',
    '6',
    '--parents',
    BZR_GEOJSON,
    '--parent-id',
    'BZR_ID',
    '--values',
    values,
    '--counts',
    'EW',
    '--out',
    byPrefix,
  ]);
  assert.equal(geometry.code, 0, geometry.stderr);
  assert.equal(prefix.code, 0, prefix.stderr);
  assert.match(geometry.stderr, /542 areas → 143 parents by geometry/);
  const a = await readCsvFile(byGeometry);
  const b = await readCsvFile(byPrefix);
  assert.equal(a.rows.length, 143);
  assert.deepEqual(a.rows, b.rows);
});

test('rates are recomputed from summed counts; a mapping table with a child mapped twice is a finding (exit 1)', async () => {
  const areas = await writeText(temp.file('areas.geojson'), squareAreas(['a', 'b', 'c']));
  const values = await writeText(temp.file('values.csv'), 'id,alo,ew\na,10,100\nb,30,900\nc,5,50\n');
  const mapping = await writeText(temp.file('mapping.csv'), 'kind,eltern\na,X\nb,X\nc,Y\nc,X\n');
  const out = temp.file('rates.csv');
  const result = await cli([
    'aggregate-up',
    '--areas',
    areas,
    '--id-field',
    'id',
    '--mapping',
    mapping,
    '--mapping-child',
    'kind',
    '--mapping-parent',
    'eltern',
    '--values',
    values,
    '--rate',
    'quote=alo/ew*100',
    '--out',
    out,
  ]);
  assert.equal(result.code, 1, result.stderr);
  assert.match(result.stderr, /error: .*mapping\.csv, row 5, key "c": maps "c" a second time, to "X"; row 4 maps it to "Y", which is used/);
  const table = await readCsvFile(out);
  assert.deepEqual(
    table.rows.map((row) => [row.id, row.children, row.alo, row.ew, row.quote]),
    [
      ['X', '2', '40', '1000', '4'],
      ['Y', '1', '5', '50', '10'],
    ],
  );
});

test('--min-count withholds a second child where a parent would give a withheld one away; --children-out writes them', async () => {
  const areas = await writeText(temp.file('small.geojson'), squareAreas(['A1', 'A2', 'A3']));
  const values = await writeText(temp.file('small.csv'), 'id,n\nA1,2\nA2,5\nA3,9\n');
  const out = temp.file('small-parents.csv');
  const children = temp.file('small-children.csv');
  const result = await cli([
    'aggregate-up',
    '--areas',
    areas,
    '--by-prefix',
    '1',
    '--values',
    values,
    '--counts',
    'n',
    '--min-count',
    '3',
    '--out',
    out,
    '--children-out',
    children,
  ]);
  assert.equal(result.code, 0, result.stderr);
  assert.deepEqual(
    (await readCsvFile(out)).rows.map((row) => [row.id, row.n]),
    [['A', '16']],
  );
  const protectedChildren = await readCsvFile(children);
  assert.deepEqual(
    protectedChildren.rows.map((row) => [row.id, row.n, row.flags]),
    [
      ['A1', '', 'n:suppressed'],
      ['A2', '', 'n:suppressed'],
      ['A3', '9', ''],
    ],
  );
  assert.match(result.stderr, /^note: n, children: 2 of 3 values withheld \(66\.7 %; primary suppression alone: 1, 33\.3 %\)$/m);
  assert.match(result.stderr, /^note: n: audit over 3 levels passed: given everything published, every withheld value may be 0 or at least 3$/m);
  assert.match(result.stderr, /^note: protected over the children, this level and the total only: publish other levels of the same table with --hierarchy/m);
});

test('--hierarchy: runs on the Bezirksregionen and on the Bezirke of Berlin publish one pattern, with the loss per level in the notes', async () => {
  // Synthetic case counts per Planungsraum (an office's own counts are confidential): many 1s and 2s.
  const mss = await readCsvFile(MSS_INDEX);
  const counts = mss.rows.map((row, index) => `${row.PLR_ID},${[0, 1, 2, 1, 37, 2, 120, 5][index % 8]}`);
  const values = await writeText(temp.file('faelle.csv'), `PLR_ID,faelle\n${counts.join('\n')}\n`);
  const hierarchy = ['--hierarchy', 'Bezirksregion=6,Prognoseraum=4,Bezirk=2'];
  const run = (prefix: string, name: string) =>
    cli([
      'aggregate-up',
      '--areas',
      BERLIN_GEOJSON,
      '--id-field',
      'PLR_ID',
      '--by-prefix',
      prefix,
      '--values',
      values,
      '--counts',
      'faelle',
      '--min-count',
      '3',
      ...hierarchy,
      '--out',
      temp.file(`${name}.csv`),
      '--children-out',
      temp.file(`${name}-plr.csv`),
    ]);
  const regions = await run('6', 'bzr');
  const bezirke = await run('2', 'bez');
  assert.equal(regions.code, 0, regions.stderr);
  assert.equal(bezirke.code, 0, bezirke.stderr);
  assert.equal(await readFile(temp.file('bzr-plr.csv'), 'utf8'), await readFile(temp.file('bez-plr.csv'), 'utf8'));
  const plr = await readCsvFile(temp.file('bzr-plr.csv'));
  assert.equal(plr.rows.length, 542);
  const withheld = plr.rows.filter((row) => row.faelle === '');
  assert.ok(withheld.every((row) => row.flags === 'faelle:suppressed' && row.notes === 'faelle: withheld (statistical confidentiality)'));
  for (const level of ['children', 'Bezirksregion', 'Prognoseraum', 'Bezirk', 'total']) {
    assert.match(
      regions.stderr,
      new RegExp(`^note: faelle, ${level}: \\d+ of \\d+ values withheld \\(\\d+\\.\\d %; primary suppression alone: \\d+, \\d+\\.\\d %\\)$`, 'm'),
    );
  }
  assert.match(regions.stderr, new RegExp(`^note: faelle, children: ${withheld.length} of 542 values withheld`, 'm'));
  assert.match(regions.stderr, /^note: faelle: audit over 5 levels passed/m);
  assert.doesNotMatch(regions.stderr, /protected over the children, this level and the total only/);

  const outside = await run('3', 'bad');
  assert.equal(outside.code, 2);
  assert.match(outside.stderr, /--by-prefix 3 is not among the --hierarchy levels/);
  const alone = await cli([
    'aggregate-up',
    '--areas',
    BERLIN_GEOJSON,
    '--id-field',
    'PLR_ID',
    '--by-prefix',
    '2',
    '--values',
    values,
    '--counts',
    'faelle',
    ...hierarchy,
    '--out',
    temp.file('x.csv'),
  ]);
  assert.equal(alone.code, 2);
  assert.match(alone.stderr, /--hierarchy needs --min-count/);
});

test('bad input exits 2 with a message naming the file, column or option', async () => {
  const base = ['aggregate-up', '--areas', BERLIN_GEOJSON, '--id-field', 'PLR_ID', '--values', MSS_INDEX, '--out', temp.file('bad.csv')];
  const missingFile = await cli([...base.slice(0, 2), 'nowhere.geojson', ...base.slice(3), '--by-prefix', '2', '--counts', 'EW']);
  assert.equal(missingFile.code, 2);
  assert.match(missingFile.stderr, /^sozialraum aggregate-up: nowhere\.geojson: cannot be read: no such file or directory$/m);

  const unknownColumn = await cli([...base, '--by-prefix', '2', '--counts', 'Einwohner']);
  assert.equal(unknownColumn.code, 2);
  assert.match(unknownColumn.stderr, /mss2021_indexindikatoren\.csv: has no column "Einwohner"; the columns are PLR_ID, PLR_NAME, BEZ_ID, EW/);

  for (const bad of ['0', 'two', '-1', '1.5']) {
    const badPrefix = await cli([...base, `--by-prefix=${bad}`, '--counts', 'EW']);
    assert.equal(badPrefix.code, 2, bad);
    assert.match(
      badPrefix.stderr,
      new RegExp(
        `--by-prefix must be the number of leading key characters that form the parent key \\(a whole number from 1\\), not "${bad.replace('.', '\\.')}"`,
      ),
    );
    assert.match(badPrefix.stderr, /Run "sozialraum aggregate-up --help" for its options\./);
  }

  const noLevel = await cli([...base, '--counts', 'EW']);
  assert.equal(noLevel.code, 2);
  assert.match(noLevel.stderr, /name the level above: --by-prefix <N>, --parents <file> \(assigned by geometry\) or --mapping <csv>/);

  const badRate = await cli([...base, '--by-prefix', '2', '--rate', 'S1:alo']);
  assert.equal(badRate.code, 2);
  assert.match(badRate.stderr, /--rate "S1:alo" must read RATE=NUMERATOR\/DENOMINATOR/);

  const unknownKey = await cli([...base, '--by-prefix', '2', '--counts', 'EW', '--key-field', 'PLR']);
  assert.equal(unknownKey.code, 2);
  assert.match(unknownKey.stderr, /has no column "PLR"/);
});

test('a rate without numerator and denominator from a spec is left empty without --weight, and is a weighted mean with it', async () => {
  const spec = await writeText(
    temp.file('spec.json'),
    JSON.stringify({
      specVersion: 1,
      id: 's1',
      title: 'S1',
      indicators: [{ column: 'S1', missingValues: [-9999] }],
      standardisation: { method: 'z-score' },
      combination: { method: 'sum' },
      validity: { populationColumn: 'EW' },
      classification: { method: 'quantile', classes: 2 },
    }),
  );
  const base = [
    'aggregate-up',
    '--areas',
    BERLIN_GEOJSON,
    '--id-field',
    'PLR_ID',
    '--by-prefix',
    '2',
    '--values',
    MSS_INDEX,
    '--spec',
    spec,
    '--missing',
    'sum-known',
  ];
  const withheld = await cli([...base, '--out', temp.file('s1-empty.csv')]);
  assert.equal(withheld.code, 1);
  assert.match(withheld.stderr, /column "S1": is a rate without numerator and denominator, and no weight column was given/);
  assert.ok((await readCsvFile(temp.file('s1-empty.csv'))).rows.every((row) => row.S1 === ''));
  const weighted = await cli([...base, '--weight', 'EW', '--out', temp.file('s1-mean.csv')]);
  assert.equal(weighted.code, 1, 'the PLR without EW or S1 are still reported');
  const rows = (await readCsvFile(temp.file('s1-mean.csv'))).rows;
  assert.ok(
    rows.every((row) => Number(row.S1) > 0 && Number(row.S1) < 20),
    JSON.stringify(rows.map((row) => row.S1)),
  );
});

test('index --level 2 computes the index on the 12 Bezirke; --level with a file assigns by geometry', async () => {
  const out = temp.file('bezirke-index.csv');
  const result = await cli(mssStatusIndex(out, '--level', '2', '--weight', 'EW', '--missing', 'sum-known'));
  assert.equal(result.code, 1, result.stderr);
  assert.match(result.stderr, /^level: 542 areas → 12 areas by the first 2 characters of the key$/m);
  assert.match(result.stderr, /mss-2021-status \(Status-Index MSS 2021\): 12 of 12 areas rated/);
  const table = await readCsvFile(out);
  assert.deepEqual(
    table.rows.map((row) => row.id),
    ['01', '02', '03', '04', '05', '06', '07', '08', '09', '10', '11', '12'],
  );
  // Standardised against the 12 Bezirke: the z-values of every indicator have mean 0.
  const z = table.rows.map((row) => Number(row.z_S1));
  assert.ok(Math.abs(z.reduce((sum, value) => sum + value, 0)) < 1e-9);

  const geo = temp.file('bzr-index.geojson');
  const byGeometry = await cli(
    mssStatusIndex(geo, '--level', BZR_GEOJSON, '--level-id-field', 'BZR_ID', '--areas', BERLIN_GEOJSON, '--weight', 'EW', '--missing', 'sum-known'),
  );
  assert.equal(byGeometry.code, 1, byGeometry.stderr);
  const regions = await readJson<GeoJsonFile>(geo);
  assert.equal(regions.features.length, 143);
  assert.ok(regions.features.every((feature) => typeof feature.properties?.BZR_ID === 'string' && 'index' in feature.properties));

  const badLevel = await cli(['index', '--indicators', MSS_INDEX, '--id-field', 'PLR_ID', '--preset', 'mss-2021-status', '--level', '0', '--out', out]);
  assert.equal(badLevel.code, 2);
  assert.match(badLevel.stderr, /--level must be the number of leading key characters/);
  const noAreas = await cli(['index', '--indicators', MSS_INDEX, '--id-field', 'PLR_ID', '--preset', 'mss-2021-status', '--level', BZR_GEOJSON, '--out', out]);
  assert.equal(noAreas.code, 2);
  assert.match(noAreas.stderr, /--level with a file assigns by geometry and needs --areas/);
});

test('aggregate-up --help lists the level options and the exit codes', async () => {
  const help = await cli(['aggregate-up', '--help']);
  assert.equal(help.code, 0);
  for (const option of ['--by-prefix <N>', '--parents <FILE>', '--mapping <CSV>', '--rate <S=NUM/DEN>', '--min-count <N>', '--parents-out <GEOJSON>']) {
    assert.ok(help.stdout.includes(option), option);
  }
  assert.match(help.stdout, /\(may be repeated\)/);
  assert.match((await cli(['--help'])).stdout, /aggregate-up +carry a table of areas up to the level above/);
  assert.match((await cli(['index', '--help'])).stdout, /--level <N\|FILE>/);
});
