// `sozialraum aggregate-up`: a table of areas carried up to the level above (Planungsraum → Bezirk), as CSV.
import { extname } from 'node:path';
import type { Feature } from 'geojson';
import {
  SozialraumError,
  aggregateUp,
  withSpecAggregation,
  decodeText,
  message,
  formatGeoJSON,
  tableOfChosenYear,
  validateIndexSpec,
  type AggregateUpOptions,
  type AggregateUpResult,
  type DataIssue,
  type IndexSpec,
  type MissingPolicy,
  type RateColumn,
} from '@sozialraum/core';
import { EXIT, UsageError, listOption, requiredOption, stringOption, type CliIo, type Command, type CommandInput, type OptionValues } from '../command.js';
import { areaFileOptions, loadAreasFile, loadTableFile, readInput, writeCsv, writeOutput } from '../files.js';
import { buildLevel, hierarchyOption, levelChoice } from '../levels.js';
import { CRS, DECIMAL, HEADER_ROW, ID_FIELD, LAYER, SHEET, numberOption as parseNumber, optionalNumber, tableFileOptions } from '../options.js';
import { count, issueLines } from '../report.js';

const MISSING_POLICIES: readonly MissingPolicy[] = ['leave-empty', 'sum-known'];

export const aggregateUpCommand: Command = {
  name: 'aggregate-up',
  summary: 'carry a table of areas up to the level above (e.g. Planungsräume to Bezirke): sums, rates from their parts',
  description:
    'Assigns every area of --areas to one area of the level above, in one of three ways:\n' +
    '  --by-prefix N   the first N characters of an area key are the parent key (Berlin: 6 Bezirksregion,\n' +
    '                  4 Prognoseraum, 2 Bezirk); with --parents, the prefixes must name its areas\n' +
    '  --parents FILE  by geometry: each area goes to the parent covering most of it (exact polygon overlap);\n' +
    '                  areas lying in two or more parents are reported with their shares\n' +
    '  --mapping CSV   a table with the child key in --mapping-child and the parent key in --mapping-parent;\n' +
    '                  children missing or mapped twice are reported\n' +
    'Children without parent and parents without children are reported.\n\n' +
    'Then the table --values is carried up. --counts are summed. --rate S1=alo/ew (or S1=alo/ew*100 for a\n' +
    'percentage) recomputes the rate from the summed numerator and denominator, never as a mean of rates. With\n' +
    '--spec, the indicators with numerator and denominator are rates and the population column is a count;\n' +
    'indicators without parts (and --mean columns) are carried as means weighted by --weight, or left empty with\n' +
    'a warning when there is no --weight. A child without a value (an empty cell, a --missing-values code, no row)\n' +
    'leaves its parent empty (--missing leave-empty, the default) or the parent gets the sum of the known values,\n' +
    'flagged partial (--missing sum-known); either way it is reported.\n\n' +
    'With --min-count N, counts above 0 and below N are withheld in children, parents, every --hierarchy level and\n' +
    'the total (primary suppression), then more values until an audit by linear programming finds no withheld value\n' +
    'that everything published narrows down to a count from 1 to N - 1 (secondary suppression). --hierarchy 6,4,2\n' +
    '(or Bezirksregion=6,Prognoseraum=4,Bezirk=2) declares every level the table is published on, by key prefix:\n' +
    'give the same --hierarchy in every run, so that runs on different levels publish one pattern and the\n' +
    'difference of two runs discloses nothing. Write the protected children with --children-out and publish those,\n' +
    'not the input table. The notes report the withheld values per level against primary suppression alone.\n\n' +
    'The output CSV has the parent key (column --parent-id, default id), children (the number of areas in the\n' +
    'parent), the value columns, flags (column:flag, joined with |) and notes. --parents-out writes the parents as\n' +
    'GeoJSON: the --parents file, or the union of their children when there is none.\n' +
    'Exit code 1 when there are findings (straddling areas, unmatched keys, missing values), 2 on bad input.',
  files: { inputs: ['areas', 'parents', 'mapping', 'values', 'spec'], outputs: ['out', 'children-out', 'parents-out'] },
  positionals: [],
  options: [
    { name: 'areas', type: 'string', value: 'FILE', description: 'the child areas as GeoJSON, FlatGeobuf or Shapefile (.shp, .zip) (required)' },
    ID_FIELD,
    LAYER,
    CRS,
    LAYER,
    DECIMAL,
    SHEET,
    HEADER_ROW,
    {
      name: 'year',
      type: 'string',
      value: 'YYYY',
      description:
        'the year to carry up, for a --values table of several years (a year column such as jahr, or columns such as EW_2019); required for such a table',
    },
    { name: 'year-field', type: 'string', value: 'COLUMN', description: 'column of --values holding the year (default: found by name: jahr, year, …)' },
    { name: 'by-prefix', type: 'string', value: 'N', description: 'parents by the first N characters of the area key' },
    { name: 'parents', type: 'string', value: 'FILE', description: 'the parent areas; alone: assigned by geometry' },
    {
      name: 'parent-id',
      type: 'string',
      value: 'F',
      description: 'property of --parents holding its key (default: guessed); also the key column of the output (default: id)',
    },
    { name: 'mapping', type: 'string', value: 'CSV', description: 'a mapping table from child key to parent key' },
    { name: 'mapping-child', type: 'string', value: 'COLUMN', description: 'column of --mapping with the child key' },
    { name: 'mapping-parent', type: 'string', value: 'COLUMN', description: 'column of --mapping with the parent key' },
    { name: 'values', type: 'string', value: 'CSV', description: 'table of the child areas to carry up (required)' },
    { name: 'key-field', type: 'string', value: 'COLUMN', description: 'column of --values with the area key (default: the id field of the areas)' },
    { name: 'counts', type: 'string', value: 'LIST', description: 'columns of counts to sum, comma-separated', multiple: true },
    { name: 'rate', type: 'string', value: 'S=NUM/DEN', description: 'a rate recomputed from summed counts, e.g. S1=alo/ew*100', multiple: true },
    {
      name: 'spec',
      type: 'string',
      value: 'JSON',
      description: "an index spec: its indicators' numerator/denominator and population column say what to carry up",
    },
    { name: 'mean', type: 'string', value: 'LIST', description: 'columns without parts to carry as means weighted by --weight', multiple: true },
    { name: 'weight', type: 'string', value: 'COLUMN', description: 'weight of --mean columns and of spec indicators without parts, e.g. EW' },
    {
      name: 'missing',
      type: 'string',
      value: 'POLICY',
      description: `what a parent gets when a child has no value: ${MISSING_POLICIES.join(' or ')} (default: leave-empty)`,
    },
    { name: 'missing-values', type: 'string', value: 'LIST', description: 'codes meaning "no value", e.g. -9999 (default: those of --spec)' },
    {
      name: 'min-count',
      type: 'string',
      value: 'N',
      description: 'suppress counts above 0 and below N, with audited secondary suppression across the levels (default: off)',
    },
    {
      name: 'hierarchy',
      type: 'string',
      value: 'LIST',
      description: 'with --min-count: every level published, by key prefix, e.g. 6,4,2 or Bezirksregion=6,Bezirk=2',
    },
    { name: 'out', type: 'string', value: 'CSV', description: 'the parents as CSV (required); an existing file is replaced' },
    { name: 'children-out', type: 'string', value: 'CSV', description: 'the children after disclosure control (with --min-count)' },
    { name: 'parents-out', type: 'string', value: 'GEOJSON', description: 'the parent areas, given or dissolved from their children, as GeoJSON' },
  ],
  examples: [
    'aggregate-up --areas data-samples/berlin/lor_planungsraeume_2021.geojson --id-field PLR_ID --by-prefix 2 --parent-id BEZ --values data-samples/berlin/mss2021_indexindikatoren.csv --counts EW --missing sum-known --out bezirke.csv --parents-out bezirke.geojson',
    'aggregate-up --areas data-samples/berlin/lor_planungsraeume_2021.geojson --id-field PLR_ID --parents data-samples/berlin/lor_bezirksregionen_2021.geojson --parent-id BZR_ID --values plr.csv --counts EW --rate S1=alo/ew*100 --out bzr.csv',
  ],
  async run({ options }: CommandInput, io: CliIo): Promise<number> {
    const areasPath = requiredOption(options, 'areas');
    const valuesPath = requiredOption(options, 'values');
    const output = requiredOption(options, 'out');
    if (extname(output).toLowerCase() !== '.csv') throw new UsageError(`${output}: --out writes CSV; use a .csv file`);
    const childrenOut = stringOption(options, 'children-out');
    const parentsOut = stringOption(options, 'parents-out');
    const minCount = optionalNumber(options, 'min-count', { min: 0 });
    if (childrenOut !== undefined && minCount === undefined)
      throw new UsageError('--children-out needs --min-count: without disclosure control the children are the input table');
    const hierarchyText = stringOption(options, 'hierarchy');
    if (hierarchyText !== undefined && minCount === undefined)
      throw new UsageError('--hierarchy needs --min-count: it says which levels the suppression protects together');
    const missing = missingOption(stringOption(options, 'missing'));
    const tableOptions = tableFileOptions(options);
    const year = yearOption(stringOption(options, 'year'));
    const yearField = stringOption(options, 'year-field');
    const choice = levelChoice(options);
    const rates = listOption(options, 'rate').map(rateOption);
    const missingValues = listOption(options, 'missing-values').map((code) => parseNumber(code, '--missing-values'));
    if (stringOption(options, 'missing-values') !== undefined && missingValues.length === 0)
      throw new UsageError('--missing-values needs at least one number, e.g. --missing-values=-9999');
    if (listOption(options, 'mean').length > 0 && stringOption(options, 'weight') === undefined)
      throw new UsageError('--mean needs --weight, the column each child counts with');

    const { areas: children } = await loadAreasFile(areasPath, io.cwd, areaFileOptions(options));
    const warnings: DataIssue[] = [...children.issues];
    const level = await buildLevel(choice, { ids: children.ids, source: children.source, areas: children }, io.cwd, { dissolve: parentsOut !== undefined });
    warnings.push(...level.issues);
    // A table of several years carries one of them, asked for by name, never the first row per key.
    const table = tableOfChosenYear(await loadTableFile(valuesPath, io.cwd, tableOptions), year, yearField === undefined ? {} : { yearColumn: yearField });
    warnings.push(...table.issues);
    const keyColumn = stringOption(options, 'key-field') ?? children.idField;
    const parentKeyColumn = choice.parentId ?? 'id';
    const hierarchy = hierarchyOption(hierarchyText, children.ids, children.source, { choice, option: '--by-prefix' });

    const explicit: AggregateUpOptions = {
      keyColumn,
      parentKeyColumn,
      counts: listOption(options, 'counts'),
      rates,
      weighted: listOption(options, 'mean').map((column) => ({ column, weight: stringOption(options, 'weight')! })),
      withheld: [],
      missingValues,
      missing,
      ...(minCount !== undefined ? { minCount } : {}),
      ...(hierarchy ? { hierarchy } : {}),
    };
    const spec = await specOption(options, io.cwd);
    const weight = stringOption(options, 'weight');
    const aggregation = spec ? withSpecAggregation(explicit, spec, weight) : explicit;
    if (aggregation.counts!.length + aggregation.rates!.length + aggregation.weighted!.length + aggregation.withheld!.length === 0) {
      throw new UsageError('nothing to carry up: give --counts, --rate, --mean or --spec');
    }
    const result = aggregateUp(table, level.assignment, { ...aggregation, language: 'en' });
    warnings.push(...result.issues);
    if (minCount !== undefined && hierarchy === undefined) {
      result.notes.push(
        'protected over the children, this level and the total only: publish other levels of the same table with --hierarchy naming all of them, in every run, or their differences may disclose small counts',
      );
    }

    await writeOutput(output, io.cwd, parentsCsv(result));
    const written = [`wrote ${output}: ${count(result.rows.length, 'parent area')}, CSV`];
    if (childrenOut !== undefined && result.children) {
      const columns = [keyColumn, ...aggregation.counts!.filter((column, index, all) => all.indexOf(column) === index), 'flags', 'notes'];
      const rows = result.children.map((row) => [
        row.id,
        ...columns.slice(1, -2).map((column) => cell(row.values[column])),
        flagText(row.flags),
        row.notes.join('; '),
      ]);
      await writeOutput(childrenOut, io.cwd, writeCsv(columns, rows));
      written.push(`wrote ${childrenOut}: ${count(rows.length, 'child area')}, CSV`);
    }
    if (parentsOut !== undefined && level.parents) {
      const byId = new Map(result.rows.map((row) => [row.id, row]));
      const features = level.parents.features.map((feature, index): Feature => {
        const row = byId.get(level.parents!.ids[index]!);
        return { ...feature, properties: { ...(feature.properties ?? {}), children: row?.children ?? 0 } };
      });
      await writeOutput(parentsOut, io.cwd, formatGeoJSON({ type: 'FeatureCollection', features }, level.parents.crs));
      written.push(`wrote ${parentsOut}: ${count(features.length, 'parent area')}, GeoJSON, ${level.parents.crs}`);
    }

    io.stderr(summary(result, aggregation.counts!, level.assignment.childIds.length, level.how));
    io.stderr(issueLines(warnings));
    io.stderr(written.map((line) => `${line}\n`).join(''));
    return warnings.length === 0 ? EXIT.ok : EXIT.issues;
  },
};

