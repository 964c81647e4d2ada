// The numbers of a table parsed once: a Float64Array per column with a mask saying, for every cell without a value,
// why it has none. Every consumer (index, profile, levels, carry, the card, the map) reads these columns, so a cell
// is parsed once however many computations use it; keys and names stay the text cells of the table.
import { SozialraumError, message, type Message } from '../errors.js';
import type { Table } from './csv.js';
import { parseNumber } from './decimal.js';
import { missingReason } from './symbols.js';
import { describeNames } from './text.js';

/** Why a cell holds no number: nothing written, a missing-value code of the spec, a symbol of official statistics, text. */
export type MissingKind = 'empty' | 'code' | 'symbol' | 'unparseable';

/** The codes of the mask: 0 where the cell holds a number. */
export const MISSING = { none: 0, empty: 1, code: 2, symbol: 3, unparseable: 4 } as const;
const KINDS: readonly (MissingKind | undefined)[] = [undefined, 'empty', 'code', 'symbol', 'unparseable'];

/** One column of a table as numbers. */
export interface NumberColumn {
  column: string;
  /** The number of every row; NaN where the row has none. */
  values: Float64Array;
  /** 0 where the row has a number, else one of MISSING's codes. */
  missing: Uint8Array;
  /** How many rows have no number. */
  missingCount: number;
  /** How many rows hold text that is no number (the cells an index refuses). */
  unparseable: number;
}

/** Why row `index` of the column has no number; undefined where it has one. */
export function missingKind(column: NumberColumn, index: number): MissingKind | undefined {
  return KINDS[column.missing[index]!];
}

/** The value of row `index`, null where there is none: the form the results of the toolkit carry. */
export function valueAt(column: NumberColumn, index: number): number | null {
  return column.missing[index] === 0 ? column.values[index]! : null;
}

// Keyed by the rows array, not the table: `{ ...table, rows }` makes a new table of other cells and must not see the
// numbers of the old one, while `{ ...table, notes }` keeps the cells and the numbers. The decimal separator is part
// of the key, since a copy may read the same cells with another one. A table read by parseCsv keeps its numbers
// under the table itself as well, since its rows are made only when asked for (see csv-scan.ts).
const parsed = new WeakMap<readonly Record<string, string>[], Map<string, NumberColumn>>();
const parsedOfTable = new WeakMap<Table, Map<string, NumberColumn>>();

function numbersOf(table: Table): Map<string, NumberColumn> {
  const own = parsedOfTable.get(table);
  if (own) return own;
  let columns = parsed.get(table.rows);
  if (!columns) {
    columns = new Map();
    parsed.set(table.rows, columns);
  }
  return columns;
}

/**
 * The column as numbers, parsed on first use and kept with the table's rows, so that every later consumer reads the
 * same Float64Array. Throws SozialraumError 'unknown-field' naming the columns the table has.
 */
export function numberColumn(table: Table, column: string): NumberColumn {
  const columns = numbersOf(table);
  const key = `${table.decimalSeparator}\u0000${column}`;
  const known = columns.get(key);
  if (known) return known;
  if (!table.columns.includes(column)) {
    throw new SozialraumError(
      'unknown-field',
      message(
        `no column "${column}"; the columns are ${describeNames(table.columns)}`,
        `keine Spalte „${column}“; die Spalten sind ${describeNames(table.columns, 20, 'de')}`,
      ),
      { source: table.source },
    );
  }
  const read = parseCells(textColumn(table, column), column, table.decimalSeparator);
  columns.set(key, read);
  return read;
}

/** The column as numbers, or undefined where the table has no such column. */
export function numberColumnIfAny(table: Table, column: string): NumberColumn | undefined {
  const known = numbersOf(table).get(`${table.decimalSeparator}\u0000${column}`);
  if (known) return known;
  return table.columns.includes(column) ? numberColumn(table, column) : undefined;
}

/** Parses every column of the table, as a reader does once after reading it. */
export function parseAllColumns(table: Table): void {
  for (const column of table.columns) numberColumn(table, column);
}

/**
 * Hands numbers parsed elsewhere (by the reader, or in a worker and sent as transferred buffers) to the table, so
 * that the consumers on this side read them instead of parsing the cells again.
 */
export function adoptNumberColumns(table: Table, columns: readonly NumberColumn[]): void {
  const known = numbersOf(table);
  const rowCount = table.rowNumbers.length;
  for (const column of columns) {
    if (column.values.length === rowCount) known.set(`${table.decimalSeparator}\u0000${column.column}`, column);
  }
}

/**
 * Makes `table.rows` a property that makes the rows when first read (then a plain property, as assigning it also
 * makes it), and keeps the table's numbers and text cells where they are found without the rows: under the table,
 * and under the rows once they are made, so that copies of the table (`{ ...table, notes }`) find the numbers too.
 * For readers that hold the cells in another form than records: parseCsv's spans, a table sent to a worker.
 */
