// CSV text without quotes, as statistics offices export most tables, read in one scan of its characters: where every
// cell starts and ends, the number it holds and how it tells the decimal separator. Cells become strings only when
// asked for (a key column, the rows of a table that is shown), so 10,000 rows × 52 cells are not 520,000 strings.
import { issue, message, type DataIssue } from '../errors.js';
import { MISSING, readCell, rowRecords, withLazyRows, type NumberColumn } from './columns.js';
import type { CsvOptions, Table } from './csv.js';
import { COMMA_KIND, DecimalTally, EITHER_KIND, POINT_KIND, type DecimalEvidence } from './decimal.js';

/** What the scan found: the line of every row and, per row and column, where the trimmed cell starts and ends. */
export interface ScannedCsv {
  rowNumbers: number[];
  /** Row-major, `columnCount` spans per row; start = end for an empty or absent cell. */
  starts: Uint32Array;
  ends: Uint32Array;
}

const LINE_FEED = 10;

/**
 * Whether Papa Parse would split the text exactly as a scan for the delimiter and line feeds does: no quotes, a
 * delimiter of one character, and lines ended by "\n" alone or every one by "\r\n" (whose "\r" the trimming of the
 * cells removes). Other text is read by Papa Parse.
 */
export function plainCsv(body: string, delimiter: string): boolean {
  if (delimiter.length !== 1 || delimiter === '"' || delimiter === '\n' || delimiter === '\r') return false;
  if (body.indexOf('"') >= 0) return false;
  let returns = 0;
  for (let at = body.indexOf('\r'); at >= 0; at = body.indexOf('\r', at + 1)) {
    if (body.charCodeAt(at + 1) !== LINE_FEED) return false;
    returns += 1;
  }
  if (returns === 0) return true;
  let feeds = 0;
  for (let at = body.indexOf('\n'); at >= 0; at = body.indexOf('\n', at + 1)) feeds += 1;
  return feeds === returns;
}

/** The characters String.prototype.trim removes. */
function isSpace(code: number): boolean {
  if (code <= 32) return code === 32 || (code >= 9 && code <= 13);
  if (code < 0xa0) return false;
  return (
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000 ||
    code === 0xfeff
  );
}

/** The header line's cells, trimmed, and where the data lines start. */
export function scanHeader(body: string, delimiter: string): { header: string[]; next: number } {
  const end = body.indexOf('\n');
  const line = end < 0 ? body : body.slice(0, end);
  return { header: line.split(delimiter).map((cell) => cell.trim()), next: end < 0 ? body.length + 1 : end + 1 };
}

/**
 * The spans of every data line's cells, `columnCount` per kept line: a line that is blank is skipped, as Papa Parse's
 * record of one empty cell is; a line with more or fewer cells than the header is reported in `issues` and kept as
 * far as it goes.
 */
export function scanRows(body: string, delimiter: string, next: number, columnCount: number, source: string, issues: DataIssue[]): ScannedCsv {
  let lines = 0;
  for (let at = body.indexOf('\n', next); at >= 0; at = body.indexOf('\n', at + 1)) lines += 1;
  lines += 1;
  const starts = new Uint32Array(lines * columnCount);
  const ends = new Uint32Array(lines * columnCount);
  const rowNumbers: number[] = [];
  const length = body.length;
  let line = 1;
  let row = 0;
  for (let start = next; start <= length; line += 1) {
    let end = body.indexOf('\n', start);
    if (end < 0) end = length;
    const base = row * columnCount;
    let cells = 0;
    let blank = true;
    // Cell by cell to the next delimiter: indexOf finds it faster than a loop over the characters.
    for (let cellStart = start; ;) {
      let at = body.indexOf(delimiter, cellStart);
      const last = at < 0 || at > end;
      if (last) at = end;
      let from = cellStart;
      let to = at;
      while (from < to && isSpace(body.charCodeAt(from))) from += 1;
      while (to > from && isSpace(body.charCodeAt(to - 1))) to -= 1;
      if (from < to) blank = false;
      if (cells < columnCount) {
        starts[base + cells] = from;
        ends[base + cells] = to;
      }
      cells += 1;
      if (last) break;
      cellStart = at + 1;
    }
    start = end + 1;
    if (cells === 1 && blank) {
      // A blank line is no row; the spans written for it are overwritten by the next line's.
      starts[base] = 0;
      ends[base] = 0;
      continue;
    }
    const rowNumber = line + 1;
    if (cells !== columnCount) {
      issues.push(
        issue('parse-error', 'warning', message(`has ${cells} cells, the header has ${columnCount}`, `hat ${cells} Zellen, die Kopfzeile ${columnCount}`), {
          source,
          row: rowNumber,
        }),
      );
    }
    rowNumbers.push(rowNumber);
    row += 1;
  }
  return { rowNumbers, starts: starts.subarray(0, row * columnCount), ends: ends.subarray(0, row * columnCount) };
}

