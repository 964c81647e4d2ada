// A small OGC web server on the loopback address for the tests: WFS 2.0 GetFeature (GeoJSON, paging, srsName,
// exception reports), OGC API – Features items (next links, Content-Crs), WMS GetMap (a PNG of the size asked for)
// and WMTS (GetCapabilities, tiles). It serves the 143 Bezirksregionen of Berlin (EPSG:25833) from data-samples.
// Node's test runner starts it with startOgcServer(); the browser tests reach the same handler through the
// web-test-runner middleware under /ogc/. Every request is logged, so a test can check what a client asked for.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { readFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';
import type { AddressInfo } from 'node:net';
import type { FeatureCollection } from 'geojson';
import { normaliseCrsName, reprojectCollection, crsDefinition } from '@sozialraum/core';

const SAMPLE = new URL('../../../../data-samples/berlin/lor_bezirksregionen_2021.geojson', import.meta.url);
/** The layer (WFS type name, OGC API collection, WMS and WMTS layer) the server holds. */
export const OGC_LAYER = 'bezirksregionen';
/** The WFS caps `count` at this, as GeoServer's maxFeatures does: clients must page by numberMatched. */
export const WFS_SERVER_MAX = 50;
/** The resolutions of the WMTS matrix set in EPSG:25833 (metres per pixel), level 0 first. */
export const WMTS_RESOLUTIONS = [512, 256, 128, 64, 32, 16, 8, 4, 2, 1];
/** The top left corner of the WMTS matrix set. */
export const WMTS_ORIGIN = [200_000, 6_000_000] as const;

let cached: FeatureCollection | undefined;
function sample(): FeatureCollection {
  cached ??= JSON.parse(readFileSync(SAMPLE, 'utf8')) as FeatureCollection;
  return cached;
}

/** The requests the server answered, as path and query, oldest first. */
export const requestLog: string[] = [];

/** Answers one request under `prefix` (e.g. "/ogc"); returns false for paths it does not serve. */
export function handleOgcRequest(request: IncomingMessage, response: ServerResponse, prefix = ''): boolean {
  const url = new URL(request.url ?? '/', 'http://localhost');
  if (!url.pathname.startsWith(`${prefix}/`)) return false;
  const path = url.pathname.slice(prefix.length);
  const query = new Map([...url.searchParams].map(([key, value]) => [key.toLowerCase(), value]));
  if (path === '/log') {
    send(response, 200, 'application/json', JSON.stringify(requestLog.splice(0)));
    return true;
  }
  requestLog.push(`${path}${url.search}`);
  const origin = `http://${request.headers.host ?? 'localhost'}${prefix}`;
  if (path === '/wfs') wfs(query, response);
  else if (path.startsWith('/api/collections/')) ogcApi(path, query, origin, response);
  else if (path === '/wms') wms(query, response);
  else if (path === '/wmts/WMTSCapabilities.xml') send(response, 200, 'application/xml', wmtsCapabilities(origin));
  else if (/^\/wmts\/tile\/[\w-]+\/\d+\/\d+\/\d+\.png$/.test(path)) send(response, 200, 'image/png', png(256, 256));
  else send(response, 404, 'text/plain', 'not found');
  return true;
}

