/// <reference types="mocha" />
// <sozialraum-profile-card> with a table of its own whose decimals read both ways ("4.226", as pandas writes with
// sep=";"): refused with the cell named, then shown with the values as written once `decimal` says the separator.
import { expect } from 'chai';
import '@sozialraum/map';
import './index.js';
import type { AreaProfile } from '@sozialraum/core';
import type { SozialraumMap } from '@sozialraum/map';
import type { SozialraumErrorDetail } from '@sozialraum/map';
import type { SozialraumProfileCard } from './sozialraum-profile-card.js';
import { nextEvent } from '../../element/dist/test/map.js';

const PANDAS = '/test/fixtures/numbers/mss-pandas-semikolon.csv';

describe('<sozialraum-profile-card decimal>', function () {
  this.timeout(60_000);
  let map: SozialraumMap | undefined;
  afterEach(() => map?.remove());

  it("refuses its table while the decimals read both ways, and shows Stülerstraße's 4.226 once told", async () => {
    map = document.createElement('sozialraum-map');
    map.setAttribute('areas', '/data-samples/berlin/lor_planungsraeume_2021.geojson');
    map.setAttribute('id-field', 'PLR_ID');
    map.setAttribute('selected', '01100101');
    map.style.cssText = 'display: block; width: 800px; --sozialraum-map-height: 300px;';
    map.innerHTML = `<sozialraum-profile-card indicators="${PANDAS}" key-field="PLR_ID" preset="mss-2021-status"></sozialraum-profile-card>`;
    const card = map.querySelector<SozialraumProfileCard>('sozialraum-profile-card')!;
    const failed = nextEvent<SozialraumErrorDetail>(card, 'sozialraum-error');
    document.body.append(map);
    const { detail } = await failed;
    expect(detail.code).to.equal('bad-number');
    expect(detail.source).to.equal('mss-pandas-semikolon.csv');
    expect(detail.row).to.equal(2);
    expect(detail.column).to.equal('S1');

    const shown = nextEvent<AreaProfile | null>(card, 'sozialraum-profile-change', (profile) => profile?.id === '01100101');
    card.setAttribute('decimal', '.');
    const profile = (await shown).detail!;
    expect(profile.indicators.find((indicator) => indicator.column === 'S1')!.value).to.equal(4.226);
  });
});
