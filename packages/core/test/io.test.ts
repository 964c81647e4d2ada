import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  SozialraumError,
  joinTable,
  addColumns,
  loadAreas,
  numericColumn,
  parseCsv,
  parseGeoJSON,
  parseNumber,
  readAreas,
  readFlatGeobuf,
  decodeText,
  type Table,
} from '@sozialraum/core';
import type { FeatureCollection } from 'geojson';
import { berlinAreas, sampleBytes, sampleTable } from './samples.js';

const encode = (text: string) => new TextEncoder().encode(text);
const isError = (code: string, pattern: RegExp) => (error: unknown) => error instanceof SozialraumError && error.code === code && pattern.test(error.message);

test('the Berlin LOR GeoJSON loads as 542 keyed areas with text keys that keep their leading zeros', async () => {
  const areas = await berlinAreas();
  assert.equal(areas.features.length, 542);
  assert.equal(new Set(areas.ids).size, 542);
  assert.ok(areas.ids.includes('01100101'));
  assert.equal(areas.nameField, 'PLR_NAME');
  assert.deepEqual(areas.issues, []);
});

test('id and name fields are guessed when the embedder gives none', async () => {
  const bytes = await sampleBytes('berlin/lor_planungsraeume_2021.geojson');
  const berlin = await loadAreas(bytes, { source: 'lor.geojson' });
  assert.equal(berlin.idField, 'PLR_ID');
  assert.equal(berlin.nameField, 'PLR_NAME');
  const flensburg = await loadAreas(await sampleBytes('flensburg/stadtteile.geojson'), { source: 'stadtteile.geojson' });
  assert.equal(flensburg.idField, 'AREA_ID');
  assert.equal(flensburg.nameField, 'AREA_NAME');
  assert.equal(flensburg.crs, 'EPSG:4326');
  assert.equal(flensburg.features.length, 13);
});

test('the FlatGeobuf copy holds the same areas in the same order with the CRS in its header', async () => {
  const [geojson, fgb] = await Promise.all([berlinAreas('geojson'), berlinAreas('fgb')]);
  assert.equal(fgb.crs, 'EPSG:25833');
  assert.deepEqual(fgb.ids, geojson.ids);
  assert.deepEqual(fgb.features[7]!.geometry, geojson.features[7]!.geometry);
});

test('FlatGeobuf reading with a bounding box returns only the areas that meet it', async () => {
  const bytes = await sampleBytes('berlin/lor_planungsraeume_2021.fgb');
  // A 1 km box around the Brandenburg Gate (EPSG:25833).
  const bbox: [number, number, number, number] = [389400, 5819300, 390400, 5820300];
  const { collection } = await readFlatGeobuf(bytes, { source: 'lor.fgb', bbox });
  assert.ok(collection.features.length > 0 && collection.features.length < 30, `${collection.features.length} areas`);
  for (const feature of collection.features) {
    const ring = (feature.geometry as { coordinates: number[][][] }).coordinates.flat();
    const xs = ring.map((p) => p[0]!);
    const ys = ring.map((p) => p[1]!);
    assert.ok(Math.min(...xs) <= bbox[2] && Math.max(...xs) >= bbox[0] && Math.min(...ys) <= bbox[3] && Math.max(...ys) >= bbox[1]);
  }
});

test('a truncated GeoJSON file is a parse error that says where and that the file ends early', async () => {
  const text = new TextDecoder().decode(await sampleBytes('berlin/lor_planungsraeume_2021.geojson')).slice(0, 5000);
  assert.throws(() => parseGeoJSON(text, 'lor.geojson'), isError('parse-error', /^lor\.geojson: not valid JSON: .*(truncated|line \d+)/));
});

