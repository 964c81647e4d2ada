import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import type { Polygon, Position } from 'geojson';
import {
  LivePopulation,
  TopologyEditor,
  buildTopology,
  innerPoint,
  polygonArea,
  populationOfGeometries,
  readZensusGrid,
  validateAreas,
  type AreaCollection,
  type CoverageFinding,
  type PopulationGrid,
} from '@sozialraum/core';
import { berlinAreas, fixtureAreas, rect, samplePath } from './samples.js';

let berlin: AreaCollection;
let zensus: PopulationGrid;
before(async () => {
  berlin = await berlinAreas();
  const grid = readZensusGrid(await readFile(samplePath('berlin/zensus2011_einwohner_100m.csv'), 'utf8'), { source: 'zensus', value: 'Einwohner' });
  zensus = { grid: grid.grid, values: grid.values, nodata: grid.nodata };
});

const types = (findings: CoverageFinding[]) => findings.map((finding) => finding.type);
const square = (x0: number, y0: number, x1: number, y1: number): Polygon => ({ type: 'Polygon', coordinates: [rect(x0, y0, x1, y1)] });

test('the clean Berlin Planungsräume have no findings at all', () => {
  assert.deepEqual(validateAreas(berlin), []);
});

/** A copy of Berlin with one vertex of one area pushed by `metres` away from (or, negative, towards) the area's inside. */
function pushVertex(metres: number): { areas: AreaCollection; key: string; others: string[]; change: number } {
  const areas = structuredClone(berlin);
  const index = 10;
  const ring = (areas.features[index]!.geometry as Polygon).coordinates[0]!;
  const before = polygonArea([ring]);
  const centre = innerPoint([ring]);
  const vertex = 5;
  const [x, y] = ring[vertex]!;
  const others = areas.features
    .map((feature, i) => (i !== index && (feature.geometry as Polygon).coordinates[0]!.some((p) => p[0] === x && p[1] === y) ? areas.ids[i]! : undefined))
    .filter((key): key is string => key !== undefined);
  const distance = Math.hypot(x! - centre[0], y! - centre[1]);
  ring[vertex] = [x! + ((x! - centre[0]) / distance) * metres, y! + ((y! - centre[1]) / distance) * metres];
  return { areas, key: areas.ids[index]!, others, change: polygonArea([ring]) - before };
}

test('a Berlin area shrunk by moving one vertex inwards leaves a gap the size of what it lost, between it and its neighbour', () => {
  const { areas, key, others, change } = pushVertex(-30);
  assert.ok(others.length >= 1);
  const findings = validateAreas(areas);
  assert.deepEqual(types(findings), ['gap']);
  const [gap] = findings;
  assert.deepEqual(gap!.ids, [key, ...others].sort());
  assert.ok(Math.abs(gap!.area_m2 + change) < 1e-6 * -change, `${gap!.area_m2} vs ${-change}`);
  assert.match(gap!.message, /^a gap of [\d.,]+ m² at \(\d+\.\d\d, \d+\.\d\d\) that no area covers, between "/);
  // The location lies inside the gap: in neither area.
  const inAny = areas.features.some((feature) => pointIn(gap!.location, (feature.geometry as Polygon).coordinates[0]!));
  assert.equal(inAny, false);
});

test('a Berlin area grown over its neighbour overlaps it by what it gained, naming both keys', () => {
  const { areas, key, others, change } = pushVertex(30);
  const findings = validateAreas(areas);
  assert.deepEqual(
    types(findings),
    others.map(() => 'overlap'),
  );
  const total = findings.reduce((sum, finding) => sum + finding.area_m2, 0);
  assert.ok(Math.abs(total - change) < 1e-6 * change, `${total} vs ${change}`);
  for (const finding of findings) assert.ok(finding.ids.includes(key) && others.some((other) => finding.ids.includes(other)), finding.ids.join());
  assert.match(findings[0]!.message, /^areas "\d+" and "\d+" overlap by [\d.,]+ m² at /);
});

function pointIn(point: readonly number[], ring: readonly Position[]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i, i += 1) {
    const [ax, ay] = ring[j]!;
    const [bx, by] = ring[i]!;
    if (ay! > point[1]! !== by! > point[1]! && point[0]! < ((bx! - ax!) * (point[1]! - ay!)) / (by! - ay!) + ax!) inside = !inside;
  }
  return inside;
}

