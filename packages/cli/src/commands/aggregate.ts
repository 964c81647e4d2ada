// `sozialraum aggregate`: a Zensus grid, a GeoTIFF band or points onto areas, with disclosure control, as CSV.
import { appendFile } from 'node:fs/promises';
import { extname, resolve } from 'node:path';
import {
  COVERAGE_METHODS,
  DEFAULT_PERTURBATION,
  SozialraumError,
  message,
  aggregateCsv,
  aggregatePoints,
  aggregateTable,
  decodeText,
  describeLocation,
  isLedger,
  ledgerAreas,
  ledgerLines,
  parseLedger,
  perturbationForMinCount,
  protectAggregation,
  protectPointAggregation,
  pointColumns,
  sameGrid,
  zonalStatistics,
  coverageIssues,
  type AreaCollection,
  type CoverageMethod,
  type CoverageWeights,
  type DataIssue,
  type DisclosureResult,
  type DisclosureRow,
  type Grid,
  type LedgerEntry,
  type PerturbationTable,
  type PointAggregation,
  type PointExample,
  type ProtectedAggregation,
  type RasterBand,
  type ZonalStatistic,
} from '@sozialraum/core';
import { EXIT, UsageError, stringOption, type CliIo, type Command, type CommandInput, type OptionValues } from '../command.js';
import { OutputError, areaFileOptions, crsOption, loadAreasFile, readInput, writeOutput } from '../files.js';
import {
  CRS,
  DECIMAL,
  HEADER_ROW,
  ID_FIELD,
  LAYER,
  SHEET,
  numberOption as parseNumber,
  tableFileOptions,
  type NumberRule,
  type TableFileOptions,
} from '../options.js';
import { loadPointsFile } from '../points.js';
import { count, formatCoordinate, formatIssue } from '../report.js';
import { gridRecordKeys, pointRecordKeys, readSecret } from '../secret.js';
import { POSITIONS_PER_THREAD, WeightsThreads } from './aggregate-threads.js';
import { parseLayer, readScreenedLayer as readScreened, type Layer, type LayerRequest, type ScreenedLayer } from './aggregate-layer.js';

/** The statistics by the names the output columns carry. */
const STATISTICS: Readonly<Record<string, ZonalStatistic>> = {
  sum: 'sum',
  mean: 'mean',
  count: 'count',
  min: 'min',
  max: 'max',
  coverage: 'coverage',
  weighted_mean: 'weightedMean',
};
/** For a layer of counts: the statistics that are counts themselves, and those computed from the sum. */
const GRID_COUNTS = ['sum', 'min', 'max'];

