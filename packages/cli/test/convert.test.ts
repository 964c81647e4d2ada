import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { access, readFile } from 'node:fs/promises';
import { readFlatGeobuf } from '@sozialraum/core';
import { BERLIN_FGB, BERLIN_GEOJSON, FLENSBURG_GEOJSON, cli, readJson, tempDirectory, writeText, type GeoJsonFile } from './helpers.js';

let temp: Awaited<ReturnType<typeof tempDirectory>>;
let berlin: GeoJsonFile;
before(async () => {
  temp = await tempDirectory();
  berlin = await readJson<GeoJsonFile>(BERLIN_GEOJSON);
});
after(async () => temp.remove());

const keysOf = (collection: GeoJsonFile, field = 'PLR_ID') => collection.features.map((feature) => feature.properties?.[field]);

/** [minX, minY, maxX, maxY] over every position of a polygon collection. */
function extentOf(collection: GeoJsonFile): number[] {
  const extent = [Infinity, Infinity, -Infinity, -Infinity];
  const visit = (value: unknown): void => {
    if (Array.isArray(value) && typeof value[0] === 'number') {
      const [x, y] = value as number[];
      extent[0] = Math.min(extent[0]!, x!);
      extent[1] = Math.min(extent[1]!, y!);
      extent[2] = Math.max(extent[2]!, x!);
      extent[3] = Math.max(extent[3]!, y!);
    } else if (Array.isArray(value)) value.forEach(visit);
  };
  for (const feature of collection.features) visit(feature.geometry?.coordinates);
  return extent;
}

