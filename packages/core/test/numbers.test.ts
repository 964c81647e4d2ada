// Inputs that once gave wrong numbers without a word: each now gives the right number, a finding naming the place, or
// a refusal that says what to give. The inputs are in test/fixtures/numbers/ (see the README there).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import {
  SozialraumError,
  computeIndex,
  indexPreset,
  loadAreas,
  validateIndexSpec,
  coverageFinding,
  coverageIssues,
  coverageWeights,
  numericColumn,
  parseCsv,
  readGeoTiff,
  readZensusGrid,
  screenCells,
  firstRowPerKey,
  tableOfChosenYear,
  zonalStatistics,
} from '@sozialraum/core';
import { berlinAreas, numbersFixture, numbersFixtureText, sampleTable } from './samples.js';

const PANDAS = 'mss-pandas-semikolon.csv';

test('a semicolon table whose decimals all have three digits after a point is refused, naming the first cell', async () => {
  const text = await numbersFixtureText(PANDAS);
  assert.throws(
    () => parseCsv(text, { source: PANDAS }),
    (error: unknown) => {
      assert.ok(error instanceof SozialraumError);
      assert.equal(error.code, 'bad-number');
      assert.deepEqual(error.location, { source: PANDAS, row: 2, column: 'S1' });
      assert.match(
        error.message,
        /^mss-pandas-semikolon\.csv, row 2, column "S1": "4\.226" is 4\.226 with a decimal point or 4226 with a thousands separator, and no cell of the table tells which; say which decimal separator/,
      );
      assert.match(error.text.de, /„4\.226“ ist 4,226 mit Dezimalpunkt oder 4\.226 mit Tausendertrennzeichen/);
      return true;
    },
  );
});

test('told the decimal point, the same table reads the MSS values as they are', async () => {
  const table = parseCsv(await numbersFixtureText(PANDAS), { source: PANDAS, decimalSeparator: '.' });
  assert.equal(table.decimalSeparator, '.');
  assert.deepEqual(table.decimalEvidence, { en: 'given', de: 'angegeben' });
  const s1 = numericColumn(table, 'S1');
  assert.deepEqual(s1.issues, []);
  // Stülerstraße's S1 in data-samples/berlin/mss2021_indexindikatoren.csv is 4.22594.
  assert.equal(s1.values[0], 4.226);
  assert.equal(numericColumn(table, 'EW').values[0], 3419);
});

test('one cell that can only be a decimal point decides, and the evidence names it', async () => {
  const text = (await numbersFixtureText(PANDAS)).replace('4.226;', '4.2259;');
  const table = parseCsv(text, { source: PANDAS });
  assert.equal(table.decimalSeparator, '.');
  assert.equal(table.decimalEvidence?.en, '1 cell such as "4.2259" (row 2, column "S1") is written with a decimal point');
  assert.equal(numericColumn(table, 'S3').values[0], 8.043);
});

test('German thousands points with a decimal comma elsewhere are read as thousands, and say so', () => {
  const table = parseCsv('id;EW;Anteil\n01;3.419;4,2\n02;1.791;1,15\n', { source: 'de.csv' });
  assert.equal(table.decimalSeparator, ',');
  assert.match(table.decimalEvidence!.en, /^2 cells such as "4,2" \(row 2, column "Anteil"\) are written with a decimal comma$/);
  assert.deepEqual(numericColumn(table, 'EW').values, [3419, 1791]);
  // Thousands in groups ("1.234.567") can only be German.
  assert.equal(parseCsv('id;EW\n01;3.419\n02;3.645.000\n', { source: 'de.csv' }).decimalSeparator, ',');
});

test('a comma-separated table reads "4.226" as a decimal, since a decimal comma would need quotes', () => {
  const table = parseCsv('id,S1\n01,4.226\n02,1.159\n', { source: 'en.csv' });
  assert.equal(table.decimalSeparator, '.');
  assert.match(table.decimalEvidence!.en, /separated by commas/);
  assert.deepEqual(numericColumn(table, 'S1').values, [4.226, 1.159]);
});

test('a table of whole numbers needs no separator and says why', () => {
  const table = parseCsv('id;EW\n01;3419\n02;1791\n', { source: 'ganz.csv' });
  assert.equal(table.decimalEvidence?.en, 'no cell has a decimal part, so the separator makes no difference');
});

