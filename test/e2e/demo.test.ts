// The demo pages end to end in headless Chromium: the Berlin map appears, answers a click, asks no third party,
// and leaves a screenshot in test/output/ for a person to look at; every demo page draws all its elements without
// an error or a request to another host, fits a phone's width, and passes axe-core.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { axeViolations, startHarness, watchedPage, type Harness } from './harness.js';

const output = fileURLToPath(new URL('../../output/', import.meta.url));
let harness: Harness;
let page: Page;
let base: string;
let problems: string[];

before(async () => {
  harness = await startHarness();
  base = harness.base;
  ({ page, problems } = await watchedPage(harness));
  await mkdir(output, { recursive: true });
});

after(async () => {
  await harness?.close();
});

test('the demo shows the 542 Berlin Planungsräume and reports how long that took', async () => {
  await page.goto(`${base}demo/`);
  const shownAfter = await page.evaluate(async () => {
    const map = document.querySelector('sozialraum-map') as HTMLElement & { ready: Promise<void> };
    await map.ready;
    return performance.now();
  });
  await page.waitForFunction(() => document.querySelector('#load-status')?.textContent?.includes('542 Planungsräume'));
  const status = await page.textContent('#load-status');
  assert.match(status ?? '', /542 Planungsräume \(EPSG:25833\), 542 Tabellenzeilen, 0 Gebiete ohne Zeile/);
  const drawn = await page.evaluate(() => {
    const map = document.querySelector('sozialraum-map') as HTMLElement & {
      olMap: { getAllLayers(): { get(key: string): unknown; getSource(): { getFeatures(): unknown[] } }[] };
    };
    const layer = map.olMap.getAllLayers().find((candidate) => candidate.get('name') === 'sozialraum-areas');
    return layer?.getSource().getFeatures().length;
  });
  assert.equal(drawn, 542);
  await writeFile(`${output}demo-timing.json`, JSON.stringify({ mapShownAfterMs: Math.round(shownAfter) }, null, 2));
  console.log(`demo: map shown ${Math.round(shownAfter)} ms after navigation start`);
});

test('clicking an area in the demo shows its name and MSS values in the side panel', async () => {
  const point = await page.evaluate(() => {
    type Geometry = { getInteriorPoint(): { getFirstCoordinate(): number[] } };
    const map = document.querySelector('sozialraum-map') as HTMLElement & {
      olMap: {
        getAllLayers(): { get(key: string): unknown; getSource(): { getFeatureById(id: string): { getGeometry(): Geometry } } }[];
        getPixelFromCoordinate(c: number[]): number[];
        getViewport(): HTMLElement;
      };
    };
    const layer = map.olMap.getAllLayers().find((candidate) => candidate.get('name') === 'sozialraum-areas')!;
    const inside = layer.getSource().getFeatureById('08100103').getGeometry().getInteriorPoint().getFirstCoordinate();
    const pixel = map.olMap.getPixelFromCoordinate(inside);
    const rect = map.olMap.getViewport().getBoundingClientRect();
    return [rect.left + pixel[0]!, rect.top + pixel[1]!] as const;
  });
  await page.mouse.move(point[0], point[1]);
  await page.mouse.click(point[0], point[1]);
  await page.waitForFunction(() => document.querySelector('#selection')?.textContent?.includes('08100103'));
  const panel = await page.textContent('#selection-values');
  assert.match(panel ?? '', /Einwohner:innen/);
  assert.match(panel ?? '', /Kinderarmut \(%\)\d/);
  // The profile card beside the map follows the selection.
  await page.waitForFunction(
    () => document.querySelector('sozialraum-profile-card')?.shadowRoot?.querySelector('h2')?.textContent === 'Schillerpromenade Süd',
    undefined,
    { timeout: 60_000 },
  );
  const card = await page.evaluate(() =>
    document.querySelector('sozialraum-profile-card')!.shadowRoot!.querySelector('[part="facts"]')!.textContent!.replace(/\s+/g, ' '),
  );
  assert.match(card, /7\.473/);
  await page.screenshot({ path: `${output}demo-selected.png` });
});

test('the demo shows the MSS 2021 status index with legend and table, and switches to an indicator', async () => {
  await page.evaluate(() => ((document.querySelector('#map') as HTMLElement & { selected: string | null }).selected = null));
  const legendText = () =>
    page.evaluate(
      () => document.querySelector('sozialraum-legend')!.shadowRoot!.querySelector('[part="classes"]')?.textContent?.replace(/\s+/g, ' ').trim() ?? '',
    );
  await page.waitForFunction(() => document.querySelector('sozialraum-legend')?.shadowRoot?.querySelector('[part="classes"]'));
  const status = await legendText();
  for (const label of ['hoch', 'mittel', 'niedrig', 'sehr niedrig', 'nicht bewertet']) assert.ok(status.includes(label), status);
  const rows = await page.evaluate(() => document.querySelector('sozialraum-table')!.shadowRoot!.querySelectorAll('tbody tr').length);
  assert.equal(rows, 542);
  await page.screenshot({ path: `${output}demo-status-index.png` });

  await page.selectOption('#show', 'indicator:S4');
  await page.selectOption('#classification', 'ckmeans');
  await page.waitForFunction(() => document.querySelector('sozialraum-legend')!.shadowRoot!.querySelector('figcaption')?.textContent?.includes('Kinderarmut'));
  const indicator = await legendText();
  assert.ok(!indicator.includes('sehr niedrig'), indicator);
  await page.screenshot({ path: `${output}demo-indicator-s4.png` });
});

