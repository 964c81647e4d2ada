// Features from web services, page by page: WFS 2.0 GetFeature with GeoJSON output, and OGC API – Features items
// following their `next` links. Plain fetch, so it runs in the browser, in workers and in the CLI alike.
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import { SozialraumError, germanNumber, message } from '../errors.js';
import { normaliseCrsName } from '../crs/index.js';
import { httpError, openUrl, parseUrl } from './fetch.js';
import { readAreas, type AreaCollection, type AreaOptions } from './areas.js';
import { featureServiceOf, param } from './area-url.js';
import { SERVICE_MAX_FEATURES, SERVICE_MAX_PAGES } from './limits.js';

/** The kinds of feature service the toolkit reads. */
export type FeatureServiceKind = 'wfs' | 'ogcapi';

/** How far a service has been read, after each page. */
export interface FeatureServiceProgress {
  /** Features read so far. */
  features: number;
  /** Pages (requests) answered so far. */
  pages: number;
  /** Features the service says match, when it says so. */
  total: number | undefined;
}

export interface FeatureServiceOptions {
  signal?: AbortSignal;
  /** CRS to ask for (WFS `srsName`, OGC API `crs`), as "EPSG:n"; without it the service's default. */
  crs?: string;
  /** Features asked for per request, unless the URL sets `count` or `limit`. [pageSize=1000] */
  pageSize?: number;
  /** More features than this are refused, not cut off. [maxFeatures=SERVICE_MAX_FEATURES, 50000] */
  maxFeatures?: number;
  /** More requests than this are refused. [maxPages=SERVICE_MAX_PAGES, 200] */
  maxPages?: number;
  onProgress?: (progress: FeatureServiceProgress) => void;
}

/** What a service answered: all its features, and the CRS they are in when the answer says so. */
export interface ServiceFeatures {
  kind: FeatureServiceKind;
  collection: FeatureCollection<Geometry | null>;
  /** "EPSG:n" of the coordinates, when the service named it. */
  crs: string | undefined;
}

const DEFAULTS = { pageSize: 1000, maxFeatures: SERVICE_MAX_FEATURES, maxPages: SERVICE_MAX_PAGES };

/**
 * All features of a WFS 2.0 GetFeature request or an OGC API – Features items URL, page after page. A service
 * that holds more than `maxFeatures`, or needs more than `maxPages` requests, is refused with a message; an HTTP
 * error, an exception report and an answer that is not GeoJSON each name the URL of the request that failed.
 */
export async function fetchServiceFeatures(url: string, options: FeatureServiceOptions = {}): Promise<ServiceFeatures> {
  const kind = featureServiceOf(url);
  if (!kind) {
    throw new SozialraumError(
      'unknown-format',
      message(
        'is neither a WFS request (service=WFS in the query) nor an OGC API – Features items URL (…/collections/{id}/items)',
        'ist weder eine WFS-Anfrage (service=WFS in der Abfrage) noch eine OGC-API-Features-Adresse (…/collections/{id}/items)',
      ),
      { source: url },
    );
  }
  return kind === 'wfs' ? fetchWfs(url, options) : fetchOgcApi(url, options);
}

/**
 * Areas from a WFS or OGC API – Features URL, checked as any area file is. `crs` is asked of the service; the CRS
 * the answer names wins over it (a service may not offer it), and an answer that names none is read in `crs`, or
 * as longitude/latitude, as GeoJSON is. `source` defaults to the URL.
 */
export async function loadServiceAreas(url: string, options: Partial<AreaOptions> & FeatureServiceOptions = {}): Promise<AreaCollection> {
  const { collection, crs } = await fetchServiceFeatures(url, options);
  return readAreas(collection as FeatureCollection, { ...options, source: options.source ?? url, crs: crs ?? options.crs ?? 'EPSG:4326' });
}

async function fetchWfs(url: string, options: FeatureServiceOptions): Promise<ServiceFeatures> {
  const base = absoluteUrl(url);
  const query = base.searchParams;
  setDefault(query, 'version', '2.0.0');
  setDefault(query, 'request', 'GetFeature');
  setDefault(query, 'outputFormat', 'application/json');
  if (options.crs) setDefault(query, 'srsName', options.crs);
  const pageSize = Number(param(query, 'count') ?? options.pageSize ?? DEFAULTS.pageSize);
  setDefault(query, 'count', String(pageSize));
  const startIndex = Number(param(query, 'startIndex') ?? 0);
  const pages = new Pager(options);
  let crs: string | undefined;
  for (let offset = startIndex; ;) {
    const page = new URL(base);
    setParam(page.searchParams, 'startIndex', String(offset));
    const answer = await readPage(page.href, options.signal);
    crs ??= crsMember(answer.json) ?? normaliseCrsName(param(page.searchParams, 'srsName') ?? '');
    const total = typeof answer.json['numberMatched'] === 'number' ? answer.json['numberMatched'] : undefined;
    pages.add(answer.features, total, page.href);
    offset += answer.features.length;
    // Without numberMatched, only an empty page ends the list: a server may cap `count` below what was asked.
    const done = answer.features.length === 0 || (total !== undefined ? offset - startIndex >= total : false);
    if (done) return { kind: 'wfs', collection: pages.collection(), crs };
  }
}

