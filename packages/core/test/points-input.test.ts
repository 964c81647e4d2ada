// loadPoints on real facility layers in every format points are read from (GeoJSON, FlatGeobuf, GeoPackage, Shapefile
// zipped and loose; the non-GeoJSON files made by GDAL from the GeoJSON, see fixtures/points/README.md): each gives
// the points of the GeoJSON they were made from, and the same counts per Planungsraum. Bad input is refused naming the
// file and the problem: areas given as points, a CRS that does not fit the coordinates, a file without features.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, readdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { FeatureCollection, Point, Position } from 'geojson';
import { SozialraumError, aggregatePoints, loadPoints, loadPointsFromUrl, transformer, type PointLayer } from '@sozialraum/core';
import { berlinAreas, sampleBytes } from './samples.js';

const fixturePath = (folder: string, name: string) => fileURLToPath(new URL(`../../test/fixtures/${folder}/${name}`, import.meta.url));
const fixture = async (folder: string, name: string) => new Uint8Array(await readFile(fixturePath(folder, name)));
const JUGEND = 'berlin/facilities/jugendfreizeiteinrichtungen.geojson';
const PFLEGE = 'berlin/facilities/pflegeeinrichtungen.geojson';

const refused = (code: string, pattern: RegExp) => (error: unknown) => {
  assert.ok(error instanceof SozialraumError, String(error));
  assert.equal(error.code, code, error.message);
  assert.match(error.message, pattern);
  return true;
};

async function looseShapefile(base: string): Promise<{ files: Map<string, Uint8Array> }> {
  const files = new Map<string, Uint8Array>();
  for (const name of await readdir(fixturePath('points', '')))
    if (name.startsWith(`${base}.`) && !name.endsWith('.zip')) files.set(name, await fixture('points', name));
  return { files };
}

const positions = (layer: PointLayer): Position[] => layer.points.features.map((feature) => (feature.geometry as Point).coordinates);

/** Largest distance between matching points, in the units of their CRS. */
function largestShift(a: readonly Position[], b: readonly Position[]): number {
  assert.equal(a.length, b.length, 'same number of points');
  return Math.max(...a.map(([x, y], index) => Math.hypot(x! - b[index]![0]!, y! - b[index]![1]!)));
}

test('the youth centres read alike from GeoJSON, FlatGeobuf and a zipped Shapefile: same points, CRS and places', async () => {
  const geojson = await loadPoints(await sampleBytes(JUGEND), { source: 'jugendfreizeiteinrichtungen.geojson' });
  const fgb = await loadPoints(await fixture('points', 'jugend.fgb'), { source: 'jugend.fgb' });
  const zip = await loadPoints(await fixture('points', 'jugend.shp.zip'), { source: 'jugend.shp.zip' });
  const expected = JSON.parse(await readFile(fileURLToPath(new URL(`../../../../data-samples/${JUGEND}`, import.meta.url)), 'utf8')) as FeatureCollection;
  assert.deepEqual(
    [geojson, fgb, zip].map(({ format, crs, name }) => [format, crs, name]),
    [
      ['GeoJSON', 'EPSG:25833', 'jugendfreizeiteinrichtungen'],
      ['FlatGeobuf', 'EPSG:25833', 'jugend'],
      ['Shapefile', 'EPSG:25833', 'jugend'],
    ],
  );
  assert.equal(geojson.points.features.length, expected.features.length);
  // GDAL writes the FlatGeobuf with a spatial index, in the order of its Hilbert curve: points are matched by key.
  const byId = (layer: PointLayer) => new Map(layer.points.features.map((feature) => [String(feature.properties!['id']), feature]));
  const wanted = byId(geojson);
  assert.equal(wanted.size, expected.features.length, 'the keys are unique');
  for (const layer of [fgb, zip]) {
    const found = byId(layer);
    assert.deepEqual([...found.keys()].sort(), [...wanted.keys()].sort(), `${layer.source}: the same keys`);
    const ids = [...wanted.keys()];
    const at = (map: Map<string, PointLayer['points']['features'][number]>) => ids.map((id) => (map.get(id)!.geometry as Point).coordinates);
    assert.ok(largestShift(at(found), at(wanted)) < 0.001, `${layer.source}: every point where the GeoJSON has it`);
    assert.deepEqual(
      ids.map((id) => found.get(id)!.properties!['plaetze']),
      ids.map((id) => wanted.get(id)!.properties!['plaetze']),
      `${layer.source}: places as in the GeoJSON`,
    );
  }
  // dBase cuts the name; the reader says nothing about it, the values are there.
  assert.equal(zip.points.features[0]!.properties!['traeger_ar'], expected.features[0]!.properties!['traeger_art']);
});

