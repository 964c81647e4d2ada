// The workbench on a city of 6 × 6 cells of 100 m with 100 residents each and a railway running north–south 10 m east
// of the edge between the third and fourth column (fixtures/workbench/): units, contiguity, dissolving, barriers, the
// proposal's rules, every metric against its known value, and the messages for input that cannot work.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { FeatureCollection, Polygon } from 'geojson';
import {
  SozialraumError,
  barrierAdjacencies,
  barrierLengthInside,
  cellUnits,
  contiguity,
  dissolveUnits,
  planCollection,
  polygonUnits,
  propose,
  readAreas,
  readBarriers,
  readZensusGrid,
  scorePlan,
  signedArea,
  unitComponents,
  unitsInAreas,
  type AreaCollection,
  type PopulationGrid,
  type UnitLayer,
} from '@sozialraum/core';

const ROOT = fileURLToPath(new URL('../../test/fixtures/workbench/', import.meta.url));
const X0 = 4_550_000;
const Y0 = 3_270_000;

const text = (name: string) => readFileSync(ROOT + name, 'utf8');
const areas = (name: string, idField: string): AreaCollection => readAreas(JSON.parse(text(name)) as FeatureCollection, { source: name, idField });
const zensus = readZensusGrid(text('city-grid.csv'), { source: 'city-grid.csv', value: 'Einwohner' });
const population: PopulationGrid = { grid: zensus.grid, values: zensus.values, nodata: zensus.nodata, source: 'city-grid.csv' };
const city = areas('city.geojson', 'BEZ');
const ortsteile = areas('ortsteile.geojson', 'OT');
const layer = cellUnits(population, city);
const barriers = readBarriers([{ collection: JSON.parse(text('railways.geojson')) as FeatureCollection, crs: 'EPSG:3035' }], { crs: layer.crs });
const crossing = barrierAdjacencies(layer, barriers);

/** Column (0 = west) and row (0 = south) of a unit's cell. */
function place(unit: number): { column: number; row: number } {
  return { column: Math.floor((layer.centres[unit * 2]! - X0) / 100), row: Math.floor((layer.centres[unit * 2 + 1]! - Y0) / 100) };
}

function assignmentBy(area: (column: number, row: number) => number): Int32Array {
  return Int32Array.from(layer.ids, (_, unit) => area(place(unit).column, place(unit).row));
}

test('the cells of the city are 36 units with their residents, rook neighbours and Zensus cell ids', () => {
  assert.equal(layer.ids.length, 36);
  assert.equal(
    layer.residents.reduce((sum, value) => sum + value, 0),
    3600,
  );
  assert.deepEqual(layer.territory, ['city']);
  // 2 × 6 × 5 edges between rook neighbours, each seen from both sides.
  assert.equal(layer.neighbours.length, 120);
  const southWest = layer.ids.indexOf(`CRS3035RES100mN${Y0}E${X0}`);
  assert.ok(southWest >= 0, 'the lower-left corner names the cell, as in the Zensus tables');
  assert.deepEqual(place(southWest), { column: 0, row: 0 });
  assert.equal(layer.neighbourOffsets[southWest + 1]! - layer.neighbourOffsets[southWest]!, 2, 'a corner cell has two neighbours');
  assert.equal(unitComponents(layer).length, 1);
});

test('the railway cuts the six adjacencies between the third and fourth column and nothing else; the tram is no barrier', () => {
  let pairs = 0;
  for (let unit = 0; unit < layer.ids.length; unit += 1) {
    for (let k = layer.neighbourOffsets[unit]!; k < layer.neighbourOffsets[unit + 1]!; k += 1) {
      if (!crossing[k]) continue;
      const columns = [place(unit).column, place(layer.neighbours[k]!).column].sort();
      assert.deepEqual(columns, [2, 3]);
      pairs += 1;
    }
  }
  assert.equal(pairs, 12, '6 pairs, each seen from both sides');
  assert.deepEqual([...new Set(barriers.segmentKinds)], ['railway']);
});

test('contiguity counts the pieces of each area', () => {
  const halves = assignmentBy((column) => (column < 3 ? 0 : 1));
  assert.deepEqual(contiguity(layer, halves, 2), [1, 1]);
  const stripes = assignmentBy((column) => column % 2);
  assert.deepEqual(contiguity(layer, stripes, 2), [3, 3]);
  const checkerboard = assignmentBy((column, row) => (column + row) % 2);
  assert.deepEqual(contiguity(layer, checkerboard, 2), [18, 18], 'cells meeting at a corner are not contiguous');
});

