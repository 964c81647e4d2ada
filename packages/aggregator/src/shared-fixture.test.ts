/// <reference types="mocha" />
// The shared fixture of "aggregate to areas with protection": the same input through `sozialraum aggregate` (run by
// the test server on this build, see web-test-runner.config.mjs) and through <sozialraum-aggregator> in Chromium, and
// the two CSV files compared byte for byte. Both come from core's protectAggregation, so the browser download is as
// protected as the command line's: the minimum population, the differencing guard, the notes on the input.
import { expect } from 'chai';
import { runCli } from '../../element/dist/test/cli.js';
import '@sozialraum/map';
import './index.js';
import type { SozialraumMap } from '@sozialraum/map';
import type { FeatureCollection, Polygon } from 'geojson';
import type { SozialraumAggregator } from './sozialraum-aggregator.js';

const BERLIN = '/data-samples/berlin/lor_planungsraeume_2021.geojson';
const GRID = 'data-samples/berlin/zensus2011_einwohner_100m.csv';
const TIFF = 'data-samples/berlin/zensus2011_einwohner_100m.tif';
const KITAS = 'data-samples/berlin/facilities/kitas.geojson';
const JUGEND = 'data-samples/berlin/facilities/jugendfreizeiteinrichtungen.geojson';
const POINTS = 'packages/core/test/fixtures/points';

/** The Berlin Planungsräume keyed by `id`, the key column both front ends then write. */
async function berlin(): Promise<FeatureCollection> {
  const collection = (await (await fetch(BERLIN)).json()) as FeatureCollection;
  return {
    ...collection,
    features: collection.features.map((feature) => ({
      ...feature,
      properties: { id: String(feature.properties!.PLR_ID), name: feature.properties!.PLR_NAME },
    })),
  };
}

const box = (x0: number, y0: number, x1: number, y1: number): Polygon => ({
  type: 'Polygon',
  coordinates: [
    [
      [x0, y0],
      [x1, y0],
      [x1, y1],
      [x0, y1],
      [x0, y0],
    ],
  ],
});

/** B and B padded with half a 3-person cell and 12 empty cells, drawn in EPSG:3035. */
function paddedPair(): FeatureCollection {
  const B = box(4531400, 3265300, 4531700, 3265600);
  const padded = [B, box(4531350, 3265400, 4531400, 3265500), box(4530800, 3265500, 4531400, 3265700)];
  return {
    type: 'FeatureCollection',
    crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::3035' } },
    features: [
      { type: 'Feature', properties: { id: 'B' }, geometry: B },
      { type: 'Feature', properties: { id: 'A' }, geometry: { type: 'MultiPolygon', coordinates: padded.map((part) => part.coordinates) } },
    ],
  } as FeatureCollection;
}

interface Case {
  areas: FeatureCollection;
  /** The input: a grid table (with its column), a raster, or points with the property summed and the one split by. */
  input: { grid: string } | { raster: string } | { points: string; sum?: string; category: string };
  method?: string;
  minPopulation?: number;
  confidential?: boolean;
  /** The office's secret: the CLI reads it from a file, the page hands the element its bytes. */
  secret?: string;
}

const SECRET = 'a8f1c2e9d0b34f7a9e6c5d4b3a2f1e0d\n';

function cliInput(input: Case['input']): string[] {
  if ('grid' in input) return ['--grid', input.grid, '--value', 'Einwohner'];
  if ('raster' in input) return ['--raster', input.raster];
  return ['--points', input.points, ...(input.sum ? ['--sum', input.sum] : []), '--category', input.category];
}

function elementInput(input: Case['input']): Record<string, string> {
  if ('grid' in input) return { grid: `/${input.grid}`, value: 'Einwohner', stats: 'sum', name: 'sum' };
  if ('raster' in input) return { raster: `/${input.raster}`, stats: 'sum', name: 'sum' };
  // No name: the columns are the command line's (count, sum, count_<category>).
  return { points: `/${input.points}`, ...(input.sum ? { sum: input.sum } : {}), category: input.category };
}

async function viaCli(fixture: Case): Promise<string> {
  const input = cliInput(fixture.input);
  const answer = await runCli({
    args: [
      'aggregate',
      '--areas',
      '{areas.geojson}',
      '--id-field',
      'id',
      ...input,
      ...(fixture.method ? ['--method', fixture.method] : []),
      ...(fixture.minPopulation !== undefined ? ['--min-population', String(fixture.minPopulation)] : []),
      ...(fixture.confidential ? ['--confidential'] : []),
      ...(fixture.secret ? ['--secret', '{secret.key}'] : []),
      '--out',
      '{out.csv}',
    ],
    files: { 'areas.geojson': JSON.stringify(fixture.areas), ...(fixture.secret ? { 'secret.key': fixture.secret } : {}) },
    outputs: ['out.csv'],
  });
  return answer.written['out.csv'];
}

let map: SozialraumMap | undefined;

