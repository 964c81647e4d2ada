// Dissolving areas that form a coverage by their shared edges: a level's parents from its children in tens of
// milliseconds, where a topology of every arc or a polygon union takes seconds for Berlin's 542 Planungsräume.
import type { MultiPolygon, Polygon, Position } from 'geojson';
import Flatbush from 'flatbush';
import { crossesOdd, polygonsArea, polygonsOf, segmentIntersection, signedArea } from '../geometry/index.js';
import { ringInside } from '../coverage/operations/faces.js';

/**
 * The unions of groups of areas that form a coverage (that share their edges vertex for vertex, as the Planungsräume
 * of one Bezirk do): every edge two members of a group share runs once each way and is dropped, the rest is walked
 * into rings. Only exact coordinates are compared, so every vertex of a result is one of the input. A group whose
 * result has not the area of its members together (members that overlap, or meet without sharing their vertices), or
 * whose edges do not close into rings, comes back undefined: the caller unions those.
 */
export function dissolveCoverage(
  geometries: readonly (Polygon | MultiPolygon)[],
  groups: readonly (readonly number[])[],
): (Polygon | MultiPolygon | undefined)[] {
  const vertices = new VertexTable();
  const rings = new Map<number, Int32Array[]>();
  const ringsOf = (member: number): Int32Array[] => {
    let found = rings.get(member);
    if (!found) rings.set(member, (found = orientedRings(geometries[member]!, vertices)));
    return found;
  };
  return groups.map((members) => {
    try {
      const polygons = outline(members.flatMap(ringsOf), vertices);
      const expected = members.reduce((sum, member) => sum + polygonsArea(polygonsOf(geometries[member]!)), 0);
      if (!polygons || polygons.length === 0 || Math.abs(polygonsArea(polygons) - expected) > 1e-9 * expected) return undefined;
      return polygons.length === 1 ? { type: 'Polygon', coordinates: polygons[0]! } : { type: 'MultiPolygon', coordinates: polygons };
    } catch {
      return undefined;
    }
  });
}

/**
 * The rings of an area as vertex numbers, open (no closing vertex, no vertex repeated in a row), outer rings
 * counter-clockwise and holes clockwise whichever way the file winds them, so that an edge two areas share runs once
 * each way.
 */
function orientedRings(geometry: Polygon | MultiPolygon, vertices: VertexTable): Int32Array[] {
  const result: Int32Array[] = [];
  for (const polygon of polygonsOf(geometry)) {
    polygon.forEach((ring, index) => {
      const ids = new Int32Array(ring.length);
      let length = 0;
      for (const position of ring) {
        const id = vertices.id(position[0]!, position[1]!);
        if (length === 0 || ids[length - 1] !== id) ids[length++] = id;
      }
      if (length > 1 && ids[0] === ids[length - 1]) length -= 1;
      if (length < 3) return;
      const open = ids.subarray(0, length);
      const area = vertices.ringArea(open);
      if (area === 0) return;
      if (area > 0 !== (index === 0)) open.reverse();
      result.push(open);
    });
  }
  return result;
}

const TAU = 2 * Math.PI;

/**
 * The outline of rings that together cover a region without overlap: edges present both ways cancel, the rest is
 * chained into rings (at a vertex where the outline touches itself, the edge that turns furthest left, so that parts
 * meeting in a point stay apart), grouped into polygons with holes. Undefined when the edges do not close into rings or
 * leave a ring without area (members that meet without sharing their vertices).
 */
function outline(rings: readonly Int32Array[], vertices: VertexTable): Position[][][] | undefined {
  const present = new EdgeSet(rings.reduce((sum, ring) => sum + ring.length, 0));
  for (const ring of rings) for (let i = 0; i < ring.length; i += 1) present.add(ring[i]!, ring[(i + 1) % ring.length]!);
  const from: number[] = [];
  const to: number[] = [];
  for (const ring of rings) {
    for (let i = 0; i < ring.length; i += 1) {
      const a = ring[i]!;
      const b = ring[(i + 1) % ring.length]!;
      if (present.has(b, a)) continue;
      from.push(a);
      to.push(b);
    }
  }
  if (from.length === 0 || edgesCross(from, to, vertices)) return undefined;
  const outgoing = new Map<number, number[]>();
  from.forEach((vertex, edge) => {
    const list = outgoing.get(vertex);
    if (list) list.push(edge);
    else outgoing.set(vertex, [edge]);
  });
  const used = new Uint8Array(from.length);
  const traced: Position[][] = [];
  const tracedIds: number[][] = [];
  for (let first = 0; first < from.length; first += 1) {
    if (used[first]) continue;
    const positions: Position[] = [];
    const ids: number[] = [];
    let current = first;
    for (;;) {
      used[current] = 1;
      ids.push(from[current]!);
      positions.push(vertices.position(from[current]!));
      const next = nextEdge(current, outgoing.get(to[current]!) ?? [], from, to, vertices);
      if (next === first) break;
      if (next < 0 || used[next]) return undefined;
      current = next;
    }
    positions.push(positions[0]!);
    traced.push(positions);
    tracedIds.push(ids);
  }
  if (!nestedOnce(traced, tracedIds)) return undefined;
  return groupOutline(traced, polygonsScale(traced));
}

