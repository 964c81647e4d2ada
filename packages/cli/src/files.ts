// Files on disk to the data core works on, and back; every failure names the path as the user typed it.
import { readFile, writeFile } from 'node:fs/promises';
import { extname, resolve } from 'node:path';
import {
  SozialraumError,
  message,
  SUPPORTED_CRS,
  assertSupportedCrs,
  decodeText,
  isFlatGeobuf,
  loadAreas,
  normaliseCrsName,
  parseCsv,
  type AreaCollection,
  type Table,
} from '@sozialraum/core';
import { UsageError, stringOption, type OptionValues } from './command.js';

/**
 * The bytes of a file. The path is resolved against `cwd`, but messages name it as given, because that is the
 * name the user recognises.
 */
export async function readInput(path: string, cwd: string): Promise<Uint8Array> {
  try {
    return new Uint8Array(await readFile(resolve(cwd, path)));
  } catch (error) {
    // core has no code for local files; 'fetch-failed' is its code for "the bytes could not be had".
    const reason = describeFsError(error);
    throw new SozialraumError('fetch-failed', message(`cannot be read: ${reason}`, `ist nicht lesbar (${reason})`), { source: path }, { cause: error });
  }
}

/** Writes the bytes, or fails with a message naming the path and why. */
export async function writeOutput(path: string, cwd: string, data: Uint8Array | string): Promise<void> {
  try {
    await writeFile(resolve(cwd, path), data);
  } catch (error) {
    throw new OutputError(`${path}: cannot be written: ${describeFsError(error)}`, { cause: error });
  }
}

/** A result that cannot be saved; bad input like any other, since the path is the user's. */
export class OutputError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'OutputError';
  }
}

function describeFsError(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  switch (code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'EISDIR':
      return 'it is a directory, not a file';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ENOTDIR':
      return 'a part of the path is not a directory';
    default:
      return error instanceof Error ? error.message : String(error);
  }
}

export interface AreaFileOptions {
  idField?: string | undefined;
  nameField?: string | undefined;
  crs?: string | undefined;
}

/** Areas from a GeoJSON or FlatGeobuf file; which one is told by the bytes, as core does. */
export async function loadAreasFile(path: string, cwd: string, options: AreaFileOptions): Promise<{ areas: AreaCollection; format: AreaFormat }> {
  return areasFromBytes(await readInput(path, cwd), path, options);
}

/** The area options every command that reads areas takes, as given on the command line. */
export function areaFileOptions(options: OptionValues): AreaFileOptions {
  return {
    idField: stringOption(options, 'id-field'),
    nameField: stringOption(options, 'name-field'),
    crs: crsOption(stringOption(options, 'crs'), '--crs'),
  };
}

/** Areas from bytes already read, for commands that look at the bytes first. */
export async function areasFromBytes(bytes: Uint8Array, path: string, options: AreaFileOptions): Promise<{ areas: AreaCollection; format: AreaFormat }> {
  const areas = await loadAreas(bytes, {
    source: path,
    ...(options.idField !== undefined ? { idField: options.idField } : {}),
    ...(options.nameField !== undefined ? { nameField: options.nameField } : {}),
    ...(options.crs !== undefined ? { crs: options.crs } : {}),
  });
  return { areas, format: isFlatGeobuf(bytes) ? 'FlatGeobuf' : 'GeoJSON' };
}

export type AreaFormat = 'GeoJSON' | 'FlatGeobuf';

/** A CSV table from a file, decoded the way German office exports need (BOM, Windows-1252). */
export async function loadTableFile(path: string, cwd: string, decimalSeparator?: ',' | '.'): Promise<Table> {
  return parseCsv(decodeText(await readInput(path, cwd)), { source: path, ...(decimalSeparator ? { decimalSeparator } : {}) });
}

const TABLE_EXTENSIONS = new Set(['.csv', '.txt', '.tsv']);

/**
 * Whether a file holds a table rather than areas: by its extension first, then by its first bytes, since areas
 * are FlatGeobuf ("fgb") or GeoJSON (a JSON object or array) and a CSV header is neither.
 */
export function looksLikeTable(path: string, bytes: Uint8Array): boolean {
  if (TABLE_EXTENSIONS.has(extname(path).toLowerCase())) return true;
  if (isFlatGeobuf(bytes)) return false;
  const start = decodeText(bytes.subarray(0, 1024)).trimStart()[0];
  return start !== undefined && start !== '{' && start !== '[';
}

/**
 * An option value naming a CRS ("EPSG:25833", "25833", "urn:ogc:def:crs:EPSG::25833") as core's "EPSG:n", checked
 * against the supported systems before any file is read, so the message blames the option, not the file.
 */
export function crsOption(value: string | undefined, option: string): string | undefined {
  if (value === undefined) return undefined;
  const code = normaliseCrsName(value);
  if (!code) {
    throw new UsageError(`${option}: cannot read "${value}" as a coordinate reference system; supported are ${SUPPORTED_CRS.map((crs) => crs.code).join(', ')}`);
  }
  assertSupportedCrs(code, option);
  return code;
}

/** CSV text with a header line: cells quoted where they hold a comma, quote or line break; numbers as the caller wrote them. */
export function formatCsv(columns: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => cells.map((text) => (/[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text)).join(',');
  return `${[line(columns), ...rows.map(line)].join('\n')}\n`;
}
