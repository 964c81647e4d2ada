// The planner's workbench of core (units, barriers, proposals, plan metrics) for pages that load the toolkit with
// one script tag: `loadWorkbench()` brings it as a chunk of its own, so pages that do not propose do not pay for it.
// Nothing is computed here; a page composes these as the CLI's `propose` and `score` do.
import { WorkerPool } from '@sozialraum/worker';
// The task, for the pool's main-thread fallback where a Content-Security-Policy refuses workers.
import '@sozialraum/worker/propose.js';
import type { Proposal, ProposalOptions, UnitLayer } from '@sozialraum/core';

export {
  OSM_ATTRIBUTION,
  areaResidents,
  barrierAdjacencies,
  cellUnits,
  loadAreasFromUrl,
  planCollection,
  propose,
  readAreas,
  readBarriers,
  readZensusGrid,
  scorePlan,
  unitsInAreas,
} from '@sozialraum/core';

/**
 * core's `propose` in a web worker of its own, so that the page stays responsive through the local search (several
 * seconds for a whole city): the same proposal for the same seed, progress after each pass, and `signal` ends the
 * worker. Where workers are refused the pool computes on the main thread and says why in the console.
 */
export async function proposeInWorker(layer: UnitLayer, options: ProposalOptions): Promise<Proposal> {
  const { signal, onProgress, ...rules } = options;
  const pool = new WorkerPool({ size: 1 });
  try {
    return await pool.run('propose', { layer, options: rules }, { signal, onProgress });
  } finally {
    pool.dispose();
  }
}
