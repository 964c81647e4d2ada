// Regular rasters (census grids, GeoTIFF bands) as the aggregation sees them: a georeferenced grid and its values.

import type { Extent, Grid } from '../geometry/grid.js';

// The grid's shape lives with the geometry, below io, which reads grids; it stays part of this module's API.
export type { Extent, Grid, RasterArray } from '../geometry/grid.js';

/** One band of values on a grid, one value per cell in cell-index order. */
export interface RasterBand {
  values: ArrayLike<number>;
  /** The value that marks a cell without data. NaN always counts as no data, whatever this says. */
  nodata?: number | undefined;
}

/**
 * Residents (or any count) on a grid: one value per cell. The crosswalk, the live population of the editor and the
 * reach of facilities all take this.
 */
export interface PopulationGrid extends RasterBand {
  grid: Grid;
  /** The counts are estimates (Zensus): shares computed from them are flagged. */
  estimated?: boolean;
  /** Where the counts come from, for footnotes. */
  source?: string;
}

/** The number of cells of the grid. */
export function gridCellCount(grid: Grid): number {
  return grid.columns * grid.rows;
}

/** The extent of the whole grid, [minX, minY, maxX, maxY]. */
export function gridExtent(grid: Grid): Extent {
  return [grid.originX, grid.originY - grid.rows * grid.cellHeight, grid.originX + grid.columns * grid.cellWidth, grid.originY];
}

/** The centre [x, y] of a cell, by its index. */
export function cellCentre(grid: Grid, cell: number): [number, number] {
  const row = Math.floor(cell / grid.columns);
  const column = cell - row * grid.columns;
  return [grid.originX + (column + 0.5) * grid.cellWidth, grid.originY - (row + 0.5) * grid.cellHeight];
}

/** The index of the cell holding the point, or -1 outside the grid. Points on a shared edge belong to the cell right of or below it. */
export function cellAt(grid: Grid, x: number, y: number): number {
  const column = Math.floor((x - grid.originX) / grid.cellWidth);
  const row = Math.floor((grid.originY - y) / grid.cellHeight);
  if (column < 0 || row < 0 || column >= grid.columns || row >= grid.rows) return -1;
  return row * grid.columns + column;
}

/** True when both grids put the same cells in the same place, so their values line up index by index. */
export function sameGrid(a: Grid, b: Grid): boolean {
  return (
    a.crs === b.crs &&
    a.originX === b.originX &&
    a.originY === b.originY &&
    a.cellWidth === b.cellWidth &&
    a.cellHeight === b.cellHeight &&
    a.columns === b.columns &&
    a.rows === b.rows
  );
}

/** Throws a RangeError unless the grid has positive, finite cell sizes and whole positive dimensions. */
export function assertValidGrid(grid: Grid): void {
  const problems: string[] = [];
  if (!(grid.cellWidth > 0) || !Number.isFinite(grid.cellWidth)) problems.push(`cellWidth ${grid.cellWidth}`);
  if (!(grid.cellHeight > 0) || !Number.isFinite(grid.cellHeight)) problems.push(`cellHeight ${grid.cellHeight}`);
  if (!Number.isInteger(grid.columns) || grid.columns < 1) problems.push(`columns ${grid.columns}`);
  if (!Number.isInteger(grid.rows) || grid.rows < 1) problems.push(`rows ${grid.rows}`);
  if (!Number.isFinite(grid.originX) || !Number.isFinite(grid.originY)) problems.push(`origin ${grid.originX}, ${grid.originY}`);
  if (problems.length > 0) throw new RangeError(`not a valid grid: ${problems.join(', ')}`);
  // Cell indices are stored as 32-bit unsigned integers.
  if (grid.columns * grid.rows > 0xffffffff) {
    throw new RangeError(`a grid of ${grid.columns} × ${grid.rows} cells has more cells than the 2^32 the weights can index`);
  }
}
