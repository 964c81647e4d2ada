// The coverage methods by name, one list for every front end: the CLI's --method and the aggregator's `method`
// accept these and offer them in this order.
import type { CoverageMethod } from './coverage.js';

export const COVERAGE_METHODS: readonly CoverageMethod[] = ['exact', 'centre', 'touched'];
