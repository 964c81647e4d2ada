// Points from a file: GeoJSON, FlatGeobuf, GeoPackage, Shapefile (.shp with its parts, or a .zip), read by core's
// loadPoints as the elements read them, or a table with coordinate columns (CSV, Excel). One reader for every
// command that takes points.
import { loadPoints, pointsFromTable, type DataIssue, type PointLayer, type aggregatePoints } from '@sozialraum/core';
import { UsageError } from './command.js';
import { layerOfPath, looksLikeTable, readAreasInput, tableFromBytes } from './files.js';
import type { TableFileOptions } from './options.js';

export interface PointFileOptions {
  /** --layer: the layer of a GeoPackage or of a zip of Shapefiles; a path's own "#layer" comes first. */
  layer?: string | undefined;
  /** --decimal, --sheet and --header-row, for a table of points. */
  table?: TableFileOptions;
  /** The CRS given for the points (--points-crs); the file's own when not given. */
  crs?: string | undefined;
  /** Coordinate columns of a table (--coordinates); found by name when not given. */
  coordinates?: [string, string] | undefined;
}

/** A feature collection of points, or the coordinate lists of a table (as aggregatePoints takes them). */
type Points = Parameters<typeof aggregatePoints>[1];

export interface PointFile {
  points: Points;
  /** The CRS given, else the one the file names or its coordinates show; undefined for a table without --points-crs. */
  crs: string | undefined;
  issues: DataIssue[];
  /** The layer as core read it; undefined for a table. */
  layer: PointLayer | undefined;
}

/** Reads points; the format is told by the bytes (and a .shp's name), as for areas. */
export async function loadPointsFile(path: string, cwd: string, options: PointFileOptions = {}): Promise<PointFile> {
  const read = await readAreasInput(path, cwd);
  if (read instanceof Uint8Array && looksLikeTable(path, read)) {
    const table = await tableFromBytes(read, path, options.table ?? {});
    const [x, y] = options.coordinates ?? [];
    const points = pointsFromTable(table, {
      ...(x !== undefined && y !== undefined ? { x, y } : {}),
      ...(options.crs !== undefined ? { crs: options.crs } : {}),
    });
    return { points, crs: options.crs, issues: [...table.issues], layer: undefined };
  }
  if (options.coordinates !== undefined) throw new UsageError('--coordinates applies to points in a table (CSV, Excel) only');
  const layer = await loadPoints(read, { source: path, crs: options.crs, layer: layerOfPath(path, options.layer) });
  return { points: layer.points, crs: layer.crs, issues: layer.issues, layer };
}
