// Moving the map's view to areas: fitting it to them, and panning to one that lies outside what is shown.
import type OlMap from 'ol/Map.js';
import type { Extent } from 'ol/extent.js';
import { transform } from 'ol/proj.js';

/** Fits the view to the extent with a margin, now or once the map has a size (a map in a hidden tab has none yet). */
export function fitView(olMap: OlMap, extent: Extent | null | undefined): void {
  if (!extent || !Number.isFinite(extent[0])) return;
  const fit = () => olMap.getView().fit(extent, { padding: [24, 24, 24, 24] });
  olMap.updateSize();
  if (olMap.getSize()?.every((side) => side > 0)) fit();
  else olMap.once('change:size', fit);
}

/** Pans to the middle of the extent (a point is an extent too) when any of it lies outside the view. */
export function panIntoView(olMap: OlMap, extent: Extent | undefined, duration: number): void {
  const view = olMap.getView();
  const size = olMap.getSize();
  if (!extent || !size) return;
  const visible = view.calculateExtent(size);
  if (extent[0]! < visible[0]! || extent[2]! > visible[2]! || extent[1]! < visible[1]! || extent[3]! > visible[3]!) {
    view.animate({ center: [(extent[0]! + extent[2]!) / 2, (extent[1]! + extent[3]!) / 2], duration });
  }
}

/** The middle of the view in the given CRS (where keyboard navigation starts when nothing is selected). */
export function viewCentreIn(olMap: OlMap, crs: string): [number, number] {
  const view = olMap.getView();
  const [x, y] = transform(view.getCenter() ?? [0, 0], view.getProjection().getCode(), crs);
  return [x!, y!];
}
