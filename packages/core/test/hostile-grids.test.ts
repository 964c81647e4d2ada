// Broken and hostile grids: truncated and garbage GeoTIFFs and Zensus grid tables get a SozialraumError that names
// the file (or an issue naming the row), never another exception, a hang or a silent wrong grid.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SozialraumError, readGeoTiff, readZensusGrid } from '@sozialraum/core';
import { sampleBytes } from './samples.js';

const TIF = 'berlin/zensus2011_einwohner_100m.tif';
const CSV = 'berlin/zensus2011_einwohner_100m.csv';

/** Deterministic garbage (a linear congruential generator), so every run feeds the same bytes. */
function garbage(length: number, seed: number): Uint8Array {
  const bytes = new Uint8Array(length);
  let state = seed;
  for (let index = 0; index < length; index += 1) {
    state = (state * 1103515245 + 12345) >>> 0;
    bytes[index] = state >>> 24;
  }
  return bytes;
}

async function settle<T>(work: () => Promise<T> | T): Promise<{ value?: T; error?: unknown }> {
  try {
    return { value: await work() };
  } catch (error) {
    return { error };
  }
}

function assertNamedError(error: unknown, source: string): void {
  assert.ok(error instanceof SozialraumError, `expected a SozialraumError, got ${String(error)}`);
  assert.ok(error.message.startsWith(`${source}:`), error.message);
}

test('a GeoTIFF cut anywhere is refused with a message naming it, or read whole when the cut spares the data', async () => {
  const bytes = await sampleBytes(TIF);
  const whole = await readGeoTiff(bytes, { source: 'zensus.tif' });
  for (let part = 0; part < 10; part += 1) {
    const cut = bytes.slice(0, Math.floor((bytes.length * part) / 10));
    const outcome = await settle(() => readGeoTiff(cut, { source: 'zensus.tif' }));
    if (outcome.error !== undefined) {
      assertNamedError(outcome.error, 'zensus.tif');
      continue;
    }
    // A read that succeeds must be the full grid: zero-filled tiles would be a silent wrong answer.
    const values = outcome.value!.values;
    let sum = 0;
    for (let index = 0; index < values.length; index += 1) if (Number.isFinite(values[index]!)) sum += values[index]!;
    assert.equal(sum, 3_763_471, `cut at ${part}/10 read a grid that sums to ${sum}`);
  }
  assert.equal(whole.grid.columns, 477);
});

test('garbage and other files given as a GeoTIFF are refused with a message naming the file', async () => {
  const cases: [string, Uint8Array][] = [
    ['random.tif', garbage(1_000_000, 7)],
    ['empty.tif', new Uint8Array()],
    ['text.tif', new TextEncoder().encode('PLR_ID;EW\n01100101;3419\n')],
    ['tiff-header-only.tif', new Uint8Array([0x49, 0x49, 0x2a, 0x00, 0x08, 0x00, 0x00, 0x00])],
    ['tiff-then-garbage.tif', new Uint8Array([0x49, 0x49, 0x2a, 0x00, 0x08, 0x00, 0x00, 0x00, ...garbage(4096, 3)])],
  ];
  for (const [name, bytes] of cases) {
    const outcome = await settle(() => readGeoTiff(bytes, { source: name }));
    assert.ok(outcome.error !== undefined, `${name} was read as a raster`);
    assertNamedError(outcome.error, name);
  }
});

test('a Zensus grid table cut anywhere reads the complete rows and names the broken last row, or is refused', async () => {
  const text = new TextDecoder().decode(await sampleBytes(CSV));
  for (let part = 1; part < 10; part += 1) {
    const cut = text.slice(0, Math.floor((text.length * part) / 10));
    const outcome = await settle(() => readZensusGrid(cut, { source: 'zensus.csv', value: 'Einwohner' }));
    if (outcome.error !== undefined) {
      assertNamedError(outcome.error, 'zensus.csv');
      continue;
    }
    const { cells, issues } = outcome.value!;
    const completeRows = cut.split('\n').length - 2;
    assert.ok(cells >= completeRows - 1 && cells <= completeRows + 1, `cut at ${part}/10: ${cells} cells of ${completeRows} complete rows`);
    for (const entry of issues) assert.ok(entry.message.startsWith('zensus.csv'), entry.message);
  }
});

test('garbage in a Zensus grid table gives issues naming the rows, and a table of nothing but garbage is refused', () => {
  const header = 'GITTER_ID_100m;x_mp_100m;y_mp_100m;Einwohner';
  const table = [
    header,
    'CRS3035RES100mN3252800E4530000;4530050;3252850;12',
    'CRS3035RES100mNxyzE4530000;4530050;3252850;7',
    'CRS3035RES100mN3252900E4530000;4530050;3252950;<img src=x onerror=alert(1)>',
    'CRS3035RES100mN3253000E4530000;1e308;-1e308;5',
    'CRS3035RES100mN3253100E4530000;4530050;3253150;1e400',
    ';;;',
  ].join('\n');
  const outcome = readZensusGrid(table, { source: 'kaputt.csv', value: 'Einwohner' });
  assert.ok(outcome.issues.length >= 3, JSON.stringify(outcome.issues.map((entry) => entry.message)));
  for (const entry of outcome.issues) {
    assert.ok(entry.message.startsWith('kaputt.csv'), entry.message);
  }
  assert.ok(outcome.issues.some((entry) => entry.row === 3));
  assert.ok(outcome.issues.some((entry) => entry.row === 4 && entry.message.includes('<img src=x onerror=alert(1)>')));
  assert.throws(
    () => readZensusGrid(`${header}\nfoo;bar;baz;qux\n`, { source: 'nur-muell.csv', value: 'Einwohner' }),
    (error: unknown) => error instanceof SozialraumError && error.message.startsWith('nur-muell.csv:'),
  );
  assert.throws(
    () => readZensusGrid(new TextDecoder('latin1').decode(garbage(100_000, 11)), { source: 'binaer.csv', value: 'Einwohner' }),
    (error: unknown) => error instanceof SozialraumError && error.message.startsWith('binaer.csv'),
  );
});
