// The messages between a WorkerPool and its workers: typed, tagged with a job id; buffers travel as transferables.
import {
  MISSING,
  SozialraumError,
  adoptNumberColumns,
  numberColumn,
  rowRecords,
  textColumn,
  withLazyRows,
  type DataIssue,
  type IssueCode,
  type IssueLocation,
  type Message,
  type NumberColumn,
  type Table,
} from '@sozialraum/core';
import type { TaskInput, TaskName, TaskOutput } from './tasks.js';

/**
 * Pool → worker. A worker holds one task at a time, so there is no abort message: a running task is computed
 * synchronously and could not read one, and a task that has not started never left the pool's queue.
 */
export type WorkerRequest = { [K in TaskName]: { type: 'run'; id: number; task: K; input: TaskInput<K> } }[TaskName];

/** Worker → pool. `ready` is sent once, when the worker's module has loaded; nothing is sent to a worker before it. */
export type WorkerResponse =
  | { type: 'ready' }
  | { type: 'progress'; id: number; done: number; total: number }
  | { type: 'result'; id: number; output: TaskOutput<TaskName> }
  | { type: 'error'; id: number; error: SerializedError };

/** An error as it crosses to the pool; a SozialraumError keeps its code, location and German and English text. */
export interface SerializedError {
  name: string;
  message: string;
  code?: IssueCode;
  location?: IssueLocation;
  text?: Message;
}

export function serializeError(error: unknown): SerializedError {
  if (error instanceof SozialraumError)
    return { name: error.name, message: error.message, code: error.code, location: { ...error.location }, text: { ...error.text } };
  if (error instanceof Error) return { name: error.name, message: error.message };
  return { name: 'Error', message: String(error) };
}

/** The error again, of the same kind: a SozialraumError with the same code, location and texts, or a plain Error. */
export function deserializeError(serialized: SerializedError): Error {
  if (serialized.code && serialized.location) {
    return SozialraumError.restore(serialized.code, serialized.text ?? { en: serialized.message, de: serialized.message }, serialized.location);
  }
  const error =
    serialized.name === 'RangeError'
      ? new RangeError(serialized.message)
      : serialized.name === 'TypeError'
        ? new TypeError(serialized.message)
        : new Error(serialized.message);
  return error;
}

/** Every ArrayBuffer under a value (typed arrays, nested objects and arrays), each once, to transfer instead of copy. */
export function transferables(value: unknown, found = new Set<ArrayBuffer>()): ArrayBuffer[] {
  if (value instanceof ArrayBuffer) {
    found.add(value);
  } else if (ArrayBuffer.isView(value)) {
    if (value.buffer instanceof ArrayBuffer) found.add(value.buffer);
  } else if (Array.isArray(value)) {
    // Lists of numbers or strings hold no buffers; only look into lists of objects.
    if (value.length > 0 && typeof value[0] === 'object') for (const entry of value) transferables(entry, found);
  } else if (value !== null && typeof value === 'object') {
    for (const entry of Object.values(value)) transferables(entry, found);
  }
  return [...found];
}

/**
 * A table as it crosses to or from a worker: its numbers as typed columns whose buffers are transferred, and text only
 * for the columns that need it, not 10,000 records of 50 strings copied one by one.
 */
export interface PackedTable {
  source: string;
  columns: string[];
  rowNumbers: Uint32Array;
  delimiter: string;
  decimalSeparator: ',' | '.';
  decimalEvidence?: Message;
  issues: DataIssue[];
  /** Every column that holds numbers: the number of each row (NaN where none) and why a row has none. */
  numbers: NumberColumn[];
  /** The cells as written of the columns that are text (keys, names) or hold symbols or text that is no number. */
  texts: [column: string, cells: string[]][];
}

/**
 * The table packed to cross to or from a worker. The columns of numbers are copied first where the table stays in use
 * on this side (`copy`, the default): a transferred buffer is gone from the side that sent it.
 */
export function packTable(table: Table, { copy = true }: { copy?: boolean } = {}): PackedTable {
  const numbers: NumberColumn[] = [];
  const texts: PackedTable['texts'] = [];
  for (const column of table.columns) {
    const read = numberColumn(table, column);
    const values = read.values.length - read.missingCount;
    if (values > 0 && read.unparseable <= values) {
      numbers.push(copy ? { ...read, values: read.values.slice(), missing: read.missing.slice() } : read);
    }
    // Cells written from their numbers would lose the symbol or text they hold, or the leading zeros of a key
    // ("01100101"), so such a column goes as text too.
    if (values === 0 || read.unparseable > 0 || read.missing.includes(MISSING.symbol) || !writtenAsNumbers(table, read)) {
      texts.push([column, [...textColumn(table, column)]]);
    }
  }
  return {
    source: table.source,
    columns: [...table.columns],
    rowNumbers: Uint32Array.from(table.rowNumbers),
    delimiter: table.delimiter,
    decimalSeparator: table.decimalSeparator,
    ...(table.decimalEvidence ? { decimalEvidence: table.decimalEvidence } : {}),
    issues: table.issues,
    numbers,
    texts,
  };
}

/** A cell as unpackTable writes it from its number: the number with the table's decimal separator, empty for none. */
function writtenNumber(read: NumberColumn, row: number, decimalSeparator: ',' | '.'): string {
  if (read.missing[row] !== MISSING.none) return '';
  const text = String(read.values[row]);
  return decimalSeparator === ',' ? text.replace('.', ',') : text;
}

/**
 * Whether every cell of a column is written as its number is (no leading zeros, signs, thousands separators or
 * trailing zeros), so that its cells can be written from the numbers on the other side. Every cell is compared, also
 * in a column of decimals: keys such as 01.10 and 1.1 are different areas with the same number, and 12.50 is shown
 * as written.
 */
function writtenAsNumbers(table: Table, read: NumberColumn): boolean {
  const cells = textColumn(table, read.column);
  for (let row = 0; row < read.values.length; row += 1) if (cells[row] !== writtenNumber(read, row, table.decimalSeparator)) return false;
  return true;
}

/**
 * The table again, reading the numbers that crossed (no cell is parsed again). Its rows are made when first read; the
 * cells of a column of decimal numbers are then its numbers written out (with the table's decimal separator), empty
 * where a row has none; keys and the columns sent as text keep their cells as written.
 */
export function unpackTable(packed: PackedTable): Table {
  const { columns, numbers, decimalSeparator } = packed;
  const rowCount = packed.rowNumbers.length;
  const table: Table = {
    source: packed.source,
    columns,
    rows: [],
    rowNumbers: Array.from(packed.rowNumbers),
    delimiter: packed.delimiter,
    decimalSeparator,
    ...(packed.decimalEvidence ? { decimalEvidence: packed.decimalEvidence } : {}),
    issues: packed.issues,
  };
  const texts = new Map(packed.texts);
  const byName = new Map(numbers.map((column) => [column.column, column]));
  const cells = (column: string): string[] => {
    const text = texts.get(column);
    if (text) return text;
    const read = byName.get(column);
    return Array.from({ length: rowCount }, (_, row) => (read ? writtenNumber(read, row, decimalSeparator) : ''));
  };
  withLazyRows(table, cells, () => {
    const made = columns.map((column) => cells(column));
    return rowRecords(columns, rowCount, (row, position) => made[position]![row]!);
  });
  adoptNumberColumns(table, numbers);
  return table;
}
