// Which Sozialräume border each other, and which neighbour lies in a given direction (keyboard navigation).
import { centerOfMass } from '@turf/center-of-mass';
import type { Feature, MultiPolygon, Polygon, Position } from 'geojson';

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

/** The centre of mass of each area, in the areas' own coordinates. */
export function areaCentres(features: readonly Feature<Polygon | MultiPolygon>[]): [number, number][] {
  return features.map((feature) => {
    const [x, y] = centerOfMass(feature).geometry.coordinates;
    return [x!, y!];
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
