import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  applyIndexReference,
  computeIndex,
  formatIndexReference,
  indexDynamics,
  indexPreset,
  indexReferenceOf,
  parseCsv,
  referenceFromTable,
  type IndexSpec,
} from '@sozialraum/core';
import { sampleTable } from './samples.js';

const table = (text: string, source: string) => parseCsv(text, { source, delimiter: ',', decimalSeparator: '.' });
const close = (actual: number | null | undefined, expected: number) =>
  assert.ok(actual !== null && actual !== undefined && Math.abs(actual - expected) < 1e-12, `${actual} ≠ ${expected}`);

const SPEC: IndexSpec = {
  specVersion: 1,
  id: 'test',
  title: 'Test',
  indicators: [{ column: 'A' }, { column: 'B', direction: 'lower-is-need' }],
  standardisation: { method: 'z-score' },
  combination: { method: 'sum' },
  classification: { method: 'manual', breaks: [-0.5] },
};
const YEAR_1 = table('id,A,B\na,1,10\nb,2,20\nc,3,30\n', '2019.csv');
const YEAR_2 = table('id,A,B\na,2,10\nb,2,20\nc,5,20\nd,1,1\n', '2021.csv');

test('dynamics: the change of index, standardised indicators and class per area between two years on one base-year reference', () => {
  const referenced = referenceFromTable(SPEC, YEAR_1, { keyColumn: 'id' });
  const earlier = computeIndex(YEAR_1, referenced, { keyColumn: 'id' });
  const later = computeIndex(YEAR_2, referenced, { keyColumn: 'id' });
  const dynamics = indexDynamics(earlier, later);
  assert.deepEqual(dynamics.notes, []);
  assert.deepEqual(dynamics.onlyLater, ['d']);
  assert.deepEqual(dynamics.onlyEarlier, []);
  const sd = Math.sqrt(2 / 3); // A: mean 2, population SD of 1, 2, 3; B: mean 20, SD 10 × that
  const [a, b, c] = dynamics.areas;
  // a: A from 1 to 2, B unchanged.
  close(a!.z.A, 1 / sd);
  close(a!.z.B, 0);
  close(a!.index, 1 / sd);
  close(b!.index, 0);
  assert.equal(b!.classChange, 0);
  // c: A from 3 to 5 (+2 / SD), B from 30 to 20 (lower is need: +10 / (10 SD)).
  close(c!.z.A, 2 / sd);
  close(c!.z.B, 1 / sd);
  close(c!.index, 3 / sd);
  // a: index from −1/SD + 1/SD = 0 to 1/SD, both above the break at −0.5, so it stays in class 2.
  assert.deepEqual([a!.classFrom, a!.classTo, a!.classChange], [2, 2, 0]);
  assert.equal(dynamics.areas.length, 3);
});

test('dynamics: a class change is the difference of the class numbers, and years without one reference get a note', () => {
  const earlier = computeIndex(table('id,A\na,1\nb,3\n', 'e.csv'), { ...SPEC, indicators: [{ column: 'A' }] }, { keyColumn: 'id' });
  const later = computeIndex(table('id,A\na,3\nb,1\n', 'l.csv'), { ...SPEC, indicators: [{ column: 'A' }] }, { keyColumn: 'id' });
  const dynamics = indexDynamics(earlier, later);
  assert.deepEqual(
    dynamics.areas.map((area) => [area.id, area.classFrom, area.classTo, area.classChange, area.index]),
    [
      ['a', 1, 2, 1, 2],
      ['b', 2, 1, -1, -2],
    ],
  );
  assert.match(dynamics.notes[0]!, /not measured on the same fixed reference/);
});

test('Berlin MSS 2021: a saved reference read back gives the same status index as the base year itself', async () => {
  const mss = await sampleTable('berlin/mss2021_indexindikatoren.csv');
  const spec = indexPreset('mss-2021-status');
  const reference = indexReferenceOf(spec, mss, { keyColumn: 'PLR_ID' });
  assert.equal(reference.method, 'z-score');
  assert.deepEqual(Object.keys(reference.fixed), ['S1', 'S3', 'S4']);
  assert.ok(reference.indexReference, 'the status index is re-standardised, so the index mean and SD are part of the reference');
  const json = JSON.parse(formatIndexReference(reference)) as unknown;
  const referenced = applyIndexReference(spec, json, 'ref.json');
  const current = computeIndex(mss, spec, { keyColumn: 'PLR_ID' });
  const fixed = computeIndex(mss, referenced, { keyColumn: 'PLR_ID' });
  fixed.areas.forEach((area, position) => {
    const expected = current.areas[position]!;
    assert.equal(area.class, expected.class);
    if (expected.index === null) assert.equal(area.index, null);
    else assert.ok(Math.abs(area.index! - expected.index) < 1e-9);
  });
  assert.ok(indexDynamics(current, fixed).areas.every((area) => area.classChange === null || area.classChange === 0));
  // A run on the fixed reference saves that same reference.
  assert.deepEqual(indexReferenceOf(referenced, mss, { keyColumn: 'PLR_ID' }).fixed, reference.fixed);
  // The reference of another spec, or no reference at all, is refused naming the file.
  assert.throws(
    () => applyIndexReference(spec, { fixed: { S1: { mean: 1, sd: 1 } } }, 'ref.json'),
    /ref\.json.*standardisation\.reference\.fixed\.S3 is required/s,
  );
  assert.throws(() => applyIndexReference(spec, { hello: 1 }, 'ref.json'), /ref\.json: holds no fixed reference/);
  assert.throws(
    () => applyIndexReference(spec, { ...reference, method: 'min-max' }, 'ref.json'),
    /ref\.json: is a min-max reference, but the spec "mss-2021-status" uses "z-score"/,
  );
});
