import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { BERLIN_FGB, BERLIN_GEOJSON, FLENSBURG_GEOJSON, MSS_INDEX, MSS_KONTEXT, SAMPLES, cli, tempDirectory, writeText, type GeoJsonFile } from './helpers.js';

let temp: Awaited<ReturnType<typeof tempDirectory>>;
before(async () => (temp = await tempDirectory()));
after(async () => temp.remove());

/** The value of one "label: value" line of info's output. */
function field(output: string, label: string): string | undefined {
  return new RegExp(`^  ${label}:\\s+(.*)$`, 'm').exec(output)?.[1];
}

test('info on the Berlin GeoJSON prints 542 areas in EPSG:25833 keyed by PLR_ID, with the extent of Berlin in metres', async () => {
  const result = await cli(['info', BERLIN_GEOJSON]);
  assert.equal(result.code, 0, result.stderr);
  assert.equal(result.stderr, '');
  assert.equal(field(result.stdout, 'format'), 'GeoJSON');
  assert.equal(field(result.stdout, 'areas'), '542');
  assert.match(field(result.stdout, 'CRS')!, /^EPSG:25833, ETRS89 \/ UTM zone 33N$/);
  assert.equal(field(result.stdout, 'id field'), 'PLR_ID (guessed)');
  assert.equal(field(result.stdout, 'name field'), 'PLR_NAME (guessed)');
  assert.equal(field(result.stdout, 'properties'), 'PLR_ID, PLR_NAME, BEZ, GROESSE_M2');
  assert.equal(field(result.stdout, 'issues'), 'none');
  const [minX, minY, maxX, maxY] = field(result.stdout, 'extent')!.split(' ').slice(0, 4).map(Number);
  assert.ok(minX! > 369_000 && maxX! < 416_000 && minY! > 5_799_000 && maxY! < 5_838_000, field(result.stdout, 'extent'));
});

test('info tells FlatGeobuf by its bytes and reads the CRS from its header', async () => {
  const result = await cli(['info', BERLIN_FGB, '--id-field', 'PLR_ID']);
  assert.equal(result.code, 0, result.stderr);
  assert.equal(field(result.stdout, 'format'), 'FlatGeobuf');
  assert.equal(field(result.stdout, 'areas'), '542');
  assert.match(field(result.stdout, 'CRS')!, /^EPSG:25833/);
  assert.equal(field(result.stdout, 'id field'), 'PLR_ID');
});

test('info on the Flensburg Stadtteile reads CRS84 as EPSG:4326 and guesses AREA_ID', async () => {
  const result = await cli(['info', 'flensburg/stadtteile.geojson'], SAMPLES);
  assert.equal(result.code, 0, result.stderr);
  assert.equal(field(result.stdout, 'areas'), '13');
  assert.match(field(result.stdout, 'CRS')!, /^EPSG:4326/);
  assert.equal(field(result.stdout, 'id field'), 'AREA_ID (guessed)');
  assert.equal(field(result.stdout, 'name field'), 'AREA_NAME (guessed)');
  assert.match(field(result.stdout, 'extent')!, /^9\.\d+ 54\.\d+ 9\.\d+ 54\.\d+ /);
});

test('info on the MSS context table finds semicolons and decimal commas behind the BOM', async () => {
  const result = await cli(['info', MSS_KONTEXT]);
  assert.equal(result.code, 0, result.stderr);
  assert.equal(field(result.stdout, 'format'), 'CSV');
  assert.equal(field(result.stdout, 'delimiter'), '";" (semicolon)');
  assert.equal(field(result.stdout, 'decimal separator'), '"," (comma)');
  assert.equal(field(result.stdout, 'rows'), '542');
  // The BOM must not stick to the first column name.
  assert.match(field(result.stdout, 'columns')!, /^20: PLR_ID, PLR_NAME, EW, KI_01, /);
});

test('info on the MSS index table finds commas and decimal points', async () => {
  const result = await cli(['info', MSS_INDEX]);
  assert.equal(result.code, 0, result.stderr);
  assert.equal(field(result.stdout, 'delimiter'), '"," (comma)');
  assert.equal(field(result.stdout, 'decimal separator'), '"." (point)');
  assert.equal(field(result.stdout, 'columns'), '10: PLR_ID, PLR_NAME, BEZ_ID, EW, S1, S3, S4, D1, D3, D4');
  assert.equal(field(result.stdout, 'rows'), '542');
});

test('info reads a table by its content when the extension does not say', async () => {
  const path = await writeText(temp.file('export.dat'), 'AREA_ID;einwohner\nSTGT01;3323\nSTGT02;4039\n');
  const result = await cli(['info', path]);
  assert.equal(result.code, 0, result.stderr);
  assert.equal(field(result.stdout, 'format'), 'CSV');
  assert.equal(field(result.stdout, 'rows'), '2');
});

test('info lists a feature without geometry as an issue naming it, and counts it as left out', async () => {
  const flensburg = JSON.parse(await readFile(FLENSBURG_GEOJSON, 'utf8')) as GeoJsonFile;
  flensburg.features[1]!.geometry = null;
  const key = String(flensburg.features[1]!.properties!['AREA_ID']);
  const path = await writeText(temp.file('broken.geojson'), JSON.stringify(flensburg));
  const result = await cli(['info', path]);
  assert.equal(result.code, 0, result.stderr);
  assert.equal(field(result.stdout, 'areas'), '12 (1 feature left out, see issues)');
  assert.equal(field(result.stdout, 'issues'), '1 issue (1 error)');
  assert.ok(result.stdout.includes(`error: ${path}, feature 2, key "${key}": has no geometry`), result.stdout);
});

test('info on coordinates in metres without a named CRS asks for --crs, and --crs makes it readable', async () => {
  const berlin = JSON.parse(await readFile(BERLIN_GEOJSON, 'utf8')) as GeoJsonFile;
  delete berlin.crs;
  const path = await writeText(temp.file('ohne_crs.geojson'), JSON.stringify(berlin));
  const unknown = await cli(['info', path]);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /ohne_crs\.geojson: the file names no coordinate reference system .*declare the CRS/);
  const declared = await cli(['info', path, '--crs', 'EPSG:25833']);
  assert.equal(declared.code, 0, declared.stderr);
  assert.match(field(declared.stdout, 'CRS')!, /^EPSG:25833/);
});

test('info with an unknown id field exits 2 naming the field and listing the fields there are', async () => {
  const result = await cli(['info', BERLIN_GEOJSON, '--id-field', 'PLR_NR']);
  assert.equal(result.code, 2);
  assert.equal(result.stdout, '');
  assert.match(result.stderr, /lor_planungsraeume_2021\.geojson: no feature has the id field "PLR_NR"; the fields are PLR_ID, PLR_NAME, BEZ, GROESSE_M2/);
});

test('info on a missing file exits 2 naming the path as given', async () => {
  const result = await cli(['info', 'berlin/lor_planungsraeume_2030.geojson'], SAMPLES);
  assert.equal(result.code, 2);
  assert.match(result.stderr, /^sozialraum info: berlin\/lor_planungsraeume_2030\.geojson: cannot be read: no such file or directory\n$/);
});
