// Plan metrics: how well a set of areas (the official boundaries, a proposal, a planner's version) meets the rules:
// residents and their deviation from the target, compactness, barriers inside, and the departments' units it splits.
import type { MultiPolygon, Polygon, Position } from 'geojson';
import { throwIfAborted } from '../errors.js';
import type { PopulationGrid } from '../aggregate/grid.js';
import { areasIn } from './assign.js';
import { polygonArea, polygonsOf } from '../geometry/index.js';
import { polsbyPopper, ringLength } from '../coverage/geometry.js';
import { areaCoverage, coverageWeights, type CoverageWeights } from '../aggregate/coverage.js';
import type { AreaCollection } from '../io/areas.js';
import { barrierLengthInside, type Barriers } from './barriers.js';
import { seededRandom } from '../random.js';

export interface ScoreOptions {
  population: PopulationGrid;
  target?: number;
  minimum?: number;
  maximum?: number;
  barriers?: Barriers;
  /** Barrier parts within this distance (m) of an area's outline are on its boundary, not inside (default 50). */
  barrierMargin?: number;
  /** The departments' units, e.g. the Ortsteile: how many of them the plan splits. */
  references?: readonly { name: string; areas: AreaCollection }[];
  /** Shares of residents up to this count as slivers of digitising, not as a split (default 0.01); see `ReferenceScore.split`. */
  splitThreshold?: number;
  signal?: AbortSignal;
}

export interface AreaScore {
  key: string;
  residents: number;
  /** (residents − target) / target, or null without a target. */
  deviation: number | null;
  /** m², in the grid's CRS. */
  area: number;
  /** m, every ring. */
  perimeter: number;
  /** 4πA / P². */
  polsbyPopper: number;
  /** Area over the area of the smallest circle around the area. */
  reock: number;
  /** Railway and waterway corridor inside the area, in m, or null without barriers. */
  barrierRailway: number | null;
  barrierWaterway: number | null;
}

export interface ReferenceUnitScore {
  key: string;
  residents: number;
  /** The share of its residents in the plan area holding most of them. */
  largestShare: number;
  /**
   * The share of its residents in areas that do not straddle its boundary: areas inside it, or the one area it lies
   * in. 1 when the unit is made of whole areas (a Bezirksregion of Planungsräume) or lies in one area.
   */
  wholeShare: number;
  /** Plan areas holding more than the split threshold of its residents. */
  areas: number;
}

export interface ReferenceScore {
  name: string;
  /** The units with at least half of their residents inside the plan's areas. */
  units: ReferenceUnitScore[];
  /**
   * Units the plan splits: some area straddles the unit's boundary, holding more than the split threshold of the
   * unit's residents but not all of them, while more than that share of the area's own residents live outside it.
   */
  split: number;
  /** Mean of `largestShare` over the units. */
  meanLargestShare: number;
  /** Mean of `wholeShare` over the units. */
  meanWholeShare: number;
}

export interface PlanScore {
  name: string;
  areas: AreaScore[];
  summary: {
    areas: number;
    residents: number;
    meanResidents: number;
    /** Coefficient of variation of residents (standard deviation over mean). */
    cv: number;
    belowMinimum: number | null;
    aboveMaximum: number | null;
    meanPolsbyPopper: number;
    meanReock: number;
    /** Total barrier corridor inside areas (m), and the largest in one area. */
    barrierInside: number | null;
    maxBarrierInside: number | null;
  };
  references: ReferenceScore[];
}

