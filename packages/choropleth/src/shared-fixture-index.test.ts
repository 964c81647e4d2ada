/// <reference types="mocha" />
// The shared fixture of "the index on a level": the MSS status index on the 143 Bezirksregionen through `sozialraum
// index --level` (run by the test server on this build, see web-test-runner.config.mjs) and through
// <sozialraum-choropleth> on the map's level, both written through core's indexCsv and compared byte for byte. The
// map carries the Planungsräume up as the spec says (core's aggregationFromSpec, as the command line does), so the
// classes, ranks, z-scores, flags and notes on the level are the same.
import { expect } from 'chai';
import { runCli } from '../../element/dist/test/cli.js';
import { aggregationFromSpec, indexCsv, indexPreset } from '@sozialraum/core';
import '@sozialraum/map';
import './index.js';
import type { SozialraumMap, ThematicLayer } from '@sozialraum/map';

const BERLIN = 'data-samples/berlin/lor_planungsraeume_2021.geojson';
const MSS = 'data-samples/berlin/mss2021_indexindikatoren.csv';
const PRESET = 'mss-2021-status';
const LEVELS = [
  { id: 'plr', label: 'Planungsraum' },
  // Dissolved from the Planungsräume, as the command line's level by prefix: the parents in the order their first child
  // comes in the areas' file, on both sides.
  { id: 'bzr', label: 'Bezirksregion', prefix: 6 },
];

async function viaCli(): Promise<string> {
  const answer = await runCli({
    args: [
      'index',
      '--indicators',
      MSS,
      '--id-field',
      'PLR_ID',
      '--areas',
      BERLIN,
      '--preset',
      PRESET,
      '--level',
      '6',
      '--weight',
      'EW',
      '--lang',
      'en',
      '--out',
      '{index.csv}',
    ],
    outputs: ['index.csv'],
  });
  return answer.written['index.csv'];
}

let map: SozialraumMap | undefined;

async function viaChoropleth(): Promise<ThematicLayer> {
  map = document.createElement('sozialraum-map') as SozialraumMap;
  map.setAttribute('areas', `/${BERLIN}`);
  map.setAttribute('id-field', 'PLR_ID');
  map.setAttribute('indicators', `/${MSS}`);
  map.setAttribute('levels', JSON.stringify(LEVELS));
  // What the spec carries up, as `index --level --weight EW` derives it; the map knows the key columns itself.
  const { keyColumn: _key, ...aggregation } = aggregationFromSpec(indexPreset(PRESET), { keyColumn: 'PLR_ID', weight: 'EW' });
  map.setAttribute('aggregation', JSON.stringify(aggregation));
  map.setAttribute('level', 'bzr');
  map.setAttribute('lang', 'en');
  map.style.cssText = 'width: 600px; height: 400px; display: block;';
  const choropleth = document.createElement('sozialraum-choropleth');
  choropleth.setAttribute('preset', PRESET);
  choropleth.setAttribute('lang', 'en');
  map.append(choropleth);
  // The first result may be of the finest level, before the levels have loaded: wait for the one on the Bezirksregionen.
  const onLevel = new Promise<ThematicLayer>((resolve) =>
    map!.addEventListener('sozialraum-thematic-change', (event) => {
      const thematic = (event as CustomEvent<ThematicLayer | null>).detail;
      if (thematic && thematic.result.areas.length === 143) resolve(thematic);
    }),
  );
  document.body.append(map);
  return onLevel;
}

describe('the index on a level: `sozialraum index --level` and <sozialraum-choropleth> on the map level write the same CSV', function () {
  this.timeout(180_000);

  afterEach(() => {
    map?.remove();
    map = undefined;
  });

  it('the MSS status index on the 143 Bezirksregionen, the Planungsräume carried up by the spec', async () => {
    const cli = await viaCli();
    const thematic = await viaChoropleth();
    const lines = cli.split('\r\n');
    expect(lines[0]).to.equal('id,index,class,label,rank,flags,z_S1,z_S3,z_S4,notes');
    expect(lines.filter((line) => line !== '')).to.have.length(144);
    expect(indexCsv(thematic.result)).to.equal(cli);
  });
});
