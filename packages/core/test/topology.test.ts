import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { MultiPolygon, Polygon, Position } from 'geojson';
import {
  EditError,
  TopologyEditor,
  buildTopology,
  innerPoint,
  openRingBetween,
  polygonArea,
  topologyAreaSet,
  topologyNeighbours,
  topologyNodes,
  topologyToFeatureCollection,
  validateAreas,
  type AreaCollection,
  type CoverageFinding,
} from '@sozialraum/core';
import { assertGerman } from './german.js';
import { berlinAreas, fixtureAreas, rect } from './samples.js';

const square = (x0: number, y0: number, x1: number, y1: number): Polygon => ({ type: 'Polygon', coordinates: [rect(x0, y0, x1, y1)] });

/** A 2 × 2 block of unit squares: c d / a b. */
const block = () =>
  fixtureAreas(
    {
      a: { type: 'Polygon', coordinates: [rect(0, 0, 1, 1)] },
      b: { type: 'Polygon', coordinates: [rect(1, 0, 2, 1)] },
      c: { type: 'Polygon', coordinates: [rect(0, 1, 1, 2)] },
      d: { type: 'Polygon', coordinates: [rect(1, 1, 2, 2)] },
    },
    'EPSG:25833',
  );

function areaOf(geometry: Polygon | MultiPolygon | undefined): number {
  assert.ok(geometry, 'the area exists');
  return geometry.type === 'Polygon' ? polygonArea(geometry.coordinates) : geometry.coordinates.reduce((sum, polygon) => sum + polygonArea(polygon), 0);
}

function areas(editor: TopologyEditor): Record<string, number> {
  const result: Record<string, number> = {};
  for (const feature of editor.toFeatureCollection().features) result[String(feature.properties![editor.topology.idField])] = areaOf(feature.geometry);
  return result;
}

const total = (values: Record<string, number>) => Object.values(values).reduce((sum, value) => sum + value, 0);
const close = (actual: number, expected: number, tolerance = 1e-9) =>
  assert.ok(Math.abs(actual - expected) <= tolerance * Math.max(1, Math.abs(expected)), `${actual} ≠ ${expected}`);
const partitionProblems = (findings: CoverageFinding[]) =>
  findings.filter((finding) => ['gap', 'overlap', 'invalid-ring', 'self-intersection', 'duplicate-key'].includes(finding.type));

test('the topology of a 2 × 2 block shares each inner edge as one arc and has its nodes where areas meet', () => {
  const { topology, snapped, reoriented } = buildTopology(block());
  assert.equal(snapped, 0);
  assert.equal(reoriented, 0);
  assert.equal(topology.winding, 'ccw');
  // 4 inner half-edges + 4 outer boundary pieces.
  assert.equal(topology.arcs.length, 8);
  const refs = topology.areas.flatMap((area) => area!.polygons.flat(2));
  assert.equal(refs.length, 12, 'each square has three arcs: two inner edges and its outer corner');
  for (let arc = 0; arc < 4; arc += 1) assert.equal(refs.filter((ref) => ref === arc || ref === ~arc).length >= 1, true);
  const centre = topologyNodes(topology).find((node) => node.position[0] === 1 && node.position[1] === 1);
  assert.deepEqual(centre?.areas.sort(), ['a', 'b', 'c', 'd']);
  assert.deepEqual(topologyNeighbours(topology).get('a')?.sort(), ['b', 'c'], 'd only touches a at a corner');
  // Exported again, every square has its area and its four corners.
  const out = topologyToFeatureCollection(topology);
  assert.deepEqual(
    out.features.map((feature) => areaOf(feature.geometry)),
    [1, 1, 1, 1],
  );
  assert.deepEqual(
    out.features.map((feature) => feature.properties!['id']),
    ['a', 'b', 'c', 'd'],
  );
});

