// Use cases composed from the core functions, one for the command line and the elements alike.
export * from './level.js';
