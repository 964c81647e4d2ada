// What each element requests. Every attribute of every element that can hold text is set, one at a time, to a
// protocol-relative URL on another host, and the requests Chromium sends are compared with the table in the README
// ("What the elements request"): an attribute requests a URL exactly when the README lists it. A data: URL is read
// as well, and the README's connect-src 'self' keeps both from leaving the page.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { STRICT_CSP, startHarness, type Harness } from './harness.js';

const TAGS = [
  'sozialraum-map',
  'sozialraum-choropleth',
  'sozialraum-legend',
  'sozialraum-table',
  'sozialraum-aggregator',
  'sozialraum-profile-card',
  'sozialraum-editor',
];

/** The README's table of requested attributes, as "tag attribute" lines. */
function documentedRequests(): string[] {
  const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
  const start = readme.indexOf('| element | attributes whose URLs it requests |');
  assert.ok(start > 0, 'the README has the table "What the elements request"');
  const rows = readme.slice(start).split('\n').slice(2);
  const lines: string[] = [];
  for (const row of rows) {
    if (!row.startsWith('|')) break;
    const [elements = '', attributes = ''] = row.split('|').slice(1);
    const tags = [...elements.matchAll(/`<([\w-]+)>`/g)].map((match) => match[1]!);
    // Only the attribute names in backticks count; the notes after " – " say how.
    const names = [...attributes.split(' – ')[0]!.matchAll(/`([\w-]+)`/g)].map((match) => match[1]!);
    for (const tag of tags) for (const name of names) lines.push(`${tag} ${name}`);
  }
  return lines.sort();
}

/** The attributes of `tag` that take text: every reactive property with an attribute that is not a number or a flag. */
async function textAttributes(page: Page, tag: string): Promise<string[]> {
  return page.evaluate((name) => {
    type Options = { attribute?: boolean | string; type?: unknown; state?: boolean };
    const element = customElements.get(name) as unknown as { elementProperties: Map<string, Options> };
    return [...element.elementProperties]
      .filter(([, options]) => options.attribute !== false && !options.state && options.type !== Number && options.type !== Boolean)
      .map(([property, options]) => (typeof options.attribute === 'string' ? options.attribute : property.toLowerCase()));
  }, tag);
}

/** Attributes whose value holds URLs inside other text. */
const WRAPPED: Record<string, (url: string) => string> = {
  levels: (url) =>
    JSON.stringify([
      { id: 'fein', label: 'Fein' },
      { id: 'grob', label: 'Grob', areas: url },
    ]),
};

/**
 * Puts a map of the small hostile fixture into the page with `attributes` on `tag` (the map itself or a child), waits
 * until the requests have settled, and removes it again.
 */
async function place(page: Page, tag: string, attributes: Record<string, string>): Promise<void> {
  await page.evaluate(
    async ({ tag, attributes }) => {
      document.body.replaceChildren();
      const map = document.createElement('sozialraum-map');
      map.setAttribute('areas', '../fixtures/hostile/names.geojson');
      map.setAttribute('id-field', 'id');
      map.setAttribute('indicators', '../fixtures/hostile/table.csv');
      const element = tag === 'sozialraum-map' ? map : document.createElement(tag);
      // The aggregator reads its input only when it computes.
      if (tag === 'sozialraum-aggregator') element.setAttribute('auto', '');
      // The card reads facilities and its grid once it has an area to show.
      if (tag === 'sozialraum-profile-card' && !('area-id' in attributes)) element.setAttribute('area-id', 'x1');
      for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
      if (element !== map) map.append(element);
      document.body.append(map);
      await (map as HTMLElement & { ready: Promise<void> }).ready.catch(() => undefined);
      await new Promise((resolve) => setTimeout(resolve, 1500));
      map.remove();
    },
    { tag, attributes },
  );
}

let harness: Harness;

before(async () => {
  harness = await startHarness();
});

after(async () => {
  await harness?.close();
});

