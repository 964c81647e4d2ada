// Use cases: what a front end (the CLI, an element) asks of core as one call, so both give the same result.
export * from './aggregate.js';
export * from './level.js';
export * from './points.js';
export * from './index-table.js';
export * from './carry.js';
