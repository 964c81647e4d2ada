// The crosswalk between two boundary versions: how much of each source area lies in each target area, by area or by residents.
import type { MultiPolygon, Polygon, Position } from 'geojson';
import polygonClipping from 'polygon-clipping';
import { issue, message, throwIfAborted, type DataIssue } from '../errors.js';
import { mapPositions, transformer } from '../crs/index.js';
import type { AreaCollection, AreaFeature } from '../io/areas.js';
import { coverageWeights } from '../aggregate/coverage.js';
import Flatbush from 'flatbush';
import { boxOverlap, geometryBox, intersectionArea, polygonsArea, polygonsOf, prepareOutline, type Outline } from '../geometry/index.js';
import { assertValidGrid, type PopulationGrid } from '../aggregate/grid.js';
import { zonalStatistics } from '../aggregate/statistics.js';

/** Residents (or any count) on a grid, e.g. a Zensus grid as `readZensusGrid` returns it. */
export interface CrosswalkOptions {
  /**
   * Residents on a grid: each source area is split in proportion to the residents of the grid cells in each
   * intersection (cell value × exact share of the cell inside the intersection). Without it, by intersection area.
   */
  population?: PopulationGrid;
  /** Checked between areas. */
  signal?: AbortSignal;
  /** Called with the number of source areas intersected and their total. */
  onProgress?: (done: number, total: number) => void;
}

/**
 * What the two boundary versions share, measured once and usable in both directions: per pair of keys that
 * overlap, the area of the intersection (and its residents with a grid), and the totals of every area. A key that
 * several features carry is one area made of all of them.
 */
export interface CrosswalkOverlay {
  /** Keys of the source areas, unique, in file order. */
  sourceIds: string[];
  /** Keys of the target areas, unique, in file order. */
  targetIds: string[];
  /** The CRS the areas were intersected in: the grid's, the areas' shared projected CRS, or EPSG:3035 (equal area). */
  crs: string;
  /** Pairs with an intersection of positive area; `population` only with a grid. */
  pieces: { source: string; target: string; area: number; population?: number }[];
  /** Area of every source and target area (CRS units²), and its residents with a grid. */
  sourceTotals: Map<string, { area: number; population?: number }>;
  targetTotals: Map<string, { area: number; population?: number }>;
  /** Pairs that could not be intersected (broken geometry), each naming both features; their overlap is missing. */
  issues: DataIssue[];
}

/** A share of one source area that goes to one target area. */
export interface CrosswalkWeight {
  target: string;
  weight: number;
}

/** The weights that carry values of the source areas onto the target areas; build once, apply to any number of columns. */
export interface Crosswalk {
  /** 'population' when a grid weighs the intersections, 'area' otherwise. */
  weighting: 'area' | 'population';
  sourceIds: string[];
  targetIds: string[];
  /**
   * Per source key, the targets it overlaps with weights that add up to 1 (normalised over the targets it touches,
   * so nothing is lost in slivers where the outlines differ by digitising); empty for sources touching no target.
   */
  weights: Map<string, CrosswalkWeight[]>;
  /** Per source key, the share (by the weighting) that fell outside every target, before normalisation. */
  outsideShare: Map<string, number>;
  /** Sources that touch no target at all: their values cannot be carried and are reported as lost. */
  unmatchedSources: string[];
  /** With a grid, sources where nobody lives on the grid: they are split by area instead. */
  areaFallback: string[];
  /** The measurements the weights come from; `reverseCrosswalk` turns them around. */
  overlay: CrosswalkOverlay;
  /** True when the crosswalk runs from the overlay's targets back to its sources. */
  reversed: boolean;
}

/**
 * The crosswalk from `source` to `target` areas. The two versions are measured pair by pair, for the pairs whose
 * boxes overlap (a flatbush of the targets' boxes), in one planar CRS: the grid's when a population grid is given, so
 * that the intersections and the grid cells meet without a further reprojection. By area, the size of each
 * intersection comes from the two outlines without building it (`intersectionArea`, robust to shared and nearly
 * shared edges); with a grid, the intersection is built (polygon-clipping) and its residents are measured with the
 * aggregator's exact cell coverage against it, which is exact also for a cell that both boundaries cross.
 */
export function buildCrosswalk(source: AreaCollection, target: AreaCollection, options: CrosswalkOptions = {}): Crosswalk {
  return crosswalkFromOverlay(overlayAreas(source, target, options));
}

/** The crosswalk in the other direction, from the targets back to the sources, from the same measurements. */
export function reverseCrosswalk(crosswalk: Crosswalk): Crosswalk {
  return crosswalkFromOverlay(crosswalk.overlay, { reversed: !crosswalk.reversed, weighting: crosswalk.weighting });
}

