// The planner's workbench: areas built from units (grid cells, blocks), barriers, automatic proposals and plan metrics.
export * from './units.js';
export * from './adjacency.js';
export * from './assign.js';
export * from './dissolve.js';
export * from './barriers.js';
export * from './search.js';
export * from './propose.js';
export * from './score.js';
export * from './paint.js';
