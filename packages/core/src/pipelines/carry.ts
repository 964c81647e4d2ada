// Values carried from one set of areas to another, as a table: the one writer behind `sozialraum crosswalk` and the
// editor's comparison of two versions (core's carryTable and carryComparison), so that the areas both carry are
// written the same, byte for byte.
import type { CarriedArea, CarryResult } from '../crosswalk/carry.js';
import type { ComparisonCarry } from '../crosswalk/compare.js';
import { writeCsv } from '../io/csv-write.js';
import { tableNumber } from './aggregate.js';

/** The carried areas as CSV: `id`, the carried columns (to six decimals), and `split_share`. */
export function carryCsv(result: Pick<CarryResult, 'columns' | 'areas'>): string {
  const rows = result.areas.map((area) => [area.id, ...result.columns.map((column) => tableNumber(area.values[column])), tableNumber(area.splitShare)]);
  return writeCsv(['id', ...result.columns, 'split_share'], rows);
}

/** A comparison's carried column as the areas of a carry: the changed areas of the second version with their values. */
export function comparisonCarryAreas(carried: ComparisonCarry): Pick<CarryResult, 'columns' | 'areas'> {
  return {
    columns: [carried.column],
    areas: carried.rows.map((row): CarriedArea => ({ id: row.id, values: { [carried.column]: row.after }, splitShare: row.splitShare })),
  };
}
