// The unit layer under the areas while the brush is on: each unit (a 100 m cell, a block) drawn in the colour of the
// area it belongs to, the cells of the stroke in progress in the accent colour, locked areas grey, and the brush's
// outline at the pointer. It draws what the brush controller holds; it computes nothing.
import VectorLayer from 'ol/layer/Vector.js';
import VectorSource from 'ol/source/Vector.js';
import Feature from 'ol/Feature.js';
import Polygon from 'ol/geom/Polygon.js';
import GeoJSON from 'ol/format/GeoJSON.js';
import { Fill, Stroke, Style } from 'ol/style.js';
import { transform } from 'ol/proj.js';
import type { Coordinate } from 'ol/coordinate.js';
import type Geometry from 'ol/geom/Geometry.js';
import type { UnitLayer } from '@sozialraum/core';

/** Light colours for the areas, in turn (Okabe–Ito, lightened): the area outlines above tell neighbours apart. */
const AREA_FILLS = ['#e69f00', '#56b4e9', '#009e73', '#f0e442', '#0072b2', '#d55e00', '#cc79a7', '#999999'];

/** What the layer asks the brush for each time it draws. */
export interface UnitLayerState {
  /** The area (index) of each unit, the stroke in progress included. */
  assignment(): Int32Array;
  /** Units the stroke in progress has painted. */
  painted(): ReadonlySet<number>;
  /** Whether the area with this index is locked. */
  isLocked(area: number): boolean;
  /** The active area's index. */
  active(): number;
  accent(): string;
}

export class UnitLayerView {
  readonly source = new VectorSource();
  readonly layer: VectorLayer<VectorSource>;
  readonly brushSource = new VectorSource();
  readonly brushLayer: VectorLayer<VectorSource>;
  readonly #styles = new Map<string, Style>();

  constructor(readonly state: UnitLayerState) {
    this.layer = new VectorLayer({
      source: this.source,
      style: (feature) => this.#style(Number(feature.getId())),
      // Cells are redrawn on every dab; outlines of neighbouring cells would double at the edges.
      updateWhileInteracting: true,
      properties: { name: 'sozialraum-editor-units' },
    });
    this.brushLayer = new VectorLayer({
      source: this.brushSource,
      style: () => new Style({ stroke: new Stroke({ color: this.state.accent(), width: 2, lineDash: [4, 3] }) }),
      properties: { name: 'sozialraum-editor-brush' },
    });
  }

  /** One feature per unit, in the view's projection: cells as their squares, polygon units as they are. */
  show(layer: UnitLayer, projection: string): void {
    this.source.clear();
    const features: Feature[] = [];
    if (layer.kind === 'cells') {
      const grid = layer.grid!;
      layer.cells!.forEach((cell, unit) => {
        const row = Math.floor(cell / grid.columns);
        const column = cell - row * grid.columns;
        const [x0, y1] = [grid.originX + column * grid.cellWidth, grid.originY - row * grid.cellHeight];
        const [x1, y0] = [x0 + grid.cellWidth, y1 - grid.cellHeight];
        const ring = [
          [x0, y0],
          [x1, y0],
          [x1, y1],
          [x0, y1],
          [x0, y0],
        ].map((corner) => (projection === layer.crs ? corner : transform(corner, layer.crs, projection)));
        const feature = new Feature(new Polygon([ring]));
        feature.setId(unit);
        features.push(feature);
      });
    } else {
      const format = new GeoJSON();
      layer.geometries!.forEach((geometry, unit) => {
        const feature = new Feature(format.readGeometry(geometry, { dataProjection: layer.crs, featureProjection: projection }) as Geometry);
        feature.setId(unit);
        features.push(feature);
      });
    }
    this.source.addFeatures(features);
  }

  /** Draws the units again after the assignment or the stroke changed. */
  redraw(): void {
    this.layer.changed();
  }

  /** The brush's outline at the pointer (a ring in the view's projection), or none. */
  showBrush(ring: Coordinate[] | undefined): void {
    this.brushSource.clear();
    if (ring) this.brushSource.addFeature(new Feature(new Polygon([ring])));
  }

  #style(unit: number): Style {
    const area = this.state.assignment()[unit] ?? -1;
    const painted = this.state.painted().has(unit);
    const kind = painted
      ? 'painted'
      : area < 0
        ? 'none'
        : this.state.isLocked(area)
          ? 'locked'
          : area === this.state.active()
            ? 'active'
            : String(area % AREA_FILLS.length);
    let style = this.#styles.get(kind);
    if (!style) {
      const colour =
        kind === 'painted' || kind === 'active' ? this.state.accent() : kind === 'locked' ? '#6e7781' : kind === 'none' ? '#ffffff' : AREA_FILLS[Number(kind)]!;
      style = new Style({
        fill: new Fill({ color: withAlpha(colour, kind === 'painted' ? 0.55 : kind === 'active' ? 0.3 : kind === 'none' ? 0 : 0.22) }),
        stroke: new Stroke({ color: 'rgba(255, 255, 255, 0.6)', width: 0.5 }),
      });
      this.#styles.set(kind, style);
    }
    return style;
  }

  /** The accent colour may change with the theme: styles made with the old one are dropped. */
  resetStyles(): void {
    this.#styles.clear();
    this.layer.changed();
  }
}

/** "#rrggbb" (or "#rgb") with an alpha, as rgba(); other colour strings are kept. */
function withAlpha(colour: string, alpha: number): string {
  const hex = colour.trim().replace('#', '');
  if (!/^[0-9a-f]{3}([0-9a-f]{3})?$/i.test(hex)) return colour;
  const full = hex.length === 3 ? [...hex].map((digit) => digit + digit).join('') : hex;
  const [r, g, b] = [0, 2, 4].map((offset) => parseInt(full.slice(offset, offset + 2), 16));
  return `rgba(${r}, ${g}, ${b}, ${alpha})`;
}
