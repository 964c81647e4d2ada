import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import {
  applyDisclosureControl,
  coverageWeights,
  nearDuplicateAreas,
  readGeoTiff,
  sharedEdgeNeighbours,
  transformer,
  zonalStatistics,
  type AreaCollection,
  type AreaFeature,
  type CoverageWeights,
  type DisclosureRow,
  type Grid,
} from '@sozialraum/core';
import type { MultiPolygon, Polygon, Position } from 'geojson';
import { berlinAreas, samplePath, fixtureAreas, rect } from './samples.js';

const rows = (...values: Record<string, number | null>[]): DisclosureRow[] => values.map((row, index) => ({ id: `a${index + 1}`, values: row }));

// ---------------------------------------------------------------------------------------------------------------
// Primary suppression, minimum population, estimates

test('counts above 0 and below 3 are suppressed and flagged; 0, 3 and more, and empty values are left as they are', () => {
  const { rows: protectedRows, notes } = applyDisclosureControl(
    rows({ sum: 0 }, { sum: 1 }, { sum: 2 }, { sum: 2.9999 }, { sum: 3 }, { sum: 17 }, { sum: null }, { sum: Number.NaN }, { sum: 0.4 }),
    { language: 'en', countColumns: ['sum'] },
  );
  assert.deepEqual(
    protectedRows.map((row) => row.values.sum),
    [0, null, null, null, 3, 17, null, null, null],
  );
  assert.deepEqual(
    protectedRows.map((row) => row.flags.sum ?? []),
    [[], ['suppressed'], ['suppressed'], ['suppressed'], [], [], [], [], ['suppressed']],
  );
  assert.deepEqual(protectedRows[1]!.notes, ['sum: a count below 3, suppressed']);
  assert.deepEqual(protectedRows[0]!.notes, []);
  assert.ok(protectedRows.every((row) => row.areaFlags.length === 0));
  assert.deepEqual(notes, ['4 counts above 0 and below 3 suppressed in 4 areas']);
});

test('only count columns are suppressed; the threshold is configurable, 0 switches suppression off', () => {
  const input = rows({ sum: 4, coverage: 0.5, count: 1 });
  const [atFive] = applyDisclosureControl(input, { language: 'en', countColumns: ['sum'], minCount: 5 }).rows;
  assert.deepEqual(atFive!.values, { sum: null, coverage: 0.5, count: 1 });
  const [off] = applyDisclosureControl(input, { language: 'en', countColumns: ['sum', 'count'], minCount: 0 }).rows;
  assert.deepEqual(off!.values, { sum: 4, coverage: 0.5, count: 1 });
  assert.throws(() => applyDisclosureControl(input, { language: 'en', countColumns: ['sum'], minCount: -1 }), RangeError);
});

test('a mean is withheld with the count it derives from, since mean × area gives the count back', () => {
  const [row] = applyDisclosureControl(rows({ sum: 2, mean: 0.5, max: 1, coverage: 1 }), {
    language: 'en',
    countColumns: ['sum', 'max'],
    derivedColumns: { mean: 'sum' },
  }).rows;
  assert.deepEqual(row!.values, { sum: null, mean: null, max: null, coverage: 1 });
  assert.deepEqual(row!.flags, { sum: ['suppressed'], max: ['suppressed'], mean: ['suppressed'] });
  assert.deepEqual(row!.notes, ['sum, max: counts below 3, suppressed', 'mean: derived from a suppressed count, suppressed with it']);
  const [kept] = applyDisclosureControl(rows({ sum: 40, mean: 2, max: 2 }), {
    language: 'en',
    countColumns: ['sum', 'max'],
    derivedColumns: { mean: 'sum' },
  }).rows;
  assert.deepEqual(kept!.values, { sum: 40, mean: 2, max: null }, 'the mean stays when only the maximum goes');
});

