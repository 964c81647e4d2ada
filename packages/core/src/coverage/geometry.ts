// Planar geometry the topology, its operations and the validator need beyond the primitives of ../geometry:
// outline length, a barrier ring opened between two points, a point well inside a polygon, compactness.
import type { Position } from 'geojson';
import { boxOf, nearestOnSegment, samePoint } from '../geometry/index.js';

// The primitives stay part of this module's public API (the editor imports them from here).
export {
  boxOf,
  boxesOverlap,
  nearestOnSegment,
  orient,
  pointInPolygon,
  pointInRing,
  polygonArea,
  samePoint,
  segmentIntersection,
  signedArea,
  type Box,
  type SegmentHit,
} from '../geometry/index.js';

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
