// Areas from web services, against the loopback server of ogc-test-server.ts serving Berlin's 143 Bezirksregionen:
// WFS 2.0 paged by numberMatched, OGC API – Features by next links, their CRS, limits, progress and failures.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { FeatureCollection, Polygon, MultiPolygon } from 'geojson';
import {
  SozialraumError,
  featureServiceOf,
  fetchServiceFeatures,
  loadAreasFromUrl,
  loadServiceAreas,
  exceptionReport,
  type FeatureServiceProgress,
} from '@sozialraum/core';
import { OGC_LAYER, WFS_SERVER_MAX, requestLog, startOgcServer } from './ogc-test-server.js';

const sample = JSON.parse(
  readFileSync(new URL('../../../../data-samples/berlin/lor_bezirksregionen_2021.geojson', import.meta.url), 'utf8'),
) as FeatureCollection;
const sampleIds = sample.features.map((feature) => String(feature.properties!['BZR_ID']));

let server: Awaited<ReturnType<typeof startOgcServer>>;
let wfsUrl: string;
let itemsUrl: string;
before(async () => {
  server = await startOgcServer();
  wfsUrl = `${server.url}/wfs?service=WFS&typeNames=lor:${OGC_LAYER}`;
  itemsUrl = `${server.url}/api/collections/${OGC_LAYER}/items`;
});
after(() => server.close());

/** Empties the server's request log and gives what it held. */
const takeLog = () => requestLog.splice(0);

function firstPosition(geometry: Polygon | MultiPolygon): number[] {
  return geometry.type === 'Polygon' ? geometry.coordinates[0]![0]! : geometry.coordinates[0]![0]![0]!;
}

async function rejection(promise: Promise<unknown>): Promise<SozialraumError> {
  const error = await promise.then(
    () => assert.fail('expected a rejection'),
    (caught: unknown) => caught,
  );
  assert.ok(error instanceof SozialraumError, String(error));
  return error;
}

test('a URL is a WFS by service=WFS in any case, an OGC API service by its items path, anything else a file', () => {
  assert.equal(featureServiceOf('https://fbinter.stadt-berlin.de/fb/wfs/data/senstadt/s_lor_plr?SERVICE=wfs&typeNames=x'), 'wfs');
  assert.equal(featureServiceOf('https://ogc-api.nrw.de/inspire-au/v1/collections/gemeinde/items?f=json'), 'ogcapi');
  assert.equal(featureServiceOf('https://example.org/api/collections/x/items/'), 'ogcapi');
  assert.equal(featureServiceOf('data/lor.geojson'), undefined);
  assert.equal(featureServiceOf('https://example.org/collections/x/items/17'), undefined, 'one item is not the list');
});

test('WFS: every feature of a server that caps count at 50, paged by numberMatched, in the file order and CRS', async () => {
  takeLog();
  const progress: FeatureServiceProgress[] = [];
  const answer = await fetchServiceFeatures(wfsUrl, { onProgress: (step) => progress.push(step) });
  assert.equal(answer.kind, 'wfs');
  assert.equal(answer.crs, 'EPSG:25833');
  assert.deepEqual(
    answer.collection.features.map((feature) => String(feature.properties!['BZR_ID'])),
    sampleIds,
  );
  assert.deepEqual(answer.collection.features[17]!.geometry, sample.features[17]!.geometry);
  const pages = Math.ceil(sample.features.length / WFS_SERVER_MAX);
  assert.deepEqual(
    progress.map((step) => step.features),
    Array.from({ length: pages }, (_, page) => Math.min((page + 1) * WFS_SERVER_MAX, sample.features.length)),
  );
  assert.ok(progress.every((step) => step.total === sample.features.length));
  const log = takeLog().map((line) => new URL(line, 'http://x').searchParams);
  assert.deepEqual(
    log.map((query) => query.get('startIndex')),
    ['0', '50', '100'],
  );
  assert.ok(
    log.every((query) => query.get('request') === 'GetFeature' && query.get('version') === '2.0.0' && query.get('outputFormat') === 'application/json'),
  );
});

test('WFS: the CRS asked for is sent as srsName and read back from the answer; the areas load as from a file', async () => {
  takeLog();
  const areas = await loadServiceAreas(wfsUrl, { crs: 'EPSG:25832', idField: 'BZR_ID' });
  assert.equal(areas.crs, 'EPSG:25832');
  assert.deepEqual(areas.ids, sampleIds);
  assert.equal(areas.source, wfsUrl);
  assert.ok(takeLog().every((line) => new URL(line, 'http://x').searchParams.get('srsName') === 'EPSG:25832'));
  // UTM zone 32 lies west of zone 33: Berlin's eastings there are some 400 km larger.
  const first = firstPosition(areas.features[0]!.geometry);
  const original = firstPosition(sample.features[0]!.geometry as Polygon);
  assert.ok(first[0]! - original[0]! > 350_000 && first[0]! - original[0]! < 450_000, `${first[0]} vs ${original[0]}`);
});

