// A sheet as offices publish it (title lines, long labels over column codes, footnotes) turned into the toolkit's Table.
import { SozialraumError, issue, message, type DataIssue, type Message } from '../errors.js';
import { uniqueColumnNames, type Table } from './csv.js';
import { missingReason } from './symbols.js';
import { describeName } from './text.js';
import type { SheetCell, SheetGrid, SheetRow } from './xlsx.js';

/** Which rows of the sheet were read as what; row numbers as the spreadsheet program shows them. */
export interface SheetLayout {
  format: 'xlsx';
  sheet: string;
  sheets: string[];
  headerRow: number;
  /** Whether the header row was given (--header-row, header-row="…") rather than found. */
  headerGiven: boolean;
  /** The row of short column codes under the long labels, whose codes name the columns. */
  codeRow?: number;
  /** The long label of each column named by its code. */
  labels: Record<string, string>;
  firstDataRow?: number;
  lastDataRow?: number;
  /** Title and source lines above the header. */
  titleLines: { row: number; text: string }[];
  /** Footnotes and the Zeichenerklärung below the data. */
  footnotes: { row: number; text: string }[];
  /** Columns with integers stored as numbers: a key there may have lost its leading zeros. */
  numberColumns: string[];
}

export interface SheetTableOptions {
  source: string;
  /** The row of the column names, as the spreadsheet shows it (1 = the first); found when not given. */
  headerRow?: number;
}

/** A column code: one word of letters, digits, "_", "." or "-", as statistics offices name variables (PLR_ID, S1, KI_01). */
const CODE = /^[\p{L}_][\p{L}\p{N}_.-]{0,39}$/u;
/** How footnotes and the legend of symbols begin. */
const NOTE_START = /^(\d{1,2}\)|[*¹²³⁴⁵⁶⁷⁸⁹]|Quelle|Source|Zeichenerkl|Anmerkung|Hinweis|Fußnote|Note|Stand\b)/i;

/** The table a sheet holds: header (and code line) found or given, title lines and footnotes set apart. */
export function sheetTable(grid: SheetGrid, options: SheetTableOptions): Table {
  const { source } = options;
  const rows = grid.rows.filter((row) => filled(row).length > 0);
  if (rows.length === 0)
    throw new SozialraumError('empty-file', message(`the sheet "${describeName(grid.sheet)}" is empty`, `das Blatt „${describeName(grid.sheet)}“ ist leer`), {
      source,
    });
  const headerIndex = findHeader(rows, grid, options);
  const header = rows[headerIndex]!;
  const next = rows[headerIndex + 1];
  const codes = next && next.number === header.number + 1 && isCodeRow(header, next) ? next : undefined;
  const width = Math.max(lastFilled(header), codes ? lastFilled(codes) : -1) + 1;
  const issues: DataIssue[] = [];
  const labels: Record<string, string> = {};
  const names = Array.from({ length: width }, (_, column) => cellText(codes?.cells[column]) || cellText(header.cells[column]));
  const columns = uniqueColumnNames(names, source, issues, codes?.number ?? header.number);
  if (codes) columns.forEach((column, index) => void (cellText(header.cells[index]) !== '' && (labels[column] = cellText(header.cells[index]))));
  const body = rows.slice(headerIndex + (codes ? 2 : 1));
  const footnoteCount = width >= 2 ? trailingNotes(body) : 0;
  const data = body.slice(0, body.length - footnoteCount);
  if (data.length === 0) {
    throw new SozialraumError(
      'empty-file',
      message(
        `the sheet "${describeName(grid.sheet)}" has column names in row ${header.number} but no rows of data below`,
        `das Blatt „${describeName(grid.sheet)}“ hat Spaltennamen in Zeile ${header.number}, aber keine Datenzeilen darunter`,
      ),
      { source },
    );
  }
  const numberColumns = new Set<string>();
  const tableRows = data.map((row) => {
    if (lastFilled(row) >= width) {
      issues.push(
        issue(
          'parse-error',
          'warning',
          message(`has cells right of the last named column (${width})`, `hat Zellen rechts der letzten benannten Spalte (${width})`),
          {
            source,
            row: row.number,
          },
        ),
      );
    }
    const record: Record<string, string> = {};
    columns.forEach((column, index) => {
      const cell = row.cells[index];
      let text = cellText(cell);
      if (cell?.kind === 'error') {
        issues.push(
          issue(
            'bad-number',
            'warning',
            message(`holds the spreadsheet error ${text}; read as no value`, `enthält den Tabellenfehler ${text}; gelesen als kein Wert`),
            {
              source,
              row: row.number,
              column,
            },
          ),
        );
        text = '';
      }
      if (cell?.kind === 'number' && !cell.padded && /^\d+$/.test(text)) numberColumns.add(column);
      if (column === '__proto__') Object.defineProperty(record, column, { value: text, enumerable: true, writable: true, configurable: true });
      else record[column] = text;
    });
    return record;
  });
  const notes = restoreKeyZeros(columns, data, tableRows, numberColumns);
  const decimal = workbookDecimal(columns, data, tableRows);
  const lineText = (row: SheetRow) => filled(row).map(cellText).join(' ');
  const layout: SheetLayout = {
    format: 'xlsx',
    sheet: grid.sheet,
    sheets: grid.sheets,
    headerRow: header.number,
    headerGiven: options.headerRow !== undefined,
    ...(codes ? { codeRow: codes.number } : {}),
    labels,
    firstDataRow: data[0]!.number,
    lastDataRow: data.at(-1)!.number,
    titleLines: rows.slice(0, headerIndex).map((row) => ({ row: row.number, text: lineText(row) })),
    footnotes: body.slice(body.length - footnoteCount).map((row) => ({ row: row.number, text: lineText(row) })),
    numberColumns: columns.filter((column) => numberColumns.has(column)),
  };
  return {
    source,
    columns,
    rows: tableRows,
    rowNumbers: data.map((row) => row.number),
    delimiter: '',
    decimalSeparator: decimal.separator,
    decimalEvidence: decimal.text,
    issues,
    layout,
    notes,
  };
}

