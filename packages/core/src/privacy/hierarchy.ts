// Primary and secondary suppression (primäre und sekundäre Sperrung) over every level of a hierarchical table at
// once, checked by the audit: counts above 0 and below the minimum are withheld, then more values until no withheld
// value can be narrowed down, by any sum across any levels, to a small count above 0.
import { auditSuppression, type CellRelation, type FeasibilityInterval, type PublishedCell } from './audit.js';

/** One value of a hierarchical table: an area of one level and one count column. */
export interface HierarchyCell {
  /** Position of the level, 0 the finest. */
  level: number;
  /** Key of the area. */
  id: string;
  /** The count; null where there is none (a missing value takes no part in any sum and needs no protection). */
  value: number | null;
}

/** A hierarchical table: cells of several levels and the sums that link them (a parent is the sum of its children). */
export interface HierarchicalCells {
  /** Names of the levels, finest first, e.g. ['Planungsraum', 'Bezirksregion', 'Prognoseraum', 'Bezirk', 'Berlin']. */
  levels: readonly string[];
  cells: readonly HierarchyCell[];
  relations: readonly CellRelation[];
}

/** Why a value is withheld; only for the office's own report, never to be published per value (see suppressAcrossLevels). */
export type CellStatus = 'published' | 'primary' | 'secondary' | 'missing';

/** Information loss on one level: how much is withheld, against primary suppression alone. */
export interface LevelLoss {
  level: string;
  /** Values of the level that exist (not missing). */
  values: number;
  /** Values withheld because they lie above 0 and below the minimum: the baseline of primary suppression alone. */
  primary: number;
  /** Values withheld in all, primary and secondary. */
  withheld: number;
  /** `withheld / values`, 0 for a level without values. */
  share: number;
  /** `primary / values`. */
  primaryShare: number;
}

export interface HierarchySuppression {
  /** The status of every cell, in the order of `cells`. */
  status: CellStatus[];
  /** The feasibility interval of every withheld value, from the final audit. */
  intervals: Map<number, FeasibilityInterval>;
  /** Cells whose small count the final audit still finds proven; empty unless the table leaves no way to protect them. */
  failing: number[];
  /** Rounds of audit and repair it took. */
  rounds: number;
  /** Information loss per level, finest first. */
  loss: LevelLoss[];
}

export interface HierarchySuppressionOptions {
  /** Counts above 0 and below this are withheld (primary suppression), and no withheld value may be proven to be one. */
  minCount: number;
}

/**
 * Withholds small counts and enough other values that none can be worked out, over all levels of a hierarchy at
 * once, so that the pattern of a level does not depend on which other levels are published with it.
 *
 * Primary suppression: every count above 0 and below `minCount` (0 says nobody is counted and is shown). Then the
 * audit computes, for every withheld value, the interval of values consistent with everything published (every
 * shown value, every parent as the sum of its children, the total); a value passes when its interval holds 0 or a
 * value of `minCount` or more. For each value that fails, the relation above it whose total is shown gets one more
 * value withheld (the child with the smallest count, so that as little as possible is lost; a 0 first), followed
 * down to the finest level so that the new gap can move; when a relation has nothing left to withhold, its total
 * goes. Audit and repair repeat until every withheld value passes.
 *
 * The audit takes a withheld value to be any count from 0 up, which holds only when a reader cannot tell primary
 * from secondary suppressions: publish every withheld value with the same flag and note.
 */
