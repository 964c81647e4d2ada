// `sozialraum crosswalk`: a table of one boundary version carried onto another, by area or by the residents of a Zensus grid.
import {
  buildCrosswalk,
  carryCsv,
  carryTable,
  checkCarryInput,
  issue,
  message,
  numericColumn,
  type CarriedRate,
  type CarryResult,
  type Crosswalk,
  type DataIssue,
  type Table,
} from '@sozialraum/core';
import { EXIT, UsageError, listOption, stringOption, type CliIo, type Command, type CommandInput, type OptionValues } from '../command.js';
import { crsOption, loadAreasFile, loadGridTable, loadTableFile, writeOutput } from '../files.js';
import { DECIMAL, HEADER_ROW, LAYER, SHEET, numberOption, tableFileOptions } from '../options.js';
import { count, formatIssue } from '../report.js';

/** Outside shares up to this are the slivers of redigitised outlines: summarised, not warned about. */
const OUTSIDE_WARNING = 0.01;

export const crosswalk: Command = {
  name: 'crosswalk',
  summary: 'carry counts and rates from one boundary version to another (time series across boundary changes)',
  description:
    'Intersects the areas of --from (e.g. the Planungsräume before 2021) with those of --to (LOR 2021) and carries\n' +
    'the counts of --values, one row per --from area, onto the --to areas. Each --from area is split in proportion to\n' +
    'the area of its intersections with the --to areas, or, with --grid and --value, to the residents of the grid\n' +
    'cells in each intersection (each cell counts with the exact share of it inside the intersection). The weights of\n' +
    'each --from area are normalised over the --to areas it touches, so no count is lost in the slivers where the two\n' +
    'outlines differ; the share that lay outside every --to area is reported. --from areas touching no --to area lose\n' +
    'their counts, which is reported with the amounts.\n\n' +
    'Only counts can be carried this way. A rate is carried as its numerator and denominator and divided afterwards:\n' +
    '--rate quote=sgb2/ew (or quote=sgb2/ew*100 for a percentage), never averaged. Leave rates and shares out of\n' +
    '--columns: without --columns, every numeric column except the key and the --rate names is carried.\n\n' +
    'Missing cells (empty, "–", and the codes of --missing-values) carry nothing, as if 0, and are reported; a --to\n' +
    'area that receives only missing values has none.\n\n' +
    'The output (CSV to --out, or to stdout) has one row per --to area: id, the carried columns, the rates and\n' +
    "split_share, the share of the area's count (of --split-column, default the first carried column) that came from\n" +
    '--from areas split over more than one --to area, so it is an estimate rather than a count. Numbers have a decimal\n' +
    'point. A summary goes to stderr: totals before and after, shares outside, lost counts, keys without partner.',
  files: { inputs: ['from', 'to', 'values', 'grid'], outputs: ['out'] },
  positionals: [],
  options: [
    DECIMAL,
    SHEET,
    HEADER_ROW,
    { name: 'from', type: 'string', value: 'FILE', description: 'areas the values belong to (GeoJSON or FlatGeobuf; required)' },
    { name: 'from-id', type: 'string', value: 'F', description: 'property of --from holding the key (default: guessed)' },
    { name: 'from-crs', type: 'string', value: 'EPSG:n', description: 'CRS of --from when the file names none' },
    { name: 'to', type: 'string', value: 'FILE', description: 'areas to carry the values onto (GeoJSON or FlatGeobuf; required)' },
    { name: 'to-id', type: 'string', value: 'F', description: 'property of --to holding the key (default: guessed)' },
    { name: 'to-crs', type: 'string', value: 'EPSG:n', description: 'CRS of --to when the file names none' },
    LAYER,
    { name: 'values', type: 'string', value: 'CSV', description: 'table with one row per --from area (required)' },
    { name: 'key-field', type: 'string', value: 'COLUMN', description: 'column of --values holding the --from key (default: the --from id field)' },
    {
      name: 'columns',
      type: 'string',
      value: 'LIST',
      description: 'comma-separated count columns to carry (default: every numeric column but the key and the rates)',
    },
    {
      name: 'rate',
      type: 'string',
      value: 'NAME=NUM/DEN',
      multiple: true,
      description: 'a rate carried as numerator and denominator and divided afterwards; *100 at the end for a percentage; repeatable',
    },
    {
      name: 'missing-values',
      type: 'string',
      value: 'LIST',
      description: 'comma-separated cell values meaning "no value"; write negative codes as --missing-values=-9999',
    },
    { name: 'grid', type: 'string', value: 'CSV', description: 'Zensus grid table of residents (GITTER_ID_100m or x_mp/y_mp): split by residents, not area' },
    { name: 'value', type: 'string', value: 'COLUMN', description: 'column of --grid with the residents, e.g. Einwohner (required with --grid)' },
    { name: 'split-column', type: 'string', value: 'COLUMN', description: 'count whose split share is reported (default: the first carried column)' },
    { name: 'out', type: 'string', value: 'CSV', description: 'file to write; an existing file is replaced (default: stdout)' },
  ],
  examples: [
    'crosswalk --from data-samples/berlin/lor_planungsraeume_2021.geojson --from-id PLR_ID --to data-samples/berlin/lor_planungsraeume_pre2021.geojson --to-id PLR_ID --values data-samples/berlin/mss2021_indexindikatoren.csv --columns EW --out ew_alt.csv',
    'crosswalk --from data-samples/berlin/lor_planungsraeume_2021.geojson --from-id PLR_ID --to data-samples/berlin/lor_planungsraeume_pre2021.geojson --to-id PLR_ID --values data-samples/berlin/mss2021_indexindikatoren.csv --columns EW --grid data-samples/berlin/zensus2011_einwohner_100m.csv --value Einwohner --out ew_alt.csv',
    'crosswalk --from alt.geojson --to neu.geojson --values sgb2.csv --key-field PLR --columns ew --rate sgb2_quote=sgb2/ew*100 --out sgb2_neu.csv',
  ],
  async run({ options }: CommandInput, io: CliIo): Promise<number> {
    const plan = readPlan(options);
    const tableOptions = tableFileOptions(options);
    const decimal = tableOptions.decimalSeparator;
    const { areas: from } = await loadAreasFile(plan.from, io.cwd, {
      idField: stringOption(options, 'from-id'),
      crs: crsOption(stringOption(options, 'from-crs'), '--from-crs'),
      layer: stringOption(options, 'layer'),
    });
    const { areas: to } = await loadAreasFile(plan.to, io.cwd, {
      idField: stringOption(options, 'to-id'),
      crs: crsOption(stringOption(options, 'to-crs'), '--to-crs'),
      layer: stringOption(options, 'layer'),
    });
    const table = await loadTableFile(plan.values, io.cwd, tableOptions);
    const keyColumn = stringOption(options, 'key-field') ?? from.idField;
    const columns = plan.columns ?? numericColumns(table, keyColumn, plan.rates);
    const carry = {
      keyColumn,
      columns,
      rates: plan.rates,
      missingValues: plan.missingValues,
      ...(plan.splitColumn !== undefined ? { splitColumn: plan.splitColumn } : {}),
    };
    // A wrong column or key is refused before the areas are intersected, the longest step of the command.
    checkCarryInput([...new Set(from.ids)], table, carry);
    const population = plan.grid ? await loadGridTable(plan.grid.path, io.cwd, plan.grid.value, decimal) : undefined;
    const issues: DataIssue[] = [...from.issues, ...to.issues, ...table.issues, ...(population?.issues ?? [])];

    let reported = -1;
    const weights = buildCrosswalk(from, to, {
      ...(population ? { population } : {}),
      onProgress: (done, total) => {
        const tenth = Math.floor((done * 10) / total);
        if (tenth === reported) return;
        reported = tenth;
        io.stderr(`crosswalk: ${done} of ${count(total, 'area')} intersected\n`);
      },
    });
    const result = carryTable(weights, table, carry);
    issues.push(...result.issues);
    for (const { source, share } of result.outside) {
      if (share > OUTSIDE_WARNING) {
        issues.push(
          issue(
            'unmatched-keys',
            'warning',
            message(
              `${percent(share)} of it lies outside every area of ${to.source}; its counts went to the rest`,
              `${percent(share, 'de')} davon liegen außerhalb aller Gebiete von ${to.source}; seine Anzahlen gingen an die übrigen`,
            ),
            { source: from.source, key: source },
          ),
        );
      }
    }

    const csv = carryCsv(result);
    if (plan.output === undefined) io.stdout(csv);
    else await writeOutput(plan.output, io.cwd, csv);
    io.stderr(summary(weights, result, from.source, to.source, plan.grid));
    io.stderr(issues.map((found) => `${formatIssue(found)}\n`).join(''));
    if (plan.output !== undefined) io.stderr(`wrote ${plan.output}: ${count(result.areas.length, 'area')}, CSV\n`);
    return issues.length === 0 ? EXIT.ok : EXIT.issues;
  },
};

