// Several years in one indicator table: a year column (long format) or one column per year (wide format).
import { SozialraumError } from '../errors.js';
import type { Table } from './csv.js';
import { describeNames } from './text.js';

/** How a table holds its years. */
export type YearLayout =
  | {
      kind: 'long';
      /** Column holding the year of each row, e.g. `jahr`. */
      column: string;
      years: number[];
    }
  | {
      kind: 'wide';
      years: number[];
      /** Per base column (e.g. `EW`), the column of each year (e.g. 2019 → `EW_2019`). */
      columns: Map<string, Map<number, string>>;
    };

/** Column names that hold the year of a row, in the order they are tried. */
const YEAR_COLUMNS = ['jahr', 'year', 'berichtsjahr', 'stichjahr', 'zeit', 'time'];
const YEAR = /^(1[89]\d\d|2\d\d\d)$/;
const WIDE = /^(.*?\S)[_ .-]((?:1[89]|2\d)\d\d)$/;

/**
 * Finds the years of a table: the given or a usual year column (`jahr`, `year`, …) whose cells are all years, else
 * columns named `<column>_<year>`. Undefined when the table holds one year only.
 */
export function detectYears(table: Table, options: { yearColumn?: string } = {}): YearLayout | undefined {
  if (options.yearColumn !== undefined) {
    if (!table.columns.includes(options.yearColumn)) {
      throw new SozialraumError('unknown-field', `has no year column "${options.yearColumn}"; the columns are ${describeNames(table.columns)}`, {
        source: table.source,
        column: options.yearColumn,
      });
    }
    const years = yearsOfColumn(table, options.yearColumn);
    if (!years) {
      const row = table.rows.findIndex((candidate) => !YEAR.test((candidate[options.yearColumn!] ?? '').trim()));
      throw new SozialraumError('bad-number', `"${table.rows[row]?.[options.yearColumn] ?? ''}" is not a year`, {
        source: table.source,
        row: table.rowNumbers[row] ?? row + 2,
        column: options.yearColumn,
      });
    }
    return { kind: 'long', column: options.yearColumn, years };
  }
  for (const name of YEAR_COLUMNS) {
    const column = table.columns.find((candidate) => candidate.trim().toLowerCase() === name);
    const years = column === undefined ? undefined : yearsOfColumn(table, column);
    if (column !== undefined && years) return years.length > 1 ? { kind: 'long', column, years } : undefined;
  }
  const columns = new Map<string, Map<number, string>>();
  for (const column of table.columns) {
    const match = WIDE.exec(column.trim());
    if (!match) continue;
    const byYear = columns.get(match[1]!) ?? new Map<number, string>();
    byYear.set(Number(match[2]), column);
    columns.set(match[1]!, byYear);
  }
  for (const [base, byYear] of columns) if (byYear.size < 2) columns.delete(base);
  if (columns.size === 0) return undefined;
  const years = [...new Set([...columns.values()].flatMap((byYear) => [...byYear.keys()]))].sort((a, b) => a - b);
  return { kind: 'wide', years, columns };
}

/**
 * The rows of one year as a table of their own: long format keeps the rows of that year; wide format gives every
 * row the year's cells under the base column names (`EW_2019` → `EW`), beside the columns that hold no year.
 */
export function tableForYear(table: Table, layout: YearLayout, year: number): Table {
  if (!layout.years.includes(year)) {
    throw new SozialraumError('no-match', `holds no year ${year}; its years are ${layout.years.join(', ')}`, { source: table.source });
  }
  if (layout.kind === 'long') {
    const rows: Record<string, string>[] = [];
    const rowNumbers: number[] = [];
    table.rows.forEach((row, index) => {
      if (Number((row[layout.column] ?? '').trim()) !== year) return;
      rows.push(row);
      rowNumbers.push(table.rowNumbers[index]!);
    });
    return { ...table, rows, rowNumbers, issues: [] };
  }
  const yearColumns = new Set([...layout.columns.values()].flatMap((byYear) => [...byYear.values()]));
  const plain = table.columns.filter((column) => !yearColumns.has(column));
  const bases = [...layout.columns.keys()].filter((base) => !plain.includes(base));
  const rows = table.rows.map((row) => {
    const next: Record<string, string> = {};
    for (const column of plain) next[column] = row[column] ?? '';
    for (const base of bases) {
      const column = layout.columns.get(base)!.get(year);
      next[base] = column === undefined ? '' : row[column] ?? '';
    }
    return next;
  });
  return { ...table, columns: [...plain, ...bases], rows, issues: [] };
}

function yearsOfColumn(table: Table, column: string): number[] | undefined {
  const years = new Set<number>();
  for (const row of table.rows) {
    const cell = (row[column] ?? '').trim();
    if (!YEAR.test(cell)) return undefined;
    years.add(Number(cell));
  }
  return [...years].sort((a, b) => a - b);
}
