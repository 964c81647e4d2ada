// Points (facilities, addresses) from a file of features, in every format areas are read from: GeoJSON, FlatGeobuf,
// GeoPackage and Shapefile (zipped or loose). The one reader of the command line, the aggregator's points and the
// profile card's facilities, so that they read the same files to the same points. The Shapefile and GeoPackage
// readers load on demand, as for areas.
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import { SozialraumError, germanNumber, message, type DataIssue } from '../errors.js';
import { assertNotDegrees, detectCrs } from '../crs/index.js';
import { parseGeoJSONBytes } from './areas.js';
import { fetchBytes } from './fetch.js';
import { readFlatGeobuf } from './flatgeobuf.js';
import { geoFileFormat, type GeoFileFormat } from './geo-format.js';
import { layerInSource, readGeoPackageOnDemand } from './geopackage-input.js';
import { readAreasUrl, type NamedFiles, type ReadUrl } from './shapefile-input.js';
import { sourceName } from './text.js';

export interface PointOptions {
  /** File name or URL, for messages. */
  source: string;
  /** CRS of the points as "EPSG:n"; overrides what the file says. */
  crs?: string | undefined;
  /** Which layer of a GeoPackage or of a zip of several Shapefiles; a GeoPackage's also from the source's "#layer". */
  layer?: string | undefined;
  signal?: AbortSignal;
}

/** A layer of points, read and checked: its CRS is known and plausible, and it holds points. */
export interface PointLayer {
  source: string;
  /** The layer asked for of a GeoPackage or Shapefile, else the file's name without its extension ("kitas.shp.zip": "kitas"). */
  name: string;
  format: GeoFileFormat;
  /** "EPSG:n" of the coordinates. */
  crs: string;
  /**
   * The features as the file holds them, in file order, so that messages count features as the file does; a
   * MultiPoint of one point is given as that Point. Features without a point stay and are left out when counted.
   */
  points: FeatureCollection;
  /** What the reader found wrong without stopping (a Shapefile's attributes). */
  issues: DataIssue[];
}

/**
 * Reads points from the bytes of a GeoJSON, FlatGeobuf, GeoPackage or zipped Shapefile, or from the named files of a
 * loose Shapefile; the format is told by the bytes (geoFileFormat). The CRS is the one given, else the file's (a
 * FlatGeobuf without one is longitude/latitude, as for areas), and is checked against the coordinates as for areas.
 * An empty file and a layer without a single point (a layer of areas given as points) are refused, naming the file.
 */
export async function loadPoints(input: Uint8Array | NamedFiles, options: PointOptions): Promise<PointLayer> {
  const { source } = options;
  const format = geoFileFormat(input);
  const layer = options.layer ?? layerInSource(source);
  const read = await readPointFile(format, input, { ...options, layer });
  const points = { ...read.collection, features: read.collection.features.map(singlePoint) };
  if (points.features.length === 0)
    throw new SozialraumError('empty-file', message('the file holds no features', 'die Datei enthält keine Objekte'), { source });
  assertHoldsPoints(points, source);
  // Only the points tell the CRS; a stray line's coordinates do not. The others stay as null, so that messages
  // count features as the file does.
  const pointsOnly = { ...points, features: points.features.map((feature) => (isPoint(feature.geometry) ? feature : null)) } as FeatureCollection;
  const crs = detectCrs(pointsOnly, source, options.crs ?? read.crs);
  assertNotDegrees(pointsOnly, crs, source);
  // A layer given to a file without layers (a --layer meant for the areas) does not rename it.
  const layered = format === 'GeoPackage' || format === 'Shapefile';
  const name = (layered ? layer : undefined) ?? sourceName(source).replace(/(\.shp)?\.[^.]*$/i, '');
  return { source, name, format, crs, points, issues: read.issues };
}

/**
 * Points behind a URL, as loadAreasFromUrl reads areas: a .shp brings its .shx, .dbf, .prj and .cpg from the same
 * base, several blank-separated URLs are one set of files (the parts of a Shapefile picked in a page), and
 * "file.gpkg#layer" picks a GeoPackage's layer. Messages name the file (the .shp of several).
 */
export async function loadPointsFromUrl(url: string, options: Partial<PointOptions> & { read?: ReadUrl } = {}): Promise<PointLayer> {
  const { read, ...pointOptions } = options;
  const signal = options.signal ?? new AbortController().signal;
  const input = await readAreasUrl(url, read ?? ((address, abort) => fetchBytes(address, { signal: abort })), signal);
  const parts = url.trim().split(/\s+/);
  const main = parts.find((part) => /\.shp$/i.test(sourceName(part))) ?? parts[0] ?? url;
  const layer = options.layer ?? layerInSource(main);
  return loadPoints(input, { ...pointOptions, source: options.source ?? sourceName(main), ...(layer !== undefined ? { layer } : {}) });
}

interface PointFile {
  collection: FeatureCollection;
  crs: string | undefined;
  issues: DataIssue[];
}

async function readPointFile(format: GeoFileFormat, input: Uint8Array | NamedFiles, options: PointOptions): Promise<PointFile> {
  const { source, signal, layer } = options;
  if (format === 'Shapefile') {
    const read = (await import('./shapefile.js')).readShapefile(input, { source, layer });
    return { collection: read.collection, crs: read.crs, issues: [...read.issues] };
  }
  const bytes = input as Uint8Array;
  if (format === 'FlatGeobuf') {
    const { collection, crs } = await readFlatGeobuf(bytes, { source, ...(signal ? { signal } : {}) });
    return { collection, crs: crs ?? 'EPSG:4326', issues: [] };
  }
  if (format === 'GeoPackage') {
    const { collection, crs } = await readGeoPackageOnDemand(bytes, { source, ...(signal ? { signal } : {}), ...(layer !== undefined ? { layer } : {}) });
    return { collection, crs, issues: [] };
  }
  return { collection: parseGeoJSONBytes(bytes, source), crs: undefined, issues: [] };
}

function isPoint(geometry: Geometry | null | undefined): boolean {
  return geometry?.type === 'Point' || geometry?.type === 'MultiPoint';
}

/** A MultiPoint of one point as that Point: GeoPackages and Shapefiles often store single points so. */
function singlePoint(feature: Feature): Feature {
  const geometry = feature?.geometry;
  if (geometry?.type !== 'MultiPoint' || geometry.coordinates.length !== 1) return feature;
  return { ...feature, geometry: { type: 'Point', coordinates: geometry.coordinates[0]! } };
}

/** Refuses a layer in which no feature is a point, naming the first feature and what it is instead. */
function assertHoldsPoints(points: FeatureCollection, source: string): void {
  if (points.features.some((feature) => isPoint(feature?.geometry))) return;
  const count = points.features.length;
  const index = points.features.findIndex((feature) => feature?.geometry);
  const type = index >= 0 ? String(points.features[index]!.geometry.type) : undefined;
  const first = type
    ? message(`feature ${index + 1} is a ${type}`, `Objekt ${index + 1} ist ein ${type}`)
    : message('none has a geometry', 'keines hat eine Geometrie');
  throw new SozialraumError(
    'invalid-geometry',
    message(
      `none of its ${count} features is a point (${first.en}); points are read from a layer of points, such as facilities or addresses, not from areas or lines`,
      `keines ihrer ${germanNumber(count)} Objekte ist ein Punkt (${first.de}); Punkte werden aus einer Ebene von Punkten gelesen, etwa Einrichtungen oder Adressen, nicht aus Flächen oder Linien`,
    ),
    { source },
  );
}
