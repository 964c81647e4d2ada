// The set of Sozialräume as a whole: neighbourhood and, later, the shared-edge topology the editor works on.
export * from './adjacency.js';
