// Planar areas on projected coordinates (m² in a metric CRS): the shoelace formula, shifted to a local origin.
//
// Turf's @turf/area is not used: it measures on the sphere from longitude/latitude, while every area here is taken on
// projected coordinates (ETRS89 / UTM, EPSG:3035, grid cells), where the planar shoelace is the exact answer.
import type { MultiPolygon, Polygon, Position } from 'geojson';

/**
 * Signed shoelace area of a ring given flat as [x0, y0, x1, y1, …] (closed or not), positive when counter-clockwise.
 * The products are taken relative to the first vertex: with EPSG:3035 coordinates (y ≈ 4.5e6 m) or UTM
 * (y ≈ 5.8e6 m) products of raw coordinates reach 1e13 and cancel to areas of a few m², which costs about three of
 * the sixteen digits; relative to a vertex of the ring they stay as large as the ring itself.
 */
export function flatRingArea(coords: ArrayLike<number>, start = 0, end = coords.length): number {
  if (end - start < 6) return 0;
  const ox = coords[start]!;
  const oy = coords[start + 1]!;
  let twice = 0;
  let px = 0;
  let py = 0;
  for (let i = start + 2; i + 1 < end; i += 2) {
    const x = coords[i]! - ox;
    const y = coords[i + 1]! - oy;
    twice += px * y - x * py;
    px = x;
    py = y;
  }
  return twice / 2;
}

/** Signed shoelace area of a ring of positions (closed or not), positive when counter-clockwise. */
export function signedArea(ring: readonly Position[]): number {
  const coords = new Float64Array(ring.length * 2);
  ring.forEach((position, i) => {
    coords[2 * i] = position[0]!;
    coords[2 * i + 1] = position[1]!;
  });
  return flatRingArea(coords);
}

/** Area of a polygon: its outer ring minus its holes, whichever way the file winds them. */
export function polygonArea(polygon: readonly (readonly Position[])[]): number {
  let area = 0;
  polygon.forEach((ring, index) => {
    area += (index === 0 ? 1 : -1) * Math.abs(signedArea(ring));
  });
  return area;
}

/** Area of polygons given as rings of positions, outer ring first (a MultiPolygon's coordinates). */
export function polygonsArea(polygons: readonly (readonly (readonly Position[])[])[]): number {
  let area = 0;
  for (const polygon of polygons) area += polygonArea(polygon);
  return area;
}

/** The polygons of a Polygon (one) or a MultiPolygon, each as rings of positions, outer ring first. */
export function polygonsOf(geometry: Polygon | MultiPolygon): Position[][][] {
  return geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
}

/** Planar area of a Polygon or MultiPolygon in the units of its coordinates, holes subtracted. */
export function planarArea(geometry: Polygon | MultiPolygon): number {
  return polygonsArea(polygonsOf(geometry));
}
