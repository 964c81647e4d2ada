// `node bench/aggregate.bench.mjs` (after `npx tsc -b packages/core`): coverage weights and zonal sums of
// @sozialraum/core on the Berlin Planungsräume over the Zensus 2011 100 m grid, and on a synthetic 10,000 × 10,000
// raster with 5,000 irregular polygons. When geoblaze is installed it runs on the same inputs in the same process
// and the ratio is printed; times alone depend on the machine, the ratios hold on any.
import { readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { coverageWeights, loadAreas, readGeoTiff, reprojectCollection, zonalStatistics } from '@sozialraum/core';
import { prng } from './prng.mjs';
import { SAMPLES, bestAsync, format } from './measure.mjs';
import { median, timeProcess } from './process.mjs';

const perSecond = (cells, ms) => `${format(cells / (ms / 1000) / 1e6, 1)} M cells/s`;
const total = (statistics) => statistics.reduce((sum, area) => sum + area.sum, 0);
const positions = (geometry) =>
  (geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates).flat().reduce((sum, ring) => sum + ring.length, 0);
const weightEntries = (weights) => weights.partialCells.length + weights.runLengths.reduce((sum, length) => sum + length, 0);

function report(label, ms, cells, extra = '') {
  console.log(`  ${label.padEnd(38)} ${format(ms, 1).padStart(9)} ms   ${perSecond(cells, ms).padStart(16)}${extra ? `   ${extra}` : ''}`);
}

async function loadGeoblaze() {
  try {
    const module = await import('geoblaze');
    return module.default ?? module;
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------------------------

async function berlin(geoblaze) {
  const areaBytes = new Uint8Array(await readFile(`${SAMPLES}lor_planungsraeume_2021.geojson`));
  const tiffBytes = await readFile(`${SAMPLES}zensus2011_einwohner_100m.tif`);
  const areas = await loadAreas(areaBytes, { source: 'lor_planungsraeume_2021.geojson', idField: 'PLR_ID' });
  const raster = await readGeoTiff(new Uint8Array(tiffBytes), { source: 'zensus2011_einwohner_100m.tif' });
  const { grid } = raster;
  const cells = grid.columns * grid.rows;
  const vertices = areas.features.reduce((sum, feature) => sum + positions(feature.geometry), 0);
  console.log(
    `Berlin: ${areas.features.length} Planungsräume (${format(vertices)} vertices, EPSG:25833) on the Zensus 2011 grid, ${grid.columns} × ${grid.rows} cells of 100 m (EPSG:3035)`,
  );

  // The areas in the grid's CRS once, to show the reprojection's share of the time.
  const projected = {
    ...areas,
    crs: grid.crs,
    features: reprojectCollection({ type: 'FeatureCollection', features: areas.features }, areas.crs, grid.crs).features,
  };
  const results = {};
  for (const method of ['exact', 'centre', 'touched']) {
    const withReprojection = await bestAsync(7, () => coverageWeights(areas, grid, { method }));
    const kernel = await bestAsync(7, () => coverageWeights(projected, grid, { method }));
    const statistics = await bestAsync(7, () => zonalStatistics(kernel.result, raster, ['sum', 'mean', 'count', 'min', 'max', 'coverage']));
    results[method] = { ms: withReprojection.ms + statistics.ms, kernelMs: kernel.ms + statistics.ms, total: total(statistics.result) };
    report(`${method}: weights incl. reprojection`, withReprojection.ms, cells, `${format(weightEntries(kernel.result))} weighted cells`);
    report(`${method}: weights, areas already in 3035`, kernel.ms, cells);
    report(`${method}: six statistics over the weights`, statistics.ms, cells, `total ${format(results[method].total, 1)} residents`);
  }
  console.log(
    `  exact total ${format(results.exact.total, 1)}, centre ${format(results.centre.total)} (${format((results.centre.total / results.exact.total - 1) * 100, 3)} %), official 2011: 3,292,365`,
  );

  if (!geoblaze) return;
  const georaster = await geoblaze.parse(tiffBytes.buffer.slice(tiffBytes.byteOffset, tiffBytes.byteOffset + tiffBytes.byteLength));
  const peer = await bestAsync(3, async () => {
    let sum = 0;
    for (const feature of projected.features) {
      const result = await geoblaze.sum(georaster, feature.geometry);
      sum += Array.isArray(result) ? result[0] : result;
    }
    return sum;
  });
  report('geoblaze.sum, areas already in 3035', peer.ms, cells, `total ${format(peer.result, 1)}`);
  // Same inputs for both: the areas already in the grid's CRS. The second figure charges core with its reprojection.
  console.log(
    `  ratio geoblaze / core on the same inputs: ${format(peer.ms / results.exact.kernelMs, 1)}× the exact method (weights + statistics), ` +
      `${format(peer.ms / results.centre.kernelMs, 1)}× the centre method; ${format(peer.ms / results.exact.ms, 1)}× exact with core also reprojecting`,
  );
}

// ---------------------------------------------------------------------------------------------------------------

const SIZE = 10_000;
const CELL = 10;
const ORIGIN_X = 4_000_000;
const ORIGIN_Y = 3_200_000;
const LATTICE_X = 100;
const LATTICE_Y = 50;
const SUBDIVISIONS = 10;

/**
 * A partition of the raster into LATTICE_X × LATTICE_Y = 5,000 irregular polygons: the lattice corners are jittered
 * and every edge is split into wiggly segments, the same for both polygons that share it (its random stream is
 * seeded by the edge), so the polygons tile the raster without gaps or overlaps, like Sozialräume.
 */
function syntheticAreas() {
  const random = prng(2011);
  const spanX = (SIZE * CELL) / LATTICE_X;
  const spanY = (SIZE * CELL) / LATTICE_Y;
  const corner = [];
  for (let j = 0; j <= LATTICE_Y; j += 1) {
    for (let i = 0; i <= LATTICE_X; i += 1) {
      const inner = i > 0 && i < LATTICE_X && j > 0 && j < LATTICE_Y;
      corner.push([
        ORIGIN_X + i * spanX + (inner ? (random() - 0.5) * 0.4 * spanX : 0),
        ORIGIN_Y - SIZE * CELL + j * spanY + (inner ? (random() - 0.5) * 0.4 * spanY : 0),
      ]);
    }
  }
  const id = (i, j) => j * (LATTICE_X + 1) + i;
  const edgeCache = new Map();
  const edge = (a, b) => {
    const key = a < b ? `${a}-${b}` : `${b}-${a}`;
    let points = edgeCache.get(key);
    if (!points) {
      const [from, to] = a < b ? [corner[a], corner[b]] : [corner[b], corner[a]];
      const wiggle = prng(a < b ? a * 7919 + b : b * 7919 + a);
      const dx = to[0] - from[0];
      const dy = to[1] - from[1];
      const onBorder =
        (from[0] === to[0] && (from[0] === ORIGIN_X || from[0] === ORIGIN_X + SIZE * CELL)) ||
        (from[1] === to[1] && (from[1] === ORIGIN_Y || from[1] === ORIGIN_Y - SIZE * CELL));
      points = [from];
      for (let s = 1; s < SUBDIVISIONS; s += 1) {
        // Tapered towards the corners, so that edges meeting at a corner cannot cross.
        const offset = onBorder ? 0 : (wiggle() - 0.5) * 0.16 * Math.sin((Math.PI * s) / SUBDIVISIONS);
        points.push([from[0] + (s / SUBDIVISIONS) * dx - offset * dy, from[1] + (s / SUBDIVISIONS) * dy + offset * dx]);
      }
      points.push(to);
      edgeCache.set(key, points);
    }
    return a < b ? points : [...points].reverse();
  };
  const features = [];
  const ids = [];
  for (let j = 0; j < LATTICE_Y; j += 1) {
    for (let i = 0; i < LATTICE_X; i += 1) {
      const corners = [id(i, j), id(i + 1, j), id(i + 1, j + 1), id(i, j + 1)];
      const ring = [];
      for (let k = 0; k < 4; k += 1) ring.push(...edge(corners[k], corners[(k + 1) % 4]).slice(0, -1));
      ring.push(ring[0]);
      const key = `S${String(features.length).padStart(4, '0')}`;
      features.push({ type: 'Feature', properties: { id: key }, geometry: { type: 'Polygon', coordinates: [ring] } });
      ids.push(key);
    }
  }
  return { source: 'synthetic', crs: 'EPSG:3035', idField: 'id', nameField: undefined, features, ids, issues: [] };
}

async function synthetic(geoblaze) {
  const grid = { crs: 'EPSG:3035', originX: ORIGIN_X, originY: ORIGIN_Y, cellWidth: CELL, cellHeight: CELL, columns: SIZE, rows: SIZE };
  const cells = SIZE * SIZE;
  const areas = syntheticAreas();
  const vertices = areas.features.reduce((sum, feature) => sum + positions(feature.geometry), 0);
  // 16-bit counts keep the band at 200 MB.
  const values = new Uint16Array(cells);
  for (let cell = 0; cell < cells; cell += 1) values[cell] = (Math.imul(cell, 2654435761) >>> 22) & 1023;
  let rasterTotal = 0;
  for (let cell = 0; cell < cells; cell += 1) rasterTotal += values[cell];
  console.log(
    `Synthetic: ${format(areas.features.length)} irregular polygons (${format(vertices)} vertices) tiling a ${format(SIZE)} × ${format(SIZE)} raster`,
  );
  const band = { values };
  const results = {};
  for (const method of ['exact', 'centre']) {
    const weights = await bestAsync(2, () => coverageWeights(areas, grid, { method }));
    const statistics = await bestAsync(2, () => zonalStatistics(weights.result, band, ['sum', 'mean', 'count', 'min', 'max', 'coverage']));
    results[method] = { weights: weights.result, ms: weights.ms + statistics.ms };
    const sum = total(statistics.result);
    report(
      `${method}: weights`,
      weights.ms,
      cells,
      `${format(weightEntries(weights.result))} weighted cells, ${format(weights.result.partialCells.length)} partial`,
    );
    report(`${method}: six statistics over the weights`, statistics.ms, cells, `sum ${format(sum)} of ${format(rasterTotal)}`);
  }

  if (!geoblaze) return;
  let parseGeoraster;
  try {
    const module = await import('georaster');
    parseGeoraster = module.default ?? module;
  } catch {
    console.log("  georaster (geoblaze's raster loader) cannot be imported; geoblaze skipped on the synthetic case");
    return;
  }
  // geoblaze takes minutes over all 5,000 polygons; both libraries run on the same first 250.
  const subset = { ...areas, features: areas.features.slice(0, 250), ids: areas.ids.slice(0, 250) };
  const rows = Array.from({ length: SIZE }, (_, row) => values.subarray(row * SIZE, (row + 1) * SIZE));
  const georaster = await parseGeoraster([rows], { noDataValue: 65535, projection: 3035, xmin: ORIGIN_X, ymax: ORIGIN_Y, pixelWidth: CELL, pixelHeight: CELL });
  const ours = await bestAsync(2, () => zonalStatistics(coverageWeights(subset, grid, { method: 'exact' }), band, ['sum']));
  const peer = await bestAsync(1, async () => {
    let sum = 0;
    for (const feature of subset.features) {
      const result = await geoblaze.sum(georaster, feature.geometry);
      sum += Array.isArray(result) ? result[0] : result;
    }
    return sum;
  });
  report('core exact, first 250 polygons', ours.ms, cells, `sum ${format(total(ours.result))}`);
  report('geoblaze.sum, first 250 polygons', peer.ms, cells, `sum ${format(peer.result)}`);
  console.log(`  ratio geoblaze / core: ${format(peer.ms / ours.ms, 1)}×`);
}

/**
 * Whole processes, as a user waits for them: `sozialraum aggregate --method exact` on the Berlin GeoTIFF against a
 * script that reads the same files and sums every area with geoblaze (bench/aggregate_geoblaze.mjs), alternating,
 * median of PAIRS pairs.
 */
async function wholeProcess() {
  const PAIRS = Number(process.env.BENCH_RUNS ?? 7);
  const cli = fileURLToPath(new URL('../packages/cli/bin/sozialraum.js', import.meta.url));
  const peer = fileURLToPath(new URL('./aggregate_geoblaze.mjs', import.meta.url));
  const areas = `${SAMPLES}lor_planungsraeume_2021.geojson`;
  const tiff = `${SAMPLES}zensus2011_einwohner_100m.tif`;
  const out = join(tmpdir(), `sozialraum-aggregate-bench-${process.pid}.csv`);
  const times = { ours: [], peer: [] };
  for (let pair = 0; pair < PAIRS; pair += 1) {
    times.ours.push(
      timeProcess(process.execPath, [cli, 'aggregate', '--areas', areas, '--id-field', 'PLR_ID', '--raster', tiff, '--method', 'exact', '--out', out]).ms,
    );
    times.peer.push(timeProcess(process.execPath, [peer, areas, tiff, 'EPSG:25833']).ms);
  }
  await rm(out, { force: true });
  const ours = median(times.ours);
  const theirs = median(times.peer);
  console.log(`Whole process, Berlin GeoTIFF, median of ${PAIRS} alternating pairs`);
  console.log(`  ${'sozialraum aggregate --method exact'.padEnd(38)} ${format(ours, 0).padStart(9)} ms`);
  console.log(`  ${'node + geoblaze.sum over the areas'.padEnd(38)} ${format(theirs, 0).padStart(9)} ms`);
  console.log(`  ratio geoblaze / sozialraum: ${format(theirs / ours, 2)}× (goal: at least 3)`);
}

const geoblaze = await loadGeoblaze();
if (!geoblaze) console.log('geoblaze is not installed (it is a dev dependency of the benchmark only): the comparison is skipped\n');
// `--whole-process` runs only the comparison of whole processes; `--berlin` leaves out the synthetic raster (its
// 100 million cells take minutes on a busy machine).
if (!process.argv.includes('--whole-process')) {
  await berlin(geoblaze);
  console.log();
  if (!process.argv.includes('--berlin')) {
    await synthetic(geoblaze);
    console.log();
  }
}
if (geoblaze) await wholeProcess();
