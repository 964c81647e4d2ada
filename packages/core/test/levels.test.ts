import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import polygonClipping from 'polygon-clipping';
import {
  aggregateUp,
  aggregatedTable,
  auditSuppression,
  assignByGeometry,
  assignByMapping,
  assignByPrefix,
  assignmentTo,
  checkAreaGeometries,
  computeIndex,
  computeIndexOnLevel,
  dissolve,
  dissolveCoverage,
  dissolveParents,
  levelHierarchy,
  loadAreas,
  numberColumn,
  parseCells,
  parseCsv,
  planarArea,
  polygonProblem,
  type AreaCollection,
  type IndexSpec,
  type LevelHierarchy,
  type PublishedCell,
  type Table,
  withSpecAggregation,
} from '@sozialraum/core';
import type { MultiPolygon, Polygon, Position } from 'geojson';
import { fixtureAreas, rect, sampleBytes, sampleTable } from './samples.js';

async function areas(relative: string, idField: string): Promise<AreaCollection> {
  return loadAreas(await sampleBytes(relative), { source: relative, idField });
}

const csv = (text: string, source = 'fixture.csv'): Table => parseCsv(text, { source });

let plr: AreaCollection;
let bzr: AreaCollection;
let pgr: AreaCollection;
let berlin: LevelHierarchy;
before(async () => {
  plr = await areas('berlin/lor_planungsraeume_2021.geojson', 'PLR_ID');
  bzr = await areas('berlin/lor_bezirksregionen_2021.geojson', 'BZR_ID');
  pgr = await areas('berlin/lor_prognoseraeume_2021.geojson', 'PGR_ID');
  berlin = levelHierarchy(
    ['PLR', 'BZR', 'PGR', 'BEZ'],
    [
      assignByPrefix(plr.ids, 6, { source: plr.source, parentIds: bzr.ids, parentSource: bzr.source }),
      assignByPrefix(bzr.ids, 4, { source: bzr.source, parentIds: pgr.ids, parentSource: pgr.source }),
      assignByPrefix(pgr.ids, 2, { source: pgr.source }),
    ],
  );
});

// ---------------------------------------------------------------------------------------------------------------
// Hierarchies on the real Berlin levels

test('Berlin: every Planungsraum lies in exactly one Bezirksregion, Prognoseraum and Bezirk, with no issue', () => {
  assert.deepEqual(
    berlin.steps.map((step) => step.issues),
    [[], [], []],
  );
  const counts = [1, 2, 3].map((level) => assignmentTo(berlin, level));
  assert.deepEqual(
    counts.map((step) => step.parentIds.length),
    [143, 58, 12],
  );
  for (const step of counts) {
    assert.equal(step.parentOf.size, 542);
    const listed = [...step.childrenOf.values()].flat();
    assert.equal(listed.length, 542, 'each Planungsraum is listed under one parent only');
    assert.equal(new Set(listed).size, 542);
    assert.ok(
      [...step.childrenOf.values()].every((children) => children.length > 0),
      'no parent without children',
    );
  }
  assert.equal(assignmentTo(berlin, 'BEZ').parentOf.get('01100101'), '01');
  assert.equal(assignmentTo(berlin, 'PGR').parentOf.get('12601235'), '1260');
});

test('Berlin: the assignment by geometry equals the one by key prefix for all 542 Planungsräume, and none straddles', () => {
  for (const [parents, length] of [
    [bzr, 6],
    [pgr, 4],
  ] as const) {
    const byGeometry = assignByGeometry(plr, parents);
    const byPrefix = assignByPrefix(plr.ids, length, { source: plr.source, parentIds: parents.ids });
    assert.deepEqual(byGeometry.straddling, [], `${parents.source}: ${JSON.stringify(byGeometry.straddling)}`);
    assert.deepEqual(byGeometry.issues, []);
    assert.equal(byGeometry.parentOf.size, 542);
    assert.deepEqual([...byGeometry.parentOf].sort(), [...byPrefix.parentOf].sort());
  }
});

