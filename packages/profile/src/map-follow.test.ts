/// <reference types="mocha" />
// <sozialraum-profile-card> following the map's levels and years: the parent column of a Berlin Planungsraum (its
// Bezirksregion, carried up by the map) and the year of the Flensburg time slider.
import { expect } from 'chai';
import '@sozialraum/map';
import '@sozialraum/choropleth';
import './index.js';
import { parseCsv, type AreaProfile } from '@sozialraum/core';
import type { LevelChangeDetail, SozialraumMap } from '@sozialraum/map';
import type { SozialraumProfileCard } from './sozialraum-profile-card.js';
import { nextEvent } from '../../element/dist/test/map.js';

const LEVELS = JSON.stringify([
  { id: 'plr', label: 'Planungsraum' },
  { id: 'bzr', label: 'Bezirksregion', areas: '/data-samples/berlin/lor_bezirksregionen_2021.geojson', idField: 'BZR_ID', nameField: 'BZR_NAME', prefix: 6 },
]);
const AGGREGATION = JSON.stringify({
  counts: ['EW'],
  weighted: ['S1', 'S3', 'S4'].map((column) => ({ column, weight: 'EW' })),
  missingValues: [-9999],
  missing: 'sum-known',
});

async function shows(card: SozialraumProfileCard, accept: (profile: AreaProfile) => boolean): Promise<AreaProfile> {
  if (!card.profile || !accept(card.profile)) await nextEvent<AreaProfile | null>(card, 'sozialraum-profile-change', (detail) => !!detail && accept(detail));
  await card.updateComplete;
  return card.profile!;
}

describe('<sozialraum-profile-card> with the map’s levels and years', function () {
  this.timeout(60_000);
  let map: SozialraumMap | undefined;

  afterEach(() => {
    map?.remove();
    map = undefined;
  });

  it('shows the Bezirksregion of a Planungsraum beside the city: its values carried up from its Planungsräume', async () => {
    map = document.createElement('sozialraum-map');
    for (const [name, value] of Object.entries({
      areas: '/data-samples/berlin/lor_planungsraeume_2021.geojson',
      'id-field': 'PLR_ID',
      'name-field': 'PLR_NAME',
      indicators: '/data-samples/berlin/mss2021_indexindikatoren.csv',
      levels: LEVELS,
      aggregation: AGGREGATION,
      selected: '01100101',
    })) {
      map.setAttribute(name, value);
    }
    map.style.cssText = 'display: block; width: 1000px; --sozialraum-map-height: 400px;';
    map.innerHTML = '<sozialraum-choropleth preset="mss-2021-status"></sozialraum-choropleth><sozialraum-profile-card></sozialraum-profile-card>';
    const levels = nextEvent<LevelChangeDetail>(map, 'sozialraum-level-change');
    document.body.append(map);
    await map.ready;
    await levels;
    map.selected = '01100101';
    const card = map.querySelector('sozialraum-profile-card')!;
    const profile = await shows(card, (candidate) => candidate.id === '01100101' && candidate.parent !== undefined);
    expect(profile.parent).to.deep.include({ label: 'Bezirksregion', id: '011001' });

    // The Bezirksregion's S1, worked out here: the unemployment rate of its Planungsräume weighted by their residents.
    const table = parseCsv(await (await fetch('/data-samples/berlin/mss2021_indexindikatoren.csv')).text(), { source: 'mss' });
    const children = table.rows.filter((row) => row.PLR_ID!.startsWith('011001') && row.S1 !== '-9999' && row.EW !== '');
    const expected = children.reduce((sum, row) => sum + Number(row.S1) * Number(row.EW), 0) / children.reduce((sum, row) => sum + Number(row.EW), 0);
    const s1 = profile.indicators.find((indicator) => indicator.column === 'S1')!;
    expect(s1.parentValue).to.be.closeTo(expected, 1e-9);

    const header = [...card.shadowRoot!.querySelectorAll('[part="indicators"] thead th')].map((cell) => cell.textContent!.replace(/\s+/g, ' ').trim());
    expect(header[2]).to.contain('Bezirksregion').and.contain(profile.parent!.name);
    const row = [...card.shadowRoot!.querySelectorAll('[part="indicators"] tbody tr')].find((candidate) =>
      candidate.querySelector('th')!.textContent!.includes('Arbeitslos'),
    )!;
    expect(row.querySelectorAll('td')[1]!.textContent!.trim()).to.equal(
      `${new Intl.NumberFormat('de-DE', { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(expected)} %`,
    );
  });

  it('follows the Flensburg time slider: the year shown, with the series over all years', async () => {
    map = document.createElement('sozialraum-map');
    for (const [name, value] of Object.entries({
      areas: '/data-samples/flensburg/stadtteile.geojson',
      'id-field': 'AREA_ID',
      indicators: '/data-samples/flensburg/sozialatlas_stadtteile.csv',
      'key-field': 'stadtteil_id',
      selected: 'STGT03',
    })) {
      map.setAttribute(name, value);
    }
    map.style.cssText = 'display: block; width: 1000px; --sozialraum-map-height: 400px;';
    map.innerHTML = '<sozialraum-profile-card spec="/demo/flensburg-index.json"></sozialraum-profile-card>';
    document.body.append(map);
    await map.ready;
    map.selected = 'STGT03';
    const card = map.querySelector('sozialraum-profile-card')!;
    const latest = await shows(card, (profile) => profile.id === 'STGT03');
    expect(latest.year).to.equal(2022);
    expect(latest.years).to.deep.equal([2011, 2012, 2017, 2018, 2019, 2020, 2021, 2022]);
    map.year = 2019;
    const earlier = await shows(card, (profile) => profile.year === 2019);
    expect(earlier.id).to.equal('STGT03');
    const table = parseCsv(await (await fetch('/data-samples/flensburg/sozialatlas_stadtteile.csv')).text(), { source: 'atlas' });
    const row = table.rows.find((candidate) => candidate.jahr === '2019' && candidate.stadtteil_id === 'STGT03')!;
    const sgb2 = earlier.indicators.find((indicator) => indicator.column === 'sgb2_quote')!;
    expect(sgb2.value).to.be.closeTo((Number(row.sgb2_leistungsberechtigte) / Number(row.einwohner)) * 100, 1e-9);
    expect(sgb2.series).to.have.length(8);
  });
});