test('JSON that is not GeoJSON is refused with what was found', () => {
  assert.throws(() => parseGeoJSON('[1,2]', 'x.json'), isError('not-a-feature-collection', /found an array/));
  assert.throws(() => parseGeoJSON('{"type":"Topology"}', 'x.json'), isError('not-a-feature-collection', /type "Topology"/));
  assert.throws(() => parseGeoJSON('', 'x.json'), isError('empty-file', /empty/));
  assert.throws(() => parseGeoJSON('{"type":"FeatureCollection"}', 'x.json'), isError('not-a-feature-collection', /"features"/));
});

test('broken features are reported by position and key, and the others still load', () => {
  const ring = [
    [0, 0],
    [1, 0],
    [1, 1],
    [0, 1],
    [0, 0],
  ];
  const collection: FeatureCollection = {
    type: 'FeatureCollection',
    features: [
      { type: 'Feature', properties: { id: 'a' }, geometry: { type: 'Polygon', coordinates: [ring] } },
      { type: 'Feature', properties: { id: 'b' }, geometry: null as never },
      { type: 'Feature', properties: { id: 'c' }, geometry: { type: 'Polygon', coordinates: [ring.slice(0, 4)] } },
      {
        type: 'Feature',
        properties: { id: 'd' },
        geometry: {
          type: 'Polygon',
          coordinates: [
            [
              [0, 0],
              [1, Number.NaN],
              [1, 1],
              [0, 0],
            ],
          ],
        },
      },
      { type: 'Feature', properties: { id: 'a' }, geometry: { type: 'Polygon', coordinates: [ring] } },
      { type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: [ring] } },
      { type: 'Feature', properties: { id: 'g' }, geometry: { type: 'Point', coordinates: [0, 0] } },
    ],
  };
  const areas = readAreas(collection, { source: 'areas.geojson', idField: 'id' });
  assert.deepEqual(areas.ids, ['a', 'a', '#6']);
  const messages = areas.issues.map((entry) => entry.message);
  assert.deepEqual(messages, [
    'areas.geojson, feature 2, key "b": has no geometry and is left out of the map',
    'areas.geojson, feature 3, key "c": a ring is not closed (its first and last positions differ); it is left out of the map',
    'areas.geojson, feature 4, key "d": a position is not a pair of finite numbers: [1, NaN]; it is left out of the map',
    'areas.geojson, feature 7, key "g": is a Point, an area must be a Polygon or MultiPolygon; it is left out',
    'areas.geojson, feature 5, key "a": repeats the key of feature 1; keys must be unique',
    'areas.geojson, feature 6: has no value in "id"; it is shown as "#6" and joins no table',
  ]);
});

test('an id field that no feature has is an error listing the fields there are', async () => {
  const bytes = await sampleBytes('flensburg/stadtteile.geojson');
  await assert.rejects(loadAreas(bytes, { source: 'st.geojson', idField: 'PLR_ID' }), isError('unknown-field', /"PLR_ID".*AREA_ID, AREA_NAME/));
});

test('the MSS index table reads with comma delimiter and decimal point, keys as text', async () => {
  const table = await sampleTable('berlin/mss2021_indexindikatoren.csv');
  assert.equal(table.delimiter, ',');
  assert.equal(table.decimalSeparator, '.');
  assert.equal(table.rows.length, 542);
  assert.equal(table.rows[0]!.PLR_ID, '01100101');
  const s4 = numericColumn(table, 'S4');
  assert.equal(s4.values[0], 19.39799);
  assert.deepEqual(s4.issues, []);
  const ew = numericColumn(table, 'EW');
  const pankowerTor = table.rows.findIndex((row) => row.PLR_NAME === 'Pankower Tor');
  assert.equal(ew.values[pankowerTor], null);
});

test('the MSS context table reads through its BOM, semicolons and decimal commas', async () => {
  const table = await sampleTable('berlin/mss2021_kontextindikatoren.csv');
  assert.equal(table.columns[0], 'PLR_ID');
  assert.equal(table.delimiter, ';');
  assert.equal(table.decimalSeparator, ',');
  assert.equal(table.rows[0]!.PLR_ID, '01100101');
  assert.equal(numericColumn(table, 'KI_01').values[0], 2.82);
  assert.equal(numericColumn(table, 'KI_06').values[0], -1.31);
  assert.equal(numericColumn(table, 'KI_08').values[0], null);
});

