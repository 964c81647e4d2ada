// What the benchmarks share: the sample folder, the best of several timings, and numbers printed the same way.
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

/** The Berlin samples of data-samples/. */
export const SAMPLES = fileURLToPath(new URL('../data-samples/berlin/', import.meta.url));

/** The best of `runs` timings of `work`, in milliseconds, and the last result. */
export function best(runs, work) {
  let fastest = Infinity;
  let result;
  for (let run = 0; run < runs; run += 1) {
    const start = performance.now();
    result = work();
    fastest = Math.min(fastest, performance.now() - start);
  }
  return { ms: fastest, result };
}

/** `best` for work that returns a promise: each run is timed until it settles. */
export async function bestAsync(runs, work) {
  let fastest = Infinity;
  let result;
  for (let run = 0; run < runs; run += 1) {
    const start = performance.now();
    result = await work();
    fastest = Math.min(fastest, performance.now() - start);
  }
  return { ms: fastest, result };
}

/** A number with thousands separators and `digits` decimals, in English. */
export const format = (value, digits = 0) => value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
