// dBase tables (.dbf), the attribute part of a Shapefile: read in the encoding the .cpg or the language byte names, and
// written in UTF-8.
import { SozialraumError, germanNumber, issue, message, type DataIssue } from '../errors.js';

export interface DbfField {
  name: string;
  /** dBase type letter: C text, N/F number, L logical, D date, … */
  type: string;
  length: number;
  decimals: number;
}

export interface DbfTable {
  fields: DbfField[];
  records: Record<string, string | number | boolean | null>[];
  /** The TextDecoder label used, and what said so. */
  encoding: { label: string; from: 'cpg' | 'language byte' | 'guess' };
  issues: DataIssue[];
}

/** The language (code page) byte of a dBase header, for the encodings TextDecoder knows. */
const LANGUAGE_BYTES: Record<number, string> = {
  0x03: 'windows-1252',
  0x57: 'windows-1252',
  0x58: 'windows-1252',
  0x59: 'windows-1252',
  0x65: 'ibm866',
  0x13: 'shift_jis',
  0x4d: 'gbk',
  0x4e: 'euc-kr',
  0x4f: 'big5',
  0xc8: 'windows-1250',
  0xc9: 'windows-1251',
  0xca: 'windows-1254',
  0xcb: 'windows-1253',
};

/** Language bytes of DOS code pages, which TextDecoder does not know (the WHATWG encodings leave them out). */
const DOS_CODE_PAGES: Record<number, string> = { 0x01: '437', 0x02: '850', 0x64: '852', 0x66: '865' };

/** A .cpg's text ("UTF-8", "1252", "ANSI 1252", "ISO-8859-1", "CP1250") as a TextDecoder label; undefined if unknown. */
export function cpgEncoding(text: string): string | undefined {
  const name = text
    .trim()
    .toLowerCase()
    .replace(/^ansi\s*/, '');
  if (/^(utf-?8|65001)$/.test(name)) return 'utf-8';
  const windows = /^(?:cp|windows-?)?(125\d)$/.exec(name);
  if (windows) return `windows-${windows[1]}`;
  const iso = /^(?:iso-?)?8859-?(\d{1,2})$/.exec(name) ?? /^(?:iso)?8859(\d)$/.exec(name);
  if (iso) return `iso-8859-${iso[1]}`;
  try {
    return new TextDecoder(name).encoding;
  } catch {
    return undefined;
  }
}

/**
 * Reads a .dbf. The text encoding comes from the .cpg when there is one, else from the language byte, else it is
 * UTF-8 when every text is valid UTF-8 and Windows-1252 otherwise (old German Shapefiles are Latin-1 with umlauts
 * and name neither).
 */
