// What the element tests ask of a <sozialraum-map> in Chromium: its areas' layer, the page pixel inside an area (to
// click or hover it as a person does), and the next event of a kind. Typed by the map's `olMap` alone, so that this
// module stays below the map package.
import type OlMap from 'ol/Map.js';
import type Feature from 'ol/Feature.js';
import type VectorLayer from 'ol/layer/Vector.js';
import type VectorSource from 'ol/source/Vector.js';
import type Polygon from 'ol/geom/Polygon.js';
import type MultiPolygon from 'ol/geom/MultiPolygon.js';

/** A map as these helpers see it. */
export interface MapUnderTest {
  readonly olMap: OlMap;
}

/** The source of the layer the map draws its areas on. */
export function areasSource(map: MapUnderTest): VectorSource {
  const layer = map.olMap.getAllLayers().find((candidate) => candidate.get('name') === 'sozialraum-areas') as VectorLayer<VectorSource>;
  return layer.getSource()!;
}

/** A point inside the area with key `id`, in page pixels, after the map has drawn what it holds now. */
export function pagePixelInside(map: MapUnderTest, id: string): [number, number] {
  map.olMap.renderSync();
  const feature = areasSource(map).getFeatureById(id) as Feature<Polygon | MultiPolygon>;
  const geometry = feature.getGeometry()!;
  const inside = geometry.getType() === 'Polygon' ? (geometry as Polygon).getInteriorPoint() : (geometry as MultiPolygon).getInteriorPoints();
  const pixel = map.olMap.getPixelFromCoordinate(inside.getFirstCoordinate()!)!;
  const viewport = map.olMap.getViewport()!.getBoundingClientRect();
  return [Math.round(viewport.left + pixel[0]!), Math.round(viewport.top + pixel[1]!)];
}

/** The next `type` event on `target`. */
export function nextEvent<T>(target: EventTarget, type: string): Promise<CustomEvent<T>> {
  return new Promise((resolve) => target.addEventListener(type, (event) => resolve(event as CustomEvent<T>), { once: true }));
}
