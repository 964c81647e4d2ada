// `node bench/editor.bench.mjs` (after `npx tsc -b packages/core`): what the Sozialraum editor does live on Berlin's
// 542 Planungsräume: build the shared-edge topology, validate the partition, and split one area with its population
// update. Each is set against a plain baseline in the same run (the existing neighbour search, a boolean union of all
// areas with polygon-clipping, the population of all areas), because times alone depend on the machine.
import { performance } from 'node:perf_hooks';
import { readFile } from 'node:fs/promises';
import polygonClipping from 'polygon-clipping';
import {
  LivePopulation,
  TopologyEditor,
  buildTopology,
  dissolve,
  dissolveCoverage,
  innerPoint,
  loadAreas,
  populationOfGeometries,
  readZensusGrid,
  sharedEdgeNeighbours,
  validateAreas,
} from '@sozialraum/core';
import { SAMPLES, bestAsync, format } from './measure.mjs';

const positions = (geometry) => (geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates).flat().reduce((sum, ring) => sum + ring.length, 0);

function report(label, ms, baseline, baselineLabel) {
  const ratio = baseline ? `   ${format(ms / baseline.ms, 2)} × ${baselineLabel} (${format(baseline.ms, 1)} ms)` : '';
  console.log(`  ${label.padEnd(44)} ${format(ms, 1).padStart(9)} ms${ratio}`);
}

const areaBytes = new Uint8Array(await readFile(`${SAMPLES}lor_planungsraeume_2021.geojson`));
const areas = await loadAreas(areaBytes, { source: 'lor_planungsraeume_2021.geojson', idField: 'PLR_ID' });
const zensus = readZensusGrid(await readFile(`${SAMPLES}zensus2011_einwohner_100m.csv`, 'utf8'), { source: 'zensus2011_einwohner_100m.csv', value: 'Einwohner' });
const grid = { grid: zensus.grid, values: zensus.values, nodata: zensus.nodata };
const vertices = areas.features.reduce((sum, feature) => sum + positions(feature.geometry), 0);
console.log(`Berlin: ${areas.features.length} Planungsräume (${format(vertices)} vertices, EPSG:25833), Zensus 2011 100 m grid (EPSG:3035)`);

// Topology, against the neighbour search the map already runs for keyboard navigation.
const neighbours = await bestAsync(5, () => sharedEdgeNeighbours(areas.features));
const topology = await bestAsync(5, () => buildTopology(areas));
report(`topology: ${format(topology.result.topology.arcs.length)} arcs`, topology.ms, neighbours, 'shared-edge neighbours');

// Validation, against one boolean union of all areas (what a gap check with polygon-clipping alone costs).
const union = await bestAsync(1, () => polygonClipping.union(...areas.features.map((feature) => feature.geometry.coordinates)));
const validation = await bestAsync(3, () => validateAreas(areas));
report(`validate: ${validation.result.length} findings`, validation.ms, union, 'polygon-clipping union');

// One split and its population update, against the population of all areas at once.
const all = await bestAsync(3, () => populationOfGeometries(grid, areas.features.map((feature, index) => ({ key: areas.ids[index], geometry: feature.geometry })), areas.crs));
const editor = new TopologyEditor(topology.result.topology);
const live = new LivePopulation(grid, editor.topology);
const key = '07100103';
const ring = editor.geometry(key).coordinates[0];
const [, y] = innerPoint([ring]);
const xs = ring.map((p) => p[0]);
const line = [[Math.min(...xs) - 20, y], [Math.max(...xs) + 20, y + 2]];
let splitMs = Infinity;
let updateMs = Infinity;
for (let run = 0; run < 7; run += 1) {
  const start = performance.now();
  const result = editor.split(key, line, { newKey: 'neu' });
  const split = performance.now();
  live.update(result);
  const done = performance.now();
  splitMs = Math.min(splitMs, split - start);
  updateMs = Math.min(updateMs, done - split);
  live.update(editor.undo());
}
report(`split ${key}`, splitMs);
report('  its population update (exact coverage)', updateMs, all, 'population of all 542 areas');
report('  split and population together', splitMs + updateMs, all, 'population of all 542 areas');

