// The areas two sets of polygons share, without building the polygons of their intersections.
//
// By Green's theorem the area of A ∩ B is the shoelace sum over its outline, and that outline is made of the parts
// of A's rings that lie inside B and the parts of B's rings that lie inside A. So each ring edge is split where it
// crosses an edge of the other side, and every piece adds its shoelace term to each area of the other side it lies
// in. Pieces that run along an edge of the other side (collinear, as where both versions kept a vertex pair) belong
// to the outline once when both areas lie on the same side of it and not at all when they lie on opposite sides,
// so they are counted from the source side only. This measures what polygon-clipping's intersection followed by
// the shoelace measures (to about 1e-8 relative on the Berlin Planungsräume, and the same pairs as GEOS) in a
// fraction of the time: no sweep line, no output polygons, and each ring is walked once against all areas of the
// other side instead of once per pair.
import type { MultiPolygon, Polygon } from 'geojson';
import Flatbush from 'flatbush';
import { polygonsOf } from './area.js';

/** The rings of an area flat, with what the overlap needs per ring: its box and the sign that orients it. */
export interface PlanarRings {
  /** Coordinates of every ring, closed (the first vertex repeated at the end), one after another. */
  xs: Float64Array;
  ys: Float64Array;
  /** Index of each ring's first vertex in xs/ys, and the end of the last ring: rings + 1 entries. */
  starts: Uint32Array;
  /** +1 or −1 per ring: outer rings counted counter-clockwise, holes clockwise, whichever way the file winds them. */
  signs: Int8Array;
  /** [minX, minY, maxX, maxY] per ring. */
  boxes: Float64Array;
  /** Box of the whole area. */
  box: [number, number, number, number];
}

/** The rings of a Polygon or MultiPolygon for `overlapArea`; rings of fewer than three vertices are left out. */
export function planarRings(geometry: Polygon | MultiPolygon): PlanarRings {
  const rings: { ring: number[][]; outer: boolean }[] = [];
  for (const polygon of polygonsOf(geometry)) polygon.forEach((ring, index) => ring.length >= 3 && rings.push({ ring, outer: index === 0 }));
  let size = 0;
  for (const { ring } of rings) size += ring.length + 1;
  const xs = new Float64Array(size);
  const ys = new Float64Array(size);
  const starts = new Uint32Array(rings.length + 1);
  const signs = new Int8Array(rings.length);
  const boxes = new Float64Array(rings.length * 4);
  const box: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  let at = 0;
  rings.forEach(({ ring, outer }, r) => {
    starts[r] = at;
    let minX = Infinity;
    let minY = Infinity;
    let maxX = -Infinity;
    let maxY = -Infinity;
    let twice = 0;
    const x0 = ring[0]![0]!;
    const y0 = ring[0]![1]!;
    for (const position of ring) {
      const x = position[0]!;
      const y = position[1]!;
      if (at > starts[r]!) twice += (xs[at - 1]! - x0) * (y - y0) - (x - x0) * (ys[at - 1]! - y0);
      xs[at] = x;
      ys[at] = y;
      at += 1;
      if (x < minX) minX = x;
      if (x > maxX) maxX = x;
      if (y < minY) minY = y;
      if (y > maxY) maxY = y;
    }
    // Closed whether or not the file repeats the first vertex (a repeated vertex only adds an edge of length 0).
    xs[at] = x0;
    ys[at] = y0;
    at += 1;
    const counterClockwise = twice > 0;
    signs[r] = counterClockwise === outer ? 1 : -1;
    boxes.set([minX, minY, maxX, maxY], r * 4);
    box[0] = Math.min(box[0], minX);
    box[1] = Math.min(box[1], minY);
    box[2] = Math.max(box[2], maxX);
    box[3] = Math.max(box[3], maxY);
  });
  starts[rings.length] = at;
  return { xs, ys, starts, signs, boxes, box };
}

/** The area a source and a target share (CRS units²), for every pair that shares any. */
export interface Overlap {
  /** Positions in the lists given to `overlapAreas`. */
  source: number;
  target: number;
  area: number;
}

/**
 * The areas every source shares with every target, sorted by source and then target. Each ring is walked once
 * against the edges of all areas of the other side (a flatbush over them): where it crosses an edge of an area it
 * enters or leaves that area, so the set of areas around the walk changes by one there and is otherwise carried
 * along; a point-in-polygon test sets it at the start of a ring and after a vertex that lies on the other outline.
 */
