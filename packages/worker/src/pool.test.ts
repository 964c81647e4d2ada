/// <reference types="mocha" />
// The worker pool in Chromium, on jobs small enough to check by hand: results from workers and from the main
// thread, progress, cancellation, transferred buffers, errors that keep their file and code, and the fallback
// where workers cannot start.
import { expect } from 'chai';
import { SozialraumError, assignByPrefix, dissolveParents, loadAreas, type AreaCollection, type Grid } from '@sozialraum/core';
import { WorkerPool, aggregateAreas, packAreas, type AreaAggregate } from './index.js';
import { TINY_EXPECTED, TINY_GRID, tinyAreas, tinyValues } from './test/tiny.js';

const STATS = ['sum', 'density', 'count', 'mean'] as const;

function expectTiny(result: AreaAggregate[]): void {
  expect(result.map((area) => area.id)).to.deep.equal(['A', 'B']);
  result.forEach((area, index) => {
    const expected = TINY_EXPECTED[index]!;
    for (const name of STATS) expect(area[name], `${area.id} ${name}`).to.be.closeTo(expected[name], 1e-9);
  });
}

/** Many round areas with many vertices on a large grid: long enough to cancel in the middle. */
function heavyJob(): { areas: AreaCollection; grid: Grid; values: Float64Array } {
  const grid: Grid = { crs: 'EPSG:3035', originX: 4_000_000, originY: 3_100_000, cellWidth: 100, cellHeight: 100, columns: 1000, rows: 1000 };
  const features: AreaCollection['features'] = [];
  const ids: string[] = [];
  for (let i = 0; i < 400; i += 1) {
    const cx = grid.originX + 5_000 + (i % 20) * 4_500;
    const cy = grid.originY - 5_000 - Math.floor(i / 20) * 4_500;
    const ring = Array.from({ length: 3_001 }, (_, k) => {
      const angle = ((k % 3_000) / 3_000) * 2 * Math.PI;
      return [cx + 2_000 * Math.cos(angle), cy + 2_000 * Math.sin(angle)];
    });
    ids.push(`R${i}`);
    features.push({ type: 'Feature', properties: { id: `R${i}` }, geometry: { type: 'Polygon', coordinates: [ring] } });
  }
  const values = Float64Array.from({ length: grid.columns * grid.rows }, (_, cell) => cell % 7);
  return { areas: { source: 'heavy.geojson', crs: 'EPSG:3035', idField: 'id', nameField: undefined, features, ids, issues: [] }, grid, values };
}