test('Berlin: the 12 dissolved Bezirke are valid polygons whose areas add up to the area of the Planungsräume', () => {
  const bezirke = dissolveParents(plr, assignmentTo(berlin, 'BEZ'), { idField: 'BEZ' });
  assert.equal(bezirke.features.length, 12);
  assert.deepEqual(bezirke.ids, ['01', '02', '03', '04', '05', '06', '07', '08', '09', '10', '11', '12']);
  assert.deepEqual(bezirke.issues, []);
  const checked = checkAreaGeometries({ type: 'FeatureCollection', features: bezirke.features }, 'bezirke', () => undefined);
  assert.deepEqual(checked.issues, []);
  for (const feature of bezirke.features) {
    assert.equal(polygonProblem(feature.geometry), undefined);
    assert.ok(planarArea(feature.geometry) > 0);
  }
  const plrTotal = plr.features.reduce((sum, feature) => sum + planarArea(feature.geometry), 0);
  const bezTotal = bezirke.features.reduce((sum, feature) => sum + planarArea(feature.geometry), 0);
  assert.ok(Math.abs(bezTotal - plrTotal) < plrTotal * 1e-9, `${bezTotal} m² ≠ ${plrTotal} m²`);
  assert.ok(Math.abs(plrTotal / 1e6 - 891) < 1, 'Berlin has about 891 km²');
  assert.deepEqual(
    bezirke.features.map((feature) => feature.properties?.children),
    [...assignmentTo(berlin, 'BEZ').childrenOf.values()].map((c) => c.length),
  );
});

test('Berlin: the Bezirke dissolved by the shared arcs of the Planungsräume are the polygon unions, vertex for vertex and in a fraction of the time', () => {
  const assignment = assignmentTo(berlin, 'BEZ');
  const indexOf = new Map(plr.ids.map((id, index) => [id, index]));
  const groups = assignment.parentIds.map((parent) => assignment.childrenOf.get(parent)!.map((child) => indexOf.get(child)!));
  const geometries = plr.features.map((feature) => feature.geometry);
  let start = performance.now();
  const byTopology = dissolveCoverage(geometries, groups);
  const topologyMs = performance.now() - start;
  start = performance.now();
  const byUnion = groups.map((members) => dissolve(members.map((member) => geometries[member]!)));
  const unionMs = performance.now() - start;
  console.log(`12 Bezirke: by topology ${topologyMs.toFixed(0)} ms, by polygon union ${unionMs.toFixed(0)} ms`);
  const vertices = new Set(
    geometries.flatMap((geometry) =>
      polygonsOfGeometry(geometry)
        .flat(2)
        .map(([x, y]) => `${x},${y}`),
    ),
  );
  byTopology.forEach((geometry, index) => {
    assert.ok(geometry, `Bezirk ${assignment.parentIds[index]} dissolved by its topology`);
    const union = byUnion[index]!;
    // The same region: the symmetric difference has no area, and the parts and holes are the same in number.
    const difference = planarArea({
      type: 'MultiPolygon',
      coordinates: polygonClipping.xor(polygonsOfGeometry(geometry) as Pairs, polygonsOfGeometry(union) as Pairs),
    });
    assert.ok(difference < 1e-6, `Bezirk ${assignment.parentIds[index]}: ${difference} m² differ`);
    assert.equal(polygonsOfGeometry(geometry).length, polygonsOfGeometry(union).length);
    assert.equal(polygonsOfGeometry(geometry).flat().length, polygonsOfGeometry(union).flat().length);
    assert.ok(Math.abs(planarArea(geometry) - planarArea(union)) < planarArea(union) * 1e-12);
    // Every vertex is one of the Planungsräume: nothing snapped, nothing computed.
    for (const [x, y] of polygonsOfGeometry(geometry).flat(2)) assert.ok(vertices.has(`${x},${y}`), `vertex ${x}, ${y}`);
  });
});

test('areas that overlap or meet without sharing vertices are left to the polygon union', () => {
  // Two squares overlapping by half (their union is smaller than the two together), and two squares apart.
  const overlapping = [square(0, 0, 10, 10), square(5, 0, 15, 10)];
  assert.deepEqual(dissolveCoverage(overlapping, [[0, 1]]), [undefined]);
  const apart = [square(0, 0, 10, 10), square(10.5, 0, 20, 10)];
  const [pair] = dissolveCoverage(apart, [[0, 1]]);
  assert.equal(pair?.type, 'MultiPolygon', 'two separate parts stay two parts');
  const bezirk = dissolveParents(
    {
      source: 'squares',
      crs: 'EPSG:25833',
      idField: 'id',
      nameField: undefined,
      ids: ['a', 'b'],
      issues: [],
      features: overlapping.map((geometry, index) => ({ type: 'Feature', properties: { id: 'ab'[index] }, geometry })),
    },
    { parentIds: ['p'], childrenOf: new Map([['p', ['a', 'b']]]) },
  );
  assert.equal(planarArea(bezirk.features[0]!.geometry), 150, 'the union of the overlapping squares');
});

