import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  INDEX_PRESETS,
  SozialraumError,
  computeIndex,
  describeIndexSpec,
  indexPreset,
  parseCsv,
  referenceFromTable,
  validateIndexSpec,
  type IndexResult,
  type IndexSpec,
  type Table,
} from '@sozialraum/core';
import { sampleTable } from './samples.js';

const table = (text: string): Table => parseCsv(text, { source: 'fixture.csv', delimiter: ',', decimalSeparator: '.' });
const isError = (code: string, pattern: RegExp) => (error: unknown) => error instanceof SozialraumError && error.code === code && pattern.test(error.message);
const close = (actual: number | null | undefined, expected: number, tolerance = 1e-12) =>
  assert.ok(actual !== null && actual !== undefined && Math.abs(actual - expected) <= tolerance, `${actual} ≠ ${expected}`);
const closeAll = (actual: readonly (number | null)[], expected: readonly number[], tolerance = 1e-12) => {
  assert.equal(actual.length, expected.length);
  actual.forEach((value, position) => close(value, expected[position]!, tolerance));
};
const column = (result: IndexResult, name: string) => result.areas.map((area) => area.z[name] ?? null);
const indexOf = (result: IndexResult) => result.areas.map((area) => area.index);

/** A minimal spec over the given columns: z-score, sum, manual breaks at 0. */
function spec(overrides: Partial<IndexSpec> = {}): IndexSpec {
  return {
    specVersion: 1,
    id: 'test',
    title: 'Test',
    indicators: [{ column: 'A' }],
    standardisation: { method: 'z-score' },
    combination: { method: 'sum' },
    classification: { method: 'manual', breaks: [0] },
    ...overrides,
  };
}

// Eight areas. A: 2,4,4,4,5,5,7,9 (mean 5, population SD 2, sample SD √(32/7) = 2.1380899…); B is A in reverse.
const EIGHT = table(
  'id,A,B,EW\n' + ['a1,2,9,1000', 'a2,4,7,1000', 'a3,4,5,1000', 'a4,4,5,1000', 'a5,5,4,1000', 'a6,5,4,1000', 'a7,7,4,1000', 'a8,9,2,1000'].join('\n'),
);
// z(A) with the population SD: (x − 5) / 2; z(B) likewise, in reverse order.
const Z_A = [-1.5, -0.5, -0.5, -0.5, 0, 0, 1, 2];
const Z_B = [2, 1, 0, 0, -0.5, -0.5, -0.5, -1.5];

test('z-score with the population SD (n) and with the sample SD (n − 1)', () => {
  const population = computeIndex(EIGHT, spec(), { keyColumn: 'id' });
  closeAll(column(population, 'A'), Z_A);
  assert.deepEqual(population.statistics, [{ column: 'A', n: 8, mean: 5, sd: 2, min: 2, max: 9 }]);

  // Sample SD: √(Σ(x − 5)² / 7) = √(32 / 7) = 2.138089935299395; z(9) = 4 / 2.1380899… = 1.8708286933869707.
  const sample = computeIndex(EIGHT, spec({ standardisation: { method: 'z-score', sd: 'sample' } }), { keyColumn: 'id' });
  const sd = Math.sqrt(32 / 7);
  closeAll(
    column(sample, 'A'),
    [2, 4, 4, 4, 5, 5, 7, 9].map((x) => (x - 5) / sd),
  );
  close(sample.areas[7]!.z.A!, 1.8708286933869707);
  close(sample.statistics[0]!.sd, 2.138089935299395);
});

test('lower-is-need turns the standardised value round: −z, and 1 − value for min-max and percentile rank', () => {
  const lower = { column: 'A', direction: 'lower-is-need' as const };
  const z = computeIndex(EIGHT, spec({ indicators: [lower] }), { keyColumn: 'id' });
  closeAll(
    column(z, 'A'),
    Z_A.map((value) => -value),
  );
  assert.ok(!Object.is(z.areas[4]!.z.A, -0), 'no negative zero');
  // Min-max of 2 … 9: (x − 2) / 7, reversed 1 − that: 2 → 1, 9 → 0.
  const minMax = computeIndex(EIGHT, spec({ indicators: [lower], standardisation: { method: 'min-max' } }), { keyColumn: 'id' });
  closeAll(
    column(minMax, 'A'),
    [2, 4, 4, 4, 5, 5, 7, 9].map((x) => 1 - (x - 2) / 7),
  );
});

test('min-max rescales to 0 … 1 over the valid areas', () => {
  const result = computeIndex(EIGHT, spec({ standardisation: { method: 'min-max' } }), { keyColumn: 'id' });
  // (x − 2) / (9 − 2): 2 → 0, 4 → 2/7, 5 → 3/7, 7 → 5/7, 9 → 1.
  closeAll(column(result, 'A'), [0, 2 / 7, 2 / 7, 2 / 7, 3 / 7, 3 / 7, 5 / 7, 1]);
});

