/// <reference types="mocha" />
// The levels page as a planner meets it, in Chromium: the map opens on the level it asks for (never a flash of the 542
// Planungsräume), the level dropdown names the level shown, and drilled into a Bezirk the table and the legend list
// only the areas inside it.
import { expect } from 'chai';
import { areasSource, nextEvent, pagePixelInside } from '../../element/dist/test/map.js';
import { berlinLevels, MSS_AGGREGATION } from '../../element/dist/test/levels.js';
import { sendMouse, resetMouse } from '@web/test-runner-commands';
import '@sozialraum/map';
import './index.js';
import type { LevelChangeDetail, SozialraumMap } from '@sozialraum/map';

const LEVELS = berlinLevels('plr', 'pgr', 'bez');
const AGGREGATION = MSS_AGGREGATION;

describe('levels with choropleth, legend and table', function () {
  this.timeout(60_000);
  let map: SozialraumMap | undefined;

  afterEach(async () => {
    map?.remove();
    map = undefined;
    await resetMouse();
  });

  it('opens on the level asked for, names the level shown in the dropdown, and lists only the drilled area’s children', async () => {
    map = document.createElement('sozialraum-map');
    map.setAttribute('areas', '/data-samples/berlin/lor_planungsraeume_2021.geojson');
    map.setAttribute('id-field', 'PLR_ID');
    map.setAttribute('name-field', 'PLR_NAME');
    map.setAttribute('indicators', '/data-samples/berlin/mss2021_indexindikatoren.csv');
    map.setAttribute('levels', LEVELS);
    map.setAttribute('aggregation', AGGREGATION);
    map.setAttribute('level', 'bez');
    map.style.cssText = 'display: block; width: 800px; --sozialraum-map-height: 500px;';
    map.innerHTML =
      '<sozialraum-choropleth indicator="EW"></sozialraum-choropleth><sozialraum-legend></sozialraum-legend><sozialraum-table></sozialraum-table>';
    // Every drawing of areas before the Bezirke are there.
    const drawn: number[] = [];
    const source = areasSource(map);
    source.on('change', () => drawn.push(source.getFeatures().length));
    const levelsLoaded = nextEvent<LevelChangeDetail>(map, 'sozialraum-level-change');
    document.body.append(map);
    await map.ready;
    await levelsLoaded;
    await map.updateComplete;
    expect(
      drawn.filter((count) => count === 542),
      'the Planungsräume never flash up before the Bezirke',
    ).to.deep.equal([]);
    expect(source.getFeatures()).to.have.length(12);
    const select = map.shadowRoot!.querySelector<HTMLSelectElement>('[part="toolbar"] select')!;
    expect(select.value).to.equal('bez');

    const table = map.querySelector('sozialraum-table')!;
    const legend = map.querySelector('sozialraum-legend')!;
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(table.shadowRoot!.querySelectorAll('tbody tr')).to.have.length(12);

    const [x, y] = pagePixelInside(map, '01');
    const drilled = nextEvent<LevelChangeDetail>(map, 'sozialraum-level-change');
    await sendMouse({ type: 'click', position: [x, y] });
    expect((await drilled).detail.level).to.equal('pgr');
    await map.updateComplete;
    await new Promise((resolve) => setTimeout(resolve, 200));
    await (table as HTMLElement & { updateComplete: Promise<unknown> }).updateComplete;
    await (legend as HTMLElement & { updateComplete: Promise<unknown> }).updateComplete;
    // Mitte holds four Prognoseräume, 0110 … 0140.
    const keys = [...table.shadowRoot!.querySelectorAll('tbody tr')].map((row) => row.querySelector('.id, td')?.textContent?.trim() ?? '');
    expect(keys, 'the table lists Mitte’s Prognoseräume only').to.have.length(4);
    const counts = [...legend.shadowRoot!.querySelectorAll('.count')].map((count) => Number(count.textContent));
    expect(
      counts.reduce((sum, count) => sum + count, 0),
      'the legend counts Mitte’s Prognoseräume only',
    ).to.equal(4);
    expect(map.shadowRoot!.querySelector<HTMLSelectElement>('[part="toolbar"] select')!.value, 'the dropdown names the level shown').to.equal('pgr');
  });
});
