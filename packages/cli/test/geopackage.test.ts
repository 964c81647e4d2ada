// GeoPackage on the command line: info lists the layers, convert writes and reads .gpkg, aggregate takes a layer.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFile, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { listGeoPackageLayers } from '@sozialraum/core';
import { BERLIN_GEOJSON, cli, readJson, tempDirectory, type GeoJsonFile } from './helpers.js';

/** Three vector layers and an attribute table, made with GDAL from the Moabit GeoPackages (see the README there). */
const LAYERS = fileURLToPath(new URL('../../../core/test/fixtures/geopackage/moabit_layers.gpkg', import.meta.url));

let temp: Awaited<ReturnType<typeof tempDirectory>>;
before(async () => (temp = await tempDirectory()));
after(async () => temp.remove());

test('info lists the vector layers of a GeoPackage with type, count, CRS and fields, and the areas of the chosen one', async () => {
  const listed = await cli(['info', LAYERS]);
  assert.equal(listed.code, 0, listed.stderr);
  assert.equal(
    listed.stdout,
    `${LAYERS}\n  format: GeoPackage\n  3 vector layers (choose one with --layer or "file.gpkg#layer")\n` +
      '  moabit_district: MULTIPOLYGON, 1 feature, EPSG:4326; fields: ORT, Ortsteilna, Beznr, Bezname\n' +
      '  moabit_water: GEOMETRY, 11 features, EPSG:4326; fields: osm_id, code, fclass, name\n' +
      '  landuse_points: POINT, 58 features, EPSG:4326; fields: osm_id, fclass, name\n',
  );
  assert.doesNotMatch(listed.stdout + listed.stderr, /CSV/);
  const chosen = await cli(['info', LAYERS, '--layer', 'moabit_water', '--id-field', 'osm_id']);
  assert.equal(chosen.code, 0, chosen.stderr);
  assert.match(chosen.stdout, /format: +GeoPackage\n {2}areas: +11\n {2}CRS: +EPSG:4326/);
  assert.match(chosen.stdout, /id field: +osm_id\n/);
  const points = await cli(['info', `${LAYERS}#landuse_points`]);
  assert.equal(points.code, 0, points.stderr);
  assert.match(points.stdout, /\n {2}landuse_points: points, for aggregate --points\n$/);
});

test('a GeoPackage with several layers and none chosen is refused with the layers listed', async () => {
  const result = await cli(['validate', '--areas', LAYERS]);
  assert.equal(result.code, 2);
  assert.match(
    result.stderr,
    /moabit_layers\.gpkg: holds 3 vector layers and none was chosen: "moabit_district" \(MULTIPOLYGON, 1\), "moabit_water" \(GEOMETRY, 11\), "landuse_points" \(POINT, 58\)/,
  );
});

test('convert writes the 542 Planungsräume as a GeoPackage in EPSG:25833 and reads them back unchanged', async () => {
  // A file written this way was checked once by hand with GDAL: `ogrinfo -so lor.gpkg lor` gives Multi Polygon,
  // 542 features, "ETRS89 / UTM zone 33N" and the String fields, without warnings.
  const gpkg = temp.file('lor.gpkg');
  const written = await cli(['convert', BERLIN_GEOJSON, gpkg]);
  assert.equal(written.code, 0, written.stderr);
  assert.equal(written.stdout, `${gpkg}: 542 areas, GeoPackage, EPSG:25833\n`);
  const [layer] = await listGeoPackageLayers(new Uint8Array(await readFile(gpkg)), { source: gpkg });
  assert.deepEqual([layer!.name, layer!.count, layer!.crs], ['lor', 542, 'EPSG:25833']);

  const back = temp.file('lor.geojson');
  const read = await cli(['convert', gpkg, back]);
  assert.equal(read.code, 0, read.stderr);
  const original = await readJson<GeoJsonFile>(BERLIN_GEOJSON);
  const roundTrip = await readJson<GeoJsonFile>(back);
  assert.equal(roundTrip.features.length, 542);
  roundTrip.features.forEach((feature, index) => {
    assert.deepEqual(feature.properties, original.features[index]!.properties);
    assert.deepEqual(feature.geometry, original.features[index]!.geometry);
  });
});

test('aggregate counts the points of one GeoPackage layer onto the areas of another (--layer and "#layer")', async () => {
  const result = await cli(['aggregate', '--areas', LAYERS, '--layer', 'moabit_district', '--id-field', 'ORT', '--points', `${LAYERS}#landuse_points`]);
  assert.equal(result.code, 0, result.stderr);
  // The 58 points are ST_PointOnSurface of Moabit's land-use polygons, so all of them lie in Moabit.
  assert.equal(result.stdout.split(/\r?\n/)[1], '0102,58,,input public');
  assert.match(result.stderr, /every point lies in an area/);
});

test('a GeoPackage named with "#layer" is still the same file: convert refuses to write over its input', async () => {
  const copy = temp.file('copy.gpkg');
  await copyFile(LAYERS, copy);
  const result = await cli(['convert', `${copy}#moabit_district`, copy, '--id-field', 'ORT']);
  assert.equal(result.code, 2);
  assert.match(result.stderr, /the input would be overwritten by the output/);
  assert.deepEqual(await readFile(copy), await readFile(LAYERS));
});
