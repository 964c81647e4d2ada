// GeoPackage reading and writing, checked against GDAL: the fixtures in test/fixtures/geopackage/ were converted once
// with ogr2ogr (see the README there), and the reader must give the same geometry (within 1 cm) and attributes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { FeatureCollection, Geometry, Position } from 'geojson';
import initSqlJs from 'sql.js';
import {
  SozialraumError,
  aggregatePoints,
  decodeGeoPackageGeometry,
  encodeGeoPackageGeometry,
  listGeoPackageLayers,
  loadAreas,
  readGeoPackage,
  reprojectCollection,
  writeGeoPackage,
} from '@sozialraum/core';

const ROOT = fileURLToPath(new URL('../../test/fixtures/geopackage/', import.meta.url));
const LAYERS = 'moabit_layers.gpkg';
const bytesOf = (name: string) => new Uint8Array(readFileSync(ROOT + name));
const gdal = (name: string) => JSON.parse(readFileSync(ROOT + name, 'utf8')) as FeatureCollection;
const isError = (code: string, pattern: RegExp) => (error: unknown) => error instanceof SozialraumError && error.code === code && pattern.test(error.message);

/** Every position of a geometry, in order. */
function positions(geometry: Geometry | null): Position[] {
  if (!geometry) return [];
  if (geometry.type === 'GeometryCollection') return geometry.geometries.flatMap(positions);
  const walk = (value: unknown): Position[] => (typeof (value as unknown[])[0] === 'number' ? [value as Position] : (value as unknown[]).flatMap(walk));
  return walk(geometry.coordinates);
}

/** Largest distance in metres between matching positions, for longitude/latitude near Berlin. */
function largestShift(a: Geometry | null, b: Geometry | null): number {
  const left = positions(a);
  const right = positions(b);
  assert.equal(left.length, right.length, 'same number of positions');
  let largest = 0;
  left.forEach(([x, y], index) => {
    const [u, v] = right[index]!;
    const dx = (x! - u!) * 111_320 * Math.cos((y! * Math.PI) / 180);
    const dy = (y! - v!) * 110_574;
    largest = Math.max(largest, Math.hypot(dx, dy));
  });
  return largest;
}

function assertSameAsGdal(read: FeatureCollection, fixture: FeatureCollection): void {
  assert.equal(read.features.length, fixture.features.length);
  read.features.forEach((feature, index) => {
    const expected = fixture.features[index]!;
    assert.deepEqual(feature.properties, expected.properties, `attributes of feature ${index + 1}`);
    assert.equal(feature.geometry.type, expected.geometry.type, `geometry type of feature ${index + 1}`);
    assert.ok(largestShift(feature.geometry, expected.geometry) < 0.01, `feature ${index + 1} within 1 cm of GDAL's`);
  });
}

test('the Moabit outline and water layers read as GDAL reads them: same attributes, coordinates within 1 cm', async () => {
  for (const layer of ['moabit_district', 'moabit_water']) {
    const { collection, crs } = await readGeoPackage(bytesOf(LAYERS), { source: LAYERS, layer });
    assert.equal(crs, 'EPSG:4326');
    assertSameAsGdal(collection, gdal(`${layer}.geojson`));
  }
});

test('areas load from a GeoPackage layer chosen by option or by "#layer", with the key of the layer', async () => {
  const district = await loadAreas(bytesOf(LAYERS), { source: LAYERS, layer: 'moabit_district', idField: 'ORT' });
  assert.deepEqual(district.ids, ['0102']);
  assert.equal(district.crs, 'EPSG:4326');
  assert.equal(district.features[0]!.properties!.Ortsteilna, 'Moabit');
  const water = await loadAreas(bytesOf(LAYERS), { source: `${LAYERS}#moabit_water`, idField: 'osm_id' });
  assert.equal(water.features.length, 11);
  assert.ok(water.ids.includes('4778261'));
});

test('3D points read in 2D as GDAL gives them, and count onto the Moabit outline', async () => {
  const { collection } = await readGeoPackage(bytesOf(LAYERS), { source: `${LAYERS}#landuse_points` });
  const fixture = gdal('landuse_points.geojson');
  // GDAL's GeoJSON keeps the Z of 0; the toolkit works in the plane.
  for (const feature of fixture.features) (feature.geometry as { coordinates: Position }).coordinates.length = 2;
  assertSameAsGdal(collection, fixture);
  const district = await loadAreas(bytesOf(LAYERS), { source: LAYERS, layer: 'moabit_district', idField: 'ORT' });
  const counted = aggregatePoints(district, collection, { source: LAYERS });
  // ST_PointOnSurface of Moabit's parks, schools and playgrounds: all inside Moabit by construction.
  assert.equal(counted.total.count, fixture.features.length);
  assert.equal(counted.outside.count, 0);
});

