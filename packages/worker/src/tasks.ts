// The work a pool runs, the same functions in a worker and on the main thread: one chunk of areas aggregated onto a
// raster window, and a Zensus grid CSV read into a raster.
import {
  SozialraumError,
  message,
  coverageWeights,
  decodeText,
  flatRingArea,
  readZensusGrid,
  transformer,
  zonalStatistics,
  type AggregationProtection,
  type AreaCollection,
  type CoverageFinding,
  type CoverageMethod,
  type DisclosureRow,
  type Grid,
  type ProtectedAggregation,
  type Proposal,
  type ProposalOptions,
  type RasterArray,
  type UnitLayer,
  type ValidateOptions,
  type ZensusGrid,
  type ZonalStatistic,
} from '@sozialraum/core';
import type { Position } from 'geojson';
import { unpackAreas, type PackedAreas } from './packed-areas.js';
import type { PackedTable } from './protocol.js';
import type { ReadTableRequest } from './read-table.js';
import type { PackedTopology } from './topology.js';

/**
 * The statistics an aggregation can give per area: those of core's zonalStatistics (see there) without the
 * weighted mean, and `density`, the sum per km² of the area (e.g. residents per km²), the area measured in the
 * equal-area EPSG:3035.
 */
export type AreaStatisticName = Exclude<ZonalStatistic, 'weightedMean'> | 'density';

export const AREA_STATISTICS: readonly AreaStatisticName[] = ['sum', 'density', 'mean', 'count', 'min', 'max', 'coverage'];

/** One chunk of an aggregation: some areas, the raster window under them, and what to compute. */
export interface AggregateChunk {
  areas: PackedAreas;
  grid: Grid;
  values: RasterArray;
  nodata?: number | undefined;
  method: CoverageMethod;
  stats: readonly AreaStatisticName[];
}

/** One value per area of the chunk, in the chunk's order, for every statistic asked for. */
export interface AggregateChunkResult {
  columns: Partial<Record<AreaStatisticName, Float64Array>>;
}

export interface ZensusGridRequest {
  /** The bytes of the CSV file; transferred to the worker. */
  bytes: ArrayBuffer;
  source: string;
  value: string;
  unlisted?: number;
}

/** Parent areas to dissolve from their children (a level without a file of its own, e.g. the Berlin Bezirke). */
export interface DissolveRequest {
  /** The child areas; their typed arrays are transferred to the worker. */
  areas: PackedAreas;
  /** The parents in the order of the result, and the children of each. */
  parentIds: string[];
  childrenOf: [parent: string, children: string[]][];
  /** Property of the parent key in the features made. */
  idField: string;
  /** Name of the result, for messages. */
  source: string;
}

/**
 * An aggregation's statistics to protect (core's protectAggregation; see protect.ts): the areas, the layer they were
 * aggregated from, and the rules; with `secret`, confidential counts are perturbed by the cell-key method as
 * `sozialraum aggregate --secret` does (the table from core's default parameters and the minimum count).
 */
export interface ProtectRequest {
  /** The areas; their typed arrays are transferred to the worker. */
  areas: PackedAreas;
  grid: Grid;
  /** The layer's values, a copy transferred to the worker. */
  values: RasterArray;
  nodata?: number | undefined;
  method: CoverageMethod;
  statistics: DisclosureRow[];
  protection: Omit<AggregationProtection, 'perturbation' | 'signal'>;
  /** The office's secret for the record keys; used only with `protection.confidential`. */
  secret?: Uint8Array | undefined;
}

/** Areas to check as a coverage (core's validateAreas; see validate.ts), with the residents of each as pairs. */
export interface ValidateRequest {
  /** The areas; their typed arrays are transferred to the worker. */
  areas: PackedAreas;
  options: Omit<ValidateOptions, 'population'> & { population?: [key: string, residents: number][] };
}

/** Areas to build a topology of (core's buildTopology; see topology.ts). */
export interface TopologyRequest {
  /** The areas; their typed arrays are transferred to the worker. */
  areas: PackedAreas;
  tolerance?: number;
}

/**
 * A proposal to compute (core's propose; see propose.ts): the units and the rules. Signal and progress are the pool's;
 * the result is the same partition as in Node for the same seed.
 */
export interface ProposeRequest {
  layer: UnitLayer;
  options: Omit<ProposalOptions, 'signal' | 'onProgress'>;
}

/** What a task gets besides its input. */
export interface TaskContext {
  signal?: AbortSignal | undefined;
  onProgress?: ((done: number, total: number) => void) | undefined;
}

/** The tasks by name, with input and output. */
export interface TaskMap {
  aggregate: { input: AggregateChunk; output: AggregateChunkResult };
  'zensus-grid': { input: ZensusGridRequest; output: ZensusGrid };
  dissolve: { input: DissolveRequest; output: AreaCollection };
  protect: { input: ProtectRequest; output: ProtectedAggregation };
  validate: { input: ValidateRequest; output: CoverageFinding[] };
  topology: { input: TopologyRequest; output: PackedTopology };
  propose: { input: ProposeRequest; output: Proposal };
  'read-table': { input: ReadTableRequest; output: PackedTable };
}

