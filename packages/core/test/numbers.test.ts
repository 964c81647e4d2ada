// Inputs that once gave wrong numbers without a word: each now gives the right number, a finding naming the place, or
// a refusal that says what to give. The inputs are in test/fixtures/numbers/ (see the README there).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SozialraumError, numericColumn, parseCsv, readZensusGrid } from '@sozialraum/core';
import { numbersFixtureText } from './samples.js';

const PANDAS = 'mss-pandas-semikolon.csv';

test('a semicolon table whose decimals all have three digits after a point is refused, naming the first cell', async () => {
  const text = await numbersFixtureText(PANDAS);
  assert.throws(
    () => parseCsv(text, { source: PANDAS }),
    (error: unknown) => {
      assert.ok(error instanceof SozialraumError);
      assert.equal(error.code, 'bad-number');
      assert.deepEqual(error.location, { source: PANDAS, row: 2, column: 'S1' });
      assert.match(error.message, /^mss-pandas-semikolon\.csv, row 2, column "S1": "4\.226" is 4\.226 with a decimal point or 4226 with a thousands separator, and no cell of the table tells which; say which decimal separator/);
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
