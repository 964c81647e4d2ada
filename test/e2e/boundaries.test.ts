// The boundaries page keeps the published old Planungsräume, with the key 06010102 given to two areas, explains that
// on the page, and shows both areas with their own values, so that heading, map, legend and table agree on 448.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startHarness, watchedPage, type Harness } from './harness.js';

let harness: Harness;

before(async () => {
  harness = await startHarness();
});

after(async () => {
  await harness?.close();
});

test('the boundaries page explains the repeated key 06010102 and shows both areas, 448 in heading and legend alike', async () => {
  const { page, problems } = await watchedPage(harness, { width: 1400, height: 900 });
  await page.goto(`${harness.base}demo/boundaries.html`);
  await page.waitForFunction(() => document.querySelector('#old sozialraum-legend')?.shadowRoot?.querySelector('[part="classes"]'), undefined, {
    timeout: 60_000,
  });
  const heading = (await page.textContent('#old-heading')) ?? '';
  const announced = Number(/(\d+) Planungsräume/.exec(heading)![1]);
  const shown = await page.evaluate(() => {
    const map = document.querySelector('#old') as HTMLElement & {
      olMap: { getAllLayers(): { get(key: string): unknown; getSource(): { getFeatures(): { get(key: string): unknown }[] } }[] };
    };
    const layer = map.olMap.getAllLayers().find((candidate) => candidate.get('name') === 'sozialraum-areas')!;
    const keys = layer
      .getSource()
      .getFeatures()
      .map((feature) => String(feature.get('sozialraum:key')));
    const counts = [...document.querySelector('#old sozialraum-legend')!.shadowRoot!.querySelectorAll('.count')].map((entry) => Number(entry.textContent));
    const warnings = map.shadowRoot!.querySelector('[part="warnings"]')?.textContent ?? '';
    return { keys, legend: counts.reduce((sum, count) => sum + count, 0), warnings };
  });
  assert.equal(announced, 448);
  assert.equal(shown.keys.length, 448);
  assert.equal(new Set(shown.keys).size, 448, 'every area has a key of its own');
  assert.ok(shown.keys.includes('06010102#124') && shown.keys.includes('06010102#205'), 'both Schloßstraßen are keyed by key and feature number');
  assert.equal(shown.legend, 448, 'the legend counts every area of the heading');
  assert.equal(shown.warnings, '', 'no data warning for the page’s own sample');
  const note = (await page.textContent('#old-status')) ?? '';
  assert.match(note, /06010102/);
  assert.match(note, /Charlottenburg-Wilmersdorf/);
  await page.screenshot({ path: 'test/output/boundaries-1400.png', fullPage: true });
  await page.setViewportSize({ width: 375, height: 800 });
  await page.waitForTimeout(500);
  await page.screenshot({ path: 'test/output/boundaries-375.png', fullPage: true });
  assert.deepEqual(problems, []);
  await page.close();
});
