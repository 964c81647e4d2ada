// buildLevel, the one use case behind `sozialraum aggregate-up` / `index --level` and the map's `levels`: prefix,
// mapping table, parent file by geometry, and the dissolve each caller passes in.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildLevel, dissolveParents, parseCsv, planarArea, type Dissolver } from '@sozialraum/core';
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
