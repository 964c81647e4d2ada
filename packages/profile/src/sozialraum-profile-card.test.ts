/// <reference types="mocha" />
// <sozialraum-profile-card> in Chromium: inside the Berlin map following its selection or showing `area-id`, and alone
// from a precomputed AreaProfile (.data) of a Flensburg Stadtteil with time series; its charts' text alternatives,
// exports, and axe-core.
import { expect } from 'chai';
import { sendMouse, resetMouse } from '@web/test-runner-commands';
import '@sozialraum/map';
import '@sozialraum/choropleth';
import './index.js';
import { areaProfile, loadAreas, parseCsv, prepareProfiles, validateIndexSpec, type AreaProfile } from '@sozialraum/core';
import type { SozialraumMap, ThematicLayer } from '@sozialraum/map';
import type VectorLayer from 'ol/layer/Vector.js';
import type VectorSource from 'ol/source/Vector.js';
import type Polygon from 'ol/geom/Polygon.js';
import type { ProfileExportDetail, SozialraumProfileCard } from './sozialraum-profile-card.js';
import { nextEvent } from '../../element/dist/test/map.js';

const BERLIN = '/data-samples/berlin/lor_planungsraeume_2021.geojson';
const MSS = '/data-samples/berlin/mss2021_indexindikatoren.csv';
const FACILITIES = ['kitas', 'schulen', 'jugendfreizeiteinrichtungen', 'pflegeeinrichtungen']
  .map((name) => `/data-samples/berlin/facilities/${name}.geojson`)
  .join(' ');

function text(element: Element | null | undefined): string {
  return element?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
}

async function axeViolations(element: Element): Promise<string[]> {
  await import('/node_modules/axe-core/axe.min.js' as string);
  const axe = (
    window as unknown as { axe: { run: (context: Element) => Promise<{ violations: { id: string; help: string; nodes: { target: unknown }[] }[] }> } }
  ).axe;
  return (await axe.run(element)).violations.map(
    (violation) => `${violation.id}: ${violation.help} ${JSON.stringify(violation.nodes.map((node) => node.target))}`,
  );
}

async function berlinMap(card: string): Promise<{ map: SozialraumMap; card: SozialraumProfileCard; thematic: ThematicLayer }> {
  const map = document.createElement('sozialraum-map');
  map.setAttribute('areas', BERLIN);
  map.setAttribute('id-field', 'PLR_ID');
  map.setAttribute('name-field', 'PLR_NAME');
  map.setAttribute('indicators', MSS);
  map.style.cssText = 'display: block; width: 1000px; --sozialraum-map-height: 420px;';
  map.innerHTML = `<sozialraum-choropleth preset="mss-2021-status"></sozialraum-choropleth>${card}`;
  const changed = nextEvent<ThematicLayer>(map, 'sozialraum-thematic-change');
  document.body.append(map);
  await map.ready;
  const { detail } = await changed;
  return { map, card: map.querySelector('sozialraum-profile-card')!, thematic: detail };
}

/** Waits until the card shows the area with this key. */
async function shows(card: SozialraumProfileCard, id: string): Promise<AreaProfile> {
  if (card.profile?.id !== id) await nextEvent<AreaProfile | null>(card, 'sozialraum-profile-change', (detail) => detail?.id === id);
  await card.updateComplete;
  return card.profile!;
}

function pixelInside(map: SozialraumMap, id: string): [number, number] {
  const layer = map.olMap.getAllLayers().find((candidate) => candidate.get('name') === 'sozialraum-areas') as VectorLayer<VectorSource>;
  const geometry = layer.getSource()!.getFeatureById(id)!.getGeometry() as Polygon;
  const pixel = map.olMap.getPixelFromCoordinate(geometry.getInteriorPoint().getFirstCoordinate()!)!;
  const viewport = map.olMap.getViewport()!.getBoundingClientRect();
  return [Math.round(viewport.left + pixel[0]!), Math.round(viewport.top + pixel[1]!)];
}

