// `sozialraum index`: a composite index from an indicator table and an index spec or preset, written as CSV, GeoJSON
// or JSON, with a summary of valid areas and class counts on stderr.
import { extname } from 'node:path';
import type { Feature } from 'geojson';
import {
  INDEX_PRESETS,
  SozialraumError,
  message,
  computeIndex,
  computeIndexOnLevel,
  formatGeoJSON,
  decodeText,
  indexPreset,
  joinTable,
  localiseText,
  applyIndexReference,
  formatIndexReference,
  indexCsvChunks as resultCsvChunks,
  indexNoRowFields as noRowFields,
  indexResultFields as resultFields,
  indexReferenceOf,
  referenceFromTable,
  validateIndexSpec,
  type AreaIndexResult,
  type DataIssue,
  type IndexResult,
  type IndexSpec,
  type Language,
  type MissingPolicy,
  type AreaCollection,
  type Table,
} from '@sozialraum/core';
import { EXIT, UsageError, stringOption, type CliIo, type Command, type CommandInput, type OptionValues } from '../command.js';
import { crsOption, loadAreasFile, loadTableFile, readInput, tableFromBytes, writeOutput } from '../files.js';
import { buildLevel, hierarchyOption, prefixOption, type LevelChoice } from '../levels.js';
import { CRS, DECIMAL, HEADER_ROW, LAYER, SHEET, languageOption, tableFileOptions } from '../options.js';
import { count, formatIssue } from '../report.js';

type OutputFormat = 'CSV' | 'GeoJSON' | 'JSON';

const OUTPUT_FORMATS: Readonly<Record<string, OutputFormat>> = { '.csv': 'CSV', '.geojson': 'GeoJSON', '.json': 'JSON' };