interface Plan {
  from: string;
  to: string;
  values: string;
  columns: string[] | undefined;
  rates: CarriedRate[];
  missingValues: number[];
  grid: { path: string; value: string } | undefined;
  splitColumn: string | undefined;
  output: string | undefined;
}

/** Every option checked before a file is read, so that a wrong command line costs nothing and names the option. */
function readPlan(options: OptionValues): Plan {
  const required = (name: string) => {
    const value = stringOption(options, name);
    if (value === undefined || value === '') throw new UsageError(`--${name} is required`);
    return value;
  };
  const from = required('from');
  const to = required('to');
  const values = required('values');
  const columnsText = stringOption(options, 'columns');
  const columns = columnsText
    ?.split(',')
    .map((column) => column.trim())
    .filter(Boolean);
  if (columns !== undefined && columns.length === 0) throw new UsageError('--columns needs at least one column name');
  const rates = listOption(options, 'rate').map(rateOption);
  const names = rates.map((rate) => rate.name);
  const twice = names.find((name, index) => names.indexOf(name) !== index || columns?.includes(name));
  if (twice !== undefined) throw new UsageError(`--rate: "${twice}" is named twice; give each rate and column its own name`);
  const missingText = stringOption(options, 'missing-values');
  const missingValues = (missingText ?? '')
    .split(',')
    .map((value) => value.trim())
    .filter(Boolean)
    .map((value) => numberOption(value, '--missing-values'));
  if (missingText !== undefined && missingValues.length === 0) throw new UsageError('--missing-values needs at least one number, e.g. --missing-values=-9999');
  const gridPath = stringOption(options, 'grid');
  const value = stringOption(options, 'value');
  if (gridPath !== undefined && (value === undefined || value === '')) throw new UsageError('--grid needs --value, the column of residents (e.g. Einwohner)');
  if (gridPath === undefined && value !== undefined) throw new UsageError('--value applies to --grid only');
  return {
    from,
    to,
    values,
    columns,
    rates,
    missingValues,
    grid: gridPath === undefined ? undefined : { path: gridPath, value: value! },
    splitColumn: stringOption(options, 'split-column'),
    output: stringOption(options, 'out'),
  };
}

