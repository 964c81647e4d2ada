// Hover and click on areas as an OpenLayers interaction: it finds the area under the pointer and reports it.
import Interaction from 'ol/interaction/Interaction.js';
import BaseEvent from 'ol/events/Event.js';
import type MapBrowserEvent from 'ol/MapBrowserEvent.js';
import type Feature from 'ol/Feature.js';
import type VectorLayer from 'ol/layer/Vector.js';
import type VectorSource from 'ol/source/Vector.js';

export const AreaPointerEventType = {
  /** The pointer moved onto another area, or off all areas (`area` is null). */
  HOVER: 'areahover',
  /** The user clicked an area, or clicked beside all areas (`area` is null). */
  SELECT: 'areaselect',
} as const;

export class AreaPointerEvent extends BaseEvent {
  constructor(
    type: (typeof AreaPointerEventType)[keyof typeof AreaPointerEventType],
    /** The area under the pointer. */
    readonly area: Feature | null,
    /** The pointer position in map coordinates. */
    readonly coordinate: number[],
  ) {
    super(type);
  }
}

export interface AreaPointerOptions {
  /** The layer whose features are the areas. */
  layer: VectorLayer<VectorSource>;
  /** [hitTolerance=2] Pixels around the pointer that still count as on an area. */
  hitTolerance?: number;
}

/** Reports the area under the pointer as it moves (`areahover`) and when it is clicked (`areaselect`). */
export class AreaPointer extends Interaction {
  readonly #layer: VectorLayer<VectorSource>;
  readonly #hitTolerance: number;
  #hovered: Feature | null = null;

  constructor(options: AreaPointerOptions) {
    super();
    this.#layer = options.layer;
    this.#hitTolerance = options.hitTolerance ?? 2;
  }

  override handleEvent(event: MapBrowserEvent): boolean {
    if (event.type === 'pointermove' && !event.dragging) {
      const area = this.#areaAt(event);
      if (area !== this.#hovered) {
        this.#hovered = area;
        this.dispatchEvent(new AreaPointerEvent(AreaPointerEventType.HOVER, area, event.coordinate));
      }
    } else if (event.type === 'singleclick') {
      this.dispatchEvent(new AreaPointerEvent(AreaPointerEventType.SELECT, this.#areaAt(event), event.coordinate));
    }
    return true;
  }

  /** Forgets the hovered area, e.g. when the pointer leaves the map. */
  clearHover(): void {
    if (this.#hovered) {
      this.#hovered = null;
      this.dispatchEvent(new AreaPointerEvent(AreaPointerEventType.HOVER, null, []));
    }
  }

  #areaAt(event: MapBrowserEvent): Feature | null {
    const found = event.map.forEachFeatureAtPixel(event.pixel, (feature) => feature as Feature, {
      layerFilter: (layer) => layer === this.#layer,
      hitTolerance: this.#hitTolerance,
    });
    return found ?? null;
  }
}
