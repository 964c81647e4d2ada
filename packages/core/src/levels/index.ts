// Spatial levels: areas assigned to the level above, parents dissolved from children, tables and indices carried up.
// The clipping helpers stay internal, so that polygon-clipping's types are no part of the public API.
export { dissolve } from './geometry.js';
export { dissolveCoverage } from './outline.js';
export { planarArea } from '../geometry/index.js';
export * from './hierarchy.js';
export * from './aggregate.js';
export * from './level-index.js';
export * from './protect-levels.js';
