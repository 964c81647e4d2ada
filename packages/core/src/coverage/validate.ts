// Checks a set of Sozialräume as a partition: gaps, overlaps, slivers, broken rings, and population size and balance.
import type { MultiPolygon, Polygon, Position } from 'geojson';
import Flatbush from 'flatbush';
import polygonClipping from 'polygon-clipping';
import {
  boxOf,
  boxesOverlap,
  crossesEast,
  nearestOnSegment,
  pointInPolygon,
  polygonsArea,
  samePoint,
  segmentIntersection,
  signedArea,
  type Box,
} from '../geometry/index.js';
import { innerPoint, polsbyPopper, ringLength } from './geometry.js';
import { buildTopology, type AreaSet } from './topology.js';
import { dissolveOutline } from './operations/index.js';
import { germanNumber, message, type Message } from '../errors.js';
import { formatArea, formatKeys, formatPeople, formatPoint } from './format.js';

export type CoverageFindingType =
  | 'gap'
  | 'overlap'
  | 'outside-territory'
  | 'sliver'
  | 'invalid-ring'
  | 'self-intersection'
  | 'duplicate-key'
  | 'small-population'
  | 'large-population'
  | 'unbalanced'
  | 'not-compact';

/** One problem of the set of areas, with where it is and how large, in the areas' CRS. */
export interface CoverageFinding {
  type: CoverageFindingType;
  /** Keys of the areas involved: the area itself, both overlapping areas, the areas around a gap. */
  ids: string[];
  /** Size of the problem in square metres: the gap, the overlap, the sliver, the area with too few people; 0 for points. */
  area_m2: number;
  /** A point inside the problem (for a crossing: the crossing), in the areas' CRS. */
  location: [number, number];
  /** The finding in English: `text.en`. */
  message: string;
  /** The finding in English and German; show it with `messageText(finding, language)`. */
  text: Message;
}

/** A finding with its text in both languages and the English one as its message, as the CLI's report reads it. */
function coverageFinding(type: CoverageFindingType, ids: string[], area_m2: number, location: [number, number], text: Message): CoverageFinding {
  return { type, ids, area_m2, location, message: text.en, text };
}

/** Population per area: a map or record by key, or a function of the key. */
export type PopulationSource = ReadonlyMap<string, number> | Readonly<Record<string, number>> | ((key: string) => number | undefined);

export interface ValidateOptions {
  /** The territory the areas must cover (same CRS): parts of it no area covers are gaps, parts of areas outside it are reported. */
  territory?: Polygon | MultiPolygon;
  /** Gaps and overlaps smaller than this (m²) are rounding, not findings [0.01]. */
  minProblemArea?: number;
  /** A polygon (or part of an area) smaller than this is a sliver, m² [1000]. */
  sliverArea?: number;
  /** A polygon whose mean width (2 × area / perimeter) is below this is a sliver, m [10]. */
  sliverWidth?: number;
  /** Areas with a Polsby-Popper compactness (4πA/P²) below this are reported as not compact [0.05]. */
  minCompactness?: number;
  /** Residents per area; without it the population checks are skipped. */
  population?: PopulationSource;
  /** Fewer residents than this is too few [1000]. */
  minPopulation?: number;
  /** The size areas should have, e.g. 5000; with it, areas far from it are reported as unbalanced. */
  targetPopulation?: number;
  /** More residents than this is too many [2 × targetPopulation, no limit without a target]. */
  maxPopulation?: number;
  /** Relative distance from the target (or, without a target, the median) beyond which an area is unbalanced [0.5 with a target]. */
  balanceTolerance?: number;
}

interface Part {
  area: number;
  rings: Position[][];
  box: Box;
  size: number;
  perimeter: number;
}

interface AreaShape {
  key: string;
  parts: Part[];
  box: Box;
  size: number;
  perimeter: number;
  /** Geometry as polygon-clipping takes it, without rings that are broken. */
  clip: polygonClipping.MultiPolygon;
}

/**
 * Validates a set of areas as a partition of its territory. Ring checks and self-intersections go area by area
 * with a spatial index over the segments; gaps come from the holes of the union of all areas (and, with a
 * territory, from the territory less the union); overlaps are looked for only when the areas add up to more than
 * their union, and then only between areas whose outlines cross or contain one another. Findings come sorted by
 * type, then by key.
 */