test('percentile rank: share of valid areas below plus half the ties', () => {
  const result = computeIndex(EIGHT, spec({ standardisation: { method: 'percentile-rank' } }), { keyColumn: 'id' });
  // A = 2,4,4,4,5,5,7,9, n = 8. 2: (0 + ½·1)/8 = 0.0625; 4: (1 + ½·3)/8 = 0.3125; 5: (4 + ½·2)/8 = 0.625;
  // 7: (6 + ½)/8 = 0.8125; 9: (7 + ½)/8 = 0.9375.
  closeAll(column(result, 'A'), [0.0625, 0.3125, 0.3125, 0.3125, 0.625, 0.625, 0.8125, 0.9375]);
});

test('a fixed reference standardises against the base year; the statistics still describe the current data', () => {
  const fixed = spec({ standardisation: { method: 'z-score', reference: { fixed: { A: { mean: 4, sd: 2.5 } } } } });
  const result = computeIndex(EIGHT, fixed, { keyColumn: 'id' });
  // (x − 4) / 2.5: 2 → −0.8, 4 → 0, 5 → 0.4, 7 → 1.2, 9 → 2.
  closeAll(column(result, 'A'), [-0.8, 0, 0, 0, 0.4, 0.4, 1.2, 2]);
  assert.equal(result.statistics[0]!.mean, 5);
  const minMax = computeIndex(EIGHT, spec({ standardisation: { method: 'min-max', reference: { fixed: { A: { min: 0, max: 10 } } } } }), { keyColumn: 'id' });
  closeAll(column(minMax, 'A'), [0.2, 0.4, 0.4, 0.4, 0.5, 0.5, 0.7, 0.9]);
});

test('sum, mean and weighted mean of the z-values; ranks share the lowest rank among ties', () => {
  const indicators = [{ column: 'A' }, { column: 'B' }];
  // z(A) + z(B) = 0.5, 0.5, −0.5, −0.5, −0.5, −0.5, 0.5, 0.5.
  const sum = computeIndex(EIGHT, spec({ indicators }), { keyColumn: 'id' });
  closeAll(indexOf(sum), [0.5, 0.5, -0.5, -0.5, -0.5, -0.5, 0.5, 0.5]);
  // Competition ranking, highest index = rank 1: four areas tie at 0.5 (rank 1), four at −0.5 (rank 5).
  assert.deepEqual(
    sum.areas.map((area) => area.rank),
    [1, 1, 5, 5, 5, 5, 1, 1],
  );
  const mean = computeIndex(EIGHT, spec({ indicators, combination: { method: 'mean' } }), { keyColumn: 'id' });
  closeAll(indexOf(mean), [0.25, 0.25, -0.25, -0.25, -0.25, -0.25, 0.25, 0.25]);
  // Weights A 3, B 1: (3·z(A) + z(B)) / 4 = (−4.5 + 2)/4, (−1.5 + 1)/4, (−1.5 + 0)/4, …, (6 − 1.5)/4.
  const weighted = computeIndex(
    EIGHT,
    spec({
      indicators: [
        { column: 'A', weight: 3 },
        { column: 'B', weight: 1 },
      ],
      combination: { method: 'weighted-mean' },
    }),
    {
      keyColumn: 'id',
    },
  );
  closeAll(indexOf(weighted), [-0.625, -0.125, -0.375, -0.375, -0.125, -0.125, 0.625, 1.125]);
  // Descending: 1.125 (1), 0.625 (2), three at −0.125 (3), two at −0.375 (6), −0.625 (8).
  assert.deepEqual(
    weighted.areas.map((area) => area.rank),
    [8, 3, 6, 6, 3, 3, 2, 1],
  );
  // With direction lower-is-need, rank 1 is the lowest value.
  const reversed = computeIndex(
    EIGHT,
    spec({ indicators: [{ column: 'A', weight: 3 }, { column: 'B' }], combination: { method: 'weighted-mean' }, direction: 'lower-is-need' }),
    {
      keyColumn: 'id',
    },
  );
  assert.deepEqual(
    reversed.areas.map((area) => area.rank),
    [1, 4, 2, 2, 4, 4, 7, 8],
  );
});

