// `sozialraum info`: what a file holds, as far as the toolkit reads it, with every issue found on the way.
import { collectionExtent, crsDefinition, decodeText, parseCsv, type AreaCollection, type DataIssue, type Table } from '@sozialraum/core';
import { EXIT, stringOption, type CliIo, type Command, type CommandInput } from '../command.js';
import { areaFileOptions, areasFromBytes, looksLikeTable, readInput, type AreaFileOptions, type AreaFormat } from '../files.js';
import { CRS, DECIMAL, ID_FIELD, NAME_FIELD, decimalOption } from '../options.js';
import { count, describeIssueCounts, fieldLines, formatCoordinate, formatIssue } from '../report.js';

export const info: Command = {
  name: 'info',
  summary: 'describe an areas file (GeoJSON, FlatGeobuf) or a CSV table',
  description:
    'For areas: number of areas, coordinate reference system, extent, id and name field, property names.\n' +
    'For a CSV table: delimiter, decimal separator, columns and rows.\n' +
    'Both list every issue found while reading. A file ending in .csv, .txt or .tsv, or not starting like\n' +
    'GeoJSON or FlatGeobuf, is read as a table.',
  files: { inputs: ['file'], outputs: [] },
  positionals: [{ name: 'file', description: 'areas (.geojson, .json, .fgb) or table (.csv)' }],
  options: [ID_FIELD, NAME_FIELD, CRS, DECIMAL],
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
