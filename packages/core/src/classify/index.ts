// Classification of index and indicator values into classes for maps and legends.
export * from './classify.js';
