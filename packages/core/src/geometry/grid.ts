// The shape of a regular raster: a georeferenced north-up grid of cells. Read by io (GeoTIFF, Zensus tables) and
// used by aggregation, so it lives below both.
import type { Box } from './box.js';

/**
 * A north-up regular raster. Cells are numbered row by row from the top-left corner: the cell in column `c` and
 * row `r` has the index `r * columns + c`, the order GeoTIFF and the Zensus grid tiles use.
 */
export interface Grid {
  /** "EPSG:n" of the grid's coordinates. */
  crs: string;
  /** x of the grid's top-left corner (the left edge of column 0). */
  originX: number;
  /** y of the grid's top-left corner (the top edge of row 0). */
  originY: number;
  /** Width of a cell in CRS units, positive. */
  cellWidth: number;
  /** Height of a cell in CRS units, positive; rows run from north to south. */
  cellHeight: number;
  columns: number;
  rows: number;
}

/** The typed arrays raster values come in. */
export type RasterArray = Float64Array | Float32Array | Int32Array | Uint32Array | Int16Array | Uint16Array | Int8Array | Uint8Array;

/** [minX, minY, maxX, maxY] */
export type Extent = Box;

/**
 * The smallest grid of square `resolution` cells whose lower-left corners run from (minX, minY) to (maxX, maxY):
 * the grid a table of cells (Zensus CSV, grid table) is placed on.
 */
export function gridSpanning(crs: string, [minX, minY, maxX, maxY]: Extent, resolution: number): Grid {
  return {
    crs,
    originX: minX,
    originY: maxY + resolution,
    cellWidth: resolution,
    cellHeight: resolution,
    columns: Math.round((maxX - minX) / resolution) + 1,
    rows: Math.round((maxY - minY) / resolution) + 1,
  };
}
