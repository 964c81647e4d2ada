// Hostile GeoJSON for core's readers: values of the wrong type, numbers JSON cannot hold, huge coordinates and empty
// geometries. Each must end in a SozialraumError or an issue that names the file and feature, never another exception.
// The messages asserted here are the ones a user sees; the project's closing note lists them.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as core from '@sozialraum/core';
import { loadAreas, parseGeoJSON, readAreas } from '@sozialraum/core';
import { outcome, encode, assertError, RING, GOOD, withGood, feature } from './hostile-helpers.js';

describe('values of the wrong type in GeoJSON', () => {
  const load = (bytes: Uint8Array, source: string, options: { idField?: string } = {}) => outcome(core, () => loadAreas(bytes, { source, ...options }));

  test('a collection whose features are an object, or that is an array, a text or null, is refused as not a FeatureCollection', async () => {
    assertError(
      await load(encode('{"type":"FeatureCollection","features":{"a":1}}'), 'objekt.geojson'),
      'not-a-feature-collection',
      'objekt.geojson: the FeatureCollection has no "features" array',
    );
    assertError(await load(encode('[1,2,3]'), 'liste.geojson'), 'not-a-feature-collection', 'liste.geojson: expected a GeoJSON object, found an array');
    assertError(
      await load(encode('"FeatureCollection"'), 'text.geojson'),
      'unknown-format',
      'text.geojson: is neither GeoJSON nor FlatGeobuf (it does not start with "{" or the bytes "fgb")',
    );
    assertError(
      await load(encode('{"type":"Topology"}'), 'topo.json'),
      'not-a-feature-collection',
      'topo.json: expected a GeoJSON FeatureCollection, found type "Topology"',
    );
    assertError(
      await outcome(core, () => readAreas(null as never, { source: 'areas' })),
      'not-a-feature-collection',
      'areas: expected a GeoJSON object, found null',
    );
    assertError(
      await outcome(core, () => readAreas({ type: 'FeatureCollection', features: 'x' } as never, { source: 'areas' })),
      'not-a-feature-collection',
      'areas: the FeatureCollection has no "features" array',
    );
  });

  test('coordinates of the wrong type leave out their feature with an issue naming it, and the good feature loads', async () => {
    const cases: [unknown, string][] = [
      [
        [
          [
            ['13.37', '52.51'],
            ['13.38', '52.51'],
            ['13.38', '52.52'],
            ['13.37', '52.51'],
          ],
        ],
        'a position is not a pair of finite numbers: ["13.37", "52.51"]',
      ],
      ['13.37 52.51', 'its coordinates are a string, not a list'],
      [5, 'its coordinates are a number, not a list'],
      [{ x: 1 }, 'its coordinates are an object, not a list'],
      [null, 'its coordinates are null, not a list'],
      [[[null, [1, 2]]], 'a position is not a pair of finite numbers: null'],
      [[13.37, 52.51], 'its coordinates are lists nested 1 level deep, a Polygon needs 3 (rings of [x, y] positions)'],
      [[[RING]], 'its coordinates are lists nested 4 levels deep, a Polygon needs 3 (rings of [x, y] positions)'],
    ];
    for (const [coordinates, problem] of cases) {
      const result = await load(withGood(feature({ type: 'Polygon', coordinates })), 'typen.geojson');
      assert.equal(result.ok, true, result.message);
      assert.equal(result.features, 1);
      assert.deepEqual(result.issues, [`typen.geojson, feature 1, key "1": ${problem}; it is left out of the map`]);
    }
    const multi = await load(withGood(feature({ type: 'MultiPolygon', coordinates: [RING] })), 'multi.geojson');
    assert.deepEqual(multi.issues, [
      'multi.geojson, feature 1, key "1": its coordinates are lists nested 3 levels deep, a MultiPolygon needs 4 (polygons of rings of [x, y] positions); it is left out of the map',
    ]);
  });

  test('geometries that are no polygon or no geometry at all, and features that are no feature, are left out by position', async () => {
    const cases: [unknown, string][] = [
      [feature({ type: 'Point', coordinates: [13.37, 52.51] }), 'feature 1, key "1": is a Point, an area must be a Polygon or MultiPolygon; it is left out'],
      [feature({ type: 5, coordinates: [RING] }), 'feature 1, key "1": is a geometry of type 5, an area must be a Polygon or MultiPolygon; it is left out'],
      [feature('POLYGON((13 52, 14 52, 14 53, 13 52))'), 'feature 1, key "1": has a string as its geometry, not a GeoJSON geometry; it is left out'],
      [feature({ type: 'GeometryCollection' }), 'feature 1, key "1": is a GeometryCollection, an area must be a Polygon or MultiPolygon; it is left out'],
      [feature({ type: 'LineString', coordinates: 7 }), 'feature 1, key "1": is a LineString, an area must be a Polygon or MultiPolygon; it is left out'],
      [null, 'feature 1: is not a GeoJSON Feature and is left out'],
      [42, 'feature 1: is not a GeoJSON Feature and is left out'],
    ];
    for (const [hostile, problem] of cases) {
      const result = await load(withGood(hostile), 'geometrie.geojson');
      assert.equal(result.ok, true, result.message);
      assert.deepEqual(result.issues, [`geometrie.geojson, ${problem}`]);
    }
  });

  test('properties that are a list or a text, and keys that are objects, lists or true/false, make the feature keyless, with an issue', async () => {
    const list = await load(withGood({ ...(feature({ type: 'Polygon', coordinates: [RING] }) as object), properties: ['a', 'b'] }), 'props.geojson');
    assert.deepEqual(list.issues, [
      'props.geojson, feature 1: has properties that are a list, not an object, so no key; it is shown as "#1" and joins no table',
    ]);
    const text = await load(withGood({ ...(feature({ type: 'Polygon', coordinates: [RING] }) as object), properties: 'id=1' }), 'props.geojson');
    assert.deepEqual(text.issues, [
      'props.geojson, feature 1: has properties that are a string, not an object, so no key; it is shown as "#1" and joins no table',
    ]);
    const keys: [unknown, string][] = [
      [{ a: 1 }, 'an object'],
      [[1, 2], 'a list'],
      [true, 'true'],
      [false, 'false'],
    ];
    for (const [key, kind] of keys) {
      const result = await load(withGood(feature({ type: 'Polygon', coordinates: [RING] }, { id: key })), 'keys.geojson', { idField: 'id' });
      assert.deepEqual(result.issues, [`keys.geojson, feature 1: has ${kind} in "id", which is no key; it is shown as "#1" and joins no table`]);
    }
  });

  test('parseGeoJSON names the file for empty, cut-off and non-GeoJSON text', async () => {
    assertError(await outcome(core, () => parseGeoJSON('\ufeff  ', 'leer.json')), 'empty-file', 'leer.json: the file is empty');
    assertError(
      await outcome(core, () => parseGeoJSON('{"type":"FeatureCollection","features":[', 'kurz.json')),
      'parse-error',
      /^kurz\.json: not valid JSON: .*the file ends too early, it may be truncated$/,
    );
    assertError(
      await outcome(core, () => parseGeoJSON('{"type":"Feature"}\n{"type":"Feature"}', 'zeilen.json')),
      'parse-error',
      /^zeilen\.json: not valid JSON: .*\(line 2, column 1\)$/,
    );
    assertError(await outcome(core, () => parseGeoJSON('42', 'zahl.json')), 'not-a-feature-collection', 'zahl.json: expected a GeoJSON object, found a number');
  });

  test('coordinates nested 100,000 deep are refused before parsing as bytes, and reported without a stack overflow as an object', async () => {
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    const text = `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"id":"1"},"geometry":{"type":"Polygon","coordinates":${deep}}}]}`;
    assertError(
      await load(encode(text), 'tief.geojson'),
      'parse-error',
      'tief.geojson: not valid JSON: byte 634 (line 1) opens the 513th nested list or object; GeoJSON needs fewer than 20 levels, so the file is damaged or not GeoJSON',
    );
    const parsed = parseGeoJSON(text, 'tief.geojson');
    const result = await outcome(core, () => readAreas(parsed, { source: 'tief.geojson' }));
    assertError(
      result,
      'invalid-geometry',
      'tief.geojson: none of its 1 features is a drawable polygon (feature 1, key "1": its coordinates are lists nested 100000 levels deep, a Polygon needs 3 (rings of [x, y] positions); it is left out of the map)',
    );
  });

  test('a crs member that names nothing readable is refused naming it; a bare "EPSG:4326" text is read', async () => {
    assertError(
      await load(withGood(feature({ type: 'Polygon', coordinates: [RING] }), { crs: { type: 'name', properties: { name: { epsg: 4326 } } } }), 'crs.geojson'),
      'unknown-crs',
      'crs.geojson: cannot read the coordinate reference system of its "crs" member (an object)',
    );
    assertError(
      await load(withGood(feature({ type: 'Polygon', coordinates: [RING] }), { crs: { type: 'name', properties: null } }), 'crs.geojson'),
      'unknown-crs',
      'crs.geojson: cannot read the coordinate reference system of its "crs" member ({"type":"name","properties":null})',
    );
    assertError(
      await load(
        withGood(feature({ type: 'Polygon', coordinates: [RING] }), { crs: { type: 'name', properties: { name: '<script>alert(1)</script>' } } }),
        'crs.geojson',
      ),
      'unknown-crs',
      'crs.geojson: cannot read the coordinate reference system "<script>alert(1)</script>"',
    );
    const bare = await load(withGood(feature({ type: 'Polygon', coordinates: [RING] }), { crs: 'EPSG:4326' }), 'crs.geojson');
    assert.equal(bare.ok, true, bare.message);
  });

  test('a file of blanks, a BOM alone, or a collection without features is empty', async () => {
    assertError(await load(encode(' \n\t \r\n'), 'leer.geojson'), 'empty-file', 'leer.geojson: the file holds only blanks (6 bytes)');
    assertError(await load(new Uint8Array([0xef, 0xbb, 0xbf]), 'bom.geojson'), 'empty-file', 'bom.geojson: the file holds only blanks (3 bytes)');
    assertError(await load(encode('{"type":"FeatureCollection","features":[]}'), 'keine.geojson'), 'empty-file', 'keine.geojson: the file holds no features');
  });

  test('GeoJSON saved as UTF-16 with a BOM is read', async () => {
    const text = JSON.stringify({ type: 'FeatureCollection', features: [GOOD] });
    const utf16 = new Uint8Array(2 + text.length * 2);
    utf16.set([0xff, 0xfe]);
    for (let index = 0; index < text.length; index += 1) utf16[2 + index * 2] = text.charCodeAt(index);
    const result = await load(utf16, 'utf16.geojson');
    assert.equal(result.ok, true, result.message);
    assert.equal(result.features, 1);
  });
});