test('dissolving cells gives the traced outline: a square, a ring with its hole, and corner-touching cells as two parts', () => {
  const square = dissolveUnits(
    layer,
    assignmentBy((column, row) => (column < 3 && row < 3 ? 0 : 1)),
    2,
  )[0]!;
  assert.equal(square.type, 'Polygon');
  const outline = (square as Polygon).coordinates[0]!;
  assert.equal(outline.length, 5, 'four corners and the closing point: no vertices in the middle of an edge');
  assert.deepEqual(outline[0], outline[4]);
  assert.deepEqual(
    outline
      .slice(0, 4)
      .map(([x, y]) => `${x! - X0},${y! - Y0}`)
      .sort(),
    ['0,0', '0,300', '300,0', '300,300'],
  );
  assert.equal(signedArea(outline), 90_000, 'counter-clockwise, as RFC 7946 wants an outer ring');
  const ring = dissolveUnits(
    layer,
    assignmentBy((column, row) => (column === 1 && row === 1 ? 1 : column < 3 && row < 3 ? 0 : 2)),
    3,
  )[0]!;
  assert.equal(ring.type, 'Polygon');
  assert.equal((ring as Polygon).coordinates.length, 2, 'the outline and the hole of the middle cell');
  const diagonal = dissolveUnits(
    layer,
    assignmentBy((column, row) => ((column === 0 && row === 0) || (column === 1 && row === 1) ? 0 : 1)),
    2,
  )[0]!;
  assert.equal(diagonal.type, 'MultiPolygon');
  assert.equal(diagonal.coordinates.length, 2);
});

test('the proposal for min 500, target 900, max 1300 is the four 3 × 3 squares: balanced, compact, along the railway, no sliver of an Ortsteil', async () => {
  const proposal = await propose(layer, {
    minimum: 500,
    target: 900,
    maximum: 1300,
    barrierEdges: crossing,
    references: [{ name: 'Ortsteile', ids: ortsteile.ids, unitOf: unitsInAreas(layer, ortsteile) }],
  });
  assert.equal(proposal.areas.length, 4);
  assert.deepEqual(
    proposal.areas.map((area) => area.residents),
    [900, 900, 900, 900],
  );
  assert.deepEqual(contiguity(layer, proposal.assignment, 4), [1, 1, 1, 1]);
  for (let area = 0; area < 4; area += 1) {
    const cells = layer.ids.map((_, unit) => unit).filter((unit) => proposal.assignment[unit] === area);
    const columns = new Set(cells.map((unit) => place(unit).column < 3));
    const rows = new Set(cells.map((unit) => place(unit).row < 3));
    assert.equal(columns.size, 1, 'no area holds cells on both sides of the railway');
    assert.equal(rows.size, 1, 'no area holds a sliver of the other Ortsteil');
  }
  for (const area of proposal.areas) {
    assert.ok(
      area.rules.every((rule) => rule.met),
      JSON.stringify(area.rules),
    );
    assert.equal(area.upper, 'city');
    assert.match(area.key, /^city-0[1-4]$/);
  }
  const score = scorePlan(
    planCollection(
      layer,
      proposal.assignment,
      proposal.areas.map((area) => area.key),
      'proposal',
    ),
    'proposal',
    {
      population,
      target: 900,
      minimum: 500,
      maximum: 1300,
      barriers,
      references: [{ name: 'Ortsteile', areas: ortsteile }],
    },
  );
  for (const area of score.areas) {
    assert.equal(area.residents, 900);
    assert.equal(area.deviation, 0);
    assert.equal(area.area, 90_000);
    assert.equal(area.perimeter, 1200);
    assert.ok(Math.abs(area.polsbyPopper - Math.PI / 4) < 1e-12, 'a square: 4π · 90,000 / 1,200² = π/4');
    assert.ok(Math.abs(area.reock - 2 / Math.PI) < 1e-9, 'a square in its circle of radius 150√2: 90,000 / (π · 45,000) = 2/π');
    assert.equal(area.barrierRailway, 0, 'the railway runs 10 m from the boundary: a boundary, not inside');
  }
  assert.equal(score.summary.cv, 0);
  assert.equal(score.summary.belowMinimum, 0);
  // Each Ortsteil has 1,800 residents, more than the maximum: it is made of two whole areas, which is no split.
  assert.equal(score.references[0]!.split, 0);
  assert.equal(score.references[0]!.meanLargestShare, 0.5);
  assert.equal(score.references[0]!.meanWholeShare, 1);
  assert.match(
    proposal.areas[0]!.rules.find((rule) => rule.rule === 'reference')!.text.en,
    /shares 1 unit\(s\) of Ortsteile with other areas, each in a part of at least half the target/,
  );
});