/** Starts the server on 127.0.0.1 at a free port; `url` is its root. */
export async function startOgcServer(): Promise<{ url: string; server: Server; close: () => Promise<void> }> {
  const server = createServer((request, response) => {
    if (!handleOgcRequest(request, response)) send(response, 404, 'text/plain', 'not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, server, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

function wfs(query: Map<string, string>, response: ServerResponse): void {
  if (query.get('service')?.toUpperCase() !== 'WFS') return exception(response, 'MissingParameterValue', 'service', 'Parameter service fehlt');
  if (query.get('request') !== 'GetFeature')
    return exception(response, 'OperationNotSupported', 'request', `Operation ${query.get('request')} nicht unterstützt`);
  const typeNames = query.get('typenames') ?? query.get('typename');
  if (typeNames !== `lor:${OGC_LAYER}`) return exception(response, 'InvalidParameterValue', 'typeNames', `Feature type ${typeNames} unknown`);
  const crs = query.has('srsname') ? normaliseCrsName(query.get('srsname')!) : 'EPSG:25833';
  if (!crs || !crsDefinition(crs)) return exception(response, 'InvalidParameterValue', 'srsName', `Unable to find the CRS ${query.get('srsname')}`);
  const all = reprojected(crs);
  const start = Number(query.get('startindex') ?? 0);
  const count = Math.min(Number(query.get('count') ?? WFS_SERVER_MAX), WFS_SERVER_MAX);
  const features = all.features.slice(start, start + count);
  if (!/json/i.test(query.get('outputformat') ?? '')) {
    // Without a JSON output format a WFS 2.0 answers GML.
    return send(response, 200, 'application/gml+xml; version=3.2', `<?xml version="1.0"?><wfs:FeatureCollection numberMatched="${all.features.length}"/>`);
  }
  const code = crs.slice('EPSG:'.length);
  const body = {
    type: 'FeatureCollection',
    features,
    totalFeatures: all.features.length,
    numberMatched: all.features.length,
    numberReturned: features.length,
    crs: { type: 'name', properties: { name: `urn:ogc:def:crs:EPSG::${code}` } },
  };
  send(response, 200, 'application/json', JSON.stringify(body));
}

function ogcApi(path: string, query: Map<string, string>, origin: string, response: ServerResponse): void {
  const match = /^\/api\/collections\/([^/]+)\/items$/.exec(path);
  if (!match || match[1] !== OGC_LAYER) {
    return send(response, 404, 'application/json', JSON.stringify({ code: 'NotFound', description: `Collection ${match?.[1] ?? path} does not exist` }));
  }
  if (query.has('f') && query.get('f') !== 'json') return send(response, 200, 'text/html', '<!doctype html><title>Items</title>');
  const crsUri = query.get('crs');
  const crs = crsUri ? normaliseCrsName(crsUri) : 'EPSG:4326';
  if (!crs || !crsDefinition(crs))
    return send(response, 400, 'application/json', JSON.stringify({ code: 'InvalidParameterValue', description: `crs ${crsUri}` }));
  const all = reprojected(crs);
  const offset = Number(query.get('offset') ?? 0);
  const limit = Math.min(Number(query.get('limit') ?? 10), 40);
  const features = all.features.slice(offset, offset + limit);
  const here = (at: number) => {
    const next = new URLSearchParams({ f: 'json', limit: String(limit), offset: String(at), ...(crsUri ? { crs: crsUri } : {}) });
    // Relative, as pygeoapi and ldproxy may write them: the client resolves them against the page.
    return `items?${next}`;
  };
  const links = [{ rel: 'self', type: 'application/geo+json', href: `${origin}${path}?${here(offset).slice('items?'.length)}` }];
  if (offset + limit < all.features.length) {
    links.push({ rel: 'next', type: 'text/html', href: `${here(offset + limit)}&f=html` });
    links.push({ rel: 'next', type: 'application/geo+json', href: here(offset + limit) });
  }
  const headers: Record<string, string> = crsUri ? { 'content-crs': `<${crsUri}>` } : {};
  send(response, 200, 'application/geo+json', JSON.stringify({ type: 'FeatureCollection', features, numberReturned: features.length, links }), headers);
}

const projected = new Map<string, FeatureCollection>();
function reprojected(crs: string): FeatureCollection {
  let collection = projected.get(crs);
  if (!collection) {
    collection = crs === 'EPSG:25833' ? sample() : reprojectCollection(sample(), 'EPSG:25833', crs);
    projected.set(crs, collection);
  }
  return collection;
}

function wms(query: Map<string, string>, response: ServerResponse): void {
  const missing = ['layers', 'bbox', 'width', 'height', 'format'].find((name) => !query.has(name));
  if (query.get('request') !== 'GetMap' || missing) {
    return serviceException(response, 'MissingParameterValue', `${missing ?? 'request'} fehlt`);
  }
  if (query.get('layers') !== OGC_LAYER) return serviceException(response, 'LayerNotDefined', `Layer ${query.get('layers')} unknown`);
  const width = Number(query.get('width'));
  const height = Number(query.get('height'));
  if (!(width > 0 && width <= 4096 && height > 0 && height <= 4096)) return serviceException(response, 'InvalidDimensionValue', 'size');
  send(response, 200, 'image/png', png(width, height));
}

function exception(response: ServerResponse, code: string, locator: string, text: string): void {
  const xml =
    '<?xml version="1.0" encoding="UTF-8"?>\n<ows:ExceptionReport xmlns:ows="http://www.opengis.net/ows/1.1" version="2.0.0">\n' +
    `  <ows:Exception exceptionCode="${code}" locator="${locator}">\n    <ows:ExceptionText>${text.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</ows:ExceptionText>\n  </ows:Exception>\n</ows:ExceptionReport>\n`;
  // GeoServer answers WFS 2.0 exceptions with HTTP 400, older versions with 200; the client reads the report either way.
  send(response, 400, 'application/xml', xml);
}

function serviceException(response: ServerResponse, code: string, text: string): void {
  send(
    response,
    200,
    'application/vnd.ogc.se_xml',
    `<?xml version="1.0"?><ServiceExceptionReport version="1.3.0"><ServiceException code="${code}">${text}</ServiceException></ServiceExceptionReport>`,
  );
}

function send(response: ServerResponse, status: number, type: string, body: string | Uint8Array, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'content-type': type, 'access-control-allow-origin': '*', 'access-control-expose-headers': 'content-crs', ...headers });
  response.end(body);
}

/** A WMTS capabilities document: one layer in one matrix set on EPSG:25833, REST tiles. */
export function wmtsCapabilities(origin: string): string {
  const matrices = WMTS_RESOLUTIONS.map((resolution, level) => {
    const span = 256 * resolution;
    const columns = Math.ceil(800_000 / span);
    return `<TileMatrix><ows:Identifier>${level}</ows:Identifier><ScaleDenominator>${resolution / 0.00028}</ScaleDenominator><TopLeftCorner>${WMTS_ORIGIN[0]} ${WMTS_ORIGIN[1]}</TopLeftCorner><TileWidth>256</TileWidth><TileHeight>256</TileHeight><MatrixWidth>${columns}</MatrixWidth><MatrixHeight>${columns}</MatrixHeight></TileMatrix>`;
  }).join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<Capabilities xmlns="http://www.opengis.net/wmts/1.0" xmlns:ows="http://www.opengis.net/ows/1.1" xmlns:xlink="http://www.w3.org/1999/xlink" version="1.0.0">
<ows:ServiceIdentification><ows:Title>Testdienst</ows:Title><ows:ServiceType>OGC WMTS</ows:ServiceType><ows:ServiceTypeVersion>1.0.0</ows:ServiceTypeVersion></ows:ServiceIdentification>
<Contents>
<Layer><ows:Title>Bezirksregionen</ows:Title><ows:Identifier>${OGC_LAYER}</ows:Identifier>
<ows:WGS84BoundingBox><ows:LowerCorner>13.0 52.3</ows:LowerCorner><ows:UpperCorner>13.8 52.7</ows:UpperCorner></ows:WGS84BoundingBox>
<Style isDefault="true"><ows:Identifier>default</ows:Identifier></Style>
<Format>image/png</Format>
<TileMatrixSetLink><TileMatrixSet>utm33</TileMatrixSet></TileMatrixSetLink>
<ResourceURL format="image/png" resourceType="tile" template="${origin}/wmts/tile/{TileMatrixSet}/{TileMatrix}/{TileRow}/{TileCol}.png"/>
</Layer>
<TileMatrixSet><ows:Identifier>utm33</ows:Identifier><ows:SupportedCRS>urn:ogc:def:crs:EPSG::25833</ows:SupportedCRS>
${matrices}
</TileMatrixSet>
</Contents>
</Capabilities>
`;
}

/** A PNG of one light grey, of the size asked for. */
function png(width: number, height: number): Uint8Array {
  const row = new Uint8Array(1 + width * 3).fill(0xe8);
  row[0] = 0; // filter: none
  const raw = new Uint8Array(row.length * height);
  for (let y = 0; y < height; y += 1) raw.set(row, y * row.length);
  const header = new Uint8Array(13);
  const view = new DataView(header.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  header.set([8, 2, 0, 0, 0], 8); // 8 bits, RGB
  return concat([new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', header), chunk('IDAT', deflateSync(raw)), chunk('IEND', new Uint8Array())]);
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  out.set(new TextEncoder().encode(type), 4);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit += 1) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