export function validateAreas(areas: AreaSet, options: ValidateOptions = {}): CoverageFinding[] {
  const minProblemArea = options.minProblemArea ?? 0.01;
  const sliverArea = options.sliverArea ?? 1000;
  const sliverWidth = options.sliverWidth ?? 10;
  const minCompactness = options.minCompactness ?? 0.05;
  const findings: CoverageFinding[] = [];
  const shapes = areas.features.map((feature, index) => shapeOf(areas.ids[index]!, index, feature.geometry, findings));

  const seenKeys = new Map<string, number>();
  shapes.forEach((shape, index) => {
    const first = seenKeys.get(shape.key);
    if (first === undefined) seenKeys.set(shape.key, index);
    else {
      findings.push(
        coverageFinding(
          'duplicate-key',
          [shape.key],
          shape.size,
          locationOf(shape),
          message(
            `areas ${first + 1} and ${index + 1} have the same key "${shape.key}"; keys must be unique`,
            `die Gebiete ${first + 1} und ${index + 1} haben denselben Schlüssel „${shape.key}“; Schlüssel müssen eindeutig sein`,
          ),
        ),
      );
    }
  });

  const crossed = new Set<string>();
  for (const shape of shapes) {
    if (selfIntersections(shape, findings)) crossed.add(shape.key);
    for (const part of shape.parts) {
      const width = part.perimeter > 0 ? (2 * part.size) / part.perimeter : 0;
      if (part.size > 0 && (part.size < sliverArea || width < sliverWidth)) {
        const parts = shape.parts.length;
        findings.push(
          coverageFinding(
            'sliver',
            [shape.key],
            part.size,
            innerPoint(part.rings),
            message(
              `area "${shape.key}" has a sliver of ${formatArea(part.size)}, on average ${width.toFixed(1)} m wide${parts > 1 ? ` (one of its ${parts} parts)` : ''}`,
              `Gebiet „${shape.key}“ hat eine Splitterfläche von ${formatArea(part.size, 'de')}, im Mittel ${germanNumber(width, 1)} m breit` +
                (parts > 1 ? ` (einer seiner ${parts} Teile)` : ''),
            ),
          ),
        );
      }
    }
    const compactness = polsbyPopper(shape.size, shape.perimeter);
    if (shape.size > 0 && compactness < minCompactness) {
      findings.push(
        coverageFinding(
          'not-compact',
          [shape.key],
          shape.size,
          locationOf(shape),
          message(
            `area "${shape.key}" is not compact: Polsby-Popper ${compactness.toFixed(3)} is below ${minCompactness}`,
            `Gebiet „${shape.key}“ ist nicht kompakt: Polsby-Popper ${germanNumber(compactness, 3)} liegt unter ${germanNumber(minCompactness)}`,
          ),
        ),
      );
    }
  }

  coverageProblems(shapes, crossed, options.territory, minProblemArea, findings);
  if (options.population) populationProblems(shapes, options, findings);
  const order: CoverageFindingType[] = [
    'invalid-ring',
    'self-intersection',
    'duplicate-key',
    'overlap',
    'gap',
    'outside-territory',
    'sliver',
    'not-compact',
    'small-population',
    'large-population',
    'unbalanced',
  ];
  return findings.sort((a, b) => order.indexOf(a.type) - order.indexOf(b.type) || a.ids.join().localeCompare(b.ids.join()));
}

