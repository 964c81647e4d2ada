/// <reference types="mocha" />
// A vertex dragged where it cannot go is refused while it is dragged, in Chromium on Berlin: the warning colour and
// a cross at the pointer, and the reason in words, before the button is let go.
import { expect } from 'chai';
import { sendMouse, resetMouse } from '@web/test-runner-commands';
import type { Position } from 'geojson';
import '@sozialraum/map';
import type { SozialraumMap } from '@sozialraum/map';
import { arcUsers } from '@sozialraum/core';
import type VectorLayer from 'ol/layer/Vector.js';
import type VectorSource from 'ol/source/Vector.js';
import './sozialraum-editor.js';
import type { SozialraumEditor } from './sozialraum-editor.js';
import { pagePixel } from '../../element/dist/test/map.js';

describe('<sozialraum-editor> vertex drag', function () {
  this.timeout(60_000);
  let map: SozialraumMap | undefined;

  afterEach(async () => {
    map?.remove();
    map = undefined;
    await resetMouse();
  });

  it('shows while dragging that the drop would be refused: a cross in the warning colour and the reason', async () => {
    map = document.createElement('sozialraum-map');
    map.setAttribute('areas', '/data-samples/berlin/lor_planungsraeume_2021.geojson');
    map.setAttribute('id-field', 'PLR_ID');
    map.setAttribute('name-field', 'PLR_NAME');
    map.style.cssText = 'width: 800px; height: 500px; display: block;';
    const editor = document.createElement('sozialraum-editor') as SozialraumEditor;
    editor.setAttribute('storage-key', `drag-${Math.random()}`);
    map.append(editor);
    document.body.append(map);
    await map.ready;
    await editor.ready;
    const topology = editor.session!.topology;
    const users = arcUsers(topology);
    // An inner vertex of an edge two areas share, and a point beyond the far side of one of them: dragged there, the
    // vertex's edges would cross that area's own boundary.
    const index = topology.arcs.findIndex((arc, position) => !!arc && arc.length >= 5 && users[position]?.length === 2);
    const vertex = topology.arcs[index]![2]!;
    const area = topology.areas[users[index]![0]!.area]!;
    const ring = (
      editor.session!.geometry(area.key)!.type === 'Polygon'
        ? (editor.session!.geometry(area.key)!.coordinates as Position[][])
        : (editor.session!.geometry(area.key)!.coordinates as Position[][][])[0]!
    )[0]!;
    const far = ring.reduce((best, point) =>
      Math.hypot(point[0]! - vertex[0]!, point[1]! - vertex[1]!) > Math.hypot(best[0]! - vertex[0]!, best[1]! - vertex[1]!) ? point : best,
    );
    const target: Position = [far[0]! + (far[0]! - vertex[0]!) * 0.3, far[1]! + (far[1]! - vertex[1]!) * 0.3];
    editor.tool = 'vertex';
    await editor.updateComplete;
    const pad = Math.hypot(target[0]! - vertex[0]!, target[1]! - vertex[1]!) * 0.2;
    map.olMap
      .getView()
      .fit([
        Math.min(vertex[0]!, target[0]!) - pad,
        Math.min(vertex[1]!, target[1]!) - pad,
        Math.max(vertex[0]!, target[0]!) + pad,
        Math.max(vertex[1]!, target[1]!) + pad,
      ]);
    map.olMap.renderSync();
    const history = editor.session!.history.length;
    const [x, y] = pagePixel(map, vertex);
    const [tx, ty] = pagePixel(map, target);
    await sendMouse({ type: 'move', position: [x, y] });
    await sendMouse({ type: 'down' });
    for (let step = 1; step <= 10; step += 1)
      await sendMouse({ type: 'move', position: [Math.round(x + ((tx - x) * step) / 10), Math.round(y + ((ty - y) * step) / 10)] });
    await new Promise((resolve) => setTimeout(resolve, 300));
    await editor.updateComplete;
    // Still dragging: the marker at the pointer says it, and so does the status.
    const overlay = map.olMap.getAllLayers().find((layer) => layer.get('name') === 'sozialraum-editor-overlay') as VectorLayer<VectorSource>;
    const kinds = overlay
      .getSource()!
      .getFeatures()
      .map((feature) => feature.get('kind'));
    expect(kinds, 'the marker at the pointer').to.include('refused');
    expect(editor.shadowRoot!.querySelector('[part="status"]')!.textContent).to.match(/nicht|abgelehnt/i);
    await sendMouse({ type: 'up' });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(editor.session!.history.length, 'nothing was done').to.equal(history);
  });
});
