// `sozialraum info`: what a file holds, as far as the toolkit reads it, with every issue found on the way.
import {
  SozialraumError,
  collectionExtent,
  crsDefinition,
  describeNames,
  geoFileFormat,
  isGeoPackage,
  listGeoPackageLayers,
  missingReasonText,
  missingSymbols,
  type AreaCollection,
  type AreaFormat,
  type DataIssue,
  type GeoPackageLayer,
  type Table,
} from '@sozialraum/core';
import { EXIT, type CliIo, type Command, type CommandInput } from '../command.js';
import { readShapefile, shapefileLayerNames, type ShapefileLayer } from '@sozialraum/core/shapefile';
import { areaFileOptions, areasFromBytes, layerOfPath, looksLikeTable, readAreasInput, tableFromBytes, type AreaFileOptions } from '../files.js';
import { CRS, DECIMAL, HEADER_ROW, ID_FIELD, LAYER, NAME_FIELD, SHEET, tableFileOptions } from '../options.js';
import { count, describeIssueCounts, fieldLines, formatCoordinate, formatIssue } from '../report.js';

export const info: Command = {
  name: 'info',
  summary: 'describe an areas file (GeoJSON, FlatGeobuf, GeoPackage, Shapefile) or a table (CSV, Excel .xlsx)',
  description:
    'For areas: number of areas, coordinate reference system, extent, id and name field, property names.\n' +
    'For a GeoPackage: its vector layers (name, geometry type, count, CRS, fields), and the areas of the layer\n' +
    'chosen with --layer or "file.gpkg#layer", or of the only layer when it holds polygons.\n' +
    'For a Shapefile (.shp with its .shx, .dbf, .prj, .cpg beside it, or a .zip): also its layers, the fields\n' +
    'with their dBase types, the text encoding and where it came from; a layer that holds no polygons is\n' +
    'described as it is. For a CSV table: delimiter, decimal separator, columns and rows.\n' +
    'For an Excel workbook: the sheet read and the others, the rows found as title lines, header, line of\n' +
    'column codes, data and footnotes (set the header with --header-row, the sheet with --sheet), keys given\n' +
    'back their leading zeros, and the symbols standing for missing values with their meaning.\n' +
    'All list every issue found while reading. A file ending in .csv, .txt, .tsv or .xlsx, an Excel workbook\n' +
    '(told by its bytes), or a file not starting like GeoJSON or FlatGeobuf, is read as a table.',
  files: { inputs: ['file'], outputs: [] },
  positionals: [{ name: 'file', description: 'areas (.geojson, .json, .fgb, .gpkg, .shp, .zip) or table (.csv, .xlsx)' }],
  options: [ID_FIELD, NAME_FIELD, CRS, LAYER, DECIMAL, SHEET, HEADER_ROW],
  examples: [
    'info data-samples/berlin/lor_planungsraeume_2021.geojson',
    'info data-samples/berlin/formats/ortsteile_2014.zip --id-field ORT',
    'info data-samples/berlin/mss2021_kontextindikatoren.csv',
  ],
  async run({ positionals, options }: CommandInput, io: CliIo): Promise<number> {
    const path = positionals[0]!;
    const areaOptions = areaFileOptions(options);
    const tableOptions = tableFileOptions(options);
    const input = await readAreasInput(path, io.cwd);
    if (input instanceof Uint8Array && looksLikeTable(path, input)) {
      const table = await tableFromBytes(input, path, tableOptions);
      io.stdout(describeTable(table));
      return EXIT.ok;
    }
    if (input instanceof Uint8Array && isGeoPackage(input) && (await describeGeoPackage(path, input, areaOptions, io))) return EXIT.ok;
    const shapefile = geoFileFormat(input) === 'Shapefile';
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

/**
 * Lists a GeoPackage's layers and, where one is chosen or the only one holds polygons, its areas; true when that is
 * all there is to say, false when the chosen layer is to be described as areas like any other file.
 */
async function describeGeoPackage(path: string, bytes: Uint8Array, areaOptions: AreaFileOptions, io: CliIo): Promise<boolean> {
  const layers = await listGeoPackageLayers(bytes, { source: path });
  io.stdout(describeLayers(path, layers));
  const chosen = layerOfPath(path, areaOptions.layer);
  // Without a choice the areas are described only for a single layer that can hold polygons, and a layer of
  // another kind (lines in a GEOMETRY column) is said to be no areas rather than failing the listing.
  if (chosen === undefined) {
    if (!(layers.length === 1 && /POLYGON|GEOMETRY|SURFACE/.test(layers[0]!.geometryType))) return true;
    try {
      const { areas, format } = await areasFromBytes(bytes, path, areaOptions);
      io.stdout(describeAreas(areas, format, areaOptions));
    } catch (error) {
      if (!(error instanceof SozialraumError)) throw error;
      io.stdout(`  as areas: ${error.message.startsWith(`${path}: `) ? error.message.slice(path.length + 2) : error.message}\n`);
    }
    return true;
  }
  // A chosen layer of points is listed above; points have no id field or extent to describe as areas.
  const layer = layers.find((candidate) => candidate.name.toLowerCase() === chosen.toLowerCase());
  if (layer && /^(MULTI)?POINT/.test(layer.geometryType)) {
    io.stdout(`  ${layer.name}: points, for aggregate --points\n`);
    return true;
  }
  return false;
}

function describeLayers(path: string, layers: readonly GeoPackageLayer[]): string {
  const lines = layers.map(
    (layer) =>
      `  ${layer.name}: ${layer.geometryType}, ${count(layer.count, 'feature')}, ${layer.crs ?? 'no CRS'}; fields: ${layer.fields.join(', ') || '(none)'}\n`,
  );
  return `${path}\n${fieldLines([['format', 'GeoPackage']])}  ${count(layers.length, 'vector layer')}${layers.length > 1 ? ' (choose one with --layer or "file.gpkg#layer")' : ''}\n${lines.join('')}`;
}

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
    ...(table.layout
      ? workbookFields(table)
      : [['format', 'CSV'] as [string, string], ['delimiter', `"${delimiter}" (${DELIMITER_NAMES[table.delimiter] ?? 'other'})`] as [string, string]]),
    ['decimal separator', `"${table.decimalSeparator}" (${table.decimalSeparator === ',' ? 'comma' : 'point'})`],
    ...(table.decimalEvidence ? [['decimal evidence', table.decimalEvidence.en] as [string, string]] : []),
    ['rows', String(table.rows.length)],
    ['columns', `${table.columns.length}: ${table.columns.join(', ')}`],
    ...missingSymbols(table).map(
      (found) =>
        [
          `missing "${found.symbol}"`,
          `${count(found.count, 'cell')}, ${missingReasonText(found.reason).en} (first: row ${found.row}, column "${found.column}")`,
        ] as [string, string],
    ),
    ...(table.notes ?? []).map((note) => ['note', note.en] as [string, string]),
    ['issues', issueCount(table.issues)],
  ];
  return `${table.source}\n${fieldLines(fields)}${issueLines(table.issues)}`;
}

