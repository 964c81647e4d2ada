/// <reference types="mocha" />
// The editor used carelessly, in Chromium on the Berlin Planungsräume: Escape in the middle of a line or a drag, a
// double click where one click was meant, clicks outside the city, a split line that crosses a boundary only once.
// Each leaves the model as it was, says why, and the next attempt works.
import { expect } from 'chai';
import { sendKeys, sendMouse, resetMouse } from '@web/test-runner-commands';
import type { Position } from 'geojson';
import '@sozialraum/map';
import type { SozialraumMap } from '@sozialraum/map';
import { arcUsers } from '@sozialraum/core';
import type VectorSource from 'ol/source/Vector.js';
import type Draw from 'ol/interaction/Draw.js';
import './sozialraum-editor.js';
import type { AreasChangeDetail, SozialraumEditor } from './sozialraum-editor.js';
import { extentOf, outcome, pagePixel, until } from '../../element/dist/test/map.js';

const BERLIN = '/data-samples/berlin/lor_planungsraeume_2021.geojson';
/** A Planungsraum a horizontal line through its middle crosses once (Schöneberg). */
const SPLIT_AREA = '07601547';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Moves the mouse in steps, as a hand does, and clicks. */
async function clickAt(map: SozialraumMap, coordinate: Position, options: { double?: boolean } = {}): Promise<void> {
  const [x, y] = pagePixel(map, coordinate);
  for (const [dx, dy] of [
    [-4, -3],
    [-2, -1],
    [0, 0],
  ])
    await sendMouse({ type: 'move', position: [x + dx!, y + dy!] });
  await sendMouse({ type: 'click', position: [x, y] });
  if (options.double) await sendMouse({ type: 'click', position: [x, y] });
}

const statusOf = (editor: SozialraumEditor) => editor.shadowRoot!.querySelector('[part="status"]')!.textContent ?? '';

function sketchOf(map: SozialraumMap): number {
  // Draw keeps the line being drawn in an overlay of its own.
  return map.olMap
    .getInteractions()
    .getArray()
    .filter((interaction) => 'abortDrawing' in interaction && interaction.getActive())
    .reduce((sum, draw) => sum + ((draw as Draw).getOverlay().getSource() as VectorSource).getFeatures().length, 0);
}