test('a coverage dissolves into parts that meet in a point, and a ring of areas into a polygon with a hole; members inside another or without shared vertices go to the union', () => {
  // Two squares touching at a corner stay two parts.
  const [corner] = dissolveCoverage([square(0, 0, 1, 1), square(1, 1, 2, 2)], [[0, 1]]);
  assert.equal(corner?.type, 'MultiPolygon');
  assert.equal(polygonsOfGeometry(corner!).length, 2);
  // Eight unit squares round an empty centre: one polygon of area 8 with a hole of area 1.
  const ring = [0, 1, 2].flatMap((x) => [0, 1, 2].filter((y) => x !== 1 || y !== 1).map((y) => square(x, y, x + 1, y + 1)));
  const [holed] = dissolveCoverage(ring, [ring.map((_, index) => index)]);
  assert.equal(holed?.type, 'Polygon');
  assert.equal(polygonsOfGeometry(holed!)[0]!.length, 2, 'outer ring and hole');
  assert.equal(planarArea(holed!), 8);
  // A square inside another shares no edge and crosses none: not a coverage.
  assert.deepEqual(dissolveCoverage([square(0, 0, 10, 10), square(2, 2, 4, 4)], [[0, 1]]), [undefined]);
  // Two squares along one side of a larger one that has no vertex where they meet: its edge does not cancel.
  const tee = [square(0, 0, 2, 2), square(2, 0, 3, 1), square(2, 1, 3, 2)];
  assert.deepEqual(dissolveCoverage(tee, [[0, 1, 2]]), [undefined]);
  // Each group is dissolved on its own: the same areas in two groups give two results.
  const pair = dissolveCoverage(tee, [[1, 2], [0]]);
  assert.equal(planarArea(pair[0]!), 2);
  assert.equal(planarArea(pair[1]!), 4);
});

test("the parents' table carries the numbers as computed: its typed columns are those its cells parse to, bit for bit", async () => {
  const mss = await sampleTable('berlin/mss2021_indexindikatoren.csv');
  for (const level of ['BZR', 'BEZ']) {
    const result = aggregateUp(mss, assignmentTo(berlin, level), {
      keyColumn: 'PLR_ID',
      counts: ['EW'],
      weighted: ['S1', 'S3', 'D1'].map((column) => ({ column, weight: 'EW' })),
      missingValues: [-9999],
      missing: 'sum-known',
    });
    const table = aggregatedTable(result, `${level}.csv`);
    for (const column of table.columns.slice(1)) {
      const adopted = numberColumn(table, column);
      const parsed = parseCells(
        table.rows.map((row) => row[column]!),
        column,
        '.',
      );
      assert.deepEqual([...adopted.missing], [...parsed.missing], `${level} ${column}`);
      assert.equal(adopted.missingCount, parsed.missingCount);
      adopted.values.forEach((value, row) =>
        assert.ok(Object.is(value, parsed.values[row]), `${level} ${column} row ${row}: ${value} ≠ ${parsed.values[row]}`),
      );
    }
  }
});

type Pairs = [number, number][][][];

function square(x0: number, y0: number, x1: number, y1: number): Polygon {
  return { type: 'Polygon', coordinates: [rect(x0, y0, x1, y1)] };
}

function polygonsOfGeometry(geometry: Polygon | MultiPolygon): Position[][][] {
  return geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
}

