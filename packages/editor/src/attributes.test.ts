/// <reference types="mocha" />
// What a split and a merge leave in the areas' attributes, in Chromium on Berlin's Planungsräume: sizes recomputed
// from the new geometry, a distinguishable name for the new part, and the key of the larger area after a merge.
import { expect } from 'chai';
import type { MultiPolygon, Polygon } from 'geojson';
import '@sozialraum/map';
import type { SozialraumMap } from '@sozialraum/map';
import { squareMetres } from '@sozialraum/core';
import './sozialraum-editor.js';
import type { SozialraumEditor } from './sozialraum-editor.js';

const BERLIN = '/data-samples/berlin/lor_planungsraeume_2021.geojson';
const ROLLBERG = '08100207';

/** The true area in m² (measured equal-area), as Berlin states GROESSE_M2. */
function areaOf(geometry: Polygon | MultiPolygon): number {
  return squareMetres(geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates, 'EPSG:25833');
}

describe('<sozialraum-editor> attributes after split and merge', function () {
  this.timeout(60_000);
  let map: SozialraumMap | undefined;

  afterEach(() => {
    map?.remove();
    map = undefined;
  });

  it('recomputes GROESSE_M2 of both parts, names the new part "Rollberg (Teil 2)", and a merge keeps the larger area’s key', async () => {
    map = document.createElement('sozialraum-map');
    map.setAttribute('areas', BERLIN);
    map.setAttribute('id-field', 'PLR_ID');
    map.setAttribute('name-field', 'PLR_NAME');
    map.style.cssText = 'width: 800px; height: 500px; display: block;';
    const editor = document.createElement('sozialraum-editor') as SozialraumEditor;
    editor.setAttribute('storage-key', `attributes-${Math.random()}`);
    map.append(editor);
    document.body.append(map);
    await map.ready;
    await editor.ready;
    const feature = (key: string) => editor.toFeatureCollection()!.features.find((entry) => entry.properties!['PLR_ID'] === key)!;
    const before = feature(ROLLBERG);
    const whole = Number(before.properties!['GROESSE_M2']);
    // The published size is the true area, which the toolkit measures to within 0.001 %.
    expect(whole).to.be.closeTo(areaOf(before.geometry as Polygon), whole * 1e-5);
    // A line across Rollberg, a third of the way up, so that the parts differ in size.
    const geometry = before.geometry as Polygon | MultiPolygon;
    const positions = geometry.type === 'Polygon' ? geometry.coordinates.flat() : geometry.coordinates.flat(2);
    const xs = positions.map((position) => position[0]!);
    const ys = positions.map((position) => position[1]!);
    const y = Math.min(...ys) + (Math.max(...ys) - Math.min(...ys)) / 3;
    expect(
      editor.step({
        operation: 'split',
        key: ROLLBERG,
        line: [
          [Math.min(...xs) - 50, y],
          [Math.max(...xs) + 50, y],
        ],
      }),
    ).to.equal(true);
    const kept = feature(ROLLBERG);
    const part = feature(`${ROLLBERG}-2`);
    expect(part.properties!['PLR_NAME']).to.equal('Rollberg (Teil 2)');
    expect(kept.properties!['PLR_NAME']).to.equal('Rollberg');
    const keptSize = Number(kept.properties!['GROESSE_M2']);
    const partSize = Number(part.properties!['GROESSE_M2']);
    expect(keptSize).to.be.closeTo(areaOf(kept.geometry as Polygon), 1);
    expect(partSize).to.be.closeTo(areaOf(part.geometry as Polygon), 1);
    expect(keptSize + partSize).to.be.closeTo(whole, whole * 1e-5);
    expect(partSize).to.be.below(keptSize);
    // Merged back, picked smaller part first: the key and name are the larger area's, the size the whole again.
    expect(editor.step({ operation: 'merge', keys: [`${ROLLBERG}-2`, ROLLBERG] })).to.equal(true);
    const merged = feature(ROLLBERG);
    expect(merged, 'the larger area’s key stays').to.not.equal(undefined);
    expect(merged.properties!['PLR_NAME']).to.equal('Rollberg');
    expect(editor.toFeatureCollection()!.features.some((entry) => entry.properties!['PLR_ID'] === `${ROLLBERG}-2`)).to.equal(false);
    expect(Number(merged.properties!['GROESSE_M2'])).to.be.closeTo(whole, whole * 1e-5);
  });
});
