// Facilities near an area: how many lie inside it or within a distance of it, and how many of its residents (from a
// population grid) live within that distance of the nearest one. Straight-line distances in metres, in a projected CRS.
import type { FeatureCollection, MultiPolygon, Position } from 'geojson';
import { detectCrs, transformer } from '../crs/index.js';
import { cellCentre, type PopulationGrid } from '../aggregate/grid.js';
import type { AreaFeature } from '../io/areas.js';

/** The CRS all profile distances and areas are measured in: equal-area, metric, and the CRS of the Zensus grid. */
export const PROFILE_CRS = 'EPSG:3035';

/** Points in PROFILE_CRS, bucketed so that the nearest one to a place is found by looking at a few buckets. */
export class PointSet {
  readonly x: Float64Array;
  readonly y: Float64Array;
  readonly #bucket: number;
  readonly #buckets = new Map<string, number[]>();

  constructor(x: Float64Array, y: Float64Array, bucket: number) {
    this.x = x;
    this.y = y;
    this.#bucket = bucket;
    for (let index = 0; index < x.length; index += 1) {
      const key = `${Math.floor(x[index]! / bucket)},${Math.floor(y[index]! / bucket)}`;
      const list = this.#buckets.get(key);
      if (list) list.push(index);
      else this.#buckets.set(key, [index]);
    }
  }

  get size(): number {
    return this.x.length;
  }

  /** Whether some point lies within `distance` (≤ the bucket size) of (x, y). */
  anyWithin(x: number, y: number, distance: number): boolean {
    const column = Math.floor(x / this.#bucket);
    const row = Math.floor(y / this.#bucket);
    const limit = distance * distance;
    for (let dx = -1; dx <= 1; dx += 1) {
      for (let dy = -1; dy <= 1; dy += 1) {
        for (const index of this.#buckets.get(`${column + dx},${row + dy}`) ?? []) {
          const ex = this.x[index]! - x;
          const ey = this.y[index]! - y;
          if (ex * ex + ey * ey <= limit) return true;
        }
      }
    }
    return false;
  }
}

/**
 * The points of a GeoJSON layer (its CRS read from the legacy `crs` member, else longitude/latitude) in
 * PROFILE_CRS; features without a point geometry are left out.
 */
export function projectPoints(points: FeatureCollection, source: string, distance: number, crs?: string): PointSet {
  const from = detectCrs(points, source, crs);
  const project = transformer(from, PROFILE_CRS, source);
  const xs: number[] = [];
  const ys: number[] = [];
  for (const feature of points.features) {
    const geometry = feature.geometry;
    const positions = geometry?.type === 'Point' ? [geometry.coordinates] : geometry?.type === 'MultiPoint' ? geometry.coordinates : [];
    for (const position of positions) {
      if (!Array.isArray(position) || !Number.isFinite(position[0]) || !Number.isFinite(position[1])) continue;
      const [x, y] = project(position);
      xs.push(x!);
      ys.push(y!);
    }
  }
  return new PointSet(Float64Array.from(xs), Float64Array.from(ys), Math.max(distance, 1));
}

/** The area's polygon rings in PROFILE_CRS. */
export function projectedRings(feature: AreaFeature, crs: string): Position[][] {
  const project = transformer(crs, PROFILE_CRS);
  const polygons = feature.geometry.type === 'Polygon' ? [feature.geometry.coordinates] : (feature.geometry as MultiPolygon).coordinates;
  return polygons.flatMap((polygon) => polygon.map((ring) => ring.map(project)));
}

/** Area enclosed by the rings in square units; holes, as rings of the other orientation, subtract. */
export function ringsArea(rings: readonly Position[][]): number {
  let total = 0;
  for (const [index, ring] of rings.entries()) {
    let twice = 0;
    for (let point = 0; point + 1 < ring.length; point += 1) twice += ring[point]![0]! * ring[point + 1]![1]! - ring[point + 1]![0]! * ring[point]![1]!;
    // GeoJSON does not guarantee orientation: the first ring of each polygon adds, the others (holes) subtract.
    total += Math.abs(twice / 2) * (isOuter(rings, index) ? 1 : -1);
  }
  return total;
}

/** Whether a ring is an outer ring: it lies in an even number of the other rings. */
function isOuter(rings: readonly Position[][], index: number): boolean {
  const probe = rings[index]![0]!;
  let containing = 0;
  rings.forEach((ring, other) => {
    if (other !== index && inRing(ring, probe[0]!, probe[1]!)) containing += 1;
  });
  return containing % 2 === 0;
}

function inRing(ring: readonly Position[], x: number, y: number): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i, i += 1) {
    const xi = ring[i]![0]!;
    const yi = ring[i]![1]!;
    const xj = ring[j]![0]!;
    const yj = ring[j]![1]!;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Inside by the even-odd rule over all rings: holes and the parts of a MultiPolygon come out right. */
export function insideRings(rings: readonly Position[][], x: number, y: number): boolean {
  let inside = false;
  for (const ring of rings) if (inRing(ring, x, y)) inside = !inside;
  return inside;
}

/** The shortest distance from (x, y) to the rings' edges. */
export function distanceToRings(rings: readonly Position[][], x: number, y: number): number {
  let best = Infinity;
  for (const ring of rings) {
    for (let point = 0; point + 1 < ring.length; point += 1) {
      const ax = ring[point]![0]!;
      const ay = ring[point]![1]!;
      const dx = ring[point + 1]![0]! - ax;
      const dy = ring[point + 1]![1]! - ay;
      const length = dx * dx + dy * dy;
      const t = length === 0 ? 0 : Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / length));
      const ex = ax + t * dx - x;
      const ey = ay + t * dy - y;
      best = Math.min(best, ex * ex + ey * ey);
    }
  }
  return Math.sqrt(best);
}

