/// <reference types="mocha" />
// The shared fixture of "a table carried up a level": the Berlin MSS table through `sozialraum aggregate-up` (run by the
// test server on this build, see web-test-runner.config.mjs) and through <sozialraum-map levels aggregation> in
// Chromium, compared cell by cell on the Bezirksregionen, the Bezirke and the Planungsräume themselves. Both come from
// core's buildLevel and aggregateUp, protected over the same hierarchy, so every level publishes the same numbers and
// withholds the same ones.
import { expect } from 'chai';
import { runCli } from '../../element/dist/test/cli.js';
import { LitElement, html } from 'lit';
import { ContextConsumer } from '@lit/context';
import { parseCsv, type Table } from '@sozialraum/core';
import { sozialraumContext } from '@sozialraum/element';
import './sozialraum-map.js';
import type { SozialraumMap, LevelChangeDetail } from './sozialraum-map.js';

const BERLIN = 'data-samples/berlin/lor_planungsraeume_2021.geojson';
const MSS = 'data-samples/berlin/mss2021_indexindikatoren.csv';
const LEVELS = [
  { id: 'plr', label: { de: 'Planungsraum', en: 'Planning area' } },
  { id: 'bzr', label: 'Bezirksregion', areas: '/data-samples/berlin/lor_bezirksregionen_2021.geojson', idField: 'BZR_ID', prefix: 6 },
  { id: 'pgr', label: 'Prognoseraum', areas: '/data-samples/berlin/lor_prognoseraeume_2021.geojson', idField: 'PGR_ID', prefix: 4 },
  { id: 'bez', label: 'Bezirk', prefix: 2 },
];
/** Residents summed, the share of long-term unemployed (S1) as a mean weighted by them; fewer than 300 residents withheld. */
const AGGREGATION = { counts: ['EW'], weighted: [{ column: 'S1', weight: 'EW' }], missingValues: [-9999], missing: 'sum-known', minCount: 300 };
const CLI_AGGREGATION = ['--counts', 'EW', '--mean', 'S1', '--weight', 'EW', '--missing-values=-9999', '--missing', 'sum-known', '--min-count', '300'];

class TableProbe extends LitElement {
  readonly consumer = new ContextConsumer(this, { context: sozialraumContext, subscribe: true });
  override render() {
    return html``;
  }
}
customElements.define('shared-fixture-table-probe', TableProbe);

/** The parents (and with `children`, the protected Planungsräume) as `sozialraum aggregate-up` writes them. */
async function viaCli(prefix: number): Promise<{ parents: Table; children: Table }> {
  const answer = await runCli({
    args: [
      'aggregate-up',
      '--areas',
      BERLIN,
      '--id-field',
      'PLR_ID',
      '--values',
      MSS,
      '--by-prefix',
      String(prefix),
      '--hierarchy',
      '6,4,2',
      ...CLI_AGGREGATION,
      '--out',
      '{parents.csv}',
      '--children-out',
      '{children.csv}',
    ],
    outputs: ['parents.csv', 'children.csv'],
  });
  const read = (name: string) => parseCsv(answer.written[name], { source: name });
  return { parents: read('parents.csv'), children: read('children.csv') };
}

/** The map's table on `level`, as the choropleth, the table and the profile card read it from the context. */
async function viaMap(level: string): Promise<Table> {
  const map = document.createElement('sozialraum-map') as SozialraumMap;
  map.setAttribute('areas', `/${BERLIN}`);
  map.setAttribute('id-field', 'PLR_ID');
  map.setAttribute('indicators', `/${MSS}`);
  map.setAttribute('levels', JSON.stringify(LEVELS));
  map.setAttribute('aggregation', JSON.stringify(AGGREGATION));
  map.setAttribute('level', level);
  map.style.cssText = 'width: 600px; height: 400px; display: block;';
  const probe = document.createElement('shared-fixture-table-probe') as TableProbe;
  map.append(probe);
  const loaded = new Promise<CustomEvent<LevelChangeDetail>>((resolve) =>
    map.addEventListener('sozialraum-level-change', (event) => resolve(event as CustomEvent<LevelChangeDetail>), { once: true }),
  );
  document.body.append(map);
  try {
    await map.ready;
    await loaded;
    await map.updateComplete;
    expect(probe.consumer.value!.level).to.equal(level);
    return probe.consumer.value!.table!;
  } finally {
    map.remove();
  }
}

/** Per key, the cells of `columns` as written: the same text, or both empty where the value is withheld. */
function cells(table: Table, key: string, columns: readonly string[]): Map<string, string[]> {
  return new Map(table.rows.map((row) => [row[key]!, columns.map((column) => row[column] ?? '')]));
}

describe('a table carried up a level: `sozialraum aggregate-up` and the levels of <sozialraum-map> publish the same cells', function () {
  this.timeout(180_000);

  for (const [level, prefix, count] of [
    ['bzr', 6, 143],
    ['bez', 2, 12],
  ] as const) {
    it(`the ${count} parents of level ${level} (prefix ${prefix}): residents, their weighted S1 and the children counted`, async () => {
      const cli = await viaCli(prefix);
      const map = await viaMap(level);
      const columns = ['children', 'EW', 'S1'];
      const expected = cells(cli.parents, 'id', columns);
      expect(expected.size).to.equal(count);
      expect([...expected.values()].filter(([, residents]) => residents !== '').length, 'most parents have their residents').to.be.greaterThan(count / 2);
      expect(cells(map, 'id', columns)).to.deep.equal(expected);
    });
  }

  it('the 542 Planungsräume: the map withholds the same residents as the command line protects over all levels', async () => {
    const cli = await viaCli(2);
    const map = await viaMap('plr');
    const expected = cells(cli.children, 'PLR_ID', ['EW']);
    expect(expected.size).to.equal(542);
    const withheld = [...expected.values()].filter(([value]) => value === '').length;
    expect(withheld, 'some Planungsräume under 300 residents are withheld').to.be.greaterThan(0);
    expect(cells(map, 'PLR_ID', ['EW'])).to.deep.equal(expected);
  });
});
