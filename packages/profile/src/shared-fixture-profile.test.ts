/// <reference types="mocha" />
// The shared fixture of "the profile of an area": a Berlin Planungsraum through `sozialraum profile` (run by the test
// server on this build, see web-test-runner.config.mjs) and through <sozialraum-profile-card> on the map in Chromium,
// with the MSS status index, the Kitas and the Zensus residents within reach. The card's CSV (core's profileCsv, what
// its download holds without the byte order mark) and the command line's are compared byte for byte, in both languages.
import { expect } from 'chai';
import { runCli } from '../../element/dist/test/cli.js';
import { profileCsv, type AreaProfile, type Language } from '@sozialraum/core';
import '@sozialraum/map';
import './index.js';
import type { SozialraumMap } from '@sozialraum/map';
import type { SozialraumProfileCard } from './sozialraum-profile-card.js';

const BERLIN = 'data-samples/berlin/lor_planungsraeume_2021.geojson';
const MSS = 'data-samples/berlin/mss2021_indexindikatoren.csv';
const KITAS = 'data-samples/berlin/facilities/kitas.geojson';
const GRID = 'data-samples/berlin/zensus2011_einwohner_100m.csv';
const PRESET = 'mss-2021-status';
/** Stülerstraße in Mitte, next to the Tiergarten. */
const AREA = '01100101';

async function viaCli(language: Language): Promise<string> {
  const answer = await runCli({
    args: [
      'profile',
      ...['--areas', BERLIN, '--id-field', 'PLR_ID', '--name-field', 'PLR_NAME', '--indicators', MSS, '--preset', PRESET, '--area', AREA],
      ...['--facilities', KITAS, '--grid', GRID, '--value', 'Einwohner', '--lang', language, '--out', '{profile.csv}'],
    ],
    outputs: ['profile.csv'],
  });
  return answer.written['profile.csv'];
}

let map: SozialraumMap | undefined;

async function viaCard(language: Language): Promise<AreaProfile> {
  map = document.createElement('sozialraum-map') as SozialraumMap;
  map.setAttribute('areas', `/${BERLIN}`);
  map.setAttribute('id-field', 'PLR_ID');
  map.setAttribute('name-field', 'PLR_NAME');
  map.setAttribute('indicators', `/${MSS}`);
  map.setAttribute('lang', language);
  map.style.cssText = 'width: 600px; height: 400px; display: block;';
  const card = document.createElement('sozialraum-profile-card') as SozialraumProfileCard;
  for (const [name, value] of Object.entries({ 'area-id': AREA, preset: PRESET, facilities: `/${KITAS}`, 'population-grid': `/${GRID}`, lang: language })) {
    card.setAttribute(name, value);
  }
  map.append(card);
  const shown = new Promise<AreaProfile>((resolve) =>
    card.addEventListener('sozialraum-profile-change', (event) => {
      const profile = (event as CustomEvent<AreaProfile | null>).detail;
      if (profile?.id === AREA) resolve(profile);
    }),
  );
  document.body.append(map);
  return shown;
}

describe('the profile of an area: `sozialraum profile` and <sozialraum-profile-card> write the same CSV', function () {
  this.timeout(180_000);

  afterEach(() => {
    map?.remove();
    map = undefined;
  });

  for (const language of ['en', 'de'] as const) {
    it(`Stülerstraße with the status index, the Kitas and the residents within reach (${language})`, async () => {
      const cli = await viaCli(language);
      const profile = await viaCard(language);
      const lines = cli.split('\r\n');
      expect(lines[0]).to.equal(
        language === 'en'
          ? 'Area,Key,Section,Item,Value,Unit,City,Deviation,Rank,of,Date,Source,Note'
          : 'Gebiet;Schlüssel;Bereich;Merkmal;Wert;Einheit;Stadt;Abweichung;Rang;von;Stand;Quelle;Hinweis',
      );
      expect(cli).to.match(language === 'en' ? /within 1500 m/ : /im Umkreis von 1500 m/);
      expect(profileCsv(profile, language)).to.equal(cli);
    });
  }
});
