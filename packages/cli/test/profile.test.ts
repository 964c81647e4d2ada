import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseCsv } from '@sozialraum/core';
import { BERLIN_GEOJSON, MSS_INDEX, SAMPLES, cli, tempDirectory } from './helpers.js';

let temp: Awaited<ReturnType<typeof tempDirectory>>;
before(async () => {
  temp = await tempDirectory();
});
after(async () => temp.remove());

const KITAS = join(SAMPLES, 'berlin/facilities/kitas.geojson');
const profile = (out: string, ...more: string[]) => [
  'profile',
  ...['--areas', BERLIN_GEOJSON, '--id-field', 'PLR_ID', '--name-field', 'PLR_NAME', '--indicators', MSS_INDEX, '--preset', 'mss-2021-status'],
  ...['--facilities', KITAS, '--out', out, ...more],
];

test('profile: Stülerstraße against the city, in German with semicolons and decimal commas, its Kitas counted', async () => {
  const out = temp.file('profil.csv');
  const result = await cli(profile(out, '--area', '01100101'));
  assert.equal(result.code, 0, result.stderr);
  const table = parseCsv(await readFile(out, 'utf8'), { source: out });
  assert.equal(table.delimiter, ';');
  assert.deepEqual(table.columns.slice(0, 5), ['Gebiet', 'Schlüssel', 'Bereich', 'Merkmal', 'Wert']);
  assert.ok(table.rows.every((row) => row['Gebiet'] === 'Stülerstraße' && row['Schlüssel'] === '01100101'));
  // The residents as the MSS table gives them, and the unemployment rate with the city value beside it.
  assert.equal(table.rows.find((row) => row['Merkmal'] === 'EW')!['Wert'], '3419');
  const unemployment = table.rows.find((row) => row['Merkmal'] === 'Arbeitslosigkeit')!;
  assert.equal(unemployment['Wert'], '4,226');
  assert.equal(unemployment['von'], '536');
  assert.match(table.rows.map((row) => row['Merkmal']).join('\n'), /Kitas?.*im Gebiet|im Gebiet/);
});

test('profile: an unknown area key is named with the file, and nothing is written', async () => {
  const out = temp.file('none.csv');
  const result = await cli(profile(out, '--area', '99999999'));
  assert.notEqual(result.code, 0);
  assert.match(result.stderr, /lor_planungsraeume_2021\.geojson.*99999999/);
  await assert.rejects(readFile(out, 'utf8'));
});
