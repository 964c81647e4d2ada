// Painting on the city of 6 × 6 cells of 100 m with 100 residents each and a railway between the third and fourth
// column (fixtures/workbench/): which cells a brush covers, a stroke's cells and residents, refusals that keep areas
// whole and locked areas untouched, and the session step that makes the areas the painted cells, undone bit for bit.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Feature, FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import {
  EditError,
  TopologyEditor,
  areaResidents,
  assignmentOf,
  assignmentPatch,
  brushExtent,
  buildTopology,
  cellUnits,
  contiguity,
  message,
  paintUnits,
  planCollection,
  polygonArea,
  polygonsOf,
  readAreas,
  readZensusGrid,
  reprojectCollection,
  unitComponents,
  unitsInAreas,
  unitsOfUpper,
  unitsUnderBrush,
  validateAreas,
  type PopulationGrid,
  type UnitLayer,
} from '@sozialraum/core';

const ROOT = fileURLToPath(new URL('../../test/fixtures/workbench/', import.meta.url));
const X0 = 4_550_000;
const Y0 = 3_270_000;
const text = (name: string) => readFileSync(ROOT + name, 'utf8');
const zensus = readZensusGrid(text('city-grid.csv'), { source: 'city-grid.csv', value: 'Einwohner' });
const population: PopulationGrid = { grid: zensus.grid, values: zensus.values, nodata: zensus.nodata, source: 'city-grid.csv' };
const city = readAreas(JSON.parse(text('city.geojson')) as FeatureCollection, { source: 'city.geojson', idField: 'BEZ' });
const layer = cellUnits(population, city);
const KEYS = ['west', 'east'];

/** The unit of the cell in column `column` (0 = west) and row `row` (0 = south). */
function unitAt(column: number, row: number): number {
  return unitsUnderBrush(layer, X0 + column * 100 + 50, Y0 + row * 100 + 50)[0]!;
}

/** West: the three western columns, east: the rest (the railway's sides). */
const halves = Int32Array.from(layer.ids, (_, unit) => (layer.centres[unit * 2]! - X0 < 300 ? 0 : 1));

/** An editing session of the two halves, in `crs`. */
function session(crs = 'EPSG:3035'): TopologyEditor {
  const plan = planCollection(layer, halves, KEYS, 'halves');
  const features =
    crs === plan.crs
      ? plan.features
      : (reprojectCollection({ type: 'FeatureCollection', features: plan.features as Feature<Polygon | MultiPolygon>[] }, plan.crs, crs).features as Feature<
          Polygon | MultiPolygon
        >[]);
  return new TopologyEditor(buildTopology({ crs, idField: 'id', features, ids: KEYS }).topology);
}

const area = (geometry: Polygon | MultiPolygon) => polygonsOf(geometry).reduce((sum, polygon) => sum + polygonArea(polygon), 0);

test('a brush of size 1 covers the cell under the point, size 3 the 3 × 3 cells around it, clipped at the edge', () => {
  assert.deepEqual(unitsUnderBrush(layer, X0 + 350, Y0 + 250, 1), [unitAt(3, 2)]);
  const square = unitsUnderBrush(layer, X0 + 350, Y0 + 250, 3);
  assert.equal(square.length, 9);
  assert.deepEqual(new Set(square), new Set([2, 3, 4].flatMap((column) => [1, 2, 3].map((row) => unitAt(column, row)))));
  assert.equal(unitsUnderBrush(layer, X0 + 50, Y0 + 50, 3).length, 4, 'a corner cell has three neighbours in the square');
  assert.deepEqual(unitsUnderBrush(layer, X0 - 50, Y0 + 50, 1), [], 'off the city');
});

test('the outline a brush shows is the square of the cells it covers', () => {
  assert.deepEqual(brushExtent(layer, X0 + 350, Y0 + 250, 1), [X0 + 300, Y0 + 200, X0 + 400, Y0 + 300]);
  assert.deepEqual(brushExtent(layer, X0 + 350, Y0 + 250, 3), [X0 + 200, Y0 + 100, X0 + 500, Y0 + 400]);
  // An even width reaches one cell further east and south than west and north, as the cells painted do.
  const four = brushExtent(layer, X0 + 350, Y0 + 250, 4)!;
  assert.deepEqual(four, [X0 + 200, Y0, X0 + 600, Y0 + 400]);
  const inside = unitsUnderBrush(layer, X0 + 350, Y0 + 250, 4);
  assert.equal(inside.length, 16, 'the 4 × 4 cells of the square');
  for (const unit of inside) {
    const [x, y] = [layer.centres[unit * 2]!, layer.centres[unit * 2 + 1]!];
    assert.ok(x > four[0] && x < four[2] && y > four[1] && y < four[3]);
  }
});