const DIGIT_0 = 48;
const MINUS = 45;
const PLUS = 43;
const COMMA = 44;
const POINT = 46;

/** Exact powers of ten, as columns.ts divides by them. */
const POWERS = Array.from({ length: 23 }, (_, exponent) => 10 ** exponent);

/** The state of a cell after the scan, before the decimal separator is known. */
const DONE = 0;
const WITH_COMMA = 1;
const WITH_POINT = 2;
const SLOW = 3;
const EMPTY = 4;

/**
 * The numbers of every column from the spans, with the decimal separator told by the cells (or given): one scan of
 * each cell's characters reads "[-]digits[separator digits]" as columns.ts's plainDecimal does, taking the separator
 * in the cell as the decimal one, and tallies what the cell tells; cells written with the other separator, and every
 * other form, are read afterwards as parseNumber reads them.
 */
export function typeColumns(
  body: string,
  scanned: ScannedCsv,
  columns: readonly string[],
  delimiter: string,
  options: CsvOptions,
): { decimal: DecimalEvidence; numbers: NumberColumn[] } {
  const { starts, ends, rowNumbers } = scanned;
  const columnCount = columns.length;
  const rowCount = rowNumbers.length;
  const values = columns.map(() => new Float64Array(rowCount));
  const states = columns.map(() => new Uint8Array(rowCount));
  const tally = options.decimalSeparator === undefined ? new DecimalTally() : undefined;
  for (let row = 0; row < rowCount; row += 1) {
    const base = row * columnCount;
    for (let position = 0; position < columnCount; position += 1) {
      const from = starts[base + position]!;
      const to = ends[base + position]!;
      const state = scanCell(body, from, to, values[position]!, row, tally, rowNumbers[row]!, columns[position]!);
      states[position]![row] = state;
    }
  }
  const decimal: DecimalEvidence = tally
    ? tally.decide(delimiter, options.source, options.decimalConvention)
    : { separator: options.decimalSeparator!, text: message('given', 'angegeben') };
  const kept = decimal.separator === ',' ? WITH_COMMA : WITH_POINT;
  const separator = decimal.separator.charCodeAt(0);
  const numbers = columns.map((column, position): NumberColumn => {
    const missing = states[position]!;
    const numbers = values[position]!;
    let missingCount = 0;
    let unparseable = 0;
    for (let row = 0; row < rowCount; row += 1) {
      const state = missing[row]!;
      if (state === DONE || state === kept) {
        missing[row] = MISSING.none;
        continue;
      }
      let kind: number = MISSING.empty;
      if (state === EMPTY) numbers[row] = Number.NaN;
      else {
        const span = row * columnCount + position;
        kind = readCell(body.slice(starts[span], ends[span]), separator, decimal.separator, numbers, row);
      }
      missing[row] = kind;
      if (kind === MISSING.none) continue;
      missingCount += 1;
      if (kind === MISSING.unparseable) unparseable += 1;
    }
    return { column, values: numbers, missing, missingCount, unparseable };
  });
  return { decimal, numbers };
}