export const aggregate: Command = {
  name: 'aggregate',
  summary: 'put a Zensus grid, a raster or points onto areas: sums, means, counts per area, with disclosure control',
  description:
    'Give the areas and one input:\n' +
    '  --grid     a Zensus grid table (GITTER_ID_100m or _1km, x_mp/y_mp cell centres, EPSG:3035) and --value,\n' +
    '             the column to aggregate; cells the table does not list count as 0, suppressed cells as no data\n' +
    '  --raster   a GeoTIFF or Cloud Optimized GeoTIFF band\n' +
    '  --points   points as GeoJSON, FlatGeobuf, GeoPackage, Shapefile, or a CSV or Excel table with coordinate\n' +
    '             columns (x/y, lon/lat, rechtswert/hochwert, …)\n' +
    'Grids and rasters are weighed exactly: each cell counts with the share of it that lies in the area (--method\n' +
    'exact), or whole where its centre lies in the area (centre), or whole wherever the area touches it (touched).\n' +
    "The areas are reprojected into the grid's CRS. Points are reprojected into the areas' CRS and counted in the\n" +
    'area that holds them; points in no area are counted and reported.\n\n' +
    'The output (CSV to --out, or to stdout) has one row per area: id, one column per statistic (sum, mean, count,\n' +
    'min, max, coverage, weighted_mean; for points count, sum with --sum, count_<category> with --category), flags\n' +
    "(suppressed, perturbed, estimated, small-population, near-duplicate-suppressed, joined with '|') and notes.\n\n" +
    'Disclosure control is applied before anything is written. Counts above 0 and below --min-count (default 3) are\n' +
    'suppressed (0 is shown: it reveals nobody); the mean goes with a suppressed sum; a category count that the\n' +
    'total would give away goes with the other; areas under --min-population are withheld; sums of a Zensus grid\n' +
    'are flagged as estimates unless it is --confidential (use --estimated for rasters of perturbed counts). On\n' +
    'grids and rasters, an area that differs from another area, or from an area of --reference (the published\n' +
    'areas), by at most 2 cells, or by fewer than --min-count persons, is withheld, so that the difference of two\n' +
    'results does not reveal a suppressed count (points are not checked for this). The guard counts persons, not\n' +
    'cells: padding a difference with empty cells does not let it through. --counts names the columns that count\n' +
    'persons; for facilities such as Kitas, whose numbers count no persons, use --counts none.\n\n' +
    "A published grid (the Zensus as released) is public input; the office's own counts per cell are confidential:\n" +
    "say so with --confidential, and every row's notes say which it was. With --secret (a file of at least 16\n" +
    'bytes the office keeps) confidential counts are perturbed by the cell-key method: each cell with people, or\n' +
    "each point (a record), gets a record key from the secret, an area's key is the sum of its records' keys mod 1\n" +
    '(a category count has the key of its own records; --sum is refused with --secret), and the\n' +
    `noise comes from a perturbation table with maximum deviation --ck-max-deviation (D, default ${DEFAULT_PERTURBATION.maxDeviation}) and variance\n` +
    `--ck-variance (V, default ${DEFAULT_PERTURBATION.variance}); no count of 1 … min-count − 1 is published. --reference may name a ledger\n` +
    '(.ndjson): the areas published before are read from it, and the areas this run publishes are appended.\n\n' +
    'Progress goes to stderr, with a summary: totals, what was withheld, points outside the areas, issues.\n' +
    'Input that cannot be used ends with exit code 2 and a message naming the file and the problem.',
  files: { inputs: ['areas', 'grid', 'raster', 'points', 'weight', 'reference', 'secret'], outputs: ['out'] },
  positionals: [],
  options: [
    { name: 'areas', type: 'string', value: 'FILE', description: 'areas as GeoJSON, FlatGeobuf or Shapefile (.shp, .zip) (required)' },
    ID_FIELD,
    LAYER,
    CRS,
    LAYER,
    DECIMAL,
    SHEET,
    HEADER_ROW,
    { name: 'grid', type: 'string', value: 'CSV', description: 'Zensus grid table (GITTER_ID_100m / GITTER_ID_1km or x_mp/y_mp, semicolons)' },
    { name: 'value', type: 'string', value: 'COLUMN', description: 'column of --grid to aggregate, e.g. Einwohner (required with --grid)' },
    { name: 'raster', type: 'string', value: 'TIF', description: 'GeoTIFF or Cloud Optimized GeoTIFF' },
    { name: 'band', type: 'string', value: 'N', description: 'band of --raster, counting from 1 (default: 1)' },
    {
      name: 'points',
      type: 'string',
      value: 'FILE',
      description: 'points as GeoJSON, FlatGeobuf, GeoPackage, Shapefile (.shp, .zip) or CSV with coordinate columns',
    },
    { name: 'sum', type: 'string', value: 'PROPERTY', description: 'property of --points to add up per area, e.g. plaetze' },
    { name: 'category', type: 'string', value: 'PROPERTY', description: 'property of --points to split the counts by (columns count_<category>)' },
    {
      name: 'points-crs',
      type: 'string',
      value: 'EPSG:n',
      description: 'CRS of --points when the file names none (CSV with projected coordinates); longitude/latitude is read without it',
    },
    { name: 'coordinates', type: 'string', value: 'X,Y', description: 'coordinate columns of a CSV --points file (default: found by name)' },
    { name: 'method', type: 'string', value: 'M', description: `how cells count for an area: ${COVERAGE_METHODS.join(', ')} (default: exact)` },
    {
      name: 'stats',
      type: 'string',
      value: 'LIST',
      description: `statistics for --grid and --raster, comma-separated: ${Object.keys(STATISTICS).join(', ')} (default: sum)`,
    },
    {
      name: 'weight',
      type: 'string',
      value: 'FILE',
      description: 'a second layer (GeoTIFF, or Zensus grid CSV with --weight-value) for weighted_mean, on the same cells',
    },
    { name: 'weight-value', type: 'string', value: 'COLUMN', description: 'column of a --weight grid table' },
    {
      name: 'min-count',
      type: 'string',
      value: 'N',
      description: 'smallest count shown; counts above 0 and below it are suppressed (default: 3; 0 turns suppression off)',
    },
    {
      name: 'counts',
      type: 'string',
      value: 'LIST',
      description:
        'output columns that count persons and are suppressed (default: sum,min,max for grids and rasters; count, sum and count_<category> for points); none for no suppression',
    },
    {
      name: 'min-population',
      type: 'string',
      value: 'N',
      description: 'withhold areas with fewer persons than this: the sum of a grid or raster of residents, the count of points',
    },
    { name: 'estimated', type: 'boolean', description: 'flag the values as estimates (always for a public --grid: Zensus counts are perturbed or estimated)' },
    {
      name: 'reference',
      type: 'string',
      value: 'FILE',
      description: "published areas: GeoJSON or FlatGeobuf (read), or a ledger .ndjson (read, and this run's published areas appended; created when missing)",
    },
    { name: 'confidential', type: 'boolean', description: "the input is the office's own confidential data, not a published grid; said in every row's notes" },
    {
      name: 'secret',
      type: 'string',
      value: 'FILE',
      description: "the office's secret for cell-key perturbation of confidential counts (needs --confidential)",
    },
    {
      name: 'ck-max-deviation',
      type: 'string',
      value: 'D',
      description: `cell-key method: the largest noise, a whole number (default ${DEFAULT_PERTURBATION.maxDeviation})`,
    },
    {
      name: 'ck-variance',
      type: 'string',
      value: 'V',
      description: `cell-key method: the variance of the noise, above 0 and below D² (default ${DEFAULT_PERTURBATION.variance})`,
    },
    { name: 'reference-id-field', type: 'string', value: 'F', description: 'property of --reference holding the key (default: the value of --id-field)' },
    { name: 'out', type: 'string', value: 'CSV', description: 'file to write; an existing file is replaced (default: stdout)' },
    {
      name: 'threads',
      type: 'string',
      value: 'N',
      description: `worker threads that weigh the areas on --grid and --raster (default: from ${(2 * POSITIONS_PER_THREAD).toLocaleString('en')} vertices, one per ${POSITIONS_PER_THREAD.toLocaleString('en')}, no more than the cores, up to 4; 1: none); the result is the same`,
    },
  ],
  examples: [
    'aggregate --areas data-samples/berlin/lor_planungsraeume_2021.geojson --id-field PLR_ID --grid data-samples/berlin/zensus2011_einwohner_100m.csv --value Einwohner --stats sum,coverage --out einwohner.csv',
    'aggregate --areas data-samples/berlin/lor_planungsraeume_2021.fgb --id-field PLR_ID --raster data-samples/berlin/zensus2011_einwohner_100m.tif --method centre --min-population 300 --out einwohner.csv',
    'aggregate --areas data-samples/berlin/lor_planungsraeume_2021.geojson --id-field PLR_ID --points data-samples/berlin/facilities/kitas.geojson --sum plaetze --category traeger_art --counts none --out kitas.csv',
  ],
  async run({ options }: CommandInput, io: CliIo): Promise<number> {
    const plan = readPlan(options);
    // The secret and the ledger are checked before anything else is read, so that a bad one costs nothing and writes nothing.
    const secret = plan.secretPath === undefined ? undefined : await readSecret(plan.secretPath, io.cwd);
    const ledger = await readLedger(options, io.cwd);
    // The grid or raster is read and screened while the areas load, in a thread of its own when it is large; a
    // failure of it is reported after the areas', as when they were read one after the other.
    const reading = new AbortController();
    const early = plan.input.kind === 'points' ? undefined : readScreenedLayer(plan.input, plan, io.cwd, reading.signal);
    early?.catch(() => undefined);
    const { areas } = await loadAreasFile(plan.areasPath, io.cwd, areaFileOptions(options)).catch(async (error: unknown) => {
      // Their failure is the one reported; a large layer's thread must not keep reading and hold the process, and
      // is ended before the command returns.
      reading.abort();
      await early?.catch(() => undefined);
      throw error;
    });
    const issues: DataIssue[] = [...areas.issues];
    const summary: string[] = [];
    // Started before the grid is read, so that the threads load while it is.
    const threads = plan.input.kind === 'points' ? undefined : new WeightsThreads(areas, plan.threads);
    let table: OutputTable;
    try {
      table =
        plan.input.kind === 'points'
          ? await aggregatePointsFile(plan, plan.input, areas, io, issues, summary, secret)
          : await aggregateRaster(plan, plan.input, areas, options, io, issues, summary, { secret, ledger, threads: threads!, layer: early! });
    } finally {
      await threads?.close();
    }

    const csv = aggregateCsv(
      aggregateTable(
        table,
        table.columns.map((column) => ({ statistic: column, label: column })),
        'id',
      ),
    );
    if (plan.output === undefined) io.stdout(csv);
    else await writeOutput(plan.output, io.cwd, csv);
    if (ledger) await appendLedger(ledger, areas, table, io.cwd, summary);
    io.stderr(summary.map((line) => `${line}\n`).join(''));
    io.stderr(issues.map((found) => `${formatIssue(found)}\n`).join(''));
    if (plan.output !== undefined) io.stderr(`wrote ${plan.output}: ${count(table.rows.length, 'area')}, CSV\n`);
    return issues.length === 0 ? EXIT.ok : EXIT.issues;
  },
};