test('when one part of a total is suppressed, the smallest other part above 0 goes too (secondary suppression)', () => {
  const totals = [{ total: 'count', parts: ['count_a', 'count_b', 'count_c'] }];
  const countColumns = ['count', 'count_a', 'count_b', 'count_c'];
  const { rows: protectedRows, notes } = applyDisclosureControl(
    rows(
      { count: 12, count_a: 1, count_b: 5, count_c: 6 },
      { count: 9, count_a: 2, count_b: 0, count_c: 7 },
      { count: 10, count_a: 1, count_b: 2, count_c: 7 },
      { count: 2, count_a: 1, count_b: 1, count_c: 0 },
    ),
    { countColumns, totals, language: 'en' },
  );
  // 12 − 5 − 6 would give count_a = 1 back.
  assert.deepEqual(protectedRows[0]!.values, { count: 12, count_a: null, count_b: null, count_c: 6 });
  assert.deepEqual(protectedRows[0]!.notes, [
    'count_a: a count below 3, suppressed',
    'count_b suppressed too, so that count_a cannot be worked out from count',
  ]);
  // A 0 is no cover: the 7 goes with the 2.
  assert.deepEqual(protectedRows[1]!.values, { count: 9, count_a: null, count_b: 0, count_c: null });
  // Two parts suppressed already: their sum is 3, neither of them can be told.
  assert.deepEqual(protectedRows[2]!.values, { count: 10, count_a: null, count_b: null, count_c: 7 });
  assert.deepEqual(protectedRows[3]!.values, { count: null, count_a: null, count_b: null, count_c: 0 });
  assert.deepEqual(notes, ['7 counts above 0 and below 3 suppressed in 4 areas', '2 more values suppressed so that totals do not give suppressed counts away']);
});

test('areas under the minimum population are flagged and every count withheld, without saying the number', () => {
  const { rows: protectedRows, notes } = applyDisclosureControl(
    rows({ EW: 250, sgb2: 40, rate: 16 }, { EW: 300, sgb2: 40, rate: 13.3 }, { EW: null, sgb2: 7, rate: null }),
    {
      language: 'en',
      countColumns: ['EW', 'sgb2'],
      derivedColumns: { rate: 'sgb2' },
      population: 'EW',
      minPopulation: 300,
    },
  );
  assert.deepEqual(protectedRows[0]!.values, { EW: null, sgb2: null, rate: null });
  assert.deepEqual(protectedRows[0]!.areaFlags, ['small-population']);
  assert.deepEqual(protectedRows[0]!.flags, { EW: ['suppressed'], sgb2: ['suppressed'], rate: ['suppressed'] });
  assert.deepEqual(protectedRows[0]!.notes, ['population below 300; counts withheld']);
  assert.ok(!protectedRows[0]!.notes.join().includes('250'));
  assert.deepEqual(protectedRows[1]!.values, { EW: 300, sgb2: 40, rate: 13.3 });
  assert.deepEqual(protectedRows[1]!.areaFlags, []);
  assert.deepEqual(protectedRows[2]!.areaFlags, ['small-population'], 'an unknown population cannot be shown to reach the minimum');
  assert.deepEqual(protectedRows[2]!.values, { EW: null, sgb2: null, rate: null });
  assert.match(protectedRows[2]!.notes[0]!, /population unknown/);
  assert.deepEqual(notes, ['2 areas with a population below 300 withheld']);
  assert.throws(() => applyDisclosureControl(rows({ EW: 1 }), { language: 'en', countColumns: ['EW'], minPopulation: 300 }), /needs population/);
});

test('results from perturbed Zensus counts are flagged as estimates, value by value', () => {
  const { rows: protectedRows, notes } = applyDisclosureControl(rows({ sum: 1234.5, mean: 12.1, coverage: 1 }, { sum: 1, mean: 1, coverage: 1 }), {
    language: 'en',
    countColumns: ['sum'],
    derivedColumns: { mean: 'sum' },
    estimated: true,
  });
  assert.deepEqual(protectedRows[0]!.flags, { sum: ['estimated'], mean: ['estimated'] });
  assert.deepEqual(protectedRows[1]!.flags, { sum: ['suppressed'], mean: ['suppressed'] });
  assert.ok(notes.some((note) => /estimates/.test(note)));
});

test('a near-duplicate area is withheld whole, with a note naming the area it repeats and the cells between them', () => {
  const { rows: protectedRows, notes } = applyDisclosureControl(rows({ sum: 520, mean: 13 }, { sum: 523, mean: 12.8 }), {
    language: 'en',
    countColumns: ['sum'],
    derivedColumns: { mean: 'sum' },
    nearDuplicates: [{ id: 'a2', of: '01100101', differingCells: 2, inReference: true }],
  });
  assert.deepEqual(protectedRows[0]!.values, { sum: 520, mean: 13 });
  assert.deepEqual(protectedRows[1]!.values, { sum: null, mean: null });
  assert.deepEqual(protectedRows[1]!.areaFlags, ['near-duplicate-suppressed']);
  assert.deepEqual(protectedRows[1]!.notes, [
    'differs from the published area 01100101 by 2 cells; suppressed so the difference does not reveal a count below 3',
  ]);
  assert.equal(notes.length, 1);
  const [within] = applyDisclosureControl(rows({ sum: 5 }), {
    language: 'en',
    countColumns: ['sum'],
    nearDuplicates: [{ id: 'a1', of: 'b7', differingCells: 1 }],
  }).rows;
  assert.deepEqual(within!.notes, ['differs from b7 by 1 cell; suppressed so the difference does not reveal a count below 3']);
});