test('vertices closer than the tolerance snap together and are counted', () => {
  const input = fixtureAreas(
    {
      a: { type: 'Polygon', coordinates: [rect(0, 0, 1, 1)] },
      b: {
        type: 'Polygon',
        coordinates: [
          [
            [1.0004, 0],
            [2, 0],
            [2, 1],
            [1, 1.0003],
            [1.0004, 0],
          ],
        ],
      },
    },
    'EPSG:25833',
  );
  const { topology, snapped } = buildTopology(input, { tolerance: 0.001 });
  assert.equal(snapped, 2);
  assert.deepEqual(topologyNeighbours(topology).get('a'), ['b']);
  const loose = buildTopology(input, { tolerance: 0.0001 });
  assert.equal(loose.snapped, 0);
  assert.deepEqual(topologyNeighbours(loose.topology).get('a'), []);
});

test("a vertex on a neighbour's edge (a T-junction) becomes a node of both, so moving it moves both", () => {
  const input = fixtureAreas({ a: square(0, 0, 1, 2), b1: square(1, 0, 2, 1), b2: square(1, 1, 2, 2) }, 'EPSG:25833');
  const { topology, noded } = buildTopology(input);
  assert.equal(noded, 1);
  assert.deepEqual(topologyNeighbours(topology).get('a')?.sort(), ['b1', 'b2']);
  const editor = new TopologyEditor(topology);
  editor.moveVertex([1, 1], [1.2, 1]);
  const sizes = areas(editor);
  close(sizes['a']!, 2.2);
  close(total(sizes), 4);
});

test('split divides a square along the drawn line: the larger part keeps the key, the neighbours keep their area', () => {
  const editor = new TopologyEditor(buildTopology(block()).topology);
  const result = editor.split('a', [
    [0.25, -1],
    [0.25, 1.5],
  ]);
  assert.deepEqual(result.added, ['a-2']);
  assert.deepEqual(result.text, { en: 'split a', de: 'a geteilt' });
  editor.merge(['a', 'a-2']);
  editor.undo();
  assert.deepEqual(editor.steps('de'), { done: ['a geteilt'], undone: ['a, a-2 zusammengelegt'] });
  assert.deepEqual(editor.steps('en'), { done: ['split a'], undone: ['merge a, a-2'] });
  editor.redo();
  editor.undo();
  const sizes = areas(editor);
  close(sizes['a']!, 0.75);
  close(sizes['a-2']!, 0.25);
  close(sizes['c']!, 1);
  close(total(sizes), 4);
  assert.deepEqual(partitionProblems(validateAreas(topologyAreaSet(editor.topology), { sliverArea: 0, sliverWidth: 0 })), []);
});

test('split refuses a line that crosses the boundary once or not at all, naming the area', () => {
  const editor = new TopologyEditor(buildTopology(block()).topology);
  assert.throws(
    () =>
      editor.split('a', [
        [0.5, -1],
        [0.5, 0.5],
      ]),
    (error: unknown) => error instanceof EditError && error.code === 'bad-line' && /"a" 1 time; it must cross it exactly twice/.test(error.message),
  );
  assert.throws(
    () =>
      editor.split('a', [
        [0.2, 0.2],
        [0.6, 0.6],
      ]),
    /crosses the boundary of area "a" 0 times/,
  );
  assert.throws(
    () =>
      editor.split('x', [
        [0, 0],
        [1, 1],
      ]),
    /there is no area "x"/,
  );
  assert.equal(editor.canUndo, false, 'nothing changed');
});

test('merge joins neighbours into one area and refuses areas that only touch at a corner', () => {
  const editor = new TopologyEditor(buildTopology(block()).topology);
  const result = editor.merge(['a', 'b']);
  assert.deepEqual(result.removed, ['b']);
  const sizes = areas(editor);
  close(sizes['a']!, 2);
  assert.equal(sizes['b'], undefined);
  const merged = editor.geometry('a') as Polygon;
  assert.equal(merged.type, 'Polygon');
  assert.equal(merged.coordinates[0]!.length, 7, 'the shared edge is gone; the node where c and d meet above stays');
  // (1, 0) separated a from b and no longer separates anything: its two outer arcs are joined into one.
  assert.equal(editor.topology.arcs.filter((arc) => arc !== null).length, 6);
  assert.equal(editor.topology.areas.find((area) => area?.key === 'a')!.polygons[0]![0]!.length, 3);
  assert.ok(!topologyNodes(editor.topology).some((node) => node.position[0] === 1 && node.position[1] === 0));
  assert.throws(() => editor.merge(['a', 'x']), /no area "x"/);
  const other = new TopologyEditor(buildTopology(block()).topology);
  assert.throws(
    () => other.merge(['a', 'd']),
    (error: unknown) => error instanceof EditError && error.code === 'not-contiguous' && /"d" shares no edge with "a"/.test(error.message),
  );
});

