// What the .xlsx and .ods readers share: choosing the sheet, XML parts without entities, the text of numbers.
import { SozialraumError, message } from '../errors.js';
import { describeName, describeNames } from './text.js';
import type { ZipArchive } from './zip.js';

/** The sheet asked for by name (any case) or number, or the first visible one; an unknown one is refused listing them. */
export function chooseSheet<T extends { name: string; hidden: boolean }>(sheets: readonly T[], wanted: string | undefined, source: string): T {
  if (sheets.length === 0) throw new SozialraumError('empty-file', message('the workbook has no sheet', 'die Arbeitsmappe hat kein Blatt'), { source });
  if (wanted === undefined || wanted === '') return sheets.find((sheet) => !sheet.hidden) ?? sheets[0]!;
  const byName = sheets.find((sheet) => sheet.name === wanted) ?? sheets.find((sheet) => sheet.name.toLowerCase() === wanted.trim().toLowerCase());
  if (byName) return byName;
  if (/^\d+$/.test(wanted.trim()) && Number(wanted) >= 1 && Number(wanted) <= sheets.length) return sheets[Number(wanted) - 1]!;
  const names = sheets.map((sheet) => sheet.name);
  throw new SozialraumError(
    'unknown-field',
    message(
      `has no sheet "${describeName(wanted)}"; its sheets are ${describeNames(names, 20, 'en', true)} (or give their number, 1 to ${sheets.length})`,
      `hat kein Blatt „${describeName(wanted)}“; ihre Blätter sind ${describeNames(names, 20, 'de', true)} (oder ihre Nummer, 1 bis ${sheets.length})`,
    ),
    { source },
  );
}

/**
 * The text of an XML part. A document type declaration is refused: the parts of a workbook never have one, and its
 * entities are the way to make a few bytes of XML expand to gigabytes ("billion laughs").
 */
export function xmlPart(zip: ZipArchive, path: string, required = false): string | undefined {
  const text = zip.text(path);
  if (text === undefined) {
    if (!required) return undefined;
    throw new SozialraumError('parse-error', message(`the workbook lacks its part "${path}"`, `der Arbeitsmappe fehlt ihr Teil „${path}“`), {
      source: zip.source,
    });
  }
  if (/<!DOCTYPE|<!ENTITY/i.test(text)) {
    throw new SozialraumError(
      'parse-error',
      message(
        `the part "${path}" declares a document type or entities, which no workbook does; it is refused`,
        `der Teil „${path}“ deklariert einen Dokumenttyp oder Entitäten, was keine Arbeitsmappe tut; er wird abgelehnt`,
      ),
      { source: zip.source },
    );
  }
  return text;
}

const NAMED_ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** The five predefined entities and character references; nothing else is expanded. */
export function decodeXml(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|lt|gt|amp|quot|apos);/g, (_, entity: string) => {
    if (entity.startsWith('#x')) return String.fromCodePoint(Number.parseInt(entity.slice(2), 16));
    if (entity.startsWith('#')) return String.fromCodePoint(Number.parseInt(entity.slice(1), 10));
    return NAMED_ENTITIES[entity]!;
  });
}

/**
 * A stored number as text. Excel keeps 15 significant digits and shows no more; the digits beyond them in the file
 * (8.043290000000001 for 8.04329) are binary noise of the writer, and the cell reads as the number the office typed.
 */
export function numberText(value: number): string {
  const rounded = Number(value.toPrecision(15));
  return String(rounded === 0 ? 0 : rounded);
}
