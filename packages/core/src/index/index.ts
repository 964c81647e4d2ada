// The composite index: spec, validation, computation, reference values of a base year, change between years, presets, method card.
export * from './spec.js';
export * from './text.js';
export * from './validate.js';
export * from './compute.js';
export * from './reference.js';
export * from './dynamics.js';
export * from './years.js';
export * from './presets.js';
export * from './describe.js';
export * from './indicator.js';
export * from './rates.js';
export * from './labels.js';
export * from './bivariate.js';
export { IndexedArea, withArea, type AreaColumns } from './area-record.js';
