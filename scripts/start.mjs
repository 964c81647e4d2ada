#!/usr/bin/env node
// `npm start`: builds what changed and serves the demo. TypeScript compiles incrementally (tsc -b skips what is up to
// date), the bundle is rebuilt only when a compiled module, a theme or the rollup configuration is newer than it, and
// OpenLayers' stylesheet is regenerated only when missing or older than ol.css. The full build with the clean
// compile, the element manifest and the size report is `npm run build` (run by `npm test`), not a start step.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, sep } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { serve } from './serve.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const started = performance.now();

function run(command, args) {
  const result = spawnSync(command, args, { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

const modified = (path) => (existsSync(path) ? statSync(path).mtimeMs : -Infinity);

/** The newest modification time of the files under `folder` whose names pass `keep`. */
function newest(folder, keep = () => true) {
  let latest = -Infinity;
  if (!existsSync(folder)) return latest;
  for (const entry of readdirSync(folder, { withFileTypes: true, recursive: true })) {
    const path = join(entry.parentPath ?? entry.path, entry.name);
    if (!entry.isFile() || !keep(path)) continue;
    latest = Math.max(latest, statSync(path).mtimeMs);
  }
  return latest;
}

const olCss = createRequire(import.meta.url).resolve('ol/ol.css');
const generated = join(ROOT, 'packages/map/src/generated/ol-css.ts');
if (modified(generated) < modified(olCss)) run(process.execPath, [join(ROOT, 'scripts/generate-ol-css.mjs')]);

run(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-b']);

const bundle = join(ROOT, 'dist/sozialraum.js');
const packages = join(ROOT, 'packages');
const inputs = Math.max(
  ...readdirSync(packages).map((name) =>
    newest(join(packages, name, 'dist'), (file) => file.endsWith('.js') && !file.includes('.test.') && !file.includes(`${sep}test${sep}`)),
  ),
  newest(join(ROOT, 'themes')),
  modified(join(ROOT, 'rollup.config.mjs')),
  modified(join(ROOT, 'package-lock.json')),
);
if (inputs > modified(bundle)) run(process.execPath, [join(ROOT, 'node_modules/rollup/dist/bin/rollup'), '-c']);
else console.log('dist/ is up to date: the bundle is not rebuilt');

const port = Number(process.env.PORT ?? 8000);
const { url } = await serve({ port });
console.log(`Built in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
console.log(`Sozialraum demo: ${url}demo/`);
console.log('Press Ctrl+C to stop.');
