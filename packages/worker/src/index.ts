// @sozialraum/worker: core's aggregation off the main thread, in a pool of module workers with a main-thread fallback.
export { WorkerPool, createAggregateWorker, defaultPoolSize, type RunOptions, type WorkerPoolOptions } from './pool.js';
export { aggregateAreas, type AggregateOptions, type AggregateRequest, type AreaAggregate } from './aggregate.js';
export {
  AREA_STATISTICS,
  aggregateChunk,
  equalAreaKm2,
  registerTask,
  runTask,
  zensusGrid,
  type AggregateChunk,
  type AggregateChunkResult,
  type AreaStatisticName,
  type DissolveRequest,
  type ProposeRequest,
  type TaskContext,
  type TaskInput,
  type TaskMap,
  type TaskName,
  type TaskOutput,
  type TopologyRequest,
  type ValidateRequest,
  type ZensusGridRequest,
} from './tasks.js';
export { packAreas, unpackAreas, areaExtents, unionExtent, type PackedAreas } from './packed-areas.js';
export { areasExtent, cropRaster, gridWindow, transformExtent } from './raster-window.js';
export {
  deserializeError,
  packTable,
  serializeError,
  transferables,
  unpackTable,
  type PackedTable,
  type SerializedError,
  type WorkerRequest,
  type WorkerResponse,
} from './protocol.js';
export { readTableTask, type ReadTableRequest } from './read-table.js';