test('a Zensus grid table with only "1.204" reads thousands by the layout, and a separator given wins', () => {
  const text = 'Gitter_ID_1km;Einwohner\nCRS3035RES1000mN2689000E4337000;1.204\nCRS3035RES1000mN2690000E4338000;35\n';
  const grid = readZensusGrid(text, { source: 'z.csv', value: 'Einwohner' });
  assert.equal(Math.max(...grid.values), 1204);
  const told = readZensusGrid(text, { source: 'z.csv', value: 'Einwohner', decimalSeparator: '.' });
  assert.ok(Math.abs(Math.max(...told.values) - 35) < 1e-9, 'with a decimal point, 1.204 is the smaller value');
});

// ---------------------------------------------------------------------------------------------------------------
// Aggregation: no data is no value, and cells no count can hold are named

test('an area on NaN cells has no sum, coverage 0 and the flag no-data; a neighbour sharing cells is partial', async () => {
  const areas = await berlinAreas();
  const tiff = await readGeoTiff(new Uint8Array(await readFile(numbersFixture('zensus-mitte-nan.tif'))), { source: 'zensus-mitte-nan.tif' });
  const statistics = zonalStatistics(coverageWeights(areas, tiff.grid, { method: 'exact' }), tiff, ['sum', 'coverage']);
  const of = (id: string) => statistics.find((area) => area.id === id)!;
  assert.ok(Number.isNaN(of('01100101').sum), 'Stülerstraße lies on NaN cells only');
  assert.equal(of('01100101').coverage, 0);
  assert.equal(coverageFinding(of('01100101').coverage!)?.flag, 'no-data');
  const neighbour = coverageFinding(of('01100102').coverage!);
  assert.equal(neighbour?.flag, 'partial-data');
  assert.equal(neighbour?.note.en, 'partial data: cells with a value cover 97.5 % of the area; the values count that part only');
  assert.equal(neighbour?.note.de, 'unvollständige Daten: Zellen mit Wert decken 97,5 % des Gebiets ab; die Werte zählen nur diesen Teil');
  // Lichtenberg lies outside the window of Mitte: no value either, not 0.
  assert.ok(Number.isNaN(of('11501341').sum));
  assert.equal(of('11501341').coverage, 0);
  const issues = coverageIssues(
    statistics.map((area) => area.id),
    statistics.map((area) => area.coverage!),
    'zensus-mitte-nan.tif',
  );
  assert.equal(issues.length, 2);
  assert.match(issues[0]!.message, /^zensus-mitte-nan\.tif, key "\d{8}": 409 areas have no cell with a value under them/);
  assert.match(issues[1]!.message, /55 areas are only partly covered by cells with a value/);
  assert.equal(coverageFinding(1 - 1e-9), undefined, 'rounding at the edge is no gap');
});

test('negative, infinite and undeclared nodata cells are left out, each named by its Zensus cell id', async () => {
  const tiff = await readGeoTiff(new Uint8Array(await readFile(numbersFixture('zensus-mitte-fehler.tif'))), { source: 'fehler.tif' });
  const screened = screenCells(tiff.grid, tiff, { source: 'fehler.tif', counts: true });
  assert.equal(screened.excluded, 4);
  const messages = screened.issues.map((found) => found.message);
  assert.equal(messages.length, 4);
  for (const text of messages) assert.match(text, /^fehler\.tif: cell CRS3035RES100mN\d{7}E\d{7}: .*; left out as a cell without value$/);
  assert.ok(messages.some((text) => text.includes(': -1 is a negative count')));
  assert.ok(messages.some((text) => text.includes(': Infinity is infinite')));
  assert.ok(messages.some((text) => text.includes(': -Infinity is infinite')));
  assert.ok(messages.some((text) => text.includes(': 4,294,967,295 is a code for "no value"')));
  assert.ok(screened.issues.every((found) => found.severity === 'error' && found.code === 'bad-number'));
  assert.ok(Array.from(screened.band.values).every((value) => Number.isNaN(value) || (value >= 0 && value < 5000)));
  // Without counts, -1 may be a value (a change, a balance); the infinities and the code are still refused.
  assert.equal(screenCells(tiff.grid, tiff, { source: 'fehler.tif', counts: false }).excluded, 3);
});

