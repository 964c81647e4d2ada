// Excel workbooks (.xlsx, Office Open XML; .ods through ods.ts): the cells of one sheet as text, read from the zip with no XML library.
import { SozialraumError, message } from '../errors.js';
import type { Table } from './csv.js';
import { readOdsSheet } from './ods.js';
import { chooseSheet, decodeXml, numberText, xmlPart } from './workbook-parts.js';
import { sheetTable } from './sheet-table.js';
import { describeName, describeNames } from './text.js';
import { openZip, type ZipArchive } from './zip.js';
import { ZIP_EXPANSION_LIMIT } from './limits.js';

/** One cell as the workbook stores it, with its text as a table cell (numbers with a decimal point, dates ISO). */
export interface SheetCell {
  text: string;
  kind: 'text' | 'number' | 'date' | 'boolean' | 'error';
  /** A number whose format pads it with zeros ("00000000"): the zeros are in `text`. */
  padded?: boolean;
}

export interface SheetRow {
  /** The row's number in the sheet, as the spreadsheet program shows it. */
  number: number;
  /** Cells by column, A = 0; gaps are empty cells. */
  cells: (SheetCell | undefined)[];
}

export interface SheetGrid {
  /** The name of the sheet read. */
  sheet: string;
  /** Every worksheet of the workbook, in tab order. */
  sheets: string[];
  rows: SheetRow[];
}

export interface WorkbookOptions {
  source: string;
  /** The sheet by name or by number (1 = the first); the first visible sheet when not given. */
  sheet?: string;
  /** What the workbook's parts may expand to together; 256 MB when not given. */
  maxExpandedBytes?: number;
}

/**
 * The table one sheet of a workbook holds, its header, code line and footnotes found (see sheetTable). The module
 * core's readTable loads on demand, so a page that never reads a workbook does not carry it.
 */
export function readWorkbookTable(bytes: Uint8Array, options: WorkbookOptions & { headerRow?: number }): Table {
  const { headerRow, ...workbook } = options;
  return sheetTable(readWorkbookSheet(bytes, workbook), { source: options.source, ...(headerRow !== undefined ? { headerRow } : {}) });
}

/** An OpenDocument spreadsheet names its media type in its first part, "mimetype". */
function isOds(zip: ZipArchive): boolean {
  return zip.entries.some((entry) => entry.name === 'mimetype') && zip.text('mimetype')?.trim() === 'application/vnd.oasis.opendocument.spreadsheet';
}

const MAIN_TYPES = ['spreadsheetml.sheet.main', 'spreadsheetml.template.main', 'ms-excel.sheet.macroEnabled.main', 'ms-excel.template.macroEnabled.main'];

