// The editor with a full storage quota (Chrome DevTools Protocol, Storage.overrideQuotaForOrigin): it goes on in
// memory, says in the page's language why saving failed, stops claiming that the work is saved, offers the GeoJSON
// export at once, and warns before the page is left while steps are unsaved.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { startHarness, watchedPage, type Harness } from './harness.js';
import { doSteps, openEditor, saveStatus } from './editor-session.js';

const output = fileURLToPath(new URL('../../output/', import.meta.url));
let harness: Harness;

before(async () => {
  harness = await startHarness();
  await mkdir(output, { recursive: true });
});

after(async () => {
  await harness?.close();
});

test('with the quota forced to 200 kB the editor keeps working, says why in German, offers the export and warns on leaving', async () => {
  const { page, problems } = await watchedPage(harness);
  // Leaving the page with unsaved steps asks first; the test leaves anyway.
  page.on('dialog', (dialog) => void dialog.accept());
  const cdp = await page.context().newCDPSession(page);
  const origin = new URL(harness.base).origin;
  await cdp.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: 200_000 });
  const key = `quota-${Date.now()}`;
  await openEditor(page, harness.base, key);
  const { labels } = await doSteps(page, 'mixed', 4);
  await page.evaluate(async () => (document.querySelector('sozialraum-editor') as unknown as { saved: Promise<void> }).saved);
  const status = await saveStatus(page);
  assert.equal(status.state, 'not-saved');
  assert.equal(status.steps, 4);
  // A small step may commit while the large snapshot is refused; without the snapshot it restores nothing, so it does
  // not count as saved.
  assert.equal(status.committed, 0);
  const shown = await page.evaluate(() => {
    const root = document.querySelector('sozialraum-editor')!.shadowRoot!;
    return {
      indicator: root.querySelector('.save-state')?.textContent?.trim(),
      alert: root.querySelector('[role="alert"]')?.textContent?.replace(/\s+/g, ' ').trim(),
      note: root.querySelector('.panel > .note')?.textContent?.trim(),
      history: root.querySelectorAll('.history li').length,
    };
  });
  assert.equal(shown.indicator, 'Nicht gespeichert');
  assert.match(shown.alert ?? '', /Der Speicherplatz, den der Browser dieser Seite gibt, ist voll \(Meldung des Browsers: .+\)/);
  assert.match(shown.alert ?? '', /4 Schritte sind nicht gespeichert/);
  assert.doesNotMatch(shown.note ?? '', /wird sofort im Browser gespeichert/, 'no claim that the work is saved');
  assert.equal(shown.history, labels.length + 1, 'the steps are done in memory');
  await page.screenshot({ path: `${output}editor-quota.png` });

  // The export is offered at once and holds the edited areas.
  const download = page.waitForEvent('download');
  await page.evaluate(() => document.querySelector('sozialraum-editor')!.shadowRoot!.querySelector<HTMLButtonElement>('.export-now')!.click());
  const file = await (await download).path();
  const collection = JSON.parse(await readFile(file, 'utf8')) as { features: { properties: Record<string, unknown> }[] };
  const current = await page.evaluate(
    () => (document.querySelector('sozialraum-editor') as unknown as { toFeatureCollection(): { features: unknown[] } }).toFeatureCollection().features.length,
  );
  assert.equal(collection.features.length, current);

  // Leaving asks first while steps are unsaved.
  const warned = await page.evaluate(() => {
    const event = new Event('beforeunload', { cancelable: true });
    dispatchEvent(event);
    return event.defaultPrevented;
  });
  assert.equal(warned, true, 'beforeunload is cancelled while steps are unsaved');
  assert.deepEqual(
    problems.filter((problem) => !/Quota|quota/.test(problem)),
    [],
  );

  // With room again, the page offers nothing it never saved, and saving works from the start.
  await cdp.send('Storage.overrideQuotaForOrigin', { origin });
  await openEditor(page, harness.base, key);
  assert.equal(await page.evaluate(() => document.querySelector('sozialraum-editor')!.shadowRoot!.querySelector('.restore-button')), null);
  await doSteps(page, 'rename', 1);
  await page.evaluate(async () => (document.querySelector('sozialraum-editor') as unknown as { saved: Promise<void> }).saved);
  assert.equal((await saveStatus(page)).state, 'saved');
  await page.close();
});