async function viaElement(fixture: Case): Promise<string> {
  const map_ = document.createElement('sozialraum-map');
  map_.setAttribute('id-field', 'id');
  map_.setAttribute('lang', 'en');
  const aggregator = document.createElement('sozialraum-aggregator');
  const attributes: Record<string, string> = {
    ...elementInput(fixture.input),
    lang: 'en',
    workers: '2',
    ...(fixture.method ? { method: fixture.method } : {}),
    ...(fixture.minPopulation !== undefined ? { 'min-population': String(fixture.minPopulation) } : {}),
  };
  for (const [name, value] of Object.entries(attributes)) aggregator.setAttribute(name, value);
  if (fixture.confidential) aggregator.setAttribute('confidential', '');
  if (fixture.secret) (aggregator as SozialraumAggregator).secret = new TextEncoder().encode(fixture.secret);
  map_.append(aggregator);
  document.body.append(map_);
  map = map_;
  const loaded = new Promise((resolve) => map_.addEventListener('sozialraum-data-load', resolve, { once: true }));
  map_.areas = fixture.areas;
  await loaded;
  await aggregator.updateComplete;
  const result = await (aggregator as SozialraumAggregator).run();
  return result.csv;
}

describe('aggregate to areas with protection: the CLI and <sozialraum-aggregator> write the same CSV', function () {
  this.timeout(180_000);

  afterEach(() => {
    map?.remove();
    map = undefined;
  });

  it('the Zensus grid on the 542 Planungsräume with a minimum population of 300, public input', async () => {
    const fixture: Case = { areas: await berlin(), input: { grid: GRID }, minPopulation: 300 };
    const [cli, element] = [await viaCli(fixture), await viaElement(fixture)];
    expect(cli.split('\r\n')).to.have.length(544);
    expect(cli).to.match(/small-population/, 'some areas are under 300 and withheld');
    expect(element).to.equal(cli);
  });

  it('the GeoTIFF of the same cells by cell centres, declared confidential', async () => {
    const fixture: Case = { areas: await berlin(), input: { raster: TIFF }, method: 'centre', confidential: true };
    const [cli, element] = [await viaCli(fixture), await viaElement(fixture)];
    expect(cli).to.contain(',input confidential\r\n');
    expect(element).to.equal(cli);
  });

  it('the Kitas of Berlin as points, their places summed and the counts split by kind of provider, with a minimum of 5 Kitas', async () => {
    const fixture: Case = { areas: await berlin(), input: { points: KITAS, sum: 'plaetze', category: 'traeger_art' }, minPopulation: 5 };
    const [cli, element] = [await viaCli(fixture), await viaElement(fixture)];
    const lines = cli.split('\r\n');
    expect(lines[0]).to.match(/^id,count,sum,count_.+,flags,notes$/);
    expect(lines).to.have.length(544);
    expect(cli).to.match(/,suppressed[|,]/, 'small split counts are suppressed with their total');
    expect(cli).to.match(/small-population/, 'areas with fewer than 5 Kitas are withheld');
    expect(element).to.equal(cli);
  });

  it('confidential Kitas counted per kind of provider with the office secret: the same perturbed counts in the browser and the CLI', async () => {
    const fixture: Case = { areas: await berlin(), input: { points: KITAS, category: 'traeger_art' }, confidential: true, secret: SECRET };
    const [cli, element] = [await viaCli(fixture), await viaElement(fixture)];
    const plain = await viaCli({ ...fixture, secret: undefined });
    expect(cli).to.match(/,perturbed[|,]/, 'counts are perturbed');
    expect(cli).not.to.equal(plain, 'the noise moves some counts');
    expect(element).to.equal(cli);
  });

  it('the confidential Zensus grid with the office secret: the browser perturbs the sums as the CLI does', async () => {
    const fixture: Case = { areas: await berlin(), input: { grid: GRID }, confidential: true, secret: SECRET };
    const [cli, element] = [await viaCli(fixture), await viaElement(fixture)];
    expect(cli).to.match(/,perturbed[|,]/, 'sums are perturbed');
    expect(element).to.equal(cli);
  });

  it('the youth centres as FlatGeobuf and as a zipped Shapefile count as their GeoJSON does, in the browser and the CLI', async () => {
    // Made with GDAL from the GeoJSON (packages/core/test/fixtures/points/README.md); dBase cuts traeger_art to traeger_ar.
    const areas = await berlin();
    const youth = (points: string, category: string): Case => ({ areas, input: { points, sum: 'plaetze', category } });
    const geojson = await viaCli(youth(JUGEND, 'traeger_art'));
    expect(geojson.split('\r\n')[0]).to.match(/^id,count,sum,count_.+,flags,notes$/);
    for (const fixture of [youth(`${POINTS}/jugend.fgb`, 'traeger_art'), youth(`${POINTS}/jugend.shp.zip`, 'traeger_ar')]) {
      const [cli, element] = [await viaCli(fixture), await viaElement(fixture)];
      expect(element).to.equal(cli);
      expect(cli).to.equal(geojson);
      map?.remove();
      map = undefined;
    }
  });

  it('the padded pair: the browser download withholds A, as the command line does, and gives nothing of the 157.5 away', async () => {
    const fixture: Case = { areas: paddedPair(), input: { grid: GRID }, confidential: true };
    const [cli, element] = [await viaCli(fixture), await viaElement(fixture)];
    const lines = element.split('\r\n');
    expect(lines[0]).to.equal('id,sum,flags,notes');
    expect(lines[1]).to.equal('B,156,,input confidential', "the office's own grid: exact, no estimate");
    expect(lines[2]).to.match(/^A,,suppressed\|near-duplicate-suppressed,input confidential; differs from B by 13 cells; suppressed/);
    expect(element).not.to.contain('157');
    expect(element).to.equal(cli);
  });
});
