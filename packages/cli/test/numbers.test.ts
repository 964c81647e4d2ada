// Inputs that once gave wrong numbers without a word, on the command line: a refusal naming the file, row and column
// and saying what to give, or the right number. The inputs are in test/fixtures/numbers/.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { BERLIN_GEOJSON, cli, numbersFixture, tempDirectory } from './helpers.js';

let temp: Awaited<ReturnType<typeof tempDirectory>>;
before(async () => (temp = await tempDirectory()));
after(async () => temp.remove());

const PANDAS = numbersFixture('mss-pandas-semikolon.csv');
const AMBIGUOUS = new RegExp(`^sozialraum [a-z-]+: ${PANDAS.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}, row 2, column "S1": "4\\.226" is 4\\.226 with a decimal point or 4226 with a thousands separator, and no cell of the table tells which; say which decimal separator the table uses \\(the option --decimal \\. or --decimal ,`, 'm');

test('every command that reads a table refuses the three-decimal semicolon table, naming file, row and column', async () => {
  const lines: [string, string[]][] = [
    ['info', ['info', PANDAS]],
    ['validate', ['validate', '--areas', BERLIN_GEOJSON, '--indicators', PANDAS, '--key-field', 'PLR_ID']],
    ['index', ['index', '--indicators', PANDAS, '--id-field', 'PLR_ID', '--preset', 'mss-2021-status', '--out', temp.file('index.csv')]],
    ['aggregate-up', ['aggregate-up', '--areas', BERLIN_GEOJSON, '--by-prefix', '2', '--values', PANDAS, '--id-field', 'PLR_ID', '--counts', 'EW', '--out', temp.file('up.csv')]],
    ['crosswalk', ['crosswalk', '--from', BERLIN_GEOJSON, '--to', BERLIN_GEOJSON, '--values', PANDAS, '--key-field', 'PLR_ID', '--columns', 'EW', '--out', temp.file('cw.csv')]],
  ];
  for (const [name, args] of lines) {
    const result = await cli(args);
    assert.equal(result.code, 2, `${name}: ${result.stdout}${result.stderr}`);
    assert.match(result.stderr, AMBIGUOUS, name);
    assert.doesNotMatch(result.stderr, /\n\s+at /, `${name}: no stack trace`);
  }
});

test('--decimal . reads the values as written, and info says the separator was given', async () => {
  const described = await cli(['info', PANDAS, '--decimal', '.']);
  assert.equal(described.code, 0, described.stderr);
  assert.match(described.stdout, /decimal separator: +"\." \(point\)\n/);
  assert.match(described.stdout, /decimal evidence: +given\n/);

  const out = temp.file('status.csv');
  const result = await cli(['index', '--indicators', PANDAS, '--id-field', 'PLR_ID', '--preset', 'mss-2021-status', '--decimal', '.', '--out', out]);
  assert.ok(result.code <= 1, result.stderr);
  const csv = await readFile(out, 'utf8');
  assert.match(csv, /^01100101,/m, 'Stülerstraße is rated');
  // Read as thousands, S4 = 19398 of Stülerstraße would dominate; as decimals the twelve areas stay within a few SD.
  const indexColumn = csv.split('\n')[0]!.split(',').indexOf('index');
  const values = csv.trim().split('\n').slice(1).map((line) => Number(line.split(',')[indexColumn]));
  assert.ok(values.every((value) => Math.abs(value) < 10), `index values ${values.join(' ')}`);
});

test('info names the cells that tell the separator', async () => {
  const result = await cli(['info', numbersFixture('../../../data-samples/berlin/mss2021_kontextindikatoren.csv')]);
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stdout, /decimal evidence: +7046 cells such as "2,82" \(row 2, column "KI_01"\) are written with a decimal comma\n/);
});

test('--decimal takes only a point or a comma', async () => {
  const result = await cli(['info', PANDAS, '--decimal', ';']);
  assert.equal(result.code, 2);
  assert.match(result.stderr, /--decimal must be \. \(decimal point\) or , \(decimal comma\), not ";"/);
});
