// Rates from their parts: an indicator with a numerator and a denominator needs no column of its own in the table.
import type { Table } from '../io/csv.js';
import { MISSING, numberColumn, numberColumnIfAny } from '../io/columns.js';
import type { IndexSpec } from './spec.js';

/** The factor of a rate's unit: 100 for %, 1,000 for ‰ and "je 1.000", else 1. */
export function rateScale(unit: string | undefined): number {
  const text = (unit ?? '').trim().toLowerCase();
  if (text === '%' || text === 'prozent' || text === 'percent') return 100;
  if (text === '‰' || /(je|per) 1[.,]?000/.test(text)) return 1000;
  return 1;
}

/** numerator / denominator × scale; null without both or with a denominator of 0. */
export function ratio(numerator: number | null, denominator: number | null, scale: number): number | null {
  if (numerator === null || denominator === null || denominator === 0) return null;
  return (numerator / denominator) * scale;
}

/**
 * The table with every indicator of the spec that it lacks but whose numerator and denominator it has, computed row
 * by row as numerator / denominator × the unit's scale (the Flensburg Sozialatlas publishes counts only). With
 * `normalise`, the spec's numeric columns are also written with a decimal point. The same table when nothing is to do.
 */
export function withDerivedRates(table: Table, spec: IndexSpec, options: { normalise?: boolean } = {}): Table {
  const derived = spec.indicators.filter((indicator) => !table.columns.includes(indicator.column) && indicator.numerator && indicator.denominator);
  const numeric = options.normalise
    ? [
        ...new Set(
          spec.indicators
            .flatMap((indicator) => [indicator.column, indicator.numerator, indicator.denominator])
            .filter((name): name is string => !!name && table.columns.includes(name)),
        ),
      ]
    : [];
  // As parseNumber reads the cell, from the typed column: null for no value, NaN for text that is no number.
  const cell = (index: number, column: string | undefined) => {
    const read = column === undefined ? undefined : numberColumnIfAny(table, column);
    if (!read) return null;
    const kind = read.missing[index];
    return kind === MISSING.none ? read.values[index]! : kind === MISSING.unparseable ? Number.NaN : null;
  };
  // Symbols of official statistics ("." "–") are the cells a normalised table writes differently (empty).
  const plain = table.decimalSeparator === '.' && numeric.every((column) => !numberColumn(table, column).missing.includes(MISSING.symbol));
  if (derived.length === 0 && (numeric.length === 0 || plain)) return table;
  const rows = table.rows.map((row, index) => {
    const next = { ...row };
    for (const column of numeric) {
      const value = cell(index, column);
      next[column] = value === null ? '' : String(value);
    }
    for (const indicator of derived) {
      const value = ratio(cell(index, indicator.numerator), cell(index, indicator.denominator), rateScale(indicator.unit));
      next[indicator.column] = value === null ? '' : String(value);
    }
    return next;
  });
  return {
    ...table,
    columns: [...table.columns, ...derived.map((indicator) => indicator.column)],
    rows,
    ...(numeric.length > 0 ? { decimalSeparator: '.' as const } : {}),
  };
}