test('byDomain: sub-indices per domain with the method, then the domains combined with their weights', () => {
  // C repeats A, so z(C) = z(A). Domain d1 = {A, B}, d2 = {C}.
  const withC = table('id,A,B,C\n' + EIGHT.rows.map((row) => `${row.id},${row.A},${row.B},${row.A}`).join('\n'));
  const domainSpec = (method: 'sum' | 'mean' | 'weighted-mean', d1Weight = 1): IndexSpec =>
    spec({
      indicators: [
        { column: 'A', domain: 'd1' },
        { column: 'B', domain: 'd1' },
        { column: 'C', domain: 'd2' },
      ],
      domains: [{ id: 'd1', weight: d1Weight }, { id: 'd2' }],
      combination: { method, byDomain: true },
    });
  const d1Mean = Z_A.map((value, row) => (value + Z_B[row]!) / 2); // 0.25, 0.25, −0.25, …
  const mean = computeIndex(withC, domainSpec('mean'), { keyColumn: 'id' });
  closeAll(
    mean.areas.map((area) => area.domains.d1 ?? null),
    d1Mean,
  );
  closeAll(
    mean.areas.map((area) => area.domains.d2 ?? null),
    Z_A,
  );
  // (d1 + d2) / 2: first area (0.25 − 1.5) / 2 = −0.625, last (0.25 + 2) / 2 = 1.125.
  closeAll(
    indexOf(mean),
    d1Mean.map((value, row) => (value + Z_A[row]!) / 2),
  );
  close(mean.areas[0]!.index, -0.625);
  // Domain weights d1 3, d2 1: (3·d1 + d2) / 4: first (0.75 − 1.5) / 4 = −0.1875, last (0.75 + 2) / 4 = 0.6875.
  const weighted = computeIndex(withC, domainSpec('weighted-mean', 3), { keyColumn: 'id' });
  close(weighted.areas[0]!.index, -0.1875);
  close(weighted.areas[7]!.index, 0.6875);
  // Sum: the sub-index of d1 is z(A) + z(B), the index adds z(C).
  const sum = computeIndex(withC, domainSpec('sum'), { keyColumn: 'id' });
  closeAll(
    indexOf(sum),
    Z_A.map((value, row) => value + Z_B[row]! + value),
  );
});

test('re-standardising the sum gives mean 0 and SD 1 over the valid areas', () => {
  // The sum ±0.5 has mean 0 and population SD 0.5, so the re-standardised index is ±1.
  const result = computeIndex(EIGHT, spec({ indicators: [{ column: 'A' }, { column: 'B' }], combination: { method: 'sum', restandardise: true } }), {
    keyColumn: 'id',
  });
  closeAll(indexOf(result), [1, 1, -1, -1, -1, -1, 1, 1]);
  close(result.index.mean, 0);
  close(result.index.sd, 1);
});

test('validity: areas under the minimum population or without one are flagged invalid and excluded from the means', () => {
  // a9 has 110 inhabitants and an extreme A; a10 has no population. Neither may move the mean 5 and SD 2 of the others.
  const rows = table(`${['id,A,EW', ...EIGHT.rows.map((row) => `${row.id},${row.A},${row.EW}`)].join('\n')}\na9,1000,110\na10,3,`);
  const result = computeIndex(rows, spec({ validity: { populationColumn: 'EW', minPopulation: 300 } }), { keyColumn: 'id', language: 'en' });
  closeAll(column(result, 'A').slice(0, 8), Z_A);
  assert.deepEqual(result.statistics[0], { column: 'A', n: 8, mean: 5, sd: 2, min: 2, max: 9 });
  const [small, unknown] = result.areas.slice(8);
  // As written out: the records of values are read from the columns of the computation when asked for.
  assert.deepEqual(JSON.parse(JSON.stringify(small)), {
    id: 'a9',
    row: 10,
    values: { A: 1000 },
    z: { A: null },
    domains: {},
    index: null,
    class: null,
    label: null,
    rank: null,
    flags: ['invalid'],
    notes: ['EW 110 under 300'],
  });
  assert.deepEqual(unknown!.flags, ['invalid']);
  assert.deepEqual(unknown!.notes, ['EW missing']);
  assert.equal(result.areas.length, 10, 'no row is dropped');
  assert.equal(result.index.n, 8);
  assert.equal(
    result.classes.reduce((total, entry) => total + entry.count, 0),
    8,
  );
});

