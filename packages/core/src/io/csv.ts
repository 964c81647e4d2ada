// CSV tables as statistics offices export them: comma or semicolon, decimal comma, BOM, quoted fields.
import Papa from 'papaparse';
import { SozialraumError, germanNumber, issue, message, type DataIssue, type Message } from '../errors.js';
import type { SheetLayout } from './sheet-table.js';
import { MISSING_CELLS } from './symbols.js';
import { MISSING, adoptNumberColumns, columnValues, numberColumn, parseCells, textColumn, type NumberColumn } from './columns.js';
import { plainCsv, scanHeader, scanRows, scannedTable, typeColumns, type ScannedCsv } from './csv-scan.js';
import { describeNames, stripBom } from './text.js';

/** A table of text cells. Keys stay text, so "01100101" keeps its leading zero. */
export interface Table {
  source: string;
  columns: string[];
  /** One record per data row, cells as they were written (trimmed). */
  rows: Record<string, string>[];
  /** The line of each row in the file, counting the header as 1; quoted line breaks make it differ from the index. */
  rowNumbers: number[];
  delimiter: string;
  decimalSeparator: ',' | '.';
  /** Why the separator is what it is, where the table was read from a file: "given", or the cells that tell. */
  decimalEvidence?: Message;
  issues: DataIssue[];
  /** Where the table was read from a workbook: the sheet, and which rows were title, header, codes and footnotes. */
  layout?: SheetLayout;
  /** How the reader shaped cells, said once per kind (keys given back their leading zeros, …). */
  notes?: Message[];
}

export interface CsvOptions {
  source: string;
  /** Field delimiter; detected among ; , tab | when not given. */
  delimiter?: string;
  /** Decimal separator of numeric cells; detected from the cells when not given. */
  decimalSeparator?: ',' | '.';
  /** The separator of a known layout (the Zensus grid's decimal comma), taken when no cell tells; never a guess. */
  decimalConvention?: DecimalEvidence;
}

