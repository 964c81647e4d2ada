// How long people wait on the three demo pages where they wait most, measured in headless Chromium and written to
// test/output/ for the benchmarks section of the README: the main demo's first map, the editor's tools on the 542
// Berlin Planungsräume, and the levels page's Bezirke. Each page is loaded several times in a fresh context
// (no cache, no IndexedDB left over) against one server; the median goes to the file. The times are recorded, not
// asserted: on a shared machine they say how the parts compare, not whether a build is good. What each page shows
// when the time is taken is asserted.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { startHarness, type Harness } from './harness.js';

const output = fileURLToPath(new URL('../../output/', import.meta.url));
let harness: Harness;

before(async () => {
  harness = await startHarness();
  await mkdir(output, { recursive: true });
});

after(async () => {
  await harness?.close();
});

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
};

/** Loads `path` `runs` times, each in a new context; `measure` returns the times (ms after navigation start) of one load. */
async function timed<T extends Record<string, number>>(
  path: string,
  runs: number,
  measure: (page: Page) => Promise<T>,
): Promise<{ runs: T[]; problems: string[] }> {
  const results: T[] = [];
  const problems: string[] = [];
  for (let run = 0; run < runs; run += 1) {
    const context = await harness.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    await page.goto(`${harness.base}${path}`);
    results.push(await measure(page));
    await context.close();
  }
  return { runs: results, problems };
}

async function record(file: string, page: string, runs: Record<string, number>[]): Promise<Record<string, unknown>> {
  const keys = Object.keys(runs[0]!);
  const medians = Object.fromEntries(keys.map((key) => [`${key}MedianMs`, Math.round(median(runs.map((run) => run[key]!)))]));
  const figures = { page, runs: runs.map((run) => Object.fromEntries(Object.entries(run).map(([key, value]) => [key, Math.round(value)]))), ...medians };
  await writeFile(`${output}${file}`, JSON.stringify(figures, null, 2));
  console.log(`${page}: ${JSON.stringify(medians)}`);
  return figures;
}

test('the main demo draws its first map of the 542 Planungsräume; the time goes to demo-first-map.json', async () => {
  const { runs, problems } = await timed('demo/', 5, (page) =>
    page.evaluate(async () => {
      await customElements.whenDefined('sozialraum-map');
      const map = document.querySelector('sozialraum-map') as HTMLElement & {
        ready: Promise<void>;
        olMap: { getAllLayers(): { get(key: string): unknown; getSource(): { getFeatures(): unknown[] } }[] };
      };
      await map.ready;
      const drawn = performance.now();
      const layer = map.olMap.getAllLayers().find((candidate) => candidate.get('name') === 'sozialraum-areas');
      return { firstMap: drawn, areas: layer?.getSource().getFeatures().length ?? 0 };
    }),
  );
  assert.deepEqual(problems, []);
  for (const run of runs) assert.equal(run.areas, 542);
  await record(
    'demo-first-map.json',
    'demo/index.html',
    runs.map(({ firstMap }) => ({ firstMap })),
  );
});

test('the editor offers its tools on the 542 Planungsräume, then their residents and findings; the times go to editor-start.json', async () => {
  const { runs, problems } = await timed('demo/editor.html', 5, (page) =>
    page.evaluate(async () => {
      await customElements.whenDefined('sozialraum-editor');
      type Editor = HTMLElement & {
        ready: Promise<void>;
        checked: Promise<void>;
        session?: { topology: { areas: unknown[] } };
        population?: Map<string, number>;
      };
      const editor = document.querySelector('sozialraum-editor') as Editor;
      await editor.ready;
      const ready = performance.now();
      const tools = editor.shadowRoot!.querySelectorAll('[part="toolbar"] button[data-tool]:not([disabled])').length;
      const areas = editor.session?.topology.areas.length ?? 0;
      await editor.checked;
      return { ready, checked: performance.now(), tools, areas, residents: editor.population?.size ?? 0 };
    }),
  );
  assert.deepEqual(problems, []);
  for (const run of runs) {
    assert.equal(run.tools, 8, 'every tool is offered when the editor is ready');
    assert.equal(run.areas, 542);
    assert.equal(run.residents, 542, 'every area has its residents once checked');
  }
  await record(
    'editor-start.json',
    'demo/editor.html',
    runs.map(({ ready, checked }) => ({ ready, checked })),
  );
});

test('the levels page draws the 12 Bezirke it asks for; the time goes to levels-first-level.json', async () => {
  const { runs, problems } = await timed('demo/levels.html', 5, (page) =>
    page.evaluate(async () => {
      await customElements.whenDefined('sozialraum-map');
      const map = document.querySelector('sozialraum-map') as HTMLElement & {
        ready: Promise<void>;
        olMap: { getAllLayers(): { get(key: string): unknown; getSource(): { getFeatures(): { getId(): unknown }[] } }[] };
      };
      // The map is ready once the level it asks for is drawn.
      await map.ready;
      const drawn = performance.now();
      const layer = map.olMap.getAllLayers().find((candidate) => candidate.get('name') === 'sozialraum-areas');
      const ids = (layer?.getSource().getFeatures() ?? []).map((feature) => String(feature.getId())).sort();
      return { bezirke: drawn, count: ids.length, first: Number(ids[0]), last: Number(ids.at(-1)) };
    }),
  );
  assert.deepEqual(problems, []);
  for (const run of runs) assert.deepEqual([run.count, run.first, run.last], [12, 1, 12]);
  await record(
    'levels-first-level.json',
    'demo/levels.html',
    runs.map(({ bezirke }) => ({ bezirke })),
  );
});
