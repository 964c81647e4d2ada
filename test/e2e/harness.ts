// What the end-to-end tests share: a local server for the repository, Debian's Chromium, and pages that record
// every page error, console error and request to another host, the things a CMS page must never see.
import { createRequire } from 'node:module';
import { chromium, type Browser, type Page } from 'playwright-core';
import { serve } from '#scripts/serve.mjs';
import { chromiumArgs, chromiumPath } from '#scripts/chromium.mjs';

/**
 * The policy documented in the README ("Embedding in a CMS"); widen it only for a documented need. connect-src
 * 'self' confines what the elements fetch (the data files of their attributes) to the page's own host.
 */
export const STRICT_CSP = "default-src 'self'; script-src 'self'; worker-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'";

export interface Harness {
  browser: Browser;
  /** Base URL of the repository root, ending in "/". */
  base: string;
  close(): Promise<void>;
}

export async function startHarness(options: { headers?: Record<string, string> } = {}): Promise<Harness> {
  const { server, url } = await serve(options.headers ? { headers: options.headers } : {});
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: chromiumArgs });
  return {
    browser,
    base: url,
    close: async () => {
      await browser.close();
      server.close();
    },
  };
}

/** A new page whose errors and foreign requests are collected in `problems`. */
export async function watchedPage(harness: Harness, viewport = { width: 1280, height: 900 }): Promise<{ page: Page; problems: string[] }> {
  const page = await harness.browser.newPage({ viewport });
  // The 30 s default of playwright's waits is too short when CI shares two cores with a second test run; a real
  // hang still ends the test, only later.
  page.setDefaultTimeout(120_000);
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  page.on('request', (request) => {
    if (!request.url().startsWith(harness.base) && !request.url().startsWith('data:')) problems.push(`request to ${request.url()}`);
  });
  return { page, problems };
}

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/** axe-core's violations on the page as it is now (open shadow roots included), one line per rule. */
export async function axeViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: axePath });
  return page.evaluate(async () => {
    type Result = { violations: { id: string; help: string; nodes: { target: unknown[] }[] }[] };
    const axe = (window as unknown as { axe: { run: (context: Document) => Promise<Result> } }).axe;
    const result = await axe.run(document);
    return result.violations.map(
      (violation) =>
        `${violation.id}: ${violation.help} (${violation.nodes.length}: ${JSON.stringify(violation.nodes.slice(0, 3).map((node) => node.target))})`,
    );
  });
}