// ---------------------------------------------------------------------------------------------------------------
// Near-duplicate areas on a 4 × 4 grid of 100 m cells, top-left corner (0, 400); cells are written "column,row".

const GRID: Grid = { crs: 'EPSG:3035', originX: 0, originY: 400, cellWidth: 100, cellHeight: 100, columns: 4, rows: 4 };

const areasOf = (entries: Record<string, Polygon | MultiPolygon>, crs = 'EPSG:3035'): AreaCollection => fixtureAreas(entries, crs);
const square = (x0: number, y0: number, x1: number, y1: number): Polygon => ({ type: 'Polygon', coordinates: [rect(x0, y0, x1, y1)] });
const weigh = (entries: Record<string, Polygon | MultiPolygon>, grid = GRID): CoverageWeights => coverageWeights(areasOf(entries), grid, { method: 'exact' });
/** Values row by row: cell "column,row" holds values[row * 4 + column]. */
const cells = (...values: number[]) => Float64Array.from(values);

const pairs = (found: ReturnType<typeof nearDuplicateAreas>) => found.map(({ id, of, differingCells }) => `${id} of ${of} by ${differingCells}`);

test('an area that adds up to two cells to another is its near-duplicate; the later one is reported', () => {
  // A: cells 0,0 1,0 0,1 1,1. B: A and 2,0 2,1. C: A and 0,2 1,2. D: A and the whole third column and row.
  const weights = weigh({
    A: square(0, 200, 200, 400),
    B: square(0, 200, 300, 400),
    C: square(0, 100, 200, 400),
    D: square(0, 100, 300, 400),
  });
  const found = nearDuplicateAreas(weights);
  // D differs from A by 5 cells, from B and C by 3, so with the default of 2 it is nobody's near-duplicate; B and C
  // differ from each other by 4.
  assert.deepEqual(pairs(found), ['B of A by 2', 'C of A by 2']);
  assert.deepEqual(pairs(nearDuplicateAreas(weights, null, { maxDifferingCells: 3 })), ['B of A by 2', 'C of A by 2', 'D of B by 3', 'D of C by 3']);
  assert.deepEqual(pairs(nearDuplicateAreas(weights, null, { maxDifferingCells: 1 })), []);
  const [first] = found;
  assert.equal(first!.differingArea, 2);
  assert.equal(first!.sharedArea, 4);
  assert.equal(first!.inReference, false);
  assert.equal(first!.differingValue, undefined);
});

test('a sliver of a cell counts as a differing cell: subtracting reveals a tenth of two cells just as well', () => {
  const found = nearDuplicateAreas(weigh({ A: square(0, 200, 200, 400), sliver: square(0, 200, 210, 400) }));
  assert.deepEqual(pairs(found), ['sliver of A by 2']);
  assert.ok(Math.abs(found[0]!.differingArea - 0.2) < 1e-9);
});

test('the same area twice, and neighbours of a partition, are not near-duplicates', () => {
  assert.deepEqual(nearDuplicateAreas(weigh({ A: square(0, 200, 200, 400), again: square(0, 200, 200, 400) })), []);
  // Two halves of the grid along a cell edge share nothing; split through the third column they share four half cells.
  assert.deepEqual(nearDuplicateAreas(weigh({ west: square(0, 0, 200, 400), east: square(200, 0, 400, 400) })), []);
  const split = weigh({ west: square(0, 0, 250, 400), east: square(250, 0, 400, 400) });
  assert.deepEqual(nearDuplicateAreas(split, null, { values: new Float64Array(16) }), []);
  assert.deepEqual(nearDuplicateAreas(split, null, { values: cells(0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0) }), []);
});