export const index: Command = {
  name: 'index',
  summary: 'compute a composite index (z-scores, sub-indices, classes, ranks) from an indicator table',
  description:
    'Reads the indicator table and an index spec (--spec, a JSON file described in docs/index-spec.md) or a preset\n' +
    `(--preset ${Object.keys(INDEX_PRESETS).join(' | ')}),\n` +
    'and computes per row: the oriented, standardised value of every indicator, the sub-index of every domain,\n' +
    'the index, its class and label, the rank (1 = most need)\n' +
    'and flags (invalid: not rated, e.g. under the minimum population; missing: an indicator value is missing).\n' +
    'Every row of the table gets a result; rows that are not rated keep their place with empty values.\n\n' +
    'The output format follows the extension of --out:\n' +
    '  .csv      one row per table row: id,index,class,label,rank,flags, then z_<column> per indicator,\n' +
    "            domain_<id> per domain and notes; numbers with '.' as decimal point, flags joined with '|',\n" +
    '            empty cells where there is no value\n' +
    '  .geojson  the areas of --areas with those fields added to their properties; areas without a table row\n' +
    '            keep their properties and get the flag "missing"\n' +
    '  .json     the whole result: spec, per-area results, indicator statistics, index summary, class bounds\n\n' +
    'With --reference-table, the mean and SD (min and max for min-max) of every indicator over the valid areas of\n' +
    "that table, for example the base year's, replace the current data's, and a re-standardised index uses the base\n" +
    "year's index mean and SD, so that values and standard-deviation classes of different years can be compared.\n\n" +
    'With --level, the index is computed on the level above the areas of the table: --level N takes the first N\n' +
    'characters of each key as the parent key (Berlin PLR: 6 Bezirksregion, 4 Prognoseraum, 2 Bezirk); --level FILE\n' +
    'assigns the areas of --areas to the areas of FILE by geometry. The table is carried up first, as aggregate-up\n' +
    'does: numerators, denominators and the population are summed, rates recomputed from them, indicators without\n' +
    'numerator and denominator carried as means weighted by --weight or left empty with a warning; then the index\n' +
    'is standardised against the areas of that level. A .geojson output holds the parent areas (FILE, or the union\n' +
    'of the --areas of each parent). With --min-count N the counts carried up are protected as aggregate-up\n' +
    'protects them (audited secondary suppression over the children, the level, every --hierarchy level and the\n' +
    'total); rates whose numerator or denominator is withheld are withheld with it.\n\n' +
    'With --reference, the mean and SD (min and max for min-max) of every indicator in a base year replace the\n' +
    "current data's, and a re-standardised index uses the base year's index mean and SD, so that values and\n" +
    "standard-deviation classes of different years can be compared. --reference is either the base year's indicator\n" +
    "table (CSV; --reference-table is the same) or a reference saved as JSON by --save-reference (the spec's reference\n" +
    'format { "fixed": { "<column>": { "mean", "sd" } }, "indexReference": { "mean", "sd" } }; a spec or a .json\n' +
    'result carrying a fixed reference also serves). --save-reference writes the reference of this run: the fixed one\n' +
    "it used, or the one of its own table, so that a base year's run saves the reference for the later years.\n\n" +
    'A summary goes to stderr: areas rated, class counts, notes. A column the spec needs but the table lacks, a cell\n' +
    'that is not a number, a spec that is not valid and an unknown preset stop the run with exit code 2.',
  files: { inputs: ['indicators', 'spec', 'areas', 'level', 'reference', 'reference-table'], outputs: ['out', 'save-reference'] },
  positionals: [],
  options: [
    { name: 'indicators', type: 'string', value: 'CSV', description: 'indicator table, one row per area (required)' },
    { name: 'id-field', type: 'string', value: 'F', description: 'column of the table holding the area key, e.g. PLR_ID (required); keys are text' },
    { name: 'spec', type: 'string', value: 'JSON', description: 'index spec file (see docs/index-spec.md); give --spec or --preset' },
    { name: 'preset', type: 'string', value: 'NAME', description: `a built-in index spec: ${Object.keys(INDEX_PRESETS).join(', ')}` },
    {
      name: 'out',
      type: 'string',
      value: 'FILE',
      description: 'file to write: .csv, .geojson (needs --areas) or .json (required); an existing file is replaced',
    },
    { name: 'areas', type: 'string', value: 'FILE', description: 'areas as GeoJSON or FlatGeobuf, for .geojson output' },
    { name: 'areas-id-field', type: 'string', value: 'F', description: 'property of the areas holding the key (default: the value of --id-field)' },
    CRS,
    LAYER,
    DECIMAL,
    SHEET,
    HEADER_ROW,
    { name: 'lang', type: 'string', value: 'de|en', description: 'language of the class labels and notes (default: de)' },
    {
      name: 'level',
      type: 'string',
      value: 'N|FILE',
      description: 'compute on the level above: a key prefix length, or the parent areas (assigned by geometry, needs --areas)',
    },
    { name: 'level-id-field', type: 'string', value: 'F', description: 'property of the --level file holding its key (default: guessed)' },
    { name: 'weight', type: 'string', value: 'COLUMN', description: 'with --level: weight of indicators without numerator and denominator, e.g. EW' },
    { name: 'missing', type: 'string', value: 'POLICY', description: 'with --level: leave-empty (default) or sum-known, for children without a value' },
    { name: 'min-count', type: 'string', value: 'N', description: 'with --level: withhold counts above 0 and below N, with audited secondary suppression' },
    { name: 'hierarchy', type: 'string', value: 'LIST', description: 'with --min-count: every level published, by key prefix, e.g. 6,4,2 (see aggregate-up)' },
    {
      name: 'reference',
      type: 'string',
      value: 'CSV|JSON',
      description: "fixed reference of a base year, so years can be compared: the base year's indicator table, or a reference saved with --save-reference",
    },
    { name: 'reference-table', type: 'string', value: 'CSV', description: 'the same as --reference with a base-year indicator table' },
    { name: 'save-reference', type: 'string', value: 'JSON', description: "write this run's reference (means and SDs) as JSON, for --reference in later runs" },
  ],
  examples: [
    'index --indicators data-samples/berlin/mss2021_indexindikatoren.csv --id-field PLR_ID --preset mss-2021-status --out status.csv',
    'index --indicators data-samples/berlin/mss2021_kontextindikatoren.csv --id-field PLR_ID --preset mss-2021-kontext --lang en --out kontext.json',
    'index --indicators data-samples/berlin/mss2021_indexindikatoren.csv --id-field PLR_ID --spec my-index.json --areas data-samples/berlin/lor_planungsraeume_2021.geojson --out index.geojson',
    'index --indicators data-samples/berlin/mss2021_indexindikatoren.csv --id-field PLR_ID --preset mss-2021-status --level 2 --weight EW --out bezirke.csv',
    'index --indicators mss2021.csv --id-field PLR_ID --preset mss-2021-status --save-reference base2021.json --out status2021.csv',
    'index --indicators mss2023.csv --id-field PLR_ID --preset mss-2021-status --reference base2021.json --out status2023.csv',
  ],
  async run({ options }: CommandInput, io: CliIo): Promise<number> {
    const indicatorsPath = requiredOption(options, 'indicators');
    const keyColumn = requiredOption(options, 'id-field');
    const output = requiredOption(options, 'out');
    const format = OUTPUT_FORMATS[extname(output).toLowerCase()];
    if (!format) throw new UsageError(`${output}: cannot tell the output format from the extension; use .csv, .geojson or .json`);
    const language = languageOption(stringOption(options, 'lang'));
    const areasPath = stringOption(options, 'areas');
    if (format === 'GeoJSON' && areasPath === undefined) throw new UsageError('--out with .geojson needs --areas, the areas to add the results to');
    if (areasPath === undefined && stringOption(options, 'areas-id-field') !== undefined) throw new UsageError('--areas-id-field needs --areas');
    const crs = crsOption(stringOption(options, 'crs'), '--crs');
    if (areasPath === undefined && crs !== undefined) throw new UsageError('--crs needs --areas');

    const levelText = stringOption(options, 'level');
    const level = levelText === undefined ? undefined : levelOption(levelText, stringOption(options, 'level-id-field'));
    if (level === undefined) {
      for (const name of ['level-id-field', 'weight', 'missing', 'min-count'])
        if (stringOption(options, name) !== undefined) throw new UsageError(`--${name} needs --level`);
    }
    if (level?.parentsPath !== undefined && areasPath === undefined)
      throw new UsageError('--level with a file assigns by geometry and needs --areas, the areas of the table');
    if (level !== undefined && referenceOption(options) !== undefined) {
      throw new UsageError('--reference cannot be combined with --level: the reference must be of the same level; carry it up first with aggregate-up');
    }
    const missing = missingOption(stringOption(options, 'missing'));
    const minCount = minCountOption(stringOption(options, 'min-count'));
    if (stringOption(options, 'hierarchy') !== undefined && minCount === undefined)
      throw new UsageError('--hierarchy needs --min-count: it says which levels the suppression protects together');
    const tableOptions = tableFileOptions(options);

    let spec = await loadSpec(options, io.cwd);
    const warnings: DataIssue[] = [];
    let table = await loadTableFile(indicatorsPath, io.cwd, tableOptions);
    warnings.push(...table.issues);
    spec = await withReference(spec, options, io.cwd, { keyColumn, language, decimal: tableOptions.decimalSeparator, warnings });
    let result: IndexResult;
    let resultKey = keyColumn;
    let levelAreas: AreaCollection | undefined;
    if (level === undefined) {
      result = computeIndex(table, spec, { keyColumn, language });
    } else {
      let children: AreaCollection | undefined;
      if (areasPath !== undefined) {
        children = (
          await loadAreasFile(areasPath, io.cwd, { idField: stringOption(options, 'areas-id-field') ?? keyColumn, crs, layer: stringOption(options, 'layer') })
        ).areas;
        warnings.push(...children.issues);
      }
      const ids = children?.ids ?? tableKeys(table, keyColumn);
      const built = await buildLevel(level, { ids, source: children?.source ?? table.source, ...(children ? { areas: children } : {}) }, io.cwd, {
        dissolve: format === 'GeoJSON',
      });
      warnings.push(...built.issues);
      const weight = stringOption(options, 'weight');
      const hierarchy = hierarchyOption(stringOption(options, 'hierarchy'), ids, children?.source ?? table.source, { choice: level, option: '--level' });
      const protection = minCount === undefined ? {} : { minCount, ...(hierarchy ? { hierarchy } : {}) };
      const onLevel = computeIndexOnLevel(table, built.assignment, spec, {
        keyColumn,
        parentKeyColumn: 'id',
        missing,
        language,
        ...(weight !== undefined ? { weight } : {}),
        ...protection,
      });
      warnings.push(...onLevel.aggregation.issues);
      io.stderr(`level: ${count(ids.length, 'area')} → ${count(built.assignment.parentIds.length, 'area')} by ${built.how}\n`);
      io.stderr(onLevel.aggregation.notes.map((note) => `note: ${note}\n`).join(''));
      result = onLevel.index;
      table = onLevel.table;
      resultKey = 'id';
      levelAreas = built.parents;
    }
    const savePath = stringOption(options, 'save-reference');
    if (savePath !== undefined) {
      await writeOutput(savePath, io.cwd, formatIndexReference(indexReferenceOf(spec, table, { keyColumn: resultKey, language })));
      const of = typeof spec.standardisation.reference === 'object' ? 'the fixed reference this run used' : `the reference of ${indicatorsPath}`;
      io.stderr(`wrote ${savePath}: ${of} (${spec.standardisation.method})\n`);
    }

    let written: string;
    if (format === 'CSV') {
      // In pieces: 2,000 indicators × 542 areas are streamed to the file, not held as one text.
      await writeOutput(output, io.cwd, resultCsvChunks(result));
      written = `${count(result.areas.length, 'row')}, CSV`;
    } else if (format === 'JSON') {
      await writeOutput(output, io.cwd, `${JSON.stringify(result, null, 2)}\n`);
      written = `${count(result.areas.length, 'area')}, JSON`;
    } else {
      const areas = levelAreas
        ? { areas: levelAreas, format: 'GeoJSON' }
        : await loadAreasFile(areasPath!, io.cwd, {
            idField: stringOption(options, 'areas-id-field') ?? keyColumn,
            crs,
            layer: stringOption(options, 'layer'),
          });
      written = await writeIndexGeoJson(result, table, resultKey, areas, { output, cwd: io.cwd, warnings });
    }

    io.stderr(summary(result, language));
    io.stderr(warnings.map((found) => `${formatIssue(found)}\n`).join(''));
    io.stderr(`wrote ${output}: ${written}\n`);
    return warnings.length === 0 ? EXIT.ok : EXIT.issues;
  },
};

