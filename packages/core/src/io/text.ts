// Bytes to text the way German office exports need it: UTF-8 with or without BOM, UTF-16 with BOM, else Windows-1252.
import type { Message } from '../errors.js';
import type { Language } from '../language.js';

/**
 * Decodes a file's bytes. UTF-8 is tried first (a BOM is removed); bytes that are not valid UTF-8 are read as
 * Windows-1252, the encoding spreadsheet programs on German Windows machines write CSV in.
 */
export function decodeText(bytes: Uint8Array): string {
  // Spreadsheets save "Unicode text" as UTF-16 with a BOM; read as UTF-8 it would be text with a NUL in every other place.
  if (startsWithUtf16Bom(bytes)) return stripBom(new TextDecoder(bytes[0] === 0xff ? 'utf-16le' : 'utf-16be').decode(bytes));
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    text = new TextDecoder('windows-1252').decode(bytes);
  }
  return stripBom(text);
}

/** True when the bytes start with the byte order mark of UTF-16 (little or big endian). */
export function startsWithUtf16Bom(bytes: Uint8Array): boolean {
  return (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff);
}

export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** The last path segment of a URL or file path, for messages: "…/lor.geojson?x=1" → "lor.geojson". */
export function sourceName(pathOrUrl: string): string {
  // A blob: URL of a file picked in the page names the file in its fragment (`URL.createObjectURL(file) + '#' + name`);
  // its path is a random id no user recognises.
  const picked = /^blob:[^#]*#(.+)$/.exec(pathOrUrl)?.[1];
  if (picked) return decodeFragment(picked);
  const withoutQuery = pathOrUrl.split(/[?#]/)[0] ?? pathOrUrl;
  const segments = withoutQuery.split(/[\\/]/).filter(Boolean);
  return segments[segments.length - 1] ?? pathOrUrl;
}

/**
 * One name from a file or a user for a message, cut to 40 characters with control characters shown as "�", so that a
 * name of 100,000 characters (a sheet, a field, an id field asked for) or a damaged file cannot turn one message into
 * megabytes of noise.
 */
export function describeName(name: string): string {
  const clean = name.replace(/[\u0000-\u001f\u007f]/g, '\ufffd');
  return clean.length > 40 ? `${clean.slice(0, 39)}…` : clean;
}

/**
 * Names for a message: at most `limit` of them, each cut by describeName, so that a table with 100,000 columns does
 * not fill the message either; with `quoted`, each in the quotation marks of the language.
 */
export function describeNames(names: readonly string[], limit = 20, language: Language = 'en', quoted = false): string {
  const shown = names.slice(0, limit).map((name) => (quoted ? quote(describeName(name), language) : describeName(name)));
  const all = language === 'de' ? `${names.length} insgesamt` : `${names.length} in all`;
  return names.length > limit ? `${shown.join(', ')}, … (${all})` : shown.join(', ');
}

function quote(text: string, language: Language): string {
  return language === 'de' ? `„${text}“` : `"${text}"`;
}

function decodeFragment(fragment: string): string {
  try {
    return decodeURIComponent(fragment);
  } catch {
    return fragment;
  }
}

/**
 * The first five keys quoted for a message in both languages, with ", …" when there are more, so that a long list
 * stays one line; a key given with its row is shown as `"key" (row 4)`.
 */
export function keyExamples(keys: readonly (string | { key: string; row: number })[]): Message {
  const shown = keys.slice(0, 5).map((entry) => (typeof entry === 'string' ? { key: entry, row: undefined } : entry));
  const more = keys.length > 5 ? ', …' : '';
  return {
    en: shown.map(({ key, row }) => `"${key}"${row === undefined ? '' : ` (row ${row})`}`).join(', ') + more,
    de: shown.map(({ key, row }) => `„${key}“${row === undefined ? '' : ` (Zeile ${row})`}`).join(', ') + more,
  };
}
