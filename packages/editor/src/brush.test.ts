/// <reference types="mocha" />
// The brush in Chromium on the city of 6 × 6 cells of 100 m with 100 residents each (core's workbench fixture), split
// into a western and an eastern half along the railway: a stroke of the mouse paints exactly the cells it crosses, the
// residents follow, a stroke that would cut an area in two is refused with its reason, a locked area is not painted,
// undo gives the areas back, and the brush toggle works from the keyboard in both languages.
import { expect } from 'chai';
import { sendKeys, sendMouse, resetMouse } from '@web/test-runner-commands';
import type { FeatureCollection, Polygon, Position } from 'geojson';
import { transform } from 'ol/proj.js';
import '@sozialraum/map';
import type { SozialraumMap } from '@sozialraum/map';
import { polygonArea, polygonsOf } from '@sozialraum/core';
import './sozialraum-editor.js';
import type { AreasChangeDetail, SozialraumEditor, UnitsPaintDetail } from './sozialraum-editor.js';
import { glide, layerSource, pagePixel } from '../../element/dist/test/map.js';

const X0 = 4_550_000;
const Y0 = 3_270_000;
const GRID = '/packages/core/test/fixtures/workbench/city-grid.csv';

/** A rectangle of whole cells, columns c0 … c1 − 1 and rows r0 … r1 − 1 (row 0 in the south). */
function cells(c0: number, c1: number, r0: number, r1: number): Polygon {
  const [x0, x1, y0, y1] = [X0 + c0 * 100, X0 + c1 * 100, Y0 + r0 * 100, Y0 + r1 * 100];
  return {
    type: 'Polygon',
    coordinates: [
      [
        [x0, y0],
        [x1, y0],
        [x1, y1],
        [x0, y1],
        [x0, y0],
      ],
    ],
  };
}

const HALVES: FeatureCollection = {
  type: 'FeatureCollection',
  crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::3035' } },
  features: [
    { type: 'Feature', properties: { id: 'west', name: 'Westen' }, geometry: cells(0, 3, 0, 6) },
    { type: 'Feature', properties: { id: 'east', name: 'Osten' }, geometry: cells(3, 6, 0, 6) },
  ],
} as FeatureCollection;

/** The middle of a cell, in the areas' CRS. */
const centre = (column: number, row: number): [number, number] => [X0 + column * 100 + 50, Y0 + row * 100 + 50];

/** The page pixel of a position in the areas' CRS. */
function pixel(position: Position): [number, number] {
  return pagePixel(map!, transform(position, 'EPSG:3035', map!.olMap.getView().getProjection()));
}

function area(editor: SozialraumEditor, key: string): number {
  return polygonsOf(editor.session!.geometry(key)!).reduce((sum, polygon) => sum + polygonArea(polygon), 0);
}

let map: SozialraumMap | undefined;

