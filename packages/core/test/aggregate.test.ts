import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import {
  SozialraumError,
  areaCoverage,
  coverageTotals,
  coverageWeights,
  readGeoTiff,
  readZensusGrid,
  transformer,
  zonalStatistics,
  type AreaCollection,
  type CoverageMethod,
  type CoverageWeights,
  type Grid,
} from '@sozialraum/core';
import type { MultiPolygon, Polygon, Position } from 'geojson';
import { berlinAreas, samplePath, fixtureAreas, rect } from './samples.js';

// ---------------------------------------------------------------------------------------------------------------
// Hand-made cases on a 4 × 4 grid of 100 m cells whose top-left corner is (0, 400): column c spans x 100c…100c+100,
// row r spans y 400-100(r+1)…400-100r. Expected fractions are worked out by hand; cells are written "column,row".

const GRID: Grid = { crs: 'EPSG:3035', originX: 0, originY: 400, cellWidth: 100, cellHeight: 100, columns: 4, rows: 4 };

const polygon = (...rings: Position[][]): Polygon => ({ type: 'Polygon', coordinates: rings });
const multiPolygon = (...polygons: Position[][][]): MultiPolygon => ({ type: 'MultiPolygon', coordinates: polygons });

function areasOf(...geometries: (Polygon | MultiPolygon)[]): AreaCollection {
  return fixtureAreas(Object.fromEntries(geometries.map((geometry, index) => [`a${index + 1}`, geometry])), 'EPSG:3035');
}

/** The fractions of one area as { "column,row": fraction }. */
function fractionsOf(weights: CoverageWeights, area: number): Record<string, number> {
  const { cells, fractions } = areaCoverage(weights, area);
  const result: Record<string, number> = {};
  cells.forEach((cell, index) => {
    result[`${cell % weights.grid.columns},${Math.floor(cell / weights.grid.columns)}`] = fractions[index]!;
  });
  return result;
}

function assertFractions(actual: Record<string, number>, expected: Record<string, number>, message?: string): void {
  assert.deepEqual(Object.keys(actual).sort(), Object.keys(expected).sort(), message);
  for (const [cell, fraction] of Object.entries(expected)) {
    assert.ok(Math.abs(actual[cell]! - fraction) < 1e-12, `${message ?? ''} cell ${cell}: ${actual[cell]} ≠ ${fraction}`);
  }
}

/** Compares statistics records, numbers within 1e-12 (NaN equals NaN). */
function assertStatistics(actual: object | undefined, expected: Record<string, string | number>): void {
  assert.ok(actual);
  assert.deepEqual(Object.keys(actual).sort(), Object.keys(expected).sort());
  for (const [key, value] of Object.entries(expected)) {
    const got: unknown = (actual as Record<string, unknown>)[key];
    if (typeof value === 'number' && typeof got === 'number' && !Number.isNaN(value)) {
      assert.ok(Math.abs(got - value) <= 1e-12 * Math.max(1, Math.abs(value)), `${key}: ${got} ≠ ${value}`);
    } else {
      assert.deepEqual(got, value, key);
    }
  }
}

function weigh(geometry: Polygon | MultiPolygon, method: CoverageMethod): Record<string, number> {
  return fractionsOf(coverageWeights(areasOf(geometry), GRID, { method }), 0);
}

const all = (cells: string[], fraction = 1) => Object.fromEntries(cells.map((cell) => [cell, fraction]));