// ---------------------------------------------------------------------------------------------------------------
// Options

type Input =
  | { kind: 'grid'; path: string; value: string }
  | { kind: 'raster'; path: string; band: number }
  | { kind: 'points'; path: string; sum: string | undefined; category: string | undefined; crs: string | undefined; coordinates: [string, string] | undefined };

interface Plan {
  areasPath: string;
  input: Input;
  output: string | undefined;
  minCount: number;
  /** undefined: the default for the input; [] for none. */
  counts: string[] | undefined;
  minPopulation: number | undefined;
  estimated: boolean;
  /** --decimal, for the grid table, the weight table and a points table alike. */
  decimal: ',' | '.' | undefined;
  /** --decimal, --sheet and --header-row, for a points table. */
  table: TableFileOptions;
  /** --layer, for GeoPackage areas and points alike. */
  layer: string | undefined;
  confidential: boolean;
  secretPath: string | undefined;
  /** The cell-key table, built from D and V before any file is read. */
  perturbation: PerturbationTable | undefined;
  /** Worker threads for the coverage weights, 1 for none; undefined for as many as pay off. */
  threads: number | undefined;
}

/** Every option checked before a file is read, so that a wrong command line costs nothing and names the option. */
function readPlan(options: OptionValues): Plan {
  const areasPath = stringOption(options, 'areas');
  if (areasPath === undefined || areasPath === '') throw new UsageError('--areas is required');
  const given = (['grid', 'raster', 'points'] as const).filter((name) => stringOption(options, name) !== undefined);
  if (given.length !== 1) {
    throw new UsageError(
      given.length === 0
        ? 'give what to aggregate: --grid <csv> --value <column>, --raster <tif> or --points <file>'
        : `give one of ${given.map((name) => `--${name}`).join(' and ')}, not both`,
    );
  }
  const kind = given[0]!;
  const only = (names: string[], where: string) => {
    for (const name of names) if (options[name] !== undefined) throw new UsageError(`--${name} applies to ${where} only`);
  };
  if (kind !== 'grid') only(['value'], '--grid');
  if (kind !== 'raster') only(['band'], '--raster');
  if (kind !== 'points') only(['sum', 'category', 'points-crs', 'coordinates'], '--points');
  if (kind === 'points') only(['method', 'stats', 'weight', 'weight-value', 'reference', 'reference-id-field', 'estimated', 'threads'], '--grid and --raster');
  const threads = options['threads'] === undefined ? undefined : numberOption(options, 'threads', 1);
  if (threads !== undefined && (!Number.isInteger(threads) || threads < 1))
    throw new UsageError(`--threads must be a whole number from 1, not "${stringOption(options, 'threads')}"`);
  if (kind === 'points' && options['secret'] !== undefined && options['sum'] !== undefined) {
    throw new UsageError(
      '--secret perturbs counts of records (points, cases); --sum adds up a value, a magnitude that the cell-key method for counts does not protect: run the counts with --secret and the sum without it, or leave the sum out',
    );
  }
  if (options['secret'] !== undefined && options['confidential'] !== true) {
    throw new UsageError('--secret needs --confidential: only confidential counts are perturbed; a published grid is public already');
  }
  for (const name of ['ck-max-deviation', 'ck-variance'])
    if (options[name] !== undefined && options['secret'] === undefined) throw new UsageError(`--${name} needs --secret`);
  if (options['weight-value'] !== undefined && options['weight'] === undefined) throw new UsageError('--weight-value needs --weight');
  if (options['reference-id-field'] !== undefined && options['reference'] === undefined) throw new UsageError('--reference-id-field needs --reference');

  const path = stringOption(options, kind)!;
  let input: Input;
  if (kind === 'grid') {
    const value = stringOption(options, 'value');
    if (value === undefined || value === '') throw new UsageError('--grid needs --value, the column to aggregate (e.g. Einwohner)');
    input = { kind, path, value };
  } else if (kind === 'raster') {
    const band = numberOption(options, 'band', 1);
    if (!Number.isInteger(band) || band < 1) throw new UsageError(`--band must be a whole number from 1, not "${stringOption(options, 'band')}"`);
    input = { kind, path, band };
  } else {
    const coordinates = stringOption(options, 'coordinates');
    const columns = coordinates?.split(',').map((column) => column.trim());
    if (columns !== undefined && (columns.length !== 2 || columns.some((column) => column === ''))) {
      throw new UsageError(`--coordinates must name two columns, x and y, as "x,y"; not "${coordinates}"`);
    }
    input = {
      kind,
      path,
      sum: stringOption(options, 'sum'),
      category: stringOption(options, 'category'),
      crs: crsOption(stringOption(options, 'points-crs'), '--points-crs'),
      coordinates: columns as [string, string] | undefined,
    };
  }
  const method = stringOption(options, 'method');
  if (method !== undefined && !(COVERAGE_METHODS as readonly string[]).includes(method))
    throw new UsageError(`--method must be ${COVERAGE_METHODS.join(', ')}; not "${method}"`);
  const minCount = numberOption(options, 'min-count', 3, { min: 0 });
  if (!(minCount >= 0)) throw new UsageError(`--min-count must be a number of 0 or more, not "${stringOption(options, 'min-count')}"`);
  const minPopulationText = stringOption(options, 'min-population');
  const minPopulation = minPopulationText === undefined ? undefined : numberOption(options, 'min-population', 0, { min: 0 });
  if (minPopulation !== undefined && !(minPopulation >= 0)) throw new UsageError(`--min-population must be a number of 0 or more, not "${minPopulationText}"`);
  const countsText = stringOption(options, 'counts');
  const counts =
    countsText === undefined
      ? undefined
      : countsText.trim() === 'none'
        ? []
        : countsText
            .split(',')
            .map((column) => column.trim())
            .filter(Boolean);
  if (counts !== undefined && counts.length === 0 && countsText!.trim() !== 'none') throw new UsageError('--counts needs column names, or none');
  const secretPath = stringOption(options, 'secret');
  if (secretPath === '') throw new UsageError("--secret needs the file that holds the office's secret");
  // Perturbed counts never lie in 1 … min-count − 1: the table's threshold.
  const perturbation =
    secretPath === undefined
      ? undefined
      : perturbationForMinCount(minCount, {
          maxDeviation: numberOption(options, 'ck-max-deviation', DEFAULT_PERTURBATION.maxDeviation),
          variance: numberOption(options, 'ck-variance', DEFAULT_PERTURBATION.variance),
        });
  const table = tableFileOptions(options);
  return {
    areasPath,
    input,
    output: stringOption(options, 'out'),
    minCount,
    counts,
    minPopulation,
    // A Zensus grid as published is perturbed or estimated; a grid declared confidential is the office's own
    // register counts, exact until perturbed here (then flagged 'perturbed').
    estimated: options['estimated'] === true || (kind === 'grid' && options['confidential'] !== true),
    decimal: table.decimalSeparator,
    table,
    layer: stringOption(options, 'layer'),
    confidential: options['confidential'] === true,
    secretPath,
    perturbation,
    threads,
  };
}

