// What lets a planner find their way in the editor's map: area names at a zoom where they fit, with overlapping ones
// left out, and barriers drawn unlike any boundary (a coloured dashed line on a light casing), with the same line in
// the panel's legend.
import VectorLayer from 'ol/layer/Vector.js';
import type VectorSource from 'ol/source/Vector.js';
import type Feature from 'ol/Feature.js';
import { Fill, Stroke, Style, Text } from 'ol/style.js';
import { html, svg, type TemplateResult } from 'lit';

/** [barrierColor=#1b7837] A green no area style uses, so that a barrier never reads as a boundary. */
export const BARRIER_COLOUR = '#1b7837';
/** Labels show from this resolution (metres per pixel) down: a Planungsraum of about 1 km is then 70 px or more wide. */
export const LABEL_MAX_RESOLUTION = 15;

/** A barrier: the coloured dash over a light casing, so that it stands out on areas of any class colour. */
export function barrierStyles(colour = BARRIER_COLOUR): Style[] {
  return [
    new Style({ stroke: new Stroke({ color: 'rgba(255, 255, 255, 0.85)', width: 5 }) }),
    new Style({ stroke: new Stroke({ color: colour, width: 2.5, lineDash: [10, 5] }) }),
  ];
}

/** The legend entry of the barriers, drawn as the map draws them. */
export function barrierLegend(label: string, colour = BARRIER_COLOUR): TemplateResult {
  return html`<p class="map-legend" part="legend">
    <svg width="36" height="10" viewBox="0 0 36 10" aria-hidden="true">
      ${svg`<line x1="1" y1="5" x2="35" y2="5" stroke="#ffffff" stroke-width="5"></line>
      <line x1="1" y1="5" x2="35" y2="5" stroke=${colour} stroke-width="2.5" stroke-dasharray="10 5"></line>`}
    </svg>
    <span>${label}</span>
  </p>`;
}

/**
 * A layer of area names over the map's areas: shown only when zoomed in far enough, decluttered so that no two names
 * overlap (OpenLayers leaves out the one drawn later), each with a light halo for any class colour under it.
 */
export function areaLabelLayer(source: VectorSource, nameOf: (feature: Feature) => string | undefined, font: () => string): VectorLayer<VectorSource> {
  const styles = new Map<string, Style>();
  return new VectorLayer({
    source,
    declutter: true,
    maxResolution: LABEL_MAX_RESOLUTION,
    properties: { name: 'sozialraum-editor-labels' },
    style: (feature) => {
      const name = nameOf(feature as Feature);
      if (!name) return undefined;
      let style = styles.get(name);
      if (!style) {
        style = new Style({
          text: new Text({
            // Names from the data are drawn on the canvas as text, never as markup; very long ones are cut.
            text: name.length > 40 ? `${name.slice(0, 39)}…` : name,
            font: font(),
            fill: new Fill({ color: '#1f2328' }),
            stroke: new Stroke({ color: 'rgba(255, 255, 255, 0.9)', width: 3 }),
            overflow: false,
          }),
        });
        styles.set(name, style);
      }
      return style;
    },
  });
}
