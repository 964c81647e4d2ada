// What `propose` and `score` both read: the residents grid, the barriers, the departments' reference layers and the
// rules (minimum, target, maximum), each checked before the work starts.
import { basename } from 'node:path';
import {
  decodeText,
  detectCrs,
  parseGeoJSON,
  readBarriers,
  type AreaCollection,
  type Barriers,
  type DataIssue,
  type PopulationGrid,
} from '@sozialraum/core';
import { UsageError, listOption, stringOption, type OptionSpec, type OptionValues } from './command.js';
import { loadAreasFile, loadGridTable, readInput } from './files.js';
import { numberOption } from './options.js';

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
  const read = (name: string, fallback: number) => {
    const text = stringOption(options, name);
    return text === undefined ? fallback : numberOption(text, `--${name}`, { min: 1 });
  };
  const minimum = read('min', 1000);
  const target = read('target', 5000);
  const maximum = read('max', 2 * target);
  if (maximum < minimum) throw new UsageError(`--max (${maximum}) is below --min (${minimum})`);
  return { minimum, target, maximum };
}

/** The residents grid of --grid and --value. */
export async function loadPopulation(options: OptionValues, cwd: string): Promise<PopulationGrid & { issues: DataIssue[] }> {
  const path = stringOption(options, 'grid');
  if (path === undefined || path === '') throw new UsageError('--grid is required: the Zensus grid table of residents');
  const value = stringOption(options, 'value') ?? 'Einwohner';
  return { ...(await loadGridTable(path, cwd, value)), source: path, estimated: true };
}

/** The barriers of every --barriers file, in the working CRS; undefined when none is given. */
export async function loadBarriers(options: OptionValues, cwd: string, crs: string): Promise<Barriers | undefined> {
  const paths = listOption(options, 'barriers');
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
  const paths = listOption(options, 'reference');
  const ids = listOption(options, 'reference-id');
  if (ids.length > paths.length) throw new UsageError(`--reference-id is given ${ids.length} times for ${paths.length} --reference files`);
  const layers = [];
  for (const [index, path] of paths.entries()) {
    const { areas } = await loadAreasFile(path, cwd, { idField: ids[index] });
    layers.push({ name: basename(path).replace(/\.[^.]+$/, ''), areas });
  }
  return layers;
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