export function readDbf(bytes: Uint8Array, options: { source: string; cpg?: string | undefined }): DbfTable {
  const { source } = options;
  const fail = (en: string, de: string): never => {
    throw new SozialraumError('parse-error', message(`the .dbf ${en}`, `die .dbf ${de}`), { source });
  };
  if (bytes.length < 32)
    fail(`is too short for a dBase header (${bytes.length} bytes)`, `ist zu kurz für einen dBase-Kopf (${germanNumber(bytes.length)} Bytes)`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const count = view.getUint32(4, true);
  const headerLength = view.getUint16(8, true);
  const recordLength = view.getUint16(10, true);
  const issues: DataIssue[] = [];
  const encoding = chooseEncoding(bytes, headerLength, options, issues);
  const decoder = new TextDecoder(encoding.label);
  const fields: DbfField[] = [];
  let offset = 1;
  const starts: number[] = [];
  for (let at = 32; at + 32 <= headerLength && bytes[at] !== 0x0d; at += 32) {
    const nameBytes = bytes.subarray(at, at + 11);
    const end = nameBytes.indexOf(0);
    const name = decoder.decode(nameBytes.subarray(0, end === -1 ? 11 : end)).trim();
    const field = { name, type: String.fromCharCode(bytes[at + 11]!).toUpperCase(), length: bytes[at + 16]!, decimals: bytes[at + 17]! };
    fields.push(field);
    starts.push(offset);
    offset += field.length;
  }
  if (fields.length === 0) fail('names no fields', 'nennt keine Felder');
  if (offset > recordLength)
    fail(`has fields longer (${offset} bytes) than its records (${recordLength})`, `hat längere Felder (${offset} Bytes) als Datensätze (${recordLength})`);
  if (headerLength + count * recordLength > bytes.length) {
    fail(
      `says it holds ${count} records of ${recordLength} bytes but ends after ${Math.floor((bytes.length - headerLength) / recordLength)}; the file is cut short`,
      `gibt ${germanNumber(count)} Datensätze zu ${recordLength} Bytes an, endet aber nach ${germanNumber(Math.floor((bytes.length - headerLength) / recordLength))}; die Datei ist abgeschnitten`,
    );
  }
  const records: DbfTable['records'] = [];
  for (let index = 0; index < count; index += 1) {
    const base = headerLength + index * recordLength;
    const record: DbfTable['records'][number] = {};
    fields.forEach((field, position) => {
      const start = base + starts[position]!;
      record[field.name] = fieldValue(field, bytes.subarray(start, start + field.length), decoder);
    });
    records.push(record);
  }
  return { fields, records, encoding, issues };
}

function chooseEncoding(
  bytes: Uint8Array,
  headerLength: number,
  options: { source: string; cpg?: string | undefined },
  issues: DataIssue[],
): DbfTable['encoding'] {
  if (options.cpg !== undefined) {
    const label = cpgEncoding(options.cpg);
    if (label) return { label, from: 'cpg' };
    const named = options.cpg.trim().slice(0, 40);
    issues.push(
      issue(
        'unknown-format',
        'warning',
        message(
          `the .cpg names the encoding "${named}", which is not known here; the text is read as UTF-8 if valid, else as Windows-1252`,
          `die .cpg nennt die Kodierung „${named}“, die hier unbekannt ist; der Text wird als UTF-8 gelesen, wenn gültig, sonst als Windows-1252`,
        ),
        { source: options.source },
      ),
    );
  } else {
    const label = LANGUAGE_BYTES[bytes[29]!];
    if (label) return { label, from: 'language byte' };
    const dos = DOS_CODE_PAGES[bytes[29]!];
    if (dos) {
      issues.push(
        issue(
          'unknown-format',
          'warning',
          message(
            `the .dbf names the DOS code page ${dos}, which browsers cannot decode; the text is read as UTF-8 if valid, else as Windows-1252, so umlauts may be wrong (save it with a .cpg or in UTF-8)`,
            `die .dbf nennt die DOS-Codepage ${dos}, die Browser nicht dekodieren; der Text wird als UTF-8 gelesen, wenn gültig, sonst als Windows-1252, Umlaute können also falsch sein (speichern Sie sie mit .cpg oder in UTF-8)`,
          ),
          { source: options.source },
        ),
      );
    }
  }
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(Math.min(headerLength, bytes.length)));
    return { label: 'utf-8', from: 'guess' };
  } catch {
    return { label: 'windows-1252', from: 'guess' };
  }
}

function fieldValue(field: DbfField, raw: Uint8Array, decoder: TextDecoder): string | number | boolean | null {
  switch (field.type) {
    case 'N':
    case 'F': {
      const text = ascii(raw).trim();
      if (text === '' || /^\*+$/.test(text)) return null;
      const value = Number(text.replace(',', '.'));
      if (!Number.isFinite(value)) return null;
      // A key stored as a long number keeps every digit as text rather than losing the last ones.
      return Number.isInteger(value) && !Number.isSafeInteger(value) ? text : value;
    }
    case 'L': {
      const text = ascii(raw).trim().toUpperCase();
      return 'TY'.includes(text) && text !== '' ? true : 'FN'.includes(text) && text !== '' ? false : null;
    }
    case 'D': {
      const text = ascii(raw).trim();
      return /^\d{8}$/.test(text) ? `${text.slice(0, 4)}-${text.slice(4, 6)}-${text.slice(6, 8)}` : null;
    }
    default: {
      // Blank text is no value, as shapelib and GDAL read it.
      const end = raw.indexOf(0);
      const text = decoder.decode(end === -1 ? raw : raw.subarray(0, end)).trimEnd();
      return text === '' ? null : text;
    }
  }
}

function ascii(raw: Uint8Array): string {
  let text = '';
  for (const byte of raw) text += String.fromCharCode(byte);
  return text;
}

// ---------------------------------------------------------------------------------------------------------------
// Writing

type Value = unknown;