/** The parts of an area with their measures; broken rings are reported and left out of the boolean operations. */
function shapeOf(key: string, area: number, geometry: Polygon | MultiPolygon, findings: CoverageFinding[]): AreaShape {
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.type === 'MultiPolygon' ? geometry.coordinates : [];
  const parts: Part[] = [];
  const clip: polygonClipping.MultiPolygon = [];
  polygons.forEach((polygon, polygonIndex) => {
    const rings: Position[][] = [];
    polygon.forEach((ring, ringIndex) => {
      const problem = ringProblem(ring);
      if (problem) {
        const part = polygons.length > 1 ? polygonIndex + 1 : undefined;
        const where = message(
          `${ringIndex === 0 ? 'the outer ring' : `hole ${ringIndex}`}${part !== undefined ? ` of part ${part}` : ''}`,
          `${ringIndex === 0 ? 'der äußere Ring' : `Loch ${ringIndex}`}${part !== undefined ? ` von Teil ${part}` : ''}`,
        );
        const finite = ring.filter((p) => Number.isFinite(p[0]) && Number.isFinite(p[1]));
        const box = finite.length > 0 ? boxOf(finite) : [0, 0, 0, 0];
        findings.push(
          coverageFinding(
            'invalid-ring',
            [key],
            finite.length > 2 ? Math.abs(signedArea(finite)) : 0,
            [(box[0]! + box[2]!) / 2, (box[1]! + box[3]!) / 2],
            message(`area "${key}": ${where.en} ${problem.en}`, `Gebiet „${key}“: ${where.de} ${problem.de}`),
          ),
        );
        return;
      }
      if (ringIndex > 0 && rings.length === 0) return;
      rings.push(ring);
    });
    if (rings.length === 0) return;
    const size = rings.reduce((sum, ring, i) => sum + (i === 0 ? 1 : -1) * Math.abs(signedArea(ring)), 0);
    const perimeter = rings.reduce((sum, ring) => sum + ringLength(ring.slice(0, -1)), 0);
    parts.push({ area, rings, box: boxOf(rings[0]!), size, perimeter });
    clip.push(rings.map((ring) => ring.map((p) => [p[0]!, p[1]!] as polygonClipping.Pair)));
  });
  const box: Box =
    parts.length > 0
      ? [
          Math.min(...parts.map((p) => p.box[0])),
          Math.min(...parts.map((p) => p.box[1])),
          Math.max(...parts.map((p) => p.box[2])),
          Math.max(...parts.map((p) => p.box[3])),
        ]
      : [0, 0, 0, 0];
  return {
    key,
    parts,
    box,
    size: parts.reduce((sum, part) => sum + part.size, 0),
    perimeter: parts.reduce((sum, part) => sum + part.perimeter, 0),
    clip,
  };
}

function ringProblem(ring: readonly Position[]): Message | undefined {
  if (!Array.isArray(ring)) return message('is not a list of positions', 'ist keine Liste von Koordinaten');
  if (ring.some((p) => !Array.isArray(p) || !Number.isFinite(p[0]) || !Number.isFinite(p[1]))) {
    return message('has a position that is not two finite numbers', 'hat einen Punkt, der nicht aus zwei endlichen Zahlen besteht');
  }
  if (ring.length < 4) {
    const n = ring.length;
    return message(
      `has ${n} positions; a ring needs at least 4 (3 corners and the first again)`,
      `hat ${n === 0 ? 'keine Punkte' : n === 1 ? 'nur einen Punkt' : `nur ${n} Punkte`}; ein Ring braucht mindestens 4 (3 Ecken und den ersten noch einmal)`,
    );
  }
  const [first, last] = [ring[0]!, ring[ring.length - 1]!];
  if (!samePoint(first, last)) {
    return message(
      `is not closed: it ends at ${formatPoint(last)}, not at its start ${formatPoint(first)}`,
      `ist nicht geschlossen: sein letzter Punkt ${formatPoint(last, 'de')} weicht von seinem ersten ${formatPoint(first, 'de')} ab`,
    );
  }
  if (signedArea(ring) === 0) return message('has no area (all its points lie on one line)', 'hat keine Fläche (alle Punkte liegen auf einer Geraden)');
  return undefined;
}

function locationOf(shape: AreaShape): [number, number] {
  const largest = shape.parts.reduce<Part | undefined>((best, part) => (!best || part.size > best.size ? part : best), undefined);
  return largest ? innerPoint(largest.rings) : [(shape.box[0] + shape.box[2]) / 2, (shape.box[1] + shape.box[3]) / 2];
}

