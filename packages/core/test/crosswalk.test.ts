import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Polygon } from 'geojson';
import {
  TopologyEditor,
  buildCrosswalk,
  buildTopology,
  innerPoint,
  carryChoices,
  carryComparison,
  carryTable,
  crosswalkFromOverlay,
  loadAreas,
  overlayAreas,
  parseCsv,
  readZensusGrid,
  reverseCrosswalk,
  validateIndexSpec,
  type AreaCollection,
  type CarryResult,
  type Crosswalk,
  type CrosswalkOverlay,
  type PopulationGrid,
  type Table,
} from '@sozialraum/core';
import { berlinAreas, fixtureAreas, rect, sampleBytes, sampleTable } from './samples.js';

const box = (x0: number, y0: number, x1: number, y1: number): Polygon => ({ type: 'Polygon', coordinates: [rect(x0, y0, x1, y1)] });
const CRS = 'EPSG:3035';

/** A row of 100 m cells along y 0…100 from x 0, with the given residents, in EPSG:3035 like the Zensus grid. */
function cellRow(values: number[]): PopulationGrid {
  return {
    grid: { crs: CRS, originX: 0, originY: 100, cellWidth: 100, cellHeight: 100, columns: values.length, rows: 1 },
    values: Float64Array.from(values),
    nodata: Number.NaN,
  };
}

function table(text: string): Table {
  return parseCsv(text, { source: 'values.csv' });
}

function weightsOf(crosswalk: Crosswalk, source: string): Record<string, number> {
  return Object.fromEntries(crosswalk.weights.get(source)!.map((entry) => [entry.target, entry.weight]));
}

function valuesOf(result: CarryResult, column: string): Record<string, number | null> {
  return Object.fromEntries(result.areas.map((area) => [area.id, area.values[column]!]));
}

function close(actual: number | null | undefined, expected: number, tolerance = 1e-9): void {
  assert.ok(actual !== null && actual !== undefined && Math.abs(actual - expected) <= tolerance * Math.max(1, Math.abs(expected)), `${actual} ≠ ${expected}`);
}

test('a source split evenly by area, and unevenly, gives each target its share of the area', () => {
  const source = fixtureAreas({ A: box(0, 0, 200, 100), B: box(200, 0, 400, 100) }, CRS);
  const target = fixtureAreas({ T1: box(0, 0, 100, 100), T2: box(100, 0, 250, 100), T3: box(250, 0, 400, 100) }, CRS);
  const crosswalk = buildCrosswalk(source, target);
  assert.equal(crosswalk.weighting, 'area');
  assert.deepEqual(weightsOf(crosswalk, 'A'), { T1: 0.5, T2: 0.5 });
  const b = weightsOf(crosswalk, 'B');
  close(b.T2!, 0.25);
  close(b.T3!, 0.75);
  const result = carryTable(crosswalk, table('id,EW\nA,1000\nB,400\n'), { keyColumn: 'id', columns: ['EW'] });
  const carried = valuesOf(result, 'EW');
  close(carried.T1, 500);
  close(carried.T2, 600);
  close(carried.T3, 300);
  close(result.totals.EW!.target, 1400);
  assert.deepEqual(result.outside, []);
  assert.deepEqual(result.issues, []);
});

test('with a population grid, a source is split by the residents of each part, evenly and unevenly', () => {
  const source = fixtureAreas({ A: box(0, 0, 200, 100), B: box(200, 0, 400, 100) }, CRS);
  const target = fixtureAreas({ T1: box(0, 0, 100, 100), T2: box(100, 0, 200, 100), T3: box(200, 0, 400, 100) }, CRS);
  const even = buildCrosswalk(source, target, { population: cellRow([50, 50, 10, 30]) });
  assert.equal(even.weighting, 'population');
  assert.deepEqual(weightsOf(even, 'A'), { T1: 0.5, T2: 0.5 });
  const uneven = buildCrosswalk(source, target, { population: cellRow([30, 10, 10, 30]) });
  assert.deepEqual(weightsOf(uneven, 'A'), { T1: 0.75, T2: 0.25 });
  assert.deepEqual(weightsOf(uneven, 'B'), { T3: 1 });
});

