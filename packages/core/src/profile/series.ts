// Rates per area and year from a long table (one row per area and year) of counts: the small lines of the profile.
import { ratio } from '../index/rates.js';
import type { Table } from '../io/csv.js';
import { numberColumnIfAny, valueAt } from '../io/columns.js';
import type { SeriesChange, SeriesPoint } from './types.js';

export interface TimeSeriesOptions {
  keyColumn: string;
  /** The column naming the year of each row, e.g. "jahr". */
  yearColumn: string;
  /** Column of the rate itself; used where numerator and denominator are not given. */
  column?: string;
  numerator?: string;
  denominator?: string;
  /** [scale=1] Factor of numerator / denominator, e.g. 100 for a %. */
  scale?: number;
}

/**
 * The cell of row `index` as a number, from the table's typed column: empty, "NULL", "–" and text that is no number
 * are no value.
 */
export function cellNumber(table: Table, index: number, column: string | undefined): number | null {
  const read = column === undefined ? undefined : numberColumnIfAny(table, column);
  return read === undefined ? null : valueAt(read, index);
}

/** The years of a table, ascending; rows whose year is not a whole number are left out. */
export function yearsInColumn(table: Table, yearColumn: string): number[] {
  const years = new Set<number>();
  for (let index = 0; index < table.rows.length; index += 1) {
    const year = cellNumber(table, index, yearColumn);
    if (year !== null && Number.isInteger(year)) years.add(year);
  }
  return [...years].sort((a, b) => a - b);
}

/**
 * The series of every area: one point per year of the table (null values where the area has no row or a count is
 * missing), oldest first. With numerator and denominator the value is numerator / denominator × scale; otherwise
 * the column as it is.
 */
export function areaTimeSeries(table: Table, options: TimeSeriesOptions): Map<string, SeriesPoint[]> {
  const years = yearsInColumn(table, options.yearColumn);
  const position = new Map(years.map((year, index) => [year, index]));
  const series = new Map<string, SeriesPoint[]>();
  const scale = options.scale ?? 1;
  table.rows.forEach((row, index) => {
    const id = (row[options.keyColumn] ?? '').trim();
    const year = cellNumber(table, index, options.yearColumn);
    if (id === '' || year === null || !position.has(year)) return;
    let points = series.get(id);
    if (!points) {
      points = years.map((entry) => ({ year: entry, value: null, numerator: null, denominator: null }));
      series.set(id, points);
    }
    const numerator = cellNumber(table, index, options.numerator);
    const denominator = cellNumber(table, index, options.denominator);
    const value =
      options.numerator !== undefined && options.denominator !== undefined ? ratio(numerator, denominator, scale) : cellNumber(table, index, options.column);
    points[position.get(year)!] = { year, value, numerator, denominator };
  });
  return series;
}

/** The city's series: Σ numerators / Σ denominators per year over the areas that have both. */
export function citySeries(series: ReadonlyMap<string, readonly SeriesPoint[]>, years: readonly number[], scale: number): SeriesPoint[] {
  return years.map((year, index) => {
    let numerator = 0;
    let denominator = 0;
    let any = false;
    for (const points of series.values()) {
      const point = points[index];
      if (!point || point.numerator === null || point.denominator === null) continue;
      numerator += point.numerator;
      denominator += point.denominator;
      any = true;
    }
    return any ? { year, value: ratio(numerator, denominator, scale), numerator, denominator } : { year, value: null, numerator: null, denominator: null };
  });
}

/** From the first year with a value to the last year with one; null with fewer than two such years. */
export function seriesChange(points: readonly SeriesPoint[]): SeriesChange | null {
  const present = points.filter((point) => point.value !== null);
  const first = present[0];
  const last = present.at(-1);
  if (!first || !last || first === last) return null;
  return { from: first.year, to: last.year, fromValue: first.value!, toValue: last.value!, difference: last.value! - first.value! };
}