test('a square over a quarter of one cell covers 0.25 of it (exact), and the cell whole when it holds the centre', () => {
  const square = polygon(rect(120, 220, 170, 270));
  assertFractions(weigh(square, 'exact'), { '1,1': 0.25 });
  assertFractions(weigh(square, 'centre'), { '1,1': 1 });
  assertFractions(weigh(square, 'touched'), { '1,1': 1 });
  // The quarters of cell 1,1 meet at its centre (150, 250), which belongs to the quarter east and south of it.
  const quarters = areasOf(
    polygon(rect(100, 250, 150, 300)),
    polygon(rect(150, 250, 200, 300)),
    polygon(rect(100, 200, 150, 250)),
    polygon(rect(150, 200, 200, 250)),
  );
  const exact = coverageWeights(quarters, GRID, { method: 'exact' });
  const centre = coverageWeights(quarters, GRID, { method: 'centre' });
  for (let area = 0; area < 4; area += 1) assertFractions(fractionsOf(exact, area), { '1,1': 0.25 });
  for (let area = 0; area < 3; area += 1) assertFractions(fractionsOf(centre, area), {});
  assertFractions(fractionsOf(centre, 3), { '1,1': 1 });
});

test('a square along cell edges covers its cells whole and does not touch the cells it only borders', () => {
  const square = polygon(rect(100, 100, 300, 300));
  const inside = all(['1,1', '2,1', '1,2', '2,2']);
  for (const method of ['exact', 'centre', 'touched'] as const) assertFractions(weigh(square, method), inside, method);
});

test('a hole subtracts its area, whichever way the rings are wound', () => {
  const outer = rect(0, 100, 300, 400);
  const hole = rect(125, 225, 175, 275);
  const ring = all(['0,0', '1,0', '2,0', '0,1', '2,1', '0,2', '1,2', '2,2']);
  const expected = { ...ring, '1,1': 0.75 };
  assertFractions(weigh(polygon(outer, [...hole].reverse()), 'exact'), expected, 'RFC 7946 winding');
  assertFractions(weigh(polygon([...outer].reverse(), hole), 'exact'), expected, 'reversed winding');
  assertFractions(weigh(polygon(outer, hole), 'exact'), expected, 'both rings wound the same way');
  assertFractions(weigh(polygon(outer, hole), 'centre'), ring, 'the centre of the middle cell lies in the hole');
  assertFractions(weigh(polygon(outer, hole), 'touched'), { ...ring, '1,1': 1 });
  const weights = coverageWeights(areasOf(polygon(outer, hole)), GRID, { method: 'exact' });
  assert.ok(Math.abs(weights.areaCells[0]! - 8.75) < 1e-12);
});

test('the parts of a multipolygon add up', () => {
  const parts = multiPolygon([rect(0, 300, 100, 400)], [rect(240, 0, 340, 100)]);
  assertFractions(weigh(parts, 'exact'), { '0,0': 1, '2,3': 0.6, '3,3': 0.4 });
  assertFractions(weigh(parts, 'centre'), { '0,0': 1, '2,3': 1 });
  assertFractions(weigh(parts, 'touched'), { '0,0': 1, '2,3': 1, '3,3': 1 });
});

test('a polygon smaller than a cell gets its exact share, no centre, and the cell it touches', () => {
  const small = polygon([
    [10, 390],
    [30, 390],
    [10, 370],
    [10, 390],
  ]);
  assertFractions(weigh(small, 'exact'), { '0,0': 0.02 });
  assertFractions(weigh(small, 'centre'), {});
  assertFractions(weigh(small, 'touched'), { '0,0': 1 });
  const weights = coverageWeights(areasOf(small), GRID, { method: 'centre' });
  // No cell is counted for it, so it has no value by this method: empty, not 0 people.
  assertStatistics(zonalStatistics(weights, { values: new Float64Array(16).fill(5) }, ['sum', 'count', 'mean'])[0], {
    id: 'a1',
    sum: Number.NaN,
    count: 0,
    mean: Number.NaN,
  });
});