test('a grid cell crossed by both boundaries counts with the share of it inside each intersection, exactly', () => {
  // Cells x 0–100: 40, 100–200: 100, 200–300: 20. The sources meet at x 150 and the targets at x 120, both in the middle cell.
  const source = fixtureAreas({ S1: box(0, 0, 150, 100), S2: box(150, 0, 300, 100) }, CRS);
  const target = fixtureAreas({ T1: box(0, 0, 120, 100), T2: box(120, 0, 300, 100) }, CRS);
  const crosswalk = buildCrosswalk(source, target, { population: cellRow([40, 100, 20]) });
  // S1 holds 40 + 50 = 90 residents: 40 + 20 in T1 (x 0–120), 30 in T2 (x 120–150). A product of the cell's shares in S1 (0.5) and T1 (0.2) would give 10, not 20.
  const s1 = weightsOf(crosswalk, 'S1');
  close(s1.T1!, 60 / 90);
  close(s1.T2!, 30 / 90);
  assert.deepEqual(weightsOf(crosswalk, 'S2'), { T2: 1 });
  const pieces = Object.fromEntries(crosswalk.overlay.pieces.map((piece) => [`${piece.source}/${piece.target}`, piece.population]));
  close(pieces['S1/T1'], 60);
  close(pieces['S1/T2'], 30);
  close(pieces['S2/T2'], 70);
  const result = carryTable(crosswalk, table('id,EW\nS1,90\nS2,70\n'), { keyColumn: 'id', columns: ['EW'] });
  const carried = valuesOf(result, 'EW');
  close(carried.T1, 60);
  close(carried.T2, 100);
  // T1 is all from the split S1; of T2's 100, 30 came from S1 (split) and 70 from S2 (whole).
  close(result.areas[0]!.splitShare, 1);
  close(result.areas[1]!.splitShare, 0.3);

  const back = reverseCrosswalk(crosswalk);
  assert.equal(back.reversed, true);
  assert.deepEqual(weightsOf(back, 'T1'), { S1: 1 });
  const t2 = weightsOf(back, 'T2');
  close(t2.S1!, 0.3);
  close(t2.S2!, 0.7);
});

test('a target made of several whole sources gets their sum, none of it split', () => {
  const source = fixtureAreas({ S1: box(0, 0, 100, 100), S2: box(100, 0, 200, 100), S3: box(200, 0, 300, 100) }, CRS);
  const target = fixtureAreas({ T: box(0, 0, 300, 100) }, CRS);
  const result = carryTable(buildCrosswalk(source, target), table('id,EW\nS1,10\nS2,20\nS3,30\n'), { keyColumn: 'id', columns: ['EW'] });
  assert.deepEqual(result.areas, [{ id: 'T', values: { EW: 60 }, splitShare: 0 }]);
});

test('a rate is carried as numerator and denominator and divided afterwards, not averaged', () => {
  const source = fixtureAreas({ S1: box(0, 0, 100, 100), S2: box(100, 0, 200, 100) }, CRS);
  const target = fixtureAreas({ T: box(0, 0, 200, 100) }, CRS);
  const values = table('id,sgb2,ew,quote\nS1,10,100,10\nS2,60,200,30\n');
  const result = carryTable(buildCrosswalk(source, target), values, {
    keyColumn: 'id',
    columns: [],
    rates: [{ name: 'quote', numerator: 'sgb2', denominator: 'ew', scale: 100 }],
  });
  assert.deepEqual(result.columns, ['sgb2', 'ew', 'quote']);
  const area = result.areas[0]!;
  close(area.values.sgb2, 70);
  close(area.values.ew, 300);
  close(area.values.quote, (70 / 300) * 100); // the mean of the two rates would be 20
  assert.equal(result.splitColumn, 'sgb2');
});

