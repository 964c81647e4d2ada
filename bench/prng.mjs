// The seeded generator of core (mulberry32), so that every run of a benchmark measures the same data and the
// benchmarks draw from the generator the workbench's proposals use.
export { seededRandom as prng } from '@sozialraum/core';