test('Flensburg: Stadtbezirke go to the Stadtteil their PARENT_ARE names; boundary slivers are reported as straddling', async () => {
  const stadtbezirke = await areas('flensburg/stadtbezirke.geojson', 'AREA_ID');
  const stadtteile = await areas('flensburg/stadtteile.geojson', 'AREA_ID');
  const byGeometry = assignByGeometry(stadtbezirke, stadtteile);
  assert.equal(byGeometry.parentOf.size, 41);
  for (const [index, id] of stadtbezirke.ids.entries()) {
    assert.equal(byGeometry.parentOf.get(id), stadtbezirke.features[index]!.properties?.PARENT_ARE, id);
  }
  assert.ok(byGeometry.straddling.length > 0, 'the two files were digitised a little apart');
  for (const entry of byGeometry.straddling) {
    assert.ok(entry.shares[0]!.share > 0.999, `${entry.child}: ${JSON.stringify(entry.shares)}`);
    assert.ok(byGeometry.issues.some((found) => found.code === 'straddling-area' && found.key === entry.child));
  }
  // A coarser tolerance reads the slivers as digitising noise.
  assert.deepEqual(assignByGeometry(stadtbezirke, stadtteile, { tolerance: 0.001 }).straddling, []);
});

test('a child area across two parents is reported with its shares and goes to the larger one', () => {
  const children = fixtureAreas(
    { a: { type: 'Polygon', coordinates: [rect(0, 0, 10, 10)] }, b: { type: 'Polygon', coordinates: [rect(10, 0, 20, 10)] } },
    'EPSG:25833',
  );
  const parents = fixtureAreas(
    { P: { type: 'Polygon', coordinates: [rect(0, 0, 13, 10)] }, Q: { type: 'Polygon', coordinates: [rect(13, 0, 20, 10)] } },
    'EPSG:25833',
  );
  const result = assignByGeometry(children, parents);
  assert.equal(result.parentOf.get('a'), 'P');
  assert.equal(result.parentOf.get('b'), 'Q');
  assert.equal(result.straddling.length, 1);
  const [entry] = result.straddling;
  assert.equal(entry!.child, 'b');
  assert.deepEqual(
    entry!.shares.map((share) => share.parent),
    ['Q', 'P'],
  );
  assert.ok(Math.abs(entry!.shares[0]!.share - 0.7) < 1e-12 && Math.abs(entry!.shares[1]!.share - 0.3) < 1e-12);
  assert.match(result.issues[0]!.message, /key "b": straddles 2 areas of fixture: 70\.0 % in "Q", 30\.0 % in "P"; assigned to "Q"/);
});

// ---------------------------------------------------------------------------------------------------------------
// Mapping tables and key checks

test('a mapping table reports children missing, mapped twice, unknown, and parents without children', () => {
  const mapping = csv('child,parent\na,P\nb,P\nb,Q\nc,P\nc,P\nx,P\ne,\n');
  const result = assignByMapping(['a', 'b', 'c', 'd', 'e'], mapping, {
    childColumn: 'child',
    parentColumn: 'parent',
    parentIds: ['P', 'Q', 'R'],
    parentSource: 'parents.geojson',
  });
  assert.deepEqual(
    [...result.parentOf],
    [
      ['a', 'P'],
      ['b', 'P'],
      ['c', 'P'],
    ],
  );
  const messages = result.issues.map((found) => `${found.severity} ${found.code}: ${found.message}`);
  assert.deepEqual(messages, [
    'error duplicate-key: fixture.csv, row 4, key "b": maps "b" a second time, to "Q"; row 3 maps it to "P", which is used',
    'warning duplicate-key: fixture.csv, row 6, key "c": maps "c" a second time (first in row 5); only row 5 is used',
    'warning unmatched-keys: fixture.csv, row 7, key "x": names no child area; "x" is not among the child keys',
    'warning missing-key: fixture.csv, row 8, key "e", column "parent": has no parent key for "e", so it has no parent',
    'warning missing-key: fixture.csv, key "d", column "child": has no row for child "d", so it has no parent',
    'warning unmatched-keys: parents.geojson, key "Q": has no child area',
    'warning unmatched-keys: parents.geojson, key "R": has no child area',
  ]);
  assert.throws(
    () => assignByMapping(['a'], mapping, { childColumn: 'kind', parentColumn: 'parent' }),
    /fixture\.csv: has no column "kind"; the columns are child, parent/,
  );
});

test('key prefixes that name no parent, and keys too short, are reported', () => {
  const result = assignByPrefix(['0110', '0120', '03', '0990'], 3, { source: 'areas', parentIds: ['011', '012', '020'], parentSource: 'parents' });
  assert.deepEqual(
    [...result.parentOf],
    [
      ['0110', '011'],
      ['0120', '012'],
    ],
  );
  assert.deepEqual(
    result.issues.map((found) => found.message),
    [
      'areas, key "03": the key has 2 characters, fewer than the 3 of a parent key, so it has no parent',
      'areas, key "0990": its first 3 characters "099" name no area of parents, so it has no parent',
      'parents, key "020": has no child area',
    ],
  );
  assert.throws(() => assignByPrefix(['a'], 0, { source: 'areas' }), RangeError);
});