export type TaskName = keyof TaskMap;
export type TaskInput<K extends TaskName> = TaskMap[K]['input'];
export type TaskOutput<K extends TaskName> = TaskMap[K]['output'];

/** A task computes at once, or asynchronously when it yields to hear an abort (the proposal's local search). */
type TaskFunction<K extends TaskName> = (input: TaskInput<K>, context: TaskContext) => TaskOutput<K> | Promise<TaskOutput<K>>;

/**
 * The tasks every page can run. `dissolve` (polygon union) is registered by the worker script and by the code that
 * needs it on the main thread (see dissolve.ts), so that the polygon library stays out of the bundle every page loads.
 */
const TASKS: { [K in TaskName]?: TaskFunction<K> } = {
  aggregate: aggregateChunk,
  'zensus-grid': zensusGrid,
};

/** Makes a task runnable where this module runs (a worker, or the main thread when the pool has no workers). */
export function registerTask<K extends TaskName>(task: K, run: TaskFunction<K>): void {
  (TASKS as Record<K, TaskFunction<K>>)[task] = run;
}

/** Runs a task where the caller is: in the worker, or on the main thread when the pool has no workers. */
export function runTask<K extends TaskName>(task: K, input: TaskInput<K>, context: TaskContext): TaskOutput<K> | Promise<TaskOutput<K>> {
  const run = TASKS[task] as TaskFunction<K> | undefined;
  if (!run) throw new TypeError(`unknown task "${String(task)}"`);
  return run(input, context);
}

/** Coverage weights of the chunk's areas on its window, then the statistics; progress counts areas. */
export function aggregateChunk(input: AggregateChunk, context: TaskContext): AggregateChunkResult {
  const areas = unpackAreas(input.areas);
  const weights = coverageWeights(areas, input.grid, { method: input.method, signal: context.signal, onProgress: context.onProgress });
  const wanted = new Set(input.stats);
  const zonal = [...wanted].filter((name): name is Exclude<AreaStatisticName, 'density'> => name !== 'density');
  if (wanted.has('density') && !wanted.has('sum')) zonal.push('sum');
  const perArea = zonalStatistics(weights, { values: input.values, nodata: input.nodata }, zonal);
  const columns: Partial<Record<AreaStatisticName, Float64Array>> = {};
  for (const name of wanted) {
    if (name === 'density') continue;
    columns[name] = Float64Array.from(perArea, (area) => area[name] ?? Number.NaN);
  }
  if (wanted.has('density')) {
    // EPSG:3035 is equal-area, so its cells measure km² directly; any other grid has the areas measured there.
    const km2 =
      input.grid.crs === 'EPSG:3035'
        ? Float64Array.from(weights.areaCells, (cells) => (cells * input.grid.cellWidth * input.grid.cellHeight) / 1e6)
        : equalAreaKm2(input.areas);
    columns.density = Float64Array.from(perArea, (area, index) => (km2[index]! > 0 ? area.sum! / km2[index]! : Number.NaN));
  }
  return { columns };
}

/** The area of each packed area in km², measured in EPSG:3035 (Lambert azimuthal equal-area), holes subtracted. */
export function equalAreaKm2(packed: PackedAreas): Float64Array {
  const project = transformer(packed.crs, 'EPSG:3035', packed.source);
  const { polygonOffsets, ringOffsets, positionOffsets, coordinates } = packed;
  const result = new Float64Array(packed.ids.length);
  const point: Position = [0, 0];
  let projected = new Float64Array(0);
  for (let area = 0; area < packed.ids.length; area += 1) {
    let total = 0;
    for (let polygon = polygonOffsets[area]!; polygon < polygonOffsets[area + 1]!; polygon += 1) {
      for (let ring = ringOffsets[polygon]!; ring < ringOffsets[polygon + 1]!; ring += 1) {
        const first = positionOffsets[ring]!;
        const count = positionOffsets[ring + 1]! - first;
        if (projected.length < 2 * count) projected = new Float64Array(2 * count);
        for (let position = 0; position < count; position += 1) {
          point[0] = coordinates[2 * (first + position)]!;
          point[1] = coordinates[2 * (first + position) + 1]!;
          const [x, y] = project(point) as [number, number];
          projected[2 * position] = x;
          projected[2 * position + 1] = y;
        }
        // The outline adds, holes subtract, however the file winds them.
        total += (ring === ringOffsets[polygon] ? 1 : -1) * Math.abs(flatRingArea(projected, 0, 2 * count));
      }
    }
    result[area] = total / 1e6;
  }
  return result;
}

/** A Zensus grid CSV from its bytes (decoded as offices write them: UTF-8, BOM, Windows-1252). */
export function zensusGrid(input: ZensusGridRequest, context: TaskContext): ZensusGrid {
  if (context.signal?.aborted) throw new SozialraumError('aborted', message('reading was cancelled', 'das Lesen wurde abgebrochen'), { source: input.source });
  const text = decodeText(new Uint8Array(input.bytes));
  return readZensusGrid(text, { source: input.source, value: input.value, ...(input.unlisted === undefined ? {} : { unlisted: input.unlisted }) });
}