test('moving the shared corner moves it for all four squares; a move across an edge is refused', () => {
  const editor = new TopologyEditor(buildTopology(block()).topology);
  const result = editor.moveVertex([1, 1], [1.2, 1.1]);
  assert.deepEqual(result.changed.sort(), ['a', 'b', 'c', 'd']);
  const sizes = areas(editor);
  // By hand: a = (0,0) (1,0) (1.2,1.1) (0,1) → 1.15; b = (1,0) (2,0) (2,1) (1.2,1.1) → 0.95; c → 1.05; d → 0.85.
  close(sizes['a']!, 1.15);
  close(sizes['b']!, 0.95);
  close(sizes['c']!, 1.05);
  close(sizes['d']!, 0.85);
  close(total(sizes), 4);
  assert.throws(
    () => editor.moveVertex([1.2, 1.1], [2.5, 0.5]),
    (error: unknown) => error instanceof EditError && error.code === 'would-cross',
  );
  assert.throws(() => editor.moveVertex([0.5, 0.5], [1, 1]), /no vertex at \(0\.50, 0\.50\)/);
});

test('moving an edge shifts both its vertices and every area on them', () => {
  const editor = new TopologyEditor(buildTopology(block()).topology);
  editor.moveEdge([1, 0], [1, 1], [0.2, 0]);
  const sizes = areas(editor);
  close(sizes['a']!, 1.2);
  close(sizes['b']!, 0.8);
  close(sizes['c']!, 1.1);
  close(sizes['d']!, 0.9);
  assert.throws(() => editor.moveEdge([0, 0], [1, 1], [0.1, 0]), /no edge from/);
});

test('reshaping the edge between two squares along a barrier line moves the area between old and new edge', () => {
  const editor = new TopologyEditor(buildTopology(block()).topology);
  // A road that runs through both ends of the a|b edge and bends out into b.
  editor.reshapeAlongBarrier(
    [1, 0],
    [1, 1],
    [
      [1, -1],
      [1, 0],
      [1.3, 0.5],
      [1, 1],
      [1, 3],
    ],
  );
  const sizes = areas(editor);
  close(sizes['a']!, 1.15);
  close(sizes['b']!, 0.85);
  close(total(sizes), 4);
  assert.deepEqual(partitionProblems(validateAreas(topologyAreaSet(editor.topology), { sliverArea: 0, sliverWidth: 0 })), []);
  assert.throws(
    () =>
      editor.reshapeAlongBarrier(
        [0, 0],
        [2, 2],
        [
          [0, 0],
          [2, 2],
        ],
      ),
    /are not both on one boundary that two areas share/,
  );
  assert.throws(
    () =>
      editor.reshapeAlongBarrier(
        [1, 1],
        [1, 2],
        [
          [1, 1],
          [3, 1.5],
          [1, 2],
        ],
      ),
    /crosses another boundary/,
  );
});

test('a closed barrier (the outline of a polygon layer) is followed the shorter way round between the two points', () => {
  // The outline of a block east of the a|b edge, its ring starting where the direct way between the points is the long one.
  const ring: Position[] = [
    [1.3, 0.5],
    [1, 1],
    [3, 1],
    [3, -1],
    [1, 0],
    [1.3, 0.5],
  ];
  const opened = openRingBetween(ring, [1, 0], [1, 1]);
  assert.deepEqual(opened, [
    [3, -1],
    [1, 0],
    [1.3, 0.5],
    [1, 1],
    [3, 1],
    [3, -1],
  ]);
  assert.deepEqual(openRingBetween(opened, [1, 0], [1, 1]), opened, 'already open the right way');
  assert.deepEqual(
    openRingBetween(
      [
        [0, 0],
        [1, 0],
        [2, 0],
      ],
      [0, 0],
      [2, 0],
    ),
    [
      [0, 0],
      [1, 0],
      [2, 0],
    ],
    'a line stays as it is',
  );
  const editor = new TopologyEditor(buildTopology(block()).topology);
  editor.reshapeAlongBarrier([1, 0], [1, 1], opened);
  const sizes = areas(editor);
  close(sizes['a']!, 1.15);
  close(sizes['b']!, 0.85);
  assert.deepEqual(partitionProblems(validateAreas(topologyAreaSet(editor.topology), { sliverArea: 0, sliverWidth: 0 })), []);
});