async function fetchOgcApi(url: string, options: FeatureServiceOptions): Promise<ServiceFeatures> {
  const first = absoluteUrl(url);
  setDefault(first.searchParams, 'f', 'json');
  setDefault(first.searchParams, 'limit', String(options.pageSize ?? DEFAULTS.pageSize));
  if (options.crs && options.crs !== 'EPSG:4326') {
    const code = /^EPSG:(\d+)$/.exec(options.crs)?.[1];
    if (code) setDefault(first.searchParams, 'crs', `http://www.opengis.net/def/crs/EPSG/0/${code}`);
  }
  const pages = new Pager(options);
  const visited = new Set<string>();
  let crs: string | undefined;
  for (let next: string | undefined = first.href; next !== undefined;) {
    if (visited.has(next)) {
      throw new SozialraumError(
        'parse-error',
        message('the service\'s "next" link leads back to a page already read', 'der „next“-Link des Dienstes führt auf eine schon gelesene Seite zurück'),
        { source: next },
      );
    }
    visited.add(next);
    const answer = await readPage(next, options.signal);
    // OGC API – Features Part 2 names the CRS in a header; without it the coordinates are CRS84 (longitude/latitude).
    crs ??= normaliseCrsName(answer.contentCrs?.replace(/^<|>$/g, '') ?? 'CRS84');
    const total = typeof answer.json['numberMatched'] === 'number' ? answer.json['numberMatched'] : undefined;
    pages.add(answer.features, total, next);
    next = answer.features.length === 0 ? undefined : nextLink(answer.json, next);
  }
  return { kind: 'ogcapi', collection: pages.collection(), crs };
}

/** Collects the pages, reports progress and enforces the limits. */
class Pager {
  readonly #features: Feature<Geometry | null>[] = [];
  #pages = 0;
  readonly #options: FeatureServiceOptions;

  constructor(options: FeatureServiceOptions) {
    this.#options = options;
  }

