// The validate task: core's validateAreas off the main thread, so that the editor's first full check of a city (about
// a second for the 542 Berlin Planungsräume) runs beside the tools instead of before them. Registered by the worker
// script and by the editor's runtime (for pools without workers); importing this module registers it.
import { validateAreas, type CoverageFinding } from '@sozialraum/core';
import { unpackAreas } from './packed-areas.js';
import { registerTask, type ValidateRequest } from './tasks.js';

/** core's validateAreas on packed areas; the population comes as pairs, which cross to a worker as they are. */
export function validateTask(input: ValidateRequest): CoverageFinding[] {
  const areas = unpackAreas(input.areas);
  const { population, ...options } = input.options;
  return validateAreas(areas, { ...options, ...(population ? { population: new Map(population) } : {}) });
}

registerTask('validate', validateTask);
