/// <reference types="mocha" />
// <sozialraum-map> loading a GeoPackage in Chromium: SQLite as WebAssembly, the layer chosen by attribute or "#layer".
import { expect } from 'chai';
import './sozialraum-map.js';
import type { SozialraumMap, DataLoadDetail } from './sozialraum-map.js';
import type { SozialraumErrorDetail } from '@sozialraum/element';

/** Three vector layers (Moabit's outline, its water, 58 points) and an attribute table, made with GDAL. */
const LAYERS = '/packages/core/test/fixtures/geopackage/moabit_layers.gpkg';

function createMap(attributes: Record<string, string>): SozialraumMap {
  const map = document.createElement('sozialraum-map');
  for (const [name, value] of Object.entries(attributes)) map.setAttribute(name, value);
  map.style.cssText = 'width: 600px; height: 400px; display: block;';
  document.body.append(map);
  return map;
}

function nextEvent<T>(target: EventTarget, type: string): Promise<CustomEvent<T>> {
  return new Promise((resolve) => target.addEventListener(type, (event) => resolve(event as CustomEvent<T>), { once: true }));
}

describe('<sozialraum-map> with a GeoPackage', () => {
  afterEach(() => document.querySelectorAll('sozialraum-map').forEach((map) => map.remove()));

  it('draws the layer named by the layer attribute, and another one by "#layer" in the URL', async () => {
    const map = createMap({ areas: LAYERS, layer: 'moabit_water', 'id-field': 'osm_id', lang: 'en' });
    const loaded = nextEvent<DataLoadDetail>(map, 'sozialraum-data-load');
    await map.ready;
    const { detail } = await loaded;
    expect(detail.areas).to.equal(11);
    expect(detail.crs).to.equal('EPSG:4326');
    expect(detail.idField).to.equal('osm_id');
    expect(map.areas!.features.map((feature) => feature.properties!.osm_id)).to.include('4778261');

    const reloaded = nextEvent<DataLoadDetail>(map, 'sozialraum-data-load');
    map.removeAttribute('layer');
    map.setAttribute('id-field', 'ORT');
    map.setAttribute('areas', `${LAYERS}#moabit_district`);
    expect((await reloaded).detail.areas).to.equal(1);
    expect(map.areas!.features.map((feature) => feature.properties!.Ortsteilna)).to.deep.equal(['Moabit']);
  });

  it('names the layers when several are there and none is chosen, and loads once one is', async () => {
    const map = createMap({ areas: LAYERS, 'id-field': 'ORT', lang: 'de' });
    const failed = nextEvent<SozialraumErrorDetail>(map, 'sozialraum-error');
    await map.ready;
    const { detail } = await failed;
    expect(detail.code, detail.message).to.equal('unknown-field');
    const alert = map.shadowRoot!.querySelector('[role="alert"]')!.textContent!.replace(/\s+/g, ' ');
    expect(alert)
      .to.contain('moabit_layers.gpkg: enthält 3 Vektorebenen, und keine wurde gewählt')
      .and.contain('„moabit_district“')
      .and.contain('„landuse_points“');
    const loaded = nextEvent<DataLoadDetail>(map, 'sozialraum-data-load');
    map.setAttribute('layer', 'moabit_district');
    expect((await loaded).detail.areas).to.equal(1);
  });
});
