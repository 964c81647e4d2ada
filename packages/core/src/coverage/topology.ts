// Sozialräume as a topology: shared edges (arcs) between neighbouring areas, each ring a list of signed arc references.
import type { Feature, FeatureCollection, MultiPolygon, Polygon, Position } from 'geojson';
import Flatbush from 'flatbush';
import { nearestOnSegment, polygonsOf, signedArea } from '../geometry/index.js';

/**
 * An arc reference in a ring: `i` runs along arc i as stored, `~i` (= -i - 1) runs along it backwards, as in
 * TopoJSON. Both areas beside a shared edge reference the same arc, one forwards and one backwards, so moving a
 * vertex of the arc moves it for both.
 */
export type ArcRef = number;

/** One Sozialraum of a topology: its key, name and properties, and its polygons as rings of arc references. */
export interface TopologyArea {
  key: string;
  name?: string | undefined;
  /** The properties the area was read with; key and name are written over them on export. */
  properties: Record<string, unknown>;
  /** Polygons, each [outer ring, ...holes], each ring a closed cycle of arc references. */
  polygons: ArcRef[][][];
}

/**
 * A set of areas sharing their edges. Plain JSON (no classes, no typed arrays), so it can be stored in IndexedDB,
 * posted to a worker or written to a file as it is. Arcs and areas that an operation removed stay as `null`
 * slots, so that references keep their meaning and undo can put them back where they were.
 */
export interface Topology {
  /** "EPSG:n" of the coordinates (projected, metres). */
  crs: string;
  idField: string;
  nameField?: string | undefined;
  /** Which way the outer rings run; holes run the other way. Taken from the input's majority. */
  winding: 'ccw' | 'cw';
  /** Each arc a polyline of at least two positions [x, y]; a closed arc (first = last) is a whole ring. */
  arcs: (Position[] | null)[];
  areas: (TopologyArea | null)[];
}

export interface TopologyOptions {
  /** Vertices closer than this (in CRS units, metres) are snapped onto the first one seen [0.001]. */
  tolerance?: number;
}

/** What building a topology found and did; nothing in it is a guess about the data. */
export interface TopologyBuild {
  topology: Topology;
  /** Vertices moved onto another vertex closer than the tolerance. */
  snapped: number;
  /**
   * Vertices of one ring that lie on an edge of another ring (within the tolerance) without being a vertex of it,
   * added to that edge, so that both rings share the edge up to there: T-junctions of digitised boundaries.
   */
  noded: number;
  /** Repeated consecutive vertices dropped (after snapping). */
  duplicates: number;
  /** Rings turned round because they ran the other way than the majority of outer rings (or of holes). */
  reoriented: number;
  /** Rings left out because fewer than three distinct vertices were left: key, polygon and ring of each. */
  dropped: { key: string; polygon: number; ring: number; reason: string }[];
}

/** The minimum input: features and their keys, in one projected CRS. `AreaCollection` is one. */
export interface AreaSet {
  crs: string;
  idField: string;
  nameField?: string | undefined;
  features: readonly Feature<Polygon | MultiPolygon>[];
  ids: readonly string[];
}

/**
 * Builds the topology of a set of areas. Vertices within `tolerance` of an earlier vertex are snapped onto it; a
 * vertex is a node when the rings through it do not all come from and go to the same two neighbours, that is where
 * three or more areas meet or where an area's neighbour changes. The rings are cut at the nodes and each piece
 * becomes one arc, shared by every ring that runs along it in either direction.
 *
 * Gaps, overlaps, slivers and self-intersections are not repaired here (run `validateAreas` to find them); edges
 * that do not carry the same vertices in both areas simply stay two arcs.
 */