test('slivers: the share outside every target is reported and the counts are normalised, so none is lost', () => {
  // The targets stop 1 m short of the source's top edge, as redigitised outlines do.
  const source = fixtureAreas({ S: box(0, 0, 100, 100), Far: box(1000, 1000, 1100, 1100) }, CRS);
  const target = fixtureAreas({ T1: box(0, 0, 60, 99), T2: box(60, 0, 100, 99) }, CRS);
  const crosswalk = buildCrosswalk(source, target);
  close(crosswalk.outsideShare.get('S')!, 0.01);
  const weights = weightsOf(crosswalk, 'S');
  close(weights.T1!, 0.6);
  close(weights.T2!, 0.4);
  assert.deepEqual(crosswalk.unmatchedSources, ['Far']);
  const result = carryTable(crosswalk, table('id,EW\nS,1000\nFar,25\n'), { keyColumn: 'id', columns: ['EW'] });
  close(valuesOf(result, 'EW').T1, 600);
  close(valuesOf(result, 'EW').T2, 400);
  assert.equal(result.outside.length, 1);
  close(result.outside[0]!.share, 0.01);
  assert.deepEqual(result.lost, [{ source: 'Far', values: { EW: 25 } }]);
  assert.deepEqual(result.totals.EW, { source: 1025, target: 1000, lost: 25 });
  assert.match(
    result.issues.map((found) => found.message).join('\n'),
    /values\.csv, column "id": 1 source areas touch no target area, so their counts are lost: "Far" \(EW 25\)/,
  );
});

test('missing values carry nothing and are reported; a column the table lacks is refused naming the file', () => {
  const source = fixtureAreas({ S1: box(0, 0, 100, 100), S2: box(100, 0, 200, 100) }, CRS);
  const target = fixtureAreas({ T1: box(0, 0, 100, 100), T2: box(100, 0, 200, 100) }, CRS);
  const crosswalk = buildCrosswalk(source, target);
  const result = carryTable(crosswalk, table('id,EW\nS1,\nS2,-9999\n'), { keyColumn: 'id', columns: ['EW'], missingValues: [-9999] });
  assert.deepEqual(valuesOf(result, 'EW'), { T1: null, T2: null });
  assert.deepEqual(result.missing.EW, ['S1', 'S2']);
  assert.match(result.issues.at(-1)!.message, /values\.csv, column "EW": 2 source areas have no value, so they carry nothing/);
  assert.throws(() => carryTable(crosswalk, table('id,EW\nS1,1\n'), { keyColumn: 'id', columns: ['EW', 'S9'] }), /values\.csv: has no column "S9"/);
  assert.throws(
    () => carryTable(crosswalk, table('id,EW\nX1,1\n'), { keyColumn: 'id', columns: ['EW'] }),
    /values\.csv, column "id": no key in column "id" matches an area/,
  );
});

// ---------------------------------------------------------------------------------------------------------------
// Berlin: the 448 Planungsräume before 2021 and the 542 of LOR 2021

let newAreas: AreaCollection;
let oldAreas: AreaCollection;
let mss: Table;
let newToOld: CrosswalkOverlay;
let newToNew: CrosswalkOverlay;

before(async () => {
  const load = async (name: string) => loadAreas(await sampleBytes(name), { source: name, idField: 'PLR_ID' });
  newAreas = await load('berlin/lor_planungsraeume_2021.geojson');
  oldAreas = await load('berlin/lor_planungsraeume_pre2021.geojson');
  mss = await sampleTable('berlin/mss2021_indexindikatoren.csv');
  const text = new TextDecoder().decode(await sampleBytes('berlin/zensus2011_einwohner_100m.csv'));
  const population = readZensusGrid(text, { source: 'zensus2011_einwohner_100m.csv', value: 'Einwohner' });
  // One overlay on the grid serves area and population weights in both directions.
  newToOld = overlayAreas(newAreas, oldAreas, { population });
  newToNew = overlayAreas(newAreas, newAreas, { population });
});

