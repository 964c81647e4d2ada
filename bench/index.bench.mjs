// `npm run bench`: the composite index and ckmeans classes on synthetic, seeded data, timed against plain baselines
// measured in the same run, so that the printed ratios hold on any machine.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { ckmeans, jenks } from 'simple-statistics';
import { areaProfile, classBreaks, computeIndex, indexPreset, loadAreas, parseCsv, prepareProfiles } from '@sozialraum/core';
import { SAMPLES } from './measure.mjs';
import { prng } from './prng.mjs';

const AREAS = 10_000;
const INDICATORS = 50;
const DOMAINS = 5;
const MISSING = -9999;
const MIN_POPULATION = 300;
const WIDE_INDICATORS = 2_000;
const WIDE_AREAS = 542;

function normal(random) {
  const u = 1 - random();
  const v = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** An indicator table as a statistics office would export it: rates with two decimals, a population column, -9999 for gaps. */
function syntheticCsv(random) {
  const columns = Array.from({ length: INDICATORS }, (_, index) => `I${String(index + 1).padStart(2, '0')}`);
  const centres = columns.map(() => 5 + random() * 40);
  const spreads = columns.map(() => 1 + random() * 10);
  const lines = [['id', 'EW', ...columns].join(',')];
  for (let area = 0; area < AREAS; area += 1) {
    const population = Math.round(100 + random() * 15_000);
    const need = normal(random);
    const cells = columns.map((_, index) => {
      if (random() < 0.001) return String(MISSING);
      return Math.max(0, centres[index] + spreads[index] * (0.6 * need + 0.8 * normal(random))).toFixed(2);
    });
    lines.push([`A${String(area).padStart(5, '0')}`, population, ...cells].join(','));
  }
  return { text: `${lines.join('\n')}\n`, columns };
}

function indexSpec(columns) {
  return {
    specVersion: 1,
    id: 'bench',
    title: 'Benchmark index',
    domains: Array.from({ length: DOMAINS }, (_, index) => ({ id: `d${index + 1}` })),
    indicators: columns.map((column, index) => ({
      column,
      domain: `d${(index % DOMAINS) + 1}`,
      direction: index % 5 === 4 ? 'lower-is-need' : 'higher-is-need',
      missingValues: [MISSING],
    })),
    standardisation: { method: 'z-score', sd: 'population' },
    combination: { method: 'sum', byDomain: true, restandardise: true },
    validity: { populationColumn: 'EW', minPopulation: MIN_POPULATION, missing: 'exclude-area' },
    classification: { method: 'ckmeans', classes: 5 },
  };
}

/**
 * The straightforward way: numbers from the same text cells, a validity mask, two passes per column for mean and
 * population SD, oriented z-values summed per area, and the sum z-standardised again. No classes, no ranks.
 */
function plainIndex(table, spec) {
  const rows = table.rows;
  const n = rows.length;
  const valid = new Uint8Array(n).fill(1);
  const values = spec.indicators.map((indicator) => {
    const column = new Float64Array(n);
    for (let row = 0; row < n; row += 1) {
      const value = Number(rows[row][indicator.column]);
      column[row] = value;
      if (value === MISSING) valid[row] = 0;
    }
    return column;
  });
  for (let row = 0; row < n; row += 1) if (!(Number(rows[row].EW) >= MIN_POPULATION)) valid[row] = 0;
  return plainIndexOfNumbers(values, valid, spec);
}

function plainIndexOfNumbers(values, valid, spec) {
  const n = valid.length;
  const sum = new Float64Array(n);
  spec.indicators.forEach((indicator, position) => {
    const column = values[position];
    let count = 0;
    let total = 0;
    for (let row = 0; row < n; row += 1) if (valid[row]) (total += column[row]), (count += 1);
    const mean = total / count;
    let squares = 0;
    for (let row = 0; row < n; row += 1) if (valid[row]) squares += (column[row] - mean) ** 2;
    const sd = Math.sqrt(squares / count);
    const sign = indicator.direction === 'lower-is-need' ? -1 : 1;
    for (let row = 0; row < n; row += 1) if (valid[row]) sum[row] += (sign * (column[row] - mean)) / sd;
  });
  let count = 0;
  let total = 0;
  for (let row = 0; row < n; row += 1) if (valid[row]) (total += sum[row]), (count += 1);
  const mean = total / count;
  let squares = 0;
  for (let row = 0; row < n; row += 1) if (valid[row]) squares += (sum[row] - mean) ** 2;
  const sd = Math.sqrt(squares / count);
  const index = new Array(n).fill(null);
  for (let row = 0; row < n; row += 1) if (valid[row]) index[row] = (sum[row] - mean) / sd;
  return index;
}

/** Median wall time in ms of `runs` calls after one warm-up call, and the last result. */
function measure(runs, work) {
  let result = work();
  const times = [];
  for (let run = 0; run < runs; run += 1) {
    const start = performance.now();
    result = work();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return { ms: times[Math.floor(times.length / 2)], result };
}

const random = prng(20210101);
const { text, columns } = syntheticCsv(random);
const spec = indexSpec(columns);
const RUNS = 7;

const parsed = measure(RUNS, () => parseCsv(text, { source: 'bench.csv' }));
const table = parsed.result;
const engine = measure(RUNS, () => computeIndex(table, spec, { keyColumn: 'id' }));
const plainFromText = measure(RUNS, () => plainIndex(table, spec));

// The plain arithmetic alone, on numbers parsed beforehand.
const numbers = spec.indicators.map((indicator) => Float64Array.from(table.rows, (row) => Number(row[indicator.column])));
const validMask = Uint8Array.from(table.rows, (row, position) =>
  Number(row.EW) >= MIN_POPULATION && numbers.every((column) => column[position] !== MISSING) ? 1 : 0,
);
const plainArithmetic = measure(RUNS, () => plainIndexOfNumbers(numbers, validMask, spec));

// Same numbers from both: the engine's index and the baseline's agree to rounding.
let largestDifference = 0;
engine.result.areas.forEach((area, row) => {
  const expected = plainFromText.result[row];
  if ((area.index === null) !== (expected === null)) throw new Error(`row ${row}: engine and baseline disagree on validity`);
  if (area.index !== null) largestDifference = Math.max(largestDifference, Math.abs(area.index - expected));
});
if (largestDifference > 1e-9) throw new Error(`engine and baseline differ by ${largestDifference}`);

// ckmeans: the classBreaks wrapper and raw simple-statistics, 10,000 and 100,000 values; Jenks as the classic peer.
const classValues = (count) => {
  const seeded = prng(count);
  return Array.from({ length: count }, () => (seeded() < 0.7 ? normal(seeded) : 4 + 2 * normal(seeded)));
};
const values10k = classValues(10_000);
const values100k = classValues(100_000);
const values5k = classValues(5_000);
const ckmeansSpec = { method: 'ckmeans', classes: 5 };
const small = measure(RUNS, () => classBreaks(values10k, ckmeansSpec));
const large = measure(5, () => classBreaks(values100k, ckmeansSpec));
const rawLarge = measure(5, () => ckmeans(values100k, 5));
const ckmeans5k = measure(RUNS, () => classBreaks(values5k, ckmeansSpec));
const jenks5k = measure(3, () => jenks(values5k, 5));

// The profile card of one area, after the table and areas are loaded and the profiles prepared: Berlin's 542
// Planungsräume with the MSS status preset, every area in turn.
const berlinTable = parseCsv(readFileSync(join(SAMPLES, 'mss2021_indexindikatoren.csv'), 'utf8'), { source: 'mss2021_indexindikatoren.csv' });
const berlinAreas = await loadAreas(new Uint8Array(readFileSync(join(SAMPLES, 'lor_planungsraeume_2021.geojson'))), {
  source: 'lor_planungsraeume_2021.geojson',
  idField: 'PLR_ID',
});
const profiles = prepareProfiles({ areas: berlinAreas, table: berlinTable, keyColumn: 'PLR_ID', spec: indexPreset('mss-2021-status') });
const berlinIds = berlinTable.rows.map((row) => row.PLR_ID);
let next = 0;
const profileOfOne = measure(101, () => areaProfile(profiles, berlinIds[next++ % berlinIds.length]));

const memory = indexMemory();

const cells = AREAS * INDICATORS;
const valid = engine.result.index.n;
const rows = [
  ['parseCsv: 10,000 rows × 52 cells (once per file)', parsed.ms, `${format(cells / (parsed.ms / 1000))} cells/s`, ''],
  [`computeIndex: ${AREAS.toLocaleString('en-US')} areas × ${INDICATORS} indicators, ${DOMAINS} domains, ckmeans 5`, engine.ms, `${format(cells / (engine.ms / 1000))} area·indicators/s`, '1.00'],
  ['  baseline: plain JS from the same text cells', plainFromText.ms, `${format(cells / (plainFromText.ms / 1000))} area·indicators/s`, ratio(engine.ms, plainFromText.ms)],
  ['  baseline: plain JS arithmetic on parsed numbers', plainArithmetic.ms, `${format(cells / (plainArithmetic.ms / 1000))} area·indicators/s`, ratio(engine.ms, plainArithmetic.ms)],
  ['areaProfile: one Berlin Planungsraum, profiles prepared (542 areas, MSS status)', profileOfOne.ms, '', ''],
  [
    `sozialraum index: ${WIDE_INDICATORS.toLocaleString('en-US')} indicators × ${WIDE_AREAS} areas, whole process`,
    memory.ms,
    `peak RSS ${memory.peakMb.toFixed(0)} MB`,
    '',
  ],
  ['classBreaks ckmeans 5: 10,000 values', small.ms, `${format(10_000 / (small.ms / 1000))} values/s`, ''],
  ['classBreaks ckmeans 5: 100,000 values', large.ms, `${format(100_000 / (large.ms / 1000))} values/s`, `${ratio(large.ms, small.ms)} of 10k`],
  ['  simple-statistics ckmeans 5: 100,000 values (raw)', rawLarge.ms, `${format(100_000 / (rawLarge.ms / 1000))} values/s`, ratio(large.ms, rawLarge.ms)],
  ['classBreaks ckmeans 5: 5,000 values', ckmeans5k.ms, `${format(5_000 / (ckmeans5k.ms / 1000))} values/s`, '1.00'],
  ['  simple-statistics jenks 5: 5,000 values', jenks5k.ms, `${format(5_000 / (jenks5k.ms / 1000))} values/s`, ratio(ckmeans5k.ms, jenks5k.ms)],
];

console.log(`sozialraum index benchmark — Node ${process.version}, ${process.platform}/${process.arch}; median of ${RUNS} runs (5 for 100k ckmeans, 3 for jenks)`);
console.log(`synthetic table: ${AREAS.toLocaleString('en-US')} areas, ${INDICATORS} indicators, seed 20210101; ${valid.toLocaleString('en-US')} valid (EW ≥ ${MIN_POPULATION}, no -9999)`);
console.log('');
const widths = [Math.max(...rows.map((row) => row[0].length)), 10, Math.max(...rows.map((row) => row[2].length)), 14];
const line = (cells) => cells.map((cell, position) => (position === 0 || position === 2 ? String(cell).padEnd(widths[position]) : String(cell).padStart(widths[position]))).join('  ');
console.log(line(['case', 'median ms', 'throughput', 'ratio']));
console.log(line(widths.map((width) => '-'.repeat(width))));
for (const [name, ms, throughput, relation] of rows) console.log(line([name, ms.toFixed(1), throughput, relation]));
console.log('');
console.log('ratio: time of the row above the indented rows divided by the indented row (engine ÷ baseline, classBreaks ÷ raw ckmeans,');
console.log('ckmeans ÷ jenks); "of 10k": 100,000 values ÷ 10,000 values (10.00 would be linear).');
console.log(`check: engine and plain baseline agree on validity and on every index value within ${largestDifference.toExponential(1)}`);
console.log(`classes: ${engine.result.classes.map((entry) => `${entry.class}: ${entry.count}`).join(', ')}`);

/**
 * `sozialraum index` over a wide table (2,000 indicators × 542 areas, z-scores summed, ckmeans) as a child process,
 * with the peak resident memory the child reports at its exit (process.resourceUsage().maxRSS, in KiB).
 */
function indexMemory() {
  const directory = mkdtempSync(join(tmpdir(), 'sozialraum-bench-'));
  try {
    const seeded = prng(542);
    const columns = Array.from({ length: WIDE_INDICATORS }, (_, index) => `I${index + 1}`);
    const lines = [['id', 'EW', ...columns].join(',')];
    for (let area = 0; area < WIDE_AREAS; area += 1) {
      const need = normal(seeded);
      const cells = columns.map((_, index) => (10 + index / 100 + 3 * need + 2 * normal(seeded)).toFixed(3));
      lines.push([`P${String(area).padStart(4, '0')}`, Math.round(500 + seeded() * 9_000), ...cells].join(','));
    }
    writeFileSync(join(directory, 'wide.csv'), `${lines.join('\n')}\n`);
    const wideSpec = {
      specVersion: 1,
      id: 'wide',
      title: 'Wide benchmark index',
      indicators: columns.map((column, index) => ({ column, direction: index % 4 === 3 ? 'lower-is-need' : 'higher-is-need' })),
      standardisation: { method: 'z-score' },
      combination: { method: 'sum', restandardise: true },
      validity: { populationColumn: 'EW', minPopulation: MIN_POPULATION },
      classification: { method: 'ckmeans', classes: 5 },
    };
    writeFileSync(join(directory, 'wide.json'), JSON.stringify(wideSpec));
    const peakFile = join(directory, 'peak.txt');
    writeFileSync(
      join(directory, 'peak.mjs'),
      `import { writeFileSync } from 'node:fs';\nprocess.on('exit', () => writeFileSync(${JSON.stringify(peakFile)}, String(process.resourceUsage().maxRSS)));\n`,
    );
    const cli = fileURLToPath(new URL('../packages/cli/bin/sozialraum.js', import.meta.url));
    const args = ['--import', join(directory, 'peak.mjs'), cli, 'index', '--indicators', join(directory, 'wide.csv'), '--id-field', 'id'];
    args.push('--spec', join(directory, 'wide.json'), '--out', join(directory, 'wide-index.csv'));
    const start = performance.now();
    const run = spawnSync(process.execPath, args, { encoding: 'utf8' });
    const ms = performance.now() - start;
    if (run.status !== 0) throw new Error(`sozialraum index failed: ${run.stderr}`);
    return { ms, peakMb: Number(readFileSync(peakFile, 'utf8')) / 1024 };
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

function ratio(a, b) {
  const value = a / b;
  return value >= 0.1 ? value.toFixed(2) : value.toPrecision(2);
}

function format(value) {
  if (value >= 1e6) return `${(value / 1e6).toFixed(2)} M`;
  if (value >= 1e3) return `${(value / 1e3).toFixed(1)} k`;
  return value.toFixed(0);
}
