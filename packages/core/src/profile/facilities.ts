// Facilities near an area: how many lie inside it or within a distance of it, and how many of its residents (from a
// population grid) live within that distance of the nearest one. Straight-line distances in metres, in a projected CRS.
import type { FeatureCollection, Position } from 'geojson';
import { detectCrs, transformer } from '../crs/index.js';
import { cellCentre, type PopulationGrid } from '../aggregate/grid.js';
import type { AreaFeature } from '../io/areas.js';
import { distanceToRings, geometryBox, insideRings, PointIndex, polygonsOf } from '../geometry/index.js';

/** The CRS all profile distances and areas are measured in: equal-area, metric, and the CRS of the Zensus grid. */
export const PROFILE_CRS = 'EPSG:3035';

/** Facilities as points in PROFILE_CRS, indexed for asking whether one lies within a distance of a place. */
export type PointSet = PointIndex;

/**
 * The points of a GeoJSON layer (its CRS read from the legacy `crs` member, else longitude/latitude) in
 * PROFILE_CRS; features without a point geometry are left out.
 */
export function projectPoints(points: FeatureCollection, source: string, crs?: string): PointSet {
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
  return new PointIndex(Float64Array.from(xs), Float64Array.from(ys));
}

/** The area's polygons in PROFILE_CRS. */
export function projectedPolygons(feature: AreaFeature, crs: string): Position[][][] {
  const project = transformer(crs, PROFILE_CRS);
  const polygons = polygonsOf(feature.geometry);
  return polygons.map((polygon) => polygon.map((ring) => ring.map(project)));
}

/** Facilities inside the area, and inside it or within `distance` of its boundary. */
export function countFacilities(polygons: Position[][][], points: PointSet, distance: number): { inside: number; within: number } {
  const rings = polygons.flat();
  const [minX, minY, maxX, maxY] = geometryBox({ type: 'MultiPolygon', coordinates: polygons });
  let inside = 0;
  let within = 0;
  for (const index of points.inBox(minX - distance, minY - distance, maxX + distance, maxY + distance)) {
    const x = points.x[index]!;
    const y = points.y[index]!;
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
  const polygons = polygonsOf(area.geometry);
  const rings = polygons.flatMap((polygon) => polygon.map((ring) => ring.map(toGrid)));
  const toProfile = grid.crs === PROFILE_CRS ? undefined : transformer(grid.crs, PROFILE_CRS);
  const [minX, minY, maxX, maxY] = geometryBox({ type: 'MultiLineString', coordinates: rings });
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
