/// <reference types="mocha" />
// <sozialraum-map> on the four Berlin levels: switching, drilling down and back, and the tables that follow.
import { expect } from 'chai';
import { areasSource, nextEvent, pagePixelInside } from '../../element/dist/test/map.js';
import { berlinLevels, MSS_AGGREGATION } from '../../element/dist/test/levels.js';
import { sendKeys, sendMouse, resetMouse } from '@web/test-runner-commands';
import { LitElement, html } from 'lit';
import { ContextConsumer } from '@lit/context';
import { auditSuppression, parseCsv, type CellRelation, type PublishedCell } from '@sozialraum/core';
import './sozialraum-map.js';
import type { SozialraumMap, LevelChangeDetail } from './sozialraum-map.js';
import { sozialraumContext, type SozialraumState } from '@sozialraum/element';

const BERLIN = '/data-samples/berlin/lor_planungsraeume_2021.geojson';
const MSS = '/data-samples/berlin/mss2021_indexindikatoren.csv';
const LEVELS = berlinLevels();
const AGGREGATION = MSS_AGGREGATION;

class LevelProbe extends LitElement {
  readonly consumer = new ContextConsumer(this, { context: sozialraumContext, subscribe: true });
  override render() {
    return html``;
  }
}
customElements.define('level-probe', LevelProbe);

/** The resident total of the Planungsräume, summed here from the CSV itself. */
async function residentsOfBerlin(): Promise<number> {
  const table = parseCsv(await (await fetch(MSS)).text(), { source: 'mss' });
  return table.rows.reduce((sum, row) => sum + (row.EW && row.EW !== '-9999' ? Number(row.EW) : 0), 0);
}

