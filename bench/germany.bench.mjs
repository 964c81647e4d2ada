// `node bench/germany.bench.mjs` (after `npx tsc -b`): the national scale. A synthetic Germany (bench/germany/
// generate.mjs: 3.2 million populated 100 m cells, 10,800 municipalities) is generated once into bench/.germany/
// and put through `sozialraum aggregate --method exact` from the Zensus-style CSV and from the tiled GeoTIFF, each
// as a whole process: wall time, peak memory (from /usr/bin/time), whether the municipalities' sums add up to the
// grid's total (the municipalities tile the extent, so exact coverage loses nobody), and whether anything talks
// about worker polyfills. In-process, the interior summation of the exact weights is timed on its own and
// reported in cells per second on one core.
import { existsSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { coverageWeights, loadAreas, readGeoTiff, zonalStatistics } from '@sozialraum/core';
import { generate } from './germany/generate.mjs';
import { format } from './measure.mjs';
import { timeProcess } from './process.mjs';

const FOLDER = new URL('./.germany/', import.meta.url);
const CLI = fileURLToPath(new URL('../packages/cli/bin/sozialraum.js', import.meta.url));
const TIME = '/usr/bin/time';
const GOAL_SECONDS = 60;
const GOAL_GB = 4;

const path = (name) => fileURLToPath(new URL(name, FOLDER));
if (!existsSync(path('gemeinden.geojson'))) {
  console.log('Generating the synthetic Germany into bench/.germany/ (once; about two minutes) …');
  console.log(await generate(FOLDER));
}

const tiff = await readGeoTiff(new Uint8Array(await readFile(path('zensus_100m.tif'))), { source: 'zensus_100m.tif' });
let gridTotal = 0;
let populated = 0;
for (const value of tiff.values) {
  gridTotal += value;
  if (value > 0) populated += 1;
}
console.log(
  `Germany (synthetic): ${format(populated)} populated cells of ${format(tiff.grid.columns)} × ${format(tiff.grid.rows)} (100 m, EPSG:3035), ` +
    `${format(gridTotal)} residents, municipalities in EPSG:25832`,
);

/** One whole run of the CLI under /usr/bin/time: seconds, peak resident memory in GB, the total of its sums. */
async function run(label, input) {
  const out = join(tmpdir(), `sozialraum-germany-${process.pid}.csv`);
  const args = [CLI, 'aggregate', '--areas', path('gemeinden.geojson'), '--id-field', 'AGS', ...input, '--method', 'exact', '--out', out];
  const timed = existsSync(TIME);
  const result = timed
    ? timeProcess(TIME, ['-f', 'PEAK %M CPU %U %S', process.execPath, ...args], { allowStatus: [1] })
    : timeProcess(process.execPath, args, { allowStatus: [1] });
  const peak = timed ? Number(/PEAK (\d+)/.exec(result.stderr)?.[1]) / 1024 / 1024 : Number.NaN;
  // CPU seconds too: on a shared machine the wall time says more about the neighbours than about the program.
  const [, user, system] = (timed && /CPU ([\d.]+) ([\d.]+)/.exec(result.stderr)) || [];
  const cpu = Number(user) + Number(system);
  const rows = (await readFile(out, 'utf8')).trim().split(/\r?\n/);
  const sumColumn = rows[0].split(',').indexOf('sum');
  const sums = rows.slice(1).map((row) => row.split(',')[sumColumn]);
  const total = sums.reduce((sum, cell) => sum + (Number(cell) || 0), 0);
  // Small counts are suppressed as in every run (min-count 3): those areas are named, not summed.
  const withheld = sums.filter((cell) => cell === '').length;
  await rm(out, { force: true });
  const polyfill = /worker_threads not available|tiny-worker/i.test(result.stderr);
  const seconds = result.ms / 1000;
  console.log(
    `  ${label.padEnd(34)} ${format(seconds, 1).padStart(6)} s (goal ${GOAL_SECONDS} s), CPU ${timed ? format(cpu, 1) : '?'} s   peak ${timed ? format(peak, 2) : '?'} GB (goal ${GOAL_GB} GB)   ` +
      `sums ${format(total, 1)} of ${format(gridTotal)} (${withheld} areas withheld)${polyfill ? '   PRINTS A WORKER POLYFILL NOTICE' : ''}`,
  );
}

// `--in-process` skips the whole processes; `--single-thread` runs each a second time with --threads 1, the baseline
// in the same run for the worker threads (the default uses the cores, here two).
if (!process.argv.includes('--in-process')) {
  const single = process.argv.includes('--single-thread');
  console.log(
    `Whole process, sozialraum aggregate --method exact, one run each${single ? ', in worker threads and with --threads 1' : ''} (heavy: run sparingly)`,
  );
  await run(`from the Zensus-style CSV, ${availableParallelism()} threads`, ['--grid', path('zensus_100m.csv'), '--value', 'Einwohner']);
  if (single) await run('from the Zensus-style CSV, --threads 1', ['--grid', path('zensus_100m.csv'), '--value', 'Einwohner', '--threads', '1']);
  await run(`from the tiled GeoTIFF, ${availableParallelism()} threads`, ['--raster', path('zensus_100m.tif')]);
  if (single) await run('from the tiled GeoTIFF, --threads 1', ['--raster', path('zensus_100m.tif'), '--threads', '1']);
}

// The interior summation: the runs of whole cells the weights hold, summed over the band, timed apart from the
// weights and from the partly covered cells (the weights are passed on without them). Its anchor is memory
// bandwidth: each cell is read once. CPU time of this process, which a busy machine distorts less than the clock.
const areas = await loadAreas(new Uint8Array(await readFile(path('gemeinden.geojson'))), { source: 'gemeinden.geojson', idField: 'AGS' });
const cpu = (work) => {
  const start = process.cpuUsage();
  const result = work();
  const used = process.cpuUsage(start);
  return { ms: (used.user + used.system) / 1000, result };
};
const weights = cpu(() => coverageWeights(areas, tiff.grid, { method: 'exact' }));
const interior = weights.result.runLengths.reduce((sum, length) => sum + length, 0);
const interiorOnly = {
  ...weights.result,
  partialOffsets: new Uint32Array(weights.result.ids.length + 1),
  partialCells: new Uint32Array(0),
  partialFractions: new Float64Array(0),
};
let fastest = Infinity;
for (let run = 0; run < 5; run += 1) fastest = Math.min(fastest, cpu(() => zonalStatistics(interiorOnly, tiff, ['sum'])).ms);
// The loop that also keeps minimum and maximum: what every statistic paid before the interior summation had its own.
let general = Infinity;
for (let run = 0; run < 3; run += 1) general = Math.min(general, cpu(() => zonalStatistics(interiorOnly, tiff, ['sum', 'min', 'max'])).ms);
console.log('In process, one core (CPU time)');
console.log(
  `  exact weights (reprojection included)  ${format(weights.ms / 1000, 1).padStart(6)} s   ${format(interior)} whole cells, ${format(weights.result.partialCells.length)} partial`,
);
console.log(
  `  interior summation                     ${format(fastest / 1000, 3).padStart(6)} s   ${format(interior / (fastest / 1000) / 1e6, 0)} million cells/s/core (goal 200)`,
);
console.log(
  `  the same with minimum and maximum      ${format(general / 1000, 3).padStart(6)} s   ${format(interior / (general / 1000) / 1e6, 0)} million cells/s/core`,
);