/** The profile of the Flensburg Nordstadt, computed by core in the page, as a portal printing all profiles would. */
async function flensburgProfile(id = 'STGT03', year?: number): Promise<AreaProfile> {
  const [areasBytes, csv, spec, kitas] = await Promise.all([
    fetch('/data-samples/flensburg/stadtteile.geojson').then((response) => response.arrayBuffer()),
    fetch('/data-samples/flensburg/sozialatlas_stadtteile.csv').then((response) => response.text()),
    fetch('/demo/flensburg-index.json').then((response) => response.json()),
    fetch('/data-samples/flensburg/kitas.geojson').then((response) => response.json()),
  ]);
  const areas = await loadAreas(new Uint8Array(areasBytes), { source: 'stadtteile.geojson', idField: 'AREA_ID', nameField: 'AREA_NAME' });
  const set = prepareProfiles({
    areas,
    table: parseCsv(csv, { source: 'sozialatlas_stadtteile.csv' }),
    keyColumn: 'stadtteil_id',
    yearColumn: 'jahr',
    spec: validateIndexSpec(spec, 'flensburg-index.json'),
    facilities: [{ type: 'kitas', points: kitas }],
    ...(year === undefined ? {} : { year }),
  });
  return areaProfile(set, id)!;
}

describe('<sozialraum-profile-card>', () => {
  let map: SozialraumMap | undefined;
  const cards: Element[] = [];

  afterEach(async () => {
    map?.remove();
    map = undefined;
    cards.splice(0).forEach((card) => card.remove());
    await resetMouse();
  });

  it('shows the selected Berlin area: residents, index class, indicators against the city, facilities and reach', async function () {
    this.timeout(60_000);
    const created = await berlinMap(
      `<sozialraum-profile-card facilities="${FACILITIES}" population-grid="/data-samples/berlin/zensus2011_einwohner_100m.csv" population-source="Zensus 2011"></sozialraum-profile-card>`,
    );
    map = created.map;
    const { card } = created;
    expect(text(card.shadowRoot!.querySelector('article'))).to.contain('Wählen Sie ein Gebiet');
    map.selected = '07601443';
    const profile = await shows(card, '07601443');
    const root = card.shadowRoot!;
    expect(text(root.querySelector('h2'))).to.equal('Töpchiner Weg');
    const facts = text(root.querySelector('[part="facts"]'));
    expect(facts).to.contain('1,99 km²').and.contain('10.895').and.contain('Stand 31.12.2020').and.contain('Klasse 2 von 4: mittel');
    const area = created.thematic.result.areas.find((candidate) => candidate.id === '07601443')!;
    expect(facts).to.contain(`Rang ${area.rank} von`);

    // The indicators row by row: value, city value, deviation and rank as the profile computed them.
    const rows = [...root.querySelectorAll('[part="indicators"] tbody tr')];
    expect(rows).to.have.length(3);
    const s1 = profile.indicators[0]!;
    const cells = [...rows[0]!.querySelectorAll('td')].map(text);
    expect(text(rows[0]!.querySelector('th'))).to.contain('Arbeitslosigkeit');
    expect(cells[0]).to.equal(`${s1.value!.toFixed(1).replace('.', ',')} %`);
    expect(cells[1]).to.equal(`${s1.city!.toFixed(1).replace('.', ',')} %`);
    expect(cells[2]).to.equal(`−${Math.abs(s1.deviation!).toFixed(1).replace('.', ',')} Pp.`); // a difference of percentages: percentage points
    expect(cells[4]).to.equal(`${s1.rank} / 536`);
    // The spine chart says in words where the area stands.
    const spine = rows[0]!.querySelector('svg[role="img"]')!;
    expect(spine.getAttribute('aria-label')).to.match(/^Arbeitslosigkeit: Gebiet 3,1 %; alle Gebiete von 0,4 % bis 17,8 %, Median 4,4 %; Stadt 5,2 %$/);
    expect(text(root.querySelector('[part="domains"]'))).to.contain('keine Handlungsfelder');

    // Facilities: counts and the share of residents in reach, from the Zensus grid.
    const facilities = [...root.querySelectorAll('[part="facilities"] tbody tr')].map((row) => [...row.children].map(text));
    expect(facilities.map((row) => row[0])).to.deep.equal(['Kitas', 'Schulen', 'Jugendfreizeiteinrichtungen', 'Pflegeeinrichtungen']);
    profile.facilities!.types.forEach((type, index) => {
      expect(facilities[index]!.slice(1)).to.deep.equal([String(type.inside), String(type.within), `${Math.round(type.reachableShare! * 100)} %`]);
    });
    expect(text(root.querySelector('[part="flags"]'))).to.contain('Geschätzte Werte');
    expect(await axeViolations(card)).to.deep.equal([]);
  });

  it('reads facility layers from a GeoPackage ("file.gpkg#layer") with their CRS, counting as the GeoJSON they came from', async function () {
    this.timeout(60_000);
    // einrichtungen.gpkg was made with GDAL from the two GeoJSON files (see test/fixtures/geopackage/README.md).
    const gpkg = '/packages/core/test/fixtures/geopackage/einrichtungen.gpkg';
    const created = await berlinMap(
      `<sozialraum-profile-card facilities="/data-samples/berlin/facilities/pflegeeinrichtungen.geojson ${gpkg}#pflege ${gpkg}#jugend /data-samples/berlin/facilities/jugendfreizeiteinrichtungen.geojson" population-grid="/data-samples/berlin/zensus2011_einwohner_100m.csv"></sozialraum-profile-card>`,
    );
    map = created.map;
    map.selected = '07601443';
    const profile = await shows(created.card, '07601443');
    const [pflegeJson, pflegeGpkg, jugendGpkg, jugendJson] = profile.facilities!.types.map(({ inside, within, reachableShare }) => ({
      inside,
      within,
      reachableShare,
    }));
    expect(pflegeGpkg).to.deep.equal(pflegeJson);
    expect(jugendGpkg).to.deep.equal(jugendJson);
    expect(pflegeJson!.within).to.be.greaterThan(0);
  });

  it('follows the selection made by a click on the map, and keeps a fixed area-id', async function () {
    this.timeout(60_000);
    const created = await berlinMap(
      '<sozialraum-profile-card id="follows"></sozialraum-profile-card><sozialraum-profile-card id="fixed" area-id="01100101"></sozialraum-profile-card>',
    );
    map = created.map;
    const follows = map.querySelector<SozialraumProfileCard>('#follows')!;
    const fixed = map.querySelector<SozialraumProfileCard>('#fixed')!;
    await shows(fixed, '01100101');
    expect(text(fixed.shadowRoot!.querySelector('h2'))).to.equal('Stülerstraße');
    map.olMap
      .getView()
      .fit(
        (map.olMap.getAllLayers().find((layer) => layer.get('name') === 'sozialraum-areas') as VectorLayer<VectorSource>)
          .getSource()!
          .getFeatureById('08100103')!
          .getGeometry()!
          .getExtent(),
        { padding: [150, 150, 150, 150] },
      );
    await new Promise((resolve) => map!.olMap.once('rendercomplete', resolve));
    const [x, y] = pixelInside(map, '08100103');
    const shown = shows(follows, '08100103');
    await sendMouse({ type: 'click', position: [x, y] });
    await shown;
    expect(text(follows.shadowRoot!.querySelector('h2'))).to.equal('Schillerpromenade Süd');
    // Selecting from outside (the table, a script) moves the card too; the fixed card stays.
    map.selected = '12500929';
    await shows(follows, '12500929');
    expect(text(follows.shadowRoot!.querySelector('h2'))).to.equal('Lübars');
    await fixed.updateComplete;
    expect(text(fixed.shadowRoot!.querySelector('h2'))).to.equal('Stülerstraße');
    fixed.setAttribute('area-id', '12500929');
    await shows(fixed, '12500929');
    map.selected = null;
    await map.updateComplete;
    await follows.updateComplete;
    expect(text(follows.shadowRoot!.querySelector('article'))).to.contain('Wählen Sie ein Gebiet');
  });

  it('draws a precomputed profile given as .data without a map: series, change, radar of four domains, exports', async function () {
    this.timeout(30_000);
    const profile = await flensburgProfile();
    const card = document.createElement('sozialraum-profile-card');
    cards.push(card);
    card.data = profile;
    document.body.append(card);
    await card.updateComplete;
    const root = card.shadowRoot!;
    expect(text(root.querySelector('h2'))).to.equal('03 Nordstadt');
    expect(text(root.querySelector('header'))).to.contain('Jahr 2022');
    const sgb2 = [...root.querySelectorAll('[part="indicators"] tbody tr')].find((row) => text(row.querySelector('th')).startsWith('SGB-II-Quote'))!;
    expect(text(sgb2.querySelector('th'))).to.contain('1.921 / 12.532');
    const line = sgb2.querySelector('svg.sparkline')!;
    expect(line.getAttribute('role')).to.equal('img');
    expect(line.getAttribute('aria-label')).to.match(/^SGB-II-Quote, Verlauf: 2018: 20,5 %, 2019: 19,3 %, .*2022: 15,3 %$/);
    const indicator = profile.indicators.find((entry) => entry.column === 'sgb2_quote')!;
    expect(text(sgb2)).to.contain(`−${Math.abs(indicator.change!.difference).toFixed(1).replace('.', ',')} %-Punkte seit ${indicator.change!.from}`);
    const radar = root.querySelector('[part="domains"] svg.radar')!;
    expect(radar.getAttribute('role')).to.equal('img');
    expect(radar.getAttribute('aria-label')).to.match(
      /^Teilindizes je Handlungsfeld: Arbeit [−\d,]+ \(Stadt [−\d,]+\); Transferleistungen .*; Wohnen .*; Altersstruktur .*$/,
    );
    expect(radar.querySelectorAll('.axis-label')).to.have.length(4);
    expect(text(root.querySelector('[part="facilities"]'))).to.contain('Kitas');
    expect(await axeViolations(card)).to.deep.equal([]);

    // Exports: the listener gets the blob (and cancels the download here).
    const csvEvent = nextEvent<ProfileExportDetail>(card, 'sozialraum-profile-export');
    card.addEventListener('sozialraum-profile-export', (event) => event.preventDefault(), { once: true });
    root.querySelectorAll<HTMLButtonElement>('[part="actions"] button')[1]!.click();
    const csv = (await csvEvent).detail;
    expect(csv.filename).to.equal('steckbrief-STGT03.csv');
    // A BOM first, so that spreadsheets read the umlauts as UTF-8.
    expect([...new Uint8Array(await csv.blob.arrayBuffer()).slice(0, 3)]).to.deep.equal([0xef, 0xbb, 0xbf]);
    const content = await csv.blob.text();
    expect(content.split('\r\n')[0]).to.equal('Gebiet;Schlüssel;Bereich;Merkmal;Wert;Einheit;Stadt;Abweichung;Rang;von;Stand;Quelle;Hinweis');
    expect(content).to.contain('03 Nordstadt;STGT03;Indikator;SGB-II-Quote;15,329;%');
    card.addEventListener('sozialraum-profile-export', (event) => event.preventDefault(), { once: true });
    const png = await card.exportPng();
    expect(png!.type).to.equal('image/png');
    const bitmap = await createImageBitmap(png!);
    expect(bitmap.width).to.equal(1240);
    expect(bitmap.height).to.be.greaterThan(800);
  });

  it('shows no radar with fewer than three domains and says why', async () => {
    const profile = await flensburgProfile();
    const card = document.createElement('sozialraum-profile-card');
    cards.push(card);
    card.data = { ...profile, domains: profile.domains.slice(0, 2) };
    document.body.append(card);
    await card.updateComplete;
    expect(card.shadowRoot!.querySelector('svg.radar')).to.equal(null);
    expect(text(card.shadowRoot!.querySelector('[part="domains"]'))).to.contain('nur 2 Handlungsfelder; ein Netzdiagramm braucht mindestens drei');
  });

  it('shows withheld values as withheld, in the card and in its CSV', async () => {
    const profile = await flensburgProfile();
    const risk = profile.indicators.find((entry) => entry.column === 'wohnungslos_quote')!;
    const card = document.createElement('sozialraum-profile-card');
    cards.push(card);
    card.data = {
      ...profile,
      indicators: profile.indicators.map((entry) =>
        entry === risk ? { ...entry, value: null, numerator: null, deviation: null, rank: null, percentile: null, suppressed: true } : entry,
      ),
      flags: [{ kind: 'suppressed', columns: ['wohnungslosigkeit_gefaehrdet'], notes: [] }],
    };
    document.body.append(card);
    await card.updateComplete;
    const row = [...card.shadowRoot!.querySelectorAll('[part="indicators"] tbody tr')].find((candidate) =>
      text(candidate.querySelector('th')).startsWith('Von Wohnungslosigkeit'),
    )!;
    expect(text(row.querySelector('td'))).to.equal('geheim gehalten');
    expect(text(card.shadowRoot!.querySelector('[part="flags"]'))).to.contain('Kleine Zahlen werden geheim gehalten (wohnungslosigkeit_gefaehrdet)');
    card.addEventListener('sozialraum-profile-export', (event) => event.preventDefault(), { once: true });
    const csv = await (await card.exportCsv())!.text();
    const line = csv.split('\r\n').find((candidate) => candidate.includes('Von Wohnungslosigkeit'))!;
    expect(line).to.contain(';;je 1.000;').and.contain('geheim gehalten');
  });

  it('says missing where the data has no value, withheld where disclosure control holds it back, and not applicable where a rate has nothing to relate to', async () => {
    // Flensburg's Sozialatlas has no residents for 2012: missing, not secret.
    const profile = await flensburgProfile('STGT03', 2012);
    expect(profile.population?.value).to.equal(null);
    expect(profile.population?.absence).to.equal('missing');
    const card = document.createElement('sozialraum-profile-card');
    cards.push(card);
    card.data = profile;
    document.body.append(card);
    await card.updateComplete;
    const facts = text(card.shadowRoot!.querySelector('[part="facts"]'));
    expect(facts).to.contain('Einwohner:innen fehlt in den Daten');
    expect(facts).to.not.contain('geheim');
    const rowOf = (start: string) =>
      [...card.shadowRoot!.querySelectorAll('[part="indicators"] tbody tr')].find((candidate) => text(candidate.querySelector('th')).startsWith(start))!;
    // The SGB II rate relates to the residents, which are missing: the rate is missing too.
    expect(text(rowOf('SGB-II-Quote').querySelector('td'))).to.equal('fehlt in den Daten');
    // The same card with the 65+ share of an area without residents, and a withheld count.
    const share = profile.indicators.find((entry) => entry.column === 'anteil_65')!;
    const sgb2 = profile.indicators.find((entry) => entry.column === 'sgb2_quote')!;
    card.data = {
      ...profile,
      indicators: profile.indicators.map((entry) =>
        entry === share
          ? { ...entry, value: null, denominator: 0, absence: 'not-applicable' as const }
          : entry === sgb2
            ? { ...entry, value: null, suppressed: true, absence: 'withheld' as const }
            : entry,
      ),
    };
    await card.updateComplete;
    expect(text(rowOf('Anteil 65').querySelector('td'))).to.equal('entfällt (keine Bezugsgröße)');
    expect(text(rowOf('SGB-II-Quote').querySelector('td'))).to.equal('geheim gehalten');
    card.addEventListener('sozialraum-profile-export', (event) => event.preventDefault(), { once: true });
    const csv = await (await card.exportCsv())!.text();
    expect(csv.split('\r\n').find((line) => line.includes(';Einwohner:innen;einwohner;'))).to.contain('fehlt in den Daten');
    expect(csv.split('\r\n').find((line) => line.includes('Anteil 65'))).to.contain('entfällt (keine Bezugsgröße)');
  });
});