export function buildTopology(input: AreaSet, options: TopologyOptions = {}): TopologyBuild {
  const tolerance = options.tolerance ?? 0.001;
  const snapper = new Snapper(tolerance);
  const { rings, duplicates, dropped } = readRings(input, snapper);
  const points = snapper.points;
  const noded = nodeTJunctions(rings, points, tolerance);
  const { winding, reoriented } = orientRings(rings, points);
  const isNode = findNodes(rings, points.length);

  const arcs: Position[][] = [];
  const arcByKey = new Map<string, number>();
  const arcOf = (ids: number[]): ArcRef => {
    const forward = ids.join(',');
    const known = arcByKey.get(forward);
    if (known !== undefined) return known;
    const backward = [...ids].reverse().join(',');
    const reversed = arcByKey.get(backward);
    if (reversed !== undefined) return ~reversed;
    arcs.push(ids.map((id) => [points[id]![0]!, points[id]![1]!]));
    arcByKey.set(forward, arcs.length - 1);
    return arcs.length - 1;
  };
  /** A ring without nodes is one closed arc, found again from any start and in either direction. */
  const closedArcOf = (ids: number[]): ArcRef => {
    let start = 0;
    for (let i = 1; i < ids.length; i += 1) if (ids[i]! < ids[start]!) start = i;
    const rotated = [...ids.slice(start), ...ids.slice(0, start)];
    const forward = `o${rotated.join(',')}`;
    const backwardIds = [rotated[0]!, ...rotated.slice(1).reverse()];
    const known = arcByKey.get(forward);
    if (known !== undefined) return known;
    const reversed = arcByKey.get(`o${backwardIds.join(',')}`);
    if (reversed !== undefined) return ~reversed;
    // The first ring keeps its own start, so an area without neighbours comes back exactly as it was read.
    arcs.push([...ids, ids[0]!].map((id) => [points[id]![0]!, points[id]![1]!]));
    arcByKey.set(forward, arcs.length - 1);
    return arcs.length - 1;
  };

  const topologyAreas: TopologyArea[] = input.features.map((feature, index) => {
    const properties = (feature.properties ?? {}) as Record<string, unknown>;
    const name = input.nameField ? properties[input.nameField] : undefined;
    return {
      key: input.ids[index]!,
      ...(name !== undefined && name !== null ? { name: String(name) } : {}),
      properties: { ...properties },
      polygons: [],
    };
  });
  // Rings arrive grouped by area and polygon, in file order.
  const polygonSlot = new Map<string, ArcRef[][]>();
  for (const ring of rings) {
    const { ids } = ring;
    const first = ids.findIndex((id) => isNode[id] === 1);
    let refs: ArcRef[];
    if (first === -1) {
      refs = [closedArcOf(ids)];
    } else {
      refs = [];
      const count = ids.length;
      let piece = [ids[first]!];
      for (let step = 1; step <= count; step += 1) {
        const id = ids[(first + step) % count]!;
        piece.push(id);
        if (isNode[id] === 1) {
          refs.push(arcOf(piece));
          piece = [id];
        }
      }
    }
    const slotKey = `${ring.area}/${ring.polygon}`;
    let polygon = polygonSlot.get(slotKey);
    if (!polygon) {
      // A polygon whose outer ring was dropped loses its holes too: they bound nothing.
      if (ring.ring !== 0) continue;
      polygon = [];
      polygonSlot.set(slotKey, polygon);
      topologyAreas[ring.area]!.polygons.push(polygon);
    }
    polygon.push(refs);
  }
  const topology: Topology = {
    crs: input.crs,
    idField: input.idField,
    ...(input.nameField !== undefined ? { nameField: input.nameField } : {}),
    winding,
    arcs,
    areas: topologyAreas,
  };
  return { topology, snapped: snapper.snapped, noded, duplicates, reoriented, dropped };
}

/** A ring as read: its area, polygon and ring number, and its vertices as snapped ids (a cycle, not closed). */
interface RawRing {
  area: number;
  polygon: number;
  ring: number;
  ids: number[];
}

/** The rings of every area as cycles of snapped vertex ids; repeated vertices and rings of fewer than 3 are dropped. */
function readRings(input: AreaSet, snapper: Snapper): { rings: RawRing[]; duplicates: number; dropped: TopologyBuild['dropped'] } {
  let duplicates = 0;
  const dropped: TopologyBuild['dropped'] = [];
  const rings: RawRing[] = [];
  input.features.forEach((feature, area) => {
    const polygons = polygonsOf(feature.geometry);
    polygons.forEach((polygon, polygonIndex) => {
      polygon.forEach((ring, ringIndex) => {
        const ids: number[] = [];
        // The closing position repeats the first; it is not snapped (or counted) a second time.
        const open = ring.length > 1 && ring[0]![0] === ring[ring.length - 1]![0] && ring[0]![1] === ring[ring.length - 1]![1] ? ring.slice(0, -1) : ring;
        for (const position of open) {
          const id = snapper.id(position);
          if (ids[ids.length - 1] === id) {
            duplicates += 1;
            continue;
          }
          ids.push(id);
        }
        // Closing vertex: the ring is kept as a cycle without it.
        while (ids.length > 1 && ids[0] === ids[ids.length - 1]) ids.pop();
        if (new Set(ids).size < 3) {
          dropped.push({
            key: input.ids[area]!,
            polygon: polygonIndex,
            ring: ringIndex,
            reason: `has ${new Set(ids).size} distinct vertices; a ring needs at least 3`,
          });
          return;
        }
        rings.push({ area, polygon: polygonIndex, ring: ringIndex, ids });
      });
    });
  });
  return { rings, duplicates, dropped };
}

