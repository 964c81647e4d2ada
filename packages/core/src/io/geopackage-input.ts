// Telling a GeoPackage by its first bytes and its layer by a URL's fragment, without loading the GeoPackage reader
// (geopackage.ts, with SQLite), which loads only when a GeoPackage arrives.
import type { readGeoPackage } from './geopackage.js';

/** "SQLite format 3" and a NUL: the first 16 bytes of every SQLite database, so of every GeoPackage. */
const SQLITE_HEADER = [0x53, 0x51, 0x4c, 0x69, 0x74, 0x65, 0x20, 0x66, 0x6f, 0x72, 0x6d, 0x61, 0x74, 0x20, 0x33, 0x00];

/** True when the bytes start like an SQLite database (a GeoPackage is one). */
export function isGeoPackage(bytes: Uint8Array): boolean {
  return SQLITE_HEADER.every((byte, index) => bytes[index] === byte);
}

/**
 * The layer named in the fragment of a GeoPackage's URL or path ("moabit.gpkg#roads" gives "roads"), if any; only
 * after ".gpkg", since other URLs carry fragments of their own (a picked file's "blob:…#name.gpkg").
 */
export function layerInSource(pathOrUrl: string): string | undefined {
  const fragment = /\.gpkg(?:\?[^#]*)?#(.+)$/i.exec(pathOrUrl)?.[1];
  if (fragment === undefined) return undefined;
  try {
    return decodeURIComponent(fragment);
  } catch {
    return fragment;
  }
}

/**
 * Reads a GeoPackage layer, loading the reader (and SQLite) on first use: what the elements call, so that a page that
 * never meets a GeoPackage never loads either.
 */
export async function readGeoPackageOnDemand(...args: Parameters<typeof readGeoPackage>): ReturnType<typeof readGeoPackage> {
  return (await import('./geopackage.js')).readGeoPackage(...args);
}
