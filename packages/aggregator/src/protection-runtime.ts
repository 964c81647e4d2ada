// What the aggregator loads when its first computation finishes: core's protection pipeline (the differencing guard
// with the areas' coverage, suppression, the notes) and the CSV of the result. Kept out of dist/sozialraum.js, so
// pages without an aggregator do not pay for it.
export { aggregateCsv, aggregateTable, protectAggregation } from '@sozialraum/core';
