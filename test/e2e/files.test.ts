// The demo page for files picked from disk: a GeoJSON and a CSV chosen in the file inputs appear on the map with the
// table joined, read in the page (blob: URLs, no upload); a file that is not areas is named in the message and the
// page keeps working; axe-core and a phone's width. Screenshots go to test/output/ for a person to look at.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FeatureCollection } from 'geojson';
import { loadAreas, writeGeoPackage } from '@sozialraum/core';
import { readZip, writeShapefileZip } from '@sozialraum/core/shapefile';
import { axeViolations, startHarness, watchedPage, type Harness } from './harness.js';

const output = fileURLToPath(new URL('../../output/', import.meta.url));
const sample = (name: string) => fileURLToPath(new URL(`../../../data-samples/berlin/${name}`, import.meta.url));
let harness: Harness;

before(async () => {
  harness = await startHarness();
  await mkdir(output, { recursive: true });
});
after(async () => harness?.close());

test('a GeoJSON and a CSV picked from disk show on the map with the table joined, read in the page, nothing uploaded', async () => {
  const { page, problems } = await watchedPage(harness, { width: 1400, height: 1000 });
  const requests: string[] = [];
  page.on('request', (request) => requests.push(`${request.method()} ${request.url()}`));
  await page.goto(`${harness.base}demo/files.html`);
  await page.evaluate(() => (document.querySelector('sozialraum-map') as HTMLElement & { ready: Promise<void> }).ready);
  const before = requests.length;

  await page.setInputFiles('#areas-file', sample('lor_planungsraeume_2021.geojson'));
  await page.waitForFunction(() => document.querySelector('#status')!.textContent!.startsWith('542 Gebiete'));
  assert.equal(await page.textContent('#status'), '542 Gebiete (EPSG:25833), Schlüssel PLR_ID.');
  await page.setInputFiles('#table-file', sample('mss2021_indexindikatoren.csv'));
  await page.waitForFunction(() => document.querySelector('#status')!.textContent!.includes('Tabelle'));
  assert.equal(await page.textContent('#status'), '542 Gebiete (EPSG:25833), Schlüssel PLR_ID. Tabelle: 542 Zeilen, 542 von 542 Gebieten verbunden.');

  const choices = await page.$$eval('#column option', (options) => options.map((option) => (option as HTMLOptionElement).value));
  assert.deepEqual(choices, ['', 'PLR_NAME', 'BEZ_ID', 'EW', 'S1', 'S3', 'S4', 'D1', 'D3', 'D4']);
  await page.fill('#missing-values', '-9999');
  await page.press('#missing-values', 'Tab');
  await page.selectOption('#column', 'S4');
  await page.waitForFunction(() => document.querySelector('sozialraum-legend')?.shadowRoot?.querySelector('[part="classes"]'));
  const legend = await page.evaluate(() => document.querySelector('sozialraum-legend')!.shadowRoot!.textContent!);
  assert.doesNotMatch(legend, /9\.999/, 'the MSS code -9999 is a missing value, not the lowest class');
  // The table element lists the S4 value of every area, as the file has it.
  await page.waitForFunction(() => document.querySelector('sozialraum-table')?.shadowRoot?.querySelectorAll('tbody tr').length === 542);
  const first = await page.evaluate(() => {
    const row = document.querySelector('sozialraum-table')!.shadowRoot!.querySelector('tbody tr[data-id="01100101"]')!;
    return row.textContent!;
  });
  assert.match(first, /19,4/, 'S4 of Stülerstraße is 19.39799 in the CSV');

  // A click in the middle of the map selects an area; the page lists its table row.
  const box = (await page.locator('sozialraum-map').boundingBox())!;
  await page.mouse.click(box.x + box.width / 2, box.y + Math.min(box.height, 700) / 2);
  await page.waitForFunction(() => !document.querySelector<HTMLElement>('#selection-values')!.hidden);
  const terms = await page.$$eval('#selection-values dt', (elements) => elements.map((element) => element.textContent));
  assert.deepEqual(terms, ['PLR_ID', 'PLR_NAME', 'BEZ_ID', 'EW', 'S1', 'S3', 'S4', 'D1', 'D3', 'D4']);

  // Only blob: URLs were read for the files: no request went to the server or anywhere else, and nothing was sent.
  const afterPicking = requests.slice(before);
  assert.ok(
    afterPicking.every((line) => line.startsWith('GET ')),
    afterPicking.join('\n'),
  );
  assert.ok(
    afterPicking.some((line) => line.startsWith('GET blob:')),
    afterPicking.join('\n'),
  );
  assert.deepEqual(
    afterPicking.filter((line) => !line.startsWith('GET blob:') && !/\/dist\/sozialraum-[\w.-]+\.js$/.test(line)),
    [],
    'only the toolkit chunks besides the picked files',
  );
  await page.screenshot({ path: `${output}demo-files-1400.png`, fullPage: true });
  assert.deepEqual(await axeViolations(page), [], 'axe-core, 1400 px wide');

  await page.setViewportSize({ width: 375, height: 800 });
  await page.waitForFunction(() => document.documentElement.clientWidth === 375);
  assert.equal(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth), 0, 'no sideways scrolling at 375 px');
  await page.screenshot({ path: `${output}demo-files-375.png`, fullPage: true });
  assert.deepEqual(await axeViolations(page), [], 'axe-core, 375 px wide');
  assert.deepEqual(
    problems.filter((problem) => !problem.startsWith('request to blob:')),
    [],
  );
  await page.close();
});