test('a value a hundred times the 99th percentile is named, ordinary Zensus cells are not', async () => {
  const grid = readZensusGrid(await readFile(new URL('../../../../data-samples/berlin/zensus2011_einwohner_100m.csv', import.meta.url), 'utf8'), {
    source: 'zensus.csv',
    value: 'Einwohner',
  });
  assert.equal(screenCells(grid.grid, grid, { source: 'zensus.csv', counts: true }).excluded, 0, 'the real grid passes');
  const values = Float64Array.from(grid.values);
  const cell = values.findIndex((value) => value > 100);
  values[cell] = 1_000_000;
  const screened = screenCells(grid.grid, { values }, { source: 'zensus.csv', counts: true });
  assert.equal(screened.excluded, 1);
  assert.match(
    screened.issues[0]!.message,
    /^zensus\.csv: cell CRS3035RES100mN\d{7}E\d{7}: 1,000,000 is more than 100 times the 99th percentile of the cells \([\d,.]+\)/,
  );
  assert.match(screened.issues[0]!.text.de, /Zelle CRS3035RES100mN\d{7}E\d{7}: 1\.000\.000 ist mehr als das 100-Fache des 99\. Perzentils/);
});

// ---------------------------------------------------------------------------------------------------------------
// index: repeated keys and missing-value codes

const mssSpec = async () => validateIndexSpec(JSON.parse(await numbersFixtureText('status-ohne-missing-values.json')), 'status-ohne-missing-values.json');

test('a key that appears twice stops the index, naming both rows and the key column', async () => {
  const table = parseCsv(await numbersFixtureText('mss-doppelter-schluessel.csv'), { source: 'mss-doppelter-schluessel.csv' });
  assert.throws(
    () => computeIndex(table, indexPreset('mss-2021-status'), { keyColumn: 'PLR_ID', language: 'en' }),
    (error: unknown) => {
      assert.ok(error instanceof SozialraumError);
      assert.equal(error.code, 'duplicate-key');
      assert.deepEqual(error.location, { source: 'mss-doppelter-schluessel.csv', row: 7, column: 'PLR_ID', key: '01100101' });
      assert.match(
        error.message,
        /^mss-doppelter-schluessel\.csv, row 7, key "01100101", column "PLR_ID": repeats the key "01100101" of row 2; each area needs one row, or it is rated twice and counts twice in the mean and SD/,
      );
      assert.match(error.text.de, /wiederholt den Schlüssel „01100101“ aus Zeile 2/);
      return true;
    },
  );
});

test('keys that differ only in a tab around them collide, and the collision is reported', async () => {
  const table = parseCsv(await numbersFixtureText('schluessel-tab.csv'), { source: 'schluessel-tab.csv' });
  assert.throws(
    () => computeIndex(table, indexPreset('mss-2021-status'), { keyColumn: 'key' }),
    (error: unknown) =>
      error instanceof SozialraumError &&
      error.code === 'duplicate-key' &&
      error.location.row === 3 &&
      /repeats the key "=1\+1" of row 2; .*\(blanks and tabs around a key are not part of it\)$/.test(error.message),
  );
});

test('-9999 in a spec without missingValues stops the index, naming row, column and the range of the rest', async () => {
  const table = await sampleTable('berlin/mss2021_indexindikatoren.csv');
  const spec = await mssSpec();
  assert.throws(
    () => computeIndex(table, spec, { keyColumn: 'PLR_ID', language: 'en' }),
    (error: unknown) => {
      assert.ok(error instanceof SozialraumError);
      assert.equal(error.code, 'missing-value');
      // Blankenburger Süden, the first row with -9999.
      assert.deepEqual(error.location, { source: 'berlin/mss2021_indexindikatoren.csv', row: 101, column: 'S1' });
      assert.match(
        error.message,
        /: -9999 looks like a code for "no value": it lies far outside the other values of the column \(from 0\.44571 to 17\.79488\) and appears in 6 rows; name it in the indicator's missingValues \(\[-9999\]\)/,
      );
      return true;
    },
  );
  // Named as no value, the index is the MSS one: S1's SD is that of the rated areas.
  const withCodes = { ...spec, indicators: spec.indicators.map((indicator) => ({ ...indicator, missingValues: [-9999] })) };
  const rated = computeIndex(table, withCodes, { keyColumn: 'PLR_ID' });
  const s1 = rated.statistics.find((entry) => entry.column === 'S1')!;
  assert.ok(s1.sd! > 1 && s1.sd! < 5, `SD of S1 ${s1.sd}`);
  // Named as data, it is standardised as a number, as asked: the SD is the code's.
  const asData = { ...spec, indicators: spec.indicators.map((indicator) => ({ ...indicator, dataValues: [-9999] })) };
  const skewed = computeIndex(table, asData, { keyColumn: 'PLR_ID' }).statistics.find((entry) => entry.column === 'S1')!;
  assert.ok(skewed.sd! > 400, `SD of S1 with -9999 as data ${skewed.sd}`);
});

