// The GeoPackage writer (with SQLite as WebAssembly) in a chunk of its own, loaded when an editor first exports a
// GeoPackage (see exchange.ts), so that editing costs nothing for it.
export { writeGeoPackage } from '@sozialraum/core';
