// Values carried from one boundary version to another, split by area or by the residents of a population grid.
export * from './crosswalk.js';
export * from './carry.js';
export * from './compare.js';
