import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ckmeans } from 'simple-statistics';
import { assignClass, classBreaks, classRanges, countClasses, type ClassBreaks } from '@sozialraum/core';

const classesOf = (values: number[], breaks: ClassBreaks) => values.map((value) => assignClass(value, breaks));

test('standard deviation: breaks at mean + k·SD; MSS puts z = −1 and z = 1 into "mittel" and z = 1.5 into "niedrig"', () => {
  // MSS status classes on a re-standardised index: mean 0, SD 1, breaks −1, 1, 1.5 with equalTo upper, lower, lower.
  const mss = classBreaks([], { method: 'standard-deviation', breaks: [-1, 1, 1.5], equalTo: ['upper', 'lower', 'lower'] }, { mean: 0, sd: 1 });
  assert.deepEqual(mss.breaks, [-1, 1, 1.5]);
  assert.deepEqual(classesOf([-1.0000001, -1, 0, 1, 1.0000001, 1.5, 1.5000001], mss), [1, 2, 2, 2, 3, 3, 4]);
  assert.deepEqual(classRanges(mss), [
    { class: 1, min: null, max: -1, minInclusive: false, maxInclusive: false },
    { class: 2, min: -1, max: 1, minInclusive: true, maxInclusive: true },
    { class: 3, min: 1, max: 1.5, minInclusive: false, maxInclusive: true },
    { class: 4, min: 1.5, max: null, minInclusive: false, maxInclusive: false },
  ]);

  // Without stats: mean and population SD of the values. 2,4,4,4,5,5,7,9 → mean 5, SD 2 → breaks 3, 7.
  const own = classBreaks([2, 4, 4, 4, 5, 5, 7, 9], { method: 'standard-deviation', breaks: [-1, 1] });
  assert.deepEqual(own.breaks, [3, 7]);
  // Default equalTo 'lower': 7 (on the upper break) stays in the middle class, 3 (on the lower break) in the first.
  assert.deepEqual(classesOf([2, 3, 4, 7, 9], own), [1, 1, 2, 2, 3]);
});

test('standard deviation of a constant column: every break on the mean, and equalTo places the values (MSS: "mittel")', () => {
  const constant = classBreaks([4, 4, 4], { method: 'standard-deviation', breaks: [-1, 1, 1.5], equalTo: ['upper', 'lower', 'lower'] });
  assert.deepEqual(constant.breaks, [4, 4, 4]);
  assert.deepEqual(countClasses([4, 4, 4], constant), [0, 3, 0, 0]);
  assert.ok(constant.breaks.every(Number.isFinite));
});

test('manual breaks honour equalTo per break: lower by default, upper where asked', () => {
  const lower = classBreaks([], { method: 'manual', breaks: [10, 20] });
  assert.deepEqual(classesOf([9.99, 10, 10.01, 20, 20.01], lower), [1, 1, 2, 2, 3]);
  const upper = classBreaks([], { method: 'manual', breaks: [10, 20], equalTo: ['upper', 'upper'] });
  assert.deepEqual(classesOf([9.99, 10, 10.01, 20, 20.01], upper), [1, 2, 2, 3, 3]);
  assert.deepEqual(classRanges(upper)[1], { class: 2, min: 10, max: 20, minInclusive: true, maxInclusive: false });
});

test('quantile: type-7 quantiles of the sorted values (as R and numpy)', () => {
  // 1..10 into 4 classes: positions (n − 1)·p = 2.25, 4.5, 6.75 → 3.25, 5.5, 7.75.
  const values = [10, 9, 8, 7, 6, 5, 4, 3, 2, 1];
  const quartiles = classBreaks(values, { method: 'quantile', classes: 4 });
  assert.deepEqual(quartiles.breaks, [3.25, 5.5, 7.75]);
  assert.deepEqual(countClasses(values, quartiles), [3, 2, 2, 3]);
  assert.deepEqual(quartiles.specClasses, [1, 2, 3, 4]);
  assert.deepEqual(quartiles.notes, []);
});

test('quantile with ties: empty classes are dropped and the others keep their spec class, never NaN', () => {
  // Quintile breaks of 0,0,0,0,0,0,1,2,3,4: positions 1.8, 3.6, 5.4, 7.2 → 0, 0, 0.4, 2.2. Classes 2 ((0, 0]) and 3
  // ((0, 0.4]) hold nothing; dropping them leaves ≤ 0 (spec class 1), (0, 2.2] (spec class 4), > 2.2 (spec class 5).
  const values = [0, 0, 0, 0, 0, 0, 1, 2, 3, 4];
  const quintiles = classBreaks(values, { method: 'quantile', classes: 5 });
  assert.deepEqual(quintiles.breaks, [0, 2.2]);
  assert.deepEqual(quintiles.specClasses, [1, 4, 5]);
  assert.deepEqual(countClasses(values, quintiles), [6, 2, 2]);
  assert.match(quintiles.notes.join(), /classes 2, 3 of 5 empty; 3 classes are formed/);
});