test('dataValues must be a list of numbers', () => {
  const spec = { ...indexPreset('mss-2021-status') } as unknown as Record<string, unknown>;
  const indicators = (spec.indicators as Record<string, unknown>[]).map((indicator) => ({ ...indicator, dataValues: '-9999' }));
  assert.throws(
    () => validateIndexSpec({ ...spec, indicators }, 'spec.json'),
    /indicators\[0\]\.dataValues must be a list of numbers such as \[-9999\], found "-9999"/,
  );
});

// ---------------------------------------------------------------------------------------------------------------
// Areas: longitude/latitude under the name of a projected CRS

test('areas in longitude/latitude whose crs member names EPSG:25833 are refused, and read once 4326 is declared', async () => {
  const bytes = new Uint8Array(await readFile(numbersFixture('flensburg-grad-als-utm.geojson')));
  await assert.rejects(loadAreas(bytes, { source: 'flensburg-grad-als-utm.geojson' }), (error: unknown) => {
    assert.ok(error instanceof SozialraumError);
    assert.equal(error.code, 'implausible-coordinates');
    assert.equal(
      error.message,
      'flensburg-grad-als-utm.geojson: coordinates x 9.4043…9.4692, y 54.7894…54.8242 are longitude/latitude in degrees, not metres of EPSG:25833 as named; correct the CRS named in the file (or by "--crs" or "areas-crs"), or name EPSG:4326',
    );
    return true;
  });
  const declared = await loadAreas(bytes, { source: 'flensburg-grad-als-utm.geojson', crs: 'EPSG:4326' });
  assert.equal(declared.crs, 'EPSG:4326');
  assert.deepEqual(declared.ids, ['STGT03', 'STGT10', 'STGT02']);
  // Real UTM coordinates still pass: the Berlin Planungsräume name EPSG:25833.
  assert.equal((await berlinAreas()).crs, 'EPSG:25833');
});

// ---------------------------------------------------------------------------------------------------------------
// A table of several years, for work on one year

test('a table of several years is refused without a year, naming its years, and gives the year asked for', async () => {
  const table = await sampleTable('flensburg/sozialatlas_stadtteile.csv');
  assert.throws(
    () => tableOfChosenYear(table, undefined),
    (error: unknown) =>
      error instanceof SozialraumError &&
      error.code === 'duplicate-key' &&
      error.location.column === 'jahr' &&
      error.message ===
        'flensburg/sozialatlas_stadtteile.csv, column "jahr": holds 8 years in the column "jahr" (2011, 2012, 2017, 2018, 2019, 2020, 2021, 2022), so each key has a row per year; say which year to use (the option --year 2022 on the command line)',
  );
  const of2022 = tableOfChosenYear(table, 2022);
  assert.equal(of2022.rows.length, 13);
  assert.ok(of2022.rows.every((row) => row.jahr === '2022'));
  assert.throws(() => tableOfChosenYear(table, 2015), /holds no year 2015; its years are 2011, 2012, 2017/);
  const oneYear = await sampleTable('berlin/mss2021_indexindikatoren.csv');
  assert.equal(tableOfChosenYear(oneYear, undefined), oneYear);
  assert.throws(() => tableOfChosenYear(oneYear, 2021), /holds one year only/);
});

test('a map rates the first row of a repeated key only, the row its join uses', async () => {
  const table = parseCsv(await numbersFixtureText('mss-doppelter-schluessel.csv'), { source: 'mss-doppelter-schluessel.csv' });
  const first = firstRowPerKey(table, 'PLR_ID');
  assert.equal(first.rows.length, 11);
  assert.ok(!first.rowNumbers.includes(7), 'line 7 repeats the key of line 2');
  assert.equal(first.rows[0]!.PLR_NAME, 'Stülerstraße');
  const rated = computeIndex(first, indexPreset('mss-2021-status'), { keyColumn: 'PLR_ID' });
  assert.equal(rated.areas.filter((area) => area.id === '01100101').length, 1);
  assert.equal(firstRowPerKey(first, 'PLR_ID'), first, 'a table without repeated keys is returned as it is');
});