test('polygons crossing the raster edge are clipped to it', () => {
  const topLeft = polygon(rect(-50, 340, 60, 450));
  assertFractions(weigh(topLeft, 'exact'), { '0,0': 0.36 });
  assertFractions(weigh(topLeft, 'centre'), { '0,0': 1 });
  assertFractions(weigh(topLeft, 'touched'), { '0,0': 1 });
  const bottomRight = polygon(rect(240, -100, 500, 160));
  assertFractions(weigh(bottomRight, 'exact'), { '2,2': 0.36, '3,2': 0.6, '2,3': 0.6, '3,3': 1 });
  assertFractions(weigh(bottomRight, 'centre'), all(['2,2', '3,2', '2,3', '3,3']));
  const everything = polygon(rect(-100, -100, 500, 500));
  const cells = Array.from({ length: 16 }, (_, cell) => `${cell % 4},${Math.floor(cell / 4)}`);
  for (const method of ['exact', 'centre', 'touched'] as const) assertFractions(weigh(everything, method), all(cells), `${method}, all cells`);

  const weights = coverageWeights(areasOf(topLeft, bottomRight), GRID, { method: 'exact' });
  assert.ok(Math.abs(weights.areaCells[0]! - 1.21) < 1e-12 && Math.abs(weights.insideCells[0]! - 0.36) < 1e-12);
  assert.ok(Math.abs(weights.areaCells[1]! - 6.76) < 1e-12 && Math.abs(weights.insideCells[1]! - 2.56) < 1e-12);
  const [first, second] = zonalStatistics(weights, { values: new Float64Array(16).fill(1) }, ['coverage', 'sum']);
  assert.ok(Math.abs(first!.coverage! - 0.36 / 1.21) < 1e-12, 'the coverage statistic tells that most of the area lies outside');
  assert.ok(Math.abs(second!.sum! - 2.56) < 1e-12);
});

test('a triangle covers the cells on its diagonal by half; its mirror image takes the other halves', () => {
  const lower = polygon([
    [0, 0],
    [400, 0],
    [400, 400],
    [0, 0],
  ]);
  const upper = polygon([
    [0, 0],
    [400, 400],
    [0, 400],
    [0, 0],
  ]);
  const diagonal = all(['0,3', '1,2', '2,1', '3,0'], 0.5);
  const belowDiagonal = all(['1,3', '2,3', '3,3', '2,2', '3,2', '3,1']);
  const aboveDiagonal = all(['0,0', '1,0', '2,0', '0,1', '1,1', '0,2']);
  const exact = coverageWeights(areasOf(lower, upper), GRID, { method: 'exact' });
  assertFractions(fractionsOf(exact, 0), { ...diagonal, ...belowDiagonal });
  assertFractions(fractionsOf(exact, 1), { ...diagonal, ...aboveDiagonal });
  assert.deepEqual(Array.from(coverageTotals(exact)), new Array(16).fill(1));

  // A centre on the shared diagonal goes to the area east of it, so each cell goes to exactly one triangle.
  const centre = coverageWeights(areasOf(lower, upper), GRID, { method: 'centre' });
  assertFractions(fractionsOf(centre, 0), { ...all(Object.keys(diagonal)), ...belowDiagonal });
  assertFractions(fractionsOf(centre, 1), aboveDiagonal);
  assert.deepEqual(Array.from(coverageTotals(centre)), new Array(16).fill(1));

  // Touched: the diagonal cells count for both; cells the diagonal meets only in a corner count for neither.
  const touched = coverageWeights(areasOf(lower, upper), GRID, { method: 'touched' });
  assertFractions(fractionsOf(touched, 0), { ...all(Object.keys(diagonal)), ...belowDiagonal });
  assertFractions(fractionsOf(touched, 1), { ...all(Object.keys(diagonal)), ...aboveDiagonal });
});

test('whole cells are stored as runs along rows, partly covered cells one by one', () => {
  const weights = coverageWeights(areasOf(polygon(rect(-100, -100, 500, 500)), polygon(rect(120, 220, 170, 270))), GRID, { method: 'exact' });
  assert.deepEqual(Array.from(weights.runOffsets), [0, 4, 4]);
  assert.deepEqual(Array.from(weights.runStarts), [0, 4, 8, 12]);
  assert.deepEqual(Array.from(weights.runLengths), [4, 4, 4, 4]);
  assert.deepEqual(Array.from(weights.partialOffsets), [0, 0, 1]);
  assert.deepEqual(Array.from(weights.partialCells), [5]);
});