test('the same seed gives the same proposal; the rules decide how many areas', async () => {
  const rules = { minimum: 300, target: 600, maximum: 900, barrierEdges: crossing, seed: 7 };
  const progress: [number, number][] = [];
  const first = await propose(layer, { ...rules, onProgress: (done, total) => progress.push([done, total]) });
  const second = await propose(layer, rules);
  assert.deepEqual(progress[0], [0, 60], 'progress starts at 0 of the most passes');
  assert.deepEqual(progress.at(-1), [first.passes, 60], 'and ends with the passes made');
  assert.deepEqual([...first.assignment], [...second.assignment]);
  assert.equal(first.areas.length, 6);
  assert.ok(first.areas.every((area) => area.residents >= 300 && area.residents <= 900));
  assert.ok(contiguity(layer, first.assignment, 6).every((pieces) => pieces === 1));
});

test('an area that must cross the railway says so, and why', async () => {
  // Nobody lives east of the railway: the east cannot be an area of its own.
  const values = Float64Array.from(zensus.values);
  const emptyEast = cellUnits({ ...population, values: values.map((value, cell) => (cell % zensus.grid.columns >= 3 ? 0 : value)) }, city);
  const edges = barrierAdjacencies(emptyEast, barriers);
  const proposal = await propose(emptyEast, { minimum: 500, target: 900, maximum: 1300, barrierEdges: edges });
  assert.equal(proposal.areas.length, 2);
  const crossers = proposal.areas.filter((area) => area.rules.some((rule) => rule.rule === 'barrier' && !rule.met));
  assert.ok(crossers.length >= 1);
  for (const area of crossers) {
    assert.match(
      area.rules.find((rule) => rule.rule === 'barrier')!.text.en,
      /^crosses a barrier along about \d+ m between its units: the 0 residents beyond it are too few for an area of their own/,
    );
    assert.equal(area.beyondBarrier, 0);
  }
});

test('plan metrics of the whole city and of its halves: barrier inside, split Ortsteile, largest shares', () => {
  const whole = scorePlan(city, 'city', { population, target: 3600, barriers, references: [{ name: 'Ortsteile', areas: ortsteile }] });
  assert.equal(whole.areas[0]!.residents, 3600);
  // 600 m of railway inside the city, less 50 m at each end where it meets the outline.
  assert.ok(Math.abs(whole.areas[0]!.barrierRailway! - 500) < 1e-6, String(whole.areas[0]!.barrierRailway));
  assert.equal(whole.summary.barrierInside, 500);
  const halves = planCollection(
    layer,
    assignmentBy((column) => (column < 3 ? 0 : 1)),
    ['West', 'Ost'],
    'halves',
  );
  const score = scorePlan(halves, 'halves', { population, target: 1800, minimum: 2000, barriers, references: [{ name: 'Ortsteile', areas: ortsteile }] });
  assert.deepEqual(
    score.areas.map((area) => [area.key, area.residents, area.polsbyPopper]),
    [
      ['West', 1800, (4 * Math.PI * 180_000) / 1800 ** 2],
      ['Ost', 1800, (4 * Math.PI * 180_000) / 1800 ** 2],
    ],
  );
  assert.equal(score.summary.belowMinimum, 2);
  assert.equal(score.references[0]!.split, 2, 'both Ortsteile are cut by the areas West and Ost, which straddle their boundary');
  assert.deepEqual(
    score.references[0]!.units.map((unit) => [unit.key, unit.residents, unit.largestShare, unit.wholeShare, unit.areas]),
    [
      ['Nord', 1800, 0.5, 0, 2],
      ['Sued', 1800, 0.5, 0, 2],
    ],
  );
  // A 3 × 6 rectangle: its smallest circle has the half diagonal √(150² + 300²) as radius.
  assert.ok(Math.abs(score.areas[0]!.reock - 180_000 / (Math.PI * (150 ** 2 + 300 ** 2))) < 1e-9);
  const barrierLength = barrierLengthInside(
    barriers,
    halves.features.map((feature) => feature.geometry),
  );
  assert.deepEqual(
    barrierLength.map((length) => length.total),
    [0, 0],
  );
});

test('blocks with 20 m streets between them are neighbours within a 30 m tolerance, with residents by exact coverage', () => {
  const blocks = polygonUnits(areas('blocks.geojson', 'BLOCK'), population, areas('north-west.geojson', 'BEZ'), { tolerance: 30 });
  assert.equal(blocks.ids.length, 9);
  blocks.residents.forEach((residents) => assert.ok(Math.abs(residents - 64) < 1e-9, 'an 80 m block in a 100 m cell holds 64 % of its 100 residents'));
  assert.equal(blocks.neighbours.length, 24, '12 rook pairs; blocks meeting only across a crossing are no neighbours');
  // The 80 m the two blocks face each other, and 10 m round each corner that still lie within 30 m of the other block.
  blocks.sharedLengths.forEach((length) => assert.ok(Math.abs(length - 100) < 1e-6, String(length)));
  const whole = dissolveUnits(blocks, new Int32Array(9), 1)[0]!;
  assert.equal(whole.type, 'MultiPolygon', 'the street space between blocks is not filled yet');
});

