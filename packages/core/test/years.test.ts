// Several years in one table: the Flensburg Sozialatlas (a year column) and tables with one column per year.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SozialraumError, detectYears, parseCsv, tableForYear } from '@sozialraum/core';
import { sampleTable } from './samples.js';

test('finds the eight years of the Flensburg Sozialatlas in its "jahr" column and gives each year its 13 Stadtteile', async () => {
  const table = await sampleTable('flensburg/sozialatlas_stadtteile.csv');
  const layout = detectYears(table);
  assert.ok(layout && layout.kind === 'long');
  assert.equal(layout.column, 'jahr');
  assert.deepEqual(layout.years, [2011, 2012, 2017, 2018, 2019, 2020, 2021, 2022]);
  const year2011 = tableForYear(table, layout, 2011);
  assert.equal(year2011.rows.length, 13);
  assert.ok(year2011.rows.every((row) => row.jahr === '2011'));
  // Rows keep their line in the file, so messages about them still point to the right line.
  const altstadt2022 = tableForYear(table, layout, 2022);
  const index = altstadt2022.rows.findIndex((row) => row.stadtteil_id === 'STGT01');
  assert.equal(altstadt2022.rowNumbers[index], table.rowNumbers[table.rows.findIndex((row) => row.jahr === '2022' && row.stadtteil_id === 'STGT01')]);
  assert.throws(() => tableForYear(table, layout, 2015), (error: unknown) => error instanceof SozialraumError && /holds no year 2015; its years are 2011, 2012, 2017/.test(error.message));
});

test('reads one column per year (EW_2019, EW_2021) into base columns for the chosen year', () => {
  const table = parseCsv('id;EW_2019;EW_2021;S1_2019;S1_2021;name\n01;100;110;5,5;6,5;A\n02;200;190;7;6;B\n', { source: 'wide.csv' });
  const layout = detectYears(table);
  assert.ok(layout && layout.kind === 'wide');
  assert.deepEqual(layout.years, [2019, 2021]);
  const year = tableForYear(table, layout, 2019);
  assert.deepEqual(year.columns, ['id', 'name', 'EW', 'S1']);
  assert.deepEqual(year.rows, [
    { id: '01', name: 'A', EW: '100', S1: '5,5' },
    { id: '02', name: 'B', EW: '200', S1: '7' },
  ]);
  assert.equal(year.decimalSeparator, ',');
});

test('a table of one year, or a column that merely ends in a year once, has no timeline', () => {
  assert.equal(detectYears(parseCsv('id,EW,S1\n01,1,2\n', { source: 'plain.csv' })), undefined);
  assert.equal(detectYears(parseCsv('id,EW_2019,S1\n01,1,2\n', { source: 'one.csv' })), undefined);
  assert.equal(detectYears(parseCsv('jahr,id,EW\n2020,01,1\n2020,02,2\n', { source: 'single.csv' })), undefined);
});

test('a named year column must exist and hold years, else the message names the file, row and cell', () => {
  const table = parseCsv('jahr,id,EW\n2020,01,1\nzwanzig,02,2\n', { source: 'years.csv' });
  assert.throws(() => detectYears(table, { yearColumn: 'year' }), /years\.csv, column "year": has no year column "year"; the columns are/);
  assert.throws(() => detectYears(table, { yearColumn: 'jahr' }), /years\.csv, row 3, column "jahr": "zwanzig" is not a year/);
  // Without a name, a column of mixed content is not taken for years.
  assert.equal(detectYears(table), undefined);
});