test('the same points count alike onto the 542 Planungsräume, whatever the format', async () => {
  const areas = await berlinAreas();
  const counts = async (input: Uint8Array | { files: Map<string, Uint8Array> }, source: string) => {
    const layer = await loadPoints(input, { source });
    const counted = aggregatePoints(areas, layer.points, { source, crs: layer.crs, sum: 'plaetze' });
    return { perArea: counted.areas.map((area) => area.count), total: counted.total, outside: counted.outside.count };
  };
  const jugend = await counts(await sampleBytes(JUGEND), 'jugendfreizeiteinrichtungen.geojson');
  assert.equal(jugend.total.count, 407);
  assert.deepEqual(await counts(await fixture('points', 'jugend.fgb'), 'jugend.fgb'), jugend);
  assert.deepEqual(await counts(await fixture('points', 'jugend.shp.zip'), 'jugend.shp.zip'), jugend);
  // The loose Shapefile is in longitude/latitude: reprojected, its care facilities fall into the same areas.
  const pflege = await counts(await sampleBytes(PFLEGE), 'pflegeeinrichtungen.geojson');
  assert.equal(pflege.total.count, 274);
  assert.deepEqual(await counts(await looseShapefile('pflege'), 'pflege.shp'), pflege);
  const gpkg = await counts(await fixture('geopackage', 'einrichtungen.gpkg'), 'einrichtungen.gpkg#pflege');
  assert.deepEqual(gpkg, pflege);
});

test('a loose Shapefile in longitude/latitude takes its CRS from the .prj, within a centimetre of the GeoJSON', async () => {
  const loose = await loadPoints(await looseShapefile('pflege'), { source: 'pflege.shp' });
  assert.deepEqual([loose.format, loose.crs, loose.name, loose.points.features.length], ['Shapefile', 'EPSG:4326', 'pflege', 274]);
  const geojson = await loadPoints(await sampleBytes(PFLEGE), { source: 'pflegeeinrichtungen.geojson' });
  const project = transformer('EPSG:4326', 'EPSG:25833');
  assert.ok(
    largestShift(
      positions(loose).map((position) => project(position)),
      positions(geojson),
    ) < 0.01,
  );
});

test('a GeoPackage layer is chosen by option or "#layer" and names the layer; 3D points read in the plane', async () => {
  const bytes = await fixture('geopackage', 'einrichtungen.gpkg');
  const byFragment = await loadPoints(bytes, { source: 'einrichtungen.gpkg#jugend' });
  const byOption = await loadPoints(bytes, { source: 'einrichtungen.gpkg', layer: 'jugend' });
  assert.deepEqual([byFragment.format, byFragment.crs, byFragment.name, byFragment.points.features.length], ['GeoPackage', 'EPSG:25833', 'jugend', 407]);
  assert.deepEqual(positions(byOption), positions(byFragment));
  const landuse = await loadPoints(await fixture('geopackage', 'moabit_layers.gpkg'), { source: 'moabit_layers.gpkg', layer: 'landuse_points' });
  assert.equal(landuse.crs, 'EPSG:4326');
  assert.ok(positions(landuse).every((position) => position.length === 2));
  await assert.rejects(
    loadPoints(bytes, { source: 'einrichtungen.gpkg' }),
    refused('unknown-field', /^einrichtungen\.gpkg: holds 2 vector layers and none was chosen: .*(pflege.*jugend|jugend.*pflege)/),
  );
});

