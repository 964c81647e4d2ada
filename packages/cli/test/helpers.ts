// Running the CLI in-process and as a process on the real sample data, with temp files that are cleaned up.
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { run } from '@sozialraum/cli';
import { parseCsv, type CsvOptions, type Table } from '@sozialraum/core';

/** The repository's data-samples/ folder; test files run from packages/cli/dist/test/. */
export const SAMPLES = fileURLToPath(new URL('../../../../data-samples/', import.meta.url));
export const BIN = fileURLToPath(new URL('../../bin/sozialraum.js', import.meta.url));

export const BERLIN_GEOJSON = join(SAMPLES, 'berlin/lor_planungsraeume_2021.geojson');
export const BERLIN_FGB = join(SAMPLES, 'berlin/lor_planungsraeume_2021.fgb');
export const MSS_INDEX = join(SAMPLES, 'berlin/mss2021_indexindikatoren.csv');
export const MSS_KONTEXT = join(SAMPLES, 'berlin/mss2021_kontextindikatoren.csv');
export const FLENSBURG_GEOJSON = join(SAMPLES, 'flensburg/stadtteile.geojson');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a command line through `run()` with recorded streams. */
export async function cli(args: readonly string[], cwd = process.cwd()): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const code = await run(args, {
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    cwd,
  });
  return { code, stdout, stderr };
}

/** Runs `sozialraum aggregate` on the Berlin Planungsräume of the samples (id PLR_ID) with the further arguments. */
export function aggregateBerlin(args: readonly string[]): Promise<CliResult> {
  return cli(['aggregate', '--areas', BERLIN_GEOJSON, '--id-field', 'PLR_ID', ...args]);
}

/** Runs the installed bin script as its own process, the way a shell would. */
export function spawnCli(args: readonly string[], cwd: string): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
    child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

/** A fresh directory under the system's temp folder and a function that removes it. */
export async function tempDirectory(): Promise<{ path: string; file: (name: string) => string; remove: () => Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), 'sozialraum-cli-'));
  return { path, file: (name) => join(path, name), remove: () => rm(path, { recursive: true, force: true }) };
}

export async function readJson<T>(path: string): Promise<T> {
  return JSON.parse(await readFile(path, 'utf8')) as T;
}

export async function writeText(path: string, text: string): Promise<string> {
  await writeFile(path, text);
  return path;
}

/** The parts of a GeoJSON FeatureCollection the assertions look at. */
export interface GeoJsonFile {
  type: string;
  crs?: { type: string; properties: { name: string } };
  features: {
    type: string;
    id?: unknown;
    properties: Record<string, unknown> | null;
    geometry: { type: string; coordinates: unknown } | null;
  }[];
}

/** A file below test/fixtures/numbers/: inputs that used to give wrong numbers without a word. */
export const numbersFixture = (name: string) => fileURLToPath(new URL(`../../../../test/fixtures/numbers/${name}`, import.meta.url));

/** A CSV file the CLI wrote (or a sample) read as a table; `options` fix what would otherwise be detected. */
export async function readCsvFile(path: string, options: Omit<CsvOptions, 'source'> = {}): Promise<Table> {
  return parseCsv(await readFile(path, 'utf8'), { source: path, ...options });
}

/**
 * Square areas side by side as a GeoJSON FeatureCollection, keyed by `id`: the first with its lower-left corner at
 * (`x`, 0), each `size` wide; `crs` names the CRS the way GeoJSON of the offices does.
 */
export function squareAreas(ids: readonly string[], options: { x?: number; size?: number; crs?: string } = {}): string {
  const { x = 0, size = 1, crs } = options;
  const square = (id: string, left: number) => ({
    type: 'Feature',
    properties: { id },
    geometry: {
      type: 'Polygon',
      coordinates: [
        [
          [left, 0],
          [left + size, 0],
          [left + size, size],
          [left, size],
          [left, 0],
        ],
      ],
    },
  });
  return JSON.stringify({
    type: 'FeatureCollection',
    ...(crs ? { crs: { type: 'name', properties: { name: crs } } } : {}),
    features: ids.map((id, index) => square(id, x + index * size)),
  });
}

/** The arguments of `index` with the MSS 2021 status preset on the MSS table, writing `out`, then `more`. */
export function mssStatusIndex(out: string, ...more: string[]): string[] {
  return ['index', '--indicators', MSS_INDEX, '--id-field', 'PLR_ID', '--preset', 'mss-2021-status', '--out', out, ...more];
}