test('a table picked as areas is refused naming the file, and the page then takes the right file', async () => {
  const { page } = await watchedPage(harness, { width: 1400, height: 1000 });
  await page.goto(`${harness.base}demo/files.html`);
  await page.setInputFiles('#areas-file', sample('mss2021_indexindikatoren.csv'));
  await page.waitForFunction(() => document.querySelector('#status')!.textContent!.includes('mss2021_indexindikatoren.csv'));
  assert.match((await page.textContent('#status'))!, /mss2021_indexindikatoren\.csv: .*weder GeoJSON noch FlatGeobuf/);
  const shown = await page.evaluate(() => document.querySelector('sozialraum-map')!.shadowRoot!.querySelector('[part="error"]')!.textContent!);
  assert.match(shown, /mss2021_indexindikatoren\.csv/);
  await page.setInputFiles('#areas-file', sample('lor_bezirksregionen_2021.geojson'));
  await page.waitForFunction(() => document.querySelector('#status')!.textContent!.startsWith('143 Gebiete'));
  await page.close();
});

/**
 * The office formats through the same page: the 542 Planungsräume written once as a zipped Shapefile, as the loose
 * parts of one (picked together) and as a GeoPackage, each joined to the MSS table as an office publishes it in Excel.
 */
test('a zipped or loose Shapefile and a GeoPackage picked from disk show on the map, joined to an Excel table', { timeout: 240_000 }, async () => {
  const folder = await mkdtemp(join(tmpdir(), 'sozialraum-files-'));
  try {
    const bytes = new Uint8Array(await readFile(sample('lor_planungsraeume_2021.geojson')));
    const areas = await loadAreas(bytes, { source: 'lor_planungsraeume_2021.geojson', idField: 'PLR_ID' });
    const collection: FeatureCollection = { type: 'FeatureCollection', features: areas.features };
    const zipped = writeShapefileZip(collection, { crs: areas.crs, name: 'planungsraeume' }).bytes;
    await writeFile(join(folder, 'planungsraeume.shp.zip'), zipped);
    const loose: string[] = [];
    for (const [name, part] of readZip(zipped, { source: 'planungsraeume.shp.zip' }).files) {
      await writeFile(join(folder, name), part);
      loose.push(join(folder, name));
    }
    await writeFile(join(folder, 'planungsraeume.gpkg'), await writeGeoPackage(collection, areas.crs, { layer: 'planungsraeume' }));

    const { page, problems } = await watchedPage(harness, { width: 1400, height: 1000 });
    await page.goto(`${harness.base}demo/files.html`);
    await page.setInputFiles('#table-file', sample('mss2021_indexindikatoren.xlsx'));
    const joined = '542 Gebiete (EPSG:25833), Schlüssel PLR_ID. Tabelle: 542 Zeilen, 542 von 542 Gebieten verbunden.';
    for (const files of [join(folder, 'planungsraeume.shp.zip'), loose, join(folder, 'planungsraeume.gpkg')]) {
      await page.evaluate(() => (document.querySelector('#status')!.textContent = ''));
      await page.setInputFiles('#areas-file', files);
      await page.waitForFunction(() => /Gebiete|:/.test(document.querySelector('#status')!.textContent!), undefined, { timeout: 60_000 });
      assert.equal(await page.textContent('#status'), joined, String(files));
      const drawn = await page.evaluate(
        () => (document.querySelector('sozialraum-map') as HTMLElement & { areas?: { features: unknown[] } }).areas?.features.length,
      );
      assert.equal(drawn, 542, String(files));
    }
    await page.selectOption('#column', 'S4');
    await page.waitForFunction(() => document.querySelector('sozialraum-table')?.shadowRoot?.querySelectorAll('tbody tr').length === 542);
    const row = await page.evaluate(() => document.querySelector('sozialraum-table')!.shadowRoot!.querySelector('tbody tr[data-id="01100101"]')!.textContent!);
    assert.match(row, /19,4/, 'S4 of Stülerstraße from the workbook, as in the CSV');
    await page.screenshot({ path: `${output}demo-files-office-1400.png`, fullPage: true });
    assert.deepEqual(
      problems.filter((problem) => !problem.startsWith('request to blob:')),
      [],
    );
    await page.close();
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
});