describe('<sozialraum-editor> used carelessly', function () {
  this.timeout(120_000);
  let map: SozialraumMap;
  let editor: SozialraumEditor;

  before(async () => {
    map = document.createElement('sozialraum-map');
    map.setAttribute('areas', BERLIN);
    map.setAttribute('id-field', 'PLR_ID');
    map.setAttribute('name-field', 'PLR_NAME');
    map.style.cssText = 'width: 800px; height: 500px; display: block;';
    editor = document.createElement('sozialraum-editor') as SozialraumEditor;
    editor.setAttribute('storage-key', `careless-${Date.now()}-${Math.random()}`);
    map.append(editor);
    document.body.append(map);
    await map.ready;
    await editor.ready;
  });

  after(() => map.remove());

  afterEach(async () => {
    await sendKeys({ press: 'Escape' });
    await resetMouse();
    editor.tool = 'select';
    await editor.updateComplete;
  });

  function fitSplitArea(): [number, number, number, number] {
    const [minX, minY, maxX, maxY] = extentOf(editor.session!.geometry(SPLIT_AREA)!);
    const width = maxX - minX;
    map.olMap.getView().fit([minX - width * 0.3, minY, maxX + width * 0.3, maxY], { padding: [40, 40, 40, 40] });
    map.olMap.renderSync();
    return [minX, minY, maxX, maxY];
  }

  it('cancels a split line with Escape after clicking on the map, and the next line splits', async () => {
    const [minX, minY, maxX, maxY] = fitSplitArea();
    const y = (minY + maxY) / 2;
    const width = maxX - minX;
    editor.tool = 'split';
    await editor.updateComplete;
    const history = editor.session!.history.length;
    await clickAt(map, [minX - width * 0.1, y]);
    await clickAt(map, [(minX + maxX) / 2, y + 1]);
    expect(sketchOf(map), 'a line is being drawn').to.be.above(0);
    // The focus is wherever the click left it; Escape cancels the line there.
    await sendKeys({ press: 'Escape' });
    await until(() => sketchOf(map) === 0, 'the line to be cancelled');
    const next = outcome<AreasChangeDetail>(editor, 1500);
    await clickAt(map, [maxX + width * 0.1, y]);
    expect(await next, 'a click after Escape only starts a new line').to.equal('nothing');
    expect(editor.session!.history.length).to.equal(history);
    const split = outcome<AreasChangeDetail>(editor, 5000);
    await clickAt(map, [minX - width * 0.1, y + 2], { double: true });
    const result = await split;
    expect((result as AreasChangeDetail).operation, String(result)).to.equal('split');
    await editor.undo();
  });

  it('stops a vertex drag with Escape: the vertex goes back and nothing is done on release', async () => {
    const topology = editor.session!.topology;
    const users = arcUsers(topology);
    const index = topology.arcs.findIndex((arc, position) => !!arc && arc.length >= 5 && users[position]?.length === 2);
    const vertex = topology.arcs[index]![2]!;
    const keys = users[index]!.map((use) => topology.areas[use.area]!.key);
    map.olMap.getView().setCenter(vertex);
    map.olMap.getView().setResolution(0.5);
    map.olMap.renderSync();
    editor.tool = 'vertex';
    await editor.updateComplete;
    const history = editor.session!.history.length;
    const before = keys.map((key) => layerSourceFeature(key).getGeometry()!.getExtent());
    const [x, y] = pagePixel(map, vertex);
    await sendMouse({ type: 'move', position: [x, y] });
    await sendMouse({ type: 'down' });
    for (let step = 1; step <= 6; step += 1) await sendMouse({ type: 'move', position: [x + step * 5, y + step * 3] });
    await pause(200);
    await sendKeys({ press: 'Escape' });
    await sendMouse({ type: 'move', position: [x + 40, y + 20] });
    await sendMouse({ type: 'up' });
    await pause(300);
    expect(editor.session!.history.length, 'nothing was done').to.equal(history);
    expect(
      keys.map((key) => layerSourceFeature(key).getGeometry()!.getExtent()),
      'the areas are drawn as they were',
    ).to.deep.equal(before);
  });

  function layerSourceFeature(key: string) {
    const source = map.olMap
      .getAllLayers()
      .find((layer) => layer.get('name') === 'sozialraum-areas')!
      .getSource() as VectorSource;
    return source.getFeatureById(key)!;
  }

  it('takes a double click on the first corner of "follow barrier" as one click', async () => {
    const topology = editor.session!.topology;
    const users = arcUsers(topology);
    const index = topology.arcs.findIndex((arc, i) => arc !== null && arc.length >= 6 && users[i]?.length === 2);
    const arc = topology.arcs[index]!;
    const barrier = arc.map(([x, y]) => [x! + 3, y! + 3]);
    const collection = {
      type: 'FeatureCollection',
      crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::25833' } },
      features: [{ type: 'Feature', properties: {}, geometry: { type: 'LineString', coordinates: barrier } }],
    };
    editor.barriers = URL.createObjectURL(new Blob([JSON.stringify(collection)], { type: 'application/geo+json' }));
    await pause(500);
    const [from, to] = [arc[1]!, arc[4]!];
    const xs = [from[0]!, to[0]!];
    const ys = [from[1]!, to[1]!];
    map.olMap.getView().fit([Math.min(...xs) - 30, Math.min(...ys) - 30, Math.max(...xs) + 30, Math.max(...ys) + 30]);
    map.olMap.renderSync();
    editor.tool = 'barrier';
    await editor.updateComplete;
    const first = outcome<AreasChangeDetail>(editor, 1500);
    await clickAt(map, from, { double: true });
    expect(await first, 'a double click refuses nothing').to.equal('nothing');
    const second = outcome<AreasChangeDetail>(editor, 5000);
    await clickAt(map, to);
    const result = await second;
    expect((result as AreasChangeDetail).operation, String(result)).to.equal('barrier');
    await editor.undo();
    editor.barriers = '';
  });

  it('refuses lines and points outside the city with a reason, and keeps working', async () => {
    // 3 km south-west of the corner of Berlin's extent: Brandenburg, no Planungsraum.
    const polygons = editor
      .session!.topology.areas.flatMap((area) => (area ? [editor.session!.geometry(area.key)!] : []))
      .flatMap((geometry) => (geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates));
    const [west, south] = extentOf({ type: 'MultiPolygon', coordinates: polygons });
    const outside: Position = [west - 3000, south - 3000];
    map.olMap.getView().setCenter(outside);
    map.olMap.getView().setResolution(5);
    map.olMap.renderSync();
    const history = editor.session!.history.length;
    for (const tool of ['split', 'carve', 'barrier'] as const) {
      editor.tool = tool;
      await editor.updateComplete;
      const said = outcome<AreasChangeDetail>(editor, 3000);
      await clickAt(map, [outside[0]! - 500, outside[1]!]);
      await clickAt(map, [outside[0]! + 500, outside[1]! + 100]);
      if (tool === 'carve') await clickAt(map, [outside[0]!, outside[1]! + 600]);
      await clickAt(map, tool === 'carve' ? [outside[0]! - 500, outside[1]!] : [outside[0]! + 500, outside[1]! + 100]);
      const result = await said;
      expect(result, `${tool}: ${String(result)}`)
        .to.be.a('string')
        .and.not.equal('nothing');
      expect(statusOf(editor), tool).to.match(/^Nicht möglich: /);
      await sendKeys({ press: 'Escape' });
    }
    expect(editor.session!.history.length).to.equal(history);
  });

  it('refuses a split line that crosses the boundary only once, says so, and the next line splits', async () => {
    const [minX, minY, maxX, maxY] = fitSplitArea();
    const y = (minY + maxY) / 2;
    const width = maxX - minX;
    editor.tool = 'split';
    await editor.updateComplete;
    const history = editor.session!.history.length;
    const refused = outcome<AreasChangeDetail>(editor, 5000);
    await clickAt(map, [minX - width * 0.1, y]);
    await clickAt(map, [(minX + maxX) / 2, y + 1], { double: true });
    const result = await refused;
    expect(result)
      .to.be.a('string')
      .and.match(/once|einmal/);
    expect(statusOf(editor)).to.match(/nur einmal/);
    expect(editor.session!.history.length).to.equal(history);
    const split = outcome<AreasChangeDetail>(editor, 5000);
    await clickAt(map, [minX - width * 0.1, y]);
    await clickAt(map, [maxX + width * 0.1, y + 2], { double: true });
    expect(((await split) as AreasChangeDetail).operation).to.equal('split');
    await editor.undo();
  });
});
