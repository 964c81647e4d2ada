// The composite index on a level above the areas the table has: the table is carried up, then the index engine
// standardises against the areas of that level.
import type { Table } from '../io/csv.js';
import { computeIndex } from '../index/compute.js';
import type { IndexResult, IndexSpec } from '../index/spec.js';
import type { Language } from '../language.js';
import { aggregateUp, aggregatedTable, aggregationFromSpec, type AggregateUpResult, type MissingPolicy } from './aggregate.js';
import type { LevelAssignment } from './hierarchy.js';
import type { ProtectionLevel } from './protect-levels.js';

export interface LevelIndexOptions {
  /** Column of the child table holding the child key. */
  keyColumn: string;
  /** [parentKeyColumn='id'] Column of the parent table holding the parent key; the index results carry it as `id`. */
  parentKeyColumn?: string;
  /**
   * Column to weight indicators by that have no numerator and denominator in the spec (usually the population).
   * Without it they are left empty in the parents, with an issue.
   */
  weight?: string;
  /** [missing='leave-empty'] What a parent gets when a child has no value. */
  missing?: MissingPolicy;
  /** Disclosure control on the counts carried up (see AggregateUpOptions.minCount). */
  minCount?: number;
  /** With `minCount`: every level the table is published on (see AggregateUpOptions.hierarchy). */
  hierarchy?: readonly ProtectionLevel[];
  /** [language='de'] Language of the class labels and of the notes. */
  language?: Language;
}

export interface LevelIndexResult {
  /** The parents' values with flags, notes and issues. */
  aggregation: AggregateUpResult;
  /** The parents as an indicator table: the parent key, `children` and the spec's columns. */
  table: Table;
  /** The index of every parent, standardised against the parents' own distribution. */
  index: IndexResult;
}

/**
 * The index of `spec` on the parents of `assignment`, from a table of the children: counts (numerators,
 * denominators, the population) are summed, rates recomputed from them, other indicators carried as means weighted
 * by `weight` or left empty; then computeIndex runs on the parents' table, so means, SDs, the minimum population
 * and classes are those of the parent level.
 */
export function computeIndexOnLevel(table: Table, assignment: LevelAssignment, spec: IndexSpec, options: LevelIndexOptions): LevelIndexResult {
  const parentKeyColumn = options.parentKeyColumn ?? 'id';
  const aggregation = aggregateUp(table, assignment, {
    ...aggregationFromSpec(spec, { keyColumn: options.keyColumn, ...(options.weight !== undefined ? { weight: options.weight } : {}) }),
    parentKeyColumn,
    ...(options.missing !== undefined ? { missing: options.missing } : {}),
    ...(options.minCount !== undefined ? { minCount: options.minCount } : {}),
    ...(options.hierarchy !== undefined ? { hierarchy: options.hierarchy } : {}),
    ...(options.language ? { language: options.language } : {}),
  });
  const parents = aggregatedTable(aggregation, `${table.source} (carried up to ${assignment.parentIds.length} areas)`);
  const index = computeIndex(parents, spec, { keyColumn: parentKeyColumn, ...(options.language ? { language: options.language } : {}) });
  return { aggregation, table: parents, index };
}
