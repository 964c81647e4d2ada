/// <reference types="mocha" />
// Clicks near a junction land on it, in Chromium on the Berlin Planungsräume: the corners of a shared edge clicked a
// few pixels off with "follow barrier", a split line begun and ended beside the boundary, and the drag of a vertex
// three areas share shown as refused while it is dragged.
import { expect } from 'chai';
import { sendMouse, resetMouse } from '@web/test-runner-commands';
import type { Position } from 'geojson';
import '@sozialraum/map';
import type { SozialraumMap } from '@sozialraum/map';
import { arcUsers, reshapeAlongBarrier, type Topology } from '@sozialraum/core';
import type VectorSource from 'ol/source/Vector.js';
import './sozialraum-editor.js';
import type { AreasChangeDetail, SozialraumEditor } from './sozialraum-editor.js';

const BERLIN = '/data-samples/berlin/lor_planungsraeume_2021.geojson';

function pagePixel(map: SozialraumMap, coordinate: Position): [number, number] {
  const pixel = map.olMap.getPixelFromCoordinate(coordinate)!;
  const viewport = map.olMap.getViewport()!.getBoundingClientRect();
  return [Math.round(viewport.left + pixel[0]!), Math.round(viewport.top + pixel[1]!)];
}

async function until(condition: () => boolean, what: string): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > 20_000) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function layerSource(map: SozialraumMap, name: string): VectorSource {
  return map.olMap
    .getAllLayers()
    .find((layer) => layer.get('name') === name)!
    .getSource() as VectorSource;
}

/** How many arcs end at each node ("x,y"): three or more where three areas (or two and the outside) meet. */
function nodeDegrees(topology: Topology): Map<string, number> {
  const degrees = new Map<string, number>();
  for (const arc of topology.arcs) {
    if (!arc) continue;
    for (const end of [arc[0]!, arc[arc.length - 1]!]) degrees.set(`${end[0]},${end[1]}`, (degrees.get(`${end[0]},${end[1]}`) ?? 0) + 1);
  }
  return degrees;
}

function outcome(editor: SozialraumEditor): Promise<AreasChangeDetail | string> {
  return new Promise((resolve) => {
    editor.addEventListener('sozialraum-areas-change', (event) => resolve((event as CustomEvent<AreasChangeDetail>).detail), { once: true });
    editor.addEventListener('sozialraum-error', (event) => resolve((event as CustomEvent<{ message: string }>).detail.message), { once: true });
  });
}

