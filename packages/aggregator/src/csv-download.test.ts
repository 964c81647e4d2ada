/// <reference types="mocha" />
// The aggregator's CSV download, on areas whose keys start like spreadsheet formulas: written by core's one CSV
// writer, so no cell reaches a spreadsheet unguarded and the numbers stay numbers, as in the command line's CSV.
import { expect } from 'chai';
import '@sozialraum/map';
import './index.js';
import { isUnguardedFormula, parseCsv } from '@sozialraum/core';
import type { SozialraumMap } from '@sozialraum/map';
import type { FeatureCollection } from 'geojson';

const KEYS = ['=1+1', '+49 30 1234', '-2+3', '@SUM(A1)'];

function square(minX: number, minY: number): { type: 'Polygon'; coordinates: number[][][] } {
  return {
    type: 'Polygon',
    coordinates: [
      [
        [minX, minY],
        [minX + 100, minY],
        [minX + 100, minY + 100],
        [minX, minY + 100],
        [minX, minY],
      ],
    ],
  };
}

describe('sozialraum-aggregator CSV download with keys that start like formulas', function () {
  this.timeout(60_000);
  let map: SozialraumMap | undefined;
  afterEach(() => map?.remove());

  it('guards every key, keeps every count a number, and offers the same text as the result', async () => {
    // Four areas, each exactly one 100 m cell of the grid, holding 10, 20, 30 and 40 residents.
    const areas = {
      type: 'FeatureCollection',
      crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::3035' } },
      features: KEYS.map((key, index) => ({
        type: 'Feature',
        properties: { id: key, name: `=HYPERLINK("x")${index}` },
        geometry: square(4_000_000 + index * 100, 3_000_000),
      })),
    } as FeatureCollection;
    const grid = ['GITTER_ID_100m;Einwohner', ...KEYS.map((_, index) => `CRS3035RES100mN3000000E${4_000_000 + index * 100};${(index + 1) * 10}`)].join('\n');
    const element = document.createElement('sozialraum-map');
    element.setAttribute('id-field', 'id');
    element.innerHTML = '<sozialraum-aggregator workers="0" name="EW" stats="sum" min-count="0"></sozialraum-aggregator>';
    document.body.append(element);
    map = element;
    const loaded = new Promise((resolve) => element.addEventListener('sozialraum-data-load', resolve, { once: true }));
    element.areas = areas;
    await loaded;
    const aggregator = element.querySelector('sozialraum-aggregator')!;
    aggregator.file = new File([grid], 'formeln.csv', { type: 'text/csv' });
    const result = await aggregator.run();
    await aggregator.updateComplete;

    const link = aggregator.shadowRoot!.querySelector<HTMLAnchorElement>('[part="download"]')!;
    const downloaded = await (await fetch(link.href)).text();
    expect(downloaded.replace(/^\ufeff/, '')).to.equal(result.csv);
    expect(result.csv.endsWith('\r\n')).to.equal(true);
    const table = parseCsv(result.csv, { source: 'download' });
    const cells = [...table.columns, ...table.rows.flatMap((row) => table.columns.map((column) => row[column] ?? ''))];
    expect(cells.filter(isUnguardedFormula)).to.deep.equal([]);
    expect(table.rows.map((row) => [row['id'], row['EW']])).to.deep.equal(KEYS.map((key, index) => [`'${key}`, String((index + 1) * 10)]));
  });
});
