// Painting units into areas: which units a brush covers, one dab of the brush as a checked change of the assignment
// (contiguity, locked areas), the residents of every area, and the editing session's step that makes the areas the
// dissolved units, so that painting is undone, saved and compared like every other edit.
import type { Feature, MultiPolygon, Polygon, Position } from 'geojson';
import { germanNumber, message, type Message } from '../errors.js';
import { insideRings, polygonsOf } from '../geometry/index.js';
import { reprojectCollection } from '../crs/index.js';
import { buildTopology, topologyAreaSet, type Topology, type TopologyArea } from '../coverage/topology.js';
import { EditError, draftOf, patchOf, type TopologyPatch } from '../coverage/operations/edit.js';
import type { AreaCollection } from '../io/areas.js';
import { dissolveUnits } from './dissolve.js';
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
    const column = Math.floor((x - grid.originX) / grid.cellWidth);
    const row = Math.floor((grid.originY - y) / grid.cellHeight);
    const first = Math.floor((width - 1) / 2);
    const units = unitOfCell(layer);
    for (let r = row - first; r < row - first + width; r += 1) {
      if (r < 0 || r >= grid.rows) continue;
      for (let c = column - first; c < column - first + width; c += 1) {
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
 * The step of an editing session that makes each live area of `topology` the outline of the units the assignment
 * gives it (dissolved along the grid, so the areas stay gap-free and without overlaps), as a patch to apply with
 * `TopologyEditor.apply`. Arcs that did not change keep their slots, areas whose outline did not change are not in
 * the patch, and an area left without units is removed. Keys, names and properties stay.
 */
export function assignmentPatch(topology: Topology, layer: UnitLayer, assignment: Int32Array, text: Message): TopologyPatch {
  const live = liveAreas(topology);
  const geometries = dissolveUnits(layer, assignment, live.length);
  const kept = live.flatMap((area, index) => (polygonsOf(geometries[index]!).length > 0 ? [{ area, index }] : []));
  let features: Feature<Polygon | MultiPolygon>[] = kept.map(({ index }) => ({ type: 'Feature', properties: {}, geometry: geometries[index]! }));
  if (layer.crs !== topology.crs)
    features = reprojectCollection({ type: 'FeatureCollection', features }, layer.crs, topology.crs).features as Feature<Polygon | MultiPolygon>[];
  // The traced outer rings run counter-clockwise; a session read clockwise keeps its winding.
  if (topology.winding === 'cw') for (const feature of features) for (const polygon of polygonsOf(feature.geometry)) for (const ring of polygon) ring.reverse();
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

function arcKey(arc: readonly Position[]): string {
  return arc.map((position) => `${position[0]},${position[1]}`).join(';');
}
