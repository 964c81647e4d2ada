/// <reference types="mocha" />
// What a first reader meets in the legend, table and small maps: a legend that can be folded away and moves below a
// narrow map, labels instead of column names, no empty classes, a size key for circles, and one set of classes for
// the map and its small multiples. Berlin MSS 2021 and Flensburg Sozialatlas data, in Chromium.
import { expect } from 'chai';
import { sendKeys } from '@web/test-runner-commands';
import '@sozialraum/map';
import './index.js';
import type { SozialraumMap, ThematicLayer } from '@sozialraum/map';
import type VectorLayer from 'ol/layer/Vector.js';
import type VectorSource from 'ol/source/Vector.js';
import type Feature from 'ol/Feature.js';
import type { SozialraumChoropleth } from './sozialraum-choropleth.js';
import type { SozialraumLegend } from './sozialraum-legend.js';
import type { SozialraumTable } from './sozialraum-table.js';

const BERLIN = '/data-samples/berlin/lor_planungsraeume_2021.geojson';
const MSS = '/data-samples/berlin/mss2021_indexindikatoren.csv';
const FLENSBURG = '/data-samples/flensburg/stadtteile.geojson';
const SOZIALATLAS = '/data-samples/flensburg/sozialatlas_stadtteile.csv';

interface Created {
  map: SozialraumMap;
  thematic: ThematicLayer;
  legend: SozialraumLegend;
  table: SozialraumTable;
  choropleth: SozialraumChoropleth;
}

async function createMap(choropleth: string, options: { width?: number; flensburg?: boolean } = {}): Promise<Created> {
  const map = document.createElement('sozialraum-map');
  if (options.flensburg) {
    map.setAttribute('areas', FLENSBURG);
    map.setAttribute('id-field', 'AREA_ID');
    map.setAttribute('indicators', SOZIALATLAS);
    map.setAttribute('key-field', 'stadtteil_id');
  } else {
    map.setAttribute('areas', BERLIN);
    map.setAttribute('id-field', 'PLR_ID');
    map.setAttribute('indicators', MSS);
  }
  map.style.cssText = `display: block; width: ${options.width ?? 900}px; --sozialraum-map-height: 420px;`;
  map.innerHTML = `<sozialraum-choropleth ${choropleth}></sozialraum-choropleth>
    <sozialraum-legend slot="overlay"></sozialraum-legend>
    <sozialraum-table></sozialraum-table>`;
  const changed = new Promise<ThematicLayer>((resolve) =>
    map.addEventListener('sozialraum-thematic-change', (event) => resolve((event as CustomEvent<ThematicLayer>).detail), { once: true }),
  );
  document.body.append(map);
  await map.ready;
  const thematic = await changed;
  const legend = map.querySelector('sozialraum-legend') as SozialraumLegend;
  const table = map.querySelector('sozialraum-table') as SozialraumTable;
  await Promise.all([legend.updateComplete, table.updateComplete, map.updateComplete]);
  return { map, thematic, legend, table, choropleth: map.querySelector('sozialraum-choropleth') as SozialraumChoropleth };
}

