// OpenDocument spreadsheets (.ods, LibreOffice): the cells of one sheet as text, as the .xlsx reader gives them.
import { SozialraumError, message } from '../errors.js';
import { chooseSheet, decodeXml, numberText, xmlPart } from './workbook-parts.js';
import type { SheetCell, SheetGrid, SheetRow } from './xlsx.js';
import type { ZipArchive } from './zip.js';
import { ODS_REPEAT_LIMIT } from './limits.js';

/** Reads one sheet of an .ods workbook (its content.xml) as rows of cells. */
export function readOdsSheet(zip: ZipArchive, options: { source: string; sheet?: string }): SheetGrid {
  const content = xmlPart(zip, 'content.xml', true)!;
  const tables = [...content.matchAll(/<table:table(?=[\s>])([^>]*)>([\s\S]*?)<\/table:table>/g)].map((match) => ({
    name: decodeXml(/\btable:name\s*=\s*"([^"]*)"/.exec(match[1]!)?.[1] ?? ''),
    hidden: false,
    body: match[2]!,
  }));
  const chosen = chooseSheet(tables, options.sheet, options.source);
  return { sheet: chosen.name, sheets: tables.map((table) => table.name), rows: odsRows(chosen.body, options.source) };
}

function odsRows(body: string, source: string): SheetRow[] {
  const rows: SheetRow[] = [];
  let number = 0;
  for (const rowMatch of body.matchAll(/<table:table-row\b([^>]*?)(?:\/>|>([\s\S]*?)<\/table:table-row>)/g)) {
    const repeat = repeated(rowMatch[1]!, 'table:number-rows-repeated');
    const cells = odsCells(rowMatch[2] ?? '');
    const filled = cells.some((cell) => cell !== undefined);
    if (filled && repeat > ODS_REPEAT_LIMIT) {
      throw new SozialraumError(
        'parse-error',
        message(
          `repeats a row ${repeat} times; more than ${ODS_REPEAT_LIMIT} are not read`,
          `wiederholt eine Zeile ${repeat}-mal; mehr als ${ODS_REPEAT_LIMIT} werden nicht gelesen`,
        ),
        { source, row: number + 1 },
      );
    }
    if (filled) for (let copy = 0; copy < repeat; copy += 1) rows.push({ number: number + copy + 1, cells });
    number += repeat;
  }
  return rows;
}

function odsCells(row: string): (SheetCell | undefined)[] {
  const cells: (SheetCell | undefined)[] = [];
  let column = 0;
  for (const match of row.matchAll(/<table:(?:covered-)?table-cell\b([^>]*?)(?:\/>|>([\s\S]*?)<\/table:(?:covered-)?table-cell>)/g)) {
    const repeat = repeated(match[1]!, 'table:number-columns-repeated');
    const cell = odsCell(match[1]!, match[2] ?? '');
    if (cell) for (let copy = 0; copy < Math.min(repeat, ODS_REPEAT_LIMIT); copy += 1) cells[column + copy] = cell;
    column += repeat;
  }
  return cells;
}

function repeated(attributes: string, name: string): number {
  const value = Number(new RegExp(`\\b${name}\\s*=\\s*"(\\d+)"`).exec(attributes)?.[1] ?? 1);
  return Number.isInteger(value) && value >= 1 ? value : 1;
}

function odsCell(attributes: string, inner: string): SheetCell | undefined {
  const attribute = (name: string) => new RegExp(`(?:^|\\s)${name}\\s*=\\s*"([^"]*)"`).exec(attributes)?.[1];
  const shown = paragraphs(inner);
  switch (attribute('office:value-type')) {
    case 'float':
    case 'percentage':
    case 'currency': {
      const value = Number(attribute('office:value'));
      if (!Number.isFinite(value)) return shown === '' ? undefined : { text: shown, kind: 'text' };
      const text = numberText(value);
      // A format of zeros shows the key with its leading zeros; the file keeps what it shows beside the value.
      if (/^0\d+$/.test(shown) && Number(shown) === value) return { text: shown, kind: 'number', padded: true };
      return { text, kind: 'number' };
    }
    case 'date':
      return { text: (attribute('office:date-value') ?? shown).replace(/T00:00:00(\.0+)?$/, ''), kind: 'date' };
    case 'time':
      return { text: shown, kind: 'date' };
    case 'boolean':
      return { text: attribute('office:boolean-value') === 'true' ? 'TRUE' : 'FALSE', kind: 'boolean' };
    default:
      return shown === '' ? undefined : { text: shown, kind: 'text' };
  }
}

/** The text of a cell: its paragraphs, one per line, with the spaces and tabs ODF writes as elements. */
function paragraphs(inner: string): string {
  const texts = [...inner.matchAll(/<text:p\b[^>]*?(?:\/>|>([\s\S]*?)<\/text:p>)/g)].map((match) =>
    decodeXml(
      (match[1] ?? '')
        .replace(/<text:s\b[^>]*?text:c\s*=\s*"(\d+)"[^>]*\/>/g, (_, count: string) => ' '.repeat(Math.min(Number(count), 1000)))
        .replace(/<text:s\b[^>]*\/>/g, ' ')
        .replace(/<text:tab\b[^>]*\/>/g, '\t')
        .replace(/<text:line-break\b[^>]*\/>/g, '\n')
        .replace(/<office:annotation\b[\s\S]*?<\/office:annotation>/g, '')
        .replace(/<[^>]+>/g, ''),
    ),
  );
  return texts.join('\n');
}
