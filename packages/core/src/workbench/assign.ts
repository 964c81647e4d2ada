// Which area of a layer each unit lies in: the link between units and any set of areas (the level above, the
// departments' units, the official boundaries shown on the same cells).
import { areaCoverage, coverageWeights } from '../aggregate/coverage.js';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import { reprojectCollection } from '../crs/index.js';
import { AreaIndex } from '../geometry/index.js';
import type { AreaCollection } from '../io/areas.js';
import type { UnitLayer } from './units.js';

/**
 * For each unit, the index of the area of `areas` holding it, or -1: cells by their centre (core's centre coverage,
 * so a centre on a shared edge goes to one area), polygon units by a point inside them.
 */
export function unitsInAreas(layer: UnitLayer, areas: AreaCollection): Int32Array {
  const result = new Int32Array(layer.ids.length).fill(-1);
  if (layer.kind === 'cells') {
    const weights = coverageWeights(areas, layer.grid!, { method: 'centre' });
    const unitOf = new Map<number, number>();
    layer.cells!.forEach((cell, unit) => unitOf.set(cell, unit));
    areas.ids.forEach((_, area) => {
      for (const cell of areaCoverage(weights, area).cells) {
        const unit = unitOf.get(cell);
        if (unit !== undefined && result[unit] === -1) result[unit] = area;
      }
    });
    return result;
  }
  const planar = areasIn(areas, layer.crs);
  const index = new AreaIndex(planar.features.map((feature) => feature.geometry));
  const found: number[] = [];
  for (let unit = 0; unit < layer.ids.length; unit += 1) {
    index.areasAt(layer.centres[unit * 2]!, layer.centres[unit * 2 + 1]!, found);
    if (found.length > 0) result[unit] = found[0]!;
  }
  return result;
}

/** The areas in another CRS, keys and order kept (the same collection when it is in that CRS already). */
export function areasIn(areas: AreaCollection, crs: string): AreaCollection {
  if (areas.crs === crs) return areas;
  const collection = { type: 'FeatureCollection' as const, features: areas.features as Feature<Polygon | MultiPolygon>[] };
  return { ...areas, crs, features: reprojectCollection(collection, areas.crs, crs).features };
}
