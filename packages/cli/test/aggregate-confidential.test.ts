// `sozialraum aggregate` on confidential input: cell-key perturbation from the office's secret, the differencing guard
// across runs through the ledger, and the refusals of a bad secret, bad parameters and a corrupt ledger.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { access, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FeatureCollection, Polygon } from 'geojson';
import { COVERAGE_METHODS, DEFAULT_PERTURBATION, formatGeoJSON, parseCsv, type Table } from '@sozialraum/core';
import { BERLIN_GEOJSON, SAMPLES, cli, tempDirectory, writeText } from './helpers.js';

const GRID_CSV = join(SAMPLES, 'berlin/zensus2011_einwohner_100m.csv');

let temp: Awaited<ReturnType<typeof tempDirectory>>;
before(async () => (temp = await tempDirectory()));
after(async () => temp.remove());

const box = (x0: number, y0: number, x1: number, y1: number): Polygon => ({
  type: 'Polygon',
  coordinates: [
    [
      [x0, y0],
      [x1, y0],
      [x1, y1],
      [x0, y1],
      [x0, y0],
    ],
  ],
});

/** Areas drawn in EPSG:3035, as a user draws them over the grid. */
async function drawn(name: string, areas: Record<string, Polygon[]>): Promise<string> {
  const collection: FeatureCollection = {
    type: 'FeatureCollection',
    features: Object.entries(areas).map(([id, parts]) => ({
      type: 'Feature',
      properties: { id },
      geometry: parts.length === 1 ? parts[0]! : { type: 'MultiPolygon', coordinates: parts.map((part) => part.coordinates) },
    })),
  };
  return writeText(temp.file(name), formatGeoJSON(collection, 'EPSG:3035'));
}

const B = box(4531400, 3265300, 4531700, 3265600);
const PADDED = [B, box(4531350, 3265400, 4531400, 3265500), box(4530800, 3265500, 4531400, 3265700)];

async function run(args: string[], out: string): Promise<{ code: number; stderr: string; table: Table }> {
  const result = await cli(['aggregate', '--grid', GRID_CSV, '--value', 'Einwohner', ...args, '--out', out]);
  return { code: result.code, stderr: result.stderr, table: parseCsv(await readFile(out, 'utf8'), { source: out }) };
}

test('the padded pair across runs: B is published and kept in the ledger, B padded with half a 3-person cell is withheld against it', async () => {
  const ledger = temp.file('published.ndjson');
  const first = await run(['--areas', await drawn('b.geojson', { B: [B] }), '--confidential', '--reference', ledger], temp.file('b.csv'));
  assert.equal(first.code, 0, first.stderr);
  assert.equal(first.table.rows[0]!.sum, '156');
  assert.equal(first.table.rows[0]!.notes, 'input confidential');
  assert.match(first.stderr, /note: the input was declared confidential/);
  assert.match(first.stderr, /ledger .*published\.ndjson: 1 published area added/);
  const lines = (await readFile(ledger, 'utf8')).trimEnd().split('\n');
  assert.equal(lines.length, 2);
  assert.equal(JSON.parse(lines[1]!).id, 'B');

  const second = await run(['--areas', await drawn('a.geojson', { A: PADDED }), '--confidential', '--reference', ledger], temp.file('a.csv'));
  assert.equal(second.code, 0, second.stderr);
  const [a] = second.table.rows;
  assert.equal(a!.sum, '', 'A would give 157.5 and with it the 1.5 persons of the half cell');
  assert.equal(a!.flags, 'suppressed|near-duplicate-suppressed');
  assert.match(a!.notes, /^input confidential; differs from the published area B by 13 cells; suppressed/);
  assert.ok(!(await readFile(temp.file('a.csv'), 'utf8')).includes('157'));
  assert.match(second.stderr, /0 published areas added/, 'a withheld area is not published, so it does not enter the ledger');

  // The published areas as a plain areas file (read only) catch it just as well.
  const plain = await run(
    ['--areas', await drawn('a2.geojson', { A: PADDED }), '--reference', await drawn('published-b.geojson', { B: [B] })],
    temp.file('a2.csv'),
  );
  assert.equal(plain.table.rows[0]!.sum, '');
  assert.match(plain.table.rows[0]!.notes, /^input public; differs from the published area B by 13 cells/);

  // B again: the same boundary is in the ledger already and not written twice; it is no near-duplicate of itself.
  const again = await run(['--areas', await drawn('b.geojson', { B: [B] }), '--confidential', '--reference', ledger], temp.file('b2.csv'));
  assert.equal(again.table.rows[0]!.sum, '156');
  assert.equal((await readFile(ledger, 'utf8')).trimEnd().split('\n').length, 2);
});