/** Rings that cross themselves or each other within one area (touching at a shared vertex is allowed). */
function selfIntersections(shape: AreaShape, findings: CoverageFinding[]): boolean {
  const segments: [Position, Position, number, number, number][] = []; // a, b, part, ring, index in ring
  const ringSizes = new Map<string, number>();
  shape.parts.forEach((part, partIndex) =>
    part.rings.forEach((ring, ringIndex) => {
      ringSizes.set(`${partIndex}/${ringIndex}`, ring.length - 1);
      for (let i = 0; i + 1 < ring.length; i += 1) segments.push([ring[i]!, ring[i + 1]!, partIndex, ringIndex, i]);
    }),
  );
  if (segments.length < 2) return false;
  const index = new Flatbush(segments.length);
  for (const [a, b] of segments) index.add(Math.min(a[0]!, b[0]!), Math.min(a[1]!, b[1]!), Math.max(a[0]!, b[0]!), Math.max(a[1]!, b[1]!));
  index.finish();
  const reported = new Set<string>();
  segments.forEach(([a, b, part, ring, position], i) => {
    const found = index.search(Math.min(a[0]!, b[0]!), Math.min(a[1]!, b[1]!), Math.max(a[0]!, b[0]!), Math.max(a[1]!, b[1]!));
    for (const j of found) {
      if (j <= i) continue;
      const [c, d, otherPart, otherRing, otherPosition] = segments[j]!;
      if (part === otherPart && ring === otherRing) {
        const size = ringSizes.get(`${part}/${ring}`)!;
        const gap = Math.abs(position - otherPosition);
        if (gap === 1 || gap === size - 1) {
          // Neighbours in the ring share a vertex; only folding back onto each other is a problem.
          const hit = segmentIntersection(a, b, c, d);
          if (!hit?.collinear) continue;
        }
      }
      const hit = segmentIntersection(a, b, c, d);
      if (!hit) continue;
      const atEnd = (samePoint(hit.point, a) || samePoint(hit.point, b)) && (samePoint(hit.point, c) || samePoint(hit.point, d));
      const touches = !hit.collinear && (samePoint(hit.point, a) || samePoint(hit.point, b) || samePoint(hit.point, c) || samePoint(hit.point, d));
      if ((atEnd || touches) && !hit.collinear) continue;
      const key = `${hit.point[0]},${hit.point[1]}`;
      if (reported.has(key)) continue;
      reported.add(key);
      const what =
        part === otherPart && ring === otherRing
          ? message('a ring crosses itself', 'ein Ring kreuzt sich selbst')
          : message('two of its rings cross', 'zwei seiner Ringe kreuzen sich');
      findings.push(
        coverageFinding(
          'self-intersection',
          [shape.key],
          0,
          hit.point,
          message(
            `area "${shape.key}": ${what.en} at ${formatPoint(hit.point)}${hit.collinear ? ' (the edges run on top of each other)' : ''}`,
            `Gebiet „${shape.key}“: ${what.de} bei ${formatPoint(hit.point, 'de')}${hit.collinear ? ' (die Kanten liegen übereinander)' : ''}`,
          ),
        ),
      );
    }
  });
  return reported.size > 0;
}

/** Keys of the areas whose outline one of the given points lies on (within a centimetre), or near (as a fallback). */
function areasAt(shapes: readonly AreaShape[], index: Flatbush, rings: readonly Position[][]): string[] {
  const box = boxOf(rings[0]!);
  const keys = new Set<string>();
  for (const candidate of index.search(box[0] - 0.01, box[1] - 0.01, box[2] + 0.01, box[3] + 0.01)) {
    const shape = shapes[candidate]!;
    const touches = shape.parts.some(
      (part) => boxesOverlap(part.box, box, 0.01) && rings.some((ring) => ring.some((point) => pointInPolygon(point, part.rings, 0.01) !== -1)),
    );
    if (touches) keys.add(shape.key);
  }
  return [...keys].sort();
}