for (const weighting of ['area', 'population'] as const) {
  test(`Berlin, ${weighting} weights: EW carried from the 542 new Planungsräume to the 448 old ones and back keeps the city total`, () => {
    const forward = crosswalkFromOverlay(newToOld, { weighting });
    assert.equal(forward.weighting, weighting);
    assert.deepEqual(forward.unmatchedSources, []);
    assert.deepEqual(newToOld.issues, []);
    // Pankower Tor has no EW in the MSS table: it carries nothing, and says so.
    const toOld = carryTable(forward, mss, { keyColumn: 'PLR_ID', columns: ['EW'] });
    assert.deepEqual(toOld.missing.EW, ['03400831']);
    // The old file gives two Planungsräume named Schloßstraße (Charlottenburg and Steglitz) the key 06010102; a
    // key is one area, so they are carried onto as one.
    assert.equal(oldAreas.features.length, 448);
    assert.match(oldAreas.issues[0]!.message, /feature 205, key "06010102": repeats the key of feature 124/);
    assert.equal(toOld.areas.length, 447);
    const cityTotal = mss.rows.reduce((sum, row) => sum + (row.EW === '' ? 0 : Number(row.EW)), 0);
    close(toOld.totals.EW!.source, cityTotal, 1e-12);
    close(toOld.totals.EW!.target, cityTotal, 1e-6);
    assert.ok(toOld.areas.every((area) => area.splitShare !== null && area.splitShare >= 0 && area.splitShare <= 1 + 1e-12));
    assert.ok(
      toOld.areas.some((area) => area.splitShare! > 0.5),
      'the new boundaries split many old Planungsräume',
    );
    // The outlines were redigitised: small shares fall outside every old area, and are reported.
    assert.ok(toOld.outside.length > 0 && toOld.outside[0]!.share < 0.05);

    const oldTable = parseCsv(['PLR_ID,EW', ...toOld.areas.map((area) => `${area.id},${area.values.EW}`)].join('\n'), { source: 'old.csv' });
    const back = carryTable(reverseCrosswalk(forward), oldTable, { keyColumn: 'PLR_ID', columns: ['EW'] });
    assert.equal(back.areas.length, 542);
    close(back.totals.EW!.target, cityTotal, 1e-6);
  });

  test(`Berlin, ${weighting} weights: carrying onto identical geometry returns every value unchanged`, () => {
    const identity = crosswalkFromOverlay(newToNew, { weighting });
    const result = carryTable(identity, mss, { keyColumn: 'PLR_ID', columns: ['EW'] });
    const original = new Map(mss.rows.map((row) => [row.PLR_ID!, row.EW === '' ? null : Number(row.EW)]));
    for (const area of result.areas) {
      const expected = original.get(area.id)!;
      if (expected === null) assert.equal(area.values.EW, null);
      else close(area.values.EW, expected, 1e-9);
      assert.equal(area.splitShare === null || area.splitShare === 0, true, area.id);
    }
  });
}

test('carryChoices offers the spec rates with both parts and the count columns, not keys, shares or scores', () => {
  const spec = validateIndexSpec(
    {
      specVersion: 1,
      id: 'test',
      title: 'Test',
      indicators: [
        { column: 'alq', label: 'Arbeitslose je 100', unit: '%', direction: 'higher-is-need', numerator: 'arbeitslose', denominator: 'erwerbsfaehige' },
        { column: 'quote', label: 'Quote', unit: '%', direction: 'higher-is-need' },
      ],
      standardisation: { method: 'z-score' },
      combination: { method: 'mean' },
      classification: { method: 'quantile', classes: 2 },
    },
    'spec.json',
  );
  const values = table(
    'id,bez,EW,arbeitslose,erwerbsfaehige,quote,veraenderung,name\nA,01,1000,100,800,5.5,-0.3,Nord\nB,01,400,20,300,-9999,0.1,Mitte\nC,02,600,60,500,4,0.2,Süd\n',
  );
  const choices = carryChoices(values, { keyColumn: 'id', spec, language: 'de' });
  assert.deepEqual(
    choices.map((choice) => choice.column),
    ['alq', 'EW', 'arbeitslose', 'erwerbsfaehige'],
    'bez has leading zeros, quote is an indicator, veraenderung is negative, name is text',
  );
  assert.deepEqual(choices[0]!.rate, { numerator: 'arbeitslose', denominator: 'erwerbsfaehige', scale: 100 });
  assert.equal(choices[0]!.label, 'Arbeitslose je 100');
});

