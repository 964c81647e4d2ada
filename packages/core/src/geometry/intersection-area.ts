// The area shared by two polygons, measured without building the polygon they share.
//
// By Green's theorem the area of A ∩ B is half the sum of x·dy − y·dx along its outline, and that outline is made of
// the pieces of A's outline that lie inside B, the pieces of B's outline that lie inside A, and the pieces both
// outlines share where they run the same way (where they run opposite ways, A and B lie on either side and share
// nothing there). So each outline is cut where the other crosses it or touches it, and each piece is classified on
// its own: shared when it runs along an edge of the other outline, else inside or outside by the position of its
// middle. No piece depends on the class of its neighbours, so a vertex put a hair off an edge (an edited version's
// split line ending on an old edge) cannot hand a whole stretch of outline to the wrong side, as a walk along the
// outlines did. "A hair" is a distance `tolerance`, far below the centimetres of surveyed boundaries and far above
// the rounding of coordinates: a vertex that close to an edge counts as lying on it.
//
// Each outline's edges are in a tree of boxes over runs of consecutive edges (a ring's edges lie next to each other,
// so the runs are compact), so a pair costs about the edges near the other outline, not the product of both sizes.
// The tree answers in ring order and into a reused buffer: flatbush answers in tree order with a new array per
// question, and allocating for each of the 600,000 edges the Berlin crosswalk asks about cost more than the
// geometry.
import type { Position } from 'geojson';
import type { Box } from './box.js';
import { GrowingArray } from './growing-array.js';

/** A polygon or MultiPolygon prepared for `intersectionArea`: its edges, wound with the inside on their left. */
export interface Outline {
  /** Edge k runs from (x0[k], y0[k]) to (x1[k], y1[k]). */
  x0: Float64Array;
  y0: Float64Array;
  x1: Float64Array;
  y1: Float64Array;
  /** Where each ring's edges end (exclusive), in order: consecutive edges of a ring meet at a vertex. */
  ringEnds: number[];
  box: Box;
  /** Boxes [minX, minY, maxX, maxY] of the edges, then of runs of NODE edges, of runs of NODE runs, up to one. */
  levels: Float64Array[];
}

/** Children per node of the tree of boxes. */
const NODE = 16;

/**
 * A polygon or MultiPolygon (as polygons of rings, outer ring first) prepared for `intersectionArea`. Outer rings are
 * wound counter-clockwise and holes clockwise whichever way the file winds them; edges of no length are dropped.
 */
export function prepareOutline(polygons: readonly (readonly (readonly Position[])[])[]): Outline {
  let capacity = 0;
  for (const polygon of polygons) for (const ring of polygon) capacity += ring.length;
  const x0 = new Float64Array(capacity);
  const y0 = new Float64Array(capacity);
  const x1 = new Float64Array(capacity);
  const y1 = new Float64Array(capacity);
  let leaves = new Float64Array(capacity * 4);
  const ringEnds: number[] = [];
  const box: Box = [Infinity, Infinity, -Infinity, -Infinity];
  let count = 0;
  for (const polygon of polygons) {
    for (let r = 0; r < polygon.length; r += 1) {
      const ring = polygon[r]!;
      const n = ring.length;
      if (n < 3) continue;
      const reverse = ringTurn(ring) > 0 !== (r === 0);
      for (let i = 0; i < n; i += 1) {
        const a = ring[reverse ? n - 1 - i : i]!;
        const b = ring[reverse ? (2 * n - 2 - i) % n : (i + 1) % n]!;
        const ax = a[0]!;
        const ay = a[1]!;
        const bx = b[0]!;
        const by = b[1]!;
        if (ax === bx && ay === by) continue;
        x0[count] = ax;
        y0[count] = ay;
        x1[count] = bx;
        y1[count] = by;
        leaves[4 * count] = ax < bx ? ax : bx;
        leaves[4 * count + 1] = ay < by ? ay : by;
        leaves[4 * count + 2] = ax < bx ? bx : ax;
        leaves[4 * count + 3] = ay < by ? by : ay;
        count += 1;
        if (ax < box[0]) box[0] = ax;
        if (ay < box[1]) box[1] = ay;
        if (ax > box[2]) box[2] = ax;
        if (ay > box[3]) box[3] = ay;
      }
      ringEnds.push(count);
    }
  }
  const outline: Outline = {
    x0: x0.subarray(0, count),
    y0: y0.subarray(0, count),
    x1: x1.subarray(0, count),
    y1: y1.subarray(0, count),
    ringEnds,
    box,
    levels: [],
  };
  leaves = leaves.subarray(0, count * 4);
  outline.levels.push(leaves);
  for (let below = leaves; below.length > 4;) {
    const nodes = Math.ceil(below.length / 4 / NODE);
    const level = new Float64Array(nodes * 4);
    for (let n = 0; n < nodes; n += 1) {
      let minX = Infinity;
      let minY = Infinity;
      let maxX = -Infinity;
      let maxY = -Infinity;
      for (let c = n * NODE * 4; c < Math.min((n + 1) * NODE, below.length / 4) * 4; c += 4) {
        minX = Math.min(minX, below[c]!);
        minY = Math.min(minY, below[c + 1]!);
        maxX = Math.max(maxX, below[c + 2]!);
        maxY = Math.max(maxY, below[c + 3]!);
      }
      level.set([minX, minY, maxX, maxY], n * 4);
    }
    outline.levels.push(level);
    below = level;
  }
  return outline;
}

