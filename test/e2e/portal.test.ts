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

/** Contrast of the scale bar's text against its own background laid over the darkest and the lightest map below it. */
const scaleContrast = (page: Page) =>
  page.evaluate(() => {
    const root = document.querySelector('sozialraum-map')!.shadowRoot!;
    // rgb(…) in 0–255, or color(srgb …) in 0–1 (what color-mix() computes to); the alpha stays 0–1.
    const rgba = (text: string) => {
      const values = (text.replace('srgb', '').match(/[\d.]+/g) ?? []).map(Number);
      return text.startsWith('color(') ? values.map((value, index) => (index < 3 ? value * 255 : value)) : values;
    };
    const [r, g, b] = rgba(getComputedStyle(root.querySelector('.ol-scale-line-inner')!).color);
    const [br, bg, bb, alpha = 1] = rgba(getComputedStyle(root.querySelector('.ol-scale-line')!).backgroundColor);
    const luminance = ([x, y, z]: number[]) =>
      [x!, y!, z!]
        .map((v) => (v / 255 <= 0.03928 ? v / 255 / 12.92 : ((v / 255 + 0.055) / 1.055) ** 2.4))
        .reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i]!, 0);
    const text = luminance([r!, g!, b!]);
    return Math.min(
      ...[0, 255].map((under) => {
        const back = luminance([br!, bg!, bb!].map((v) => alpha * v + (1 - alpha) * under));
        return (Math.max(text, back) + 0.05) / (Math.min(text, back) + 0.05);
      }),
    );
  });

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
  // The toggle says what it does next, and the scale bar's text stays readable on the dark theme.
  assert.equal((await page.textContent('#theme-toggle'))?.trim(), 'Helle Darstellung');
  assert.ok((await scaleContrast(page)) >= 4.5, `scale bar contrast ${await scaleContrast(page)}`);
  await page.screenshot({ path: 'test/output/portal-dark.png', fullPage: true });
  await page.click('#theme-toggle');
  assert.equal((await page.textContent('#theme-toggle'))?.trim(), 'Dunkle Darstellung');
  assert.deepEqual(await axeViolations(page), []);
  assert.deepEqual(problems, []);
  await page.close();
});