// The Bezirke of the levels demo dissolved from their Planungsräume: by the shared edges of their topology (what the
// map does) against the polygon union of each Bezirk's children (what it did).
{
  const bezirke = [...new Set(areas.ids.map((id) => id.slice(0, 2)))].sort();
  const groups = bezirke.map((bezirk) => areas.ids.flatMap((id, index) => (id.startsWith(bezirk) ? [index] : [])));
  const geometries = areas.features.map((feature) => feature.geometry);
  const unions = await bestAsync(1, () => groups.map((members) => dissolve(members.map((member) => geometries[member]))));
  const byTopology = await bestAsync(3, () => dissolveCoverage(geometries, groups));
  const exact = byTopology.result.every((geometry) => geometry !== undefined);
  report(`levels: ${bezirke.length} Bezirke by shared edges${exact ? '' : ' (some by union)'}`, byTopology.ms, unions, 'polygon unions');
}

// Saving a step, in Chromium on the editor's test page (needs the bundle: `npx rollup -c`): the main-thread time of
// writing one step to IndexedDB (its own record, cloned at the moment of the step, strict durability), as the
// user-timing entry "sozialraum-editor save" measures it, over 100 steps of every kind. The commit itself runs off
// the main thread; the compacted snapshot every 50 steps is written when the page is idle and reported apart.
{
  const { chromium } = await import('playwright-core');
  const { serve } = await import('../scripts/serve.mjs');
  const { chromiumArgs, chromiumPath } = await import('../scripts/chromium.mjs');
  const { server, url } = await serve();
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: chromiumArgs });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${url}test/pages/editor-persist.html?key=bench-${Date.now()}`);
    await page.waitForFunction(() => customElements.get('sozialraum-editor') !== undefined);
    const timings = await page.evaluate(async () => {
      const editor = document.querySelector('sozialraum-editor');
      await editor.ready;
      const session = editor.session;
      const arcIndex = (ref) => (ref < 0 ? ~ref : ref);
      const kinds = ['rename', 'split', 'merge', 'vertex'];
      let cursor = 0;
      let done = 0;
      performance.clearMeasures('sozialraum-editor save');
      while (done < 100) {
        const areas = session.topology.areas.filter(Boolean);
        const area = areas[(cursor++ * 37) % areas.length];
        const kind = kinds[done % kinds.length];
        let request;
        if (kind === 'rename') request = { operation: 'rename', key: area.key, name: `Bench ${done}` };
        else if (kind === 'merge') {
          const arcs = new Set(area.polygons.flat(2).map(arcIndex));
          const other = areas.find((candidate) => candidate !== area && candidate.polygons.flat(2).some((ref) => arcs.has(arcIndex(ref))));
          request = other && { operation: 'merge', keys: [area.key, other.key] };
        } else if (kind === 'split') {
          const geometry = session.geometry(area.key);
          const ring = geometry.type === 'Polygon' ? geometry.coordinates[0] : geometry.coordinates[0][0];
          const xs = ring.map((p) => p[0]);
          const ys = ring.map((p) => p[1]);
          const y = (Math.min(...ys) + Math.max(...ys)) / 2 + 0.37;
          request = { operation: 'split', key: area.key, line: [[Math.min(...xs) - 5, y], [Math.max(...xs) + 5, y + 0.5]] };
        } else {
          const arc = area.polygons[0][0].map((ref) => session.topology.arcs[arcIndex(ref)]).find((candidate) => candidate && candidate.length > 2);
          const from = arc && arc[Math.floor(arc.length / 2)];
          request = from && { operation: 'vertex', from, to: [from[0] + 3.25, from[1] - 2.5] };
        }
        if (request && editor.step(request)) {
          done += 1;
          await new Promise((resolve) => requestAnimationFrame(resolve));
        }
      }
      await editor.saved;
      await new Promise((resolve) => setTimeout(resolve, 3000));
      await editor.saved;
      const saves = performance.getEntriesByName('sozialraum-editor save').map((entry) => entry.duration);
      const snapshots = performance.getEntriesByName('sozialraum-editor snapshot').map((entry) => entry.duration);
      return { saves, snapshots, status: editor.saveStatus };
    });
    const sorted = [...timings.saves].sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)];
    const worst = sorted.at(-1);
    console.log(`saving a step (${sorted.length} steps, ${timings.status.committed} committed): median ${format(median, 2)} ms, worst ${format(worst, 2)} ms of main-thread time (budget 20 ms)`);
    if (timings.snapshots.length > 0) console.log(`  compacted snapshot when idle (${timings.snapshots.length}×): worst ${format(Math.max(...timings.snapshots), 1)} ms`);
    if (worst >= 20) process.exitCode = 1;
  } finally {
    await browser.close();
    server.close();
  }
}
