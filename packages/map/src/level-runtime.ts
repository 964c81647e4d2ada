// The part of the levels a page loads only when a map has levels: parents by prefix or geometry, dissolved parent
// areas (polygon-clipping) and tables carried up. Kept out of dist/sozialraum.js, which every page loads.
import {
  aggregateUp,
  aggregatedTable,
  protectedChildTable,
  buildLevel as coreBuildLevel,
  indexPreset,
  validateIndexSpec,
  withSpecAggregation,
  type AreaCollection,
  type LevelAssignment,
  type ProtectionLevel,
  type Table,
} from '@sozialraum/core';
import { WorkerPool, packAreas, transferables } from '@sozialraum/worker';
// Registers the dissolve task for the pool's main-thread fallback (pages where workers cannot run).
import '@sozialraum/worker/dissolve.js';
import type { LevelAggregation, LevelData, LevelDefinition, MapAggregation } from './levels.js';
import { LEVEL_KEY_COLUMN } from './levels.js';

/**
 * A level above the finest, built by core's buildLevel: its parents by key prefix, by a mapping table or by geometry, and their areas
 * from the level's file or dissolved from the finest areas (named from `names` where given). Dissolving (by the
 * children's shared edges, or a polygon union where they overlap) runs in a worker of its own, or on the main thread
 * where workers cannot run (and in Node, where the map's tests build levels).
 */
export async function buildLevel(
  base: AreaCollection,
  definition: LevelDefinition,
  file: AreaCollection | undefined,
  options: { signal?: AbortSignal; mapping?: Table | undefined } = {},
): Promise<LevelData> {
  const mapping =
    options.mapping && definition.prefix === undefined
      ? { table: options.mapping, childColumn: definition.mappingChild!, parentColumn: definition.mappingParent! }
      : undefined;
  const level = {
    ...(definition.prefix !== undefined ? { prefix: definition.prefix } : {}),
    ...(mapping ? { mapping } : {}),
    ...(file ? { parents: file } : {}),
    ...(definition.names ? { names: definition.names } : {}),
  };
  const built = await coreBuildLevel(base, level, {
    dissolve: (children, assignment, { idField, source }) => dissolveInPool(children, assignment, { idField, source }, options),
    idField: 'key',
    label: definition.id,
  });
  const { assignment, parents } = built;
  return { definition, areas: parents!, assignment, parentOfBase: assignment.parentOf, issues: built.issues };
}

/** The parents' areas dissolved from their children in a worker; the coordinates go as typed arrays, transferred. */
async function dissolveInPool(
  base: AreaCollection,
  assignment: LevelAssignment,
  names: { idField: string; source: string },
  options: { signal?: AbortSignal },
): Promise<AreaCollection> {
  const areas = packAreas(base);
  const request = { areas, parentIds: assignment.parentIds, childrenOf: [...assignment.childrenOf], ...names };
  const pool = new WorkerPool({ size: 1 });
  try {
    return await pool.run('dissolve', request, { transfer: transferables(areas), ...(options.signal ? { signal: options.signal } : {}) });
  } finally {
    pool.dispose();
  }
}

/**
 * The aggregation as core's aggregateUp takes it: with `spec`, its indicators carried as the spec says (core's
 * withSpecAggregation, as `sozialraum aggregate-up --spec` carries them), a column named explicitly as named.
 */
export function carriedAs(aggregation: MapAggregation): LevelAggregation {
  const { spec, weight, ...explicit } = aggregation;
  if (spec === undefined) return explicit;
  const indexSpec = typeof spec === 'string' ? indexPreset(spec) : validateIndexSpec(spec, 'aggregation.spec');
  return withSpecAggregation(explicit, indexSpec, weight);
}

/**
 * The table of the finest areas carried up to a level; `label` names the result in messages. With `minCount`, the
 * counts are protected over `hierarchy`, every level of the map, so that no level's values undo another's.
 */
export function aggregateToLevel(
  table: Table,
  keyColumn: string,
  level: LevelData,
  aggregation: MapAggregation,
  label: string,
  hierarchy: readonly ProtectionLevel[],
): Table {
  const result = aggregateUp(table, level.assignment!, { ...carriedAs(aggregation), keyColumn, parentKeyColumn: LEVEL_KEY_COLUMN, hierarchy });
  return aggregatedTable(result, `${table.source} → ${label}`);
}

/** The table of the finest areas as the map may show it: with `minCount`, its counts protected over `hierarchy` as well. */
export function protectFinest(
  table: Table,
  keyColumn: string,
  levels: readonly LevelData[],
  aggregation: MapAggregation,
  hierarchy: readonly ProtectionLevel[],
): Table {
  const above = levels[1]?.assignment;
  if (aggregation.minCount === undefined || !above) return table;
  return protectedChildTable(table, above, { ...carriedAs(aggregation), keyColumn, parentKeyColumn: LEVEL_KEY_COLUMN, hierarchy });
}
