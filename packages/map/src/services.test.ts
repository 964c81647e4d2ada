/// <reference types="mocha" />
// <sozialraum-map> with web services in Chromium, against the loopback OGC server of core's tests (under /ogc/):
// areas from WFS and OGC API – Features with all their pages, WMS and WMTS basemaps asked for in the areas' CRS.
import { expect } from 'chai';
import type TileLayer from 'ol/layer/Tile.js';
import type WMTS from 'ol/source/WMTS.js';
import { intersects, type Extent } from 'ol/extent.js';
import './sozialraum-map.js';
import type { SozialraumMap, DataLoadDetail, DataProgressDetail } from './sozialraum-map.js';
import type { SozialraumErrorDetail } from '@sozialraum/element';

const BERLIN = '/data-samples/berlin/lor_planungsraeume_2021.geojson';
const WFS = '/ogc/wfs?service=WFS&typeNames=lor:bezirksregionen';
const ITEMS = '/ogc/api/collections/bezirksregionen/items';
const WMTS_CAPABILITIES = '/ogc/wmts/WMTSCapabilities.xml';

function createMap(attributes: Record<string, string>): SozialraumMap {
  const map = document.createElement('sozialraum-map');
  for (const [name, value] of Object.entries(attributes)) map.setAttribute(name, value);
  map.style.cssText = 'width: 800px; height: 500px; display: block;';
  document.body.append(map);
  return map;
}

function nextEvent<T>(target: EventTarget, type: string): Promise<CustomEvent<T>> {
  return new Promise((resolve) => target.addEventListener(type, (event) => resolve(event as CustomEvent<T>), { once: true }));
}

/** The requests the OGC server answered since the last call, as URLs on this origin. */
async function serverLog(): Promise<URL[]> {
  const lines = (await (await fetch('/ogc/log')).json()) as string[];
  return lines.map((line) => new URL(`/ogc${line}`, location.origin));
}

/** The query parameters of a request, by upper-case name (WMS parameters are case-insensitive). */
function params(url: URL): Map<string, string> {
  return new Map([...url.searchParams].map(([key, value]) => [key.toUpperCase(), value]));
}