describe('<sozialraum-editor> brush', function () {
  this.timeout(60_000);

  async function open(lang = 'de'): Promise<SozialraumEditor> {
    map = document.createElement('sozialraum-map');
    map.setAttribute('id-field', 'id');
    map.setAttribute('name-field', 'name');
    map.setAttribute('lang', lang);
    map.style.cssText = 'width: 700px; height: 500px; display: block;';
    map.areas = HALVES;
    const editor = document.createElement('sozialraum-editor') as SozialraumEditor;
    editor.setAttribute('storage-key', `brush-${Math.random()}`);
    editor.setAttribute('grid', GRID);
    editor.setAttribute('target-population', '1500');
    editor.setAttribute('min-population', '1000');
    map.append(editor);
    document.body.append(map);
    await map.ready;
    await editor.ready;
    await editor.checked;
    return editor;
  }

  afterEach(async () => {
    map?.remove();
    map = undefined;
    await resetMouse();
  });

  it('turns on from the keyboard: a pressed toggle, the 36 cells under the areas, every area with its residents', async () => {
    const editor = await open();
    const toggle = editor.shadowRoot!.querySelector<HTMLButtonElement>('.brush-toggle')!;
    expect(toggle.textContent!.trim()).to.equal('Zellen malen');
    expect(toggle.getAttribute('aria-pressed')).to.equal('false');
    toggle.focus();
    await sendKeys({ press: 'Enter' });
    await editor.updateComplete;
    expect(editor.brush).to.equal(true);
    expect(editor.hasAttribute('brush'), 'the attribute reflects the mode').to.equal(true);
    expect(toggle.getAttribute('aria-pressed')).to.equal('true');
    expect(layerSource(map!, 'sozialraum-editor-units').getFeatures()).to.have.length(36);
    const rows = [...editor.shadowRoot!.querySelectorAll('.brush-areas tbody tr')].map((row) => [
      row.getAttribute('data-key'),
      row.querySelector('td')!.textContent,
    ]);
    expect(rows).to.deep.equal([
      ['west', '1.800'],
      ['east', '1.800'],
    ]);
    expect(editor.shadowRoot!.querySelector('.brush-areas input[type=checkbox]')!.getAttribute('aria-label')).to.equal('Westen (west) sperren');
    await sendKeys({ press: 'Space' });
    await editor.updateComplete;
    expect(editor.brush, 'Space turns it off again').to.equal(false);
    expect(map!.olMap.getAllLayers().some((layer) => layer.get('name') === 'sozialraum-editor-units')).to.equal(false);
  });

  it('speaks English with lang="en"', async () => {
    const editor = await open('en');
    editor.brush = true;
    await editor.updateComplete;
    await editor.updateComplete;
    expect(editor.shadowRoot!.querySelector('.brush-toggle')!.textContent!.trim()).to.equal('Paint cells');
    expect(editor.shadowRoot!.querySelector('.brush h3')!.textContent).to.equal('Build from units');
  });

  it('a mouse stroke down the fourth column paints exactly its six cells into the west; residents follow; undo restores', async () => {
    const editor = await open();
    editor.brush = true;
    await editor.updateComplete;
    await editor.updateComplete;
    const select = editor.shadowRoot!.querySelector<HTMLSelectElement>('.brush-area')!;
    expect(select.value, 'the first area is active').to.equal('west');
    map!.olMap.renderSync();
    const before = JSON.stringify(editor.toFeatureCollection());
    const dabs: UnitsPaintDetail[] = [];
    const changes: AreasChangeDetail[] = [];
    editor.addEventListener('sozialraum-units-paint', (event) => dabs.push((event as CustomEvent<UnitsPaintDetail>).detail));
    editor.addEventListener('sozialraum-areas-change', (event) => changes.push((event as CustomEvent<AreasChangeDetail>).detail));
    const [x, y] = pixel(centre(3, 5));
    const [tx, ty] = pixel(centre(3, 0));
    await sendMouse({ type: 'move', position: [x, y] });
    await sendMouse({ type: 'down' });
    await glide([x, y], [tx, ty]);
    expect(dabs.at(-1)!.residents, 'the residents while painting').to.deep.equal({ west: 2400, east: 1200 });
    await sendMouse({ type: 'up' });
    await editor.updateComplete;
    expect(tx).to.equal(x);
    expect(new Set(dabs.at(-1)!.units)).to.deep.equal(new Set([0, 1, 2, 3, 4, 5].map((row) => `CRS3035RES100mN${Y0 + row * 100}E${X0 + 300}`)));
    expect(changes.map((change) => change.operation)).to.deep.equal(['paint']);
    expect(changes[0]!.label).to.equal('paint 6 cells into west');
    expect(area(editor, 'west')).to.be.closeTo(240_000, 1e-6);
    expect(area(editor, 'east')).to.be.closeTo(120_000, 1e-6);
    expect(editor.population!.get('west')).to.be.closeTo(2400, 1e-6);
    expect(editor.population!.get('east')).to.be.closeTo(1200, 1e-6);
    const rows = [...editor.shadowRoot!.querySelectorAll('.brush-areas tbody tr td:first-of-type')].map((cell) => cell.textContent);
    expect(rows).to.deep.equal(['2.400', '1.200']);
    expect(editor.shadowRoot!.querySelector('.history .current')!.textContent).to.equal('6 Zellen zu west gemalt');
    editor.undo();
    await editor.updateComplete;
    expect(JSON.stringify(editor.toFeatureCollection()), 'undo gives back the halves').to.equal(before);
    expect(editor.population!.get('west')).to.be.closeTo(1800, 1e-6);
  });

  it('refuses a stroke that would cut an area in two and one onto a locked area, and says why', async () => {
    const editor = await open();
    const errors: string[] = [];
    editor.addEventListener('sozialraum-error', (event) => errors.push((event as CustomEvent<{ message: string }>).detail.message));
    const before = JSON.stringify(editor.toFeatureCollection());
    expect(editor.paint('west', [centre(4, 2)], 3), 'a 3 × 3 dab across the east').to.equal(false);
    expect(errors.at(-1)).to.match(/would cut area "east" into 2 pieces/);
    await editor.updateComplete;
    expect(editor.shadowRoot!.querySelector('[part="status"]')!.textContent).to.include('zerschnitte das Gebiet „east“ in 2 Teile');
    expect(editor.paint('west', [centre(5, 5)]), 'a cell apart from the west').to.equal(false);
    expect(errors.at(-1)).to.match(/does not touch area "west"/);
    editor.locked = 'east';
    await editor.updateComplete;
    expect(editor.paint('west', [centre(3, 0), centre(3, 1)])).to.equal(false);
    expect(errors.at(-1)).to.match(/area "east" is locked/);
    expect(editor.paint('east', [centre(2, 0)]), 'nor is the locked area painted').to.equal(false);
    expect(JSON.stringify(editor.toFeatureCollection()), 'nothing changed').to.equal(before);
    expect(editor.session!.canUndo).to.equal(false);
    editor.locked = '';
    // Each dab is checked: along the third row the first two cells are painted, the last would cut the east and is not.
    errors.length = 0;
    expect(editor.paint('west', [centre(3, 2), centre(4, 2), centre(5, 2)])).to.equal(true);
    expect(errors).to.have.length(1);
    expect(errors[0]).to.match(/would cut area "east" into 2 pieces/);
    expect(area(editor, 'west')).to.be.closeTo(200_000, 1e-6);
    editor.undo();
    expect(editor.paint('east', [centre(2, 0)], 3), 'unlocked, a 3 × 3 brush on the south-west takes its cells in the west').to.equal(true);
    expect(area(editor, 'east')).to.be.closeTo(220_000, 1e-6);
    expect(editor.population!.get('west')).to.be.closeTo(1400, 1e-6);
  });

  it('paints a whole Ortsteil with the upper-level brush', async () => {
    const editor = await open();
    editor.setAttribute('upper', '/packages/core/test/fixtures/workbench/ortsteile.geojson');
    editor.setAttribute('upper-id', 'OT');
    editor.brush = true;
    let option: HTMLOptionElement | null = null;
    for (let wait = 0; wait < 100 && !option; wait += 1) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      await editor.updateComplete;
      option = editor.shadowRoot!.querySelector<HTMLOptionElement>('.brush-size option[value="0"]');
    }
    expect(option!.textContent).to.equal('ganze Einheit aus ortsteile.geojson');
    expect(editor.paint('west', [centre(4, 4)], 0), 'the north Ortsteil into the west').to.equal(true);
    expect(area(editor, 'west')).to.be.closeTo(270_000, 1e-6);
    expect(editor.population!.get('west')).to.be.closeTo(2700, 1e-6);
    expect(editor.session!.history).to.deep.equal(['paint 9 cells into west']);
  });

  it('drops a stroke begun before an undo during the drag, says so, and paints nothing onto the areas undo gave back', async () => {
    const editor = await open();
    expect(editor.paint('west', [centre(3, 0)])).to.equal(true);
    await editor.updateComplete;
    const afterUndo = JSON.stringify(editor.toFeatureCollection());
    const changes: AreasChangeDetail[] = [];
    editor.addEventListener('sozialraum-areas-change', (event) => changes.push((event as CustomEvent<AreasChangeDetail>).detail));
    map!.olMap.renderSync();
    // The stroke paints the fourth column's upper cells into the west, numbering the areas of the painted session.
    const [x, y] = pixel(centre(3, 5));
    await sendMouse({ type: 'move', position: [x, y] });
    await sendMouse({ type: 'down' });
    await glide([x, y], pixel(centre(3, 3)), 4);
    editor.undo();
    await editor.updateComplete;
    const undone = JSON.stringify(editor.toFeatureCollection());
    expect(undone).to.not.equal(afterUndo);
    await glide(pixel(centre(3, 3)), pixel(centre(3, 2)), 2);
    await sendMouse({ type: 'up' });
    await editor.updateComplete;
    expect(
      changes.map((change) => change.operation),
      'only the undo',
    ).to.deep.equal(['undo']);
    expect(JSON.stringify(editor.toFeatureCollection()), 'the areas as undo left them').to.equal(undone);
    expect(editor.session!.canUndo).to.equal(false);
    expect(editor.shadowRoot!.querySelector('[part="status"]')!.textContent).to.include('der Strich wurde verworfen');
    expect(area(editor, 'west')).to.be.closeTo(180_000, 1e-6);
  });
});
