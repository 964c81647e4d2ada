import { test } from 'node:test';
import assert from 'node:assert/strict';
import { areaCentres, nearestCentre, neighbourInDirection, sharedEdgeNeighbours, type AreaFeature } from '@sozialraum/core';
import { berlinAreas } from './samples.js';

/** A 3 × 3 block of unit squares, numbered row by row from the south-west: 6 7 8 / 3 4 5 / 0 1 2. */
function grid(): AreaFeature[] {
  const features: AreaFeature[] = [];
  for (let row = 0; row < 3; row += 1) {
    for (let column = 0; column < 3; column += 1) {
      const [x, y] = [column, row];
      features.push({
        type: 'Feature',
        properties: { id: String(row * 3 + column) },
        geometry: {
          type: 'Polygon',
          coordinates: [
            [
              [x, y],
              [x + 1, y],
              [x + 1, y + 1],
              [x, y + 1],
              [x, y],
            ],
          ],
        },
      });
    }
  }
  return features;
}

test('squares that share an edge are neighbours; squares that share a corner are not', () => {
  const neighbours = sharedEdgeNeighbours(grid());
  assert.deepEqual(neighbours[4], [1, 3, 5, 7]);
  assert.deepEqual(neighbours[0], [1, 3]);
  assert.deepEqual(neighbours[8], [5, 7]);
});

test('arrow directions move to the square on that side, and nowhere past the edge', () => {
  const features = grid();
  const neighbours = sharedEdgeNeighbours(features);
  const centres = areaCentres(features);
  assert.deepEqual(centres[4], [1.5, 1.5]);
  assert.equal(neighbourInDirection(centres, neighbours, 4, 'up'), 7);
  assert.equal(neighbourInDirection(centres, neighbours, 4, 'down'), 1);
  assert.equal(neighbourInDirection(centres, neighbours, 4, 'left'), 3);
  assert.equal(neighbourInDirection(centres, neighbours, 4, 'right'), 5);
  assert.equal(neighbourInDirection(centres, neighbours, 2, 'right'), undefined);
  assert.equal(neighbourInDirection(centres, neighbours, 6, 'up'), undefined);
});

test('an island with no bordering area in that direction jumps to the nearest area that way', () => {
  const features = grid();
  const island: AreaFeature = {
    type: 'Feature',
    properties: { id: 'island' },
    geometry: {
      type: 'Polygon',
      coordinates: [
        [
          [5, 1],
          [6, 1],
          [6, 2],
          [5, 2],
          [5, 1],
        ],
      ],
    },
  };
  features.push(island);
  const neighbours = sharedEdgeNeighbours(features);
  const centres = areaCentres(features);
  assert.deepEqual(neighbours[9], []);
  assert.equal(neighbourInDirection(centres, neighbours, 9, 'left'), 5);
  assert.equal(neighbourInDirection(centres, neighbours, 5, 'right'), 9);
});

test('the 542 Berlin Planungsräume form a planar neighbourhood in which every area borders another', async () => {
  const areas = await berlinAreas();
  const neighbours = sharedEdgeNeighbours(areas.features);
  let edges = 0;
  neighbours.forEach((list, index) => {
    assert.ok(list.length > 0, `${areas.ids[index]} has no neighbour`);
    for (const other of list) assert.ok(neighbours[other]!.includes(index), 'neighbourhood is symmetric');
    edges += list.length;
  });
  edges /= 2;
  // A planar graph has at most 3V − 6 edges; a partition into compact areas averages five to six neighbours.
  assert.ok(edges <= 3 * 542 - 6);
  const mean = (2 * edges) / 542;
  assert.ok(mean > 4 && mean < 6.5, `mean degree ${mean}`);
  // Stülerstraße (01100101) borders Großer Tiergarten (01100102) in the west of Mitte.
  const stueler = areas.ids.indexOf('01100101');
  const tiergarten = areas.ids.indexOf('01100102');
  assert.ok(neighbours[stueler]!.includes(tiergarten));
  const centres = areaCentres(areas.features);
  for (const direction of ['up', 'down', 'left', 'right'] as const) {
    const next = neighbourInDirection(centres, neighbours, stueler, direction);
    assert.notEqual(next, undefined);
    const [dx, dy] = [centres[next!]![0] - centres[stueler]![0], centres[next!]![1] - centres[stueler]![1]];
    const along = { up: dy, down: -dy, left: -dx, right: dx }[direction];
    assert.ok(along > 0, `${direction} moves ${direction}`);
  }
});

test('area centres subtract holes, however the rings are wound', () => {
  const outer = [
    [0, 0],
    [4, 0],
    [4, 4],
    [0, 4],
    [0, 0],
  ];
  const holeSameWinding = [
    [0.5, 0.5],
    [2.5, 0.5],
    [2.5, 2.5],
    [0.5, 2.5],
    [0.5, 0.5],
  ];
  const [centre] = areaCentres([{ type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: [outer, holeSameWinding] } }]);
  // (16 · 2 − 4 · 1.5) / 12 in both axes.
  assert.ok(Math.abs(centre![0] - 26 / 12) < 1e-12 && Math.abs(centre![1] - 26 / 12) < 1e-12, `${centre}`);
  const utm = outer.map(([x, y]) => [x! + 390000, y! + 5820000]);
  const [shifted] = areaCentres([{ type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: [utm.reverse()] } }]);
  assert.ok(Math.abs(shifted![0] - 390002) < 1e-6 && Math.abs(shifted![1] - 5820002) < 1e-6);
});

test('the area nearest a point is the one whose centre is closest', () => {
  const centres = areaCentres(grid());
  assert.equal(nearestCentre(centres, [1.4, 1.6]), 4);
  assert.equal(nearestCentre(centres, [-5, 10]), 6);
  assert.equal(nearestCentre([], [0, 0]), undefined);
});
