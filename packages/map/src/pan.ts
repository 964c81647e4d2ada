// Moving the view to a place only when it lies outside, so that keyboard steps and outside selections do not jitter.
import type OlMap from 'ol/Map.js';
import { containsExtent, getCenter, type Extent } from 'ol/extent.js';

/** Animates the map's centre to the point or extent when it is not wholly in view; nothing before the map has a size. */
export function panIntoView(olMap: OlMap, target: Extent | number[], duration: number): void {
  const view = olMap.getView();
  const size = olMap.getSize();
  if (!size) return;
  const extent: Extent = target.length === 4 ? (target as Extent) : [target[0]!, target[1]!, target[0]!, target[1]!];
  if (!containsExtent(view.calculateExtent(size), extent)) view.animate({ center: getCenter(extent), duration });
}
