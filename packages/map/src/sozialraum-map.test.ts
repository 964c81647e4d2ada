/// <reference types="mocha" />
// <sozialraum-map> in Chromium on the Berlin Planungsräume: loading, hover, click, keyboard, errors, shared state.
import { expect } from 'chai';
import { areasSource, nextEvent, pagePixelInside } from '../../element/dist/test/map.js';
import { sendKeys, sendMouse, resetMouse } from '@web/test-runner-commands';
import { LitElement, html } from 'lit';
import { ContextConsumer } from '@lit/context';
import './sozialraum-map.js';
import type { SozialraumMap, AreaSelectDetail, DataLoadDetail } from './sozialraum-map.js';
import type { SozialraumErrorDetail } from '@sozialraum/element';
import { sozialraumContext, type SozialraumState } from '@sozialraum/element';

const BERLIN = '/data-samples/berlin/lor_planungsraeume_2021.geojson';
const BERLIN_FGB = '/data-samples/berlin/lor_planungsraeume_2021.fgb';
const MSS = '/data-samples/berlin/mss2021_indexindikatoren.csv';
const FIXTURES = '/test/fixtures';

/** A test child that reads the map's shared state, as the choropleth and the editor will. */
class StateProbe extends LitElement {
  readonly consumer = new ContextConsumer(this, { context: sozialraumContext, subscribe: true });
  override render() {
    return html`${this.consumer.value?.areas?.features.length ?? 0}`;
  }
}
customElements.define('state-probe', StateProbe);

function createMap(attributes: Record<string, string>, children = ''): SozialraumMap {
  const map = document.createElement('sozialraum-map');
  for (const [name, value] of Object.entries(attributes)) map.setAttribute(name, value);
  map.style.cssText = 'width: 800px; height: 500px; display: block;';
  map.innerHTML = children;
  document.body.append(map);
  return map;
}

function tooltip(map: SozialraumMap): HTMLElement {
  return map.shadowRoot!.querySelector<HTMLElement>('[part="tooltip"]')!;
}

function alertText(map: SozialraumMap): string {
  return map.shadowRoot!.querySelector('[role="alert"]')?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
}

