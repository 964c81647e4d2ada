/// <reference types="mocha" />
// Clicks near a junction land on it, in Chromium on the Berlin Planungsräume: the corners of a shared edge clicked a
// few pixels off with "follow barrier", a split line begun and ended beside the boundary, and the drag of a vertex
// three areas share shown as refused while it is dragged.
import { expect } from 'chai';
import { sendMouse, resetMouse } from '@web/test-runner-commands';
import type { Position } from 'geojson';
import '@sozialraum/map';
import type { SozialraumMap } from '@sozialraum/map';
import { arcUsers, reshapeAlongBarrier, splitArea, type Topology } from '@sozialraum/core';
import type VectorLayer from 'ol/layer/Vector.js';
import type VectorSource from 'ol/source/Vector.js';
import type { RegularShape, Style } from 'ol/style.js';
import type Feature from 'ol/Feature.js';
import './sozialraum-editor.js';
import type { AreasChangeDetail, SozialraumEditor } from './sozialraum-editor.js';
import { dragAlong, glide, layerSource, outcome, pagePixel, until } from '../../element/dist/test/map.js';

const BERLIN = '/data-samples/berlin/lor_planungsraeume_2021.geojson';

/** How many arcs end at each node ("x,y"): three or more where three areas (or two and the outside) meet. */
function nodeDegrees(topology: Topology): Map<string, number> {
  const degrees = new Map<string, number>();
  for (const arc of topology.arcs) {
    if (!arc) continue;
    for (const end of [arc[0]!, arc[arc.length - 1]!]) degrees.set(`${end[0]},${end[1]}`, (degrees.get(`${end[0]},${end[1]}`) ?? 0) + 1);
  }
  return degrees;
}

function fitTo(map: SozialraumMap, points: Position[], padding: number): void {
  const xs = points.map((point) => point[0]!);
  const ys = points.map((point) => point[1]!);
  const pad = Math.max(Math.max(...xs) - Math.min(...xs), Math.max(...ys) - Math.min(...ys)) * padding;
  map.olMap.getView().fit([Math.min(...xs) - pad, Math.min(...ys) - pad, Math.max(...xs) + pad, Math.max(...ys) + pad]);
  map.olMap.renderSync();
}

/**
 * An edge two areas share from one junction to another, whose vertices next to the junctions lie a few metres from
 * them, and a barrier 3 m beside it (loaded) that the model takes when given the two junctions exactly; with the
 * resolution that puts those vertices 8 pixels from their junctions.
 */
