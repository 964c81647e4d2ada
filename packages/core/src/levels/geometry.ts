// Planar areas, exact overlaps and dissolved unions of Sozialräume, for assigning areas to a level above by geometry.
import type { MultiPolygon, Polygon, Position } from 'geojson';
import polygonClipping from 'polygon-clipping';
import type { MultiPolygon as ClipMultiPolygon, Polygon as ClipPolygon } from 'polygon-clipping';

/** The polygons of an area as polygon-clipping reads them (rings of [x, y] pairs). */
export function clipPolygons(geometry: Polygon | MultiPolygon): ClipMultiPolygon {
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  return polygons.map((polygon): ClipPolygon => polygon.map((ring) => ring.map((position) => [position[0]!, position[1]!])));
}

/**
 * Planar area of a Polygon or MultiPolygon in the units of its coordinates (m² in a metric CRS), holes subtracted
 * whichever way the file winds its rings.
 */
export function planarArea(geometry: Polygon | MultiPolygon): number {
  return polygonsArea(geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates);
}

/** Planar area of polygons given as rings of positions, outer ring first. */
export function polygonsArea(polygons: readonly (readonly (readonly Position[])[])[]): number {
  let area = 0;
  for (const polygon of polygons) {
    polygon.forEach((ring, index) => {
      area += (index === 0 ? 1 : -1) * Math.abs(ringArea(ring));
    });
  }
  return area;
}

/** Signed shoelace area of a ring, shifted to its first vertex so that UTM-sized coordinates keep their precision. */
function ringArea(ring: readonly Position[]): number {
  if (ring.length < 3) return 0;
  const ox = ring[0]![0]!;
  const oy = ring[0]![1]!;
  let twice = 0;
  for (let index = 0; index < ring.length - 1; index += 1) {
    const x0 = ring[index]![0]! - ox;
    const y0 = ring[index]![1]! - oy;
    const x1 = ring[index + 1]![0]! - ox;
    const y1 = ring[index + 1]![1]! - oy;
    twice += x0 * y1 - x1 * y0;
  }
  return twice / 2;
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

/** [minX, minY, maxX, maxY] of an area's outer rings. */
export function boundingBox(polygons: ClipMultiPolygon): [number, number, number, number] {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const polygon of polygons) {
    for (const [x, y] of polygon[0] ?? []) {
      if (x < minX) minX = x;
      if (x > maxX) maxX = x;
      if (y < minY) minY = y;
      if (y > maxY) maxY = y;
    }
  }
  return [minX, minY, maxX, maxY];
}

/** Area of the overlap of two bounding boxes; 0 when they only touch. */
export function boxOverlap(a: readonly number[], b: readonly number[]): number {
  const width = Math.min(a[2]!, b[2]!) - Math.max(a[0]!, b[0]!);
  const height = Math.min(a[3]!, b[3]!) - Math.max(a[1]!, b[1]!);
  return width > 0 && height > 0 ? width * height : 0;
}