describe('<sozialraum-map>', () => {
  let map: SozialraumMap | undefined;

  afterEach(async () => {
    map?.remove();
    map = undefined;
    await resetMouse();
  });

  it('loads the 542 Berlin Planungsräume with their table, fits the view and reports the load', async () => {
    map = createMap({ areas: BERLIN, 'id-field': 'PLR_ID', 'name-field': 'PLR_NAME', indicators: MSS });
    const loaded = nextEvent<DataLoadDetail>(map, 'sozialraum-data-load');
    await map.ready;
    const { detail } = await loaded;
    expect(detail.areas).to.equal(542);
    expect(detail.crs).to.equal('EPSG:25833');
    expect(detail.rows).to.equal(542);
    expect(detail.unmatchedAreaIds).to.deep.equal([]);
    expect(areasSource(map).getFeatures()).to.have.length(542);
    expect(map.olMap.getView().getProjection().getCode()).to.equal('EPSG:25833');
    // The whole of Berlin is in view: Spandau in the west and Köpenick in the south-east.
    const view = map.olMap.getView().calculateExtent(map.olMap.getSize());
    const data = areasSource(map).getExtent()!;
    expect(view[0]).to.be.at.most(data[0]!);
    expect(view[2]).to.be.at.least(data[2]!);
    expect(view[1]).to.be.at.most(data[1]!);
    expect(view[3]).to.be.at.least(data[3]!);
    expect(alertText(map)).to.equal('');
  });

  it('reads the FlatGeobuf copy to the same areas and guesses id and name fields', async () => {
    map = createMap({ areas: BERLIN_FGB });
    const loaded = nextEvent<DataLoadDetail>(map, 'sozialraum-data-load');
    await map.ready;
    const { detail } = await loaded;
    expect(detail.areas).to.equal(542);
    expect(detail.crs).to.equal('EPSG:25833');
    expect(detail.idField).to.equal('PLR_ID');
    expect(detail.nameField).to.equal('PLR_NAME');
    expect(areasSource(map).getFeatureById('01100101')).to.not.equal(null);
  });

  it('names the area under the pointer and selects it on click, with its table row', async () => {
    map = createMap({ areas: BERLIN, 'id-field': 'PLR_ID', indicators: MSS });
    await map.ready;
    const [x, y] = pagePixelInside(map, '01100101');
    const hovered = nextEvent<{ id: string }>(map, 'sozialraum-area-hover');
    await sendMouse({ type: 'move', position: [x, y] });
    expect((await hovered).detail.id).to.equal('01100101');
    const tip = tooltip(map);
    expect(tip.hidden).to.equal(false);
    expect(tip.textContent).to.contain('Stülerstraße').and.contain('01100101');

    const selected = nextEvent<AreaSelectDetail>(map, 'sozialraum-area-select');
    await sendMouse({ type: 'click', position: [x, y] });
    const { detail } = await selected;
    expect(detail.id).to.equal('01100101');
    expect(detail.name).to.equal('Stülerstraße');
    expect(detail.properties!.BEZ).to.equal('01');
    expect(detail.row!.EW).to.equal('3419');
    expect(map.selected).to.equal('01100101');
    expect(map.getAttribute('selected')).to.equal('01100101');
  });

  it('is operated by keyboard: arrows walk to bordering areas, Enter selects, Escape clears', async () => {
    map = createMap({ areas: BERLIN, 'id-field': 'PLR_ID', 'name-field': 'PLR_NAME' });
    await map.ready;
    map.selected = '01100101';
    const viewport = map.shadowRoot!.querySelector<HTMLElement>('[part="map"]')!;
    viewport.focus();
    expect(map.shadowRoot!.activeElement).to.equal(viewport);

    const status = map.shadowRoot!.querySelector('[role="status"][aria-live="polite"]')!;
    const ids: string[] = [];
    for (const key of ['ArrowRight', 'ArrowRight', 'ArrowUp']) {
      const hover = nextEvent<{ id: string }>(map, 'sozialraum-area-hover');
      await sendKeys({ press: key });
      ids.push((await hover).detail.id);
    }
    const source = areasSource(map);
    const centreX = (id: string) => {
      const extent = source.getFeatureById(id)!.getGeometry()!.getExtent();
      return (extent[0]! + extent[2]!) / 2;
    };
    expect(centreX(ids[0]!)).to.be.greaterThan(centreX('01100101'));
    expect(centreX(ids[1]!)).to.be.greaterThan(centreX(ids[0]!));
    await map.updateComplete;
    expect(status.textContent).to.contain(ids[2]!);
    expect(tooltip(map).textContent).to.contain(ids[2]!);

    const selected = nextEvent<AreaSelectDetail>(map, 'sozialraum-area-select');
    await sendKeys({ press: 'Enter' });
    expect((await selected).detail.id).to.equal(ids[2]);
    await map.updateComplete;
    expect(status.textContent).to.contain('ausgewählt');

    const cleared = nextEvent<AreaSelectDetail>(map, 'sozialraum-area-select');
    await sendKeys({ press: 'Escape' });
    expect((await cleared).detail.id).to.equal(null);
    expect(map.selected).to.equal(null);
    expect(tooltip(map).hidden).to.equal(true);
  });

  it('shares the loaded areas with child elements through context', async () => {
    map = createMap({ areas: BERLIN, 'id-field': 'PLR_ID' }, '<state-probe></state-probe>');
    await map.ready;
    const probe = map.querySelector('state-probe') as StateProbe;
    await probe.updateComplete;
    const state = probe.consumer.value as SozialraumState;
    expect(state.areas!.features).to.have.length(542);
    expect(state.olMap).to.equal(map.olMap);
    expect(state.projection).to.equal('EPSG:25833');
    expect(probe.shadowRoot!.textContent).to.contain('542');
    map.selected = '01100102';
    await map.updateComplete;
    expect(probe.consumer.value!.selectedId).to.equal('01100102');
  });

  it('adds the columns a child computes to the shared table, joined to the areas', async () => {
    map = createMap({ areas: BERLIN, 'id-field': 'PLR_ID', indicators: MSS }, '<state-probe></state-probe>');
    await map.ready;
    const probe = map.querySelector('state-probe') as StateProbe;
    probe.dispatchEvent(
      new CustomEvent('sozialraum-table-extend', {
        bubbles: true,
        composed: true,
        detail: { source: 'zensus.csv', columns: ['EW_Zensus'], rows: { '01100101': { EW_Zensus: '3120.5' }, '01100102': { EW_Zensus: '1790' } } },
      }),
    );
    await probe.updateComplete;
    const state = probe.consumer.value!;
    expect(state.table!.columns).to.include('EW_Zensus');
    expect(state.join!.rowsByKey.get('01100101')!.EW_Zensus).to.equal('3120.5');
    expect(state.join!.rowsByKey.get('01100101')!.EW).to.equal('3419');
    expect(state.join!.rowsByKey.size).to.equal(542);
    // A new indicator table keeps the computed columns; a new set of areas drops them.
    const reloaded = nextEvent<DataLoadDetail>(map, 'sozialraum-data-load');
    map.setAttribute('indicators', '/data-samples/berlin/mss2021_kontextindikatoren.csv');
    await reloaded;
    await probe.updateComplete;
    expect(probe.consumer.value!.join!.rowsByKey.get('01100101')!.EW_Zensus).to.equal('3120,5');
    expect(probe.consumer.value!.join!.rowsByKey.get('01100101')!.KI_01).to.equal('2,82');
  });

  it('accepts areas as a property in longitude/latitude and speaks English with lang="en"', async () => {
    const flensburg = await (await fetch('/data-samples/flensburg/stadtteile.geojson')).json();
    map = createMap({ lang: 'en', 'id-field': 'AREA_ID' });
    const loaded = nextEvent<DataLoadDetail>(map, 'sozialraum-data-load');
    map.areas = flensburg;
    expect((await loaded).detail.areas).to.equal(13);
    expect(map.olMap.getView().getProjection().getCode()).to.equal('EPSG:4326');
    expect(map.shadowRoot!.querySelector('[part="map"]')!.getAttribute('aria-label')).to.equal('Map of the Sozialräume');
    expect(map.areas!.features).to.have.length(13);
  });

  describe('bad input', () => {
    it('shows and reports a URL that fails, and loads when given a good one', async () => {
      map = createMap({ areas: `${FIXTURES}/missing.geojson` });
      const failed = nextEvent<SozialraumErrorDetail>(map, 'sozialraum-error');
      await map.ready;
      const { detail } = await failed;
      expect(detail.code).to.equal('fetch-failed');
      expect(detail.source).to.contain('missing.geojson');
      expect(alertText(map)).to.contain('Die Gebiete aus „missing.geojson“ konnten nicht geladen werden.').and.contain('HTTP 404');
      const loaded = nextEvent<DataLoadDetail>(map, 'sozialraum-data-load');
      map.setAttribute('areas', BERLIN);
      expect((await loaded).detail.areas).to.equal(542);
      await map.updateComplete;
      expect(alertText(map)).to.equal('');
    });

    it('shows and reports malformed GeoJSON with the file and the place', async () => {
      map = createMap({ areas: `${FIXTURES}/berlin-truncated.geojson` });
      const failed = nextEvent<SozialraumErrorDetail>(map, 'sozialraum-error');
      await map.ready;
      const { detail } = await failed;
      expect(detail.code).to.equal('parse-error');
      expect(detail.source).to.equal('berlin-truncated.geojson');
      // The page is German, so is the detail; the event carries the English message beside the shown text.
      expect(alertText(map)).to.contain('berlin-truncated.geojson: kein gültiges JSON');
      expect(detail.message).to.match(/^berlin-truncated\.geojson: not valid JSON/);
      expect(detail.language).to.equal('de');
      expect(alertText(map)).to.contain(detail.text);
      expect(areasSource(map).getFeatures()).to.have.length(0);
    });

    it('keeps the areas and explains a table whose keys match no area', async () => {
      map = createMap({ areas: BERLIN, 'id-field': 'PLR_ID', indicators: `${FIXTURES}/mitte-keys-without-zeros.csv` });
      const failed = nextEvent<SozialraumErrorDetail>(map, 'sozialraum-error');
      await map.ready;
      const { detail } = await failed;
      expect(detail.code).to.equal('no-match');
      expect(detail.source).to.equal('mitte-keys-without-zeros.csv');
      expect(detail.column).to.equal('PLR_ID');
      expect(alertText(map))
        .to.contain('Die Tabelle „mitte-keys-without-zeros.csv“ konnte nicht mit den Gebieten verbunden werden.')
        .and.contain('führende Nullen');
      expect(areasSource(map).getFeatures()).to.have.length(542);
    });

    it('refuses projected coordinates in a file that names no CRS, and reads them once the CRS is declared', async () => {
      map = createMap({ areas: `${FIXTURES}/projected-without-crs.geojson` });
      const failed = nextEvent<SozialraumErrorDetail>(map, 'sozialraum-error');
      await map.ready;
      const { detail } = await failed;
      expect(detail.code).to.equal('unknown-crs');
      expect(alertText(map)).to.contain('projected-without-crs.geojson').and.contain('nennt kein Koordinatenreferenzsystem');
      const loaded = nextEvent<DataLoadDetail>(map, 'sozialraum-data-load');
      map.setAttribute('areas-crs', 'EPSG:25833');
      expect((await loaded).detail.areas).to.equal(3);
    });

    it('refuses a CRS it does not know, naming it', async () => {
      map = createMap({ areas: `${FIXTURES}/swiss-lv95.geojson` });
      const failed = nextEvent<SozialraumErrorDetail>(map, 'sozialraum-error');
      await map.ready;
      expect((await failed).detail.code).to.equal('unknown-crs');
      expect(alertText(map)).to.contain('EPSG:2056');
    });

    it('shows feature names as text, never as markup', async () => {
      map = createMap({ areas: `${FIXTURES}/hostile-names.geojson`, 'id-field': 'id', 'name-field': 'name' });
      await map.ready;
      const [x, y] = pagePixelInside(map, 'x1');
      await sendMouse({ type: 'move', position: [x, y] });
      expect(tooltip(map).textContent).to.contain('<img src=x onerror="window.__xss=1">Kiez');
      expect(tooltip(map).querySelector('img')).to.equal(null);
      expect((window as { __xss?: number }).__xss).to.equal(undefined);
    });
  });

  it('has no accessibility violations (axe-core), loaded and in its error state', async () => {
    await import('/node_modules/axe-core/axe.min.js' as string);
    const axe = (window as unknown as { axe: { run: (context: Element) => Promise<{ violations: { id: string; help: string }[] }> } }).axe;
    map = createMap({ areas: BERLIN, 'id-field': 'PLR_ID', indicators: MSS });
    await map.ready;
    expect((await axe.run(map)).violations.map((violation) => `${violation.id}: ${violation.help}`)).to.deep.equal([]);
    map.remove();
    map = createMap({ areas: `${FIXTURES}/berlin-truncated.geojson` });
    await map.ready;
    await map.updateComplete;
    expect((await axe.run(map)).violations.map((violation) => `${violation.id}: ${violation.help}`)).to.deep.equal([]);
  });
});