// ---------------------------------------------------------------------------------------------------------------
// Statistics

const TRIANGLE = areasOf(
  polygon([
    [0, 0],
    [400, 0],
    [400, 400],
    [0, 0],
  ]),
);
/** Cell i holds i + 1: the diagonal cells hold 13, 10, 7, 4, the cells below it 14, 15, 16, 11, 12, 8. */
const RISING = Float64Array.from({ length: 16 }, (_, cell) => cell + 1);

test('zonal statistics weigh each cell by the share of it the area covers', () => {
  const weights = coverageWeights(TRIANGLE, GRID, { method: 'exact' });
  const [statistics] = zonalStatistics(weights, { values: RISING }, ['sum', 'mean', 'count', 'min', 'max', 'coverage']);
  // 0.5 × (13 + 10 + 7 + 4) + (14 + 15 + 16 + 11 + 12 + 8) = 17 + 76
  assertStatistics(statistics, { id: 'a1', sum: 93, mean: 93 / 8, count: 10, min: 4, max: 16, coverage: 1 });
});

test('nodata cells are left out of every statistic and lower the coverage', () => {
  const weights = coverageWeights(TRIANGLE, GRID, { method: 'exact' });
  const values = RISING.slice();
  values[15] = -1;
  const [withNodata] = zonalStatistics(weights, { values, nodata: -1 }, ['sum', 'mean', 'count', 'max', 'coverage']);
  assertStatistics(withNodata, { id: 'a1', sum: 77, mean: 11, count: 9, max: 15, coverage: 7 / 8 });
  values[15] = Number.NaN;
  const [withNaN] = zonalStatistics(weights, { values }, ['sum', 'count']);
  assertStatistics(withNaN, { id: 'a1', sum: 77, count: 9 });
});

test('a weight layer gives the weighted mean, e.g. a rate weighted by population', () => {
  const weights = coverageWeights(TRIANGLE, GRID, { method: 'exact' });
  const values = RISING.slice();
  values[15] = -1;
  const population = new Float64Array(16).fill(1);
  population[9] = 3; // the diagonal cell holding 10
  const [statistics] = zonalStatistics(weights, { values, nodata: -1 }, ['mean'], { weight: population });
  // Σ f·w·v = 77 + 0.5 × 2 × 10, Σ f·w = 7 + 0.5 × 2
  assertStatistics(statistics, { id: 'a1', mean: 11, weightedMean: 87 / 8 });
  assert.throws(() => zonalStatistics(weights, { values }, ['weightedMean']), /needs a weight layer/);
  assert.throws(() => zonalStatistics(weights, { values: new Float64Array(15) }, ['sum']), RangeError);
});

test('one set of weights serves every band on the grid', () => {
  const weights = coverageWeights(TRIANGLE, GRID, { method: 'exact' });
  const ones = zonalStatistics(weights, { values: new Float64Array(16).fill(1) }, ['sum']);
  const rising = zonalStatistics(weights, { values: RISING }, ['sum']);
  assertStatistics(ones[0], { id: 'a1', sum: 8 });
  assertStatistics(rising[0], { id: 'a1', sum: 93 });
});

test('progress is reported up to the total, and aborting from it stops the computation', () => {
  const areas = areasOf(...Array.from({ length: 10 }, (_, index) => polygon(rect(index * 10, 0, index * 10 + 10, 10))));
  const reports: [number, number][] = [];
  coverageWeights(areas, GRID, { method: 'exact', onProgress: (done, total) => reports.push([done, total]) });
  assert.deepEqual(reports.at(-1), [10, 10]);
  const controller = new AbortController();
  assert.throws(
    () => coverageWeights(areas, GRID, { method: 'exact', signal: controller.signal, onProgress: () => controller.abort() }),
    (error: unknown) => error instanceof SozialraumError && error.code === 'aborted',
  );
});

