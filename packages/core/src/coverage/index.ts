// The set of Sozialräume as a whole: neighbourhood, the shared-edge topology the editor works on, and its validation.
export * from './adjacency.js';
export * from './geometry.js';
export * from './topology.js';
export * from './operations/index.js';
export * from './history.js';
export * from './validate.js';
export * from './population.js';
export * from './attributes.js';
