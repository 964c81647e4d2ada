/// <reference types="mocha" />
// The shared fixture of "facilities from office files": the care facilities as a loose Shapefile in longitude/latitude
// (a .shp with its .shx, .dbf, .prj and .cpg beside it) and the youth centres as FlatGeobuf and as a zipped Shapefile
// (made with GDAL from the repository's GeoJSON, see packages/core/test/fixtures/points/README.md), read by
// `sozialraum profile --facilities` (run by the test server on this build) and by <sozialraum-profile-card> in
// Chromium through the one reader in core (loadPoints). Both write the same CSV, with the numbers the GeoJSON gives.
import { expect } from 'chai';
import { executeServerCommand } from '@web/test-runner-commands';
import { profileCsv, type AreaProfile, type Language } from '@sozialraum/core';
import '@sozialraum/map';
import './index.js';
import type { SozialraumErrorDetail, SozialraumMap } from '@sozialraum/map';
import type { SozialraumProfileCard } from './sozialraum-profile-card.js';

const BERLIN = 'data-samples/berlin/lor_planungsraeume_2021.geojson';
const MSS = 'data-samples/berlin/mss2021_indexindikatoren.csv';
const GRID = 'data-samples/berlin/zensus2011_einwohner_100m.csv';
const POINTS = 'packages/core/test/fixtures/points';
const GEOJSON = ['data-samples/berlin/facilities/pflegeeinrichtungen.geojson', 'data-samples/berlin/facilities/jugendfreizeiteinrichtungen.geojson'];
const PRESET = 'mss-2021-status';
/** A Planungsraum in Tempelhof-Schöneberg with care facilities and youth centres within reach. */
const AREA = '07601443';

interface CliAnswer {
  code: number;
  stdout: string;
  stderr: string;
  written: Record<string, string | null>;
}

async function runCli(facilities: string[], language: Language): Promise<CliAnswer> {
  return (await executeServerCommand('sozialraum-cli', {
    args: [
      'profile',
      ...['--areas', BERLIN, '--id-field', 'PLR_ID', '--name-field', 'PLR_NAME', '--indicators', MSS, '--preset', PRESET, '--area', AREA],
      ...facilities.flatMap((path) => ['--facilities', path]),
      ...['--grid', GRID, '--value', 'Einwohner', '--lang', language, '--out', '{profile.csv}'],
    ],
    outputs: ['profile.csv'],
  })) as CliAnswer;
}

async function viaCli(facilities: string[], language: Language): Promise<string> {
  const answer = await runCli(facilities, language);
  expect(answer.code, answer.stderr).to.be.oneOf([0, 1]);
  expect(answer.written['profile.csv'], answer.stderr).to.be.a('string');
  return answer.written['profile.csv']!;
}

let map: SozialraumMap | undefined;

async function viaCard(facilities: string[], language: Language): Promise<AreaProfile> {
  map = document.createElement('sozialraum-map') as SozialraumMap;
  map.setAttribute('areas', `/${BERLIN}`);
  map.setAttribute('id-field', 'PLR_ID');
  map.setAttribute('name-field', 'PLR_NAME');
  map.setAttribute('indicators', `/${MSS}`);
  map.setAttribute('lang', language);
  map.style.cssText = 'width: 600px; height: 400px; display: block;';
  const card = document.createElement('sozialraum-profile-card') as SozialraumProfileCard;
  const attributes = {
    'area-id': AREA,
    preset: PRESET,
    facilities: facilities.map((path) => `/${path}`).join(' '),
    'population-grid': `/${GRID}`,
    lang: language,
  };
  for (const [name, value] of Object.entries(attributes)) card.setAttribute(name, value);
  map.append(card);
  const shown = new Promise<AreaProfile>((resolve) =>
    card.addEventListener('sozialraum-profile-change', (event) => {
      const profile = (event as CustomEvent<AreaProfile | null>).detail;
      if (profile?.id === AREA) resolve(profile);
    }),
  );
  document.body.append(map);
  const profile = await shown;
  map.remove();
  map = undefined;
  return profile;
}

/** The facility numbers of a profile, without the type (the files' names differ between the formats). */
const numbers = (profile: AreaProfile) =>
  profile.facilities!.types.map(({ inside, within, reachableShare, suppressed }) => ({ inside, within, reachableShare, suppressed }));

describe('facilities from a Shapefile and a FlatGeobuf: `sozialraum profile` and <sozialraum-profile-card> read them alike', function () {
  this.timeout(240_000);

  afterEach(() => {
    map?.remove();
    map = undefined;
  });

  for (const [youth, format] of [
    [`${POINTS}/jugend.fgb`, 'FlatGeobuf'],
    [`${POINTS}/jugend.shp.zip`, 'zipped Shapefile'],
  ] as const) {
    it(`the care facilities as a loose Shapefile and the youth centres as ${format}: the same CSV, the numbers of the GeoJSON`, async () => {
      const facilities = [`${POINTS}/pflege.shp`, youth];
      const cli = await viaCli(facilities, 'de');
      const profile = await viaCard(facilities, 'de');
      expect(profileCsv(profile, 'de')).to.equal(cli);
      expect(profile.facilities!.types.map((type) => type.type)).to.deep.equal(['pflege', 'jugend']);
      expect(profile.facilities!.types[0]!.within, 'care facilities within reach').to.be.greaterThan(0);
      expect(profile.facilities!.types[1]!.within, 'youth centres within reach').to.be.greaterThan(0);
      const fromGeoJson = await viaCard(GEOJSON, 'de');
      expect(numbers(profile)).to.deep.equal(numbers(fromGeoJson));
    });
  }

  it('areas given as facilities (the Ortsteile as a zipped Shapefile) are refused by both with the same message', async () => {
    const ortsteile = 'data-samples/berlin/formats/ortsteile_2014.zip';
    const cli = await runCli([ortsteile], 'en');
    expect(cli.code).to.equal(2);
    map = document.createElement('sozialraum-map') as SozialraumMap;
    map.setAttribute('areas', `/${BERLIN}`);
    map.setAttribute('id-field', 'PLR_ID');
    map.setAttribute('indicators', `/${MSS}`);
    map.setAttribute('lang', 'en');
    const card = document.createElement('sozialraum-profile-card') as SozialraumProfileCard;
    for (const [name, value] of Object.entries({ 'area-id': AREA, preset: PRESET, facilities: `/${ortsteile}`, lang: 'en' })) card.setAttribute(name, value);
    map.append(card);
    const failed = new Promise<SozialraumErrorDetail>((resolve) =>
      card.addEventListener('sozialraum-error', (event) => resolve((event as CustomEvent<SozialraumErrorDetail>).detail), { once: true }),
    );
    document.body.append(map);
    const detail = await failed;
    expect(detail.code).to.equal('invalid-geometry');
    expect(detail.message).to.match(/^ortsteile_2014\.zip: none of its 96 features is a point \(feature 1 is a (Multi)?Polygon\)/);
    expect(cli.stderr).to.contain(detail.message.replace(/^ortsteile_2014\.zip/, ortsteile));
  });
});