test('missing values: exclude-area makes the area invalid, skip-indicator combines the remaining indicators', () => {
  // a9 lacks B (an empty cell), a10 has the missing-value code −9999 in B.
  const rows = table(`${['id,A,B', ...EIGHT.rows.map((row) => `${row.id},${row.A},${row.B}`)].join('\n')}\na9,5,\na10,7,-9999`);
  const indicators = [{ column: 'A' }, { column: 'B', missingValues: [-9999] }];
  const excluded = computeIndex(rows, spec({ indicators }), { keyColumn: 'id', language: 'en' });
  assert.deepEqual(excluded.areas[8]!.flags, ['invalid', 'missing']);
  assert.deepEqual(excluded.areas[8]!.notes, ['B missing']);
  assert.equal(excluded.areas[9]!.values.B, null, '−9999 is read as missing');
  assert.equal(excluded.areas[9]!.index, null);
  closeAll(indexOf(excluded).slice(0, 8), [0.5, 0.5, -0.5, -0.5, -0.5, -0.5, 0.5, 0.5]);

  const skipped = computeIndex(rows, spec({ indicators, validity: { missing: 'skip-indicator' } }), { keyColumn: 'id', language: 'en' });
  // A now has ten valid values 2,4,4,4,5,5,7,9,5,7: mean 5.2, population SD √(Σ(x − 5.2)² / 10) = √3.56.
  const sdA = Math.sqrt(3.56);
  assert.deepEqual(skipped.areas[8]!.flags, ['missing']);
  assert.deepEqual(skipped.areas[8]!.notes, ['B missing, skipped']);
  // Sum: the sum of the remaining indicator, z(A) of a9 = (5 − 5.2) / √3.56.
  close(skipped.areas[8]!.index, (5 - 5.2) / sdA);
  close(skipped.areas[9]!.index, (7 - 5.2) / sdA);
  assert.equal(skipped.areas[8]!.z.B, null);
  // B keeps its eight values: mean 5, SD 2.
  assert.equal(skipped.statistics[1]!.n, 8);
  // Mean: the mean of the remaining indicators, here z(A) alone.
  const meanSkipped = computeIndex(rows, spec({ indicators, combination: { method: 'mean' }, validity: { missing: 'skip-indicator' } }), {
    keyColumn: 'id',
    language: 'en',
  });
  close(meanSkipped.areas[8]!.index, (5 - 5.2) / sdA);
  close(meanSkipped.areas[0]!.index, ((2 - 5.2) / sdA + (9 - 5) / 2) / 2);
  // A weighted mean over what is left needs weight: with B weighted 0, an area that lacks A has nothing to average.
  const zeroWeight = table(`${['id,A,B', ...EIGHT.rows.map((row) => `${row.id},${row.A},${row.B}`)].join('\n')}\na9,,5`);
  const weighted = computeIndex(
    zeroWeight,
    spec({
      indicators: [
        { column: 'A', weight: 1 },
        { column: 'B', weight: 0 },
      ],
      combination: { method: 'weighted-mean' },
      validity: { missing: 'skip-indicator' },
    }),
    { keyColumn: 'id', language: 'en' },
  );
  assert.deepEqual(weighted.areas[8]!.flags, ['invalid', 'missing']);
  assert.deepEqual(weighted.areas[8]!.notes, ['A missing: the indicators left have weight 0 between them']);
  assert.equal(weighted.statistics[1]!.n, 8, 'the area takes no part in the statistics of B');
  closeAll(indexOf(weighted).slice(0, 8), Z_A);
});

test('a constant column gives z = 0 everywhere with a note, never NaN', () => {
  const rows = table('id,A,K\nx1,1,7\nx2,2,7\nx3,3,7');
  const result = computeIndex(rows, spec({ indicators: [{ column: 'A' }, { column: 'K' }], combination: { method: 'sum', restandardise: true } }), {
    keyColumn: 'id',
    language: 'en',
  });
  assert.deepEqual(column(result, 'K'), [0, 0, 0]);
  assert.ok(result.notes?.some((note) => note === 'K is 7 in every valid area (SD 0): its z-values are 0'));
  assert.ok(result.areas.every((area) => Number.isFinite(area.index)));
  const minMax = computeIndex(rows, spec({ indicators: [{ column: 'K' }], standardisation: { method: 'min-max' } }), { keyColumn: 'id', language: 'en' });
  assert.deepEqual(column(minMax, 'K'), [0.5, 0.5, 0.5]);
  // An index that is constant everywhere: re-standardised 0, and the MSS classes put 0 into "mittel".
  const allConstant = computeIndex(rows, { ...indexPreset('mss-2021-status'), indicators: [{ column: 'K' }], validity: {} }, { keyColumn: 'id' });
  assert.deepEqual(indexOf(allConstant), [0, 0, 0]);
  assert.deepEqual(
    allConstant.areas.map((area) => area.label),
    ['mittel', 'mittel', 'mittel'],
  );
});

