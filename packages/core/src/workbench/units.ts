// The planner's building blocks: a unit layer (Zensus grid cells or polygon units such as statistical blocks) with
// residents, the territory part each unit lies in, and the graph of which units touch.
import type { MultiPolygon, Polygon } from 'geojson';
import { SozialraumError, germanNumber, message } from '../errors.js';
import { coverageWeights, areaCoverage } from '../aggregate/coverage.js';
import { cellCentre, type PopulationGrid } from '../aggregate/grid.js';
import { insideRings, polygonArea, polygonsOf } from '../geometry/index.js';
import { ringLength, innerPoint } from '../coverage/geometry.js';
import { areasIn } from './assign.js';
import { populationOfGeometries } from '../coverage/population.js';
import type { AreaCollection } from '../io/areas.js';
import { areaName } from '../io/areas.js';
import { toleranceAdjacency } from './adjacency.js';

/**
 * Units that tile (or, for blocks, nearly tile) a territory, in the population grid's CRS. The neighbours of unit
 * `u` are `neighbours[neighbourOffsets[u]]` … `neighbours[neighbourOffsets[u + 1] - 1]`, each with the length of
 * boundary the two share (for blocks across a street: the length along which they face each other).
 */
export interface UnitLayer {
  kind: 'cells' | 'polygons';
  /** File the units came from, for messages. */
  source: string;
  /** "EPSG:n" of every coordinate and length: the population grid's. */
  crs: string;
  ids: string[];
  residents: Float64Array;
  /** x, y of a point inside each unit, interleaved. */
  centres: Float64Array;
  /** Area of each unit in m². */
  areas: Float64Array;
  /** Outline length of each unit in m. */
  perimeters: Float64Array;
  neighbourOffsets: Uint32Array;
  neighbours: Uint32Array;
  sharedLengths: Float64Array;
  /** The territory area (an index into `territory`) each unit lies in: the upper level areas are nested in. */
  upper: Int32Array;
  /** Keys of the territory areas (e.g. the Bezirke), indexed by `upper`. */
  territory: string[];
  /** For cells: the grid and each unit's cell index in it. */
  grid?: PopulationGrid['grid'];
  cells?: Uint32Array;
  /** For polygon units: each unit's outline in `crs`. */
  geometries?: (Polygon | MultiPolygon)[];
}

/**
 * The 100 m cells of a population grid whose centres lie in the territory (e.g. the Bezirke), each with its residents
 * (suppressed cells count 0). Every cell is in exactly one territory area (a centre on a shared edge goes to one side),
 * and two cells are neighbours when they share an edge. Refuses a territory that reaches past the grid: there the
 * units would not cover it.
 */
export function cellUnits(population: PopulationGrid, territory: AreaCollection): UnitLayer {
  const { grid, values } = population;
  const weights = coverageWeights(territory, grid, { method: 'exact' });
  territory.ids.forEach((id, index) => {
    const outside = weights.areaCells[index]! - weights.insideCells[index]!;
    if (outside > 0.5) {
      throw new SozialraumError(
        'no-match',
        message(
          `${Math.round(outside)} cells of area "${areaName(territory, index)}" lie outside the population grid ${population.source ?? ''}; the units do not cover the territory`,
          `${germanNumber(Math.round(outside))} Zellen des Gebiets „${areaName(territory, index)}“ liegen außerhalb des Bevölkerungsgitters ${population.source ?? ''}; die Einheiten decken das Gebiet nicht ab`,
        ),
        { source: territory.source, key: id },
      );
    }
  });
  const centre = coverageWeights(territory, grid, { method: 'centre' });
  const { keys, keyOf } = territoryKeys(territory);
  const owner = new Map<number, number>();
  territory.ids.forEach((_, index) => {
    const { cells } = areaCoverage(centre, index);
    for (const cell of cells) if (!owner.has(cell)) owner.set(cell, keyOf[index]!);
  });
  const cells = Uint32Array.from([...owner.keys()].sort((a, b) => a - b));
  const count = cells.length;
  const unitOf = new Map<number, number>();
  cells.forEach((cell, unit) => unitOf.set(cell, unit));
  const residents = new Float64Array(count);
  const centres = new Float64Array(count * 2);
  const upper = new Int32Array(count);
  const ids: string[] = [];
  const size = grid.cellWidth;
  const resolution = size >= 1000 ? `${size / 1000}km` : `${size}m`;
  cells.forEach((cell, unit) => {
    const value = values[cell]!;
    residents[unit] = Number.isFinite(value) && value !== population.nodata ? value : 0;
    const [x, y] = cellCentre(grid, cell);
    centres[unit * 2] = x;
    centres[unit * 2 + 1] = y;
    upper[unit] = owner.get(cell)!;
    ids.push(`CRS${grid.crs.replace('EPSG:', '')}RES${resolution}N${Math.round(y - size / 2)}E${Math.round(x - size / 2)}`);
  });
  // Rook neighbours: cells meeting only at a corner would make an area whose outline touches itself.
  const offsets = new Uint32Array(count + 1);
  const list: number[] = [];
  for (let unit = 0; unit < count; unit += 1) {
    const cell = cells[unit]!;
    const column = cell % grid.columns;
    const around = [cell - grid.columns, column > 0 ? cell - 1 : -1, column < grid.columns - 1 ? cell + 1 : -1, cell + grid.columns];
    for (const other of around) {
      const neighbour = other >= 0 ? unitOf.get(other) : undefined;
      if (neighbour !== undefined) list.push(neighbour);
    }
    offsets[unit + 1] = list.length;
  }
  return {
    kind: 'cells',
    source: population.source ?? 'grid',
    crs: grid.crs,
    ids,
    residents,
    centres,
    areas: new Float64Array(count).fill(grid.cellWidth * grid.cellHeight),
    perimeters: new Float64Array(count).fill(2 * (grid.cellWidth + grid.cellHeight)),
    neighbourOffsets: offsets,
    neighbours: Uint32Array.from(list),
    sharedLengths: new Float64Array(list.length).fill(grid.cellWidth),
    upper,
    territory: keys,
    grid,
    cells,
  };
}