describe('WorkerPool', () => {
  const pools: WorkerPool[] = [];
  const pool = (options: ConstructorParameters<typeof WorkerPool>[0]) => {
    const created = new WorkerPool(options);
    pools.push(created);
    return created;
  };

  afterEach(() => {
    for (const created of pools.splice(0)) created.dispose();
  });

  it('is sized to the machine: every core but one, at least one', () => {
    const created = pool({});
    expect(created.size).to.equal(Math.max(1, navigator.hardwareConcurrency - 1));
    expect(pool({ size: 0 }).size).to.equal(0);
    expect(pool({ size: 0 }).onMainThread).to.equal(true);
  });

  it('aggregates the tiny job in two workers, with progress up to the total, and ends idle workers on dispose', async () => {
    const workers = pool({ size: 2 });
    const progress: [number, number][] = [];
    const result = await aggregateAreas(
      workers,
      { areas: tinyAreas(), raster: { grid: TINY_GRID, values: tinyValues() }, method: 'exact', stats: STATS },
      { chunks: 2, onProgress: (done, total) => progress.push([done, total]) },
    );
    expectTiny(result);
    expect(workers.onMainThread).to.equal(false);
    expect(workers.fallbackReason).to.equal(undefined);
    expect(workers.liveWorkers).to.equal(2);
    expect(workers.busyWorkers).to.equal(0);
    expect(progress.at(-1)).to.deep.equal([2, 2]);
    for (let i = 1; i < progress.length; i += 1) expect(progress[i]![0]).to.be.greaterThan(progress[i - 1]![0]);
    workers.dispose();
    expect(workers.liveWorkers).to.equal(0);
  });

  it('gives the same results on the main thread with size 0, starting no worker', async () => {
    const mainThread = pool({ size: 0 });
    const progress: number[] = [];
    const result = await aggregateAreas(
      mainThread,
      { areas: tinyAreas(), raster: { grid: TINY_GRID, values: tinyValues() }, stats: STATS },
      { onProgress: (done) => progress.push(done) },
    );
    expectTiny(result);
    expect(mainThread.liveWorkers).to.equal(0);
    expect(progress.at(-1)).to.equal(2);
  });

  it('transfers the input buffers to the worker instead of copying them, and the output back', async () => {
    const workers = pool({ size: 1 });
    const bytes = new TextEncoder().encode('GITTER_ID_100m;Einwohner\nCRS3035RES100mN3000000E4000000;7\nCRS3035RES100mN3000100E4000100;5\n').buffer;
    const grid = await workers.run('zensus-grid', { bytes, source: 'mini.csv', value: 'Einwohner' }, { transfer: [bytes] });
    expect(bytes.byteLength, 'the bytes moved to the worker').to.equal(0);
    expect(grid.values).to.be.instanceOf(Float64Array);
    expect(Array.from(grid.values)).to.deep.equal([0, 5, 7, 0]);
    expect(grid.grid).to.include({ crs: 'EPSG:3035', columns: 2, rows: 2 });
  });

  it('passes errors back with their code and the file they name', async () => {
    const workers = pool({ size: 1 });
    const bytes = new TextEncoder().encode('Name;Wert\nMitte;3\n').buffer;
    let caught: unknown;
    await workers.run('zensus-grid', { bytes, source: 'tabelle.csv', value: 'Wert' }, { transfer: [bytes] }).catch((error: unknown) => {
      caught = error;
    });
    expect(caught).to.be.instanceOf(SozialraumError);
    expect((caught as SozialraumError).code).to.equal('unknown-field');
    expect((caught as SozialraumError).location.source).to.equal('tabelle.csv');
    expect((caught as Error).message).to.match(/^tabelle\.csv: no grid cell column/);
    expect((caught as SozialraumError).localised('de'), 'the German text crosses the thread too').to.match(/^tabelle\.csv: keine Spalte für die Gitterzelle/);
    expect(workers.liveWorkers, 'a failed task leaves its worker usable').to.equal(1);
  });

  it('passes data issues back with their German and English text', async () => {
    const workers = pool({ size: 1 });
    const bytes = new TextEncoder().encode('GITTER_ID_100m;Einwohner\nCRS3035RES100mN3000000E4000000;sieben\n').buffer;
    const grid = await workers.run('zensus-grid', { bytes, source: 'mini.csv', value: 'Einwohner' }, { transfer: [bytes] });
    const [found] = grid.issues;
    expect(found?.message).to.equal('mini.csv, row 2, column "Einwohner": "sieben" is not a number; the cell counts as without value');
    expect(found?.text.de).to.equal('mini.csv, Zeile 2, Spalte „Einwohner“: „sieben“ ist keine Zahl; die Zelle gilt als ohne Wert');
  });

  it('cancels a running job: the promise rejects as aborted, progress stops, and no worker remains', async () => {
    const workers = pool({ size: 2 });
    const { areas, grid, values } = heavyJob();
    const controller = new AbortController();
    const progress: number[] = [];
    let abortedAt = -1;
    const job = aggregateAreas(
      workers,
      { areas, raster: { grid, values } },
      {
        signal: controller.signal,
        onProgress: (done) => {
          progress.push(done);
          if (abortedAt < 0) {
            abortedAt = progress.length;
            controller.abort();
          }
        },
      },
    );
    let caught: unknown;
    await job.catch((error: unknown) => {
      caught = error;
    });
    expect(caught).to.be.instanceOf(SozialraumError);
    expect((caught as SozialraumError).code).to.equal('aborted');
    expect(workers.liveWorkers).to.equal(0);
    expect(workers.queuedTasks).to.equal(0);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(progress.length, 'no progress after the cancel').to.equal(abortedAt);
    expect(progress.at(-1)).to.be.lessThan(areas.features.length);
  });

  it('cancels before the start without starting a worker', async () => {
    const workers = pool({ size: 2 });
    const controller = new AbortController();
    controller.abort();
    let caught: unknown;
    await aggregateAreas(workers, { areas: tinyAreas(), raster: { grid: TINY_GRID, values: tinyValues() } }, { signal: controller.signal }).catch(
      (error: unknown) => {
        caught = error;
      },
    );
    expect((caught as SozialraumError).code).to.equal('aborted');
    expect(workers.liveWorkers).to.equal(0);
  });

  it('falls back to the main thread with the same results when a worker cannot be created', async () => {
    const refused = pool({
      size: 2,
      createWorker: () => {
        throw new DOMException('Refused by the Content-Security-Policy', 'SecurityError');
      },
    });
    const result = await aggregateAreas(refused, { areas: tinyAreas(), raster: { grid: TINY_GRID, values: tinyValues() }, stats: STATS });
    expectTiny(result);
    expect(refused.onMainThread).to.equal(true);
    expect(refused.fallbackReason).to.match(/could not be created.*Content-Security-Policy/);
    expect(refused.liveWorkers).to.equal(0);
  });

  it('falls back to the main thread when the worker script cannot be loaded', async () => {
    const missing = pool({ size: 1, createWorker: () => new Worker(new URL('./no-such.worker.js', import.meta.url), { type: 'module' }) });
    const progress: number[] = [];
    const result = await aggregateAreas(
      missing,
      { areas: tinyAreas(), raster: { grid: TINY_GRID, values: tinyValues() }, stats: STATS },
      { onProgress: (done) => progress.push(done) },
    );
    expectTiny(result);
    expect(missing.fallbackReason).to.match(/could not be started/);
    expect(missing.liveWorkers).to.equal(0);
    expect(progress.at(-1)).to.equal(2);
  });

  it('ends an idle worker after the idle timeout', async () => {
    const workers = pool({ size: 1, idleTimeout: 50 });
    await aggregateAreas(workers, { areas: tinyAreas(), raster: { grid: TINY_GRID, values: tinyValues() } });
    expect(workers.liveWorkers).to.equal(1);
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(workers.liveWorkers).to.equal(0);
  });

  it('dissolves the 542 Berlin Planungsräume into the 12 Bezirke in a worker, as core does on the main thread', async function () {
    this.timeout(60_000);
    const url = '/data-samples/berlin/lor_planungsraeume_2021.geojson';
    const base = await loadAreas(new Uint8Array(await (await fetch(url)).arrayBuffer()), { source: url, idField: 'PLR_ID' });
    const assignment = assignByPrefix(base.ids, 2, { source: base.source });
    const request = () => ({ areas: packAreas(base), parentIds: assignment.parentIds, childrenOf: [...assignment.childrenOf], idField: 'key', source: 'BEZ' });
    const worker = pool({ size: 1 });
    const dissolved = await worker.run('dissolve', request());
    expect(worker.onMainThread).to.equal(false);
    const expected = dissolveParents(base, assignment, { idField: 'key', source: 'BEZ' });
    expect(dissolved.ids).to.deep.equal(expected.ids);
    expect(dissolved.ids).to.have.length(12);
    expect(dissolved.features.map((feature) => feature.properties!['children'])).to.deep.equal(
      expected.features.map((feature) => feature.properties!['children']),
    );
    expect(dissolved.features.map((feature) => feature.geometry)).to.deep.equal(expected.features.map((feature) => feature.geometry));
  });

  it('refuses work once disposed', async () => {
    const workers = pool({ size: 1 });
    workers.dispose();
    let caught: unknown;
    await workers.run('zensus-grid', { bytes: new ArrayBuffer(0), source: 'x.csv', value: 'v' }).catch((error: unknown) => {
      caught = error;
    });
    expect((caught as SozialraumError).code).to.equal('aborted');
  });
});
