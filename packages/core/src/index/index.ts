// The composite index: spec, validation, computation, presets, method card.
export * from './spec.js';