function cellText(cell: SheetCell | undefined): string {
  return cell ? cell.text.trim() : '';
}

function filled(row: SheetRow): SheetCell[] {
  return row.cells.filter((cell): cell is SheetCell => cell !== undefined && cell.text.trim() !== '');
}

function lastFilled(row: SheetRow): number {
  for (let index = row.cells.length - 1; index >= 0; index -= 1) if (cellText(row.cells[index]) !== '') return index;
  return -1;
}

/**
 * The header is the given row, or the first row that fills at least half as many cells as the widest row (and two),
 * all of them text: title and source lines above it fill one cell, data rows below it hold numbers.
 */
function findHeader(rows: readonly SheetRow[], grid: SheetGrid, options: SheetTableOptions): number {
  if (options.headerRow !== undefined) {
    const index = rows.findIndex((row) => row.number === options.headerRow);
    if (index < 0) {
      throw new SozialraumError(
        'parse-error',
        message(
          `row ${options.headerRow} of the sheet "${describeName(grid.sheet)}", given as the header row, is empty`,
          `Zeile ${options.headerRow} des Blatts „${describeName(grid.sheet)}“, als Kopfzeile angegeben, ist leer`,
        ),
        { source: options.source, row: options.headerRow },
      );
    }
    return index;
  }
  const widest = Math.max(...rows.map((row) => filled(row).length));
  const needed = Math.max(2, Math.ceil(widest / 2));
  const index = rows.findIndex((row) => {
    const cells = filled(row);
    return cells.length >= needed && cells.every((cell) => cell.kind === 'text' && missingReason(cell.text) === undefined);
  });
  return index < 0 ? 0 : index;
}

/**
 * A line of column codes under the long labels: every filled cell a code word, at least half the header's columns,
 * and at least one label that is no code itself (has blanks or signs), so a second row of plain names is not taken.
 */
function isCodeRow(header: SheetRow, candidate: SheetRow): boolean {
  const codes = filled(candidate);
  const labels = filled(header);
  if (codes.length < Math.max(1, Math.ceil(labels.length / 2))) return false;
  if (!codes.every((cell) => cell.kind === 'text' && CODE.test(cell.text.trim()))) return false;
  if (new Set(codes.map(cellText)).size !== codes.length) return false;
  return labels.some((cell) => !CODE.test(cell.text.trim()));
}

