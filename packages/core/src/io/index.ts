// Reading and writing the data formats of social planning: GeoJSON, FlatGeobuf, CSV; joining tables to areas; tables of several years.
export * from './text.js';
export * from './geojson.js';
export * from './csv.js';
export * from './csv-write.js';
export * from './flatgeobuf.js';
export * from './geopackage.js';
export * from './geopackage-write.js';
export { decodeGeoPackageGeometry } from './wkb.js';
export * from './areas.js';
export * from './join.js';
export * from './fetch.js';
export * from './zensus.js';
export * from './geotiff.js';
export * from './years.js';
