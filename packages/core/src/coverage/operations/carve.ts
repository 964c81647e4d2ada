// Carving a new area out of its neighbours along a drawn polygon.
import type { Position } from 'geojson';
import { message } from '../../errors.js';
import { boxOf, boxesOverlap, pointInRing, samePoint, signedArea, type Box } from '../../geometry/index.js';
import { innerPoint } from '../geometry.js';
import { ringPositions, type ArcRef, type Topology, type TopologyArea } from '../topology.js';
import {
  EditError,
  type Draft,
  type TopologyPatch,
  draftOf,
  patchOf,
  outerSign,
  areaPolygons,
  containsPoint,
  type EditOptions,
  freeKey,
  LINE_NAMES,
  assertSimpleLine,
  withoutRepeats,
} from './edit.js';
import { arcBox, areaBox, insertNode, dropUnusedArcs, healNodes, arcEnds, allRefs, lineCrossings } from './arcs.js';
import { traceRings, groupRings, ringInside, dissolve, assertRingsKeepShape } from './faces.js';

/**
 * Carves a new area out of its neighbours: the new area is the part of the drawn polygon that lies in the areas
 * (nothing outside the territory is added); each area it overlaps loses that part, and areas it covers entirely
 * are removed.
 */
export function carveArea(
  topology: Topology,
  ring: readonly Position[],
  key: string,
  options: EditOptions & { name?: string; properties?: Record<string, unknown> } = {},
): TopologyPatch {
  const within = options.within ?? 0.01;
  let drawn = withoutRepeats(ring);
  if (drawn.length > 1 && samePoint(drawn[0]!, drawn[drawn.length - 1]!)) drawn.pop();
  if (drawn.length < 3) {
    throw new EditError(
      'bad-polygon',
      message('the drawn polygon needs at least three different points', 'das gezeichnete Vieleck braucht mindestens drei verschiedene Punkte'),
    );
  }
  freeKey(topology, key, key);
  drawn.push(drawn[0]!);
  assertSimpleLine(drawn, LINE_NAMES.polygon);
  if (signedArea(drawn) === 0) throw new EditError('bad-polygon', message('the drawn polygon has no area', 'das gezeichnete Vieleck hat keine Fläche'));
  if (Math.sign(signedArea(drawn)) !== outerSign(topology)) drawn = drawn.reverse();
  const draft = draftOf(topology);
  const box = boxOf(drawn);
  const nearby = new Set<number>();
  draft.arcs.forEach((arc, index) => arc && boxesOverlap(arcBox(arc), box) && nearby.add(index));
  const crossings = lineCrossings(draft, drawn, nearby);
  // The ring's start is also its end: a crossing there is found at both.
  if (crossings.length > 1 && samePoint(crossings[0]!.point, crossings[crossings.length - 1]!.point)) crossings.pop();
  if (crossings.some((hit) => hit.collinear)) {
    throw new EditError(
      'bad-polygon',
      message(
        'the drawn polygon runs along a boundary; draw it across',
        'das gezeichnete Vieleck läuft entlang einer Grenze; zeichnen Sie es so, dass es die Grenze kreuzt',
      ),
    );
  }
  // Cut the drawn ring at the crossings into pieces, each inside one area or outside all.
  const nodes = crossings.map((hit) => ({ along: hit.along, point: insertNode(draft, hit.point, within) }));
  const pieces = cutAtCrossings(drawn, nodes);
  const liveAreas = draft.areas.map((area, index) => ({ area, index })).filter((entry): entry is { area: TopologyArea; index: number } => entry.area !== null);
  const geometries = new Map<number, Position[][][]>();
  const geometryOf = (index: number) => {
    let polygons = geometries.get(index);
    if (!polygons) geometries.set(index, (polygons = areaPolygons(draft, draft.areas[index]!)));
    return polygons;
  };
  const affected = new Set<number>();
  const pieceArcs: number[] = [];
  for (const piece of pieces) {
    if (piece.length < 2) continue;
    const probe: Position = piece.length > 2 ? piece[1]! : [(piece[0]![0]! + piece[1]![0]!) / 2, (piece[0]![1]! + piece[1]![1]!) / 2];
    const probeBox: Box = [probe[0]!, probe[1]!, probe[0]!, probe[1]!];
    const holder = liveAreas.find(({ area, index }) => boxesOverlap(areaBox(draft, area), probeBox) && containsPoint(geometryOf(index), probe) === 1);
    if (!holder) continue;
    affected.add(holder.index);
    draft.arcs.push(piece);
    pieceArcs.push(draft.arcs.length - 1);
  }
  // Areas the drawn polygon covers entirely.
  for (const { area, index } of liveAreas) {
    if (affected.has(index)) continue;
    if (!boxesOverlap(areaBox(draft, area), box)) continue;
    const outer = ringPositions(draft, area.polygons[0]![0]!);
    if (ringInside(outer, drawn)) affected.add(index);
  }
  if (affected.size === 0) throw new EditError('bad-polygon', message('the drawn polygon lies in no area', 'das gezeichnete Vieleck liegt in keinem Gebiet'));
  const owner = new Map<ArcRef, number>();
  for (const index of affected) for (const ref of allRefs(draft.areas[index]!)) owner.set(ref, index);
  const pieceSet = new Set(pieceArcs);
  const rings = traceRings(draft, [...owner.keys(), ...pieceArcs, ...pieceArcs.map((index) => ~index)]);
  const polygons = groupRings(draft, rings);
  const byLabel = labelFaces(draft, polygons, drawn, owner, pieceSet);
  const carved = byLabel.get(CARVED);
  if (!carved)
    throw new EditError('bad-polygon', message('the drawn polygon covers no part of an area', 'das gezeichnete Vieleck überdeckt keinen Teil eines Gebiets'));
  const { kept, inner } = dissolve(carved.flat(2));
  const newPolygons = groupRings(draft, traceRings(draft, kept));
  for (const index of affected) {
    const parts = byLabel.get(index);
    draft.areas[index] = parts ? { ...draft.areas[index]!, polygons: parts } : null;
  }
  draft.areas.push({
    key,
    ...(options.name !== undefined ? { name: options.name } : {}),
    properties: { ...(options.properties ?? {}) },
    polygons: newPolygons,
  });
  const ends = arcEnds(draft, [...inner, ...pieceArcs]);
  dropUnusedArcs(draft, [...inner, ...pieceArcs]);
  healNodes(draft, ends);
  assertRingsKeepShape(draft, [...affected, draft.areas.length - 1]);
  return patchOf(draft, message(`carve ${key}`, `neues Gebiet ${key}`));
}