/**
 * Whether two edges of the outline meet anywhere but in a vertex they share: members that overlap, or that meet
 * without sharing their vertices (an edge of one runs along an edge of the other), leave such edges.
 */
function edgesCross(from: readonly number[], to: readonly number[], vertices: VertexTable): boolean {
  const { xs, ys } = vertices;
  const boxes = new Float64Array(from.length * 4);
  const index = new Flatbush(from.length);
  for (let edge = 0; edge < from.length; edge += 1) {
    const a = from[edge]!;
    const b = to[edge]!;
    const box = edge * 4;
    boxes[box] = Math.min(xs[a]!, xs[b]!);
    boxes[box + 1] = Math.min(ys[a]!, ys[b]!);
    boxes[box + 2] = Math.max(xs[a]!, xs[b]!);
    boxes[box + 3] = Math.max(ys[a]!, ys[b]!);
    index.add(boxes[box]!, boxes[box + 1]!, boxes[box + 2]!, boxes[box + 3]!);
  }
  index.finish();
  for (let edge = 0; edge < from.length; edge += 1) {
    const box = edge * 4;
    const near = index.search(boxes[box]!, boxes[box + 1]!, boxes[box + 2]!, boxes[box + 3]!);
    if (near.length < 2) continue;
    const a0 = vertices.position(from[edge]!);
    const a1 = vertices.position(to[edge]!);
    for (const other of near) {
      if (other <= edge) continue;
      const hit = segmentIntersection(a0, a1, vertices.position(from[other]!), vertices.position(to[other]!));
      if (!hit) continue;
      if (hit.collinear) return true;
      // Edges may meet only in a vertex both have, and there exactly.
      const at = hit.t === 0 ? from[edge] : hit.t === 1 ? to[edge] : undefined;
      if (at === undefined || (at !== from[other] && at !== to[other])) return true;
    }
  }
  return false;
}

/**
 * Whether every point of the region the rings bound lies inside exactly one member: the rings do not cross (see
 * edgesCross), so one vertex of each, seen from the other rings, tells. An outer ring must lie in no other ring
 * (or in a hole as deep as the ring around that hole), a hole in exactly one outer ring more than holes. Members
 * inside another member, which leave no edge crossing, fail here.
 */
function nestedOnce(rings: readonly Position[][], ids: readonly number[][]): boolean {
  const count = new Map<number, number>();
  for (const ring of ids) for (const id of new Set(ring)) count.set(id, (count.get(id) ?? 0) + 1);
  const signs = rings.map((ring) => Math.sign(signedArea(ring)));
  return rings.every((_, index) => {
    // A vertex of this ring alone (rings that touch share vertices, which lie on both).
    const at = ids[index]!.findIndex((id) => count.get(id) === 1);
    if (at < 0) return true;
    const [x, y] = rings[index]![at]!;
    let winding = 0;
    rings.forEach((other, position) => {
      if (position !== index && crossesOdd(other, x!, y!)) winding += signs[position]!;
    });
    return winding === (signs[index]! > 0 ? 0 : 1);
  });
}

/** Of the edges leaving the end of `edge`, the one that turns furthest left (the only one, mostly). */
function nextEdge(edge: number, candidates: readonly number[], from: readonly number[], to: readonly number[], vertices: VertexTable): number {
  if (candidates.length === 1) return candidates[0]!;
  const end = to[edge]!;
  const back = vertices.angle(end, from[edge]!);
  let best = -1;
  let bestTurn = Infinity;
  for (const candidate of candidates) {
    let turn = (((back - vertices.angle(end, to[candidate]!)) % TAU) + TAU) % TAU;
    if (turn === 0) turn = TAU;
    if (turn < bestTurn) {
      bestTurn = turn;
      best = candidate;
    }
  }
  return best;
}

/** The largest ring's area: rings far smaller than it are slivers of edges that did not cancel. */
function polygonsScale(rings: readonly Position[][]): number {
  return rings.reduce((largest, ring) => Math.max(largest, Math.abs(signedArea(ring))), 0);
}

/** Counter-clockwise rings are outer rings; clockwise ones holes of the smallest outer ring around them. */
function groupOutline(rings: readonly Position[][], scale: number): Position[][][] | undefined {
  const outers: { ring: Position[]; area: number; holes: Position[][] }[] = [];
  const holes: Position[][] = [];
  for (const ring of rings) {
    const area = signedArea(ring);
    if (Math.abs(area) <= 1e-9 * scale) return undefined;
    if (area > 0) outers.push({ ring, area, holes: [] });
    else holes.push(ring);
  }
  for (const hole of holes) {
    let container: (typeof outers)[number] | undefined;
    for (const outer of outers) {
      if (container && outer.area >= container.area) continue;
      if (ringInside(hole, outer.ring)) container = outer;
    }
    if (!container) return undefined;
    container.holes.push(hole);
  }
  return outers.map((outer) => [outer.ring, ...outer.holes]);
}