export function overlapAreas(sources: readonly PlanarRings[], targets: readonly PlanarRings[]): Overlap[] {
  const twice = new Map<number, number>();
  const sourceLayer = layer(sources);
  const targetLayer = layer(targets);
  walk(sourceLayer, targetLayer, true, twice);
  walk(targetLayer, sourceLayer, false, twice);
  const overlaps: Overlap[] = [];
  for (const [key, sum] of twice) {
    if (!(sum > 0)) continue;
    overlaps.push({ source: Math.floor(key / targets.length), target: key % targets.length, area: sum / 2 });
  }
  return overlaps.sort((a, b) => a.source - b.source || a.target - b.target);
}

/** The edges of a list of areas in one flatbush, each with its area, first vertex and ring orientation. */
interface Layer {
  areas: readonly PlanarRings[];
  index: Flatbush;
  /** x1, y1, x2, y2 of every edge, so that the walk reads an edge from one array. */
  edges: Float64Array;
  areaOf: Uint32Array;
  signOf: Int8Array;
}

function layer(areas: readonly PlanarRings[]): Layer {
  let count = 0;
  for (const area of areas) count += area.xs.length - (area.starts.length - 1);
  const index = new Flatbush(Math.max(1, count));
  const edges = new Float64Array(count * 4);
  const areaOf = new Uint32Array(count);
  const signOf = new Int8Array(count);
  let edge = 0;
  areas.forEach((area, a) => {
    const { xs, ys, starts } = area;
    for (let r = 0; r + 1 < starts.length; r += 1) {
      for (let i = starts[r]!; i + 1 < starts[r + 1]!; i += 1) {
        index.add(Math.min(xs[i]!, xs[i + 1]!), Math.min(ys[i]!, ys[i + 1]!), Math.max(xs[i]!, xs[i + 1]!), Math.max(ys[i]!, ys[i + 1]!));
        edges.set([xs[i]!, ys[i]!, xs[i + 1]!, ys[i + 1]!], edge * 4);
        areaOf[edge] = a;
        signOf[edge] = area.signs[r]!;
        edge += 1;
      }
    }
  });
  // Flatbush refuses to finish an empty index; a side without rings gets one empty box nothing can meet.
  if (count === 0) index.add(Infinity, Infinity, Infinity, Infinity);
  index.finish();
  return { areas, index, edges, areaOf, signOf };
}

/** Edges of a ring whose neighbours on the other side are found with one search. */
const CHUNK = 8;

/** A crossing toggles the area of the edge crossed; a touch (an end of either edge on the other) says nothing. */
const TOUCH = -1;

/** Where an edge meets the other side: sorted parameters along it and the area crossed there, or TOUCH. */
interface Events {
  cuts: number[];
  owners: number[];
  /** Collinear stretches: from, to, the area whose edge it is, 1 when both run the same way; four numbers each. */
  shared: number[];
}

function addCut(events: Events, t: number, owner: number): void {
  // Insertion sort: an edge meets few edges of the other side.
  const { cuts, owners } = events;
  let at = cuts.length;
  cuts.push(t);
  owners.push(owner);
  while (at > 0 && cuts[at - 1]! > t) {
    cuts[at] = cuts[at - 1]!;
    owners[at] = owners[at - 1]!;
    at -= 1;
  }
  cuts[at] = t;
  owners[at] = owner;
}

/**
 * Fills `events` for the edge (x1, y1) → (x2, y2) of a ring of orientation `sign` against the candidate edges
 * `near` of `other`; true when any candidate's box met the edge's box (then the state around it must be followed).
 * The arguments are plain numbers so that this loop, the hot one, keeps them in registers.
 */