test('the Flensburg page shows the profile of a Stadtteil with its time series, and follows the selection', async () => {
  await page.goto(`${base}demo/flensburg.html`);
  const heading = () => page.evaluate(() => document.querySelector('sozialraum-profile-card')?.shadowRoot?.querySelector('h2')?.textContent ?? '');
  await page.waitForFunction(() => document.querySelector('sozialraum-profile-card')?.shadowRoot?.querySelector('h2'), undefined, { timeout: 60_000 });
  assert.equal(await heading(), '03 Nordstadt');
  const lines = await page.evaluate(() => document.querySelector('sozialraum-profile-card')!.shadowRoot!.querySelectorAll('svg.sparkline').length);
  assert.equal(lines, 6);
  await page.screenshot({ path: `${output}demo-flensburg.png`, fullPage: true });
  await page.evaluate(() => ((document.querySelector('sozialraum-map') as HTMLElement & { selected: string | null }).selected = 'STGT13'));
  await page.waitForFunction(() => document.querySelector('sozialraum-profile-card')?.shadowRoot?.querySelector('h2')?.textContent === '13 Tarup');
});

test('the demo sends no request to any host but its own and logs no errors', () => {
  assert.deepEqual(problems, []);
});

const DEMO_PAGES = ['index.html', 'flensburg.html', 'levels.html', 'boundaries.html', 'editor.html', 'workbench.html', 'portal.html'];

/**
 * Waits until every element of the page has drawn: maps loaded, legends with their classes, profile cards with a
 * profile (or the request to choose an area), editors ready with their checks, aggregators that start by themselves
 * done.
 */
async function untilDrawn(page: Page): Promise<void> {
  // page.evaluate waits without a limit: a page whose start fails (its editor never gets areas) must fail the test
  // with what it shows, not hang the run.
  const waited = await page.evaluate(async () => {
    type Ready = HTMLElement & { ready: Promise<void> };
    const ready = (async () => {
      await Promise.all([...document.querySelectorAll<Ready>('sozialraum-map')].map((map) => map.ready));
      await Promise.all([...document.querySelectorAll<Ready>('sozialraum-editor')].map((editor) => editor.ready));
      return 'ready';
    })();
    const late = new Promise<string>((resolve) =>
      setTimeout(() => resolve([...document.querySelectorAll('[role="alert"]')].map((alert) => alert.textContent).join(' | ') || 'no alert'), 120_000),
    );
    return Promise.race([ready, late]);
  });
  assert.equal(waited, 'ready', `the page's maps and editors were not ready after 120 s: ${waited}`);
  await page.waitForFunction(
    () => {
      const all = (selector: string, drawn: (element: HTMLElement) => unknown) => [...document.querySelectorAll<HTMLElement>(selector)].every(drawn);
      type Card = HTMLElement & { areaId?: string; data?: unknown };
      return (
        all('sozialraum-legend', (legend) => legend.shadowRoot?.querySelector('[part="classes"]')) &&
        all('sozialraum-profile-card', (card) =>
          (card as Card).areaId || (card as Card).data || (card.closest('sozialraum-map') as (HTMLElement & { selected: string | null }) | null)?.selected
            ? card.shadowRoot?.querySelector('h2')
            : card.shadowRoot?.querySelector('.placeholder'),
        ) &&
        (window as unknown as { __aggregations: number }).__aggregations === document.querySelectorAll('sozialraum-aggregator[auto]').length
      );
    },
    undefined,
    { timeout: 60_000 },
  );
}

for (const name of DEMO_PAGES) {
  test(`demo/${name} draws every element without an error or a request to another host, fits a phone's width, and passes axe-core`, async () => {
    const { page, problems } = await watchedPage(harness, { width: 1400, height: 1000 });
    page.on('response', (response) => {
      if (response.status() >= 400) problems.push(`HTTP ${response.status()}: ${response.url()}`);
    });
    await page.addInitScript(() => {
      (window as unknown as { __aggregations: number }).__aggregations = 0;
      document.addEventListener('sozialraum-aggregation-complete', () => ((window as unknown as { __aggregations: number }).__aggregations += 1));
    });
    try {
      await page.goto(`${base}demo/${name}`);
      await untilDrawn(page);
      await page.screenshot({ path: `${output}demo-page-${name.replace('.html', '')}.png`, fullPage: true });
      assert.deepEqual(await axeViolations(page), [], 'axe-core, 1400 px wide');
      // WCAG 1.4.10 (reflow): at 320 CSS pixels nothing scrolls sideways but what is meant to (tables, in their box).
      await page.setViewportSize({ width: 320, height: 800 });
      await page.waitForFunction(() => document.documentElement.clientWidth === 320);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.equal(overflow, 0, 'the page scrolls sideways at 320 px');
      assert.deepEqual(await axeViolations(page), [], 'axe-core, 320 px wide');
      assert.deepEqual(problems, []);
    } finally {
      await page.close();
    }
  });
}
