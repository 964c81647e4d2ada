// The demo pages as a visitor meets them: the city-portal page in its light and dark theme, and both demo pages
// checked with axe-core. Screenshots go to test/output/ for a person to look at.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { startHarness, watchedPage, type Harness } from './harness.js';

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
let harness: Harness;

before(async () => {
  harness = await startHarness();
});

after(async () => {
  await harness?.close();
});

async function open(path: string): Promise<{ page: Page; problems: string[] }> {
  const { page, problems } = await watchedPage(harness, { width: 1400, height: 1000 });
  await page.goto(harness.base + path);
  await page.evaluate(() => (document.querySelector('sozialraum-map') as HTMLElement & { ready: Promise<void> }).ready);
  await page.waitForFunction(() => document.querySelector('sozialraum-legend')?.shadowRoot?.querySelector('[part="classes"]'));
  return { page, problems };
}

async function axeViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: axePath });
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: Document) => Promise<{ violations: { id: string; help: string; nodes: unknown[] }[] }> } }).axe;
    const result = await axe.run(document);
    return result.violations.map((violation) => `${violation.id}: ${violation.help} (${violation.nodes.length})`);
  });
}

const legendBackground = (page: Page) =>
  page.evaluate(() => getComputedStyle(document.querySelector('sozialraum-legend')!.shadowRoot!.querySelector('figure')!).backgroundColor);

test('the portal page restyles the suite through custom properties, in a light and a dark theme', async () => {
  const { page, problems } = await open('demo/portal.html');
  assert.equal(await legendBackground(page), 'rgb(255, 255, 255)');
  const font = await page.evaluate(() => getComputedStyle(document.querySelector('sozialraum-table')!.shadowRoot!.querySelector('table')!).fontFamily);
  assert.match(font, /DejaVu Sans/);
  // The portal's own class colours replace the palette.
  const swatch = await page.evaluate(() => document.querySelector('sozialraum-legend')!.shadowRoot!.querySelector('.swatch rect')!.getAttribute('fill'));
  assert.equal(swatch, '#f7f4f9');
  await page.screenshot({ path: 'test/output/portal-light.png', fullPage: true });
  await page.click('#theme-toggle');
  await page.waitForFunction(() => document.documentElement.classList.contains('sozialraum-theme-dark'));
  assert.equal(await legendBackground(page), 'rgb(28, 33, 40)');
  await page.screenshot({ path: 'test/output/portal-dark.png', fullPage: true });
  assert.deepEqual(await axeViolations(page), []);
  assert.deepEqual(problems, []);
  await page.close();
});

test('the main demo page has no accessibility violations (axe-core)', async () => {
  const { page, problems } = await open('demo/');
  assert.deepEqual(await axeViolations(page), []);
  assert.deepEqual(problems, []);
  await page.close();
});
