// Sozialräume as flat typed arrays: what the coverage weights are computed from, and cheap to transfer to a worker
// (a GeoJSON feature is cloned coordinate by coordinate, four typed arrays are handed over whole).
import type { Position } from 'geojson';
import type { AreaCollection } from '../io/areas.js';
import { polygonsOf } from '../geometry/index.js';

/**
 * Some areas with their geometry in four typed arrays. Area `a` owns the polygons `polygonOffsets[a]` …
 * `polygonOffsets[a + 1] - 1`; polygon `p` owns the rings `ringOffsets[p]` … `ringOffsets[p + 1] - 1` (the first
 * is its outline, the others its holes); ring `r` owns the positions `positionOffsets[r]` …
 * `positionOffsets[r + 1] - 1`, stored as x, y pairs in `coordinates`, as the file gives them (closed or not).
 */
export interface PackedAreas {
  source: string;
  crs: string;
  /** The property that names an area, so that the areas can be unpacked again (worker's unpackAreas). */
  idField: string;
  ids: string[];
  polygonOffsets: Uint32Array;
  ringOffsets: Uint32Array;
  positionOffsets: Uint32Array;
  coordinates: Float64Array;
}

/** Packs the areas at `indices` (all when not given), in that order. */
export function packAreas(areas: AreaCollection, indices?: readonly number[]): PackedAreas {
  const chosen = indices ?? areas.features.map((_, index) => index);
  let polygonCount = 0;
  let ringCount = 0;
  let positionCount = 0;
  for (const index of chosen) {
    for (const polygon of polygonsOf(areas.features[index]!.geometry)) {
      polygonCount += 1;
      ringCount += polygon.length;
      for (const ring of polygon) positionCount += ring.length;
    }
  }
  const polygonOffsets = new Uint32Array(chosen.length + 1);
  const ringOffsets = new Uint32Array(polygonCount + 1);
  const positionOffsets = new Uint32Array(ringCount + 1);
  const coordinates = new Float64Array(positionCount * 2);
  let polygon = 0;
  let ring = 0;
  let position = 0;
  chosen.forEach((index, area) => {
    for (const rings of polygonsOf(areas.features[index]!.geometry)) {
      for (const positions of rings) {
        for (const point of positions) {
          coordinates[2 * position] = point[0]!;
          coordinates[2 * position + 1] = point[1]!;
          position += 1;
        }
        ring += 1;
        positionOffsets[ring] = position;
      }
      polygon += 1;
      ringOffsets[polygon] = ring;
    }
    polygonOffsets[area + 1] = polygon;
  });
  return {
    source: areas.source,
    crs: areas.crs,
    idField: areas.idField,
    ids: chosen.map((index) => areas.ids[index]!),
    polygonOffsets,
    ringOffsets,
    positionOffsets,
    coordinates,
  };
}

/** The typed arrays of packed areas, for the transfer list of a postMessage. */
export function packedBuffers(packed: PackedAreas): ArrayBuffer[] {
  return [packed.polygonOffsets, packed.ringOffsets, packed.positionOffsets, packed.coordinates].map((array) => array.buffer as ArrayBuffer);
}

/**
 * Every x, y pair of `coordinates` through `project`, each distinct pair once: neighbouring areas share their
 * boundary vertices, so about half the pairs repeat one seen before, and reprojecting a pair (proj4: a
 * transverse Mercator inverse and an azimuthal forward) costs twenty times more than finding it in a hash table.
 * A repeated pair gets the very numbers its first occurrence got.
 */
export function projectCoordinates(coordinates: Float64Array, project: (position: Position) => Position): Float64Array {
  const count = coordinates.length / 2;
  const projected = new Float64Array(coordinates.length);
  const bits = new Uint32Array(coordinates.buffer, coordinates.byteOffset, coordinates.length * 2);
  let capacity = 16;
  while (capacity < count * 2) capacity *= 2;
  const mask = capacity - 1;
  // The first position with each distinct pair, by the hash of its bits; -1 is an empty slot.
  const slots = new Int32Array(capacity).fill(-1);
  for (let i = 0; i < count; i += 1) {
    const x = coordinates[2 * i]!;
    const y = coordinates[2 * i + 1]!;
    let hash = Math.imul(bits[4 * i]! ^ Math.imul(bits[4 * i + 1]!, 0x9e3779b1), 0x85ebca6b);
    hash = Math.imul(hash ^ bits[4 * i + 2]! ^ Math.imul(bits[4 * i + 3]!, 0xc2b2ae35), 0x27d4eb2f);
    let slot = (hash ^ (hash >>> 15)) & mask;
    let found = -1;
    while (slots[slot] !== -1) {
      const other = slots[slot]!;
      // The same bits, not only equal numbers: 0 and -0 stay apart.
      if (
        bits[4 * other] === bits[4 * i] &&
        bits[4 * other + 1] === bits[4 * i + 1] &&
        bits[4 * other + 2] === bits[4 * i + 2] &&
        bits[4 * other + 3] === bits[4 * i + 3]
      ) {
        found = other;
        break;
      }
      slot = (slot + 1) & mask;
    }
    if (found >= 0) {
      projected[2 * i] = projected[2 * found]!;
      projected[2 * i + 1] = projected[2 * found + 1]!;
      continue;
    }
    slots[slot] = i;
    const [px, py] = project([x, y]);
    projected[2 * i] = px!;
    projected[2 * i + 1] = py!;
  }
  return projected;
}
