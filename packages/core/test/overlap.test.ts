import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { MultiPolygon, Polygon, Position } from 'geojson';
import polygonClipping from 'polygon-clipping';
import { loadAreas, overlapAreas, planarRings, polygonsArea, polygonsOf, type Overlap } from '@sozialraum/core';
import { rect, sampleBytes } from './samples.js';

const square = (x0: number, y0: number, x1: number, y1: number): Polygon => ({ type: 'Polygon', coordinates: [rect(x0, y0, x1, y1)] });
const reversed = (polygon: Polygon): Polygon => ({ type: 'Polygon', coordinates: polygon.coordinates.map((ring) => [...ring].reverse()) });

function overlaps(sources: (Polygon | MultiPolygon)[], targets: (Polygon | MultiPolygon)[]): Overlap[] {
  return overlapAreas(sources.map(planarRings), targets.map(planarRings));
}

test('overlapAreas measures the area two squares share, whichever way their rings run', () => {
  const [only, ...rest] = overlaps([square(0, 0, 2, 2)], [square(1, 1, 3, 3)]);
  assert.deepEqual(rest, []);
  assert.equal(only!.source, 0);
  assert.equal(only!.target, 0);
  assert.ok(Math.abs(only!.area - 1) < 1e-12, `${only!.area}`);
  const [clockwise] = overlaps([reversed(square(0, 0, 2, 2))], [square(1, 1, 3, 3)]);
  assert.ok(Math.abs(clockwise!.area - 1) < 1e-12);
});

test('overlapAreas counts a shared outline once: identical areas share all, neighbours nothing', () => {
  // Identical squares share every edge the same way: their overlap is the whole square, not twice or none of it.
  const [same] = overlaps([square(0, 0, 10, 10)], [square(0, 0, 10, 10)]);
  assert.ok(Math.abs(same!.area - 100) < 1e-9, `${same!.area}`);
  // Neighbours share an edge in opposite directions: no area.
  assert.deepEqual(overlaps([square(0, 0, 10, 10)], [square(10, 0, 20, 10)]), []);
  // A square split in two along a line on which the old outline has vertices too.
  const halves = overlaps([square(0, 0, 10, 10)], [square(0, 0, 5, 10), square(5, 0, 10, 10)]);
  assert.deepEqual(
    halves.map(({ target, area }) => [target, Math.round(area * 1e9) / 1e9]),
    [
      [0, 50],
      [1, 50],
    ],
  );
});

test('overlapAreas leaves out holes and handles MultiPolygons', () => {
  const ring: Polygon = { type: 'Polygon', coordinates: [rect(0, 0, 10, 10), rect(2, 2, 8, 8)] };
  const [withHole] = overlaps([ring], [square(0, 0, 5, 10)]);
  // The left half of the ring: 50 minus the left half of the hole (3 × 6).
  assert.ok(Math.abs(withHole!.area - 32) < 1e-9, `${withHole!.area}`);
  const parts: MultiPolygon = { type: 'MultiPolygon', coordinates: [[rect(0, 0, 1, 1)], [rect(5, 5, 7, 7)]] };
  const [both] = overlaps([parts], [square(0.5, 0, 6, 6)]);
  assert.ok(Math.abs(both!.area - (0.5 + 1)) < 1e-12, `${both!.area}`);
});

test('overlapAreas agrees with polygon-clipping on the Berlin Planungsräume before and after 2021', async () => {
  const load = async (name: string) => loadAreas(await sampleBytes(`berlin/${name}`), { source: name, idField: 'PLR_ID' });
  const after = await load('lor_planungsraeume_2021.geojson');
  const before = await load('lor_planungsraeume_pre2021.geojson');
  const found = overlaps(
    after.features.map((feature) => feature.geometry),
    before.features.map((feature) => feature.geometry),
  );
  const clip = (geometry: Polygon | MultiPolygon) =>
    polygonsOf(geometry).map((polygon) => polygon.map((ring) => ring.map((p: Position) => [p[0]!, p[1]!] as [number, number])));
  // polygon-clipping takes seconds for all pairs; the areas of one Bezirk (Mitte, keys from 01) and all their partners.
  const sources = after.ids.flatMap((id, index) => (id.startsWith('01') ? [index] : []));
  assert.ok(sources.length > 20);
  let compared = 0;
  for (const source of sources) {
    const clipped = clip(after.features[source]!.geometry);
    const expected = before.features.flatMap((feature, target) => {
      const area = polygonsArea(polygonClipping.intersection(clipped, clip(feature.geometry)));
      return area > 0 ? [{ target, area }] : [];
    });
    const mine = found.filter((overlap) => overlap.source === source);
    assert.deepEqual(
      mine.map((overlap) => overlap.target),
      expected.map((overlap) => overlap.target),
      after.ids[source],
    );
    mine.forEach((overlap, k) =>
      assert.ok(
        Math.abs(overlap.area - expected[k]!.area) <= 1e-6 * Math.max(1, expected[k]!.area),
        `${after.ids[source]}: ${overlap.area} vs ${expected[k]!.area}`,
      ),
    );
    compared += mine.length;
  }
  assert.ok(compared > sources.length, `${compared} pairs`);
});