function meetEdges(other: Layer, near: readonly number[], x1: number, y1: number, x2: number, y2: number, sign: number, events: Events): boolean {
  const edges = other.edges;
  const dx = x2 - x1;
  const dy = y2 - y1;
  const lowX = Math.min(x1, x2);
  const lowY = Math.min(y1, y2);
  const highX = Math.max(x1, x2);
  const highY = Math.max(y1, y2);
  let met = false;
  for (let n = 0; n < near.length; n += 1) {
    const f = near[n]!;
    const qx1 = edges[f * 4]!;
    const qx2 = edges[f * 4 + 2]!;
    if ((qx1 < lowX && qx2 < lowX) || (qx1 > highX && qx2 > highX)) continue;
    const qy1 = edges[f * 4 + 1]!;
    const qy2 = edges[f * 4 + 3]!;
    if ((qy1 < lowY && qy2 < lowY) || (qy1 > highY && qy2 > highY)) continue;
    met = true;
    // Sides of the other edge's ends against this edge's line, and of this edge's ends against the other's.
    const s1 = dx * (qy1 - y1) - dy * (qx1 - x1);
    const s2 = dx * (qy2 - y1) - dy * (qx2 - x1);
    if (s1 === 0 && s2 === 0) {
      const length = dx * dx + dy * dy;
      if (length === 0) continue;
      const t1 = ((qx1 - x1) * dx + (qy1 - y1) * dy) / length;
      const t2 = ((qx2 - x1) * dx + (qy2 - y1) * dy) / length;
      const from = Math.max(0, Math.min(t1, t2));
      const to = Math.min(1, Math.max(t1, t2));
      if (to < from) continue;
      if (to > from) events.shared.push(from, to, other.areaOf[f]!, t2 > t1 === sign * other.signOf[f]! > 0 ? 1 : 0);
      addCut(events, from, TOUCH);
      addCut(events, to, TOUCH);
      continue;
    }
    if ((s1 > 0 && s2 > 0) || (s1 < 0 && s2 < 0)) continue;
    const qdx = qx2 - qx1;
    const qdy = qy2 - qy1;
    const r1 = qdx * (y1 - qy1) - qdy * (x1 - qx1);
    const r2 = qdx * (y2 - qy1) - qdy * (x2 - qx1);
    if ((r1 > 0 && r2 > 0) || (r1 < 0 && r2 < 0) || r1 === r2) continue;
    addCut(events, r1 / (r1 - r2), s1 === 0 || s2 === 0 || r1 === 0 || r2 === 0 ? TOUCH : other.areaOf[f]!);
  }
  return met;
}

/**
 * Adds twice the shoelace terms of the pieces of `own`'s rings inside areas of `other` to `twice`, keyed by
 * source × targets + target and taken relative to the source's box corner, so both sides of a pair share an origin.
 * Pieces along an edge of `other` count for it only from the source side and only when both run the same way:
 * then both areas lie on the same side of the stretch and it is outline of their intersection once.
 */
function walk(own: Layer, other: Layer, sourceSide: boolean, twice: Map<number, number>): void {
  const sums = new Sums(own, other, sourceSide, twice);
  const events: Events = { cuts: [], owners: [], shared: [] };
  const inside = new Inside(other);
  own.areas.forEach((area, a) => {
    const { xs, ys, starts } = area;
    sums.start(area);
    for (let r = 0; r + 1 < starts.length; r += 1) {
      const sign = area.signs[r]!;
      // The areas of `other` around the walk, and whether they are known (else a point-in-polygon test sets them).
      let around: number[] = [];
      let known = false;
      let near: number[] = [];
      for (let i = starts[r]!; i + 1 < starts[r + 1]!; i += 1) {
        // The edges of `other` near a run of CHUNK edges in one search, then each edge against those.
        if ((i - starts[r]!) % CHUNK === 0) near = other.index.search(...runBox(xs, ys, i, Math.min(i + CHUNK, starts[r + 1]! - 1)));
        const x1 = xs[i]!;
        const y1 = ys[i]!;
        const x2 = xs[i + 1]!;
        const y2 = ys[i + 1]!;
        events.cuts.length = 0;
        events.owners.length = 0;
        events.shared.length = 0;
        if (!meetEdges(other, near, x1, y1, x2, y2, sign, events)) {
          if (!known && (x1 !== x2 || y1 !== y2)) {
            around = inside.areasAt((x1 + x2) / 2, (y1 + y2) / 2);
            known = true;
          }
          if (known) for (const owner of around) sums.add(owner, sign, x1, y1, x2, y2);
          continue;
        }
        const { cuts, owners, shared } = events;
        let c = 0;
        let from = 0;
        for (;;) {
          for (; c < cuts.length && cuts[c]! <= from; c += 1) {
            const owner = owners[c]!;
            if (owner === TOUCH) known = false;
            else if (known) around = around.includes(owner) ? around.filter((held) => held !== owner) : [...around, owner];
          }
          if (from >= 1) break;
          const to = c < cuts.length ? Math.min(cuts[c]!, 1) : 1;
          const middle = (from + to) / 2;
          if (!known) {
            around = inside.areasAt(x1 + middle * (x2 - x1), y1 + middle * (y2 - y1));
            known = true;
          }
          let counted = around;
          for (let s = 0; s < shared.length; s += 4) {
            if (!(middle > shared[s]! && middle < shared[s + 1]!)) continue;
            const owner = shared[s + 2]!;
            counted = counted.filter((held) => held !== owner);
            if (sourceSide && shared[s + 3] === 1) counted = [...counted, owner];
          }
          const ax = from === 0 ? x1 : x1 + from * (x2 - x1);
          const ay = from === 0 ? y1 : y1 + from * (y2 - y1);
          const bx = to === 1 ? x2 : x1 + to * (x2 - x1);
          const by = to === 1 ? y2 : y1 + to * (y2 - y1);
          for (const owner of counted) sums.add(owner, sign, ax, ay, bx, by);
          from = to;
        }
      }
    }
    sums.flush(a);
  });
}