/**
 * The majority of outer rings decides the winding; rings that disagree are turned round (in place), so that split,
 * merge and carve can tell outer rings from holes by their sign.
 */
function orientRings(rings: readonly RawRing[], points: readonly Position[]): { winding: Topology['winding']; reoriented: number } {
  const ringArea = (ids: number[]) => signedArea(ids.map((id) => points[id]!));

  let ccw = 0;
  let cw = 0;
  const areas = rings.map((ring) => ringArea(ring.ids));
  rings.forEach((ring, index) => {
    if (ring.ring !== 0) return;
    if (areas[index]! > 0) ccw += 1;
    else cw += 1;
  });
  const winding: Topology['winding'] = ccw >= cw ? 'ccw' : 'cw';
  const outerSign = winding === 'ccw' ? 1 : -1;
  let reoriented = 0;
  rings.forEach((ring, index) => {
    const wanted = ring.ring === 0 ? outerSign : -outerSign;
    if (Math.sign(areas[index]!) === -wanted) {
      ring.ids.reverse();
      reoriented += 1;
    }
  });
  return { winding, reoriented };
}

/** Which vertices are nodes: those where the rings through them do not all pass between the same two neighbours. */
function findNodes(rings: readonly RawRing[], count: number): Uint8Array {
  const NONE = -1;
  const neighbourA = new Int32Array(count).fill(NONE);
  const neighbourB = new Int32Array(count).fill(NONE);
  const isNode = new Uint8Array(count);
  for (const { ids } of rings) {
    const count = ids.length;
    for (let i = 0; i < count; i += 1) {
      const id = ids[i]!;
      const previous = ids[(i + count - 1) % count]!;
      const next = ids[(i + 1) % count]!;
      if (neighbourA[id] === NONE) {
        neighbourA[id] = previous;
        neighbourB[id] = next;
      } else if (!((neighbourA[id] === previous && neighbourB[id] === next) || (neighbourA[id] === next && neighbourB[id] === previous))) {
        isNode[id] = 1;
      }
    }
  }
  return isNode;
}

/**
 * Adds every vertex that lies on another ring's edge (closer than the tolerance, not at its ends) to that edge,
 * so that the edge is cut where the neighbour's boundary changes. Rings are cycles of vertex ids, changed in place.
 * Returns how many vertices were added.
 */
function nodeTJunctions(rings: { ids: number[] }[], points: readonly Position[], tolerance: number): number {
  const segments: [ring: number, position: number][] = [];
  rings.forEach(({ ids }, ring) => ids.forEach((_, position) => segments.push([ring, position])));
  if (segments.length === 0) return 0;
  const index = new Flatbush(segments.length);
  for (const [ring, position] of segments) {
    const ids = rings[ring]!.ids;
    const a = points[ids[position]!]!;
    const b = points[ids[(position + 1) % ids.length]!]!;
    index.add(Math.min(a[0]!, b[0]!), Math.min(a[1]!, b[1]!), Math.max(a[0]!, b[0]!), Math.max(a[1]!, b[1]!));
  }
  index.finish();
  const reach = Math.max(tolerance, 0);
  // Per edge, the vertices to add with where along the edge they go.
  const additions = new Map<number, { id: number; t: number }[]>();
  points.forEach((point, id) => {
    const x = point[0]!;
    const y = point[1]!;
    for (const segment of index.search(x - reach, y - reach, x + reach, y + reach)) {
      const [ring, position] = segments[segment]!;
      const ids = rings[ring]!.ids;
      const from = ids[position]!;
      const to = ids[(position + 1) % ids.length]!;
      if (from === id || to === id) continue;
      const hit = nearestOnSegment(point, points[from]!, points[to]!);
      if (hit.distance > reach || hit.t <= 0 || hit.t >= 1) continue;
      const list = additions.get(segment);
      if (list) list.push({ id, t: hit.t });
      else additions.set(segment, [{ id, t: hit.t }]);
    }
  });
  if (additions.size === 0) return 0;
  let added = 0;
  const byRing = new Map<number, Map<number, number[]>>();
  for (const [segment, list] of additions) {
    const [ring, position] = segments[segment]!;
    list.sort((p, q) => p.t - q.t);
    let inRing = byRing.get(ring);
    if (!inRing) byRing.set(ring, (inRing = new Map()));
    inRing.set(
      position,
      list.map((entry) => entry.id),
    );
    added += list.length;
  }
  for (const [ring, inRing] of byRing) {
    const ids = rings[ring]!.ids;
    rings[ring]!.ids = ids.flatMap((id, position) => [id, ...(inRing.get(position) ?? [])]);
  }
  return added;
}

