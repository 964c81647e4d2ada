import { chromium } from 'playwright-core';
import { serve } from './scripts/serve.mjs';
const { server, url } = await serve({ port: 0 });
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
const problems = [];
page.on('pageerror', (e) => problems.push(e.message));
page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
const which = process.argv[2] ?? 'flensburg';
if (which === 'flensburg') {
  await page.goto(`${url}demo/flensburg.html`);
  await page.waitForFunction(() => document.querySelector('sozialraum-profile-card')?.shadowRoot?.querySelector('h2'), undefined, { timeout: 30000 });
  await page.waitForTimeout(500);
  await page.screenshot({ path: '/tmp/flensburg.png', fullPage: true });
} else {
  await page.goto(`${url}demo/`);
  await page.evaluate(() => document.querySelector('sozialraum-map').ready);
  await page.waitForFunction(() => document.querySelector('sozialraum-legend')?.shadowRoot?.querySelector('[part="classes"]'), undefined, { timeout: 30000 });
  await page.evaluate(() => { document.querySelector('sozialraum-map').selected = '07601443'; });
  await page.waitForFunction(() => document.querySelector('sozialraum-profile-card')?.shadowRoot?.querySelector('h2'), undefined, { timeout: 60000 });
  await page.waitForTimeout(500);
  await page.screenshot({ path: '/tmp/berlin.png', fullPage: false });
}
console.log(problems);
await browser.close();
server.close();
