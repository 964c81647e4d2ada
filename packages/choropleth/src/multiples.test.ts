/// <reference types="mocha" />
// <sozialraum-choropleth multiples>: one small map per year of Flensburg's Sozialatlas (2011, 2012, 2017–2022), in Chromium.
import { expect } from 'chai';
import '@sozialraum/map';
import './index.js';
import { computeIndexYears, indicatorSpec, parseCsv } from '@sozialraum/core';
import type { SozialraumMap, ThematicLayer } from '@sozialraum/map';
import type { SozialraumChoropleth } from './sozialraum-choropleth.js';

const AREAS = '/data-samples/flensburg/stadtteile.geojson';
const TABLE = '/data-samples/flensburg/sozialatlas_stadtteile.csv';
const YEARS = ['2011', '2012', '2017', '2018', '2019', '2020', '2021', '2022'];

async function createMap(attributes: string): Promise<{ map: SozialraumMap; choropleth: SozialraumChoropleth; thematic: ThematicLayer }> {
  const map = document.createElement('sozialraum-map');
  map.setAttribute('areas', AREAS);
  map.setAttribute('id-field', 'AREA_ID');
  map.setAttribute('indicators', TABLE);
  map.setAttribute('key-field', 'stadtteil_id');
  map.style.cssText = 'display: block; width: 800px; --sozialraum-map-height: 360px;';
  map.innerHTML = `<sozialraum-choropleth ${attributes}></sozialraum-choropleth>`;
  const changed = new Promise<ThematicLayer>((resolve) =>
    map.addEventListener('sozialraum-thematic-change', (event) => resolve((event as CustomEvent<ThematicLayer>).detail), { once: true }),
  );
  document.body.append(map);
  await map.ready;
  const thematic = await changed;
  const choropleth = map.querySelector('sozialraum-choropleth') as SozialraumChoropleth;
  await choropleth.updateComplete;
  return { map, choropleth, thematic };
}

describe('<sozialraum-choropleth multiples>', () => {
  let map: SozialraumMap | undefined;

  afterEach(() => {
    map?.remove();
    map = undefined;
  });

  it('draws one captioned SVG map per year, each area coloured by its class on breaks shared by all years', async () => {
    const created = await createMap('indicator="einwohner" multiples');
    map = created.map;
    const root = created.choropleth.shadowRoot!;
    const figures = [...root.querySelectorAll('figure')];
    expect(figures.map((figure) => figure.dataset.year)).to.deep.equal(YEARS);
    expect(figures.map((figure) => figure.querySelector('figcaption')!.textContent)).to.deep.equal(YEARS);

    const expected = computeIndexYears(parseCsv(await (await fetch(TABLE)).text(), { source: TABLE }), indicatorSpec('einwohner', undefined, []), {
      keyColumn: 'stadtteil_id',
    })!;
    figures.forEach((figure, position) => {
      const svg = figure.querySelector('svg')!;
      const paths = [...svg.querySelectorAll('path')];
      expect(paths).to.have.length(13);
      expect(paths.every((path) => /^M[\d.,LMZ]+Z$/.test(path.getAttribute('d')!))).to.equal(true);
      const { result } = expected[position]!;
      for (const path of paths) {
        const area = result.areas.find((entry) => entry.id === path.dataset.id)!;
        expect(path.dataset.class).to.equal(area.class === null ? '' : String(area.class), `${YEARS[position]} ${area.id}`);
        if (area.class !== null) expect(path.getAttribute('fill')).to.equal(created.thematic.colours[area.class - 1]);
      }
      // The text alternative names the year and the number of areas per class; the title and the class labels come
      // from the data and are isolated (FSI … PDI), so that a direction override in them ends where they end.
      expect(svg.getAttribute('role')).to.equal('img');
      const label = svg.getAttribute('aria-label')!;
      expect(label).to.contain(`Einwohner:innen\u2069 ${YEARS[position]}.`);
      expect(svg.querySelector('title')!.textContent).to.equal(label);
      for (const entry of result.classes) expect(label).to.contain(`\u2068${entry.label}\u2069: ${entry.count === 1 ? '1 Gebiet' : `${entry.count} Gebiete`}`);
    });
    // 2012 has no residents in the Sozialatlas: every Stadtteil is shown as not rated.
    expect([...figures[1]!.querySelectorAll('path')].every((path) => path.classList.contains('unrated'))).to.equal(true);
    expect(figures[1]!.querySelector('svg')!.getAttribute('aria-label')).to.contain('nicht bewertet: 13 Gebiete');
    // One scale for all years: Altstadt's class follows its residents, 3,323 in 2011 and 3,907 in 2022.
    const altstadt = figures.map((figure) => figure.querySelector<SVGPathElement>('path[data-id="STGT01"]')!.dataset.class);
    expect(Number(altstadt[7])).to.be.at.least(Number(altstadt[0]));
  });

  it('announces its layer once and then stays quiet: the map sharing the years does not start the computation again', async () => {
    const created = await createMap('spec="/demo/flensburg-index.json" multiples');
    map = created.map;
    let again = 0;
    map.addEventListener('sozialraum-thematic-change', () => (again += 1));
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(again).to.equal(0);
    expect(created.thematic.result.areas).to.have.length(13);
    map.year = 2017;
    await map.updateComplete;
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(again).to.equal(1);
  });

  it('draws no small maps without the attribute, and removes them when it is switched off', async () => {
    const created = await createMap('indicator="einwohner"');
    map = created.map;
    expect(created.choropleth.shadowRoot!.querySelector('figure')).to.equal(null);
    created.choropleth.multiples = true;
    await created.choropleth.updateComplete;
    await created.choropleth.updateComplete;
    expect(created.choropleth.shadowRoot!.querySelectorAll('figure')).to.have.length(8);
    created.choropleth.multiples = false;
    await created.choropleth.updateComplete;
    await created.choropleth.updateComplete;
    expect(created.choropleth.shadowRoot!.querySelector('figure')).to.equal(null);
  });

  it('has no accessibility violations (axe-core)', async () => {
    await import('/node_modules/axe-core/axe.min.js' as string);
    const axe = (window as unknown as { axe: { run: (context: Element) => Promise<{ violations: { id: string; help: string }[] }> } }).axe;
    const created = await createMap('indicator="einwohner" multiples lang="en"');
    map = created.map;
    expect(created.choropleth.shadowRoot!.querySelectorAll('svg')[1]!.getAttribute('aria-label')).to.contain('not rated: 13 areas');
    expect((await axe.run(created.choropleth)).violations.map((violation) => `${violation.id}: ${violation.help}`)).to.deep.equal([]);
  });
});