test('a thin strip is a sliver and not compact; small parts are slivers with their size', () => {
  const areas = fixtureAreas(
    { a: square(0, 0, 1000, 1000), strip: square(1000, 0, 1002, 1000), b: square(1002, 0, 2000, 1000), tiny: square(0, 1000, 20, 1020) },
    'EPSG:25833',
  );
  const findings = validateAreas(areas);
  const sliver = findings.filter((finding) => finding.type === 'sliver');
  assert.deepEqual(sliver.map((finding) => finding.ids[0]).sort(), ['strip', 'tiny']);
  assert.equal(sliver.find((finding) => finding.ids[0] === 'strip')!.area_m2, 2000);
  assert.match(sliver.find((finding) => finding.ids[0] === 'strip')!.message, /a sliver of 2,000 m², on average 2\.0 m wide/);
  assert.deepEqual(
    findings.filter((finding) => finding.type === 'not-compact').map((finding) => finding.ids[0]),
    ['strip'],
  );
  // Thresholds are options.
  assert.deepEqual(
    validateAreas(areas, { sliverArea: 100, sliverWidth: 1, minCompactness: 0 }).filter((f) => f.type === 'sliver'),
    [],
  );
});

test('broken rings are reported with the area and what is wrong: too few positions, not closed, no area', () => {
  const areas = fixtureAreas(
    {
      few: {
        type: 'Polygon',
        coordinates: [
          [
            [0, 0],
            [10, 0],
            [0, 0],
          ],
        ],
      },
      open: {
        type: 'Polygon',
        coordinates: [
          [
            [100, 0],
            [200, 0],
            [200, 100],
            [100, 100],
          ],
        ],
      },
      flat: {
        type: 'Polygon',
        coordinates: [
          [
            [300, 0],
            [400, 0],
            [500, 0],
            [300, 0],
          ],
        ],
      },
    },
    'EPSG:25833',
  );
  const findings = validateAreas(areas).filter((finding) => finding.type === 'invalid-ring');
  assert.deepEqual(
    findings.map((finding) => finding.ids[0]),
    ['few', 'flat', 'open'],
  );
  assert.match(findings[0]!.message, /area "few": the outer ring has 3 positions; a ring needs at least 4/);
  assert.match(findings[1]!.message, /has no area/);
  assert.match(findings[2]!.message, /is not closed: it ends at \(100\.00, 100\.00\), not at its start \(100\.00, 0\.00\)/);
});

test('a ring that crosses itself is a self-intersection at the crossing', () => {
  const areas = fixtureAreas(
    {
      bowtie: {
        type: 'Polygon',
        coordinates: [
          [
            [0, 0],
            [100, 100],
            [100, 0],
            [0, 150],
            [0, 0],
          ],
        ],
      },
    },
    'EPSG:25833',
  );
  const findings = validateAreas(areas).filter((finding) => finding.type === 'self-intersection');
  assert.equal(findings.length, 1);
  assert.deepEqual(
    findings[0]!.location.map((v) => Math.round(v * 1e9) / 1e9),
    [60, 60],
  );
  assert.match(findings[0]!.message, /area "bowtie": a ring crosses itself at \(60\.00, 60\.00\)/);
});

test('with a territory, land in no area is a gap and area outside it is reported', () => {
  const areas = fixtureAreas({ a: square(0, 0, 100, 100), b: square(100, 0, 200, 100) }, 'EPSG:25833');
  const bigger = validateAreas(areas, { territory: square(0, 0, 300, 100) });
  assert.deepEqual(types(bigger), ['gap']);
  assert.equal(bigger[0]!.area_m2, 10_000);
  assert.deepEqual(bigger[0]!.ids, ['b']);
  assert.ok(bigger[0]!.location[0] > 200);
  const smaller = validateAreas(areas, { territory: square(0, 0, 150, 100) });
  assert.deepEqual(types(smaller), ['outside-territory']);
  assert.deepEqual(smaller[0]!.ids, ['b']);
  assert.equal(smaller[0]!.area_m2, 5_000);
  assert.deepEqual(validateAreas(areas, { territory: square(0, 0, 200, 100) }), []);
});

