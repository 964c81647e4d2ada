// The coverage weights of `sozialraum aggregate` in Node worker threads: the areas are packed into consecutive
// parts, each part is weighed by core's packedCoverageWeights in a worker, and the parts are joined in their order,
// so the result is the same to the last bit whatever the number of threads.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import {
  SozialraumError,
  assertValidGrid,
  concatCoverageWeights,
  coverageWeights,
  packAreas,
  packedBuffers,
  polygonsOf,
  transformer,
  type AreaCollection,
  type CoverageMethod,
  type CoverageWeights,
  type Grid,
  type IssueCode,
  type IssueLocation,
  type Message,
  type PackedAreas,
} from '@sozialraum/core';

/** One part of the areas to weigh, sent to a worker. */
export interface WeightsTask {
  kind: 'weights';
  part: number;
  areas: PackedAreas;
  grid: Grid;
  method: CoverageMethod;
}

/** A worker's failure: a SozialraumError in its parts, rebuilt on this side, or the text of a fault of the program. */
export type WorkerFailure = { failure: { code: IssueCode; text: Message; location: IssueLocation } } | { fault: string };

/** A worker's answer: the part's weights, or what went wrong. */
export type WeightsReply = { part: number } & ({ weights: CoverageWeights } | WorkerFailure);

/** The error a worker reported, as this side throws it. */
export function restoreFailure(reply: WorkerFailure): Error {
  if ('failure' in reply) return SozialraumError.restore(reply.failure.code, reply.failure.text, reply.failure.location);
  return new Error(`a worker thread failed: ${reply.fault}`);
}

/** The threads used when --threads is not given: the cores there are, up to four (the work is memory-bound beyond). */
export function defaultThreads(): number {
  return Math.max(1, Math.min(4, availableParallelism()));
}

/**
 * Unless the threads are asked for, fewer than this many vertices per thread stay in this process: a worker costs
 * some 0.2 s of CPU time to start and to load the core (the ES modules and proj4), in which this process weighs
 * about as many vertices itself. Berlin's 542 Planungsräume (200,000 vertices) stay, Germany's municipalities go.
 */
export const POSITIONS_PER_THREAD = 250_000;
/** Parts per thread: several, so that a thread that drew large areas does not leave the others waiting at the end. */
const PARTS_PER_THREAD = 4;

export interface ThreadedWeightsOptions {
  method: CoverageMethod;
  /** Called with the areas done and the total, after each part. */
  onProgress?: ((done: number, total: number) => void) | undefined;
}

/**
 * Worker threads for the coverage weights, started before the raster is read so that they load the core while the
 * main thread reads. With `threads` of 1 (or areas too small to share) everything runs in this process and no
 * thread is started. Close it when done: its workers hold the process open.
 */
export class WeightsThreads {
  readonly #workers: Worker[] = [];
  /** Of the areas the threads were started for, which are usually the areas weighed. */
  readonly #areas: AreaCollection;
  readonly #cumulative: Float64Array;
  #queue: Promise<unknown> = Promise.resolve();