describe('numbers JSON cannot hold, huge coordinates and empty geometries', () => {
  test('1e400 parses to Infinity; the position is named as not finite and its feature left out', async () => {
    const text = `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"id":"1"},"geometry":{"type":"Polygon","coordinates":[[[1e400,52.5],[13.38,52.5],[13.38,52.52],[1e400,52.5]]]}},${JSON.stringify(GOOD)}]}`;
    const result = await outcome(core, () => loadAreas(encode(text), { source: 'unendlich.geojson' }));
    assert.deepEqual(result.issues, [
      'unendlich.geojson, feature 1, key "1": a position is not a pair of finite numbers: [Infinity, 52.5]; it is left out of the map',
    ]);
  });

  test('coordinates of 1e300 are refused: outside EPSG:4326 when the file names it, not longitude/latitude when it names no CRS', async () => {
    const huge = {
      type: 'Polygon',
      coordinates: [
        [
          [1e300, 1e300],
          [-1e300, 1e300],
          [1e300, -1e300],
          [1e300, 1e300],
        ],
      ],
    };
    const named = encode(JSON.stringify({ type: 'FeatureCollection', crs: { type: 'name', properties: { name: 'EPSG:4326' } }, features: [feature(huge)] }));
    assertError(
      await outcome(core, () => loadAreas(named, { source: 'riesig.geojson' })),
      'implausible-coordinates',
      'riesig.geojson: coordinates x -1e+300…1e+300, y -1e+300…1e+300 lie outside the valid range of EPSG:4326; the file may name the wrong CRS or have x and y swapped',
    );
    assertError(
      await outcome(core, () => loadAreas(encode(JSON.stringify({ type: 'FeatureCollection', features: [feature(huge)] })), { source: 'riesig.geojson' })),
      'unknown-crs',
      'riesig.geojson: the file names no coordinate reference system and its coordinates (x -1e+300…1e+300, y -1e+300…1e+300) are not longitude/latitude; declare the CRS (for example EPSG:25832 or EPSG:25833)',
    );
    // Beside good areas, the message points at the feature that is out of range.
    assertError(
      await outcome(core, () => loadAreas(withGood(feature(huge)), { source: 'riesig.geojson' })),
      'unknown-crs',
      'riesig.geojson: the file names no coordinate reference system and its coordinates (x -1e+300…1e+300, y -1e+300…1e+300) are not longitude/latitude, first in feature 1; declare the CRS (for example EPSG:25832 or EPSG:25833)',
    );
    assertError(
      await outcome(core, () => loadAreas(withGood(feature(huge)), { source: 'riesig.geojson', crs: 'EPSG:25833' })),
      'implausible-coordinates',
      /^riesig\.geojson: coordinates x -1e\+300…1e\+300, y -1e\+300…1e\+300 lie outside the valid range of EPSG:25833, first in feature 1;/,
    );
  });

  test('empty geometries are left out with what is empty: Polygon [], MultiPolygon [[]] and [], null geometry, a ring of 3 positions', async () => {
    const cases: [unknown, string][] = [
      [{ type: 'Polygon', coordinates: [] }, 'the geometry is empty; it is left out of the map'],
      [{ type: 'MultiPolygon', coordinates: [[]] }, 'a polygon has no rings; it is left out of the map'],
      [{ type: 'MultiPolygon', coordinates: [] }, 'the geometry is empty; it is left out of the map'],
      [{ type: 'Polygon', coordinates: [RING.slice(0, 3)] }, 'a ring has 3 positions, a closed ring needs at least 4; it is left out of the map'],
      [null, 'has no geometry and is left out of the map'],
    ];
    for (const [geometry, problem] of cases) {
      const result = await outcome(core, () => loadAreas(withGood(feature(geometry)), { source: 'leer.geojson' }));
      assert.equal(result.features, 1);
      assert.deepEqual(result.issues, [`leer.geojson, feature 1, key "1": ${problem}`]);
    }
    const none = encode(JSON.stringify({ type: 'FeatureCollection', features: [feature({ type: 'Polygon', coordinates: [] }), feature(null, { id: '2' })] }));
    assertError(
      await outcome(core, () => loadAreas(none, { source: 'leer.geojson' })),
      'invalid-geometry',
      'leer.geojson: none of its 2 features is a drawable polygon (feature 1, key "1": the geometry is empty; it is left out of the map)',
    );
  });
});