// ---------------------------------------------------------------------------------------------------------------
// Aggregating tables up

test('MSS 2021: residents summed to the 12 Bezirke equal the Berlin total; the empty EW is reported per policy', async () => {
  const mss = await sampleTable('berlin/mss2021_indexindikatoren.csv');
  const expected = new Map<string, number>();
  let cityTotal = 0;
  for (const row of mss.rows) {
    if (row.EW === '' || row.EW === '-9999') continue;
    expected.set(row.PLR_ID!.slice(0, 2), (expected.get(row.PLR_ID!.slice(0, 2)) ?? 0) + Number(row.EW));
    cityTotal += Number(row.EW);
  }
  const bez = assignmentTo(berlin, 'BEZ');
  const known = aggregateUp(mss, bez, { keyColumn: 'PLR_ID', parentKeyColumn: 'BEZ', counts: ['EW'], missingValues: [-9999], missing: 'sum-known' });
  assert.equal(known.rows.length, 12);
  assert.equal(
    known.rows.reduce((sum, row) => sum + row.values.EW!, 0),
    cityTotal,
  );
  for (const row of known.rows) assert.equal(row.values.EW, expected.get(row.id), row.id);
  assert.deepEqual(known.rows.find((row) => row.id === '03')!.flags.EW, ['partial']);
  assert.equal(known.issues.length, 1);
  assert.match(known.issues[0]!.message, /key "03", column "EW": EW is the sum of the children that have a value; "03400831" has none/);

  const strict = aggregateUp(mss, bez, { keyColumn: 'PLR_ID', counts: ['EW'], missingValues: [-9999] });
  const pankow = strict.rows.find((row) => row.id === '03')!;
  assert.equal(pankow.values.EW, null);
  assert.deepEqual(pankow.flags.EW, ['missing']);
  assert.match(strict.issues[0]!.message, /EW is left empty: "03400831" has no value \(policy leave-empty\)/);
  const table = aggregatedTable(strict, 'bezirke.csv');
  assert.deepEqual(table.columns, ['id', 'children', 'EW']);
  assert.deepEqual(table.rows[0], { id: '01', children: String(bez.childrenOf.get('01')!.length), EW: String(expected.get('01')) });
  assert.equal(table.rows[2]!.EW, '');
});

test('a rate carried up is the quotient of the summed counts, not the mean of the rates', () => {
  const children = csv('key,alo,ew,quote\n1a,10,100,10\n1b,30,900,3.33\n2a,5,50,10\n');
  const assignment = assignByPrefix(['1a', '1b', '2a'], 1, { source: 'areas' });
  const result = aggregateUp(children, assignment, { keyColumn: 'key', rates: [{ column: 'quote', numerator: 'alo', denominator: 'ew', scale: 100 }] });
  assert.deepEqual(result.columns, ['alo', 'ew', 'quote']);
  assert.deepEqual(
    result.rows.map((row) => [row.id, row.children, row.values]),
    [
      ['1', 2, { alo: 40, ew: 1000, quote: 4 }],
      ['2', 1, { alo: 5, ew: 50, quote: 10 }],
    ],
  );
  assert.deepEqual(result.issues, []);
});

test('a rate without parts is a weighted mean only with a weight column, otherwise left empty with an issue', () => {
  const children = csv('key,ew,s1\n1a,100,10\n1b,300,2\n1c,0,50\n');
  const assignment = assignByPrefix(['1a', '1b', '1c'], 1, { source: 'areas' });
  const weighted = aggregateUp(children, assignment, { keyColumn: 'key', counts: ['ew'], weighted: [{ column: 's1', weight: 'ew' }] });
  assert.equal(weighted.rows[0]!.values.s1, (100 * 10 + 300 * 2) / 400);
  const withheld = aggregateUp(children, assignment, { keyColumn: 'key', counts: ['ew'], withheld: ['s1'] });
  assert.equal(withheld.rows[0]!.values.s1, null);
  assert.match(withheld.issues[0]!.message, /column "s1": is a rate without numerator and denominator, and no weight column was given/);
});