export interface PolygonUnitOptions {
  /**
   * Units closer than this (in metres) count as neighbours: blocks face each other across a street, so the tolerance
   * is about the width of the widest street between blocks that should connect (default 30 m).
   */
  tolerance?: number;
  /** Units facing each other along less than this (m) are not neighbours: blocks meeting at a crossing only (default 10 m). */
  minimumShared?: number;
}

/**
 * Polygon units (statistical blocks) with residents from the grid by exact coverage, each in the territory area that
 * holds a point inside it (units in none are left out), and neighbours found within a tolerance because streets lie
 * between blocks. Refuses a
 * layer whose graph falls apart within a territory area: the message names a unit cut off from the rest.
 */
export function polygonUnits(units: AreaCollection, population: PopulationGrid, territory: AreaCollection, options: PolygonUnitOptions = {}): UnitLayer {
  const crs = population.grid.crs;
  const planar = areasIn(units, crs);
  const upperPolygons = areasIn(territory, crs).features.map((feature) => polygonsOf(feature.geometry));
  const { keys, keyOf } = territoryKeys(territory);
  // Units whose inner point lies in no territory area (blocks of other Bezirke) are no part of the partition.
  const kept: { index: number; geometry: Polygon | MultiPolygon; x: number; y: number; upper: number }[] = [];
  planar.features.forEach((feature, index) => {
    const polygons = polygonsOf(feature.geometry);
    const largest = polygons.reduce((best, polygon) => (polygonArea(polygon) > polygonArea(best) ? polygon : best), polygons[0]!);
    const [x, y] = innerPoint(largest);
    const holder = upperPolygons.findIndex((polygonsOfArea) => polygonsOfArea.some((polygon) => insideRings(polygon, x, y)));
    if (holder >= 0) kept.push({ index, geometry: feature.geometry, x, y, upper: keyOf[holder]! });
  });
  if (kept.length === 0) {
    throw new SozialraumError(
      'no-match',
      message(`no unit lies inside an area of ${territory.source}`, `keine Einheit liegt in einem Gebiet von ${territory.source}`),
      { source: units.source },
    );
  }
  const geometries = kept.map((unit) => unit.geometry);
  const count = kept.length;
  const residentsByKey = populationOfGeometries(
    population,
    geometries.map((geometry, index) => ({ key: String(index), geometry })),
    crs,
  );
  const residents = Float64Array.from(kept, (_, unit) => residentsByKey.get(String(unit)) ?? 0);
  const centres = Float64Array.from(kept.flatMap((unit) => [unit.x, unit.y]));
  const areas = new Float64Array(count);
  const perimeters = new Float64Array(count);
  geometries.forEach((geometry, unit) => {
    for (const polygon of polygonsOf(geometry)) {
      areas[unit] += polygonArea(polygon);
      for (const ring of polygon) perimeters[unit] += ringLength(ring.slice(0, -1));
    }
  });
  const tolerance = options.tolerance ?? 30;
  const graph = toleranceAdjacency(geometries, tolerance, options.minimumShared ?? 10);
  const layer: UnitLayer = {
    kind: 'polygons',
    source: units.source,
    crs,
    ids: kept.map((unit) => units.ids[unit.index]!),
    residents,
    centres,
    areas,
    perimeters,
    neighbourOffsets: graph.offsets,
    neighbours: graph.neighbours,
    sharedLengths: graph.lengths,
    upper: Int32Array.from(kept, (unit) => unit.upper),
    territory: keys,
    geometries,
  };
  assertConnected(layer, tolerance);
  return layer;
}

