// Physical barriers a Sozialraum should not straddle (surface railways, rivers and canals, water bodies), read from
// OpenStreetMap extracts, and the two questions the workbench asks of them: does a unit adjacency cross one, and how
// much barrier lies inside an area.
import Flatbush from 'flatbush';
import type { FeatureCollection, MultiPolygon, Polygon, Position } from 'geojson';
import { reprojectCollection } from '../crs/index.js';
import { AreaIndex, nearestOnSegment, polygonArea, polygonsOf, segmentIntersection } from '../geometry/index.js';
import type { UnitLayer } from './units.js';

/** The kinds a planner counts as barriers (handbook: railways, water over 6 m). */
export type BarrierKind = 'railway' | 'waterway' | 'water';

/** OpenStreetMap classes taken as barriers; trams and subways are not (many subways run underground). */
export const BARRIER_CLASSES: Readonly<Record<BarrierKind, readonly string[]>> = {
  railway: ['rail', 'light_rail'],
  waterway: ['river', 'canal'],
  water: ['water', 'river', 'reservoir'],
};

/** The attribution OpenStreetMap's licence (ODbL) asks for wherever the barriers are shown or used. */
export const OSM_ATTRIBUTION = '© OpenStreetMap contributors';

/**
 * One source collection of barriers (e.g. the Geofabrik railways, waterways or water areas): each feature's kind is
 * told by its `fclass` and geometry: lines of rail or light_rail are railways, lines of river or canal waterways,
 * polygons of water, river or reservoir water bodies. Other features (trams, streams, wetlands) are not barriers.
 */
export interface BarrierInput {
  collection: FeatureCollection;
  /** "EPSG:n" of the collection. */
  crs: string;
}

export interface BarrierOptions {
  /** The working CRS (the units'); lengths are measured in it. */
  crs: string;
  /** Water bodies smaller than this (m²) are not barriers: ponds and park lakes (default 100,000 m², 10 ha). */
  minimumWaterArea?: number;
}

/**
 * Barriers in the working CRS: every segment (water bodies by their shore) in an index for crossing tests, and the
 * lines' corridor as weighted sample points for lengths. Parallel tracks of one railway (a 4-track line, a station
 * throat) are one corridor: a sample within `CORRIDOR` metres of a sample of another line is not counted again.
 */
export interface Barriers {
  crs: string;
  /** Segment endpoints x0, y0, x1, y1, four numbers per segment. */
  segments: Float64Array;
  segmentKinds: BarrierKind[];
  index: Flatbush | undefined;
  /** Corridor samples of the railway and waterway lines: x, y and the metres each stands for, three numbers per sample. */
  samples: Float64Array;
  sampleKinds: BarrierKind[];
  step: number;
  /** Attribution of the data, "© OpenStreetMap contributors". */
  attribution: string;
}

const STEP = 10;
const CORRIDOR = 15;

/** The barriers of the given OpenStreetMap collections (fclass as in the Geofabrik extracts) in the working CRS. */
export function readBarriers(inputs: readonly BarrierInput[], options: BarrierOptions): Barriers {
  const segments: number[] = [];
  const segmentKinds: BarrierKind[] = [];
  const lines: { kind: BarrierKind; line: Position[] }[] = [];
  const minimumWater = options.minimumWaterArea ?? 100_000;
  for (const { collection, crs } of inputs) {
    const planar = crs === options.crs ? collection : reprojectCollection(collection, crs, options.crs);
    for (const feature of planar.features) {
      const geometry = feature.geometry;
      if (!geometry) continue;
      const kind = barrierKind(String((feature.properties as Record<string, unknown> | null)?.['fclass'] ?? ''), geometry.type);
      if (kind === undefined) continue;
      if (kind === 'water' && (geometry.type === 'Polygon' || geometry.type === 'MultiPolygon')) {
        const polygons = polygonsOf(geometry as Polygon | MultiPolygon);
        if (polygons.reduce((sum, polygon) => sum + polygonArea(polygon), 0) < minimumWater) continue;
        for (const ring of polygons.flat()) pushSegments(ring, kind, segments, segmentKinds);
      } else if (geometry.type === 'LineString' || geometry.type === 'MultiLineString') {
        const parts = geometry.type === 'LineString' ? [geometry.coordinates] : geometry.coordinates;
        for (const line of parts) {
          pushSegments(line, kind, segments, segmentKinds);
          lines.push({ kind, line });
        }
      }
    }
  }
  const count = segmentKinds.length;
  let index: Flatbush | undefined;
  if (count > 0) {
    index = new Flatbush(count);
    for (let s = 0; s < count; s += 1) {
      const [x0, y0, x1, y1] = [segments[s * 4]!, segments[s * 4 + 1]!, segments[s * 4 + 2]!, segments[s * 4 + 3]!];
      index.add(Math.min(x0, x1), Math.min(y0, y1), Math.max(x0, x1), Math.max(y0, y1));
    }
    index.finish();
  }
  const { samples, sampleKinds } = corridorSamples(lines);
  return {
    crs: options.crs,
    segments: Float64Array.from(segments),
    segmentKinds,
    index,
    samples,
    sampleKinds,
    step: STEP,
    attribution: OSM_ATTRIBUTION,
  };
}