/** Twice the signed area of a ring (closed or not), positive when counter-clockwise; relative to its first vertex. */
function ringTurn(ring: readonly Position[]): number {
  const ox = ring[0]![0]!;
  const oy = ring[0]![1]!;
  let twice = 0;
  for (let i = 1; i + 1 < ring.length; i += 1) {
    twice += (ring[i]![0]! - ox) * (ring[i + 1]![1]! - oy) - (ring[i + 1]![0]! - ox) * (ring[i]![1]! - oy);
  }
  return twice;
}

/**
 * Numbers handed between the functions below through typed arrays rather than as arguments: V8 passes a fractional
 * number to a function it does not inline as an object on the heap, and with several per edge the garbage collector
 * took as long as the geometry. `query`: the box a search looks in [minX, minY, maxX, maxY], or the point [x, y]
 * whose side is asked; `frame`: eps, the origin (ox, oy) of the pair at hand, and what an edge contributed.
 */
const query = new Float64Array(4);
const frame = new Float64Array(4);

/** The edges whose boxes meet the box in `query`, in ascending order, into `hits` (emptied first). */
/** Edge numbers found by `search`, in a buffer reused from question to question. */
type Hits = GrowingArray<Int32Array>;

function search(outline: Outline, hits: Hits): void {
  hits.length = 0;
  const top = outline.levels.length - 1;
  if (top >= 0) searchLevel(outline.levels, top, 0, outline.levels[top]!.length / 4, hits);
}

function searchLevel(levels: Float64Array[], level: number, from: number, to: number, hits: Hits): void {
  const minX = query[0]!;
  const minY = query[1]!;
  const maxX = query[2]!;
  const maxY = query[3]!;
  const boxes = levels[level]!;
  for (let n = from; n < to; n += 1) {
    const o = 4 * n;
    if (boxes[o]! > maxX || boxes[o + 1]! > maxY || boxes[o + 2]! < minX || boxes[o + 3]! < minY) continue;
    if (level === 0) hits.push(n);
    else searchLevel(levels, level - 1, n * NODE, Math.min((n + 1) * NODE, levels[level - 1]!.length / 4), hits);
  }
}

/** The edges of a run share one search: the tree's nodes above the edges hold runs of 2^RUN = NODE edges. */
const RUN = 4;

/** The items of `from` whose boxes (in `boxes`) meet the box in `query`, into `hits` (emptied first). */
function pick(boxes: Float64Array, from: Hits, hits: Hits): void {
  const minX = query[0]!;
  const minY = query[1]!;
  const maxX = query[2]!;
  const maxY = query[3]!;
  hits.length = 0;
  for (let h = 0; h < from.length; h += 1) {
    const o = 4 * from.data[h]!;
    if (boxes[o]! > maxX || boxes[o + 1]! > maxY || boxes[o + 2]! < minX || boxes[o + 3]! < minY) continue;
    hits.push(from.data[h]!);
  }
}

