// What `propose` and `score` both read: the residents grid, the barriers, the departments' reference layers and the
// rules (minimum, target, maximum), each checked before the work starts.
import { basename } from 'node:path';
import { decodeText, detectCrs, parseGeoJSON, readBarriers, type AreaCollection, type Barriers, type DataIssue, type PopulationGrid } from '@sozialraum/core';
import { UsageError, pairedOption, repeatedOption, requiredOption, stringOption, type CliIo, type OptionSpec, type OptionValues } from './command.js';
import { loadAreasFile, loadGridTable, readInput } from './files.js';
import { optionalNumber } from './options.js';
import { issueLines } from './report.js';

export const GRID_OPTIONS: readonly OptionSpec[] = [
  { name: 'grid', type: 'string', value: 'CSV', description: 'Zensus grid table of residents (GITTER_ID_100m or x_mp/y_mp; required)' },
  { name: 'value', type: 'string', value: 'COLUMN', description: 'column of --grid with the residents (default: Einwohner)' },
];

export const RULE_OPTIONS: readonly OptionSpec[] = [
  { name: 'min', type: 'string', value: 'N', description: 'fewest residents of an area (default: 1000, the Federal Employment Agency minimum)' },
  { name: 'target', type: 'string', value: 'N', description: 'residents an area should have (default: 5000)' },
  { name: 'max', type: 'string', value: 'N', description: 'most residents of an area (default: twice the target)' },
];

export const BARRIER_OPTIONS: readonly OptionSpec[] = [
  {
    name: 'barriers',
    type: 'string',
    value: 'GEOJSON',
    multiple: true,
    description:
      'OpenStreetMap barriers (fclass rail, light_rail; river, canal; water areas over 10 ha), e.g. the Geofabrik railways, waterways and water areas; repeatable. Data © OpenStreetMap contributors (ODbL)',
  },
];

export const REFERENCE_OPTIONS: readonly OptionSpec[] = [
  { name: 'reference', type: 'string', value: 'FILE', multiple: true, description: "a department's units to keep whole, e.g. the Ortsteile; repeatable" },
  { name: 'reference-id', type: 'string', value: 'F', multiple: true, description: 'key property of each --reference, in the same order (default: guessed)' },
];

export interface Rules {
  minimum: number;
  target: number;
  maximum: number;
}

/** --min, --target and --max, with the handbook's defaults. */
export function rulesOption(options: OptionValues): Rules {
  const minimum = optionalNumber(options, 'min', { min: 1 }) ?? 1000;
  const target = optionalNumber(options, 'target', { min: 1 }) ?? 5000;
  const maximum = optionalNumber(options, 'max', { min: 1 }) ?? 2 * target;
  if (maximum < minimum) throw new UsageError(`--max (${maximum}) is below --min (${minimum})`);
  return { minimum, target, maximum };
}

/** The residents grid of --grid and --value. */
export async function loadPopulation(options: OptionValues, cwd: string): Promise<PopulationGrid & { issues: DataIssue[] }> {
  const path = requiredOption(options, 'grid', 'the Zensus grid table of residents');
  const value = stringOption(options, 'value') ?? 'Einwohner';
  return { ...(await loadGridTable(path, cwd, value)), source: path, estimated: true };
}

/** The barriers of every --barriers file, in the working CRS; undefined when none is given. */
export async function loadBarriers(options: OptionValues, cwd: string, crs: string): Promise<Barriers | undefined> {
  const paths = repeatedOption(options, 'barriers');
  if (paths.length === 0) return undefined;
  const inputs = [];
  for (const path of paths) {
    const collection = parseGeoJSON(decodeText(await readInput(path, cwd)), path);
    inputs.push({ collection, crs: detectCrs(collection, path) });
  }
  return readBarriers(inputs, { crs });
}

/** Every --reference layer with its key (--reference-id) and a name from its file name. */
export async function loadReferences(options: OptionValues, cwd: string): Promise<{ name: string; areas: AreaCollection }[]> {
  const paths = repeatedOption(options, 'reference');
  const ids = pairedOption(options, 'reference-id', paths, 'reference');
  const layers = [];
  for (const [index, path] of paths.entries()) {
    const { areas } = await loadAreasFile(path, cwd, { idField: ids[index] });
    layers.push({ name: basename(path).replace(/\.[^.]+$/, ''), areas });
  }
  return layers;
}

/** The end of a workbench command's report on stderr: the grid's findings and the barriers' attribution. */
export function closingNotes(io: CliIo, population: { issues: readonly DataIssue[] }, barriers: Barriers | undefined): void {
  io.stderr(issueLines(population.issues));
  if (barriers) io.stderr(`barriers: ${barriers.attribution}\n`);
}

/** "7,066" */
export function formatCount(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}

/** The value to `digits` decimals, for tables: 0.123456 → 0.123. */
export function round(value: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}