/** The barrier kind of a feature by its OpenStreetMap class and geometry type, or undefined for no barrier. */
export function barrierKind(fclass: string, geometryType: string): BarrierKind | undefined {
  const polygon = geometryType === 'Polygon' || geometryType === 'MultiPolygon';
  const line = geometryType === 'LineString' || geometryType === 'MultiLineString';
  if (polygon) return BARRIER_CLASSES.water.includes(fclass) ? 'water' : undefined;
  if (!line) return undefined;
  if (BARRIER_CLASSES.railway.includes(fclass)) return 'railway';
  return BARRIER_CLASSES.waterway.includes(fclass) ? 'waterway' : undefined;
}

function pushSegments(line: readonly Position[], kind: BarrierKind, segments: number[], kinds: BarrierKind[]): void {
  for (let i = 0; i + 1 < line.length; i += 1) {
    segments.push(line[i]![0]!, line[i]![1]!, line[i + 1]![0]!, line[i + 1]![1]!);
    kinds.push(kind);
  }
}

/** Points every STEP metres along the lines, leaving out those within CORRIDOR of a point of another line. */
function corridorSamples(lines: readonly { kind: BarrierKind; line: Position[] }[]): { samples: Float64Array; sampleKinds: BarrierKind[] } {
  const bucket = new Map<number, { x: number; y: number; line: number }[]>();
  // Buckets of CORRIDOR metres, keyed by a number: column × 2^26 + row stays exact for any projected coordinate.
  const key = (column: number, row: number) => column * 67_108_864 + row;
  const xy: number[] = [];
  const kinds: BarrierKind[] = [];
  lines.forEach(({ kind, line }, lineIndex) => {
    for (let i = 0; i + 1 < line.length; i += 1) {
      const [ax, ay] = line[i] as [number, number];
      const [bx, by] = line[i + 1] as [number, number];
      const length = Math.hypot(bx - ax, by - ay);
      const pieces = Math.max(1, Math.round(length / STEP));
      for (let p = 0; p < pieces; p += 1) {
        const t = (p + 0.5) / pieces;
        const x = ax + t * (bx - ax);
        const y = ay + t * (by - ay);
        const bx0 = Math.floor(x / CORRIDOR);
        const by0 = Math.floor(y / CORRIDOR);
        let taken = false;
        for (let dx = -1; dx <= 1 && !taken; dx += 1) {
          for (let dy = -1; dy <= 1 && !taken; dy += 1) {
            for (const other of bucket.get(key(bx0 + dx, by0 + dy)) ?? []) {
              if (other.line !== lineIndex && Math.hypot(other.x - x, other.y - y) < CORRIDOR) taken = true;
            }
          }
        }
        if (taken) continue;
        const list = bucket.get(key(bx0, by0));
        if (list) list.push({ x, y, line: lineIndex });
        else bucket.set(key(bx0, by0), [{ x, y, line: lineIndex }]);
        // A sample stands for its share of the segment, so a line's samples add up to its length.
        xy.push(x, y, length / pieces);
        kinds.push(kind);
      }
    }
  });
  return { samples: Float64Array.from(xy), sampleKinds: kinds };
}

/** Whether the straight line from (x0, y0) to (x1, y1) crosses a barrier. */
export function crossesBarrier(barriers: Barriers, x0: number, y0: number, x1: number, y1: number): boolean {
  if (!barriers.index) return false;
  const found = barriers.index.search(Math.min(x0, x1), Math.min(y0, y1), Math.max(x0, x1), Math.max(y0, y1));
  const s = barriers.segments;
  for (const segment of found) {
    const o = segment * 4;
    if (segmentIntersection([x0, y0], [x1, y1], [s[o]!, s[o + 1]!], [s[o + 2]!, s[o + 3]!])) return true;
  }
  return false;
}

/**
 * For each adjacency of the unit graph (parallel to `layer.neighbours`), 1 when the line between the two units'
 * centres crosses a barrier: an area holding both units would straddle it.
 */