const inBox = new GrowingArray(new Int32Array(64));
const nearRun = new GrowingArray(new Int32Array(64));
const nearby = new GrowingArray(new Int32Array(64));

/**
 * Relative to the largest coordinate: 1e-14 of 5.8 million metres (UTM northings) is 0.06 µm, about 60 times the
 * rounding of a coordinate there (so a vertex an edit put on an edge counts as on it) and far below the centimetres
 * of surveyed boundaries. 1e-12 (6 µm) already merged a vertex of the 2021 Planungsräume 2–6 µm off an old edge,
 * and missed 0.25 mm² of a 4 m² sliver that GEOS and polygon-clipping measure.
 */
const TOLERANCE = 1e-14;

/**
 * The area of the intersection of two prepared outlines (even-odd inside, so holes and the parts of a MultiPolygon
 * count as they should; parts of one MultiPolygon that overlap each other count twice). Edges of the two outlines
 * that run along each other within `tolerance` count as one.
 */
export function intersectionArea(a: Outline, b: Outline, tolerance?: number): number {
  if (a.x0.length === 0 || b.x0.length === 0) return 0;
  if (a.box[0] > b.box[2] || b.box[0] > a.box[2] || a.box[1] > b.box[3] || b.box[1] > a.box[3]) return 0;
  const eps =
    tolerance ??
    TOLERANCE * Math.max(1, Math.abs(a.box[0]), Math.abs(a.box[1]), Math.abs(a.box[2]), Math.abs(a.box[3]), Math.abs(b.box[2]), Math.abs(b.box[3]));
  // Products taken from the middle of the shared box keep the digits (see flatRingArea).
  const ox = (Math.max(a.box[0], b.box[0]) + Math.min(a.box[2], b.box[2])) / 2;
  const oy = (Math.max(a.box[1], b.box[1]) + Math.min(a.box[3], b.box[3])) / 2;
  frame[0] = eps;
  frame[1] = ox;
  frame[2] = oy;
  const twice = outlineInside(a, b, true) + outlineInside(b, a, false);
  return Math.max(0, twice / 2);
}

/**
 * Twice the area contributed by the pieces of `own`'s outline inside `other`, relative to (ox, oy); with
 * `countShared`, also the pieces both outlines share running the same way (the other call leaves them out).
 */
function outlineInside(own: Outline, other: Outline, countShared: boolean): number {
  const eps = frame[0]!;
  const ox = frame[1]!;
  const oy = frame[2]!;
  const { x0, y0, x1, y1, ringEnds } = own;
  // Only edges that reach the other's box can lie inside it; in ring order, so that a run of edges stays together.
  query[0] = Math.max(other.box[0], own.box[0]) - eps;
  query[1] = Math.max(other.box[1], own.box[1]) - eps;
  query[2] = Math.min(other.box[2], own.box[2]) + eps;
  query[3] = Math.min(other.box[3], own.box[3]) + eps;
  search(own, inBox);
  let twice = 0;
  let ring = 0;
  let previous = -2;
  const runs = own.levels.length > 1 ? own.levels[1]! : undefined;
  let run = -1;
  // The class of the run of edges up to here that no edge of the other came near: 1 inside, -1 outside, 0 not known.
  let known = 0;
  for (let e = 0; e < inBox.length; e += 1) {
    const k = inBox.data[e]!;
    let first = previous < 0;
    while (k >= ringEnds[ring]!) {
      ring += 1;
      first = true;
    }
    // Edges skipped before this one lie outside the other's box, so this one starts outside; a ring's first edge
    // starts anywhere.
    if (first) known = k === (ring === 0 ? 0 : ringEnds[ring - 1]!) ? 0 : -1;
    else if (k !== previous + 1) known = -1;
    previous = k;
    const px = x0[k]!;
    const py = y0[k]!;
    const qx = x1[k]!;
    const qy = y1[k]!;
    if (runs && k >> RUN !== run) {
      // The other's edges near this run of edges, found once for the run; each edge then picks its own among them.
      run = k >> RUN;
      query[0] = runs[4 * run]! - eps;
      query[1] = runs[4 * run + 1]! - eps;
      query[2] = runs[4 * run + 2]! + eps;
      query[3] = runs[4 * run + 3]! + eps;
      search(other, nearRun);
    }
    query[0] = Math.min(px, qx) - eps;
    query[1] = Math.min(py, qy) - eps;
    query[2] = Math.max(px, qx) + eps;
    query[3] = Math.max(py, qy) + eps;
    if (runs) pick(other.levels[0]!, nearRun, nearby);
    else search(other, nearby);
    if (nearby.length === 0) {
      // Nothing of the other's outline near this edge: it lies on the side its neighbour ends on.
      if (known === 0) {
        query[0] = (px + qx) / 2;
        query[1] = (py + qy) / 2;
        known = inside(other) ? 1 : -1;
      }
      if (known === 1) twice += (px - ox) * (qy - oy) - (qx - ox) * (py - oy);
      continue;
    }
    edgeInside(own, k, other, nearby, countShared, known);
    twice += frame[3]!;
    known = endClass;
  }
  return twice;
}