test('with --secret the confidential counts are perturbed: whole numbers, never 1 or 2, the same for the same secret, and noise the guard lets through', async () => {
  const secret = await writeText(temp.file('secret.key'), 'a8f1c2e9d0b34f7a9e6c5d4b3a2f1e0d\n');
  const other = await writeText(temp.file('other.key'), '0123456789abcdef0123456789abcdef\n');
  const args = ['--areas', BERLIN_GEOJSON, '--id-field', 'PLR_ID', '--confidential', '--secret'];
  const exact = await run(['--areas', BERLIN_GEOJSON, '--id-field', 'PLR_ID'], temp.file('exact.csv'));
  const perturbed = await run([...args, secret], temp.file('perturbed.csv'));
  assert.equal(perturbed.code, 0, perturbed.stderr);
  assert.match(perturbed.stderr, /note: counts perturbed by the cell-key method \(maximum deviation D = 3, variance V = 2\)/);
  let moved = 0;
  perturbed.table.rows.forEach((row, index) => {
    const truth = Number(exact.table.rows[index]!.sum);
    assert.equal(row.id, exact.table.rows[index]!.id);
    assert.match(row.notes, /^input confidential; counts perturbed \(cell-key method\)/);
    if (row.sum === '') return;
    const value = Number(row.sum);
    assert.ok(Number.isInteger(value), `${row.id}: ${row.sum} is a whole number`);
    assert.ok(value === 0 || value >= 3, `${row.id}: ${value} is not a 1 or a 2`);
    assert.ok(Math.abs(value - Math.round(truth)) <= 3, `${row.id}: ${value} within ±3 of ${truth}`);
    assert.equal(row.flags, 'perturbed', "the office's own counts are exact before perturbation, no estimates");
    if (value !== Math.round(truth)) moved += 1;
  });
  assert.ok(moved > 200, `most counts move (${moved} of 542)`);
  const again = await run([...args, secret], temp.file('again.csv'));
  assert.deepEqual(again.table.rows, perturbed.table.rows, 'the same secret and records give the same noise');
  const otherRun = await run([...args, other], temp.file('other.csv'));
  assert.notDeepEqual(otherRun.table.rows, perturbed.table.rows, 'another secret, other noise');

  // The padded pair in one run, perturbed: the records differ, so does the noise; both are published.
  const pair = await run(['--areas', await drawn('pair.geojson', { B: [B], A: PADDED }), '--confidential', '--secret', secret], temp.file('pair.csv'));
  const [b, a] = pair.table.rows;
  assert.equal(a!.flags, 'perturbed');
  assert.ok(Number.isInteger(Number(a!.sum)) && Number.isInteger(Number(b!.sum)));
});

