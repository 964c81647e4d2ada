import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classBreaks, computeIndexYears, detectYears, eachYear, indicatorSpec, joinTable, parseCsv, tableForYear, tableYears } from '@sozialraum/core';
import { sampleTable } from './samples.js';

test('Flensburg: the Sozialatlas is a long table with the year in "jahr": 2011, 2012 and 2017 to 2022', async () => {
  const table = await sampleTable('flensburg/sozialatlas_stadtteile.csv');
  assert.deepEqual(detectYears(table), { layout: 'long', yearColumn: 'jahr', years: [2011, 2012, 2017, 2018, 2019, 2020, 2021, 2022] });
  assert.deepEqual(tableYears(table), [2011, 2012, 2017, 2018, 2019, 2020, 2021, 2022]);
  const year = tableForYear(table, 2019);
  assert.equal(year.rows.length, 13);
  assert.deepEqual(year.columns, table.columns);
  assert.ok(year.rows.every((row) => row.jahr === '2019'));
  const altstadt = year.rows.find((row) => row.stadtteil_id === 'STGT01')!;
  assert.equal(altstadt.einwohner, '3793');
  // Rows keep their line in the file: 2019 is the fifth year, after 4 × 13 rows and the header.
  assert.equal(year.rowNumbers[0], 54);
  // One row per Stadtteil: the year's table joins the areas without repeated keys.
  const join = joinTable([...new Set(table.rows.map((row) => row.stadtteil_id!))], year, 'stadtteil_id');
  assert.equal(join.rowsByKey.size, 13);
  assert.deepEqual(join.issues, []);
  assert.throws(() => tableForYear(table, 2015), /sozialatlas_stadtteile\.csv, column "jahr": holds no year 2015; its years are 2011, 2012, 2017/);
});

test('a wide table (EW_2019, EW_2021, S1_2019, …) gives each year its columns under the base names', () => {
  const table = parseCsv('PLR_ID;Name;EW_2019;EW_2021;S1_2019;S1_2021;S4_2021\n001;Mitte;100;110;5,5;6,0;12\n002;Nord;200;190;3,0;2,5;8\n', {
    source: 'wide.csv',
  });
  const years = detectYears(table);
  assert.deepEqual(years, {
    layout: 'wide',
    years: [2019, 2021],
    columns: { EW: { 2019: 'EW_2019', 2021: 'EW_2021' }, S1: { 2019: 'S1_2019', 2021: 'S1_2021' }, S4: { 2021: 'S4_2021' } },
  });
  const of2019 = tableForYear(table, 2019);
  assert.deepEqual(of2019.columns, ['PLR_ID', 'Name', 'EW', 'S1', 'S4']);
  assert.deepEqual(of2019.rows[0], { PLR_ID: '001', Name: 'Mitte', EW: '100', S1: '5,5', S4: '' });
  assert.equal(of2019.decimalSeparator, ',');
  assert.equal(of2019.source, 'wide.csv (2019)');
  assert.deepEqual(tableForYear(table, 2021).rows[1], { PLR_ID: '002', Name: 'Nord', EW: '190', S1: '2,5', S4: '8' });
});

test('eachYear puts what a rule makes of each year back into the layout of the table, wide or long', () => {
  // A rule that withholds counts of 1 and 2 in the year's table, as the protection of small counts does.
  const withholdSmall = (table: ReturnType<typeof parseCsv>) => ({
    ...table,
    rows: table.rows.map((row) => Object.fromEntries(Object.entries(row).map(([column, cell]) => [column, cell === '1' || cell === '2' ? '' : cell]))),
  });
  const wide = parseCsv('PLR_ID;Faelle_2019;Faelle_2021;Gesamt\n001;1;7;2\n002;9;2;5\n', { source: 'wide.csv' });
  const wideYears = detectYears(wide)!;
  const shownWide = eachYear(wide, wideYears, withholdSmall);
  assert.deepEqual(shownWide.columns, wide.columns);
  // Gesamt, a column of every year, is withheld where any year's rule withheld it.
  assert.deepEqual(shownWide.rows, [
    { PLR_ID: '001', Faelle_2019: '', Faelle_2021: '7', Gesamt: '' },
    { PLR_ID: '002', Faelle_2019: '9', Faelle_2021: '', Gesamt: '5' },
  ]);
  for (const year of wideYears.years) assert.deepEqual(tableForYear(shownWide, year).rows, withholdSmall(tableForYear(wide, year)).rows, `${year}`);

  const long = parseCsv('jahr,id,faelle\n2019,001,1\n2019,002,9\n,003,1\n2021,001,7\n2021,002,2\n', { source: 'long.csv' });
  const longYears = detectYears(long)!;
  const shownLong = eachYear(long, longYears, withholdSmall);
  // The row without a year belongs to no year shown and is left out; the others keep their line in the file.
  assert.deepEqual(shownLong.rowNumbers, [2, 3, 5, 6]);
  assert.deepEqual(
    shownLong.rows.map((row) => row.faelle),
    ['', '9', '7', ''],
  );
  assert.throws(() => eachYear(long, longYears, (table) => ({ ...table, rows: table.rows.slice(1) })), /changed the number of rows/);
});

test('a table of one year has no years, and a given year column must hold years', async () => {
  const mss = await sampleTable('berlin/mss2021_indexindikatoren.csv');
  assert.equal(detectYears(mss), undefined);
  assert.deepEqual(tableYears(mss), []);
  assert.equal(tableForYear(mss, 2020), mss);
  const bad = parseCsv('id,jahr,EW\n1,2019,5\n1,zwanzig,6\n', { source: 'bad.csv' });
  assert.throws(() => detectYears(bad, { yearColumn: 'jahr' }), /bad\.csv, row 3, column "jahr": "zwanzig" is not a year/);
  assert.throws(() => detectYears(bad, { yearColumn: 'year' }), /bad\.csv: has no year column "year"/);
});

test('Flensburg: an indicator over all years is classed by one set of breaks, so a class means the same in every year', async () => {
  const table = await sampleTable('flensburg/sozialatlas_stadtteile.csv');
  const spec = indicatorSpec('einwohner', undefined, []);
  const years = computeIndexYears(table, spec, { keyColumn: 'stadtteil_id' })!;
  assert.deepEqual(
    years.map((entry) => entry.year),
    [2011, 2012, 2017, 2018, 2019, 2020, 2021, 2022],
  );
  // 2012 has no residents in the Sozialatlas: every Stadtteil is unrated that year.
  assert.ok(years[1]!.result.areas.every((area) => area.class === null));
  const pooled = years.flatMap((entry) => entry.result.areas.flatMap((area) => (area.index === null ? [] : [area.index])));
  const expected = classBreaks(pooled, spec.classification);
  for (const { result } of years) {
    assert.equal(result.areas.length, 13);
    assert.equal(result.classes.length, 5);
    // Every year's class bounds are the pooled breaks.
    assert.deepEqual(
      result.classes.slice(1).map((entry) => entry.min),
      expected.breaks,
    );
    assert.equal(
      result.classes.reduce((sum, entry) => sum + entry.count, 0),
      result.areas.filter((area) => area.class !== null).length,
    );
  }
  const altstadt = years.map((entry) => entry.result.areas.find((area) => area.id === 'STGT01')!);
  assert.deepEqual(
    altstadt.map((area) => area.values.einwohner),
    [3323, null, 3807, 3815, 3793, 3739, 3866, 3907],
  );
  assert.equal(computeIndexYears(tableForYear(table, 2019), spec, { keyColumn: 'stadtteil_id' }), undefined);
});
