// Raster or grid values onto Sozialräume in a WorkerPool: the areas split into chunks, each with the raster window
// under it, computed in parallel, and put back together in the areas' order.
import { SozialraumError, message, type AreaCollection, type CoverageMethod, type Grid, type RasterArray } from '@sozialraum/core';
import { areaExtents, packAreas, unionExtent } from './packed-areas.js';
import { cropRaster, gridWindow, transformExtent } from './raster-window.js';
import type { WorkerPool } from './pool.js';
import type { AggregateChunkResult, AreaStatisticName } from './tasks.js';

export interface AggregateRequest {
  areas: AreaCollection;
  /** The raster: its grid and one value per cell (a Zensus grid, a GeoTIFF band or window). It is not changed. */
  raster: { grid: Grid; values: RasterArray; nodata?: number | undefined };
  /** [method='exact'] How cells are assigned to areas; see core's CoverageMethod. */
  method?: CoverageMethod;
  /** [stats=['sum']] The statistics per area. */
  stats?: readonly AreaStatisticName[];
  /** Name of the raster, for messages. */
  source?: string;
}

export interface AggregateOptions {
  signal?: AbortSignal | undefined;
  /** Areas done of the total, rising to the total. */
  onProgress?: ((done: number, total: number) => void) | undefined;
  /** [chunks=2 per worker, or about 24 areas each on the main thread] Into how many parts the areas are split. */
  chunks?: number;
}

/** The statistics of one area; only those asked for are present. NaN where there is no value (a mean over no cells). */
export type AreaAggregate = { id: string } & Partial<Record<AreaStatisticName, number>>;

/** Areas per chunk on the main thread: small enough that the page paints progress and hears a cancel between chunks. */
const MAIN_THREAD_CHUNK = 24;
const CHUNKS_PER_WORKER = 2;

/**
 * Aggregates a raster onto the areas in the pool's workers (or on the main thread, see WorkerPool). The areas are
 * ordered from north to south and split into chunks; each chunk gets only the raster window under it, copied once
 * and transferred with the chunk's packed geometry, so no worker receives the whole raster and nothing is cloned.
 * The result has one entry per area, in the areas' order, equal to core's `zonalStatistics` over
 * `coverageWeights` on the whole raster. A failing chunk cancels the others; cancelling through the signal ends
 * the workers and rejects with an 'aborted' SozialraumError.
 */
export async function aggregateAreas(pool: WorkerPool, request: AggregateRequest, options: AggregateOptions = {}): Promise<AreaAggregate[]> {
  const { areas, raster } = request;
  const method = request.method ?? 'exact';
  const stats = request.stats?.length ? [...new Set(request.stats)] : (['sum'] as AreaStatisticName[]);
  const source = request.source ?? areas.source;
  const { signal, onProgress } = options;
  const cancelled = () =>
    new SozialraumError('aborted', message('the aggregation was cancelled', 'die Aggregation wurde abgebrochen'), { source }, { cause: signal?.reason });
  if (signal?.aborted) throw cancelled();
  const total = areas.features.length;
  if (total === 0) return [];

  const workers = await pool.warm();
  if (signal?.aborted) throw cancelled();
  const chunkCount = Math.max(1, Math.min(total, options.chunks ?? (workers ? pool.size * CHUNKS_PER_WORKER : Math.ceil(total / MAIN_THREAD_CHUNK))));

  // North to south, so that each chunk's window is a compact band of the raster.
  const extents = areaExtents(areas);
  const order = [...areas.features.keys()].sort((a, b) => extents[b * 4 + 3]! + extents[b * 4 + 1]! - (extents[a * 4 + 3]! + extents[a * 4 + 1]!) || a - b);
  const chunks: number[][] = [];
  for (let chunk = 0; chunk < chunkCount; chunk += 1) {
    const from = Math.floor((chunk * total) / chunkCount);
    const to = Math.floor(((chunk + 1) * total) / chunkCount);
    if (to > from) chunks.push(order.slice(from, to));
  }

  const controller = new AbortController();
  const forward = () => controller.abort(signal?.reason);
  signal?.addEventListener('abort', forward, { once: true });
  const done = new Array<number>(chunks.length).fill(0);
  let reported = 0;
  const report = () => {
    const sum = done.reduce((a, b) => a + b, 0);
    if (sum > reported) {
      reported = sum;
      onProgress?.(sum, total);
    }
  };
  const result: AreaAggregate[] = areas.ids.map((id) => ({ id }));
  let failure: unknown;
  try {
    await Promise.all(
      chunks.map(async (indices, chunk) => {
        const extent = unionExtent(extents, indices);
        const window = gridWindow(raster.grid, extent ? transformExtent(extent, areas.crs, raster.grid.crs) : [0, 0, 0, 0]);
        const { grid, values } = cropRaster(raster.grid, raster.values, window);
        const packed = packAreas(areas, indices);
        let output: AggregateChunkResult;
        try {
          output = await pool.run(
            'aggregate',
            { areas: packed, grid, values, nodata: raster.nodata, method, stats },
            {
              signal: controller.signal,
              onProgress: (areasDone) => {
                done[chunk] = areasDone;
                report();
              },
              transfer: [
                packed.polygonOffsets.buffer,
                packed.ringOffsets.buffer,
                packed.positionOffsets.buffer,
                packed.coordinates.buffer,
                values.buffer as ArrayBuffer,
              ],
            },
          );
        } catch (error) {
          // The first real failure cancels the other chunks; their 'aborted' rejections are not the story.
          if (failure === undefined && !signal?.aborted) {
            failure = error;
            controller.abort(error);
          }
          throw error;
        }
        indices.forEach((areaIndex, position) => {
          const entry = result[areaIndex]!;
          for (const name of stats) entry[name] = output.columns[name]![position]!;
        });
        done[chunk] = indices.length;
        report();
      }),
    );
  } catch (error) {
    if (signal?.aborted) throw cancelled();
    throw failure ?? error;
  } finally {
    signal?.removeEventListener('abort', forward);
  }
  return result;
}
