// Painting units into areas: which units a brush covers, one dab of the brush as a checked change of the assignment
// (contiguity, locked areas), the residents of every area, and the editing session's step that hands the painted
// units' squares from area to area, so that painting is undone, saved and compared like every other edit.
import type { Feature, MultiPolygon, Polygon, Position } from 'geojson';
import { germanNumber, message, type Message } from '../errors.js';
import polygonClipping, { type MultiPolygon as ClipMultiPolygon } from 'polygon-clipping';
import { insideRings, polygonsArea, polygonsOf } from '../geometry/index.js';
import { clipPolygons } from '../levels/geometry.js';
import { reprojectCollection } from '../crs/index.js';
import { areaGeometry, buildTopology, topologyAreaSet, type Topology, type TopologyArea } from '../coverage/topology.js';
import { EditError, draftOf, patchOf, type TopologyPatch } from '../coverage/operations/edit.js';
import type { AreaCollection } from '../io/areas.js';
import { unitsInAreas } from './assign.js';
import { unitComponents, type UnitLayer } from './units.js';

const cellIndexes = new WeakMap<UnitLayer, Map<number, number>>();

/** The unit of each grid cell of a cell layer, built once per layer. */
function unitOfCell(layer: UnitLayer): Map<number, number> {
  let map = cellIndexes.get(layer);
  if (!map) {
    map = new Map();
    layer.cells!.forEach((cell, unit) => map!.set(cell, unit));
    cellIndexes.set(layer, map);
  }
  return map;
}

/** The window of grid cells a brush of `size` covers at (x, y): its first column and row (row 0 in the north), and width. */
function brushWindow(grid: NonNullable<UnitLayer['grid']>, x: number, y: number, size: number) {
  const width = Math.max(1, Math.round(size));
  const first = Math.floor((width - 1) / 2);
  const column = Math.floor((x - grid.originX) / grid.cellWidth) - first;
  const row = Math.floor((grid.originY - y) / grid.cellHeight) - first;
  return { column, row, width };
}

/**
 * The square a brush of `size` covers at (x, y) on a cell layer, as [minX, minY, maxX, maxY] in the layer's CRS (the
 * outline shown at the pointer; the cells `unitsUnderBrush` gives lie in it); undefined for polygon units.
 */
export function brushExtent(layer: UnitLayer, x: number, y: number, size = 1): [number, number, number, number] | undefined {
  const grid = layer.grid;
  if (layer.kind !== 'cells' || !grid) return undefined;
  const { column, row, width } = brushWindow(grid, x, y, size);
  const x0 = grid.originX + column * grid.cellWidth;
  const y1 = grid.originY - row * grid.cellHeight;
  return [x0, y1 - width * grid.cellHeight, x0 + width * grid.cellWidth, y1];
}

/**
 * The units a brush of `size` covers at (x, y) in the layer's CRS: for cells the square of size × size cells around
 * the cell under the point (size 1: that cell only); for polygon units the unit under the point and those whose inner
 * point lies within (size − 1) × 50 m of it. Sorted by unit index; empty where the point is off the units.
 */
export function unitsUnderBrush(layer: UnitLayer, x: number, y: number, size = 1): number[] {
  const width = Math.max(1, Math.round(size));
  const found: number[] = [];
  if (layer.kind === 'cells') {
    const grid = layer.grid!;
    const window = brushWindow(grid, x, y, size);
    const units = unitOfCell(layer);
    for (let r = window.row; r < window.row + width; r += 1) {
      if (r < 0 || r >= grid.rows) continue;
      for (let c = window.column; c < window.column + width; c += 1) {
        if (c < 0 || c >= grid.columns) continue;
        const unit = units.get(r * grid.columns + c);
        if (unit !== undefined) found.push(unit);
      }
    }
    return found.sort((a, b) => a - b);
  }
  const reach = (width - 1) * 50;
  layer.geometries!.forEach((geometry, unit) => {
    const dx = layer.centres[unit * 2]! - x;
    const dy = layer.centres[unit * 2 + 1]! - y;
    if ((reach > 0 && dx * dx + dy * dy <= reach * reach) || polygonsOf(geometry).some((polygon) => insideRings(polygon, x, y))) found.push(unit);
  });
  return found;
}