/** A number option, or the fallback when it is not given; text that is no finite number is refused here. */
function numberOption(options: OptionValues, name: string, fallback: number, rule: NumberRule = {}): number {
  const text = stringOption(options, name);
  return text === undefined ? fallback : parseNumber(text, `--${name}`, rule);
}

function statisticsOption(options: OptionValues, weighted: boolean): string[] {
  const text = stringOption(options, 'stats');
  const names =
    text === undefined
      ? ['sum']
      : text
          .split(',')
          .map((name) => name.trim())
          .filter(Boolean);
  if (names.length === 0) throw new UsageError(`--stats needs at least one of ${Object.keys(STATISTICS).join(', ')}`);
  for (const name of names) {
    if (!(name in STATISTICS)) throw new UsageError(`--stats: unknown statistic "${name}"; choose from ${Object.keys(STATISTICS).join(', ')}`);
  }
  if (names.includes('weighted_mean') && !weighted) throw new UsageError('--stats weighted_mean needs --weight, the layer to weigh by');
  if (weighted && !names.includes('weighted_mean')) names.push('weighted_mean');
  return [...new Set(names)];
}

/** The count columns asked for, checked against the columns there are; `*` at the end matches a prefix. */
function countColumns(plan: Plan, defaults: string[], columns: readonly string[]): string[] {
  if (plan.counts === undefined) return defaults.filter((column) => columns.includes(column));
  const chosen: string[] = [];
  for (const name of plan.counts) {
    const matches = name.endsWith('*') ? columns.filter((column) => column.startsWith(name.slice(0, -1))) : columns.filter((column) => column === name);
    if (matches.length === 0 && !name.endsWith('*')) throw new UsageError(`--counts: no output column "${name}"; the columns are ${columns.join(', ')}`);
    chosen.push(...matches);
  }
  return [...new Set(chosen)];
}

