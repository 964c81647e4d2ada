import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  concatCoverageWeights,
  coverageWeights,
  decodeText,
  packAreas,
  packedCoverageWeights,
  projectCoordinates,
  readGeoTiff,
  readGridTable,
  readZensusGrid,
  transformer,
  zonalStatistics,
  type CoverageMethod,
  type CoverageWeights,
  type ZensusGrid,
} from '@sozialraum/core';
import { berlinAreas, sampleBytes } from './samples.js';

const GRID_CSV = 'berlin/zensus2011_einwohner_100m.csv';
const GRID_TIF = 'berlin/zensus2011_einwohner_100m.tif';

/** Every array of two sets of weights, compared element by element with Object.is: the same to the last bit. */
function assertSameWeights(actual: CoverageWeights, expected: CoverageWeights): void {
  assert.deepEqual(actual.grid, expected.grid);
  assert.equal(actual.method, expected.method);
  assert.deepEqual(actual.ids, expected.ids);
  for (const key of ['areaCells', 'insideCells', 'partialOffsets', 'partialCells', 'partialFractions', 'runOffsets', 'runStarts', 'runLengths'] as const) {
    const a = actual[key];
    const b = expected[key];
    assert.equal(a.length, b.length, `${key}: ${a.length} entries, expected ${b.length}`);
    for (let index = 0; index < a.length; index += 1) {
      if (!Object.is(a[index], b[index])) assert.fail(`${key}[${index}]: ${a[index]} ≠ ${b[index]}`);
    }
  }
}

for (const method of ['exact', 'centre', 'touched'] as CoverageMethod[]) {
  test(`Berlin (${method}): the weights of packed parts of the Planungsräume, joined in order, are the weights of the whole to the last bit`, async () => {
    const areas = await berlinAreas();
    const { grid } = await readGeoTiff(await sampleBytes(GRID_TIF), { source: GRID_TIF });
    const whole = coverageWeights(areas, grid, { method });
    // Uneven parts, one of a single area, as a pool of threads would cut them.
    const bounds = [0, 1, 97, 300, 301, areas.features.length];
    const parts = bounds.slice(1).map((to, part) => {
      const from = bounds[part]!;
      return packedCoverageWeights(
        packAreas(
          areas,
          Array.from({ length: to - from }, (_, k) => from + k),
        ),
        grid,
        { method },
      );
    });
    assertSameWeights(concatCoverageWeights(parts), whole);
    // Boundary cells carry fractions with the exact method only.
    assert.ok(whole.runStarts.length > 0 && (method === 'exact') === whole.partialCells.length > 0);
  });
}

test('Berlin: a repeated vertex is reprojected once and gets the numbers a reprojection of its own gives', async () => {
  const areas = await berlinAreas();
  const packed = packAreas(areas);
  const project = transformer(areas.crs, 'EPSG:3035');
  const projected = projectCoordinates(packed.coordinates, project);
  const distinct = new Set<string>();
  for (let index = 0; index < packed.coordinates.length; index += 2) {
    const [x, y] = project([packed.coordinates[index]!, packed.coordinates[index + 1]!]);
    assert.ok(Object.is(projected[index], x) && Object.is(projected[index + 1], y), `vertex ${index / 2}`);
    distinct.add(`${packed.coordinates[index]},${packed.coordinates[index + 1]}`);
  }
  // Neighbouring Planungsräume share their boundary: far fewer distinct vertices than positions.
  assert.ok(distinct.size < 0.75 * (packed.coordinates.length / 2), `${distinct.size} distinct of ${packed.coordinates.length / 2}`);
});

/** The grid, the values (with NaN where suppressed), the counts and the issues of two readings, compared whole. */
function assertSameGrid(actual: ZensusGrid, expected: ZensusGrid): void {
  assert.deepEqual(actual.grid, expected.grid);
  assert.equal(actual.cells, expected.cells);
  assert.equal(actual.suppressed, expected.suppressed);
  assert.deepEqual(actual.issues, expected.issues);
  assert.equal(actual.values.length, expected.values.length);
  for (let cell = 0; cell < actual.values.length; cell += 1) {
    if (!Object.is(actual.values[cell], expected.values[cell])) assert.fail(`cell ${cell}: ${actual.values[cell]} ≠ ${expected.values[cell]}`);
  }
}

test('Berlin Zensus grid: read from its bytes it is the grid the general table reader makes, and sums the same residents', async () => {
  const bytes = await sampleBytes(GRID_CSV);
  const options = { source: GRID_CSV, value: 'Einwohner' };
  const fast = readGridTable(bytes, options);
  assertSameGrid(fast, readZensusGrid(decodeText(bytes), options));
  assert.equal(fast.cells, 58_622);
  const weights = coverageWeights(await berlinAreas(), fast.grid, { method: 'exact' });
  const total = zonalStatistics(weights, fast, ['sum']).reduce((sum, area) => sum + area.sum!, 0);
  assert.ok(Math.abs(total / 3_292_365 - 1) < 0.01, `${total} residents`);
});

test('Zensus grid rows off the plain layout (a suppressed count, a decimal comma, a repeated cell, a quote) are read by the general reader, issues and all', async () => {
  const text = decodeText(await sampleBytes(GRID_CSV));
  const lines = text.split(/\r?\n/);
  const variants: [string, (lines: string[]) => void][] = [
    ['a suppressed count', (copy) => (copy[5] = copy[5]!.replace(/;\d+$/, ';–'))],
    ['a decimal comma', (copy) => (copy[7] = copy[7]!.replace(/;(\d+)$/, ';$1,5'))],
    ['a repeated cell', (copy) => copy.splice(9, 0, copy[8]!)],
    ['a quoted field', (copy) => (copy[3] = copy[3]!.replace(/;(\d+)$/, ';"$1"'))],
    ['a centre that disagrees with its id', (copy) => (copy[4] = copy[4]!.replace(/;(\d+);(\d+);/, (_, x: string, y: string) => `;${Number(x) + 100};${y};`))],
  ];
  for (const [what, change] of variants) {
    const copy = [...lines];
    change(copy);
    const bytes = new TextEncoder().encode(copy.join('\n'));
    const options = { source: `${what}.csv`, value: 'Einwohner' };
    assertSameGrid(readGridTable(bytes, options), readZensusGrid(decodeText(bytes), options));
  }
  // The suppressed cell is no data, and said so; the repeated cell is named by its row.
  const suppressed = [...lines];
  suppressed[5] = suppressed[5]!.replace(/;\d+$/, ';–');
  assert.equal(readGridTable(new TextEncoder().encode(suppressed.join('\n')), { source: 's.csv', value: 'Einwohner' }).suppressed, 1);
  const repeated = [...lines];
  repeated.splice(9, 0, repeated[8]!);
  const issues = readGridTable(new TextEncoder().encode(repeated.join('\n')), { source: 'r.csv', value: 'Einwohner' }).issues;
  assert.ok(
    issues.some((found) => found.code === 'duplicate-key' && found.row === 10),
    JSON.stringify(issues),
  );
});