/** The spec with the fixed reference of --reference (a saved JSON reference, or a base-year indicator table). */
async function withReference(
  spec: IndexSpec,
  options: OptionValues,
  cwd: string,
  { keyColumn, language, decimal, warnings }: { keyColumn: string; language: Language; decimal: ',' | '.' | undefined; warnings: DataIssue[] },
): Promise<IndexSpec> {
  const referencePath = referenceOption(options);
  if (referencePath === undefined) return spec;
  const bytes = await readInput(referencePath, cwd);
  if (isJsonFile(referencePath, bytes)) return applyIndexReference(spec, parseJson(decodeText(bytes), referencePath), referencePath);
  const reference = await tableFromBytes(bytes, referencePath, decimal ? { decimalSeparator: decimal } : {});
  warnings.push(...reference.issues);
  return referenceFromTable(spec, reference, { keyColumn, language });
}

/** Writes the areas with the results of their row added (areas without a row say so); returns what was written. */
async function writeIndexGeoJson(
  result: IndexResult,
  table: Table,
  resultKey: string,
  { areas, format: areasFormat }: { areas: AreaCollection; format: string },
  { output, cwd, warnings }: { output: string; cwd: string; warnings: DataIssue[] },
): Promise<string> {
  const join = joinTable(areas.ids, table, resultKey);
  warnings.push(...areas.issues, ...join.issues);
  const byId = new Map<string, AreaIndexResult>();
  for (const area of result.areas) if (!byId.has(area.id)) byId.set(area.id, area);
  const features = areas.features.map((feature, position): Feature => {
    // The FlatGeobuf reader numbers features as their `id`; that is the file position, not data.
    const { id: _filePosition, ...withoutId } = feature;
    const kept = areasFormat === 'FlatGeobuf' ? withoutId : feature;
    const area = byId.get(areas.ids[position]!);
    const added = area ? resultFields(area, result.spec) : noRowFields(result.spec, table.source);
    return { ...kept, properties: { ...(feature.properties ?? {}), ...added } };
  });
  await writeOutput(output, cwd, formatGeoJSON({ type: 'FeatureCollection', features }, areas.crs));
  return `${count(features.length, 'area')}, GeoJSON, ${areas.crs}`;
}

