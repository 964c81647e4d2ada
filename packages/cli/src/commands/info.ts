// `sozialraum info`: what a file holds, as far as the toolkit reads it, with every issue found on the way.
import {
  SozialraumError,
  collectionExtent,
  crsDefinition,
  decodeText,
  isGeoPackage,
  listGeoPackageLayers,
  parseCsv,
  type AreaCollection,
  type DataIssue,
  type GeoPackageLayer,
  type Table,
} from '@sozialraum/core';
import { EXIT, stringOption, type CliIo, type Command, type CommandInput } from '../command.js';
import { areaFileOptions, areasFromBytes, layerOfPath, looksLikeTable, readInput, type AreaFileOptions, type AreaFormat } from '../files.js';
import { CRS, LAYER, DECIMAL, ID_FIELD, NAME_FIELD, decimalOption } from '../options.js';
import { count, describeIssueCounts, fieldLines, formatCoordinate, formatIssue } from '../report.js';

export const info: Command = {
  name: 'info',
  summary: 'describe an areas file (GeoJSON, FlatGeobuf, GeoPackage) or a CSV table',
  description:
    'For areas: number of areas, coordinate reference system, extent, id and name field, property names.\n' +
    'For a CSV table: delimiter, decimal separator, columns and rows.\n' +
    'For a GeoPackage: its vector layers (name, geometry type, count, CRS, fields), and the areas of the layer\n' +
    'chosen with --layer or "file.gpkg#layer", or of the only layer when it holds polygons.\n' +
    'Both list every issue found while reading. A file ending in .csv, .txt or .tsv, or not starting like\n' +
    'GeoJSON or FlatGeobuf, is read as a table.',
  files: { inputs: ['file'], outputs: [] },
  positionals: [{ name: 'file', description: 'areas (.geojson, .json, .fgb, .gpkg) or table (.csv)' }],
  options: [ID_FIELD, NAME_FIELD, CRS, LAYER, DECIMAL],
  examples: ['info data-samples/berlin/lor_planungsraeume_2021.geojson', 'info data-samples/berlin/mss2021_kontextindikatoren.csv'],
  async run({ positionals, options }: CommandInput, io: CliIo): Promise<number> {
    const path = positionals[0]!;
    const areaOptions = areaFileOptions(options);
    const decimalSeparator = decimalOption(stringOption(options, 'decimal'));
    const bytes = await readInput(path, io.cwd);
    if (looksLikeTable(path, bytes)) {
      const table = parseCsv(decodeText(bytes), { source: path, ...(decimalSeparator ? { decimalSeparator } : {}) });
      io.stdout(describeTable(table));
      return EXIT.ok;
    }
    if (isGeoPackage(bytes)) {
      const layers = await listGeoPackageLayers(bytes, { source: path });
      io.stdout(describeLayers(path, layers));
      const chosen = layerOfPath(path, areaOptions.layer);
      // Without a choice the areas are described only for a single layer that can hold polygons, and a layer of
      // another kind (lines in a GEOMETRY column) is said to be no areas rather than failing the listing.
      if (chosen === undefined) {
        if (!(layers.length === 1 && /POLYGON|GEOMETRY|SURFACE/.test(layers[0]!.geometryType))) return EXIT.ok;
        try {
          const { areas, format } = await areasFromBytes(bytes, path, areaOptions);
          io.stdout(describeAreas(areas, format, areaOptions));
        } catch (error) {
          if (!(error instanceof SozialraumError)) throw error;
          io.stdout(`  as areas: ${error.message.startsWith(`${path}: `) ? error.message.slice(path.length + 2) : error.message}\n`);
        }
        return EXIT.ok;
      }
      // A chosen layer of points is listed above; points have no id field or extent to describe as areas.
      const layer = layers.find((candidate) => candidate.name.toLowerCase() === chosen.toLowerCase());
      if (layer && /^(MULTI)?POINT/.test(layer.geometryType)) {
        io.stdout(`  ${layer.name}: points, for aggregate --points\n`);
        return EXIT.ok;
      }
    }
    const { areas, format } = await areasFromBytes(bytes, path, areaOptions);
    io.stdout(describeAreas(areas, format, areaOptions));
    return EXIT.ok;
  },
};

