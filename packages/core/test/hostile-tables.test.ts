// Hostile tables and specs: repeated keys, broken CSV and an index spec with the wrong type everywhere. Each must end
// in a SozialraumError or an issue whose message names the file, row and column, never another exception.
// The messages asserted here are the ones a user sees; the project's closing note lists them.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as core from '@sozialraum/core';
import {
  SozialraumError,
  computeIndex,
  decodeText,
  joinTable,
  loadAreas,
  numericColumn,
  parseCsv,
  readAreas,
  validateIndexSpec,
  type IndexSpec,
} from '@sozialraum/core';
import type { FeatureCollection } from 'geojson';
import { outcome, seededBytes, encode, assertError, RING, GOOD, feature } from './hostile-helpers.js';

describe('repeated keys', () => {
  test('areas with a repeated key load with an issue naming the feature, the key and the first feature that has it, also when the id field is guessed', async () => {
    const repeated = encode(
      JSON.stringify({
        type: 'FeatureCollection',
        features: [feature({ type: 'Polygon', coordinates: [RING] }), feature({ type: 'Polygon', coordinates: [RING] }), GOOD],
      }),
    );
    for (const options of [{ idField: 'id' }, {}]) {
      const result = await outcome(core, () => loadAreas(repeated, { source: 'doppelt.geojson', ...options }));
      assert.equal(result.features, 3);
      assert.deepEqual(result.issues, ['doppelt.geojson, feature 2, key "1": repeats the key of feature 1; keys must be unique']);
    }
  });

  test('with two fields named like a key and neither unique, the message says so instead of guessing', () => {
    const collection = {
      type: 'FeatureCollection',
      features: [1, 2].map(() => ({ type: 'Feature', properties: { BEZ_ID: '01', PLR_ID: '0101' }, geometry: { type: 'Polygon', coordinates: [RING] } })),
    } as FeatureCollection;
    assert.throws(
      () => readAreas(collection, { source: 'zwei.geojson' }),
      (error: unknown) =>
        error instanceof SozialraumError &&
        error.code === 'unknown-field' &&
        error.message ===
          'zwei.geojson: no id field given and none of the fields named like a key (BEZ_ID, PLR_ID) has a different key in every feature; name the id field',
    );
  });

  test('a repeated key in the JSON of one feature keeps the later value, as JSON.parse does', async () => {
    const text = `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"id":"1","id":"2"},"geometry":${JSON.stringify(GOOD.geometry)}}]}`;
    const areas = await loadAreas(encode(text), { source: 'json.geojson' });
    assert.deepEqual(areas.ids, ['2']);
  });

  test('table rows with a repeated key are joined once, with an issue naming the row, the key and the row used', () => {
    const table = parseCsv('PLR_ID;EW\n01;3\n01;4\n02;5\n', { source: 'doppelt.csv' });
    const join = joinTable(['01', '02'], table, 'PLR_ID');
    assert.equal(join.rowsByKey.get('01')!.EW, '3');
    assert.deepEqual(
      join.issues.map((entry) => entry.message),
      ['doppelt.csv, row 3, key "01": repeats the key of row 2; only row 2 is used'],
    );
    const columns = parseCsv('PLR_ID;EW;EW;EW_3\n01;3;4;5\n', { source: 'spalten.csv' });
    assert.deepEqual(columns.columns, ['PLR_ID', 'EW', 'EW_3', 'EW_3_4']);
    assert.deepEqual(
      columns.issues.map((entry) => entry.message),
      [
        'spalten.csv, row 1, column "EW": the column name appears twice; the second is read as "EW_3"',
        'spalten.csv, row 1, column "EW_3": the column name appears twice; the second is read as "EW_3_4"',
      ],
    );
  });
});