test('classes: labels in the chosen language, numbers by default, counts and bounds over the valid areas', () => {
  const labelled = spec({
    classification: { method: 'manual', breaks: [0], equalTo: ['upper'], labels: [{ de: 'unter Mittel', en: 'below mean' }, 'ab Mittel'] },
  });
  const german = computeIndex(EIGHT, labelled, { keyColumn: 'id' });
  assert.deepEqual(
    german.areas.map((area) => area.label),
    ['unter Mittel', 'unter Mittel', 'unter Mittel', 'unter Mittel', 'ab Mittel', 'ab Mittel', 'ab Mittel', 'ab Mittel'],
  );
  const english = computeIndex(EIGHT, labelled, { keyColumn: 'id', language: 'en' });
  assert.deepEqual(english.classes, [
    { class: 1, min: null, max: 0, minInclusive: false, maxInclusive: false, label: 'below mean', count: 4 },
    { class: 2, min: 0, max: null, minInclusive: true, maxInclusive: false, label: 'ab Mittel', count: 4 },
  ]);
  // Quartiles of z(A) = −1.5, −0.5, −0.5, −0.5, 0, 0, 1, 2 at positions 1.75, 3.5, 5.25: −0.5, −0.25, 0.25. Nothing lies
  // in (−0.5, −0.25], so three classes remain, numbered 1 to 3.
  const numbered = computeIndex(EIGHT, spec({ classification: { method: 'quantile', classes: 4 } }), { keyColumn: 'id', language: 'en' });
  assert.deepEqual(
    numbered.classes.map((entry) => [entry.label, entry.count]),
    [
      ['1', 4],
      ['2', 2],
      ['3', 2],
    ],
  );
  assert.deepEqual(numbered.notes, ['quantile: ties leave class 2 of 4 empty; 3 classes are formed']);
  // Notes are in the language of the labels, German by default.
  const deutsch = computeIndex(EIGHT, spec({ classification: { method: 'quantile', classes: 4 } }), { keyColumn: 'id' });
  assert.deepEqual(deutsch.notes, ['quantile: gleiche Werte lassen Klasse 2 von 4 leer; 3 Klassen werden gebildet']);
});

test('a column the spec needs but the table lacks is named, with the columns the table has', () => {
  assert.throws(
    () => computeIndex(EIGHT, spec({ indicators: [{ column: 'A' }, { column: 'S9' }], validity: { populationColumn: 'EWX' } }), { keyColumn: 'id' }),
    isError(
      'unknown-field',
      /^fixture\.csv: has no column "S9" \(indicators\[1\]\.column\), "EWX" \(validity\.populationColumn\); the columns are id, A, B, EW$/,
    ),
  );
  assert.throws(() => computeIndex(EIGHT, spec(), { keyColumn: 'PLR_ID' }), isError('unknown-field', /"PLR_ID" \(the key column\)/));
});

test('a cell that is not a number stops the run, naming row and column; a decimal comma gets a hint', () => {
  const text = table('id,A\nx1,1.5\nx2,"2,5"\nx3,k.A.');
  assert.throws(
    () => computeIndex(text, spec(), { keyColumn: 'id' }),
    isError(
      'bad-number',
      /^fixture\.csv, row 3, column "A": "2,5" is not a number \(1 more cells in this column are not numbers either\); the table uses a decimal point, so write 2\.5$/,
    ),
  );
  // An unquoted decimal comma in a comma-separated file splits the number: the row has a cell too many.
  const split = parseCsv('id,A,B\nx1,1.5,2\nx2,2,5,3\n', { source: 'split.csv' });
  assert.throws(
    () => computeIndex(split, spec(), { keyColumn: 'id' }),
    isError('parse-error', /^split\.csv, row 3: has 4 cells, the header has 3.*decimal comma/),
  );
});

test('computeIndex checks the spec too, so a spec built in code fails with the field path', () => {
  const broken = { ...spec(), classification: { method: 'manual' } } as unknown as IndexSpec;
  assert.throws(
    () => computeIndex(EIGHT, broken, { keyColumn: 'id' }),
    isError('parse-error', /^index spec "test": classification\.breaks must be a non-empty list/),
  );
});

