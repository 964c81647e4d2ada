// The worker bundle holds every task the worker package registers. A task module registers itself when imported
// (a side effect); one left out of the package's "sideEffects" is dropped by rollup, and the pool then fails with
// an unknown task only in the built page, never in the package's own tests.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, readdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const root = (relative: string) => fileURLToPath(new URL(`../../../${relative}`, import.meta.url));

test('every task registered in packages/worker/src is in dist/sozialraum-worker.js', async () => {
  const sources = (await readdir(root('packages/worker/src'))).filter((name) => name.endsWith('.ts') && !name.includes('.test.'));
  const registered: string[] = [];
  for (const name of sources) {
    const text = await readFile(root(`packages/worker/src/${name}`), 'utf8');
    for (const match of text.matchAll(/registerTask\(\s*'([^']+)'/g)) registered.push(match[1]!);
  }
  assert.ok(registered.includes('read-table') && registered.length >= 6, `tasks found in the source: ${registered.join(', ')}`);
  const bundle = await readFile(root('dist/sozialraum-worker.js'), 'utf8');
  // Minified, registerTask has another name, the same for every task: each name is its first argument.
  const registrars = new Set<string>();
  const missing: string[] = [];
  for (const task of registered) {
    const call = new RegExp(`([\\w$]+)\\(\\s*["'\`]${task}["'\`]\\s*,`).exec(bundle);
    if (call) registrars.add(call[1]!);
    else missing.push(task);
  }
  assert.deepEqual(missing, [], 'tasks missing from the worker bundle');
  assert.equal(registrars.size, 1, `every task registered by one function: ${[...registrars].join(', ')}`);
});
