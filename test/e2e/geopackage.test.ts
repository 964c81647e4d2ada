// A GeoPackage in the bundle: SQLite (dist/sozialraum-sqljs.js and its .wasm beside the bundle) loads on demand, and
// only where the page's Content-Security-Policy allows WebAssembly; without 'wasm-unsafe-eval' the map says so.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { STRICT_CSP, startHarness, watchedPage, type Harness } from './harness.js';

const WITH_WASM = STRICT_CSP.replace("script-src 'self'", "script-src 'self' 'wasm-unsafe-eval'");
let strict: Harness;
let withWasm: Harness;

before(async () => {
  strict = await startHarness({ headers: { 'content-security-policy': STRICT_CSP } });
  withWasm = await startHarness({ headers: { 'content-security-policy': WITH_WASM } });
});

after(async () => {
  await strict?.close();
  await withWasm?.close();
});

const alertText = () => document.querySelector('sozialraum-map')!.shadowRoot!.querySelector('[role="alert"]')?.textContent ?? '';

test("with 'wasm-unsafe-eval' the map draws a GeoPackage layer, loading SQLite from beside the bundle", async () => {
  const { page, problems } = await watchedPage(withWasm);
  const requests: string[] = [];
  page.on('request', (request) => requests.push(new URL(request.url()).pathname));
  await page.goto(`${withWasm.base}test/pages/geopackage.html`);
  await page.evaluate(() => (document.querySelector('sozialraum-map') as HTMLElement & { ready: Promise<void> }).ready);
  const drawn = await page.evaluate(
    () => (document.querySelector('sozialraum-map') as HTMLElement & { areas?: { features: unknown[] } }).areas?.features.length,
  );
  assert.equal(drawn, 1);
  assert.equal(await page.evaluate(alertText), '');
  assert.deepEqual(requests.filter((path) => path.startsWith('/dist/')).sort(), [
    '/dist/sozialraum-geopackage.js',
    '/dist/sozialraum-sqljs.js',
    '/dist/sozialraum-wkb.js',
    '/dist/sozialraum.js',
    '/dist/sql-wasm-browser.wasm',
  ]);
  assert.deepEqual(problems, []);
  await page.close();
});

test("without 'wasm-unsafe-eval' the map says what the page lacks and suggests converting the file", async () => {
  const { page } = await watchedPage(strict);
  await page.goto(`${strict.base}test/pages/geopackage.html`);
  await page.evaluate(() => (document.querySelector('sozialraum-map') as HTMLElement & { ready: Promise<void> }).ready);
  const text = (await page.evaluate(alertText)).replace(/\s+/g, ' ');
  assert.match(
    text,
    /moabit_layers\.gpkg: kann hier nicht gelesen werden: die Content-Security-Policy der Seite erlaubt kein WebAssembly \('wasm-unsafe-eval' in script-src\)/,
  );
  assert.match(text, /sozialraum convert datei\.gpkg datei\.geojson/);
  await page.close();
});