test('the upper-level brush takes every cell of the Ortsteil under the point, and a cell in none alone', () => {
  const ortsteile = readAreas(JSON.parse(text('ortsteile.geojson')) as FeatureCollection, { source: 'ortsteile.geojson', idField: 'OT' });
  const unitOf = unitsInAreas(layer, ortsteile);
  const nord = unitsOfUpper(unitOf, unitAt(4, 4));
  assert.deepEqual(new Set(nord), new Set([0, 1, 2, 3, 4, 5].flatMap((column) => [3, 4, 5].map((row) => unitAt(column, row)))));
  const dab = paintUnits(layer, halves, nord, 0, { keys: KEYS });
  assert.deepEqual([...areaResidents(layer, dab.assignment, 2)], [2700, 900]);
  const outside = Int32Array.from(unitOf).fill(-1);
  assert.deepEqual(unitsOfUpper(outside, 7), [7]);
});

test('a stroke down the fourth column paints exactly its six cells into the west, and the residents follow', () => {
  const stroke = [0, 1, 2, 3, 4, 5].map((row) => unitAt(3, row));
  const dab = paintUnits(layer, halves, stroke, 0, { keys: KEYS });
  assert.deepEqual(
    dab.moved.sort((a, b) => a - b),
    [...stroke].sort((a, b) => a - b),
  );
  assert.deepEqual(dab.from, [1]);
  assert.deepEqual(dab.skipped, []);
  assert.deepEqual([...areaResidents(layer, dab.assignment, 2)], [2400, 1200]);
  assert.deepEqual([...areaResidents(layer, halves, 2)], [1800, 1800], 'the assignment given is not changed');
  const again = paintUnits(layer, dab.assignment, stroke, 0, { keys: KEYS });
  assert.deepEqual(again.moved, [], 'painting cells the area has already moves nothing');
});

test('a stroke that would cut an area in two is refused with the area, the pieces and a cut-off cell', () => {
  const row = [3, 4, 5].map((column) => unitAt(column, 2));
  assert.throws(
    () => paintUnits(layer, halves, row, 0, { keys: KEYS }),
    (error: unknown) =>
      error instanceof EditError &&
      error.code === 'breaks-contiguity' &&
      /would cut area "east" into 2 pieces: unit CRS3035RES100mN\d+E\d+ \(\d+ units\)/.test(error.text.en) &&
      error.text.de.includes('zerschnitte das Gebiet „east“ in 2 Teile'),
  );
});

test('cells painted apart from the active area are refused: the area stays in one piece', () => {
  assert.throws(
    () => paintUnits(layer, halves, [unitAt(5, 5)], 0, { keys: KEYS }),
    (error: unknown) =>
      error instanceof EditError && error.code === 'breaks-contiguity' && error.text.en.includes(`unit ${layer.ids[unitAt(5, 5)]} does not touch area "west"`),
  );
});

test('a locked area is neither painted over nor painted', () => {
  const locked = new Set([1]);
  assert.throws(
    () => paintUnits(layer, halves, [unitAt(3, 0)], 0, { keys: KEYS, locked }),
    (error: unknown) =>
      error instanceof EditError &&
      error.code === 'locked-area' &&
      error.text.en === 'area "east" is locked' &&
      error.text.de === 'das Gebiet „east“ ist gesperrt',
  );
  assert.throws(() => paintUnits(layer, halves, [unitAt(2, 0)], 1, { keys: KEYS, locked }), /area "east" is locked/);
  // A brush over a locked area's cells alone does nothing, and says so.
  assert.throws(() => paintUnits(layer, halves, unitsUnderBrush(layer, X0 + 250, Y0 + 250, 3), 0, { keys: KEYS, locked }), /area "east" is locked/);
  // Three areas, the east locked: a brush over the middle and the east paints the middle's cells and skips the east's.
  const thirds = Int32Array.from(layer.ids, (_, unit) => Math.floor((layer.centres[unit * 2]! - X0) / 200));
  const dab = paintUnits(layer, thirds, unitsUnderBrush(layer, X0 + 350, Y0 + 50, 3), 0, { keys: ['west', 'middle', 'east'], locked: new Set([2]) });
  assert.deepEqual(new Set(dab.moved), new Set([unitAt(2, 0), unitAt(3, 0), unitAt(2, 1), unitAt(3, 1)]));
  assert.deepEqual(new Set(dab.skipped), new Set([unitAt(4, 0), unitAt(4, 1)]));
  assert.deepEqual([...areaResidents(layer, dab.assignment, 3)], [1600, 800, 1200]);
});