test('validateIndexSpec names the field path of every problem', () => {
  const valid = JSON.parse(JSON.stringify(indexPreset('mss-2021-status'))) as Record<string, unknown> & IndexSpec;
  assert.equal(validateIndexSpec(valid, 'mss.json'), valid);
  // The spec is broken in every way JSON allows, so the test reaches into it untyped.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  type Json = Record<string, any>;
  const broken = (change: (json: Json) => void) => {
    const json = JSON.parse(JSON.stringify(valid)) as Json;
    change(json);
    return () => validateIndexSpec(json, 'mss.json');
  };
  const message = (pattern: RegExp) => isError('parse-error', pattern);
  assert.throws(
    broken((json) => (json.indicators[2].direction = 'up')),
    message(/^mss\.json: indicators\[2\]\.direction must be "higher-is-need" or "lower-is-need", found "up"$/),
  );
  assert.throws(
    broken((json) => (json.specVersion = 2)),
    message(/^mss\.json: specVersion must be 1, found 2$/),
  );
  assert.throws(
    broken((json) => delete json.indicators[0].column),
    message(/indicators\[0\]\.column is required/),
  );
  assert.throws(
    broken((json) => (json.standardisation.method = 'z')),
    message(/standardisation\.method must be one of "z-score", "min-max", "percentile-rank", "none", found "z"/),
  );
  assert.throws(
    broken((json) => (json.classification.breaks = [1, -1, 1.5])),
    message(/classification\.breaks must be strictly ascending, but breaks\[1\] = -1 follows 1/),
  );
  assert.throws(
    broken((json) => json.classification.labels.pop()),
    message(/classification\.labels has 3 labels, but there are 4 classes/),
  );
  assert.throws(
    broken((json) => (json.classification.equalTo = ['upper'])),
    message(/classification\.equalTo has 1 entries, but there are 3 breaks/),
  );
  assert.throws(
    broken((json) => (json.combination.restandardize = true)),
    message(/combination\.restandardize is not a field of the combination; did you mean "restandardise"\?/),
  );
  assert.throws(
    broken((json) => (json.indicators[0].weight = -1)),
    message(/indicators\[0\]\.weight must be a number ≥ 0, found -1/),
  );
  assert.throws(
    broken((json) => (json.indicators[0].weight = 2)),
    message(/indicators\[0\]\.weight is 2, but combination\.method "sum" does not use weights/),
  );
  assert.throws(
    broken((json) => (json.indicators[0].domain = 'arbeit')),
    message(/indicators\[0\]\.domain "arbeit" names no domain: the spec has no domains list/),
  );
  assert.throws(
    broken((json) => (json.validity.minPopulation = '300')),
    message(/validity\.minPopulation must be a number of inhabitants ≥ 0, found "300"/),
  );
  assert.throws(
    broken((json) => (json.standardisation.reference = { fixed: { S1: { mean: 1, sd: 0 } } })),
    message(/standardisation\.reference\.fixed\.S1\.sd must be a number above 0, found 0; standardisation\.reference\.fixed\.S3 is required/),
  );
  assert.throws(
    broken((json) => {
      json.domains = [{ id: 'arbeit' }, { id: 'leer' }];
      json.indicators.forEach((indicator: Record<string, unknown>) => (indicator.domain = 'arbeit'));
      json.combination.byDomain = true;
    }),
    message(/domains\[1\] \("leer"\) has no indicator/),
  );
  // Several problems are reported together.
  assert.throws(
    broken((json) => {
      json.indicators[2].direction = 'up';
      json.title = 3;
    }),
    message(/^mss\.json: 2 problems in the index spec: title must be a text or \{ "de": "…", "en": "…" \}, found 3; indicators\[2\]\.direction must be/),
  );
  assert.throws(() => validateIndexSpec([], 'x.json'), message(/^x\.json: the index spec must be a JSON object, found \[\]$/));
});

test('presets: every preset is a valid spec, an unknown name lists them, and a preset is handed out as a copy', () => {
  for (const [name, preset] of Object.entries(INDEX_PRESETS)) assert.equal(validateIndexSpec(preset, name).id, name);
  assert.throws(
    () => indexPreset('mss-2019'),
    isError(
      'unknown-field',
      /^preset "mss-2019": is not an index preset of the toolkit; the presets are mss-2021-status, mss-2021-dynamics, mss-2021-kontext$/,
    ),
  );
  const copy = indexPreset('mss-2021-status');
  copy.indicators.pop();
  assert.equal(indexPreset('mss-2021-status').indicators.length, 3);
  assert.ok(Object.isFrozen(INDEX_PRESETS['mss-2021-status']!.indicators));
});

/** The MSS status index computed the plain way, as a cross-check: valid = EW ≥ 300 and no −9999. */
function plainStatusIndex(mss: Table): Map<string, number> {
  const columns = ['S1', 'S3', 'S4'];
  const rows = mss.rows.filter((row) => row.EW !== '' && Number(row.EW) >= 300 && columns.every((name) => Number(row[name]) !== -9999));
  const z = columns.map((name) => {
    const values = rows.map((row) => Number(row[name]));
    const mean = values.reduce((total, value) => total + value, 0) / values.length;
    const sd = Math.sqrt(values.reduce((total, value) => total + (value - mean) ** 2, 0) / values.length);
    return values.map((value) => (value - mean) / sd);
  });
  const sums = rows.map((_, row) => z[0]![row]! + z[1]![row]! + z[2]![row]!);
  const mean = sums.reduce((total, value) => total + value, 0) / sums.length;
  const sd = Math.sqrt(sums.reduce((total, value) => total + (value - mean) ** 2, 0) / sums.length);
  return new Map(rows.map((row, position) => [row.PLR_ID!, (sums[position]! - mean) / sd]));
}

const meanAndSd = (values: number[]) => {
  const mean = values.reduce((total, value) => total + value, 0) / values.length;
  return { mean, sd: Math.sqrt(values.reduce((total, value) => total + (value - mean) ** 2, 0) / values.length) };
};

