// Raster and grid values onto Sozialräume: grids, exact cell coverage fractions, and zonal statistics over them.
export * from './grid.js';
export * from './grid-table.js';
export * from './coverage.js';
export * from './methods.js';
export * from './packed-areas.js';
export * from './statistics.js';
export * from './points.js';
export * from './plausible.js';