// ---------------------------------------------------------------------------------------------------------------
// Grids and rasters

async function aggregateRaster(
  plan: Plan,
  input: Extract<Input, { kind: 'grid' | 'raster' }>,
  areas: AreaCollection,
  options: OptionValues,
  io: CliIo,
  issues: DataIssue[],
  summary: string[],
  protection: { secret: Uint8Array | undefined; ledger: Ledger | undefined; threads: WeightsThreads; layer: Promise<ScreenedLayer> },
): Promise<OutputTable> {
  const weightPath = stringOption(options, 'weight');
  const columns = statisticsOption(options, weightPath !== undefined);
  const method = (stringOption(options, 'method') ?? 'exact') as CoverageMethod;
  const { layer, screening } = await protection.layer;
  issues.push(...layer.issues, ...screening);
  let weight: RasterBand | undefined;
  if (weightPath !== undefined) {
    const weightValue = stringOption(options, 'weight-value');
    const weightLayer = await readLayer(weightPath, io.cwd, weightValue === undefined ? { band: 1 } : { value: weightValue, decimal: plan.decimal });
    issues.push(...weightLayer.issues);
    weight = onGrid(weightLayer, layer, weightPath, input.path);
  }

  let reported = -1;
  const weights = await protection.threads.weights(areas, layer.grid, {
    method,
    onProgress: (done, total) => {
      const tenth = Math.floor((done * 10) / total);
      if (tenth === reported) return;
      reported = tenth;
      io.stderr(`aggregate: ${done} of ${count(total, 'area')}\n`);
    },
  });
  if (weights.insideCells.every((cells) => !(cells > 0))) {
    throw new SozialraumError(
      'no-match',
      message(
        `none of the ${count(areas.features.length, 'area')} of ${areas.source} lies on it (the grid spans ${describeGrid(layer.grid)}); are the areas in the CRS they claim (${areas.crs})?`,
        `keines der ${areas.features.length} Gebiete aus ${areas.source} liegt darauf (das Gitter umfasst ${describeGrid(layer.grid)}); ` +
          `liegen die Gebiete im angegebenen Koordinatenreferenzsystem (${areas.crs})?`,
      ),
      { source: input.path },
    );
  }
  // The sum is always computed: a mean must be withheld with it, even when only the mean is written. The coverage
  // is too: an area without cells with data gets an empty value and a flag, not 0.
  const wanted = [...new Set(['sum', 'coverage', ...columns])].map((name) => STATISTICS[name]!);
  const statistics = zonalStatistics(
    weights,
    layer,
    wanted.filter((name) => name !== 'weightedMean'),
    weight ? { weight } : {},
  );
  const rows: DisclosureRow[] = statistics.map((area) => {
    const values: Record<string, number | null> = {};
    for (const [name, statistic] of Object.entries(STATISTICS)) {
      const value = area[statistic];
      if (value !== undefined) values[name] = value;
    }
    return { id: area.id, values };
  });

  const counts = countColumns(plan, GRID_COUNTS, [...new Set(['sum', ...columns])]);
  const reference = counts.length > 0 ? await loadReference(options, areas, layer.grid, method, io.cwd, issues, protection) : [];
  const disclosure = protectAggregation(
    { areas, layer, method, statistics: rows, weights, reference },
    {
      language: 'en',
      minCount: plan.minCount,
      counts,
      minPopulation: plan.minPopulation,
      estimated: plan.estimated,
      confidential: plan.confidential,
      perturbation: plan.perturbation && protection.secret ? { table: plan.perturbation, recordKey: gridRecordKeys(protection.secret) } : undefined,
    },
  );

  const described = input.kind === 'grid' ? `${input.path} (column ${input.value})` : `${input.path} (band ${input.band})`;
  summary.push(`${count(areas.features.length, 'area')} of ${areas.source} on ${described}: ${describeGrid(layer.grid)}, method ${method}`);
  if (columns.includes('sum')) summary.push(describeTotal(disclosure, 'sum', plan.estimated));
  summary.push(...disclosure.notes.map((note) => `note: ${note}`));
  const coverage = statistics.map((area) => area.coverage!);
  issues.push(...coverageIssues(weights.ids, coverage, input.path));
  return { columns, counts: disclosure.counts, rows: disclosure.rows, coverage: disclosure.coverage };
}

