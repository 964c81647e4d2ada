// The one place for planar geometry primitives: areas, boxes, point in polygon, segments and spatial indexes.
export * from './area.js';
export * from './box.js';
export * from './grid.js';
export * from './inside.js';
export * from './segments.js';
export * from './spatial.js';
export * from './intersection-area.js';
