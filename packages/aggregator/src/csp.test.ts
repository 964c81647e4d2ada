/// <reference types="mocha" />
// The worker under the strict Content-Security-Policy a municipal CMS sends (README, "Embedding in a CMS"): a page
// whose policy comes from a <meta> element (an iframe's srcdoc; the test server sends no headers) starts the
// aggregation worker from the packages and from dist/sozialraum.js without a single violation. With workers
// forbidden the pool computes on the main thread and gets the same numbers.
import { expect } from 'chai';

const STRICT_CSP = "default-src 'self'; script-src 'self'; worker-src 'self'; style-src 'self'; img-src 'self' data:";
const NO_WORKERS_CSP = "default-src 'self'; script-src 'self'; worker-src 'none'; style-src 'self'; img-src 'self' data:";
const PROBE = new URL('./test/csp-probe.js', import.meta.url).pathname;

interface ProbeOutcome {
  error?: string;
  bundle: boolean;
  onMainThread: boolean;
  fallbackReason: string | null;
  liveWorkers: number;
  result: { id: string; sum: number; density: number }[];
  progress: number[];
  violations: string[];
}

function underPolicy(policy: string, query = ''): Promise<ProbeOutcome> {
  const frame = document.createElement('iframe');
  frame.srcdoc = `<!doctype html><html lang="de"><head><meta http-equiv="Content-Security-Policy" content="${policy}"><title>CSP</title><script type="module" src="${PROBE}${query}"></script></head><body></body></html>`;
  return new Promise<ProbeOutcome>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the probe did not answer within 40 s')), 40_000);
    const onMessage = (event: MessageEvent) => {
      if (event.source !== frame.contentWindow) return;
      clearTimeout(timer);
      window.removeEventListener('message', onMessage);
      resolve(event.data as ProbeOutcome);
    };
    window.addEventListener('message', onMessage);
    document.body.append(frame);
  }).finally(() => frame.remove());
}

function expectTinyResult(outcome: ProbeOutcome): void {
  expect(outcome.error).to.equal(undefined);
  expect(outcome.result.map((area) => area.id)).to.deep.equal(['A', 'B']);
  expect(outcome.result[0]!.sum).to.be.closeTo(14, 1e-9);
  expect(outcome.result[1]!.sum).to.be.closeTo(3.75, 1e-9);
  expect(outcome.result[1]!.density).to.be.closeTo(1500, 1e-6);
  expect(outcome.progress.at(-1)).to.equal(2);
}

describe('the aggregation worker under a strict Content-Security-Policy', function () {
  this.timeout(60_000);

  it("starts from the packages with worker-src 'self', without a violation", async () => {
    const outcome = await underPolicy(STRICT_CSP);
    expectTinyResult(outcome);
    expect(outcome.onMainThread, outcome.fallbackReason ?? '').to.equal(false);
    expect(outcome.liveWorkers).to.equal(1);
    expect(outcome.violations).to.deep.equal([]);
  });

  it("starts from dist/sozialraum.js (the worker file beside it) with worker-src 'self', without a violation", async () => {
    const outcome = await underPolicy(STRICT_CSP, '?bundle');
    expectTinyResult(outcome);
    expect(outcome.bundle).to.equal(true);
    expect(outcome.onMainThread, outcome.fallbackReason ?? '').to.equal(false);
    expect(outcome.violations).to.deep.equal([]);
  });

  it('aggregates a GeoTIFF with <sozialraum-aggregator> from dist/sozialraum.js, loading the worker and the GeoTIFF decoder beside it, without a violation', async () => {
    const outcome = (await underPolicy(STRICT_CSP, '?bundle&element')) as unknown as ProbeOutcome & { areas: number; total: number; loaded: string[] };
    expect(outcome.error).to.equal(undefined);
    expect(outcome.areas).to.equal(542);
    expect(outcome.total).to.be.within(3_285_000, 3_300_000);
    expect(outcome.onMainThread, outcome.fallbackReason ?? '').to.equal(false);
    expect(outcome.loaded).to.include('/dist/sozialraum-geotiff.js');
    expect(outcome.violations).to.deep.equal([]);
  });

  it("computes the same on the main thread where the policy forbids workers (worker-src 'none')", async () => {
    const outcome = await underPolicy(NO_WORKERS_CSP);
    expectTinyResult(outcome);
    expect(outcome.onMainThread).to.equal(true);
    expect(outcome.fallbackReason).to.match(/worker/);
    expect(outcome.liveWorkers).to.equal(0);
    expect(outcome.violations.some((violation) => violation.startsWith('worker-src'))).to.equal(true);
  });
});