  add(features: Feature<Geometry | null>[], total: number | undefined, url: string): void {
    this.#pages += 1;
    const maxFeatures = this.#options.maxFeatures ?? DEFAULTS.maxFeatures;
    const count = Math.max(this.#features.length + features.length, total ?? 0);
    if (count > maxFeatures) {
      const held = total !== undefined && total >= count ? total : undefined;
      const en = held !== undefined ? `the service holds ${held} features` : `the service answered more than ${maxFeatures} features`;
      const de = held !== undefined ? `der Dienst liefert ${germanNumber(held)} Objekte` : `der Dienst lieferte mehr als ${germanNumber(maxFeatures)} Objekte`;
      throw new SozialraumError(
        'limit-exceeded',
        message(
          `${en}, more than the limit of ${maxFeatures}; narrow the request (a smaller layer, a filter or BBOX)`,
          `${de}, mehr als die Grenze von ${germanNumber(maxFeatures)}; bitte die Anfrage eingrenzen (kleinere Ebene, Filter oder BBOX)`,
        ),
        { source: url },
      );
    }
    const maxPages = this.#options.maxPages ?? DEFAULTS.maxPages;
    if (this.#pages > maxPages) {
      throw new SozialraumError(
        'limit-exceeded',
        message(
          `the service needs more than ${maxPages} requests for its features; ask for larger pages (count or limit in the URL)`,
          `der Dienst braucht mehr als ${maxPages} Anfragen für seine Objekte; bitte größere Seiten anfordern (count oder limit in der Adresse)`,
        ),
        { source: url },
      );
    }
    for (const feature of features) this.#features.push(feature);
    this.#options.onProgress?.({ features: this.#features.length, pages: this.#pages, total });
  }

  collection(): FeatureCollection<Geometry | null> {
    return { type: 'FeatureCollection', features: this.#features };
  }
}

interface Page {
  json: Record<string, unknown>;
  features: Feature<Geometry | null>[];
  contentCrs: string | undefined;
}

/** One page of GeoJSON; an exception report, an HTTP error or anything but a FeatureCollection is refused. */
async function readPage(url: string, signal: AbortSignal | undefined): Promise<Page> {
  const response = await openUrl(url, signal ? { signal } : {});
  const text = await response.text();
  const report = exceptionReport(text);
  if (report) {
    throw new SozialraumError(
      'fetch-failed',
      message(`the service answered with an exception report: ${report}`, `der Dienst antwortete mit einer Fehlermeldung: ${report}`),
      { source: url },
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    if (!response.ok) throw httpError(url, response);
    const type = response.headers.get('content-type') ?? 'no content type';
    const start = text.trim().slice(0, 60).replace(/\s+/g, ' ');
    throw new SozialraumError(
      'unknown-format',
      message(`the service answered ${type}, not GeoJSON ("${start}")`, `der Dienst antwortete mit ${type}, nicht mit GeoJSON („${start}“)`),
      { source: url },
    );
  }
  if (!response.ok) throw httpError(url, response, jsonDescription(json));
  const record = json !== null && typeof json === 'object' ? (json as Record<string, unknown>) : {};
  if (record['type'] !== 'FeatureCollection' || !Array.isArray(record['features'])) {
    throw new SozialraumError(
      'not-a-feature-collection',
      message('the service answered JSON that is not a GeoJSON FeatureCollection', 'der Dienst antwortete mit JSON, das keine GeoJSON-FeatureCollection ist'),
      { source: url },
    );
  }
  return { json: record, features: record['features'] as Feature<Geometry | null>[], contentCrs: response.headers.get('content-crs') ?? undefined };
}

/**
 * The text of an OGC exception report (WFS `ows:ExceptionReport`, WMS `ServiceExceptionReport`): its code and
 * message, with the markup removed and cut to 300 characters. Undefined when the text is no such report.
 */
export function exceptionReport(text: string): string | undefined {
  const head = text.trimStart().slice(0, 2000);
  if (!head.startsWith('<') || !/ExceptionReport|ServiceException/.test(head)) return undefined;
  const code = /exceptionCode="([^"]*)"|code="([^"]*)"/.exec(text);
  const body =
    /<(?:\w+:)?ExceptionText>([\s\S]*?)<\/(?:\w+:)?ExceptionText>/.exec(text)?.[1] ??
    /<(?:\w+:)?ServiceException[^>]*>([\s\S]*?)<\/(?:\w+:)?ServiceException>/.exec(text)?.[1] ??
    '';
  const plain = decodeEntities(body.replace(/<!\[CDATA\[([\s\S]*?)\]\]>/g, '$1').replace(/<[^>]*>/g, ''))
    .replace(/\s+/g, ' ')
    .trim();
  const named = code?.[1] ?? code?.[2];
  const result = [named, plain].filter(Boolean).join(': ') || 'no text';
  return result.length > 300 ? `${result.slice(0, 299)}…` : result;
}

function decodeEntities(text: string): string {
  const named: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
  return text.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (whole, entity: string) => {
    if (entity[0] === '#') return String.fromCodePoint(entity[1] === 'x' || entity[1] === 'X' ? parseInt(entity.slice(2), 16) : Number(entity.slice(1)));
    return named[entity] ?? whole;
  });
}

/** The description of an OGC API exception (`{code, description}`), for the message of an HTTP error. */
function jsonDescription(json: unknown): string {
  if (json === null || typeof json !== 'object') return '';
  const { code, description } = json as { code?: unknown; description?: unknown };
  return [code, description]
    .filter((part) => typeof part === 'string' && part !== '')
    .join(': ')
    .slice(0, 300);
}

/** The CRS in a WFS answer's legacy `crs` member (GeoServer, deegree and QGIS Server write one). */
function crsMember(json: Record<string, unknown>): string | undefined {
  const name = (json['crs'] as { properties?: { name?: unknown } } | undefined)?.properties?.name;
  return typeof name === 'string' ? normaliseCrsName(name) : undefined;
}

/** The `next` link of an OGC API page (GeoJSON or JSON), resolved against the page's URL. */
function nextLink(json: Record<string, unknown>, pageUrl: string): string | undefined {
  const links = Array.isArray(json['links']) ? (json['links'] as { rel?: unknown; href?: unknown; type?: unknown }[]) : [];
  const next = links.find((link) => link?.rel === 'next' && typeof link.href === 'string' && (typeof link.type !== 'string' || /json/i.test(link.type)));
  return next ? new URL(next.href as string, pageUrl).href : undefined;
}

/** The URL resolved against the page (in a browser or worker); in Node it must be absolute. */
function absoluteUrl(url: string): URL {
  const parsed = parseUrl(url);
  if (!parsed) {
    throw new SozialraumError('fetch-failed', message('is not a URL a service can be asked at', 'ist keine Adresse, unter der ein Dienst erreichbar ist'), {
      source: url,
    });
  }
  return parsed;
}

function setDefault(query: URLSearchParams, name: string, value: string): void {
  if (param(query, name) === undefined) query.set(name, value);
}

/** Sets a parameter, replacing it in whatever case the URL spelled it. */
function setParam(query: URLSearchParams, name: string, value: string): void {
  for (const key of [...query.keys()]) if (key.toLowerCase() === name.toLowerCase()) query.delete(key);
  query.set(name, value);
}
