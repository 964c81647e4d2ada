/// <reference types="mocha" />
// Choropleth, legend and table inside <sozialraum-map> in Chromium, on the Berlin MSS 2021 data.
import { expect } from 'chai';
import { sendKeys } from '@web/test-runner-commands';
import '@sozialraum/map';
import './index.js';
import type { SozialraumMap, ThematicLayer } from '@sozialraum/map';
import type { SozialraumErrorDetail } from '@sozialraum/map';
import type VectorLayer from 'ol/layer/Vector.js';
import type VectorSource from 'ol/source/Vector.js';
import type Feature from 'ol/Feature.js';
import type Style from 'ol/style/Style.js';
import type { SozialraumChoropleth } from './sozialraum-choropleth.js';
import { nextEvent } from '../../element/dist/test/map.js';

const BERLIN = '/data-samples/berlin/lor_planungsraeume_2021.geojson';
const MSS = '/data-samples/berlin/mss2021_indexindikatoren.csv';

function areasLayer(map: SozialraumMap): VectorLayer<VectorSource> {
  return map.olMap.getAllLayers().find((layer) => layer.get('name') === 'sozialraum-areas') as VectorLayer<VectorSource>;
}

function fillOf(map: SozialraumMap, id: string): unknown {
  const layer = areasLayer(map);
  const feature = layer.getSource()!.getFeatureById(id) as Feature;
  const style = layer.getStyleFunction()!(feature, 1) as Style | Style[];
  return (Array.isArray(style) ? style[0]! : style).getFill()!.getColor();
}

async function createMap(choroplethAttributes: string): Promise<{ map: SozialraumMap; thematic: ThematicLayer }> {
  const map = document.createElement('sozialraum-map');
  map.setAttribute('areas', BERLIN);
  map.setAttribute('id-field', 'PLR_ID');
  map.setAttribute('indicators', MSS);
  map.style.cssText = 'display: block; width: 900px; --sozialraum-map-height: 480px;';
  map.innerHTML = `<sozialraum-choropleth ${choroplethAttributes}></sozialraum-choropleth>
    <sozialraum-legend slot="overlay"></sozialraum-legend>
    <sozialraum-table></sozialraum-table>`;
  const changed = nextEvent<ThematicLayer>(map, 'sozialraum-thematic-change');
  document.body.append(map);
  await map.ready;
  const { detail } = await changed;
  await map.updateComplete;
  // The table renders its rows once the map's first frame is painted.
  await (map.querySelector('sozialraum-table') as unknown as { updateComplete: Promise<unknown> }).updateComplete;
  return { map, thematic: detail };
}

