// Helpers of the hostile-input tests: what became of an input (run in the test or, as source text, in a worker
// thread with a time and heap limit), deterministic garbage, and FlatGeobuf and GeoJSON made to order.
import assert from 'node:assert/strict';
import { Worker } from 'node:worker_threads';
import type * as core from '@sozialraum/core';
import { seededBytes } from './seeded-bytes.js';

export { seededBytes };

export type Core = typeof core;

export const GEOJSON = 'lor_planungsraeume_2021.geojson';
export const FGB = 'lor_planungsraeume_2021.fgb';

/** What became of one hostile input: the result's size, or the error with its kind, code and message. */
export interface Outcome {
  ok: boolean;
  sozialraumError: boolean;
  name?: string;
  code?: string;
  message?: string;
  ms: number;
  features?: number;
  issues?: string[];
}

/** Runs a reader and records what it did; runs in the test and, as source text, in the worker. */
export async function outcome(sozialraum: Core, run: () => unknown): Promise<Outcome> {
  const start = performance.now();
  try {
    const result = (await run()) as { features?: unknown[]; collection?: { features: unknown[] }; issues?: { message: string }[] } | undefined;
    const features = result?.features?.length ?? result?.collection?.features.length;
    return { ok: true, sozialraumError: false, ms: performance.now() - start, features, issues: result?.issues?.map((entry) => entry.message) };
  } catch (error) {
    const { name, code, message } = error as { name?: string; code?: string; message?: string };
    return { ok: false, sozialraumError: error instanceof sozialraum.SozialraumError, name, code, message, ms: performance.now() - start };
  }
}

/**
 * Runs `work` in a worker thread with a time and heap limit, so that a reader that hangs in a synchronous loop or
 * allocates something absurd fails its test instead of stopping the run. `work` must use only its arguments and
 * the helpers above (it travels as source text).
 */
export function inWorker<A, R>(work: (sozialraum: Core, args: A) => Promise<R>, args: A, limits: { seconds?: number; heapMb?: number } = {}): Promise<R> {
  const { seconds = 60, heapMb = 1024 } = limits;
  const source = `
    const { parentPort, workerData } = require('node:worker_threads');
    ${outcome.toString()}
    ${seededBytes.toString()}
    import(workerData.core)
      .then((sozialraum) => (${work.toString()})(sozialraum, workerData.args))
      .then((result) => parentPort.postMessage({ result }), (error) => parentPort.postMessage({ failure: String(error && error.stack || error) }));
  `;
  return new Promise<R>((resolve, reject) => {
    const worker = new Worker(source, {
      eval: true,
      workerData: { core: import.meta.resolve('@sozialraum/core'), args },
      resourceLimits: { maxOldGenerationSizeMb: heapMb },
    });
    const timer = setTimeout(() => {
      void worker.terminate();
      reject(new Error(`did not finish within ${seconds} s: the reader hangs`));
    }, seconds * 1000);
    worker.once('message', (message: { result?: R; failure?: string }) => {
      clearTimeout(timer);
      void worker.terminate();
      if (message.failure !== undefined) reject(new Error(message.failure));
      else resolve(message.result as R);
    });
    worker.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

export const encode = (text: string) => new TextEncoder().encode(text);

/** Asserts a SozialraumError with this code whose message is exactly `message`. */
export function assertError(result: Outcome, code: string, message: string | RegExp): void {
  assert.equal(result.ok, false, `expected an error, the input loaded: ${JSON.stringify(result)}`);
  assert.ok(result.sozialraumError, `expected a SozialraumError, got ${result.name}: ${result.message}`);
  assert.equal(result.code, code, result.message);
  if (typeof message === 'string') assert.equal(result.message, message);
  else assert.match(result.message!, message);
}

/** Byte offsets at which the features of a FlatGeobuf file end (size-prefixed after the header; no index here). */
export function featureEnds(bytes: Uint8Array): number[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const ends: number[] = [];
  for (let offset = 12 + view.getUint32(8, true); offset < bytes.length;) {
    offset += 4 + view.getUint32(offset, true);
    ends.push(offset);
  }
  return ends;
}

/**
 * A copy of a FlatGeobuf file whose header says `featuresCount` features and, with `defaultIndex`, leaves out its
 * index_node_size field, which then means the default of 16: a spatial index.
 */
export function withHeader(bytes: Uint8Array, featuresCount: bigint, defaultIndex: boolean): Uint8Array {
  const copy = bytes.slice();
  const view = new DataView(copy.buffer);
  const table = 12 + view.getUint32(12, true);
  const vtable = table - view.getInt32(table, true);
  view.setBigUint64(table + view.getUint16(vtable + 4 + 2 * 8, true), featuresCount, true);
  if (defaultIndex) view.setUint16(vtable + 4 + 2 * 9, 0, true);
  return copy;
}

/** A square near the Brandenburg Gate in longitude/latitude. */
export const RING = [
  [13.37, 52.51],
  [13.38, 52.51],
  [13.38, 52.52],
  [13.37, 52.52],
  [13.37, 52.51],
];
export const GOOD = { type: 'Feature', properties: { id: 'good', name: 'Gut' }, geometry: { type: 'Polygon', coordinates: [RING] } };

/** A FeatureCollection of the hostile feature and a good one, as bytes, the way a file arrives. */
export function withGood(feature: unknown, extra: Record<string, unknown> = {}): Uint8Array {
  return encode(JSON.stringify({ type: 'FeatureCollection', ...extra, features: [feature, GOOD] }));
}

export function feature(geometry: unknown, properties: unknown = { id: '1', name: 'Eins' }): unknown {
  return { type: 'Feature', properties, geometry };
}