/**
 * Scans one cell: writes its number where it is "[-]digits" or "[-]digits separator digits" of at most 15 digits,
 * tallies the separator it tells (as DecimalTally.cell does), and says what is left to do (DONE, WITH_COMMA,
 * WITH_POINT: right if that is the decimal separator; SLOW: read by parseNumber; EMPTY).
 */
function scanCell(
  body: string,
  from: number,
  to: number,
  values: Float64Array,
  row: number,
  tally: DecimalTally | undefined,
  rowNumber: number,
  column: string,
): number {
  if (from === to) return EMPTY;
  const length = to - from;
  const first = body.charCodeAt(from);
  const signed = first === MINUS || first === PLUS;
  let at = signed ? from + 1 : from;
  const wholeStart = at;
  let digits = 0;
  for (; at < to; at += 1) {
    const code = body.charCodeAt(at) - DIGIT_0;
    if (code < 0 || code > 9) break;
    digits = digits * 10 + code;
  }
  const whole = at - wholeStart;
  if (at === to) {
    if (whole === 0 || first === PLUS || whole > 15) return SLOW;
    values[row] = first === MINUS ? -digits : digits;
    return DONE;
  }
  const mark = body.charCodeAt(at);
  if (whole === 0 || (mark !== COMMA && mark !== POINT) || length > 40) return slowCell(body, from, to, tally, rowNumber, column);
  at += 1;
  const fractionStart = at;
  for (; at < to; at += 1) {
    const code = body.charCodeAt(at) - DIGIT_0;
    if (code < 0 || code > 9) break;
    digits = digits * 10 + code;
  }
  const fraction = at - fractionStart;
  if (at !== to || fraction === 0) return slowCell(body, from, to, tally, rowNumber, column);
  if (tally) {
    const kind = whole <= 3 && fraction === 3 ? EITHER_KIND : mark === COMMA ? COMMA_KIND : POINT_KIND;
    if (kind === EITHER_KIND ? !tally.firstEither : kind === COMMA_KIND ? !tally.firstComma : !tally.firstPoint)
      tally.kind(kind, body.slice(from, to), rowNumber, column);
    else if (kind === COMMA_KIND) tally.commas += 1;
    else if (kind === POINT_KIND) tally.points += 1;
  }
  if (first === PLUS || whole + fraction > 15) return SLOW;
  const value = digits / POWERS[fraction]!;
  values[row] = first === MINUS ? -value : value;
  return mark === COMMA ? WITH_COMMA : WITH_POINT;
}

/** A cell of another form: tallied from its text, and read by parseNumber once the separator is known. */
function slowCell(body: string, from: number, to: number, tally: DecimalTally | undefined, rowNumber: number, column: string): number {
  tally?.cell(body.slice(from, to), rowNumber, column);
  return SLOW;
}

/**
 * The table over the scanned text: its rows made from the spans when first read (then kept as a plain property), a
 * text column made without them.
 */
export function scannedTable(body: string, scanned: ScannedCsv, fields: Omit<Table, 'rows' | 'rowNumbers'>): Table {
  const { columns } = fields;
  const columnCount = columns.length;
  const rowCount = scanned.rowNumbers.length;
  const { starts, ends } = scanned;
  // In the order of the fields of a table read by Papa Parse; `rows` is replaced by its getter below.
  const table: Table = {
    source: fields.source,
    columns,
    rows: [],
    rowNumbers: scanned.rowNumbers,
    delimiter: fields.delimiter,
    decimalSeparator: fields.decimalSeparator,
    ...(fields.decimalEvidence ? { decimalEvidence: fields.decimalEvidence } : {}),
    issues: fields.issues,
  };
  const cellsOf = (position: number) => {
    const cells = new Array<string>(rowCount);
    for (let row = 0; row < rowCount; row += 1)
      cells[row] = position < 0 ? '' : body.slice(starts[row * columnCount + position], ends[row * columnCount + position]);
    return cells;
  };
  return withLazyRows(
    table,
    (column) => cellsOf(columns.indexOf(column)),
    () => rowRecords(columns, rowCount, (row, position) => body.slice(starts[row * columnCount + position], ends[row * columnCount + position])),
  );
}
