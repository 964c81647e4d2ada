// Two tabs on the same storage key: the first edits, the second shows the work read-only and follows every step,
// "continue here" hands editing over without losing a step, and discarding never deletes what another tab holds; also
// when the second tab opens while the first still checks its areas in the worker and goes on editing meanwhile.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import { startHarness, type Harness } from './harness.js';
import { doSteps, openEditor, pageUrl, saveStatus } from './editor-session.js';

const output = fileURLToPath(new URL('../../output/', import.meta.url));
let harness: Harness;
let context: BrowserContext;

before(async () => {
  harness = await startHarness();
  context = await harness.browser.newContext({ viewport: { width: 1280, height: 900 } });
  await mkdir(output, { recursive: true });
});

after(async () => {
  await harness?.close();
});

const history = (page: Page) =>
  page.evaluate(() => (document.querySelector('sozialraum-editor') as unknown as { session: { history: string[] } }).session.history);
const shadowText = (page: Page, selector: string) =>
  page.evaluate((selector) => document.querySelector('sozialraum-editor')!.shadowRoot!.querySelector(selector)?.textContent?.trim() ?? null, selector);
const areasJson = (page: Page) =>
  page.evaluate(() => JSON.stringify((document.querySelector('sozialraum-editor') as unknown as { toFeatureCollection(): unknown }).toFeatureCollection()));

async function until(page: Page, what: string, condition: () => Promise<boolean>, timeout = 30_000): Promise<void> {
  const started = Date.now();
  while (!(await condition())) {
    if (Date.now() - started > timeout) throw new Error(`timed out waiting for ${what}`);
    await page.waitForTimeout(100);
  }
}

test('a second tab follows read-only and takes over with "continue here" without losing a step', async () => {
  const key = `tabs-${Date.now()}`;
  const first = await context.newPage();
  await openEditor(first, harness.base, key);
  const done = await doSteps(first, 'mixed', 4);
  assert.equal((await saveStatus(first)).editing, true);

  const second = await context.newPage();
  await openEditor(second, harness.base, key);
  const status = await saveStatus(second);
  assert.equal(status.editing, false, 'the second tab does not edit');
  assert.match((await shadowText(second, '.read-only p')) ?? '', /in einem anderen Tab geöffnet/);
  assert.equal(await shadowText(second, '.restore-button'), null, 'no restore or discard while another tab holds the work');
  assert.equal(await shadowText(second, '.discard-button'), null);
  await until(second, 'the second tab to show the first tab’s steps', async () => (await history(second)).length === done.labels.length);
  assert.deepEqual(await history(second), done.labels);
  assert.equal(
    await second.evaluate(() =>
      (document.querySelector('sozialraum-editor') as unknown as { step(r: unknown): boolean }).step({ operation: 'rename', key: '01100101', name: 'X' }),
    ),
    false,
    'a read-only tab refuses steps',
  );

  // Steps in the first tab appear in the second as they happen.
  const more = await doSteps(first, 'rename', 2, 7);
  await until(second, 'the second tab to follow', async () => (await history(second)).length === 6);
  assert.deepEqual(await history(second), [...done.labels, ...more.labels]);
  assert.equal(await areasJson(second), await areasJson(first));
  await second.screenshot({ path: `${output}editor-read-only.png` });

  // Continue here: the first tab saves what it has, lets go, and turns read-only; the second reads every step and edits.
  await second.evaluate(() => document.querySelector('sozialraum-editor')!.shadowRoot!.querySelector<HTMLButtonElement>('.continue-here')!.click());
  await until(second, 'the handover', async () => (await saveStatus(second)).editing);
  await until(first, 'the first tab to be read-only', async () => !(await saveStatus(first)).editing);
  assert.deepEqual(await history(second), [...done.labels, ...more.labels]);
  assert.match((await shadowText(first, '.read-only p')) ?? '', /anderen Tab/);
  const last = await doSteps(second, 'merge', 1, 3);
  await until(first, 'the first tab to follow the second', async () => (await history(first)).length === 7);
  assert.equal(await areasJson(first), await areasJson(second));
  await second.evaluate(async () => (document.querySelector('sozialraum-editor') as unknown as { saved: Promise<void> }).saved);

  // Both closed: the next tab offers all seven steps.
  await first.close();
  await second.close();
  const third = await context.newPage();
  await openEditor(third, harness.base, key);
  assert.match((await shadowText(third, '#restore-text')) ?? '', /7 Schritte/);
  await third.evaluate(() => document.querySelector('sozialraum-editor')!.shadowRoot!.querySelector<HTMLButtonElement>('.restore-button')!.click());
  await until(third, 'the restore', async () => (await history(third)).length === 7);
  assert.deepEqual(await history(third), [...done.labels, ...more.labels, ...last.labels]);
  await third.close();
});