test('a .shp URL brings its parts from beside it, as the card and the aggregator read facilities', async () => {
  const read = async (url: string) => fixture('points', url.slice(url.lastIndexOf('/') + 1));
  const layer = await loadPointsFromUrl('https://example.org/daten/pflege.shp', { read });
  assert.deepEqual([layer.source, layer.format, layer.crs, layer.points.features.length], ['pflege.shp', 'Shapefile', 'EPSG:4326', 274]);
});

test('areas given as points are refused, naming the file and what its first feature is', async () => {
  await assert.rejects(
    loadPoints(await sampleBytes('berlin/formats/ortsteile_2014.zip'), { source: 'ortsteile_2014.zip' }),
    refused('invalid-geometry', /^ortsteile_2014\.zip: none of its 96 features is a point \(feature 1 is a (Multi)?Polygon\)/),
  );
  await assert.rejects(
    loadPoints(await sampleBytes('berlin/lor_planungsraeume_2021.fgb'), { source: 'lor_planungsraeume_2021.fgb' }),
    refused('invalid-geometry', /^lor_planungsraeume_2021\.fgb: none of its 542 features is a point/),
  );
  await assert.rejects(
    loadPoints(await fixture('geopackage', 'moabit_layers.gpkg'), { source: 'moabit_layers.gpkg#moabit_district' }),
    refused('invalid-geometry', /^moabit_layers\.gpkg#moabit_district: none of its 1 features is a point \(feature 1 is a MultiPolygon\)/),
  );
  try {
    await loadPoints(await sampleBytes('berlin/formats/ortsteile_2014.zip'), { source: 'ortsteile_2014.zip' });
  } catch (error) {
    assert.match((error as SozialraumError).localised('de'), /^ortsteile_2014\.zip: keines ihrer 96 Objekte ist ein Punkt/);
  }
});

test('a CRS that does not fit the coordinates is refused, whether given, named in the file or missing', async () => {
  // Metres of UTM 33N given as longitude/latitude.
  await assert.rejects(
    loadPoints(await sampleBytes(JUGEND), { source: 'jugend.geojson', crs: 'EPSG:4326' }),
    refused('implausible-coordinates', /^jugend\.geojson: /),
  );
  // Longitude/latitude from the .prj overridden by a projected CRS.
  await assert.rejects(
    loadPoints(await looseShapefile('pflege'), { source: 'pflege.shp', crs: 'EPSG:25833' }),
    refused(
      'implausible-coordinates',
      /^pflege\.shp: coordinates x 13\.\d+…13\.\d+, y 52\.\d+…52\.\d+ are longitude\/latitude in degrees, not metres of EPSG:25833/,
    ),
  );
  // UTM without the legacy crs member: the file names no CRS and its coordinates are no longitude/latitude.
  const collection = JSON.parse(new TextDecoder().decode(await sampleBytes(JUGEND))) as FeatureCollection & { crs?: unknown };
  delete collection.crs;
  await assert.rejects(
    loadPoints(new TextEncoder().encode(JSON.stringify(collection)), { source: 'ohne_crs.geojson' }),
    refused('unknown-crs', /^ohne_crs\.geojson: the file names no coordinate reference system .* declare the CRS/),
  );
  // Given, the same file reads.
  const given = await loadPoints(new TextEncoder().encode(JSON.stringify(collection)), { source: 'ohne_crs.geojson', crs: 'EPSG:25833' });
  assert.equal(given.crs, 'EPSG:25833');
});

test('empty files are refused: no bytes, blanks, a collection without features, a FlatGeobuf without features', async () => {
  await assert.rejects(loadPoints(new Uint8Array(), { source: 'leer.geojson' }), refused('empty-file', /^leer\.geojson: the file is empty/));
  await assert.rejects(
    loadPoints(new TextEncoder().encode('  \n'), { source: 'leer.geojson' }),
    refused('empty-file', /^leer\.geojson: the file holds only blanks/),
  );
  await assert.rejects(
    loadPoints(new TextEncoder().encode('{"type":"FeatureCollection","features":[]}'), { source: 'keine.geojson' }),
    refused('empty-file', /^keine\.geojson: the file holds no features/),
  );
  await assert.rejects(
    loadPoints(await fixture('points', 'leer.fgb'), { source: 'leer.fgb' }),
    refused('empty-file', /^leer\.fgb: the file holds no features/),
  );
});
