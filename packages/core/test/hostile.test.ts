// Hostile and broken input for core's readers: truncated files, values of the wrong type, numbers JSON cannot hold,
// empty geometries, repeated keys, 100 MB of garbage, broken CSV, a spec wrong everywhere. Each must end in a
// SozialraumError whose message names the file (and the row or feature), never another exception, never a hang.
// The messages asserted here are the ones a user sees; the project's closing note lists them.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Worker } from 'node:worker_threads';
import * as core from '@sozialraum/core';
import {
  SozialraumError,
  computeIndex,
  decodeText,
  joinTable,
  loadAreas,
  numericColumn,
  parseCsv,
  parseGeoJSON,
  readAreas,
  readFlatGeobuf,
  streamFlatGeobuf,
  validateIndexSpec,
  type IndexSpec,
} from '@sozialraum/core';
import type { FeatureCollection } from 'geojson';
import { sampleBytes } from './samples.js';

type Core = typeof core;

const GEOJSON = 'lor_planungsraeume_2021.geojson';
const FGB = 'lor_planungsraeume_2021.fgb';

/** What became of one hostile input: the result's size, or the error with its kind, code and message. */
interface Outcome {
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
async function outcome(sozialraum: Core, run: () => unknown): Promise<Outcome> {
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

/** Deterministic bytes (xorshift32), so every run feeds the same garbage. */
function seededBytes(length: number, seed: number): Uint8Array {
  const bytes = new Uint8Array(length);
  const words = new Uint32Array(bytes.buffer, 0, length >>> 2);
  let state = seed >>> 0 || 1;
  for (let index = 0; index < words.length; index += 1) {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    words[index] = state;
  }
  for (let index = words.length * 4; index < length; index += 1) bytes[index] = (index * 131 + seed) & 0xff;
  return bytes;
}

/**
 * Runs `work` in a worker thread with a time and heap limit, so that a reader that hangs in a synchronous loop or
 * allocates something absurd fails its test instead of stopping the run. `work` must use only its arguments and
 * the helpers above (it travels as source text).
 */
function inWorker<A, R>(work: (sozialraum: Core, args: A) => Promise<R>, args: A, limits: { seconds?: number; heapMb?: number } = {}): Promise<R> {
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

const encode = (text: string) => new TextEncoder().encode(text);

/** Asserts a SozialraumError with this code whose message is exactly `message`. */
function assertError(result: Outcome, code: string, message: string | RegExp): void {
  assert.equal(result.ok, false, `expected an error, the input loaded: ${JSON.stringify(result)}`);
  assert.ok(result.sozialraumError, `expected a SozialraumError, got ${result.name}: ${result.message}`);
  assert.equal(result.code, code, result.message);
  if (typeof message === 'string') assert.equal(result.message, message);
  else assert.match(result.message!, message);
}

/** Byte offsets at which the features of a FlatGeobuf file end (size-prefixed after the header; no index here). */
function featureEnds(bytes: Uint8Array): number[] {
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
function withHeader(bytes: Uint8Array, featuresCount: bigint, defaultIndex: boolean): Uint8Array {
  const copy = bytes.slice();
  const view = new DataView(copy.buffer);
  const table = 12 + view.getUint32(12, true);
  const vtable = table - view.getInt32(table, true);
  view.setBigUint64(table + view.getUint16(vtable + 4 + 2 * 8, true), featuresCount, true);
  if (defaultIndex) view.setUint16(vtable + 4 + 2 * 9, 0, true);
  return copy;
}

/** A square near the Brandenburg Gate in longitude/latitude. */
const RING = [
  [13.37, 52.51],
  [13.38, 52.51],
  [13.38, 52.52],
  [13.37, 52.52],
  [13.37, 52.51],
];
const GOOD = { type: 'Feature', properties: { id: 'good', name: 'Gut' }, geometry: { type: 'Polygon', coordinates: [RING] } };

/** A FeatureCollection of the hostile feature and a good one, as bytes, the way a file arrives. */
function withGood(feature: unknown, extra: Record<string, unknown> = {}): Uint8Array {
  return encode(JSON.stringify({ type: 'FeatureCollection', ...extra, features: [feature, GOOD] }));
}

function feature(geometry: unknown, properties: unknown = { id: '1', name: 'Eins' }): unknown {
  return { type: 'Feature', properties, geometry };
}

describe('truncated files', () => {
  test('the Berlin GeoJSON cut at every twentieth of its length is refused as empty or as invalid JSON with line and column', async () => {
    const bytes = await sampleBytes(`berlin/${GEOJSON}`);
    const results = await inWorker(
      async (sozialraum, { bytes, source }) => {
        const list: Outcome[] = [];
        for (let part = 0; part < 20; part += 1) {
          const cut = Math.floor((bytes.length * part) / 20);
          list.push(await outcome(sozialraum, () => sozialraum.loadAreas(bytes.subarray(0, cut), { source })));
        }
        return list;
      },
      { bytes, source: GEOJSON },
    );
    assertError(results[0]!, 'empty-file', `${GEOJSON}: the file is empty`);
    for (const result of results.slice(1)) {
      // e.g. "…: not valid JSON: Expected ',' or ']' after array element in JSON at position 270363 (line 38, column 352)"
      // or "…: not valid JSON: Unexpected end of JSON input: the file ends too early, it may be truncated"
      assertError(
        result,
        'parse-error',
        new RegExp(`^${GEOJSON}: not valid JSON: .*(\\(line \\d+, column \\d+\\)|the file ends too early, it may be truncated)$`),
      );
      assert.ok(result.ms < 2000, `${result.ms} ms`);
    }
  });

  test('the Berlin FlatGeobuf cut at every twentieth, in its signature, header and at a feature boundary names the part and the feature where it ends', async () => {
    const bytes = await sampleBytes(`berlin/${FGB}`);
    const ends = featureEnds(bytes);
    assert.equal(ends.length, 542);
    const twentieths = Array.from({ length: 19 }, (_, part) => Math.floor((bytes.length * (part + 1)) / 20));
    const cuts = [3, 7, 8, 11, 12, 100, 231, 232, ends[99]!, ...twentieths];
    const results = await inWorker(
      async (sozialraum, { bytes, cuts, source }) => {
        const list: Outcome[] = [];
        for (const cut of cuts) list.push(await outcome(sozialraum, () => sozialraum.loadAreas(bytes.subarray(0, cut), { source })));
        return list;
      },
      { bytes, cuts, source: FGB },
    );
    const message = (cut: number) => results[cuts.indexOf(cut)]!;
    const truncated = `; it may be truncated`;
    assertError(message(3), 'parse-error', `${FGB}: cannot read FlatGeobuf: the file ends after 3 bytes, inside the 8-byte signature${truncated}`);
    assertError(message(7), 'parse-error', `${FGB}: cannot read FlatGeobuf: the file ends after 7 bytes, inside the 8-byte signature${truncated}`);
    assertError(message(8), 'parse-error', `${FGB}: cannot read FlatGeobuf: the file ends after 8 bytes, before the length of its header${truncated}`);
    assertError(message(11), 'parse-error', `${FGB}: cannot read FlatGeobuf: the file ends after 11 bytes, before the length of its header${truncated}`);
    assertError(message(12), 'parse-error', `${FGB}: cannot read FlatGeobuf: the file ends after 12 bytes, inside its header of 220 bytes${truncated}`);
    assertError(message(100), 'parse-error', `${FGB}: cannot read FlatGeobuf: the file ends after 100 bytes, inside its header of 220 bytes${truncated}`);
    assertError(message(231), 'parse-error', `${FGB}: cannot read FlatGeobuf: the file ends after 231 bytes, inside its header of 220 bytes${truncated}`);
    assertError(
      message(232),
      'parse-error',
      `${FGB}: cannot read FlatGeobuf after 0 features: its header announces 542 features, but the file ends there${truncated}`,
    );
    assertError(
      message(ends[99]!),
      'parse-error',
      `${FGB}: cannot read FlatGeobuf after 100 features: its header announces 542 features, but the file ends there${truncated}`,
    );
    for (const cut of twentieths) {
      // e.g. "lor_planungsraeume_2021.fgb: cannot read FlatGeobuf after 33 features: the file ends after 161853 bytes,
      // inside feature 34 (129 of its 8220 bytes are there); it may be truncated"
      const result = message(cut);
      assertError(
        result,
        'parse-error',
        new RegExp(
          `^${FGB}: cannot read FlatGeobuf after (\\d+) features: the file ends after ${cut} bytes, inside feature (\\d+) \\((\\d+) of its (\\d+) bytes are there\\)${truncated}$`,
        ),
      );
      const [, after, inside, there, of] = /after (\d+) features.*inside feature (\d+) \((\d+) of its (\d+)/.exec(result.message!)!.map(Number);
      assert.equal(inside, after! + 1);
      assert.equal(cut, ends[after! - 1]! + 4 + there!, 'the bytes that are there end at the cut');
      assert.equal(of, ends[inside! - 1]! - ends[after! - 1]! - 4);
    }
    assert.ok(results.every((result) => result.ms < 2000));
    // One or two bytes are not yet recognisable as FlatGeobuf.
    assertError(
      await outcome(core, () => loadAreas(bytes.subarray(0, 2), { source: FGB })),
      'unknown-format',
      `${FGB}: is neither GeoJSON nor FlatGeobuf (it does not start with "{" or the bytes "fgb")`,
    );
  });

  test('a FlatGeobuf stream that ends early fails with the same message, after the features that were complete', async () => {
    const bytes = (await sampleBytes(`berlin/${FGB}`)).slice(0, 1_000_000);
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let offset = 0; offset < bytes.length; offset += 65536) controller.enqueue(bytes.slice(offset, offset + 65536));
        controller.close();
      },
    });
    let read = 0;
    const result = await outcome(core, async () => {
      for await (const _ of streamFlatGeobuf(stream, { source: 'stream.fgb' })) read += 1;
    });
    assertError(
      result,
      'parse-error',
      'stream.fgb: cannot read FlatGeobuf after 153 features: the file ends after 1000000 bytes, inside feature 154 (12908 of its 13908 bytes are there); it may be truncated',
    );
    assert.ok(read <= 153, `${read} features came through`);
  });

  test('a FlatGeobuf header announcing a spatial index over 0 features (flatgeobuf 4.5 loops forever on it) reads as no features, or as damaged when features follow', async () => {
    const bytes = await sampleBytes(`berlin/${FGB}`);
    const headerOnly = withHeader(bytes.slice(0, 232), 0n, true);
    const indexedButFull = withHeader(bytes, 0n, true);
    const results = await inWorker(
      async (sozialraum, { headerOnly, indexedButFull }) => [
        await outcome(sozialraum, () => sozialraum.readFlatGeobuf(headerOnly, { source: 'leer.fgb' })),
        await outcome(sozialraum, () => sozialraum.loadAreas(headerOnly, { source: 'leer.fgb' })),
        await outcome(sozialraum, () => sozialraum.loadAreas(indexedButFull, { source: 'kaputt.fgb' })),
      ],
      { headerOnly, indexedButFull },
      { seconds: 20 },
    );
    assert.equal(results[0]!.ok, true);
    assert.equal(results[0]!.features, 0);
    assertError(results[1]!, 'empty-file', 'leer.fgb: the file holds no features');
    assertError(
      results[2]!,
      'parse-error',
      'kaputt.fgb: cannot read FlatGeobuf: its header announces a spatial index over 0 features, yet features follow; the file is damaged',
    );
  });

  test('a FlatGeobuf header that announces more features than the file holds, or an impossible number, is refused', async () => {
    const bytes = await sampleBytes(`berlin/${FGB}`);
    assertError(
      await outcome(core, () => loadAreas(withHeader(bytes, 1000n, false), { source: 'mehr.fgb' })),
      'parse-error',
      'mehr.fgb: cannot read FlatGeobuf after 542 features: its header announces 1000 features, but the file ends there; it may be truncated',
    );
    assertError(
      await outcome(core, () => loadAreas(withHeader(bytes, 2n ** 60n, false), { source: 'riesig.fgb' })),
      'parse-error',
      'riesig.fgb: cannot read FlatGeobuf: its header is damaged: its feature count 1152921504606847000 cannot be right',
    );
    assertError(
      await outcome(core, () => loadAreas(withHeader(bytes, 2n ** 40n, true), { source: 'index.fgb' })),
      'parse-error',
      'index.fgb: cannot read FlatGeobuf: the file ends after 3237064 bytes, inside its spatial index (46912496118440 bytes for 1099511627776 features); it may be truncated',
    );
  });

  test('400 copies of the FlatGeobuf with random bytes overwritten either load or fail with a SozialraumError, each within 2 s', async () => {
    const bytes = await sampleBytes(`berlin/${FGB}`);
    const results = await inWorker(
      async (sozialraum, { bytes }) => {
        const list: Outcome[] = [];
        for (let seed = 1; seed <= 400; seed += 1) {
          const noise = seededBytes(32, seed);
          const copy = bytes.slice();
          // Odd seeds damage the header, even seeds anywhere in the file.
          const region = seed % 2 === 1 ? 232 : copy.length;
          for (let flip = 0; flip < 1 + (noise[0]! % 8); flip += 1) {
            const at = 8 + ((noise[1 + flip * 3]! | (noise[2 + flip * 3]! << 8) | (noise[3 + flip * 3]! << 16)) % (region - 8));
            copy[at] = noise[31 - flip]!;
          }
          const result = await outcome(sozialraum, () => sozialraum.loadAreas(copy, { source: `kaputt-${seed}.fgb` }));
          delete result.issues;
          list.push(result);
        }
        return list;
      },
      { bytes },
      { seconds: 120 },
    );
    const others = results.filter((result) => !result.ok && !result.sozialraumError);
    assert.deepEqual(others, []);
    results.forEach((result, index) => {
      if (!result.ok) assert.ok(result.message!.startsWith(`kaputt-${index + 1}.fgb`), result.message);
      assert.ok(result.ms < 2000, `seed ${index + 1}: ${result.ms} ms`);
    });
    assert.ok(results.some((result) => !result.ok) && results.some((result) => result.ok));
  });
});

describe('values of the wrong type in GeoJSON', () => {
  const load = (bytes: Uint8Array, source: string, options: { idField?: string } = {}) => outcome(core, () => loadAreas(bytes, { source, ...options }));

  test('a collection whose features are an object, or that is an array, a text or null, is refused as not a FeatureCollection', async () => {
    assertError(
      await load(encode('{"type":"FeatureCollection","features":{"a":1}}'), 'objekt.geojson'),
      'not-a-feature-collection',
      'objekt.geojson: the FeatureCollection has no "features" array',
    );
    assertError(await load(encode('[1,2,3]'), 'liste.geojson'), 'not-a-feature-collection', 'liste.geojson: expected a GeoJSON object, found an array');
    assertError(
      await load(encode('"FeatureCollection"'), 'text.geojson'),
      'unknown-format',
      'text.geojson: is neither GeoJSON nor FlatGeobuf (it does not start with "{" or the bytes "fgb")',
    );
    assertError(
      await load(encode('{"type":"Topology"}'), 'topo.json'),
      'not-a-feature-collection',
      'topo.json: expected a GeoJSON FeatureCollection, found type "Topology"',
    );
    assertError(
      await outcome(core, () => readAreas(null as never, { source: 'areas' })),
      'not-a-feature-collection',
      'areas: expected a GeoJSON object, found null',
    );
    assertError(
      await outcome(core, () => readAreas({ type: 'FeatureCollection', features: 'x' } as never, { source: 'areas' })),
      'not-a-feature-collection',
      'areas: the FeatureCollection has no "features" array',
    );
  });

  test('coordinates of the wrong type leave out their feature with an issue naming it, and the good feature loads', async () => {
    const cases: [unknown, string][] = [
      [
        [
          [
            ['13.37', '52.51'],
            ['13.38', '52.51'],
            ['13.38', '52.52'],
            ['13.37', '52.51'],
          ],
        ],
        'a position is not a pair of finite numbers: ["13.37", "52.51"]',
      ],
      ['13.37 52.51', 'its coordinates are a string, not a list'],
      [5, 'its coordinates are a number, not a list'],
      [{ x: 1 }, 'its coordinates are an object, not a list'],
      [null, 'its coordinates are null, not a list'],
      [[[null, [1, 2]]], 'a position is not a pair of finite numbers: null'],
      [[13.37, 52.51], 'its coordinates are lists nested 1 level deep, a Polygon needs 3 (rings of [x, y] positions)'],
      [[[RING]], 'its coordinates are lists nested 4 levels deep, a Polygon needs 3 (rings of [x, y] positions)'],
    ];
    for (const [coordinates, problem] of cases) {
      const result = await load(withGood(feature({ type: 'Polygon', coordinates })), 'typen.geojson');
      assert.equal(result.ok, true, result.message);
      assert.equal(result.features, 1);
      assert.deepEqual(result.issues, [`typen.geojson, feature 1, key "1": ${problem}; it is left out of the map`]);
    }
    const multi = await load(withGood(feature({ type: 'MultiPolygon', coordinates: [RING] })), 'multi.geojson');
    assert.deepEqual(multi.issues, [
      'multi.geojson, feature 1, key "1": its coordinates are lists nested 3 levels deep, a MultiPolygon needs 4 (polygons of rings of [x, y] positions); it is left out of the map',
    ]);
  });

  test('geometries that are no polygon or no geometry at all, and features that are no feature, are left out by position', async () => {
    const cases: [unknown, string][] = [
      [feature({ type: 'Point', coordinates: [13.37, 52.51] }), 'feature 1, key "1": is a Point, an area must be a Polygon or MultiPolygon; it is left out'],
      [feature({ type: 5, coordinates: [RING] }), 'feature 1, key "1": is a geometry of type 5, an area must be a Polygon or MultiPolygon; it is left out'],
      [feature('POLYGON((13 52, 14 52, 14 53, 13 52))'), 'feature 1, key "1": has a string as its geometry, not a GeoJSON geometry; it is left out'],
      [feature({ type: 'GeometryCollection' }), 'feature 1, key "1": is a GeometryCollection, an area must be a Polygon or MultiPolygon; it is left out'],
      [feature({ type: 'LineString', coordinates: 7 }), 'feature 1, key "1": is a LineString, an area must be a Polygon or MultiPolygon; it is left out'],
      [null, 'feature 1: is not a GeoJSON Feature and is left out'],
      [42, 'feature 1: is not a GeoJSON Feature and is left out'],
    ];
    for (const [hostile, problem] of cases) {
      const result = await load(withGood(hostile), 'geometrie.geojson');
      assert.equal(result.ok, true, result.message);
      assert.deepEqual(result.issues, [`geometrie.geojson, ${problem}`]);
    }
  });

  test('properties that are a list or a text, and keys that are objects, lists or true/false, make the feature keyless, with an issue', async () => {
    const list = await load(withGood({ ...(feature({ type: 'Polygon', coordinates: [RING] }) as object), properties: ['a', 'b'] }), 'props.geojson');
    assert.deepEqual(list.issues, [
      'props.geojson, feature 1: has properties that are a list, not an object, so no key; it is shown as "#1" and joins no table',
    ]);
    const text = await load(withGood({ ...(feature({ type: 'Polygon', coordinates: [RING] }) as object), properties: 'id=1' }), 'props.geojson');
    assert.deepEqual(text.issues, [
      'props.geojson, feature 1: has properties that are a string, not an object, so no key; it is shown as "#1" and joins no table',
    ]);
    const keys: [unknown, string][] = [
      [{ a: 1 }, 'an object'],
      [[1, 2], 'a list'],
      [true, 'true'],
      [false, 'false'],
    ];
    for (const [key, kind] of keys) {
      const result = await load(withGood(feature({ type: 'Polygon', coordinates: [RING] }, { id: key })), 'keys.geojson', { idField: 'id' });
      assert.deepEqual(result.issues, [`keys.geojson, feature 1: has ${kind} in "id", which is no key; it is shown as "#1" and joins no table`]);
    }
  });

  test('parseGeoJSON names the file for empty, cut-off and non-GeoJSON text', async () => {
    assertError(await outcome(core, () => parseGeoJSON('\ufeff  ', 'leer.json')), 'empty-file', 'leer.json: the file is empty');
    assertError(
      await outcome(core, () => parseGeoJSON('{"type":"FeatureCollection","features":[', 'kurz.json')),
      'parse-error',
      /^kurz\.json: not valid JSON: .*the file ends too early, it may be truncated$/,
    );
    assertError(
      await outcome(core, () => parseGeoJSON('{"type":"Feature"}\n{"type":"Feature"}', 'zeilen.json')),
      'parse-error',
      /^zeilen\.json: not valid JSON: .*\(line 2, column 1\)$/,
    );
    assertError(await outcome(core, () => parseGeoJSON('42', 'zahl.json')), 'not-a-feature-collection', 'zahl.json: expected a GeoJSON object, found a number');
  });

  test('coordinates nested 100,000 deep are refused before parsing as bytes, and reported without a stack overflow as an object', async () => {
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    const text = `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"id":"1"},"geometry":{"type":"Polygon","coordinates":${deep}}}]}`;
    assertError(
      await load(encode(text), 'tief.geojson'),
      'parse-error',
      'tief.geojson: not valid JSON: byte 634 (line 1) opens the 513th nested list or object; GeoJSON needs fewer than 20 levels, so the file is damaged or not GeoJSON',
    );
    const parsed = parseGeoJSON(text, 'tief.geojson');
    const result = await outcome(core, () => readAreas(parsed, { source: 'tief.geojson' }));
    assertError(
      result,
      'invalid-geometry',
      'tief.geojson: none of its 1 features is a drawable polygon (feature 1, key "1": its coordinates are lists nested 100000 levels deep, a Polygon needs 3 (rings of [x, y] positions); it is left out of the map)',
    );
  });

  test('a crs member that names nothing readable is refused naming it; a bare "EPSG:4326" text is read', async () => {
    assertError(
      await load(withGood(feature({ type: 'Polygon', coordinates: [RING] }), { crs: { type: 'name', properties: { name: { epsg: 4326 } } } }), 'crs.geojson'),
      'unknown-crs',
      'crs.geojson: cannot read the coordinate reference system of its "crs" member (an object)',
    );
    assertError(
      await load(withGood(feature({ type: 'Polygon', coordinates: [RING] }), { crs: { type: 'name', properties: null } }), 'crs.geojson'),
      'unknown-crs',
      'crs.geojson: cannot read the coordinate reference system of its "crs" member ({"type":"name","properties":null})',
    );
    assertError(
      await load(
        withGood(feature({ type: 'Polygon', coordinates: [RING] }), { crs: { type: 'name', properties: { name: '<script>alert(1)</script>' } } }),
        'crs.geojson',
      ),
      'unknown-crs',
      'crs.geojson: cannot read the coordinate reference system "<script>alert(1)</script>"',
    );
    const bare = await load(withGood(feature({ type: 'Polygon', coordinates: [RING] }), { crs: 'EPSG:4326' }), 'crs.geojson');
    assert.equal(bare.ok, true, bare.message);
  });

  test('a file of blanks, a BOM alone, or a collection without features is empty', async () => {
    assertError(await load(encode(' \n\t \r\n'), 'leer.geojson'), 'empty-file', 'leer.geojson: the file holds only blanks (6 bytes)');
    assertError(await load(new Uint8Array([0xef, 0xbb, 0xbf]), 'bom.geojson'), 'empty-file', 'bom.geojson: the file holds only blanks (3 bytes)');
    assertError(await load(encode('{"type":"FeatureCollection","features":[]}'), 'keine.geojson'), 'empty-file', 'keine.geojson: the file holds no features');
  });

  test('GeoJSON saved as UTF-16 with a BOM is read', async () => {
    const text = JSON.stringify({ type: 'FeatureCollection', features: [GOOD] });
    const utf16 = new Uint8Array(2 + text.length * 2);
    utf16.set([0xff, 0xfe]);
    for (let index = 0; index < text.length; index += 1) utf16[2 + index * 2] = text.charCodeAt(index);
    const result = await load(utf16, 'utf16.geojson');
    assert.equal(result.ok, true, result.message);
    assert.equal(result.features, 1);
  });
});

describe('numbers JSON cannot hold, huge coordinates and empty geometries', () => {
  test('1e400 parses to Infinity; the position is named as not finite and its feature left out', async () => {
    const text = `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"id":"1"},"geometry":{"type":"Polygon","coordinates":[[[1e400,52.5],[13.38,52.5],[13.38,52.52],[1e400,52.5]]]}},${JSON.stringify(GOOD)}]}`;
    const result = await outcome(core, () => loadAreas(encode(text), { source: 'unendlich.geojson' }));
    assert.deepEqual(result.issues, [
      'unendlich.geojson, feature 1, key "1": a position is not a pair of finite numbers: [Infinity, 52.5]; it is left out of the map',
    ]);
  });

  test('coordinates of 1e300 are refused: outside EPSG:4326 when the file names it, not longitude/latitude when it names no CRS', async () => {
    const huge = {
      type: 'Polygon',
      coordinates: [
        [
          [1e300, 1e300],
          [-1e300, 1e300],
          [1e300, -1e300],
          [1e300, 1e300],
        ],
      ],
    };
    const named = encode(JSON.stringify({ type: 'FeatureCollection', crs: { type: 'name', properties: { name: 'EPSG:4326' } }, features: [feature(huge)] }));
    assertError(
      await outcome(core, () => loadAreas(named, { source: 'riesig.geojson' })),
      'implausible-coordinates',
      'riesig.geojson: coordinates x -1e+300…1e+300, y -1e+300…1e+300 lie outside the valid range of EPSG:4326; the file may name the wrong CRS or have x and y swapped',
    );
    assertError(
      await outcome(core, () => loadAreas(encode(JSON.stringify({ type: 'FeatureCollection', features: [feature(huge)] })), { source: 'riesig.geojson' })),
      'unknown-crs',
      'riesig.geojson: the file names no coordinate reference system and its coordinates (x -1e+300…1e+300, y -1e+300…1e+300) are not longitude/latitude; declare the CRS (for example EPSG:25832 or EPSG:25833)',
    );
    // Beside good areas, the message points at the feature that is out of range.
    assertError(
      await outcome(core, () => loadAreas(withGood(feature(huge)), { source: 'riesig.geojson' })),
      'unknown-crs',
      'riesig.geojson: the file names no coordinate reference system and its coordinates (x -1e+300…1e+300, y -1e+300…1e+300) are not longitude/latitude, first in feature 1; declare the CRS (for example EPSG:25832 or EPSG:25833)',
    );
    assertError(
      await outcome(core, () => loadAreas(withGood(feature(huge)), { source: 'riesig.geojson', crs: 'EPSG:25833' })),
      'implausible-coordinates',
      /^riesig\.geojson: coordinates x -1e\+300…1e\+300, y -1e\+300…1e\+300 lie outside the valid range of EPSG:25833, first in feature 1;/,
    );
  });

  test('empty geometries are left out with what is empty: Polygon [], MultiPolygon [[]] and [], null geometry, a ring of 3 positions', async () => {
    const cases: [unknown, string][] = [
      [{ type: 'Polygon', coordinates: [] }, 'the geometry is empty; it is left out of the map'],
      [{ type: 'MultiPolygon', coordinates: [[]] }, 'a polygon has no rings; it is left out of the map'],
      [{ type: 'MultiPolygon', coordinates: [] }, 'the geometry is empty; it is left out of the map'],
      [{ type: 'Polygon', coordinates: [RING.slice(0, 3)] }, 'a ring has 3 positions, a closed ring needs at least 4; it is left out of the map'],
      [null, 'has no geometry and is left out of the map'],
    ];
    for (const [geometry, problem] of cases) {
      const result = await outcome(core, () => loadAreas(withGood(feature(geometry)), { source: 'leer.geojson' }));
      assert.equal(result.features, 1);
      assert.deepEqual(result.issues, [`leer.geojson, feature 1, key "1": ${problem}`]);
    }
    const none = encode(JSON.stringify({ type: 'FeatureCollection', features: [feature({ type: 'Polygon', coordinates: [] }), feature(null, { id: '2' })] }));
    assertError(
      await outcome(core, () => loadAreas(none, { source: 'leer.geojson' })),
      'invalid-geometry',
      'leer.geojson: none of its 2 features is a drawable polygon (feature 1, key "1": the geometry is empty; it is left out of the map)',
    );
  });
});

describe('repeated keys', () => {
  test('areas with a repeated key load with an issue naming the feature, the key and the first feature that has it, also when the id field is guessed', async () => {
    const repeated = encode(
      JSON.stringify({
        type: 'FeatureCollection',
        features: [feature({ type: 'Polygon', coordinates: [RING] }), feature({ type: 'Polygon', coordinates: [RING] }), GOOD],
      }),
    );
    for (const options of [{ idField: 'id' }, {}]) {
      const result = await outcome(core, () => loadAreas(repeated, { source: 'doppelt.geojson', ...options }));
      assert.equal(result.features, 3);
      assert.deepEqual(result.issues, ['doppelt.geojson, feature 2, key "1": repeats the key of feature 1; keys must be unique']);
    }
  });

  test('with two fields named like a key and neither unique, the message says so instead of guessing', () => {
    const collection = {
      type: 'FeatureCollection',
      features: [1, 2].map(() => ({ type: 'Feature', properties: { BEZ_ID: '01', PLR_ID: '0101' }, geometry: { type: 'Polygon', coordinates: [RING] } })),
    } as FeatureCollection;
    assert.throws(
      () => readAreas(collection, { source: 'zwei.geojson' }),
      (error: unknown) =>
        error instanceof SozialraumError &&
        error.code === 'unknown-field' &&
        error.message ===
          'zwei.geojson: no id field given and none of the fields named like a key (BEZ_ID, PLR_ID) has a different key in every feature; name the id field',
    );
  });

  test('a repeated key in the JSON of one feature keeps the later value, as JSON.parse does', async () => {
    const text = `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"id":"1","id":"2"},"geometry":${JSON.stringify(GOOD.geometry)}}]}`;
    const areas = await loadAreas(encode(text), { source: 'json.geojson' });
    assert.deepEqual(areas.ids, ['2']);
  });

  test('table rows with a repeated key are joined once, with an issue naming the row, the key and the row used', () => {
    const table = parseCsv('PLR_ID;EW\n01;3\n01;4\n02;5\n', { source: 'doppelt.csv' });
    const join = joinTable(['01', '02'], table, 'PLR_ID');
    assert.equal(join.rowsByKey.get('01')!.EW, '3');
    assert.deepEqual(
      join.issues.map((entry) => entry.message),
      ['doppelt.csv, row 3, key "01": repeats the key of row 2; only row 2 is used'],
    );
    const columns = parseCsv('PLR_ID;EW;EW;EW_3\n01;3;4;5\n', { source: 'spalten.csv' });
    assert.deepEqual(columns.columns, ['PLR_ID', 'EW', 'EW_3', 'EW_3_4']);
    assert.deepEqual(
      columns.issues.map((entry) => entry.message),
      [
        'spalten.csv, row 1, column "EW": the column name appears twice; the second is read as "EW_3"',
        'spalten.csv, row 1, column "EW_3": the column name appears twice; the second is read as "EW_3_4"',
      ],
    );
  });
});

describe('100 MB of garbage', () => {
  const SIZE = 100 * 1024 * 1024;

  test('random bytes, "{" with random bytes, "{" with printable garbage and 100 MB of "[" are refused within a few seconds, before decoding the whole file', async () => {
    const results = await inWorker(
      async (sozialraum, { size }) => {
        const list: Outcome[] = [];
        const random = seededBytes(size, 42);
        list.push(await outcome(sozialraum, () => sozialraum.loadAreas(random, { source: 'zufall.bin' })));
        random[0] = 0x7b;
        list.push(await outcome(sozialraum, () => sozialraum.loadAreas(random, { source: 'klammer.geojson' })));
        for (let index = 1; index < size; index += 1) random[index] = 0x20 + (random[index]! % 95);
        list.push(await outcome(sozialraum, () => sozialraum.loadAreas(random, { source: 'text.geojson' })));
        random.fill(0x5b);
        list.push(await outcome(sozialraum, () => sozialraum.loadAreas(random, { source: 'tief.geojson' })));
        random.set([0x66, 0x67, 0x62, 0x03, 0x66, 0x67, 0x62, 0x00]);
        list.push(await outcome(sozialraum, () => sozialraum.loadAreas(random, { source: 'zufall.fgb' })));
        return list;
      },
      { size: SIZE },
      { seconds: 120, heapMb: 1024 },
    );
    const [random, brace, printable, deep, fgb] = results as [Outcome, Outcome, Outcome, Outcome, Outcome];
    assertError(random, 'unknown-format', 'zufall.bin: is neither GeoJSON nor FlatGeobuf (it does not start with "{" or the bytes "fgb")');
    assertError(
      brace,
      'parse-error',
      /^klammer\.geojson: not valid JSON: byte \d+ \(line 1\) is the control character 0x[0-9a-f]{2}, which JSON never holds; the file is binary or damaged, not GeoJSON$/,
    );
    assertError(printable, 'parse-error', "text.geojson: not valid JSON: Expected property name or '}' in JSON at position 1 (line 1, column 2)");
    assertError(
      deep,
      'parse-error',
      'tief.geojson: not valid JSON: byte 513 (line 1) opens the 513th nested list or object; GeoJSON needs fewer than 20 levels, so the file is damaged or not GeoJSON',
    );
    assertError(
      fgb,
      'parse-error',
      'zufall.fgb: cannot read FlatGeobuf: its header length of 1532713819 bytes cannot be right (8 bytes to 10 MB); the file is damaged',
    );
    for (const result of results) assert.ok(result.ms < 3000, `${result.message}: ${result.ms} ms`);
    // Random bytes and "{" followed by control bytes are refused by their first bytes, without decoding 100 MB.
    assert.ok(random.ms < 100 && brace.ms < 100, `${random.ms} ms, ${brace.ms} ms`);
  });

  test('100 MB of random bytes as a CSV table are refused as binary, naming the line, within a few seconds', async () => {
    const [result] = await inWorker(
      async (sozialraum, { size }) => [
        await outcome(sozialraum, () => sozialraum.parseCsv(sozialraum.decodeText(seededBytes(size, 7)), { source: 'zufall.csv' })),
      ],
      { size: SIZE },
      { seconds: 120, heapMb: 1536 },
    );
    assertError(
      result!,
      'unknown-format',
      /^zufall\.csv, row 1: is binary data, not a CSV table: it holds the control character U\+00[0-1][0-9A-F]; save the table as CSV$/,
    );
    assert.ok(result!.ms < 5000, `${result!.ms} ms`);
  });
});

describe('broken CSV', () => {
  const csv = (text: string, source = 'tabelle.csv') => outcome(core, () => parseCsv(text, { source }));

  test('binary bytes and a NUL in a row are refused as not a table, naming the line', async () => {
    assertError(
      await outcome(core, () => parseCsv(decodeText(seededBytes(4096, 3)), { source: 'binaer.csv' })),
      'unknown-format',
      /^binaer\.csv, row 1: is binary data, not a CSV table: it holds the control character U\+00[0-1][0-9A-F]; save the table as CSV$/,
    );
    assertError(
      await csv('PLR_ID;EW\n01;3\u0000\n', 'nul.csv'),
      'unknown-format',
      'nul.csv, row 2: is binary data, not a CSV table: it holds the control character U+0000; save the table as CSV',
    );
  });

  test('a single line, a single word or only a header is a table without rows, and says which columns it has', async () => {
    assertError(await csv('PLR_ID;EW'), 'empty-file', 'tabelle.csv: holds only its header line (PLR_ID, EW), no rows of data');
    assertError(await csv('hallo'), 'empty-file', 'tabelle.csv: holds only its header line (hallo), no rows of data');
    assertError(await csv('PLR_ID;EW;S1\n\n\n'), 'empty-file', 'tabelle.csv: holds only its header line (PLR_ID, EW, S1), no rows of data');
    assertError(await csv('\n\n\n'), 'empty-file', 'tabelle.csv: the file is empty');
    assertError(await csv(';;;\n1;2;3;4\n'), 'parse-error', 'tabelle.csv, row 1: the first line holds no column names');
  });

  test('100,000 columns in one line are read, and messages list 20 of them with the count', async () => {
    const names = Array.from({ length: 100_000 }, (_, index) => `c${index}`);
    const listed = `${names.slice(0, 20).join(', ')}, … (100000 in all)`;
    assertError(await csv(names.join(';'), 'breit.csv'), 'empty-file', `breit.csv: holds only its header line (${listed}), no rows of data`);
    const start = performance.now();
    const table = parseCsv(`${names.join(';')}\n${names.map((_, index) => index).join(';')}\n1;2\n`, { source: 'breit.csv' });
    assert.ok(performance.now() - start < 2000);
    assert.equal(table.columns.length, 100_000);
    assert.deepEqual(
      table.issues.map((entry) => entry.message),
      ['breit.csv, row 3: has 2 cells, the header has 100000'],
    );
    assertError(await outcome(core, () => numericColumn(table, 'S1')), 'unknown-field', `breit.csv: no column "S1"; the columns are ${listed}`);
    assertError(
      await outcome(core, () => joinTable(['1'], table, 'PLR_ID')),
      'unknown-field',
      `breit.csv: has no key column "PLR_ID"; the columns are ${listed}`,
    );
  });

  test('an unterminated quote is refused naming the row where it opens, instead of swallowing the rows after it', async () => {
    assertError(
      await csv('PLR_ID;EW\n"0110;3\n02;4\n03;5\n', 'quote.csv'),
      'parse-error',
      'quote.csv, row 2: a quote (") opens a cell that is never closed, so everything after it (3 lines) would be read as one cell; close or remove the quote',
    );
    assertError(
      await csv('"PLR_ID;EW\n01;3\n', 'quote.csv'),
      'parse-error',
      'quote.csv, row 1: a quote (") opens a cell that is never closed, so everything after it (2 lines) would be read as one cell; close or remove the quote',
    );
  });

  test("mixed delimiters are read at the header's delimiter with a warning on row 1", async () => {
    const result = await csv('PLR_ID;EW,S1\n01,3;4\n02;5,6\n', 'gemischt.csv');
    assert.deepEqual(result.issues, [
      'gemischt.csv, row 1: the header line holds "," as well as the delimiter ";"; if the file mixes delimiters, its cells land in the wrong columns',
    ]);
    // A quoted column name may hold a comma without a warning.
    assert.deepEqual((await csv('PLR_ID;"Anteil, in %"\n01;3,5\n')).issues, []);
  });

  test('a BOM in the middle of the file is read as if it were not there, in cells and keys', () => {
    const table = parseCsv('PLR_ID;EW\n01;\ufeff3\n\ufeff02;4\n', { source: 'bom.csv' });
    assert.deepEqual(numericColumn(table, 'EW').values, [3, 4]);
    assert.deepEqual(joinTable(['01', '02'], table, 'PLR_ID').issues, []);
  });

  test("a column named __proto__ holds its cells instead of changing the rows' prototype", () => {
    const table = parseCsv('PLR_ID;__proto__;constructor\n01;3;4\n', { source: 'proto.csv' });
    assert.equal(Object.getPrototypeOf(table.rows[0]), Object.prototype);
    assert.equal(table.rows[0]!['__proto__'], '3');
    assert.equal(table.rows[0]!.constructor as unknown, '4');
    assert.deepEqual(numericColumn(table, '__proto__').values, [3]);
  });

  test('cells of 1e400, Infinity and 0x10 are no numbers and named by row and column; NaN is read as a missing value', () => {
    const table = parseCsv('PLR_ID;EW\n01;1e400\n02;Infinity\n03;NaN\n04;-1e400\n05;0x10\n', { source: 'zahlen.csv' });
    const { values, issues } = numericColumn(table, 'EW');
    assert.deepEqual(values, [null, null, null, null, null]);
    assert.deepEqual(
      issues.map((entry) => entry.message),
      [
        'zahlen.csv, row 2, column "EW": "1e400" is not a number',
        'zahlen.csv, row 3, column "EW": "Infinity" is not a number',
        'zahlen.csv, row 5, column "EW": "-1e400" is not a number',
        'zahlen.csv, row 6, column "EW": "0x10" is not a number',
      ],
    );
  });

  test('a table saved as UTF-16 with a BOM ("Unicode text") is read, not refused as binary', () => {
    const text = 'PLR_ID\tEW\n01\t3\n';
    const bytes = new Uint8Array(2 + text.length * 2);
    bytes.set([0xff, 0xfe]);
    for (let index = 0; index < text.length; index += 1) bytes[2 + index * 2] = text.charCodeAt(index);
    const table = parseCsv(decodeText(bytes), { source: 'unicode.txt' });
    assert.deepEqual(table.columns, ['PLR_ID', 'EW']);
    assert.deepEqual(table.rows, [{ PLR_ID: '01', EW: '3' }]);
  });
});

describe('an index spec with the wrong type everywhere', () => {
  const hostile = {
    specVersion: '1',
    id: 42,
    title: ['x'],
    description: { de: 5 },
    source: null,
    indicators: [
      { column: 7, label: { fr: 'x' }, unit: [], direction: 'up', weight: '2', domain: {}, missingValues: 'x', numerator: 1 },
      'S2',
      null,
      [1],
      { column: '' },
    ],
    domains: { a: 1 },
    standardisation: { method: 'z', sd: 1, reference: [] },
    combination: { method: 5, byDomain: 'yes', restandardise: 1 },
    validity: { populationColumn: 1, minPopulation: '300', missing: true },
    classification: { method: 'manual', classes: '5', breaks: '1,2', equalTo: 'lower', labels: 'a' },
    direction: 0,
    extra: true,
  };
  const problems = [
    'extra is not a field of an index spec; the fields are specVersion, id, title, description, source, indicators, domains, standardisation, combination, validity, classification, direction',
    'specVersion must be 1, found "1"',
    'id must be a non-empty text, found 42',
    'title must be a text or { "de": "…", "en": "…" }, found ["x"]',
    'description must be a text or { "de": "…", "en": "…" }, found {"de":5}',
    'source must be a non-empty text, found null',
    'direction must be "higher-is-need" or "lower-is-need", found 0',
    'combination.method must be one of "sum", "mean", "weighted-mean", found 5',
    'combination.byDomain must be true or false, found "yes"',
    'combination.restandardise must be true or false, found 1',
    'domains must be a non-empty list of domains, found {"a":1}',
    'indicators[0].column must be a non-empty text, found 7',
    'indicators[0].label must be a text or { "de": "…", "en": "…" }, found {"fr":"x"}',
    'indicators[0].unit must be a non-empty text, found []',
    'indicators[0].numerator must be a non-empty text, found 1',
    'indicators[0].direction must be "higher-is-need" or "lower-is-need", found "up"',
    'indicators[0].weight must be a number ≥ 0, found "2"',
    'indicators[0].domain must be a non-empty text, found {}',
    'indicators[0].missingValues must be a list of numbers such as [-9999], found "x"',
    'indicators[1] must be an object, found "S2"',
    'indicators[2] must be an object, found null',
    'indicators[3] must be an object, found [1]',
    'indicators[4].column must be a non-empty text, found ""',
    'standardisation.method must be one of "z-score", "min-max", "percentile-rank", "none", found "z"',
    'standardisation.sd must be "population" or "sample", found 1',
    'standardisation.reference must be "current" or { "fixed": { "<column>": … } }, found []',
    'validity.populationColumn must be a non-empty text, found 1',
    'validity.minPopulation must be a number of inhabitants ≥ 0, found "300"',
    'validity.missing must be "exclude-area" or "skip-indicator", found true',
    'classification.breaks must be a non-empty list of numbers for method "manual", found "1,2"',
  ];

  test('validateIndexSpec lists all 30 problems by path in one parse-error naming the file', () => {
    assert.throws(
      () => validateIndexSpec(hostile, 'feindlich.json'),
      (error: unknown) =>
        error instanceof SozialraumError &&
        error.code === 'parse-error' &&
        error.message === `feindlich.json: 30 problems in the index spec: ${problems.join('; ')}`,
    );
  });

  test('computeIndex refuses the same spec before touching the table, and a spec that is null, a list or a text', () => {
    const table = parseCsv('PLR_ID;EW;S1\n01;1000;1\n02;2000;3\n', { source: 't.csv' });
    assert.throws(
      () => computeIndex(table, hostile as unknown as IndexSpec, { keyColumn: 'PLR_ID' }),
      (error: unknown) =>
        error instanceof SozialraumError &&
        error.code === 'parse-error' &&
        error.message === `index spec: 30 problems in the index spec: ${problems.join('; ')}`,
    );
    for (const [spec, found] of [
      [null, 'null'],
      [[], '[]'],
      ['<script>', '"<script>"'],
      [undefined, 'nothing'],
    ] as const) {
      assert.throws(
        () => computeIndex(table, spec as unknown as IndexSpec, { keyColumn: 'PLR_ID' }),
        (error: unknown) => error instanceof SozialraumError && error.message === `index spec: the index spec must be a JSON object, found ${found}`,
      );
    }
  });

  test('a title nested 100,000 levels deep is named as the wrong type', () => {
    const spec = JSON.parse(JSON.stringify({ ...baseSpec(), title: 'x' }).replace('"title":"x"', `"title":${'{"x":'.repeat(100_000)}1${'}'.repeat(100_000)}`));
    assert.throws(
      () => validateIndexSpec(spec, 'tief.json'),
      (error: unknown) => error instanceof SozialraumError && /^tief\.json: title must be a text/.test(error.message),
    );
  });

  test('a weight of 1e400 is named as Infinity, not null', () => {
    const spec = { ...baseSpec(), combination: { method: 'weighted-mean' }, indicators: [{ column: 'S1', weight: Number.POSITIVE_INFINITY }] };
    assert.throws(
      () => validateIndexSpec(spec, 'w.json'),
      (error: unknown) => error instanceof SozialraumError && error.message === 'w.json: indicators[0].weight must be a number ≥ 0, found Infinity',
    );
  });

  test('values whose spread overflows are refused naming the column instead of giving every area z = 0', () => {
    const table = parseCsv('PLR_ID;S1\n01;1e300\n02;-1e300\n03;1e308\n04;5\n', { source: 'riesig.csv' });
    assert.throws(
      () => computeIndex(table, baseSpec(), { keyColumn: 'PLR_ID' }),
      (error: unknown) => error instanceof SozialraumError && error.code === 'bad-number' && /riesig\.csv.*S1/.test(error.message),
    );
  });

  test('a missing column in a table of 100,000 columns is named in a short message', () => {
    const names = Array.from({ length: 100_000 }, (_, index) => `c${index}`);
    const table = parseCsv(`${names.join(';')}\n${names.map((_, index) => index).join(';')}\n`, { source: 'breit.csv' });
    assert.throws(
      () => computeIndex(table, baseSpec(), { keyColumn: 'c0' }),
      (error: unknown) => error instanceof SozialraumError && error.message.length < 1000 && /breit\.csv: has no column "S1"/.test(error.message),
    );
  });
});

function baseSpec(): IndexSpec {
  return {
    specVersion: 1,
    id: 'probe',
    title: 'Probe',
    indicators: [{ column: 'S1' }],
    standardisation: { method: 'z-score' },
    combination: { method: 'sum' },
    classification: { method: 'quantile', classes: 2 },
  } as IndexSpec;
}

test('readFlatGeobuf of the whole Berlin file still reads 542 areas after the framing checks', async () => {
  const { collection, crs } = await readFlatGeobuf(await sampleBytes(`berlin/${FGB}`), { source: FGB });
  assert.equal(collection.features.length, 542);
  assert.equal(crs, 'EPSG:25833');
});