/** Reads one sheet of an .xlsx or .ods workbook as rows of cells. */
export function readWorkbookSheet(bytes: Uint8Array, options: WorkbookOptions): SheetGrid {
  const { source } = options;
  const zip = openZip(bytes, source, options.maxExpandedBytes ?? ZIP_EXPANSION_LIMIT);
  if (isOds(zip)) return readOdsSheet(zip, { source, ...(options.sheet !== undefined ? { sheet: options.sheet } : {}) });
  assertWorkbook(zip);
  const workbookPath = relationTargets(zip, '_rels/.rels', '').find((relation) => relation.type.endsWith('/officeDocument'))?.target ?? 'xl/workbook.xml';
  const workbook = xmlPart(zip, workbookPath, true)!;
  const folder = workbookPath.includes('/') ? workbookPath.slice(0, workbookPath.lastIndexOf('/') + 1) : '';
  const relations = relationTargets(zip, `${folder}_rels/${workbookPath.slice(folder.length)}.rels`, folder);
  const sheets = [...workbook.matchAll(/<(?:[\w.-]+:)?sheet\b([^>]*?)\/?>/g)].map((match) => ({
    name: decodeXml(attribute(match[1]!, 'name') ?? ''),
    hidden: /^(hidden|veryHidden)$/.test(attribute(match[1]!, 'state') ?? ''),
    target: relations.find((relation) => relation.id === attribute(match[1]!, 'r:id'))?.target,
  }));
  const names = sheets.map((sheet) => sheet.name);
  const chosen = chooseSheet(sheets, options.sheet, source);
  if (!chosen.target || !zip.read(chosen.target)) {
    throw new SozialraumError(
      'parse-error',
      message(
        `the sheet "${describeName(chosen.name)}" has no worksheet part in the workbook`,
        `das Blatt „${describeName(chosen.name)}“ hat keinen Tabellenteil in der Arbeitsmappe`,
      ),
      { source },
    );
  }
  const sharedPath = relations.find((relation) => relation.type.endsWith('/sharedStrings'))?.target;
  const stylesPath = relations.find((relation) => relation.type.endsWith('/styles'))?.target;
  const shared = sharedPath ? sharedStrings(xmlPart(zip, sharedPath) ?? '') : [];
  const formats = stylesPath ? cellFormats(xmlPart(zip, stylesPath) ?? '') : [];
  const date1904 = /<(?:[\w.-]+:)?workbookPr\b[^>]*\bdate1904\s*=\s*["'](1|true)["']/.test(workbook);
  const rows = sheetRows(xmlPart(zip, chosen.target)!, { shared, formats, date1904 });
  return { sheet: chosen.name, sheets: names, rows };
}

/**
 * Refuses a zip archive that is not a spreadsheet, naming what it is where that is known: an OpenDocument
 * spreadsheet, a Word document, or an archive of other files such as a zipped Shapefile.
 */
function assertWorkbook(zip: ZipArchive): void {
  const types = zip.entries.some((entry) => entry.name === '[Content_Types].xml') ? xmlPart(zip, '[Content_Types].xml') : undefined;
  if (types && MAIN_TYPES.some((type) => types.includes(type))) return;
  const what = types
    ? 'an Office document, but not an Excel workbook'
    : `a zip archive of ${describeNames(
        zip.entries.map((entry) => entry.name),
        8,
      )}, not an Excel workbook`;
  const was = types
    ? 'ein Office-Dokument, aber keine Excel-Arbeitsmappe'
    : `ein Zip-Archiv mit ${describeNames(
        zip.entries.map((entry) => entry.name),
        8,
        'de',
      )}, keine Excel-Arbeitsmappe`;
  throw new SozialraumError('unknown-format', message(`is ${what}`, `ist ${was}`), { source: zip.source });
}

export /** The relationships of a part, their targets as paths inside the archive. */
function relationTargets(zip: ZipArchive, path: string, folder: string): { id: string; type: string; target: string }[] {
  const text = xmlPart(zip, path) ?? '';
  return [...text.matchAll(/<(?:[\w.-]+:)?Relationship\b([^>]*?)\/?>/g)].map((match) => {
    const target = decodeXml(attribute(match[1]!, 'Target') ?? '');
    return { id: attribute(match[1]!, 'Id') ?? '', type: attribute(match[1]!, 'Type') ?? '', target: resolvePath(folder, target) };
  });
}

function resolvePath(folder: string, target: string): string {
  const parts = (target.startsWith('/') ? target.slice(1) : folder + target).split('/');
  const resolved: string[] = [];
  for (const part of parts) {
    if (part === '..') resolved.pop();
    else if (part !== '.' && part !== '') resolved.push(part);
  }
  return resolved.join('/');
}

function attribute(attributes: string, name: string): string | undefined {
  const match = new RegExp(`(?:^|\\s)${name.replace(':', '\\:')}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`).exec(attributes);
  return match ? (match[1] ?? match[2]) : undefined;
}

/** The text of a string item: plain, or rich text runs, without the phonetic guide (<rPh>) of East Asian text. */
function richText(xml: string): string {
  const withoutPhonetic = xml.replace(/<(?:[\w.-]+:)?rPh\b[\s\S]*?<\/(?:[\w.-]+:)?rPh>/g, '');
  let text = '';
  for (const match of withoutPhonetic.matchAll(/<(?:[\w.-]+:)?t\b[^>]*?(?:\/>|>([\s\S]*?)<\/(?:[\w.-]+:)?t>)/g)) text += decodeXml(match[1] ?? '');
  return text;
}

function sharedStrings(xml: string): string[] {
  return [...xml.matchAll(/<(?:[\w.-]+:)?si\b[^>]*?(?:\/>|>([\s\S]*?)<\/(?:[\w.-]+:)?si>)/g)].map((match) => richText(match[1] ?? ''));
}

interface CellFormat {
  date: boolean;
  /** Digits a number is padded to with zeros ("00000" = 5), 0 where the format does not pad. */
  zeros: number;
}

/** Built-in number formats that show a date or time (ECMA-376 part 1, 18.8.30). */
const BUILTIN_DATES = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58]);

/** The format of every cell style (cellXfs), by style index. */
function cellFormats(xml: string): CellFormat[] {
  const custom = new Map<number, string>();
  for (const match of xml.matchAll(/<(?:[\w.-]+:)?numFmt\b([^>]*?)\/?>/g)) {
    custom.set(Number(attribute(match[1]!, 'numFmtId')), decodeXml(attribute(match[1]!, 'formatCode') ?? ''));
  }
  const xfs = /<(?:[\w.-]+:)?cellXfs\b[^>]*>([\s\S]*?)<\/(?:[\w.-]+:)?cellXfs>/.exec(xml)?.[1] ?? '';
  return [...xfs.matchAll(/<(?:[\w.-]+:)?xf\b([^>]*?)\/?>/g)].map((match) => {
    const id = Number(attribute(match[1]!, 'numFmtId') ?? 0);
    const code = custom.get(id);
    if (code === undefined) return { date: BUILTIN_DATES.has(id), zeros: 0 };
    return { date: isDateFormat(code), zeros: /^0+$/.test(code) ? code.length : 0 };
  });
}