/** "quote=sgb2/ew" or "quote=sgb2/ew*100". */
function rateOption(text: string): CarriedRate {
  const match = /^\s*([^=\s]+)\s*=\s*([^/]+?)\s*\/\s*([^*]+?)\s*(?:\*\s*([\d.]+)\s*)?$/.exec(text);
  const scale = match?.[4] === undefined ? 1 : Number(match[4]);
  if (!match || !(scale > 0)) throw new UsageError(`--rate must read NAME=NUMERATOR/DENOMINATOR, optionally *100, e.g. sgb2_quote=sgb2/ew*100; not "${text}"`);
  return { name: match[1]!, numerator: match[2]!, denominator: match[3]!, ...(scale !== 1 ? { scale } : {}) };
}

/** The columns with numbers in them, but the key, the rate names, and columns where no cell is a number. */
function numericColumns(table: Table, keyColumn: string, rates: readonly CarriedRate[]): string[] {
  const skip = new Set([keyColumn, ...rates.map((rate) => rate.name)]);
  return table.columns.filter((column) => {
    if (skip.has(column)) return false;
    const { values, issues } = numericColumn(table, column);
    return issues.length === 0 && values.some((value) => value !== null);
  });
}

function summary(weights: Crosswalk, result: CarryResult, from: string, to: string, grid: Plan['grid']): string {
  const how = grid ? `by the residents of ${grid.path} (column ${grid.value})` : 'by area';
  const lines = [`${count(weights.sourceIds.length, 'area')} of ${from} onto ${count(weights.targetIds.length, 'area')} of ${to}, split ${how}`];
  for (const [column, total] of Object.entries(result.totals)) {
    const lost = total.lost > 0 ? `, ${formatNumber(total.lost)} lost` : '';
    lines.push(`${column}: ${formatNumber(total.source)} in ${from}, ${formatNumber(total.target)} carried${lost}`);
  }
  const split = result.areas.filter((area) => area.splitShare !== null && area.splitShare > 0).length;
  lines.push(`${count(split, 'area')} of ${to} got part of ${result.splitColumn} from split areas (see split_share)`);
  if (result.outside.length > 0) {
    const largest = result.outside
      .slice(0, 3)
      .map((entry) => `"${entry.source}" ${percent(entry.share)}`)
      .join(', ');
    lines.push(
      `${count(result.outside.length, 'area')} of ${from} lie partly outside every area of ${to} (largest: ${largest}); their counts went to the rest`,
    );
  }
  if (weights.areaFallback.length > 0) {
    lines.push(`${count(weights.areaFallback.length, 'area')} of ${from} have no residents on the grid and were split by area`);
  }
  return lines.map((line) => `${line}\n`).join('');
}

function percent(share: number, language: 'en' | 'de' = 'en'): string {
  return `${(share * 100).toLocaleString(language === 'de' ? 'de-DE' : 'en-US', { maximumSignificantDigits: 2 })} %`;
}

function formatNumber(value: number): string {
  return value.toLocaleString('en-US', { maximumFractionDigits: 1 });
}
