#!/usr/bin/env node
// `npm run lint`: ESLint (typescript-eslint) and Prettier over the TypeScript of every package and the end-to-end
// tests; `npm run format` (--fix) rewrites what they can. Both live in tools/lint with their own lockfile, installed
// here on first use, because typescript-eslint needs the TypeScript 5 API that the toolkit's compiler (7) lacks.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const TOOLS = 'tools/lint';
const fix = process.argv.includes('--fix');
const FILES = ['packages/*/src/**/*.ts', 'packages/*/test/**/*.ts', 'test/e2e/**/*.ts'];

function run(command, args) {
  const result = spawnSync(command, args, { stdio: 'inherit' });
  return result.status ?? 1;
}

if (!existsSync(`${TOOLS}/node_modules/.bin/eslint`)) {
  const installed = run('npm', ['ci', '--prefix', TOOLS, '--no-audit', '--no-fund']);
  if (installed !== 0) process.exit(installed);
}
const eslint = run(`${TOOLS}/node_modules/.bin/eslint`, ['-c', 'eslint.config.mjs', ...(fix ? ['--fix'] : []), ...FILES]);
const prettier = run(`${TOOLS}/node_modules/.bin/prettier`, [fix ? '--write' : '--check', '--log-level', 'warn', ...FILES]);
if (eslint === 0 && prettier === 0) console.log('lint: ESLint and Prettier found nothing');
process.exitCode = eslint || prettier;
