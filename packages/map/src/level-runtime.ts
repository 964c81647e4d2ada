// The part of the levels a page loads only when a map has levels: parents by prefix or geometry, dissolved parent
// areas (polygon-clipping) and tables carried up. Kept out of dist/sozialraum.js, which every page loads.
import {
  aggregateUp,
  aggregatedTable,
  protectedChildTable,
  assignByGeometry,
  assignByPrefix,
  type AreaCollection,
  type LevelAssignment,
  type ProtectionLevel,
  type Table,
} from '@sozialraum/core';
import { WorkerPool, packAreas, transferables } from '@sozialraum/worker';
// Registers the dissolve task for the pool's main-thread fallback (pages where workers cannot run).
import '@sozialraum/worker/dissolve.js';
import type { LevelAggregation, LevelData, LevelDefinition } from './levels.js';
import { LEVEL_KEY_COLUMN } from './levels.js';

/**
 * A level above the finest: its parents by key prefix or by geometry, and their areas from the level's file or
 * dissolved from the finest areas (named from `names` where given). Dissolving (a polygon union of all children,
 * about a second for the 12 Berlin Bezirke) runs in a worker of `pool`, or on the main thread where workers cannot run.
 */
export async function buildLevel(base: AreaCollection, definition: LevelDefinition, file: AreaCollection | undefined, options: { pool: WorkerPool; signal?: AbortSignal }): Promise<LevelData> {
  const assignment =
    definition.prefix !== undefined
      ? assignByPrefix(base.ids, definition.prefix, { source: base.source, ...(file ? { parentIds: file.ids, parentSource: file.source } : {}) })
      : assignByGeometry(base, file!);
  let areas = file ?? (await dissolveInPool(base, assignment, `${definition.id} (${base.source})`, options));
  const names = definition.names;
  if (names) {
    areas = {
      ...areas,
      nameField: 'name',
      features: areas.features.map((feature, index) => ({
        ...feature,
        properties: { ...feature.properties, name: names[areas.ids[index]!] ?? feature.properties?.[areas.nameField ?? ''] ?? areas.ids[index] },
      })),
    };
  }
  return { definition, areas, assignment, parentOfBase: assignment.parentOf, issues: [...areas.issues, ...assignment.issues] };
}


/** The parents' areas dissolved from their children in the pool; the coordinates go as typed arrays, transferred. */
function dissolveInPool(base: AreaCollection, assignment: LevelAssignment, source: string, options: { pool: WorkerPool; signal?: AbortSignal }): Promise<AreaCollection> {
  const areas = packAreas(base);
  const request = { areas, parentIds: assignment.parentIds, childrenOf: [...assignment.childrenOf], idField: 'key', source };
  return options.pool.run('dissolve', request, { transfer: transferables(areas), ...(options.signal ? { signal: options.signal } : {}) });
}

/** A pool of one worker for the levels of one map, disposed by the caller when they are built. */
export function levelPool(): WorkerPool {
  return new WorkerPool({ size: 1 });
}

/**
 * The table of the finest areas carried up to a level; `label` names the result in messages. With `minCount`, the
 * counts are protected over `hierarchy`, every level of the map, so that no level's values undo another's.
 */
export function aggregateToLevel(table: Table, keyColumn: string, level: LevelData, aggregation: LevelAggregation, label: string, hierarchy: readonly ProtectionLevel[]): Table {
  const result = aggregateUp(table, level.assignment!, { ...aggregation, keyColumn, parentKeyColumn: LEVEL_KEY_COLUMN, hierarchy });
  return aggregatedTable(result, `${table.source} → ${label}`);
}

/** The table of the finest areas as the map may show it: with `minCount`, its counts protected over `hierarchy` as well. */
export function protectFinest(table: Table, keyColumn: string, levels: readonly LevelData[], aggregation: LevelAggregation, hierarchy: readonly ProtectionLevel[]): Table {
  const above = levels[1]?.assignment;
  if (aggregation.minCount === undefined || !above) return table;
  return protectedChildTable(table, above, { ...aggregation, keyColumn, parentKeyColumn: LEVEL_KEY_COLUMN, hierarchy });
}
