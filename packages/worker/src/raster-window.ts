// The part of a raster that a set of areas needs: their extent carried into the raster's CRS, and the cells under it.
import { transformer, type AreaCollection, type Extent, type Grid, type RasterArray } from '@sozialraum/core';
import { areaExtents, unionExtent } from './packed-areas.js';

/** Points per side of a box carried into another CRS: straight edges bend there, and the bend stays inside a few metres. */
const DENSIFY = 16;

/**
 * The box in `to` that holds the box `extent` given in `from`. The outline is sampled densely and carried over,
 * so the result is the extent of the curved image, not just of the four corners.
 */
export function transformExtent(extent: Extent, from: string, to: string): Extent {
  if (from === to) return [...extent];
  const project = transformer(from, to);
  const [minX, minY, maxX, maxY] = extent;
  let outMinX = Infinity;
  let outMinY = Infinity;
  let outMaxX = -Infinity;
  let outMaxY = -Infinity;
  const add = (x: number, y: number) => {
    const [px, py] = project([x, y]) as [number, number];
    if (px < outMinX) outMinX = px;
    if (px > outMaxX) outMaxX = px;
    if (py < outMinY) outMinY = py;
    if (py > outMaxY) outMaxY = py;
  };
  for (let step = 0; step <= DENSIFY; step += 1) {
    const t = step / DENSIFY;
    const x = minX + t * (maxX - minX);
    const y = minY + t * (maxY - minY);
    add(x, minY);
    add(x, maxY);
    add(minX, y);
    add(maxX, y);
  }
  return [outMinX, outMinY, outMaxX, outMaxY];
}

/**
 * The extent of the areas in another CRS, e.g. to read only that window of a GeoTIFF. Undefined when the areas
 * have no positions.
 */
export function areasExtent(areas: AreaCollection, crs: string): Extent | undefined {
  const extents = areaExtents(areas);
  const union = unionExtent(extents, areas.features.keys());
  return union && transformExtent(union, areas.crs, crs);
}

/** Columns and rows [left, top, right, bottom) of the grid's cells under a box, widened by `margin` cells, at least one cell. */
export function gridWindow(grid: Grid, extent: Extent, margin = 1): [number, number, number, number] {
  const [minX, minY, maxX, maxY] = extent;
  const clamp = (value: number, limit: number) => Math.min(limit, Math.max(0, value));
  let left = clamp(Math.floor((minX - grid.originX) / grid.cellWidth) - margin, grid.columns);
  let right = clamp(Math.ceil((maxX - grid.originX) / grid.cellWidth) + margin, grid.columns);
  let top = clamp(Math.floor((grid.originY - maxY) / grid.cellHeight) - margin, grid.rows);
  let bottom = clamp(Math.ceil((grid.originY - minY) / grid.cellHeight) + margin, grid.rows);
  // Areas beside the raster still need a grid to be measured against; any one cell serves, none of it is covered.
  if (right <= left) [left, right] = left >= grid.columns ? [grid.columns - 1, grid.columns] : [left, left + 1];
  if (bottom <= top) [top, bottom] = top >= grid.rows ? [grid.rows - 1, grid.rows] : [top, top + 1];
  return [left, top, right, bottom];
}

/** The cells of a window as a grid of their own and a new array of their values (same type as the input). */
export function cropRaster(grid: Grid, values: RasterArray, window: [number, number, number, number]): { grid: Grid; values: RasterArray } {
  const [left, top, right, bottom] = window;
  const columns = right - left;
  const rows = bottom - top;
  const Constructor = values.constructor as new (length: number) => RasterArray;
  const cropped = new Constructor(columns * rows);
  const source = values as unknown as Float64Array;
  const target = cropped as unknown as Float64Array;
  for (let row = 0; row < rows; row += 1) {
    const start = (top + row) * grid.columns + left;
    target.set(source.subarray(start, start + columns), row * columns);
  }
  return {
    grid: {
      ...grid,
      originX: grid.originX + left * grid.cellWidth,
      originY: grid.originY - top * grid.cellHeight,
      columns,
      rows,
    },
    values: cropped,
  };
}
