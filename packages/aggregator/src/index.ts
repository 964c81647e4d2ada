// @sozialraum/aggregator: <sozialraum-aggregator>, and the worker pool it runs on for scripts that aggregate themselves.
export * from './sozialraum-aggregator.js';
export { aggregatorMessages, type AggregatorMessages } from './i18n.js';
export {
  WorkerPool,
  aggregateAreas,
  areasExtent,
  type AggregateOptions,
  type AggregateRequest,
  type AreaAggregate,
  type AreaStatisticName,
  type WorkerPoolOptions,
} from '@sozialraum/worker';