test('OGC API: every page by its JSON next link (not the HTML one), in CRS84 by default and in the CRS asked for', async () => {
  takeLog();
  const progress: number[] = [];
  const answer = await fetchServiceFeatures(itemsUrl, { pageSize: 100, onProgress: (step) => progress.push(step.pages) });
  assert.equal(answer.kind, 'ogcapi');
  assert.equal(answer.crs, 'EPSG:4326');
  assert.equal(answer.collection.features.length, sample.features.length);
  assert.deepEqual(progress, [1, 2, 3, 4], 'the server caps limit at 40: four pages');
  const log = takeLog();
  assert.ok(
    log.every((line) => new URL(line, 'http://x').searchParams.get('f') === 'json'),
    log.join('\n'),
  );
  const [lon, lat] = (answer.collection.features[0]!.geometry as Polygon).coordinates[0]![0]!;
  assert.ok(lon! > 13 && lon! < 14 && lat! > 52 && lat! < 53, `${lon} ${lat}`);

  const native = await loadServiceAreas(itemsUrl, { crs: 'EPSG:25833', idField: 'BZR_ID' });
  assert.equal(native.crs, 'EPSG:25833', 'from the Content-Crs header');
  assert.deepEqual(native.ids, sampleIds);
  assert.deepEqual(native.features[42]!.geometry, sample.features[42]!.geometry);
});

test('loadAreasFromUrl reads a service page by page and any other URL as a file, named by its file name', async () => {
  const fromService = await loadAreasFromUrl(wfsUrl, { idField: 'BZR_ID' });
  const file = new URL('../../../../data-samples/berlin/lor_bezirksregionen_2021.geojson', import.meta.url);
  const fromFile = await loadAreasFromUrl(`https://example.org/daten/${OGC_LAYER}.geojson`, {
    idField: 'BZR_ID',
    read: async () => new Uint8Array(readFileSync(file)),
  });
  assert.equal(fromService.source, wfsUrl);
  assert.equal(fromFile.source, `${OGC_LAYER}.geojson`);
  assert.deepEqual(fromService.ids, fromFile.ids);
  assert.deepEqual(fromService.features, fromFile.features);
});

test('more features than the limit are refused with the number the service holds and the URL, not cut off', async () => {
  const error = await rejection(fetchServiceFeatures(wfsUrl, { maxFeatures: 100 }));
  assert.equal(error.code, 'limit-exceeded');
  assert.match(error.message, /holds 143 features, more than the limit of 100/);
  assert.match(error.location.source, /startIndex=0/);
  const pages = await rejection(fetchServiceFeatures(itemsUrl, { maxPages: 2 }));
  assert.equal(pages.code, 'limit-exceeded');
  assert.match(pages.message, /more than 2 requests/);
});

test('an exception report, an HTTP error, GML instead of GeoJSON and an unreachable host each name the URL and the problem', async () => {
  const unknownType = await rejection(fetchServiceFeatures(`${server.url}/wfs?service=WFS&typeNames=lor:gibtsnicht`));
  assert.equal(unknownType.code, 'fetch-failed');
  assert.match(unknownType.message, /exception report: InvalidParameterValue: Feature type lor:gibtsnicht unknown/);
  assert.match(unknownType.location.source, /typeNames=lor%3Agibtsnicht|typeNames=lor:gibtsnicht/);

  const gml = await rejection(fetchServiceFeatures(`${wfsUrl}&outputFormat=text/xml;subtype=gml/3.2`));
  assert.equal(gml.code, 'unknown-format');
  assert.match(gml.message, /answered application\/gml\+xml; version=3.2, not GeoJSON/);

  const missing = await rejection(fetchServiceFeatures(`${server.url}/api/collections/gibtsnicht/items`));
  assert.equal(missing.code, 'fetch-failed');
  assert.match(missing.message, /HTTP 404.*Collection gibtsnicht does not exist/);

  const closed = await startOgcServer();
  await closed.close();
  const unreachable = await rejection(fetchServiceFeatures(`${closed.url}/wfs?service=WFS&typeNames=x`));
  assert.equal(unreachable.code, 'fetch-failed');
  assert.match(unreachable.message, /cannot be reached/);
  assert.ok(unreachable.location.source.startsWith(closed.url));
});

test('exception reports of WMS 1.3 and OWS are read with their code; other XML is none', () => {
  assert.equal(
    exceptionReport(
      '<?xml version="1.0"?><ServiceExceptionReport><ServiceException code="LayerNotDefined">Layer &quot;x&quot; &lt;unknown&gt;</ServiceException></ServiceExceptionReport>',
    ),
    'LayerNotDefined: Layer "x" <unknown>',
  );
  assert.equal(exceptionReport('<wfs:FeatureCollection/>'), undefined);
  assert.equal(exceptionReport('{"type":"FeatureCollection"}'), undefined);
});
