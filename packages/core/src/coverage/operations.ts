// Editing operations on a topology (split, merge, move a vertex or an edge, follow a barrier, carve, rename); each keeps the partition and returns one undoable patch.
import type { Position } from 'geojson';
import { germanNumber, message, type Message } from '../errors.js';
import { formatKeys, formatPoint as format } from './format.js';
import {
  boxOf,
  boxesOverlap,
  nearestOnSegment,
  pointInPolygon,
  pointInRing,
  polygonArea,
  samePoint,
  segmentIntersection,
  signedArea,
  unionBox,
  type Box,
} from '../geometry/index.js';
import { innerPoint } from './geometry.js';
import { arcIndex, arcPositions, arcUsers, findArea, ringPositions, type ArcRef, type Topology, type TopologyArea } from './topology.js';

export type EditErrorCode =
  | 'unknown-area'
  | 'duplicate-key'
  | 'bad-line'
  | 'not-contiguous'
  | 'not-on-boundary'
  | 'would-cross'
  | 'would-flip'
  | 'bad-polygon'
  | 'inconsistent-topology';

/**
 * An edit that cannot be done as asked; nothing has changed. The text says why and, where it can, where, in both
 * languages; `message` is the English one.
 */
export class EditError extends Error {
  readonly code: EditErrorCode;
  /** Why, in English and German; show it with `messageText(error, language)`. */
  readonly text: Message;
  constructor(code: EditErrorCode, text: Message) {
    super(text.en);
    this.name = 'EditError';
    this.code = code;
    this.text = text;
  }
}

/**
 * One undoable step: the arcs and areas it changed, each with the value before and after, and the lengths of
 * both lists before and after. Undo writes the `before` values back, so it restores the exact coordinates rather
 * than computing them again. Plain JSON, like the topology.
 */
export interface TopologyPatch {
  /** What the step did, for an undo button's title: "split 01100101". */
  label: string;
  /** The label in English and German, for a history list in the user's language (older saved steps lack it). */
  text?: Message;
  arcs: [index: number, before: Position[] | null, after: Position[] | null][];
  areas: [index: number, before: TopologyArea | null, after: TopologyArea | null][];
  arcCount: [before: number, after: number];
  areaCount: [before: number, after: number];
}

/** What a step changed, by key, so that the caller recomputes only those areas (population, styling). */
export interface EditResult {
  label: string;
  text?: Message;
  /** Areas that existed before and after and whose geometry or key/name changed (by key after the step). */
  changed: string[];
  added: string[];
  removed: string[];
}

/** Applies a patch forwards (do, redo) or backwards (undo) to the topology, in place. */
export function applyPatch(topology: Topology, patch: TopologyPatch, direction: 'forward' | 'backward'): void {
  const forward = direction === 'forward';
  const at = forward ? 2 : 1;
  const arcCount = patch.arcCount[forward ? 1 : 0];
  const areaCount = patch.areaCount[forward ? 1 : 0];
  while (topology.arcs.length < arcCount) topology.arcs.push(null);
  while (topology.areas.length < areaCount) topology.areas.push(null);
  for (const entry of patch.arcs) if (entry[0] < arcCount) topology.arcs[entry[0]] = entry[at] as Position[] | null;
  for (const entry of patch.areas) if (entry[0] < areaCount) topology.areas[entry[0]] = entry[at] as TopologyArea | null;
  topology.arcs.length = arcCount;
  topology.areas.length = areaCount;
}

/** The keys a patch touched, read forwards or backwards. */
export function describePatch(topology: Topology, patch: TopologyPatch, direction: 'forward' | 'backward'): EditResult {
  const forward = direction === 'forward';
  const changed = new Set<string>();
  const added: string[] = [];
  const removed: string[] = [];
  for (const [, before, after] of patch.areas) {
    const [from, to] = forward ? [before, after] : [after, before];
    if (!from && to) added.push(to.key);
    else if (from && !to) removed.push(from.key);
    else if (to) changed.add(to.key);
  }
  // Areas whose own entry did not change still change shape when an arc they run along moved.
  const movedArcs = new Set(patch.arcs.map(([index]) => index));
  if (movedArcs.size > 0) {
    for (const area of topology.areas) {
      if (!area || added.includes(area.key)) continue;
      if (area.polygons.some((polygon) => polygon.some((ring) => ring.some((ref) => movedArcs.has(arcIndex(ref)))))) changed.add(area.key);
    }
  }
  return { label: patch.label, ...(patch.text ? { text: patch.text } : {}), changed: [...changed], added, removed };
}

/**
 * A copy of the topology's slot lists that an operation changes freely; arcs and areas themselves are never
 * changed in place but replaced, so the patch can keep the old ones as they were.
 */
interface Draft extends Topology {
  base: Topology;
}

function draftOf(topology: Topology): Draft {
  return { ...topology, arcs: [...topology.arcs], areas: [...topology.areas], base: topology };
}

function patchOf(draft: Draft, text: Message): TopologyPatch {
  const base = draft.base;
  const arcs: TopologyPatch['arcs'] = [];
  const areas: TopologyPatch['areas'] = [];
  for (let i = 0; i < Math.max(base.arcs.length, draft.arcs.length); i += 1) {
    const before = i < base.arcs.length ? base.arcs[i]! : null;
    const after = i < draft.arcs.length ? draft.arcs[i]! : null;
    if (before !== after) arcs.push([i, before, after]);
  }
  for (let i = 0; i < Math.max(base.areas.length, draft.areas.length); i += 1) {
    const before = i < base.areas.length ? base.areas[i]! : null;
    const after = i < draft.areas.length ? draft.areas[i]! : null;
    if (before !== after) areas.push([i, before, after]);
  }
  return { label: text.en, text, arcs, areas, arcCount: [base.arcs.length, draft.arcs.length], areaCount: [base.areas.length, draft.areas.length] };
}

