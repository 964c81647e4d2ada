// What the element tests ask of a <sozialraum-map> in Chromium: its layers by name, the page pixel of a map coordinate
// or inside an area (to click, drag or hover as a person does), the pointer moved as a hand moves it, the next event
// of a kind, and the outcome of an editor's step. Typed by the map's `olMap` alone, so that this module stays below
// the map package.
import type OlMap from 'ol/Map.js';
import type Feature from 'ol/Feature.js';
import type VectorLayer from 'ol/layer/Vector.js';
import type VectorSource from 'ol/source/Vector.js';
import type Polygon from 'ol/geom/Polygon.js';
import type MultiPolygon from 'ol/geom/MultiPolygon.js';
import type { MultiPolygon as GeoMultiPolygon, Polygon as GeoPolygon, Position } from 'geojson';
import { sendMouse } from '@web/test-runner-commands';

/** A map as these helpers see it. */
export interface MapUnderTest {
  readonly olMap: OlMap;
}

/** The source of the map's layer named `name` (a layer's `name` property). */
export function layerSource(map: MapUnderTest, name: string): VectorSource {
  const layer = map.olMap.getAllLayers().find((candidate) => candidate.get('name') === name) as VectorLayer<VectorSource> | undefined;
  if (!layer) throw new Error(`the map has no layer "${name}"`);
  return layer.getSource()!;
}

/** The source of the layer the map draws its areas on. */
export function areasSource(map: MapUnderTest): VectorSource {
  return layerSource(map, 'sozialraum-areas');
}

/** The page pixel of a coordinate in the map's view CRS, as the map is drawn now. */
export function pagePixel(map: MapUnderTest, coordinate: Position): [number, number] {
  const pixel = map.olMap.getPixelFromCoordinate(coordinate)!;
  const viewport = map.olMap.getViewport()!.getBoundingClientRect();
  return [Math.round(viewport.left + pixel[0]!), Math.round(viewport.top + pixel[1]!)];
}

/** A point inside the area with key `id`, in page pixels, after the map has drawn what it holds now. */
export function pagePixelInside(map: MapUnderTest, id: string): [number, number] {
  map.olMap.renderSync();
  const feature = areasSource(map).getFeatureById(id) as Feature<Polygon | MultiPolygon>;
  const geometry = feature.getGeometry()!;
  const inside = geometry.getType() === 'Polygon' ? (geometry as Polygon).getInteriorPoint() : (geometry as MultiPolygon).getInteriorPoints();
  return pagePixel(map, inside.getFirstCoordinate()!);
}

/** The bounding box [minX, minY, maxX, maxY] of a GeoJSON polygon, to fit the view to it or draw across it. */
export function extentOf(geometry: GeoPolygon | GeoMultiPolygon): [number, number, number, number] {
  const positions = geometry.type === 'Polygon' ? geometry.coordinates.flat() : geometry.coordinates.flat(2);
  return positions.reduce<[number, number, number, number]>(
    ([a, b, c, d], [x, y]) => [Math.min(a, x!), Math.min(b, y!), Math.max(c, x!), Math.max(d, y!)],
    [Infinity, Infinity, -Infinity, -Infinity],
  );
}

/** The next `type` event on `target`, or the next whose detail `accept` takes. */
export function nextEvent<T>(target: EventTarget, type: string, accept: (detail: T) => boolean = () => true): Promise<CustomEvent<T>> {
  return new Promise((resolve) => {
    const listener = (event: Event) => {
      if (!accept((event as CustomEvent<T>).detail)) return;
      target.removeEventListener(type, listener);
      resolve(event as CustomEvent<T>);
    };
    target.addEventListener(type, listener);
  });
}

/** Resolves once `condition` holds; throws, naming `what`, after `timeout` ms. */
export async function until(condition: () => boolean, what: string, timeout = 20_000): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeout) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * What an editor's next step comes to: the detail of `sozialraum-areas-change`, the message of `sozialraum-error`, or
 * 'nothing' when neither comes within `ms` (wait for ever without it).
 */
export function outcome<T>(target: EventTarget, ms?: number): Promise<T | string> {
  return new Promise((resolve) => {
    target.addEventListener('sozialraum-areas-change', (event) => resolve((event as CustomEvent<T>).detail), { once: true });
    target.addEventListener('sozialraum-error', (event) => resolve((event as CustomEvent<{ message: string }>).detail.message), { once: true });
    if (ms !== undefined) setTimeout(() => resolve('nothing'), ms);
  });
}

/** Moves the mouse from `from` to `to` in `steps`, as a hand does: OpenLayers' Draw takes one long jump for a drag. */
export async function glide(from: [number, number], to: [number, number], steps = 8): Promise<void> {
  for (let step = 1; step <= steps; step += 1)
    await sendMouse({
      type: 'move',
      position: [Math.round(from[0] + ((to[0] - from[0]) * step) / steps), Math.round(from[1] + ((to[1] - from[1]) * step) / steps)],
    });
}

/** Presses the button at `from` and glides to `to` without letting go, then gives the map a moment to follow. */
export async function dragAlong(from: [number, number], to: [number, number], steps = 10): Promise<void> {
  await sendMouse({ type: 'move', position: from });
  await sendMouse({ type: 'down' });
  await glide(from, to, steps);
  await new Promise((resolve) => setTimeout(resolve, 300));
}
