import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import {
  SozialraumError,
  cellKey,
  coverageWeights,
  isLedger,
  ledgerAreas,
  ledgerLines,
  parseLedger,
  perturbCount,
  perturbationNoise,
  perturbationTable,
  protectAggregation,
  readZensusGrid,
  recordKeyFromBytes,
  zonalStatistics,
  type AreaCollection,
  type Grid,
  type ProtectedAggregation,
  type RecordKeyOf,
} from '@sozialraum/core';
import type { Polygon } from 'geojson';
import { berlinAreas, fixtureAreas, rect, samplePath } from './samples.js';

// ---------------------------------------------------------------------------------------------------------------
// The perturbation table

test('the perturbation table is unbiased, within ±D, reaches V where the targets allow, and never yields 1 … threshold', () => {
  for (const [D, V, threshold] of [
    [3, 2, 2],
    [2, 1.05, 1],
    [5, 4, 2],
    [2, 1, 0],
  ] as const) {
    const table = perturbationTable({ maxDeviation: D, variance: V, threshold });
    assert.equal(table.rows.length, threshold + D + 1);
    for (const [count, row] of [...table.rows.entries(), [1000, table.general] as const]) {
      const total = row.probability.reduce((sum, p) => sum + p, 0);
      assert.ok(Math.abs(total - 1) < 1e-12, `D${D} V${V} row ${count}: probabilities add up to 1`);
      const mean = row.noise.reduce((sum, d, index) => sum + d * row.probability[index]!, 0);
      assert.ok(Math.abs(mean) < 1e-9, `D${D} V${V} row ${count}: unbiased, mean ${mean}`);
      for (const [index, d] of row.noise.entries()) {
        assert.ok(Math.abs(d) <= D, `row ${count}: noise ${d} within ±${D}`);
        if (row.probability[index]! > 0) {
          const target = Math.min(count, 1000) + d;
          assert.ok(target === 0 || target > threshold, `row ${count}: never to ${target}`);
          assert.ok(target >= 0);
        }
      }
    }
    assert.equal(table.rows[0]!.noise.join(), '0', 'a 0 stays 0');
    assert.ok(Math.abs(table.general.variance - V) < 1e-9, `D${D}: the general row has variance ${V}, not ${table.general.variance}`);
    const variance = table.general.noise.reduce((sum, d, index) => sum + d * d * table.general.probability[index]!, 0);
    assert.ok(Math.abs(variance - V) < 1e-9);
    // Symmetric noise with its largest probability at 0: the maximum-entropy shape for a variance below the uniform one.
    const p = table.general.probability;
    for (let k = 0; k < p.length; k += 1) assert.ok(Math.abs(p[k]! - p[p.length - 1 - k]!) < 1e-12);
  }
  // With threshold 2 a 1 can only go to 0 or 3, unbiased: two thirds and one third.
  const row1 = perturbationTable({ maxDeviation: 3, variance: 2, threshold: 2 }).rows[1]!;
  const to = (d: number) => row1.probability[row1.noise.indexOf(d)] ?? 0;
  assert.ok(Math.abs(to(-1) - 2 / 3) < 1e-6 && Math.abs(to(2) - 1 / 3) < 1e-6, `1 → 0 or 3: ${row1.noise} ${row1.probability}`);
});

test('D and V out of range are refused with a message naming the parameter', () => {
  const refused = (parameters: Parameters<typeof perturbationTable>[0], pattern: RegExp) =>
    assert.throws(
      () => perturbationTable(parameters),
      (error: unknown) => error instanceof SozialraumError && error.code === 'bad-number' && pattern.test(error.text.en) && pattern.test(error.text.de),
    );
  refused({ maxDeviation: 0, variance: 1 }, /\bD\b/);
  refused({ maxDeviation: 2.5, variance: 1 }, /\bD\b/);
  refused({ maxDeviation: 21, variance: 1 }, /\bD\b/);
  refused({ maxDeviation: 1, variance: 0.5, threshold: 2 }, /\bD\b.*2/);
  refused({ maxDeviation: 2, variance: 0 }, /\bV\b/);
  refused({ maxDeviation: 2, variance: 4 }, /\bV\b.*4/);
  refused({ maxDeviation: 2, variance: Number.NaN }, /\bV\b/);
});

