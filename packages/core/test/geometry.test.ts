import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  AreaIndex,
  PointIndex,
  boxOverlap,
  distanceToRings,
  flatRingArea,
  geometryBox,
  planarArea,
  pointInPolygon,
  polygonArea,
  reprojectCollection,
  signedArea,
  unionBox,
  type AreaCollection,
} from '@sozialraum/core';
import type { MultiPolygon, Polygon, Position } from 'geojson';
import { berlinAreas, rect } from './samples.js';

let berlin: AreaCollection;
before(async () => {
  berlin = await berlinAreas();
});

test('areas of rings keep every digit at EPSG:3035 coordinates, and holes subtract whichever way they wind', () => {
  // A 1 m × 1 m square at the size of Berlin's coordinates in EPSG:3035; raw products would cancel at 4.5e6².
  const square = rect(4_552_000.25, 3_271_000.75, 4_552_001.25, 3_271_001.75);
  assert.equal(signedArea(square), 1);
  assert.equal(signedArea([...square].reverse()), -1);
  const hole = rect(10, 10, 20, 20);
  assert.equal(polygonArea([rect(0, 0, 100, 100), hole]), 9_900);
  assert.equal(polygonArea([rect(0, 0, 100, 100), [...hole].reverse()]), 9_900);
  // Flat rings, open or closed, give the same area.
  assert.equal(flatRingArea([0, 0, 4, 0, 4, 3]), 6);
  assert.equal(flatRingArea([0, 0, 4, 0, 4, 3, 0, 0]), 6);
});

test('measured in the equal-area EPSG:3035, the 542 Berlin Planungsräume have the areas the file states (GROESSE_M2)', () => {
  // In the file's UTM 33N the plane is about 0.05 % larger than the ground at Berlin; EPSG:3035 keeps areas true.
  const metric = reprojectCollection({ type: 'FeatureCollection', features: berlin.features }, berlin.crs, 'EPSG:3035');
  let worst = 0;
  metric.features.forEach((feature, index) => {
    const stated = Number(berlin.features[index]!.properties?.['GROESSE_M2']);
    worst = Math.max(worst, Math.abs(planarArea(feature.geometry as Polygon | MultiPolygon) - stated) / stated);
  });
  assert.equal(metric.features.length, 542);
  assert.ok(worst < 1e-5, `largest relative difference ${worst}`);
});

test('a point on an edge two areas share belongs to exactly one of them, a corner point too', () => {
  const index = new AreaIndex([
    { type: 'Polygon', coordinates: [rect(0, 0, 10, 10)] },
    { type: 'Polygon', coordinates: [rect(10, 0, 20, 10)] },
    { type: 'Polygon', coordinates: [rect(0, 10, 10, 20)] },
    { type: 'Polygon', coordinates: [rect(10, 10, 20, 20)] },
  ]);
  const found: number[] = [];
  for (const [x, y] of [
    [10, 5],
    [5, 10],
    [10, 10],
    [3, 3],
    [19.5, 19.5],
  ] as const) {
    index.areasAt(x, y, found);
    assert.equal(found.length, 1, `(${x}, ${y}) lies in ${found.length} areas`);
  }
  index.areasAt(25, 5, found);
  assert.deepEqual(found, []);
  // With a tolerance, the outline itself is told apart from inside and outside.
  assert.equal(pointInPolygon([10, 5], [rect(0, 0, 10, 10)]), 0);
  assert.equal(pointInPolygon([5, 5], [rect(0, 0, 10, 10), rect(4, 4, 6, 6)]), -1);
  assert.equal(pointInPolygon([2, 2], [rect(0, 0, 10, 10), rect(4, 4, 6, 6)]), 1);
});

test('every outline vertex of the Berlin Planungsräume, shared by up to four areas, is given to one area at most', () => {
  const index = new AreaIndex(berlin.features.map((feature) => feature.geometry));
  const found: number[] = [];
  let vertices = 0;
  berlin.features.forEach((feature, area) => {
    const polygons = feature.geometry.type === 'Polygon' ? [feature.geometry.coordinates] : feature.geometry.coordinates;
    for (const [x, y] of polygons[0]![0]!) {
      index.areasAt(x!, y!, found);
      assert.ok(found.length <= 1, `vertex (${x}, ${y}) of ${berlin.ids[area]} lies in ${found.join(', ')}`);
      vertices += 1;
    }
  });
  assert.ok(vertices > 100_000);
});

test('boxes of any geometry ignore a stale bbox member; boxes unite and overlap', () => {
  const polygon = { type: 'Polygon' as const, coordinates: [rect(2, 3, 7, 11)], bbox: [0, 0, 1, 1] as [number, number, number, number] };
  assert.deepEqual(geometryBox(polygon), [2, 3, 7, 11]);
  assert.deepEqual(
    unionBox([
      [0, 0, 1, 1],
      [5, -2, 6, 0.5],
    ]),
    [0, -2, 6, 1],
  );
  assert.equal(boxOverlap([0, 0, 2, 2], [1, 1, 3, 3]), 1);
  assert.equal(boxOverlap([0, 0, 1, 1], [1, 0, 2, 1]), 0);
});

test('facilities within a distance are found through the point index, with distances to outlines in metres', async () => {
  const metric = reprojectCollection({ type: 'FeatureCollection', features: berlin.features }, berlin.crs, 'EPSG:3035');
  const geometry = metric.features[0]!.geometry as Polygon | MultiPolygon;
  const rings: Position[][] = geometry.type === 'Polygon' ? geometry.coordinates : geometry.coordinates.flat();
  const [minX, minY] = geometryBox(geometry);
  const points = new PointIndex(Float64Array.from([minX - 300, minX + 5000]), Float64Array.from([minY - 400, minY + 5000]));
  assert.equal(points.anyWithin(minX, minY, 499), false);
  assert.equal(points.anyWithin(minX, minY, 500), true);
  assert.deepEqual(points.inBox(minX - 1000, minY - 1000, minX, minY), [0]);
  assert.equal(new PointIndex(new Float64Array(0), new Float64Array(0)).anyWithin(0, 0, 1e9), false);
  assert.ok(Math.abs(distanceToRings([rect(0, 0, 10, 10)], 13, 14) - 5) < 1e-12);
  assert.ok(distanceToRings(rings, minX - 300, minY - 400) >= 500 - 1e-6);
});
