/// <reference types="mocha" />
// <sozialraum-aggregator> inside <sozialraum-map> in Chromium, on the 542 Berlin Planungsräume with the Zensus 2011
// residents grid (CSV) and the same cells as a Cloud Optimized GeoTIFF: progress, results equal to core on the
// main thread, the same in workers and without, cancel, bad input, the table extension, the download, axe-core.
import { expect } from 'chai';
import '@sozialraum/map';
import './index.js';
import {
  SozialraumError,
  coverageWeights,
  decodeText,
  fetchBytes,
  loadAreas,
  readZensusGrid,
  zonalStatistics,
  type AreaCollection,
  type AreaStatistics,
} from '@sozialraum/core';
import '@sozialraum/choropleth';
import type { SozialraumErrorDetail, SozialraumMap, TableExtendDetail, ThematicLayer } from '@sozialraum/map';
import type { FeatureCollection } from 'geojson';
import type { AggregationProgressDetail, AggregationResult, SozialraumAggregator } from './sozialraum-aggregator.js';
import { nextEvent } from '../../element/dist/test/map.js';

const BERLIN = '/data-samples/berlin/lor_planungsraeume_2021.geojson';
const GRID = '/data-samples/berlin/zensus2011_einwohner_100m.csv';
const TIFF = '/data-samples/berlin/zensus2011_einwohner_100m.tif';
const MSS = '/data-samples/berlin/mss2021_indexindikatoren.csv';

/** Residents per Planungsraum computed with core on the main thread, the reference for every run below. */
let reference: Promise<{ areas: AreaCollection; sums: Map<string, number> }> | undefined;
function coreReference() {
  reference ??= (async () => {
    const areas = await loadAreas(await fetchBytes(BERLIN), { source: 'lor_planungsraeume_2021.geojson', idField: 'PLR_ID' });
    const grid = readZensusGrid(decodeText(await fetchBytes(GRID)), { source: 'zensus2011_einwohner_100m.csv', value: 'Einwohner' });
    const stats: AreaStatistics[] = zonalStatistics(coverageWeights(areas, grid.grid, { method: 'exact' }), grid, ['sum']);
    return { areas, sums: new Map(stats.map((area) => [area.id, area.sum!])) };
  })();
  return reference;
}

function collect<T>(target: EventTarget, type: string): T[] {
  const details: T[] = [];
  target.addEventListener(type, (event) => details.push((event as CustomEvent<T>).detail));
  return details;
}

async function createMap(aggregatorAttributes: Record<string, string>): Promise<{ map: SozialraumMap; aggregator: SozialraumAggregator }> {
  const map = document.createElement('sozialraum-map');
  map.setAttribute('areas', BERLIN);
  map.setAttribute('id-field', 'PLR_ID');
  map.style.cssText = 'display: block; width: 800px; --sozialraum-map-height: 300px;';
  const aggregator = document.createElement('sozialraum-aggregator');
  for (const [name, value] of Object.entries(aggregatorAttributes)) aggregator.setAttribute(name, value);
  map.append(aggregator);
  document.body.append(map);
  await map.ready;
  await aggregator.updateComplete;
  return { map, aggregator };
}

function shadow(element: Element, selector: string): HTMLElement | null {
  return element.shadowRoot!.querySelector<HTMLElement>(selector);
}

function text(element: Element | null): string {
  return element?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the promise to reject');
}

async function expectSameAsCore(result: AggregationResult): Promise<void> {
  const { sums } = await coreReference();
  expect(result.areas).to.have.length(542);
  let worst = 0;
  for (const area of result.areas) worst = Math.max(worst, Math.abs(area.sum! - sums.get(area.id)!));
  expect(worst, 'largest difference to core on the main thread').to.be.below(1e-6);
  const total = result.areas.reduce((sum, area) => sum + area.sum!, 0);
  // The official Berlin population of the Zensus 2011 is 3,292,365; the grid puts 3.29 million inside the city.
  expect(total).to.be.within(3_285_000, 3_300_000);
}

async function axeViolations(element: Element): Promise<string[]> {
  await import('/node_modules/axe-core/axe.min.js' as string);
  const axe = (window as unknown as { axe: { run: (context: Element) => Promise<{ violations: { id: string; help: string }[] }> } }).axe;
  return (await axe.run(element)).violations.map((violation) => `${violation.id}: ${violation.help}`);
}

