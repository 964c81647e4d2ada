// `sozialraum propose` and `sozialraum score` on the 6 × 6 city with a railway (core's test/fixtures/workbench/).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFile, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { FeatureCollection, Polygon } from 'geojson';
import { cli, readCsvFile, readJson, tempDirectory } from './helpers.js';

const ROOT = fileURLToPath(new URL('../../../core/test/fixtures/workbench/', import.meta.url));
const GRID = ['--grid', `${ROOT}city-grid.csv`];
const CITY = ['--within', `${ROOT}city.geojson`, '--within-id', 'BEZ'];
const RAILWAYS = ['--barriers', `${ROOT}railways.geojson`];
const RULES = ['--min', '500', '--target', '900', '--max', '1300'];

let temp: Awaited<ReturnType<typeof tempDirectory>>;
before(async () => (temp = await tempDirectory()));
after(async () => temp.remove());

test('propose: four areas of 900 residents along the railway, with a report per area and the areas as GeoJSON', async () => {
  const out = temp.file('vorschlag.geojson');
  const unitsOut = temp.file('units.csv');
  const result = await cli([
    'propose',
    ...GRID,
    ...CITY,
    ...RULES,
    ...RAILWAYS,
    '--reference',
    `${ROOT}ortsteile.geojson`,
    '--reference-id',
    'OT',
    '--out',
    out,
    '--units-out',
    unitsOut,
  ]);
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stderr, /^propose: 36 units in 1 territory area, 3,600 residents$/m);
  assert.match(result.stderr, /^propose: 4 areas, \d+ unit moves in \d+ passes, seed 1; 0 outside the bounds 500 to 1300$/m);
  assert.match(result.stderr, /^barriers: © OpenStreetMap contributors$/m);
  const lines = result.stdout.trim().split(/\r?\n/);
  assert.equal(lines[0], 'area,within,units,residents,deviation,beyond_barrier,minimum,maximum,contiguous,barrier,whole_ortsteile,why');
  assert.deepEqual(
    lines.slice(1).map((line) => line.split(',').slice(0, 10).join(',')),
    ['city-01', 'city-02', 'city-03', 'city-04'].map((key) => `${key},city,9,900,0,0,yes,yes,yes,yes`),
  );
  const areas = await readJson<FeatureCollection<Polygon>>(out);
  assert.equal(areas.features.length, 4);
  assert.deepEqual((areas as unknown as { crs: unknown }).crs, { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::3035' } });
  for (const feature of areas.features) {
    assert.equal(feature.geometry.type, 'Polygon');
    assert.equal(feature.properties!['residents'], 900);
    assert.equal(feature.properties!['missed'], '');
  }
  const units = await readCsvFile(unitsOut);
  assert.equal(units.rows.length, 36);
  assert.deepEqual(new Set(units.rows.map((row) => row['area'])), new Set(['city-01', 'city-02', 'city-03', 'city-04']));
});

test('score: the official-style halves beside the proposal, one column per plan', async () => {
  const proposal = temp.file('plan.geojson');
  await cli(['propose', ...GRID, ...CITY, ...RULES, ...RAILWAYS, '--out', proposal]);
  const table = temp.file('compare.csv');
  const areasOut = temp.file('areas.csv');
  const result = await cli([
    'score',
    '--plan',
    `${ROOT}city.geojson`,
    '--plan-id',
    'BEZ',
    '--plan-name',
    'Stadt',
    '--plan',
    proposal,
    '--plan-name',
    'Vorschlag',
    ...GRID,
    ...RULES,
    ...RAILWAYS,
    '--reference',
    `${ROOT}ortsteile.geojson`,
    '--reference-id',
    'OT',
    '--out',
    table,
    '--areas-out',
    areasOut,
  ]);
  assert.equal(result.code, 0, result.stderr);
  const compare = await readCsvFile(table);
  assert.deepEqual(compare.columns, ['metric', 'Stadt', 'Vorschlag']);
  const metric = (name: string) => {
    const row = compare.rows.find((entry) => entry['metric'] === name);
    return [row?.['Stadt'], row?.['Vorschlag']];
  };
  assert.deepEqual(metric('areas'), ['1', '4']);
  assert.deepEqual(metric('residents'), ['3600', '3600']);
  assert.deepEqual(metric('cv_residents'), ['0', '0']);
  assert.deepEqual(metric('above_maximum'), ['1', '0']);
  assert.deepEqual(metric('mean_polsby_popper'), ['0.785', '0.785']);
  assert.deepEqual(metric('mean_reock'), ['0.637', '0.637']);
  assert.deepEqual(metric('barrier_inside_m'), ['500', '0']);
  assert.deepEqual(metric('ortsteile_split'), ['0', '0']);
  assert.deepEqual(metric('ortsteile_mean_largest_share'), ['1', '0.5']);
  const areas = await readCsvFile(areasOut);
  assert.equal(areas.rows.length, 5);
  assert.deepEqual(areas.columns, ['plan', 'area', 'residents', 'deviation', 'area_m2', 'polsby_popper', 'reock', 'railway_inside_m', 'waterway_inside_m']);
});

test('bad input: the rule, the territory or the option named, exit code 2, no stack trace', async () => {
  const low = await cli(['propose', ...GRID, ...CITY, '--min', '1000', '--target', '800', '--max', '1300']);
  assert.equal(low.code, 2);
  assert.match(low.stderr, /^sozialraum propose: proposal rules: the target of 800 residents lies outside the bounds 1000 to 1300$/m);
  const few = await cli(['propose', ...GRID, ...CITY, '--min', '5000', '--target', '6000', '--max', '9000']);
  assert.equal(few.code, 2);
  assert.match(few.stderr, /key "city": territory area "city" has 3600 residents, fewer than the minimum of 5000 for one area/);
  const unknown = await cli(['propose', ...GRID, ...CITY, '--select', 'Mitte']);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /--select: "Mitte" is no key of .*city\.geojson \(field BEZ\)/);
  const noPlan = await cli(['score', ...GRID]);
  assert.equal(noPlan.code, 2);
  assert.match(noPlan.stderr, /--plan is required/);
  for (const failed of [low, few, unknown, noPlan]) assert.doesNotMatch(failed.stderr, /\n\s+at /);
});