/** What the reader found in a workbook: which sheet, and which rows it took for what. */
function workbookFields(table: Table): [string, string][] {
  const layout = table.layout!;
  const others = layout.sheets.filter((name) => name !== layout.sheet);
  const lines = (entries: readonly { row: number; text: string }[]) =>
    entries.map((entry) => `row ${entry.row}: ${entry.text.length > 80 ? `${entry.text.slice(0, 79)}…` : entry.text}`);
  return [
    ['format', 'Excel workbook (.xlsx)'],
    ['sheet', `${describeNames([layout.sheet], 1, 'en', true)}${others.length > 0 ? ` (others: ${describeNames(others, 20, 'en', true)})` : ''}`],
    ...lines(layout.titleLines).map((line) => ['title line', line] as [string, string]),
    ['header row', `${layout.headerRow}${layout.headerGiven ? ' (given)' : ' (found)'}`],
    ...(layout.codeRow !== undefined ? [['code row', `${layout.codeRow} (its codes name the columns)`] as [string, string]] : []),
    ['data rows', layout.firstDataRow === undefined ? '(none)' : `${layout.firstDataRow} to ${layout.lastDataRow}`],
    ...lines(layout.footnotes).map((line) => ['footnote', line] as [string, string]),
  ];
}

function issueCount(issues: readonly DataIssue[]): string {
  return issues.length === 0 ? 'none' : describeIssueCounts(issues);
}

function issueLines(issues: readonly DataIssue[]): string {
  return issues.map((found) => `  ${formatIssue(found)}\n`).join('');
}
