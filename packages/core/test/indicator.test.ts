import { test } from 'node:test';
import assert from 'node:assert/strict';
import { columnLabel, computeIndex, indexPreset, indicatorSpec } from '@sozialraum/core';
import { sampleTable } from './samples.js';

test('one indicator of a preset is shown raw, with the preset label, its -9999 code and the 300-resident rule', async () => {
  const table = await sampleTable('berlin/mss2021_indexindikatoren.csv');
  const spec = indicatorSpec('S4', indexPreset('mss-2021-status'), []);
  assert.deepEqual(spec.indicators[0]!.missingValues, [-9999]);
  assert.equal(spec.validity?.minPopulation, 300);
  assert.equal(spec.standardisation.method, 'none');
  const result = computeIndex(table, spec, { keyColumn: 'PLR_ID' });
  assert.equal(result.areas.filter((area) => area.class !== null).length, 536);
  const schiller = result.areas.find((area) => area.id === '08100103')!;
  assert.equal(schiller.index, 39.84199);
  assert.equal(result.classes.length, 5);
});

test('a column no spec names is shown raw with the missing-value codes given, titled by the presets that know its code', async () => {
  const table = await sampleTable('berlin/mss2021_indexindikatoren.csv');
  const spec = indicatorSpec('S1', undefined, [-9999]);
  assert.deepEqual(spec.title, { de: 'Arbeitslosigkeit (S1)', en: 'Unemployment (S1)' });
  assert.equal(spec.indicators[0]!.unit, '%');
  assert.equal(spec.validity, undefined);
  const result = computeIndex(table, spec, { keyColumn: 'PLR_ID' });
  // Without the MSS rule, every area with a value is rated; the six -9999 rows count as missing.
  assert.equal(result.areas.filter((area) => area.class !== null).length, 536);
  assert.ok(result.areas.every((area) => area.values.S1 !== -9999));
});

test('a code without label: the MSS codes read as their indicator with the code beside it, any other code as it is', () => {
  assert.deepEqual(columnLabel('S4', 'de'), { label: 'Kinderarmut (S4)', unit: '%', kind: 'rate' });
  assert.equal(columnLabel('S4', 'en').label, 'Child poverty (S4)');
  assert.deepEqual(columnLabel('D1', 'de'), { label: 'Veränderung Arbeitslosigkeit (D1)', unit: 'Prozentpunkte', kind: 'other' });
  assert.deepEqual(columnLabel('Q7', 'de'), { label: 'Q7', unit: '', kind: 'other' });
  assert.equal(columnLabel('s4', 'de').label, 'S4', 'codes are matched as written');
  // Picked without codes, S4 still leaves out the -9999 the MSS tables write for areas under 300 residents.
  assert.deepEqual(indicatorSpec('S4', undefined, []).indicators[0]!.missingValues, [-9999]);
  assert.deepEqual(indicatorSpec('S4', undefined, [-1]).indicators[0]!.missingValues, [-1]);
  assert.equal(indicatorSpec('Q7', undefined, []).indicators[0]!.missingValues, undefined);
  // A spec's own label still comes first.
  assert.equal(columnLabel('S4', 'de', indicatorSpec('S4', undefined, [])).label, 'Kinderarmut (S4)');
  assert.equal(columnLabel('S4', 'de', indexPreset('mss-2021-status')).label, 'Kinderarmut');
});