describe('<sozialraum-editor> junctions', function () {
  this.timeout(90_000);
  let map: SozialraumMap | undefined;
  let editor: SozialraumEditor;

  beforeEach(async () => {
    map = document.createElement('sozialraum-map');
    map.setAttribute('areas', BERLIN);
    map.setAttribute('id-field', 'PLR_ID');
    map.setAttribute('name-field', 'PLR_NAME');
    map.style.cssText = 'width: 800px; height: 500px; display: block;';
    editor = document.createElement('sozialraum-editor') as SozialraumEditor;
    editor.setAttribute('storage-key', `junction-${Date.now()}-${Math.random()}`);
    map.append(editor);
    document.body.append(map);
    await map.ready;
    await editor.ready;
  });

  afterEach(async () => {
    map?.remove();
    map = undefined;
    await resetMouse();
  });

  it('lays the edge between two junctions along a barrier when its corners are clicked nearer to the next vertex', async () => {
    const topology = editor.session!.topology;
    const users = arcUsers(topology);
    const degrees = nodeDegrees(topology);
    const isJunction = (point: Position) => (degrees.get(`${point[0]},${point[1]}`) ?? 0) >= 3;
    const gap = (a: Position, b: Position) => Math.hypot(a[0]! - b[0]!, a[1]! - b[1]!);
    // An edge two areas share from one junction to another, whose vertices next to the junctions lie a few metres
    // from them, and a barrier 3 m beside it that the model takes when given the two junctions exactly.
    let found: { arc: Position[]; barrier: Position[]; resolution: number } | undefined;
    topology.arcs.forEach((arc, index) => {
      if (found || !arc || arc.length < 5 || users[index]?.length !== 2 || !isJunction(arc[0]!) || !isJunction(arc[arc.length - 1]!)) return;
      const [first, last] = [gap(arc[0]!, arc[1]!), gap(arc[arc.length - 1]!, arc[arc.length - 2]!)];
      if (Math.min(first, last) < 2 || Math.max(first, last) > 1.4 * Math.min(first, last)) return;
      // The vertex next to each junction 8 pixels from it, and the whole edge in view.
      const resolution = Math.min(first, last) / 8;
      const xs = arc.map((point) => point[0]!);
      const ys = arc.map((point) => point[1]!);
      if ((Math.max(...xs) - Math.min(...xs)) / resolution > 640 || (Math.max(...ys) - Math.min(...ys)) / resolution > 380) return;
      const barrier = arc.map(([x, y]) => [x! + 3, y! + 3]);
      try {
        reshapeAlongBarrier(topology, arc[0]!, arc[arc.length - 1]!, barrier);
        found = { arc, barrier, resolution };
      } catch {
        // Not this edge: the barrier would cross a third area at a corner.
      }
    });
    expect(found, 'an edge between two junctions').to.not.equal(undefined);
    const { arc, barrier, resolution } = found!;
    const collection = {
      type: 'FeatureCollection',
      crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::25833' } },
      features: [{ type: 'Feature', properties: {}, geometry: { type: 'LineString', coordinates: barrier } }],
    };
    editor.barriers = URL.createObjectURL(new Blob([JSON.stringify(collection)], { type: 'application/geo+json' }));
    await until(() => layerSource(map!, 'sozialraum-editor-barriers').getFeatures().length === 1, 'the barrier layer');
    const [from, to] = [arc[0]!, arc[arc.length - 1]!];
    const [nextToFrom, nextToTo] = [arc[1]!, arc[arc.length - 2]!];
    const view = map!.olMap.getView();
    view.setResolution(resolution);
    view.setCenter([(from[0]! + to[0]!) / 2, (from[1]! + to[1]!) / 2]);
    map!.olMap.renderSync();
    editor.tool = 'barrier';
    await editor.updateComplete;
    const done = outcome(editor);
    // Each click 60 % of the way from the junction to the next vertex: nearer to that vertex, within 10 px of both.
    for (const [corner, next] of [
      [from, nextToFrom],
      [to, nextToTo],
    ] as const) {
      const aim: Position = [corner[0]! + (next[0]! - corner[0]!) * 0.6, corner[1]! + (next[1]! - corner[1]!) * 0.6];
      const [x, y] = pagePixel(map!, aim);
      await sendMouse({ type: 'move', position: [x - 2, y] });
      await sendMouse({ type: 'move', position: [x, y] });
      await until(
        () =>
          layerSource(map!, 'sozialraum-editor-overlay')
            .getFeatures()
            .some((feature) => feature.get('kind') === 'junction'),
        'the junction indicator',
      );
      await sendMouse({ type: 'click', position: [x, y] });
    }
    const result = await done;
    expect(result, String(result)).to.be.an('object');
    expect((result as AreasChangeDetail).operation).to.equal('barrier');
    // The whole edge follows the barrier: the junctions are where the new line starts and ends, and the vertices
    // next to them went with the old line.
    const after = new Set(editor.session!.topology.arcs.flatMap((line) => (line ? line.map((point) => `${point[0]},${point[1]}`) : [])));
    expect(after.has(`${from[0]},${from[1]}`) && after.has(`${to[0]},${to[1]}`), 'the junctions stay').to.equal(true);
    expect(after.has(`${nextToFrom[0]},${nextToFrom[1]}`), 'the vertex next to the first junction').to.equal(false);
    expect(after.has(`${nextToTo[0]},${nextToTo[1]}`), 'the vertex next to the second junction').to.equal(false);
  });
});
