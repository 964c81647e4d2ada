// Which format a file of features is in, told by its bytes (and, for loose Shapefile parts, by being several files):
// the one test that the area and point readers and the command line's reports all go by.
import { isFlatGeobuf } from './flatgeobuf.js';
import { isGeoPackage } from './geopackage-input.js';
import { isShapefileBytes, type NamedFiles } from './shapefile-input.js';

/** The file formats features are read from. */
export type GeoFileFormat = 'GeoJSON' | 'FlatGeobuf' | 'GeoPackage' | 'Shapefile';

/** Where areas came from: a file format, or a web service read page by page. */
export type AreaFormat = GeoFileFormat | 'WFS' | 'OGC API Features';

/**
 * The format of a file of features: a Shapefile for named files (a .shp with its parts), a zip or a .shp's bytes;
 * FlatGeobuf and GeoPackage by their magic bytes; anything else is read as GeoJSON, whose reader says what is wrong.
 */
export function geoFileFormat(input: Uint8Array | NamedFiles): GeoFileFormat {
  if (!(input instanceof Uint8Array) || isShapefileBytes(input)) return 'Shapefile';
  if (isFlatGeobuf(input)) return 'FlatGeobuf';
  return isGeoPackage(input) ? 'GeoPackage' : 'GeoJSON';
}
