// Spatial indexes over areas and points: flatbush for boxes (packed Hilbert R-tree), kdbush for points.
import Flatbush from 'flatbush';
import KDBush from 'kdbush';
import type { MultiPolygon, Polygon, Position } from 'geojson';
import { polygonsOf } from './area.js';
import { boxOf } from './box.js';
import { insideRings } from './inside.js';

/**
 * The polygons of a set of areas (a MultiPolygon gives several) in a flatbush over their boxes, for finding the
 * areas that hold a point. Points on an edge two areas share go to exactly one of them (see `crossesOdd`).
 */
export class AreaIndex {
  readonly #owners: number[] = [];
  readonly #polygons: (readonly Position[][])[] = [];
  readonly #index: Flatbush | undefined;

  constructor(geometries: readonly (Polygon | MultiPolygon)[]) {
    const boxes: [number, number, number, number][] = [];
    geometries.forEach((geometry, area) => {
      for (const polygon of polygonsOf(geometry)) {
        const rings = polygon.filter((ring) => ring.length >= 3);
        if (rings.length === 0) continue;
        this.#owners.push(area);
        this.#polygons.push(rings);
        // The outline bounds the holes.
        boxes.push(boxOf(rings[0]!));
      }
    });
    if (boxes.length === 0) return;
    this.#index = new Flatbush(boxes.length);
    for (const [minX, minY, maxX, maxY] of boxes) this.#index.add(minX, minY, maxX, maxY);
    this.#index.finish();
  }

  /** Fills `found` with the areas holding the point, each once, in the order of the areas. */
  areasAt(x: number, y: number, found: number[]): void {
    found.length = 0;
    if (!this.#index || !Number.isFinite(x) || !Number.isFinite(y)) return;
    for (const polygon of this.#index.search(x, y, x, y)) {
      const area = this.#owners[polygon]!;
      if (!found.includes(area) && insideRings(this.#polygons[polygon]!, x, y)) found.push(area);
    }
    if (found.length > 1) found.sort((a, b) => a - b);
  }
}

/** Points in a kdbush, for asking whether some point lies within a distance of a place. */
export class PointIndex {
  readonly x: Float64Array;
  readonly y: Float64Array;
  readonly #index: KDBush | undefined;

  constructor(x: Float64Array, y: Float64Array) {
    this.x = x;
    this.y = y;
    if (x.length === 0) return;
    this.#index = new KDBush(x.length);
    for (let index = 0; index < x.length; index += 1) this.#index.add(x[index]!, y[index]!);
    this.#index.finish();
  }

  get size(): number {
    return this.x.length;
  }

  /** Whether some point lies within `distance` of (x, y). */
  anyWithin(x: number, y: number, distance: number): boolean {
    return this.#index !== undefined && this.#index.within(x, y, distance).length > 0;
  }

  /** The points in the box, by index. */
  inBox(minX: number, minY: number, maxX: number, maxY: number): number[] {
    return this.#index?.range(minX, minY, maxX, maxY) ?? [];
  }
}