/**
 * Every unit of the upper-level unit that holds `unit` (`unitOf` as `unitsInAreas` gives it for, say, the Ortsteile): a
 * brush that paints a department's unit whole. Just `unit` when it lies in none.
 */
export function unitsOfUpper(unitOf: Int32Array, unit: number): number[] {
  const upper = unitOf[unit] ?? -1;
  if (upper < 0) return [unit];
  const units: number[] = [];
  unitOf.forEach((value, index) => {
    if (value === upper) units.push(index);
  });
  return units;
}

export interface PaintOptions {
  /** Key of each area, by index, for the messages. */
  keys: readonly string[];
  /** Indexes of the areas that are locked: none of their units is painted over, and they are not painted. */
  locked?: ReadonlySet<number>;
}

/** One dab of the brush, applied. */
export interface PaintDab {
  /** The assignment after the dab (a new array; the one given is not changed). */
  assignment: Int32Array;
  /** Units that changed area. */
  moved: number[];
  /** Units under the brush left alone because their area is locked. */
  skipped: number[];
  /** Areas that gave units away. */
  from: number[];
}

/**
 * Assigns the units to area `area` as one dab of a brush, or refuses it with an `EditError` and changes nothing:
 * when `area` is locked; when every unit under the brush lies in a locked area; when painted units would touch none of
 * the area's units (it must not gain a piece); and when an area giving units away would be left empty or in more pieces
 * than it had (`breaks-contiguity`). An area already in pieces on the units can be painted and painted over. Units in locked areas are skipped, the rest is painted.
 */
export function paintUnits(layer: UnitLayer, assignment: Int32Array, units: readonly number[], area: number, options: PaintOptions): PaintDab {
  const locked = options.locked ?? new Set<number>();
  const name = (index: number) => options.keys[index] ?? String(index);
  if (locked.has(area)) throw lockedError(name(area));
  const moved: number[] = [];
  const skipped: number[] = [];
  const from = new Set<number>();
  for (const unit of units) {
    const current = assignment[unit]!;
    if (current === area) continue;
    if (current >= 0 && locked.has(current)) skipped.push(unit);
    else {
      moved.push(unit);
      if (current >= 0) from.add(current);
    }
  }
  if (moved.length === 0 && skipped.length > 0) throw lockedError(name(assignment[skipped[0]!]!));
  const next = Int32Array.from(assignment);
  if (moved.length === 0) return { assignment: next, moved, skipped, from: [] };
  for (const unit of moved) next[unit] = area;
  const members = new Map<number, number[]>([[area, []]]);
  for (const index of from) members.set(index, []);
  next.forEach((owner, unit) => members.get(owner)?.push(unit));
  // Areas may already be in pieces on the units (a sliver of an official area holds a cell centre of its own): a dab
  // is refused only when it adds a piece, not for the pieces the area had before.
  const gaining = unitComponents(layer, members.get(area)!);
  const apart = gaining.find((piece) => piece.every((unit) => assignment[unit] !== area));
  if (apart && gaining.length > 1) {
    const unit = layer.ids[apart.find((candidate) => moved.includes(candidate)) ?? apart[0]!]!;
    throw new EditError(
      'breaks-contiguity',
      message(
        `unit ${unit} does not touch area "${name(area)}"; paint from its edge, so that the area does not gain a piece`,
        `die Einheit ${unit} grenzt nicht an das Gebiet „${name(area)}“; malen Sie von seinem Rand aus, damit das Gebiet kein weiteres Teil bekommt`,
      ),
    );
  }
  for (const index of from) {
    const left = members.get(index)!;
    if (left.length === 0) {
      throw new EditError(
        'breaks-contiguity',
        message(
          `painting would take every unit of area "${name(index)}"; merge it instead`,
          `das Malen nähme dem Gebiet „${name(index)}“ alle Einheiten; legen Sie es stattdessen zusammen`,
        ),
      );
    }
    const pieces = unitComponents(layer, left);
    if (pieces.length === 1) continue;
    const had = unitComponents(layer, left.concat(moved.filter((unit) => assignment[unit] === index))).length;
    if (pieces.length > had) {
      const cut = pieces[pieces.length - 1]!;
      const into = had === 1 ? '' : ` from ${had}`;
      const inDe = had === 1 ? '' : ` von ${germanNumber(had)}`;
      throw new EditError(
        'breaks-contiguity',
        message(
          `painting would cut area "${name(index)}"${into} into ${pieces.length} pieces: unit ${layer.ids[cut[0]!]} (${cut.length} units) would lose its connection to the rest`,
          `das Malen zerschnitte das Gebiet „${name(index)}“${inDe} in ${germanNumber(pieces.length)} Teile: die Einheit ${layer.ids[cut[0]!]} (${germanNumber(cut.length)} Einheiten) verlöre die Verbindung zum Rest`,
        ),
      );
    }
  }
  return { assignment: next, moved, skipped, from: [...from] };
}

