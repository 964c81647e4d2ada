import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Table } from '@sozialraum/core';
import { BERLIN_GEOJSON, MSS_INDEX, SAMPLES, cli, mssStatusIndex, readCsvFile, readJson, squareAreas, tempDirectory, writeText } from './helpers.js';

const BERLIN_OLD = join(SAMPLES, 'berlin/lor_planungsraeume_pre2021.geojson');
const GRID_CSV = join(SAMPLES, 'berlin/zensus2011_einwohner_100m.csv');
const MSS_EW_TOTAL = 3_769_962; // the EW column of the MSS table; Pankower Tor has none

let temp: Awaited<ReturnType<typeof tempDirectory>>;
before(async () => (temp = await tempDirectory()));
after(async () => temp.remove());

const BERLIN_NEW_TO_OLD = ['--from', BERLIN_GEOJSON, '--from-id', 'PLR_ID', '--to', BERLIN_OLD, '--to-id', 'PLR_ID', '--values', MSS_INDEX];

async function crosswalk(args: string[], name: string): Promise<{ code: number; stderr: string; table: Table }> {
  const out = temp.file(name);
  const result = await cli(['crosswalk', ...args, '--out', out]);
  assert.equal(result.stdout, '');
  return { code: result.code, stderr: result.stderr, table: await readCsvFile(out) };
}

const total = (table: Table, column: string) => table.rows.reduce((sum, row) => sum + (row[column] === '' ? 0 : Number(row[column])), 0);

let byArea: Table;