test('the cell key is the sum of the record keys mod 1, in any order; the noise follows the table over uniform keys', () => {
  const keys = [4_000_000_000, 300_000_000, 2 ** 32 - 1, 17];
  assert.equal(cellKey(keys), cellKey([...keys].reverse()));
  assert.equal(cellKey(keys), ((4_000_000_000 + 300_000_000 + 2 ** 32 - 1 + 17) % 2 ** 32) / 2 ** 32);
  assert.equal(cellKey([]), 0);
  const table = perturbationTable({ maxDeviation: 3, variance: 2, threshold: 2 });
  let sum = 0;
  let squares = 0;
  const n = 20_000;
  for (let i = 0; i < n; i += 1) {
    const noise = perturbationNoise(table, 50, (i + 0.5) / n);
    sum += noise;
    squares += noise * noise;
  }
  assert.ok(Math.abs(sum / n) < 1e-3, `mean noise ${sum / n}`);
  assert.ok(Math.abs(squares / n - 2) < 1e-3, `variance ${squares / n}`);
  assert.equal(perturbCount(table, 157.5, 0.3), perturbCount(table, 157.5, 0.3), 'the same count and key, the same noise');
  assert.ok(Number.isInteger(perturbCount(table, 157.5, 0.3)));
  for (let i = 0; i < 100; i += 1) {
    const published = perturbCount(table, 1 + (i % 2), i / 100);
    assert.ok(published === 0 || published >= 3, `a small count is published as 0 or 3 and more, not ${published}`);
  }
});

// ---------------------------------------------------------------------------------------------------------------
// The attacks: two user-drawn areas whose difference holds a few persons

const box = (x0: number, y0: number, x1: number, y1: number): Polygon => ({ type: 'Polygon', coordinates: [rect(x0, y0, x1, y1)] });
const union = (...parts: Polygon[]) => ({ type: 'MultiPolygon' as const, coordinates: parts.map((part) => part.coordinates) });

async function zensus() {
  const text = await readFile(samplePath('berlin/zensus2011_einwohner_100m.csv'), 'utf8');
  const grid = readZensusGrid(text, { source: 'zensus2011_einwohner_100m.csv', value: 'Einwohner' });
  return { grid: grid.grid, values: grid.values, nodata: grid.nodata };
}
type Layer = Awaited<ReturnType<typeof zensus>>;

/** The record key an office would derive: an HMAC of the cell's corner on the ground under its secret. */
const officeKeys =
  (secret: string): RecordKeyOf =>
  (cell: number, grid: Grid) => {
    const x = grid.originX + (cell % grid.columns) * grid.cellWidth;
    const y = grid.originY - (Math.floor(cell / grid.columns) + 1) * grid.cellHeight;
    return recordKeyFromBytes(createHmac('sha256', secret).update(`${grid.crs}|${grid.cellWidth}|${x}|${y}`).digest());
  };

function aggregate(
  areas: AreaCollection,
  layer: Layer,
  options: { secret?: string; reference?: AreaCollection; confidential?: boolean } = {},
): ProtectedAggregation {
  const weights = coverageWeights(areas, layer.grid, { method: 'exact' });
  const statistics = zonalStatistics(weights, layer, ['sum']).map((area) => ({ id: area.id, values: { sum: area.sum ?? null } }));
  return protectAggregation(
    {
      areas,
      layer,
      method: 'exact',
      statistics,
      weights,
      reference: options.reference ? [coverageWeights(options.reference, layer.grid, { method: 'exact' })] : [],
    },
    {
      estimated: true,
      confidential: options.confidential ?? true,
      language: 'en',
      ...(options.secret
        ? { perturbation: { table: perturbationTable({ maxDeviation: 3, variance: 2, threshold: 2 }), recordKey: officeKeys(options.secret) } }
        : {}),
    },
  );
}