test('carving takes the covered parts of each neighbour; a polygon inside one area leaves a hole', () => {
  const editor = new TopologyEditor(buildTopology(block()).topology);
  const result = editor.carve(rect(0.5, 0.5, 1.5, 1.5), 'x', { name: 'Neu' });
  assert.deepEqual(result.added, ['x']);
  const sizes = areas(editor);
  close(sizes['x']!, 1);
  for (const key of ['a', 'b', 'c', 'd']) close(sizes[key]!, 0.75);
  editor.carve(rect(0.1, 0.1, 0.3, 0.3), 'y');
  const a = editor.geometry('a') as Polygon;
  assert.equal(a.coordinates.length, 2, 'a has a hole where y is');
  close(areas(editor)['a']!, 0.71);
  close(total(areas(editor)), 4);
  assert.throws(() => editor.carve(rect(5, 5, 6, 6), 'z'), /lies in no area/);
  assert.throws(() => editor.carve(rect(0.1, 0.1, 0.2, 0.2), 'x'), /the key "x" is already taken/);
  assert.deepEqual(partitionProblems(validateAreas(topologyAreaSet(editor.topology), { sliverArea: 0, sliverWidth: 0 })), []);
});

test('rename changes the name and the key; keys stay unique', () => {
  const editor = new TopologyEditor(buildTopology(block()).topology);
  editor.rename('a', { key: 'a1', name: 'Altstadt' });
  const feature = editor.toFeatureCollection().features.find((candidate) => candidate.properties!['id'] === 'a1');
  assert.ok(feature);
  assert.throws(
    () => editor.rename('b', { key: 'a1' }),
    (error: unknown) => error instanceof EditError && error.code === 'duplicate-key',
  );
  assert.throws(() => editor.rename('b', { key: ' ' }), /must not be empty/);
});

test('undo after split, merge, move, carve, reshape and rename restores the exact original; redo repeats; the state survives JSON', () => {
  const original = buildTopology(block()).topology;
  const pristine = structuredClone(original);
  const editor = new TopologyEditor(original);
  editor.split('a', [
    [0.4, -1],
    [0.4, 0.5],
    [0.4, 1.5],
  ]);
  editor.merge(['c', 'd']);
  editor.moveVertex([1, 0], [1.1, 0]);
  editor.carve(rect(1.2, 0.2, 1.8, 0.8), 'x');
  editor.reshapeAlongBarrier(
    [2, 1],
    [1, 1],
    [
      [2.5, 1.5],
      [2, 1],
      [1.5, 1.2],
      [1, 1],
      [0.5, 1.5],
    ],
  );
  editor.rename('b', { key: 'b2', name: 'B' });
  const after = structuredClone(editor.topology);
  const saved = JSON.parse(JSON.stringify(editor.toJSON()));
  while (editor.undo()) {
    // undo everything
  }
  assert.deepEqual(editor.topology, pristine);
  assert.equal(editor.canUndo, false);
  while (editor.redo()) {
    // and do it again
  }
  assert.deepEqual(editor.topology, after);
  const restored = TopologyEditor.fromJSON(saved);
  assert.deepEqual(restored.topology, after);
  assert.equal(restored.history.length, 6);
  while (restored.undo()) {
    // undo the saved session
  }
  assert.deepEqual(restored.topology, pristine);
});

// ---------------------------------------------------------------------------------------------------------------
// Berlin

let berlin: AreaCollection;
let berlinArea: number;
before(async () => {
  berlin = await berlinAreas();
  berlinArea = berlin.features.reduce((sum, feature) => sum + areaOf(feature.geometry), 0);
});