export function suppressAcrossLevels(table: HierarchicalCells, options: HierarchySuppressionOptions): HierarchySuppression {
  const { minCount } = options;
  if (!(minCount >= 0) || !Number.isFinite(minCount)) throw new RangeError(`minCount must be 0 or more, not ${minCount}`);
  const { cells, relations } = table;
  const status: CellStatus[] = cells.map((cell) =>
    cell.value === null || Number.isNaN(cell.value) ? 'missing' : cell.value > 0 && cell.value < minCount ? 'primary' : 'published',
  );
  const above: number[][] = cells.map(() => []);
  const below: number[][] = cells.map(() => []);
  relations.forEach((relation, index) => {
    below[relation.total]!.push(index);
    for (const part of relation.parts) above[part]!.push(index);
  });
  const value = (cell: number) => cells[cell]!.value ?? 0;
  const cheapestFirst = (a: number, b: number) => value(a) - value(b) || cells[a]!.id.localeCompare(cells[b]!.id);
  const withhold = (cell: number) => {
    if (status[cell] === 'published') status[cell] = 'secondary';
  };
  // A newly withheld value that all its children pin down could not move: withhold the smallest child too, down
  // to a level without children or to a child already withheld.
  const followDown = (start: number) => {
    let cell = start;
    for (;;) {
      const relation = below[cell]!.map((index) => relations[index]!)[0];
      if (!relation) return;
      const parts = relation.parts.filter((part) => status[part] !== 'missing');
      if (parts.length === 0 || parts.some((part) => status[part] !== 'published')) return;
      const next = [...parts].sort(cheapestFirst)[0]!;
      withhold(next);
      cell = next;
    }
  };

  const primaries = status.flatMap((entry, cell) => (entry === 'primary' ? [cell] : []));
  let rounds = 0;
  let audit = auditSuppression(publishedCells(cells, status), relations, minCount, primaries);
  while (audit.failing.length > 0 && rounds < cells.length) {
    rounds += 1;
    const touched = new Set<number>();
    let changed = false;
    // Higher levels first: a gap opened there, followed down, often frees the values below it as well.
    const failing = [...audit.failing].sort((a, b) => cells[b]!.level - cells[a]!.level || cheapestFirst(a, b));
    // Opens a gap for `cell`: in the first relation above it whose total is shown (climbing while totals are
    // withheld), the one with the fewest withheld parts where it lies in several. A value with no shown total above
    // it (a level linked only downwards) is freed through its withheld parts instead.
    const repair = (cell: number, seen = new Set<number>()): boolean => {
      if (seen.has(cell)) return false;
      seen.add(cell);
      let top = cell;
      let relation: number | undefined;
      for (;;) {
        const up = above[top]!.filter((index) => status[relations[index]!.total] !== 'missing');
        const shown = up.filter((index) => status[relations[index]!.total] === 'published');
        if (shown.length > 0) {
          const hidden = (index: number) =>
            relations[index]!.parts.filter((part) => part !== top && status[part] !== 'published' && status[part] !== 'missing').length;
          relation = shown.sort((a, b) => hidden(a) - hidden(b) || a - b)[0];
          break;
        }
        const next = up.map((index) => relations[index]!.total).find((total) => !seen.has(total));
        if (next === undefined) break;
        top = next;
        seen.add(top);
      }
      if (relation === undefined) {
        for (const index of below[top]!) {
          for (const part of relations[index]!.parts) if ((status[part] === 'primary' || status[part] === 'secondary') && repair(part, seen)) return true;
        }
        return false;
      }
      if (touched.has(relation)) return true;
      touched.add(relation);
      const { total, parts } = relations[relation]!;
      const partner = parts.filter((part) => part !== top && status[part] === 'published').sort(cheapestFirst)[0];
      if (partner !== undefined) {
        withhold(partner);
        followDown(partner);
      } else {
        withhold(total);
      }
      changed = true;
      return true;
    };
    for (const cell of failing) repair(cell);
    if (!changed) break;
    audit = auditSuppression(publishedCells(cells, status), relations, minCount, primaries);
  }
  const withheldCells = status.flatMap((entry, cell) => (entry === 'primary' || entry === 'secondary' ? [cell] : []));
  const final = auditSuppression(publishedCells(cells, status), relations, minCount, withheldCells);
  return { status, intervals: final.intervals, failing: final.failing, rounds, loss: levelLoss(table, status) };
}

/** The table as a reader sees it under `status`. */
export function publishedCells(cells: readonly HierarchyCell[], status: readonly CellStatus[]): PublishedCell[] {
  return cells.map((cell, index) => (status[index] === 'missing' || cell.value === null ? 'missing' : status[index] === 'published' ? cell.value : 'withheld'));
}

function levelLoss(table: HierarchicalCells, status: readonly CellStatus[]): LevelLoss[] {
  return table.levels.map((level, position) => {
    let values = 0;
    let primary = 0;
    let withheld = 0;
    table.cells.forEach((cell, index) => {
      if (cell.level !== position || status[index] === 'missing') return;
      values += 1;
      if (status[index] === 'primary') primary += 1;
      if (status[index] !== 'published') withheld += 1;
    });
    return { level, values, primary, withheld, share: values === 0 ? 0 : withheld / values, primaryShare: values === 0 ? 0 : primary / values };
  });
}