test('Berlin: EW of the 542 new Planungsräume carried onto the old ones by area keeps the city total and reports what it could not carry', async () => {
  const { code, stderr, table } = await crosswalk([...BERLIN_NEW_TO_OLD, '--columns', 'EW'], 'old.csv');
  byArea = table;
  assert.equal(code, 1, stderr); // warnings: a repeated key in the old areas, Pankower Tor without EW
  assert.deepEqual(table.columns, ['id', 'EW', 'split_share']);
  assert.equal(table.rows.length, 447);
  assert.ok(
    table.rows.some((row) => row.id === '01011101'),
    'keys keep their leading zeros',
  );
  assert.ok(Math.abs(total(table, 'EW') / MSS_EW_TOTAL - 1) < 1e-6, `${total(table, 'EW')}`);
  assert.ok(table.rows.every((row) => Number(row.split_share) >= 0 && Number(row.split_share) <= 1));
  assert.match(stderr, /^542 areas of .*lor_planungsraeume_2021\.geojson onto 447 areas of .*pre2021\.geojson, split by area$/m);
  assert.match(stderr, /^EW: 3,769,962 in .*, 3,769,962 carried$/m);
  assert.match(stderr, /lie partly outside every area of .*pre2021\.geojson \(largest: "\d{8}" 0\.\d+ %/);
  assert.match(stderr, /mss2021_indexindikatoren\.csv, column "EW": 1 source areas have no value, so they carry nothing \(as if 0\): "03400831"/);
  assert.match(stderr, /feature 205, key "06010102": repeats the key of feature 124/);
  assert.match(stderr, /wrote .*old\.csv: 447 areas, CSV/);
});

test('Berlin: with the Zensus grid the split follows the residents, and a rate is divided after carrying', async () => {
  const { code, stderr, table } = await crosswalk(
    [...BERLIN_NEW_TO_OLD, '--columns', 'EW', '--rate', 'ew_per_bez=EW/BEZ_ID', '--grid', GRID_CSV, '--value', 'Einwohner'],
    'grid.csv',
  );
  assert.equal(code, 1, stderr);
  assert.deepEqual(table.columns, ['id', 'EW', 'BEZ_ID', 'ew_per_bez', 'split_share']);
  assert.ok(Math.abs(total(table, 'EW') / MSS_EW_TOTAL - 1) < 1e-6);
  for (const row of table.rows.slice(0, 50)) {
    assert.ok(Math.abs(Number(row.ew_per_bez) - Number(row.EW) / Number(row.BEZ_ID)) < 1e-4 * Number(row.ew_per_bez), row.id);
  }
  assert.match(stderr, /split by the residents of .*zensus2011_einwohner_100m\.csv \(column Einwohner\)/);
  const differ = table.rows.filter((row, index) => Math.abs(Number(row.EW) - Number(byArea.rows[index]!.EW)) > 1).length;
  assert.ok(differ > 100, `residents and area split ${differ} old Planungsräume differently`);
});

test('a fixture carried onto itself returns every value unchanged, to stdout without --out', async () => {
  const areas = await writeText(temp.file('squares.geojson'), squareAreas(['01', '02'], { x: 390000, size: 100, crs: 'EPSG:25833' }));
  const values = await writeText(temp.file('squares.csv'), 'id;EW;ALG\n01;1000;50\n02;-9999;7\n');
  const result = await cli(['crosswalk', '--from', areas, '--to', areas, '--values', values, '--missing-values=-9999', '--rate', 'quote=ALG/EW*100']);
  assert.equal(result.code, 1, result.stderr);
  // Without --columns every numeric column is carried; the split share is of EW, which 02 lacks.
  assert.equal(result.stdout, 'id,EW,ALG,quote,split_share\r\n01,1000,50,5,0\r\n02,,7,,\r\n');
  assert.match(result.stderr, /squares\.csv, column "EW": 1 source areas have no value, so they carry nothing \(as if 0\): "02"/);
});

test('bad input ends with exit code 2 and a message naming the file, the column or the option', async () => {
  const missingColumn = await cli(['crosswalk', ...BERLIN_NEW_TO_OLD, '--columns', 'EW,XYZ']);
  assert.equal(missingColumn.code, 2);
  assert.match(missingColumn.stderr, /^sozialraum crosswalk: .*mss2021_indexindikatoren\.csv: has no column "XYZ"; the columns are PLR_ID, PLR_NAME/m);

  const wrongKey = await cli(['crosswalk', ...BERLIN_NEW_TO_OLD, '--key-field', 'PLR_NAME', '--columns', 'EW']);
  assert.equal(wrongKey.code, 2);
  assert.match(wrongKey.stderr, /mss2021_indexindikatoren\.csv, column "PLR_NAME": no key in column "PLR_NAME" matches an area/);

  const badRate = await cli(['crosswalk', ...BERLIN_NEW_TO_OLD, '--rate', 'quote=EW']);
  assert.equal(badRate.code, 2);
  assert.match(badRate.stderr, /--rate must read NAME=NUMERATOR\/DENOMINATOR, optionally \*100, e\.g\. sgb2_quote=sgb2\/ew\*100; not "quote=EW"/);

  const noValue = await cli(['crosswalk', ...BERLIN_NEW_TO_OLD, '--grid', GRID_CSV]);
  assert.equal(noValue.code, 2);
  assert.match(noValue.stderr, /--grid needs --value/);

  const notAreas = await writeText(temp.file('areas.csv'), 'a,b\n1,2\n');
  const wrongFile = await cli(['crosswalk', '--from', notAreas, '--to', BERLIN_OLD, '--values', MSS_INDEX]);
  assert.equal(wrongFile.code, 2);
  assert.match(wrongFile.stderr, /areas\.csv: is neither GeoJSON nor FlatGeobuf/);

  const missingOption = await cli(['crosswalk', '--from', BERLIN_GEOJSON, '--values', MSS_INDEX]);
  assert.equal(missingOption.code, 2);
  assert.match(missingOption.stderr, /--to is required/);
});

test("index: --save-reference writes the base year's reference and --reference reads it back, as JSON or as the base table", async () => {
  const reference = temp.file('ref.json');
  const base = await cli(mssStatusIndex(temp.file('base.csv'), '--save-reference', reference));
  assert.equal(base.code, 0, base.stderr);
  assert.match(base.stderr, /wrote .*ref\.json: the reference of .*mss2021_indexindikatoren\.csv \(z-score\)/);
  const saved = await readJson<{ referenceVersion: number; spec: string; fixed: Record<string, { mean: number; sd: number }>; indexReference: unknown }>(
    reference,
  );
  assert.equal(saved.referenceVersion, 1);
  assert.equal(saved.spec, 'mss-2021-status');
  assert.deepEqual(Object.keys(saved.fixed), ['S1', 'S3', 'S4']);
  assert.ok(saved.indexReference);
  const fromJson = await cli(mssStatusIndex(temp.file('json.csv'), '--reference', reference));
  const fromTable = await cli(mssStatusIndex(temp.file('table.csv'), '--reference', MSS_INDEX));
  assert.equal(fromJson.code, 0, fromJson.stderr);
  assert.equal(fromTable.code, 0, fromTable.stderr);
  const classes = async (name: string) => (await readCsvFile(temp.file(name))).rows.map((row) => row.class);
  assert.deepEqual(await classes('json.csv'), await classes('base.csv'));
  assert.deepEqual(await classes('table.csv'), await classes('base.csv'));

  const broken = await writeText(temp.file('broken.json'), '{"fixed": {"S1": {"mean": 1, "sd": 0}}}');
  const bad = await cli(mssStatusIndex(temp.file('bad.csv'), '--reference', broken));
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /broken\.json.*standardisation\.reference\.fixed\.S1\.sd must be a number above 0/s);
  const both = await cli(mssStatusIndex(temp.file('x.csv'), '--reference', reference, '--reference-table', MSS_INDEX));
  assert.equal(both.code, 2);
  assert.match(both.stderr, /give --reference or --reference-table, not both/);
});
