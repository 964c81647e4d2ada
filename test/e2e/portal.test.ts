// The city-portal page as a visitor meets it, in its light and dark theme, checked with axe-core in the dark one
// (demo.test.ts checks every demo page in its first look). Screenshots go to test/output/ for a person to look at.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { axeViolations, startHarness, watchedPage, type Harness } from './harness.js';

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
