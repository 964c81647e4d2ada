// The editor after a crash: Chromium with a profile on disk is killed (SIGKILL, no chance to clean up) 0 to 800 ms
// after the last of N steps on the 542 Berlin Planungsräume, started again on the same profile, and the work
// restored. The restored history and areas must agree, every step whose transaction had committed before the kill
// must be there, undo must lead back to the areas as loaded, and what was lost is said in words.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { serve } from '#scripts/serve.mjs';
import { chromiumArgs, chromiumPath } from '#scripts/chromium.mjs';
import { doSteps, openEditor, restoreAndCheck, saveStatus, type StepKind } from './editor-session.js';

const output = fileURLToPath(new URL('../../output/', import.meta.url));
const DELAYS = [0, 50, 100, 200, 400, 800];
const KINDS: [StepKind, number][] = [
  ['rename', 10],
  ['split', 4],
  ['merge', 6],
  ['vertex', 6],
  ['mixed', 8],
];

let server: { close(): void };
let base: string;
const results: Record<string, unknown>[] = [];

before(async () => {
  const served = await serve();
  server = served.server;
  base = served.url;
  await mkdir(output, { recursive: true });
});

after(async () => {
  server?.close();
  await writeFile(`${output}editor-crash.json`, JSON.stringify(results, null, 2));
});

/** Chromium started by hand (not by Playwright), so that its process can be killed; Playwright attaches over CDP. */
async function launch(profile: string): Promise<{ process: ChildProcess; browser: Browser; page: Page }> {
  const child = spawn(chromiumPath(), [...chromiumArgs, '--headless', `--user-data-dir=${profile}`, '--remote-debugging-port=0', 'about:blank'], {
    detached: true,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const endpoint = await new Promise<string>((resolve, reject) => {
    let text = '';
    const timer = setTimeout(() => reject(new Error(`Chromium did not start: ${text}`)), 30_000);
    child.stderr!.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      const match = /DevTools listening on (ws:\/\/\S+)/.exec(text);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    child.once('exit', () => reject(new Error(`Chromium exited: ${text}`)));
  });
  const browser = await chromium.connectOverCDP(endpoint);
  const context = browser.contexts()[0]!;
  const page = context.pages()[0] ?? (await context.newPage());
  await page.setViewportSize({ width: 1280, height: 900 });
  return { process: child, browser, page };
}

/** SIGKILL to Chromium's whole process group: the browser, its renderers and its storage service die at once. */
async function kill(child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  process.kill(-child.pid!, 'SIGKILL');
  await exited;
}

async function close(child: ChildProcess, browser: Browser): Promise<void> {
  await browser.close().catch(() => undefined);
  if (child.exitCode === null) await kill(child).catch(() => undefined);
}

const only = process.env.EDITOR_CRASH_ONLY;

for (const [kind, count] of KINDS) {
  test(`${kind}: ${count} steps, Chromium killed ${DELAYS.join(', ')} ms after the last`, { skip: only !== undefined && only !== kind }, async () => {
    for (const delay of DELAYS) {
      const profile = await mkdtemp(join(tmpdir(), 'sozialraum-crash-'));
      const key = `crash-${kind}-${delay}`;
      try {
        let { process: child, browser, page } = await launch(profile);
        await openEditor(page, base, key);
        const { labels, status: right } = await doSteps(page, kind, count, delay + 1);
        let committed = right.committed;
        if (delay > 0) {
          await new Promise((resolve) => setTimeout(resolve, delay));
          committed = (await saveStatus(page)).committed;
        }
        await kill(child);

        ({ process: child, browser, page } = await launch(profile));
        await openEditor(page, base, key);
        const check = await restoreAndCheck(page);
        const status = await saveStatus(page);
        await close(child, browser);

        const restored = check.history.length;
        const lost = count - restored;
        const words =
          lost === 0
            ? `${kind}, killed ${delay} ms after the last of ${count} steps: all ${count} restored`
            : `${kind}, killed ${delay} ms after the last of ${count} steps: ${restored} restored, ${lost} lost (their transactions had not committed; ${committed} had been reported committed)`;
        console.log(words);
        results.push({ kind, delay, steps: count, committedBeforeKill: committed, restored, lost, report: words, ...check, history: undefined });
        assert.equal(check.historyMatchesAreas, true, `${words}: the restored areas are not those of the restored history`);
        assert.equal(check.undoReachesLoaded, true, `${words}: undoing every restored step does not give the areas as loaded`);
        assert.ok(restored >= committed, `${words}: ${committed} steps had committed, only ${restored} came back`);
        assert.deepEqual(check.history, labels.slice(0, restored), `${words}: the restored history is not the first ${restored} steps`);
        assert.equal(check.prompt, restored > 0, `${words}: a restore prompt ${check.prompt ? 'without' : 'missing for'} saved steps`);
        assert.equal(status.editing, true);
      } finally {
        await rm(profile, { recursive: true, force: true });
      }
    }
  });
}