test('bad input: a message naming the unit, area or rule', async () => {
  const refused = (fn: () => unknown, pattern: RegExp) =>
    assert.throws(fn, (error: unknown) => error instanceof SozialraumError && pattern.test(error.message));
  refused(
    () => polygonUnits(areas('blocks.geojson', 'BLOCK'), population, areas('north-west.geojson', 'BEZ'), { tolerance: 5 }),
    /blocks\.geojson, key "B\d\d": unit "B\d\d" has no path to the rest of "nw" \(\d+ separate pieces\) within the adjacency tolerance of 5 m; raise the tolerance/,
  );
  await assert.rejects(
    propose(layer, { minimum: 1000, target: 800, maximum: 1300 }),
    (error: unknown) => error instanceof SozialraumError && /the target of 800 residents lies outside the bounds 1000 to 1300/.test(error.message),
  );
  await assert.rejects(
    propose(layer, { minimum: 5000, target: 6000, maximum: 9000 }),
    (error: unknown) =>
      error instanceof SozialraumError && /key "city": territory area "city" has 3600 residents, fewer than the minimum of 5000/.test(error.message),
  );
  const larger = readAreas(
    {
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          properties: { BEZ: 'groß' },
          geometry: {
            type: 'Polygon',
            coordinates: [
              [
                [X0, Y0],
                [X0 + 900, Y0],
                [X0 + 900, Y0 + 600],
                [X0, Y0 + 600],
                [X0, Y0],
              ],
            ],
          },
        },
      ],
    },
    { source: 'gross.geojson', idField: 'BEZ', crs: 'EPSG:3035' },
  );
  refused(
    () => cellUnits(population, larger),
    /gross\.geojson, key "groß": 18 cells of area "groß" lie outside the population grid city-grid\.csv; the units do not cover the territory/,
  );
  const aborted = new AbortController();
  aborted.abort();
  await assert.rejects(
    propose(layer, { minimum: 500, target: 900, maximum: 1300, signal: aborted.signal }),
    (error: unknown) => error instanceof SozialraumError && error.code === 'aborted',
  );
});

test('units in areas: cells by their centre, blocks by a point inside', () => {
  const byOrtsteil = unitsInAreas(layer, ortsteile);
  layer.ids.forEach((_, unit) => assert.equal(byOrtsteil[unit], place(unit).row >= 3 ? 0 : 1));
  const unitLayer: UnitLayer = polygonUnits(areas('blocks.geojson', 'BLOCK'), population, areas('north-west.geojson', 'BEZ'));
  assert.ok([...unitsInAreas(unitLayer, ortsteile)].every((ortsteil) => ortsteil === 0));
});

test('Berlin Mitte from the Zensus 100 m cells: every area contiguous and within 1,000 to 12,000, CV of residents under 0.15', async () => {
  const samples = fileURLToPath(new URL('../../../../data-samples/berlin/', import.meta.url));
  const planungsraeume = JSON.parse(readFileSync(`${samples}lor_planungsraeume_2021.geojson`, 'utf8')) as FeatureCollection;
  const bezirke = readAreas(planungsraeume, { source: 'lor_planungsraeume_2021.geojson', idField: 'BEZ' });
  const keep = bezirke.ids.map((id) => id === '01');
  const mitte = { ...bezirke, features: bezirke.features.filter((_, i) => keep[i]), ids: bezirke.ids.filter((_, i) => keep[i]) };
  const grid = readZensusGrid(readFileSync(`${samples}zensus2011_einwohner_100m.csv`, 'utf8'), { source: 'zensus', value: 'Einwohner' });
  const cells = cellUnits({ grid: grid.grid, values: grid.values, nodata: grid.nodata }, mitte);
  assert.equal(cells.ids.length, 3947);
  const residents = cells.residents.reduce((sum, value) => sum + value, 0);
  assert.equal(residents, 317_976);
  const proposal = await propose(cells, { minimum: 1000, target: 7000, maximum: 12000 });
  assert.equal(proposal.areas.length, Math.round(residents / 7000));
  assert.ok(contiguity(cells, proposal.assignment, proposal.areas.length).every((pieces) => pieces === 1));
  assert.ok(proposal.areas.every((area) => area.residents >= 1000 && area.residents <= 12000));
  const mean = residents / proposal.areas.length;
  const cv = Math.sqrt(proposal.areas.reduce((sum, area) => sum + (area.residents - mean) ** 2, 0) / proposal.areas.length) / mean;
  assert.ok(cv <= 0.15, `CV ${cv}`);
  assert.ok(
    [...proposal.assignment].every((area) => area >= 0),
    'every cell belongs to an area',
  );
});