test('a Windows-1252 export decodes with its umlauts', () => {
  const bytes = new Uint8Array([
    0x49, 0x44, 0x3b, 0x4e, 0x61, 0x6d, 0x65, 0x0a, 0x31, 0x3b, 0x53, 0x74, 0xfc, 0x6c, 0x65, 0x72, 0x73, 0x74, 0x72, 0x61, 0xdf, 0x65,
  ]);
  const table = parseCsv(decodeText(bytes), { source: 'ansi.csv' });
  assert.equal(table.rows[0]!.Name, 'Stülerstraße');
});

test('parseNumber reads German and English notation and marks what is not a number', () => {
  assert.equal(parseNumber('1.234,5', ','), 1234.5);
  assert.equal(parseNumber('-1,31', ','), -1.31);
  assert.equal(parseNumber('+3', ','), 3);
  assert.equal(parseNumber('1 234,5', ','), 1234.5);
  assert.equal(parseNumber('1,234.5', '.'), 1234.5);
  assert.equal(parseNumber('1e3', '.'), 1000);
  assert.equal(parseNumber('', ','), null);
  assert.equal(parseNumber('–', ','), null);
  assert.equal(parseNumber('.', ','), null);
  assert.equal(parseNumber('NULL', ','), null);
  assert.ok(Number.isNaN(parseNumber('abc', ',')));
  assert.ok(Number.isNaN(parseNumber('12,5', '.')));
  assert.ok(Number.isNaN(parseNumber('1.2.3', '.')));
});

test('bad numbers are reported with file, row and column', () => {
  const table = parseCsv('id;wert\n"01";1,5\n"02";viel\n', { source: 'werte.csv' });
  const { values, issues } = numericColumn(table, 'wert');
  assert.deepEqual(values, [1.5, null]);
  assert.equal(issues[0]!.message, 'werte.csv, row 3, column "wert": "viel" is not a number');
  assert.throws(() => numericColumn(table, 'EW'), isError('unknown-field', /"EW".*id, wert/));
});

test('quoted cells keep delimiters and line breaks; ragged rows are reported by line', () => {
  const table = parseCsv('id,name,note\n1,"Mitte, Nord","zwei\nZeilen"\n2,Süd\n3,West,ok\n', { source: 'q.csv' });
  assert.equal(table.rows[0]!.name, 'Mitte, Nord');
  assert.equal(table.rows[0]!.note, 'zwei\nZeilen');
  assert.equal(table.rows.length, 3);
  assert.ok(
    table.issues.some((entry) => entry.row === 3 && /2 cells, the header has 3/.test(entry.message)),
    JSON.stringify(table.issues),
  );
});

test('the MSS table joins all 542 Planungsräume', async () => {
  const [areas, table] = await Promise.all([berlinAreas(), sampleTable('berlin/mss2021_indexindikatoren.csv')]);
  const join = joinTable(areas.ids, table, 'PLR_ID');
  assert.equal(join.rowsByKey.size, 542);
  assert.deepEqual(join.unmatchedAreaIds, []);
  assert.deepEqual(join.unmatchedRows, []);
  assert.deepEqual(join.issues, []);
});

test('keys that lost their leading zeros are pointed out, whether some or all fail to match', async () => {
  const [areas, table] = await Promise.all([berlinAreas(), sampleTable('berlin/mss2021_indexindikatoren.csv')]);
  const stripped: Table = { ...table, rows: table.rows.map((row) => ({ ...row, PLR_ID: String(Number(row.PLR_ID)) })) };
  // Districts 10 to 12 keep their keys, 01 to 09 lose the zero: a partial join with a warning that says why.
  const partial = joinTable(areas.ids, stripped, 'PLR_ID');
  const districtsTenToTwelve = areas.ids.filter((id) => id >= '10').length;
  assert.equal(partial.rowsByKey.size, districtsTenToTwelve);
  const warning = partial.issues.find((entry) => entry.code === 'unmatched-keys' && /rows name no area/.test(entry.message));
  assert.match(warning!.message, new RegExp(`${542 - districtsTenToTwelve} of them match once leading zeros are added`));
  // Mitte (district 01) alone: nothing matches, which is an error with the same advice.
  const mitte = areas.ids.filter((id) => id.startsWith('01'));
  assert.throws(() => joinTable(mitte, stripped, 'PLR_ID'), isError('no-match', /leading zeros/));
});