test('with values, areas that are mostly the same and differ by fewer than 3 persons are near-duplicates, however many cells apart', () => {
  // A: the top two rows of the first two columns (4 cells); E: the first two columns (8 cells), 4 cells more.
  const weights = weigh({ A: square(0, 200, 200, 400), E: square(0, 0, 200, 400) });
  const withBelow = (a: number, b: number, c: number, d: number) => cells(9, 9, 9, 9, 9, 9, 9, 9, a, b, 9, 9, c, d, 9, 9);
  assert.deepEqual(nearDuplicateAreas(weights), [], '4 differing cells are more than 2');
  const found = nearDuplicateAreas(weights, null, { values: withBelow(0, 1, 0, 1) });
  assert.deepEqual(pairs(found), ['E of A by 4']);
  assert.equal(found[0]!.differingValue, 2);
  assert.deepEqual(nearDuplicateAreas(weights, null, { values: withBelow(1, 1, 1, 0) }), [], '3 persons may be shown');
  assert.deepEqual(
    nearDuplicateAreas(weights, null, { values: withBelow(0, 0, 0, 0) }),
    [],
    'nobody lives in the difference, so every count is the same for both',
  );
  assert.deepEqual(
    pairs(nearDuplicateAreas(weights, null, { values: withBelow(0, 0, 0, Number.NaN) })),
    ['E of A by 4'],
    'a cell without value may hold anybody',
  );
  assert.deepEqual(pairs(nearDuplicateAreas(weights, null, { values: { values: withBelow(0, 0, 0, -1), nodata: -1 } })), ['E of A by 4']);
  // Two cells apart but nobody in them: nothing to reveal.
  const twoCells = weigh({ A: square(0, 200, 200, 400), B: square(0, 200, 300, 400) });
  assert.deepEqual(nearDuplicateAreas(twoCells, null, { values: new Float64Array(16) }), []);
  assert.deepEqual(pairs(nearDuplicateAreas(twoCells, null, { values: new Float64Array(16).fill(50) })), ['B of A by 2']);
});

test('against a reference set, the new area is reported whichever comes first, and the grids must match', () => {
  const published = weigh({ P1: square(0, 200, 200, 400), P2: square(200, 200, 400, 400), P3: square(0, 0, 400, 200) });
  const drawn = weigh({ N1: square(0, 200, 300, 400), N2: square(0, 0, 400, 200) });
  const found = nearDuplicateAreas(drawn, published);
  assert.deepEqual(
    found.map(({ id, of, inReference, differingCells }) => ({ id, of, inReference, differingCells })),
    [{ id: 'N1', of: 'P1', inReference: true, differingCells: 2 }],
    'N2 repeats P3 exactly, which gives the same numbers and reveals nothing; N1 against P2 shares two of six cells',
  );
  // The reference areas are published already; pairs among them are not reported.
  assert.deepEqual(nearDuplicateAreas(weigh({ N: square(0, 0, 100, 100) }), weigh({ R1: square(0, 200, 200, 400), R2: square(0, 200, 300, 400) })), []);
  const otherGrid = coverageWeights(areasOf({ A: square(0, 200, 200, 400) }), { ...GRID, columns: 5 }, { method: 'exact' });
  assert.throws(() => nearDuplicateAreas(drawn, otherGrid), /another grid/);
  assert.throws(() => nearDuplicateAreas(drawn, null, { values: new Float64Array(15) }), RangeError);
});

// ---------------------------------------------------------------------------------------------------------------
// Berlin: Planungsräume on the Zensus 2011 100 m grid

async function berlinSetup() {
  const areas = await berlinAreas();
  const tiff = await readGeoTiff(new Uint8Array(await readFile(samplePath('berlin/zensus2011_einwohner_100m.tif'))), {
    source: 'zensus2011_einwohner_100m.tif',
  });
  const weights = coverageWeights(areas, tiff.grid, { method: 'exact' });
  return { areas, tiff, weights };
}

test('Berlin: the 542 Planungsräume hold no near-duplicates, and the same boundaries read from FlatGeobuf repeat them exactly', async () => {
  const { tiff, weights } = await berlinSetup();
  assert.deepEqual(nearDuplicateAreas(weights, null, { values: tiff }), []);
  const fromFgb = coverageWeights(await berlinAreas('fgb'), tiff.grid, { method: 'exact' });
  assert.deepEqual(nearDuplicateAreas(fromFgb, weights, { values: tiff }), []);
});

