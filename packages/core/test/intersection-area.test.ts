import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Position } from 'geojson';
import polygonClipping from 'polygon-clipping';
import { intersectionArea, loadAreas, polygonsArea, polygonsOf, prepareOutline, type AreaCollection } from '@sozialraum/core';
import { berlinAreas, rect, sampleBytes } from './samples.js';

type Polygons = Position[][][];

const measure = (a: Polygons, b: Polygons) => intersectionArea(prepareOutline(a), prepareOutline(b));
const reversed = (polygons: Polygons): Polygons => polygons.map((polygon) => polygon.map((ring) => [...ring].reverse()));

function close(actual: number, expected: number, tolerance = 1e-9, what = ''): void {
  assert.ok(Math.abs(actual - expected) <= tolerance * Math.max(1, Math.abs(expected)), `${what}: ${actual} ≠ ${expected}`);
}

test('the area two polygons share: overlapping, nested, apart, side by side, with holes, whichever way they wind', () => {
  // UTM-sized coordinates, where products of raw coordinates would lose digits.
  const x = 390_000;
  const y = 5_820_000;
  const square = (x0: number, y0: number, x1: number, y1: number): Polygons => [[rect(x + x0, y + y0, x + x1, y + y1)]];
  const cases: [string, Polygons, Polygons, number][] = [
    ['overlapping squares', square(0, 0, 100, 100), square(50, 30, 150, 130), 50 * 70],
    ['one inside the other', square(0, 0, 100, 100), square(10, 20, 30, 60), 20 * 40],
    ['apart', square(0, 0, 100, 100), square(200, 0, 300, 100), 0],
    ['side by side, sharing an edge', square(0, 0, 100, 100), square(100, 0, 200, 100), 0],
    ['side by side, sharing half an edge', square(0, 0, 100, 100), square(100, 50, 200, 150), 0],
    ['the same square', square(0, 0, 100, 100), square(0, 0, 100, 100), 100 * 100],
    ['sharing three edges', square(0, 0, 100, 100), square(0, 0, 100, 40), 100 * 40],
    ['touching at a corner', square(0, 0, 100, 100), square(100, 100, 200, 200), 0],
    [
      'a hole that takes part of the other',
      [[rect(x, y, x + 100, y + 100), rect(x + 40, y + 40, x + 60, y + 60)]],
      square(50, 0, 100, 100),
      50 * 100 - 10 * 20,
    ],
    ['a MultiPolygon over two', [...square(0, 0, 10, 10), ...square(20, 0, 30, 10)], square(5, 0, 25, 10), 50 + 50],
    // Its slanted edges cross the square's sides at their upper corners, so it holds the strip y 50…100 of it.
    [
      'a triangle through two corners',
      [
        [
          [
            [x - 50, y + 50],
            [x + 150, y + 50],
            [x + 50, y + 150],
            [x - 50, y + 50],
          ],
        ],
      ],
      square(0, 0, 100, 100),
      100 * 50,
    ],
    // Its slanted edges cut off the square's upper corners: the strip y 50…100 less two triangles of 25 × 25.
    [
      'a triangle through the top',
      [
        [
          [
            [x - 25, y + 50],
            [x + 125, y + 50],
            [x + 50, y + 125],
            [x - 25, y + 50],
          ],
        ],
      ],
      square(0, 0, 100, 100),
      100 * 50 - 2 * 0.5 * 25 * 25,
    ],
  ];
  for (const [name, a, b, expected] of cases) {
    for (const [first, second] of [
      [a, b],
      [b, a],
      [reversed(a), b],
      [a, reversed(b)],
    ] as const) {
      close(measure(first, second), expected, 1e-9, name);
    }
  }
});

test('a vertex a hair off the other outline counts as on it, in both directions and both windings', () => {
  // The edited version puts a vertex on an old edge, a rounding error off its line: the two still share the edge.
  const x = 390_000.13;
  const y = 5_820_000.27;
  const old: Polygons = [[rect(x, y, x + 333.33, y + 777.77)]];
  for (const hair of [-2e-9, 0, 2e-9]) {
    const split: Polygons = [
      [
        [
          [x, y],
          [x + 111.11, y + hair],
          [x + 333.33, y],
          [x + 333.33, y + 777.77],
          [x, y + 777.77],
          [x, y],
        ],
      ],
    ];
    const area = polygonsArea(old);
    for (const [a, b] of [
      [old, split],
      [split, old],
      [reversed(old), split],
      [old, reversed(split)],
    ] as const) {
      close(measure(a, b), area, 1e-9, `a vertex ${hair} m off`);
    }
  }
});

async function oldPlanungsraeume(): Promise<AreaCollection> {
  const name = 'berlin/lor_planungsraeume_pre2021.geojson';
  return loadAreas(await sampleBytes(name), { source: name, idField: 'PLR_ID' });
}

test('every pair of the 542 new and 448 old Berlin Planungsräume: the same pairs and areas as polygon-clipping builds, to 1e-6', async () => {
  const [news, olds] = [await berlinAreas(), await oldPlanungsraeume()];
  const polygons = (areas: AreaCollection) => areas.features.map((feature) => polygonsOf(feature.geometry as never) as Polygons);
  const [a, b] = [polygons(news), polygons(olds)];
  const [outlinesA, outlinesB] = [a.map(prepareOutline), b.map(prepareOutline)];
  let pairs = 0;
  for (let i = 0; i < a.length; i += 1) {
    for (let j = 0; j < b.length; j += 1) {
      const [boxA, boxB] = [outlinesA[i]!.box, outlinesB[j]!.box];
      if (boxA[0] >= boxB[2] || boxB[0] >= boxA[2] || boxA[1] >= boxB[3] || boxB[1] >= boxA[3]) continue;
      const built = polygonsArea(polygonClipping.intersection(a[i] as polygonClipping.Geom, b[j] as polygonClipping.Geom));
      const measured = intersectionArea(outlinesA[i]!, outlinesB[j]!);
      const where = `${news.ids[i]} × ${olds.ids[j]}: ${measured} m², polygon-clipping ${built} m²`;
      assert.equal(measured > 0, built > 0, where);
      if (built === 0) continue;
      pairs += 1;
      assert.ok(Math.abs(measured - built) <= 1e-6 * built, where);
    }
  }
  // The bench finds the same 3,087 pairs with GEOS.
  assert.equal(pairs, 3087);
});
