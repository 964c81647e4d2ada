// Every element under the strict Content-Security-Policy a municipal CMS sends: no inline script or style, no
// eval, no blob: workers, no request to another host. The test fails on any violation report.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { chromium, type Browser } from 'playwright-core';
import { serve } from '#scripts/serve.mjs';
import { chromiumArgs, chromiumPath } from '#scripts/chromium.mjs';

/** The policy documented in the README ("Embedding in a CMS"); widen it only for a documented need. */
export const STRICT_CSP = "default-src 'self'; script-src 'self'; worker-src 'self'; style-src 'self'; img-src 'self' data:";

let browser: Browser;
let base: string;
let close: () => void;

before(async () => {
  const { server, url } = await serve({ headers: { 'content-security-policy': STRICT_CSP } });
  base = url;
  close = () => server.close();
  browser = await chromium.launch({ executablePath: chromiumPath(), args: chromiumArgs });
});

after(async () => {
  await browser?.close();
  close?.();
});

test('map, choropleth, legend and table work under a strict CSP without a single violation', async () => {
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  const violations: string[] = [];
  const errors: string[] = [];
  const foreign: string[] = [];
  await page.exposeFunction('reportViolation', (text: string) => violations.push(text));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      (window as unknown as { reportViolation: (text: string) => void }).reportViolation(`${event.violatedDirective}: ${event.blockedURI} ${event.sourceFile}:${event.lineNumber}`);
    });
  });
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('request', (request) => {
    if (!request.url().startsWith(base) && !request.url().startsWith('data:')) foreign.push(request.url());
  });
  await page.goto(`${base}test/pages/csp.html`);
  await page.evaluate(() => (document.querySelector('sozialraum-map') as HTMLElement & { ready: Promise<void> }).ready);
  await page.waitForFunction(() => document.querySelector('sozialraum-legend')?.shadowRoot?.querySelector('[part="classes"]'));
  const state = await page.evaluate(() => ({
    rows: document.querySelector('sozialraum-table')!.shadowRoot!.querySelectorAll('tbody tr').length,
    classes: document.querySelector('sozialraum-legend')!.shadowRoot!.querySelectorAll('[part="classes"] li').length,
    adopted: document.querySelector('sozialraum-map')!.shadowRoot!.adoptedStyleSheets.length,
  }));
  assert.equal(state.rows, 542);
  assert.equal(state.classes, 5);
  assert.ok(state.adopted > 0, 'the element styles are adopted stylesheets, which style-src self allows');
  // Pointer and keyboard still work: hover shows the tooltip, whose text is set as text.
  const box = (await page.locator('sozialraum-map').boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + 240);
  await page.waitForTimeout(200);
  await page.screenshot({ path: 'test/output/csp.png' });
  assert.deepEqual(violations, []);
  assert.deepEqual(errors, []);
  assert.deepEqual(foreign, []);
  await page.close();
});
