// Building blocks on arcs: boxes, the nearest arc point, nodes inserted into arcs and healed again, crossings of a line.
import type { Position } from 'geojson';
import { message } from '../../errors.js';
import { formatPoint as format } from '../format.js';
import { boxOf, boxesOverlap, nearestOnSegment, samePoint, segmentIntersection, unionBox, type Box } from '../../geometry/index.js';
import { arcIndex, arcPositions, arcUsers, type ArcRef, type Topology, type TopologyArea } from '../topology.js';
import { EditError, type Draft } from './edit.js';

const boxCache = new WeakMap<Position[], Box>();

export function arcBox(arc: Position[]): Box {
  let box = boxCache.get(arc);
  if (!box) {
    box = boxOf(arc);
    boxCache.set(arc, box);
  }
  return box;
}

/** The box around all arcs of an area. */
export function areaBox(topology: Topology, area: TopologyArea): Box {
  const boxes: Box[] = [];
  for (const ref of allRefs(area)) {
    const arc = topology.arcs[arcIndex(ref)];
    if (arc) boxes.push(arcBox(arc));
  }
  return unionBox(boxes);
}

/** The nearest point on any arc to `point`: arc index, segment, the point and its distance. */
function nearestArcPoint(topology: Topology, point: Position, within: number, onlyArcs?: ReadonlySet<number>) {
  let best: { arc: number; segment: number; point: [number, number]; distance: number } | undefined;
  const probe: Box = [point[0]!, point[1]!, point[0]!, point[1]!];
  topology.arcs.forEach((arc, index) => {
    if (!arc || (onlyArcs && !onlyArcs.has(index))) return;
    if (!boxesOverlap(arcBox(arc), probe, within)) return;
    for (let segment = 0; segment + 1 < arc.length; segment += 1) {
      const hit = nearestOnSegment(point, arc[segment]!, arc[segment + 1]!);
      if (!best || hit.distance < best.distance) best = { arc: index, segment, point: hit.point, distance: hit.distance };
    }
  });
  return best && best.distance <= within ? best : undefined;
}

/** True when some arc other than `except` starts or ends at the point. */
function isArcEnd(topology: Topology, point: Position, except: number): boolean {
  return topology.arcs.some((arc, index) => arc && index !== except && (samePoint(arc[0]!, point) || samePoint(arc[arc.length - 1]!, point)));
}

/**
 * Makes the point (on an arc, within `within`) a node: the arc is cut there in two and every ring that runs along
 * it runs along both halves. A point within `within` of a vertex takes that vertex. A closed arc that is a whole
 * ring is only turned to start there. Returns the node's exact position.
 */
export function insertNode(draft: Draft, point: Position, within: number, onlyArcs?: ReadonlySet<number>): [number, number] {
  const hit = nearestArcPoint(draft, point, within, onlyArcs);
  if (!hit) {
    throw new EditError(
      'not-on-boundary',
      message(`the point ${format(point)} is not on the boundary of an area`, `der Punkt ${format(point, 'de')} liegt auf keiner Gebietsgrenze`),
    );
  }
  const arc = draft.arcs[hit.arc]!;
  const a = arc[hit.segment]!;
  const b = arc[hit.segment + 1]!;
  let positions = arc;
  let k: number;
  if (Math.hypot(a[0]! - hit.point[0], a[1]! - hit.point[1]) <= within) k = hit.segment;
  else if (Math.hypot(b[0]! - hit.point[0], b[1]! - hit.point[1]) <= within) k = hit.segment + 1;
  else {
    positions = [...arc.slice(0, hit.segment + 1), hit.point, ...arc.slice(hit.segment + 1)];
    k = hit.segment + 1;
  }
  const last = positions.length - 1;
  const node = positions[k]!;
  if (k === 0 || k === last) return [node[0]!, node[1]!];
  if (samePoint(positions[0]!, positions[last]!) && !isArcEnd(draft, positions[0]!, hit.arc)) {
    draft.arcs[hit.arc] = [...positions.slice(k, last), ...positions.slice(0, k + 1)];
    return [node[0]!, node[1]!];
  }
  const first = positions.slice(0, k + 1);
  const second = positions.slice(k);
  const index = hit.arc;
  draft.arcs[index] = first;
  draft.arcs.push(second);
  const added = draft.arcs.length - 1;
  draft.areas.forEach((area, areaIndex) => {
    if (!area || !area.polygons.some((polygon) => polygon.some((ring) => ring.some((ref) => arcIndex(ref) === index)))) return;
    draft.areas[areaIndex] = {
      ...area,
      polygons: area.polygons.map((polygon) =>
        polygon.map((ring) => ring.flatMap((ref) => (ref === index ? [index, added] : ref === ~index ? [~added, ~index] : [ref]))),
      ),
    };
  });
  return [node[0]!, node[1]!];
}

