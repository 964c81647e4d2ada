// Which Sozialräume border each other, and which neighbour lies in a given direction (keyboard navigation).
import type { Feature, MultiPolygon, Polygon, Position } from 'geojson';
import { polygonsOf } from '../geometry/index.js';

/**
 * Neighbours of every area: two areas are neighbours when they share at least two vertices, that is an edge.
 * Exact for a clean partition (shared edges carry the same vertices, as in the Berlin LOR); areas that only touch
 * at a corner are not neighbours.
 */
export function sharedEdgeNeighbours(features: readonly Feature<Polygon | MultiPolygon>[]): number[][] {
  const areasAtVertex = new Map<string, number[]>();
  features.forEach((feature, index) => {
    const seen = new Set<string>();
    for (const ring of rings(feature.geometry)) {
      for (const position of ring) {
        const key = `${position[0]},${position[1]}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const list = areasAtVertex.get(key);
        if (list) list.push(index);
        else areasAtVertex.set(key, [index]);
      }
    }
  });
  const sharedVertices = new Map<number, number>();
  const pairKey = (a: number, b: number) => (a < b ? a * features.length + b : b * features.length + a);
  for (const list of areasAtVertex.values()) {
    for (let i = 0; i < list.length; i += 1) {
      for (let j = i + 1; j < list.length; j += 1) {
        const key = pairKey(list[i]!, list[j]!);
        sharedVertices.set(key, (sharedVertices.get(key) ?? 0) + 1);
      }
    }
  }
  const neighbours: number[][] = features.map(() => []);
  for (const [key, count] of sharedVertices) {
    if (count < 2) continue;
    const a = Math.floor(key / features.length);
    const b = key % features.length;
    neighbours[a]!.push(b);
    neighbours[b]!.push(a);
  }
  for (const list of neighbours) list.sort((a, b) => a - b);
  return neighbours;
}

function rings(geometry: Polygon | MultiPolygon): Position[][] {
  return geometry.type === 'Polygon' ? geometry.coordinates : geometry.coordinates.flat();
}

/**
 * The centre of mass of each area, in the areas' own coordinates: the area-weighted centroid of its polygons,
 * holes subtracted whatever way their rings are wound. Areas without area fall back to the mean of their vertices.
 */
export function areaCentres(features: readonly Feature<Polygon | MultiPolygon>[]): [number, number][] {
  return features.map((feature) => {
    const polygons = polygonsOf(feature.geometry);
    let area = 0;
    let cx = 0;
    let cy = 0;
    let sx = 0;
    let sy = 0;
    let count = 0;
    for (const polygon of polygons) {
      polygon.forEach((ring, ringIndex) => {
        // Shifted by the first vertex to keep the products small for UTM-sized coordinates.
        const [ox, oy] = [ring[0]![0]!, ring[0]![1]!];
        let ringArea = 0;
        let rx = 0;
        let ry = 0;
        for (let i = 0; i < ring.length - 1; i += 1) {
          const x0 = ring[i]![0]! - ox;
          const y0 = ring[i]![1]! - oy;
          const x1 = ring[i + 1]![0]! - ox;
          const y1 = ring[i + 1]![1]! - oy;
          const cross = x0 * y1 - x1 * y0;
          ringArea += cross;
          rx += (x0 + x1 + 3 * ox) * cross;
          ry += (y0 + y1 + 3 * oy) * cross;
          sx += ring[i]![0]!;
          sy += ring[i]![1]!;
          count += 1;
        }
        const sign = (ringIndex === 0 ? 1 : -1) * Math.sign(ringArea);
        area += sign * ringArea;
        cx += sign * rx;
        cy += sign * ry;
      });
    }
    if (area === 0) return [sx / count, sy / count];
    return [cx / (3 * area), cy / (3 * area)];
  });
}

export type Direction = 'up' | 'down' | 'left' | 'right';

const UNIT: Record<Direction, [number, number]> = { up: [0, 1], down: [0, -1], left: [-1, 0], right: [1, 0] };

/**
 * The area to move to from `from` in a direction on the map (up = north for the CRS we use): among the bordering
 * areas whose centre lies within 90° of the direction, the one that is near and close to the axis; when no
 * bordering area lies that way (an edge of the city, an exclave), the nearest area within 45° of the direction.
 * Returns undefined when nothing lies that way.
 */
export function neighbourInDirection(
  centres: readonly [number, number][],
  neighbours: readonly (readonly number[])[],
  from: number,
  direction: Direction,
): number | undefined {
  const origin = centres[from];
  if (!origin) return undefined;
  const [ux, uy] = UNIT[direction];
  const score = (index: number, minCos: number): number | undefined => {
    const centre = centres[index]!;
    const dx = centre[0] - origin[0];
    const dy = centre[1] - origin[1];
    const distance = Math.hypot(dx, dy);
    if (distance === 0) return undefined;
    const cos = (dx * ux + dy * uy) / distance;
    if (cos <= minCos) return undefined;
    // Off-axis candidates count as farther away, so a straight move beats a diagonal one of equal length.
    return distance * (1 + 2 * (1 - cos));
  };
  const best = (candidates: Iterable<number>, minCos: number): number | undefined => {
    let chosen: number | undefined;
    let chosenScore = Infinity;
    for (const index of candidates) {
      if (index === from) continue;
      const value = score(index, minCos);
      if (value !== undefined && value < chosenScore) {
        chosen = index;
        chosenScore = value;
      }
    }
    return chosen;
  };
  return best(neighbours[from] ?? [], 0) ?? best(centres.keys(), Math.SQRT1_2);
}

/** The area whose centre lies nearest to a point (in the areas' coordinates); undefined when there are none. */
export function nearestCentre(centres: readonly [number, number][], point: readonly [number, number]): number | undefined {
  let best: number | undefined;
  let bestDistance = Infinity;
  centres.forEach(([x, y], index) => {
    const distance = Math.hypot(x - point[0], y - point[1]);
    if (distance < bestDistance) {
      best = index;
      bestDistance = distance;
    }
  });
  return best;
}