test('the layers are listed with geometry type, count, CRS and fields; attribute tables are no vector layers', async () => {
  const layers = await listGeoPackageLayers(bytesOf(LAYERS), { source: LAYERS });
  assert.deepEqual(
    layers.map(({ name, geometryType, count, crs }) => [name, geometryType, count, crs]),
    [
      ['moabit_district', 'MULTIPOLYGON', 1, 'EPSG:4326'],
      ['moabit_water', 'GEOMETRY', 11, 'EPSG:4326'],
      ['landuse_points', 'POINT', 58, 'EPSG:4326'],
    ],
  );
  assert.deepEqual(layers[0]!.fields, ['ORT', 'Ortsteilna', 'Beznr', 'Bezname']);
});

test('a GeoPackage written by the toolkit reads back equal, in its CRS, with the GeoPackage header values', async () => {
  // The written file was checked once by hand with GDAL 3.x: `ogrinfo -al` lists the layer as Multi Polygon in
  // "ETRS89 / UTM zone 33N" with the four String fields and reports no warning.
  const district = await loadAreas(bytesOf(LAYERS), { source: LAYERS, layer: 'moabit_district', idField: 'ORT' });
  const water = (await readGeoPackage(bytesOf(LAYERS), { source: LAYERS, layer: 'moabit_water' })).collection;
  const features = [...district.features, ...water.features.map((feature) => ({ ...feature, properties: { ...feature.properties, share: 0.5, open: true } }))];
  const utm = reprojectCollection<FeatureCollection>({ type: 'FeatureCollection', features }, 'EPSG:4326', 'EPSG:25833');
  const written = await writeGeoPackage(utm, 'EPSG:25833', { layer: 'moabit' });
  const header = new DataView(written.buffer, written.byteOffset);
  assert.equal(header.getUint32(68), 0x47504b47, 'application_id "GPKG"');
  assert.equal(header.getUint32(60), 10300, 'user_version 10300');
  const back = await readGeoPackage(written, { source: 'moabit.gpkg' });
  assert.equal(back.crs, 'EPSG:25833');
  assert.equal(back.layer.geometryType, 'GEOMETRY');
  assert.equal(back.collection.features.length, 12);
  back.collection.features.forEach((feature, index) => {
    const expected = utm.features[index]!;
    assert.deepEqual(feature.geometry, expected.geometry);
    const properties = {
      ORT: null,
      Ortsteilna: null,
      Beznr: null,
      Bezname: null,
      osm_id: null,
      code: null,
      fclass: null,
      name: null,
      share: null,
      open: null,
      ...expected.properties,
    };
    assert.deepEqual(feature.properties, properties);
  });
});

test('WKB in big endian, with Z and M, and in the extended (EWKB-style) codes decodes to the 2D geometry', () => {
  // A GeoPackage header in big endian with no envelope, then an ISO MultiPolygon ZM (3006) in big endian holding one
  // polygon ZM (3003) of one ring of four positions.
  const ring = [
    [0, 0, 5, 9],
    [10, 0, 5, 9],
    [10, 10, 5, 9],
    [0, 0, 5, 9],
  ];
  const parts: number[] = [0x47, 0x50, 0, 0x00, 0, 0, 0x10, 0xe9];
  const view = new DataView(new ArrayBuffer(8));
  const u32 = (value: number) => (view.setUint32(0, value, false), parts.push(...new Uint8Array(view.buffer, 0, 4)));
  const f64 = (value: number) => (view.setFloat64(0, value, false), parts.push(...new Uint8Array(view.buffer, 0, 8)));
  parts.push(0);
  u32(3006);
  u32(1);
  parts.push(0);
  u32(3003);
  u32(1);
  u32(4);
  ring.flat().forEach(f64);
  assert.deepEqual(decodeGeoPackageGeometry(new Uint8Array(parts)), { type: 'MultiPolygon', coordinates: [[ring.map(([x, y]) => [x, y])]] });
  // A point with the extended Z flag, little endian, after an xy envelope.
  const point = encodeGeoPackageGeometry({ type: 'Point', coordinates: [1, 2] }, 4326);
  const withZ = new Uint8Array(point.length + 8);
  withZ.set(point);
  new DataView(withZ.buffer).setUint32(41, 0x80000001, true);
  new DataView(withZ.buffer).setFloat64(point.length, 7, true);
  assert.deepEqual(decodeGeoPackageGeometry(withZ), { type: 'Point', coordinates: [1, 2] });
  assert.equal(decodeGeoPackageGeometry(encodeGeoPackageGeometry(null, 4326)), null);
});

async function edited(sql: string): Promise<Uint8Array> {
  const SQL = await initSqlJs();
  const db = new SQL.Database(bytesOf(LAYERS));
  // GDAL's triggers keep the spatial index in step through functions (ST_IsEmpty, …) that only GDAL defines.
  const triggers = db.exec("SELECT name FROM sqlite_master WHERE type = 'trigger'")[0]?.values ?? [];
  for (const [name] of triggers) db.run(`DROP TRIGGER "${String(name)}"`);
  db.run(sql);
  const out = db.export();
  db.close();
  return out;
}

