// Tables holding several years: a year column (long format) or one column per year (wide), and the table of one year.
import { SozialraumError, message } from '../errors.js';
import type { Table } from './csv.js';
import { describeNames } from './text.js';

/** How a table holds its years. */
export type TableYears =
  | {
      /** One row per area and year, the year in `yearColumn` (Flensburg's Sozialatlas: `jahr`). */
      layout: 'long';
      yearColumn: string;
      /** The years found, ascending. */
      years: number[];
    }
  | {
      /** One row per area, one column per indicator and year (`EW_2019`, `EW_2021`, `S1_2019`, …). */
      layout: 'wide';
      years: number[];
      /** Per base column name (`EW`), the column of each year (`{ 2019: 'EW_2019' }`), in table order. */
      columns: Record<string, Record<number, string>>;
    };

export interface YearOptions {
  /** The column holding the year in a long table; found by name (jahr, year, berichtsjahr, …) when not given. */
  yearColumn?: string;
}

const YEAR_COLUMN = /^(jahr|year|berichtsjahr|erhebungsjahr|datenjahr|stichjahr|zeitraum|periode)$/i;
const YEAR_VALUE = /^(1[89]\d\d|2[01]\d\d)$/;
/** `EW_2019`, `EW 2019`, `EW2019`, `EW-2019`, `EW.2019`; and the year first: `2019_EW`. */
const YEAR_SUFFIX = /^(.+?)[_\-. ]?(1[89]\d\d|2[01]\d\d)$/;
const YEAR_PREFIX = /^(1[89]\d\d|2[01]\d\d)[_\-. ](.+)$/;

/**
 * The years a table holds and how, or undefined when it holds one year only. A long table has a year column (named
 * like one, or given) whose cells are years, at least two different ones; a wide table has column names ending (or
 * starting) with a year, at least one base name with two years or two base names with the same other year.
 *
 * Throws SozialraumError when `options.yearColumn` is given but absent or holds a cell that is not a year.
 */
export function detectYears(table: Table, options: YearOptions = {}): TableYears | undefined {
  const { source } = table;
  if (options.yearColumn !== undefined) {
    const column = options.yearColumn;
    if (!table.columns.includes(column)) {
      throw new SozialraumError(
        'unknown-field',
        message(
          `has no year column "${column}"; the columns are ${describeNames(table.columns)}`,
          `hat keine Jahresspalte „${column}“; die Spalten sind ${describeNames(table.columns, 20, 'de')}`,
        ),
        { source },
      );
    }
    const years = yearsIn(table, column);
    if ('bad' in years) {
      throw new SozialraumError('bad-number', message(`"${years.bad.cell}" is not a year`, `„${years.bad.cell}“ ist keine Jahreszahl`), {
        source,
        row: years.bad.row,
        column,
      });
    }
    return { layout: 'long', yearColumn: column, years: years.years };
  }
  for (const column of table.columns) {
    if (!YEAR_COLUMN.test(column)) continue;
    const found = yearsIn(table, column);
    if ('years' in found && found.years.length >= 2) return { layout: 'long', yearColumn: column, years: found.years };
  }
  const columns: Record<string, Record<number, string>> = {};
  for (const column of table.columns) {
    const match = YEAR_SUFFIX.exec(column);
    const prefixed = match ? undefined : YEAR_PREFIX.exec(column);
    const base = match ? match[1]! : prefixed?.[2];
    const year = Number(match ? match[2] : prefixed?.[1]);
    if (base === undefined || base === '') continue;
    (columns[base] ??= {})[year] ??= column;
  }
  const bases = Object.keys(columns);
  const years = [...new Set(bases.flatMap((base) => Object.keys(columns[base]!).map(Number)))].sort((a, b) => a - b);
  const repeated = bases.some((base) => Object.keys(columns[base]!).length >= 2);
  if (years.length < 2 || !repeated) return undefined;
  return { layout: 'wide', years, columns };
}

/** The years of the table, ascending; [] for a table of one year. */
export function tableYears(table: Table, options: YearOptions = {}): number[] {
  return detectYears(table, options)?.years ?? [];
}

/**
 * The table of one year, in the shape of a one-year table: a long table's rows of that year (the year column kept),
 * or a wide table's rows with that year's columns under their base names (`EW_2019` → `EW`) and the columns without
 * a year as they are. A base column the year lacks is there with empty cells, so that every year's table has the
 * same columns. Rows keep their line numbers in the file, so messages still point at the right place.
 *
 * Throws SozialraumError when the table holds several years and `year` is not one of them.
 */
export function tableForYear(table: Table, year: number, options: YearOptions & { years?: TableYears } = {}): Table {
  const layout = options.years ?? detectYears(table, options);
  if (!layout) return table;
  if (!layout.years.includes(year)) {
    throw new SozialraumError(
      'unknown-field',
      message(
        `holds no year ${year}; its years are ${layout.years.join(', ')}`,
        `enthält das Jahr ${year} nicht; sie enthält die Jahre ${layout.years.join(', ')}`,
      ),
      {
        source: table.source,
        ...(layout.layout === 'long' ? { column: layout.yearColumn } : {}),
      },
    );
  }
  const label = `${table.source} (${year})`;
  if (layout.layout === 'long') {
    const rows: Record<string, string>[] = [];
    const rowNumbers: number[] = [];
    table.rows.forEach((row, index) => {
      if (Number((row[layout.yearColumn] ?? '').trim()) !== year) return;
      rows.push(row);
      rowNumbers.push(table.rowNumbers[index]!);
    });
    const kept = new Set(rowNumbers);
    return {
      ...table,
      source: label,
      rows,
      rowNumbers,
      issues: table.issues.filter((found) => found.row === undefined || found.row === 1 || kept.has(found.row)),
    };
  }
  const yearColumns = new Set(Object.values(layout.columns).flatMap((byYear) => Object.values(byYear)));
  const columns: string[] = [];
  const from = new Map<string, string | undefined>();
  for (const column of table.columns) {
    if (!yearColumns.has(column)) {
      if (!from.has(column)) columns.push(column);
      from.set(column, column);
      continue;
    }
    const base = Object.keys(layout.columns).find((name) => Object.values(layout.columns[name]!).includes(column))!;
    if (from.has(base)) continue;
    columns.push(base);
    from.set(base, layout.columns[base]![year]);
  }
  const rows = table.rows.map((row) => {
    const shaped: Record<string, string> = {};
    for (const column of columns) {
      const original = from.get(column);
      const cell = original === undefined ? '' : (row[original] ?? '');
      if (column === '__proto__') Object.defineProperty(shaped, column, { value: cell, enumerable: true, writable: true, configurable: true });
      else shaped[column] = cell;
    }
    return shaped;
  });
  return { ...table, source: label, columns, rows };
}