test('the session step makes the areas the painted cells, gap-free, without overlaps, and undo restores them bit for bit', () => {
  for (const crs of ['EPSG:3035', 'EPSG:25833']) {
    const editor = session(crs);
    const before = JSON.stringify(editor.toFeatureCollection());
    const stroke = [0, 1, 2, 3, 4, 5].map((row) => unitAt(3, row));
    const dab = paintUnits(layer, assignmentOf(layer, editor.topology), stroke, 0, { keys: KEYS });
    const result = editor.apply(assignmentPatch(editor.topology, layer, dab.assignment, message('paint 6 cells into west', '6 Zellen zu west gemalt')));
    assert.deepEqual(result.changed.sort(), ['east', 'west']);
    assert.equal(result.label, 'paint 6 cells into west');
    const west = editor.geometry('west')!;
    const east = editor.geometry('east')!;
    assert.ok(Math.abs(area(west) - 240_000) < 300, `${crs}: the west is 4 × 6 cells (${area(west)} m²)`);
    assert.ok(Math.abs(area(east) - 120_000) < 300, `${crs}: the east is 2 × 6 cells`);
    assert.equal(west.type, 'Polygon');
    const set = { crs, idField: 'id', features: editor.toFeatureCollection().features, ids: KEYS };
    assert.deepEqual(
      validateAreas(set).filter((finding) => finding.type === 'gap' || finding.type === 'overlap'),
      [],
    );
    assert.deepEqual([...assignmentOf(layer, editor.topology)], [...dab.assignment], `${crs}: the areas hold exactly the painted cells`);
    editor.undo();
    assert.equal(JSON.stringify(editor.toFeatureCollection()), before, `${crs}: undo gives the areas back as they were`);
  }
});

test('a step that paints nothing new changes no area, and an area left without cells is removed', () => {
  const editor = session();
  const same = assignmentPatch(editor.topology, layer, halves, message('paint', 'malen'));
  assert.deepEqual(same.areas, []);
  assert.deepEqual(same.arcs, []);
  const all = new Int32Array(halves.length).fill(0);
  const result = editor.apply(assignmentPatch(editor.topology, layer, all, message('paint', 'malen')));
  assert.deepEqual(result.removed, ['east']);
  assert.ok(Math.abs(area(editor.geometry('west')!) - 360_000) < 1e-6);
});

// Pankow's Planungsräume on the Zensus 100 m cells, each cell in the area holding its centre: 03400618 comes out in two
// pieces (a sliver of it holds a cell centre of its own), as 50 of Berlin's 542 areas do.
const SAMPLES = fileURLToPath(new URL('../../../../data-samples/berlin/', import.meta.url));
const berlinGrid = readZensusGrid(readFileSync(`${SAMPLES}zensus2011_einwohner_100m.csv`, 'utf8'), { source: 'zensus', value: 'Einwohner' });

/** The official Planungsräume of one Bezirk, as areas. */
function planungsraeume(bezirk: string) {
  const all = readAreas(JSON.parse(readFileSync(`${SAMPLES}lor_planungsraeume_2021.geojson`, 'utf8')) as FeatureCollection, {
    source: 'lor_planungsraeume_2021.geojson',
    idField: 'PLR_ID',
  });
  const keep = all.features.map((feature) => feature.properties?.['BEZ'] === bezirk);
  return { ...all, features: all.features.filter((_, i) => keep[i]), ids: all.ids.filter((_, i) => keep[i]) };
}

/** The cells of a Bezirk's territory and the Planungsraum each lies in. */
function berlinCells(areas: ReturnType<typeof planungsraeume>) {
  const cells = cellUnits({ grid: berlinGrid.grid, values: berlinGrid.values, nodata: berlinGrid.nodata }, { ...areas, ids: areas.ids.map(() => 'territory') });
  return { cells, assignment: unitsInAreas(cells, areas) };
}

/** Units next to `piece` that belong to another area. */
function rim(cells: UnitLayer, assignment: Int32Array, piece: readonly number[], area: number): number[] {
  const rim = new Set<number>();
  for (const unit of piece)
    for (let k = cells.neighbourOffsets[unit]!; k < cells.neighbourOffsets[unit + 1]!; k += 1) {
      const other = cells.neighbours[k]!;
      if (assignment[other] !== area && assignment[other]! >= 0) rim.add(other);
    }
  return [...rim];
}

