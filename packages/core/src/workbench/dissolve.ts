// Areas from units: the cells or blocks assigned to each area dissolved into its outline, gap-free for cells.
import type { MultiPolygon, Polygon, Position } from 'geojson';
import { signedArea, insideRings } from '../geometry/index.js';
import { dissolve } from '../levels/geometry.js';
import type { AreaCollection } from '../io/areas.js';
import type { UnitLayer } from './units.js';

/**
 * The outline of each area (index 0 … areaCount - 1) from the units assigned to it (-1: none). Cells are traced
 * along the grid, so neighbouring areas share their edges exactly and the areas tile the cells without gap or
 * overlap. Blocks are united where they touch; the street space between blocks is not yet filled, so an area of
 * blocks is a MultiPolygon of its block groups.
 */
export function dissolveUnits(layer: UnitLayer, assignment: Int32Array, areaCount: number): (Polygon | MultiPolygon)[] {
  const members: number[][] = Array.from({ length: areaCount }, () => []);
  assignment.forEach((area, unit) => {
    if (area >= 0 && area < areaCount) members[area]!.push(unit);
  });
  if (layer.kind === 'cells') return members.map((units) => traceCells(layer, units));
  return members.map((units) => dissolve(units.map((unit) => layer.geometries![unit]!)));
}

/** The areas of a plan as an AreaCollection in the units' CRS, keyed by `keys`, for scoring and writing. */
export function planCollection(layer: UnitLayer, assignment: Int32Array, keys: readonly string[], source: string): AreaCollection {
  const geometries = dissolveUnits(layer, assignment, keys.length);
  return {
    source,
    crs: layer.crs,
    idField: 'id',
    nameField: undefined,
    features: geometries.map((geometry, index) => ({ type: 'Feature', properties: { id: keys[index]! }, geometry })),
    ids: [...keys],
    issues: [],
  };
}

/**
 * Traces the boundary of a set of grid cells: every cell edge with no cell of the set beyond it is a boundary edge,
 * directed with the set on its left, and the edges are chained into rings. Where two cells of the set meet only at
 * a corner, the chain turns left, so each ring stays simple and the two cells' rings touch at that corner.
 */
function traceCells(layer: UnitLayer, units: readonly number[]): Polygon | MultiPolygon {
  const grid = layer.grid!;
  const columns = grid.columns;
  const inSet = new Set<number>();
  for (const unit of units) inSet.add(layer.cells![unit]!);
  // Vertices are numbered (row, column) of the corner grid, which has one more column than the cells.
  const stride = columns + 1;
  const outgoing = new Map<number, number[]>();
  const add = (from: number, to: number) => {
    const list = outgoing.get(from);
    if (list) list.push(to);
    else outgoing.set(from, [to]);
  };
  for (const cell of inSet) {
    const row = Math.floor(cell / columns);
    const column = cell - row * columns;
    const topLeft = row * stride + column;
    const topRight = topLeft + 1;
    const bottomLeft = topLeft + stride;
    const bottomRight = bottomLeft + 1;
    // Counter-clockwise with y up: bottom edge eastwards, right edge northwards, top westwards, left southwards.
    if (row === grid.rows - 1 || !inSet.has(cell + columns)) add(bottomLeft, bottomRight);
    if (column === columns - 1 || !inSet.has(cell + 1)) add(bottomRight, topRight);
    if (row === 0 || !inSet.has(cell - columns)) add(topRight, topLeft);
    if (column === 0 || !inSet.has(cell - 1)) add(topLeft, bottomLeft);
  }
  const position = (vertex: number): Position => {
    const row = Math.floor(vertex / stride);
    const column = vertex - row * stride;
    return [grid.originX + column * grid.cellWidth, grid.originY - row * grid.cellHeight];
  };
  const rings: Position[][] = [];
  for (const [start, targets] of outgoing) {
    while (targets.length > 0) {
      const ring: number[] = [start];
      let previous = start;
      let current = targets.pop()!;
      while (current !== start || ring.length === 0) {
        ring.push(current);
        const next = outgoing.get(current)!;
        const pick = next.length === 1 ? 0 : leftmostTurn(previous, current, next, stride);
        const following = next[pick]!;
        next.splice(pick, 1);
        previous = current;
        current = following;
      }
      rings.push(simplify(ring.map(position)));
    }
  }
  return assembleRings(rings);
}

/** Of two ways on at a corner, the one turning left (into the cell the edge so far has on its left). */
function leftmostTurn(previous: number, current: number, candidates: readonly number[], stride: number): number {
  const direction = (from: number, to: number): [number, number] => {
    const d = to - from;
    // Rows grow southwards, so a step of +stride is south (y down).
    return d === 1 ? [1, 0] : d === -1 ? [-1, 0] : d === stride ? [0, -1] : [0, 1];
  };
  const [ix, iy] = direction(previous, current);
  let best = 0;
  let bestCross = -Infinity;
  candidates.forEach((candidate, index) => {
    const [ox, oy] = direction(current, candidate);
    const cross = ix * oy - iy * ox;
    if (cross > bestCross) {
      bestCross = cross;
      best = index;
    }
  });
  return best;
}

/** The ring closed, without the vertices in the middle of straight runs. */
function simplify(ring: Position[]): Position[] {
  const kept: Position[] = [];
  const n = ring.length;
  for (let i = 0; i < n; i += 1) {
    const a = ring[(i + n - 1) % n]!;
    const b = ring[i]!;
    const c = ring[(i + 1) % n]!;
    if ((b[0]! - a[0]!) * (c[1]! - b[1]!) - (b[1]! - a[1]!) * (c[0]! - b[0]!) !== 0) kept.push(b);
  }
  kept.push(kept[0]!);
  return kept;
}

/** Outer rings (counter-clockwise) each with the holes (clockwise) inside it. */
function assembleRings(rings: Position[][]): Polygon | MultiPolygon {
  const outers: Position[][][] = [];
  const holes: Position[][] = [];
  for (const ring of rings) {
    if (signedArea(ring) > 0) outers.push([ring]);
    else holes.push(ring);
  }
  for (const hole of holes) {
    // The middle of a hole's first edge lies on no other ring: every grid edge belongs to one ring at most.
    const x = (hole[0]![0]! + hole[1]![0]!) / 2;
    const y = (hole[0]![1]! + hole[1]![1]!) / 2;
    const holder = outers.filter((polygon) => insideRings([polygon[0]!], x, y)).sort((a, b) => signedArea(a[0]!) - signedArea(b[0]!))[0];
    holder?.push(hole);
  }
  if (outers.length === 1) return { type: 'Polygon', coordinates: outers[0]! };
  return { type: 'MultiPolygon', coordinates: outers };
}