test('a constant column gives one class for quantile, equal interval and ckmeans', () => {
  for (const method of ['quantile', 'equal-interval', 'ckmeans'] as const) {
    const result = classBreaks([5, 5, 5, 5], { method, classes: 4 });
    assert.deepEqual(result.breaks, [], method);
    assert.deepEqual(result.specClasses, [1], method);
    assert.deepEqual(countClasses([5, 5, 5, 5], result), [4], method);
  }
});

test('two distinct values: quantile and ckmeans give two classes, equal interval keeps its empty middle classes', () => {
  const values = [1, 1, 1, 5, 5];
  // Quartiles at positions 1, 2, 3 → 1, 1, 5: only "≤ 1" (spec class 1) and "(1, 5]" (spec class 3) hold values.
  const quartiles = classBreaks(values, { method: 'quantile', classes: 4 });
  assert.deepEqual(quartiles.breaks, [1]);
  assert.deepEqual(quartiles.specClasses, [1, 3]);
  const clusters = classBreaks(values, { method: 'ckmeans', classes: 5 });
  assert.deepEqual(clusters.breaks, [1]);
  assert.deepEqual(clusters.specClasses, [1, 2]);
  assert.deepEqual(clusters.notes, ['only 2 distinct values: 2 classes instead of 5']);
  // Equal intervals from 1 to 5 in 4 classes: breaks 2, 3, 4; the middle classes are empty by the method's nature.
  const intervals = classBreaks(values, { method: 'equal-interval', classes: 4 });
  assert.deepEqual(intervals.breaks, [2, 3, 4]);
  assert.deepEqual(countClasses(values, intervals), [3, 0, 0, 2]);
});

test('equal interval: k classes of equal width from min to max, a value on a break in the class below', () => {
  const result = classBreaks([0, 3, 10], { method: 'equal-interval', classes: 5 });
  assert.deepEqual(result.breaks, [2, 4, 6, 8]);
  assert.deepEqual(classesOf([0, 2, 2.0001, 4, 10], result), [1, 1, 2, 2, 5]);
});

test('ckmeans: the groups of the simple-statistics documentation, exact on every value', () => {
  // simple-statistics docs: ckmeans([-1, 2, -1, 2, 4, 5, 6, -1, 2, -1], 3) → [[-1, -1, -1, -1], [2, 2, 2], [4, 5, 6]].
  const documented = [-1, 2, -1, 2, 4, 5, 6, -1, 2, -1];
  const small = classBreaks(documented, { method: 'ckmeans', classes: 3 });
  assert.deepEqual(small.breaks, [-1, 2]);
  assert.deepEqual(countClasses(documented, small), [4, 3, 3]);

  // The long-tailed example: the optimal 3-group split is [1 … 52], [123, 234], [1244].
  const values = [1, 2, 4, 5, 12, 43, 52, 123, 234, 1244];
  assert.deepEqual(ckmeans(values, 3), [[1, 2, 4, 5, 12, 43, 52], [123, 234], [1244]]);
  const result = classBreaks(values, { method: 'ckmeans', classes: 3 });
  assert.deepEqual(result.breaks, [52, 234]);
  assert.deepEqual(classesOf(values, result), [1, 1, 1, 1, 1, 1, 1, 2, 2, 3]);
});

test('no values: one class and a note instead of NaN bounds', () => {
  for (const method of ['quantile', 'equal-interval', 'ckmeans', 'standard-deviation'] as const) {
    const result = classBreaks([], method === 'standard-deviation' ? { method, breaks: [-1, 1] } : { method, classes: 3 });
    assert.deepEqual(result.breaks, [], method);
    assert.deepEqual(result.notes, ['there are no values to classify'], method);
  }
  // Manual breaks do not depend on the data.
  assert.deepEqual(classBreaks([], { method: 'manual', breaks: [1, 2] }).breaks, [1, 2]);
});

test('values that are not finite numbers are left out of the breaks', () => {
  const result = classBreaks([1, Number.NaN, 2, 3, Number.POSITIVE_INFINITY], { method: 'equal-interval', classes: 2 });
  assert.deepEqual(result.breaks, [2]);
});
