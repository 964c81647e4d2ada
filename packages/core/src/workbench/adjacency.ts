// Which polygon units face each other within a tolerance: statistical blocks have streets between them, so they never
// share an edge, yet the blocks on both sides of a street belong together.
import Flatbush from 'flatbush';
import type { MultiPolygon, Polygon, Position } from 'geojson';
import { boxOf, nearestOnSegment, polygonsOf } from '../geometry/index.js';

/** The unit graph in compressed rows: neighbours of u at offsets[u] … offsets[u + 1] - 1, with the facing length. */
export interface UnitGraph {
  offsets: Uint32Array;
  neighbours: Uint32Array;
  lengths: Float64Array;
}

/**
 * Neighbours of each polygon: two units are neighbours when at least `minimumShared` metres of the outline of one lie
 * within `tolerance` of the other's outline. The facing length is measured by walking each outline in steps of a
 * third of the tolerance (at most 5 m), so it is exact to a step; it is measured from both sides and the shorter
 * taken, which keeps a block's corner pointing at a long neighbour from counting as a whole shared edge.
 */
export function toleranceAdjacency(geometries: readonly (Polygon | MultiPolygon)[], tolerance: number, minimumShared: number): UnitGraph {
  const rings = geometries.map((geometry) => polygonsOf(geometry).flat());
  const count = rings.length;
  const step = Math.max(0.5, Math.min(5, tolerance / 3));
  const pairs: Map<number, number>[] = Array.from({ length: count }, () => new Map());
  if (count > 0) {
    const index = new Flatbush(count);
    const boxes = rings.map((unitRings) => boxOf(unitRings.flat()));
    for (const [minX, minY, maxX, maxY] of boxes) index.add(minX - tolerance, minY - tolerance, maxX + tolerance, maxY + tolerance);
    index.finish();
    boxes.forEach(([minX, minY, maxX, maxY], unit) => {
      for (const other of index.search(minX, minY, maxX, maxY)) {
        if (other === unit) continue;
        const facing = facingLength(rings[unit]!, rings[other]!, boxes[other]!, tolerance, step);
        if (facing > 0) pairs[unit]!.set(other, facing);
      }
    });
  }
  const offsets = new Uint32Array(count + 1);
  const neighbours: number[] = [];
  const lengths: number[] = [];
  for (let unit = 0; unit < count; unit += 1) {
    for (const [other, facing] of pairs[unit]!) {
      const shared = Math.min(facing, pairs[other]!.get(unit) ?? 0);
      if (shared < minimumShared) continue;
      neighbours.push(other);
      lengths.push(shared);
    }
    offsets[unit + 1] = neighbours.length;
  }
  return { offsets, neighbours: Uint32Array.from(neighbours), lengths: Float64Array.from(lengths) };
}

/** Length of the outline `rings` that lies within `tolerance` of the outline `others` (sampled every `step`). */
function facingLength(rings: readonly Position[][], others: readonly Position[][], box: readonly number[], tolerance: number, step: number): number {
  let length = 0;
  const point: [number, number] = [0, 0];
  for (const ring of rings) {
    for (let i = 0; i + 1 < ring.length; i += 1) {
      const a = ring[i]!;
      const b = ring[i + 1]!;
      const segment = Math.hypot(b[0]! - a[0]!, b[1]! - a[1]!);
      const samples = Math.max(1, Math.ceil(segment / step));
      for (let s = 0; s < samples; s += 1) {
        const t = (s + 0.5) / samples;
        point[0] = a[0]! + t * (b[0]! - a[0]!);
        point[1] = a[1]! + t * (b[1]! - a[1]!);
        if (point[0] < box[0]! - tolerance || point[0] > box[2]! + tolerance || point[1] < box[1]! - tolerance || point[1] > box[3]! + tolerance) continue;
        if (within(point, others, tolerance)) length += segment / samples;
      }
    }
  }
  return length;
}

function within(point: Position, rings: readonly Position[][], tolerance: number): boolean {
  for (const ring of rings) {
    for (let i = 0; i + 1 < ring.length; i += 1) if (nearestOnSegment(point, ring[i]!, ring[i + 1]!).distance <= tolerance) return true;
  }
  return false;
}