/** Measures the overlap of the two boundary versions; see `buildCrosswalk`. */
export function overlayAreas(source: AreaCollection, target: AreaCollection, options: CrosswalkOptions = {}): CrosswalkOverlay {
  const { population, signal, onProgress } = options;
  if (population) assertValidGrid(population.grid);
  const crs = population?.grid.crs ?? (source.crs === target.crs && source.crs !== 'EPSG:4326' ? source.crs : 'EPSG:3035');
  const sources = planarAreas(source, crs);
  const targets = planarAreas(target, crs);
  const issues: DataIssue[] = [];
  const pieceFeatures: AreaFeature[] = [];
  const pieceKeys: { source: string; target: string }[] = [];
  const areaByPair = new Map<string, number>();
  const add = (from: PlanarArea, to: PlanarArea, area: number) => {
    const pair = `${from.id}\u0000${to.id}`;
    const before = areaByPair.get(pair);
    if (before === undefined) pieceKeys.push({ source: from.id, target: to.id });
    areaByPair.set(pair, (before ?? 0) + area);
    return pair;
  };
  const candidates = boxIndex(targets);
  sources.forEach((from, index) => {
    throwIfAborted(signal, source.source);
    // In file order, as the pairs were always listed.
    const near = candidates ? candidates.search(...from.box).sort((a, b) => a - b) : [];
    for (const to of near.map((at) => targets[at]!)) {
      // Boxes that only touch cannot hold a shared area.
      if (boxOverlap(from.box, to.box) === 0) continue;
      if (!population) {
        // By area only the size of each intersection counts: measured from the outlines without building it.
        const area = intersectionArea(from.outline, to.outline);
        if (area > 0) add(from, to, area);
        continue;
      }
      // With a grid the residents are counted in the intersection itself, so it is built.
      const parts = intersect(from, to, source.source, target.source, issues);
      const area = parts ? polygonsArea(parts) : 0;
      if (!(area > 0)) continue;
      const pair = add(from, to, area);
      pieceFeatures.push({ type: 'Feature', properties: { pair }, geometry: { type: 'MultiPolygon', coordinates: parts! } });
    }
    onProgress?.(index + 1, sources.length);
  });

  const sourceTotals = totals(sources);
  const targetTotals = totals(targets);
  const pieces: CrosswalkOverlay['pieces'] = pieceKeys.map(({ source: from, target: to }) => ({
    source: from,
    target: to,
    area: areaByPair.get(`${from}\u0000${to}`)!,
  }));
  if (population) {
    const residents = (collection: AreaCollection) => {
      const weights = coverageWeights(collection, population.grid, { method: 'exact', ...(signal ? { signal } : {}) });
      const sums = new Map<string, number>();
      // A piece off the grid has no known residents; weighting by residents counts it as holding none, as before.
      for (const area of zonalStatistics(weights, population, ['sum'])) sums.set(area.id, (sums.get(area.id) ?? 0) + (Number.isNaN(area.sum) ? 0 : area.sum!));
      return sums;
    };
    const pieceCollection = planarCollection(
      source.source,
      crs,
      pieceFeatures,
      pieceFeatures.map((feature) => String(feature.properties!.pair)),
    );
    const byPair = residents(pieceCollection);
    for (const piece of pieces) piece.population = byPair.get(`${piece.source}\u0000${piece.target}`) ?? 0;
    const fill = (areas: PlanarArea[], sums: Map<string, { area: number; population?: number }>, of: string) => {
      const collection = planarCollection(
        of,
        crs,
        areas.map((area) => area.feature),
        areas.map((area) => area.id),
      );
      for (const [id, value] of residents(collection)) sums.get(id)!.population = value;
    };
    fill(sources, sourceTotals, source.source);
    fill(targets, targetTotals, target.source);
  }
  return {
    sourceIds: [...sourceTotals.keys()],
    targetIds: [...targetTotals.keys()],
    crs,
    pieces,
    sourceTotals,
    targetTotals,
    issues,
  };
}

/**
 * Normalised weights from the measurements, forwards (source → target) or `reversed` (target → source), by residents
 * when the overlay was measured on a grid or by area (`weighting`: 'area' picks area weights from a grid overlay too,
 * so one overlay serves both).
 */