test('the Berlin Planungsräume build into a topology without snapping, and come back with the same areas', () => {
  const { topology, snapped, noded, dropped } = buildTopology(berlin);
  assert.equal(snapped, 0);
  assert.equal(noded, 0);
  assert.deepEqual(dropped, []);
  assert.equal(topology.areas.length, 542);
  assert.ok(topology.arcs.length > 1000 && topology.arcs.length < 3000, `${topology.arcs.length} arcs`);
  assert.ok(topologyNodes(topology).filter((node) => node.areas.length >= 3).length > 500);
  close(berlinArea / 1e6, 890.665, 1e-5);
  const again = topologyToFeatureCollection(topology).features;
  again.forEach((feature, index) => close(areaOf(feature.geometry), areaOf(berlin.features[index]!.geometry), 1e-12));
});

test('on the Berlin areas, split, merge, move, carve, reshape and rename keep the partition, and undo restores every coordinate', () => {
  const original = buildTopology(berlin).topology;
  const pristine = structuredClone(original);
  const editor = new TopologyEditor(original);
  const sumOf = () => total(areas(editor));

  // Split Mitte's first Planungsraum across its box.
  const geometry = editor.geometry('01100101') as Polygon;
  const xs = geometry.coordinates[0]!.map((p) => p[0]!);
  const [, y] = innerPoint(geometry.coordinates);
  editor.split(
    '01100101',
    [
      [Math.min(...xs) - 50, y],
      [Math.max(...xs) + 50, y + 3],
    ],
    { newKey: '01100199' },
  );
  close(sumOf(), berlinArea, 1e-9);

  // Merge two neighbours.
  const neighbour = topologyNeighbours(editor.topology).get('07100103')![0]!;
  editor.merge(['07100103', neighbour]);
  close(sumOf(), berlinArea, 1e-9);

  // Move a node where three areas meet by half a metre.
  const node = topologyNodes(editor.topology).find((candidate) => candidate.areas.includes('12601235') && candidate.areas.length >= 3)!;
  editor.moveVertex(node.position, [node.position[0] + 0.5, node.position[1] + 0.3]);
  close(sumOf(), berlinArea, 1e-9);

  // Carve a block around another node where three areas meet.
  const corner = topologyNodes(editor.topology).find((candidate) => candidate.areas.includes('04300414') && candidate.areas.length >= 3)!;
  const [cx, cy] = corner.position;
  editor.carve(rect(cx - 61.3, cy - 47.9, cx + 58.1, cy + 52.7), 'NEU1', { name: 'Neuer Raum' });
  close(sumOf(), berlinArea, 1e-9);

  // Reshape a shared edge along a straight "road" from one of its ends to the other: the first one that crosses nothing.
  let reshaped = 0;
  for (const arc of editor.topology.arcs) {
    if (!arc || arc.length < 4 || reshaped > 0) continue;
    const [start, end] = [arc[0]!, arc[arc.length - 1]!];
    if (start[0] === end[0] && start[1] === end[1]) continue;
    const dx = end[0]! - start[0]!;
    const dy = end[1]! - start[1]!;
    const road: Position[] = [[start[0]! - dx, start[1]! - dy], [...start], [...end], [end[0]! + dx, end[1]! + dy]];
    try {
      editor.reshapeAlongBarrier(start, end, road);
      reshaped += 1;
    } catch (error) {
      assert.ok(error instanceof EditError, String(error));
      assertGerman(error.text, `reshaping ${start.join(' ')} → ${end.join(' ')}`);
    }
  }
  assert.equal(reshaped, 1);
  close(sumOf(), berlinArea, 1e-9);

  editor.rename('01100199', { key: '01100198', name: 'Teil von Stülerstraße' });
  assert.equal(editor.history.length, 6);

  const findings = validateAreas(topologyAreaSet(editor.topology));
  assert.deepEqual(partitionProblems(findings), []);
  close(sumOf(), berlinArea, 1e-6);

  while (editor.undo()) {
    // back to the start
  }
  assert.deepEqual(editor.topology, pristine);
  assert.deepEqual(topologyToFeatureCollection(editor.topology), topologyToFeatureCollection(pristine));
});
