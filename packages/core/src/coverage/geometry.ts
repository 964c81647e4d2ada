// Planar geometry the topology, its operations and the validator share: areas, crossings, containment, inner points.
import type { Position } from 'geojson';

/** [minX, minY, maxX, maxY] */
export type Box = [number, number, number, number];

/**
 * Signed shoelace area of a ring (closed or not), positive when counter-clockwise. Shifted to the first vertex so
 * that UTM-sized coordinates (x ≈ 400,000, y ≈ 5,800,000) keep their precision in the products.
 */
export function signedArea(ring: readonly Position[]): number {
  const count = ring.length;
  if (count < 3) return 0;
  const ox = ring[0]![0]!;
  const oy = ring[0]![1]!;
  let sum = 0;
  for (let i = 1; i + 1 < count; i += 1) {
    sum += (ring[i]![0]! - ox) * (ring[i + 1]![1]! - oy) - (ring[i + 1]![0]! - ox) * (ring[i]![1]! - oy);
  }
  return sum / 2;
}

/** Length of the ring's outline (closed or not; the closing segment is counted once). */
export function ringLength(ring: readonly Position[]): number {
  let length = 0;
  for (let i = 0; i < ring.length; i += 1) {
    const a = ring[i]!;
    const b = ring[(i + 1) % ring.length]!;
    length += Math.hypot(b[0]! - a[0]!, b[1]! - a[1]!);
  }
  return length;
}

/** Area of a polygon: outer ring minus holes, whatever way they are wound. */
export function polygonArea(polygon: readonly (readonly Position[])[]): number {
  let area = 0;
  polygon.forEach((ring, index) => {
    area += (index === 0 ? 1 : -1) * Math.abs(signedArea(ring));
  });
  return area;
}

export function boxOf(points: readonly Position[]): Box {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const point of points) {
    const x = point[0]!;
    const y = point[1]!;
    if (x < minX) minX = x;
    if (y < minY) minY = y;
    if (x > maxX) maxX = x;
    if (y > maxY) maxY = y;
  }
  return [minX, minY, maxX, maxY];
}

export function boxesOverlap(a: Box, b: Box, margin = 0): boolean {
  return a[0] <= b[2] + margin && b[0] <= a[2] + margin && a[1] <= b[3] + margin && b[1] <= a[3] + margin;
}

export function samePoint(a: Position, b: Position): boolean {
  return a[0] === b[0] && a[1] === b[1];
}

/** > 0 when c lies left of the line a → b, < 0 right of it, 0 on it. */
export function orient(a: Position, b: Position, c: Position): number {
  return (b[0]! - a[0]!) * (c[1]! - a[1]!) - (b[1]! - a[1]!) * (c[0]! - a[0]!);
}

/** A point where two segments meet, with its parameter along each (0 at the start, 1 at the end). */
export interface SegmentHit {
  point: [number, number];
  t: number;
  u: number;
  /** The segments lie on one line and share more than a point. */
  collinear: boolean;
}

/**
 * Where segment a0→a1 meets segment b0→b1, or undefined when they do not. Touching counts (an end on the other
 * segment); for collinear segments that overlap, the first shared point along a is given.
 */
