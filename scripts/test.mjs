#!/usr/bin/env node
// `npm test`: Node's test runner for core, CLI and the end-to-end tests, then @web/test-runner for the elements
// in Chromium; ends with one line "N passed, N failed" over both.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ensureChromium } from './ensure-chromium.mjs';

const RESULTS = '.test-results';
rmSync(RESULTS, { recursive: true, force: true });
mkdirSync(RESULTS, { recursive: true });

function testFiles(directory) {
  if (!existsSync(directory)) return [];
  return readdirSync(directory, { recursive: true })
    .map(String)
    .filter((name) => name.endsWith('.test.js'))
    .sort()
    .map((name) => join(directory, name));
}

const hasChromium = ensureChromium();
const nodeFiles = [...testFiles('packages/core/dist/test'), ...testFiles('packages/map/dist/test'), ...testFiles('packages/cli/dist/test'), ...(hasChromium ? testFiles('test/dist') : [])];
const node = spawnSync(
  process.execPath,
  ['--test', '--test-reporter=spec', '--test-reporter-destination=stdout', '--test-reporter=tap', `--test-reporter-destination=${RESULTS}/node.tap`, ...nodeFiles],
  { stdio: 'inherit' },
);
const tap = existsSync(`${RESULTS}/node.tap`) ? readFileSync(`${RESULTS}/node.tap`, 'utf8') : '';
const count = (label) => Number(new RegExp(`^# ${label} (\\d+)$`, 'm').exec(tap)?.[1] ?? 0);
let passed = count('pass');
let failed = count('fail') + count('cancelled') + (node.status !== 0 && count('fail') === 0 ? 1 : 0);

if (hasChromium) {
  const browser = spawnSync(process.execPath, ['node_modules/@web/test-runner/dist/bin.js', '--config', 'web-test-runner.config.mjs'], { stdio: 'inherit' });
  const file = `${RESULTS}/browser.json`;
  const counts = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : { passed: 0, failed: 1 };
  passed += counts.passed;
  failed += counts.failed + (browser.status !== 0 && counts.failed === 0 ? 1 : 0);
} else {
  failed += 1;
  console.error('The browser tests did not run: Chromium is missing.');
}

console.log(`\n${passed} passed, ${failed} failed`);
process.exitCode = failed > 0 ? 1 : 0;