/** The layer to aggregate, read and screened (see aggregate-layer.ts). */
function readScreenedLayer(input: Extract<Input, { kind: 'grid' | 'raster' }>, plan: Plan, cwd: string, signal: AbortSignal): Promise<ScreenedLayer> {
  const what: LayerRequest = input.kind === 'grid' ? { value: input.value, decimal: plan.decimal } : { band: input.band };
  // Negative cells, infinities and undeclared nodata codes are left out and named, not summed.
  return readInput(input.path, cwd).then((bytes) => readScreened(bytes, input.path, what, plan.counts === undefined || plan.counts.length > 0, signal));
}

/** A layer read from its file: a grid table (with a value column) or a GeoTIFF band (see parseLayer). */
async function readLayer(path: string, cwd: string, what: LayerRequest): Promise<Layer> {
  return parseLayer(await readInput(path, cwd), path, what);
}

/**
 * A second layer on the cells of the first. Zensus tables span only the cells they list, so two tables of the same
 * grid differ in extent: their cells are lined up by position. Grids of another CRS, cell size or alignment are refused.
 */
function onGrid(layer: Layer, target: Layer, path: string, targetPath: string): RasterBand {
  if (sameGrid(layer.grid, target.grid)) return { values: layer.values, nodata: layer.nodata };
  const from = layer.grid;
  const to = target.grid;
  const columnShift = (from.originX - to.originX) / to.cellWidth;
  const rowShift = (to.originY - from.originY) / to.cellHeight;
  const aligned = Math.abs(columnShift - Math.round(columnShift)) < 1e-9 && Math.abs(rowShift - Math.round(rowShift)) < 1e-9;
  if (from.crs !== to.crs || from.cellWidth !== to.cellWidth || from.cellHeight !== to.cellHeight || !aligned) {
    throw new SozialraumError(
      'no-match',
      message(
        `is on another grid (${describeGrid(from)}) than ${targetPath} (${describeGrid(to)}); a weight layer needs the same CRS, cell size and cell edges`,
        `liegt auf einem anderen Gitter (${describeGrid(from)}) als ${targetPath} (${describeGrid(to)}); ` +
          'eine Gewichtungsebene braucht dasselbe Koordinatenreferenzsystem, dieselbe Zellgröße und dieselben Zellkanten',
      ),
      { source: path },
    );
  }
  const values = new Float64Array(to.columns * to.rows).fill(Number.NaN);
  const dx = Math.round(columnShift);
  const dy = Math.round(rowShift);
  const nodata = layer.nodata === undefined ? Number.NaN : layer.nodata;
  for (let row = Math.max(0, -dy); row < from.rows && row + dy < to.rows; row += 1) {
    for (let column = Math.max(0, -dx); column < from.columns && column + dx < to.columns; column += 1) {
      const value = layer.values[row * from.columns + column]!;
      values[(row + dy) * to.columns + column + dx] = value === nodata ? Number.NaN : value;
    }
  }
  return { values };
}

