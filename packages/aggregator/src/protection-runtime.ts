// What the aggregator loads when its first computation finishes: the protection task (core's protectAggregation,
// registered here for pools that compute on the main thread) and the CSV of the result. Kept out of
// dist/sozialraum.js, so pages without an aggregator do not pay for it.
import '@sozialraum/worker/protect.js';

export { aggregateCsv, aggregateTable } from '@sozialraum/core';
