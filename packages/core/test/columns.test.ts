import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  MISSING,
  adoptNumberColumns,
  missingKind,
  numberColumn,
  numericColumn,
  parseAllColumns,
  parseCsv,
  parseNumber,
  parseReport,
  valueAt,
  withMissingCodes,
  type Table,
} from '@sozialraum/core';
import { sampleTable } from './samples.js';

/** The reader of one cell, the reference every typed column must agree with. */
function cellByCell(table: Table, column: string): (number | null)[] {
  return table.rows.map((row) => {
    const value = parseNumber(row[column] ?? '', table.decimalSeparator);
    return value === null || Number.isNaN(value) ? null : value;
  });
}

test('typed columns of the Berlin MSS tables hold the number of every cell as the cell reader reads it, decimal point and comma', async () => {
  for (const name of ['berlin/mss2021_indexindikatoren.csv', 'berlin/mss2021_kontextindikatoren.csv']) {
    const table = await sampleTable(name);
    for (const column of table.columns) {
      const read = numberColumn(table, column);
      assert.equal(read.values.length, table.rows.length);
      const expected = cellByCell(table, column);
      expected.forEach((value, row) => {
        // Object.is: the same number to the last bit, −0 included.
        assert.ok(Object.is(valueAt(read, row), value), `${name} row ${row} column ${column}: ${valueAt(read, row)} vs ${value}`);
        if (value === null) assert.ok(Number.isNaN(read.values[row]!), 'no number is NaN in the Float64Array');
      });
    }
  }
  const context = await sampleTable('berlin/mss2021_kontextindikatoren.csv');
  assert.equal(context.decimalSeparator, ',');
  // KI_08 is published for few areas: its other cells are empty, and say so.
  const empty = numberColumn(context, 'KI_08');
  const blank = context.rows.flatMap((row, index) => (row.KI_08 === '' ? [index] : []));
  assert.ok(blank.length > 500);
  assert.equal(empty.missingCount, blank.length);
  assert.ok(blank.every((row) => missingKind(empty, row) === 'empty'));
  assert.equal(empty.unparseable, 0);
});

test('a cell is parsed once: every consumer reads the same typed column, a table of other rows its own', async () => {
  const table = await sampleTable('berlin/mss2021_indexindikatoren.csv');
  const first = numberColumn(table, 'S1');
  assert.equal(numberColumn({ ...table, notes: [] }, 'S1'), first, 'a copy with the same rows shares the parsed column');
  assert.deepEqual(numericColumn(table, 'S1').values, cellByCell(table, 'S1'));
  const changed = { ...table, rows: table.rows.map((row) => ({ ...row, S1: '1' })) };
  assert.notEqual(numberColumn(changed, 'S1'), first);
  assert.ok(numberColumn(changed, 'S1').values.every((value) => value === 1));
  assert.throws(() => numberColumn(table, 'S2'), /no column "S2"/);
});

// A Destatis-style table: the symbols of the Zeichenerklärung, a missing-value code, a German thousands point, text.
const SYMBOLS = ['Gebiet;Wert', 'A;1.234,5', 'B;.', 'C;–', 'D;', 'E;-9999', 'F;x', 'G;k. A.', 'H;/', 'I;-0,5'].join('\n');

test('every cell without a number says why: empty, a symbol of official statistics, a missing-value code, text', () => {
  const table = parseCsv(SYMBOLS, { source: 'symbole.csv' });
  assert.equal(table.decimalSeparator, ',');
  const read = numberColumn(table, 'Wert');
  assert.equal(valueAt(read, 0), 1234.5);
  assert.equal(valueAt(read, 8), -0.5);
  assert.deepEqual(
    table.rows.map((_, row) => missingKind(read, row) ?? null),
    [null, 'symbol', 'symbol', 'empty', null, 'symbol', 'unparseable', 'symbol', null],
  );
  assert.equal(read.unparseable, 1);
  const coded = withMissingCodes(read, [-9999]);
  assert.equal(missingKind(coded, 4), 'code');
  assert.equal(coded.missingCount, read.missingCount + 1);
  assert.equal(missingKind(read, 4), undefined, 'the parsed column itself is not changed');
  assert.equal(withMissingCodes(read, [-9999]), coded, 'marked once per list of codes');
  assert.equal(coded.missing[4], MISSING.code);
  const issues = numericColumn(table, 'Wert').issues;
  assert.deepEqual(
    issues.map((found) => [found.row, found.column]),
    [[8, 'Wert']],
  );
});

test('the parse report names the decimal separator with its evidence, text columns, and the rows whose cells are no number', async () => {
  const table = parseCsv(SYMBOLS, { source: 'symbole.csv' });
  const report = parseReport(table);
  assert.equal(report.decimalSeparator, ',');
  assert.match(report.decimalEvidence!.en, /decimal comma/);
  const [name, value] = report.columns;
  assert.equal(name!.kind, 'text');
  assert.equal(value!.kind, 'number');
  assert.deepEqual([value!.values, value!.empty, value!.symbols, value!.unparseable], [3, 1, 4, 1]);
  assert.deepEqual(value!.firstUnparseable, { row: 8, cell: 'k. A.' });
  assert.deepEqual(report.rowsWithProblems, [8]);

  const mss = await sampleTable('berlin/mss2021_indexindikatoren.csv');
  const mssReport = parseReport(mss);
  assert.equal(mssReport.decimalSeparator, '.');
  assert.deepEqual(
    mssReport.columns.filter((column) => column.kind === 'text').map((column) => column.column),
    ['PLR_NAME'],
  );
  assert.deepEqual(mssReport.rowsWithProblems, []);
});

test('numbers parsed elsewhere (a worker) are adopted by the table instead of parsed again', async () => {
  const table = await sampleTable('berlin/mss2021_indexindikatoren.csv');
  const there = await sampleTable('berlin/mss2021_indexindikatoren.csv');
  parseAllColumns(there);
  const sent = structuredClone(numberColumn(there, 'EW'));
  adoptNumberColumns(table, [sent]);
  assert.equal(numberColumn(table, 'EW'), sent);
  assert.deepEqual(numericColumn(table, 'EW').values, cellByCell(table, 'EW'));
});