/** Removes arcs from `candidates` that no ring uses any more. */
export function dropUnusedArcs(draft: Draft, candidates: Iterable<number>): void {
  const users = arcUsers(draft);
  for (const index of candidates) if ((users[index]?.length ?? 0) === 0) draft.arcs[index] = null;
}

/**
 * Joins the two arcs at each given point where exactly two arcs end and every ring runs through both in a row:
 * after a merge or a reshape such a point no longer separates different neighbours, so it is no node any more.
 */
export function healNodes(draft: Draft, points: readonly Position[]): void {
  const done = new Set<string>();
  for (const point of points) {
    const key = `${point[0]},${point[1]}`;
    if (done.has(key)) continue;
    done.add(key);
    const ends: { arc: number; atStart: boolean }[] = [];
    draft.arcs.forEach((arc, index) => {
      if (!arc) return;
      if (samePoint(arc[0]!, point)) ends.push({ arc: index, atStart: true });
      if (samePoint(arc[arc.length - 1]!, point)) ends.push({ arc: index, atStart: false });
    });
    if (ends.length !== 2 || ends[0]!.arc === ends[1]!.arc) continue;
    const [first, second] = ends as [(typeof ends)[0], (typeof ends)[0]];
    const into: ArcRef = first.atStart ? ~first.arc : first.arc; // runs into the point
    const out: ArcRef = second.atStart ? second.arc : ~second.arc; // runs on from it
    const users = arcUsers(draft);
    const uses = [...(users[first.arc] ?? []), ...(users[second.arc] ?? [])];
    if (uses.length === 0) continue;
    // Every ring must pass from one arc straight into the other, one way or the other.
    const follows = (ring: ArcRef[], a: ArcRef, b: ArcRef) => ring.some((ref, i) => ref === a && ring[(i + 1) % ring.length] === b);
    const rings = new Set(uses.map((use) => `${use.area}/${use.polygon}/${use.ring}`));
    let joinable = true;
    for (const id of rings) {
      const [area, polygon, ring] = id.split('/').map(Number) as [number, number, number];
      const refs = draft.areas[area]!.polygons[polygon]![ring]!;
      const pairs = refs.filter((ref) => arcIndex(ref) === first.arc).length;
      const forward = follows(refs, into, out) ? 1 : 0;
      const backward = follows(refs, ~out, ~into) ? 1 : 0;
      if (pairs !== forward + backward || refs.filter((ref) => arcIndex(ref) === second.arc).length !== pairs) joinable = false;
    }
    if (!joinable) continue;
    const joined = [...arcPositions(draft, into), ...arcPositions(draft, out).slice(1)];
    draft.arcs[first.arc] = into >= 0 ? joined : joined.reverse();
    draft.arcs[second.arc] = null;
    for (const id of rings) {
      const [area, polygon, ring] = id.split('/').map(Number) as [number, number, number];
      const current = draft.areas[area]!;
      const refs = current.polygons[polygon]![ring]!;
      const kept = refs.filter((ref) => arcIndex(ref) !== second.arc);
      draft.areas[area] = {
        ...current,
        polygons: current.polygons.map((p, pi) => (pi !== polygon ? p : p.map((r, ri) => (ri !== ring ? r : kept)))),
      };
    }
  }
}

/** The end points of arcs, for healing the nodes an operation may have left without a reason. */
export function arcEnds(topology: Topology, indices: Iterable<number>): Position[] {
  const points: Position[] = [];
  for (const index of indices) {
    const arc = topology.arcs[index];
    if (arc) points.push(arc[0]!, arc[arc.length - 1]!);
  }
  return points;
}

export function allRefs(area: TopologyArea): ArcRef[] {
  return area.polygons.flat(2);
}

/** Crossings of a polyline with a set of arcs, in order along the line. */
export function lineCrossings(topology: Topology, line: readonly Position[], arcs: Iterable<number>) {
  const hits: { along: number; point: [number, number]; arc: number; collinear: boolean }[] = [];
  const lineBox = boxOf(line);
  for (const index of arcs) {
    const arc = topology.arcs[index];
    if (!arc || !boxesOverlap(arcBox(arc), lineBox)) continue;
    for (let i = 0; i + 1 < line.length; i += 1) {
      const segmentBox = boxOf([line[i]!, line[i + 1]!]);
      if (!boxesOverlap(arcBox(arc), segmentBox)) continue;
      for (let j = 0; j + 1 < arc.length; j += 1) {
        const hit = segmentIntersection(line[i]!, line[i + 1]!, arc[j]!, arc[j + 1]!);
        if (hit) hits.push({ along: i + hit.t, point: hit.point, arc: index, collinear: hit.collinear });
      }
    }
  }
  hits.sort((a, b) => a.along - b.along);
  // A line through a vertex meets both segments at it (and every arc at a node): one crossing.
  return hits.filter((hit, index) => index === 0 || !samePoint(hit.point, hits[index - 1]!.point));
}
