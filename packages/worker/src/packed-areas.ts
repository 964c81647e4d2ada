// Sozialräume as flat typed arrays, so that they are transferred to a worker instead of cloned coordinate by coordinate.
import type { MultiPolygon, Position } from 'geojson';
import { geometryBox, polygonsOf, unionBox, type AreaCollection, type AreaFeature, type Extent } from '@sozialraum/core';

/**
 * Some areas of an AreaCollection with their geometry in four typed arrays. Area `a` owns the polygons
 * `polygonOffsets[a]` … `polygonOffsets[a + 1] - 1`; polygon `p` owns the rings `ringOffsets[p]` …
 * `ringOffsets[p + 1] - 1` (the first is its outline, the others its holes); ring `r` owns the positions
 * `positionOffsets[r]` … `positionOffsets[r + 1] - 1`, stored as x, y pairs in `coordinates`.
 */
export interface PackedAreas {
  source: string;
  crs: string;
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
        for (const [x, y] of positions) {
          coordinates[2 * position] = x!;
          coordinates[2 * position + 1] = y!;
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

/** The packed areas as an AreaCollection again (MultiPolygons, without properties), for the core functions. */
export function unpackAreas(packed: PackedAreas): AreaCollection {
  const { polygonOffsets, ringOffsets, positionOffsets, coordinates } = packed;
  const features: AreaFeature[] = packed.ids.map((id, area) => {
    const polygons: Position[][][] = [];
    for (let polygon = polygonOffsets[area]!; polygon < polygonOffsets[area + 1]!; polygon += 1) {
      const rings: Position[][] = [];
      for (let ring = ringOffsets[polygon]!; ring < ringOffsets[polygon + 1]!; ring += 1) {
        const positions: Position[] = [];
        for (let position = positionOffsets[ring]!; position < positionOffsets[ring + 1]!; position += 1) {
          positions.push([coordinates[2 * position]!, coordinates[2 * position + 1]!]);
        }
        rings.push(positions);
      }
      polygons.push(rings);
    }
    const geometry: MultiPolygon = { type: 'MultiPolygon', coordinates: polygons };
    return { type: 'Feature', id, properties: { [packed.idField]: id }, geometry };
  });
  return { source: packed.source, crs: packed.crs, idField: packed.idField, nameField: undefined, features, ids: [...packed.ids], issues: [] };
}

/** The bounding box of each area in its own CRS, four numbers per area: minX, minY, maxX, maxY. */
export function areaExtents(areas: AreaCollection): Float64Array {
  const extents = new Float64Array(areas.features.length * 4);
  areas.features.forEach((feature, index) => extents.set(geometryBox(feature.geometry), index * 4));
  return extents;
}

/** The union of the extents of the areas at `indices`, or undefined when none has a position. */
export function unionExtent(extents: Float64Array, indices: Iterable<number>): Extent | undefined {
  const box = unionBox([...indices].map((index) => extents.subarray(index * 4, index * 4 + 4)));
  return box[0] <= box[2] && box[1] <= box[3] ? box : undefined;
}