/** The weights of the published areas of --reference (an areas file or a ledger) on the same grid; none without it. */
async function loadReference(
  options: OptionValues,
  areas: AreaCollection,
  grid: Grid,
  method: CoverageMethod,
  cwd: string,
  issues: DataIssue[],
  { ledger, threads }: { ledger: Ledger | undefined; threads: WeightsThreads },
): Promise<CoverageWeights[]> {
  const path = stringOption(options, 'reference');
  if (path === undefined) return [];
  if (ledger) {
    const weights: CoverageWeights[] = [];
    for (const collection of ledgerAreas(ledger.entries ?? [], path)) weights.push(await threads.weights(collection, grid, { method }));
    return weights;
  }
  const { areas: reference } = await loadAreasFile(path, cwd, {
    idField: stringOption(options, 'reference-id-field') ?? stringOption(options, 'id-field') ?? areas.idField,
  });
  issues.push(...reference.issues);
  return [await threads.weights(reference, grid, { method })];
}

/** A --reference that is a ledger of published areas: its entries (undefined while it does not exist yet) and where it is. */
interface Ledger {
  path: string;
  entries: LedgerEntry[] | undefined;
}

const LEDGER_EXTENSIONS = ['.ndjson', '.jsonl'];

/**
 * The ledger named by --reference, read and checked whole before anything is written; a missing .ndjson or .jsonl
 * file is a new ledger. An areas file (GeoJSON, FlatGeobuf) is not a ledger: undefined.
 */
async function readLedger(options: OptionValues, cwd: string): Promise<Ledger | undefined> {
  const path = stringOption(options, 'reference');
  if (path === undefined) return undefined;
  const named = LEDGER_EXTENSIONS.includes(extname(path).toLowerCase());
  let bytes: Uint8Array;
  try {
    bytes = await readInput(path, cwd);
  } catch (error) {
    if (named && (error as { cause?: { code?: string } }).cause?.code === 'ENOENT') return { path, entries: undefined };
    throw error;
  }
  const text = decodeText(bytes);
  if (!named && !isLedger(text)) return undefined;
  if (options['reference-id-field'] !== undefined) throw new UsageError('--reference-id-field applies to an areas file, not to a ledger');
  return { path, entries: parseLedger(text, path) };
}

/** Appends the areas this run published (any count shown) to the ledger, so that the next run is compared with them. */
async function appendLedger(ledger: Ledger, areas: AreaCollection, table: OutputTable, cwd: string, summary: string[]): Promise<void> {
  const published = new Set(table.rows.filter((row) => table.counts.some((column) => typeof row.values[column] === 'number')).map((row) => row.id));
  const lines = ledgerLines(areas, published, ledger.entries, new Date().toISOString());
  try {
    await appendFile(resolve(cwd, ledger.path), lines);
  } catch (error) {
    throw new OutputError(`${ledger.path}: cannot be appended to: ${(error as Error).message}`, { cause: error });
  }
  const added = lines === '' ? 0 : lines.split('\n').filter((line) => line.startsWith('{"run"')).length;
  summary.push(`ledger ${ledger.path}: ${count(added, 'published area')} added`);
}

