// Planar segments: orientation, where two segments meet, the nearest point of a segment and of outlines.
//
// Turf's @turf/line-intersect and @turf/nearest-point-on-line are not used: nearest-point-on-line measures on the
// sphere from longitude/latitude, and the topology needs each meeting point with its parameter along both segments
// and an exact answer at shared ends, which line-intersect does not give.
import type { Position } from 'geojson';

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

/** The shortest distance from (x, y) to the edges of the rings. */
export function distanceToRings(rings: readonly (readonly Position[])[], x: number, y: number): number {
  const point: Position = [x, y];
  let best = Infinity;
  for (const ring of rings) {
    for (let i = 0; i + 1 < ring.length; i += 1) best = Math.min(best, nearestOnSegment(point, ring[i]!, ring[i + 1]!).distance);
  }
  return best;
}
