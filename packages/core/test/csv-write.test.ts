// The one CSV writer: the formula guard on text only, quoting, both conventions, line endings and the byte order mark.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isUnguardedFormula, parseCsv, writeCsv } from '@sozialraum/core';

const HOSTILE = ['=HYPERLINK("http://x")', '+1', '-2+3', '@SUM(A1)', '\t=1+1', '\r=1+1', '=1+1\nnext line', 'Mitte'];

test('text that starts like a formula gets an apostrophe and quotes; the rest is written as it is', () => {
  const csv = writeCsv(
    ['key', 'name'],
    HOSTILE.map((name, index) => [String(index), name]),
  );
  const lines = csv.split('\r\n');
  assert.equal(lines[1], `0,"'=HYPERLINK(""http://x"")"`);
  assert.equal(lines[2], `1,"'+1"`);
  assert.equal(lines[4], `3,"'@SUM(A1)"`);
  assert.equal(lines[5], `4,"'\t=1+1"`);
  // papaparse's own guard misses a formula followed by a line break; ours does not.
  assert.ok(csv.includes(`"'=1+1\nnext line"`));
  assert.equal(lines.at(-2), '7,Mitte');
  assert.equal(lines.at(-1), '', 'the last line ends too');
});

test('read back, every hostile text comes out with the apostrophe and nothing else changed', () => {
  const csv = writeCsv(
    ['key', 'name'],
    HOSTILE.map((name, index) => [String(index), name]),
  );
  const table = parseCsv(csv, { source: 'written.csv' });
  assert.deepEqual(
    table.rows.map((row) => row['name']),
    HOSTILE.map((name) => (/^[=+\-@\t\r]/.test(name) ? `'${name}` : name)).map((name) => name.trim()),
  );
  for (const row of table.rows) assert.ok(!isUnguardedFormula(row['name']!), row['name']);
});

test('numbers stay numbers: negative values are not guarded, German uses semicolons and decimal commas', () => {
  assert.equal(writeCsv(['a', 'b', 'c'], [[-1.5, 0.25, '-1.5']]), `a,b,c\r\n-1.5,0.25,"'-1.5"\r\n`);
  assert.equal(writeCsv(['a', 'b', 'c'], [[-1.5, 'a;b', 1234.5]], { convention: 'de' }), `a;b;c\r\n-1,5;"a;b";1234,5\r\n`);
});

test('no value, NaN, infinities and -0 are written as empty cells or 0; short rows are filled', () => {
  assert.equal(writeCsv(['a', 'b', 'c', 'd', 'e'], [[null, undefined, Number.NaN, Number.POSITIVE_INFINITY, -0], ['x']]), `a,b,c,d,e\r\n,,,,0\r\nx,,,,\r\n`);
});

test('a byte order mark only when asked for, before the header', () => {
  assert.ok(writeCsv(['Schöneberg'], [], { bom: true }).startsWith('\ufeffSchöneberg\r\n'));
  assert.ok(!writeCsv(['a'], []).startsWith('\ufeff'));
});
