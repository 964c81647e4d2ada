// Faces from arcs: rings traced round nodes, grouped into polygons with holes, dissolved outlines, ring checks.
import type { Position } from 'geojson';
import { message } from '../../errors.js';
import { formatPoint as format } from '../format.js';
import { pointInRing, signedArea } from '../../geometry/index.js';
import { arcIndex, arcPositions, ringPositions, type ArcRef, type Topology, type TopologyArea } from '../topology.js';
import { EditError, type Draft, outerSign, areaAt } from './edit.js';
import { allRefs } from './arcs.js';

/** The angle of the first segment of a directed arc, and of its last segment seen backwards from its end. */
function directions(topology: Topology, ref: ArcRef): { start: Position; end: Position; out: number; back: number } {
  const positions = arcPositions(topology, ref);
  const start = positions[0]!;
  const second = positions[1]!;
  const end = positions[positions.length - 1]!;
  const beforeEnd = positions[positions.length - 2]!;
  return {
    start,
    end,
    out: Math.atan2(second[1]! - start[1]!, second[0]! - start[0]!),
    back: Math.atan2(beforeEnd[1]! - end[1]!, beforeEnd[0]! - end[0]!),
  };
}

const TAU = 2 * Math.PI;

/**
 * The closed rings (faces and holes) that a set of directed arcs bounds. At every node the walk takes the arc that
 * turns furthest towards the inside (left for counter-clockwise outer rings), so a region cut by new arcs falls
 * apart into its pieces, and a set with shared arcs removed chains into the outline of the union.
 */
export function traceRings(topology: Topology, refs: readonly ArcRef[]): ArcRef[][] {
  const inward = outerSign(topology);
  const info = refs.map((ref) => directions(topology, ref));
  const outgoing = new Map<string, number[]>();
  info.forEach(({ start }, index) => {
    const key = `${start[0]},${start[1]}`;
    const list = outgoing.get(key);
    if (list) list.push(index);
    else outgoing.set(key, [index]);
  });
  const used = new Uint8Array(refs.length);
  const rings: ArcRef[][] = [];
  for (let first = 0; first < refs.length; first += 1) {
    if (used[first]) continue;
    const ring: ArcRef[] = [];
    let current = first;
    for (let steps = 0; ; steps += 1) {
      if (steps > refs.length)
        throw new EditError('inconsistent-topology', message('the arcs do not close into rings', 'die Grenzlinien schließen sich nicht zu Ringen'));
      used[current] = 1;
      ring.push(refs[current]!);
      const { end, back } = info[current]!;
      const candidates = outgoing.get(`${end[0]},${end[1]}`) ?? [];
      let next = -1;
      let bestTurn = Infinity;
      for (const candidate of candidates) {
        if (refs[candidate] === ~refs[current]! && candidates.length > 1) continue;
        let turn = (((inward > 0 ? back - info[candidate]!.out : info[candidate]!.out - back) % TAU) + TAU) % TAU;
        if (turn === 0) turn = TAU;
        if (turn < bestTurn) {
          bestTurn = turn;
          next = candidate;
        }
      }
      if (next === -1)
        throw new EditError('inconsistent-topology', message(`the boundary is open at ${format(end)}`, `die Grenze ist bei ${format(end, 'de')} offen`));
      if (next === first) break;
      if (used[next]) {
        throw new EditError(
          'inconsistent-topology',
          message(`the boundary runs twice through ${format(end)}`, `die Grenze läuft zweimal durch ${format(end, 'de')}`),
        );
      }
      current = next;
    }
    rings.push(ring);
  }
  return rings;
}

/**
 * Rings sorted into polygons: rings that run the outer way are outer rings, the others are holes of the smallest
 * outer ring around them. Rings without area (an arc walked there and back) are left out.
 */
export function groupRings(topology: Topology, rings: readonly ArcRef[][]): ArcRef[][][] {
  const sign = outerSign(topology);
  const outers: { refs: ArcRef[]; positions: Position[]; area: number; holes: ArcRef[][] }[] = [];
  const holes: { refs: ArcRef[]; positions: Position[] }[] = [];
  for (const refs of rings) {
    const positions = ringPositions(topology, refs);
    const area = signedArea(positions);
    if (area === 0) continue;
    if (Math.sign(area) === sign) outers.push({ refs, positions, area: Math.abs(area), holes: [] });
    else holes.push({ refs, positions });
  }
  for (const hole of holes) {
    let container: (typeof outers)[number] | undefined;
    for (const outer of outers) {
      if (container && outer.area >= container.area) continue;
      if (ringInside(hole.positions, outer.positions)) container = outer;
    }
    if (!container) {
      const at = hole.positions[0]!;
      throw new EditError(
        'inconsistent-topology',
        message(`a hole at ${format(at)} lies in no outer ring`, `ein Loch bei ${format(at, 'de')} liegt in keinem äußeren Ring`),
      );
    }
    container.holes.push(hole.refs);
  }
  return outers.map((outer) => [outer.refs, ...outer.holes]);
}

/** Whether ring `inner` lies inside ring `outer`, judged by its first vertex that is not on `outer`. */
export function ringInside(inner: readonly Position[], outer: readonly Position[]): boolean {
  for (const point of inner) {
    const where = pointInRing(point, outer);
    if (where !== 0) return where === 1;
  }
  for (let i = 0; i + 1 < inner.length; i += 1) {
    const a = inner[i]!;
    const b = inner[i + 1]!;
    const where = pointInRing([(a[0]! + b[0]!) / 2, (a[1]! + b[1]!) / 2], outer);
    if (where !== 0) return where === 1;
  }
  return false;
}

/** The refs of polygons, with arcs that appear in both directions removed: the outline of the union. */
export function dissolve(refs: readonly ArcRef[]): { kept: ArcRef[]; inner: number[] } {
  const present = new Set(refs);
  const kept: ArcRef[] = [];
  const inner = new Set<number>();
  for (const ref of refs) {
    if (present.has(~ref)) inner.add(arcIndex(ref));
    else kept.push(ref);
  }
  return { kept, inner: [...inner] };
}

/** Every ring of the given areas keeps its winding and some area; throws otherwise. */
export function assertRingsKeepShape(draft: Draft, areaIndices: Iterable<number>): void {
  const sign = outerSign(draft);
  for (const index of areaIndices) {
    const area = draft.areas[index];
    if (!area) continue;
    area.polygons.forEach((polygon) =>
      polygon.forEach((ring, ringIndex) => {
        const area2 = signedArea(ringPositions(draft, ring));
        const wanted = ringIndex === 0 ? sign : -sign;
        if (Math.sign(area2) !== wanted) {
          throw new EditError(
            'would-flip',
            message(
              `a ring of area "${area.key}" would turn inside out or lose all its area`,
              `ein Ring des Gebiets „${area.key}“ würde sich umstülpen oder seine ganze Fläche verlieren`,
            ),
          );
        }
      }),
    );
  }
}

/**
 * The outline of the union of areas (all live areas unless keys are given): arcs shared by two of them cancel out,
 * the rest chains into rings, grouped into polygons with holes. Much cheaper than a boolean union, and exact when
 * the areas do not overlap; throws an EditError when the arcs do not close into rings.
 */
export function dissolveOutline(topology: Topology, keys?: readonly string[]): Position[][][] {
  const areas = keys ? keys.map((key) => areaAt(topology, key).area) : topology.areas.filter((area): area is TopologyArea => area !== null);
  const { kept } = dissolve(areas.flatMap(allRefs));
  return groupRings(topology, traceRings(topology, kept)).map((polygon) => polygon.map((ring) => ringPositions(topology, ring)));
}