describe('<sozialraum-aggregator>', function () {
  this.timeout(60_000);
  let map: SozialraumMap | undefined;

  afterEach(() => {
    map?.remove();
    map = undefined;
  });

  it('puts the Zensus grid onto the 542 Planungsräume in workers, with progress rising to 100 %, the same sums as core, and the table extension', async () => {
    const created = await createMap({ grid: GRID, value: 'Einwohner', name: 'EW_Zensus', stats: 'sum,density', workers: '2' });
    map = created.map;
    const { aggregator } = created;
    const progress = collect<AggregationProgressDetail>(aggregator, 'sozialraum-aggregation-progress');
    const extended = nextEvent<TableExtendDetail>(map, 'sozialraum-table-extend');
    const completed = nextEvent<AggregationResult>(document, 'sozialraum-aggregation-complete');
    const result = await aggregator.run();

    const counted = progress.filter((entry) => entry.phase === 'aggregate');
    expect(progress[0]!.phase).to.equal('read');
    expect(counted.length).to.be.greaterThan(5);
    for (let i = 1; i < counted.length; i += 1) expect(counted[i]!.done).to.be.at.least(counted[i - 1]!.done);
    expect(counted.at(-1)).to.deep.equal({ phase: 'aggregate', done: 542, total: 542 });

    await expectSameAsCore(result);
    expect(result.mainThread).to.equal(false);
    expect(aggregator.pool!.onMainThread).to.equal(false);
    expect(aggregator.pool!.liveWorkers).to.be.within(1, 2);
    expect(aggregator.pool!.busyWorkers).to.equal(0);
    expect(result.estimated).to.equal(true);
    expect(result.value).to.equal('Einwohner');

    // Density is residents per km² of the Planungsraum: the sum over its area (GROESSE_M2, measured in EPSG:25833,
    // differs from the equal-area measure by the UTM scale error, well under 0.5 %).
    const { areas } = await coreReference();
    for (const area of result.areas.slice(0, 100)) {
      const km2 = Number(areas.features[areas.ids.indexOf(area.id)]!.properties!.GROESSE_M2) / 1e6;
      expect(area.density! * km2, area.id).to.be.closeTo(area.sum!, area.sum! * 0.005 + 1e-9);
    }
    const mitte = result.areas.find((area) => area.id === '01100101')!;

    const { detail } = await extended;
    expect(detail.columns).to.deep.equal(['EW_Zensus', 'EW_Zensus_density']);
    expect(detail.source).to.equal('zensus2011_einwohner_100m.csv');
    expect(Object.keys(detail.rows)).to.have.length(542);
    expect(Number(detail.rows['01100101']!.EW_Zensus)).to.be.closeTo(mitte.sum!, 1e-6);
    expect(detail.rows['01100101']!.EW_Zensus).to.match(/^\d+(\.\d+)?$/);
    expect((await completed).detail).to.equal(result);

    await aggregator.updateComplete;
    const link = shadow(aggregator, '[part="download"]') as HTMLAnchorElement;
    expect(link.download).to.equal('EW_Zensus.csv');
    expect(link.href).to.match(/^blob:/);
    const csv = await (await fetch(link.href)).text();
    const lines = csv
      .replace(/^\ufeff/, '')
      .trim()
      .split(/\r\n/);
    expect(lines[0]).to.equal('PLR_ID,EW_Zensus,EW_Zensus_density,flags,notes');
    expect(lines).to.have.length(543);
    expect(lines.find((line) => line.startsWith('01100101,'))).to.match(/^01100101,\d+(\.\d+)?,\d+(\.\d+)?,estimated,Eingabe öffentlich$/);
    expect(text(shadow(aggregator, '[part="status"]')))
      .to.contain('542 Gebiete')
      .and.contain('Schätzungen');
    expect(shadow(aggregator, '[role="alert"]')).to.equal(null);
  });

  it("joins the results to the map's table, so a choropleth shows them at once", async () => {
    const created = await createMap({ grid: GRID, value: 'Einwohner', name: 'EW_Zensus', workers: '1' });
    map = created.map;
    const choropleth = document.createElement('sozialraum-choropleth');
    choropleth.setAttribute('indicator', 'EW_Zensus');
    map.append(choropleth);
    const shown = new Promise<ThematicLayer>((resolve) =>
      map!.addEventListener('sozialraum-thematic-change', (event) => {
        const detail = (event as CustomEvent<ThematicLayer | null>).detail;
        if (detail?.kind === 'indicator') resolve(detail);
      }),
    );
    const result = await created.aggregator.run();
    const thematic = await shown;
    const mitte = thematic.result.areas.find((area) => area.id === '01100101')!;
    expect(mitte.values.EW_Zensus).to.be.closeTo(result.areas.find((area) => area.id === '01100101')!.sum!, 1e-6);
    expect(thematic.result.areas.filter((area) => area.class !== null)).to.have.length(542);
  });

  it('withholds small counts in the table and the download, with the means that would give them back, unless min-count="0"', async () => {
    // Two areas on four cells of 100 m: "A" covers the cells holding 1, 2, 5 and 6 residents (14), "B" a quarter of
    // a cell holding 6 (1.5 residents, below 3).
    const square = (minX: number, minY: number, maxX: number, maxY: number) => ({
      type: 'Polygon' as const,
      coordinates: [
        [
          [minX, minY],
          [maxX, minY],
          [maxX, maxY],
          [minX, maxY],
          [minX, minY],
        ],
      ],
    });
    const areas = {
      type: 'FeatureCollection',
      crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::3035' } },
      features: [
        { type: 'Feature', properties: { id: 'A', name: 'Nord' }, geometry: square(4_000_000, 2_999_800, 4_000_200, 3_000_000) },
        { type: 'Feature', properties: { id: 'B', name: 'Süd' }, geometry: square(4_000_250, 2_999_650, 4_000_300, 2_999_700) },
      ],
    } as FeatureCollection;
    const csv = [
      'GITTER_ID_100m;Einwohner',
      'CRS3035RES100mN2999900E4000000;1',
      'CRS3035RES100mN2999900E4000100;2',
      'CRS3035RES100mN2999800E4000000;5',
      'CRS3035RES100mN2999800E4000100;6',
      'CRS3035RES100mN2999600E4000200;6',
    ].join('\n');
    const map_ = document.createElement('sozialraum-map');
    map_.setAttribute('id-field', 'id');
    map_.innerHTML = '<sozialraum-aggregator workers="1" name="EW" stats="sum,mean"></sozialraum-aggregator>';
    document.body.append(map_);
    map = map_;
    const loaded = nextEvent(map_, 'sozialraum-data-load');
    map_.areas = areas;
    await loaded;
    const aggregator = map_.querySelector('sozialraum-aggregator')!;
    aggregator.file = new File([csv], 'klein.csv', { type: 'text/csv' });
    const result = await aggregator.run();
    expect(result.areas.map((area) => [area.id, area.sum, area.mean])).to.deep.equal([
      ['A', 14, 3.5],
      ['B', 1.5, 6],
    ]);
    expect(result.rows).to.deep.equal({ A: { EW: '14', EW_mean: '3.5' }, B: { EW: '', EW_mean: '' } });
    const lines = result.csv.trim().split(/\r\n/);
    expect(lines[0]).to.equal('id,EW,EW_mean,flags,notes');
    expect(lines[1]).to.equal('A,14,3.5,estimated,Eingabe öffentlich');
    expect(lines[2]).to.match(/^B,,,suppressed,/);
    expect(lines[2]).to.not.contain('1.5');
    await aggregator.updateComplete;
    expect(text(shadow(aggregator, '[part="status"]'))).to.contain('Summe über alle Gebiete: 14 (ohne 1 Gebiet');
    expect(text(shadow(aggregator, '[part="warnings"]'))).to.match(/Hinweise? zu den Daten.*unter 3 in 1 Gebiet gesperrt/);
    expect(text(shadow(aggregator, '[part="warnings"]')), 'disclosure notes in German').not.to.match(/\b(the|below|suppressed|counts?)\b/);

    aggregator.setAttribute('min-count', '0');
    const open = await aggregator.run();
    expect(open.rows.B).to.deep.equal({ EW: '1.5', EW_mean: '6' });
  });

  it('reads the GeoTIFF (a COG, by range requests) and gives the same residents as the grid', async () => {
    const created = await createMap({ raster: TIFF, workers: '2', stats: 'sum' });
    map = created.map;
    const result = await created.aggregator.run();
    await expectSameAsCore(result);
    expect(result.value).to.equal('band 1');
    expect(result.columns).to.deep.equal(['zensus2011_einwohner_100m']);
    expect(result.estimated).to.equal(false);
  });

  it('reads only the tiles of the GeoTIFF under the areas', async () => {
    // Spandau, the district on the western edge: one of the raster's four 256 × 256 tiles lies under it.
    const berlin = (await (await fetch(BERLIN)).json()) as FeatureCollection;
    const spandau = { ...berlin, features: berlin.features.filter((feature) => String(feature.properties!.PLR_ID).startsWith('05')) };
    const created = await createMap({ raster: TIFF, workers: '1' });
    map = created.map;
    const loaded = nextEvent(map, 'sozialraum-data-load');
    map.areas = spandau;
    await loaded;
    await created.aggregator.updateComplete;
    // The page has loaded hundreds of modules; a fresh buffer keeps the timing entries of the raster's requests.
    performance.clearResourceTimings();
    performance.setResourceTimingBufferSize(1_000);
    const since = performance.now();
    const result = await created.aggregator.run();
    const { sums } = await coreReference();
    expect(result.areas).to.have.length(spandau.features.length);
    for (const area of result.areas) expect(area.sum).to.be.closeTo(sums.get(area.id)!, 1e-6);
    const requests = (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).filter(
      (entry) => entry.name.endsWith('.tif') && entry.startTime >= since,
    );
    const bytes = requests.reduce((sum, entry) => sum + entry.encodedBodySize, 0);
    const fileSize = (await fetchBytes(TIFF)).length;
    expect(requests.length).to.be.greaterThan(0);
    expect(bytes, `${bytes} of ${fileSize} bytes read`).to.be.below(fileSize / 2);
  });

  it('names a chosen file of 100,000 characters isolated and in at most three lines', async () => {
    const created = await createMap({ workers: '1' });
    map = created.map;
    const { aggregator } = created;
    const name = `${'Gitter '.repeat(14_285)}\u202egnirts.csv`;
    aggregator.file = new File(['x_mp_100m;y_mp_100m;Einwohner\n'], name, { type: 'text/csv' });
    await aggregator.updateComplete;
    const source = shadow(aggregator, '.source')!;
    const style = getComputedStyle(source);
    const lineHeight = parseFloat(style.lineHeight) || 1.4 * parseFloat(style.fontSize);
    const box = source.getBoundingClientRect();
    console.log(`aggregator with a file name of ${name.length} characters: source line ${Math.round(box.width)} × ${Math.round(box.height)} px`);
    expect(box.width, 'width (px)').to.be.at.most(aggregator.getBoundingClientRect().width);
    expect(box.height, 'at most three lines (px)').to.be.at.most(3 * lineHeight + 1);
    // Whole in the text, between FIRST STRONG ISOLATE and POP DIRECTIONAL ISOLATE.
    expect(source.textContent).to.contain(`Quelle: \u2068${name}\u2069`);
  });

  it('gives the same results on the main thread with workers="0", starting no worker, with progress', async () => {
    const created = await createMap({ grid: GRID, value: 'Einwohner', workers: '0' });
    map = created.map;
    const progress = collect<AggregationProgressDetail>(created.aggregator, 'sozialraum-aggregation-progress');
    const result = await created.aggregator.run();
    const counted = progress.filter((entry) => entry.phase === 'aggregate');
    await expectSameAsCore(result);
    expect(result.mainThread).to.equal(true);
    expect(created.aggregator.pool!.liveWorkers).to.equal(0);
    expect(counted.length).to.be.greaterThan(5);
    expect(counted.at(-1)).to.deep.equal({ phase: 'aggregate', done: 542, total: 542 });
    await created.aggregator.updateComplete;
    expect(text(shadow(created.aggregator, '[part="status"]'))).to.contain('Hauptprozess');
  });

  for (const workers of ['2', '0']) {
    it(`stops with Cancel (workers="${workers}"): the run rejects as aborted, progress stops, no worker remains`, async () => {
      const created = await createMap({ grid: GRID, value: 'Einwohner', workers });
      map = created.map;
      const { aggregator } = created;
      const errors = collect<SozialraumErrorDetail>(aggregator, 'sozialraum-error');
      const counted: number[] = [];
      let countAtCancel = -1;
      aggregator.addEventListener('sozialraum-aggregation-progress', (event) => {
        const detail = (event as CustomEvent<AggregationProgressDetail>).detail;
        if (detail.phase !== 'aggregate') return;
        counted.push(detail.done);
        if (countAtCancel < 0) {
          countAtCancel = counted.length;
          // The user's click on the Cancel button next to the progress bar.
          shadow(aggregator, '[part="cancel"]')!.click();
        }
      });
      const run = aggregator.run();
      await aggregator.updateComplete;
      const progressBar = aggregator.shadowRoot!.querySelector('progress')!;
      expect(progressBar.getAttribute('aria-label')).to.equal('Fortschritt der Berechnung');
      const error = await rejection(run);
      expect(error).to.be.instanceOf(SozialraumError);
      expect((error as SozialraumError).code).to.equal('aborted');
      expect(aggregator.pool!.liveWorkers).to.equal(0);
      expect(aggregator.pool!.queuedTasks).to.equal(0);
      await new Promise((resolve) => setTimeout(resolve, 400));
      expect(counted.length, 'no progress after the cancel').to.equal(countAtCancel);
      expect(counted.at(-1)).to.be.below(542);
      expect(aggregator.pool!.liveWorkers).to.equal(0);
      await aggregator.updateComplete;
      expect(shadow(aggregator, '[part="progress"]')).to.equal(null);
      expect(text(shadow(aggregator, '[part="status"]'))).to.equal('Die Berechnung wurde abgebrochen.');
      expect(shadow(aggregator, '[role="alert"]')).to.equal(null);
      expect(errors).to.deep.equal([]);
      // The next run works.
      await expectSameAsCore(await aggregator.run());
    });
  }

  // `source` is the file named in the headline; the event names the URL where the request itself failed.
  const badInputs: { title: string; attributes: Record<string, string>; file?: () => Promise<File>; source: string; eventSource?: string; message: RegExp }[] =
    [
      {
        title: 'a grid URL that answers 404',
        attributes: { grid: '/data-samples/berlin/fehlt.csv', value: 'Einwohner' },
        source: 'fehlt.csv',
        eventSource: '/data-samples/berlin/fehlt.csv',
        message: /fehlt\.csv: the server answered HTTP 404/,
      },
      {
        title: 'a CSV that is not a Zensus grid',
        attributes: { grid: MSS, value: 'EW' },
        source: 'mss2021_indexindikatoren.csv',
        message: /no grid cell column/,
      },
      {
        title: 'a grid without the value column',
        attributes: { grid: GRID, value: 'Haushalte' },
        source: 'zensus2011_einwohner_100m.csv',
        message: /no column "Haushalte"/,
      },
      { title: 'a raster URL that answers 404', attributes: { raster: '/data-samples/berlin/fehlt.tif' }, source: 'fehlt.tif', message: /fehlt\.tif/ },
      {
        title: 'a file that is not a GeoTIFF given as raster',
        attributes: { raster: MSS },
        source: 'mss2021_indexindikatoren.csv',
        message: /not a readable GeoTIFF/,
      },
      {
        title: 'a GeoTIFF cut off in transfer, picked from disk',
        attributes: {},
        file: async () => new File([(await fetchBytes(TIFF)).slice(0, 2_000)], 'abgeschnitten.tif', { type: 'image/tiff' }),
        source: 'abgeschnitten.tif',
        message: /abgeschnitten\.tif/,
      },
    ];
  for (const bad of badInputs) {
    it(`shows ${bad.title} as an alert naming the file, sends sozialraum-error, and keeps working`, async () => {
      const created = await createMap({ ...bad.attributes, workers: '1' });
      map = created.map;
      const { aggregator } = created;
      if (bad.file) aggregator.file = await bad.file();
      const errorEvent = nextEvent<SozialraumErrorDetail>(map, 'sozialraum-error');
      const error = await rejection(aggregator.run());
      expect((error as Error).message).to.match(bad.message);
      const { detail } = await errorEvent;
      expect(detail.source).to.equal(bad.eventSource ?? bad.source);
      expect(detail.message).to.match(bad.message);
      await aggregator.updateComplete;
      const alert = text(shadow(aggregator, '[role="alert"]'));
      expect(alert).to.contain(`„${bad.source}“ konnte nicht auf die Gebiete gerechnet werden.`);
      // The event and the error keep the English message; the German page shows the German text of the same finding.
      expect(alert).to.contain(detail.text);
      expect(detail.language).to.equal('de');
      expect(aggregator.pool!.busyWorkers, 'nothing left running').to.equal(0);
      expect(aggregator.pool!.queuedTasks).to.equal(0);
      expect(await axeViolations(aggregator)).to.deep.equal([]);
      // The page keeps working: the next good input replaces the message.
      aggregator.file = undefined;
      aggregator.removeAttribute('raster');
      aggregator.setAttribute('grid', GRID);
      aggregator.setAttribute('value', 'Einwohner');
      await expectSameAsCore(await aggregator.run());
      await aggregator.updateComplete;
      expect(shadow(aggregator, '[role="alert"]')).to.equal(null);
    });
  }

  it('refuses an unknown statistic or method with a message naming the attribute', async () => {
    const created = await createMap({ grid: GRID, value: 'Einwohner', stats: 'sum,median' });
    map = created.map;
    const error = await rejection(created.aggregator.run());
    expect((error as SozialraumError).code).to.equal('unknown-field');
    expect((error as Error).message).to.match(/^sozialraum-aggregator, column "stats": "median" is not a statistic/);
    created.aggregator.setAttribute('stats', 'sum');
    created.aggregator.setAttribute('method', 'bilinear');
    expect(((await rejection(created.aggregator.run())) as Error).message).to.match(/"bilinear" is not a method/);
  });

  it('refuses a secret too short to keep the record keys secret, and a sum of points with a secret, as the CLI does', async () => {
    const created = await createMap({ grid: GRID, value: 'Einwohner', confidential: '' });
    map = created.map;
    created.aggregator.secret = new TextEncoder().encode('kurz\n');
    const short = (await rejection(created.aggregator.run())) as SozialraumError;
    expect(short.code).to.equal('empty-file');
    expect(short.message).to.match(/^sozialraum-aggregator secret: holds 4 bytes; a secret for the cell-key method needs at least 16/);
    created.aggregator.secret = new TextEncoder().encode('a8f1c2e9d0b34f7a9e6c5d4b3a2f1e0d');
    created.aggregator.removeAttribute('grid');
    created.aggregator.setAttribute('points', '/data-samples/berlin/facilities/kitas.geojson');
    created.aggregator.setAttribute('sum', 'plaetze');
    const summed = (await rejection(created.aggregator.run())) as SozialraumError;
    expect(summed.code).to.equal('unknown-field');
    expect(summed.message).to.match(/column "sum": a secret perturbs counts of records/);
  });

  it('refuses a secret without confidential, as the CLI refuses --secret without --confidential, instead of leaving the counts unperturbed', async () => {
    const created = await createMap({ grid: GRID, value: 'Einwohner' });
    map = created.map;
    created.aggregator.secret = new TextEncoder().encode('a8f1c2e9d0b34f7a9e6c5d4b3a2f1e0d');
    const error = (await rejection(created.aggregator.run())) as SozialraumError;
    expect(error).to.be.instanceOf(SozialraumError);
    expect(error.code).to.equal('missing-value');
    expect(error.location.column).to.equal('confidential');
    expect(error.message).to.match(/secret needs confidential: only confidential counts are perturbed; a published grid is public already/);
    expect(error.text.de).to.contain('secret braucht confidential: nur vertrauliche Zahlen werden überlagert');
    // Declared confidential, the same secret perturbs.
    created.aggregator.setAttribute('confidential', '');
    const result = await created.aggregator.run();
    expect(Object.keys(result.rows)).to.have.length(542);
    expect(result.csv.split('\n')[1], 'flagged perturbed').to.match(/,perturbed,/);
  });

  it('suggests a file name, not the element, when the secret is too short', async () => {
    const created = await createMap({ grid: GRID, value: 'Einwohner', confidential: '' });
    map = created.map;
    created.aggregator.secret = new TextEncoder().encode('kurz');
    const short = (await rejection(created.aggregator.run())) as SozialraumError;
    expect(short.message).to.contain('(e.g. openssl rand -hex 32 > secret.key)');
    expect(short.text.de).to.contain('(z. B. openssl rand -hex 32 > secret.key)');
  });

  it('aggregates a grid file picked from disk, with the column chosen in the form, started with the button', async () => {
    const created = await createMap({ workers: '1', stats: 'sum' });
    map = created.map;
    const { aggregator } = created;
    const start = shadow(aggregator, '[part="start"]') as HTMLButtonElement;
    expect(start.disabled, 'nothing to compute yet').to.equal(true);
    const file = new File([(await fetchBytes(GRID)).slice()], 'mein_gitter.csv', { type: 'text/csv' });
    const input = shadow(aggregator, 'input[type="file"]') as HTMLInputElement;
    const transfer = new DataTransfer();
    transfer.items.add(file);
    input.files = transfer.files;
    input.dispatchEvent(new Event('change'));
    // The element reads the file's first bytes before it takes the file; on a loaded machine that takes a while.
    for (let waited = 0; aggregator.file === undefined && waited < 5000; waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
    await aggregator.updateComplete;
    expect(aggregator.file).to.equal(file);
    expect(aggregator.value).to.equal('Einwohner');
    expect([...aggregator.shadowRoot!.querySelectorAll('datalist option')].map((option) => option.getAttribute('value'))).to.deep.equal(['Einwohner']);
    expect(text(shadow(aggregator, '.source'))).to.contain('mein_gitter.csv');
    const density = aggregator.shadowRoot!.querySelector<HTMLInputElement>('fieldset.stats input[value="density"]')!;
    density.click();
    expect(aggregator.stats).to.equal('sum,density');
    const completed = nextEvent<AggregationResult>(aggregator, 'sozialraum-aggregation-complete');
    await aggregator.updateComplete;
    (shadow(aggregator, '[part="start"]') as HTMLButtonElement).click();
    const { detail } = await completed;
    await expectSameAsCore(detail);
    expect(detail.source).to.equal('mein_gitter.csv');
    expect(detail.columns).to.deep.equal(['Einwohner', 'Einwohner_density']);
  });

  it('computes on its own with "auto" once the areas are there, and again when the statistics change', async () => {
    const map_ = document.createElement('sozialraum-map');
    map_.setAttribute('areas', BERLIN);
    map_.setAttribute('id-field', 'PLR_ID');
    map_.style.cssText = 'display: block; width: 800px; --sozialraum-map-height: 300px;';
    map_.innerHTML = `<sozialraum-aggregator auto grid="${GRID}" value="Einwohner" name="EW" workers="1"></sozialraum-aggregator>`;
    map = map_;
    const completed = nextEvent<AggregationResult>(map_, 'sozialraum-aggregation-complete');
    document.body.append(map_);
    const first = (await completed).detail;
    await expectSameAsCore(first);
    const aggregator = map_.querySelector('sozialraum-aggregator')!;
    const again = nextEvent<AggregationResult>(map_, 'sozialraum-aggregation-complete');
    aggregator.setAttribute('stats', 'sum,density');
    const second = (await again).detail;
    expect(second.columns).to.deep.equal(['EW', 'EW_density']);
    expect(second.areas.map((area) => area.sum)).to.deep.equal(first.areas.map((area) => area.sum));
  });

  it('after a cancel keeps the previous result labelled with its own method, and offers Start in automatic mode too', async () => {
    const created = await createMap({ grid: GRID, value: 'Einwohner', name: 'EW', workers: '1', method: 'touched', auto: '' });
    map = created.map;
    const { aggregator } = created;
    const first = (await nextEvent<AggregationResult>(map, 'sozialraum-aggregation-complete')).detail;
    expect(first.method).to.equal('touched');
    await aggregator.updateComplete;
    expect(text(shadow(aggregator, '[part="status"]'))).to.contain('jede berührte Zelle ganz');
    // The user switches to "exact" and cancels at once: the map still shows the "touched" sums.
    const progressing = new Promise<void>((resolve) => aggregator.addEventListener('sozialraum-aggregation-progress', () => resolve(), { once: true }));
    const select = shadow(aggregator, 'select') as HTMLSelectElement;
    select.value = 'exact';
    select.dispatchEvent(new Event('change'));
    await progressing;
    await aggregator.updateComplete;
    shadow(aggregator, '[part="cancel"]')!.click();
    await new Promise((resolve) => setTimeout(resolve, 300));
    await aggregator.updateComplete;
    const status = text(shadow(aggregator, '[part="status"]'));
    expect(status).to.contain('Die Berechnung wurde abgebrochen.');
    expect(status, 'the result still shown names its own method').to.contain('jede berührte Zelle ganz');
    expect(aggregator.result?.method).to.equal('touched');
    const start = shadow(aggregator, '[part="start"]') as HTMLButtonElement | null;
    expect(start, 'a Start button in automatic mode').to.not.equal(null);
    expect(start!.disabled).to.equal(false);
    const again = nextEvent<AggregationResult>(map, 'sozialraum-aggregation-complete');
    start!.click();
    const second = (await again).detail;
    expect(second.method).to.equal('exact');
    await expectSameAsCore(second);
    await aggregator.updateComplete;
    expect(text(shadow(aggregator, '[part="status"]'))).to.contain('genau nach Flächenanteil');
  });

  it('ends its workers when it leaves the page in the middle of a computation', async () => {
    const created = await createMap({ grid: GRID, value: 'Einwohner', workers: '2' });
    map = created.map;
    const { aggregator } = created;
    const started = new Promise<void>((resolve) =>
      aggregator.addEventListener('sozialraum-aggregation-progress', (event) => {
        if ((event as CustomEvent<AggregationProgressDetail>).detail.phase === 'aggregate') resolve();
      }),
    );
    const run = aggregator.run();
    await started;
    const pool = aggregator.pool;
    aggregator.remove();
    expect(((await rejection(run)) as SozialraumError).code).to.equal('aborted');
    expect(pool!.liveWorkers).to.equal(0);
  });

  it('with "auto", starts again when it is moved within the map in the middle of a computation', async () => {
    const created = await createMap({ grid: GRID, value: 'Einwohner', workers: '1', auto: '' });
    map = created.map;
    const { aggregator } = created;
    const started = new Promise<void>((resolve) =>
      aggregator.addEventListener('sozialraum-aggregation-progress', (event) => {
        if ((event as CustomEvent<AggregationProgressDetail>).detail.phase === 'aggregate') resolve();
      }),
    );
    const completed = nextEvent<AggregationResult>(map, 'sozialraum-aggregation-complete');
    await started;
    map.append(aggregator); // a move: disconnected and connected again
    await expectSameAsCore((await completed).detail);
  });

  it('speaks English with lang="en"', async () => {
    const created = await createMap({ grid: GRID, value: 'Einwohner', lang: 'en', workers: '1' });
    map = created.map;
    const { aggregator } = created;
    expect(text(shadow(aggregator, '[part="start"]'))).to.equal('Compute');
    expect(text(shadow(aggregator, 'legend'))).to.equal('Put raster data onto the areas');
    await aggregator.run();
    await aggregator.updateComplete;
    expect(text(shadow(aggregator, '[part="status"]'))).to.match(
      /^Done: 542 areas computed from “\u2068zensus2011_einwohner_100m\.csv\u2069” \(assignment: exactly by share of area\)\. Sum over all areas: 3,29\d,\d{3}/,
    );
  });

  it('has no accessibility violations (axe-core) before, during and after a computation', async () => {
    const created = await createMap({ grid: GRID, value: 'Einwohner', stats: 'sum,density', workers: '1' });
    map = created.map;
    const { aggregator } = created;
    expect(await axeViolations(aggregator)).to.deep.equal([]);
    const running = new Promise<void>((resolve) =>
      aggregator.addEventListener('sozialraum-aggregation-progress', (event) => {
        if ((event as CustomEvent<AggregationProgressDetail>).detail.phase === 'aggregate') resolve();
      }),
    );
    const run = aggregator.run();
    await running;
    await aggregator.updateComplete;
    expect(aggregator.shadowRoot!.querySelector('progress')).to.not.equal(null);
    expect(await axeViolations(aggregator)).to.deep.equal([]);
    await run;
    await aggregator.updateComplete;
    expect(await axeViolations(aggregator)).to.deep.equal([]);
  });
});