export function crosswalkFromOverlay(overlay: CrosswalkOverlay, options: { reversed?: boolean; weighting?: 'area' | 'population' } = {}): Crosswalk {
  const reversed = options.reversed ?? false;
  const fromIds = reversed ? overlay.targetIds : overlay.sourceIds;
  const toIds = reversed ? overlay.sourceIds : overlay.targetIds;
  const fromTotals = reversed ? overlay.targetTotals : overlay.sourceTotals;
  const measured = [...fromTotals.values()].some((total) => total.population !== undefined);
  if (options.weighting === 'population' && !measured) {
    throw new TypeError('population weights need an overlay measured with a population grid (options.population of overlayAreas)');
  }
  const byPopulation = measured && options.weighting !== 'area';
  const piecesOf = new Map<string, { to: string; area: number; population: number }[]>(fromIds.map((id) => [id, []]));
  for (const piece of overlay.pieces) {
    const from = reversed ? piece.target : piece.source;
    const to = reversed ? piece.source : piece.target;
    piecesOf.get(from)!.push({ to, area: piece.area, population: piece.population ?? 0 });
  }
  const weights = new Map<string, CrosswalkWeight[]>();
  const outsideShare = new Map<string, number>();
  const unmatchedSources: string[] = [];
  const areaFallback: string[] = [];
  for (const id of fromIds) {
    const own = piecesOf.get(id)!;
    const total = fromTotals.get(id)!;
    if (own.length === 0) {
      unmatchedSources.push(id);
      weights.set(id, []);
      outsideShare.set(id, 1);
      continue;
    }
    // Nobody lives on the grid in parks, lakes and industrial areas; their (usually zero) counts go by area.
    const usePopulation = byPopulation && (total.population ?? 0) > 0 && own.some((piece) => piece.population > 0);
    if (byPopulation && !usePopulation) areaFallback.push(id);
    const amount = (piece: { area: number; population: number }) => (usePopulation ? piece.population : piece.area);
    const inside = own.reduce((sum, piece) => sum + amount(piece), 0);
    const whole = usePopulation ? total.population! : total.area;
    outsideShare.set(id, whole > 0 ? Math.min(1, Math.max(0, 1 - inside / whole)) : 0);
    weights.set(
      id,
      own.filter((piece) => amount(piece) > 0).map((piece) => ({ target: piece.to, weight: amount(piece) / inside })),
    );
  }
  return {
    weighting: byPopulation ? 'population' : 'area',
    sourceIds: [...fromIds],
    targetIds: [...toIds],
    weights,
    outsideShare,
    unmatchedSources,
    areaFallback,
    overlay,
    reversed,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Geometry

interface PlanarArea {
  id: string;
  /** Position of the feature in its file, from 1, for messages. */
  position: number;
  feature: AreaFeature;
  /** The polygons, as polygon-clipping takes them (positions of two numbers). */
  polygons: Position[][][];
  /** The edges `intersectionArea` measures by. */
  outline: Outline;
  box: [number, number, number, number];
  area: number;
}

/** The areas in the working CRS with their outlines, bounding boxes and areas. */
function planarAreas(areas: AreaCollection, crs: string): PlanarArea[] {
  const project = transformer(areas.crs, crs, areas.source);
  return areas.features.map((feature, index) => {
    const geometry = areas.crs === crs ? feature.geometry : mapPositions(feature.geometry, project);
    const polygons = polygonsOf(geometry as Polygon | MultiPolygon);
    const outline = prepareOutline(polygons);
    return {
      id: areas.ids[index]!,
      position: index + 1,
      feature: { ...feature, geometry: geometry as Polygon | MultiPolygon },
      polygons,
      outline,
      // The outline's box is the geometry's unless it has no ring to measure.
      box: outline.x0.length > 0 ? ([...outline.box] as PlanarArea['box']) : geometryBox(geometry),
      area: polygonsArea(polygons),
    };
  });
}

/** The intersection of two areas as polygon-clipping builds it, or undefined with an issue naming both when it cannot. */
function intersect(from: PlanarArea, to: PlanarArea, source: string, target: string, issues: DataIssue[]): polygonClipping.MultiPolygon | undefined {
  try {
    return polygonClipping.intersection(clipGeometry(from), clipGeometry(to));
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    issues.push(
      issue(
        'invalid-geometry',
        'error',
        message(
          `cannot be intersected with ${target}, feature ${to.position} ("${to.id}"): ${why}; their overlap is left out`,
          `lässt sich nicht mit ${target}, Objekt ${to.position} („${to.id}“) verschneiden: ${why}; ihre Überschneidung bleibt unberücksichtigt`,
        ),
        { source, feature: from.position, key: from.id },
      ),
    );
    return undefined;
  }
}

/** An area as polygon-clipping takes it: positions of two numbers (a third, a height, would be taken for more). */
function clipGeometry(area: PlanarArea): polygonClipping.MultiPolygon {
  return area.polygons.map((polygon) => polygon.map((ring) => ring.map((position) => [position[0]!, position[1]!] as polygonClipping.Pair)));
}

/** The areas' boxes in a flatbush, for the candidate pairs; undefined for no areas. */
function boxIndex(areas: PlanarArea[]): Flatbush | undefined {
  if (areas.length === 0) return undefined;
  const index = new Flatbush(areas.length);
  for (const area of areas) index.add(...area.box);
  index.finish();
  return index;
}

function planarCollection(source: string, crs: string, features: AreaFeature[], ids: string[]): AreaCollection {
  return { source, crs, idField: 'id', nameField: undefined, features, ids, issues: [] };
}

function totals(areas: PlanarArea[]): Map<string, { area: number; population?: number }> {
  const sums = new Map<string, { area: number; population?: number }>();
  for (const area of areas) {
    const entry = sums.get(area.id);
    if (entry) entry.area += area.area;
    else sums.set(area.id, { area: area.area });
  }
  return sums;
}