test('a bad secret, D or V out of range, or a corrupt ledger: exit code 2, a message, and nothing written', async () => {
  const short = await writeText(temp.file('short.key'), 'geheim\n');
  const secret = await writeText(temp.file('good.key'), '0123456789abcdef0123456789abcdef');
  const areas = await drawn('b3.geojson', { B: [B] });
  const corrupt = await writeText(
    temp.file('corrupt.ndjson'),
    '{"format":"sozialraum-ledger","version":1}\n{"run":"x","id":"B","crs":"EPSG:3035","geometry":{"type":"Polyg\n',
  );
  const notLedger = await writeText(temp.file('other.ndjson'), '{"type":"FeatureCollection","features":[]}\n');
  const cases: [string[], RegExp][] = [
    [['--confidential', '--secret', temp.file('missing.key')], /missing\.key: cannot be read: no such file or directory/],
    [['--confidential', '--secret', short], /short\.key: holds 6 bytes; a secret for the cell-key method needs at least 16/],
    [['--secret', secret], /--secret needs --confidential/],
    [['--confidential', '--secret', secret, '--ck-max-deviation', '0'], /the maximum deviation D must be a whole number from 1 to 20, not 0/],
    [['--confidential', '--secret', secret, '--ck-max-deviation', '1'], /the maximum deviation D \(1\) must be at least the threshold 2/],
    [['--confidential', '--secret', secret, '--ck-variance', '9'], /the variance V must lie above 0 and below D² = 9, not 9/],
    [['--confidential', '--secret', secret, '--ck-variance', 'viel'], /--ck-variance must be a number, not "viel"/],
    [['--ck-variance', '1'], /--ck-variance needs --secret/],
    [['--reference', corrupt], /corrupt\.ndjson, row 2: is not a ledger of published areas: the line is not JSON/],
    [['--reference', notLedger], /other\.ndjson, row 1: is not a ledger .*first line/],
  ];
  const ledgerBefore = await readFile(corrupt, 'utf8');
  for (const [args, message] of cases) {
    const out = temp.file('never.csv');
    const result = await cli(['aggregate', '--grid', GRID_CSV, '--value', 'Einwohner', '--areas', areas, ...args, '--out', out]);
    assert.equal(result.code, 2, `${args.join(' ')}\n${result.stderr}`);
    assert.match(result.stderr, message, args.join(' '));
    assert.ok(!result.stderr.includes('    at '), 'no stack trace');
    await assert.rejects(access(out), `${args.join(' ')}: nothing written`);
  }
  assert.equal(await readFile(corrupt, 'utf8'), ledgerBefore, 'the corrupt ledger is left as it was');
});

/** Berlin's Kitas standing in for an office's geocoded records (cases at addresses). */
const KITAS = join(SAMPLES, 'berlin/facilities/kitas.geojson');

/** `sozialraum aggregate` of the points onto the Berlin Planungsräume, before the options of a case. */
const aggregatePoints = (points: string) => ['aggregate', '--areas', BERLIN_GEOJSON, '--id-field', 'PLR_ID', '--points', points];

async function runPoints(points: string, args: string[], out: string): Promise<{ code: number; stderr: string; table: Table }> {
  const result = await cli([...aggregatePoints(points), '--category', 'traeger_art', ...args, '--out', out]);
  return { code: result.code, stderr: result.stderr, table: parseCsv(await readFile(out, 'utf8'), { source: out }) };
}

test('with --secret confidential points are perturbed as grid counts are: each count by the key of the records it counts, whatever their order', async () => {
  const secret = await writeText(temp.file('points.key'), 'a8f1c2e9d0b34f7a9e6c5d4b3a2f1e0d\n');
  const other = await writeText(temp.file('points-other.key'), '0123456789abcdef0123456789abcdef\n');
  const exact = await runPoints(KITAS, ['--confidential', '--min-count', '0'], temp.file('points-exact.csv'));
  const perturbed = await runPoints(KITAS, ['--confidential', '--secret', secret], temp.file('points-perturbed.csv'));
  assert.equal(perturbed.code, 0, perturbed.stderr);
  assert.match(perturbed.stderr, /note: counts perturbed by the cell-key method \(maximum deviation D = 3, variance V = 2\)/);
  const countColumns = perturbed.table.columns.filter((column) => column === 'count' || column.startsWith('count_'));
  assert.ok(countColumns.length >= 4, countColumns.join(', '));
  let moved = 0;
  let noise = 0;
  let shown = 0;
  perturbed.table.rows.forEach((row, index) => {
    const truth = exact.table.rows[index]!;
    assert.equal(row.id, truth.id);
    assert.match(row.notes, /^input confidential; counts perturbed \(cell-key method\)/);
    for (const column of countColumns) {
      const value = Number(row[column]);
      assert.ok(row[column] !== '' && Number.isInteger(value), `${row.id}, ${column}: ${row[column]} is a whole number`);
      assert.ok(value === 0 || value >= 3, `${row.id}, ${column}: ${value} is not a 1 or a 2`);
      const difference = value - Number(truth[column]);
      assert.ok(Math.abs(difference) <= 3, `${row.id}, ${column}: ${value} within ±3 of ${truth[column]}`);
      if (column === 'count') {
        noise += difference;
        shown += 1;
        if (difference !== 0) moved += 1;
      }
    }
    assert.equal(row.flags, 'perturbed');
  });
  assert.ok(moved > 200, `most counts move (${moved} of 542)`);
  // The noise is unbiased: over 542 areas its mean lies near 0 (its standard deviation is √2 per area).
  assert.ok(Math.abs(noise / shown) < 0.3, `mean noise ${noise / shown}`);

  // The same records give the same noise: again, and in another order of the file (the keys follow the place).
  const again = await runPoints(KITAS, ['--confidential', '--secret', secret], temp.file('points-again.csv'));
  assert.deepEqual(again.table.rows, perturbed.table.rows);
  const collection = JSON.parse(await readFile(KITAS, 'utf8')) as FeatureCollection;
  const reversed = await writeText(temp.file('kitas-reversed.geojson'), JSON.stringify({ ...collection, features: [...collection.features].reverse() }));
  const shuffled = await runPoints(reversed, ['--confidential', '--secret', secret], temp.file('points-reversed.csv'));
  assert.deepEqual(shuffled.table.rows, perturbed.table.rows, 'the order of the records does not change their noise');
  // An area's count has the key of its records, whether the run splits them by category or not.
  const plain = await cli([...aggregatePoints(KITAS), '--confidential', '--secret', secret, '--out', temp.file('points-plain.csv')]);
  assert.equal(plain.code, 0, plain.stderr);
  const plainTable = parseCsv(await readFile(temp.file('points-plain.csv'), 'utf8'), { source: 'points-plain.csv' });
  assert.deepEqual(
    plainTable.rows.map((row) => row.count),
    perturbed.table.rows.map((row) => row.count),
  );
  const otherRun = await runPoints(KITAS, ['--confidential', '--secret', other], temp.file('points-other.csv'));
  assert.notDeepEqual(otherRun.table.rows, perturbed.table.rows, 'another secret, other noise');
});