/** Waits until the basemap layer is on the map (its code loads on demand) and everything asked for is drawn. */
async function rendered(map: SozialraumMap, basemap = true): Promise<void> {
  await map.ready;
  for (let tries = 0; basemap && !basemapLayer(map); tries += 1) {
    if (tries > 100) throw new Error('no basemap layer after 5 s');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await new Promise<void>((resolve) => {
    map.olMap.once('rendercomplete', () => resolve());
    map.olMap.render();
  });
}

function basemapLayer(map: SozialraumMap) {
  return map.olMap.getAllLayers().find((candidate) => candidate.get('name') === 'sozialraum-basemap');
}

describe('<sozialraum-map> with web services', () => {
  afterEach(async () => {
    document.querySelectorAll('sozialraum-map').forEach((map) => map.remove());
    await serverLog();
  });

  it('reads all 143 Bezirksregionen from a WFS that caps count at 50, page by page with progress, in EPSG:25833', async () => {
    await serverLog();
    const progress: DataProgressDetail[] = [];
    const map = createMap({ areas: WFS, 'id-field': 'BZR_ID', 'name-field': 'BZR_NAME' });
    map.addEventListener('sozialraum-data-progress', (event) => progress.push((event as CustomEvent<DataProgressDetail>).detail));
    const loaded = await nextEvent<DataLoadDetail>(map, 'sozialraum-data-load');
    expect(loaded.detail.areas).to.equal(143);
    expect(loaded.detail.crs).to.equal('EPSG:25833');
    expect(progress.map((step) => step.features)).to.deep.equal([50, 100, 143]);
    expect(progress.every((step) => step.total === 143 && step.source === WFS)).to.equal(true);
    const requests = (await serverLog()).filter((url) => url.pathname === '/ogc/wfs');
    expect(requests.map((url) => url.searchParams.get('startIndex'))).to.deep.equal(['0', '50', '100']);
    expect(map.olMap.getView().getProjection().getCode()).to.equal('EPSG:25833');
    expect(map.areas!.features.map((feature) => feature.properties!['BZR_ID'])).to.include('126011');
  });

  it('reads an OGC API – Features collection through its next links, in the CRS of areas-crs, and in CRS84 without it', async () => {
    await serverLog();
    const map = createMap({ areas: ITEMS, 'id-field': 'BZR_ID', 'areas-crs': 'EPSG:25833' });
    const loaded = await nextEvent<DataLoadDetail>(map, 'sozialraum-data-load');
    expect(loaded.detail.areas).to.equal(143);
    expect(loaded.detail.crs).to.equal('EPSG:25833');
    const requests = await serverLog();
    expect(requests.length).to.equal(4, 'the server gives at most 40 a page');
    expect(requests.every((url) => url.searchParams.get('crs') === 'http://www.opengis.net/def/crs/EPSG/0/25833')).to.equal(true);
    map.remove();

    const lonLat = createMap({ areas: ITEMS, 'id-field': 'BZR_ID', projection: 'EPSG:25833' });
    const inDegrees = await nextEvent<DataLoadDetail>(lonLat, 'sozialraum-data-load');
    expect(inDegrees.detail.crs).to.equal('EPSG:4326');
    expect(inDegrees.detail.areas).to.equal(143);
  });

  it('shows what the service refused, with its exception text and the URL, and keeps working', async () => {
    const map = createMap({ areas: '/ogc/wfs?service=WFS&typeNames=lor:gibtsnicht', 'id-field': 'BZR_ID' });
    const failed = await nextEvent<SozialraumErrorDetail>(map, 'sozialraum-error');
    expect(failed.detail.code).to.equal('fetch-failed');
    await map.updateComplete;
    const error = map.shadowRoot!.querySelector('[part="error"]')!.textContent!;
    expect(error).to.contain('/ogc/wfs?service=WFS&typeNames=lor:gibtsnicht');
    expect(error).to.contain('Feature type lor:gibtsnicht unknown');
    map.setAttribute('areas', WFS);
    const loaded = await nextEvent<DataLoadDetail>(map, 'sozialraum-data-load');
    expect(loaded.detail.areas).to.equal(143);
  });

  it('asks a WMS for 256-pixel tiles in the areas’ EPSG:25833 covering the view, with the layers, format, styles and version given', async () => {
    await serverLog();
    const map = createMap({
      areas: BERLIN,
      'id-field': 'PLR_ID',
      basemap: '/ogc/wms',
      'basemap-service': 'wms',
      'basemap-layers': 'bezirksregionen',
      'basemap-format': 'image/jpeg',
      'basemap-styles': 'grau',
    });
    await rendered(map);
    const getMaps = (await serverLog()).filter((url) => url.pathname === '/ogc/wms').map(params);
    expect(getMaps.length).to.be.greaterThan(0);
    const view = map.olMap.getView().calculateExtent(map.olMap.getSize());
    for (const query of getMaps) {
      expect(query.get('REQUEST')).to.equal('GetMap');
      expect(query.get('VERSION')).to.equal('1.3.0');
      expect(query.get('CRS')).to.equal('EPSG:25833');
      expect([query.get('LAYERS'), query.get('FORMAT'), query.get('STYLES')]).to.deep.equal(['bezirksregionen', 'image/jpeg', 'grau']);
      expect([query.get('WIDTH'), query.get('HEIGHT')]).to.deep.equal(['256', '256']);
      const bbox = query.get('BBOX')!.split(',').map(Number) as Extent;
      expect(intersects(bbox, view), `${bbox} in ${view}`).to.equal(true);
      // East before north in EPSG:25833, tens of kilometres wide around Berlin.
      expect(bbox[0]).to.be.within(300_000, 450_000);
      expect(bbox[1]).to.be.within(5_750_000, 5_900_000);
    }
  });

  it('asks a WMS for one image of the view with basemap-single-image', async () => {
    await serverLog();
    const map = createMap({
      areas: BERLIN,
      'id-field': 'PLR_ID',
      basemap: '/ogc/wms?service=WMS',
      'basemap-layers': 'bezirksregionen',
      'basemap-single-image': '',
    });
    await rendered(map);
    const getMaps = (await serverLog()).filter((url) => url.pathname === '/ogc/wms').map(params);
    expect(getMaps.length).to.equal(1);
    const query = getMaps[0]!;
    const size = map.olMap.getSize()!;
    expect(Number(query.get('WIDTH'))).to.equal(Math.round(size[0]! * devicePixelRatio));
    const bbox = query.get('BBOX')!.split(',').map(Number);
    const view = map.olMap.getView().calculateExtent(size);
    bbox.forEach((value, index) => expect(value).to.be.closeTo(view[index]!, (view[2]! - view[0]!) / 100));
    expect(query.get('CRS')).to.equal('EPSG:25833');
  });

  it('reads a WMTS from its capabilities once and asks for the tiles of its EPSG:25833 matrix set under the view', async () => {
    await serverLog();
    const map = createMap({ areas: BERLIN, 'id-field': 'PLR_ID', basemap: WMTS_CAPABILITIES });
    await rendered(map);
    const log = await serverLog();
    expect(log.filter((url) => url.pathname.endsWith('WMTSCapabilities.xml')).length).to.equal(1);
    const tiles = log.filter((url) => url.pathname.startsWith('/ogc/wmts/tile/')).map((url) => url.pathname);
    expect(tiles.length).to.be.greaterThan(0);
    const layer = basemapLayer(map) as TileLayer<WMTS>;
    const grid = layer.getSource()!.getTileGrid()!;
    const view = map.olMap.getView();
    const z = grid.getZForResolution(view.getResolution()!);
    const [, column, row] = grid.getTileCoordForCoordAndZ(view.getCenter()!, z);
    expect(tiles).to.include(`/ogc/wmts/tile/utm33/${z}/${row}/${column}.png`);
    expect(tiles.every((path) => path.startsWith(`/ogc/wmts/tile/utm33/${z}/`))).to.equal(true);
  });

  it('names the layers a WMTS offers when basemap-layers names none of them', async () => {
    const map = createMap({ areas: BERLIN, 'id-field': 'PLR_ID', basemap: WMTS_CAPABILITIES, 'basemap-layers': 'luftbild' });
    const failed = await nextEvent<SozialraumErrorDetail>(map, 'sozialraum-error');
    expect(failed.detail.message).to.contain('luftbild');
    expect(failed.detail.message).to.contain('bezirksregionen');
  });

  it('requests nothing from a service whose layers and format are set without a basemap URL', async () => {
    await serverLog();
    const map = createMap({ areas: BERLIN, 'id-field': 'PLR_ID', 'basemap-service': 'wms', 'basemap-layers': 'bezirksregionen' });
    await rendered(map, false);
    expect(basemapLayer(map)).to.equal(undefined);
    expect(await serverLog()).to.deep.equal([]);
  });
});