function yearOption(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{4}$/.test(value.trim())) throw new UsageError(`--year must be a year such as 2022, not "${value}"`);
  return Number(value);
}

function missingOption(value: string | undefined): MissingPolicy {
  if (value === undefined) return 'leave-empty';
  if ((MISSING_POLICIES as readonly string[]).includes(value)) return value as MissingPolicy;
  throw new UsageError(`--missing must be ${MISSING_POLICIES.join(' or ')}, not "${value}"`);
}

/** "S1=alo/ew" or "S1=alo/ew*100" as a rate. */
function rateOption(text: string): RateColumn {
  const match = /^([^=/*]+)=([^=/*]+)\/([^=/*]+?)(?:\*(\d+(?:\.\d+)?))?$/.exec(text);
  if (!match) throw new UsageError(`--rate "${text}" must read RATE=NUMERATOR/DENOMINATOR, optionally followed by *100, e.g. S1=alo/ew*100`);
  const [, column, numerator, denominator, scale] = match;
  return { column: column!.trim(), numerator: numerator!.trim(), denominator: denominator!.trim(), ...(scale !== undefined ? { scale: Number(scale) } : {}) };
}

/** The index spec of --spec, read and validated; undefined without --spec. */
async function specOption(options: OptionValues, cwd: string): Promise<IndexSpec | undefined> {
  const path = stringOption(options, 'spec');
  if (path === undefined) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(decodeText(await readInput(path, cwd)));
  } catch (error) {
    if (error instanceof SozialraumError) throw error;
    const why = error instanceof Error ? error.message : String(error);
    throw new SozialraumError('parse-error', message(`is not valid JSON: ${why}`, `ist kein gültiges JSON: ${why}`), { source: path });
  }
  return validateIndexSpec(json, path);
}

function parentsCsv(result: AggregateUpResult): string {
  const columns = [result.keyColumn, 'children', ...result.columns, 'flags', 'notes'];
  const rows = result.rows.map((row) => [
    row.id,
    row.children,
    ...result.columns.map((column) => cell(row.values[column])),
    flagText(row.flags),
    row.notes.join('; '),
  ]);
  return writeCsv(columns, rows);
}

function cell(value: number | null | undefined): number | null {
  return value === null || value === undefined ? null : value;
}

/** "EW:partial|S1:suppressed". */
function flagText(flags: Readonly<Record<string, readonly string[]>>): string {
  return Object.entries(flags)
    .flatMap(([column, list]) => list.map((flag) => `${column}:${flag}`))
    .join('|');
}

/** "aggregate-up: 542 areas → 12 parents by the first 2 characters of the key", with totals of the counts shown. */
function summary(result: AggregateUpResult, counts: readonly string[], childCount: number, how: string): string {
  const lines = [`aggregate-up: ${count(childCount, 'area')} → ${count(result.rows.length, 'parent')} by ${how}`];
  for (const column of new Set(counts)) {
    // Parents without a value (missing or suppressed) stay out of the total, so that it gives nothing away.
    const shown = result.rows.filter((row) => typeof row.values[column] === 'number');
    if (shown.length === 0) continue;
    const total = shown.reduce((sum, row) => sum + row.values[column]!, 0);
    const over = shown.length === result.rows.length ? '' : ` over ${shown.length} of ${result.rows.length} parents`;
    const partial = shown.some((row) => row.flags[column]?.includes('partial')) ? ' (some parents partial)' : '';
    lines.push(`  ${column}: sum${over} ${total.toLocaleString('en-US', { maximumFractionDigits: 2 })}${partial}`);
  }
  lines.push(...result.notes.map((note) => `note: ${note}`));
  return `${lines.join('\n')}\n`;
}
