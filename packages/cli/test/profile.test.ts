import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import type { FeatureCollection } from 'geojson';
import { join } from 'node:path';
import { parseCsv, writeGeoPackage } from '@sozialraum/core';
import { writeShapefileZip } from '@sozialraum/core/shapefile';
import { BERLIN_GEOJSON, MSS_INDEX, SAMPLES, cli, tempDirectory } from './helpers.js';

let temp: Awaited<ReturnType<typeof tempDirectory>>;
before(async () => {
  temp = await tempDirectory();
});
after(async () => temp.remove());

const KITAS = join(SAMPLES, 'berlin/facilities/kitas.geojson');
const profile = (out: string, ...more: string[]) => [
  'profile',
  ...['--areas', BERLIN_GEOJSON, '--id-field', 'PLR_ID', '--name-field', 'PLR_NAME', '--indicators', MSS_INDEX, '--preset', 'mss-2021-status'],
  ...['--facilities', KITAS, '--out', out, ...more],
];

test('profile: Stülerstraße against the city, in German with semicolons and decimal commas, its Kitas counted', async () => {
  const out = temp.file('profil.csv');
  const result = await cli(profile(out, '--area', '01100101'));
  assert.equal(result.code, 0, result.stderr);
  const table = parseCsv(await readFile(out, 'utf8'), { source: out });
  assert.equal(table.delimiter, ';');
  assert.deepEqual(table.columns.slice(0, 5), ['Gebiet', 'Schlüssel', 'Bereich', 'Merkmal', 'Wert']);
  assert.ok(table.rows.every((row) => row['Gebiet'] === 'Stülerstraße' && row['Schlüssel'] === '01100101'));
  // The residents as the MSS table gives them, and the unemployment rate with the city value beside it.
  assert.equal(table.rows.find((row) => row['Merkmal'] === 'EW')!['Wert'], '3419');
  const unemployment = table.rows.find((row) => row['Merkmal'] === 'Arbeitslosigkeit')!;
  assert.equal(unemployment['Wert'], '4,226');
  assert.equal(unemployment['von'], '536');
  assert.match(table.rows.map((row) => row['Merkmal']).join('\n'), /Kitas?.*im Gebiet|im Gebiet/);
});

test('profile: an unknown area key is named with the file, and nothing is written', async () => {
  const out = temp.file('none.csv');
  const result = await cli(profile(out, '--area', '99999999'));
  assert.notEqual(result.code, 0);
  assert.match(result.stderr, /lor_planungsraeume_2021\.geojson.*99999999/);
  await assert.rejects(readFile(out, 'utf8'));
});

test('profile: facilities from a GeoPackage layer or a zipped Shapefile count as from the GeoJSON they were written from', async () => {
  const kitas = JSON.parse(await readFile(KITAS, 'utf8')) as FeatureCollection;
  await writeFile(temp.file('kitas.gpkg'), await writeGeoPackage(kitas, 'EPSG:25833', { layer: 'kitas' }));
  await writeFile(temp.file('kitas.shp.zip'), writeShapefileZip(kitas, { crs: 'EPSG:25833', name: 'kitas' }).bytes);
  const expected = temp.file('from-geojson.csv');
  assert.equal((await cli(profile(expected, '--area', '01100101'))).code, 0);
  const counts = async (path: string) => (await readFile(path, 'utf8')).split('\n').filter((line) => /Kita/.test(line));
  assert.ok((await counts(expected)).length > 0, 'the GeoJSON profile lists Kitas');
  for (const [file, name] of [
    [`${temp.file('kitas.gpkg')}#kitas`, 'gpkg.csv'],
    [temp.file('kitas.shp.zip'), 'shp.csv'],
  ] as const) {
    const out = temp.file(name);
    const args = profile(out, '--area', '01100101');
    args[args.indexOf(KITAS)] = file;
    const result = await cli(args);
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(await counts(out), await counts(expected), file);
  }
});