test('an official area already in pieces on the cells (Pankow 03400618) is painted and painted over; only a new piece is refused', () => {
  const pankow = planungsraeume('03');
  const { cells, assignment } = berlinCells(pankow);
  const area = pankow.ids.indexOf('03400618');
  assert.equal(contiguity(cells, assignment, pankow.ids.length)[area], 2, 'the area is in two pieces on the cells');
  const pieces = unitComponents(
    cells,
    [...assignment.keys()].filter((unit) => assignment[unit] === area),
  );
  const keys = pankow.ids;
  const counts = contiguity(cells, assignment, keys.length);
  // A neighbour's cell at the edge of the main piece whose area keeps its pieces without it.
  const gain = rim(cells, assignment, pieces[0]!, area).find((unit) => {
    const without = Int32Array.from(assignment);
    without[unit] = -1;
    return contiguity(cells, without, keys.length)[assignment[unit]!] === counts[assignment[unit]!];
  })!;
  assert.ok(gain !== undefined);
  const dab = paintUnits(cells, assignment, [gain], area, { keys });
  assert.deepEqual(dab.moved, [gain]);
  assert.equal(contiguity(cells, dab.assignment, keys.length)[area], 2, 'still the two pieces it had');
  // The neighbour paints a cell of the main piece back: the area keeps its two pieces and is not refused for them.
  const edge = pieces[0]!.find((unit) => {
    const without = Int32Array.from(assignment);
    without[unit] = -1;
    return rim(cells, assignment, [unit], area).length > 0 && contiguity(cells, without, keys.length)[area] === 2;
  })!;
  const neighbour = assignment[rim(cells, assignment, [edge], area)[0]!]!;
  const back = paintUnits(cells, assignment, [edge], neighbour, { keys });
  assert.deepEqual(back.moved, [edge]);
  assert.deepEqual(back.from, [area]);
  // A cell far from both pieces would be a third piece: refused, naming that cell.
  const far = [...assignment.keys()].find((unit) => assignment[unit] !== area && rim(cells, assignment, [unit], assignment[unit]!).length === 0)!;
  assert.throws(
    () => paintUnits(cells, assignment, [far], area, { keys }),
    (error: unknown) =>
      error instanceof EditError && error.code === 'breaks-contiguity' && error.text.en.startsWith(`unit ${cells.ids[far]} does not touch area "03400618"`),
  );
});

test("on Mitte's official Planungsräume a stroke changes only the two areas it touched; the others, locked ones too, keep every coordinate", () => {
  const mitte = planungsraeume('01');
  const { cells } = berlinCells(mitte);
  const editor = new TopologyEditor(buildTopology({ crs: mitte.crs, idField: 'PLR_ID', features: mitte.features, ids: mitte.ids }).topology);
  const keys = editor.topology.areas.map((area) => area!.key);
  const assignment = assignmentOf(cells, editor.topology);
  const before = new Map(keys.map((key) => [key, JSON.stringify(editor.geometry(key))]));
  const total = (collection: FeatureCollection) => collection.features.reduce((sum, feature) => sum + area(feature.geometry as Polygon | MultiPolygon), 0);
  const sum = total(editor.toFeatureCollection());
  // A 3 × 3 brush at the edge of 01100101 over its neighbour, every other area locked.
  const into = keys.indexOf('01100101');
  const members = [...assignment.keys()].filter((unit) => assignment[unit] === into);
  const centre = rim(cells, assignment, members, into).find((unit) => {
    const under = unitsUnderBrush(cells, cells.centres[unit * 2]!, cells.centres[unit * 2 + 1]!, 3);
    return new Set(under.map((u) => assignment[u])).size === 2;
  })!;
  const other = assignment[centre]!;
  const locked = new Set(keys.map((_, index) => index).filter((index) => index !== into && index !== other));
  const dab = paintUnits(cells, assignment, unitsUnderBrush(cells, cells.centres[centre * 2]!, cells.centres[centre * 2 + 1]!, 3), into, { keys, locked });
  assert.ok(dab.moved.length > 0);
  const result = editor.apply(assignmentPatch(editor.topology, cells, dab.assignment, message('paint', 'malen'), assignment));
  assert.deepEqual(result.changed.sort(), [keys[into]!, keys[other]!].sort());
  assert.deepEqual(result.removed, []);
  for (const key of keys)
    if (key !== keys[into] && key !== keys[other]) assert.equal(JSON.stringify(editor.geometry(key)), before.get(key), `${key} keeps its outline`);
  assert.ok(Math.abs(total(editor.toFeatureCollection()) - sum) < 1e-6, 'the areas cover the same ground');
  const set = { crs: mitte.crs, idField: 'PLR_ID', features: editor.toFeatureCollection().features, ids: keys };
  assert.deepEqual(
    validateAreas(set).filter((finding) => finding.type === 'gap' || finding.type === 'overlap'),
    [],
  );
  assert.deepEqual(
    dab.moved.map((unit) => assignmentOf(cells, editor.topology)[unit]),
    dab.moved.map(() => into),
    'the painted cells lie in the area painted',
  );
});
