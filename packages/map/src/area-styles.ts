// The map's own canvas styles: areas, hover, selection and the drill-down mask, read from the custom properties on
// first use and again after restyle() (a theme switch).
import { Fill, Stroke, Style } from 'ol/style.js';

export class AreaStyles {
  readonly #element: Element;
  #cache = new Map<string, Style>();

  constructor(element: Element) {
    this.#element = element;
  }

  /** Forgets the styles, so that the next use reads the custom properties again. */
  reset(): void {
    this.#cache = new Map();
  }

  /** The areas when no child claims their style. A new object each time, so that OpenLayers redraws. */
  base(): Style {
    return new Style({
      fill: new Fill({ color: this.#value('--sozialraum-area-fill', 'rgba(11, 92, 173, 0.08)') }),
      stroke: new Stroke({ color: this.#value('--sozialraum-area-stroke', '#5b6b7a'), width: 0.75 }),
    });
  }

  hover(): Style {
    return this.#cached('hover', () => new Style({ stroke: new Stroke({ color: this.#value('--sozialraum-hover-color', '#0b5cad'), width: 3 }), zIndex: 1 }));
  }

  selected(): Style {
    return this.#cached(
      'selected',
      () =>
        new Style({
          stroke: new Stroke({ color: this.#value('--sozialraum-selection-color', '#1f2328'), width: 4 }),
          fill: new Fill({ color: 'rgba(31, 35, 40, 0.08)' }),
          zIndex: 2,
        }),
    );
  }

  /** Laid over the areas outside the one drilled into. */
  mask(): Style {
    return this.#cached('mask', () => new Style({ fill: new Fill({ color: this.#value('--sozialraum-drill-mask', 'rgba(246, 247, 248, 0.78)') }) }));
  }

  #cached(name: string, make: () => Style): Style {
    let style = this.#cache.get(name);
    if (!style) {
      style = make();
      this.#cache.set(name, style);
    }
    return style;
  }

  #value(name: string, fallback: string): string {
    return getComputedStyle(this.#element).getPropertyValue(name).trim() || fallback;
  }
}