/** Gaps (holes in the union, and the territory less the union), parts outside the territory, and overlaps. */
function coverageProblems(
  shapes: readonly AreaShape[],
  crossed: ReadonlySet<string>,
  territory: Polygon | MultiPolygon | undefined,
  minProblemArea: number,
  findings: CoverageFinding[],
): void {
  const usable = shapes.filter((shape) => shape.clip.length > 0);
  if (usable.length === 0) return;
  const index = new Flatbush(shapes.length);
  for (const shape of shapes) index.add(...shape.box);
  index.finish();
  // Overlaps first: the areas involved in one are joined with a boolean union, the others by dissolving their
  // shared edges, which is exact for areas that do not overlap and a fraction of the cost.
  const involved = overlaps(shapes, index, minProblemArea, findings);
  for (const key of crossed) involved.add(shapes.findIndex((shape) => shape.key === key));
  let union: polygonClipping.MultiPolygon;
  try {
    union = unionOf(shapes, involved, territory !== undefined);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    findings.push(
      coverageFinding(
        'self-intersection',
        [],
        0,
        locationOf(usable[0]!),
        message(
          `the areas could not be joined to find gaps (${why}); repair the self-intersections first`,
          `die Gebiete ließen sich nicht vereinigen, um Lücken zu finden (${why}); beheben Sie zuerst die Selbstüberschneidungen`,
        ),
      ),
    );
    return;
  }
  for (const polygon of union) {
    for (const hole of polygon.slice(1)) {
      const size = Math.abs(signedArea(hole));
      if (size < minProblemArea) continue;
      const location = innerPoint([hole]);
      const ids = areasAt(shapes, index, [hole]);
      const around = ids.length === 0 ? '' : ids.length === 1 ? `, umgeben von ${formatKeys(ids, 'de')}` : `, zwischen ${formatKeys(ids, 'de')}`;
      findings.push(
        coverageFinding(
          'gap',
          ids,
          size,
          location,
          message(
            `a gap of ${formatArea(size)} at ${formatPoint(location)} that no area covers, between ${formatKeys(ids) || 'no area'}`,
            `eine Lücke von ${formatArea(size, 'de')} bei ${formatPoint(location, 'de')}, die kein Gebiet abdeckt${around}`,
          ),
        ),
      );
    }
  }
  if (territory) {
    const outline: polygonClipping.Geom = (territory.type === 'Polygon' ? territory.coordinates : territory.coordinates) as polygonClipping.Geom;
    for (const polygon of polygonClipping.difference(outline, union)) {
      const size = polygonsArea([polygon]);
      if (size < minProblemArea) continue;
      const location = innerPoint(polygon);
      const ids = areasAt(shapes, index, polygon);
      findings.push(
        coverageFinding(
          'gap',
          ids,
          size,
          location,
          message(
            `${formatArea(size)} of the territory at ${formatPoint(location)} lie in no area${ids.length > 0 ? `; next to ${formatKeys(ids)}` : ''}`,
            `${formatArea(size, 'de')} des Gesamtgebiets bei ${formatPoint(location, 'de')} ${lie(size)} in keinem Gebiet${ids.length > 0 ? `; angrenzend an ${formatKeys(ids, 'de')}` : ''}`,
          ),
        ),
      );
    }
    for (const polygon of polygonClipping.difference(union, outline)) {
      const size = polygonsArea([polygon]);
      if (size < minProblemArea) continue;
      const location = innerPoint(polygon);
      const ids = areasAt(shapes, index, polygon).filter((key) =>
        shapes.some((shape) => shape.key === key && shape.parts.some((part) => pointInPolygon(location, part.rings) === 1)),
      );
      findings.push(
        coverageFinding(
          'outside-territory',
          ids,
          size,
          location,
          message(
            `${formatArea(size)} of ${formatKeys(ids) || 'the areas'} at ${formatPoint(location)} lie outside the territory`,
            `${formatArea(size, 'de')} von ${formatKeys(ids, 'de') || 'den Gebieten'} bei ${formatPoint(location, 'de')} ${lie(size)} außerhalb des Gesamtgebiets`,
          ),
        ),
      );
    }
  }
}

/** "1 ha liegt", "1,5 ha liegen": the German verb after an area as formatArea writes it. */
const lie = (m2: number) => (/^1 /.test(formatArea(m2, 'de')) ? 'liegt' : 'liegen');

/** The union of all areas: the clean ones dissolved along their shared edges, the rest added by a boolean union. */
function unionOf(shapes: readonly AreaShape[], involved: ReadonlySet<number>, normalise: boolean): polygonClipping.MultiPolygon {
  const clean = shapes.filter((shape, i) => !involved.has(i) && shape.clip.length > 0);
  const rest = shapes.filter((shape, i) => involved.has(i) && shape.clip.length > 0).map((shape) => shape.clip);
  let dissolved: polygonClipping.MultiPolygon = [];
  if (clean.length > 0) {
    try {
      const { topology } = buildTopology(
        {
          crs: 'EPSG:0',
          idField: 'id',
          features: clean.map((shape) => ({ type: 'Feature', properties: {}, geometry: { type: 'MultiPolygon', coordinates: shape.clip } })),
          ids: clean.map((_, i) => String(i)),
        },
        { tolerance: 0 },
      );
      dissolved = dissolveOutline(topology) as polygonClipping.MultiPolygon;
    } catch {
      // Edges that meet without sharing vertices can leave the outline open; the boolean union copes with them.
      return polygonClipping.union(clean[0]!.clip, ...clean.slice(1).map((shape) => shape.clip), ...rest);
    }
  }
  if (rest.length === 0 && !normalise) return dissolved;
  if (dissolved.length === 0) return rest.length > 0 ? polygonClipping.union(rest[0]!, ...rest.slice(1)) : [];
  return polygonClipping.union(dissolved, ...rest);
}

