// Hostile files for core's readers: truncated GeoJSON and FlatGeobuf, and 100 MB of garbage. Each must end in a
// SozialraumError whose message names the file (and the feature), never another exception, never a hang.
// The messages asserted here are the ones a user sees; the project's closing note lists them.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as core from '@sozialraum/core';
import { loadAreas, readFlatGeobuf, streamFlatGeobuf } from '@sozialraum/core';
import { sampleBytes } from './samples.js';
import { GEOJSON, FGB, type Outcome, outcome, seededBytes, inWorker, assertError, featureEnds, withHeader } from './hostile-helpers.js';

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

test('readFlatGeobuf of the whole Berlin file still reads 542 areas after the framing checks', async () => {
  const { collection, crs } = await readFlatGeobuf(await sampleBytes(`berlin/${FGB}`), { source: FGB });
  assert.equal(collection.features.length, 542);
  assert.equal(crs, 'EPSG:25833');
});