/** Facilities inside the area, and inside it or within `distance` of its boundary. */
export function countFacilities(rings: readonly Position[][], points: PointSet, distance: number): { inside: number; within: number } {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const ring of rings) {
    for (const [x, y] of ring) {
      minX = Math.min(minX, x!);
      maxX = Math.max(maxX, x!);
      minY = Math.min(minY, y!);
      maxY = Math.max(maxY, y!);
    }
  }
  let inside = 0;
  let within = 0;
  for (let index = 0; index < points.size; index += 1) {
    const x = points.x[index]!;
    const y = points.y[index]!;
    if (x < minX - distance || x > maxX + distance || y < minY - distance || y > maxY + distance) continue;
    if (insideRings(rings, x, y)) {
      inside += 1;
      within += 1;
    } else if (distanceToRings(rings, x, y) <= distance) {
      within += 1;
    }
  }
  return { inside, within };
}

/** A population grid: a Zensus grid table as readZensusGrid gives it, or any raster of counts. */
/**
 * The residents of one area on the grid, counting the cells whose centre lies in the area (the Zensus convention, so
 * every cell of a partition counts once), and, per point set, those whose cell centre lies within `distance` of the
 * nearest point. Only the cells under the area's bounding box are looked at.
 */
export function reachablePopulation(
  area: AreaFeature,
  areaCrs: string,
  population: PopulationGrid,
  pointSets: readonly PointSet[],
  distance: number,
): { total: number; reachable: number[] } {
  const { grid, values } = population;
  const toGrid = transformer(areaCrs, grid.crs);
  const polygons = area.geometry.type === 'Polygon' ? [area.geometry.coordinates] : (area.geometry as MultiPolygon).coordinates;
  const rings = polygons.flatMap((polygon) => polygon.map((ring) => ring.map(toGrid)));
  const toProfile = grid.crs === PROFILE_CRS ? undefined : transformer(grid.crs, PROFILE_CRS);
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const ring of rings) {
    for (const [x, y] of ring) {
      minX = Math.min(minX, x!);
      maxX = Math.max(maxX, x!);
      minY = Math.min(minY, y!);
      maxY = Math.max(maxY, y!);
    }
  }
  const firstColumn = Math.max(0, Math.floor((minX - grid.originX) / grid.cellWidth));
  const lastColumn = Math.min(grid.columns - 1, Math.floor((maxX - grid.originX) / grid.cellWidth));
  const firstRow = Math.max(0, Math.floor((grid.originY - maxY) / grid.cellHeight));
  const lastRow = Math.min(grid.rows - 1, Math.floor((grid.originY - minY) / grid.cellHeight));
  let total = 0;
  const reachable = pointSets.map(() => 0);
  for (let row = firstRow; row <= lastRow; row += 1) {
    for (let column = firstColumn; column <= lastColumn; column += 1) {
      const cell = row * grid.columns + column;
      const residents = values[cell]!;
      if (!Number.isFinite(residents) || residents === 0) continue;
      let [x, y] = cellCentre(grid, cell);
      if (!insideRings(rings, x, y)) continue;
      total += residents;
      if (toProfile) [x, y] = toProfile([x, y]) as [number, number];
      pointSets.forEach((points, index) => {
        if (points.anyWithin(x, y, distance)) reachable[index]! += residents;
      });
    }
  }
  return { total, reachable };
}

/** Labels of the facility types of the sample data, used when a layer brings none. */
export const FACILITY_LABELS: Readonly<Record<string, { de: string; en: string }>> = {
  kitas: { de: 'Kitas', en: 'Day-care centres' },
  schulen: { de: 'Schulen', en: 'Schools' },
  jugendfreizeiteinrichtungen: { de: 'Jugendfreizeiteinrichtungen', en: 'Youth centres' },
  pflegeeinrichtungen: { de: 'Pflegeeinrichtungen', en: 'Care homes' },
};