/** A format code shows a date when, outside quoted text, escapes and [colour] brackets, it uses d, m, y, h or s. */
function isDateFormat(code: string): boolean {
  const plain = code
    .split(';')[0]!
    .replace(/"[^"]*"/g, '')
    .replace(/\\./g, '')
    .replace(/\[[^\]]*\]/g, '');
  return /[dmyhs]/i.test(plain) && !/^general$/i.test(plain.trim());
}

interface CellContext {
  shared: readonly string[];
  formats: readonly CellFormat[];
  date1904: boolean;
}

function sheetRows(xml: string, context: CellContext): SheetRow[] {
  const rows: SheetRow[] = [];
  let previous = 0;
  for (const rowMatch of xml.matchAll(/<(?:[\w.-]+:)?row\b([^>]*?)(?:\/>|>([\s\S]*?)<\/(?:[\w.-]+:)?row>)/g)) {
    const number = Number(attribute(rowMatch[1]!, 'r') ?? previous + 1);
    previous = number;
    const cells: (SheetCell | undefined)[] = [];
    let column = -1;
    for (const cellMatch of (rowMatch[2] ?? '').matchAll(/<(?:[\w.-]+:)?c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/(?:[\w.-]+:)?c>)/g)) {
      const reference = attribute(cellMatch[1]!, 'r');
      column = reference ? columnIndex(reference) : column + 1;
      const cell = readCell(cellMatch[1]!, cellMatch[2] ?? '', context);
      if (cell) cells[column] = cell;
    }
    rows.push({ number, cells });
  }
  return rows;
}

/** "AB12" → 27. */
function columnIndex(reference: string): number {
  const letters = /^[A-Za-z]+/.exec(reference)?.[0] ?? 'A';
  let index = 0;
  for (const letter of letters.toUpperCase()) index = index * 26 + (letter.charCodeAt(0) - 64);
  return index - 1;
}

function readCell(attributes: string, inner: string, context: CellContext): SheetCell | undefined {
  const type = attribute(attributes, 't') ?? 'n';
  if (type === 'inlineStr') {
    const text = richText(/<(?:[\w.-]+:)?is\b[^>]*>([\s\S]*?)<\/(?:[\w.-]+:)?is>/.exec(inner)?.[1] ?? '');
    return text === '' ? undefined : { text, kind: 'text' };
  }
  const raw = /<(?:[\w.-]+:)?v\b[^>]*>([\s\S]*?)<\/(?:[\w.-]+:)?v>/.exec(inner)?.[1];
  if (raw === undefined) return undefined;
  const value = decodeXml(raw);
  switch (type) {
    case 's': {
      const text = context.shared[Number(value)] ?? '';
      return text === '' ? undefined : { text, kind: 'text' };
    }
    case 'str':
      return value === '' ? undefined : { text: value, kind: 'text' };
    case 'b':
      return { text: value === '1' ? 'TRUE' : 'FALSE', kind: 'boolean' };
    case 'e':
      return { text: value, kind: 'error' };
    case 'd':
      return { text: value, kind: 'date' };
    default: {
      const number = Number(value);
      if (value.trim() === '' || !Number.isFinite(number)) return { text: value, kind: 'text' };
      const format = context.formats[Number(attribute(attributes, 's') ?? 0)];
      if (format?.date) return { text: serialDate(number, context.date1904), kind: 'date' };
      if (format && format.zeros > 0 && Number.isInteger(number) && number >= 0) {
        return { text: String(number).padStart(format.zeros, '0'), kind: 'number', padded: true };
      }
      return { text: numberText(number), kind: 'number' };
    }
  }
}

/** A date serial as ISO 8601: "2020-12-31", with the time where the serial has one. */
function serialDate(serial: number, date1904: boolean): string {
  // The 1900 system counts a 29 February 1900 that never was (Lotus 1-2-3's bug), so serials from 61 on are a day ahead.
  const epoch = date1904 ? Date.UTC(1904, 0, 1) : serial < 61 ? Date.UTC(1899, 11, 31) : Date.UTC(1899, 11, 30);
  const milliseconds = Math.round(serial * 86_400_000);
  const iso = new Date(epoch + milliseconds).toISOString();
  if (Number.isInteger(serial)) return iso.slice(0, 10);
  return serial < 1 ? iso.slice(11, 19) : iso.slice(0, 19);
}
