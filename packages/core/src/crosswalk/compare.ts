// An indicator carried between two versions of the same areas (the editor's comparison): through the overlap of the
// areas that changed, while the areas that did not change keep their value.
import { numericColumn, type Table } from '../io/csv.js';
import { numberColumnIfAny, valueAt } from '../io/columns.js';
import { localiseText } from '../index/text.js';
import { rateScale, ratio } from '../index/rates.js';
import type { IndexSpec } from '../index/spec.js';
import type { Language } from '../language.js';
import { carryTable } from './carry.js';
import { crosswalkFromOverlay, type CrosswalkOverlay } from './crosswalk.js';

/** A column that can be carried: a count, or a rate of an index spec carried as its numerator and denominator. */
export interface CarryChoice {
  /** The count's column, or the spec indicator's column for a rate. */
  column: string;
  label: string;
  rate?: { numerator: string; denominator: string; scale: number };
}

/**
 * The columns of `table` that can be carried between boundary versions. First the rates of `spec` whose numerator
 * and denominator the table has; then the counts: columns that are numbers in every row, never negative (after
 * `missingValues`), not written with leading zeros (keys such as "01") and not an indicator of `spec` (a rate or
 * score given as such cannot be summed). Rates without their parts are not offered: they would be added up.
 */
export function carryChoices(
  table: Table,
  options: { keyColumn: string; spec?: IndexSpec; language?: Language; missingValues?: readonly number[] },
): CarryChoice[] {
  const language = options.language ?? 'de';
  const indicators = options.spec?.indicators ?? [];
  const rates: CarryChoice[] = indicators
    .filter(
      (indicator) =>
        indicator.numerator && indicator.denominator && table.columns.includes(indicator.numerator) && table.columns.includes(indicator.denominator),
    )
    .map((indicator) => ({
      column: indicator.column,
      label: localiseText(indicator.label, language) || indicator.column,
      rate: { numerator: indicator.numerator!, denominator: indicator.denominator!, scale: rateScale(indicator.unit) },
    }));
  const notCounts = new Set([options.keyColumn, ...indicators.map((indicator) => indicator.column)]);
  const missing = new Set(options.missingValues ?? []);
  const counts = table.columns.filter((column) => {
    if (notCounts.has(column)) return false;
    if (table.rows.some((row) => /^\s*0\d/.test(row[column] ?? ''))) return false;
    const { values, issues } = numericColumn(table, column);
    const known = values.filter((value): value is number => value !== null && !missing.has(value));
    return issues.length === 0 && known.length > 0 && known.every((value) => value >= 0);
  });
  return [...rates, ...counts.map((column) => ({ column, label: column }))];
}

/** An indicator carried from the first compared version's areas to the second's. */
export interface ComparisonCarry {
  column: string;
  label: string;
  /** How the changed areas were split: by the residents of the grid the overlay was measured on, or by area ('area' when none changed). */
  weighting: 'population' | 'area';
  /** Per changed area of the second version: the table's value for its key, the carried value, and its estimated share. */
  rows: { id: string; before: number | null; after: number | null; splitShare: number | null }[];
  /** Counts only: the total over all areas of the first version and of the second. */
  total?: { before: number; after: number };
  /** Changed areas of the first version without a value in the table: they carry nothing. */
  missing: string[];
}

export interface ComparisonCarryOptions {
  /** Column of the table with the area key; the table's values are read by the keys of the first version. */
  keyColumn: string;
  choice: CarryChoice;
  firstIds: readonly string[];
  secondIds: readonly string[];
  /** Keys whose area differs between the versions; the overlay measures these alone. */
  changed: readonly string[];
  missingValues?: readonly number[];
}

/**
 * Carries a count or rate of `table` from the first version's areas to the second's. The changed areas go through
 * the overlay of their two versions (split by residents or by area, see crosswalkFromOverlay); every other area
 * keeps its own value, its geometry being the same in both. Rates are carried as numerator and denominator.
 */
export function carryComparison(overlay: CrosswalkOverlay | undefined, table: Table, options: ComparisonCarryOptions): ComparisonCarry {
  const { choice, keyColumn } = options;
  const missingCodes = new Set(options.missingValues ?? []);
  const rowOf = new Map(table.rows.map((row, index) => [(row[keyColumn] ?? '').trim(), index]));
  const cell = (key: string, column: string) => {
    const index = rowOf.get(key);
    const read = numberColumnIfAny(table, column);
    const value = index === undefined || read === undefined ? null : valueAt(read, index);
    return value === null || missingCodes.has(value) ? null : value;
  };
  const valueOf = (key: string) =>
    choice.rate ? ratio(cell(key, choice.rate.numerator), cell(key, choice.rate.denominator), choice.rate.scale) : cell(key, choice.column);
  const crosswalk = overlay && overlay.sourceIds.length > 0 ? crosswalkFromOverlay(overlay) : undefined;
  const sources = new Set(overlay?.sourceIds ?? []);
  const own = { ...table, rows: table.rows.filter((row) => sources.has((row[keyColumn] ?? '').trim())) };
  // Without a row for any changed area there is nothing to carry; every changed area is then reported as missing.
  const carried =
    crosswalk && own.rows.length > 0
      ? carryTable(crosswalk, own, {
          keyColumn,
          columns: choice.rate ? [] : [choice.column],
          ...(choice.rate ? { rates: [{ name: choice.column, ...choice.rate }] } : {}),
          ...(options.missingValues ? { missingValues: options.missingValues } : {}),
        })
      : undefined;
  const carriedOf = new Map((carried?.areas ?? []).map((area) => [area.id, area]));
  const changed = new Set(options.changed);
  const first = new Set(options.firstIds);
  const rows = options.secondIds
    .filter((id) => changed.has(id))
    .map((id) => {
      const area = carriedOf.get(id);
      return { id, before: first.has(id) ? valueOf(id) : null, after: area?.values[choice.column] ?? null, splitShare: area?.splitShare ?? null };
    });
  const sum = (ids: readonly string[], value: (id: string) => number | null | undefined) => ids.reduce((total, id) => total + (value(id) ?? 0), 0);
  const total = choice.rate
    ? undefined
    : {
        before: sum(options.firstIds, valueOf),
        after: sum(options.secondIds, (id) => (changed.has(id) ? carriedOf.get(id)?.values[choice.column] : valueOf(id))),
      };
  return {
    column: choice.column,
    label: choice.label,
    weighting: crosswalk?.weighting ?? 'area',
    rows,
    ...(total ? { total } : {}),
    missing: [...sources].filter((id) => valueOf(id) === null),
  };
}