/**
 * A UTF-8 .dbf for the records, with the field names cut to dBase's 10 characters (repeats made unique with a number)
 * and each field typed from its values: numbers N, true/false L, everything else text C (at most 254 bytes). Returns
 * the names as written, parallel to `names`.
 */
export function writeDbf(names: readonly string[], records: readonly Record<string, Value>[]): { bytes: Uint8Array; fieldNames: string[] } {
  const encoder = new TextEncoder();
  const fieldNames = shortNames(names);
  const fields = names.map((name, index) =>
    describeField(
      fieldNames[index]!,
      records.map((record) => record[name]),
    ),
  );
  const headerLength = 32 + 32 * fields.length + 1;
  const recordLength = 1 + fields.reduce((sum, field) => sum + field.length, 0);
  const bytes = new Uint8Array(headerLength + records.length * recordLength + 1).fill(0x20, headerLength);
  const view = new DataView(bytes.buffer);
  bytes[0] = 0x03;
  bytes.set([100, 1, 1], 1); // last update 2000-01-01, so that the same input writes the same bytes
  view.setUint32(4, records.length, true);
  view.setUint16(8, headerLength, true);
  view.setUint16(10, recordLength, true);
  fields.forEach((field, index) => {
    const at = 32 + 32 * index;
    bytes.set(encoder.encode(field.name).subarray(0, 10), at);
    bytes[at + 11] = field.type.charCodeAt(0);
    bytes[at + 16] = field.length;
    bytes[at + 17] = field.decimals;
  });
  bytes[headerLength - 1] = 0x0d;
  records.forEach((record, row) => {
    let at = headerLength + row * recordLength + 1;
    names.forEach((name, index) => {
      const field = fields[index]!;
      const text = formatValue(field, record[name]);
      const encoded = fitBytes(encoder.encode(text), field.length);
      bytes.set(encoded, field.type === 'N' ? at + field.length - encoded.length : at);
      at += field.length;
    });
  });
  bytes[bytes.length - 1] = 0x1a;
  return { bytes, fieldNames };
}

/** Names of at most 10 bytes, unique regardless of case, as GDAL makes them ("Ortsteilna", "Ortsteil_1"). */
function shortNames(names: readonly string[]): string[] {
  const taken = new Set<string>();
  const encoder = new TextEncoder();
  return names.map((name) => {
    let short = cutToBytes(name.replace(/[^\p{L}\p{N}_]/gu, '_'), 10, encoder);
    for (let n = 1; taken.has(short.toLowerCase()); n += 1) short = `${cutToBytes(short, 10 - String(n).length - 1, encoder)}_${n}`;
    taken.add(short.toLowerCase());
    return short;
  });
}

function cutToBytes(text: string, limit: number, encoder: TextEncoder): string {
  let out = text;
  while (encoder.encode(out).length > limit) out = out.slice(0, -1);
  return out;
}

function describeField(name: string, values: readonly Value[]): DbfField {
  const present = values.filter((value) => value !== null && value !== undefined && value !== '');
  if (present.length > 0 && present.every((value) => typeof value === 'boolean')) return { name, type: 'L', length: 1, decimals: 0 };
  if (present.length > 0 && present.every((value) => typeof value === 'number' && Number.isFinite(value))) {
    const numbers = present as number[];
    const decimals = Math.min(15, Math.max(0, ...numbers.map((value) => (String(value).split('.')[1] ?? '').length)));
    const length = Math.min(254, Math.max(1, ...numbers.map((value) => value.toFixed(decimals).length)));
    return { name, type: 'N', length, decimals };
  }
  const encoder = new TextEncoder();
  const length = Math.min(254, Math.max(1, ...present.map((value) => encoder.encode(textOf(value)).length)));
  return { name, type: 'C', length, decimals: 0 };
}

function formatValue(field: DbfField, value: Value): string {
  if (value === null || value === undefined) return '';
  if (field.type === 'L') return value === true ? 'T' : value === false ? 'F' : '?';
  if (field.type === 'N') return typeof value === 'number' ? value.toFixed(field.decimals) : '';
  return textOf(value);
}

function textOf(value: Value): string {
  return typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** The bytes cut to a length without splitting a UTF-8 character. */
function fitBytes(encoded: Uint8Array, length: number): Uint8Array {
  if (encoded.length <= length) return encoded;
  let end = length;
  while (end > 0 && (encoded[end]! & 0xc0) === 0x80) end -= 1;
  return encoded.subarray(0, end);
}