test('MSS 2021 status index on the Berlin table: 536 valid areas, classes 1–4 by z, restandardised to mean 0 and SD 1', async () => {
  const mss = await sampleTable('berlin/mss2021_indexindikatoren.csv');
  const result = computeIndex(mss, indexPreset('mss-2021-status'), { keyColumn: 'PLR_ID' });
  assert.equal(result.areas.length, 542);
  const valid = result.areas.filter((area) => !area.flags.includes('invalid'));
  // 542 PLR minus 5 under 300 inhabitants (or none recorded) minus Gewerbegebiet Bitterfelder Straße (−9999, an outlier MSS leaves out).
  assert.equal(valid.length, 536);
  assert.deepEqual(
    result.areas.filter((area) => area.flags.includes('invalid')).map((area) => [area.id, area.notes[0]]),
    // German notes, the default language, as the table of a German page shows them.
    [
      ['03300515', 'EW 38 unter 300'],
      ['03400831', 'EW fehlt'],
      ['04400725', 'EW 110 unter 300'],
      ['05300838', 'EW 21 unter 300'],
      ['06200418', 'EW 0 unter 300'],
      ['10100205', 'S1, S3, S4 fehlen'],
    ],
  );
  for (const area of result.areas) {
    if (area.flags.includes('invalid')) {
      assert.equal(area.class, null);
      assert.equal(area.rank, null);
      continue;
    }
    const z = area.index!;
    const expected = z < -1 ? 1 : z <= 1 ? 2 : z <= 1.5 ? 3 : 4;
    assert.equal(area.class, expected, `${area.id}: z = ${z}`);
    assert.equal(area.label, ['hoch', 'mittel', 'niedrig', 'sehr niedrig'][expected - 1]);
  }
  const { mean, sd } = meanAndSd(valid.map((area) => area.index!));
  close(mean, 0, 1e-9);
  close(sd, 1, 1e-9);
  // The same index computed the plain way.
  const plain = plainStatusIndex(mss);
  assert.equal(plain.size, 536);
  for (const area of valid) close(area.index, plain.get(area.id)!, 1e-12);
  // Pinned so that a regression shows; no published class counts of MSS 2021 were at hand to compare with.
  assert.deepEqual(
    result.classes.map((entry) => [entry.label, entry.count]),
    [
      ['hoch', 75],
      ['mittel', 366],
      ['niedrig', 46],
      ['sehr niedrig', 49],
    ],
  );
  assert.deepEqual(result.areas.filter((area) => area.rank === 1).map((area) => area.id).length, 1);
  assert.equal(indexPreset('mss-2021-status').classification.labels!.length, 4);
  const english = computeIndex(mss, indexPreset('mss-2021-status'), { keyColumn: 'PLR_ID', language: 'en' });
  assert.deepEqual(
    english.classes.map((entry) => entry.label),
    ['high', 'medium', 'low', 'very low'],
  );
});

test('MSS 2021 dynamics index: three classes at ±1 over the same 536 areas', async () => {
  const mss = await sampleTable('berlin/mss2021_indexindikatoren.csv');
  const result = computeIndex(mss, indexPreset('mss-2021-dynamics'), { keyColumn: 'PLR_ID' });
  const valid = result.areas.filter((area) => area.class !== null);
  assert.equal(valid.length, 536);
  const { mean, sd } = meanAndSd(valid.map((area) => area.index!));
  close(mean, 0, 1e-9);
  close(sd, 1, 1e-9);
  for (const area of valid) assert.equal(area.class, area.index! < -1 ? 1 : area.index! <= 1 ? 2 : 3);
  assert.deepEqual(
    result.classes.map((entry) => [entry.label, entry.count]),
    [
      ['positiv', 48],
      ['stabil', 436],
      ['negativ', 52],
    ],
  );
});

test('MSS 2021 context preset on the semicolon file: three sub-indices, five quantile classes', async () => {
  const kontext = await sampleTable('berlin/mss2021_kontextindikatoren.csv');
  assert.equal(kontext.delimiter, ';');
  const result = computeIndex(kontext, indexPreset('mss-2021-kontext'), { keyColumn: 'PLR_ID' });
  const valid = result.areas.filter((area) => area.class !== null);
  assert.equal(valid.length, 536);
  const { mean, sd } = meanAndSd(valid.map((area) => area.index!));
  close(mean, 0, 1e-9);
  close(sd, 1, 1e-9);
  assert.deepEqual(
    result.classes.map((entry) => [entry.label, entry.count]),
    [
      ['sehr niedrig', 108],
      ['niedrig', 107],
      ['mittel', 107],
      ['hoch', 107],
      ['sehr hoch', 107],
    ],
  );
  const first = result.areas[0]!;
  assert.deepEqual(Object.keys(first.domains), ['armut', 'integration', 'wohnen']);
  // KI_10 (residence over five years) is lower-is-need: its z-value is the negated deviation.
  const ki10 = result.statistics.find((entry) => entry.column === 'KI_10')!;
  close(first.z.KI_10, -(first.values.KI_10! - ki10.mean!) / ki10.sd!);
  // The index before re-standardisation is the mean of the three sub-indices.
  const subMeans = valid.map((area) => (area.domains.armut! + area.domains.integration! + area.domains.wohnen!) / 3);
  const sub = meanAndSd(subMeans);
  valid.forEach((area, position) => close(area.index, (subMeans[position]! - sub.mean) / sub.sd, 1e-9));
});