/**
 * Numbers for exact coordinates: an open-addressing hash table over the bits of x and y. A Map keyed by text would
 * build a string for each of Berlin's 200,000 vertices.
 */
class VertexTable {
  #xs = new Float64Array(1024);
  #ys = new Float64Array(1024);
  #slots = new Int32Array(2048).fill(-1);
  #size = 0;
  readonly #bits = new Float64Array(2);
  readonly #words = new Int32Array(this.#bits.buffer);

  get size(): number {
    return this.#size;
  }

  /** The number of the vertex at (x, y), a new one if it is not there yet. −0 is 0. */
  id(x: number, y: number): number {
    x += 0;
    y += 0;
    const mask = this.#slots.length - 1;
    for (let slot = this.#hash(x, y) & mask; ; slot = (slot + 1) & mask) {
      const id = this.#slots[slot]!;
      if (id < 0) {
        if (this.#size === this.#xs.length) this.#grow();
        const added = this.#size++;
        this.#xs[added] = x;
        this.#ys[added] = y;
        if (this.#size * 2 > this.#slots.length) this.#rehash();
        else this.#slots[slot] = added;
        return added;
      }
      if (this.#xs[id] === x && this.#ys[id] === y) return id;
    }
  }

  /** The coordinates by vertex number (views that a later `id` may replace). */
  get xs(): Float64Array {
    return this.#xs;
  }

  get ys(): Float64Array {
    return this.#ys;
  }

  /** Signed area of a ring of vertex numbers, positive when counter-clockwise (the shoelace relative to its first vertex). */
  ringArea(ring: Int32Array): number {
    const xs = this.#xs;
    const ys = this.#ys;
    const ox = xs[ring[0]!]!;
    const oy = ys[ring[0]!]!;
    let twice = 0;
    let px = 0;
    let py = 0;
    for (let i = 1; i < ring.length; i += 1) {
      const x = xs[ring[i]!]! - ox;
      const y = ys[ring[i]!]! - oy;
      twice += px * y - x * py;
      px = x;
      py = y;
    }
    return twice / 2;
  }

  position(id: number): Position {
    return [this.#xs[id]!, this.#ys[id]!];
  }

  /** Direction from vertex `a` to vertex `b`. */
  angle(a: number, b: number): number {
    return Math.atan2(this.#ys[b]! - this.#ys[a]!, this.#xs[b]! - this.#xs[a]!);
  }

  #hash(x: number, y: number): number {
    this.#bits[0] = x;
    this.#bits[1] = y;
    let h = Math.imul(this.#words[0]! ^ Math.imul(this.#words[1]!, 0x9e3779b1), 0x85ebca6b);
    h ^= Math.imul(this.#words[2]! ^ Math.imul(this.#words[3]!, 0xc2b2ae35), 0x27d4eb2f);
    h ^= h >>> 15;
    return Math.imul(h, 0x2c1b3c6d) >>> 0;
  }

  #grow(): void {
    const xs = new Float64Array(this.#xs.length * 2);
    const ys = new Float64Array(this.#ys.length * 2);
    xs.set(this.#xs);
    ys.set(this.#ys);
    this.#xs = xs;
    this.#ys = ys;
  }

  /** Doubles the slots and puts every vertex back, the one just added included. */
  #rehash(): void {
    this.#slots = new Int32Array(this.#slots.length * 2).fill(-1);
    const mask = this.#slots.length - 1;
    for (let id = 0; id < this.#size; id += 1) {
      let slot = this.#hash(this.#xs[id]!, this.#ys[id]!) & mask;
      while (this.#slots[slot]! >= 0) slot = (slot + 1) & mask;
      this.#slots[slot] = id;
    }
  }
}

/** Directed edges between vertex numbers, in an open-addressing hash table. */
class EdgeSet {
  readonly #from: Int32Array;
  readonly #to: Int32Array;
  readonly #mask: number;

  constructor(capacity: number) {
    let size = 16;
    while (size < capacity * 2) size *= 2;
    this.#from = new Int32Array(size).fill(-1);
    this.#to = new Int32Array(size);
    this.#mask = size - 1;
  }

  add(a: number, b: number): void {
    let slot = this.#slot(a, b);
    while (this.#from[slot] !== -1) {
      if (this.#from[slot] === a && this.#to[slot] === b) return;
      slot = (slot + 1) & this.#mask;
    }
    this.#from[slot] = a;
    this.#to[slot] = b;
  }

  has(a: number, b: number): boolean {
    for (let slot = this.#slot(a, b); this.#from[slot] !== -1; slot = (slot + 1) & this.#mask) {
      if (this.#from[slot] === a && this.#to[slot] === b) return true;
    }
    return false;
  }

  #slot(a: number, b: number): number {
    const h = Math.imul(a, 0x9e3779b1) ^ Math.imul(b + 0x7f4a7c15, 0x85ebca6b);
    return (h ^ (h >>> 16)) & this.#mask;
  }
}
