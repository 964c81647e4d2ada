// Areas from web services on the command line: a WFS or OGC API – Features URL wherever a command takes areas,
// against the loopback OGC server of core's tests; the result equals that of the file the server serves.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { cli, tempDirectory, SAMPLES } from './helpers.js';

/** The server lives in core's compiled tests; its path is the same from this compiled test. */
const { startOgcServer } = (await import(new URL('../../../core/dist/test/ogc-test-server.js', import.meta.url).href)) as {
  startOgcServer: () => Promise<{ url: string; close: () => Promise<void> }>;
};
const BEZIRKSREGIONEN = fileURLToPath(new URL('berlin/lor_bezirksregionen_2021.geojson', `file://${SAMPLES}/`));

let temp: Awaited<ReturnType<typeof tempDirectory>>;
let server: Awaited<ReturnType<typeof startOgcServer>>;
before(async () => {
  temp = await tempDirectory();
  server = await startOgcServer();
});
after(async () => {
  await temp.remove();
  await server.close();
});

test('convert reads all pages of a WFS and of an OGC API collection and writes what converting the file writes', async () => {
  const fromFile = temp.file('datei.geojson');
  assert.equal((await cli(['convert', BEZIRKSREGIONEN, fromFile, '--id-field', 'BZR_ID'])).code, 0);
  const expected = await readFile(fromFile, 'utf8');

  const wfs = `${server.url}/wfs?service=WFS&typeNames=lor:bezirksregionen`;
  const fromWfs = temp.file('wfs.geojson');
  const result = await cli(['convert', wfs, fromWfs, '--id-field', 'BZR_ID']);
  assert.equal(result.code, 0, result.stderr);
  assert.equal(result.stdout, `${fromWfs}: 143 areas, GeoJSON, EPSG:25833\n`);
  assert.equal(await readFile(fromWfs, 'utf8'), expected);

  const items = `${server.url}/api/collections/bezirksregionen/items`;
  const fromApi = temp.file('api.geojson');
  const api = await cli(['convert', items, fromApi, '--id-field', 'BZR_ID', '--crs', 'EPSG:25833']);
  assert.equal(api.code, 0, api.stderr);
  assert.equal(await readFile(fromApi, 'utf8'), expected);
});

test('validate --areas with a WFS the server refuses exits 2 naming the URL and the exception text', async () => {
  const url = `${server.url}/wfs?service=WFS&typeNames=lor:gibtsnicht`;
  const result = await cli(['validate', '--areas', url]);
  assert.equal(result.code, 2);
  assert.match(result.stderr, /lor(%3A|:)gibtsnicht/);
  assert.match(result.stderr, /exception report: InvalidParameterValue: Feature type lor:gibtsnicht unknown/);
  assert.doesNotMatch(result.stderr, /\n\s+at /, 'no stack trace');
});
