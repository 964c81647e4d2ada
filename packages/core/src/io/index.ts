// Reading and writing the data formats of social planning: GeoJSON, FlatGeobuf, Shapefile, CSV, Excel tables, WFS and OGC API Features; joining tables to areas; tables of several years.
export * from './text.js';
export * from './geojson.js';
export * from './csv.js';
export * from './table-file.js';
export * from './limits.js';
export * from './symbols.js';
export * from './columns.js';
export type { SheetLayout } from './sheet-table.js';
export * from './csv-write.js';
export * from './flatgeobuf.js';
export * from './geopackage-input.js';
export * from './geopackage.js';
export * from './geopackage-write.js';
export { decodeGeoPackageGeometry } from './wkb.js';
export * from './areas.js';
export * from './geo-format.js';
export * from './points-input.js';
// isZip and isShp stay inside: a zip is not only a Shapefile (an .xlsx is one too).
export { isShapefileBytes, readAreasFiles, readAreasUrl, type NamedFiles, type ReadUrl } from './shapefile-input.js';
export * from './join.js';
export * from './fetch.js';
export * from './area-url.js';
export * from './services.js';
export * from './zensus.js';
export * from './geotiff.js';
export * from './years.js';