/**
 * How many rows at the end are footnotes: rows of one filled text cell that reads like a sentence or a note
 * ("1) …", "Quelle: …", "Zeichenerklärung: …"), not a symbol. A data row with only its key filled is no note.
 */
function trailingNotes(body: readonly SheetRow[]): number {
  let count = 0;
  for (let index = body.length - 1; index >= 0; index -= 1) {
    const cells = filled(body[index]!);
    const only = cells[0];
    const note =
      cells.length === 1 &&
      only!.kind === 'text' &&
      missingReason(only!.text) === undefined &&
      (/\s/.test(only!.text.trim()) || NOTE_START.test(only!.text.trim()));
    if (!note) break;
    count += 1;
  }
  return count;
}

/**
 * Keys stored as numbers lose their leading zeros (01100101 becomes 1100101). Where the same column also holds keys
 * stored as text with a leading zero, all of one width, that width is the column's and the numbers are padded to it.
 */
function restoreKeyZeros(columns: readonly string[], data: readonly SheetRow[], rows: Record<string, string>[], numberColumns: ReadonlySet<string>): Message[] {
  const notes: Message[] = [];
  columns.forEach((column, index) => {
    if (!numberColumns.has(column)) return;
    const textWidths = new Set<number>();
    let zeros = false;
    for (const row of data) {
      const cell = row.cells[index];
      if (cell?.kind !== 'text' || !/^\d+$/.test(cell.text.trim())) continue;
      textWidths.add(cell.text.trim().length);
      zeros ||= cell.text.trim().startsWith('0');
    }
    if (!zeros || textWidths.size !== 1) return;
    const width = [...textWidths][0]!;
    let restored = 0;
    data.forEach((row, position) => {
      const cell = row.cells[index];
      const text = rows[position]![column]!;
      if (cell?.kind === 'number' && /^\d+$/.test(text) && text.length < width) {
        rows[position]![column] = text.padStart(width, '0');
        restored += 1;
      }
    });
    if (restored > 0) {
      notes.push(
        message(
          `column "${column}": ${restored === 1 ? '1 key was stored as a number and got back its' : `${restored} keys were stored as numbers and got back their`} leading zeros (${width} digits, like the keys stored as text)`,
          `Spalte „${column}“: ${restored === 1 ? '1 Schlüssel war' : `${restored} Schlüssel waren`} als Zahl gespeichert und ${restored === 1 ? 'hat' : 'haben'} ihre führenden Nullen zurück (${width} Stellen wie die als Text gespeicherten)`,
        ),
      );
    }
  });
  return notes;
}

/**
 * Numbers stored as numbers are written with a decimal point. Where the office typed its decimals as text with a
 * decimal comma ("4,2" in a text cell) and never with a point, the table is a decimal-comma table: the stored numbers
 * are written with a comma too, so one separator holds for every cell.
 */
function workbookDecimal(columns: readonly string[], data: readonly SheetRow[], rows: Record<string, string>[]): { separator: ',' | '.'; text: Message } {
  let commas = 0;
  let points = 0;
  let stored = 0;
  for (const row of data) {
    columns.forEach((_, index) => {
      const cell = row.cells[index];
      if (cell?.kind === 'number') stored += 1;
      else if (cell?.kind === 'text' && /^[-+]?\d+(\.\d{3})*,\d+$/.test(cell.text.trim())) commas += 1;
      else if (cell?.kind === 'text' && /^[-+]?\d*\.\d+$/.test(cell.text.trim()) && !/^[-+]?\d{1,3}\.\d{3}$/.test(cell.text.trim())) points += 1;
    });
  }
  if (commas > 0 && points === 0) {
    data.forEach((row, position) =>
      columns.forEach((column, index) => {
        if (row.cells[index]?.kind === 'number') rows[position]![column] = rows[position]![column]!.replace('.', ',');
      }),
    );
    return {
      separator: ',',
      text: message(
        `${commas} cells stored as text are written with a decimal comma`,
        `${commas} als Text gespeicherte Zellen sind mit Dezimalkomma geschrieben`,
      ),
    };
  }
  return {
    separator: '.',
    text: message(`the workbook stores ${stored} cells as numbers`, `die Arbeitsmappe speichert ${stored} Zellen als Zahlen`),
  };
}
