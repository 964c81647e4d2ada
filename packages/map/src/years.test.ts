/// <reference types="mocha" />
// <sozialraum-map> with the Flensburg Sozialatlas (eight years in one table): the time slider and the state that follows it.
import { expect } from 'chai';
import { sendKeys } from '@web/test-runner-commands';
import { LitElement, html } from 'lit';
import { ContextConsumer } from '@lit/context';
import './sozialraum-map.js';
import type { SozialraumMap, YearChangeDetail } from './sozialraum-map.js';
import { sozialraumContext } from '@sozialraum/element';

const STADTTEILE = '/data-samples/flensburg/stadtteile.geojson';
const SOZIALATLAS = '/data-samples/flensburg/sozialatlas_stadtteile.csv';

class YearProbe extends LitElement {
  readonly consumer = new ContextConsumer(this, { context: sozialraumContext, subscribe: true });
  override render() {
    return html``;
  }
}
customElements.define('year-probe', YearProbe);

function nextEvent<T>(target: EventTarget, type: string): Promise<CustomEvent<T>> {
  return new Promise((resolve) => target.addEventListener(type, (event) => resolve(event as CustomEvent<T>), { once: true }));
}

describe('<sozialraum-map> years', () => {
  let map: SozialraumMap;
  let probe: YearProbe;

  beforeEach(async () => {
    map = document.createElement('sozialraum-map');
    map.setAttribute('areas', STADTTEILE);
    map.setAttribute('id-field', 'AREA_ID');
    map.setAttribute('indicators', SOZIALATLAS);
    map.setAttribute('key-field', 'stadtteil_id');
    map.style.cssText = 'width: 700px; height: 400px; display: block;';
    probe = document.createElement('year-probe') as YearProbe;
    map.append(probe);
    document.body.append(map);
    await map.ready;
    await map.updateComplete;
  });

  afterEach(() => map.remove());

  it('knows the eight years, shows the latest, and shares one year of rows joined to the 13 Stadtteile', () => {
    const state = probe.consumer.value!;
    expect(state.years).to.deep.equal([2011, 2012, 2017, 2018, 2019, 2020, 2021, 2022]);
    expect(state.year).to.equal(2022);
    expect(state.table!.rows).to.have.length(13);
    expect(state.table!.rows.every((row) => row.jahr === '2022')).to.equal(true);
    expect(state.join!.unmatchedAreaIds).to.deep.equal([]);
    expect(state.join!.issues).to.deep.equal([]);
    expect(state.allYears!.table.rows).to.have.length(104);
    const slider = map.shadowRoot!.querySelector<HTMLInputElement>('[part="toolbar"] input[type="range"]')!;
    expect(slider.getAttribute('aria-valuetext')).to.equal('2022');
    expect(slider.closest('label')!.textContent).to.contain('Jahr');
  });

  it('moves through the years by keyboard: each arrow key shows the year before, with its rows', async () => {
    const slider = map.shadowRoot!.querySelector<HTMLInputElement>('[part="toolbar"] input[type="range"]')!;
    slider.focus();
    const changed = nextEvent<YearChangeDetail>(map, 'sozialraum-year-change');
    await sendKeys({ press: 'ArrowLeft' });
    expect((await changed).detail.year).to.equal(2021);
    await map.updateComplete;
    expect(map.year).to.equal(2021);
    expect(map.getAttribute('year')).to.equal('2021');
    await sendKeys({ press: 'Home' });
    await map.updateComplete;
    const state = probe.consumer.value!;
    expect(state.year).to.equal(2011);
    const altstadt = state.join!.rowsByKey.get('STGT01')!;
    expect(altstadt.jahr).to.equal('2011');
    expect(altstadt.einwohner).to.equal('3323');
    expect(map.shadowRoot!.querySelector('[part="toolbar"] output')!.textContent).to.equal('2011');
  });

  it('marks each year on the slider at its place in time, so that the gap from 2012 to 2017 shows, and steps over it', async () => {
    const slider = map.shadowRoot!.querySelector<HTMLInputElement>('[part="toolbar"] input[type="range"]')!;
    const ticks = [...map.shadowRoot!.querySelectorAll<SVGLineElement>('[part="year-ticks"] line[data-year]')];
    expect(ticks.map((tick) => Number(tick.dataset.year))).to.deep.equal([2011, 2012, 2017, 2018, 2019, 2020, 2021, 2022]);
    const x = (year: number) => parseFloat(ticks.find((tick) => tick.dataset.year === String(year))!.getAttribute('x1')!);
    // Five years lie between 2012 and 2017, one between 2017 and 2018.
    expect((x(2017) - x(2012)) / (x(2018) - x(2017))).to.be.closeTo(5, 0.01);
    expect(x(2011)).to.equal(0);
    expect(x(2022)).to.equal(100);
    map.year = 2017;
    await map.updateComplete;
    slider.focus();
    const changed = nextEvent<YearChangeDetail>(map, 'sozialraum-year-change');
    await sendKeys({ press: 'ArrowLeft' });
    expect((await changed).detail.year).to.equal(2012);
    await map.updateComplete;
    expect(slider.value).to.equal('2012');
    expect(slider.getAttribute('aria-valuetext')).to.equal('2012');
  });

  it('takes the year from the attribute, and an unknown year falls back to the latest', async () => {
    map.year = 2017;
    await map.updateComplete;
    expect(probe.consumer.value!.table!.rows.every((row) => row.jahr === '2017')).to.equal(true);
    map.year = 1990;
    await map.updateComplete;
    expect(probe.consumer.value!.year).to.equal(2022);
  });
});
