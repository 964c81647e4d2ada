// CSV tables as statistics offices export them: comma or semicolon, decimal comma, BOM, quoted fields.
import Papa from 'papaparse';
import { SozialraumError, issue, message, type DataIssue, type Message } from '../errors.js';
import type { SheetLayout } from './sheet-table.js';
import { MISSING, adoptNumberColumns, columnValues, numberColumn, parseCells, textColumn, type NumberColumn } from './columns.js';
import { plainCsv, scanHeader, scanRows, scannedTable, typeColumns, type ScannedCsv } from './csv-scan.js';
import { describeNames, stripBom } from './text.js';
import { DecimalTally, decideDecimalSeparator, type DecimalEvidence } from './decimal.js';

export {
  COMMA_KIND,
  DecimalTally,
  EITHER_KIND,
  POINT_KIND,
  decideDecimalSeparator,
  decimalSeparatorOption,
  parseNumber,
  type DecimalEvidence,
} from './decimal.js';

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