/** The metrics of one plan; everything is measured in the population grid's CRS (EPSG:3035 for Zensus: equal area). */
export function scorePlan(plan: AreaCollection, name: string, options: ScoreOptions): PlanScore {
  const { grid } = options.population;
  const planar = areasIn(plan, grid.crs);
  const geometries = planar.features.map((feature) => feature.geometry);
  const people = residentsOf(coverageWeights(planar, grid, { method: 'exact' }), options.population);
  const centres = options.references?.length ? cellShares(planar, options.population) : undefined;
  throwIfAborted(options.signal, plan.source);
  const barriers = options.barriers ? barrierLengthInside(options.barriers, geometries, options.barrierMargin) : undefined;
  const areas: AreaScore[] = geometries.map((geometry, index) => {
    const residents = people[index]!;
    const { area, perimeter } = measure(geometry);
    return {
      key: plan.ids[index]!,
      residents,
      deviation: options.target ? (residents - options.target) / options.target : null,
      area,
      perimeter,
      polsbyPopper: polsbyPopper(area, perimeter),
      reock: area / circleArea(geometry),
      barrierRailway: barriers ? barriers[index]!.railway : null,
      barrierWaterway: barriers ? barriers[index]!.waterway : null,
    };
  });
  const references = (options.references ?? []).map((reference) => {
    throwIfAborted(options.signal, reference.areas.source);
    return scoreReference(reference.name, reference.areas, centres!, options);
  });
  return { name, areas, summary: summarise(areas, barriers, options), references };
}

/** The residents of each area: the value of every cell times the share of the cell inside it (nodata counts 0). */
function residentsOf(weights: CoverageWeights, population: PopulationGrid): Float64Array {
  const people = new Float64Array(weights.ids.length);
  const { values, nodata } = population;
  for (let area = 0; area < people.length; area += 1) {
    const covered = areaCoverage(weights, area);
    let sum = 0;
    for (let i = 0; i < covered.cells.length; i += 1) {
      const value = values[covered.cells[i]!]!;
      if (Number.isFinite(value) && value !== nodata) sum += value * covered.fractions[i]!;
    }
    people[area] = sum;
  }
  return people;
}

/**
 * Per grid cell, the areas holding its centre and the residents each holds of it, as flat arrays ordered by cell:
 * the entries of cell c are offsets[c] … offsets[c + 1]. Flat arrays rather than a map of lists, which for the
 * cells of Berlin kept a plan's score collecting garbage.
 */
interface CellShares {
  offsets: Uint32Array;
  cells: Uint32Array;
  areas: Uint32Array;
  fractions: Float64Array;
  residents: Float64Array;
}

function cellShares(areas: AreaCollection, population: PopulationGrid): CellShares {
  const { values, nodata, grid } = population;
  const weights = coverageWeights(areas, grid, { method: 'centre' });
  const covered = areas.ids.map((_, area) => areaCoverage(weights, area));
  const offsets = new Uint32Array(grid.columns * grid.rows + 1);
  for (const { cells } of covered) for (let i = 0; i < cells.length; i += 1) offsets[cells[i]! + 1] += 1;
  for (let cell = 1; cell < offsets.length; cell += 1) offsets[cell] += offsets[cell - 1]!;
  const count = offsets[offsets.length - 1]!;
  const shares: CellShares = {
    offsets,
    cells: new Uint32Array(count),
    areas: new Uint32Array(count),
    fractions: new Float64Array(count),
    residents: new Float64Array(count),
  };
  const next = offsets.slice(0, -1);
  covered.forEach(({ cells, fractions }, area) => {
    for (let i = 0; i < cells.length; i += 1) {
      const cell = cells[i]!;
      const entry = next[cell]!;
      next[cell] += 1;
      const value = values[cell]!;
      shares.cells[entry] = cell;
      shares.areas[entry] = area;
      shares.fractions[entry] = fractions[i]!;
      shares.residents[entry] = Number.isFinite(value) && value !== nodata ? value * fractions[i]! : 0;
    }
  });
  return shares;
}

/**
 * The cell shares of a reference layer, computed once for every plan scored against it with the same grid: plans
 * side by side share their departments' layers, and weighing the Ortsteile of Berlin again for each plan cost as
 * much as scoring the plan.
 */
const REFERENCE_SHARES = new WeakMap<AreaCollection, { population: PopulationGrid; shares: CellShares }>();

function referenceShares(reference: AreaCollection, population: PopulationGrid): CellShares {
  const known = REFERENCE_SHARES.get(reference);
  if (known && known.population.values === population.values && known.population.grid === population.grid) return known.shares;
  const shares = cellShares(reference, population);
  REFERENCE_SHARES.set(reference, { population, shares });
  return shares;
}