// ---------------------------------------------------------------------------------------------------------------
// Berlin: the 542 Planungsräume (EPSG:25833) on the Zensus 2011 100 m grid (EPSG:3035)

const OFFICIAL_BERLIN_2011 = 3_292_365;

async function berlinRasters() {
  const tiff = await readFile(samplePath('berlin/zensus2011_einwohner_100m.tif'));
  const csv = await readFile(samplePath('berlin/zensus2011_einwohner_100m.csv'), 'utf8');
  return {
    tiff: await readGeoTiff(new Uint8Array(tiff), { source: 'zensus2011_einwohner_100m.tif' }),
    csv: readZensusGrid(csv, { source: 'zensus2011_einwohner_100m.csv', value: 'Einwohner' }),
  };
}

/**
 * The cells the city's outline passes through, found without the coverage code: the outline is made of the ring
 * edges that only one area has (the partition's inner edges appear twice), and every cell meeting the bounding
 * box of such an edge counts.
 */
function outlineCells(areas: AreaCollection, grid: Grid): Uint8Array {
  const edges = new Map<string, [Position, Position]>();
  for (const feature of areas.features) {
    const rings = feature.geometry.type === 'Polygon' ? feature.geometry.coordinates : feature.geometry.coordinates.flat();
    for (const ring of rings) {
      for (let i = 0; i + 1 < ring.length; i += 1) {
        const a = ring[i]!.join(',');
        const b = ring[i + 1]!.join(',');
        const key = a < b ? `${a}|${b}` : `${b}|${a}`;
        if (edges.has(key)) edges.delete(key);
        else edges.set(key, [ring[i]!, ring[i + 1]!]);
      }
    }
  }
  const project = transformer(areas.crs, grid.crs);
  const marked = new Uint8Array(grid.columns * grid.rows);
  for (const [from, to] of edges.values()) {
    const [x0, y0] = project(from) as [number, number];
    const [x1, y1] = project(to) as [number, number];
    const c0 = Math.max(0, Math.floor((Math.min(x0, x1) - grid.originX) / grid.cellWidth - 1e-6));
    const c1 = Math.min(grid.columns - 1, Math.floor((Math.max(x0, x1) - grid.originX) / grid.cellWidth + 1e-6));
    const r0 = Math.max(0, Math.floor((grid.originY - Math.max(y0, y1)) / grid.cellHeight - 1e-6));
    const r1 = Math.min(grid.rows - 1, Math.floor((grid.originY - Math.min(y0, y1)) / grid.cellHeight + 1e-6));
    for (let row = r0; row <= r1; row += 1) for (let column = c0; column <= c1; column += 1) marked[row * grid.columns + column] = 1;
  }
  return marked;
}

test('Berlin, exact: every cell inside the city is shared out completely, no cell more than once', async () => {
  const areas = await berlinAreas();
  const { tiff } = await berlinRasters();
  const weights = coverageWeights(areas, tiff.grid, { method: 'exact' });
  assert.equal(weights.ids.length, 542);
  const totals = coverageTotals(weights);
  const outline = outlineCells(areas, tiff.grid);
  let inside = 0;
  let worstInside = 0;
  let worstAnywhere = 0;
  for (let cell = 0; cell < totals.length; cell += 1) {
    const total = totals[cell]!;
    worstAnywhere = Math.max(worstAnywhere, total - 1);
    if (outline[cell] || total === 0) continue;
    inside += 1;
    worstInside = Math.max(worstInside, Math.abs(total - 1));
  }
  assert.ok(worstAnywhere <= 1e-9, `a cell is covered ${1 + worstAnywhere} times`);
  assert.ok(worstInside <= 1e-9, `a cell inside the city adds up to 1 ± ${worstInside}`);
  // Berlin is 891 km², about 89,000 cells; all but the cells on the outline are checked.
  assert.ok(inside > 80_000, `${inside} inner cells`);
  // Each area's fractions add up to its area inside the raster, measured independently by clipping its rings.
  for (let area = 0; area < weights.ids.length; area += 1) {
    const sum = areaCoverage(weights, area).fractions.reduce((total, fraction) => total + fraction, 0);
    assert.ok(Math.abs(sum - weights.insideCells[area]!) < 1e-9 * Math.max(1, sum), `area ${weights.ids[area]}: ${sum} ≠ ${weights.insideCells[area]}`);
  }
});

