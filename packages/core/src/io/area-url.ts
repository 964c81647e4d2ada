// Areas behind a URL, told by the URL: a web service (read by services.ts, loaded only then) or a file, whose bytes
// loadAreas tells apart. Kept small, since every map reads its areas through it.
import { loadAreas, type AreaCollection, type AreaOptions } from './areas.js';
import { fetchBytes, parseUrl } from './fetch.js';
import { readAreasUrl } from './shapefile-input.js';
import type { FeatureServiceKind, FeatureServiceOptions } from './services.js';
import { sourceName } from './text.js';

/**
 * Which service a URL addresses, from the URL alone: a query with `service=WFS` is a WFS, a path ending in
 * `/collections/{id}/items` is OGC API – Features; anything else is a file.
 */
export function featureServiceOf(url: string): FeatureServiceKind | undefined {
  const parsed = parseUrl(url);
  if (!parsed) return undefined;
  if (param(parsed.searchParams, 'service')?.toUpperCase() === 'WFS') return 'wfs';
  if (/\/collections\/[^/]+\/items\/?$/.test(parsed.pathname)) return 'ogcapi';
  return undefined;
}

/**
 * Areas behind a URL: a WFS or OGC API – Features service page by page, any other URL as a file (its bytes from
 * `read`, fetch by default) told by its bytes. Messages name a service by its URL and a file by its name.
 */
export async function loadAreasFromUrl(
  url: string,
  options: Partial<AreaOptions> & FeatureServiceOptions & { read?: (url: string, signal: AbortSignal | undefined) => Promise<Uint8Array> } = {},
): Promise<AreaCollection> {
  const { read, ...areaOptions } = options;
  if (featureServiceOf(url)) return (await import('./services.js')).loadServiceAreas(url, areaOptions);
  const fetchUrl = read ?? ((address: string, signal: AbortSignal | undefined) => fetchBytes(address, signal ? { signal } : {}));
  // A .shp URL brings its .shx, .dbf, .prj and .cpg from the same base.
  const input = await readAreasUrl(url, fetchUrl, options.signal ?? new AbortController().signal);
  // Of several files (a Shapefile's parts), the .shp names the areas in messages.
  const main =
    url
      .trim()
      .split(/\s+/)
      .find((part) => /\.shp$/i.test(sourceName(part))) ?? url;
  return loadAreas(input, { ...areaOptions, source: options.source ?? sourceName(main) });
}

/** A query parameter by name, case-insensitively, as OGC services read them. */
export function param(query: URLSearchParams, name: string): string | undefined {
  const lower = name.toLowerCase();
  for (const [key, value] of query) if (key.toLowerCase() === lower) return value;
  return undefined;
}
