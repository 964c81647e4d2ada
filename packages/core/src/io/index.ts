// Reading and writing the data formats of social planning: GeoJSON, FlatGeobuf, CSV, WFS and OGC API Features; joining tables to areas; tables of several years.
export * from './text.js';
export * from './geojson.js';
export * from './csv.js';
export * from './csv-write.js';
export * from './flatgeobuf.js';
export * from './areas.js';
export * from './shapefile-input.js';
export * from './join.js';
export * from './fetch.js';
export * from './services.js';
export * from './zensus.js';
export * from './geotiff.js';
export * from './years.js';