async function edgeWithBarrier(map: SozialraumMap, editor: SozialraumEditor): Promise<{ arc: Position[]; resolution: number }> {
  const topology = editor.session!.topology;
  const users = arcUsers(topology);
  const degrees = nodeDegrees(topology);
  const isJunction = (point: Position) => (degrees.get(`${point[0]},${point[1]}`) ?? 0) >= 3;
  const gap = (a: Position, b: Position) => Math.hypot(a[0]! - b[0]!, a[1]! - b[1]!);
  let found: { arc: Position[]; barrier: Position[]; resolution: number } | undefined;
  topology.arcs.forEach((arc, index) => {
    if (found || !arc || arc.length < 5 || users[index]?.length !== 2 || !isJunction(arc[0]!) || !isJunction(arc[arc.length - 1]!)) return;
    const [first, last] = [gap(arc[0]!, arc[1]!), gap(arc[arc.length - 1]!, arc[arc.length - 2]!)];
    if (Math.min(first, last) < 2 || Math.max(first, last) > 1.4 * Math.min(first, last)) return;
    const resolution = Math.min(first, last) / 8;
    const xs = arc.map((point) => point[0]!);
    const ys = arc.map((point) => point[1]!);
    // The whole edge in view.
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
  const collection = {
    type: 'FeatureCollection',
    crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::25833' } },
    features: [{ type: 'Feature', properties: {}, geometry: { type: 'LineString', coordinates: found!.barrier } }],
  };
  editor.barriers = URL.createObjectURL(new Blob([JSON.stringify(collection)], { type: 'application/geo+json' }));
  await until(() => layerSource(map, 'sozialraum-editor-barriers').getFeatures().length === 1, 'the barrier layer');
  return found!;
}

function kinds(map: SozialraumMap): string[] {
  return layerSource(map, 'sozialraum-editor-overlay')
    .getFeatures()
    .map((feature) => String(feature.get('kind')));
}

const statusOf = (editor: SozialraumEditor) => editor.shadowRoot!.querySelector('[part="status"]')!.textContent ?? '';

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
    const { arc, resolution } = await edgeWithBarrier(map!, editor);
    const [from, to] = [arc[0]!, arc[arc.length - 1]!];
    const [nextToFrom, nextToTo] = [arc[1]!, arc[arc.length - 2]!];
    const view = map!.olMap.getView();
    view.setResolution(resolution);
    view.setCenter([(from[0]! + to[0]!) / 2, (from[1]! + to[1]!) / 2]);
    map!.olMap.renderSync();
    editor.tool = 'barrier';
    await editor.updateComplete;
    const done = outcome<AreasChangeDetail>(editor);
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

  it('shows while a junction of three areas is dragged across one of them that the drop would be refused', async () => {
    const topology = editor.session!.topology;
    const users = arcUsers(topology);
    const degrees = nodeDegrees(topology);
    // A junction inside the city: three edges end there, each between two areas.
    const atJunction = new Map<string, number[]>();
    topology.arcs.forEach((arc, index) => {
      if (!arc) return;
      for (const end of [arc[0]!, arc[arc.length - 1]!]) {
        const id = `${end[0]},${end[1]}`;
        if ((degrees.get(id) ?? 0) === 3) atJunction.set(id, [...(atJunction.get(id) ?? []), index]);
      }
    });
    const [id, arcs] = [...atJunction].find(([, indices]) => indices.length === 3 && indices.every((index) => users[index]?.length === 2))!;
    const junction = id.split(',').map(Number);
    const keys = [...new Set(arcs.flatMap((index) => users[index]!.map((use) => topology.areas[use.area]!.key)))];
    expect(keys, 'three areas meet there').to.have.length(3);
    // Dragged beyond the far side of one of the three, its edges would cross that area's own boundary.
    const geometry = editor.session!.geometry(keys[0]!)!;
    const ring = (geometry.type === 'Polygon' ? geometry.coordinates : geometry.coordinates[0]!)[0]!;
    const far = ring.reduce((best, point) =>
      Math.hypot(point[0]! - junction[0]!, point[1]! - junction[1]!) > Math.hypot(best[0]! - junction[0]!, best[1]! - junction[1]!) ? point : best,
    );
    const target: Position = [far[0]! + (far[0]! - junction[0]!) * 0.3, far[1]! + (far[1]! - junction[1]!) * 0.3];
    editor.tool = 'vertex';
    await editor.updateComplete;
    fitTo(map!, [junction, target], 0.2);
    const history = editor.session!.history.length;
    await dragAlong(pagePixel(map!, junction), pagePixel(map!, target));
    await editor.updateComplete;
    // Still dragging: a cross in the warning colour with its words at the pointer, and the reason in the status.
    const overlay = map!.olMap.getAllLayers().find((layer) => layer.get('name') === 'sozialraum-editor-overlay') as VectorLayer<VectorSource>;
    const marker = overlay
      .getSource()!
      .getFeatures()
      .find((feature) => feature.get('kind') === 'refused');
    expect(marker, 'the marker at the pointer').to.not.equal(undefined);
    const styles = [overlay.getStyleFunction()!(marker as Feature, 1)].flat() as Style[];
    expect(styles.map((style) => style.getText()?.getText())).to.include('Hier nicht möglich');
    const warning = getComputedStyle(editor).getPropertyValue('--sozialraum-editor-warning-color').trim() || '#b35806';
    expect((styles[0]!.getImage() as RegularShape).getStroke()!.getColor()).to.equal(warning);
    expect(editor.shadowRoot!.querySelector('[part="status"]')!.textContent).to.match(/^Nicht möglich: .*(kreuz|Kante|Punkt)/);
    await sendMouse({ type: 'up' });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(editor.session!.history.length, 'nothing was done').to.equal(history);
    // The three areas are drawn as the model has them again, not as the refused drag left them.
    for (const key of keys) {
      const feature = layerSource(map!, 'sozialraum-areas').getFeatureById(key)!;
      const drawn = feature.getGeometry()!.getExtent();
      const [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity];
      const model = (
        editor.session!.geometry(key)!.type === 'Polygon' ? [editor.session!.geometry(key)!.coordinates] : editor.session!.geometry(key)!.coordinates
      ).flat(2) as Position[];
      const box = model.reduce(
        ([a, b, c, d], point) => [Math.min(a, point[0]!), Math.min(b, point[1]!), Math.max(c, point[0]!), Math.max(d, point[1]!)],
        [minX, minY, maxX, maxY],
      );
      expect(drawn).to.deep.equal(box);
    }
  });

  it('says between the two clicks of "follow barrier" whether the second would be taken', async () => {
    const { arc, resolution } = await edgeWithBarrier(map!, editor);
    const [from, to] = [arc[0]!, arc[arc.length - 1]!];
    const view = map!.olMap.getView();
    view.setResolution(resolution);
    view.setCenter([(from[0]! + to[0]!) / 2, (from[1]! + to[1]!) / 2]);
    map!.olMap.renderSync();
    editor.tool = 'barrier';
    await editor.updateComplete;
    const history = editor.session!.history.length;
    const [fx, fy] = pagePixel(map!, from);
    await sendMouse({ type: 'move', position: [fx, fy] });
    await sendMouse({ type: 'click', position: [fx, fy] });
    // 40 px off the middle of the edge, inside one of the two areas: no boundary there, the click would be refused.
    const middle = arc[Math.floor(arc.length / 2)]!;
    const [mx, my] = pagePixel(map!, middle);
    await glide([fx, fy], [mx + 28, my + 28]);
    await until(() => kinds(map!).includes('refused'), 'the cross at the pointer');
    await until(() => /^Nicht möglich: /.test(statusOf(editor)), 'the reason in the status');
    // On the other corner the click would be taken: the cross and the reason go, the residents' list shows the step.
    const [tx, ty] = pagePixel(map!, to);
    await glide([mx + 28, my + 28], [tx, ty]);
    await until(() => !kinds(map!).includes('refused'), 'the cross to go');
    expect(statusOf(editor)).to.not.match(/Nicht möglich/);
    expect(editor.session!.history.length, 'nothing done before the second click').to.equal(history);
    const done = outcome<AreasChangeDetail>(editor);
    await sendMouse({ type: 'click', position: [tx, ty] });
    const result = await done;
    expect((result as AreasChangeDetail).operation, String(result)).to.equal('barrier');
    expect(kinds(map!)).to.not.include('refused');
  });

  it('splits an area from corner to corner when the clicks land a few pixels inside it', async () => {
    const topology = editor.session!.topology;
    const degrees = nodeDegrees(topology);
    // An area and two junctions on its outer ring that a straight line joins through the area.
    let found: { key: string; from: Position; to: Position } | undefined;
    for (const area of topology.areas) {
      if (found) break;
      if (!area || area.polygons.length !== 1) continue;
      const junctions = area.polygons[0]![0]!.flatMap((ref) => {
        const arc = topology.arcs[ref < 0 ? ~ref : ref]!;
        const start = ref < 0 ? arc[arc.length - 1]! : arc[0]!;
        return (degrees.get(`${start[0]},${start[1]}`) ?? 0) >= 3 ? [start] : [];
      });
      if (junctions.length < 4) continue;
      const [from, to] = [junctions[0]!, junctions[Math.floor(junctions.length / 2)]!];
      try {
        splitArea(topology, area.key, [from, to]);
        found = { key: area.key, from, to };
      } catch {
        // The straight line leaves this area on its way.
      }
    }
    expect(found, 'an area to split from corner to corner').to.not.equal(undefined);
    const { key, from, to } = found!;
    fitTo(map!, [from, to], 0.15);
    editor.tool = 'split';
    await editor.updateComplete;
    const done = outcome<AreasChangeDetail>(editor);
    // Each click 6 px from its corner towards the other one, inside the area.
    const length = Math.hypot(to[0]! - from[0]!, to[1]! - from[1]!);
    const step = (6 * map!.olMap.getView().getResolution()!) / length;
    const [a, b] = [
      [from[0]! + (to[0]! - from[0]!) * step, from[1]! + (to[1]! - from[1]!) * step],
      [to[0]! + (from[0]! - to[0]!) * step, to[1]! + (from[1]! - to[1]!) * step],
    ].map((point) => pagePixel(map!, point)) as [[number, number], [number, number]];
    await glide([a[0] - 16, a[1] - 12], a, 4);
    await sendMouse({ type: 'click', position: a });
    await glide(a, b, 12);
    await sendMouse({ type: 'click', position: b });
    await sendMouse({ type: 'click', position: b });
    const result = await done;
    expect((result as AreasChangeDetail).operation, String(result)).to.equal('split');
    const added = (result as AreasChangeDetail).added[0]!;
    // The edge between the two parts runs from corner to corner.
    const after = editor.session!.topology;
    const users = arcUsers(after);
    const shared = after.arcs.flatMap((arc, index) => {
      const keys = (users[index] ?? []).map((use) => after.areas[use.area]!.key).sort();
      return arc && keys.length === 2 && keys.includes(key) && keys.includes(added) ? [arc] : [];
    });
    expect(shared, 'one edge between the parts').to.have.length(1);
    const ends = [shared[0]![0]!, shared[0]![shared[0]!.length - 1]!].map((point) => `${point[0]},${point[1]}`).sort();
    expect(ends).to.deep.equal([`${from[0]},${from[1]}`, `${to[0]},${to[1]}`].sort());
  });
});
