/// <reference types="mocha" />
// Orientation in the editor's map, in Chromium on Berlin: area names once zoomed in (decluttered), barriers in a style
// of their own with a legend entry in the panel.
import { expect } from 'chai';
import '@sozialraum/map';
import type { SozialraumMap } from '@sozialraum/map';
import type VectorLayer from 'ol/layer/Vector.js';
import type VectorSource from 'ol/source/Vector.js';
import type Feature from 'ol/Feature.js';
import type { Style } from 'ol/style.js';
import './sozialraum-editor.js';
import type { SozialraumEditor } from './sozialraum-editor.js';

function layer(map: SozialraumMap, name: string): VectorLayer<VectorSource> | undefined {
  return map.olMap.getAllLayers().find((candidate) => candidate.get('name') === name) as VectorLayer<VectorSource> | undefined;
}

function stylesOf(target: VectorLayer<VectorSource>, feature: Feature): Style[] {
  const style = target.getStyleFunction()!(feature, 5);
  return (Array.isArray(style) ? style : style ? [style] : []) as Style[];
}

describe('<sozialraum-editor> orientation', function () {
  this.timeout(60_000);
  let map: SozialraumMap | undefined;

  afterEach(() => {
    map?.remove();
    map = undefined;
  });

  it('labels the areas when zoomed in, without overlaps, and draws barriers unlike boundaries with a legend entry', async () => {
    map = document.createElement('sozialraum-map');
    map.setAttribute('areas', '/data-samples/berlin/lor_planungsraeume_2021.geojson');
    map.setAttribute('id-field', 'PLR_ID');
    map.setAttribute('name-field', 'PLR_NAME');
    map.style.cssText = 'width: 900px; height: 500px; display: block;';
    const editor = document.createElement('sozialraum-editor') as SozialraumEditor;
    editor.setAttribute('storage-key', `orientation-${Math.random()}`);
    editor.setAttribute('barriers', '/data-samples/berlin/lor_planungsraeume_pre2021.geojson');
    map.append(editor);
    document.body.append(map);
    await map.ready;
    // The barriers load after the tools are usable.
    await editor.checked;
    const labels = layer(map, 'sozialraum-editor-labels');
    expect(labels, 'a label layer').to.not.equal(undefined);
    expect(Boolean(labels!.getDeclutter()), 'decluttered').to.equal(true);
    // Not at the whole city (about 45 m per pixel here), but once a few Planungsräume fill the view.
    expect(labels!.getMaxResolution()).to.be.below(map.olMap.getView().getResolution()!);
    expect(labels!.getMaxResolution()).to.be.at.least(5);
    const rollberg = labels!.getSource()!.getFeatureById('08100207') as Feature;
    expect(stylesOf(labels!, rollberg)[0]!.getText()!.getText()).to.equal('Rollberg');

    // Barriers: a colour and a width no boundary has, and the same line in the panel's legend.
    const barriers = layer(map, 'sozialraum-editor-barriers')!;
    for (let attempt = 0; attempt < 50 && barriers.getSource()!.getFeatures().length === 0; attempt += 1)
      await new Promise((resolve) => setTimeout(resolve, 100));
    const line = barriers.getSource()!.getFeatures()[0]!;
    const strokes = stylesOf(barriers, line).map((style) => style.getStroke()!);
    expect(strokes.map((stroke) => stroke.getColor())).to.include('#1b7837');
    await editor.updateComplete;
    const legend = editor.shadowRoot!.querySelector('[part="legend"]');
    expect(legend?.textContent).to.match(/Barriere/);
    expect(legend!.querySelector('line[stroke="#1b7837"]')).to.not.equal(null);
  });
});
