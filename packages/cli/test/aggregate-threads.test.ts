import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { availableParallelism } from 'node:os';
import { coverageWeights, loadAreas, readZensusGrid, type AreaCollection, type CoverageWeights, type Grid } from '@sozialraum/core';
import { BERLIN_GEOJSON, SAMPLES, aggregateBerlin, cli, spawnCli, tempDirectory } from './helpers.js';

const GRID_CSV = join(SAMPLES, 'berlin/zensus2011_einwohner_100m.csv');
const GRID_TIF = join(SAMPLES, 'berlin/zensus2011_einwohner_100m.tif');
/** Every statistic there is, so that each is compared. */
const STATS = 'sum,mean,count,min,max,coverage';

let temp: Awaited<ReturnType<typeof tempDirectory>>;
before(async () => (temp = await tempDirectory()));
after(async () => temp.remove());

/** The CSV `sozialraum aggregate` writes for the Berlin Planungsräume with the given input and number of threads. */
async function aggregate(input: string[], threads: number, name: string): Promise<{ code: number; stderr: string; csv: string }> {
  const out = temp.file(name);
  const result = await aggregateBerlin([...input, '--stats', STATS, '--threads', String(threads), '--out', out]);
  return { code: result.code, stderr: result.stderr, csv: await readFile(out, 'utf8') };
}

for (const [what, input] of [
  ['GeoTIFF', ['--raster', GRID_TIF]],
  ['Zensus grid table', ['--grid', GRID_CSV, '--value', 'Einwohner']],
] as const) {
  test(`Berlin ${what}: weighed in 2 or 3 worker threads, every Planungsraum gets what it gets in this process, to the last digit`, async () => {
    const single = await aggregate([...input], 1, 'single.csv');
    assert.equal(single.code, 0, single.stderr);
    assert.equal(single.csv.trim().split('\n').length, 543);
    for (const threads of [2, 3]) {
      const threaded = await aggregate([...input], threads, `threads-${threads}.csv`);
      assert.equal(threaded.code, 0, threaded.stderr);
      assert.equal(threaded.csv, single.csv, `${threads} threads`);
      // Progress counts the areas alike, whoever weighs them.
      assert.match(threaded.stderr, /aggregate: 542 of 542 areas/);
    }
  });
}

test('the installed command uses real worker threads and says nothing of polyfills; --threads takes whole numbers from 1', async () => {
  const out = temp.file('spawned.csv');
  const result = await spawnCli(
    ['aggregate', '--areas', BERLIN_GEOJSON, '--id-field', 'PLR_ID', '--raster', GRID_TIF, '--threads', '2', '--out', out],
    process.cwd(),
  );
  assert.equal(result.code, 0, result.stderr);
  assert.doesNotMatch(result.stderr, /worker_threads not available|tiny-worker|polyfill/i);
  const refused = await cli(['aggregate', '--areas', BERLIN_GEOJSON, '--id-field', 'PLR_ID', '--raster', GRID_TIF, '--threads', '0']);
  assert.equal(refused.code, 2);
  assert.match(refused.stderr, /--threads must be a whole number from 1, not "0"/);
  const points = await cli(['aggregate', '--areas', BERLIN_GEOJSON, '--id-field', 'PLR_ID', '--points', GRID_CSV, '--threads', '2']);
  assert.equal(points.code, 2);
  assert.match(points.stderr, /--threads applies to --grid and --raster only/);
});

test('a large GeoTIFF is read in a worker thread while the areas load, with the result it has when read in this process', async () => {
  // The Berlin GeoTIFF with 5 MB of zeros after its last byte, which no reader looks at: large enough for the thread.
  const bytes = await readFile(GRID_TIF);
  const padded = temp.file('padded.tif');
  await writeFile(padded, Buffer.concat([bytes, Buffer.alloc(5 << 20)]));
  const inProcess = await aggregate(['--raster', GRID_TIF], 1, 'small.csv');
  const inThread = await aggregate(['--raster', padded], 1, 'padded.csv');
  assert.equal(inThread.code, 0, inThread.stderr);
  assert.equal(inThread.csv, inProcess.csv);
  // A file that is no GeoTIFF is refused from the thread with the message it gets in this process.
  const notTiff = temp.file('not.tif');
  await writeFile(notTiff, Buffer.alloc(5 << 20, 0x41));
  const refused = await cli(['aggregate', '--areas', BERLIN_GEOJSON, '--id-field', 'PLR_ID', '--raster', notTiff, '--out', temp.file('never.csv')]);
  assert.equal(refused.code, 2);
  assert.match(refused.stderr, /not\.tif: is not a readable GeoTIFF/);
});

