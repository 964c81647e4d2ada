// The protection task: core's protectAggregation off the main thread, since the differencing guard weighs every area
// on the grid again (about a quarter of a second for the 542 Berlin Planungsräume). Registered by the worker script
// and by the aggregator's protection runtime (for pools without workers); importing this module registers it.
import { gridRecordKeys, perturbationForMinCount, protectAggregation, type ProtectedAggregation } from '@sozialraum/core';
import { unpackAreas } from './packed-areas.js';
import { registerTask, type ProtectRequest, type TaskContext } from './tasks.js';

/** core's protectAggregation on packed areas and a transferred layer; with the secret, perturbed as on the command line. */
export function protectTask(input: ProtectRequest, context: TaskContext): ProtectedAggregation {
  return protectAggregation(
    {
      areas: unpackAreas(input.areas),
      layer: { grid: input.grid, values: input.values, nodata: input.nodata },
      method: input.method,
      statistics: input.statistics,
    },
    {
      ...input.protection,
      signal: context.signal,
      perturbation:
        input.secret && input.protection.confidential
          ? { table: perturbationForMinCount(input.protection.minCount ?? 3), recordKey: gridRecordKeys(input.secret) }
          : undefined,
    },
  );
}

registerTask('protect', protectTask);