test('carryComparison splits the changed area onto its parts, keeps the others, and the city total', () => {
  const first = fixtureAreas({ A: box(0, 0, 200, 100), B: box(200, 0, 400, 100), C: box(400, 0, 500, 100) }, CRS);
  const second = fixtureAreas({ A: box(0, 0, 150, 100), 'A-2': box(150, 0, 200, 100), B: box(200, 0, 400, 100), C: box(400, 0, 500, 100) }, CRS);
  const changedFirst = fixtureAreas({ A: box(0, 0, 200, 100) }, CRS);
  const changedSecond = fixtureAreas({ A: box(0, 0, 150, 100), 'A-2': box(150, 0, 200, 100) }, CRS);
  const overlay = overlayAreas(changedFirst, changedSecond);
  const values = table('id,EW,arbeitslose,erwerbsfaehige\nA,1000,100,800\nB,400,20,300\nC,600,,500\n');
  const options = { keyColumn: 'id', firstIds: first.ids, secondIds: second.ids, changed: ['A', 'A-2'] };
  const counts = carryComparison(overlay, values, { ...options, choice: { column: 'EW', label: 'EW' } });
  assert.equal(counts.weighting, 'area');
  assert.deepEqual(
    counts.rows.map((row) => row.id),
    ['A', 'A-2'],
  );
  assert.equal(counts.rows[0]!.before, 1000);
  close(counts.rows[0]!.after, 750);
  assert.equal(counts.rows[1]!.before, null);
  close(counts.rows[1]!.after, 250);
  assert.deepEqual(
    counts.rows.map((row) => row.splitShare),
    [1, 1],
  );
  assert.equal(counts.total!.before, 2000);
  close(counts.total!.after, 2000);
  assert.deepEqual(counts.missing, []);

  const rate = carryComparison(overlay, values, {
    ...options,
    choice: { column: 'alq', label: 'alq', rate: { numerator: 'arbeitslose', denominator: 'erwerbsfaehige', scale: 100 } },
  });
  close(rate.rows[0]!.before, 12.5);
  close(rate.rows[0]!.after, 12.5, 1e-9);
  close(rate.rows[1]!.after, 12.5, 1e-9);
  assert.equal(rate.total, undefined, 'rates have no total');

  const unknown = table('id,EW\nB,400\nC,600\n');
  const none = carryComparison(overlay, unknown, { ...options, choice: { column: 'EW', label: 'EW' } });
  assert.deepEqual(none.missing, ['A'], 'the changed area has no row');
  assert.deepEqual(
    none.rows.map((row) => row.after),
    [null, null],
  );
  assert.deepEqual(none.total, { before: 1000, after: 1000 });
});

test('an overlay of the Planungsräume with an edited version splitting 13 of them gives every old and new area its whole area', async () => {
  // Split lines put new vertices on the old edges, a hair off their line in floating point: the overlay must still
  // hand each sliver of the old outline to the right pair (a walk along the outlines once lost 28 % of a split area).
  const berlin = await berlinAreas();
  const editor = new TopologyEditor(buildTopology(berlin).topology);
  const split: string[] = [];
  for (const key of berlin.ids.filter((_, index) => index % 42 === 0)) {
    const ring = (editor.geometry(key) as Polygon).coordinates[0]!;
    const [, y] = innerPoint([ring]);
    const xs = ring.map((position) => position[0]!);
    editor.split(
      key,
      [
        [Math.min(...xs) - 20, y],
        [Math.max(...xs) + 20, y + 2],
      ],
      { newKey: `${key}-2` },
    );
    split.push(key);
  }
  assert.equal(split.length, 13);
  const keys = [...berlin.ids, ...split.map((key) => `${key}-2`)];
  const edited: AreaCollection = {
    source: 'bearbeitet',
    crs: berlin.crs,
    idField: 'key',
    nameField: undefined,
    features: keys.map((key) => ({ type: 'Feature', properties: { key }, geometry: editor.geometry(key)! })),
    ids: keys,
    issues: [],
  };
  const overlay = overlayAreas(berlin, edited);
  const sums = (side: 'source' | 'target') => {
    const result = new Map<string, number>();
    for (const piece of overlay.pieces) result.set(piece[side], (result.get(piece[side]) ?? 0) + piece.area);
    return result;
  };
  for (const [side, totals] of [
    ['source', overlay.sourceTotals],
    ['target', overlay.targetTotals],
  ] as const) {
    const measured = sums(side);
    for (const [key, total] of totals) {
      assert.ok(Math.abs(measured.get(key)! - total.area) <= 1e-6 * total.area, `${side} ${key}: ${measured.get(key)} m² of ${total.area} m²`);
    }
  }
  for (const key of split) {
    const parts = overlay.pieces.filter((piece) => piece.source === key && piece.area > 1e-3 * overlay.sourceTotals.get(key)!.area);
    assert.deepEqual(parts.map((piece) => piece.target).sort(), [key, `${key}-2`]);
  }
});