/** --min-count as typed: a number of 0 or more. */
function minCountOption(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value.trim());
  if (value.trim() === '' || !Number.isFinite(number) || number < 0) throw new UsageError(`--min-count must be a number of 0 or more, not "${value}"`);
  return number;
}

function requiredOption(options: OptionValues, name: string): string {
  const value = stringOption(options, name);
  if (value === undefined || value === '') throw new UsageError(`--${name} is required`);
  return value;
}

/** --level as a prefix length (digits only) or a file of parent areas. */
function levelOption(value: string, idField: string | undefined): LevelChoice {
  if (/^\s*-?\d+\s*$/.test(value)) return { prefix: prefixOption(value, '--level')! };
  if (idField !== undefined) return { parentsPath: value, parentId: idField };
  return { parentsPath: value };
}

function missingOption(value: string | undefined): MissingPolicy {
  if (value === undefined) return 'leave-empty';
  if (value === 'leave-empty' || value === 'sum-known') return value;
  throw new UsageError(`--missing must be leave-empty or sum-known, not "${value}"`);
}

/** The keys of a table, for a level by key prefix when no areas are given. */
function tableKeys(table: Table, keyColumn: string): string[] {
  if (!table.columns.includes(keyColumn)) return [];
  return [...new Set(table.rows.map((row) => (row[keyColumn] ?? '').trim()).filter((key) => key !== ''))];
}

