// The map's side of MapHost: the only way children change the OpenLayers map. Who owns the area style, which layers
// belong to whom and who suspended the pointer is kept here, instead of being settled by flags in each child.
import type OlMap from 'ol/Map.js';
import type BaseLayer from 'ol/layer/Base.js';
import type VectorLayer from 'ol/layer/Vector.js';
import type VectorSource from 'ol/source/Vector.js';
import type Geometry from 'ol/geom/Geometry.js';
import type { StyleLike } from 'ol/style/Style.js';
import type { FeatureCollection } from 'geojson';
import { areaKey, type MapHost, type ThematicLayer } from '@sozialraum/element';
import type { AreaPointer } from './area-pointer.js';

/** What the host needs of its map element. */
export interface HostedMap {
  olMap: OlMap;
  areasLayer: VectorLayer<VectorSource>;
  pointer: AreaPointer;
  /** The style of the areas when no child claims it. */
  baseStyle(): StyleLike;
  /** Sets the areas as the `areas` property does; `keepView` leaves the view where it is. */
  replaceAreas(areas: FeatureCollection, keepView: boolean): void;
  /** The thematic layer shown changed: the map shares its state again. */
  thematicChanged(thematic: ThematicLayer | undefined): void;
}

export class AreaHost implements MapHost {
  readonly #map: HostedMap;
  readonly #layers = new Map<object, Set<BaseLayer>>();
  /** Claims on the area style, oldest first; the last one draws. */
  #styleClaims: { owner: object; style: StyleLike; token: object }[] = [];
  readonly #pointerSuspensions = new Map<object, number>();
  #thematic: { owner: object; thematic: ThematicLayer } | undefined;

  constructor(map: HostedMap) {
    this.#map = map;
  }

  /** The thematic layer shown, if any. */
  get thematic(): ThematicLayer | undefined {
    return this.#thematic?.thematic;
  }

  /** Whether a child draws the areas with its own style. */
  get styleClaimed(): boolean {
    return this.#styleClaims.length > 0;
  }

  addLayer(owner: object, layer: BaseLayer): void {
    const owned = this.#layers.get(owner) ?? new Set();
    owned.add(layer);
    this.#layers.set(owner, owned);
    if (!this.#map.olMap.getLayers().getArray().includes(layer)) this.#map.olMap.addLayer(layer);
  }

  removeLayer(owner: object, layer: BaseLayer): void {
    const owned = this.#layers.get(owner);
    if (!owned?.delete(layer)) return;
    if (owned.size === 0) this.#layers.delete(owner);
    this.#map.olMap.removeLayer(layer);
  }

  claimAreaStyle(owner: object, style: StyleLike): () => void {
    const token = {};
    this.#styleClaims = [...this.#styleClaims.filter((claim) => claim.owner !== owner), { owner, style, token }];
    this.applyStyle();
    return () => {
      const before = this.#styleClaims.length;
      this.#styleClaims = this.#styleClaims.filter((claim) => claim.token !== token);
      if (this.#styleClaims.length !== before) this.applyStyle();
    };
  }

  redrawAreas(): void {
    this.#map.areasLayer.changed();
  }

  suspendPointer(owner: object): () => void {
    this.#pointerSuspensions.set(owner, (this.#pointerSuspensions.get(owner) ?? 0) + 1);
    this.#updatePointer();
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const count = (this.#pointerSuspensions.get(owner) ?? 1) - 1;
      if (count > 0) this.#pointerSuspensions.set(owner, count);
      else this.#pointerSuspensions.delete(owner);
      this.#updatePointer();
    };
  }

  drawnAreas(): readonly { key: string; geometry: Geometry }[] {
    return this.#map.areasLayer
      .getSource()!
      .getFeatures()
      .flatMap((feature) => {
        const geometry = feature.getGeometry();
        return geometry ? [{ key: areaKey(feature), geometry }] : [];
      });
  }

  updateGeometries(geometries: ReadonlyMap<string, Geometry>): void {
    const source = this.#map.areasLayer.getSource()!;
    for (const [key, geometry] of geometries) source.getFeatureById(key)?.setGeometry(geometry);
  }

  replaceAreas(areas: FeatureCollection): void {
    this.#map.replaceAreas(areas, true);
  }

  showThematic(owner: object, thematic: ThematicLayer | undefined): void {
    if (!thematic && this.#thematic?.owner !== owner) return;
    this.#thematic = thematic ? { owner, thematic } : undefined;
    this.#map.thematicChanged(this.thematic);
  }

  release(owner: object): void {
    for (const layer of [...(this.#layers.get(owner) ?? [])]) this.removeLayer(owner, layer);
    if (this.#styleClaims.some((claim) => claim.owner === owner)) {
      this.#styleClaims = this.#styleClaims.filter((claim) => claim.owner !== owner);
      this.applyStyle();
    }
    if (this.#pointerSuspensions.delete(owner)) this.#updatePointer();
    if (this.#thematic?.owner === owner) this.showThematic(owner, undefined);
  }

  /** Gives the areas the style of the latest claim, or the map's own; called again after a theme switch. */
  applyStyle(): void {
    this.#map.areasLayer.setStyle(this.#styleClaims.at(-1)?.style ?? this.#map.baseStyle());
  }

  #updatePointer(): void {
    this.#map.pointer.setActive(this.#pointerSuspensions.size === 0);
    if (this.#pointerSuspensions.size > 0) this.#map.pointer.clearHover();
  }
}