describe('broken CSV', () => {
  const csv = (text: string, source = 'tabelle.csv') => outcome(core, () => parseCsv(text, { source }));

  test('binary bytes and a NUL in a row are refused as not a table, naming the line', async () => {
    assertError(
      await outcome(core, () => parseCsv(decodeText(seededBytes(4096, 3)), { source: 'binaer.csv' })),
      'unknown-format',
      /^binaer\.csv, row 1: is binary data, not a CSV table: it holds the control character U\+00[0-1][0-9A-F]; save the table as CSV$/,
    );
    assertError(
      await csv('PLR_ID;EW\n01;3\u0000\n', 'nul.csv'),
      'unknown-format',
      'nul.csv, row 2: is binary data, not a CSV table: it holds the control character U+0000; save the table as CSV',
    );
  });

  test('a single line, a single word or only a header is a table without rows, and says which columns it has', async () => {
    assertError(await csv('PLR_ID;EW'), 'empty-file', 'tabelle.csv: holds only its header line (PLR_ID, EW), no rows of data');
    assertError(await csv('hallo'), 'empty-file', 'tabelle.csv: holds only its header line (hallo), no rows of data');
    assertError(await csv('PLR_ID;EW;S1\n\n\n'), 'empty-file', 'tabelle.csv: holds only its header line (PLR_ID, EW, S1), no rows of data');
    assertError(await csv('\n\n\n'), 'empty-file', 'tabelle.csv: the file is empty');
    assertError(await csv(';;;\n1;2;3;4\n'), 'parse-error', 'tabelle.csv, row 1: the first line holds no column names');
  });

  test('100,000 columns in one line are read, and messages list 20 of them with the count', async () => {
    const names = Array.from({ length: 100_000 }, (_, index) => `c${index}`);
    const listed = `${names.slice(0, 20).join(', ')}, … (100000 in all)`;
    assertError(await csv(names.join(';'), 'breit.csv'), 'empty-file', `breit.csv: holds only its header line (${listed}), no rows of data`);
    const start = performance.now();
    const table = parseCsv(`${names.join(';')}\n${names.map((_, index) => index).join(';')}\n1;2\n`, { source: 'breit.csv' });
    assert.ok(performance.now() - start < 2000);
    assert.equal(table.columns.length, 100_000);
    assert.deepEqual(
      table.issues.map((entry) => entry.message),
      ['breit.csv, row 3: has 2 cells, the header has 100000'],
    );
    assertError(await outcome(core, () => numericColumn(table, 'S1')), 'unknown-field', `breit.csv: no column "S1"; the columns are ${listed}`);
    assertError(
      await outcome(core, () => joinTable(['1'], table, 'PLR_ID')),
      'unknown-field',
      `breit.csv: has no key column "PLR_ID"; the columns are ${listed}`,
    );
  });

  test('an unterminated quote is refused naming the row where it opens, instead of swallowing the rows after it', async () => {
    assertError(
      await csv('PLR_ID;EW\n"0110;3\n02;4\n03;5\n', 'quote.csv'),
      'parse-error',
      'quote.csv, row 2: a quote (") opens a cell that is never closed, so everything after it (3 lines) would be read as one cell; close or remove the quote',
    );
    assertError(
      await csv('"PLR_ID;EW\n01;3\n', 'quote.csv'),
      'parse-error',
      'quote.csv, row 1: a quote (") opens a cell that is never closed, so everything after it (2 lines) would be read as one cell; close or remove the quote',
    );
  });

  test("mixed delimiters are read at the header's delimiter with a warning on row 1", async () => {
    const result = await csv('PLR_ID;EW,S1\n01,3;4\n02;5,6\n', 'gemischt.csv');
    assert.deepEqual(result.issues, [
      'gemischt.csv, row 1: the header line holds "," as well as the delimiter ";"; if the file mixes delimiters, its cells land in the wrong columns',
    ]);
    // A quoted column name may hold a comma without a warning.
    assert.deepEqual((await csv('PLR_ID;"Anteil, in %"\n01;3,5\n')).issues, []);
  });

  test('a BOM in the middle of the file is read as if it were not there, in cells and keys', () => {
    const table = parseCsv('PLR_ID;EW\n01;\ufeff3\n\ufeff02;4\n', { source: 'bom.csv' });
    assert.deepEqual(numericColumn(table, 'EW').values, [3, 4]);
    assert.deepEqual(joinTable(['01', '02'], table, 'PLR_ID').issues, []);
  });

  test("a column named __proto__ holds its cells instead of changing the rows' prototype", () => {
    const table = parseCsv('PLR_ID;__proto__;constructor\n01;3;4\n', { source: 'proto.csv' });
    assert.equal(Object.getPrototypeOf(table.rows[0]), Object.prototype);
    assert.equal(table.rows[0]!['__proto__'], '3');
    assert.equal(table.rows[0]!.constructor as unknown, '4');
    assert.deepEqual(numericColumn(table, '__proto__').values, [3]);
  });

  test('cells of 1e400, Infinity and 0x10 are no numbers and named by row and column; NaN is read as a missing value', () => {
    const table = parseCsv('PLR_ID;EW\n01;1e400\n02;Infinity\n03;NaN\n04;-1e400\n05;0x10\n', { source: 'zahlen.csv' });
    const { values, issues } = numericColumn(table, 'EW');
    assert.deepEqual(values, [null, null, null, null, null]);
    assert.deepEqual(
      issues.map((entry) => entry.message),
      [
        'zahlen.csv, row 2, column "EW": "1e400" is not a number',
        'zahlen.csv, row 3, column "EW": "Infinity" is not a number',
        'zahlen.csv, row 5, column "EW": "-1e400" is not a number',
        'zahlen.csv, row 6, column "EW": "0x10" is not a number',
      ],
    );
  });

  test('a table saved as UTF-16 with a BOM ("Unicode text") is read, not refused as binary', () => {
    const text = 'PLR_ID\tEW\n01\t3\n';
    const bytes = new Uint8Array(2 + text.length * 2);
    bytes.set([0xff, 0xfe]);
    for (let index = 0; index < text.length; index += 1) bytes[2 + index * 2] = text.charCodeAt(index);
    const table = parseCsv(decodeText(bytes), { source: 'unicode.txt' });
    assert.deepEqual(table.columns, ['PLR_ID', 'EW']);
    assert.deepEqual(table.rows, [{ PLR_ID: '01', EW: '3' }]);
  });
});

