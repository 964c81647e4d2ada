// Files on disk to the data core works on, and back; every failure names the path as the user typed it.
import { randomBytes } from 'node:crypto';
import { chmod, readFile, readdir, realpath, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, extname, join, resolve } from 'node:path';
import {
  SozialraumError,
  message,
  SUPPORTED_CRS,
  assertSupportedCrs,
  decodeText,
  featureServiceOf,
  isFlatGeobuf,
  isShapefileBytes,
  isGeoPackage,
  layerInSource,
  loadAreas,
  loadServiceAreas,
  normaliseCrsName,
  readTable,
  readGridTable,
  isSpreadsheetZip,
  tableFileKind,
  type AreaCollection,
  type AreaFormat,
  type DataIssue,
  type PopulationGrid,
  type NamedFiles,
  type Table,
} from '@sozialraum/core';
import { UsageError, stringOption, type Command, type CommandInput, type OptionValues } from './command.js';
import type { TableFileOptions } from './options.js';

/**
 * The bytes of a file. The path is resolved against `cwd`, but messages name it as given, because that is the
 * name the user recognises.
 */
export async function readInput(path: string, cwd: string): Promise<Uint8Array> {
  try {
    return new Uint8Array(await readFile(resolve(cwd, fileOfPath(path))));
  } catch (error) {
    // core has no code for local files; 'fetch-failed' is its code for "the bytes could not be had".
    const reason = describeFsError(error);
    throw new SozialraumError('fetch-failed', message(`cannot be read: ${reason}`, `ist nicht lesbar (${reason})`), { source: path }, { cause: error });
  }
}

/** A Zensus grid table's value column as a grid, with the rows that could not be read. */
export type GridTable = PopulationGrid & { nodata: number; issues: DataIssue[] };

/**
 * The column `value` of a Zensus grid table in its bytes, in a CRS the toolkit supports: the one reading of a grid
 * table that aggregate, crosswalk, propose and score share. `decimal` overrides the Zensus decimal convention.
 */
export function gridTable(bytes: Uint8Array, path: string, value: string, decimal?: ',' | '.'): GridTable {
  // The byte scan of plain Zensus tables; anything unusual falls back to readZensusGrid with its messages.
  const grid = readGridTable(bytes, { source: path, value, ...(decimal ? { decimalSeparator: decimal } : {}) });
  assertSupportedCrs(grid.grid.crs, path);
  return { grid: grid.grid, values: grid.values, nodata: grid.nodata, issues: grid.issues };
}

/** The grid table of a file on disk (see gridTable). */
export async function loadGridTable(path: string, cwd: string, value: string, decimal?: ',' | '.'): Promise<GridTable> {
  return gridTable(await readInput(path, cwd), path, value, decimal);
}

/** A report to the file `path` (written as writeOutput does), or to stdout when no path is given. */
export async function writeOrPrint(path: string | undefined, io: { cwd: string; stdout: (text: string) => void }, text: string): Promise<void> {
  if (path === undefined) io.stdout(text);
  else await writeOutput(path, io.cwd, text);
}

/**
 * Writes the bytes (or text, or pieces of text streamed one by one), or fails with a message naming the path and why. The bytes go to a temporary file in the same
 * folder first, which is then renamed onto the target: a rename within a folder is atomic, so a run that is
 * interrupted or fails leaves the old file or the new one, never half of either. Through a symbolic link the file
 * it points to is replaced, not the link, and an existing file keeps its permissions.
 */