test('discarding asks, and deletes only the work of the tab that holds it; the tab following it shows the areas as loaded', async () => {
  const key = `discard-${Date.now()}`;
  const first = await context.newPage();
  await openEditor(first, harness.base, key);
  const loaded = await areasJson(first);
  await doSteps(first, 'rename', 3);
  await first.evaluate(async () => (document.querySelector('sozialraum-editor') as unknown as { saved: Promise<void> }).saved);
  await first.close();

  const holder = await context.newPage();
  await openEditor(holder, harness.base, key);
  const follower = await context.newPage();
  await openEditor(follower, harness.base, key);
  assert.equal(await shadowText(follower, '.discard-button'), null, 'a read-only tab cannot discard');
  assert.equal(await shadowText(holder, '.discard-button'), 'Verwerfen');

  await holder.evaluate(() => document.querySelector('sozialraum-editor')!.shadowRoot!.querySelector<HTMLButtonElement>('.discard-button')!.click());
  assert.match((await shadowText(holder, '.discard-ask')) ?? '', /3 Schritte, 0 Fassungen und 0 Kommentare gehen verloren/);
  // Keeping it changes nothing.
  await holder.evaluate(() => document.querySelector('sozialraum-editor')!.shadowRoot!.querySelector<HTMLButtonElement>('.discard-keep')!.click());
  assert.notEqual(await shadowText(holder, '.restore-button'), null);
  await holder.evaluate(() => document.querySelector('sozialraum-editor')!.shadowRoot!.querySelector<HTMLButtonElement>('.discard-button')!.click());
  await holder.evaluate(() => document.querySelector('sozialraum-editor')!.shadowRoot!.querySelector<HTMLButtonElement>('.discard-confirm')!.click());
  await holder.evaluate(async () => (document.querySelector('sozialraum-editor') as unknown as { saved: Promise<void> }).saved);
  assert.equal(await areasJson(holder), loaded);
  await until(follower, 'the follower to show the areas as loaded', async () => (await areasJson(follower)) === loaded);
  await holder.close();
  await follower.close();

  const next = await context.newPage();
  await openEditor(next, harness.base, key);
  assert.equal(await shadowText(next, '.restore-button'), null, 'discarded work is not offered again');
  await next.close();
});

test('a tab opened while the first still checks its areas, reading the session while the first edits on, follows every step read-only and takes over without losing one', async () => {
  const key = `checking-${Date.now()}`;
  const first = await context.newPage();
  // With the grid, the first check waits for the residents of every area and then checks all 542 in the worker.
  await openEditor(first, harness.base, key, { grid: true });
  await first.evaluate(() => {
    const editor = document.querySelector('sozialraum-editor') as unknown as { checked: Promise<void> };
    const flags = window as unknown as { checkedAt?: number };
    void editor.checked.then(() => (flags.checkedAt = performance.now()));
  });
  const labels = [...(await doSteps(first, 'mixed', 2)).labels];
  assert.equal(await first.evaluate(() => (window as unknown as { checkedAt?: number }).checkedAt), undefined, 'the first tab still checks');

  // The second tab opens while the first checks, and the first goes on editing while the second reads the session:
  // a step is announced after the second tab began to read and before the read is done. IndexedDB takes its time
  // here, as when a long write (a large snapshot) is under way: a transaction of the first tab holds the store.
  await first.evaluate(
    () =>
      new Promise<void>((resolve, reject) => {
        const request = indexedDB.open('sozialraum-editor');
        request.onerror = () => reject(request.error);
        request.onsuccess = () => {
          const store = request.result.transaction(['steps'], 'readwrite').objectStore('steps');
          const flags = window as unknown as { holding: boolean };
          flags.holding = true;
          const hold = () => {
            if (flags.holding) store.count().onsuccess = hold;
          };
          hold();
          resolve();
        };
      }),
  );
  const second = await context.newPage();
  await second.goto(pageUrl(harness.base, key, { grid: true }));
  await second.waitForFunction(() => performance.getEntriesByName('sozialraum-editor session read start').length > 0, undefined, { polling: 10 });
  labels.push(...(await doSteps(first, 'rename', 1, 11)).labels);
  await first.waitForTimeout(300);
  await first.evaluate(() => ((window as unknown as { holding: boolean }).holding = false));
  await second.evaluate(async () => (document.querySelector('sozialraum-editor') as unknown as { ready: Promise<void> }).ready);
  assert.equal((await saveStatus(second)).editing, false, 'the second tab does not edit');
  assert.match((await shadowText(second, '.read-only p')) ?? '', /in einem anderen Tab geöffnet/);
  assert.equal(await shadowText(second, '.restore-button'), null, 'no restore or discard while another tab holds the work');
  await until(second, 'the second tab to show the step done while it read the session', async () => (await history(second)).length === labels.length, 15_000);
  assert.deepEqual(await history(second), labels);
  assert.equal(await areasJson(second), await areasJson(first));

  // Both checks end, on the same areas.
  for (const page of [first, second])
    await page.evaluate(async () => (document.querySelector('sozialraum-editor') as unknown as { checked: Promise<void> }).checked);
  assert.equal(await areasJson(second), await areasJson(first));
  assert.deepEqual(await history(second), labels);

  // Continue here: every step goes with the handover, and the first tab says that another tab edits now.
  const last = second;
  await last.evaluate(() => document.querySelector('sozialraum-editor')!.shadowRoot!.querySelector<HTMLButtonElement>('.continue-here')!.click());
  await until(last, 'the handover', async () => (await saveStatus(last)).editing);
  await until(first, 'the first tab to be read-only', async () => !(await saveStatus(first)).editing);
  assert.match((await shadowText(first, '.read-only p')) ?? '', /anderen Tab/);
  assert.deepEqual(await history(last), labels);
  labels.push(...(await doSteps(last, 'split', 1, 3)).labels);
  await until(first, 'the first tab to follow the second', async () => (await history(first)).length === labels.length);
  await last.evaluate(async () => (document.querySelector('sozialraum-editor') as unknown as { saved: Promise<void> }).saved);
  await first.close();
  await last.close();

  // Nothing is lost: the next tab offers every step of both.
  const third = await context.newPage();
  await openEditor(third, harness.base, key);
  await third.evaluate(() => document.querySelector('sozialraum-editor')!.shadowRoot!.querySelector<HTMLButtonElement>('.restore-button')!.click());
  await until(third, 'the restore', async () => (await history(third)).length === labels.length);
  assert.deepEqual(await history(third), labels);
  await third.close();
});