  /**
   * `threads` as asked for (never more than there are areas); undefined for the default, the cores up to four, fewer
   * when the areas have too few vertices to share.
   */
  constructor(areas: AreaCollection, threads: number | undefined) {
    this.#areas = areas;
    this.#cumulative = cumulativePositions(areas);
    const worth = Math.floor(this.#cumulative[areas.features.length]! / POSITIONS_PER_THREAD);
    const count = Math.max(1, Math.min(threads ?? Math.min(defaultThreads(), worth), areas.features.length));
    if (count < 2) return;
    for (let index = 0; index < count; index += 1) this.#workers.push(new Worker(new URL('../aggregate-worker.js', import.meta.url)));
  }

  /** The threads that weigh the areas; 1 when the work stays in this process. */
  get threads(): number {
    return this.#workers.length || 1;
  }

  /**
   * The coverage weights of the areas, equal to core's coverageWeights(areas, grid, options). Calls are served one
   * after the other: the workers listen to one of them at a time.
   */
  weights(areas: AreaCollection, grid: Grid, options: ThreadedWeightsOptions): Promise<CoverageWeights> {
    const result = this.#queue.then(() => this.#weigh(areas, grid, options));
    this.#queue = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }

  async #weigh(areas: AreaCollection, grid: Grid, options: ThreadedWeightsOptions): Promise<CoverageWeights> {
    const total = areas.features.length;
    if (this.#workers.length === 0 || total < 2) return coverageWeights(areas, grid, { method: options.method, onProgress: options.onProgress });
    // What would fail in every worker fails here, before any work is sent.
    assertValidGrid(grid);
    if (areas.crs !== grid.crs) transformer(areas.crs, grid.crs, areas.source);
    const cumulative = areas === this.#areas ? this.#cumulative : cumulativePositions(areas);
    const ranges = splitByPositions(cumulative, Math.min(total, this.#workers.length * PARTS_PER_THREAD));
    const results = new Array<CoverageWeights>(ranges.length);
    let next = 0;
    let done = 0;
    // When one worker fails, the others finish the part they hold and take no other, and the call ends only then,
    // with every listener removed: a later call numbers its parts from 0 again, and a reply still on its way from this
    // one must not be taken for one of them.
    let failed = false;
    const work = (worker: Worker): Promise<void> =>
      new Promise<void>((resolve, reject) => {
        const end = (finish: () => void) => {
          worker.off('message', onMessage);
          worker.off('error', onError);
          finish();
        };
        const sendNext = () => {
          if (failed || next >= ranges.length) {
            end(resolve);
            return;
          }
          const part = next;
          next += 1;
          const [from, to] = ranges[part]!;
          const packed = packAreas(
            areas,
            Array.from({ length: to - from }, (_, k) => from + k),
          );
          const task: WeightsTask = { kind: 'weights', part, areas: packed, grid, method: options.method };
          worker.postMessage(task, packedBuffers(packed));
        };
        const onError = (error: unknown) => {
          failed = true;
          end(() => reject(error));
        };
        const onMessage = (reply: WeightsReply) => {
          if (!('weights' in reply)) {
            onError(restoreFailure(reply));
            return;
          }
          results[reply.part] = reply.weights;
          const [from, to] = ranges[reply.part]!;
          done += to - from;
          options.onProgress?.(done, total);
          sendNext();
        };
        worker.on('message', onMessage);
        worker.on('error', onError);
        sendNext();
      });
    const settled = await Promise.allSettled(this.#workers.map(work));
    const failure = settled.find((outcome) => outcome.status === 'rejected');
    if (failure) throw failure.reason;
    return concatCoverageWeights(results);
  }

  /** Ends the workers. */
  async close(): Promise<void> {
    await Promise.all(this.#workers.splice(0).map((worker) => worker.terminate()));
  }
}

/** Vertices of the areas before each area: entry i counts those of areas 0 … i - 1, the last all of them. */
function cumulativePositions(areas: AreaCollection): Float64Array {
  const cumulative = new Float64Array(areas.features.length + 1);
  areas.features.forEach((feature, index) => {
    let count = 0;
    for (const polygon of polygonsOf(feature.geometry)) for (const ring of polygon) count += ring.length;
    cumulative[index + 1] = cumulative[index]! + count;
  });
  return cumulative;
}

/** Consecutive ranges [from, to) of the areas with about the same number of vertices each, none empty. */
function splitByPositions(cumulative: Float64Array, parts: number): [number, number][] {
  const total = cumulative.length - 1;
  const ranges: [number, number][] = [];
  let from = 0;
  for (let part = 1; part <= parts && from < total; part += 1) {
    const target = (cumulative[total]! * part) / parts;
    let to = from + 1;
    while (to < total && cumulative[to]! < target) to += 1;
    if (part === parts) to = total;
    ranges.push([from, to]);
    from = to;
  }
  return ranges;
}
