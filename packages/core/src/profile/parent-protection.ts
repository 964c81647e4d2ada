// The counts of the areas and of their parents as the profile card shows them side by side, protected together by
// the audited suppression across levels, so that a parent minus its other areas gives no withheld count back.
import type { CellRelation } from '../privacy/audit.js';
import { suppressAcrossLevels, type HierarchyCell } from '../privacy/hierarchy.js';

/** Counts by key and column, null where there is none. */
export type CountsByKey = ReadonlyMap<string, Readonly<Record<string, number | null>>>;

export interface ParentProtection {
  /** The count columns withheld in each area (primary and secondary alike). */
  areas: Map<string, Set<string>>;
  /** The count columns withheld in each parent. */
  parents: Map<string, Set<string>>;
}

/**
 * Primary and secondary suppression over the areas, their parents and the city total, column by column (see
 * suppressAcrossLevels). A parent is linked to its areas only where its count is their sum, as it is when the parent
 * table was carried up from the areas; a parent from data of its own links nothing and is protected on its own.
 */
export function protectAreasWithParents(
  areas: CountsByKey,
  parents: CountsByKey,
  parentOf: ReadonlyMap<string, string>,
  columns: readonly string[],
  minCount: number,
): ParentProtection {
  const result: ParentProtection = { areas: new Map(), parents: new Map() };
  const areaIds = [...areas.keys()];
  const parentIds = [...parents.keys()];
  for (const column of columns) {
    const cells: HierarchyCell[] = [
      ...areaIds.map((id) => ({ level: 0, id, value: areas.get(id)![column] ?? null })),
      ...parentIds.map((id) => ({ level: 1, id, value: parents.get(id)![column] ?? null })),
    ];
    const known = cells.slice(0, areaIds.length).filter((cell) => cell.value !== null);
    cells.push({ level: 2, id: '', value: known.length === 0 ? null : known.reduce((sum, cell) => sum + cell.value!, 0) });
    const relations: CellRelation[] = [{ total: cells.length - 1, parts: areaIds.map((_, index) => index) }];
    parentIds.forEach((parent, position) => {
      const parts = areaIds.flatMap((id, index) => (parentOf.get(id) === parent ? [index] : []));
      const value = cells[areaIds.length + position]!.value;
      const sum = parts.reduce((total, index) => total + (cells[index]!.value ?? 0), 0);
      if (value !== null && parts.length > 0 && Math.abs(value - sum) <= 1e-9 * Math.max(1, Math.abs(value)))
        relations.push({ total: areaIds.length + position, parts });
    });
    const { status } = suppressAcrossLevels({ levels: ['areas', 'parents', 'total'], cells, relations }, { minCount });
    status.forEach((entry, index) => {
      if (entry !== 'primary' && entry !== 'secondary') return;
      const cell = cells[index]!;
      const target = cell.level === 0 ? result.areas : cell.level === 1 ? result.parents : undefined;
      if (!target) return;
      (target.get(cell.id) ?? target.set(cell.id, new Set()).get(cell.id)!).add(column);
    });
  }
  return result;
}