/** Box of the vertices from `first` to `last` of flat coordinates. */
function runBox(xs: Float64Array, ys: Float64Array, first: number, last: number): [number, number, number, number] {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (let v = first; v <= last; v += 1) {
    if (xs[v]! < minX) minX = xs[v]!;
    if (xs[v]! > maxX) maxX = xs[v]!;
    if (ys[v]! < minY) minY = ys[v]!;
    if (ys[v]! > maxY) maxY = ys[v]!;
  }
  return [minX, minY, maxX, maxY];
}

/** The areas of a layer holding a point: even-odd over the edges a ray east of it meets. */
class Inside {
  readonly #layer: Layer;
  readonly #parity: Uint8Array;
  readonly #touched: number[] = [];
  #x = 0;
  #y = 0;
  readonly #cross = (f: number): boolean => {
    const edges = this.#layer.edges;
    const ya = edges[f * 4 + 1]!;
    const yb = edges[f * 4 + 3]!;
    const y = this.#y;
    if (ya < y === yb < y) return false;
    const xa = edges[f * 4]!;
    const xb = edges[f * 4 + 2]!;
    if (this.#x < xa + ((y - ya) * (xb - xa)) / (yb - ya)) {
      const owner = this.#layer.areaOf[f]!;
      if (this.#parity[owner] === 0 && !this.#touched.includes(owner)) this.#touched.push(owner);
      this.#parity[owner] ^= 1;
    }
    return false;
  };

  constructor(layer: Layer) {
    this.#layer = layer;
    this.#parity = new Uint8Array(layer.areas.length);
  }

  areasAt(x: number, y: number): number[] {
    this.#x = x;
    this.#y = y;
    this.#touched.length = 0;
    this.#layer.index.search(x, y, Infinity, y, this.#cross);
    const found = this.#touched.filter((owner) => this.#parity[owner] === 1);
    for (const owner of this.#touched) this.#parity[owner] = 0;
    return found;
  }
}

/**
 * Sums per area of `other` for the current area of `own`, relative to its box corner: the shoelace terms and the
 * edge vectors, which move the sum to the source's corner when the walk is on the target side.
 */
class Sums {
  readonly #sums: Float64Array;
  readonly #runX: Float64Array;
  readonly #runY: Float64Array;
  readonly #summed: number[] = [];
  readonly #other: Layer;
  readonly #sourceSide: boolean;
  readonly #targetCount: number;
  readonly #twice: Map<number, number>;
  #ox = 0;
  #oy = 0;

  constructor(own: Layer, other: Layer, sourceSide: boolean, twice: Map<number, number>) {
    this.#sums = new Float64Array(other.areas.length);
    this.#runX = new Float64Array(other.areas.length);
    this.#runY = new Float64Array(other.areas.length);
    this.#other = other;
    this.#sourceSide = sourceSide;
    this.#targetCount = sourceSide ? other.areas.length : own.areas.length;
    this.#twice = twice;
  }

  start(area: PlanarRings): void {
    this.#ox = area.box[0];
    this.#oy = area.box[1];
  }

  add(owner: number, sign: number, ax: number, ay: number, bx: number, by: number): void {
    if (!this.#summed.includes(owner)) this.#summed.push(owner);
    const ox = this.#ox;
    const oy = this.#oy;
    this.#sums[owner] += sign * ((ax - ox) * (by - oy) - (bx - ox) * (ay - oy));
    this.#runX[owner] += sign * (bx - ax);
    this.#runY[owner] += sign * (by - ay);
  }

  flush(a: number): void {
    for (const owner of this.#summed) {
      let sum = this.#sums[owner]!;
      let key = a * this.#targetCount + owner;
      if (!this.#sourceSide) {
        const corner = this.#other.areas[owner]!.box;
        // cross(p − c, q − c) = cross(p − o, q − o) + cross(o − c, q − p) for the source's corner c.
        sum += (this.#ox - corner[0]) * this.#runY[owner]! - (this.#oy - corner[1]) * this.#runX[owner]!;
        key = owner * this.#targetCount + a;
      }
      this.#twice.set(key, (this.#twice.get(key) ?? 0) + sum);
      this.#sums[owner] = 0;
      this.#runX[owner] = 0;
      this.#runY[owner] = 0;
    }
    this.#summed.length = 0;
  }
}