test('Berlin: moving one populated cell between two neighbouring Planungsräume is caught, and both redrawn areas are withheld', async () => {
  const { areas, tiff, weights } = await berlinSetup();
  const grid = tiff.grid;
  const neighbours = sharedEdgeNeighbours(areas.features);
  // A Planungsraum drawn as one polygon, and a populated cell deep inside it (all eight cells around it inside too).
  const fraction = (area: number) => {
    const map = new Map<number, number>();
    for (let run = weights.runOffsets[area]!; run < weights.runOffsets[area + 1]!; run += 1) {
      for (let cell = weights.runStarts[run]!; cell < weights.runStarts[run]! + weights.runLengths[run]!; cell += 1) map.set(cell, 1);
    }
    return map;
  };
  let donor = -1;
  let cell = -1;
  for (let area = 0; area < areas.features.length && cell === -1; area += 1) {
    if (areas.features[area]!.geometry.type !== 'Polygon' || neighbours[area]!.length === 0) continue;
    const whole = fraction(area);
    for (const candidate of whole.keys()) {
      const around = [-grid.columns - 1, -grid.columns, -grid.columns + 1, -1, 1, grid.columns - 1, grid.columns, grid.columns + 1];
      if (tiff.values[candidate]! >= 3 && around.every((step) => whole.has(candidate + step))) {
        donor = area;
        cell = candidate;
        break;
      }
    }
  }
  assert.ok(cell >= 0, 'a Planungsraum with an inner populated cell');
  const receiver = neighbours[donor]![0]!;
  const column = cell % grid.columns;
  const row = Math.floor(cell / grid.columns);
  const x0 = grid.originX + column * grid.cellWidth;
  const y1 = grid.originY - row * grid.cellHeight;
  const cellRing = rect(x0, y1 - grid.cellHeight, x0 + grid.cellWidth, y1);

  // The two areas redrawn in the grid's CRS: the receiver gains the cell as a second part, the donor gets it as a hole.
  const project = transformer(areas.crs, grid.crs);
  const inGrid = (feature: AreaFeature): Position[][][] =>
    (feature.geometry.type === 'Polygon' ? [feature.geometry.coordinates] : feature.geometry.coordinates).map((polygon) =>
      polygon.map((ring) => ring.map(project)),
    );
  const donorId = areas.ids[donor]!;
  const receiverId = areas.ids[receiver]!;
  const [donorPolygon] = inGrid(areas.features[donor]!);
  const redrawn = areasOf({
    [receiverId]: { type: 'MultiPolygon', coordinates: [...inGrid(areas.features[receiver]!), [cellRing]] },
    [donorId]: { type: 'Polygon', coordinates: [...donorPolygon!, [...cellRing].reverse()] },
  });
  const redrawnWeights = coverageWeights(redrawn, grid, { method: 'exact' });

  // Without protection, the difference of the two aggregates is exactly the count of the moved cell.
  const before = zonalStatistics(weights, tiff, ['sum']);
  const after = zonalStatistics(redrawnWeights, tiff, ['sum']);
  const moved = tiff.values[cell]!;
  assert.ok(Math.abs(after[0]!.sum! - before[receiver]!.sum! - moved) < 1e-6, 'the receiver gained the cell');
  assert.ok(Math.abs(before[donor]!.sum! - after[1]!.sum! - moved) < 1e-6, 'the donor lost it');

  const found = nearDuplicateAreas(redrawnWeights, weights, { values: tiff });
  assert.deepEqual(
    found.map(({ id, of, inReference, differingCells, differingValue }) => ({ id, of, inReference, differingCells, differingValue })),
    [
      { id: receiverId, of: receiverId, inReference: true, differingCells: 1, differingValue: moved },
      { id: donorId, of: donorId, inReference: true, differingCells: 1, differingValue: moved },
    ],
  );
  const { rows: published } = applyDisclosureControl(
    after.map((area) => ({ id: area.id, values: { sum: area.sum! } })),
    { language: 'en', countColumns: ['sum'], estimated: true, nearDuplicates: found },
  );
  for (const row of published) {
    assert.equal(row.values.sum, null);
    assert.deepEqual(row.areaFlags, ['near-duplicate-suppressed']);
    assert.deepEqual(row.notes, [`differs from the published area ${row.id} by 1 cell; suppressed so the difference does not reveal a count below 3`]);
  }
});

test('disclosure notes are German by default, with German numbers, and never repeat the withheld count', () => {
  const { rows: protectedRows, notes } = applyDisclosureControl(rows({ EW: 1250, sgb2: 2 }, { EW: 250, sgb2: 40 }), {
    countColumns: ['sgb2'],
    population: 'EW',
    minPopulation: 1000,
  });
  assert.deepEqual(protectedRows[0]!.notes, ['sgb2: Fallzahl unter 3, gesperrt']);
  assert.deepEqual(protectedRows[1]!.notes, ['Einwohnerzahl unter 1.000; Fallzahlen zurückgehalten']);
  assert.deepEqual(notes, ['1 Fallzahl über 0 und unter 3 in 1 Gebiet gesperrt', '1 Gebiet mit weniger als 1.000 Einwohnern zurückgehalten']);
});