/** --reference or its alias --reference-table, not both. */
function referenceOption(options: OptionValues): string | undefined {
  const reference = stringOption(options, 'reference');
  const table = stringOption(options, 'reference-table');
  if (reference !== undefined && table !== undefined) throw new UsageError('give --reference or --reference-table, not both');
  return reference ?? table;
}

/** A JSON reference rather than a table: by the extension, else by a first character no CSV header has. */
function isJsonFile(path: string, bytes: Uint8Array): boolean {
  const extension = extname(path).toLowerCase();
  if (extension === '.json') return true;
  if (extension === '.csv' || extension === '.txt') return false;
  return decodeText(bytes.subarray(0, 1024)).trimStart().startsWith('{');
}

export function parseJson(text: string, source: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new SozialraumError('parse-error', message(`is not valid JSON: ${why}`, `ist kein gültiges JSON: ${why}`), { source });
  }
}

/** The spec of --spec (read and validated) or --preset; exactly one of them. */
export async function loadSpec(options: OptionValues, cwd: string): Promise<IndexSpec> {
  const specPath = stringOption(options, 'spec');
  const preset = stringOption(options, 'preset');
  if (specPath !== undefined && preset !== undefined) throw new UsageError('give --spec or --preset, not both');
  if (preset !== undefined) return indexPreset(preset);
  if (specPath === undefined) throw new UsageError(`give --spec <json> or --preset <name>; the presets are ${Object.keys(INDEX_PRESETS).join(', ')}`);
  return validateIndexSpec(parseJson(decodeText(await readInput(specPath, cwd)), specPath), specPath);
}

/** "mss-2021-status: 536 of 542 areas rated; 1 hoch 75, 2 mittel 366, …", one class per line. */
function summary(result: IndexResult, language: Language): string {
  const rated = result.areas.filter((area) => area.class !== null).length;
  const unrated = result.areas.length - rated;
  const lines = [
    `${result.spec.id} (${localiseText(result.spec.title, language)}): ${rated} of ${count(result.areas.length, 'area')} rated` +
      (unrated > 0 ? `, ${unrated} not rated (flagged invalid)` : ''),
    ...result.classes.map((entry) => `  class ${entry.class}${entry.label !== String(entry.class) ? ` ${entry.label}` : ''}: ${count(entry.count, 'area')}`),
    ...(result.notes ?? []).map((note) => `note: ${note}`),
  ];
  return `${lines.join('\n')}\n`;
}