/**
 * The cuts of the edge at hand, 0 and 1 and those between, reused from edge to edge; with each, the side of the
 * other outline the edge goes on to after a clean crossing (1 inside, -1 outside), or 0 after a touch.
 */
let cuts = new Float64Array(16);
let cutSides = new Int8Array(16);
let cutCount = 0;

/** Adds a cut. */
function addCut(t: number, side: number): void {
  if (cutCount === cuts.length) {
    const grown = new Float64Array(cuts.length * 2);
    grown.set(cuts);
    cuts = grown;
    const sides = new Int8Array(cuts.length);
    sides.set(cutSides);
    cutSides = sides;
  }
  cuts[cutCount] = t;
  cutSides[cutCount] = side;
  cutCount += 1;
}

/** Sorts the cuts after the first (0) by t, with their sides; an edge has a handful. */
function sortCuts(): void {
  for (let i = 2; i < cutCount; i += 1) {
    const t = cuts[i]!;
    const side = cutSides[i]!;
    let j = i - 1;
    for (; j >= 1 && cuts[j]! > t; j -= 1) {
      cuts[j + 1] = cuts[j]!;
      cutSides[j + 1] = cutSides[j]!;
    }
    cuts[j + 1] = t;
    cutSides[j + 1] = side;
  }
}

/** The class `edgeInside` leaves at the end of its edge for the next: 0 when the end lies on the other's outline. */
let endClass = 0;

/**
 * Twice the area contributed by the pieces of edge k of `own` inside `other` (see `outlineInside`), into frame[3];
 * `near`: the other's edges close to it; `known`: the class it starts with, when its start lies off the other's
 * outline.
 */