function lockedError(key: string): EditError {
  return new EditError('locked-area', message(`area "${key}" is locked`, `das Gebiet „${key}“ ist gesperrt`));
}

/** Residents of each area (index 0 … areaCount − 1) from the units assigned to it. */
export function areaResidents(layer: UnitLayer, assignment: Int32Array, areaCount: number): Float64Array {
  const residents = new Float64Array(areaCount);
  assignment.forEach((area, unit) => {
    if (area >= 0 && area < areaCount) residents[area] += layer.residents[unit]!;
  });
  return residents;
}

/** The live areas of a topology in slot order: the order of the areas an assignment of a session refers to. */
export function liveAreas(topology: Topology): TopologyArea[] {
  return topology.areas.filter((area): area is TopologyArea => area !== null);
}

/** For each unit, the live area of the session (an index into `liveAreas`) holding it, or -1. */
export function assignmentOf(layer: UnitLayer, topology: Topology): Int32Array {
  const { features, ids } = topologyAreaSet(topology);
  const areas: AreaCollection = {
    source: 'session',
    crs: topology.crs,
    idField: topology.idField,
    nameField: undefined,
    features: [...features],
    ids: [...ids],
    issues: [],
  };
  return unitsInAreas(layer, areas);
}

/**
 * The step of an editing session that gives the units whose area differs between `before` (the assignment the
 * session's areas hold, `assignmentOf`) and `assignment` to their new area, as a patch to apply with
 * `TopologyEditor.apply`. Only the areas that lose or gain units change: each gives up the part of it the moved
 * units' squares cover, and the receiving area takes that part (polygon boolean operations), so the coverage stays
 * gap-free and without overlaps, and every other area, locked ones too, keeps its outline exactly. Arcs that did not
 * change keep their slots; an area that gives up all it had is removed. Keys, names and properties stay.
 */