test('carried as an index spec says: its rate from numerator and denominator, a value without parts weighted; explicit columns win', () => {
  const children = csv('key,alo,ew,quote,s1\n1a,10,100,10,10\n1b,30,900,3.33,2\n2a,5,50,10,-9999\n');
  const assignment = assignByPrefix(['1a', '1b', '2a'], 1, { source: 'areas' });
  const spec: IndexSpec = {
    specVersion: 1,
    id: 'carry',
    title: 'carry',
    indicators: [
      { column: 'quote', numerator: 'alo', denominator: 'ew', unit: '%' },
      { column: 's1', missingValues: [-9999] },
    ],
    standardisation: { method: 'z-score' },
    combination: { method: 'sum' },
    validity: { populationColumn: 'ew' },
    classification: { method: 'quantile', classes: 2 },
  };
  const bySpec = aggregateUp(children, assignment, withSpecAggregation({ keyColumn: 'key' }, spec, 'ew'));
  // Parent 1: quote = (10 + 30) / (100 + 900) × 100 = 4; s1 = (100·10 + 900·2) / 1000 = 2.8. Parent 2: s1 is missing.
  assert.deepEqual(
    bySpec.rows.map((row) => [row.id, row.values.quote, row.values.s1, row.values.ew]),
    [
      ['1', 4, 2.8, 1000],
      ['2', 10, null, 50],
    ],
  );
  // Without a weight the spec withholds s1; the caller's own entry for it is used instead.
  const withheld = withSpecAggregation({ keyColumn: 'key' }, spec);
  assert.deepEqual(withheld.withheld, ['s1']);
  const explicit = withSpecAggregation({ keyColumn: 'key', weighted: [{ column: 's1', weight: 'alo' }], missingValues: [-1] }, spec);
  assert.deepEqual([explicit.withheld, explicit.weighted, explicit.missingValues], [[], [{ column: 's1', weight: 'alo' }], [-1]]);
});

test('secondary suppression: a withheld child, parent or total that the shown values would pin down gets another value withheld with it', () => {
  // Parent A: 2 is withheld; A (2 + 5 + 9 = 16) minus 5 and 9 would give it back, so 5, the smallest, goes too.
  // Parent B: its only child is 1, so B is 1 and withheld; the total (31) minus A and C would give it back, so C
  // (14, smaller than A) goes too. C's own children 1 and 1 are withheld; C minus 4 and 8 leaves 2 for them, so
  // each may be 0: they pass as they are.
  const children = csv('key,n\nA1,2\nA2,5\nA3,9\nB1,1\nC1,1\nC2,1\nC3,4\nC4,8\n');
  const ids = ['A1', 'A2', 'A3', 'B1', 'C1', 'C2', 'C3', 'C4'];
  const assignment = assignByPrefix(ids, 1, { source: 'areas' });
  const result = aggregateUp(children, assignment, { keyColumn: 'key', counts: ['n'], minCount: 3, language: 'en' });
  const shown = (id: string) => result.children!.find((row) => row.id === id)!.values.n;
  assert.deepEqual(
    result.rows.map((row) => [row.id, row.values.n]),
    [
      ['A', 16],
      ['B', null],
      ['C', null],
    ],
  );
  assert.deepEqual(ids.map(shown), [null, null, 9, null, null, null, 4, 8]);
  // A value withheld because it is small and one withheld to protect it look the same.
  for (const id of ['A1', 'A2']) {
    assert.deepEqual(result.children!.find((row) => row.id === id)!.flags.n, ['suppressed']);
    assert.deepEqual(result.children!.find((row) => row.id === id)!.notes, ['n: withheld (statistical confidentiality)']);
  }
  assert.deepEqual(result.rows[1]!.flags.n, ['suppressed']);
  assert.ok(result.notes.includes('n, children: 5 of 8 values withheld (62.5 %; primary suppression alone: 4, 50.0 %)'), result.notes.join('; '));
  assert.ok(result.notes.includes('n: audit over 3 levels passed: given everything published, every withheld value may be 0 or at least 3'));
  // Notes are German by default, as those of the disclosure control and the index.
  const deutsch = aggregateUp(children, assignment, { keyColumn: 'key', counts: ['n'], minCount: 3 });
  assert.deepEqual(deutsch.children!.find((row) => row.id === 'A2')!.notes, ['n: gesperrt (Geheimhaltung)']);
  assert.ok(deutsch.notes.includes('n, untergeordnete Gebiete: 5 von 8 Werten gesperrt (62,5 %; nur primäre Sperrung: 4, 50,0 %)'), deutsch.notes.join('; '));
  assert.ok(
    deutsch.notes.every((note) => !/\b(suppressed|children|parents)\b/.test(note)),
    deutsch.notes.join('; '),
  );
  // What a reader can work out from the children, the parents and the total: no withheld value is a proven 1 or 2.
  const view: PublishedCell[] = [...ids.map((id) => shown(id) ?? 'withheld'), ...result.rows.map((row) => row.values.n ?? 'withheld'), 31];
  const relations = [
    ...result.rows.map((row, index) => ({ total: ids.length + index, parts: ids.flatMap((id, child) => (id.startsWith(row.id) ? [child] : [])) })),
    { total: ids.length + 3, parts: [ids.length, ids.length + 1, ids.length + 2] },
  ];
  assert.deepEqual(auditSuppression(view, relations, 3).failing, []);
});

