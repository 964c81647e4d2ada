/// <reference types="mocha" />
// The deviation of a rate from the city is a difference of percentages: the card writes it in percentage points, and a
// difference that rounds to zero without a sign. Flensburg Nordstadt, computed by core in the page, in Chromium.
import { expect } from 'chai';
import './index.js';
import { areaProfile, loadAreas, parseCsv, prepareProfiles, validateIndexSpec } from '@sozialraum/core';

describe('<sozialraum-profile-card> deviations', () => {
  it('shows the deviation of a rate in percentage points (Pp.) and never as −0,0', async function () {
    this.timeout(30_000);
    const [areasBytes, csv, spec] = await Promise.all([
      fetch('/data-samples/flensburg/stadtteile.geojson').then((response) => response.arrayBuffer()),
      fetch('/data-samples/flensburg/sozialatlas_stadtteile.csv').then((response) => response.text()),
      fetch('/demo/flensburg-index.json').then((response) => response.json()),
    ]);
    const areas = await loadAreas(new Uint8Array(areasBytes), { source: 'stadtteile.geojson', idField: 'AREA_ID', nameField: 'AREA_NAME' });
    const set = prepareProfiles({
      areas,
      table: parseCsv(csv, { source: 'sozialatlas_stadtteile.csv' }),
      keyColumn: 'stadtteil_id',
      yearColumn: 'jahr',
      spec: validateIndexSpec(spec, 'flensburg-index.json'),
    });
    const profile = areaProfile(set, 'STGT03')!;
    const card = document.createElement('sozialraum-profile-card');
    card.data = profile;
    document.body.append(card);
    await card.updateComplete;
    const rows = [...card.shadowRoot!.querySelectorAll('tbody tr')];
    const alq = profile.indicators.find((indicator) => indicator.column === 'alq')!;
    const row = rows.find((candidate) => candidate.querySelector('th')!.textContent!.includes('Arbeitslose je 100'))!;
    const deviation = row.querySelectorAll('td.num')[2]!.textContent!.trim();
    // 8,6 % in the Nordstadt against 5,9 % in the city: 2,8 percentage points, not 2,8 per cent.
    expect(alq.unit).to.equal('%');
    expect(deviation).to.match(/^\+\d,\d Pp\.$/);
    expect(card.shadowRoot!.textContent).not.to.match(/[−-]0,0(?!\d)/);
    card.remove();
  });
});