test('referenceFromTable: the base year itself gives the current result; another year is measured on the base scale', async () => {
  const mss = await sampleTable('berlin/mss2021_indexindikatoren.csv');
  const preset = indexPreset('mss-2021-status');
  const referenced = referenceFromTable(preset, mss, { keyColumn: 'PLR_ID' });
  const reference = referenced.standardisation.reference;
  assert.ok(typeof reference === 'object');
  assert.deepEqual(Object.keys(reference.fixed), ['S1', 'S3', 'S4']);
  assert.ok(referenced.combination.indexReference);
  const current = computeIndex(mss, preset, { keyColumn: 'PLR_ID' });
  const same = computeIndex(mss, referenced, { keyColumn: 'PLR_ID' });
  same.areas.forEach((area, position) => {
    if (area.index === null) assert.equal(current.areas[position]!.index, null);
    else close(area.index, current.areas[position]!.index!, 1e-9);
  });
  // A later year in which every rate is 1 point higher: on the base scale, the index rises for every area.
  const later = table(
    [
      'PLR_ID,EW,S1,S3,S4',
      ...mss.rows.map((row) =>
        [row.PLR_ID, row.EW, ...['S1', 'S3', 'S4'].map((name) => (row[name] === '-9999' ? '-9999' : String(Number(row[name]) + 1)))].join(','),
      ),
    ].join('\n'),
  );
  const measured = computeIndex(later, referenced, { keyColumn: 'PLR_ID' });
  const rise = measured.areas[0]!.index! - current.areas[0]!.index!;
  assert.ok(rise > 0);
  measured.areas.forEach((area, position) => {
    if (area.index !== null) close(area.index - current.areas[position]!.index!, rise, 1e-9);
  });
  assert.throws(
    () => referenceFromTable({ ...preset, standardisation: { method: 'percentile-rank' } }, mss, { keyColumn: 'PLR_ID' }),
    isError('parse-error', /needs standardisation\.method "z-score" or "min-max"/),
  );
});

test('describeIndexSpec: the method card in German and English, with the number of valid areas when a result is given', async () => {
  const preset = indexPreset('mss-2021-status');
  const german = describeIndexSpec(preset, 'de');
  assert.equal(german[0], 'Drei Indikatoren: Arbeitslosigkeit (S1, %), Transferbezug (S3, %), Kinderarmut (S4, %).');
  assert.ok(german.includes('Gebiete mit weniger als 300 Einwohner:innen (Spalte EW) werden nicht bewertet.'));
  assert.ok(german.includes('Der Wert −9999 gilt als fehlend.'));
  assert.ok(german.includes('Klassen: 1 „hoch“: Index < −1; 2 „mittel“: −1 ≤ Index ≤ 1; 3 „niedrig“: 1 < Index ≤ 1,5; 4 „sehr niedrig“: Index > 1,5.'));
  assert.ok(german.some((sentence) => sentence.startsWith('Jeder Indikator wird über die gültigen Gebiete z-standardisiert')));
  const mss = await sampleTable('berlin/mss2021_indexindikatoren.csv');
  const result = computeIndex(mss, preset, { keyColumn: 'PLR_ID' });
  const withResult = describeIndexSpec(preset, 'de', result);
  assert.ok(withResult.some((sentence) => sentence.startsWith('Jeder Indikator wird über die 536 gültigen Gebiete z-standardisiert')));
  assert.ok(withResult.includes('Bewertet werden 536 von 542 Gebieten.'));
  const english = describeIndexSpec(preset, 'en', result);
  assert.equal(english[0], 'Three indicators: Unemployment (S1, %), Transfer benefits (S3, %), Child poverty (S4, %).');
  assert.ok(english.includes('Classes: 1 "high": index < −1; 2 "medium": −1 ≤ index ≤ 1; 3 "low": 1 < index ≤ 1.5; 4 "very low": index > 1.5.'));
  // Sub-indices and a reversed indicator in the context preset.
  const kontext = describeIndexSpec(indexPreset('mss-2021-kontext'), 'de');
  assert.match(kontext[0]!, /^Neun Indikatoren in drei Handlungsfeldern: Von Armut bedrohte Zielgruppen: Jugendarbeitslosigkeit \(KI_01, %\)/);
  assert.ok(
    kontext.some((sentence) => sentence.startsWith('Bei Wohndauer über 5 Jahre (KI_10, %) und Wanderungssaldo (KI_12, %) bedeuten niedrige Werte mehr Bedarf')),
  );
  assert.ok(kontext.some((sentence) => sentence.startsWith('Je Handlungsfeld werden die standardisierten Werte zu einem Teilindex')));
});