test('GeoJSON → FlatGeobuf → GeoJSON keeps the 542 keys in order, every property, the geometry and EPSG:25833', async () => {
  const fgb = temp.file('lor.fgb');
  const toFgb = await cli(['convert', BERLIN_GEOJSON, fgb]);
  assert.equal(toFgb.code, 0, toFgb.stderr);
  assert.equal(toFgb.stdout, `${fgb}: 542 areas, FlatGeobuf, EPSG:25833\n`);

  const header = await readFlatGeobuf(new Uint8Array(await readFile(fgb)), { source: fgb });
  assert.equal(header.crs, 'EPSG:25833');
  assert.equal(header.collection.features.length, 542);

  const back = temp.file('lor.geojson');
  const toGeojson = await cli(['convert', fgb, back]);
  assert.equal(toGeojson.code, 0, toGeojson.stderr);
  const roundTrip = await readJson<GeoJsonFile>(back);
  assert.deepEqual(roundTrip.crs, { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::25833' } });
  assert.deepEqual(keysOf(roundTrip), keysOf(berlin));
  assert.ok(keysOf(roundTrip).includes('01100101'), 'leading zeros kept');
  assert.deepEqual(
    roundTrip.features.map((feature) => feature.properties),
    berlin.features.map((feature) => feature.properties),
  );
  assert.deepEqual(roundTrip.features[100]!.geometry, berlin.features[100]!.geometry);
  // The reader's running number is not data and must not appear as a feature id.
  assert.ok(roundTrip.features.every((feature) => feature.id === undefined));

  const described = await cli(['info', back]);
  assert.match(described.stdout, /areas:\s+542\n/);
  assert.match(described.stdout, /CRS:\s+EPSG:25833/);
});

test('--to-crs EPSG:4326 puts Berlin at lon 13.08–13.77, lat 52.33–52.68 and leaves out the legacy crs member', async () => {
  const out = temp.file('lor_wgs84.geojson');
  const result = await cli(['convert', BERLIN_FGB, out, '--to-crs', 'EPSG:4326']);
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stdout, /542 areas, GeoJSON, EPSG:4326 \(reprojected from EPSG:25833\)/);
  const wgs84 = await readJson<GeoJsonFile>(out);
  assert.equal(wgs84.crs, undefined);
  assert.deepEqual(keysOf(wgs84), keysOf(berlin));
  const [minLon, minLat, maxLon, maxLat] = extentOf(wgs84);
  assert.ok(minLon! >= 13.08 && maxLon! <= 13.77, `lon ${minLon}…${maxLon}`);
  assert.ok(minLat! >= 52.33 && maxLat! <= 52.68, `lat ${minLat}…${maxLat}`);
  assert.ok(maxLon! - minLon! > 0.6 && maxLat! - minLat! > 0.3, 'the whole city, not a corner of it');
});

test('Flensburg reprojected to EPSG:25832 FlatGeobuf names that CRS in its header and keeps AREA_ID', async () => {
  const out = temp.file('flensburg.fgb');
  const result = await cli(['convert', FLENSBURG_GEOJSON, out, '--to-crs', '25832']);
  assert.equal(result.code, 0, result.stderr);
  const read = await readFlatGeobuf(new Uint8Array(await readFile(out)), { source: out });
  assert.equal(read.crs, 'EPSG:25832');
  const flensburg = await readJson<GeoJsonFile>(FLENSBURG_GEOJSON);
  assert.deepEqual(
    read.collection.features.map((feature) => feature.properties?.['AREA_ID']),
    keysOf(flensburg, 'AREA_ID'),
  );
  const [minX, , maxX] = extentOf({ type: 'FeatureCollection', features: read.collection.features as GeoJsonFile['features'] });
  assert.ok(minX! > 500_000 && maxX! < 560_000, `UTM 32 easting ${minX}…${maxX}`);
});

test('a GeoJSON written in UTM carries the legacy crs member and reads back without --crs', async () => {
  const out = temp.file('flensburg_utm.json');
  assert.equal((await cli(['convert', FLENSBURG_GEOJSON, out, '--to-crs', 'EPSG:25832'])).code, 0);
  const written = await readJson<GeoJsonFile>(out);
  assert.deepEqual(written.crs, { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::25832' } });
  const described = await cli(['info', out]);
  assert.match(described.stdout, /CRS:\s+EPSG:25832/);
});

test('features that are not areas are left out, reported on stderr, and the exit code is 1', async () => {
  const flensburg = await readJson<GeoJsonFile>(FLENSBURG_GEOJSON);
  flensburg.features[4]!.geometry = { type: 'Point', coordinates: [9.43, 54.78] };
  const key = String(flensburg.features[4]!.properties!['AREA_ID']);
  const input = await writeText(temp.file('mit_punkt.geojson'), JSON.stringify(flensburg));
  const out = temp.file('ohne_punkt.geojson');
  const result = await cli(['convert', input, out]);
  assert.equal(result.code, 1);
  assert.match(result.stdout, /12 areas, GeoJSON/);
  assert.ok(result.stderr.includes(`${input}, feature 5, key "${key}": is a Point`), result.stderr);
  assert.equal((await readJson<GeoJsonFile>(out)).features.length, 12);
});

test('a property the first feature lacks stops a FlatGeobuf output instead of being dropped', async () => {
  const flensburg = await readJson<GeoJsonFile>(FLENSBURG_GEOJSON);
  flensburg.features[3]!.properties!['einwohner'] = 7421;
  const input = await writeText(temp.file('uneinheitlich.geojson'), JSON.stringify(flensburg));
  const out = temp.file('uneinheitlich.fgb');
  const result = await cli(['convert', input, out]);
  assert.equal(result.code, 2);
  assert.match(result.stderr, /uneinheitlich\.fgb: cannot be written as FlatGeobuf .*"einwohner" \(missing in the first feature, set in feature 4\)/);
  await assert.rejects(access(out), 'nothing written');
  const asGeojson = await cli(['convert', input, temp.file('uneinheitlich.geojson.json')]);
  assert.equal(asGeojson.code, 0, asGeojson.stderr);
});

test('an output extension that names no format exits 2 before reading anything', async () => {
  const result = await cli(['convert', 'gibt_es_nicht.geojson', temp.file('lor.kml')]);
  assert.equal(result.code, 2);
  assert.match(result.stderr, /lor\.kml: cannot tell the output format from the extension; use \.geojson, \.json, \.fgb, \.gpkg or \.zip/);
  const shp = await cli(['convert', 'gibt_es_nicht.geojson', temp.file('lor.shp')]);
  assert.equal(shp.code, 2);
  assert.match(shp.stderr, /lor\.shp: a Shapefile is several files; name the output \S*lor\.shp\.zip to write them zipped/);
});

test('a missing input and an output in a missing folder exit 2 naming the path', async () => {
  const missing = await cli(['convert', 'berlin.geojson', 'out.fgb'], temp.path);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /^sozialraum convert: berlin\.geojson: cannot be read: no such file or directory\n$/);
  const out = temp.file('fehlt/lor.fgb');
  const unwritable = await cli(['convert', FLENSBURG_GEOJSON, out]);
  assert.equal(unwritable.code, 2);
  assert.ok(unwritable.stderr.includes(`${out}: cannot be written: no such file or directory`), unwritable.stderr);
});

test('an unsupported target CRS exits 2 naming the option', async () => {
  const result = await cli(['convert', FLENSBURG_GEOJSON, temp.file('x.geojson'), '--to-crs', 'EPSG:2398']);
  assert.equal(result.code, 2);
  assert.match(result.stderr, /--to-crs: unknown coordinate reference system EPSG:2398/);
});
