// `sozialraum info`: what a file holds, as far as the toolkit reads it, with every issue found on the way.
import { collectionExtent, crsDefinition, decodeText, parseCsv, type AreaCollection, type DataIssue, type Table } from '@sozialraum/core';
import { EXIT, stringOption, type CliIo, type Command, type CommandInput } from '../command.js';
import { readShapefile, shapefileLayerNames, type ShapefileLayer } from '@sozialraum/core/shapefile';
import { areaFileOptions, areaFormat, areasFromBytes, looksLikeTable, readAreasInput, type AreaFileOptions, type AreaFormat } from '../files.js';
import { CRS, DECIMAL, ID_FIELD, LAYER, NAME_FIELD, decimalOption } from '../options.js';
import { count, describeIssueCounts, fieldLines, formatCoordinate, formatIssue } from '../report.js';

export const info: Command = {
  name: 'info',
  summary: 'describe an areas file (GeoJSON, FlatGeobuf, Shapefile) or a CSV table',
  description:
    'For areas: number of areas, coordinate reference system, extent, id and name field, property names.\n' +
    'For a Shapefile (.shp with its .shx, .dbf, .prj, .cpg beside it, or a .zip): also its layers, the fields\n' +
    'with their dBase types, the text encoding and where it came from; a layer that holds no polygons is\n' +
    'described as it is. For a CSV table: delimiter, decimal separator, columns and rows.\n' +
    'Both list every issue found while reading. A file ending in .csv, .txt or .tsv, or not starting like\n' +
    'GeoJSON or FlatGeobuf, is read as a table.',
  files: { inputs: ['file'], outputs: [] },
  positionals: [{ name: 'file', description: 'areas (.geojson, .json, .fgb, .shp, .zip) or table (.csv)' }],
  options: [ID_FIELD, NAME_FIELD, CRS, LAYER, DECIMAL],
  examples: [
    'info data-samples/berlin/lor_planungsraeume_2021.geojson',
    'info data-samples/berlin/formats/ortsteile_2014.zip --id-field ORT',
    'info data-samples/berlin/mss2021_kontextindikatoren.csv',
  ],
  async run({ positionals, options }: CommandInput, io: CliIo): Promise<number> {
    const path = positionals[0]!;
    const areaOptions = areaFileOptions(options);
    const decimalSeparator = decimalOption(stringOption(options, 'decimal'));
    const input = await readAreasInput(path, io.cwd);
    if (input instanceof Uint8Array && looksLikeTable(path, input)) {
      const table = parseCsv(decodeText(input), { source: path, ...(decimalSeparator ? { decimalSeparator } : {}) });
      io.stdout(describeTable(table));
      return EXIT.ok;
    }
    const shapefile = areaFormat(input) === 'Shapefile';
    const layers = shapefile && areaOptions.layer === undefined ? shapefileLayerNames(input, path) : [];
    if (layers.length > 1) {
      // Several layers and none chosen: each is described, so that the user can choose one with --layer.
      const parts = layers.map((name) => fieldLines(shapefileFields(readShapefile(input, { source: path, layer: name }))));
      io.stdout(`${path}: ${layers.length} layers; choose one with --layer to read it as areas\n${parts.join('\n')}`);
      return EXIT.ok;
    }
    const layer = shapefile ? readShapefile(input, { source: path, layer: areaOptions.layer }) : undefined;
    if (layer && !/^Polygon/.test(layer.shapeType)) {
      io.stdout(`${path}\n${fieldLines(shapefileFields(layer))}${issueLines(layer.issues)}`);
      return EXIT.ok;
    }
    const { areas, format } = await areasFromBytes(input, path, areaOptions);
    io.stdout(describeAreas(areas, format, areaOptions, layer));
    return EXIT.ok;
  },
};

/** What a Shapefile is beyond its areas: layers, shape type, fields with their dBase types, encoding, CRS. */
function shapefileFields(layer: ShapefileLayer): [string, string][] {
  const encoding = { cpg: 'named by the .cpg', 'language byte': "named by the .dbf's language byte", guess: 'neither .cpg nor language byte; by its bytes' };
  return [
    ['format', 'Shapefile'],
    ['layers', `${layer.layers.join(', ')}${layer.layers.length > 1 ? ` (this is ${layer.name})` : ''}`],
    ['shape type', layer.shapeType],
    ['features', String(layer.collection.features.length)],
    ['CRS', layer.crs === undefined ? 'none named (no .prj)' : `${layer.crs}, ${crsDefinition(layer.crs)?.name ?? 'unknown'} (from the .prj)`],
    ['fields', layer.fields.map((field) => `${field.name} (${field.type}${field.length}${field.decimals > 0 ? `.${field.decimals}` : ''})`).join(', ')],
    ['encoding', `${layer.encoding.label} (${encoding[layer.encoding.from]})`],
  ];
}

function describeAreas(areas: AreaCollection, format: AreaFormat, given: AreaFileOptions, layer?: ShapefileLayer): string {
  const idGuessed = given.idField === undefined;
  const nameGuessed = given.nameField === undefined;
  const extent = collectionExtent({ type: 'FeatureCollection', features: areas.features });
  const leftOut = areas.issues.filter((found) => found.code === 'invalid-geometry' || found.code === 'empty-geometry').length;
  const fields: [string, string][] = [
    ...(layer ? shapefileFields(layer).filter(([name]) => name !== 'features' && name !== 'CRS') : [['format', format] as [string, string]]),
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