/** The distinct keys of the territory (several features with one key, e.g. Planungsräume keyed by BEZ, are one area). */
function territoryKeys(territory: AreaCollection): { keys: string[]; keyOf: number[] } {
  const keys: string[] = [];
  const index = new Map<string, number>();
  const keyOf = territory.ids.map((id) => {
    let known = index.get(id);
    if (known === undefined) {
      known = keys.length;
      keys.push(id);
      index.set(id, known);
    }
    return known;
  });
  return { keys, keyOf };
}

/**
 * The connected pieces of the given units (all units when none are given) in the unit graph, each a list of units;
 * the largest first. One piece means the units are contiguous. With `cut` (parallel to `layer.neighbours`, e.g. the
 * adjacencies across barriers), the adjacencies marked 1 do not connect.
 */
export function unitComponents(layer: UnitLayer, members?: Iterable<number>, cut?: Uint8Array): number[][] {
  const inSet = members === undefined ? undefined : new Set(members);
  const seen = new Uint8Array(layer.ids.length);
  const order = inSet === undefined ? layer.ids.map((_, unit) => unit) : [...inSet];
  const pieces: number[][] = [];
  for (const start of order) {
    if (seen[start]) continue;
    seen[start] = 1;
    const piece = [start];
    for (let head = 0; head < piece.length; head += 1) {
      const unit = piece[head]!;
      for (let k = layer.neighbourOffsets[unit]!; k < layer.neighbourOffsets[unit + 1]!; k += 1) {
        const other = layer.neighbours[k]!;
        if (seen[other] || cut?.[k] || (inSet !== undefined && !inSet.has(other))) continue;
        seen[other] = 1;
        piece.push(other);
      }
    }
    pieces.push(piece);
  }
  return pieces.sort((a, b) => b.length - a.length);
}

/** Whether the units assigned to each area form one piece: per area, its number of pieces (1 = contiguous). */
export function contiguity(layer: UnitLayer, assignment: Int32Array, areaCount: number): number[] {
  const members: number[][] = Array.from({ length: areaCount }, () => []);
  assignment.forEach((area, unit) => {
    if (area >= 0) members[area]!.push(unit);
  });
  return members.map((units) => (units.length === 0 ? 0 : unitComponents(layer, units).length));
}

/**
 * Refuses a unit layer whose graph falls apart inside a territory area, naming a unit of the smaller piece: with
 * blocks, a tolerance below the street width leaves blocks without neighbours.
 */
function assertConnected(layer: UnitLayer, tolerance: number): void {
  const byUpper = new Map<number, number[]>();
  layer.upper.forEach((area, unit) => {
    const list = byUpper.get(area) ?? [];
    list.push(unit);
    byUpper.set(area, list);
  });
  for (const [area, units] of byUpper) {
    const pieces = unitComponents(layer, units);
    if (pieces.length <= 1) continue;
    const cut = pieces[pieces.length - 1]![0]!;
    throw new SozialraumError(
      'invalid-geometry',
      message(
        `unit "${layer.ids[cut]}" has no path to the rest of "${layer.territory[area]}" (${pieces.length} separate pieces) within the adjacency tolerance of ${tolerance} m; raise the tolerance`,
        `die Einheit „${layer.ids[cut]}“ hat keine Verbindung zum Rest von „${layer.territory[area]}“ (${pieces.length} getrennte Teile) innerhalb der Nachbarschaftstoleranz von ${germanNumber(tolerance)} m; erhöhen Sie die Toleranz`,
      ),
      { source: layer.source, key: layer.ids[cut]! },
    );
  }
}