/**
 * The table of several years with each year's values replaced by what `each` makes of that year's table (tableForYear),
 * in the table's own layout: so that a rule applied to the year shown (the protection of small counts) holds for every
 * year of the whole table as well. `each` keeps the rows of its table, in order, and may only change cells.
 *
 * A long table keeps the rows of its years (a row without a year belongs to no year shown and is left out); a wide
 * table gets each year's cells back into that year's columns. A column without a year is in every year's table: a
 * cell that any year's rule changed is empty, since the rule withheld it for that year.
 */
export function eachYear(table: Table, layout: TableYears, each: (tableOfYear: Table, year: number) => Table): Table {
  const results = layout.years.map((year) => {
    const before = tableForYear(table, year, { years: layout });
    const after = each(before, year);
    // A rule that dropped or reordered rows would put one area's values on another's row.
    if (after.rows.length !== before.rows.length) throw new Error(`eachYear: the rule for ${year} changed the number of rows`);
    return { year, before, after };
  });
  if (layout.layout === 'long') {
    const byRowNumber = new Map<number, Record<string, string>>();
    for (const { before, after } of results) before.rowNumbers.forEach((rowNumber, index) => byRowNumber.set(rowNumber, after.rows[index]!));
    const rowNumbers = table.rowNumbers.filter((rowNumber) => byRowNumber.has(rowNumber));
    return { ...table, rows: rowNumbers.map((rowNumber) => byRowNumber.get(rowNumber)!), rowNumbers };
  }
  const yearColumns = new Set(Object.values(layout.columns).flatMap((byYear) => Object.values(byYear)));
  const rows = table.rows.map((row, index) => {
    const shown = { ...row };
    for (const { year, after } of results) {
      const cells = after.rows[index]!;
      for (const [base, byYear] of Object.entries(layout.columns)) if (byYear[year] !== undefined) shown[byYear[year]] = cells[base] ?? '';
      for (const column of table.columns) if (!yearColumns.has(column) && (cells[column] ?? '') !== (row[column] ?? '')) shown[column] = '';
    }
    return shown;
  });
  return { ...table, rows };
}

/**
 * The table of the year asked for, for work on one year (carrying values up a level): the table itself when it holds
 * one year, the year's table when it holds several. Several years without a year asked for are refused naming
 * them, since each key then has a row per year and taking the first would give the oldest year's numbers unnamed.
 * A year asked of a one-year table is refused too: it names no year to check it against.
 */
export function tableOfChosenYear(table: Table, year: number | undefined, options: YearOptions = {}): Table {
  const layout = detectYears(table, options);
  const where = layout?.layout === 'long' ? { source: table.source, column: layout.yearColumn } : { source: table.source };
  if (!layout) {
    if (year === undefined) return table;
    throw new SozialraumError(
      'unknown-field',
      message(
        `holds one year only (no year column such as "jahr" and no columns such as "EW_2019"), so the year ${year} cannot be checked; leave the year out or name the year column`,
        `enthält nur ein Jahr (keine Jahresspalte wie „jahr“ und keine Spalten wie „EW_2019“), daher lässt sich das Jahr ${year} nicht prüfen; lassen Sie das Jahr weg oder nennen Sie die Jahresspalte`,
      ),
      where,
    );
  }
  if (year === undefined) {
    const how = layout.layout === 'long' ? `in the column "${layout.yearColumn}"` : 'in its column names';
    const wie = layout.layout === 'long' ? `in der Spalte „${layout.yearColumn}“` : 'in ihren Spaltennamen';
    const latest = layout.years[layout.years.length - 1]!;
    throw new SozialraumError(
      'duplicate-key',
      message(
        `holds ${layout.years.length} years ${how} (${layout.years.join(', ')}), so each key has a row per year; say which year to use (the option --year ${latest} on the command line)`,
        `enthält ${layout.years.length} Jahre ${wie} (${layout.years.join(', ')}), daher hat jeder Schlüssel eine Zeile je Jahr; geben Sie an, welches Jahr gilt (auf der Kommandozeile die Option --year ${latest})`,
      ),
      where,
    );
  }
  return tableForYear(table, year, { ...options, years: layout });
}

/** The distinct years in a column, or the first cell that is not a year (empty cells are skipped). */
function yearsIn(table: Table, column: string): { years: number[] } | { bad: { cell: string; row: number } } {
  const years = new Set<number>();
  for (let index = 0; index < table.rows.length; index += 1) {
    const cell = (table.rows[index]![column] ?? '').trim();
    if (cell === '') continue;
    if (!YEAR_VALUE.test(cell)) return { bad: { cell, row: table.rowNumbers[index]! } };
    years.add(Number(cell));
  }
  return { years: [...years].sort((a, b) => a - b) };
}