export function assignmentPatch(
  topology: Topology,
  layer: UnitLayer,
  assignment: Int32Array,
  text: Message,
  before: Int32Array = assignmentOf(layer, topology),
): TopologyPatch {
  const live = liveAreas(topology);
  // The squares of the moved units, by the area they leave and the one they join, in the session's CRS.
  const moves = new Map<string, { from: number; to: number; squares: Feature<Polygon | MultiPolygon>[] }>();
  assignment.forEach((to, unit) => {
    const from = before[unit]!;
    if (to === from || from < 0 || to < 0) return;
    const id = `${from} ${to}`;
    if (!moves.has(id)) moves.set(id, { from, to, squares: [] });
    moves.get(id)!.squares.push({ type: 'Feature', properties: {}, geometry: unitSquare(layer, unit) });
  });
  if (moves.size === 0) return patchOf(draftOf(topology), text);
  const geometries = new Map<number, ClipMultiPolygon>();
  const geometryOf = (index: number) => {
    if (!geometries.has(index)) geometries.set(index, clipPolygons(areaGeometry(topology, live[index]!)));
    return geometries.get(index)!;
  };
  for (const { from, to, squares } of moves.values()) {
    const projected =
      layer.crs === topology.crs ? squares : reprojectCollection({ type: 'FeatureCollection', features: squares }, layer.crs, topology.crs).features;
    const cover = polygonClipping.union([], ...projected.map((square) => clipPolygons(square.geometry as Polygon | MultiPolygon)));
    const taken = polygonClipping.intersection(geometryOf(from), cover);
    geometries.set(to, polygonClipping.union(geometryOf(to), taken));
    geometries.set(from, polygonClipping.difference(geometryOf(from), cover));
  }
  // The changed areas and their neighbours go into the topology, so that the changed outlines meet their neighbours'
  // nodes and share arcs with them; only the changed areas take the rebuilt arcs, the others keep theirs as they are.
  const changedArcs = new Set<number>();
  for (const index of geometries.keys())
    for (const polygon of live[index]!.polygons) for (const ring of polygon) for (const ref of ring) changedArcs.add(ref < 0 ? ~ref : ref);
  const kept = live.flatMap((area, index) => {
    const changed = geometries.get(index);
    if (!changed) {
      const near = area.polygons.some((polygon) => polygon.some((ring) => ring.some((ref) => changedArcs.has(ref < 0 ? ~ref : ref))));
      return near ? [{ area, geometry: areaGeometry(topology, area) }] : [];
    }
    if (polygonsArea(changed) === 0) return [];
    // polygon-clipping's outer rings run counter-clockwise; a session read clockwise keeps its winding.
    const polygons = topology.winding === 'cw' ? changed.map((polygon) => polygon.map((ring) => [...ring].reverse())) : changed;
    return [{ area, geometry: { type: 'MultiPolygon', coordinates: polygons } as MultiPolygon }];
  });
  // The neighbours come first: vertices are snapped onto the first seen, so the shared boundaries take the neighbours'
  // coordinates exactly (polygon-clipping rounds its own) and match their arcs.
  kept.sort((a, b) => Number(geometries.has(live.indexOf(a.area))) - Number(geometries.has(live.indexOf(b.area))));
  const features: Feature<Polygon | MultiPolygon>[] = kept.map(({ geometry }) => ({ type: 'Feature', properties: {}, geometry }));
  const built = buildTopology({ crs: topology.crs, idField: topology.idField, features, ids: kept.map(({ area }) => area.key) }).topology;
  const draft = draftOf(topology);
  const known = new Map<string, number>();
  topology.arcs.forEach((arc, index) => {
    if (!arc) return;
    known.set(arcKey(arc), index);
    known.set(arcKey([...arc].reverse()), ~index);
  });
  const slotOf = new Map<number, number>();
  const reference = (ref: number): number => {
    const index = ref < 0 ? ~ref : ref;
    let slot = slotOf.get(index);
    if (slot === undefined) {
      const arc = built.arcs[index]!;
      slot = known.get(arcKey(arc)) ?? draft.arcs.push(arc) - 1;
      slotOf.set(index, slot);
    }
    // A reversed match flips the direction of every reference to it.
    return ref < 0 ? ~slot : slot;
  };
  const slots = topology.areas.map((area, slot) => (area ? slot : -1)).filter((slot) => slot >= 0);
  const builtByKey = new Map(built.areas.map((area) => [area!.key, area!]));
  live.forEach((area, index) => {
    if (!geometries.has(index)) return;
    const rebuilt = builtByKey.get(area.key);
    if (!rebuilt) {
      draft.areas[slots[index]!] = null;
      return;
    }
    const polygons = rebuilt.polygons.map((polygon) => polygon.map((ring) => ring.map(reference)));
    if (JSON.stringify(polygons) !== JSON.stringify(area.polygons)) draft.areas[slots[index]!] = { ...area, polygons };
  });
  const used = new Set<number>();
  for (const area of draft.areas)
    for (const polygon of area?.polygons ?? []) for (const ring of polygon) for (const ref of ring) used.add(ref < 0 ? ~ref : ref);
  draft.arcs.forEach((arc, index) => {
    if (arc && !used.has(index)) draft.arcs[index] = null;
  });
  return patchOf(draft, text);
}

/** The square of a cell unit, or the outline of a polygon unit, in the layer's CRS. */
function unitSquare(layer: UnitLayer, unit: number): Polygon | MultiPolygon {
  const grid = layer.grid;
  if (!grid || !layer.cells) return layer.geometries![unit]!;
  const cell = layer.cells[unit]!;
  const x0 = grid.originX + (cell % grid.columns) * grid.cellWidth;
  const y1 = grid.originY - Math.floor(cell / grid.columns) * grid.cellHeight;
  const [x1, y0] = [x0 + grid.cellWidth, y1 - grid.cellHeight];
  return {
    type: 'Polygon',
    coordinates: [
      [
        [x0, y0],
        [x1, y0],
        [x1, y1],
        [x0, y1],
        [x0, y0],
      ],
    ],
  };
}

function arcKey(arc: readonly Position[]): string {
  return arc.map((position) => `${position[0]},${position[1]}`).join(';');
}
