// Bounding boxes [minX, minY, maxX, maxY]: of positions, of geometries, their union and their overlap.
import type { Geometry, Position } from 'geojson';

/** [minX, minY, maxX, maxY] */
export type Box = [number, number, number, number];

/** The box that holds nothing; `extendBox` grows it. minX > maxX tells that it is still empty. */
export function emptyBox(): Box {
  return [Infinity, Infinity, -Infinity, -Infinity];
}

/** Grows the box (in place) to hold (x, y). */
export function extendBox(box: Box, x: number, y: number): Box {
  if (x < box[0]) box[0] = x;
  if (y < box[1]) box[1] = y;
  if (x > box[2]) box[2] = x;
  if (y > box[3]) box[3] = y;
  return box;
}

/** The box around positions (a ring, a line, a point list). */
export function boxOf(points: readonly Position[]): Box {
  const box = emptyBox();
  for (const point of points) extendBox(box, point[0]!, point[1]!);
  return box;
}

/**
 * The box around any GeoJSON geometry (empty, see `emptyBox`, for one without positions); a `bbox` member the file
 * carries is not trusted. Not @turf/bbox: it is as fast (1.4 against 0.8 ms for the 542 Berlin Planungsräume,
 * bench/geometry.bench.mjs) but adds 0.6 KB gzip to every bundle (dist/sozialraum.js 249.1 → 249.6 KB with it, of a
 * 250 KB budget), and forEachPosition already walks every geometry, hostile ones included.
 */
export function geometryBox(geometry: Geometry): Box {
  const box = emptyBox();
  forEachPosition(geometry, (position) => extendBox(box, position[0]!, position[1]!));
  return box;
}

/**
 * Calls back with every position of a geometry, in order. Parts that are not lists where GeoJSON has lists are passed
 * over, and nested GeometryCollections are walked without recursion, so a hostile file cannot crash or overflow it.
 */
export function forEachPosition(geometry: Geometry, callback: (position: Position) => void): void {
  const lists = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
  const position = (value: unknown) => {
    if (Array.isArray(value)) callback(value as Position);
  };
  const pending: unknown[] = [geometry];
  while (pending.length > 0) {
    const part = pending.pop() as Partial<Geometry> | null | undefined;
    if (!part || typeof part !== 'object') continue;
    const coordinates = (part as { coordinates?: unknown }).coordinates;
    switch (part.type) {
      case 'Point':
        position(coordinates);
        break;
      case 'MultiPoint':
      case 'LineString':
        lists(coordinates).forEach(position);
        break;
      case 'MultiLineString':
      case 'Polygon':
        for (const line of lists(coordinates)) lists(line).forEach(position);
        break;
      case 'MultiPolygon':
        for (const polygon of lists(coordinates)) for (const ring of lists(polygon)) lists(ring).forEach(position);
        break;
      case 'GeometryCollection':
        {
          const parts = lists((part as { geometries?: unknown }).geometries);
          for (let index = parts.length - 1; index >= 0; index -= 1) pending.push(parts[index]);
        }
        break;
    }
  }
}

/** The box around boxes, or an empty box (see `emptyBox`) for none. */
export function unionBox(boxes: Iterable<ArrayLike<number>>): Box {
  const box = emptyBox();
  for (const other of boxes) {
    extendBox(box, other[0]!, other[1]!);
    extendBox(box, other[2]!, other[3]!);
  }
  return box;
}

/** Whether two boxes meet (touching counts), each grown by `margin`. */
export function boxesOverlap(a: readonly number[], b: readonly number[], margin = 0): boolean {
  return a[0]! <= b[2]! + margin && b[0]! <= a[2]! + margin && a[1]! <= b[3]! + margin && b[1]! <= a[3]! + margin;
}

/** Area of the overlap of two boxes; 0 when they only touch or are apart. */
export function boxOverlap(a: readonly number[], b: readonly number[]): number {
  const width = Math.min(a[2]!, b[2]!) - Math.max(a[0]!, b[0]!);
  const height = Math.min(a[3]!, b[3]!) - Math.max(a[1]!, b[1]!);
  return width > 0 && height > 0 ? width * height : 0;
}
