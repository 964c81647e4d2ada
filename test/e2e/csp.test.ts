// Every element under the strict Content-Security-Policy a municipal CMS sends: no inline script or style, no
// eval, no blob: workers, no request to another host. The test fails on any violation report.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startHarness, watchedPage, type Harness } from './harness.js';

/** The policy documented in the README ("Embedding in a CMS"); widen it only for a documented need. */
export const STRICT_CSP = "default-src 'self'; script-src 'self'; worker-src 'self'; style-src 'self'; img-src 'self' data:";

let harness: Harness;

before(async () => {
  harness = await startHarness({ headers: { 'content-security-policy': STRICT_CSP } });
});

after(async () => {
  await harness?.close();
});

test('map, choropleth, legend, table, profile card and the aggregator in workers work under a strict CSP without a single violation', async () => {
  const { page, problems } = await watchedPage(harness, { width: 1200, height: 900 });
  const violations: string[] = [];
  await page.exposeFunction('reportViolation', (text: string) => violations.push(text));
  const workers: string[] = [];
  page.on('worker', (worker) => workers.push(worker.url()));
  await page.addInitScript(() => {
    const aggregations: unknown[] = [];
    (window as unknown as { __aggregations: unknown[] }).__aggregations = aggregations;
    document.addEventListener('sozialraum-aggregation-complete', (event) => aggregations.push((event as CustomEvent).detail));
    document.addEventListener('securitypolicyviolation', (event) => {
      (window as unknown as { reportViolation: (text: string) => void }).reportViolation(`${event.violatedDirective}: ${event.blockedURI} ${event.sourceFile}:${event.lineNumber}`);
    });
  });
  await page.goto(`${harness.base}test/pages/csp.html`);
  await page.evaluate(() => (document.querySelector('sozialraum-map') as HTMLElement & { ready: Promise<void> }).ready);
  await page.waitForFunction(() => document.querySelector('sozialraum-legend')?.shadowRoot?.querySelector('[part="classes"]'));
  const state = await page.evaluate(() => ({
    rows: document.querySelector('sozialraum-table')!.shadowRoot!.querySelectorAll('tbody tr').length,
    classes: document.querySelector('sozialraum-legend')!.shadowRoot!.querySelectorAll('[part="classes"] li').length,
    adopted: document.querySelector('sozialraum-map')!.shadowRoot!.adoptedStyleSheets.length,
  }));
  assert.equal(state.rows, 542);
  assert.equal(state.classes, 5);
  // Both aggregators (Zensus grid CSV and GeoTIFF) ran in workers loaded from the script's own folder.
  await page.waitForFunction(() => (window as unknown as { __aggregations: unknown[] }).__aggregations.length === 2, undefined, { timeout: 60_000 });
  const aggregations = await page.evaluate(() =>
    (window as unknown as { __aggregations: { areas: { sum?: number }[]; mainThread: boolean }[] }).__aggregations.map((result) => ({
      areas: result.areas.length,
      total: result.areas.reduce((sum, area) => sum + (area.sum ?? 0), 0),
      mainThread: result.mainThread,
    })),
  );
  for (const result of aggregations) {
    assert.equal(result.areas, 542);
    assert.ok(Math.abs(result.total / 3_291_589 - 1) < 0.01, `total ${result.total}`);
    assert.equal(result.mainThread, false);
  }
  assert.ok(workers.length > 0 && workers.every((url) => url.endsWith('/dist/sozialraum-worker.js')), workers.join(', '));
  assert.ok(state.adopted > 0, 'the element styles are adopted stylesheets, which style-src self allows');
  // Pointer and keyboard still work: hover shows the tooltip, whose text is set as text.
  const box = (await page.locator('sozialraum-map').boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + 240);
  await page.waitForTimeout(200);
  // The profile card draws its charts and exports a PNG (drawn on a canvas) and a CSV, both as blob: downloads.
  await page.waitForFunction(() => document.querySelector('sozialraum-profile-card')?.shadowRoot?.querySelector('h2'), undefined, { timeout: 60_000 });
  const card = await page.evaluate(() => {
    const root = document.querySelector('sozialraum-profile-card')!.shadowRoot!;
    return { name: root.querySelector('h2')!.textContent, charts: root.querySelectorAll('svg[role="img"]').length, facilities: root.querySelectorAll('[part="facilities"] tbody tr').length };
  });
  assert.deepEqual(card, { name: 'Schillerpromenade Süd', charts: 3, facilities: 2 });
  for (const [button, file] of [[0, 'steckbrief-08100103.png'], [1, 'steckbrief-08100103.csv']] as const) {
    const download = page.waitForEvent('download');
    await page.locator('sozialraum-profile-card').locator('[part="actions"] button').nth(button).click();
    assert.equal((await download).suggestedFilename(), file);
  }
  await page.screenshot({ path: 'test/output/csp.png' });
  assert.deepEqual(violations, []);
  assert.deepEqual(problems, []);
  await page.close();
});
