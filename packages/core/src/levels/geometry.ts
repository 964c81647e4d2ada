// Exact overlaps and dissolved unions of Sozialräume, for assigning areas to a level above by geometry.
import type { MultiPolygon, Polygon } from 'geojson';
import polygonClipping from 'polygon-clipping';
import type { MultiPolygon as ClipMultiPolygon, Polygon as ClipPolygon } from 'polygon-clipping';
import { polygonsArea, polygonsOf } from '../geometry/index.js';

/** The polygons of an area as polygon-clipping reads them (rings of [x, y] pairs). */
export function clipPolygons(geometry: Polygon | MultiPolygon): ClipMultiPolygon {
  const polygons = polygonsOf(geometry);
  return polygons.map((polygon): ClipPolygon => polygon.map((ring) => ring.map((position) => [position[0]!, position[1]!])));
}

/** Exact area of the overlap of two areas (polygon-clipping's intersection, measured by the shoelace formula). */
export function overlapArea(a: ClipMultiPolygon, b: ClipMultiPolygon): number {
  return polygonsArea(polygonClipping.intersection(a, b));
}

/**
 * The union of areas as one MultiPolygon (or Polygon when it is one piece): shared edges dissolve, holes between the
 * parts stay holes. polygon-clipping's sweep line uses robust predicates, so areas that share vertices exactly, as
 * the Planungsräume of one Bezirk do, dissolve without slivers.
 */
export function dissolve(geometries: readonly (Polygon | MultiPolygon)[]): Polygon | MultiPolygon {
  const [first, ...rest] = geometries.map(clipPolygons);
  if (!first) return { type: 'MultiPolygon', coordinates: [] };
  const union = polygonClipping.union(first, ...rest);
  return union.length === 1 ? { type: 'Polygon', coordinates: union[0]! } : { type: 'MultiPolygon', coordinates: union };
}
