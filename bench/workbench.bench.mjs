// `node bench/workbench.bench.mjs` (after `npx tsc -b`): the planner's workbench on Berlin. A proposal for Bezirk
// Mitte from the Zensus 100 m cells (target 7,000, minimum 1,000, maximum 12,000) with the coefficient of variation
// of residents, the mean Polsby–Popper of the dissolved cells beside the official Planungsräume on the same cells,
// and the barrier lengths inside areas; then a proposal for the whole city and `sozialraum score` of the official
// Planungsräume against it with the Ortsteile and Bezirksregionen as departments' layers. The barriers are the
// OpenStreetMap extracts of ../shared/data/berlin/osm/ (© OpenStreetMap contributors, ODbL), or of $OSM_DIR.
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { contiguity, formatGeoJSON } from '@sozialraum/core';
// The workbench as pages load it (`loadWorkbench()`): the bench measures the very module the editor hands out.
import * as workbench from '../packages/editor/dist/workbench.js';
import { run } from '@sozialraum/cli';
import { SAMPLES } from './measure.mjs';

const OSM = process.env.OSM_DIR ?? fileURLToPath(new URL('../../shared/data/berlin/osm/', import.meta.url));
const RULES = { minimum: 1000, target: 7000, maximum: 12000 };
const BARRIER_FILES = ['railways.geojson', 'waterways.geojson', 'water_areas.geojson'].map((name) => join(OSM, name));
const haveBarriers = BARRIER_FILES.every((path) => existsSync(path));

const seconds = (ms) => `${(ms / 1000).toFixed(2)} s`;
const json = async (path) => JSON.parse(await readFile(path, 'utf8'));

const plrJson = await json(`${SAMPLES}lor_planungsraeume_2021.geojson`);
const plr = workbench.readAreas(plrJson, { source: 'lor_planungsraeume_2021.geojson', idField: 'PLR_ID' });
const bezirke = workbench.readAreas(plrJson, { source: 'lor_planungsraeume_2021.geojson', idField: 'BEZ' });
const zensus = workbench.readZensusGrid(await readFile(`${SAMPLES}zensus2011_einwohner_100m.csv`, 'utf8'), {
  source: 'zensus2011_einwohner_100m.csv',
  value: 'Einwohner',
});
const population = { grid: zensus.grid, values: zensus.values, nodata: zensus.nodata, source: 'zensus2011_einwohner_100m.csv' };
const barrierInputs = haveBarriers ? await Promise.all(BARRIER_FILES.map(async (path) => ({ collection: await json(path), crs: 'EPSG:25833' }))) : [];
if (!haveBarriers) console.log(`(no barriers: ${OSM} not found; set OSM_DIR)`);

/** Units, barriers and a proposal for the Bezirke with the given keys (all when none). */
async function proposal(keys, weights = {}) {
  const keep = bezirke.ids.map((id) => keys === undefined || keys.includes(id));
  const territory = { ...bezirke, features: bezirke.features.filter((_, i) => keep[i]), ids: bezirke.ids.filter((_, i) => keep[i]) };
  const start = performance.now();
  const layer = workbench.cellUnits(population, territory);
  const barriers = haveBarriers ? workbench.readBarriers(barrierInputs, { crs: layer.crs }) : undefined;
  const barrierEdges = barriers ? workbench.barrierAdjacencies(layer, barriers) : undefined;
  const prepared = performance.now();
  const cpu = process.cpuUsage();
  const result = await workbench.propose(layer, { ...RULES, ...weights, ...(barrierEdges ? { barrierEdges } : {}) });
  const searched = performance.now();
  const cpuUsed = process.cpuUsage(cpu);
  const keysOfAreas = result.areas.map((area) => area.key);
  const plan = workbench.planCollection(layer, result.assignment, keysOfAreas, 'proposal');
  const done = performance.now();
  return {
    layer,
    barriers,
    result,
    plan,
    times: { prepare: prepared - start, propose: searched - prepared, proposeCpu: (cpuUsed.user + cpuUsed.system) / 1000, dissolve: done - searched },
  };
}

// Bezirk Mitte: the default weights, and weights that lean towards following barriers.
const mitte = await proposal(['01']);
// The official Planungsräume of Mitte on the same cells: each cell to the Planungsraum holding its centre.
const official = workbench.unitsInAreas(mitte.layer, plr);
const used = [...new Set(official)].filter((index) => index >= 0).sort((a, b) => a - b);
const renumber = new Map(used.map((index, area) => [index, area]));
const officialPlan = workbench.planCollection(
  mitte.layer,
  Int32Array.from(official, (index) => renumber.get(index) ?? -1),
  used.map((index) => plr.ids[index]),
  'official',
);
const withBarriers = mitte.barriers ? { barriers: mitte.barriers } : {};
const officialScore = workbench.scorePlan(officialPlan, 'official on cells', { population, ...RULES, ...withBarriers });
const over200 = (score) => score.areas.filter((area) => (area.barrierRailway ?? 0) + (area.barrierWaterway ?? 0) > 200).length;
const barrierLine = (name, score) =>
  `  barriers inside (${name}): ${(score.summary.barrierInside / 1000).toFixed(1)} km in all, at most ${Math.round(score.summary.maxBarrierInside)} m in one area, ${over200(score)} areas over 200 m`;