const outerSign = (topology: Topology) => (topology.winding === 'ccw' ? 1 : -1);

function areaAt(topology: Topology, key: string): { index: number; area: TopologyArea } {
  const index = findArea(topology, key);
  if (index === -1) throw new EditError('unknown-area', message(`there is no area "${key}"`, `es gibt kein Gebiet „${key}“`));
  return { index, area: topology.areas[index]! };
}

function areaPolygons(topology: Topology, area: TopologyArea): Position[][][] {
  return area.polygons.map((polygon) => polygon.map((ring) => ringPositions(topology, ring)));
}

function containsPoint(polygons: Position[][][], point: Position, epsilon = 0): 1 | 0 | -1 {
  let result: 1 | 0 | -1 = -1;
  for (const polygon of polygons) {
    const where = pointInPolygon(point, polygon, epsilon);
    if (where === 1) return 1;
    if (where === 0) result = 0;
  }
  return result;
}

// ---------------------------------------------------------------------------------------------------------------
// Building blocks: bounding boxes, nodes on arcs, faces

const boxCache = new WeakMap<Position[], Box>();
function arcBox(arc: Position[]): Box {
  let box = boxCache.get(arc);
  if (!box) {
    box = boxOf(arc);
    boxCache.set(arc, box);
  }
  return box;
}