describe('<sozialraum-map> levels', function () {
  this.timeout(60_000);
  let map: SozialraumMap | undefined;
  let probe: LevelProbe;

  async function createLevelsMap(
    level: string,
    data: { indicators: string; aggregation: string } = { indicators: MSS, aggregation: AGGREGATION },
  ): Promise<SozialraumMap> {
    const element = document.createElement('sozialraum-map');
    element.setAttribute('areas', BERLIN);
    element.setAttribute('id-field', 'PLR_ID');
    element.setAttribute('name-field', 'PLR_NAME');
    element.setAttribute('indicators', data.indicators);
    element.setAttribute('levels', LEVELS);
    element.setAttribute('aggregation', data.aggregation);
    element.setAttribute('level', level);
    element.style.cssText = 'width: 800px; height: 500px; display: block;';
    probe = document.createElement('level-probe') as LevelProbe;
    element.append(probe);
    const levelsLoaded = nextEvent<LevelChangeDetail>(element, 'sozialraum-level-change');
    document.body.append(element);
    await (element as SozialraumMap).ready;
    await levelsLoaded;
    await (element as SozialraumMap).updateComplete;
    return element as SozialraumMap;
  }

  function state(): SozialraumState {
    return probe.consumer.value!;
  }

  afterEach(async () => {
    map?.remove();
    map = undefined;
    await resetMouse();
  });

  it('shows the 12 Bezirke dissolved from the Planungsräume, with residents summed to the city total', async () => {
    map = await createLevelsMap('bez');
    expect(areasSource(map).getFeatures()).to.have.length(12);
    expect(state().level).to.equal('bez');
    expect(state().levels.map((level) => level.id)).to.deep.equal(['plr', 'bzr', 'pgr', 'bez']);
    const rows = state().table!.rows;
    expect(rows).to.have.length(12);
    const total = rows.reduce((sum, row) => sum + Number(row.EW), 0);
    expect(total).to.equal(await residentsOfBerlin());
    expect(state().join!.rowsByKey.get('01')).to.not.equal(undefined);
    // A named dissolved level shows its names; the others fall back to the key.
    expect(areasSource(map).getFeatureById('01')!.get('sozialraum:name')).to.equal('Mitte');
  });

  it('draws the level it asks for as soon as that level is built, and lists every level once all are', async () => {
    const element = document.createElement('sozialraum-map') as SozialraumMap;
    for (const [name, value] of Object.entries({
      areas: BERLIN,
      'id-field': 'PLR_ID',
      indicators: MSS,
      levels: LEVELS,
      aggregation: AGGREGATION,
      level: 'bez',
    }))
      element.setAttribute(name, value);
    element.style.cssText = 'width: 800px; height: 500px; display: block;';
    probe = document.createElement('level-probe') as LevelProbe;
    element.append(probe);
    const levelsLoaded = nextEvent<LevelChangeDetail>(element, 'sozialraum-level-change');
    document.body.append(element);
    map = element;
    await element.ready;
    // The Bezirke are dissolved from the Planungsräume: drawn with their table, whether or not the files of the
    // Bezirksregionen and Prognoseräume are read yet.
    expect(areasSource(element).getFeatures()).to.have.length(12);
    const early = state().table!.rows.map((row) => [row.id, row.EW, row.S1]);
    expect(early).to.have.length(12);
    expect((await levelsLoaded).detail.level).to.equal('bez');
    await element.updateComplete;
    expect(state().levels.map((level) => level.id)).to.deep.equal(['plr', 'bzr', 'pgr', 'bez']);
    expect(areasSource(element).getFeatures()).to.have.length(12);
    expect(state().table!.rows.map((row) => [row.id, row.EW, row.S1])).to.deep.equal(early);
  });

  it('switches levels with the level selector', async () => {
    map = await createLevelsMap('bez');
    const select = map.shadowRoot!.querySelector<HTMLSelectElement>('[part="toolbar"] select')!;
    expect([...select.options].map((option) => option.textContent)).to.deep.equal(['Planungsraum', 'Bezirksregion', 'Prognoseraum', 'Bezirk']);
    select.value = 'bzr';
    const changed = nextEvent<LevelChangeDetail>(map, 'sozialraum-level-change');
    select.dispatchEvent(new Event('change'));
    expect((await changed).detail.level).to.equal('bzr');
    await map.updateComplete;
    expect(map.level).to.equal('bzr');
    expect(areasSource(map).getFeatures()).to.have.length(143);
    expect(state().table!.rows).to.have.length(143);
    select.value = 'plr';
    select.dispatchEvent(new Event('change'));
    await map.updateComplete;
    expect(areasSource(map).getFeatures()).to.have.length(542);
    expect(state().table!.rows).to.have.length(542);
  });

  it('drills into a Bezirk by click, shows its Prognoseräume, and goes back with Escape and the breadcrumb', async () => {
    map = await createLevelsMap('bez');
    const [x, y] = pagePixelInside(map, '01');
    const drilled = nextEvent<LevelChangeDetail>(map, 'sozialraum-level-change');
    await sendMouse({ type: 'click', position: [x, y] });
    const { detail } = await drilled;
    expect(detail.level).to.equal('pgr');
    expect(detail.drill).to.deep.equal([{ level: 'bez', id: '01', name: 'Mitte' }]);
    await map.updateComplete;
    expect(areasSource(map).getFeatures()).to.have.length(58);
    expect(state().drill).to.have.length(1);
    const breadcrumb = map.shadowRoot!.querySelector('[part="breadcrumb"]')!;
    expect(breadcrumb.textContent!.replace(/\s+/g, ' ')).to.contain('Alle: Bezirk').and.contain('Mitte');
    // Mitte's four Prognoseräume (keys 0110 … 0140) are in view; the others are dimmed.
    const view = map.olMap.getView().calculateExtent(map.olMap.getSize());
    const mitte = areasSource(map).getFeatureById('0110')!.getGeometry()!.getExtent();
    expect(view[0]).to.be.at.most(mitte[0]!);
    expect(view[2]).to.be.at.least(mitte[2]!);

    // Drill further into a Prognoseraum, then back up one step with Escape.
    const [px, py] = pagePixelInside(map, '0110');
    const deeper = nextEvent<LevelChangeDetail>(map, 'sozialraum-level-change');
    await sendMouse({ type: 'click', position: [px, py] });
    await deeper;
    await map.updateComplete;
    expect(state().level).to.equal('bzr');
    expect(state().drill.map((step) => step.id)).to.deep.equal(['01', '0110']);
    map.shadowRoot!.querySelector<HTMLElement>('[part="map"]')!.focus();
    await sendKeys({ press: 'Escape' });
    await map.updateComplete;
    expect(state().level).to.equal('pgr');
    expect(state().drill.map((step) => step.id)).to.deep.equal(['01']);

    // The breadcrumb's first entry goes back to all Bezirke.
    map.shadowRoot!.querySelector<HTMLButtonElement>('[part="breadcrumb"] button')!.click();
    await map.updateComplete;
    expect(state().level).to.equal('bez');
    expect(state().drill).to.deep.equal([]);
    expect(areasSource(map).getFeatures()).to.have.length(12);
  });

  it('gives the parent level for the profile card: the Bezirksregion of a Planungsraum and its aggregated row', async () => {
    map = await createLevelsMap('plr');
    const parent = state().parentLevel!;
    expect(parent.label).to.equal('Bezirksregion');
    expect(parent.parentOf.get('01100101')).to.equal('011001');
    expect(parent.names.get('011001')).to.be.a('string').and.not.equal('011001');
    const row = parent.join.rowsByKey.get('011001')!;
    const children = state().table!.rows.filter((candidate) => candidate.PLR_ID!.startsWith('011001'));
    expect(Number(row.EW)).to.equal(children.reduce((sum, candidate) => sum + Number(candidate.EW), 0));
  });

  it('with aggregation.minCount shows no small case count on any level, the Planungsräume included, and no level undoes another', async () => {
    // Seeded synthetic case counts per Planungsraum, a third of them 1 or 2 (an office's own counts are confidential).
    const ids = ((await (await fetch(BERLIN)).json()) as { features: { properties: { PLR_ID: string } }[] }).features.map(
      (feature) => feature.properties.PLR_ID,
    );
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const counts = new Map(ids.map((id) => [id, random() < 0.35 ? 1 + Math.floor(random() * 2) : Math.floor(random() * 120)]));
    const url = URL.createObjectURL(new Blob([`PLR_ID,faelle\n${[...counts].map(([id, n]) => `${id},${n}`).join('\n')}\n`], { type: 'text/csv' }));
    try {
      map = await createLevelsMap('plr', { indicators: url, aggregation: JSON.stringify({ counts: ['faelle'], minCount: 3 }) });
      // What each level publishes, as a reader switching through them sees it.
      const shown = new Map<string, Map<string, number | null>>();
      const select = map.shadowRoot!.querySelector<HTMLSelectElement>('[part="toolbar"] select')!;
      for (const level of ['plr', 'bzr', 'pgr', 'bez']) {
        select.value = level;
        select.dispatchEvent(new Event('change'));
        await map.updateComplete;
        const key = level === 'plr' ? 'PLR_ID' : 'id';
        shown.set(level, new Map(state().table!.rows.map((row) => [row[key]!, row.faelle === '' ? null : Number(row.faelle)])));
      }
      const plr = shown.get('plr')!;
      expect(plr.size).to.equal(542);
      const small = [...shown.values()].flatMap((values) => [...values.values()]).filter((value) => value !== null && value > 0 && value < 3);
      expect(small, 'no 1 or 2 shown on any level').to.deep.equal([]);
      expect([...plr.values()].filter((value) => value === null).length).to.be.greaterThan(
        [...counts.values()].filter((value) => value > 0 && value < 3).length,
      );
      // The attacker's audit over all four levels: every parent the sum of the Planungsräume its key begins with.
      const cells: PublishedCell[] = [];
      const position = new Map<string, number>();
      for (const [level, values] of shown) for (const [id, value] of values) position.set(`${level}:${id}`, cells.push(value ?? 'withheld') - 1);
      const relations: CellRelation[] = [];
      for (const level of ['bzr', 'pgr', 'bez']) {
        for (const id of shown.get(level)!.keys())
          relations.push({
            total: position.get(`${level}:${id}`)!,
            parts: ids.filter((child) => child.startsWith(id)).map((child) => position.get(`plr:${child}`)!),
          });
      }
      const audit = auditSuppression(cells, relations, 3);
      expect(audit.intervals.size).to.be.greaterThan(0);
      expect(audit.failing).to.deep.equal([]);
    } finally {
      URL.revokeObjectURL(url);
    }
  });
});
