// @sozialraum/core: the pure computations of the Sozialraum toolkit, for Node, browsers, workers and the CLI.
export * from './errors.js';
export * from './random.js';
export * from './geometry/index.js';
export * from './crs/index.js';
export * from './io/index.js';
export * from './coverage/index.js';
export * from './index/index.js';
export * from './classify/index.js';
export * from './aggregate/index.js';
export * from './privacy/index.js';
export * from './levels/index.js';
export * from './crosswalk/index.js';
export * from './profile/index.js';
export * from './pipelines/index.js';
export * from './workbench/index.js';