function summarise(areas: readonly AreaScore[], barriers: readonly { total: number }[] | undefined, options: ScoreOptions): PlanScore['summary'] {
  const residents = areas.map((area) => area.residents);
  const total = residents.reduce((sum, value) => sum + value, 0);
  const mean = areas.length > 0 ? total / areas.length : 0;
  const variance = areas.length > 0 ? residents.reduce((sum, value) => sum + (value - mean) ** 2, 0) / areas.length : 0;
  const average = (values: number[]) => (values.length > 0 ? values.reduce((sum, value) => sum + value, 0) / values.length : 0);
  return {
    areas: areas.length,
    residents: total,
    meanResidents: mean,
    cv: mean > 0 ? Math.sqrt(variance) / mean : 0,
    belowMinimum: options.minimum === undefined ? null : residents.filter((value) => value < options.minimum!).length,
    aboveMaximum: options.maximum === undefined ? null : residents.filter((value) => value > options.maximum!).length,
    meanPolsbyPopper: average(areas.map((area) => area.polsbyPopper)),
    meanReock: average(areas.map((area) => area.reock)),
    barrierInside: barriers ? barriers.reduce((sum, value) => sum + value.total, 0) : null,
    maxBarrierInside: barriers ? barriers.reduce((most, value) => Math.max(most, value.total), 0) : null,
  };
}

/**
 * How the plan's areas share out the residents of each reference unit, counted on the grid: each cell with all its
 * residents in the area and in the unit that hold its centre. Where plan and unit share a boundary (Planungsräume in
 * their Bezirksregion) both put a cell on the same side, so nesting comes out exact; only where two digitisations
 * of one line differ can a cell fall on different sides, which the split threshold absorbs. Units with less than
 * half of their residents inside the plan (outside the territory it covers) are left out.
 */
function scoreReference(name: string, reference: AreaCollection, plan: CellShares, options: ScoreOptions): ReferenceScore {
  const threshold = options.splitThreshold ?? 0.01;
  const units = referenceShares(reference, options.population);
  const planResidents = new Map<number, number>();
  for (let entry = 0; entry < plan.areas.length; entry += 1)
    planResidents.set(plan.areas[entry]!, (planResidents.get(plan.areas[entry]!) ?? 0) + plan.residents[entry]!);
  const byUnit = reference.ids.map(() => ({ total: 0, shares: new Map<number, number>() }));
  for (let entry = 0; entry < units.areas.length; entry += 1) {
    const cell = units.cells[entry]!;
    const residents = units.residents[entry]!;
    const tally = byUnit[units.areas[entry]!]!;
    tally.total += residents;
    for (let k = plan.offsets[cell]!; k < plan.offsets[cell + 1]!; k += 1) {
      const area = plan.areas[k]!;
      tally.shares.set(area, (tally.shares.get(area) ?? 0) + residents * plan.fractions[k]!);
    }
  }
  const scores: ReferenceUnitScore[] = [];
  byUnit.forEach(({ total, shares }, unit) => {
    const inside = [...shares.values()].reduce((sum, value) => sum + value, 0);
    if (!(total > 0) || inside < total / 2) return;
    const largest = Math.max(...shares.values());
    // An area straddles the unit's boundary when it holds a real part of the unit, not the whole, and has a real
    // part of its own residents outside the unit: the unit is then not made of whole areas, nor inside one.
    let straddled = 0;
    for (const [area, value] of shares) {
      const part = value / inside;
      if (part > threshold && part < 1 - threshold && value < (1 - threshold) * (planResidents.get(area) ?? 0)) straddled += value;
    }
    scores.push({
      key: reference.ids[unit]!,
      residents: total,
      largestShare: largest / inside,
      wholeShare: 1 - straddled / inside,
      areas: [...shares.values()].filter((value) => value / inside > threshold).length,
    });
  });
  const mean = (values: number[]) => (values.length > 0 ? values.reduce((sum, value) => sum + value, 0) / values.length : 1);
  return {
    name,
    units: scores,
    split: scores.filter((unit) => unit.wholeShare < 1).length,
    meanLargestShare: mean(scores.map((unit) => unit.largestShare)),
    meanWholeShare: mean(scores.map((unit) => unit.wholeShare)),
  };
}