function describeGrid(grid: Grid): string {
  return `${grid.columns} × ${grid.rows} cells of ${grid.cellWidth} m in ${grid.crs}`;
}

// ---------------------------------------------------------------------------------------------------------------
// Points

async function aggregatePointsFile(
  plan: Plan,
  input: Extract<Input, { kind: 'points' }>,
  areas: AreaCollection,
  io: CliIo,
  issues: DataIssue[],
  summary: string[],
  secret: Uint8Array | undefined,
): Promise<OutputTable> {
  const {
    points,
    crs,
    issues: found,
  } = await loadPointsFile(input.path, io.cwd, {
    layer: plan.layer,
    table: plan.table,
    crs: input.crs,
    coordinates: input.coordinates,
  });
  issues.push(...found);
  // Points of a table are named by their row, others by their feature number.
  const isTable = !('features' in points);
  const result = aggregatePoints(areas, points, {
    source: input.path,
    ...(input.sum !== undefined ? { sum: input.sum } : {}),
    ...(input.category !== undefined ? { category: input.category } : {}),
    ...(crs !== undefined ? { crs } : {}),
    ...(plan.perturbation && secret ? { recordKey: pointRecordKeys(secret) } : {}),
  });
  io.stderr(`aggregate: ${count(result.total.count, 'point')} onto ${count(areas.features.length, 'area')}\n`);
  issues.push(...result.issues);

  const columns = pointColumns(result);
  const disclosure = protectPointAggregation(result, {
    language: 'en',
    minCount: plan.minCount,
    counts: countColumns(plan, columns, columns),
    minPopulation: plan.minPopulation,
    estimated: plan.estimated,
    confidential: plan.confidential,
    perturbation: secret ? plan.perturbation : undefined,
  });

  summary.push(`${count(result.total.count, 'point')} of ${input.path} (${result.crs}) on ${count(areas.features.length, 'area')} of ${areas.source}`);
  summary.push(describeTotal(disclosure, 'count', false));
  if (input.sum !== undefined) summary.push(describeTotal(disclosure, 'sum', false));
  summary.push(describeOutside(result, input.path, isTable));
  if (result.inSeveral.count > 0) {
    summary.push(
      `${count(result.inSeveral.count, 'point')} lie in more than one area (the areas overlap) and count in each, e.g. ${describeExamples(result.inSeveral.examples, input.path, isTable, result.crs)}`,
    );
  }
  summary.push(...disclosure.notes.map((note) => `note: ${note}`));
  return { columns, counts: disclosure.counts, rows: disclosure.rows };
}

function describeOutside(result: PointAggregation, source: string, isTable: boolean): string {
  if (result.outside.count === 0) return 'every point lies in an area';
  const sum = result.outside.sum === undefined ? '' : ` (sum ${formatNumber(result.outside.sum)})`;
  return `${count(result.outside.count, 'point')} in no area${sum}, e.g. ${describeExamples(result.outside.examples, source, isTable, result.crs)}`;
}

function describeExamples(examples: readonly PointExample[], source: string, isTable: boolean, crs: string): string {
  return examples
    .map((example) => {
      const where = describeLocation({ source, ...(isTable ? { row: example.position } : { feature: example.position }) });
      return `${where}${example.label === undefined ? '' : ` (${example.label})`} at ${formatCoordinate(example.x, crs)}, ${formatCoordinate(example.y, crs)}`;
    })
    .join('; ');
}

// ---------------------------------------------------------------------------------------------------------------
// Output

interface OutputTable {
  /** The value columns to write, between id and flags. */
  columns: string[];
  /** The columns that count persons: an area with any of them shown is published. */
  counts: string[];
  rows: DisclosureResult['rows'];
  /** Areas that cells with data cover only in part or not at all (grids and rasters), from protectAggregation. */
  coverage?: ProtectedAggregation['coverage'];
}

/** "sum over 536 areas shown: 3,291,234.5 (estimated; 6 areas withheld)". Withheld values are not added in, so the total gives none of them away. */
function describeTotal(disclosure: DisclosureResult, column: string, estimated: boolean): string {
  let total = 0;
  let shown = 0;
  for (const row of disclosure.rows) {
    const value = row.values[column];
    if (value === null || value === undefined) continue;
    total += value;
    shown += 1;
  }
  const withheld = disclosure.rows.length - shown;
  const remarks = [estimated ? 'estimated' : '', withheld > 0 ? `${count(withheld, 'area')} withheld or without value, not included` : ''].filter(Boolean);
  return `${column} over ${count(shown, 'area')}: ${formatNumber(total)}${remarks.length > 0 ? ` (${remarks.join('; ')})` : ''}`;
}

function formatNumber(value: number): string {
  return value.toLocaleString('en-US', { maximumFractionDigits: 1 });
}
