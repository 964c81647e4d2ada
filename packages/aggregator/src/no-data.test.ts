/// <reference types="mocha" />
// <sozialraum-aggregator> on rasters with holes and impossible cells, as the command line sees them: an area without
// cells with data is empty and flagged no-data, never 0; negative, infinite and undeclared nodata cells are named.
import { expect } from 'chai';
import '@sozialraum/map';
import './index.js';
import type { SozialraumMap } from '@sozialraum/map';
import type { SozialraumAggregator } from './sozialraum-aggregator.js';

const BERLIN = '/data-samples/berlin/lor_planungsraeume_2021.geojson';
const NAN = '/test/fixtures/numbers/zensus-mitte-nan.tif';
const FEHLER = '/test/fixtures/numbers/zensus-mitte-fehler.tif';

async function createMap(attributes: Record<string, string>): Promise<{ map: SozialraumMap; aggregator: SozialraumAggregator }> {
  const map = document.createElement('sozialraum-map');
  map.setAttribute('areas', BERLIN);
  map.setAttribute('id-field', 'PLR_ID');
  map.style.cssText = 'display: block; width: 600px; --sozialraum-map-height: 200px;';
  const aggregator = document.createElement('sozialraum-aggregator');
  for (const [name, value] of Object.entries(attributes)) aggregator.setAttribute(name, value);
  map.append(aggregator);
  document.body.append(map);
  await map.ready;
  await aggregator.updateComplete;
  return { map, aggregator };
}

/** The download's lines by key. */
function csvRows(csv: string): Map<string, string> {
  return new Map(
    csv
      .trim()
      .split(/\r\n/)
      .slice(1)
      .map((line) => [line.slice(0, line.indexOf(',')), line] as const),
  );
}

describe('<sozialraum-aggregator> without data', function () {
  this.timeout(60_000);
  let map: SozialraumMap | undefined;
  afterEach(() => map?.remove());

  it('leaves an area on NaN cells empty with the flag no-data, and lists the areas without data', async () => {
    const created = await createMap({ raster: NAN, stats: 'sum' });
    map = created.map;
    const result = await created.aggregator.run();
    const stüler = result.areas.find((area) => area.id === '01100101')!;
    expect(Number.isNaN(stüler.sum)).to.equal(true);
    expect(result.rows['01100101']).to.deep.equal({ 'zensus-mitte-nan': '' });
    const rows = csvRows(result.csv);
    expect(rows.get('01100101')).to.match(/^01100101,,no-data,"?keine Daten: unter dem Gebiet liegt keine Zelle mit Wert/);
    expect(rows.get('01100102')).to.match(/^01100102,\d+(\.\d+)?,partial-data,"?unvollständige Daten: Zellen mit Wert decken 97,5 % des Gebiets ab/);
    // Areas outside the window of Mitte have no data either: none of them is 0.
    for (const [key, line] of rows) if (line.split(',')[1] === '0') expect(line, key).to.not.contain('no-data');
    const warnings = created.aggregator.shadowRoot!.querySelector('[part="warnings"]')!.textContent!.replace(/\s+/g, ' ');
    expect(warnings).to.match(/zensus-mitte-nan\.tif, Schlüssel „\d{8}“: unter \d+ Gebieten liegt keine Zelle mit Wert/);
  });

  it('names negative, infinite and undeclared nodata cells and leaves them out', async () => {
    const created = await createMap({ raster: FEHLER, stats: 'sum', lang: 'en' });
    map = created.map;
    const result = await created.aggregator.run();
    const named = result.issues.filter((found) => found.code === 'bad-number').map((found) => found.message);
    expect(named).to.have.length(4);
    expect(named.join('\n')).to.contain('-1 is a negative count').and.contain('Infinity is infinite').and.contain('4,294,967,295 is a code for "no value"');
    for (const key of ['01100102', '01100103', '01100104', '01100205']) {
      const sum = result.areas.find((area) => area.id === key)!.sum!;
      expect(sum, key).to.be.within(1000, 10_000);
    }
  });
});
