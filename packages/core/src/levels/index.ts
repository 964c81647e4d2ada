// Spatial levels: areas assigned to the level above, parents dissolved from children, tables and indices carried up.
export * from './geometry.js';
export * from './hierarchy.js';
export * from './aggregate.js';
export * from './level-index.js';