test('Berlin: the residents summed over the Planungsräume are the grid total inside the city, about the official 3.29 million', async () => {
  const areas = await berlinAreas();
  const { tiff } = await berlinRasters();
  const weights = coverageWeights(areas, tiff.grid, { method: 'exact' });
  const perArea = zonalStatistics(weights, tiff, ['sum', 'coverage']);
  const sumOverAreas = perArea.reduce((total, area) => total + area.sum!, 0);
  // The same total the other way round: every cell's value times the share of it that lies in the city.
  const totals = coverageTotals(weights);
  let insideCity = 0;
  for (let cell = 0; cell < totals.length; cell += 1) insideCity += tiff.values[cell]! * totals[cell]!;
  assert.ok(Math.abs(sumOverAreas - insideCity) < 1e-6, `${sumOverAreas} ≠ ${insideCity}`);
  assert.ok(Math.abs(insideCity / OFFICIAL_BERLIN_2011 - 1) < 0.01, `${insideCity} residents`);
  let gridTotal = 0;
  for (const value of tiff.values) gridTotal += value;
  assert.equal(gridTotal, 3_763_471, 'the grid also holds the Brandenburg suburbs');
  assert.ok(
    perArea.every((area) => Math.abs(area.coverage! - 1) < 1e-9),
    'the raster covers every area',
  );
});

test('Berlin: the GeoTIFF and the Zensus CSV give the same residents per Planungsraum', async () => {
  const areas = await berlinAreas();
  const { tiff, csv } = await berlinRasters();
  assert.deepEqual(csv.issues, []);
  assert.equal(csv.cells, 58_622);
  const fromTiff = zonalStatistics(coverageWeights(areas, tiff.grid, { method: 'exact' }), tiff, ['sum']);
  const fromCsv = zonalStatistics(coverageWeights(areas, csv.grid, { method: 'exact' }), csv, ['sum']);
  fromTiff.forEach((area, index) => {
    assert.equal(fromCsv[index]!.id, area.id);
    assert.ok(Math.abs(fromCsv[index]!.sum! - area.sum!) < 1e-6, `${area.id}: ${fromCsv[index]!.sum} ≠ ${area.sum}`);
  });
});

test('Berlin: cell centres give the city total within a fraction of a percent of the exact method', async () => {
  const areas = await berlinAreas();
  const { tiff } = await berlinRasters();
  const total = (method: CoverageMethod) =>
    zonalStatistics(coverageWeights(areas, tiff.grid, { method }), tiff, ['sum']).reduce((sum, area) => sum + area.sum!, 0);
  const exact = total('exact');
  const centre = total('centre');
  assert.ok(Math.abs(centre / exact - 1) < 0.002, `centre ${centre}, exact ${exact}`);
  const centreWeights = coverageWeights(areas, tiff.grid, { method: 'centre' });
  assert.ok(
    coverageTotals(centreWeights).every((total) => total === 0 || total === 1),
    'each cell centre lies in one area at most',
  );
  // Touched counts the boundary cells for every area that touches them, so it overcounts by design.
  assert.ok(total('touched') > exact);
});