export function barrierAdjacencies(layer: UnitLayer, barriers: Barriers): Uint8Array {
  const crossing = new Uint8Array(layer.neighbours.length);
  const c = layer.centres;
  for (let unit = 0; unit < layer.ids.length; unit += 1) {
    for (let k = layer.neighbourOffsets[unit]!; k < layer.neighbourOffsets[unit + 1]!; k += 1) {
      const other = layer.neighbours[k]!;
      // Each pair is tested once, from its lower unit, and the answer copied to the other direction below.
      if (other < unit) continue;
      crossing[k] = crossesBarrier(barriers, c[unit * 2]!, c[unit * 2 + 1]!, c[other * 2]!, c[other * 2 + 1]!) ? 1 : 0;
    }
  }
  for (let unit = 0; unit < layer.ids.length; unit += 1) {
    for (let k = layer.neighbourOffsets[unit]!; k < layer.neighbourOffsets[unit + 1]!; k += 1) {
      const other = layer.neighbours[k]!;
      if (other >= unit) continue;
      for (let j = layer.neighbourOffsets[other]!; j < layer.neighbourOffsets[other + 1]!; j += 1) {
        if (layer.neighbours[j] === unit) crossing[k] = crossing[j]!;
      }
    }
  }
  return crossing;
}

/** Barrier length inside one area, by kind, in metres. */
export interface BarrierLength {
  railway: number;
  waterway: number;
  total: number;
}

/**
 * The length of railway and waterway corridor inside each area (geometries in the barriers' CRS), leaving out what
 * runs within `margin` metres of the area's outline (default 50 m): a railway the boundary follows is a boundary,
 * not a barrier inside, even where the two were digitised a few metres apart or the boundary follows grid cells.
 */
export function barrierLengthInside(barriers: Barriers, geometries: readonly (Polygon | MultiPolygon)[], margin = 50): BarrierLength[] {
  const result = geometries.map(() => ({ railway: 0, waterway: 0, total: 0 }));
  const areaIndex = new AreaIndex(geometries);
  const outline: number[] = [];
  const owners: number[] = [];
  geometries.forEach((geometry, area) => {
    for (const ring of polygonsOf(geometry).flat()) {
      for (let i = 0; i + 1 < ring.length; i += 1) {
        outline.push(ring[i]![0]!, ring[i]![1]!, ring[i + 1]![0]!, ring[i + 1]![1]!);
        owners.push(area);
      }
    }
  });
  if (owners.length === 0) return result;
  const edges = new Flatbush(owners.length);
  for (let e = 0; e < owners.length; e += 1) {
    const o = e * 4;
    edges.add(
      Math.min(outline[o]!, outline[o + 2]!),
      Math.min(outline[o + 1]!, outline[o + 3]!),
      Math.max(outline[o]!, outline[o + 2]!),
      Math.max(outline[o + 1]!, outline[o + 3]!),
    );
  }
  edges.finish();
  const found: number[] = [];
  const s = barriers.samples;
  // Samples follow their lines a few metres apart: a sample holds the areas of the one before when no outline lies
  // between them, which the search for outlines near the sample answers anyway. Testing each sample against the
  // areas' polygons instead took half of `sozialraum score` for Berlin.
  let previous: Position | undefined;
  for (let i = 0; i < barriers.sampleKinds.length; i += 1) {
    const x = s[i * 3]!;
    const y = s[i * 3 + 1]!;
    const near = edges.search(x - margin, y - margin, x + margin, y + margin);
    const here: Position = [x, y];
    const same =
      previous !== undefined &&
      Math.abs(previous[0]! - x) <= margin &&
      Math.abs(previous[1]! - y) <= margin &&
      !near.some((e) => {
        const o = e * 4;
        return segmentIntersection(previous!, here, [outline[o]!, outline[o + 1]!], [outline[o + 2]!, outline[o + 3]!]) !== undefined;
      });
    if (!same) areaIndex.areasAt(x, y, found);
    previous = here;
    if (found.length === 0) continue;
    const area = found[0]!;
    const nearOutline = near.some((e) => {
      if (owners[e] !== area) return false;
      const o = e * 4;
      return nearestOnSegment(here, [outline[o]!, outline[o + 1]!], [outline[o + 2]!, outline[o + 3]!]).distance < margin;
    });
    if (nearOutline) continue;
    const kind = barriers.sampleKinds[i]!;
    const length = s[i * 3 + 2]!;
    if (kind === 'railway') result[area]!.railway += length;
    else result[area]!.waterway += length;
    result[area]!.total += length;
  }
  return result;
}