/** Parses CSV text with a header row. Rows with too few or too many cells are reported and kept as far as they go. */
export function parseCsv(text: string, options: CsvOptions): Table {
  const { source } = options;
  let body = stripBom(text);
  // DOS editors end files with Ctrl-Z.
  if (body.lastIndexOf('\u001a') >= 0) body = body.replace(/\u001a\s*$/, '');
  if (body.trim() === '') throw new SozialraumError('empty-file', message('the file is empty', 'die Datei ist leer'), { source });
  assertText(body, source);
  const delimiter = options.delimiter ?? detectDelimiter(body);
  if (plainCsv(body, delimiter)) return parsePlainCsv(body, delimiter, options);
  const parsed = Papa.parse<string[]>(body, { header: false, delimiter, skipEmptyLines: false });
  const records = parsed.data;
  const issues: DataIssue[] = [];
  for (const error of parsed.errors) {
    const row = error.row === undefined ? undefined : error.row + 1;
    if (error.code === 'MissingQuotes') {
      // Papa reads everything after an unclosed quote as one cell: the rows after it would be lost without a word.
      const lines = body.slice(error.index ?? 0).split('\n').length - 1;
      throw new SozialraumError(
        'parse-error',
        message(
          `a quote (") opens a cell that is never closed, so everything after it (${lines === 1 ? '1 line' : `${lines} lines`}) would be read as one cell; close or remove the quote`,
          `ein Anführungszeichen (") öffnet eine Zelle, die nie geschlossen wird, sodass alles danach (${lines === 1 ? '1 Zeile' : `${lines} Zeilen`}) als eine Zelle gelesen würde; schließen oder entfernen Sie das Anführungszeichen`,
        ),
        row === undefined ? { source } : { source, row },
      );
    }
    const german = error.code === 'InvalidQuotes' ? 'ein Anführungszeichen steht an falscher Stelle' : 'die Zeile ist nicht lesbar';
    issues.push(issue('parse-error', 'warning', message(error.message, `${german} (${error.code})`), row === undefined ? { source } : { source, row }));
  }
  const header = (records[0] ?? []).map((cell) => cell.trim());
  if (header.length === 0 || header.every((name) => name === '')) {
    throw new SozialraumError('parse-error', message('the first line holds no column names', 'die erste Zeile enthält keine Spaltennamen'), { source, row: 1 });
  }
  const columns = uniqueColumnNames(header, source, issues);
  if (!records.slice(1).some((record) => record.length > 1 || (record[0] ?? '').trim() !== '')) throw onlyHeader(columns, source);
  if (options.delimiter === undefined) warnOfOtherDelimiters(body, delimiter, source, issues);
  const rows: Record<string, string>[] = [];
  const rowNumbers: number[] = [];
  // Rows copied from one template share one shape: filling 10,000 rows of 50 cells is then several times faster.
  // Records of more than a few hundred names are kept as dictionaries anyway, where a template only costs a copy.
  const template: Record<string, string> = {};
  const protoAt = columns.indexOf('__proto__');
  const shaped = columns.length <= 500;
  if (shaped) for (const column of columns) template[column] = '';
  if (shaped && protoAt >= 0) Object.defineProperty(template, '__proto__', { value: '', enumerable: true, writable: true, configurable: true });
  // The cells column by column as well, for the numbers parsed below: reading them back from the rows by name costs more.
  const eager = columns.length <= EAGER_COLUMNS;
  const texts = eager ? columns.map((): string[] => []) : [];
  for (let index = 1; index < records.length; index += 1) {
    const record = records[index]!;
    if (record.length === 1 && record[0]!.trim() === '') continue;
    const rowNumber = index + 1;
    if (record.length !== columns.length) {
      issues.push(
        issue(
          'parse-error',
          'warning',
          message(`has ${record.length} cells, the header has ${columns.length}`, `hat ${record.length} Zellen, die Kopfzeile ${columns.length}`),
          { source, row: rowNumber },
        ),
      );
    }
    const row: Record<string, string> = shaped ? { ...template } : {};
    for (let position = 0; position < columns.length; position += 1) {
      const cell = (record[position] ?? '').trim();
      if (eager) texts[position]!.push(cell);
      // A column named "__proto__" would set the row's prototype instead of holding the cell.
      if (position === protoAt) Object.defineProperty(row, '__proto__', { value: cell, enumerable: true, writable: true, configurable: true });
      else row[columns[position]!] = cell;
    }
    rows.push(row);
    rowNumbers.push(rowNumber);
  }
  const decimal: DecimalEvidence =
    options.decimalSeparator === undefined
      ? decideDecimalSeparator(rows, columns, parsed.meta.delimiter, rowNumbers, source, options.decimalConvention)
      : { separator: options.decimalSeparator, text: message('given', 'angegeben') };
  const table: Table = {
    source,
    columns,
    rows,
    rowNumbers,
    delimiter: parsed.meta.delimiter,
    decimalSeparator: decimal.separator,
    decimalEvidence: decimal.text,
    issues,
  };
  // Parsed once, here: every consumer reads these columns instead of the cells.
  // A header of 100,000 names (a broken or hostile file) is not typed ahead: its columns are parsed when asked for.
  if (eager) {
    adoptNumberColumns(
      table,
      columns.map((column, position) => parseCells(texts[position]!, column, decimal.separator)),
    );
  }
  return table;
}

/** Text without quotes, read by one scan (csv-scan.ts): the same table as Papa Parse's records give, its rows made when read. */
function parsePlainCsv(body: string, delimiter: string, options: CsvOptions): Table {
  const { source } = options;
  const issues: DataIssue[] = [];
  const { header, next } = scanHeader(body, delimiter);
  if (header.every((name) => name === '')) {
    throw new SozialraumError('parse-error', message('the first line holds no column names', 'die erste Zeile enthält keine Spaltennamen'), { source, row: 1 });
  }
  const columns = uniqueColumnNames(header, source, issues);
  const scanned = scanRows(body, delimiter, next, columns.length, source, issues);
  if (scanned.rowNumbers.length === 0) throw onlyHeader(columns, source);
  if (options.delimiter === undefined) warnOfOtherDelimiters(body, delimiter, source, issues);
  const eager = columns.length <= EAGER_COLUMNS;
  const { decimal, numbers } = eager
    ? typeColumns(body, scanned, columns, delimiter, options)
    : { decimal: decidePlain(body, scanned, columns, delimiter, options), numbers: [] };
  const table = scannedTable(body, scanned, { source, columns, delimiter, decimalSeparator: decimal.separator, decimalEvidence: decimal.text, issues });
  // Parsed once, here: every consumer reads these columns instead of the cells.
  adoptNumberColumns(table, numbers);
  return table;
}

