import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SozialraumError, collectionExtent, detectCrs, normaliseCrsName, reprojectCollection, transformer } from '@sozialraum/core';
import type { FeatureCollection } from 'geojson';
import { berlinAreas } from './samples.js';

const square = (x: number, y: number, size: number, crs?: string): FeatureCollection => ({
  type: 'FeatureCollection',
  ...(crs ? { crs: { type: 'name', properties: { name: crs } } } : {}),
  features: [
    {
      type: 'Feature',
      properties: { id: 'a' },
      geometry: {
        type: 'Polygon',
        coordinates: [
          [
            [x, y],
            [x + size, y],
            [x + size, y + size],
            [x, y + size],
            [x, y],
          ],
        ],
      },
    },
  ],
});

test('normaliseCrsName reads the ways German GIS exports name a CRS', () => {
  assert.equal(normaliseCrsName('urn:ogc:def:crs:EPSG::25833'), 'EPSG:25833');
  assert.equal(normaliseCrsName('urn:ogc:def:crs:EPSG:6.3:25832'), 'EPSG:25832');
  assert.equal(normaliseCrsName('EPSG:3035'), 'EPSG:3035');
  assert.equal(normaliseCrsName('http://www.opengis.net/def/crs/EPSG/0/31468'), 'EPSG:31468');
  assert.equal(normaliseCrsName('urn:ogc:def:crs:OGC:1.3:CRS84'), 'EPSG:4326');
  assert.equal(normaliseCrsName('EPSG:900913'), 'EPSG:3857');
  assert.equal(normaliseCrsName(25833), 'EPSG:25833');
  assert.equal(normaliseCrsName('Gauss-Krüger'), undefined);
});

test('detectCrs takes the legacy crs member of the Berlin LOR file', async () => {
  const areas = await berlinAreas();
  assert.equal(areas.crs, 'EPSG:25833');
});

test('detectCrs treats unnamed longitude/latitude as EPSG:4326 (RFC 7946)', () => {
  assert.equal(detectCrs(square(9.4, 54.7, 0.01), 'flensburg.geojson'), 'EPSG:4326');
});

test('detectCrs refuses projected coordinates in a file that names no CRS, naming the file and the range', () => {
  assert.throws(
    () => detectCrs(square(390000, 5820000, 100), 'plr.geojson'),
    (error: unknown) =>
      error instanceof SozialraumError &&
      error.code === 'unknown-crs' &&
      error.message.startsWith('plr.geojson:') &&
      /390000/.test(error.message) &&
      /EPSG:25833/.test(error.message),
  );
});

test('detectCrs refuses a CRS the toolkit does not know, listing the supported ones', () => {
  assert.throws(
    () => detectCrs(square(2600000, 1200000, 100, 'urn:ogc:def:crs:EPSG::2056'), 'zurich.geojson'),
    (error: unknown) => error instanceof SozialraumError && error.code === 'unknown-crs' && /EPSG:2056/.test(error.message) && /EPSG:25832/.test(error.message),
  );
});

test('detectCrs flags coordinates impossible in the named CRS (UTM metres labelled as longitude/latitude)', () => {
  assert.throws(
    () => detectCrs(square(390000, 5820000, 100, 'EPSG:4326'), 'mislabelled.geojson'),
    (error: unknown) => error instanceof SozialraumError && error.code === 'implausible-coordinates',
  );
});

test('transformer hits known projection origins to the millimetre', () => {
  // LAEA Europe: the projection centre 52°N 10°E is the false origin (4321000, 3210000).
  const [x, y] = transformer('EPSG:4326', 'EPSG:3035')([10, 52]);
  assert.ok(Math.abs(x! - 4321000) < 0.001 && Math.abs(y! - 3210000) < 0.001);
  // UTM 33N: on the central meridian 15°E, easting is 500000 and northing is 0.9996 times the GRS80 meridian arc.
  const [e, n] = transformer('EPSG:4326', 'EPSG:25833')([15, 52]);
  assert.ok(Math.abs(e! - 500000) < 0.001);
  assert.ok(Math.abs(n! - 5761038.2) < 0.5, `northing ${n}`);
});

test('reprojection of Berlin to longitude/latitude lands on Berlin and returns within a millimetre', async () => {
  const areas = await berlinAreas();
  const collection: FeatureCollection = { type: 'FeatureCollection', features: areas.features };
  const lonLat = reprojectCollection(collection, 'EPSG:25833', 'EPSG:4326');
  const [minX, minY, maxX, maxY] = collectionExtent(lonLat)!;
  assert.ok(minX > 13.08 && maxX < 13.77 && minY > 52.33 && maxY < 52.68, `extent ${[minX, minY, maxX, maxY]}`);
  const back = reprojectCollection(lonLat, 'EPSG:4326', 'EPSG:25833');
  const original = collection.features[0]!.geometry as { coordinates: number[][][] };
  const roundTrip = back.features[0]!.geometry as { coordinates: number[][][] };
  const [x0, y0] = original.coordinates[0]![5]!;
  const [x1, y1] = roundTrip.coordinates[0]![5]!;
  assert.ok(Math.hypot(x1! - x0!, y1! - y0!) < 0.001);
  assert.equal(collection.features[0]!.geometry, original, 'the input is not changed');
});