function describeAreas(areas: AreaCollection, format: AreaFormat, given: AreaFileOptions): string {
  const idGuessed = given.idField === undefined;
  const nameGuessed = given.nameField === undefined;
  const extent = collectionExtent({ type: 'FeatureCollection', features: areas.features });
  const leftOut = areas.issues.filter((found) => found.code === 'invalid-geometry' || found.code === 'empty-geometry').length;
  const fields: [string, string][] = [
    ['format', format],
    ['areas', `${areas.features.length}${leftOut > 0 ? ` (${count(leftOut, 'feature')} left out, see issues)` : ''}`],
    ['CRS', `${areas.crs}, ${crsDefinition(areas.crs)?.name ?? 'unknown'}`],
    ['extent', extent ? `${extent.map((value) => formatCoordinate(value, areas.crs)).join(' ')} (min x, min y, max x, max y)` : '(none)'],
    ['id field', `${areas.idField}${idGuessed ? ' (guessed)' : ''}`],
    ['name field', areas.nameField === undefined ? '(none found)' : `${areas.nameField}${nameGuessed ? ' (guessed)' : ''}`],
    ['properties', propertyNames(areas).join(', ') || '(none)'],
    ['issues', issueCount(areas.issues)],
  ];
  return `${areas.source}\n${fieldLines(fields)}${issueLines(areas.issues)}`;
}

function describeLayers(path: string, layers: readonly GeoPackageLayer[]): string {
  const lines = layers.map(
    (layer) =>
      `  ${layer.name}: ${layer.geometryType}, ${count(layer.count, 'feature')}, ${layer.crs ?? 'no CRS'}; fields: ${layer.fields.join(', ') || '(none)'}\n`,
  );
  return `${path}\n${fieldLines([['format', 'GeoPackage']])}  ${count(layers.length, 'vector layer')}${layers.length > 1 ? ' (choose one with --layer or "file.gpkg#layer")' : ''}\n${lines.join('')}`;
}

/** Every property name in order of first appearance, since features need not all carry the same ones. */
function propertyNames(areas: AreaCollection): string[] {
  const names = new Set<string>();
  for (const feature of areas.features) for (const name of Object.keys(feature.properties ?? {})) names.add(name);
  return [...names];
}

const DELIMITER_NAMES: Readonly<Record<string, string>> = { ';': 'semicolon', ',': 'comma', '\t': 'tab', '|': 'pipe' };

function describeTable(table: Table): string {
  const delimiter = table.delimiter === '\t' ? '\\t' : table.delimiter;
  const fields: [string, string][] = [
    ['format', 'CSV'],
    ['delimiter', `"${delimiter}" (${DELIMITER_NAMES[table.delimiter] ?? 'other'})`],
    ['decimal separator', `"${table.decimalSeparator}" (${table.decimalSeparator === ',' ? 'comma' : 'point'})`],
    ...(table.decimalEvidence ? [['decimal evidence', table.decimalEvidence.en] as [string, string]] : []),
    ['rows', String(table.rows.length)],
    ['columns', `${table.columns.length}: ${table.columns.join(', ')}`],
    ['issues', issueCount(table.issues)],
  ];
  return `${table.source}\n${fieldLines(fields)}${issueLines(table.issues)}`;
}

function issueCount(issues: readonly DataIssue[]): string {
  return issues.length === 0 ? 'none' : describeIssueCounts(issues);
}

function issueLines(issues: readonly DataIssue[]): string {
  return issues.map((found) => `  ${formatIssue(found)}\n`).join('');
}