const B = box(4531400, 3265300, 4531700, 3265600);
const HALF_CELL = box(4531350, 3265400, 4531400, 3265500);
const EMPTY_CELLS = box(4530800, 3265500, 4531400, 3265700);

test('the padded pair: B and B + half a 3-person cell + 12 empty cells, drawn in one run, no longer gives the 1.5 persons away', async () => {
  const layer = await zensus();
  const areas = fixtureAreas({ B, A: union(B, HALF_CELL, EMPTY_CELLS) }, 'EPSG:3035');
  const raw = zonalStatistics(coverageWeights(areas, layer.grid, { method: 'exact' }), layer, ['sum']);
  assert.deepEqual(
    raw.map((area) => area.sum),
    [156, 157.5],
    'the truth the attack is after',
  );
  for (const confidential of [true, false]) {
    const result = aggregate(areas, layer, { confidential });
    assert.equal(result.rows[0]!.values.sum, 156);
    assert.equal(result.rows[1]!.values.sum, null, 'A is withheld');
    assert.deepEqual(result.rows[1]!.areaFlags, ['near-duplicate-suppressed']);
    assert.match(result.rows[1]!.notes.join('; '), /differs from B by 13 cells; suppressed so the difference does not reveal a count below 3/);
    assert.ok(!result.rows[1]!.notes.join().includes('1.5'));
    assert.equal(result.rows[0]!.notes[0], confidential ? 'input confidential' : 'input public');
  }
});

test('the padded pair, perturbed: both are published, differing by noise whose size the key decides, never by the 1.5 persons', async () => {
  const layer = await zensus();
  const areas = fixtureAreas({ B, A: union(B, HALF_CELL, EMPTY_CELLS) }, 'EPSG:3035');
  const differences = new Set<number>();
  for (let office = 0; office < 40; office += 1) {
    const result = aggregate(areas, layer, { secret: `secret of office ${office}` });
    const [b, a] = result.rows.map((row) => row.values.sum!);
    assert.ok(Number.isInteger(a) && Number.isInteger(b), 'perturbed counts are whole numbers');
    assert.ok(Math.abs(a! - 158) <= 3 && Math.abs(b! - 156) <= 3, 'within ±D of the rounded truth');
    assert.deepEqual(result.rows[1]!.flags.sum, ['perturbed', 'estimated']);
    assert.equal(result.rows[1]!.notes[0], 'input confidential; counts perturbed (cell-key method)');
    differences.add(a! - b!);
  }
  assert.ok(differences.size >= 4, `the difference A − B varies with the secret: ${[...differences]}`);
  // The same secret, the same records: the same noise, run after run.
  assert.deepEqual(aggregate(areas, layer, { secret: 'kept' }).rows, aggregate(areas, layer, { secret: 'kept' }).rows);
});

test('the padded pair across runs: A is withheld against B published before (the reference)', async () => {
  const layer = await zensus();
  const first = aggregate(fixtureAreas({ B }, 'EPSG:3035'), layer);
  assert.equal(first.rows[0]!.values.sum, 156);
  const second = aggregate(fixtureAreas({ A: union(B, HALF_CELL, EMPTY_CELLS) }, 'EPSG:3035'), layer, { reference: fixtureAreas({ B }, 'EPSG:3035') });
  assert.equal(second.rows[0]!.values.sum, null);
  assert.match(second.rows[0]!.notes.join('; '), /differs from the published area B by 13 cells/);
});

