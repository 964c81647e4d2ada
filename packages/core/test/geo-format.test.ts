// One test tells the format of a file of features, and loadAreas reports the format it read by it: the command line's
// `info` and `convert` name the format from there instead of testing the bytes a second time.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { geoFileFormat, loadAreas, type GeoFileFormat } from '@sozialraum/core';
import { sampleBytes } from './samples.js';

const gpkgFixture = async (name: string) => new Uint8Array(await readFile(fileURLToPath(new URL(`../../test/fixtures/geopackage/${name}`, import.meta.url))));

test('each format of areas is told by its bytes, and loadAreas reports the one it read', async () => {
  const loose = new Map<string, Uint8Array>();
  for (const part of ['.shp', '.shx', '.dbf', '.prj']) loose.set(`prognoseraeume_alt${part}`, await sampleBytes(`berlin/formats/prognoseraeume_alt${part}`));
  const cases: [string, Uint8Array | { files: Map<string, Uint8Array> }, string, GeoFileFormat, number][] = [
    ['lor_planungsraeume_2021.geojson', await sampleBytes('berlin/lor_planungsraeume_2021.geojson'), 'PLR_ID', 'GeoJSON', 542],
    ['lor_planungsraeume_2021.fgb', await sampleBytes('berlin/lor_planungsraeume_2021.fgb'), 'PLR_ID', 'FlatGeobuf', 542],
    ['moabit_layers.gpkg#moabit_district', await gpkgFixture('moabit_layers.gpkg'), 'ORT', 'GeoPackage', 1],
    ['ortsteile_2014.zip', await sampleBytes('berlin/formats/ortsteile_2014.zip'), 'ORT', 'Shapefile', 96],
    ['prognoseraeume_alt.shp', { files: loose }, 'spatial_na', 'Shapefile', 60],
  ];
  for (const [source, input, idField, format, count] of cases) {
    assert.equal(geoFileFormat(input), format, source);
    const areas = await loadAreas(input, { source, idField });
    assert.equal(areas.format, format, source);
    assert.equal(areas.features.length, count, source);
  }
});

test('bytes of no known format are taken as GeoJSON, whose reader names the problem', async () => {
  const csv = new TextEncoder().encode('PLR_ID;EW\n01100101;1200\n');
  assert.equal(geoFileFormat(csv), 'GeoJSON');
  await assert.rejects(loadAreas(csv, { source: 'ew.csv' }), /ew\.csv: is neither GeoJSON nor FlatGeobuf/);
});