/** Overlapping pairs of areas, found by a quick test on every pair whose boxes meet and measured exactly; returns the areas involved. */
function overlaps(shapes: readonly AreaShape[], index: Flatbush, minProblemArea: number, findings: CoverageFinding[]): Set<number> {
  const involved = new Set<number>();
  shapes.forEach((a, i) => {
    if (a.clip.length === 0) return;
    for (const j of index.search(...a.box)) {
      const b = shapes[j]!;
      if (j <= i || b.clip.length === 0 || !mayOverlap(a, b)) continue;
      let overlap: polygonClipping.MultiPolygon;
      try {
        overlap = polygonClipping.intersection(a.clip, b.clip);
      } catch {
        involved.add(i).add(j);
        continue;
      }
      for (const polygon of overlap) {
        const size = polygonsArea([polygon]);
        if (size < minProblemArea) continue;
        involved.add(i).add(j);
        const location = innerPoint(polygon);
        findings.push(
          coverageFinding(
            'overlap',
            [a.key, b.key].sort(),
            size,
            location,
            message(
              `areas "${a.key}" and "${b.key}" overlap by ${formatArea(size)} at ${formatPoint(location)}`,
              `die Gebiete „${a.key}“ und „${b.key}“ überlappen sich bei ${formatPoint(location, 'de')} um ${formatArea(size, 'de')}`,
            ),
          ),
        );
      }
    }
  });
  return involved;
}

/** Every edge of an area with a spatial index over them, built once per area and only when a test needs it. */
interface EdgeIndex {
  edges: [Position, Position][];
  index: Flatbush;
}
const edgeIndices = new WeakMap<AreaShape, EdgeIndex>();

function edgeIndex(shape: AreaShape): EdgeIndex {
  let found = edgeIndices.get(shape);
  if (found) return found;
  const edges: [Position, Position][] = [];
  for (const part of shape.parts) {
    for (const ring of part.rings) {
      for (let i = 0; i + 1 < ring.length; i += 1) if (!samePoint(ring[i]!, ring[i + 1]!)) edges.push([ring[i]!, ring[i + 1]!]);
    }
  }
  const index = new Flatbush(Math.max(1, edges.length));
  for (const [c, d] of edges) index.add(Math.min(c[0]!, d[0]!), Math.min(c[1]!, d[1]!), Math.max(c[0]!, d[0]!), Math.max(c[1]!, d[1]!));
  if (edges.length === 0) index.add(0, 0, 0, 0);
  index.finish();
  found = { edges, index };
  edgeIndices.set(shape, found);
  return found;
}

/**
 * 1 when the point lies inside the area (even-odd over all its rings), 0 on an edge (within ON_OUTLINE), -1
 * outside; the edges come from the index, so a test costs the edges near the point and those right of it on its line.
 */
function whereInArea(point: Position, { edges, index }: EdgeIndex): 1 | 0 | -1 {
  const x = point[0]!;
  const y = point[1]!;
  for (const k of index.search(x - ON_OUTLINE, y - ON_OUTLINE, x + ON_OUTLINE, y + ON_OUTLINE)) {
    if (nearestOnSegment(point, edges[k]![0], edges[k]![1]).distance <= ON_OUTLINE) return 0;
  }
  let inside = false;
  for (const k of index.search(x, y, Infinity, y)) if (crossesEast(edges[k]![0], edges[k]![1], x, y)) inside = !inside;
  return inside ? 1 : -1;
}

/** Points closer than this to an outline (m) count as on it: shared vertices and edge midpoints are not inside the neighbour. */
const ON_OUTLINE = 1e-6;

/**
 * A quick, conservative test whether two areas may share some area: their outlines cross, an edge of one runs the
 * same way as an edge of the other, or a vertex or edge midpoint of one lies inside the other. Only edges in the
 * overlap of their boxes are looked at, so neighbours are cheap.
 */