/** The box around all arcs of an area. */
function areaBox(topology: Topology, area: TopologyArea): Box {
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
function insertNode(draft: Draft, point: Position, within: number, onlyArcs?: ReadonlySet<number>): [number, number] {
  const hit = nearestArcPoint(draft, point, within, onlyArcs);
  if (!hit) {
    throw new EditError('not-on-boundary', message(`the point ${format(point)} is not on the boundary of an area`, `der Punkt ${format(point, 'de')} liegt auf keiner Gebietsgrenze`));
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

/** The angle of the first segment of a directed arc, and of its last segment seen backwards from its end. */
function directions(topology: Topology, ref: ArcRef): { start: Position; end: Position; out: number; back: number } {
  const positions = arcPositions(topology, ref);
  const start = positions[0]!;
  const second = positions[1]!;
  const end = positions[positions.length - 1]!;
  const beforeEnd = positions[positions.length - 2]!;
  return {
    start,
    end,
    out: Math.atan2(second[1]! - start[1]!, second[0]! - start[0]!),
    back: Math.atan2(beforeEnd[1]! - end[1]!, beforeEnd[0]! - end[0]!),
  };
}

const TAU = 2 * Math.PI;

/**
 * The closed rings (faces and holes) that a set of directed arcs bounds. At every node the walk takes the arc that
 * turns furthest towards the inside (left for counter-clockwise outer rings), so a region cut by new arcs falls
 * apart into its pieces, and a set with shared arcs removed chains into the outline of the union.
 */
function traceRings(topology: Topology, refs: readonly ArcRef[]): ArcRef[][] {
  const inward = outerSign(topology);
  const info = refs.map((ref) => directions(topology, ref));
  const outgoing = new Map<string, number[]>();
  info.forEach(({ start }, index) => {
    const key = `${start[0]},${start[1]}`;
    const list = outgoing.get(key);
    if (list) list.push(index);
    else outgoing.set(key, [index]);
  });
  const used = new Uint8Array(refs.length);
  const rings: ArcRef[][] = [];
  for (let first = 0; first < refs.length; first += 1) {
    if (used[first]) continue;
    const ring: ArcRef[] = [];
    let current = first;
    for (let steps = 0; ; steps += 1) {
      if (steps > refs.length) throw new EditError('inconsistent-topology', message('the arcs do not close into rings', 'die Grenzlinien schließen sich nicht zu Ringen'));
      used[current] = 1;
      ring.push(refs[current]!);
      const { end, back } = info[current]!;
      const candidates = outgoing.get(`${end[0]},${end[1]}`) ?? [];
      let next = -1;
      let bestTurn = Infinity;
      for (const candidate of candidates) {
        if (refs[candidate] === ~refs[current]! && candidates.length > 1) continue;
        let turn = ((inward > 0 ? back - info[candidate]!.out : info[candidate]!.out - back) % TAU + TAU) % TAU;
        if (turn === 0) turn = TAU;
        if (turn < bestTurn) {
          bestTurn = turn;
          next = candidate;
        }
      }
      if (next === -1) throw new EditError('inconsistent-topology', message(`the boundary is open at ${format(end)}`, `die Grenze ist bei ${format(end, 'de')} offen`));
      if (next === first) break;
      if (used[next]) {
        throw new EditError('inconsistent-topology', message(`the boundary runs twice through ${format(end)}`, `die Grenze läuft zweimal durch ${format(end, 'de')}`));
      }
      current = next;
    }
    rings.push(ring);
  }
  return rings;
}

/**
 * Rings sorted into polygons: rings that run the outer way are outer rings, the others are holes of the smallest
 * outer ring around them. Rings without area (an arc walked there and back) are left out.
 */
function groupRings(topology: Topology, rings: readonly ArcRef[][]): ArcRef[][][] {
  const sign = outerSign(topology);
  const outers: { refs: ArcRef[]; positions: Position[]; area: number; holes: ArcRef[][] }[] = [];
  const holes: { refs: ArcRef[]; positions: Position[] }[] = [];
  for (const refs of rings) {
    const positions = ringPositions(topology, refs);
    const area = signedArea(positions);
    if (area === 0) continue;
    if (Math.sign(area) === sign) outers.push({ refs, positions, area: Math.abs(area), holes: [] });
    else holes.push({ refs, positions });
  }
  for (const hole of holes) {
    let container: (typeof outers)[number] | undefined;
    for (const outer of outers) {
      if (container && outer.area >= container.area) continue;
      if (ringInside(hole.positions, outer.positions)) container = outer;
    }
    if (!container) {
      const at = hole.positions[0]!;
      throw new EditError('inconsistent-topology', message(`a hole at ${format(at)} lies in no outer ring`, `ein Loch bei ${format(at, 'de')} liegt in keinem äußeren Ring`));
    }
    container.holes.push(hole.refs);
  }
  return outers.map((outer) => [outer.refs, ...outer.holes]);
}

/** Whether ring `inner` lies inside ring `outer`, judged by its first vertex that is not on `outer`. */
function ringInside(inner: readonly Position[], outer: readonly Position[]): boolean {
  for (const point of inner) {
    const where = pointInRing(point, outer);
    if (where !== 0) return where === 1;
  }
  for (let i = 0; i + 1 < inner.length; i += 1) {
    const a = inner[i]!;
    const b = inner[i + 1]!;
    const where = pointInRing([(a[0]! + b[0]!) / 2, (a[1]! + b[1]!) / 2], outer);
    if (where !== 0) return where === 1;
  }
  return false;
}

/** The refs of polygons, with arcs that appear in both directions removed: the outline of the union. */
function dissolve(refs: readonly ArcRef[]): { kept: ArcRef[]; inner: number[] } {
  const present = new Set(refs);
  const kept: ArcRef[] = [];
  const inner = new Set<number>();
  for (const ref of refs) {
    if (present.has(~ref)) inner.add(arcIndex(ref));
    else kept.push(ref);
  }
  return { kept, inner: [...inner] };
}

/** Removes arcs from `candidates` that no ring uses any more. */
function dropUnusedArcs(draft: Draft, candidates: Iterable<number>): void {
  const users = arcUsers(draft);
  for (const index of candidates) if ((users[index]?.length ?? 0) === 0) draft.arcs[index] = null;
}

/**
 * Joins the two arcs at each given point where exactly two arcs end and every ring runs through both in a row:
 * after a merge or a reshape such a point no longer separates different neighbours, so it is no node any more.
 */
function healNodes(draft: Draft, points: readonly Position[]): void {
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
function arcEnds(topology: Topology, indices: Iterable<number>): Position[] {
  const points: Position[] = [];
  for (const index of indices) {
    const arc = topology.arcs[index];
    if (arc) points.push(arc[0]!, arc[arc.length - 1]!);
  }
  return points;
}

function allRefs(area: TopologyArea): ArcRef[] {
  return area.polygons.flat(2);
}

/** Every ring of the given areas keeps its winding and some area; throws otherwise. */
function assertRingsKeepShape(draft: Draft, areaIndices: Iterable<number>): void {
  const sign = outerSign(draft);
  for (const index of areaIndices) {
    const area = draft.areas[index];
    if (!area) continue;
    area.polygons.forEach((polygon) =>
      polygon.forEach((ring, ringIndex) => {
        const area2 = signedArea(ringPositions(draft, ring));
        const wanted = ringIndex === 0 ? sign : -sign;
        if (Math.sign(area2) !== wanted) {
          throw new EditError(
            'would-flip',
            message(
              `a ring of area "${area.key}" would turn inside out or lose all its area`,
              `ein Ring des Gebiets „${area.key}“ würde sich umstülpen oder seine ganze Fläche verlieren`,
            ),
          );
        }
      }),
    );
  }
}

/** The lines an operation checks, named in its messages. */
const LINE_NAMES = {
  split: message('the split line', 'die Teilungslinie'),
  barrier: message('the barrier stretch', 'der Abschnitt der Barriere'),
  polygon: message('the drawn polygon', 'das gezeichnete Vieleck'),
};

function assertSimpleLine(line: readonly Position[], what: Message): void {
  for (let i = 0; i + 1 < line.length; i += 1) {
    for (let j = i + 2; j + 1 < line.length; j += 1) {
      if (i === 0 && j + 2 === line.length && samePoint(line[0]!, line[line.length - 1]!)) continue;
      const hit = segmentIntersection(line[i]!, line[i + 1]!, line[j]!, line[j + 1]!);
      if (hit) throw new EditError('bad-line', message(`${what.en} crosses itself at ${format(hit.point)}`, `${what.de} kreuzt sich selbst bei ${format(hit.point, 'de')}`));
    }
  }
}

function withoutRepeats(line: readonly Position[]): Position[] {
  const result: Position[] = [];
  for (const point of line) {
    if (!Array.isArray(point) || !Number.isFinite(point[0]) || !Number.isFinite(point[1])) {
      throw new EditError(
        'bad-line',
        message(
          `the line has a position that is not two finite numbers: ${JSON.stringify(point)}`,
          `die Linie hat einen Punkt, der nicht aus zwei endlichen Zahlen besteht: ${JSON.stringify(point)}`,
        ),
      );
    }
    if (result.length === 0 || !samePoint(result[result.length - 1]!, point)) result.push([point[0]!, point[1]!]);
  }
  return result;
}

/** A key no live area has: the wanted one, checked, or `base-2`, `base-3`, … */
function freeKey(topology: Topology, wanted: string | undefined, base: string): string {
  if (wanted !== undefined) {
    if (wanted.trim() === '') throw new EditError('duplicate-key', message('a key must not be empty', 'ein Schlüssel darf nicht leer sein'));
    if (findArea(topology, wanted) !== -1) {
      throw new EditError('duplicate-key', message(`the key "${wanted}" is already taken`, `der Schlüssel „${wanted}“ ist schon vergeben`));
    }
    return wanted;
  }
  for (let n = 2; ; n += 1) if (findArea(topology, `${base}-${n}`) === -1) return `${base}-${n}`;
}

/** Crossings of a polyline with a set of arcs, in order along the line. */
function lineCrossings(topology: Topology, line: readonly Position[], arcs: Iterable<number>) {
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

// ---------------------------------------------------------------------------------------------------------------
// Operations

export interface EditOptions {
  /** How far a point given as "on the boundary" may lie from it, in metres [0.01]. */
  within?: number;
}

/**
 * Splits an area along a drawn line. The line must enter the area once and leave it once (start and end lie
 * outside, or on the boundary); the part between becomes a new shared edge. The larger part keeps the key and
 * name, the other gets `newKey` (default `<key>-2`, …) and `newName` (default: the same name).
 */
export function splitArea(
  topology: Topology,
  key: string,
  line: readonly Position[],
  options: EditOptions & { newKey?: string; newName?: string } = {},
): TopologyPatch {
  const within = options.within ?? 0.01;
  const { index, area } = areaAt(topology, key);
  const drawn = withoutRepeats(line);
  if (drawn.length < 2) {
    throw new EditError('bad-line', message('the split line needs at least two different points', 'die Teilungslinie braucht mindestens zwei verschiedene Punkte'));
  }
  assertSimpleLine(drawn, LINE_NAMES.split);
  const newKey = freeKey(topology, options.newKey, key);
  const draft = draftOf(topology);
  const own = new Set(allRefs(area).map(arcIndex));
  const crossings = lineCrossings(draft, drawn, own);
  if (crossings.some((hit) => hit.collinear)) {
    throw new EditError(
      'bad-line',
      message(
        `the split line runs along the boundary of area "${key}"; draw it across`,
        `die Teilungslinie läuft entlang der Grenze des Gebiets „${key}“; zeichnen Sie sie quer hindurch`,
      ),
    );
  }
  if (crossings.length !== 2) {
    const n = crossings.length;
    throw new EditError(
      'bad-line',
      message(
        `the split line crosses the boundary of area "${key}" ${n} time${n === 1 ? '' : 's'}; it must cross it exactly twice, entering and leaving once`,
        `die Teilungslinie kreuzt die Grenze des Gebiets „${key}“ ${n === 0 ? 'nicht' : n === 1 ? 'nur einmal' : `${germanNumber(n)}-mal`}; ` +
          'sie muss sie genau zweimal kreuzen, einmal hinein und einmal hinaus',
      ),
    );
  }
  const [enter, leave] = crossings as [(typeof crossings)[0], (typeof crossings)[0]];
  const inside: Position[] = [enter.point];
  for (let i = Math.floor(enter.along) + 1; i <= Math.ceil(leave.along) - 1 && i < drawn.length; i += 1) {
    if (i > enter.along && i < leave.along) inside.push(drawn[i]!);
  }
  inside.push(leave.point);
  const middle = inside.length > 2 ? inside[1]! : [(enter.point[0] + leave.point[0]) / 2, (enter.point[1] + leave.point[1]) / 2];
  if (containsPoint(areaPolygons(topology, area), middle) !== 1) {
    throw new EditError(
      'bad-line',
      message(
        `the split line runs outside area "${key}" between its two crossings`,
        `die Teilungslinie verläuft zwischen ihren beiden Kreuzungen außerhalb des Gebiets „${key}“`,
      ),
    );
  }
  const from = insertNode(draft, enter.point, within);
  const to = insertNode(draft, leave.point, within);
  inside[0] = from;
  inside[inside.length - 1] = to;
  draft.arcs.push(withoutRepeats(inside));
  const cut = draft.arcs.length - 1;
  const current = draft.areas[index]!;
  const rings = traceRings(draft, [...allRefs(current), cut, ~cut]);
  const polygons = groupRings(draft, rings);
  const hasRef = (polygon: ArcRef[][], ref: ArcRef) => polygon.some((ring) => ring.includes(ref));
  const left = polygons.filter((polygon) => hasRef(polygon, cut));
  const right = polygons.filter((polygon) => hasRef(polygon, ~cut));
  if (left.length !== 1 || right.length !== 1 || left[0] === right[0]) {
    throw new EditError('bad-line', message(`the split line does not divide area "${key}" into two parts`, `die Teilungslinie teilt das Gebiet „${key}“ nicht in zwei Teile`));
  }
  const rest = polygons.filter((polygon) => polygon !== left[0] && polygon !== right[0]);
  const size = (polygon: ArcRef[][]) => polygonArea(polygon.map((ring) => ringPositions(draft, ring)));
  const [keep, give] = size(left[0]!) >= size(right[0]!) ? [left[0]!, right[0]!] : [right[0]!, left[0]!];
  draft.areas[index] = { ...current, polygons: [keep, ...rest] };
  const name = options.newName ?? current.name;
  draft.areas.push({
    key: newKey,
    ...(name !== undefined ? { name } : {}),
    properties: { ...current.properties },
    polygons: [give],
  });
  assertRingsKeepShape(draft, [index, draft.areas.length - 1]);
  return patchOf(draft, message(`split ${key}`, `${key} geteilt`));
}

/**
 * Merges two or more areas that together form one contiguous piece (each shares an edge with another). The shared
 * edges disappear; the result keeps the first key and name unless `key` / `name` say otherwise.
 */
export function mergeAreas(topology: Topology, keys: readonly string[], options: { key?: string; name?: string } = {}): TopologyPatch {
  if (keys.length < 2) throw new EditError('not-contiguous', message('merging needs at least two areas', 'zum Zusammenlegen braucht es mindestens zwei Gebiete'));
  if (new Set(keys).size !== keys.length) {
    throw new EditError('duplicate-key', message(`an area is named twice among ${keys.join(', ')}`, `unter ${formatKeys(keys, 'de')} ist ein Gebiet zweimal genannt`));
  }
  const found = keys.map((key) => areaAt(topology, key));
  const draft = draftOf(topology);
  // Contiguity: walk the shared arcs from the first area.
  const users = arcUsers(topology);
  const members = new Set(found.map(({ index }) => index));
  const reached = new Set([found[0]!.index]);
  const queue = [found[0]!.index];
  while (queue.length > 0) {
    const current = queue.pop()!;
    for (const ref of allRefs(topology.areas[current]!)) {
      for (const use of users[arcIndex(ref)] ?? []) {
        if (members.has(use.area) && !reached.has(use.area)) {
          reached.add(use.area);
          queue.push(use.area);
        }
      }
    }
  }
  const apart = found.filter(({ index }) => !reached.has(index)).map(({ area }) => area.key);
  if (apart.length > 0) {
    const one = apart.length === 1;
    throw new EditError(
      'not-contiguous',
      message(
        `${formatKeys(apart)} share${one ? 's' : ''} no edge with "${keys[0]}" or the areas joined to it; only neighbouring areas can be merged`,
        `${formatKeys(apart, 'de')} ${one ? 'hat' : 'haben'} keine gemeinsame Grenze mit „${keys[0]}“ oder den damit verbundenen Gebieten; ` +
          'nur benachbarte Gebiete lassen sich zusammenlegen',
      ),
    );
  }
  const refs = found.flatMap(({ area }) => allRefs(area));
  const { kept, inner } = dissolve(refs);
  const polygons = groupRings(draft, traceRings(draft, kept));
  const first = found[0]!;
  const key = options.key ?? first.area.key;
  if (key !== first.area.key && !keys.includes(key)) freeKey(topology, key, key);
  const name = options.name ?? first.area.name;
  draft.areas[first.index] = { ...first.area, key, ...(name !== undefined ? { name } : {}), polygons };
  for (const { index } of found.slice(1)) draft.areas[index] = null;
  const ends = arcEnds(draft, inner);
  dropUnusedArcs(draft, inner);
  healNodes(draft, ends);
  assertRingsKeepShape(draft, [first.index]);
  return patchOf(draft, message(`merge ${keys.join(', ')}`, `${keys.join(', ')} zusammengelegt`));
}

/**
 * Moves vertices to new places; every arc through a vertex follows, so every area on it does. Each move is
 * [from, to] with `from` an existing vertex (within `within`). Refused when a moved edge would cross another edge,
 * sweep over a vertex of another edge, or turn a ring inside out.
 */
export function moveVertices(topology: Topology, moves: readonly (readonly [Position, Position])[], options: EditOptions & { label?: Message } = {}): TopologyPatch {
  const within = options.within ?? 0.01;
  const draft = draftOf(topology);
  const changed = new Map<number, Set<number>>();
  for (const [from, to] of moves) {
    if (!Number.isFinite(to[0]) || !Number.isFinite(to[1])) {
      throw new EditError('bad-line', message(`the target ${JSON.stringify(to)} is not two finite numbers`, `das Ziel ${JSON.stringify(to)} besteht nicht aus zwei endlichen Zahlen`));
    }
    let hits = 0;
    const probe: Box = [from[0]!, from[1]!, from[0]!, from[1]!];
    topology.arcs.forEach((arc, index) => {
      if (!arc || !boxesOverlap(arcBox(arc), probe, within)) return;
      arc.forEach((point, position) => {
        if (Math.hypot(point[0]! - from[0]!, point[1]! - from[1]!) > within) return;
        hits += 1;
        const updated = draft.arcs[index] === arc ? [...arc] : draft.arcs[index]!;
        updated[position] = [to[0]!, to[1]!];
        draft.arcs[index] = updated;
        let set = changed.get(index);
        if (!set) changed.set(index, (set = new Set()));
        set.add(position);
      });
    });
    if (hits === 0) throw new EditError('not-on-boundary', message(`there is no vertex at ${format(from)}`, `bei ${format(from, 'de')} gibt es keinen Stützpunkt`));
  }
  assertArcChangesClean(topology, draft, changed);
  const users = arcUsers(draft);
  const areas = new Set<number>();
  for (const index of changed.keys()) for (const use of users[index] ?? []) areas.add(use.area);
  assertRingsKeepShape(draft, areas);
  const first = moves[0]?.[0] ?? [0, 0];
  return patchOf(draft, options.label ?? message(`move vertex ${format(first)}`, `Punkt ${format(first, 'de')} verschoben`));
}

/** Moves one vertex (shared or not) to a new place. */
export function moveVertex(topology: Topology, from: Position, to: Position, options: EditOptions = {}): TopologyPatch {
  return moveVertices(topology, [[from, to]], { ...options, label: message(`move vertex ${format(from)}`, `Punkt ${format(from, 'de')} verschoben`) });
}

/** Moves an edge, the segment between two consecutive vertices `a` and `b`, by an offset [dx, dy]. */
export function moveEdge(topology: Topology, a: Position, b: Position, offset: readonly [number, number], options: EditOptions = {}): TopologyPatch {
  const within = options.within ?? 0.01;
  const consecutive = topology.arcs.some((arc) =>
    arc?.some((point, i) => {
      const next = arc[i + 1];
      if (!next) return false;
      const near = (p: Position, q: Position) => Math.hypot(p[0]! - q[0]!, p[1]! - q[1]!) <= within;
      return (near(point, a) && near(next, b)) || (near(point, b) && near(next, a));
    }),
  );
  if (!consecutive) {
    throw new EditError('not-on-boundary', message(`there is no edge from ${format(a)} to ${format(b)}`, `es gibt keine Kante von ${format(a, 'de')} nach ${format(b, 'de')}`));
  }
  const shift = (p: Position): Position => [p[0]! + offset[0], p[1]! + offset[1]];
  return moveVertices(topology, [[a, shift(a)], [b, shift(b)]], { ...options, label: message(`move edge ${format(a)}–${format(b)}`, `Kante ${format(a, 'de')}–${format(b, 'de')} verschoben`) });
}

/**
 * Checks changed arcs: their new segments may not cross or touch other segments except at shared ends, and the
 * region each moved stretch sweeps over may not hold a vertex of another arc (that area would be jumped over).
 */
function assertArcChangesClean(base: Topology, draft: Draft, changed: ReadonlyMap<number, ReadonlySet<number>>): void {
  const moved = new Set<string>();
  for (const [index, positions] of changed) for (const p of positions) {
    const point = draft.arcs[index]![p]!;
    moved.add(`${point[0]},${point[1]}`);
  }
  for (const [index, positions] of changed) {
    const arc = draft.arcs[index]!;
    const old = base.arcs[index]!;
    const segments = new Set<number>();
    for (const p of positions) {
      if (p > 0) segments.add(p - 1);
      if (p + 1 < arc.length) segments.add(p);
    }
    for (const segment of segments) {
      const a = arc[segment]!;
      const b = arc[segment + 1]!;
      if (samePoint(a, b)) {
        throw new EditError(
          'would-cross',
          message(`the move puts two vertices of an edge on the same point ${format(a)}`, `die Verschiebung legt zwei Stützpunkte einer Kante auf denselben Punkt ${format(a, 'de')}`),
        );
      }
      const box = boxOf([a, b]);
      draft.arcs.forEach((other, otherIndex) => {
        if (!other || !boxesOverlap(arcBox(other), box)) return;
        for (let j = 0; j + 1 < other.length; j += 1) {
          if (otherIndex === index && Math.abs(j - segment) <= 0) continue;
          const c = other[j]!;
          const d = other[j + 1]!;
          const hit = segmentIntersection(a, b, c, d);
          if (!hit) continue;
          const sharedEnd = (samePoint(hit.point, a) || samePoint(hit.point, b)) && (samePoint(hit.point, c) || samePoint(hit.point, d));
          if (sharedEnd && !hit.collinear) continue;
          throw new EditError(
            'would-cross',
            message(`the moved edge would cross another edge at ${format(hit.point)}`, `die verschobene Kante würde bei ${format(hit.point, 'de')} eine andere Kante kreuzen`),
          );
        }
      });
    }
    // The swept region: the old stretch there and the new one back.
    const indices = [...positions];
    const from = Math.max(0, Math.min(...indices) - 1);
    const to = Math.min(arc.length - 1, Math.max(...indices) + 1);
    const swept = [...old.slice(from, to + 1), ...arc.slice(from, to + 1).reverse()];
    const sweptBox = boxOf(swept);
    draft.arcs.forEach((other) => {
      if (!other || !boxesOverlap(arcBox(other), sweptBox)) return;
      for (const point of other) {
        if (moved.has(`${point[0]},${point[1]}`) || swept.some((corner) => samePoint(corner, point))) continue;
        if (point[0]! < sweptBox[0] || point[0]! > sweptBox[2] || point[1]! < sweptBox[1] || point[1]! > sweptBox[3]) continue;
        if (pointInRing(point, swept) === 1) {
          throw new EditError(
            'would-cross',
            message(`the move would sweep over the vertex ${format(point)} of another edge`, `die Verschiebung würde den Stützpunkt ${format(point, 'de')} einer anderen Kante überstreichen`),
          );
        }
      }
    });
  }
}

/**
 * Moves the boundary between two neighbouring areas onto a barrier (a road, a railway, a river): from the
 * boundary point `from` to the boundary point `to`, the shared edge is replaced by the stretch of the barrier line
 * between the points nearest to them (joined to them by straight pieces). Both points must lie on the boundary the
 * two areas share, and the new line may cross no other edge.
 */
export function reshapeAlongBarrier(
  topology: Topology,
  from: Position,
  to: Position,
  barrier: readonly Position[],
  options: EditOptions & { maxDistance?: number } = {},
): TopologyPatch {
  const within = options.within ?? 0.01;
  const maxDistance = options.maxDistance ?? 100;
  const line = withoutRepeats(barrier);
  if (line.length < 2) {
    throw new EditError('bad-line', message('the barrier line needs at least two different points', 'die Barrierelinie braucht mindestens zwei verschiedene Punkte'));
  }
  const draft = draftOf(topology);
  const start = insertNode(draft, from, within);
  const end = insertNode(draft, to, within);
  if (samePoint(start, end)) {
    throw new EditError('bad-line', message('the start and end of the reshaped stretch are the same point', 'Anfang und Ende des neu geführten Abschnitts sind derselbe Punkt'));
  }
  // Find two areas whose shared arcs lead from start to end.
  const users = arcUsers(draft);
  const chainOf = (left: number, right: number): ArcRef[] | undefined => {
    const shared: ArcRef[] = [];
    draft.arcs.forEach((arc, index) => {
      if (!arc) return;
      const u = users[index] ?? [];
      const l = u.find((use) => use.area === left);
      if (l && u.some((use) => use.area === right)) shared.push(l.reversed ? ~index : index);
    });
    // Walk from start along the left area's direction, then the other way.
    for (const orientation of [1, -1]) {
      const path: ArcRef[] = [];
      let at: Position = start;
      const seen = new Set<number>();
      for (;;) {
        const step = shared.find((ref) => {
          const directed = orientation === 1 ? ref : ~ref;
          return !seen.has(arcIndex(ref)) && samePoint(arcPositions(draft, directed)[0]!, at);
        });
        if (step === undefined) break;
        const directed = orientation === 1 ? step : ~step;
        seen.add(arcIndex(step));
        path.push(directed);
        const positions = arcPositions(draft, directed);
        at = positions[positions.length - 1]!;
        if (samePoint(at, end)) return path;
      }
    }
    return undefined;
  };
  const candidates = new Set<number>();
  draft.arcs.forEach((arc, index) => {
    if (arc && (samePoint(arc[0]!, start) || samePoint(arc[arc.length - 1]!, start))) for (const use of users[index] ?? []) candidates.add(use.area);
  });
  let pair: [number, number] | undefined;
  let chain: ArcRef[] | undefined;
  const list = [...candidates];
  for (let i = 0; i < list.length && !chain; i += 1) {
    for (let j = i + 1; j < list.length && !chain; j += 1) {
      chain = chainOf(list[i]!, list[j]!);
      if (chain) pair = [list[i]!, list[j]!];
    }
  }
  if (!chain || !pair) {
    throw new EditError(
      'not-on-boundary',
      message(
        `${format(start)} and ${format(end)} are not both on one boundary that two areas share`,
        `${format(start, 'de')} und ${format(end, 'de')} liegen nicht beide auf derselben gemeinsamen Grenze zweier Gebiete`,
      ),
    );
  }
  // The barrier's stretch between the points nearest to start and end.
  const project = (point: Position) => {
    let best = { along: 0, point: [0, 0] as [number, number], distance: Infinity };
    for (let i = 0; i + 1 < line.length; i += 1) {
      const hit = nearestOnSegment(point, line[i]!, line[i + 1]!);
      if (hit.distance < best.distance) best = { along: i + hit.t, point: hit.point, distance: hit.distance };
    }
    return best;
  };
  const a = project(start);
  const b = project(end);
  for (const [name, hit] of [[message('start', 'Anfangspunkt'), a], [message('end', 'Endpunkt'), b]] as const) {
    if (hit.distance > maxDistance) {
      throw new EditError(
        'bad-line',
        message(
          `the barrier passes ${hit.distance.toFixed(1)} m from the ${name.en} point; at most ${maxDistance} m are bridged`,
          `die Barriere verläuft ${germanNumber(hit.distance, 1)} m vom ${name.de} entfernt; höchstens ${germanNumber(maxDistance)} m werden überbrückt`,
        ),
      );
    }
  }
  const forward = a.along <= b.along;
  const [lo, hi] = forward ? [a, b] : [b, a];
  let stretch: Position[] = [lo.point];
  for (let i = Math.floor(lo.along) + 1; i <= hi.along; i += 1) if (i > lo.along && i < hi.along) stretch.push(line[i]!);
  stretch.push(hi.point);
  if (!forward) stretch = stretch.reverse();
  const path = withoutRepeats([start, ...stretch, end]);
  if (path.length < 2) throw new EditError('bad-line', message('the barrier stretch is empty', 'der Abschnitt der Barriere ist leer'));
  assertSimpleLine(path, LINE_NAMES.barrier);
  const chainArcs = new Set(chain.map(arcIndex));
  const others = new Set<number>();
  draft.arcs.forEach((arc, index) => arc && !chainArcs.has(index) && others.add(index));
  for (const hit of lineCrossings(draft, path, others)) {
    if ((samePoint(hit.point, start) || samePoint(hit.point, end)) && !hit.collinear) continue;
    throw new EditError(
      'would-cross',
      message(
        `the barrier stretch crosses another boundary at ${format(hit.point)}; it can only move the edge between the two areas`,
        `der Abschnitt der Barriere kreuzt bei ${format(hit.point, 'de')} eine andere Grenze; er kann nur die Grenze zwischen den beiden Gebieten verschieben`,
      ),
    );
  }
  draft.arcs.push(path);
  const added = draft.arcs.length - 1;
  const [left, right] = pair;
  const owner = new Map<ArcRef, number>();
  for (const areaIndex of pair) for (const ref of allRefs(draft.areas[areaIndex]!)) if (!chainArcs.has(arcIndex(ref))) owner.set(ref, areaIndex);
  const rings = traceRings(draft, [...owner.keys(), added, ~added]);
  const polygons = groupRings(draft, rings);
  const assigned = new Map<number, ArcRef[][][]>([[left, []], [right, []]]);
  for (const polygon of polygons) {
    const owners = new Set(polygon.flat().map((ref) => owner.get(ref)).filter((value): value is number => value !== undefined));
    if (owners.size !== 1) {
      throw new EditError('would-cross', message('the barrier stretch does not run between the two areas', 'der Abschnitt der Barriere verläuft nicht zwischen den beiden Gebieten'));
    }
    assigned.get([...owners][0]!)!.push(polygon);
  }
  for (const [areaIndex, parts] of assigned) {
    if (parts.length === 0) {
      const vanishing = draft.areas[areaIndex]!.key;
      throw new EditError('would-flip', message(`area "${vanishing}" would vanish`, `das Gebiet „${vanishing}“ würde verschwinden`));
    }
    draft.areas[areaIndex] = { ...draft.areas[areaIndex]!, polygons: parts };
  }
  const ends = [start, end, ...arcEnds(draft, chainArcs)];
  dropUnusedArcs(draft, chainArcs);
  healNodes(draft, ends);
  assertRingsKeepShape(draft, pair);
  const [leftKey, rightKey] = [draft.areas[left]!.key, draft.areas[right]!.key];
  return patchOf(draft, message(`reshape ${leftKey}|${rightKey} along a barrier`, `Grenze ${leftKey}|${rightKey} an die Barriere gelegt`));
}

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
    throw new EditError('bad-polygon', message('the drawn polygon needs at least three different points', 'das gezeichnete Vieleck braucht mindestens drei verschiedene Punkte'));
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
      message('the drawn polygon runs along a boundary; draw it across', 'das gezeichnete Vieleck läuft entlang einer Grenze; zeichnen Sie es so, dass es die Grenze kreuzt'),
    );
  }
  // Cut the drawn ring at the crossings into pieces, each inside one area or outside all.
  const nodes = crossings.map((hit) => ({ along: hit.along, point: insertNode(draft, hit.point, within) }));
  const pieces: Position[][] = [];
  if (nodes.length === 0) {
    pieces.push(drawn);
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
  const NEW = -1;
  const byLabel = new Map<number, ArcRef[][][]>();
  for (const polygon of polygons) {
    const refs = polygon.flat();
    let label: number | undefined;
    // Pieces run the outer way round the drawn polygon, so faces inside it use them forwards, faces outside backwards.
    if (refs.some((ref) => ref >= 0 && pieceSet.has(ref))) label = NEW;
    else if (refs.some((ref) => ref < 0 && pieceSet.has(~ref))) label = undefined;
    else label = pointInRing(innerPoint(polygon.map((ring) => ringPositions(draft, ring))), drawn) === 1 ? NEW : undefined;
    if (label === undefined) {
      const owners = new Set(refs.map((ref) => owner.get(ref)).filter((value): value is number => value !== undefined));
      if (owners.size !== 1) {
        throw new EditError(
          'inconsistent-topology',
          message('a piece left over by the carve belongs to no single area', 'ein beim Ausschneiden übrig gebliebenes Stück gehört zu keinem einzelnen Gebiet'),
        );
      }
      label = [...owners][0]!;
    }
    const list = byLabel.get(label);
    if (list) list.push(polygon);
    else byLabel.set(label, [polygon]);
  }
  const carved = byLabel.get(NEW);
  if (!carved) throw new EditError('bad-polygon', message('the drawn polygon covers no part of an area', 'das gezeichnete Vieleck überdeckt keinen Teil eines Gebiets'));
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

/** Gives an area a new key and/or name; keys stay unique and non-empty. */
export function renameArea(topology: Topology, key: string, change: { key?: string; name?: string }): TopologyPatch {
  const { index, area } = areaAt(topology, key);
  const newKey = change.key !== undefined && change.key !== key ? freeKey(topology, change.key, change.key) : key;
  const draft = draftOf(topology);
  const name = change.name ?? area.name;
  draft.areas[index] = { ...area, key: newKey, ...(name !== undefined ? { name } : {}) };
  return patchOf(draft, newKey !== key ? message(`re-key ${key} → ${newKey}`, `Schlüssel ${key} → ${newKey}`) : message(`rename ${key}`, `${key} umbenannt`));
}

/**
 * The outline of the union of areas (all live areas unless keys are given): arcs shared by two of them cancel out,
 * the rest chains into rings, grouped into polygons with holes. Much cheaper than a boolean union, and exact when
 * the areas do not overlap; throws an EditError when the arcs do not close into rings.
 */
export function dissolveOutline(topology: Topology, keys?: readonly string[]): Position[][][] {
  const areas = keys ? keys.map((key) => areaAt(topology, key).area) : topology.areas.filter((area): area is TopologyArea => area !== null);
  const { kept } = dissolve(areas.flatMap(allRefs));
  return groupRings(topology, traceRings(topology, kept)).map((polygon) => polygon.map((ring) => ringPositions(topology, ring)));
}