/**
 * Hands out one id per distinct position; positions within the tolerance of an earlier one get its id. Positions
 * are hashed by the cell of side `tolerance` they fall in, as a number (two strings per vertex made this the
 * slowest part of the build); hash collisions only cost a distance test.
 */
class Snapper {
  readonly points: Position[] = [];
  snapped = 0;
  private readonly cells = new Map<number, number[]>();
  private readonly size: number;

  constructor(tolerance: number) {
    // A tolerance of 0 still needs cells; exact matches then fall into the same tiny cell.
    this.size = tolerance > 0 ? tolerance : 1e-9;
    this.tolerance = tolerance;
  }

  private readonly tolerance: number;

  /**
   * The key of a cell, kept below 2^30 so that it is a small integer to V8 (values up to 2^32 are heap numbers, and a
   * Map looks them up far more slowly). Cells that share a key share a list, and find compares coordinates, so a
   * collision costs a comparison, never a wrong match.
   */
  private static hash(cx: number, cy: number): number {
    return (Math.imul(cx | 0, 73856093) ^ Math.imul(cy | 0, 19349663)) & 0x3fffffff;
  }

  id(position: Position): number {
    const x = position[0]!;
    const y = position[1]!;
    const cx = Math.floor(x / this.size);
    const cy = Math.floor(y / this.size);
    const own = this.find(Snapper.hash(cx, cy), x, y);
    if (own !== undefined) return own;
    if (this.tolerance > 0) {
      for (let dx = -1; dx <= 1; dx += 1) {
        for (let dy = -1; dy <= 1; dy += 1) {
          if (dx === 0 && dy === 0) continue;
          const near = this.find(Snapper.hash(cx + dx, cy + dy), x, y);
          if (near !== undefined) return near;
        }
      }
    }
    const id = this.points.length;
    this.points.push([x, y]);
    const key = Snapper.hash(cx, cy);
    const list = this.cells.get(key);
    if (list) list.push(id);
    else this.cells.set(key, [id]);
    return id;
  }

  private find(key: number, x: number, y: number): number | undefined {
    const list = this.cells.get(key);
    if (!list) return undefined;
    for (const candidate of list) {
      const point = this.points[candidate]!;
      if (point[0] === x && point[1] === y) return candidate;
      if (Math.hypot(point[0]! - x, point[1]! - y) <= this.tolerance) {
        this.snapped += 1;
        return candidate;
      }
    }
    return undefined;
  }
}

/** The index of the arc a reference runs along. */
export function arcIndex(ref: ArcRef): number {
  return ref < 0 ? ~ref : ref;
}

/** The positions of an arc in the direction of the reference. */
export function arcPositions(topology: Pick<Topology, 'arcs'>, ref: ArcRef): Position[] {
  const arc = topology.arcs[arcIndex(ref)];
  if (!arc) throw new Error(`arc ${arcIndex(ref)} has been removed but is still referenced`);
  return ref < 0 ? [...arc].reverse() : arc;
}

/** A ring of arc references as closed positions (first = last), new arrays throughout. */
export function ringPositions(topology: Pick<Topology, 'arcs'>, refs: readonly ArcRef[]): Position[] {
  const ring: Position[] = [];
  for (const ref of refs) {
    const arc = arcPositions(topology, ref);
    for (let i = ring.length === 0 ? 0 : 1; i < arc.length; i += 1) ring.push([arc[i]![0]!, arc[i]![1]!]);
  }
  return ring;
}

/** The geometry of one area: a Polygon when it has one part, a MultiPolygon otherwise. */
export function areaGeometry(topology: Pick<Topology, 'arcs'>, area: TopologyArea): Polygon | MultiPolygon {
  const polygons = area.polygons.map((polygon) => polygon.map((ring) => ringPositions(topology, ring)));
  return polygons.length === 1 ? { type: 'Polygon', coordinates: polygons[0]! } : { type: 'MultiPolygon', coordinates: polygons };
}

