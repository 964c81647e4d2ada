// Exact overlaps and dissolved unions of Sozialräume, for assigning areas to a level above by geometry.
import type { MultiPolygon, Polygon } from 'geojson';
import polygonClipping from 'polygon-clipping';
import type { MultiPolygon as ClipMultiPolygon, Polygon as ClipPolygon } from 'polygon-clipping';
import { polygonsArea, polygonsOf } from '../geometry/index.js';
import { buildTopology } from '../coverage/topology.js';
import { dissolveOutline } from '../coverage/operations/faces.js';

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

/**
 * The unions of groups of areas that form a coverage (that share their edges vertex for vertex, as the Planungsräume
 * of one Bezirk do), by their topology: the arcs two members share are dropped and the rest walked into rings. It
 * snaps nothing (tolerance 0), so every vertex of a result is one of the input, and it takes a fraction of the time
 * of a polygon union. A group whose result has not the area of its members together (members that overlap, or meet
 * without sharing their vertices) comes back undefined, as does every group when the areas make no topology: the
 * caller unions those.
 */
export function dissolveCoverage(
  geometries: readonly (Polygon | MultiPolygon)[],
  groups: readonly (readonly number[])[],
): (Polygon | MultiPolygon | undefined)[] {
  let topology;
  try {
    const features = geometries.map((geometry) => ({ type: 'Feature' as const, properties: {}, geometry }));
    topology = buildTopology({ crs: 'EPSG:0', idField: 'id', features, ids: geometries.map((_, index) => String(index)) }, { tolerance: 0 }).topology;
  } catch {
    return groups.map(() => undefined);
  }
  return groups.map((members) => {
    try {
      const polygons = dissolveOutline(topology, members.map(String));
      const expected = members.reduce((sum, member) => sum + polygonsArea(polygonsOf(geometries[member]!)), 0);
      if (polygons.length === 0 || Math.abs(polygonsArea(polygons) - expected) > 1e-9 * expected) return undefined;
      return polygons.length === 1 ? { type: 'Polygon', coordinates: polygons[0]! } : { type: 'MultiPolygon', coordinates: polygons };
    } catch {
      return undefined;
    }
  });
}