test('a join reports unknown key columns, repeated keys and keys on either side without partner', () => {
  const table = parseCsv('key,v\nA,1\nB,2\nB,3\nZ,4\n,5\n', { source: 't.csv' });
  assert.throws(() => joinTable(['A', 'B'], table, 'id'), isError('unknown-field', /"id".*key, v/));
  const join = joinTable(['A', 'B', 'C'], table, 'key');
  assert.deepEqual([...join.rowsByKey.keys()], ['A', 'B']);
  assert.equal(join.rowsByKey.get('B')!.v, '2');
  assert.deepEqual(join.unmatchedAreaIds, ['C']);
  assert.deepEqual(join.unmatchedRows, [{ row: 5, key: 'Z' }]);
  const messages = join.issues.map((entry) => entry.message);
  assert.ok(messages.includes('t.csv, row 4, key "B": repeats the key of row 3; only row 3 is used'));
  assert.ok(messages.includes('t.csv, row 6, column "key": has no key and is not joined'));
  assert.ok(messages.some((message) => /1 rows name no area: "Z" \(row 5\)/.test(message)));
  assert.ok(messages.some((message) => /1 areas have no row: "C"/.test(message)));
});

test('bytes that are neither GeoJSON nor FlatGeobuf are refused by what they are', async () => {
  await assert.rejects(loadAreas(encode('PLR_ID;EW\n1;2'), { source: 'x.csv' }), isError('unknown-format', /neither GeoJSON nor FlatGeobuf/));
  await assert.rejects(loadAreas(new Uint8Array(), { source: 'x' }), isError('empty-file', /empty/));
  const truncated = (await sampleBytes('berlin/lor_planungsraeume_2021.fgb')).slice(0, 100_000);
  await assert.rejects(loadAreas(truncated, { source: 'lor.fgb' }), isError('parse-error', /lor\.fgb: cannot read FlatGeobuf/));
});

test('columns added to a table join the areas: replaced where they exist, new rows for areas the table lacked', () => {
  const table = parseCsv('key;EW;S1\nA;100;1,5\nB;200;2,5\n', { source: 'mss.csv' });
  const extended = addColumns(table, 'key', {
    source: 'zensus.csv',
    columns: ['EW_Zensus', 'S1'],
    rows: new Map([
      ['A', { EW_Zensus: '98.5', S1: '1.25' }],
      ['C', { EW_Zensus: '7', S1: '' }],
    ]),
  });
  assert.deepEqual(extended.columns, ['key', 'EW', 'S1', 'EW_Zensus']);
  assert.deepEqual(extended.rows, [
    { key: 'A', EW: '100', S1: '1,25', EW_Zensus: '98,5' },
    { key: 'B', EW: '200', S1: '', EW_Zensus: '' },
    { key: 'C', EW: '', S1: '', EW_Zensus: '7' },
  ]);
  assert.deepEqual(numericColumn(extended, 'EW_Zensus').values, [98.5, null, 7]);
  const join = joinTable(['A', 'B', 'C'], extended, 'key');
  assert.equal(join.rowsByKey.size, 3);
  const fresh = addColumns(undefined, 'PLR_ID', { source: 'zensus.csv', columns: ['EW'], rows: new Map([['01100101', { EW: '3419' }]]) });
  assert.deepEqual(fresh.rows, [{ PLR_ID: '01100101', EW: '3419' }]);
  assert.equal(fresh.source, 'zensus.csv');
});