/** The drawn ring cut at the nodes inserted where it crosses arcs (in order along it), or whole when it crosses none. */
function cutAtCrossings(drawn: readonly Position[], nodes: readonly { along: number; point: Position }[]): Position[][] {
  const pieces: Position[][] = [];
  if (nodes.length === 0) {
    pieces.push([...drawn]);
  } else {
    const count = drawn.length - 1;
    for (let n = 0; n < nodes.length; n += 1) {
      const a = nodes[n]!;
      const b = nodes[(n + 1) % nodes.length]!;
      const piece: Position[] = [a.point];
      const end = n + 1 < nodes.length ? b.along : b.along + count;
      for (let i = Math.floor(a.along) + 1; i < end; i += 1) if (i > a.along) piece.push(drawn[i % count]!);
      piece.push(b.point);
      pieces.push(withoutRepeats(piece));
    }
  }
  return pieces;
}

/** The label of the faces that make up the carved area; every other face is labelled with the area it stays in. */
const CARVED = -1;

/** The faces traced after the cut, by the area each belongs to (CARVED for the new area). */
function labelFaces(
  draft: Draft,
  polygons: readonly ArcRef[][][],
  drawn: readonly Position[],
  owner: ReadonlyMap<ArcRef, number>,
  pieceSet: ReadonlySet<number>,
): Map<number, ArcRef[][][]> {
  const byLabel = new Map<number, ArcRef[][][]>();
  for (const polygon of polygons) {
    const refs = polygon.flat();
    let label: number | undefined;
    // Pieces run the outer way round the drawn polygon, so faces inside it use them forwards, faces outside backwards.
    if (refs.some((ref) => ref >= 0 && pieceSet.has(ref))) label = CARVED;
    else if (refs.some((ref) => ref < 0 && pieceSet.has(~ref))) label = undefined;
    else label = pointInRing(innerPoint(polygon.map((ring) => ringPositions(draft, ring))), drawn) === 1 ? CARVED : undefined;
    if (label === undefined) {
      const owners = new Set(refs.map((ref) => owner.get(ref)).filter((value): value is number => value !== undefined));
      if (owners.size !== 1) {
        throw new EditError(
          'inconsistent-topology',
          message(
            'a piece left over by the carve belongs to no single area',
            'ein beim Ausschneiden übrig gebliebenes Stück gehört zu keinem einzelnen Gebiet',
          ),
        );
      }
      label = [...owners][0]!;
    }
    const list = byLabel.get(label);
    if (list) list.push(polygon);
    else byLabel.set(label, [polygon]);
  }
  return byLabel;
}