test('Berlin: Planungsraum 08401138 and the same with an empty block and half a 3-person cell are not both published', async () => {
  const layer = await zensus();
  const berlin = await berlinAreas();
  const plr = berlin.features[berlin.ids.indexOf('08401138')]!.geometry;
  const { transformer } = await import('@sozialraum/core');
  const to3035 = transformer(berlin.crs, 'EPSG:3035', 'berlin');
  const inGrid = (geometry: typeof plr) =>
    geometry.type === 'Polygon'
      ? [geometry.coordinates.map((ring) => ring.map(to3035))]
      : geometry.coordinates.map((part) => part.map((ring) => ring.map(to3035)));
  const planungsraum = { type: 'MultiPolygon' as const, coordinates: inGrid(plr) };
  // A 3-person cell just north of it (x 4556200–4556300, y 3265100–3265200), half of it, and 4 × 3 empty cells.
  const padded = {
    type: 'MultiPolygon' as const,
    coordinates: [...inGrid(plr), box(4556200, 3265100, 4556250, 3265200).coordinates, box(4556400, 3265200, 4556800, 3265500).coordinates],
  };
  const areas = fixtureAreas({ '08401138': planungsraum, padded }, 'EPSG:3035');
  const raw = zonalStatistics(coverageWeights(areas, layer.grid, { method: 'exact' }), layer, ['sum']);
  assert.deepEqual(
    raw.map((area) => area.sum!.toFixed(2)),
    ['2321.34', '2322.84'],
  );
  const result = aggregate(areas, layer);
  assert.equal(result.rows[0]!.values.sum!.toFixed(2), '2321.34');
  assert.equal(result.rows[1]!.values.sum, null);
  // And across runs, through the ledger of what was published.
  const ledger = ledgerLines(fixtureAreas({ '08401138': planungsraum }, 'EPSG:3035'), new Set(['08401138']), undefined, '2026-12-07T12:00:00Z');
  const [published] = ledgerAreas(parseLedger(ledger, 'published.ndjson'), 'published.ndjson');
  const later = aggregate(fixtureAreas({ padded }, 'EPSG:3035'), layer, { reference: published! });
  assert.equal(later.rows[0]!.values.sum, null);
  assert.match(later.rows[0]!.notes.join('; '), /the published area 08401138/);
});

// ---------------------------------------------------------------------------------------------------------------
// The ledger

test('the ledger: a header line, one line per published area, appended without repeating what it holds', () => {
  const areas = fixtureAreas({ B, C: box(0, 0, 100, 100) }, 'EPSG:3035');
  const text = ledgerLines(areas, new Set(['B']), undefined, '2026-12-07T12:00:00Z');
  assert.ok(isLedger(text));
  const entries = parseLedger(text, 'l.ndjson');
  assert.deepEqual(
    entries.map((entry) => [entry.id, entry.crs, entry.run, entry.source]),
    [['B', 'EPSG:3035', '2026-12-07T12:00:00Z', 'fixture']],
  );
  assert.equal(ledgerLines(areas, new Set(['B']), entries, 'later'), '', 'B is in it already');
  assert.equal(
    ledgerLines(areas, new Set(['B', 'C']), entries, 'later')
      .split('\n')
      .filter(Boolean).length,
    1,
  );
  assert.ok(!isLedger('{"type":"FeatureCollection","features":[]}'));
});

test('a corrupt ledger is refused with the line and the problem named', () => {
  const good = ledgerLines(fixtureAreas({ B }, 'EPSG:3035'), new Set(['B']), undefined, 'run');
  const refused = (text: string, pattern: RegExp) =>
    assert.throws(
      () => parseLedger(text, 'l.ndjson'),
      (error: unknown) => error instanceof SozialraumError && error.code === 'parse-error' && pattern.test(error.message),
    );
  refused(good.slice(0, -20), /^l\.ndjson, row 2: is not a ledger .*not JSON/);
  refused('{"type":"FeatureCollection"}\n', /row 1: .*first line/);
  refused(`${good}{"id":"X","crs":"EPSG:3035","geometry":{"type":"Point","coordinates":[0,0]}}\n`, /row 3: .*X has no polygon/);
  refused(`${good}{"id":"X","geometry":${JSON.stringify(B)}}\n`, /row 3: .*no CRS/);
  refused(good.replace('"version":1', '"version":9'), /row 1: .*version 9/);
});