test('--secret with --sum on points is refused: the sum is a magnitude, not a count of records; exit code 2 and nothing written', async () => {
  const secret = await writeText(temp.file('sum.key'), '0123456789abcdef0123456789abcdef');
  const out = temp.file('never-points.csv');
  const result = await cli([...aggregatePoints(KITAS), '--sum', 'plaetze', '--confidential', '--secret', secret, '--out', out]);
  assert.equal(result.code, 2, result.stderr);
  assert.match(
    result.stderr,
    /--secret perturbs counts of records \(points, cases\); --sum adds up a value, a magnitude that the cell-key method for counts does not protect/,
  );
  assert.ok(!result.stderr.includes('    at '), 'no stack trace');
  await assert.rejects(access(out));
});

test("the coverage methods and the cell-key defaults are core's, as the aggregator's are", async () => {
  const help = (await cli(['aggregate', '--help'])).stdout.replace(/\s+/g, ' ');
  assert.ok(help.includes(`how cells count for an area: ${COVERAGE_METHODS.join(', ')} (default: exact)`), 'methods in the help');
  assert.ok(help.includes(`the largest noise, a whole number (default ${DEFAULT_PERTURBATION.maxDeviation})`));
  assert.ok(help.includes(`above 0 and below D² (default ${DEFAULT_PERTURBATION.variance})`));
  const refused = await cli([
    'aggregate',
    '--areas',
    BERLIN_GEOJSON,
    '--id-field',
    'PLR_ID',
    '--grid',
    GRID_CSV,
    '--value',
    'Einwohner',
    '--method',
    'bilinear',
  ]);
  assert.equal(refused.code, 2);
  assert.ok(refused.stderr.includes(`--method must be ${COVERAGE_METHODS.join(', ')}; not "bilinear"`), refused.stderr);
  // A secret without D and V perturbs as one with core's defaults given.
  const secret = await writeText(temp.file('defaults.key'), 'a8f1c2e9d0b34f7a9e6c5d4b3a2f1e0d\n');
  const args = ['--areas', BERLIN_GEOJSON, '--id-field', 'PLR_ID', '--confidential', '--secret', secret];
  const defaults = await run(args, temp.file('defaults.csv'));
  const given = await run(
    [...args, '--ck-max-deviation', String(DEFAULT_PERTURBATION.maxDeviation), '--ck-variance', String(DEFAULT_PERTURBATION.variance)],
    temp.file('given.csv'),
  );
  assert.equal(defaults.code, 0, defaults.stderr);
  assert.deepEqual(given.table.rows, defaults.table.rows);
});