/** The decimal separator of a table too wide to type ahead, told by its cells as strings. */
function decidePlain(body: string, scanned: ScannedCsv, columns: readonly string[], delimiter: string, options: CsvOptions): DecimalEvidence {
  if (options.decimalSeparator !== undefined) return { separator: options.decimalSeparator, text: message('given', 'angegeben') };
  const tally = new DecimalTally();
  const { starts, ends, rowNumbers } = scanned;
  for (let row = 0; row < rowNumbers.length; row += 1) {
    for (let position = 0; position < columns.length; position += 1) {
      const span = row * columns.length + position;
      tally.cell(body.slice(starts[span], ends[span]), rowNumbers[row]!, columns[position]!);
    }
  }
  return tally.decide(delimiter, options.source, options.decimalConvention);
}

function onlyHeader(columns: readonly string[], source: string): SozialraumError {
  return new SozialraumError(
    'empty-file',
    message(
      `holds only its header line (${describeNames(columns)}), no rows of data`,
      `enthält nur die Kopfzeile (${describeNames(columns, 20, 'de')}), keine Datenzeilen`,
    ),
    { source },
  );
}

/** The widest table whose columns parseCsv types as it reads it; 2,000 indicators and more are common. */
const EAGER_COLUMNS = 10_000;

/**
 * Refuses text with control characters no table holds (NUL, bell, escape …): the bytes of a picture, a zip or a
 * spreadsheet's own format read as text. Tab, line breaks, form feed and the vertical tab (FileMaker's line break
 * inside a cell) are allowed.
 */