test('every element requests the URLs of exactly the attributes the README lists, from any host', async () => {
  const page = await harness.browser.newPage();
  const requested = new Set<string>();
  page.on('request', (request) => {
    const probe = /\/probe\/([\w-]+)\/([\w-]+)/.exec(request.url());
    if (probe) requested.add(`${probe[1]} ${probe[2]}`);
  });
  await page.goto(`${harness.base}test/pages/requests.html`);
  await page.waitForFunction((tags) => tags.every((tag) => customElements.get(tag)), TAGS);
  // Another host than the page's, written protocol-relative: "localhost" where the page is on 127.0.0.1.
  const other = `//localhost:${new URL(harness.base).port}/probe`;
  const tried: string[] = [];
  for (const tag of TAGS) {
    for (const attribute of await textAttributes(page, tag)) {
      tried.push(`${tag} ${attribute}`);
      const url = `${other}/${tag}/${attribute}`;
      await place(page, tag, { [attribute]: WRAPPED[attribute]?.(url) ?? url });
    }
  }
  const documented = documentedRequests();
  // Every documented attribute exists and was tried, so a renamed attribute cannot pass unnoticed.
  assert.deepEqual(
    documented.filter((line) => !tried.includes(line)),
    [],
  );
  assert.deepEqual([...requested].sort(), documented);
  console.log(`${tried.length} attributes tried; requests from ${documented.length}: ${documented.join(', ')}`);
  await page.close();
});

test("a data: URL is read like any other, and connect-src 'self' in the README's policy blocks it and other hosts", async () => {
  const page = await harness.browser.newPage();
  const table = `data:text/csv,${encodeURIComponent('id,EW\nx1,7\nx2,9\n')}`;
  const load = async () =>
    page.evaluate(async (indicators) => {
      document.body.replaceChildren();
      const map = document.createElement('sozialraum-map');
      map.setAttribute('areas', '../fixtures/hostile/names.geojson');
      map.setAttribute('id-field', 'id');
      map.setAttribute('indicators', indicators);
      const outcome = new Promise<string>((resolve) => {
        map.addEventListener('sozialraum-data-load', (event) => {
          const { rows } = (event as CustomEvent<{ rows: number | null }>).detail;
          if (rows) resolve(`${rows} rows`);
        });
        map.addEventListener('sozialraum-error', (event) => resolve(`error ${(event as CustomEvent<{ code: string }>).detail.code}`));
      });
      document.body.append(map);
      return outcome;
    }, table);
  await page.goto(`${harness.base}test/pages/requests.html`);
  assert.equal(await load(), '2 rows');

  // The same page under the README's policy: the data: URL and another host are refused by the browser.
  const strict = await harness.browser.newPage();
  const violations: string[] = [];
  await strict.exposeFunction('reportViolation', (text: string) => violations.push(text));
  await strict.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) =>
      (window as unknown as { reportViolation: (text: string) => void }).reportViolation(`${event.violatedDirective} ${event.blockedURI.slice(0, 5)}`),
    );
  });
  const html = readFileSync(new URL('../../pages/requests.html', import.meta.url), 'utf8');
  await strict.route(`${harness.base}test/pages/requests-strict.html`, (route) =>
    route.fulfill({ body: html, contentType: 'text/html', headers: { 'content-security-policy': STRICT_CSP } }),
  );
  await strict.goto(`${harness.base}test/pages/requests-strict.html`);
  const other = `//localhost:${new URL(harness.base).port}/test/fixtures/hostile/table.csv`;
  for (const indicators of [table, other]) {
    const outcome = await strict.evaluate(async (url) => {
      document.body.replaceChildren();
      const map = document.createElement('sozialraum-map');
      map.setAttribute('areas', '../fixtures/hostile/names.geojson');
      map.setAttribute('id-field', 'id');
      map.setAttribute('indicators', url);
      const failed = new Promise<string>((resolve) =>
        map.addEventListener('sozialraum-error', (event) => resolve((event as CustomEvent<{ code: string }>).detail.code)),
      );
      document.body.append(map);
      return failed;
    }, indicators);
    assert.equal(outcome, 'fetch-failed', indicators.slice(0, 40));
  }
  // The reports arrive from the page asynchronously.
  for (let wait = 0; wait < 20 && violations.length < 2; wait += 1) await new Promise((resolve) => setTimeout(resolve, 100));
  assert.deepEqual(violations, ['connect-src data', 'connect-src http:']);
  await page.close();
  await strict.close();
});