function mayOverlap(a: AreaShape, b: AreaShape): boolean {
  const box: Box = [Math.max(a.box[0], b.box[0]), Math.max(a.box[1], b.box[1]), Math.min(a.box[2], b.box[2]), Math.min(a.box[3], b.box[3])];
  if (box[0] > box[2] || box[1] > box[3]) return false;
  const ea = edgeIndex(a);
  const eb = edgeIndex(b);
  const near = (shape: EdgeIndex) => shape.index.search(...box).map((k) => shape.edges[k]!);
  const sa = near(ea);
  if (sa.length === 0) return false;
  for (const [p, q] of sa) {
    for (const k of eb.index.search(Math.min(p[0]!, q[0]!), Math.min(p[1]!, q[1]!), Math.max(p[0]!, q[0]!), Math.max(p[1]!, q[1]!))) {
      const [c, d] = eb.edges[k]!;
      if (samePoint(p, c) && samePoint(q, d)) return true; // the same edge the same way: both lie on one side of it
      if (samePoint(p, d) && samePoint(q, c)) continue;
      const hit = segmentIntersection(p, q, c, d);
      if (!hit) continue;
      if (hit.collinear) return true;
      if (hit.t > 0 && hit.t < 1 && hit.u > 0 && hit.u < 1) return true;
    }
  }
  const midpoint = (p: Position, q: Position): Position => [(p[0]! + q[0]!) / 2, (p[1]! + q[1]!) / 2];
  for (const [p, q] of sa) if (whereInArea(p, eb) === 1 || whereInArea(midpoint(p, q), eb) === 1) return true;
  for (const [p, q] of near(eb)) if (whereInArea(p, ea) === 1 || whereInArea(midpoint(p, q), ea) === 1) return true;
  return false;
}

/** The population of an area from the caller's source; undefined when it has none. */
export function populationOf(source: PopulationSource, key: string): number | undefined {
  if (typeof source === 'function') return source(key);
  if (source instanceof Map) return source.get(key);
  const value = (source as Readonly<Record<string, number>>)[key];
  return typeof value === 'number' ? value : undefined;
}

function populationProblems(shapes: readonly AreaShape[], options: ValidateOptions, findings: CoverageFinding[]): void {
  const source = options.population!;
  const minPopulation = options.minPopulation ?? 1000;
  const target = options.targetPopulation;
  const maxPopulation = options.maxPopulation ?? (target !== undefined ? 2 * target : Infinity);
  const tolerance = options.balanceTolerance ?? (target !== undefined ? 0.5 : undefined);
  const values = shapes.map((shape) => populationOf(source, shape.key));
  const known = values.filter((value): value is number => value !== undefined && Number.isFinite(value)).sort((a, b) => a - b);
  const median =
    known.length === 0 ? 0 : known.length % 2 === 1 ? known[(known.length - 1) / 2]! : (known[known.length / 2 - 1]! + known[known.length / 2]!) / 2;
  const reference = target ?? median;
  shapes.forEach((shape, index) => {
    const value = values[index];
    if (value === undefined || !Number.isFinite(value)) return;
    const found = (type: CoverageFindingType, text: Message) => findings.push(coverageFinding(type, [shape.key], shape.size, locationOf(shape), text));
    const has = message(`area "${shape.key}" has ${formatPeople(value)} residents`, `Gebiet „${shape.key}“ hat ${formatPeople(value, 'de')} Einwohner`);
    if (value < minPopulation) {
      found(
        'small-population',
        message(
          `${has.en}, fewer than the minimum of ${formatPeople(minPopulation)}`,
          `${has.de}, weniger als das Minimum von ${formatPeople(minPopulation, 'de')}`,
        ),
      );
    } else if (value > maxPopulation) {
      found(
        'large-population',
        message(
          `${has.en}, more than the maximum of ${formatPeople(maxPopulation)}`,
          `${has.de}, mehr als das Maximum von ${formatPeople(maxPopulation, 'de')}`,
        ),
      );
    } else if (tolerance !== undefined && reference > 0 && Math.abs(value - reference) / reference > tolerance) {
      const percent = Math.round((Math.abs(value - reference) / reference) * 100);
      const above = value > reference;
      const what =
        target !== undefined
          ? message(`the target of ${formatPeople(target)}`, `dem Richtwert von ${formatPeople(target, 'de')}`)
          : message(`the median of ${formatPeople(median)}`, `dem Median von ${formatPeople(median, 'de')}`);
      found(
        'unbalanced',
        message(`${has.en}, ${percent} % ${above ? 'above' : 'below'} ${what.en}`, `${has.de}, ${percent} % ${above ? 'über' : 'unter'} ${what.de}`),
      );
    }
  });
}