describe('<sozialraum-choropleth> with legend and table', () => {
  let map: SozialraumMap | undefined;

  afterEach(() => {
    map?.remove();
    map = undefined;
  });

  it('colours each area by its class of the MSS 2021 status index and hatches the areas MSS does not rate', async () => {
    const created = await createMap('preset="mss-2021-status"');
    map = created.map;
    const { result, colours } = created.thematic;
    expect(created.thematic.kind).to.equal('index');
    expect(result.classes.map((entry) => entry.label)).to.deep.equal(['hoch', 'mittel', 'niedrig', 'sehr niedrig']);
    expect(colours).to.have.length(4);
    const rated = result.areas.filter((area) => area.class !== null);
    const unrated = result.areas.filter((area) => area.class === null);
    expect(rated.length + unrated.length).to.equal(542);
    expect(unrated.length).to.be.greaterThan(0);
    for (const area of rated.slice(0, 50)) expect(fillOf(map, area.id)).to.equal(colours[area.class! - 1]);
    expect(fillOf(map, unrated[0]!.id)).to.be.instanceOf(CanvasPattern);
    // No traffic-light palette: no pure green, yellow and red together.
    expect(colours.some((colour) => /^#(?:00[89a-f][0-9a-f]00|ff0000)$/i.test(colour))).to.equal(false);
  });

  it('draws the classes on the map before the table renders its 542 rows, and completes the table after', async () => {
    map = document.createElement('sozialraum-map');
    map.setAttribute('areas', BERLIN);
    map.setAttribute('id-field', 'PLR_ID');
    map.setAttribute('indicators', MSS);
    map.style.cssText = 'display: block; width: 900px; --sozialraum-map-height: 480px;';
    map.innerHTML = '<sozialraum-choropleth preset="mss-2021-status"></sozialraum-choropleth><sozialraum-table></sozialraum-table>';
    const changed = nextEvent<ThematicLayer>(map, 'sozialraum-thematic-change');
    document.body.append(map);
    await map.ready;
    const { detail: thematic } = await changed;
    // The map is drawn (ready) in the classes' colours while the table has no row yet.
    const table = map.querySelector('sozialraum-table')!;
    const rows = () => table.shadowRoot!.querySelectorAll('tbody tr');
    const area = thematic.result.areas.find((candidate) => candidate.class !== null)!;
    expect(fillOf(map, area.id)).to.equal(thematic.colours[area.class! - 1]);
    expect(rows()).to.have.length(0);
    await (table as unknown as { updateComplete: Promise<unknown> }).updateComplete;
    expect(rows()).to.have.length(542);
    const row = [...rows()].find((candidate) => (candidate as HTMLElement).dataset.id === area.id)!;
    expect(row.textContent).to.contain(area.label!);
  });

  it('restyles without reloading geometry when the indicator, classification or palette changes', async () => {
    const created = await createMap('preset="mss-2021-status"');
    map = created.map;
    const choropleth = map.querySelector('sozialraum-choropleth') as SozialraumChoropleth;
    const source = areasLayer(map).getSource()!;
    const feature = source.getFeatureById('08100103');
    const loadsBefore = performance.getEntriesByType('resource').filter((entry) => entry.name.includes('lor_planungsraeume')).length;

    let changed = nextEvent<ThematicLayer>(map, 'sozialraum-thematic-change');
    choropleth.setAttribute('indicator', 'S4');
    let { detail } = await changed;
    expect(detail.kind).to.equal('indicator');
    expect(detail.result.classes).to.have.length(5);
    const s4 = detail.result.areas.find((area) => area.id === '08100103')!;
    expect(s4.values.S4).to.equal(39.84199);
    expect(fillOf(map, '08100103')).to.equal(detail.colours[s4.class! - 1]);

    changed = nextEvent<ThematicLayer>(map, 'sozialraum-thematic-change');
    choropleth.setAttribute('classification', 'ckmeans');
    choropleth.setAttribute('classes', '3');
    choropleth.setAttribute('palette', 'oranges');
    ({ detail } = await changed);
    expect(detail.result.spec.classification.method).to.equal('ckmeans');
    expect(detail.result.classes).to.have.length(3);

    expect(source.getFeatureById('08100103')).to.equal(feature);
    expect(source.getFeatures()).to.have.length(542);
    const loadsAfter = performance.getEntriesByType('resource').filter((entry) => entry.name.includes('lor_planungsraeume')).length;
    expect(loadsAfter).to.equal(loadsBefore);
  });

  it('lists the classes with labels and the number of areas in each, the unrated areas, and the method', async () => {
    const created = await createMap('preset="mss-2021-status"');
    map = created.map;
    const legend = map.querySelector('sozialraum-legend')!;
    await (legend as unknown as { updateComplete: Promise<unknown> }).updateComplete;
    const items = [...legend.shadowRoot!.querySelectorAll('[part="classes"] li')].map((item) => item.textContent!.replace(/\s+/g, ' ').trim());
    const { result } = created.thematic;
    expect(items).to.have.length(result.classes.length + 1);
    result.classes.forEach((entry, index) => {
      expect(items[index])
        .to.contain(entry.label)
        .and.match(new RegExp(`${entry.count}$`));
    });
    const unrated = result.areas.filter((area) => area.class === null).length;
    expect(items.at(-1)).to.equal(`nicht bewertet ${unrated}`);
    expect(result.classes.reduce((sum, entry) => sum + entry.count, 0) + unrated).to.equal(542);
    const method = legend.shadowRoot!.querySelector('[part="method"]')!.textContent!;
    expect(method).to.contain('300');
    expect(legend.shadowRoot!.querySelector('[part="strip"]')!.querySelectorAll('line').length).to.equal(
      result.classes.reduce((sum, entry) => sum + entry.count, 0) + 1,
    );
  });

  it('links the table and the map selection both ways, by pointer and by keyboard', async () => {
    const created = await createMap('preset="mss-2021-status"');
    map = created.map;
    const table = map.querySelector('sozialraum-table')!;
    const root = table.shadowRoot!;
    const button = [...root.querySelectorAll<HTMLButtonElement>('tbody th button')].find((candidate) => candidate.closest('tr')!.dataset.id === '08100103')!;
    let selected = nextEvent<{ id: string }>(map, 'sozialraum-area-select');
    button.click();
    expect((await selected).detail.id).to.equal('08100103');
    expect(map.selected).to.equal('08100103');
    // The map announces the area with its class to screen readers; title and label isolated (FSI … PDI) as user text.
    await map.updateComplete;
    const area = created.thematic.result.areas.find((candidate) => candidate.id === '08100103')!;
    const announcement = map.shadowRoot!.querySelector('[aria-live="polite"]')!.textContent!;
    expect(announcement).to.contain('08100103').and.contain(`\u2068${created.thematic.title}\u2069: \u2068${area.label}\u2069`);
    await (table as unknown as { updateComplete: Promise<unknown> }).updateComplete;
    expect(root.querySelector('tr.selected')!.getAttribute('data-id')).to.equal('08100103');

    const pageScroll = window.scrollY;
    map.selected = '01100101';
    await map.updateComplete;
    await (table as unknown as { updateComplete: Promise<unknown> }).updateComplete;
    const row = root.querySelector('tr.selected')!;
    // The table scrolls its own box to the row; the page stays where the user is.
    expect(window.scrollY).to.equal(pageScroll);
    const box = root.querySelector('.scroll')!.getBoundingClientRect();
    const rowBox = row.getBoundingClientRect();
    expect(rowBox.top).to.be.at.least(box.top);
    expect(rowBox.bottom).to.be.at.most(box.bottom);
    expect(row.getAttribute('data-id')).to.equal('01100101');
    expect(row.querySelector('button')!.getAttribute('aria-current')).to.equal('true');

    const other = [...root.querySelectorAll<HTMLButtonElement>('tbody th button')].find((candidate) => candidate.closest('tr')!.dataset.id === '01100102')!;
    other.focus();
    selected = nextEvent<{ id: string }>(map, 'sozialraum-area-select');
    await sendKeys({ press: 'Enter' });
    expect((await selected).detail.id).to.equal('01100102');
  });

  it('sorts by a column and reverses on a second choice, with aria-sort telling which way', async () => {
    const created = await createMap('preset="mss-2021-status"');
    map = created.map;
    const table = map.querySelector('sozialraum-table')!;
    const root = table.shadowRoot!;
    const header = (label: string) => [...root.querySelectorAll('thead th')].find((th) => th.textContent!.trim() === label)!;
    const update = () => (table as unknown as { updateComplete: Promise<unknown> }).updateComplete;
    expect(header('Rang').getAttribute('aria-sort')).to.equal('ascending');
    const firstIndex = () => Number(root.querySelector('tbody tr')!.querySelectorAll('td')[7]!.textContent!.replace(',', '.'));
    const firstRank = () => root.querySelector('tbody tr td:nth-last-child(2)')!.textContent!.trim();
    expect(firstRank()).to.equal('1');
    header('Index').querySelector('button')!.click();
    await update();
    expect(header('Index').getAttribute('aria-sort')).to.equal('ascending');
    const lowest = firstIndex();
    header('Index').querySelector('button')!.click();
    await update();
    expect(header('Index').getAttribute('aria-sort')).to.equal('descending');
    expect(firstIndex()).to.be.greaterThan(lowest);
  });

  it('explains a spec that does not fit the table, naming the column, and keeps the map', async () => {
    const created = await createMap('preset="mss-2021-status"');
    map = created.map;
    const choropleth = map.querySelector('sozialraum-choropleth') as SozialraumChoropleth;
    const failed = nextEvent<SozialraumErrorDetail>(map, 'sozialraum-error');
    choropleth.setAttribute('indicator', 'S9');
    const { detail } = await failed;
    expect(detail.message).to.contain('S9');
    await choropleth.updateComplete;
    expect(choropleth.shadowRoot!.querySelector('[role="alert"]')!.textContent).to.contain('S9');
    expect(areasLayer(map).getSource()!.getFeatures()).to.have.length(542);
  });

  it('has no accessibility violations with legend and table (axe-core)', async () => {
    await import('/node_modules/axe-core/axe.min.js' as string);
    const axe = (window as unknown as { axe: { run: (context: Element) => Promise<{ violations: { id: string; help: string }[] }> } }).axe;
    const created = await createMap('preset="mss-2021-status" circles="EW"');
    map = created.map;
    expect((await axe.run(map)).violations.map((violation) => `${violation.id}: ${violation.help}`)).to.deep.equal([]);
  });
});
