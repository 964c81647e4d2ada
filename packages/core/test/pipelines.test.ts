// buildLevel, the one use case behind `sozialraum aggregate-up` / `index --level` and the map's `levels`: prefix,
// mapping table, parent file by geometry, and the dissolve each caller passes in.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  aggregateCsv,
  aggregateTable,
  buildLevel,
  coverageWeights,
  dissolveParents,
  parseCsv,
  planarArea,
  protectAggregation,
  zonalStatistics,
  type Dissolver,
} from '@sozialraum/core';
import { berlinAreas, fixtureAreas, rect, sampleTable } from './samples.js';

test('Berlin: the Bezirke by key prefix and by the BEZ_ID column of the MSS table agree for all 542 Planungsräume', async () => {
  const plr = await berlinAreas();
  const table = await sampleTable('berlin/mss2021_indexindikatoren.csv');
  const byPrefix = await buildLevel(plr, { prefix: 2 });
  const byMapping = await buildLevel(plr, { mapping: { table, childColumn: 'PLR_ID', parentColumn: 'BEZ_ID' } });
  assert.equal(byPrefix.assignment.method, 'prefix');
  assert.equal(byMapping.assignment.method, 'mapping');
  assert.deepEqual(byMapping.assignment.parentOf, byPrefix.assignment.parentOf);
  assert.equal(new Set(byPrefix.assignment.parentOf.values()).size, 12);
  assert.equal(byPrefix.parents, undefined, 'no dissolve asked for, no parent areas');
  assert.deepEqual(byPrefix.issues, []);
});

test('a parent file by geometry, a mapping naming a parent the file lacks, and the dissolve a caller passes in', async () => {
  const children = fixtureAreas(
    {
      a: { type: 'Polygon', coordinates: [rect(0, 0, 10, 10)] },
      b: { type: 'Polygon', coordinates: [rect(10, 0, 20, 10)] },
      c: { type: 'Polygon', coordinates: [rect(20, 0, 30, 10)] },
    },
    'EPSG:25833',
  );
  const parents = fixtureAreas(
    { P: { type: 'Polygon', coordinates: [rect(0, 0, 21, 10)] }, Q: { type: 'Polygon', coordinates: [rect(21, 0, 30, 10)] } },
    'EPSG:25833',
  );
  const byGeometry = await buildLevel(children, { parents });
  assert.equal(byGeometry.assignment.method, 'geometry');
  assert.deepEqual(Object.fromEntries(byGeometry.assignment.parentOf), { a: 'P', b: 'P', c: 'Q' });
  assert.equal(byGeometry.parents, parents, 'the file is the parents');

  const mapping = parseCsv('child;parent\na;P\nb;P\nc;R\n', { source: 'mapping.csv' });
  const unknown = await buildLevel(children, { parents, mapping: { table: mapping, childColumn: 'child', parentColumn: 'parent' } });
  assert.ok(
    unknown.issues.some((issue) => issue.key === 'R' || /\bR\b/.test(issue.message)),
    'the parent R that the file lacks is reported',
  );

  const calls: string[] = [];
  const dissolve: Dissolver = (areas, assignment, options) => {
    calls.push(`${options.idField} ${options.source}`);
    return dissolveParents(areas, assignment, options);
  };
  const dissolved = await buildLevel(
    children,
    { mapping: { table: parseCsv('child;parent\na;X\nb;X\nc;Y\n', { source: 'm.csv' }), childColumn: 'child', parentColumn: 'parent' }, names: { X: 'West' } },
    { dissolve, idField: 'key', label: 'bezirk' },
  );
  assert.deepEqual(calls, ['key bezirk (fixture)']);
  assert.deepEqual(dissolved.parents!.ids, ['X', 'Y']);
  assert.equal(planarArea(dissolved.parents!.features[0]!.geometry), 200);
  assert.deepEqual(
    dissolved.parents!.features.map((feature) => feature.properties?.name),
    ['West', 'Y'],
    'named from `names`, else by key',
  );
});

test('protectAggregation: the coverage flags and notes come with the protected result, in the language asked for', () => {
  const grid = { crs: 'EPSG:3035', originX: 0, originY: 400, cellWidth: 100, cellHeight: 100, columns: 4, rows: 4 };
  const layer = { grid, values: new Float64Array(16).fill(10) };
  // whole: 4 cells on the grid; half: 1 of 2 cells on it; off: beyond the grid's edge.
  const areas = fixtureAreas(
    {
      whole: { type: 'Polygon', coordinates: [rect(0, 0, 200, 200)] },
      half: { type: 'Polygon', coordinates: [rect(300, 0, 500, 100)] },
      off: { type: 'Polygon', coordinates: [rect(1000, 1000, 1100, 1100)] },
    },
    'EPSG:3035',
  );
  const weights = coverageWeights(areas, grid, { method: 'exact' });
  const statistics = zonalStatistics(weights, layer, ['sum', 'coverage']).map((area) => ({
    id: area.id,
    values: { sum: area.sum ?? null, coverage: area.coverage ?? null },
  }));
  const protect = (language: 'de' | 'en') =>
    protectAggregation({ areas, layer, method: 'exact', statistics, weights }, { language, minCount: 0, estimated: false, confidential: false });
  const english = protect('en');
  assert.deepEqual([...english.coverage.keys()], ['half', 'off']);
  assert.equal(english.coverage.get('half')!.flag, 'partial-data');
  assert.match(english.coverage.get('half')!.note, /cover 50 % of the area/);
  assert.equal(english.coverage.get('off')!.flag, 'no-data');
  assert.match(protect('de').coverage.get('half')!.note, /decken 50 % des Gebiets ab/);

  const lines = aggregateCsv(aggregateTable(english, [{ statistic: 'sum', label: 'EW' }], 'id')).split('\r\n');
  assert.equal(lines[0], 'id,EW,flags,notes');
  assert.equal(lines[1], 'whole,40,,input public');
  assert.match(lines[2]!, /^half,10,partial-data,partial data: cells with a value cover 50 % of the area; the values count that part only; input public$/);
  assert.match(lines[3]!, /^off,,no-data,"no data: no cell with a value lies under the area/);
});