function assertText(body: string, source: string): void {
  const match = /[\u0000-\u0008\u000e-\u001f\u007f]/.exec(body);
  if (!match) return;
  const row = body.slice(0, match.index).split('\n').length;
  const code = `U+${match[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
  throw new SozialraumError(
    'unknown-format',
    message(
      `is binary data, not a CSV table: it holds the control character ${code}; save the table as CSV`,
      `enthält Binärdaten, keine CSV-Tabelle: sie enthält das Steuerzeichen ${code}; speichern Sie die Tabelle als CSV`,
    ),
    { source, row },
  );
}

/**
 * Warns when the header line, outside quotes, also holds another delimiter than the one the table is split at: a file
 * that mixes ";" and "," puts the wrong parts of its rows into the columns without any row looking wrong.
 */
function warnOfOtherDelimiters(body: string, delimiter: string, source: string, issues: DataIssue[]): void {
  const headerLine = (body.split(/\r?\n/, 1)[0] ?? '').replace(/"[^"]*"/g, '""');
  const others = DELIMITERS.filter((candidate) => candidate !== delimiter && headerLine.includes(candidate));
  if (others.length === 0) return;
  const shown = (value: string) => (value === '\t' ? 'tab' : `"${value}"`);
  const gezeigt = (value: string) => (value === '\t' ? 'Tabulator' : `„${value}“`);
  issues.push(
    issue(
      'parse-error',
      'warning',
      message(
        `the header line holds ${others.map(shown).join(' and ')} as well as the delimiter ${shown(delimiter)}; if the file mixes delimiters, its cells land in the wrong columns`,
        `die Kopfzeile enthält neben dem Trennzeichen ${gezeigt(delimiter)} auch ${others.map(gezeigt).join(' und ')}; mischt die Datei Trennzeichen, landen ihre Zellen in den falschen Spalten`,
      ),
      { source, row: 1 },
    ),
  );
}

const DELIMITERS = [';', ',', '\t', '|'];

/**
 * The delimiter is the candidate that splits the header line into the most columns (quoted parts not counted).
 * The header is the one line that never holds decimal commas, so "1,5" in a semicolon file cannot mislead it.
 */
export function detectDelimiter(text: string): string {
  const headerLine = (text.split(/\r?\n/, 1)[0] ?? '').replace(/"[^"]*"/g, '""');
  let best = ',';
  let bestCount = 0;
  for (const candidate of DELIMITERS) {
    const count = headerLine.split(candidate).length - 1;
    if (count > bestCount) {
      best = candidate;
      bestCount = count;
    }
  }
  return best;
}

/** Column names made unique: an empty one becomes "column_3", a repeated one "EW_5", each with a warning at the header's row. */
export function uniqueColumnNames(header: string[], source: string, issues: DataIssue[], headerRow = 1): string[] {
  const seen = new Set<string>();
  return header.map((name, position) => {
    let column = name === '' ? `column_${position + 1}` : name;
    if (seen.has(column)) {
      const renamed = `${column}_${position + 1}`;
      issues.push(
        issue(
          'duplicate-key',
          'warning',
          message(
            `the column name appears twice; the second is read as "${renamed}"`,
            `der Spaltenname kommt zweimal vor; die zweite Spalte wird als „${renamed}“ gelesen`,
          ),
          { source, row: headerRow, column },
        ),
      );
      column = renamed;
    }
    seen.add(column);
    return column;
  });
}

/** A decimal comma: "1,5", "-0,25", "1.234,5", or German thousands points in groups: "1.234.567". */
const COMMA_DECIMAL = /^[-+]?\d{1,3}(\.\d{3})*,\d+$|^[-+]?\d+,\d+$|^[-+]?\d{1,3}(\.\d{3}){2,}$/;
/** A decimal point: "1.5", "2.5e-3", "1,234.5", or English thousands commas in groups: "1,234,567". */
const POINT_DECIMAL = /^[-+]?\d+\.\d+([eE][-+]?\d+)?$|^[-+]?\d{1,3}(,\d{3})+\.\d+$|^[-+]?\d{1,3}(,\d{3}){2,}$/;
/** "4.226" or "4,226": three digits after one separator read as decimals in one convention and thousands in the other. */
const EITHER = /^[-+]?\d{1,3}[.,]\d{3}$/;

export const EITHER_KIND = 1;
export const COMMA_KIND = 2;
export const POINT_KIND = 3;
const OTHER_KIND = 4;

/**
 * How a cell of the common form "[sign]digits separator digits" tells the separator, as the expressions above would,
 * by one scan of its characters: EITHER_KIND for one to three digits and then three, else COMMA_KIND or POINT_KIND;
 * 0 for a cell without a separator between digits (nothing to tell), OTHER_KIND for every other form.
 */
function simpleDecimal(cell: string): number {
  const length = cell.length;
  let position = 0;
  const first = cell.charCodeAt(0);
  if (first === 45 || first === 43) position = 1;
  const start = position;
  while (position < length && isDigit(cell.charCodeAt(position))) position += 1;
  const whole = position - start;
  if (position === length) return 0;
  const separator = cell.charCodeAt(position);
  if (whole === 0 || (separator !== 44 && separator !== 46)) return OTHER_KIND;
  position += 1;
  const fractionStart = position;
  while (position < length && isDigit(cell.charCodeAt(position))) position += 1;
  const fraction = position - fractionStart;
  if (position !== length || fraction === 0) return OTHER_KIND;
  if (whole <= 3 && fraction === 3) return EITHER_KIND;
  return separator === 44 ? COMMA_KIND : POINT_KIND;
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

/**
 * An attribute or option naming the decimal separator as parseCsv's option: "." or ",", nothing when not set;
 * anything else is refused rather than ignored, since ignoring it would fall back to telling it from the cells.
 */
export function decimalSeparatorOption(value: string | null | undefined, source: string): { decimalSeparator?: ',' | '.' } {
  if (value === undefined || value === null) return {};
  if (value === '.' || value === ',') return { decimalSeparator: value };
  throw new SozialraumError('parse-error', message(`must be "." or ",", not "${value}"`, `muss „.“ oder „,“ sein, nicht „${value}“`), { source });
}

/** How the decimal separator of a table was decided, for `info` and for the reader who doubts a number. */
export interface DecimalEvidence {
  separator: ',' | '.';
  /** The evidence in both languages: "given", "12 cells such as "1,5" (row 2, column "S1") …". */
  text: Message;
}

/**
 * Decides between decimal comma and decimal point from how the cells are written, and says from which cells.
 * "4.226" is 4.226 to pandas and 4226 to a German office: when every cell with a separator is of that kind, no
 * other cell tells which, and the file is not comma-delimited (where a decimal comma would need quotes), the table
 * is refused with the first such cell rather than read a thousand times too large or too small.
 */
export function decideDecimalSeparator(
  rows: readonly Record<string, string>[],
  columns: readonly string[],
  delimiter: string,
  rowNumbers: readonly number[],
  source: string,
  convention?: DecimalEvidence,
): DecimalEvidence {
  const tally = new DecimalTally();
  rows.forEach((row, index) => {
    const rowNumber = rowNumbers[index] ?? index + 2;
    for (const column of columns) tally.cell(row[column] ?? '', rowNumber, column);
  });
  return tally.decide(delimiter, source, convention);
}

/** A cell that tells the decimal separator, where it stands. */
interface TellingCell {
  cell: string;
  row: number;
  column: string;
}

/**
 * The cells that tell the decimal separator, counted in the order of the table (row by row, then column by column):
 * how many are written with a comma, how many with a point, and the first of each kind, for the evidence.
 */
export class DecimalTally {
  commas = 0;
  points = 0;
  firstComma: TellingCell | undefined;
  firstPoint: TellingCell | undefined;
  firstEither: TellingCell | undefined;

  /** Counts one cell (of at most 40 characters; longer ones are text). */
  cell(cell: string, row: number, column: string): void {
    if (cell.length > 40) return;
    const simple = simpleDecimal(cell);
    if (simple === 0) return;
    if (simple === OTHER_KIND) {
      if (!/\d[.,]\d/.test(cell)) return;
      this.kind(EITHER.test(cell) ? EITHER_KIND : COMMA_DECIMAL.test(cell) ? COMMA_KIND : POINT_DECIMAL.test(cell) ? POINT_KIND : 0, cell, row, column);
    } else this.kind(simple, cell, row, column);
  }

  /** Counts a cell already known to be of the kind: EITHER_KIND, COMMA_KIND or POINT_KIND (0: nothing to count). */
  kind(kind: number, cell: string, row: number, column: string): void {
    if (kind === EITHER_KIND) this.firstEither ??= { cell, row, column };
    else if (kind === COMMA_KIND) {
      this.commas += 1;
      this.firstComma ??= { cell, row, column };
    } else if (kind === POINT_KIND) {
      this.points += 1;
      this.firstPoint ??= { cell, row, column };
    }
  }

  /** The separator the counted cells tell, with the evidence; see decideDecimalSeparator. */
  decide(delimiter: string, source: string, convention?: DecimalEvidence): DecimalEvidence {
    const { commas, points, firstComma, firstPoint, firstEither } = this;
    if (commas > 0 || points > 0) {
      const separator = commas === points ? (delimiter === ',' ? '.' : ',') : commas > points ? ',' : '.';
      const [count, first] = separator === ',' ? [commas, firstComma!] : [points, firstPoint!];
      const where = `row ${first.row}, column "${first.column}"`;
      const wo = `Zeile ${first.row}, Spalte „${first.column}“`;
      const against = separator === ',' ? points : commas;
      return {
        separator,
        text: message(
          `${count === 1 ? '1 cell' : `${count} cells`} such as "${first.cell}" (${where}) ${count === 1 ? 'is' : 'are'} written with a decimal ${separator === ',' ? 'comma' : 'point'}${against > 0 ? `, ${against} with a decimal ${separator === ',' ? 'point' : 'comma'}` : ''}`,
          `${count === 1 ? '1 Zelle' : `${count} Zellen`} wie „${first.cell}“ (${wo}) ${count === 1 ? 'ist' : 'sind'} mit Dezimal${separator === ',' ? 'komma' : 'punkt'} geschrieben${against > 0 ? `, ${against} mit Dezimal${separator === ',' ? 'punkt' : 'komma'}` : ''}`,
        ),
      };
    }
    if (convention) return convention;
    if (delimiter === ',') {
      return {
        separator: '.',
        text: message(
          'the cells are separated by commas, so a decimal comma would need quotes and none is quoted',
          'die Zellen sind durch Kommas getrennt, ein Dezimalkomma müsste also in Anführungszeichen stehen, und keines steht darin',
        ),
      };
    }
    if (firstEither) {
      const { cell, row, column } = firstEither;
      const point = Number(cell.replace(',', '.'));
      const thousands = Number(cell.replace(/[.,]/, ''));
      throw new SozialraumError(
        'bad-number',
        message(
          `"${cell}" is ${point} with a decimal ${cell.includes('.') ? 'point' : 'comma'} or ${thousands} with a thousands separator, and no cell of the table tells which; say which decimal separator the table uses (the option --decimal . or --decimal , on the command line, the attribute decimal="." or decimal="," on an element)`,
          `„${cell}“ ist ${germanNumber(point)} mit Dezimal${cell.includes('.') ? 'punkt' : 'komma'} oder ${germanNumber(thousands)} mit Tausendertrennzeichen, und keine Zelle der Tabelle sagt, was gilt; geben Sie das Dezimaltrennzeichen der Tabelle an (auf der Kommandozeile die Option --decimal . oder --decimal ,, an einem Element das Attribut decimal="." oder decimal=",")`,
        ),
        { source, row, column },
      );
    }
    return {
      separator: ',',
      text: message(
        'no cell has a decimal part, so the separator makes no difference',
        'keine Zelle hat Nachkommastellen, das Trennzeichen macht also keinen Unterschied',
      ),
    };
  }
}

const PLAIN_POINT = /^-?\d+(\.\d+)?$/;
const PLAIN_COMMA = /^-?\d+(,\d+)?$/;

/**
 * Reads one cell as a number: decimal comma or point, thousands separators, a leading "+".
 * Returns null for cells that mean "no value" and NaN for text that is not a number.
 */
export function parseNumber(cell: string, decimalSeparator: ',' | '.'): number | null {
  // Most cells are plain decimals; reading them directly halves the time of an index over a large table.
  if ((decimalSeparator === '.' ? PLAIN_POINT : PLAIN_COMMA).test(cell)) return Number(decimalSeparator === '.' ? cell : cell.replace(',', '.'));
  const text = cell.trim().replace(/[\u00a0\u202f ]/g, '');
  if (MISSING_CELLS.has(text.toLowerCase())) return null;
  let normalised: string;
  if (decimalSeparator === ',') {
    if (!/^[-+]?(\d{1,3}(\.\d{3})+|\d+)(,\d+)?([eE][-+]?\d+)?$/.test(text)) return Number.NaN;
    normalised = text.replace(/\./g, '').replace(',', '.');
  } else {
    if (!/^[-+]?(\d{1,3}(,\d{3})+|\d+)?(\.\d+)?([eE][-+]?\d+)?$/.test(text) || !/\d/.test(text)) return Number.NaN;
    normalised = text.replace(/,/g, '');
  }
  const value = Number(normalised);
  return Number.isFinite(value) ? value : Number.NaN;
}

/**
 * A column as numbers (null where there is no value), with an issue for every cell that is not a number. Read from
 * the table's typed column (numberColumn), so the cells are parsed once however often this is asked.
 */
export function numericColumn(table: Table, column: string): { values: (number | null)[]; issues: DataIssue[] } {
  const read = numberColumn(table, column);
  return { values: columnValues(read), issues: unparseableIssues(table, read) };
}

/** An error issue for every cell of the typed column that holds text that is no number, naming its row and column. */
export function unparseableIssues(table: Table, read: NumberColumn): DataIssue[] {
  const issues: DataIssue[] = [];
  if (read.unparseable === 0) return issues;
  const { column } = read;
  const cells = textColumn(table, column);
  for (let index = 0; index < read.missing.length; index += 1) {
    if (read.missing[index] !== MISSING.unparseable) continue;
    const cell = cells[index];
    issues.push(
      issue('bad-number', 'error', message(`"${cell}" is not a number`, `„${cell}“ ist keine Zahl`), {
        source: table.source,
        row: table.rowNumbers[index]!,
        column,
      }),
    );
  }
  return issues;
}

/** A column a table should have, with the role it plays for the message that names it (e.g. "indicators[0].column"). */
export type NeededColumn = string | { column: string; role: Message };

/**
 * Throws SozialraumError 'unknown-field' naming every needed column the table lacks, all at once so that one run
 * names them all, with the columns it has. `joinWith` 'and' lists two as "a" and "b" instead of "a", "b".
 */
export function assertTableColumns(table: Table, needed: readonly NeededColumn[], joinWith: ',' | 'and' = ','): void {
  const entries = needed.map((entry) => (typeof entry === 'string' ? { column: entry, role: undefined } : entry));
  const absent = entries.filter((entry) => !table.columns.includes(entry.column));
  if (absent.length === 0) return;
  const role = (entry: (typeof absent)[number], language: 'en' | 'de') => (entry.role ? ` (${entry.role[language]})` : '');
  const names = absent.map((entry) => `"${entry.column}"${role(entry, 'en')}`).join(joinWith === 'and' ? ' and ' : ', ');
  const namen = absent.map((entry) => `„${entry.column}“${role(entry, 'de')}`).join(joinWith === 'and' ? ' und ' : ', ');
  throw new SozialraumError(
    'unknown-field',
    message(
      `has no column ${names}; the columns are ${describeNames(table.columns)}`,
      `hat keine Spalte ${namen}; die Spalten sind ${describeNames(table.columns, 20, 'de')}`,
    ),
    { source: table.source },
  );
}