test('bad GeoPackages are refused with the file named and what is wrong', async () => {
  const csv = new TextEncoder().encode('PLR_ID;EW\n01100101;12\n');
  await assert.rejects(readGeoPackage(csv, { source: 'table.gpkg' }), isError('unknown-format', /^table\.gpkg: is not a GeoPackage/));
  await assert.rejects(
    loadAreas(bytesOf(LAYERS), { source: LAYERS }),
    isError(
      'unknown-field',
      /^moabit_layers\.gpkg: holds 3 vector layers and none was chosen: "moabit_district" \(MULTIPOLYGON, 1\), "moabit_water" \(GEOMETRY, 11\), "landuse_points" \(POINT, 58\)/,
    ),
  );
  await assert.rejects(
    loadAreas(bytesOf(LAYERS), { source: LAYERS, layer: 'roads' }),
    isError('unknown-field', /has no layer "roads"; its layers are "moabit_district"/),
  );
  const noVector = await edited("DELETE FROM gpkg_geometry_columns; UPDATE gpkg_contents SET data_type = 'attributes'");
  await assert.rejects(
    readGeoPackage(noVector, { source: 'plain.gpkg' }),
    isError('empty-file', /^plain\.gpkg: holds no vector layer .*its tables are moabit_district, moabit_water, landuse_points, notes$/),
  );
  const noContents = await edited('DROP TABLE gpkg_contents');
  await assert.rejects(
    readGeoPackage(noContents, { source: 'plain.sqlite' }),
    isError('unknown-format', /an SQLite database but no GeoPackage: it has no gpkg_contents table/),
  );
  const brokenBlob = await edited("UPDATE moabit_water SET geom = X'47500001E6100000010300000001000000FFFF0000' WHERE fid = 3");
  await assert.rejects(
    loadAreas(brokenBlob, { source: LAYERS, layer: 'moabit_water' }),
    isError('parse-error', /layer "moabit_water", feature 3 \(fid 3\): the geometry announces 65535 parts at byte 17, more than its remaining bytes hold/),
  );
  // Cut in the middle, as a download that broke off: SQLite finds pages missing.
  const cut = bytesOf(LAYERS).subarray(0, 64 * 1024);
  await assert.rejects(
    readGeoPackage(cut, { source: 'cut.gpkg', layer: 'moabit_water' }),
    isError('parse-error', /^cut\.gpkg: is damaged or no GeoPackage: SQLite says/),
  );
});

test('a GeoPackage that declares UTM (EPSG:25833) in gpkg_spatial_ref_sys over coordinates in degrees is refused naming both', async () => {
  // The Moabit district is stored in longitude/latitude; a tool that wrote the wrong srs_id leaves the numbers as they are.
  const mislabelled = await edited(
    "INSERT INTO gpkg_spatial_ref_sys VALUES ('ETRS89 / UTM zone 33N', 25833, 'EPSG', 25833, 'PROJCS[\"ETRS89 / UTM zone 33N\"]', NULL);" +
      "UPDATE gpkg_contents SET srs_id = 25833 WHERE table_name = 'moabit_district';" +
      "UPDATE gpkg_geometry_columns SET srs_id = 25833 WHERE table_name = 'moabit_district'",
  );
  const layer = await readGeoPackage(mislabelled, { source: 'utm.gpkg', layer: 'moabit_district' });
  assert.equal(layer.crs, 'EPSG:25833', 'the reader takes the CRS the file declares');
  await assert.rejects(loadAreas(mislabelled, { source: 'utm.gpkg', layer: 'moabit_district', idField: 'ORT' }), (error: unknown) => {
    assert.ok(error instanceof SozialraumError, String(error));
    assert.equal(error.code, 'implausible-coordinates');
    assert.equal(
      error.message,
      'utm.gpkg: coordinates x 13.3114…13.3738, y 52.5167…52.5414 are longitude/latitude in degrees, not metres of EPSG:25833 as named; ' +
        'correct the CRS named in the file (or by "--crs" or "areas-crs"), or name EPSG:4326',
    );
    assert.match(
      error.text.de,
      /^utm\.gpkg: die Koordinaten x 13,3114…13,3738, y 52,5167…52,5414 sind geographische Längen und Breiten in Grad, keine Meter in EPSG:25833/,
    );
    return true;
  });
  // Named right by the caller, the same file loads: the refusal is about the name, not the geometry.
  const corrected = await loadAreas(mislabelled, { source: 'utm.gpkg', layer: 'moabit_district', idField: 'ORT', crs: 'EPSG:4326' });
  assert.equal(corrected.crs, 'EPSG:4326');
  assert.equal(corrected.features.length, 1);
});