describe('an index spec with the wrong type everywhere', () => {
  const hostile = {
    specVersion: '1',
    id: 42,
    title: ['x'],
    description: { de: 5 },
    source: null,
    indicators: [
      { column: 7, label: { fr: 'x' }, unit: [], direction: 'up', weight: '2', domain: {}, missingValues: 'x', numerator: 1 },
      'S2',
      null,
      [1],
      { column: '' },
    ],
    domains: { a: 1 },
    standardisation: { method: 'z', sd: 1, reference: [] },
    combination: { method: 5, byDomain: 'yes', restandardise: 1 },
    validity: { populationColumn: 1, minPopulation: '300', missing: true },
    classification: { method: 'manual', classes: '5', breaks: '1,2', equalTo: 'lower', labels: 'a' },
    direction: 0,
    extra: true,
  };
  const problems = [
    'extra is not a field of an index spec; the fields are specVersion, id, title, description, source, indicators, domains, standardisation, combination, validity, classification, direction',
    'specVersion must be 1, found "1"',
    'id must be a non-empty text, found 42',
    'title must be a text or { "de": "…", "en": "…" }, found ["x"]',
    'description must be a text or { "de": "…", "en": "…" }, found {"de":5}',
    'source must be a non-empty text, found null',
    'direction must be "higher-is-need" or "lower-is-need", found 0',
    'combination.method must be one of "sum", "mean", "weighted-mean", found 5',
    'combination.byDomain must be true or false, found "yes"',
    'combination.restandardise must be true or false, found 1',
    'domains must be a non-empty list of domains, found {"a":1}',
    'indicators[0].column must be a non-empty text, found 7',
    'indicators[0].label must be a text or { "de": "…", "en": "…" }, found {"fr":"x"}',
    'indicators[0].unit must be a non-empty text, found []',
    'indicators[0].numerator must be a non-empty text, found 1',
    'indicators[0].direction must be "higher-is-need" or "lower-is-need", found "up"',
    'indicators[0].weight must be a number ≥ 0, found "2"',
    'indicators[0].domain must be a non-empty text, found {}',
    'indicators[0].missingValues must be a list of numbers such as [-9999], found "x"',
    'indicators[1] must be an object, found "S2"',
    'indicators[2] must be an object, found null',
    'indicators[3] must be an object, found [1]',
    'indicators[4].column must be a non-empty text, found ""',
    'standardisation.method must be one of "z-score", "min-max", "percentile-rank", "none", found "z"',
    'standardisation.sd must be "population" or "sample", found 1',
    'standardisation.reference must be "current" or { "fixed": { "<column>": … } }, found []',
    'validity.populationColumn must be a non-empty text, found 1',
    'validity.minPopulation must be a number of inhabitants ≥ 0, found "300"',
    'validity.missing must be "exclude-area" or "skip-indicator", found true',
    'classification.breaks must be a non-empty list of numbers for method "manual", found "1,2"',
  ];

  test('validateIndexSpec lists all 30 problems by path in one parse-error naming the file', () => {
    assert.throws(
      () => validateIndexSpec(hostile, 'feindlich.json'),
      (error: unknown) =>
        error instanceof SozialraumError &&
        error.code === 'parse-error' &&
        error.message === `feindlich.json: 30 problems in the index spec: ${problems.join('; ')}`,
    );
  });

  test('computeIndex refuses the same spec before touching the table, and a spec that is null, a list or a text', () => {
    const table = parseCsv('PLR_ID;EW;S1\n01;1000;1\n02;2000;3\n', { source: 't.csv' });
    assert.throws(
      () => computeIndex(table, hostile as unknown as IndexSpec, { keyColumn: 'PLR_ID' }),
      (error: unknown) =>
        error instanceof SozialraumError &&
        error.code === 'parse-error' &&
        error.message === `index spec: 30 problems in the index spec: ${problems.join('; ')}`,
    );
    for (const [spec, found] of [
      [null, 'null'],
      [[], '[]'],
      ['<script>', '"<script>"'],
      [undefined, 'nothing'],
    ] as const) {
      assert.throws(
        () => computeIndex(table, spec as unknown as IndexSpec, { keyColumn: 'PLR_ID' }),
        (error: unknown) => error instanceof SozialraumError && error.message === `index spec: the index spec must be a JSON object, found ${found}`,
      );
    }
  });

  test('a title nested 100,000 levels deep is named as the wrong type', () => {
    const spec = JSON.parse(JSON.stringify({ ...baseSpec(), title: 'x' }).replace('"title":"x"', `"title":${'{"x":'.repeat(100_000)}1${'}'.repeat(100_000)}`));
    assert.throws(
      () => validateIndexSpec(spec, 'tief.json'),
      (error: unknown) => error instanceof SozialraumError && /^tief\.json: title must be a text/.test(error.message),
    );
  });

  test('a weight of 1e400 is named as Infinity, not null', () => {
    const spec = { ...baseSpec(), combination: { method: 'weighted-mean' }, indicators: [{ column: 'S1', weight: Number.POSITIVE_INFINITY }] };
    assert.throws(
      () => validateIndexSpec(spec, 'w.json'),
      (error: unknown) => error instanceof SozialraumError && error.message === 'w.json: indicators[0].weight must be a number ≥ 0, found Infinity',
    );
  });

  test('values whose spread overflows are refused naming the column instead of giving every area z = 0', () => {
    const table = parseCsv('PLR_ID;S1\n01;1e300\n02;-1e300\n03;1e308\n04;5\n', { source: 'riesig.csv' });
    assert.throws(
      () => computeIndex(table, baseSpec(), { keyColumn: 'PLR_ID' }),
      (error: unknown) => error instanceof SozialraumError && error.code === 'bad-number' && /riesig\.csv.*S1/.test(error.message),
    );
  });

  test('a missing column in a table of 100,000 columns is named in a short message', () => {
    const names = Array.from({ length: 100_000 }, (_, index) => `c${index}`);
    const table = parseCsv(`${names.join(';')}\n${names.map((_, index) => index).join(';')}\n`, { source: 'breit.csv' });
    assert.throws(
      () => computeIndex(table, baseSpec(), { keyColumn: 'c0' }),
      (error: unknown) => error instanceof SozialraumError && error.message.length < 1000 && /breit\.csv: has no column "S1"/.test(error.message),
    );
  });
});

function baseSpec(): IndexSpec {
  return {
    specVersion: 1,
    id: 'probe',
    title: 'Probe',
    indicators: [{ column: 'S1' }],
    standardisation: { method: 'z-score' },
    combination: { method: 'sum' },
    classification: { method: 'quantile', classes: 2 },
  } as IndexSpec;
}
