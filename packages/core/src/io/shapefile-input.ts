// How to tell a Shapefile from the other inputs of areas, without loading the Shapefile reader.

/** Files given by name, as a folder or a file picker holds them: `{ files: new Map([["a.shp", bytes], …]) }`. */
export interface NamedFiles {
  files: ReadonlyMap<string, Uint8Array>;
}

/** True when the bytes start like a zip archive (a local file header, or the end record of an empty one). */
export function isZip(bytes: Uint8Array): boolean {
  return bytes[0] === 0x50 && bytes[1] === 0x4b && ((bytes[2] === 0x03 && bytes[3] === 0x04) || (bytes[2] === 0x05 && bytes[3] === 0x06));
}

/** The file code 9994 a .shp (and .shx) starts with. */
export function isShp(bytes: Uint8Array): boolean {
  return bytes.length >= 100 && bytes[0] === 0 && bytes[1] === 0 && bytes[2] === 0x27 && bytes[3] === 0x0a;
}

/** True for a zip or the main file (.shp) of a Shapefile. */
export function isShapefileBytes(bytes: Uint8Array): boolean {
  return isZip(bytes) || isShp(bytes);
}
