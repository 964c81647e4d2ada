/// <reference types="mocha" />
// <sozialraum-map> in Chromium with its indicator table as an Excel workbook, as offices publish it.
import { expect } from 'chai';
import { ContextConsumer } from '@lit/context';
import { LitElement } from 'lit';
import './sozialraum-map.js';
import type { DataLoadDetail, SozialraumMap } from './sozialraum-map.js';
import { sozialraumContext } from '@sozialraum/element';

const BERLIN = '/data-samples/berlin/lor_planungsraeume_2021.geojson';
const MSS_XLSX = '/data-samples/berlin/mss2021_indexindikatoren.xlsx';

/** Reads the table the map shares with its children. */
class TableProbe extends LitElement {
  readonly consumer = new ContextConsumer(this, { context: sozialraumContext, subscribe: true });
}
customElements.define('xlsx-table-probe', TableProbe);

function createMap(attributes: Record<string, string>): SozialraumMap {
  const map = document.createElement('sozialraum-map');
  for (const [name, value] of Object.entries(attributes)) map.setAttribute(name, value);
  map.style.cssText = 'width: 800px; height: 500px; display: block;';
  map.innerHTML = '<xlsx-table-probe></xlsx-table-probe>';
  document.body.append(map);
  return map;
}

function nextEvent<T>(target: EventTarget, type: string): Promise<CustomEvent<T>> {
  return new Promise((resolve) => target.addEventListener(type, (event) => resolve(event as CustomEvent<T>), { once: true }));
}

function alertText(map: SozialraumMap): string {
  return map.shadowRoot!.querySelector('[role="alert"]')?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
}

describe('<sozialraum-map> with an Excel table', () => {
  let map: SozialraumMap | undefined;
  afterEach(() => {
    map?.remove();
    map = undefined;
  });

  it('joins the MSS workbook to the 542 Planungsräume: codes under the labels name the columns, "." is no value', async () => {
    map = createMap({ areas: BERLIN, 'id-field': 'PLR_ID', indicators: MSS_XLSX });
    const loaded = nextEvent<DataLoadDetail>(map, 'sozialraum-data-load');
    await map.ready;
    const { detail } = await loaded;
    expect(detail.rows).to.equal(542);
    expect(detail.unmatchedAreaIds).to.deep.equal([]);
    expect(alertText(map)).to.equal('');
    const state = map.querySelector<TableProbe>('xlsx-table-probe')!.consumer.value!;
    const table = state.table!;
    expect(table.columns).to.deep.equal(['PLR_ID', 'PLR_NAME', 'BEZ_ID', 'EW', 'S1', 'S3', 'S4', 'D1', 'D3', 'D4']);
    expect(table.layout!.headerRow).to.equal(5);
    expect(table.layout!.codeRow).to.equal(6);
    expect(table.layout!.footnotes.map((line) => line.row)).to.deep.equal([550, 551]);
    const first = table.rows[0]!;
    expect([first['PLR_ID'], first['EW'], first['S3']]).to.deep.equal(['01100101', '3419', '8.04329']);
    expect(table.rows.find((row) => row['PLR_ID'] === '03400831')!['EW']).to.equal('.');
  });

  it('shows a sheet that is not there as an error naming the file and the sheets, and keeps the areas', async () => {
    map = createMap({ areas: BERLIN, 'id-field': 'PLR_ID', indicators: MSS_XLSX, sheet: 'Tabelle1' });
    await map.ready;
    expect(map.areas?.features).to.have.length(542);
    expect(alertText(map)).to.contain('mss2021_indexindikatoren.xlsx: hat kein Blatt „Tabelle1“; ihre Blätter sind „MSS 2021 Indikatoren“');
  });

  it('takes the header row from its attribute', async () => {
    map = createMap({ areas: BERLIN, 'id-field': 'PLR_ID', indicators: MSS_XLSX, 'header-row': '6' });
    await map.ready;
    const table = map.querySelector<TableProbe>('xlsx-table-probe')!.consumer.value!.table!;
    expect(table.layout!.headerRow).to.equal(6);
    expect(table.layout!.headerGiven).to.equal(true);
    expect(table.rows).to.have.length(542);
  });
});