function edgeInside(own: Outline, k: number, other: Outline, near: Hits, countShared: boolean, known: number): void {
  const eps = frame[0]!;
  const ox = frame[1]!;
  const oy = frame[2]!;
  const px = own.x0[k]!;
  const py = own.y0[k]!;
  const qx = own.x1[k]!;
  const qy = own.y1[k]!;
  const dx = qx - px;
  const dy = qy - py;
  const length2 = dx * dx + dy * dy;
  const length = Math.sqrt(length2);
  cutCount = 0;
  addCut(0, 0);
  const { x0, y0, x1, y1 } = other;
  const epsLength = eps * length;
  for (let h = 0; h < near.length; h += 1) {
    const j = near.data[h]!;
    const rx = x0[j]!;
    const ry = y0[j]!;
    const sx = x1[j]!;
    const sy = y1[j]!;
    // The other edge's ends from the line p→q, as signed distances times the length of p→q.
    const dr = dx * (ry - py) - dy * (rx - px);
    const ds = dx * (sy - py) - dy * (sx - px);
    // An end of the other edge on p→q (within eps) cuts it there.
    if (Math.abs(dr) <= epsLength) {
      const t = ((rx - px) * dx + (ry - py) * dy) / length2;
      if (t > 0 && t < 1) addCut(t, 0);
    }
    if (Math.abs(ds) <= epsLength) {
      const t = ((sx - px) * dx + (sy - py) * dy) / length2;
      if (t > 0 && t < 1) addCut(t, 0);
    }
    if ((dr > epsLength && ds < -epsLength) || (dr < -epsLength && ds > epsLength)) {
      // The other edge's ends lie on either side of the line: a crossing, if p and q lie on either side of its line.
      const ex = sx - rx;
      const ey = sy - ry;
      const other = Math.sqrt(ex * ex + ey * ey);
      const dp = (ex * (py - ry) - ey * (px - rx)) / other;
      const dq = (ex * (qy - ry) - ey * (qx - rx)) / other;
      const t = dp / (dp - dq);
      // The other's inside lies left of its edges: past the crossing, p→q is inside where q lies left of the edge.
      if (((dp > eps && dq < -eps) || (dp < -eps && dq > eps)) && t > 0 && t < 1) addCut(t, dq > 0 ? 1 : -1);
    }
  }
  if (cutCount > 2) sortCuts();
  addCut(1, 0);
  // Cuts closer than eps to the next are not clean crossings: something else of the other outline meets them there.
  const gap = eps / length;
  let twice = 0;
  // Between two cuts a piece neither crosses nor touches the other's outline, so it lies on one side. After a clean
  // crossing (one edge of the other crossing p→q, its ends and p and q more than eps off the other's line, no other
  // cut within eps) that side is the side of the crossing edge q lies on; after any other cut it is measured anew.
  // The first piece takes the class the edge starts with, when its start lies off the other's outline.
  let side = known;
  for (let c = 0; c + 1 < cutCount; c += 1) {
    const t0 = cuts[c]!;
    const t1 = cuts[c + 1]!;
    if (!(t1 > t0)) continue;
    // The ends of p→q exactly, the cuts between them as rounded.
    const ax = t0 === 0 ? px : px + t0 * dx;
    const ay = t0 === 0 ? py : py + t0 * dy;
    const bx = t1 === 1 ? qx : px + t1 * dx;
    const by = t1 === 1 ? qy : py + t1 * dy;
    if (c > 0) side = cutSides[c] !== 0 && t0 - cuts[c - 1]! > gap && t1 - t0 > gap ? cutSides[c]! : 0;
    let along = 0;
    if (side === 0) {
      query[0] = ax;
      query[1] = ay;
      query[2] = bx;
      query[3] = by;
      along = sharedWith(other, near);
    }
    if (along !== 0) {
      // Running the same way, the shared piece bounds the intersection once (counted from the first outline); the
      // opposite way it lies between the two and bounds nothing.
      if (countShared && along > 0) twice += (ax - ox) * (by - oy) - (bx - ox) * (ay - oy);
      continue;
    }
    if (side === 0) {
      query[0] = (ax + bx) / 2;
      query[1] = (ay + by) / 2;
      side = inside(other) ? 1 : -1;
    }
    if (side === 1) twice += (ax - ox) * (by - oy) - (bx - ox) * (ay - oy);
  }
  query[0] = qx;
  query[1] = qy;
  endClass = side === 0 || touches(other, near, 0) ? 0 : side;
  frame[3] = twice;
}

/** Whether the point query[at], query[at + 1] lies within eps of one of the `near` edges of `other`. */
function touches(other: Outline, near: Hits, at: number): boolean {
  for (let h = 0; h < near.length; h += 1) if (within(other, near.data[h]!, at)) return true;
  return false;
}

/**
 * Whether the piece query[0], query[1] → query[2], query[3] runs along an edge of `other` (both ends within eps of
 * it): 1 the same way, -1 the opposite way, 0 not.
 */