export function withLazyRows(table: Table, cells: (column: string) => string[], makeRows: () => Record<string, string>[]): Table {
  const columns = new Map<string, NumberColumn>();
  parsedOfTable.set(table, columns);
  cellSources.set(table, cells);
  const settle = (rows: Record<string, string>[]) => {
    Object.defineProperty(table, 'rows', { value: rows, writable: true, enumerable: true, configurable: true });
    return rows;
  };
  Object.defineProperty(table, 'rows', {
    enumerable: true,
    configurable: true,
    get() {
      const rows = makeRows();
      parsed.set(rows, columns);
      return settle(rows);
    },
    set: settle,
  });
  return table;
}

const texts = new WeakMap<Table, Map<string, readonly string[]>>();
const cellSources = new WeakMap<Table, (column: string) => string[]>();

/** Records of the cells of every row, of one shape (copies of one template) for up to 500 columns. */
export function rowRecords(columns: readonly string[], rowCount: number, cell: (row: number, position: number) => string): Record<string, string>[] {
  const template: Record<string, string> = {};
  const protoAt = columns.indexOf('__proto__');
  const shaped = columns.length <= 500;
  if (shaped) for (const column of columns) template[column] = '';
  if (shaped && protoAt >= 0) Object.defineProperty(template, '__proto__', { value: '', enumerable: true, writable: true, configurable: true });
  const rows = new Array<Record<string, string>>(rowCount);
  for (let row = 0; row < rowCount; row += 1) {
    const record: Record<string, string> = shaped ? { ...template } : {};
    for (let position = 0; position < columns.length; position += 1) {
      const text = cell(row, position);
      // A column named "__proto__" would set the row's prototype instead of holding the cell.
      if (position === protoAt) Object.defineProperty(record, '__proto__', { value: text, enumerable: true, writable: true, configurable: true });
      else record[columns[position]!] = text;
    }
    rows[row] = record;
  }
  return rows;
}

/**
 * The cells of one column as text (keys, names), one per row, '' where a row has none. Read from the parsed text
 * where the table came from parseCsv, so that a key column does not make the rows of 50 other columns.
 */
export function textColumn(table: Table, column: string): readonly string[] {
  let known = texts.get(table);
  const found = known?.get(column);
  if (found) return found;
  const source = cellSources.get(table);
  const cells = source ? source(column) : table.rows.map((row) => row[column] ?? '');
  if (!known) texts.set(table, (known = new Map()));
  known.set(column, cells);
  return cells;
}

/** How many data rows the table has, without making its rows. */
export function rowCount(table: Table): number {
  return table.rowNumbers.length;
}

const withCodes = new WeakMap<NumberColumn, Map<string, NumberColumn>>();

/**
 * The column with the spec's missing-value codes (-9999, …) marked as 'code'; the same column when none is given or
 * none occurs. Kept with the column, so that an index computed again over the same table finds it marked.
 */
export function withMissingCodes(column: NumberColumn, codes: readonly number[]): NumberColumn {
  if (codes.length === 0) return column;
  const key = codes.join(' ');
  let known = withCodes.get(column);
  const found = known?.get(key);
  if (found) return found;
  let missing: Uint8Array | undefined;
  let count = column.missingCount;
  const { values } = column;
  for (let row = 0; row < values.length; row += 1) {
    if (column.missing[row] !== 0) continue;
    const value = values[row]!;
    // A list of one or two codes compared directly: a Set of doubles hashes every value of the column.
    let code = false;
    for (let position = 0; position < codes.length && !code; position += 1) code = value === codes[position];
    if (!code) continue;
    missing ??= column.missing.slice();
    missing[row] = MISSING.code;
    count += 1;
  }
  const marked = missing ? { ...column, missing, missingCount: count } : column;
  if (!known) withCodes.set(column, (known = new Map()));
  known.set(key, marked);
  return marked;
}

/** The column's values as the results carry them: a number or null. */
export function columnValues(column: NumberColumn): (number | null)[] {
  const out = new Array<number | null>(column.values.length);
  for (let row = 0; row < out.length; row += 1) out[row] = column.missing[row] === 0 ? column.values[row]! : null;
  return out;
}

const DIGIT_0 = 48;
const DIGIT_9 = 57;
const MINUS = 45;

/** Exact powers of ten: a whole number below 2^53 divided by one of them is the correctly rounded decimal. */
const POWERS = Array.from({ length: 23 }, (_, exponent) => 10 ** exponent);

/**
 * The number of a plain decimal cell ("-12", "3.25" with the separator's character code), NaN for any other form.
 * Nearly every cell has this form, and a scan of its characters is several times faster than a regular expression
 * and Number(). With at most 15 digits, digits / 10^decimals is one division of two exact numbers, so it is the
 * correctly rounded value, the same double Number() reads (Clinger's fast path); longer cells go to Number().
 */
