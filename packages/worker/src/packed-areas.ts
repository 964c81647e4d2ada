// Sozialräume as flat typed arrays, so that they are transferred to a worker instead of cloned coordinate by coordinate.
// The packing is core's (the coverage weights are computed from it); the worker adds the way back and the extents.
import type { MultiPolygon, Position } from 'geojson';
import { geometryBox, unionBox, type AreaCollection, type AreaFeature, type Extent, type PackedAreas } from '@sozialraum/core';

export { packAreas, type PackedAreas } from '@sozialraum/core';

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
