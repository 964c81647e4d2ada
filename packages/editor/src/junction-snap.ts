// Clicks near a junction land on it: where three or more areas meet (or two and the city's edge), a drawing tool's
// point goes to the junction itself, even where a plain vertex or an edge lies nearer to the pointer.
import Interaction from 'ol/interaction/Interaction.js';
import BaseEvent from 'ol/events/Event.js';
import type MapBrowserEvent from 'ol/MapBrowserEvent.js';
import type { Coordinate } from 'ol/coordinate.js';
import { nearestVertex } from './shared-vertex-modify.js';

export const JUNCTION_SNAP = 'junctionsnap';

/** An event moved onto a junction (`junction`, view coordinates). */
export class JunctionSnapEvent extends BaseEvent {
  constructor(readonly junction: Coordinate) {
    super(JUNCTION_SNAP);
  }
}

export interface JunctionSnapOptions {
  /** The junctions in view coordinates, x0, y0, x1, y1, …; asked for on every pointer event. */
  junctions: () => ArrayLike<number>;
  /** [pixelTolerance=10] How close (pixels) the pointer must come to a junction. */
  pixelTolerance?: number;
}

/**
 * Boundaries of Berlin's Planungsräume carry a vertex every few metres, so near a junction `ol/interaction/Snap`
 * (nearest vertex first) lands on the vertex next to it as often as on the junction, and an edge laid "from corner
 * to corner" would keep a few metres of the old line. This interaction is added before the snaps, so it sees each
 * event after them: it measures from the pointer's own pixel (the event's original one, not the snapped one) and,
 * with a junction within the tolerance, moves the event there.
 */
export class JunctionSnap extends Interaction {
  readonly #junctions: () => ArrayLike<number>;
  readonly #pixelTolerance: number;

  constructor(options: JunctionSnapOptions) {
    super();
    this.#junctions = options.junctions;
    this.#pixelTolerance = options.pixelTolerance ?? 10;
  }

  override handleEvent(event: MapBrowserEvent): boolean {
    const original = event.originalEvent as PointerEvent | undefined;
    if (!original || typeof original.clientX !== 'number') return true;
    const map = event.map;
    const pixel = map.getEventPixel(original);
    const coordinate = map.getCoordinateFromPixel(pixel);
    const resolution = map.getView().getResolution();
    if (!coordinate || resolution === undefined) return true;
    const hit = nearestVertex(this.#junctions(), coordinate, resolution, this.#pixelTolerance);
    if (hit.coordinate) {
      event.coordinate = hit.coordinate.slice();
      event.pixel = map.getPixelFromCoordinate(hit.coordinate).map(Math.round);
      // Said on every event on a junction, after the snaps have said theirs, so the indicator ends up here.
      this.dispatchEvent(new JunctionSnapEvent(hit.coordinate));
    }
    return true;
  }
}
