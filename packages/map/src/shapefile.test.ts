/// <reference types="mocha" />
// <sozialraum-map> in Chromium with Shapefiles: a zip URL, a loose .shp whose siblings come from the same base, and a
// Shapefile with its .dbf missing, reported with the part and the page still working.
import { expect } from 'chai';
import type VectorSource from 'ol/source/Vector.js';
import type VectorLayer from 'ol/layer/Vector.js';
import './sozialraum-map.js';
import type { SozialraumMap, DataLoadDetail } from './sozialraum-map.js';
import type { SozialraumErrorDetail } from '@sozialraum/element';

const FORMATS = '/data-samples/berlin/formats';

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

function areasSource(map: SozialraumMap): VectorSource {
  const layer = map.olMap.getAllLayers().find((candidate) => candidate.get('name') === 'sozialraum-areas') as VectorLayer<VectorSource>;
  return layer.getSource()!;
}

describe('<sozialraum-map> with Shapefiles', () => {
  let map: SozialraumMap | undefined;
  afterEach(() => {
    map?.remove();
    map = undefined;
  });

  it('loads the zipped Ortsteile: 96 areas in EPSG:25833 from the .prj, keyed by ORT', async () => {
    map = createMap({ areas: `${FORMATS}/ortsteile_2014.zip`, 'id-field': 'ORT' });
    const loaded = nextEvent<DataLoadDetail>(map, 'sozialraum-data-load');
    await map.ready;
    const { detail } = await loaded;
    expect(detail.areas).to.equal(96);
    expect(detail.crs).to.equal('EPSG:25833');
    expect(detail.idField).to.equal('ORT');
    const moabit = areasSource(map).getFeatureById('0102');
    expect(moabit?.get('Ortsteilna')).to.equal('Moabit');
  });

  it('loads a loose .shp with its .shx, .dbf and .prj fetched from the same base, umlauts from Windows-1252', async () => {
    map = createMap({ areas: `${FORMATS}/prognoseraeume_alt.shp`, 'id-field': 'spatial_na' });
    const loaded = nextEvent<DataLoadDetail>(map, 'sozialraum-data-load');
    await map.ready;
    const { detail } = await loaded;
    expect(detail.areas).to.equal(60);
    expect(detail.crs).to.equal('EPSG:4326');
    const names = areasSource(map)
      .getFeatures()
      .map((feature) => feature.get('BEZNAME') as string);
    expect(names).to.include('Neukölln');
  });

  it('reports a Shapefile whose .dbf is missing, naming the part, and then loads a good one', async () => {
    map = createMap({ areas: '/packages/core/test/fixtures/shapefile/ohne_dbf.shp' });
    const failed = nextEvent<SozialraumErrorDetail>(map, 'sozialraum-error');
    await map.ready;
    const { detail } = await failed;
    expect(detail.code).to.equal('missing-file');
    expect(detail.message).to.contain('ohne_dbf.shp').and.contain('.dbf');
    const alert = map.shadowRoot!.querySelector('[role="alert"]')?.textContent?.replace(/\s+/g, ' ') ?? '';
    expect(alert).to.contain('ohne_dbf').and.contain('.dbf');
    const loaded = nextEvent<DataLoadDetail>(map, 'sozialraum-data-load');
    map.setAttribute('id-field', 'ORT');
    map.setAttribute('areas', `${FORMATS}/ortsteile_2014.zip`);
    expect((await loaded).detail.areas).to.equal(96);
  });
});