/** Area and outline length of a polygon or multipolygon, holes included in the outline. */
function measure(geometry: Polygon | MultiPolygon): { area: number; perimeter: number } {
  let area = 0;
  let perimeter = 0;
  for (const polygon of polygonsOf(geometry)) {
    area += polygonArea(polygon);
    for (const ring of polygon) perimeter += ringLength(ring.slice(0, -1));
  }
  return { area, perimeter };
}

/** Area of the smallest circle enclosing the geometry (Welzl's algorithm on the convex hull's vertices). */
export function circleArea(geometry: Polygon | MultiPolygon): number {
  const points = convexHull(polygonsOf(geometry).flatMap((polygon) => polygon[0] ?? []));
  if (points.length === 0) return 0;
  // Welzl's expected linear time needs the points in random order; a fixed seed keeps the result reproducible.
  const random = seededRandom(7);
  for (let i = points.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [points[i], points[j]] = [points[j]!, points[i]!];
  }
  const circle = enclosingCircle(points);
  return Math.PI * circle.r * circle.r;
}

function convexHull(points: readonly Position[]): Position[] {
  const sorted = [...points].sort((a, b) => a[0]! - b[0]! || a[1]! - b[1]!);
  const cross = (o: Position, a: Position, b: Position) => (a[0]! - o[0]!) * (b[1]! - o[1]!) - (a[1]! - o[1]!) * (b[0]! - o[0]!);
  const lower: Position[] = [];
  for (const p of sorted) {
    while (lower.length >= 2 && cross(lower[lower.length - 2]!, lower[lower.length - 1]!, p) <= 0) lower.pop();
    lower.push(p);
  }
  const upper: Position[] = [];
  for (const p of [...sorted].reverse()) {
    while (upper.length >= 2 && cross(upper[upper.length - 2]!, upper[upper.length - 1]!, p) <= 0) upper.pop();
    upper.push(p);
  }
  return lower.slice(0, -1).concat(upper.slice(0, -1));
}

interface Circle {
  x: number;
  y: number;
  r: number;
}

/** Welzl's smallest enclosing circle, iterative; the hull's vertices are few, so the expected linear time holds in practice. */
function enclosingCircle(points: readonly Position[]): Circle {
  const inside = (c: Circle, p: Position) => Math.hypot(p[0]! - c.x, p[1]! - c.y) <= c.r * (1 + 1e-12) + 1e-9;
  let circle: Circle = { x: points[0]![0]!, y: points[0]![1]!, r: 0 };
  for (let i = 1; i < points.length; i += 1) {
    const p = points[i]!;
    if (inside(circle, p)) continue;
    circle = { x: p[0]!, y: p[1]!, r: 0 };
    for (let j = 0; j < i; j += 1) {
      const q = points[j]!;
      if (inside(circle, q)) continue;
      circle = diameterCircle(p, q);
      for (let k = 0; k < j; k += 1) {
        const s = points[k]!;
        if (!inside(circle, s)) circle = circumcircle(p, q, s);
      }
    }
  }
  return circle;
}

function diameterCircle(a: Position, b: Position): Circle {
  return { x: (a[0]! + b[0]!) / 2, y: (a[1]! + b[1]!) / 2, r: Math.hypot(a[0]! - b[0]!, a[1]! - b[1]!) / 2 };
}

function circumcircle(a: Position, b: Position, c: Position): Circle {
  const [ax, ay] = [a[0]!, a[1]!];
  const bx = b[0]! - ax;
  const by = b[1]! - ay;
  const cx = c[0]! - ax;
  const cy = c[1]! - ay;
  const d = 2 * (bx * cy - by * cx);
  if (d === 0) {
    const pairs = [diameterCircle(a, b), diameterCircle(a, c), diameterCircle(b, c)];
    return pairs.sort((p, q) => q.r - p.r)[0]!;
  }
  const ux = (cy * (bx * bx + by * by) - by * (cx * cx + cy * cy)) / d;
  const uy = (bx * (cx * cx + cy * cy) - cx * (bx * bx + by * by)) / d;
  return { x: ux + ax, y: uy + ay, r: Math.hypot(ux, uy) };
}