describe('legend, labels and classes as a first reader meets them', () => {
  let map: SozialraumMap | undefined;

  afterEach(() => {
    map?.remove();
    map = undefined;
  });

  it('folds the legend away and out again with a button that says whether it is open, by keyboard', async () => {
    const created = await createMap('preset="mss-2021-status"');
    map = created.map;
    const root = created.legend.shadowRoot!;
    const toggle = root.querySelector<HTMLButtonElement>('button[aria-expanded]')!;
    expect(toggle, 'a toggle button').not.to.equal(null);
    expect(toggle.getAttribute('aria-expanded')).to.equal('true');
    expect(toggle.textContent).to.contain('Status-Index MSS 2021');
    const body = root.getElementById(toggle.getAttribute('aria-controls')!)!;
    expect(body.hidden).to.equal(false);
    const openHeight = created.legend.getBoundingClientRect().height;
    toggle.focus();
    await sendKeys({ press: 'Enter' });
    await created.legend.updateComplete;
    expect(toggle.getAttribute('aria-expanded')).to.equal('false');
    expect(body.hidden).to.equal(true);
    expect(created.legend.getBoundingClientRect().height).to.be.lessThan(openHeight / 3);
    await sendKeys({ press: 'Space' });
    await created.legend.updateComplete;
    expect(toggle.getAttribute('aria-expanded')).to.equal('true');
    expect(body.hidden).to.equal(false);
  });

  it('sits over a wide map and below a narrow one, where it would hide half the city', async () => {
    const wide = await createMap('preset="mss-2021-status"', { width: 1000 });
    map = wide.map;
    const wideMap = map.shadowRoot!.querySelector('.map')!.getBoundingClientRect();
    const wideLegend = wide.legend.getBoundingClientRect();
    expect(wideLegend.bottom).to.be.at.most(wideMap.bottom);
    expect(wideLegend.top).to.be.greaterThan(wideMap.top);
    map.remove();

    const narrow = await createMap('preset="mss-2021-status"', { width: 375 });
    map = narrow.map;
    const narrowMap = map.shadowRoot!.querySelector('.map')!.getBoundingClientRect();
    const narrowLegend = narrow.legend.getBoundingClientRect();
    expect(narrowMap.height).to.equal(420);
    expect(narrowLegend.top).to.be.at.least(narrowMap.bottom);
    expect(narrowLegend.width).to.be.greaterThan(200);
  });

  it('names columns by their labels, never by their codes, and writes counts without decimals', async () => {
    const created = await createMap('indicator="EW" circles="EW" preset="mss-2021-status"');
    map = created.map;
    // The method card names the columns on purpose (to recompute the map); the legend itself does not.
    const legendText = [...created.legend.shadowRoot!.querySelectorAll('figcaption, [part="classes"], .circle-key, p')]
      .map((node) => node.textContent)
      .join(' ')
      .replace(/\s+/g, ' ');
    expect(created.thematic.title).to.equal('Einwohner:innen');
    expect(legendText).to.contain('Einwohner:innen');
    expect(legendText).not.to.match(/\bEW\b/);
    // Residents are counted: the class ranges have no decimals.
    const ranges = [...created.legend.shadowRoot!.querySelectorAll('.range, [part="classes"] li > span:nth-child(2)')].map((node) => node.textContent!);
    expect(ranges.join(' ')).not.to.match(/\d,\d/);
    const headers = [...created.table.shadowRoot!.querySelectorAll('thead th')].map((th) => th.textContent!.trim());
    expect(headers).to.include('Einwohner:innen');
    expect(headers.join(' ')).not.to.match(/\bEW\b/);

    created.choropleth.setAttribute('indicator', 'S4');
    await new Promise((resolve) => map!.addEventListener('sozialraum-thematic-change', resolve, { once: true }));
    await created.table.updateComplete;
    const indexHeaders = [...created.table.shadowRoot!.querySelectorAll('thead th')].map((th) => th.textContent!.trim());
    expect(indexHeaders).to.include('Kinderarmut (%)');
  });

  it('gives a column the spec does not describe a readable label', async () => {
    const created = await createMap('indicator="unter_18"', { flensburg: true });
    map = created.map;
    expect(created.thematic.title).to.equal('Einwohner:innen unter 18 Jahren');
    // A page that knows better names the column itself.
    created.choropleth.setAttribute('label', 'Kinder und Jugendliche');
    const relabelled = await new Promise<ThematicLayer>((resolve) =>
      map!.addEventListener('sozialraum-thematic-change', (event) => resolve((event as CustomEvent<ThematicLayer>).detail), { once: true }),
    );
    expect(relabelled.title).to.equal('Kinder und Jugendliche');
  });

  it('titles a picked table without labels by the indicator its code names, and an unknown code as it is', async () => {
    const created = await createMap('indicator="S4"');
    map = created.map;
    expect(created.thematic.title).to.equal('Kinderarmut (S4)');
    const toggle = created.legend.shadowRoot!.querySelector<HTMLButtonElement>('button[aria-expanded]')!;
    expect(toggle.textContent).to.contain('Kinderarmut (S4)');
    created.map.lang = 'en';
    await created.map.updateComplete;
    await created.legend.updateComplete;
    expect(created.legend.shadowRoot!.querySelector('button[aria-expanded]')!.textContent).to.contain('Child poverty (S4)');
    // BEZ_ID is no indicator the toolkit knows: its name is shown as written, underscores as spaces, nothing guessed.
    created.choropleth.setAttribute('indicator', 'BEZ_ID');
    const other = await new Promise<ThematicLayer>((resolve) =>
      map!.addEventListener('sozialraum-thematic-change', (event) => resolve((event as CustomEvent<ThematicLayer>).detail), { once: true }),
    );
    expect(other.title).to.equal('BEZ ID');
  });

  it('drops standard-deviation classes that no area can fall in, and says so', async () => {
    const created = await createMap('indicator="S4" preset="mss-2021-status" classification="standard-deviation"');
    map = created.map;
    const { classes } = created.thematic.result;
    const notes = created.thematic.result.notes ?? [];
    // 1.5 SD below the mean child poverty rate lies below 0 %: no Planungsraum can be there.
    expect(classes.every((entry) => entry.count > 0)).to.equal(true);
    expect(classes.length).to.be.lessThan(5);
    expect(notes.join(' ')).to.match(/Klasse/);
    const legendText = created.legend.shadowRoot!.textContent!;
    expect(legendText).not.to.match(/≤ −[\d.,]+\s+0\b/);
    expect(legendText).to.contain(notes.find((note) => /Klasse/.test(note))!);
  });

  it('keys the circles with reference sizes and draws large circles under small ones', async () => {
    const created = await createMap('preset="mss-2021-status" circles="EW"');
    map = created.map;
    const key = created.legend.shadowRoot!.querySelector('[part="circle-key"]')!;
    expect(key, 'a size key').not.to.equal(null);
    const circles = [...key.querySelectorAll('circle')];
    expect(circles.length).to.be.within(2, 3);
    const labels = [...key.querySelectorAll('text')].map((text) => Number(text.textContent!.replace(/\./g, '')));
    expect(labels.every((value) => Number.isInteger(value) && value > 0)).to.equal(true);
    // Areas are proportional to the numbers: radius² / number is the same for every reference circle.
    const ratios = circles.map((circle, index) => Number(circle.getAttribute('r')) ** 2 / labels[index]!);
    for (const ratio of ratios) expect(ratio).to.be.closeTo(ratios[0]!, ratios[0]! * 0.02);
    const layer = created.map.olMap.getAllLayers().find((candidate) => candidate.get('name') === 'sozialraum-circles') as VectorLayer<VectorSource>;
    const order = layer.getRenderOrder() as ((a: Feature, b: Feature) => number) | null | undefined;
    expect(order, 'a render order').to.be.a('function');
    const features = [...layer.getSource()!.getFeatures()].sort(order!);
    const values = features.map((feature) => Number(feature.get('value')));
    expect(values[0]).to.equal(Math.max(...values));
    expect(values.at(-1)).to.equal(Math.min(...values));
  });

  it('classes the map and its small maps of the same year alike, and hatches areas that are not rated in both', async () => {
    const created = await createMap('spec="/demo/flensburg-index.json" multiples', { flensburg: true });
    map = created.map;
    map.year = 2011;
    await new Promise((resolve) => map!.addEventListener('sozialraum-thematic-change', resolve, { once: true }));
    await created.choropleth.updateComplete;
    const root = created.choropleth.shadowRoot!;
    const shown = created.map.querySelector('sozialraum-legend')!;
    await (shown as SozialraumLegend).updateComplete;
    const layer = created.map.olMap.getAllLayers().find((candidate) => candidate.get('name') === 'sozialraum-areas') as VectorLayer<VectorSource>;
    expect(layer).not.to.equal(undefined);
    const thematic = await new Promise<ThematicLayer>((resolve) => {
      created.map.addEventListener('sozialraum-thematic-change', (event) => resolve((event as CustomEvent<ThematicLayer>).detail), { once: true });
      created.choropleth.palette = 'blues';
    });
    await created.choropleth.updateComplete;
    const small = root.querySelector('figure[data-year="2011"]')!;
    for (const path of small.querySelectorAll<SVGPathElement>('path[data-id]')) {
      const area = thematic.result.areas.find((entry) => entry.id === path.dataset.id)!;
      expect(path.dataset.class, path.dataset.id).to.equal(area.class === null ? '' : String(area.class));
    }
    // 2012 has no residents: every area is not rated, and hatched as on the main map, not plain grey.
    const unrated = root.querySelector('figure[data-year="2012"] path[data-id]')!;
    expect(unrated.getAttribute('fill')).to.match(/^url\(#/);
  });
});