test('repeated keys are reported', () => {
  const areas = fixtureAreas({ a: square(0, 0, 100, 100) }, 'EPSG:25833');
  areas.features.push({ type: 'Feature', properties: { id: 'a' }, geometry: square(100, 0, 200, 100) });
  areas.ids.push('a');
  assert.deepEqual(types(validateAreas(areas)), ['duplicate-key']);
});

test('population checks: too few, too many, and far from the target, from a map, a record or a function', () => {
  const areas = fixtureAreas(
    { a: square(0, 0, 100, 100), b: square(100, 0, 200, 100), c: square(200, 0, 300, 100), d: square(300, 0, 400, 100) },
    'EPSG:25833',
  );
  const population = { a: 400, b: 5200, c: 11_000, d: 2000 };
  const findings = validateAreas(areas, { population, targetPopulation: 5000 });
  assert.deepEqual(
    findings.map((finding) => [finding.type, finding.ids[0]]),
    [
      ['small-population', 'a'],
      ['large-population', 'c'],
      ['unbalanced', 'd'],
    ],
  );
  assert.match(findings[0]!.message, /area "a" has 400 residents, fewer than the minimum of 1,000/);
  assert.match(findings[2]!.message, /area "d" has 2,000 residents, 60 % below the target of 5,000/);
  assert.deepEqual(types(validateAreas(areas, { population: new Map(Object.entries(population)), minPopulation: 300 })), ['unbalanced'].slice(0, 0));
  assert.deepEqual(types(validateAreas(areas, { population: (key) => (key === 'b' ? 10 : 3000) })), ['small-population']);
});

test('the Zensus 2011 grid finds the Berlin Planungsräume with fewer than 1,000 residents', () => {
  const residents = populationOfGeometries(
    zensus,
    berlin.features.map((feature, index) => ({ key: berlin.ids[index]!, geometry: feature.geometry })),
    berlin.crs,
  );
  const sum = [...residents.values()].reduce((total, value) => total + value, 0);
  assert.ok(Math.abs(sum - 3_292_365) / 3_292_365 < 0.001, `${sum} residents`);
  const small = validateAreas(berlin, { population: residents }).filter((finding) => finding.type === 'small-population');
  const expected = [...residents]
    .filter(([, value]) => value < 1000)
    .map(([key]) => key)
    .sort();
  assert.deepEqual(small.map((finding) => finding.ids[0]).sort(), expected);
  assert.ok(expected.includes('12200411'), 'Planungsraum 12200411 (Wittenau Nord, about 440 residents in 2011)');
  assert.equal(expected.length, 13);
});

test('live population: after a split, only the touched areas are recomputed and the parts add up to the whole', () => {
  const editor = new TopologyEditor(buildTopology(berlin).topology);
  const live = new LivePopulation(zensus, editor.topology);
  const before = live.values.get('07100103')!;
  const ring = (editor.geometry('07100103') as Polygon).coordinates[0]!;
  const [, y] = innerPoint([ring]);
  const xs = ring.map((p) => p[0]!);
  const result = editor.split(
    '07100103',
    [
      [Math.min(...xs) - 20, y],
      [Math.max(...xs) + 20, y + 2],
    ],
    { newKey: 'neu' },
  );
  const updated = live.update(result);
  assert.ok(updated.has('07100103') && updated.has('neu'));
  assert.ok(updated.size < 10, `${updated.size} areas recomputed`);
  const parts = live.values.get('07100103')! + live.values.get('neu')!;
  assert.ok(Math.abs(parts - before) < 1e-6 * before, `${parts} vs ${before}`);
  const undone = live.update(editor.undo()!);
  assert.ok(!live.values.has('neu'));
  assert.ok(Math.abs(undone.get('07100103')! - before) < 1e-9 * before);
});
