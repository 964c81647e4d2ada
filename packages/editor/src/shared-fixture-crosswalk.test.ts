/// <reference types="mocha" />
// The shared fixture of "the crosswalk": a Berlin Planungsraum split in <sozialraum-editor> and the residents of the
// MSS table carried from the saved version to the split areas by the Zensus grid's residents, against `sozialraum
// crosswalk` (run by the test server on this build, see web-test-runner.config.mjs) from the Planungsräume to the
// edited areas with the same grid, on the Bezirk of the split (the test server answers a command within 20 s; the
// whole city takes longer, and no area outside the Bezirk touches the split). Both are written through core's carryCsv and compared byte for byte on the areas
// the split changed; every other area keeps its value on both sides.
import { expect } from 'chai';
import { runCli } from '../../element/dist/test/cli.js';
import type { FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import { carryCsv, comparisonCarryAreas } from '@sozialraum/core';
import '@sozialraum/map';
import type { SozialraumMap } from '@sozialraum/map';
import './sozialraum-editor.js';
import type { AreasChangeDetail, SozialraumEditor } from './sozialraum-editor.js';

const BERLIN = 'data-samples/berlin/lor_planungsraeume_2021.geojson';
const MSS = 'data-samples/berlin/mss2021_indexindikatoren.csv';
const GRID = 'data-samples/berlin/zensus2011_einwohner_100m.csv';
/** A Planungsraum in Tempelhof-Schöneberg, split across its middle. */
const SPLIT_AREA = '07601547';
const BEZIRK = '07';

/** The areas of the Bezirk only, keyed by PLR_ID. */
function ofBezirk(collection: FeatureCollection): FeatureCollection {
  return { ...collection, features: collection.features.filter((feature) => String(feature.properties!['PLR_ID']).startsWith(BEZIRK)) };
}

let map: SozialraumMap | undefined;

async function mount(): Promise<SozialraumEditor> {
  map = document.createElement('sozialraum-map') as SozialraumMap;
  map.setAttribute('areas', `/${BERLIN}`);
  map.setAttribute('indicators', `/${MSS}`);
  map.setAttribute('id-field', 'PLR_ID');
  map.style.cssText = 'width: 600px; height: 400px; display: block;';
  const editor = document.createElement('sozialraum-editor') as SozialraumEditor;
  editor.setAttribute('storage-key', `shared-fixture-${Date.now()}-${Math.random().toString(36).slice(2)}`);
  editor.setAttribute('grid', `/${GRID}`);
  map.append(editor);
  document.body.append(map);
  await map.ready;
  await editor.ready;
  // The residents of every area come after the tools.
  await editor.checked;
  return editor;
}

/** Splits the area along a line across its middle, from beyond its west edge to beyond its east edge, in the areas' CRS. */
function splitAcross(editor: SozialraumEditor, key: string): Promise<AreasChangeDetail> {
  const feature = editor.toFeatureCollection()!.features.find((candidate) => String(candidate.properties!['PLR_ID']) === key)!;
  const geometry = feature.geometry as Polygon | MultiPolygon;
  const points = (geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates).flat(2);
  const xs = points.map((point) => point[0]!);
  const ys = points.map((point) => point[1]!);
  const [minX, maxX] = [Math.min(...xs), Math.max(...xs)];
  const y = (Math.min(...ys) + Math.max(...ys)) / 2;
  const margin = (maxX - minX) * 0.1;
  const changed = new Promise<AreasChangeDetail>((resolve) =>
    editor.addEventListener('sozialraum-areas-change', (event) => resolve((event as CustomEvent<AreasChangeDetail>).detail), { once: true }),
  );
  expect(
    editor.step({
      operation: 'split',
      key,
      line: [
        [minX - margin, y],
        [maxX + margin, y],
      ],
    }),
    'the split is done',
  ).to.equal(true);
  return changed;
}

describe('the crosswalk: `sozialraum crosswalk` and the carry of <sozialraum-editor> write the same CSV', function () {
  this.timeout(240_000);

  afterEach(() => {
    map?.remove();
    map = undefined;
  });

  it('the residents of a split Planungsraum, carried by the Zensus residents to its two parts', async () => {
    const editor = await mount();
    await editor.saveVersion('Ausgangsstand');
    const split = await splitAcross(editor, SPLIT_AREA);
    expect(split.added).to.have.length(1);
    const comparison = editor.compare('Ausgangsstand', null)!;
    expect([...comparison.changed].sort()).to.deep.equal([SPLIT_AREA, split.added[0]!].sort());
    const carried = editor.carry('EW')!;
    expect(carried.weighting).to.equal('population');
    expect(
      carried.rows.every((row) => row.after !== null && row.after > 0),
      'both parts get residents',
    ).to.equal(true);
    const element = carryCsv(comparisonCarryAreas(carried));

    const answer = await runCli({
      args: [
        'crosswalk',
        '--from',
        '{before.geojson}',
        '--from-id',
        'PLR_ID',
        '--to',
        '{edited.geojson}',
        '--to-id',
        'PLR_ID',
        '--values',
        MSS,
        '--key-field',
        'PLR_ID',
        '--columns',
        'EW',
        '--grid',
        GRID,
        '--value',
        'Einwohner',
        '--out',
        '{carried.csv}',
      ],
      files: {
        'before.geojson': JSON.stringify(ofBezirk((await (await fetch(`/${BERLIN}`)).json()) as FeatureCollection)),
        'edited.geojson': JSON.stringify(ofBezirk(editor.toFeatureCollection()!)),
      },
      outputs: ['carried.csv'],
    });
    const [header, ...rows] = answer.written['carried.csv'].split('\r\n');
    expect(rows.filter((row) => row !== '').length, 'the areas of the Bezirk, the two parts among them').to.be.greaterThan(20);
    // The editor carries the changed areas only, in the order of the second version; the command line all of them.
    const changed = new Set(carried.rows.map((row) => row.id));
    const order = carried.rows.map((row) => row.id);
    const cli = [
      header,
      ...rows.filter((row) => changed.has(row.split(',')[0]!)).sort((a, b) => order.indexOf(a.split(',')[0]!) - order.indexOf(b.split(',')[0]!)),
      '',
    ].join('\r\n');
    expect(cli.split('\r\n')).to.have.length(4);
    expect(element).to.equal(cli);
  });
});
