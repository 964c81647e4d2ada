// Every CSV a command writes, run on areas whose keys and names, categories and class labels start like spreadsheet
// formulas (test/fixtures/hostile/formeln.*): no cell may reach a spreadsheet unguarded, and numbers stay numbers.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { isUnguardedFormula, parseCsv, type Table } from '@sozialraum/core';
import { cli, tempDirectory } from './helpers.js';

const HOSTILE = fileURLToPath(new URL('../../../../test/fixtures/hostile/', import.meta.url));
const AREAS = `${HOSTILE}formeln.geojson`;
const TABLE = `${HOSTILE}formeln.csv`;
const POINTS = `${HOSTILE}formeln-punkte.geojson`;
const SPEC = `${HOSTILE}formeln-spec.json`;

let temp: Awaited<ReturnType<typeof tempDirectory>>;
before(async () => (temp = await tempDirectory()));
after(async () => temp.remove());

/** The raw text and the parsed table of a written CSV, after checking its line endings. */
async function written(text: string, source: string): Promise<Table> {
  assert.ok(text.endsWith('\r\n'), `${source} ends with a line break`);
  assert.ok(!/[^\r]\n/.test(text.replace(/"(?:[^"]|"")*"/g, '')), `${source}: every line outside quotes ends in CRLF`);
  return parseCsv(text, { source });
}

/** Every cell of the table, the header included, that a spreadsheet would run. */
function unguarded(table: Table): string[] {
  const cells = [...table.columns, ...table.rows.flatMap((row) => table.columns.map((column) => row[column] ?? ''))];
  return cells.filter(isUnguardedFormula);
}

function assertKeysGuarded(table: Table, column = 'id'): void {
  const keys = table.rows.map((row) => row[column]!);
  assert.ok(keys.length > 0);
  for (const key of keys) assert.ok(key.startsWith("'"), `${key} is guarded`);
}

test('index: keys and class labels that start like formulas are guarded, negative z-values stay numbers', async () => {
  const out = temp.file('index.csv');
  const result = await cli(['index', '--indicators', TABLE, '--id-field', 'id', '--spec', SPEC, '--out', out]);
  assert.equal(result.code, 0, result.stderr);
  const table = await written(await readFile(out, 'utf8'), 'index.csv');
  assert.deepEqual(unguarded(table), []);
  assertKeysGuarded(table);
  assert.deepEqual(new Set(table.rows.map((row) => row['label'])), new Set(["'=1+1", "'-niedrig"]));
  const z = table.rows.map((row) => row['z_ALO']!);
  assert.ok(z.some((value) => value.startsWith('-')) && z.every((value) => Number.isFinite(Number(value))), z.join());
});

test('aggregate: area keys and point categories in column names are guarded, to stdout as to a file', async () => {
  const args = ['aggregate', '--areas', AREAS, '--points', POINTS, '--category', 'typ', '--sum', 'plaetze', '--min-count', '0'];
  const toStdout = await cli(args);
  assert.equal(toStdout.code, 0, toStdout.stderr);
  const table = await written(toStdout.stdout, 'stdout');
  assert.deepEqual(unguarded(table), []);
  assertKeysGuarded(table);
  assert.ok(table.columns.includes('count_=HYPERLINK("http://example.org")'), table.columns.join());
  assert.deepEqual(
    table.rows.map((row) => row['sum']),
    ['33', '36', '39', '42', '45', '48'],
  );
  const out = temp.file('aggregate.csv');
  assert.equal((await cli([...args, '--out', out])).code, 0);
  assert.equal(await readFile(out, 'utf8'), toStdout.stdout);
});

test('aggregate-up: parents keyed "=", "+", "-", "@" and the children after suppression are guarded', async () => {
  const out = temp.file('parents.csv');
  const childrenOut = temp.file('children.csv');
  const result = await cli([
    'aggregate-up',
    '--areas',
    AREAS,
    '--by-prefix',
    '1',
    '--values',
    TABLE,
    '--counts',
    'EW,ALO',
    '--min-count',
    '15',
    '--out',
    out,
    '--children-out',
    childrenOut,
  ]);
  assert.equal(result.code, 0, result.stderr);
  const parents = await written(await readFile(out, 'utf8'), 'parents.csv');
  assert.deepEqual(unguarded(parents), []);
  assert.deepEqual(parents.rows.map((row) => row['id']).sort(), ["'+", "'-", "'=", "'@"]);
  // 1200 + 2000 + 700 residents in the three areas whose keys start with "=".
  assert.equal(parents.rows.find((row) => row['id'] === "'=")!['EW'], '3900');
  const children = await written(await readFile(childrenOut, 'utf8'), 'children.csv');
  assert.deepEqual(unguarded(children), []);
  assertKeysGuarded(children);
});

test('crosswalk: the target keys are guarded and every count arrives unchanged', async () => {
  const result = await cli(['crosswalk', '--from', AREAS, '--to', AREAS, '--values', TABLE, '--columns', 'EW,ALO']);
  assert.equal(result.code, 0, result.stderr);
  const table = await written(result.stdout, 'stdout');
  assert.deepEqual(unguarded(table), []);
  assertKeysGuarded(table);
  const source = parseCsv(await readFile(TABLE, 'utf8'), { source: TABLE });
  assert.deepEqual(
    table.rows.map((row) => row['EW']),
    source.rows.map((row) => row['EW']),
  );
});
