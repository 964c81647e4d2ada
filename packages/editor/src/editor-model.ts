// Small pieces the editor's controllers share: the CRS the topology is kept in, the model's refusals with their
// reason in both languages, and user-timing entries for the parts of a step.
import type { MultiPolygon, Polygon } from 'geojson';
import { EditError, message, polygonsOf, reprojectCollection, type AreaCollection } from '@sozialraum/core';
import { editorMessages } from './i18n.js';

/** A projected CRS for the topology: the areas' own, unless they are longitude/latitude. */
export function modelCrs(areas: AreaCollection, view: string): string {
  if (areas.crs !== 'EPSG:4326') return areas.crs;
  return view !== 'EPSG:4326' && view !== 'EPSG:3857' ? view : 'EPSG:3035';
}

export function inModelCrs(areas: AreaCollection, crs: string): AreaCollection {
  if (areas.crs === crs) return areas;
  const features = reprojectCollection({ type: 'FeatureCollection', features: areas.features }, areas.crs, crs).features;
  return { ...areas, crs, features };
}

/**
 * The model's refusals (EditError) say in both languages what went wrong where; the element puts why in general
 * before each, and keeps `message` as the model wrote it, so `sozialraum-error` carries both as the other elements'
 * errors do.
 */
export function withReason(error: unknown): unknown {
  if (!(error instanceof EditError)) return error;
  const [en, de] = [editorMessages('en').editErrors[error.code], editorMessages('de').editErrors[error.code]];
  return Object.assign(error, { text: message(`${en}: ${error.text.en}`, `${de}: ${error.text.de}`) });
}

/** A user-timing entry (DevTools' performance panel, `performance.getEntriesByName`) for the part of a step since `start`. */
export function measure(name: string, start: number): void {
  performance.measure(name, { start, end: performance.now() });
}

/** Whether the area `key` of `base` has exactly this geometry: the same rings with the same positions in the same order. */
export function sameGeometry(base: AreaCollection, key: string, geometry: Polygon | MultiPolygon, index = base.ids.indexOf(key)): boolean {
  if (index === -1 || base.ids[index] !== key) return false;
  const [a, b] = [polygonsOf(base.features[index]!.geometry), polygonsOf(geometry)];
  if (a.length !== b.length) return false;
  return a.every((rings, polygon) => {
    const other = b[polygon]!;
    if (rings.length !== other.length) return false;
    return rings.every((ring, r) => {
      const otherRing = other[r]!;
      return ring.length === otherRing.length && ring.every((position, p) => position[0] === otherRing[p]![0] && position[1] === otherRing[p]![1]);
    });
  });
}
