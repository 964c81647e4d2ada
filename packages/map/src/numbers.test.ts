/// <reference types="mocha" />
// <sozialraum-map> with inputs that once gave wrong numbers without a word (test/fixtures/numbers/): an indicator table
// whose decimals read both ways ("4.226", as pandas writes with sep=";"), refused with the cell named until `decimal`
// says the separator; areas in longitude/latitude whose crs member names EPSG:25833, refused until `areas-crs` corrects it.
import { expect } from 'chai';
import { LitElement, html } from 'lit';
import { ContextConsumer } from '@lit/context';
import { numericColumn } from '@sozialraum/core';
import './sozialraum-map.js';
import type { SozialraumMap, DataLoadDetail } from './sozialraum-map.js';
import { sozialraumContext, type SozialraumErrorDetail } from '@sozialraum/element';

const BERLIN = '/data-samples/berlin/lor_planungsraeume_2021.geojson';
const PANDAS = '/test/fixtures/numbers/mss-pandas-semikolon.csv';
const DEGREES = '/test/fixtures/numbers/flensburg-grad-als-utm.geojson';

class DecimalProbe extends LitElement {
  readonly consumer = new ContextConsumer(this, { context: sozialraumContext, subscribe: true });
  override render() {
    return html``;
  }
}
customElements.define('decimal-probe', DecimalProbe);

function nextEvent<T>(target: EventTarget, type: string): Promise<CustomEvent<T>> {
  return new Promise((resolve) => target.addEventListener(type, (event) => resolve(event as CustomEvent<T>), { once: true }));
}

describe('<sozialraum-map decimal>', () => {
  let map: SozialraumMap;
  afterEach(() => map.remove());

  it('refuses a table whose decimals read both ways, naming file, row and column, and reads it once told', async () => {
    map = document.createElement('sozialraum-map');
    map.style.cssText = 'width: 600px; height: 400px; display: block;';
    map.setAttribute('areas', BERLIN);
    map.setAttribute('id-field', 'PLR_ID');
    map.setAttribute('indicators', PANDAS);
    map.innerHTML = '<decimal-probe></decimal-probe>';
    const failed = nextEvent<SozialraumErrorDetail>(map, 'sozialraum-error');
    document.body.append(map);
    await map.ready;
    const { detail } = await failed;
    expect(detail.code).to.equal('bad-number');
    expect(detail.source).to.equal('mss-pandas-semikolon.csv');
    expect(detail.row).to.equal(2);
    expect(detail.column).to.equal('S1');
    const alert = map.shadowRoot!.querySelector('[role="alert"]')?.textContent?.replace(/\s+/g, ' ') ?? '';
    expect(alert).to.contain('„4.226“ ist 4,226 mit Dezimalpunkt oder 4.226 mit Tausendertrennzeichen').and.contain('decimal="."');

    const loaded = nextEvent<DataLoadDetail>(map, 'sozialraum-data-load');
    map.setAttribute('decimal', '.');
    expect((await loaded).detail.rows).to.equal(12);
    await map.updateComplete;
    const table = map.querySelector<DecimalProbe>('decimal-probe')!.consumer.value!.table!;
    expect(table.decimalSeparator).to.equal('.');
    expect(numericColumn(table, 'S1').values[0]).to.equal(4.226);
  });

  it('refuses a decimal attribute that is neither point nor comma', async () => {
    map = document.createElement('sozialraum-map');
    map.setAttribute('areas', BERLIN);
    map.setAttribute('indicators', PANDAS);
    map.setAttribute('decimal', 'Punkt');
    const failed = nextEvent<SozialraumErrorDetail>(map, 'sozialraum-error');
    document.body.append(map);
    const { detail } = await failed;
    expect(detail.source).to.equal('decimal');
    expect(detail.text).to.contain('muss „.“ oder „,“ sein, nicht „Punkt“');
  });

  it('refuses areas in degrees whose crs member names EPSG:25833, and draws them once areas-crs says EPSG:4326', async () => {
    map = document.createElement('sozialraum-map');
    map.style.cssText = 'width: 600px; height: 400px; display: block;';
    map.setAttribute('areas', DEGREES);
    const failed = nextEvent<SozialraumErrorDetail>(map, 'sozialraum-error');
    document.body.append(map);
    await map.ready;
    const { detail } = await failed;
    expect(detail.code).to.equal('implausible-coordinates');
    expect(detail.source).to.equal('flensburg-grad-als-utm.geojson');
    const alert = map.shadowRoot!.querySelector('[role="alert"]')?.textContent?.replace(/\s+/g, ' ') ?? '';
    expect(alert).to.contain('sind geographische Längen und Breiten in Grad, keine Meter in EPSG:25833');
    const loaded = nextEvent<DataLoadDetail>(map, 'sozialraum-data-load');
    map.setAttribute('areas-crs', 'EPSG:4326');
    const { detail: load } = await loaded;
    expect(load.areas).to.equal(3);
    expect(load.crs).to.equal('EPSG:4326');
  });
});