test('when the areas cannot be read, the thread reading a large GeoTIFF ends with them and does not hold the process', async () => {
  const bytes = await readFile(GRID_TIF);
  const padded = temp.file('padded-no-areas.tif');
  await writeFile(padded, Buffer.concat([bytes, Buffer.alloc(5 << 20)]));
  const missing = temp.file('no-such-areas.geojson');
  const refused = await cli(['aggregate', '--areas', missing, '--id-field', 'PLR_ID', '--raster', padded, '--out', temp.file('never.csv')]);
  assert.equal(refused.code, 2);
  assert.match(refused.stderr, /no-such-areas\.geojson: cannot be read/);
  // The command returns once the GeoTIFF's bytes are read and no thread reads them any more (a worker thread shows
  // as a MessagePort among the active resources); the wait is for a command that returns before that.
  assert.deepEqual(
    process.getActiveResourcesInfo().filter((resource) => resource === 'FSReqPromise' || resource === 'MessagePort'),
    [],
  );
  while (process.getActiveResourcesInfo().includes('FSReqPromise')) await new Promise((resolve) => setTimeout(resolve, 5));
  await new Promise((resolve) => setTimeout(resolve, 50));
  assert.deepEqual(
    process.getActiveResourcesInfo().filter((resource) => resource === 'MessagePort'),
    [],
  );
});

test('after a call that failed in a worker, the next call on the same threads gets its own weights', async () => {
  // The threads of the command; the test is compiled beside the commands, so it loads them from there.
  const { WeightsThreads } = (await import(new URL('../commands/aggregate-threads.js', import.meta.url).href)) as {
    WeightsThreads: new (
      areas: AreaCollection,
      threads: number,
    ) => { weights(areas: AreaCollection, grid: Grid, options: { method: 'exact' }): Promise<CoverageWeights>; close(): Promise<void> };
  };
  const areas = await loadAreas(new Uint8Array(await readFile(BERLIN_GEOJSON)), { source: 'lor_planungsraeume_2021.geojson', idField: 'PLR_ID' });
  const { grid } = readZensusGrid(await readFile(GRID_CSV, 'utf8'), { source: 'zensus2011_einwohner_100m.csv', value: 'Einwohner' });
  // A grid whose column count this process reads from its prototype: the copy a worker gets has none, so every part
  // fails there, at once in one worker and while the others still weigh theirs.
  const { columns, ...rest } = grid;
  const broken = Object.assign(Object.create({ columns }) as Grid, rest);
  const threads = new WeightsThreads(areas, 3);
  try {
    await assert.rejects(threads.weights(areas, broken, { method: 'exact' }), /not a valid grid/);
    const weights = await threads.weights(areas, grid, { method: 'exact' });
    const expected = coverageWeights(areas, grid, { method: 'exact' });
    assert.deepEqual(weights.ids, expected.ids);
    assert.deepEqual(Array.from(weights.areaCells), Array.from(expected.areaCells));
    assert.deepEqual(Array.from(weights.partialCells), Array.from(expected.partialCells));
    assert.deepEqual(Array.from(weights.runStarts), Array.from(expected.runStarts));
  } finally {
    await threads.close();
  }
});

test("--threads help says when threads start, as they do: from two threads' worth of vertices, one per 250,000", async () => {
  const { WeightsThreads } = (await import(new URL('../commands/aggregate-threads.js', import.meta.url).href)) as {
    WeightsThreads: new (areas: AreaCollection, threads: number | undefined) => { threads: number; close(): Promise<void> };
  };
  const help = (await cli(['aggregate', '--help'])).stdout.replace(/\s+/g, ' ');
  assert.match(help, /default: from 500,000 vertices, one per 250,000, no more than the cores, up to 4; 1: none/);
  // Two areas, each a ring of `vertices` points: just under and at 500,000 vertices in all.
  const areasOf = async (vertices: number) => {
    const ring = Array.from({ length: vertices - 1 }, (_, k) => [
      13 + 0.01 * Math.cos((2 * Math.PI * k) / (vertices - 1)),
      52.5 + 0.01 * Math.sin((2 * Math.PI * k) / (vertices - 1)),
    ]);
    ring.push(ring[0]!);
    const features = ['a', 'b'].map((id, index) => ({
      type: 'Feature',
      properties: { id },
      geometry: { type: 'Polygon', coordinates: [ring.map(([x, y]) => [x! + index * 0.05, y!])] },
    }));
    const text = JSON.stringify({ type: 'FeatureCollection', features });
    return loadAreas(new TextEncoder().encode(text), { source: 'rings.geojson', idField: 'id' });
  };
  for (const [vertices, expected] of [
    [249_999, 1],
    [250_000, Math.min(2, availableParallelism())],
  ] as const) {
    const threads = new WeightsThreads(await areasOf(vertices), undefined);
    try {
      assert.equal(threads.threads, expected, `2 × ${vertices} vertices`);
    } finally {
      await threads.close();
    }
  }
});
