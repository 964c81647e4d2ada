// Dragging a vertex of the topology as an OpenLayers interaction: every area that runs through the vertex follows.
import PointerInteraction from 'ol/interaction/Pointer.js';
import BaseEvent from 'ol/events/Event.js';
import type MapBrowserEvent from 'ol/MapBrowserEvent.js';
import type { Coordinate } from 'ol/coordinate.js';

export const SharedVertexEventType = {
  /** The pointer moved onto a vertex or off all vertices (`from` is null). */
  HOVER: 'vertexhover',
  /** The vertex is being dragged; `to` is the tentative place. */
  DRAG: 'vertexdrag',
  /** The drag ended; the caller applies the move (or refuses it). */
  END: 'vertexmoveend',
} as const;

export class SharedVertexEvent extends BaseEvent {
  constructor(
    type: (typeof SharedVertexEventType)[keyof typeof SharedVertexEventType],
    /** Index of the vertex in the list `vertices` returned, or -1. */
    readonly vertex: number,
    /** The vertex's place in view coordinates, or null when the pointer left all vertices. */
    readonly from: Coordinate | null,
    /** Where it is dragged to, in view coordinates. */
    readonly to: Coordinate | null,
  ) {
    super(type);
  }
}

export interface SharedVertexModifyOptions {
  /** The vertices that can be dragged, in view coordinates, as x0, y0, x1, y1, …; asked for again on every press. */
  vertices: () => ArrayLike<number>;
  /** [pixelTolerance=8] How close (pixels) the pointer must be to a vertex to grab it. */
  pixelTolerance?: number;
}

/**
 * Grabs the nearest topology vertex under the pointer and drags it. It does not change anything itself: it reports
 * the drag (`vertexdrag`, for live previews) and its end (`vertexmoveend`), and the editor asks the model to move the
 * vertex, so that shared vertices move for every area at once and refused moves change nothing.
 */
export class SharedVertexModify extends PointerInteraction {
  readonly #vertices: () => ArrayLike<number>;
  readonly #pixelTolerance: number;
  #grabbed = -1;
  #from: Coordinate | null = null;
  #hovered = -1;

  constructor(options: SharedVertexModifyOptions) {
    super();
    this.#vertices = options.vertices;
    this.#pixelTolerance = options.pixelTolerance ?? 8;
  }

  protected override handleDownEvent(event: MapBrowserEvent): boolean {
    const hit = this.#nearest(event);
    if (hit.index === -1) return false;
    this.#grabbed = hit.index;
    this.#from = hit.coordinate;
    return true;
  }

  protected override handleDragEvent(event: MapBrowserEvent): void {
    if (this.#grabbed === -1) return;
    this.dispatchEvent(new SharedVertexEvent(SharedVertexEventType.DRAG, this.#grabbed, this.#from, event.coordinate.slice()));
  }

  protected override handleUpEvent(event: MapBrowserEvent): boolean {
    if (this.#grabbed !== -1) {
      this.dispatchEvent(new SharedVertexEvent(SharedVertexEventType.END, this.#grabbed, this.#from, event.coordinate.slice()));
    }
    this.#grabbed = -1;
    this.#from = null;
    return false;
  }

  /** Lets go of the vertex being dragged (Escape): the rest of the drag and its release do nothing. */
  abort(): boolean {
    const dragging = this.#grabbed !== -1;
    this.#grabbed = -1;
    this.#from = null;
    return dragging;
  }

  protected override handleMoveEvent(event: MapBrowserEvent): void {
    const hit = this.#nearest(event);
    if (hit.index !== this.#hovered) {
      this.#hovered = hit.index;
      this.dispatchEvent(new SharedVertexEvent(SharedVertexEventType.HOVER, hit.index, hit.coordinate, null));
    }
    const viewport = event.map.getViewport();
    if (viewport) viewport.style.cursor = hit.index === -1 ? '' : 'move';
  }

  override setActive(active: boolean): void {
    super.setActive(active);
    const viewport = this.getMap()?.getViewport();
    if (!active && viewport) viewport.style.cursor = '';
  }

  #nearest(event: MapBrowserEvent): { index: number; coordinate: Coordinate | null } {
    return nearestVertex(this.#vertices(), event.coordinate, event.map.getView().getResolution() ?? 1, this.#pixelTolerance);
  }
}

/**
 * The vertex of `vertices` (x0, y0, x1, y1, … in view coordinates) nearest to `coordinate` within `pixelTolerance`
 * pixels at `resolution`, or index -1.
 */
export function nearestVertex(
  vertices: ArrayLike<number>,
  coordinate: Coordinate,
  resolution: number,
  pixelTolerance: number,
): { index: number; coordinate: Coordinate | null } {
  const [x, y] = coordinate as [number, number];
  let best = -1;
  let bestDistance = (pixelTolerance * resolution) ** 2;
  for (let i = 0; i < vertices.length; i += 2) {
    const dx = vertices[i]! - x;
    const dy = vertices[i + 1]! - y;
    const distance = dx * dx + dy * dy;
    if (distance <= bestDistance) {
      bestDistance = distance;
      best = i / 2;
    }
  }
  return best === -1 ? { index: -1, coordinate: null } : { index: best, coordinate: [vertices[best * 2]!, vertices[best * 2 + 1]!] };
}
