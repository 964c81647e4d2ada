#!/usr/bin/env node
// Makes sure Debian's Chromium is there for the browser tests: installs the `chromium` package when running as
// root, and otherwise says in one line what to install. Browser downloads (npx playwright install) are not used.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chromiumPath } from './chromium.mjs';

export function ensureChromium() {
  if (existsSync(chromiumPath())) return true;
  if (process.getuid?.() !== 0) {
    console.error('Chromium is missing: install Debian\'s package with `sudo apt-get install chromium` (or set CHROMIUM_PATH).');
    return false;
  }
  console.log('Installing Debian\'s chromium package for the browser tests …');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'chromium', 'fonts-dejavu-core'], { stdio: 'inherit', env });
  return existsSync(chromiumPath());
}

if (import.meta.url === `file://${process.argv[1]}`) process.exitCode = ensureChromium() ? 0 : 1;
