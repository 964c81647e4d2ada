// The profile cards printed to PDF in Chromium: two cards give exactly two A4 pages, one per area. The pages are
// rendered to PNG (poppler's pdftoppm, or a print-media screenshot where it is missing) in test/output/ for a person
// to look at. The profiles are computed by core in Node and handed to the cards as .data, as a portal would.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { FeatureCollection } from 'geojson';
import { areaProfile, indexPreset, loadAreas, parseCsv, prepareProfiles, readZensusGrid, validateIndexSpec, type AreaProfile } from '@sozialraum/core';
import { startHarness, watchedPage, type Harness } from './harness.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const output = `${root}test/output/`;
let harness: Harness;

before(async () => {
  harness = await startHarness();
  await mkdir(output, { recursive: true });
});

after(async () => {
  await harness?.close();
});

const read = (path: string) => readFile(`${root}${path}`, 'utf8');

async function berlinProfile(id: string): Promise<AreaProfile> {
  const areas = await loadAreas(new Uint8Array(await readFile(`${root}data-samples/berlin/lor_planungsraeume_2021.geojson`)), {
    source: 'lor',
    idField: 'PLR_ID',
    nameField: 'PLR_NAME',
  });
  const facilities = await Promise.all(
    ['kitas', 'schulen', 'jugendfreizeiteinrichtungen', 'pflegeeinrichtungen'].map(async (type) => ({
      type,
      points: JSON.parse(await read(`data-samples/berlin/facilities/${type}.geojson`)) as FeatureCollection,
    })),
  );
  const grid = readZensusGrid(await read('data-samples/berlin/zensus2011_einwohner_100m.csv'), { source: 'zensus', value: 'Einwohner' });
  const set = prepareProfiles({
    areas,
    table: parseCsv(await read('data-samples/berlin/mss2021_indexindikatoren.csv'), { source: 'mss' }),
    keyColumn: 'PLR_ID',
    spec: indexPreset('mss-2021-status'),
    facilities,
    populationGrid: { ...grid, source: 'Zensus 2011' },
  });
  return areaProfile(set, id)!;
}

async function flensburgProfile(id: string): Promise<AreaProfile> {
  const areas = await loadAreas(new Uint8Array(await readFile(`${root}data-samples/flensburg/stadtteile.geojson`)), {
    source: 'stadtteile',
    idField: 'AREA_ID',
    nameField: 'AREA_NAME',
  });
  const set = prepareProfiles({
    areas,
    table: parseCsv(await read('data-samples/flensburg/sozialatlas_stadtteile.csv'), { source: 'sozialatlas' }),
    keyColumn: 'stadtteil_id',
    yearColumn: 'jahr',
    spec: validateIndexSpec(JSON.parse(await read('demo/flensburg-index.json')), 'flensburg-index.json'),
    facilities: [{ type: 'kitas', points: JSON.parse(await read('data-samples/flensburg/kitas.geojson')) as FeatureCollection }],
  });
  return areaProfile(set, id)!;
}

/** Pages of a PDF: its page objects (/Type /Page, not /Pages). */
function pageCount(pdf: Buffer): number {
  return (pdf.toString('latin1').match(/\/Type\s*\/Page(?![s\w])/g) ?? []).length;
}

function hasPdftoppm(): boolean {
  try {
    execFileSync('pdftoppm', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

test('two profile cards print as two A4 pages, one per area', async () => {
  const profiles = [await berlinProfile('07601443'), await flensburgProfile('STGT03')];
  const { page, problems } = await watchedPage(harness, { width: 1000, height: 1400 });
  await page.goto(`${harness.base}test/pages/profiles.html`);
  await page.waitForFunction(() => customElements.get('sozialraum-profile-card'));
  await page.evaluate((data) => {
    const cards = document.querySelectorAll('sozialraum-profile-card');
    data.forEach((profile, index) => ((cards[index] as HTMLElement & { data: unknown }).data = profile));
  }, profiles);
  await page.waitForFunction(() => [...document.querySelectorAll('sozialraum-profile-card')].every((card) => card.shadowRoot?.querySelector('h2')));
  const names = await page.evaluate(() =>
    [...document.querySelectorAll('sozialraum-profile-card')].map((card) => card.shadowRoot!.querySelector('h2')!.textContent),
  );
  assert.deepEqual(names, ['Töpchiner Weg', '03 Nordstadt']);

  const pdf = await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
  await writeFile(`${output}profiles.pdf`, pdf);
  assert.equal(pageCount(pdf), 2, 'one A4 page per area');

  if (hasPdftoppm()) {
    execFileSync('pdftoppm', ['-png', '-r', '70', `${output}profiles.pdf`, `${output}profiles-page`]);
    const info = execFileSync('pdfinfo', [`${output}profiles.pdf`]).toString();
    assert.match(info, /Pages:\s+2/);
    assert.match(info, /Page size:\s+59\d\.\d+ x 841\.\d+ pts \(A4\)/);
  } else {
    await page.emulateMedia({ media: 'print' });
    await page.screenshot({ path: `${output}profiles-print.png`, fullPage: true });
  }
  assert.deepEqual(problems, []);
  await page.close();
});