export function segmentIntersection(a0: Position, a1: Position, b0: Position, b1: Position): SegmentHit | undefined {
  const rx = a1[0]! - a0[0]!;
  const ry = a1[1]! - a0[1]!;
  const sx = b1[0]! - b0[0]!;
  const sy = b1[1]! - b0[1]!;
  const qx = b0[0]! - a0[0]!;
  const qy = b0[1]! - a0[1]!;
  const denominator = rx * sy - ry * sx;
  const scale = Math.max(Math.abs(rx), Math.abs(ry), Math.abs(sx), Math.abs(sy));
  if (Math.abs(denominator) <= 1e-14 * scale * scale) {
    // Parallel: they meet only if collinear and overlapping.
    if (Math.abs(qx * ry - qy * rx) > 1e-12 * scale * scale) return undefined;
    const length2 = rx * rx + ry * ry;
    if (length2 === 0) return undefined;
    const t0 = (qx * rx + qy * ry) / length2;
    const t1 = t0 + (sx * rx + sy * ry) / length2;
    const lo = Math.max(0, Math.min(t0, t1));
    const hi = Math.min(1, Math.max(t0, t1));
    if (lo > hi) return undefined;
    const point: [number, number] = [a0[0]! + lo * rx, a0[1]! + lo * ry];
    const u = sx * sx + sy * sy === 0 ? 0 : ((point[0] - b0[0]!) * sx + (point[1] - b0[1]!) * sy) / (sx * sx + sy * sy);
    return { point, t: lo, u, collinear: hi > lo };
  }
  // Segments that share an end meet exactly there (rounding would put t a hair off 0 or 1 and call it a crossing).
  if (samePoint(a0, b0) || samePoint(a0, b1)) return { point: [a0[0]!, a0[1]!], t: 0, u: samePoint(a0, b0) ? 0 : 1, collinear: false };
  if (samePoint(a1, b0) || samePoint(a1, b1)) return { point: [a1[0]!, a1[1]!], t: 1, u: samePoint(a1, b0) ? 0 : 1, collinear: false };
  const t = (qx * sy - qy * sx) / denominator;
  const u = (qx * ry - qy * rx) / denominator;
  if (t < 0 || t > 1 || u < 0 || u > 1) return undefined;
  // Ends are returned exactly, so a line through a vertex hits the vertex and not a point a rounding error off it.
  const point: [number, number] =
    t === 0 ? [a0[0]!, a0[1]!] : t === 1 ? [a1[0]!, a1[1]!] : u === 0 ? [b0[0]!, b0[1]!] : u === 1 ? [b1[0]!, b1[1]!] : [a0[0]! + t * rx, a0[1]! + t * ry];
  return { point, t, u, collinear: false };
}

/** The nearest point of segment a→b to p, its parameter and distance. */
export function nearestOnSegment(p: Position, a: Position, b: Position): { point: [number, number]; t: number; distance: number } {
  const dx = b[0]! - a[0]!;
  const dy = b[1]! - a[1]!;
  const length2 = dx * dx + dy * dy;
  let t = length2 === 0 ? 0 : ((p[0]! - a[0]!) * dx + (p[1]! - a[1]!) * dy) / length2;
  t = Math.max(0, Math.min(1, t));
  const point: [number, number] = t === 0 ? [a[0]!, a[1]!] : t === 1 ? [b[0]!, b[1]!] : [a[0]! + t * dx, a[1]! + t * dy];
  return { point, t, distance: Math.hypot(p[0]! - point[0], p[1]! - point[1]) };
}

/**
 * A closed ring (a polygon's outline used as a barrier) opened into a line whose direct stretch between the points
 * nearest to `from` and `to` is the shorter way round the ring: it starts at a vertex of the longer way. A line that
 * is not closed comes back as it is.
 */
export function openRingBetween(ring: readonly Position[], from: Position, to: Position): Position[] {
  const n = ring.length - 1;
  if (n < 3 || !samePoint(ring[0]!, ring[n]!)) return [...ring];
  const lengths = [0];
  for (let i = 1; i <= n; i += 1) lengths.push(lengths[i - 1]! + Math.hypot(ring[i]![0]! - ring[i - 1]![0]!, ring[i]![1]! - ring[i - 1]![1]!));
  const total = lengths[n]!;
  const along = (point: Position) => {
    let best = { s: 0, distance: Infinity };
    for (let i = 0; i < n; i += 1) {
      const hit = nearestOnSegment(point, ring[i]!, ring[i + 1]!);
      if (hit.distance < best.distance) best = { s: lengths[i]! + hit.t * (lengths[i + 1]! - lengths[i]!), distance: hit.distance };
    }
    return best.s;
  };
  const [lo, hi] = [along(from), along(to)].sort((x, y) => x - y) as [number, number];
  // The way round to avoid is the longer one; the line starts at its vertex farthest round the ring from both points.
  const avoidDirect = total - (hi - lo) < hi - lo;
  const round = (a: number, b: number) => Math.min(Math.abs(a - b), total - Math.abs(a - b));
  let start = -1;
  let margin = -Infinity;
  for (let i = 0; i < n; i += 1) {
    const s = lengths[i]!;
    if (avoidDirect !== (s > lo && s < hi)) continue;
    const away = Math.min(round(s, lo), round(s, hi));
    if (away > margin) [start, margin] = [i, away];
  }
  if (start <= 0) return [...ring];
  return [...ring.slice(start, n), ...ring.slice(0, start + 1)];
}

