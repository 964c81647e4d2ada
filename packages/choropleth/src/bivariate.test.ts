/// <reference types="mocha" />
// The Status-Dynamik-Index of the Berlin MSS 2021 as a bivariate map: 4 status × 3 dynamics classes, one colour per
// combination, a 4 × 3 matrix legend and the classes in the table, in Chromium on the MSS 2021 data.
import { expect } from 'chai';
import '@sozialraum/map';
import './index.js';
import { computeIndex, indexPreset, parseCsv } from '@sozialraum/core';
import type { SozialraumMap, ThematicLayer } from '@sozialraum/map';
import type { SozialraumLegend } from './sozialraum-legend.js';
import type { SozialraumTable } from './sozialraum-table.js';

const BERLIN = '/data-samples/berlin/lor_planungsraeume_2021.geojson';
const MSS = '/data-samples/berlin/mss2021_indexindikatoren.csv';

describe('<sozialraum-choropleth mode="bivariate">', () => {
  let map: SozialraumMap | undefined;

  afterEach(() => {
    map?.remove();
    map = undefined;
  });

  it('draws the MSS 2021 Status-Dynamik-Index with its 4 × 3 matrix legend and the classes in the table', async () => {
    map = document.createElement('sozialraum-map');
    map.setAttribute('areas', BERLIN);
    map.setAttribute('id-field', 'PLR_ID');
    map.setAttribute('indicators', MSS);
    map.style.cssText = 'display: block; width: 900px; --sozialraum-map-height: 420px;';
    map.innerHTML = `<sozialraum-choropleth mode="bivariate" preset="mss-2021-status-dynamik"></sozialraum-choropleth>
      <sozialraum-legend slot="overlay"></sozialraum-legend>
      <sozialraum-table></sozialraum-table>`;
    const changed = new Promise<ThematicLayer>((resolve) =>
      map!.addEventListener('sozialraum-thematic-change', (event) => resolve((event as CustomEvent<ThematicLayer>).detail), { once: true }),
    );
    document.body.append(map);
    await map.ready;
    const thematic = await changed;
    const legend = map.querySelector('sozialraum-legend') as SozialraumLegend;
    const table = map.querySelector('sozialraum-table') as SozialraumTable;
    await Promise.all([legend.updateComplete, table.updateComplete]);

    // Each area's code is its status class (MSS method) and its dynamics class (MSS method) side by side: 23 is
    // status 2 ("mittel") with dynamics 3 ("negativ").
    const table2021 = parseCsv(await (await fetch(MSS)).text(), { source: MSS });
    const status = computeIndex(table2021, indexPreset('mss-2021-status'), { keyColumn: 'PLR_ID' });
    const dynamics = computeIndex(table2021, indexPreset('mss-2021-dynamics'), { keyColumn: 'PLR_ID' });
    const bivariate = thematic.bivariate!;
    expect(bivariate.rows.labels).to.deep.equal(['hoch', 'mittel', 'niedrig', 'sehr niedrig']);
    expect(bivariate.columns.labels).to.deep.equal(['positiv', 'stabil', 'negativ']);
    let rated = 0;
    for (const area of status.areas) {
      const other = dynamics.areas.find((entry) => entry.id === area.id)!;
      const combined = bivariate.areas.get(area.id)!;
      if (area.class === null || other.class === null) {
        expect(combined.code, area.id).to.equal(null);
        continue;
      }
      rated += 1;
      expect(combined.code, area.id).to.equal(area.class * 10 + other.class);
      const shown = thematic.result.areas.find((entry) => entry.id === area.id)!;
      expect(shown.class).to.equal((area.class - 1) * 3 + other.class);
    }
    expect(rated).to.equal(536);

    // The legend: a 4 × 3 matrix of the class colours with the number of areas in each cell.
    const matrix = legend.shadowRoot!.querySelector('[part="matrix"]')!;
    expect(matrix).not.to.equal(null);
    const cells = [...matrix.querySelectorAll('rect[data-code]')];
    expect(cells).to.have.length(12);
    expect(new Set(cells.map((cell) => cell.getAttribute('fill'))).size).to.equal(12);
    const counted = cells.reduce((sum, cell) => sum + Number(cell.getAttribute('data-count')), 0);
    expect(counted).to.equal(536);
    const cell23 = cells.find((cell) => cell.getAttribute('data-code') === '23')!;
    expect(Number(cell23.getAttribute('data-count'))).to.equal([...bivariate.areas.values()].filter((entry) => entry.code === 23).length);
    expect(cell23.getAttribute('fill')).to.equal(thematic.colours[(2 - 1) * 3 + 3 - 1]);

    // The table: status, dynamics and the combined code as columns.
    const headers = [...table.shadowRoot!.querySelectorAll('thead th')].map((th) => th.textContent!.trim());
    expect(headers).to.include.members(['Status', 'Dynamik', 'Status-Dynamik-Index']);
  });
});
