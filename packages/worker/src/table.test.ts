/// <reference types="mocha" />
// Tables across the worker boundary in Chromium: read in a worker, they arrive as typed columns in transferred
// buffers with the same numbers, to the bit, and the same reasons for missing values as read on the page.
import { expect } from 'chai';
import { MISSING, computeIndex, indexPreset, numberColumn, parseCsv, textColumn, type Table } from '@sozialraum/core';
import { WorkerPool, packTable, unpackTable, type PackedTable } from './index.js';

const MSS = '/data-samples/berlin/mss2021_indexindikatoren.csv';

/** Every column's numbers (Object.is: −0 and NaN included) and missing reasons, and the text of the given columns. */
function expectSameTable(received: Table, expected: Table, textColumns: string[]): void {
  expect(received.columns).to.deep.equal(expected.columns);
  expect(received.rowNumbers).to.deep.equal(expected.rowNumbers);
  expect(received.decimalSeparator).to.equal(expected.decimalSeparator);
  expect(received.decimalEvidence).to.deep.equal(expected.decimalEvidence);
  for (const column of expected.columns) {
    const a = numberColumn(received, column);
    const b = numberColumn(expected, column);
    expect(Array.from(a.missing), `${column}: missing reasons`).to.deep.equal(Array.from(b.missing));
    for (let row = 0; row < b.values.length; row += 1) expect(Object.is(a.values[row], b.values[row]), `${column} row ${row}`).to.equal(true);
  }
  for (const column of textColumns) expect(textColumn(received, column), column).to.deep.equal(textColumn(expected, column));
}

describe('tables across the worker boundary', () => {
  let pool: WorkerPool | undefined;
  afterEach(() => pool?.dispose());

  it('reads the Berlin MSS table in a worker: the same numbers and keys as on the page, the buffers moved both ways', async () => {
    const bytes = await (await fetch(MSS)).arrayBuffer();
    const onPage = parseCsv(new TextDecoder().decode(bytes), { source: 'mss.csv' });
    pool = new WorkerPool({ size: 1 });
    const sent = bytes.slice(0);
    const packed: PackedTable = await pool.run('read-table', { bytes: sent, source: 'mss.csv' }, { transfer: [sent] });
    expect(sent.byteLength, 'the bytes moved to the worker').to.equal(0);
    expect(packed.numbers.map((column) => column.values)).to.satisfy((columns: unknown[]) => columns.every((values) => values instanceof Float64Array));
    // The keys and names are the only text that crossed: the indicator columns came as numbers.
    expect(packed.texts.map(([column]) => column)).to.deep.equal(['PLR_ID', 'PLR_NAME', 'BEZ_ID']);
    const table = unpackTable(packed);
    expectSameTable(table, onPage, ['PLR_ID', 'PLR_NAME', 'BEZ_ID']);
    // The MSS status index over the table from the worker is the one over the page's table.
    const spec = indexPreset('mss-2021-status');
    const expected = computeIndex(onPage, spec, { keyColumn: 'PLR_ID' });
    const received = computeIndex(table, spec, { keyColumn: 'PLR_ID' });
    expect(received.areas.map((area) => [area.id, area.index, area.class])).to.deep.equal(expected.areas.map((area) => [area.id, area.index, area.class]));
  });

  it('keeps the reason of every missing value, and the cells of symbols and text as written, in a worker and without one', async () => {
    const text = 'Schlüssel;EW;Quote;Hinweis\n0101;3419;4,5;a\n0102;;.;b\n0103;12;–;c\n0104;k.A.;x1;d\n0105;-0;-0,25;e\n';
    const onPage = parseCsv(text, { source: 'symbole.csv' });
    expect(Array.from(numberColumn(onPage, 'Quote').missing)).to.deep.equal([MISSING.none, MISSING.symbol, MISSING.symbol, MISSING.unparseable, MISSING.none]);
    for (const size of [1, 0]) {
      pool?.dispose();
      pool = new WorkerPool({ size });
      const bytes = new TextEncoder().encode(text).buffer;
      const table = unpackTable(await pool.run('read-table', { bytes, source: 'symbole.csv' }, { transfer: [bytes] }));
      expectSameTable(table, onPage, ['Schlüssel', 'Quote', 'Hinweis']);
      expect(table.rows.map((row) => row.Quote)).to.deep.equal(['4,5', '.', '–', 'x1', '-0,25']);
    }
  });

  it('keeps keys with a decimal point and cells not written as their numbers exactly, in a worker and without one', async () => {
    // Keys such as 01.10 and 1.1 are different areas; read as numbers both are 1.1. A value of 12.50 is shown as written.
    const text = 'Schlüssel,Wert\n01.10,12.50\n1.1,3\n03.20,0.25\n';
    const onPage = parseCsv(text, { source: 'schluessel.csv' });
    const exact = { Schlüssel: ['01.10', '1.1', '03.20'], Wert: ['12.50', '3', '0.25'] };
    const cells = (table: Table) => ({ Schlüssel: table.rows.map((row) => row.Schlüssel), Wert: table.rows.map((row) => row.Wert) });
    expect(cells(unpackTable(packTable(onPage)))).to.deep.equal(exact);
    for (const size of [1, 0]) {
      pool?.dispose();
      pool = new WorkerPool({ size });
      const bytes = new TextEncoder().encode(text).buffer;
      const table = unpackTable(await pool.run('read-table', { bytes, source: 'schluessel.csv' }, { transfer: [bytes] }));
      expect(cells(table), `pool of ${size}`).to.deep.equal(exact);
      expectSameTable(table, onPage, ['Schlüssel', 'Wert']);
    }
  });

  it('packs a table that stays in use with copies of its columns, so that sending it leaves the page its numbers', () => {
    const table = parseCsv('id,a\nx,1.5\ny,2\n', { source: 't.csv' });
    const packed = packTable(table);
    const moved = packed.numbers.map((column) => column.values.buffer);
    structuredClone(packed, { transfer: moved });
    expect(Array.from(numberColumn(table, 'a').values)).to.deep.equal([1.5, 2]);
  });
});