test('the rate of a parent whose numerator is suppressed is suppressed with it', () => {
  const children = csv('key,alo,ew\n1a,1,100\n1b,0,50\n');
  const result = aggregateUp(children, assignByPrefix(['1a', '1b'], 1, { source: 'areas' }), {
    keyColumn: 'key',
    rates: [{ column: 'quote', numerator: 'alo', denominator: 'ew' }],
    minCount: 3,
  });
  assert.deepEqual(result.rows[0]!.values, { alo: null, ew: 150, quote: null });
  assert.deepEqual(result.rows[0]!.flags.quote, ['suppressed']);
});

test('unknown columns and cells that are not numbers stop the aggregation with the file, row and column', () => {
  const assignment = assignByPrefix(['1a'], 1, { source: 'areas' });
  assert.throws(
    () => aggregateUp(csv('key,n\n1a,4\n'), assignment, { keyColumn: 'key', counts: ['m'] }),
    /fixture\.csv: has no column "m"; the columns are key, n/,
  );
  assert.throws(
    () => aggregateUp(csv('key,n\n1a,vier\n'), assignment, { keyColumn: 'key', counts: ['n'] }),
    /fixture\.csv, row 2, column "n": "vier" is not a number/,
  );
});

// ---------------------------------------------------------------------------------------------------------------
// The index on a level above

test('the index on Bezirksregionen runs the index engine on the carried-up table, standardised against the parent areas', async () => {
  const children = csv(
    'PLR_ID,EW,alo,S1\n' +
      ['01100101,1000,50,5', '01100102,3000,30,1', '01100103,100,1,1', '01100204,2000,200,10', '02100101,500,10,2', '02100102,1500,15,1'].join('\n'),
  );
  const spec: IndexSpec = {
    specVersion: 1,
    id: 'test',
    title: 'test',
    indicators: [{ column: 'S1', numerator: 'alo', denominator: 'EW', unit: '%' }],
    standardisation: { method: 'z-score' },
    combination: { method: 'sum' },
    validity: { populationColumn: 'EW', minPopulation: 300 },
    classification: { method: 'quantile', classes: 2 },
  };
  const assignment = assignByPrefix(['01100101', '01100102', '01100103', '01100204', '02100101', '02100102'], 6, { source: 'plr' });
  const { table, index, aggregation } = computeIndexOnLevel(children, assignment, spec, { keyColumn: 'PLR_ID', parentKeyColumn: 'BZR_ID' });
  assert.deepEqual(aggregation.issues, []);
  assert.deepEqual(table.columns, ['BZR_ID', 'children', 'EW', 'alo', 'S1']);
  assert.deepEqual(
    index.areas.map((area) => [area.id, area.values.S1]),
    [
      ['011001', (81 / 4100) * 100],
      ['011002', 10],
      ['021001', (25 / 2000) * 100],
    ],
  );
  // The same as computeIndex on that table: one engine, standardised over the parents.
  assert.deepEqual(index, computeIndex(table, spec, { keyColumn: 'BZR_ID' }));
  assert.equal(index.statistics[0]!.n, 3);
});
