// What the main demo costs a visitor before they do anything: the bytes on the wire (from the network log, as
// compressed by the server), that no file crosses twice and facilities wait for an area, that a keyboard reaches the
// controls without tabbing through the table, and how soon the first map is drawn (median of five fresh loads;
// written to test/output/, not asserted, since this machine's load varies).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { startHarness, type Harness } from './harness.js';

const output = fileURLToPath(new URL('../../output/', import.meta.url));
/** The budget of issue-free first use: 4 MB before the user acts. */
const BUDGET = 4 * 1024 * 1024;
let harness: Harness;

before(async () => {
  harness = await startHarness();
  await mkdir(output, { recursive: true });
});

after(async () => {
  await harness?.close();
});

/** The demo in a fresh context (no cache), loaded until the aggregator's residents are on the map and the network is quiet. */
async function loadedDemo(): Promise<{ page: Page; transfers: { url: string; bytes: number }[]; close: () => Promise<void> }> {
  const context = await harness.browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  const transfers: { url: string; bytes: number }[] = [];
  const pending: Promise<void>[] = [];
  page.on('requestfinished', (request) => {
    pending.push(
      request.sizes().then((sizes) => {
        transfers.push({ url: request.url().replace(harness.base, ''), bytes: sizes.responseBodySize + sizes.responseHeadersSize });
      }),
    );
  });
  await page.addInitScript(() => {
    document.addEventListener('sozialraum-aggregation-complete', () => ((window as unknown as { __aggregated: boolean }).__aggregated = true));
  });
  await page.goto(`${harness.base}demo/`);
  await page.waitForFunction(() => (window as unknown as { __aggregated?: boolean }).__aggregated === true, undefined, { timeout: 120_000 });
  await page.waitForLoadState('networkidle');
  await Promise.all(pending);
  return { page, transfers, close: () => context.close() };
}

test('the main demo transfers at most 4 MB before the user acts: each file once, compressed, facilities only with an area', async () => {
  const { page, transfers, close } = await loadedDemo();
  const total = transfers.reduce((sum, entry) => sum + entry.bytes, 0);
  const byUrl = new Map<string, number>();
  for (const entry of transfers) byUrl.set(entry.url, (byUrl.get(entry.url) ?? 0) + 1);
  await writeFile(
    `${output}demo-weight.json`,
    JSON.stringify({ totalBytes: total, budgetBytes: BUDGET, requests: transfers.sort((a, b) => b.bytes - a.bytes) }, null, 2),
  );
  console.log(`demo: ${(total / 1024 / 1024).toFixed(2)} MB in ${transfers.length} requests before the user acts`);
  assert.equal(byUrl.get('data-samples/berlin/zensus2011_einwohner_100m.csv'), 1, 'the Zensus grid is fetched once for aggregator and card');
  assert.deepEqual(
    transfers.filter((entry) => entry.url.includes('/facilities/')),
    [],
    'facilities load when an area is shown',
  );
  assert.ok(total <= BUDGET, `${total} bytes transferred, budget ${BUDGET}`);
  // A keyboard user reaches the display controls first, not after 542 table rows.
  await page.keyboard.press('Tab');
  const first = await page.evaluate(() => [document.activeElement?.textContent?.trim(), document.activeElement?.getAttribute('href')]);
  assert.deepEqual(first, ['Zur Darstellung springen', '#controls']);
  await page.keyboard.press('Enter');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'show');
  // The facilities come with the first area shown.
  const facilities = page.waitForRequest((request) => request.url().includes('/facilities/kitas.geojson'));
  await page.evaluate(() => {
    (document.querySelector('sozialraum-map') as HTMLElement & { selected: string | null }).selected = '08100207';
  });
  await facilities;
  await close();
});

test('the first map is drawn: median of five fresh loads, written to test/output/', async () => {
  const times: number[] = [];
  for (let run = 0; run < 5; run += 1) {
    const context = await harness.browser.newContext({ viewport: { width: 1400, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${harness.base}demo/`);
    times.push(
      await page.evaluate(async () => {
        const map = document.querySelector('sozialraum-map') as HTMLElement & { ready: Promise<void> };
        await map.ready;
        // Drawn: the frame after the areas are on the map.
        await new Promise((resolve) => requestAnimationFrame(() => resolve(undefined)));
        return performance.now();
      }),
    );
    await context.close();
  }
  const sorted = [...times].sort((a, b) => a - b);
  const median = sorted[2]!;
  await writeFile(`${output}demo-first-map.json`, JSON.stringify({ medianMs: Math.round(median), runsMs: times.map(Math.round) }, null, 2));
  console.log(`demo: first map drawn after ${Math.round(median)} ms (median of 5: ${times.map(Math.round).join(', ')})`);
  assert.equal(times.length, 5);
});
