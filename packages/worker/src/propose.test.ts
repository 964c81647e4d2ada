/// <reference types="mocha" />
// The proposal task in Chromium: the pool's worker (and its main-thread fallback) gives the partition core gives in
// Node, which `sozialraum propose` computes in the test server's process (web-test-runner.config.mjs); progress
// arrives per pass, and a cancel ends the work. On the 6 × 6 city with a railway (core's test/fixtures/workbench/)
// and on Bezirk Mitte from the Zensus 2011 cells of data-samples/.
import { expect } from 'chai';
import { executeServerCommand } from '@web/test-runner-commands';
import type { FeatureCollection } from 'geojson';
import { SozialraumError, barrierAdjacencies, cellUnits, readAreas, readBarriers, readZensusGrid, type Proposal, type UnitLayer } from '@sozialraum/core';
import { WorkerPool, type ProposeRequest } from './index.js';
import './propose.js';

const FIXTURES = 'packages/core/test/fixtures/workbench';
const GRID = 'data-samples/berlin/zensus2011_einwohner_100m.csv';
const PLR = 'data-samples/berlin/lor_planungsraeume_2021.geojson';

const text = async (path: string) => (await fetch(`/${path}`)).text();

/** The 6 × 6 city: 36 cells of 100 residents, a railway between the third and fourth column. */
async function city(): Promise<{ request: ProposeRequest; args: string[] }> {
  const zensus = readZensusGrid(await text(`${FIXTURES}/city-grid.csv`), { source: 'city-grid.csv', value: 'Einwohner' });
  const territory = readAreas(JSON.parse(await text(`${FIXTURES}/city.geojson`)) as FeatureCollection, { source: 'city.geojson', idField: 'BEZ' });
  const layer = cellUnits({ grid: zensus.grid, values: zensus.values, nodata: zensus.nodata }, territory);
  const railways = JSON.parse(await text(`${FIXTURES}/railways.geojson`)) as FeatureCollection;
  const barriers = readBarriers([{ collection: railways, crs: 'EPSG:3035' }], { crs: layer.crs });
  const options = { minimum: 500, target: 900, maximum: 1300, seed: 3, barrierEdges: barrierAdjacencies(layer, barriers) };
  const args = [
    ...['--grid', `${FIXTURES}/city-grid.csv`, '--within', `${FIXTURES}/city.geojson`, '--within-id', 'BEZ'],
    ...['--min', '500', '--target', '900', '--max', '1300', '--seed', '3', '--barriers', `${FIXTURES}/railways.geojson`],
  ];
  return { request: { layer, options }, args };
}

/** Bezirk Mitte: its 49 Planungsräume keyed by the Bezirk as the territory, the Zensus 2011 cells as units. */
async function mitte(): Promise<{ request: ProposeRequest; args: string[]; files: Record<string, string> }> {
  const plr = JSON.parse(await text(PLR)) as FeatureCollection;
  const territory = { ...plr, features: plr.features.filter((feature) => feature.properties!['BEZ'] === '01') };
  const zensus = readZensusGrid(await text(GRID), { source: 'zensus2011_einwohner_100m.csv', value: 'Einwohner' });
  const layer = cellUnits(
    { grid: zensus.grid, values: zensus.values, nodata: zensus.nodata },
    readAreas(territory, { source: 'mitte.geojson', idField: 'BEZ' }),
  );
  const options = { minimum: 1000, target: 7000, maximum: 12000, seed: 11 };
  const args = ['--grid', GRID, '--within', '{mitte.geojson}', '--within-id', 'BEZ', '--min', '1000', '--target', '7000', '--max', '12000', '--seed', '11'];
  return { request: { layer, options }, args, files: { 'mitte.geojson': JSON.stringify(territory) } };
}

/** The area key of every unit, as `--units-out` writes it: "unit,area" lines. */
function unitAreas(layer: UnitLayer, proposal: Proposal): string[] {
  return layer.ids.map((id, unit) => `${id},${proposal.areas[proposal.assignment[unit]!]!.key}`);
}

/** The same as computed by `sozialraum propose` in Node. */
async function inNode(args: readonly string[], files: Record<string, string> = {}): Promise<string[]> {
  const answer = await executeServerCommand<
    { code: number; stderr: string; written: Record<string, string | null> },
    { args: string[]; files: Record<string, string>; outputs: string[] }
  >('sozialraum-cli', { args: ['propose', ...args, '--units-out', '{units.csv}', '--report', '{report.csv}'], files, outputs: ['units.csv'] });
  expect(answer.code, answer.stderr).to.be.oneOf([0, 1]);
  const lines = answer.written['units.csv']!.split('\r\n').filter(Boolean);
  expect(lines[0]).to.equal('unit,area');
  return lines.slice(1);
}

describe('the propose task', function () {
  this.timeout(120_000);
  const pools: WorkerPool[] = [];
  const pool = (size: number) => {
    const created = new WorkerPool({ size });
    pools.push(created);
    return created;
  };

  afterEach(() => {
    for (const created of pools.splice(0)) created.dispose();
  });

  it('partitions the 6 × 6 city in a worker as core does in Node: four areas of 900 along the railway, progress per pass', async () => {
    const { request, args } = await city();
    const progress: [number, number][] = [];
    const workers = pool(1);
    const proposal = await workers.run('propose', request, { onProgress: (done, total) => progress.push([done, total]) });
    expect(workers.onMainThread).to.equal(false);
    expect(proposal.areas.map((area) => area.residents)).to.deep.equal([900, 900, 900, 900]);
    expect(proposal.areas.every((area) => area.rules.every((rule) => rule.met))).to.equal(true);
    expect(unitAreas(request.layer, proposal)).to.deep.equal(await inNode(args));
    expect(progress[0]).to.deep.equal([0, 60], 'the first message comes after the growth');
    expect(progress.length).to.equal(proposal.passes + 1, 'one message after the growth and one per pass');
  });

  it('gives the same partition on the main thread when the pool has no workers', async () => {
    const { request, args } = await city();
    const mainThread = pool(0);
    const proposal = await mainThread.run('propose', request);
    expect(mainThread.onMainThread).to.equal(true);
    expect(unitAreas(request.layer, proposal)).to.deep.equal(await inNode(args));
  });

  it('partitions Bezirk Mitte from its 3,947 cells as core does in Node, every area within 1,000 to 12,000', async () => {
    const { request, args, files } = await mitte();
    expect(request.layer.ids.length).to.equal(3947);
    const proposal = await pool(1).run('propose', request);
    expect(unitAreas(request.layer, proposal)).to.deep.equal(await inNode(args, files));
    for (const area of proposal.areas) expect(area.residents, area.key).to.be.within(1000, 12000);
  });

  it('cancels a running proposal: the promise rejects as aborted, no progress follows, and no worker remains', async () => {
    const { request } = await mitte();
    const workers = pool(1);
    const controller = new AbortController();
    const progress: number[] = [];
    let caught: unknown;
    try {
      await workers.run('propose', request, {
        signal: controller.signal,
        onProgress: (done) => {
          progress.push(done);
          controller.abort();
        },
      });
    } catch (error) {
      caught = error;
    }
    expect(caught).to.be.instanceOf(SozialraumError);
    expect((caught as SozialraumError).code).to.equal('aborted');
    expect(workers.liveWorkers).to.equal(0);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(progress).to.deep.equal([0], 'the search stopped after the growth');
  });
});
