// The planner's workbench of core (units, barriers, proposals, plan metrics) for pages that load the toolkit with
// one script tag: `loadWorkbench()` brings it as a chunk of its own, so pages that do not propose do not pay for it.
// Nothing is computed here; a page composes these as the CLI's `propose` and `score` do.
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