console.log(`Bezirk Mitte: ${mitte.layer.ids.length} cells, ${Math.round(officialScore.summary.residents).toLocaleString('en-US')} residents`);
console.log(
  `  official Planungsräume on the same cells: ${officialScore.summary.areas} areas, CV ${officialScore.summary.cv.toFixed(3)}, ` +
    `mean Polsby–Popper ${officialScore.summary.meanPolsbyPopper.toFixed(3)}, ${officialScore.summary.belowMinimum} below ${RULES.minimum}, ${officialScore.summary.aboveMaximum} above ${RULES.maximum}`,
);
if (mitte.barriers) console.log(barrierLine('official', officialScore));
for (const [label, run] of [
  ['default weights (compactness 0.1, barrier 0.01)', mitte],
  ['barrier weight 0.03', await proposal(['01'], { barrier: 0.03 })],
]) {
  const pieces = contiguity(run.layer, run.result.assignment, run.result.areas.length);
  const proposed = workbench.scorePlan(run.plan, 'proposal', { population, ...RULES, ...withBarriers });
  console.log(
    `  proposal, ${label}: ${proposed.summary.areas} areas, all contiguous: ${pieces.every((count) => count === 1)}, ` +
      `${proposed.summary.belowMinimum} below ${RULES.minimum}, ${proposed.summary.aboveMaximum} above ${RULES.maximum}, ` +
      `CV ${proposed.summary.cv.toFixed(3)}, mean Polsby–Popper ${proposed.summary.meanPolsbyPopper.toFixed(3)}, mean Reock ${proposed.summary.meanReock.toFixed(3)}`,
  );
  if (run.barriers) {
    console.log(barrierLine('proposal', proposed));
    // Where an alternative existed: the units a barrier cuts off from the rest of the area hold enough residents for an area.
    const crossed = proposed.areas.map((area, index) => [area, run.result.areas[index]]).filter(([area]) => area.barrierRailway + area.barrierWaterway > 200);
    const alternative = crossed.filter(([, proposedArea]) => proposedArea.beyondBarrier >= RULES.minimum).length;
    console.log(
      `    of these, ${alternative} with at least ${RULES.minimum} residents beyond the barrier (an alternative existed), ${crossed.length - alternative} without`,
    );
  }
  console.log(
    `  time: units and barriers ${seconds(run.times.prepare)}, proposal ${seconds(run.times.propose)} (CPU ${seconds(run.times.proposeCpu)}, ${run.result.passes} passes), dissolving ${seconds(run.times.dissolve)}`,
  );
}

// Wall-clock times on a shared machine run long; the CPU time is what the work itself takes.
// Berlin: a proposal for the whole city, then `sozialraum score` of the official Planungsräume against it.
const berlin = await proposal(undefined);
console.log(
  `Berlin: ${berlin.layer.ids.length} cells, proposal of ${berlin.result.areas.length} areas in ${seconds(berlin.times.propose)} (CPU ${seconds(berlin.times.proposeCpu)}) ` +
    `(units and barriers ${seconds(berlin.times.prepare)}, dissolving ${seconds(berlin.times.dissolve)})`,
);
const folder = await mkdtemp(join(tmpdir(), 'sozialraum-bench-'));
try {
  const proposalPath = join(folder, 'vorschlag.geojson');
  await writeFile(proposalPath, formatGeoJSON({ type: 'FeatureCollection', features: berlin.plan.features }, berlin.plan.crs));
  const args = [
    'score',
    ...['--plan', `${SAMPLES}lor_planungsraeume_2021.geojson`, '--plan-id', 'PLR_ID', '--plan-name', 'PLR'],
    ...['--plan', proposalPath, '--plan-name', 'proposal'],
    ...['--grid', `${SAMPLES}zensus2011_einwohner_100m.csv`, '--target', '7000', '--min', '1000', '--max', '12000'],
    ...(haveBarriers ? BARRIER_FILES.flatMap((path) => ['--barriers', path]) : []),
    ...['--reference', `${SAMPLES}formats/ortsteile_2014.zip`, '--reference-id', 'ORT', '--reference', `${SAMPLES}lor_bezirksregionen_2021.geojson`],
  ];
  let table = '';
  const start = performance.now();
  const cpu = process.cpuUsage();
  const code = await run(args, { stdout: (text) => (table += text), stderr: () => {}, cwd: process.cwd() });
  const used = process.cpuUsage(cpu);
  console.log(
    `sozialraum score, official PLR vs proposal for Berlin: ${seconds(performance.now() - start)} (CPU ${seconds((used.user + used.system) / 1000)}), exit ${code}`,
  );
  console.log(table.replace(/\r\n/g, '\n').trimEnd().replace(/^/gm, '  '));
} finally {
  await rm(folder, { recursive: true, force: true });
}