/**
 * Where a point lies against a ring (closed or not): 1 inside, -1 outside, 0 on the outline (within `epsilon`).
 * Even-odd rule, so it also answers for a ring that crosses itself.
 */
export function pointInRing(point: Position, ring: readonly Position[], epsilon = 0): 1 | 0 | -1 {
  const x = point[0]!;
  const y = point[1]!;
  let inside = false;
  const count = ring.length;
  for (let i = 0, j = count - 1; i < count; j = i, i += 1) {
    const a = ring[j]!;
    const b = ring[i]!;
    const ax = a[0]!;
    const ay = a[1]!;
    const bx = b[0]!;
    const by = b[1]!;
    if (Math.min(ay, by) - epsilon <= y && y <= Math.max(ay, by) + epsilon && Math.min(ax, bx) - epsilon <= x && x <= Math.max(ax, bx) + epsilon) {
      if (nearestOnSegment(point, a, b).distance <= epsilon) return 0;
    }
    if (ay > y !== by > y && x < ((bx - ax) * (y - ay)) / (by - ay) + ax) inside = !inside;
  }
  return inside ? 1 : -1;
}

/** 1 inside the polygon (outer ring, outside its holes), 0 on an outline, -1 outside. */
export function pointInPolygon(point: Position, polygon: readonly (readonly Position[])[], epsilon = 0): 1 | 0 | -1 {
  const outer = pointInRing(point, polygon[0] ?? [], epsilon);
  if (outer !== 1) return outer;
  for (let i = 1; i < polygon.length; i += 1) {
    const hole = pointInRing(point, polygon[i]!, epsilon);
    if (hole === 0) return 0;
    if (hole === 1) return -1;
  }
  return 1;
}

/**
 * A point well inside a polygon, for marking where a problem is: on the horizontal line through the middle of the
 * polygon's height (nudged off vertex heights), the middle of the widest stretch that lies inside. Unlike the
 * centroid it always lies inside, also for a ring bent like a U.
 */
export function innerPoint(polygon: readonly (readonly Position[])[]): [number, number] {
  const outer = polygon[0] ?? [];
  const [minX, minY, maxX, maxY] = boxOf(outer);
  if (!(maxY > minY) || !(maxX > minX)) return [(minX + maxX) / 2 || outer[0]?.[0] || 0, (minY + maxY) / 2 || outer[0]?.[1] || 0];
  let best: [number, number] = [(minX + maxX) / 2, (minY + maxY) / 2];
  let bestWidth = -1;
  for (const fraction of [0.5, 0.3, 0.7, 0.15, 0.85]) {
    const y = minY + (maxY - minY) * fraction + (maxY - minY) * 1.234567e-7;
    const crossings: number[] = [];
    for (const ring of polygon) {
      for (let i = 0, j = ring.length - 1; i < ring.length; j = i, i += 1) {
        const a = ring[j]!;
        const b = ring[i]!;
        if (a[1]! > y !== b[1]! > y) crossings.push(a[0]! + ((y - a[1]!) * (b[0]! - a[0]!)) / (b[1]! - a[1]!));
      }
    }
    crossings.sort((p, q) => p - q);
    for (let i = 0; i + 1 < crossings.length; i += 2) {
      const width = crossings[i + 1]! - crossings[i]!;
      if (width > bestWidth) {
        bestWidth = width;
        best = [(crossings[i]! + crossings[i + 1]!) / 2, y];
      }
    }
    if (bestWidth > (maxX - minX) * 0.05) break;
  }
  return best;
}

/** Polsby-Popper compactness 4πA / P²: 1 for a circle, about 0.785 for a square, near 0 for a thin strip. */
export function polsbyPopper(area: number, perimeter: number): number {
  return perimeter > 0 ? (4 * Math.PI * area) / (perimeter * perimeter) : 0;
}