// ---------------------------------------------------------------------------------------------------------------
// Attacks on `score`: names that are formulas or books, outputs onto inputs, numbers that are not numbers.

const PLAN = ['--plan', `${ROOT}city.geojson`, '--plan-id', 'BEZ'];

test('score: a plan name that is a spreadsheet formula with commas is one name, written as text in every CSV, never as a formula', async () => {
  const formula = '=HYPERLINK("http://example.org/?a,b","Klick")';
  const out = temp.file('formula.csv');
  const areasOut = temp.file('formula-areas.csv');
  const result = await cli(['score', ...PLAN, '--plan-name', formula, ...GRID, '--out', out, '--areas-out', areasOut]);
  assert.equal(result.code, 0, result.stderr);
  const guarded = `"'=HYPERLINK(""http://example.org/?a,b"",""Klick"")"`;
  assert.equal((await readFile(out, 'utf8')).split('\r\n')[0], `metric,${guarded}`);
  assert.equal((await readFile(areasOut, 'utf8')).split('\r\n')[1], `${guarded},city,3600,-0.28,360000,0.785,0.637,,`);
  const compare = await readCsvFile(out);
  assert.deepEqual(compare.columns, ['metric', `'${formula}`]);
});

test('score: a plan name of 100,000 characters heads its column whole, and the terminal gets one short line', async () => {
  const name = 'Vorschlag'.repeat(11_112).slice(0, 100_000);
  const out = temp.file('long.csv');
  const result = await cli(['score', ...PLAN, '--plan-name', name, ...GRID, '--out', out]);
  assert.equal(result.code, 0, result.stderr);
  assert.deepEqual((await readCsvFile(out)).columns, ['metric', name]);
  assert.equal(result.stderr.trim(), `score: ${name.slice(0, 39)}…: 1 area`);
});

test('score: an output onto an input (the grid, a plan) is refused before anything is written, and the input stays', async () => {
  const grid = temp.file('own-grid.csv');
  const plan = temp.file('own-plan.geojson');
  await copyFile(`${ROOT}city-grid.csv`, grid);
  await copyFile(`${ROOT}city.geojson`, plan);
  const before = [await readFile(grid, 'utf8'), await readFile(plan, 'utf8')];
  const onGrid = await cli(['score', '--plan', plan, '--plan-id', 'BEZ', '--grid', grid, '--out', grid]);
  assert.equal(onGrid.code, 2);
  assert.match(onGrid.stderr, /--grid and --out name the same file \(".*own-grid\.csv"\)/);
  const onPlan = await cli(['score', '--plan', plan, '--plan-id', 'BEZ', '--grid', grid, '--areas-out', plan]);
  assert.equal(onPlan.code, 2);
  assert.match(onPlan.stderr, /--plan and --areas-out name the same file/);
  assert.deepEqual([await readFile(grid, 'utf8'), await readFile(plan, 'utf8')], before);
});

test('score: Infinity, NaN and numbers beyond a double in --target, --min and --max are refused by name, exit code 2', async () => {
  for (const [option, text, expected] of [
    ['target', 'Infinity', /--target must be a number of 1 or more, not "Infinity"/],
    ['target', 'NaN', /--target must be a number of 1 or more, not "NaN"/],
    ['min', '-Infinity', /--min must be a number of 1 or more, not "-Infinity"/],
    ['max', '1e309', /--max: "1e309" is too large to be a number/],
    ['target', '0', /--target must be a number of 1 or more, not "0"/],
  ] as const) {
    const result = await cli(['score', ...PLAN, ...GRID, `--${option}=${text}`]);
    assert.equal(result.code, 2, `${option} ${text}`);
    assert.match(result.stderr, expected);
    assert.doesNotMatch(result.stderr, /\n\s+at /);
    assert.equal(result.stdout, '', 'no table is written');
  }
});
