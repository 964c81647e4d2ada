import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { ckmeans } from 'simple-statistics';
import { classBreaks, computeIndex, indexPreset, numberColumn, parseCsv, seededRandom, textColumn, type Table } from '@sozialraum/core';
import { samplePath } from './samples.js';

/** The same table with every cell in quotes: read by Papa Parse, where the text without quotes is read by one scan. */
function quoted(text: string, delimiter: string): string {
  return text
    .split('\n')
    .map((line) =>
      line === ''
        ? line
        : line
            .split(delimiter)
            .map((cell) => `"${cell}"`)
            .join(delimiter),
    )
    .join('\n');
}

/** Everything a reader of the table sees: fields, rows, and every column's numbers and missing reasons to the bit. */
function assertSameTable(scanned: Table, papa: Table, name: string): void {
  assert.deepEqual(scanned.columns, papa.columns, name);
  assert.deepEqual(scanned.rowNumbers, papa.rowNumbers, name);
  assert.equal(scanned.decimalSeparator, papa.decimalSeparator, name);
  assert.deepEqual(scanned.decimalEvidence, papa.decimalEvidence, name);
  assert.deepEqual(scanned.issues, papa.issues, name);
  for (const column of papa.columns) {
    const a = numberColumn(scanned, column);
    const b = numberColumn(papa, column);
    assert.deepEqual([a.missingCount, a.unparseable], [b.missingCount, b.unparseable], `${name} ${column}`);
    for (let row = 0; row < b.values.length; row += 1) {
      assert.ok(Object.is(a.values[row], b.values[row]), `${name} row ${row} ${column}: ${a.values[row]} vs ${b.values[row]}`);
      assert.equal(a.missing[row], b.missing[row], `${name} row ${row} ${column}`);
    }
    assert.deepEqual(textColumn(scanned, column), textColumn(papa, column), `${name} ${column}`);
  }
  assert.deepEqual(scanned.rows, papa.rows, name);
}

test('the one-scan reader gives the Berlin MSS and Flensburg tables exactly as Papa Parse reads them: cells, numbers, separator and its evidence', async () => {
  for (const name of [
    'berlin/mss2021_indexindikatoren.csv',
    'berlin/mss2021_kontextindikatoren.csv',
    'berlin/mss2021_ew_auf_plr_vor2021.csv',
    'flensburg/sozialatlas_stadtteile.csv',
  ]) {
    const text = await readFile(samplePath(name), 'utf8');
    const delimiter = text.split('\n', 1)[0]!.includes(';') ? ';' : ',';
    const scanned = parseCsv(text, { source: name });
    // Made only when read: nothing above has asked for them yet.
    assert.equal(typeof Object.getOwnPropertyDescriptor(scanned, 'rows')?.get, 'function', `${name}: rows made before they were read`);
    assertSameTable(scanned, parseCsv(quoted(text, delimiter), { source: name }), name);
  }
});

test('the one-scan reader agrees with Papa Parse on ragged rows, blank lines, CRLF, symbols, signs, long digits and both separators', () => {
  const cases: [string, string][] = [
    [';', 'id;a;b\n01;1,5;.\n02;-2;–\n\n03;+3;1.234,5\n04;12345678901234567;x\n  \n05;-0;\n06;7\n07;1;2;3\n'],
    [',', 'id,a,b\r\nA,1.5,4.226\r\nB,-0.25,  7 \r\nC,1e3,\r\n'],
    ['\t', 'Schlüssel\twert\n0101\t4.226\n0102\t4.3\n'],
    [';', 'id;a\n1;4.226\n2;1,5\n3;2,25\n'],
    ['|', 'id|a|a\nx|1,0|2\ny| 3 |k.A.\n'],
  ];
  for (const [delimiter, text] of cases) {
    for (const options of [{}, { decimalSeparator: '.' as const }, { decimalSeparator: ',' as const }]) {
      const name = JSON.stringify([text.slice(0, 20), options]);
      assertSameTable(parseCsv(text, { source: 't.csv', ...options }), parseCsv(quoted(text, delimiter), { source: 't.csv', ...options }), name);
    }
  }
});

test('a key column is read without making the rows of the table, and the MSS status index over it keeps them unmade', async () => {
  const name = 'berlin/mss2021_indexindikatoren.csv';
  const table = parseCsv(await readFile(samplePath(name), 'utf8'), { source: name });
  assert.equal(textColumn(table, 'PLR_ID')[0], '01100101', 'keys stay text, with their leading zero');
  const result = computeIndex(table, indexPreset('mss-2021-status'), { keyColumn: 'PLR_ID' });
  assert.equal(result.areas.length, 542);
  assert.equal(result.areas[0]!.id, '01100101');
  assert.equal(typeof Object.getOwnPropertyDescriptor(table, 'rows')?.get, 'function');
  // Read once, the rows are the cells, and the index over the table is the same.
  assert.equal(table.rows[0]!.PLR_ID, '01100101');
  assert.deepEqual(
    JSON.parse(JSON.stringify(computeIndex(table, indexPreset('mss-2021-status'), { keyColumn: 'PLR_ID' }))),
    JSON.parse(JSON.stringify(result)),
  );
});

test('ckmeans on typed arrays breaks where simple-statistics does, to the last bit: Berlin MSS columns and seeded samples with ties', async () => {
  const name = 'berlin/mss2021_indexindikatoren.csv';
  const table = parseCsv(await readFile(samplePath(name), 'utf8'), { source: name });
  const sets: number[][] = ['EW', 'S1', 'S3', 'S4', 'D1', 'D3', 'D4'].map((column) => [...numberColumn(table, column).values].filter(Number.isFinite));
  const random = seededRandom(20210101);
  for (let set = 0; set < 40; set += 1) {
    const size = 2 + Math.floor(random() * 3000);
    const rounding = [1, 10, 100, 1e6][set % 4]!;
    sets.push(Array.from({ length: size }, () => Math.round((random() < 0.7 ? random() : 3 + 5 * random()) * rounding) / rounding));
  }
  for (const values of sets) {
    for (const classes of [2, 3, 5, 7]) {
      const distinct = new Set(values).size;
      if (distinct < classes) continue;
      const expected = ckmeans(values, classes)
        .slice(0, -1)
        .map((cluster) => cluster[cluster.length - 1]!);
      assert.deepEqual(classBreaks(values, { method: 'ckmeans', classes }).breaks, expected, `${values.length} values, ${classes} classes`);
    }
  }
});
