// Points from a file, in every format the toolkit reads: GeoJSON, FlatGeobuf, GeoPackage, Shapefile (.shp with its
// parts, or a .zip) or a table with coordinate columns (CSV, Excel). One reader for every command that takes points.
import {
  decodeText,
  geoFileFormat,
  isFlatGeobuf,
  isGeoPackage,
  parseGeoJSON,
  pointsFromTable,
  readFlatGeobuf,
  readGeoPackage,
  type DataIssue,
  type aggregatePoints,
} from '@sozialraum/core';
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
  /** The CRS given, else the one the file names; undefined for GeoJSON without one (longitude/latitude). */
  crs: string | undefined;
  issues: DataIssue[];
}

/** Reads points; the format is told by the bytes (and a .shp's name), as for areas. */
export async function loadPointsFile(path: string, cwd: string, options: PointFileOptions = {}): Promise<PointFile> {
  const read = await readAreasInput(path, cwd);
  const issues: DataIssue[] = [];
  const notTable = () => {
    if (options.coordinates !== undefined) throw new UsageError('--coordinates applies to points in a table (CSV, Excel) only');
  };
  if (geoFileFormat(read) === 'Shapefile') {
    notTable();
    const layer = (await import('@sozialraum/core/shapefile')).readShapefile(read, { source: path, layer: options.layer });
    return { points: layer.collection, crs: options.crs ?? layer.crs, issues: [...layer.issues] };
  }
  const bytes = read as Uint8Array;
  if (isFlatGeobuf(bytes)) {
    notTable();
    const file = await readFlatGeobuf(bytes, { source: path });
    return { points: file.collection, crs: options.crs ?? file.crs, issues };
  }
  if (isGeoPackage(bytes)) {
    notTable();
    const layer = layerOfPath(path, options.layer);
    const file = await readGeoPackage(bytes, { source: path, ...(layer !== undefined ? { layer } : {}) });
    return { points: file.collection, crs: options.crs ?? file.crs, issues };
  }
  if (looksLikeTable(path, bytes)) {
    const table = await tableFromBytes(bytes, path, options.table ?? {});
    issues.push(...table.issues);
    const [x, y] = options.coordinates ?? [];
    const points = pointsFromTable(table, {
      ...(x !== undefined && y !== undefined ? { x, y } : {}),
      ...(options.crs !== undefined ? { crs: options.crs } : {}),
    });
    return { points, crs: options.crs, issues };
  }
  notTable();
  return { points: parseGeoJSON(decodeText(bytes), path), crs: options.crs, issues };
}