/** The index of the area with this key, or -1. */
export function findArea(topology: Pick<Topology, 'areas'>, key: string): number {
  return topology.areas.findIndex((area) => area !== null && area.key === key);
}

/**
 * The areas as a GeoJSON FeatureCollection in the topology's CRS, with the key and name written into the id and
 * name fields of each area's properties; removed areas are left out. This is what the editor draws and saves.
 */
export function topologyToFeatureCollection(topology: Topology): FeatureCollection<Polygon | MultiPolygon> {
  const features: Feature<Polygon | MultiPolygon>[] = [];
  for (const area of topology.areas) {
    if (!area) continue;
    const properties: Record<string, unknown> = { ...area.properties, [topology.idField]: area.key };
    if (topology.nameField) properties[topology.nameField] = area.name ?? null;
    features.push({ type: 'Feature', properties, geometry: areaGeometry(topology, area) });
  }
  return { type: 'FeatureCollection', features };
}

/** The live areas as an `AreaSet`, for the validator and the population. */
export function topologyAreaSet(topology: Topology): AreaSet {
  const collection = topologyToFeatureCollection(topology);
  return {
    crs: topology.crs,
    idField: topology.idField,
    nameField: topology.nameField,
    features: collection.features,
    ids: topology.areas.filter((area): area is TopologyArea => area !== null).map((area) => area.key),
  };
}

/** A node: a point where arcs end, with the arcs and the keys of the areas that meet there. */
export interface TopologyNode {
  position: [number, number];
  arcs: number[];
  areas: string[];
}

/** Every node of the topology: where three or more areas meet, or where an area's neighbour changes. */
export function topologyNodes(topology: Topology): TopologyNode[] {
  const nodes = new Map<string, TopologyNode>();
  const uses = arcUsers(topology);
  topology.arcs.forEach((arc, index) => {
    if (!arc || arc.length < 2) return;
    const first = arc[0]!;
    const last = arc[arc.length - 1]!;
    if (first[0] === last[0] && first[1] === last[1] && arc.length > 2) {
      // A closed arc with no other arc at its start is a whole ring, not a meeting point.
      const others = topology.arcs.some((other, j) => other && j !== index && other.some((p) => p[0] === first[0] && p[1] === first[1]));
      if (!others) return;
    }
    for (const end of [first, last]) {
      const key = `${end[0]},${end[1]}`;
      let node = nodes.get(key);
      if (!node) {
        node = { position: [end[0]!, end[1]!], arcs: [], areas: [] };
        nodes.set(key, node);
      }
      if (!node.arcs.includes(index)) node.arcs.push(index);
      for (const user of uses[index] ?? []) {
        const keyOfArea = topology.areas[user.area]!.key;
        if (!node.areas.includes(keyOfArea)) node.areas.push(keyOfArea);
      }
    }
  });
  return [...nodes.values()];
}

/** Where an arc is used: by which area, in which polygon and ring, at which place, and in which direction. */
export interface ArcUse {
  area: number;
  polygon: number;
  ring: number;
  position: number;
  reversed: boolean;
}

/** For every arc index, the rings that use it. */
export function arcUsers(topology: Pick<Topology, 'areas' | 'arcs'>): ArcUse[][] {
  const uses: ArcUse[][] = topology.arcs.map(() => []);
  topology.areas.forEach((area, areaIndex) => {
    area?.polygons.forEach((polygon, polygonIndex) => {
      polygon.forEach((ring, ringIndex) => {
        ring.forEach((ref, position) => {
          (uses[arcIndex(ref)] ??= []).push({ area: areaIndex, polygon: polygonIndex, ring: ringIndex, position, reversed: ref < 0 });
        });
      });
    });
  });
  return uses;
}

/** The neighbours of each live area by key: areas that share at least one arc with it. */
export function topologyNeighbours(topology: Topology): Map<string, string[]> {
  const result = new Map<string, string[]>();
  for (const area of topology.areas) if (area) result.set(area.key, []);
  for (const users of arcUsers(topology)) {
    const keys = [...new Set(users.map((use) => topology.areas[use.area]!.key))];
    for (const a of keys) for (const b of keys) if (a !== b && !result.get(a)!.includes(b)) result.get(a)!.push(b);
  }
  return result;
}
