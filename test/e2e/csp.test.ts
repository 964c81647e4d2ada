// Every element under the strict Content-Security-Policy a municipal CMS sends: no inline script or style, no
// eval, no blob: workers, no request to another host. The tests fail on any violation report.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { STRICT_CSP, startHarness, watchedPage, type Harness } from './harness.js';

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
      (window as unknown as { reportViolation: (text: string) => void }).reportViolation(
        `${event.violatedDirective}: ${event.blockedURI} ${event.sourceFile}:${event.lineNumber}`,
      );
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
    return {
      name: root.querySelector('h2')!.textContent,
      charts: root.querySelectorAll('svg[role="img"]').length,
      facilities: root.querySelectorAll('[part="facilities"] tbody tr').length,
    };
  });
  assert.deepEqual(card, { name: 'Schillerpromenade Süd', charts: 3, facilities: 2 });
  for (const [button, file] of [
    [0, 'steckbrief-08100103.png'],
    [1, 'steckbrief-08100103.csv'],
  ] as const) {
    const download = page.waitForEvent('download');
    await page.locator('sozialraum-profile-card').locator('[part="actions"] button').nth(button).click();
    assert.equal((await download).suggestedFilename(), file);
  }
  await page.screenshot({ path: 'test/output/csp.png' });
  assert.deepEqual(violations, []);
  assert.deepEqual(problems, []);
  await page.close();
});

test('the boundary editor loads its runtime and worker, edits, saves to IndexedDB and exports under a strict CSP without a single violation', async () => {
  const { page, problems } = await watchedPage(harness, { width: 1200, height: 900 });
  const violations: string[] = [];
  await page.exposeFunction('reportViolation', (text: string) => violations.push(text));
  const scripts: string[] = [];
  page.on('request', (request) => {
    if (new URL(request.url()).pathname.endsWith('.js')) scripts.push(request.url().slice(harness.base.length));
  });
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      (window as unknown as { reportViolation: (text: string) => void }).reportViolation(
        `${event.violatedDirective}: ${event.blockedURI} ${event.sourceFile}:${event.lineNumber}`,
      );
    });
  });
  type Editor = HTMLElement & { ready: Promise<void>; checked: Promise<void>; saved: Promise<void>; tool: string; population: Map<string, number> | undefined };
  const editorState = () =>
    page.evaluate(async () => {
      const editor = document.querySelector('sozialraum-editor') as Editor;
      await editor.checked;
      const root = editor.shadowRoot!;
      const text = (element: Element | null) => element?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
      return {
        tools: [...root.querySelectorAll('[part="toolbar"] button[data-tool]')].map(text),
        residents: [...(editor.population ?? new Map<string, number>()).values()].reduce((sum, value) => sum + value, 0),
        marks: text(root.querySelector('[part="marks"] h3')),
        live: [...root.querySelectorAll('[part="live"] tbody tr')].map((row) => [...row.children].map(text)),
        restore: text(root.querySelector('[part="restore"] p')),
      };
    });

  await page.goto(`${harness.base}test/pages/csp-editor.html`);
  const loaded = await editorState();
  assert.deepEqual(loaded.tools, ['Auswählen', 'Teilen', 'Zusammenlegen', 'Punkt verschieben', 'An Barriere legen', 'Neues Gebiet', 'Umbenennen', 'Kommentar']);
  // The residents of all areas from the Zensus grid, read in the worker: the city total of the grid.
  assert.ok(Math.abs(loaded.residents / 3_291_589 - 1) < 0.001, `total ${loaded.residents}`);
  assert.equal(loaded.marks, 'Auffällige Größen (13 unter 1.000, 214 weit von 5.000)');

  // Merge Schillerpromenade Süd with Wartheplatz through the panel: the live table shows the residents of both.
  await page.evaluate(async () => {
    (document.querySelector('sozialraum-map') as HTMLElement & { selected: string | null }).selected = '08100103';
    const editor = document.querySelector('sozialraum-editor') as Editor & { updateComplete: Promise<boolean> };
    editor.tool = 'merge';
    await editor.updateComplete;
  });
  const editor = page.locator('sozialraum-editor');
  await editor.locator('input[name="merge"][value="08100104"]').check();
  await editor.locator('.merge-button').click();
  await page.waitForFunction(() => document.querySelector('sozialraum-editor')!.shadowRoot!.querySelector('[part="live"] tbody tr[data-key="08100104"]'));
  const merged = await editorState();
  // The merge keeps the key and name of the larger area, Wartheplatz (551,185 m² against 479,077 m²).
  const row = merged.live.find((cells) => cells[0]!.startsWith('Wartheplatz (08100104)'));
  assert.equal(row?.[1], '12.192 (weit von 5.000)');
  assert.match(row?.[2] ?? '', /^\+\d/);
  assert.ok(
    merged.live.some((cells) => cells[0] === '08100103 (08100103)'),
    'the merged-away area is listed as gone',
  );
  assert.ok(Math.abs(merged.residents - loaded.residents) < 1, 'a merge keeps every resident');

  // Both exports are blob: downloads; the FlatGeobuf writer is a file of its own, loaded now.
  for (const [button, file] of [
    ['.export-geojson', 'csp-editor-bearbeitet.geojson'],
    ['.export-fgb', 'csp-editor-bearbeitet.fgb'],
  ] as const) {
    const download = page.waitForEvent('download');
    await editor.locator(button).click();
    assert.equal((await download).suggestedFilename(), file);
  }
  assert.deepEqual([...new Set(scripts)].sort(), [
    'dist/sozialraum-editor-runtime.js',
    'dist/sozialraum-faces.js',
    'dist/sozialraum-flatgeobuf-writer.js',
    'dist/sozialraum-geometry.js',
    'dist/sozialraum-index.js',
    'dist/sozialraum-inside.js',
    'dist/sozialraum-paint.js',
    'dist/sozialraum-spatial.js',
    'dist/sozialraum-worker.js',
    'dist/sozialraum.js',
  ]);
  await page.screenshot({ path: 'test/output/csp-editor.png' });

  // The step is in IndexedDB: opened again, the page offers to restore it.
  await page.evaluate(() => (document.querySelector('sozialraum-editor') as Editor).saved);
  await page.reload();
  await page.waitForFunction(() => document.querySelector('sozialraum-editor')?.shadowRoot?.querySelector('[part="restore"]'), undefined, { timeout: 30_000 });
  assert.match((await editorState()).restore, /1 Schritt/);
  assert.deepEqual(violations, []);
  assert.deepEqual(problems, []);
  await page.close();
});
