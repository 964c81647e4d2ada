// The GeoPackage reader (with SQLite as WebAssembly) in a chunk of its own, loaded when a facilities file turns out
// to be a GeoPackage, so that a card reading GeoJSON never fetches it.
export { readGeoPackage } from '@sozialraum/core';