export async function writeOutput(path: string, cwd: string, data: Uint8Array | string | Iterable<string>): Promise<void> {
  const target = await realTarget(resolve(cwd, path));
  const temporary = join(dirname(target), `.${basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await writeFile(temporary, data, { flag: 'wx' });
    const existing = await stat(target).catch(() => undefined);
    if (existing?.isFile()) await chmod(temporary, existing.mode & 0o7777);
    await rename(temporary, target);
  } catch (error) {
    await rm(temporary, { force: true }).catch(() => undefined);
    throw new OutputError(`${path}: cannot be written: ${describeFsError(error)}`, { cause: error });
  }
}

/** The path with every symbolic link resolved; for a file not there yet, its folder's real path and its name. */
async function realTarget(absolute: string): Promise<string> {
  try {
    return await realpath(absolute);
  } catch {
    try {
      return join(await realpath(dirname(absolute)), basename(absolute));
    } catch {
      return absolute;
    }
  }
}

/**
 * Refuses a command line that would write a file over one of its inputs, or two of its outputs over each other,
 * before anything is read: `validate --areas lor.geojson --out lor.geojson` would otherwise replace 5 MB of areas by
 * a report. Files are the same when they are one file on disk (same device and inode: also through symbolic and
 * hard links, "./x" and "x"), or, when not there yet, the same real path.
 */
export async function refuseOverwrites(command: Command, input: CommandInput, cwd: string): Promise<void> {
  const files = command.files;
  if (!files) return;
  const seen: { label: string; path: string; identity: string; output: boolean }[] = [];
  for (const [names, output] of [
    [files.inputs, false],
    [files.outputs, true],
  ] as const) {
    for (const name of names) {
      for (const { label, path } of fileArguments(command, input, name)) {
        const identity = await fileIdentity(resolve(cwd, fileOfPath(path)));
        const earlier = seen.find((entry) => entry.identity === identity && (output || entry.output));
        if (earlier) {
          const what = earlier.output ? 'one output would overwrite the other' : 'the input would be overwritten by the output';
          throw new UsageError(`${earlier.label} and ${label} name the same file ("${path}"); ${what}. Give ${label} another file.`);
        }
        seen.push({ label, path, identity, output });
      }
    }
  }
}

/** The paths an option or positional holds, each with how the user wrote the argument ("--out", "<in>"). */
function fileArguments(command: Command, input: CommandInput, name: string): { label: string; path: string }[] {
  const position = command.positionals.findIndex((positional) => positional.name === name);
  if (position >= 0) {
    const path = input.positionals[position];
    return path === undefined || path === '' ? [] : [{ label: `<${name}>`, path }];
  }
  const value = input.options[name];
  const paths = typeof value === 'string' ? [value] : Array.isArray(value) ? (value as readonly string[]) : [];
  return paths.filter((path) => path !== '').map((path) => ({ label: `--${name}`, path }));
}

async function fileIdentity(absolute: string): Promise<string> {
  try {
    const found = await stat(absolute);
    return `inode ${found.dev}:${found.ino}`;
  } catch {
    return `path ${await realTarget(absolute)}`;
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
  /** The layer of a zip of Shapefiles or a GeoPackage (--layer); a path's own "#layer" comes first. */
  layer?: string | undefined;
}

/** "moabit.gpkg#roads" is the file moabit.gpkg; only GeoPackage paths, so that other names with "#" stay as they are. */
export function fileOfPath(path: string): string {
  return /^(.*\.gpkg)#[^/\\]+$/i.exec(path)?.[1] ?? path;
}

/** The GeoPackage layer a path names ("moabit.gpkg#roads"), else the one given by --layer. */
export function layerOfPath(path: string, given: string | undefined): string | undefined {
  return (fileOfPath(path) !== path ? layerInSource(path) : undefined) ?? given;
}

/**
 * Areas from a GeoJSON, FlatGeobuf, GeoPackage or Shapefile (.shp with its siblings, or a .zip); which one is told
 * by the bytes, as core does. An http(s) URL of a WFS GetFeature request or an OGC API – Features items list is read
 * from the service, page by page.
 */
export async function loadAreasFile(path: string, cwd: string, options: AreaFileOptions): Promise<{ areas: AreaCollection; format: AreaFormat }> {
  const service = /^https?:\/\//i.test(path) ? featureServiceOf(path) : undefined;
  if (service) {
    const areas = await loadServiceAreas(path, {
      source: path,
      ...(options.idField !== undefined ? { idField: options.idField } : {}),
      ...(options.nameField !== undefined ? { nameField: options.nameField } : {}),
      ...(options.crs !== undefined ? { crs: options.crs } : {}),
    });
    return { areas, format: service === 'wfs' ? 'WFS' : 'OGC API Features' };
  }
  return areasFromBytes(await readAreasInput(path, cwd), path, options);
}

/** The area options every command that reads areas takes, as given on the command line. */
export function areaFileOptions(options: OptionValues): AreaFileOptions {
  return {
    idField: stringOption(options, 'id-field'),
    nameField: stringOption(options, 'name-field'),
    crs: crsOption(stringOption(options, 'crs'), '--crs'),
    layer: stringOption(options, 'layer'),
  };
}

/** Areas from bytes (or a Shapefile's files) already read, for commands that look at them first. */
export async function areasFromBytes(
  input: Uint8Array | NamedFiles,
  path: string,
  options: AreaFileOptions,
): Promise<{ areas: AreaCollection; format: AreaFormat }> {
  const areas = await loadAreas(input, {
    source: path,
    ...(options.idField !== undefined ? { idField: options.idField } : {}),
    ...(options.nameField !== undefined ? { nameField: options.nameField } : {}),
    ...(options.crs !== undefined ? { crs: options.crs } : {}),
    ...(layerOfPath(path, options.layer) !== undefined ? { layer: layerOfPath(path, options.layer)! } : {}),
  });
  return { areas, format: areas.format };
}

const SHAPEFILE_PARTS = new Set(['.shp', '.shx', '.dbf', '.prj', '.cpg']);

/**
 * The bytes of a file, or for a .shp the files beside it that make up the Shapefile (.shx, .dbf, .prj, .cpg, in any
 * case of their names), keyed by name, so that core can say which part is missing.
 */
export async function readAreasInput(path: string, cwd: string): Promise<Uint8Array | NamedFiles> {
  if (extname(fileOfPath(path)).toLowerCase() !== '.shp') return readInput(path, cwd);
  const main = await readInput(path, cwd);
  const folder = dirname(resolve(cwd, path));
  const base = basename(path, extname(path)).toLowerCase();
  const files = new Map<string, Uint8Array>([[basename(path), main]]);
  for (const name of await readdir(folder)) {
    const extension = extname(name).toLowerCase();
    if (extension === '.shp' || !SHAPEFILE_PARTS.has(extension) || basename(name, extname(name)).toLowerCase() !== base) continue;
    files.set(name, await readInput(join(dirname(path), name), cwd));
  }
  return { files };
}

/**
 * A table from a file: CSV, decoded the way German office exports need (BOM, Windows-1252), or an Excel workbook,
 * told by the bytes, not the name.
 */
export async function loadTableFile(path: string, cwd: string, options: TableFileOptions = {}): Promise<Table> {
  return tableFromBytes(await readInput(path, cwd), path, options);
}

/** A table from bytes already read, for commands that look at the bytes first. */
export function tableFromBytes(bytes: Uint8Array, path: string, options: TableFileOptions = {}): Promise<Table> {
  return readTable(bytes, { source: path, ...options });
}

const TABLE_EXTENSIONS = new Set(['.csv', '.txt', '.tsv', '.xlsx', '.xlsm', '.ods']);
const AREA_EXTENSIONS = new Set(['.shp', '.zip']);

/**
 * Whether a file holds a table rather than areas: by its extension first, then by its first bytes, since areas
 * are GeoPackage (SQLite), FlatGeobuf ("fgb"), a Shapefile (a zip, or a .shp's file code) or GeoJSON (a JSON object
 * or array) and a CSV header is none of them; a workbook is a zip archive that says it holds a spreadsheet, or an OLE
 * compound file (a legacy or encrypted workbook, refused by the table reader with its reason).
 */
export function looksLikeTable(path: string, bytes: Uint8Array): boolean {
  if (isGeoPackage(bytes)) return false;
  if (TABLE_EXTENSIONS.has(extname(path).toLowerCase())) return true;
  if (AREA_EXTENSIONS.has(extname(path).toLowerCase()) || isFlatGeobuf(bytes)) return false;
  const kind = tableFileKind(bytes);
  if (kind === 'compound') return true;
  if (kind === 'zip') return isSpreadsheetZip(bytes);
  if (isShapefileBytes(bytes)) return false;
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
    throw new UsageError(
      `${option}: cannot read "${value}" as a coordinate reference system; supported are ${SUPPORTED_CRS.map((crs) => crs.code).join(', ')}`,
    );
  }
  assertSupportedCrs(code, option);
  return code;
}

// Every table a command writes goes through core's one CSV writer, which guards spreadsheet formulas in text cells.
export { writeCsv } from '@sozialraum/core';
