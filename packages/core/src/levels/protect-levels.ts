// The counts of the finest areas on every level of a declared hierarchy, as one hierarchical table for secondary
// suppression: which value is the sum of which, level by level where the levels nest, else from the finest areas.
import type { CellRelation } from '../privacy/audit.js';
import type { HierarchicalCells, HierarchyCell } from '../privacy/hierarchy.js';
import type { MissingPolicy } from './aggregate.js';
import type { LevelAssignment } from './hierarchy.js';

/** A level above the finest areas, for protection across levels: its name and the parent of every finest area. */
export interface ProtectionLevel {
  /** Name for the notes, e.g. 'Bezirksregion'. */
  name: string;
  /** The parent of each finest area on this level (composed from the steps between, see assignmentTo). */
  assignment: Pick<LevelAssignment, 'parentIds' | 'parentOf'>;
}

/** A parent's count from its children's, as aggregateUp carries it: the sum, or what `policy` says when one is missing. */
export function sumOfChildren(
  members: readonly string[],
  value: (child: string) => number | null,
  policy: MissingPolicy,
): { value: number | null; absent: string[] } {
  const absent = members.filter((child) => value(child) === null);
  const known = members.reduce((sum, child) => sum + (value(child) ?? 0), 0);
  if (members.length === 0) return { value: null, absent };
  if (absent.length === 0) return { value: known, absent };
  return { value: policy === 'sum-known' && absent.length < members.length ? known : null, absent };
}

export interface LevelCells {
  table: HierarchicalCells;
  /** The levels above the finest as linked, finest first (table.levels without the first and the last). */
  upper: ProtectionLevel[];
  /** Position of each area's cell, per level (finest first, the total last under the key ''). */
  cellOf: Map<string, number>[];
}

/**
 * One count column on the finest areas and every level of `levels` plus the total over all, as a hierarchical table.
 * Levels are sorted finest first (most areas) and the same assignment given twice is taken once. A level whose areas
 * each lie wholly in one area of the next is linked to it level by level (Bezirksregion = Σ Planungsräume,
 * Prognoseraum = Σ Bezirksregionen); a level that does not nest in the one below is linked to the finest areas
 * directly. Parent values follow `policy` exactly as aggregateUp computes them, so the relations hold.
 */
export function levelCells(
  finest: { name: string; ids: readonly string[]; value: (id: string) => number | null },
  levels: readonly ProtectionLevel[],
  options: { policy: MissingPolicy; totalName: string },
): LevelCells {
  const upper = distinctLevels(levels);
  const names = [finest.name, ...upper.map((level) => level.name), options.totalName];
  const cells: HierarchyCell[] = [];
  const relations: CellRelation[] = [];
  const cellOf: Map<string, number>[] = names.map(() => new Map());
  const add = (level: number, id: string, value: number | null) => {
    cellOf[level]!.set(id, cells.length);
    cells.push({ level, id, value });
  };
  for (const id of finest.ids) add(0, id, finest.value(id));

  // The finest areas inside each area of each level.
  const membersOf = upper.map((level) => {
    const members = new Map<string, string[]>(level.assignment.parentIds.map((parent) => [parent, []]));
    for (const id of finest.ids) {
      const parent = level.assignment.parentOf.get(id);
      if (parent !== undefined) (members.get(parent) ?? members.set(parent, []).get(parent)!).push(id);
    }
    return members;
  });
  upper.forEach((level, position) => {
    const depth = position + 1;
    const lower = position === 0 ? undefined : upper[position - 1]!;
    const nested = lower !== undefined && nests(finest.ids, lower, level);
    for (const [parent, members] of membersOf[position]!) {
      add(depth, parent, sumOfChildren(members, finest.value, options.policy).value);
      const parts = nested
        ? [...new Set(members.map((id) => lower.assignment.parentOf.get(id)!))].map((child) => cellOf[depth - 1]!.get(child)!)
        : members.map((id) => cellOf[0]!.get(id)!);
      relations.push({ total: cellOf[depth]!.get(parent)!, parts });
    }
  });
  // The total over the top level, as the sum a run prints.
  const topLevel = names.length - 2;
  const tops = cellOf[topLevel]!;
  add(topLevel + 1, '', sumOfChildren([...tops.keys()], (id) => cells[tops.get(id)!]!.value, options.policy).value);
  relations.push({ total: cells.length - 1, parts: [...tops.values()] });
  return { table: { levels: names, cells, relations }, upper, cellOf };
}

/** The levels finest first, each assignment once. */
function distinctLevels(levels: readonly ProtectionLevel[]): ProtectionLevel[] {
  const kept: ProtectionLevel[] = [];
  for (const level of levels) if (!kept.some((other) => sameAssignment(other.assignment, level.assignment))) kept.push(level);
  return kept.sort((a, b) => b.assignment.parentIds.length - a.assignment.parentIds.length);
}

/** Whether two assignments give every area the same parent (parents without areas make no difference). */
export function sameAssignment(a: ProtectionLevel['assignment'], b: ProtectionLevel['assignment']): boolean {
  if (a.parentOf.size !== b.parentOf.size) return false;
  for (const [child, parent] of a.parentOf) if (b.parentOf.get(child) !== parent) return false;
  return true;
}

/** Whether every area of `lower` lies wholly in one area of `upper`, and every finest area `upper` places, `lower` does too. */
function nests(ids: readonly string[], lower: ProtectionLevel, upper: ProtectionLevel): boolean {
  const parentOf = new Map<string, string>();
  for (const id of ids) {
    const top = upper.assignment.parentOf.get(id);
    const middle = lower.assignment.parentOf.get(id);
    if (top === undefined) continue;
    if (middle === undefined) return false;
    const seen = parentOf.get(middle);
    if (seen !== undefined && seen !== top) return false;
    parentOf.set(middle, top);
  }
  // A lower area whose finest areas have no parent above but would count in a sum is not nested either.
  for (const id of ids) {
    const middle = lower.assignment.parentOf.get(id);
    if (middle !== undefined && parentOf.has(middle) && upper.assignment.parentOf.get(id) === undefined) return false;
  }
  return true;
}