function plainDecimal(cell: string, separator: number): number {
  const length = cell.length;
  const negative = cell.charCodeAt(0) === MINUS;
  let position = negative ? 1 : 0;
  const start = position;
  let digits = 0;
  while (position < length) {
    const code = cell.charCodeAt(position);
    if (code < DIGIT_0 || code > DIGIT_9) break;
    digits = digits * 10 + (code - DIGIT_0);
    position += 1;
  }
  if (position === start) return Number.NaN;
  let decimals = 0;
  if (position < length) {
    if (cell.charCodeAt(position) !== separator) return Number.NaN;
    position += 1;
    const fraction = position;
    while (position < length) {
      const code = cell.charCodeAt(position);
      if (code < DIGIT_0 || code > DIGIT_9) return Number.NaN;
      digits = digits * 10 + (code - DIGIT_0);
      position += 1;
    }
    decimals = position - fraction;
    if (decimals === 0) return Number.NaN;
  }
  if (length - start - (decimals > 0 ? 1 : 0) > 15) return Number(separator === 46 ? cell : cell.replace(',', '.'));
  const value = decimals === 0 ? digits : digits / POWERS[decimals]!;
  return negative ? -value : value;
}

/** One column's cells as numbers, each the number parseNumber reads, with the reason for every cell that has none. */
export function parseCells(cells: readonly string[], column: string, decimalSeparator: ',' | '.'): NumberColumn {
  const count = cells.length;
  const values = new Float64Array(count);
  const missing = new Uint8Array(count);
  const separator = decimalSeparator.charCodeAt(0);
  let missingCount = 0;
  let unparseable = 0;
  for (let row = 0; row < count; row += 1) {
    const kind = readCell(cells[row]!, separator, decimalSeparator, values, row);
    if (kind === MISSING.none) continue;
    missing[row] = kind;
    missingCount += 1;
    if (kind === MISSING.unparseable) unparseable += 1;
  }
  return { column, values, missing, missingCount, unparseable };
}

/**
 * Writes the number of one cell to values[row] (NaN where it has none) and says why it has none (MISSING's codes,
 * 0 where it has one): the reading of parseNumber, with plain decimals read by a scan of their characters.
 */
export function readCell(cell: string, separator: number, decimalSeparator: ',' | '.', values: Float64Array, row: number): number {
  const plain = plainDecimal(cell, separator);
  if (!Number.isNaN(plain)) {
    values[row] = plain;
    return MISSING.none;
  }
  const value = cell === '' ? null : parseNumber(cell, decimalSeparator);
  if (value !== null && !Number.isNaN(value)) {
    values[row] = value;
    return MISSING.none;
  }
  values[row] = Number.NaN;
  if (value !== null) return MISSING.unparseable;
  return cell.trim() !== '' && missingReason(cell) ? MISSING.symbol : MISSING.empty;
}

/** What parsing found in one column. */
export interface ColumnReport {
  column: string;
  /** 'number' where every cell with something written is a number or a symbol of official statistics. */
  kind: 'number' | 'text';
  values: number;
  empty: number;
  symbols: number;
  unparseable: number;
  /** The line of the first cell that is not a number, in a column of numbers otherwise. */
  firstUnparseable?: { row: number; cell: string };
}

/** The parse report of a table: its decimal separator and why, and the columns and rows with cells that are no number. */
export interface ParseReport {
  source: string;
  decimalSeparator: ',' | '.';
  decimalEvidence?: Message;
  columns: ColumnReport[];
  /** Lines (header = 1) holding a cell that is not a number in a column of numbers. */
  rowsWithProblems: number[];
}

/** The parse report of the table, from its typed columns. */
export function parseReport(table: Table): ParseReport {
  const problemRows = new Set<number>();
  const columns = table.columns.map((name): ColumnReport => {
    const read = numberColumn(table, name);
    const counts = [0, 0, 0, 0, 0];
    for (let row = 0; row < read.missing.length; row += 1) counts[read.missing[row]!]! += 1;
    const values = counts[MISSING.none]!;
    // Mostly text (names, keys such as "A0001") is a text column, not a column of numbers with problems.
    const kind = values > 0 && read.unparseable <= values ? 'number' : 'text';
    const report: ColumnReport = { column: name, kind, values, empty: counts[MISSING.empty]!, symbols: counts[MISSING.symbol]!, unparseable: read.unparseable };
    if (kind === 'number' && read.unparseable > 0) {
      for (let row = 0; row < read.missing.length; row += 1) {
        if (read.missing[row] !== MISSING.unparseable) continue;
        const line = table.rowNumbers[row] ?? row + 2;
        report.firstUnparseable ??= { row: line, cell: table.rows[row]![name] ?? '' };
        problemRows.add(line);
      }
    }
    return report;
  });
  return {
    source: table.source,
    decimalSeparator: table.decimalSeparator,
    ...(table.decimalEvidence ? { decimalEvidence: table.decimalEvidence } : {}),
    columns,
    rowsWithProblems: [...problemRows].sort((a, b) => a - b),
  };
}
