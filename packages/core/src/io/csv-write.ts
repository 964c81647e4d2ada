// The one CSV writer of the toolkit: every table the command line writes and every CSV an element offers for
// download goes through here, so quoting, line endings, number notation and the formula guard are the same everywhere.
import Papa from 'papaparse';

/** A cell: text as it is, a number written in the convention's notation, null or undefined for no value. */
export type CsvCell = string | number | null | undefined;

/**
 * How the table is meant to be opened. 'en': commas and decimal points, as scripts and English spreadsheets read
 * it. 'de': semicolons and decimal commas, as a German spreadsheet opens a CSV without asking.
 */
export type CsvConvention = 'en' | 'de';

export interface CsvWriteOptions {
  /** [convention='en'] */
  convention?: CsvConvention;
  /**
   * [bom=false] Start with a UTF-8 byte order mark: without it, Excel reads a UTF-8 file as Windows-1252 and turns
   * "Schöneberg" into "SchÃ¶neberg". Files meant for scripts go without, since a BOM ends up in the first column name.
   */
  bom?: boolean;
}

/**
 * Lines end in CRLF, as RFC 4180 has it: every spreadsheet and every CSV reader (ours included) takes it, while a
 * bare LF is misread by some office imports. The last line ends too, so files concatenate and `wc -l` counts rows.
 */
export const CSV_LINE_END = '\r\n';

/**
 * Text a spreadsheet would run as a formula: "=", "+", "-" and "@" start one; a tab or carriage return first is
 * dropped by some importers and uncovers what follows. papaparse's own guard (`escapeFormulae: true`) misses a cell
 * whose formula is followed by a line break ("=1+1\nx": its `.*$` stops at the newline), so the pattern is ours.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/** The delimiter of a convention. */
export function csvDelimiter(convention: CsvConvention): string {
  return convention === 'de' ? ';' : ',';
}

/**
 * A header line and rows as CSV text. Text cells that start like a formula get a leading apostrophe (the spreadsheet
 * shows the text and computes nothing) and are quoted; numbers are never guarded, so -1.5 stays a number. Cells are
 * quoted where they hold the delimiter, a quote, a line break or edge spaces. A row shorter than the header is filled
 * with empty cells.
 */
export function writeCsv(header: readonly string[], rows: Iterable<readonly CsvCell[]>, options: CsvWriteOptions = {}): string {
  return [...writeCsvChunks(header, rows, options)].join('');
}

/**
 * writeCsv's text in pieces of a few lines each, for a writer that streams them to a file: a table of 542 rows ×
 * 2,000 cells is then never held whole. Joined, the pieces are writeCsv's text.
 */
export function* writeCsvChunks(header: readonly string[], rows: Iterable<readonly CsvCell[]>, options: CsvWriteOptions = {}): Generator<string> {
  const convention = options.convention ?? 'en';
  const text = (cells: readonly CsvCell[], width: number) => Array.from({ length: width }, (_, index) => csvCellText(cells[index], convention));
  const unparse = { delimiter: csvDelimiter(convention), newline: CSV_LINE_END, ...UNPARSE };
  // Every few lines joined into one flat string: papaparse builds a line by concatenation, and until it is joined
  // each line holds every cell's text apart.
  let lines = [`${options.bom ? '\ufeff' : ''}${Papa.unparse([text(header, header.length)], unparse)}`];
  for (const row of rows) {
    lines.push(Papa.unparse([text(row, Math.max(header.length, row.length))], unparse));
    if (lines.length === 16) {
      yield `${lines.join(CSV_LINE_END)}${CSV_LINE_END}`;
      lines = [];
    }
  }
  if (lines.length > 0) yield `${lines.join(CSV_LINE_END)}${CSV_LINE_END}`;
}

const UNPARSE = {
  // A guarded cell is quoted so that the apostrophe reads as part of the text in every importer; the guard itself
  // is applied by csvCellText, where numbers and text are still told apart.
  quotes: (value: unknown) => typeof value === 'string' && value.startsWith("'"),
  escapeFormulae: false,
  header: false,
} as const;

/**
 * One cell as the text papaparse quotes: no value as empty, numbers in the convention's notation (non-finite ones as
 * empty, -0 as 0), text guarded against formulas.
 */
export function csvCellText(cell: CsvCell, convention: CsvConvention = 'en'): string {
  if (cell === null || cell === undefined) return '';
  if (typeof cell === 'number') {
    if (!Number.isFinite(cell)) return '';
    const text = String(cell === 0 ? 0 : cell);
    return convention === 'de' ? text.replace('.', ',') : text;
  }
  return guardFormula(cell);
}

/** Text that cannot start a spreadsheet formula: a leading apostrophe where it would. */
export function guardFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** Whether a written cell (unquoted) could be run as a formula; what the tests of every writer check. */
export function isUnguardedFormula(cell: string): boolean {
  return FORMULA_START.test(cell) && !/^[+-]?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?$/.test(cell);
}