function sharedWith(other: Outline, near: Hits): number {
  for (let h = 0; h < near.length; h += 1) {
    const j = near.data[h]!;
    if (within(other, j, 0) && within(other, j, 2)) {
      return (query[2]! - query[0]!) * (other.x1[j]! - other.x0[j]!) + (query[3]! - query[1]!) * (other.y1[j]! - other.y0[j]!) >= 0 ? 1 : -1;
    }
  }
  return 0;
}

/** Whether the point query[at], query[at + 1] lies within eps (frame[0]) of edge j of `other`. */
function within(other: Outline, j: number, at: number): boolean {
  const x = query[at]!;
  const y = query[at + 1]!;
  const eps = frame[0]!;
  const rx = other.x0[j]!;
  const ry = other.y0[j]!;
  const sx = other.x1[j]!;
  const sy = other.y1[j]!;
  if (x < (rx < sx ? rx : sx) - eps || x > (rx < sx ? sx : rx) + eps || y < (ry < sy ? ry : sy) - eps || y > (ry < sy ? sy : ry) + eps) return false;
  const dx = sx - rx;
  const dy = sy - ry;
  const length2 = dx * dx + dy * dy;
  let t = length2 === 0 ? 0 : ((x - rx) * dx + (y - ry) * dy) / length2;
  t = t < 0 ? 0 : t > 1 ? 1 : t;
  const ex = x - (rx + t * dx);
  const ey = y - (ry + t * dy);
  return ex * ex + ey * ey <= eps * eps;
}

/**
 * Even-odd: whether a ray from the point in `query` crosses the outline an odd number of times. The ray leaves by the nearest side
 * of the outline's box, so it meets as few edges as it can; the crossing rule is half-open as in crossesEast.
 */
function inside(outline: Outline): boolean {
  const x = query[0]!;
  const y = query[1]!;
  const minX = outline.box[0];
  const minY = outline.box[1];
  const maxX = outline.box[2];
  const maxY = outline.box[3];
  if (x < minX || x > maxX || y < minY || y > maxY) return false;
  const nearest = Math.min(maxX - x, x - minX, maxY - y, y - minY);
  const direction = nearest === maxX - x ? EAST : nearest === x - minX ? WEST : nearest === maxY - y ? NORTH : SOUTH;
  const top = outline.levels.length - 1;
  return crossings(outline, top, 0, outline.levels[top]!.length / 4, direction) % 2 === 1;
}

const EAST = 0;
const WEST = 1;
const NORTH = 2;
const SOUTH = 3;

/** The crossings of the ray from the point in `query` with the edges under nodes from…to of the level. */
function crossings(outline: Outline, level: number, from: number, to: number, direction: number): number {
  const x = query[0]!;
  const y = query[1]!;
  const boxes = outline.levels[level]!;
  const alongX = direction < NORTH;
  let count = 0;
  for (let n = from; n < to; n += 1) {
    const o = 4 * n;
    // Boxes the ray misses: beside its line, or behind its start.
    if (alongX ? boxes[o + 1]! > y || boxes[o + 3]! < y : boxes[o]! > x || boxes[o + 2]! < x) continue;
    if (direction === EAST ? boxes[o + 2]! < x : direction === WEST ? boxes[o]! > x : direction === NORTH ? boxes[o + 3]! < y : boxes[o + 1]! > y) continue;
    if (level > 0) {
      count += crossings(outline, level - 1, n * NODE, Math.min((n + 1) * NODE, outline.levels[level - 1]!.length / 4), direction);
      continue;
    }
    // Across the ray's line (half-open), then where: u runs along the ray, v across it.
    const va = alongX ? outline.y0[n]! : outline.x0[n]!;
    const vb = alongX ? outline.y1[n]! : outline.x1[n]!;
    const v = alongX ? y : x;
    if (va < v === vb < v) continue;
    const ua = alongX ? outline.x0[n]! : outline.y0[n]!;
    const ub = alongX ? outline.x1[n]! : outline.y1[n]!;
    const u = alongX ? x : y;
    const at = va < vb ? ua + ((v - va) * (ub - ua)) / (vb - va) : ub + ((v - vb) * (ua - ub)) / (va - vb);
    if (direction === EAST || direction === NORTH ? u < at : u > at) count += 1;
  }
  return count;
}
