// The optional basemap: XYZ tiles or WMTS REST templates at once; WMS (tiled or one image) and WMTS from its
// capabilities through a chunk loaded the first time a page asks for one. Nothing is requested unless configured.
import XYZ from 'ol/source/XYZ.js';
import TileLayer from 'ol/layer/Tile.js';
import type BaseLayer from 'ol/layer/Base.js';
import type OlMap from 'ol/Map.js';
import { SozialraumError, message } from '@sozialraum/core';

/** The kinds of basemap: tiles by URL template, a Web Map Service, a Web Map Tile Service. */
export type BasemapService = 'xyz' | 'wms' | 'wmts';

/** The basemap attributes of the map. */
export interface BasemapOptions {
  url: string;
  /** `xyz`, `wms` or `wmts`; told from the URL when not set. */
  service?: string | undefined;
  /** WMS layers (comma-separated) or the WMTS layer identifier. */
  layers?: string | undefined;
  format?: string | undefined;
  styles?: string | undefined;
  /** WMS version. [version=1.3.0] */
  version?: string | undefined;
  /** WMS as one image for the whole view instead of tiles. */
  singleImage?: boolean | undefined;
  attribution?: string | undefined;
}

/** The basemap attributes of the map element. */
export interface BasemapAttributes {
  basemap: string | undefined;
  basemapService: string | undefined;
  basemapLayers: string | undefined;
  basemapFormat: string | undefined;
  basemapStyles: string | undefined;
  basemapVersion: string | undefined;
  basemapSingleImage: boolean;
  basemapAttribution: string | undefined;
}

/** The options of the element's attributes; undefined without `basemap`. */
export function basemapOptions(element: BasemapAttributes): BasemapOptions | undefined {
  if (!element.basemap) return undefined;
  return {
    url: element.basemap,
    service: element.basemapService,
    layers: element.basemapLayers,
    format: element.basemapFormat,
    styles: element.basemapStyles,
    version: element.basemapVersion,
    singleImage: element.basemapSingleImage,
    attribution: element.basemapAttribution,
  };
}

/**
 * The kind of basemap: the `basemap-service` attribute, else told from the URL: a template with `{…}` is XYZ, a
 * query with `service=WMS` a WMS, `service=WMTS` or a path ending in `WMTSCapabilities.xml` a WMTS.
 */
export function basemapServiceOf(options: BasemapOptions): BasemapService {
  const given = options.service?.trim().toLowerCase();
  if (given) {
    if (given === 'xyz' || given === 'wms' || given === 'wmts') return given;
    throw new SozialraumError(
      'unknown-format',
      message(
        `unknown basemap service "${options.service}"; use xyz, wms or wmts`,
        `unbekannter Kartendienst „${options.service}“; möglich sind xyz, wms und wmts`,
      ),
      { source: 'basemap-service' },
    );
  }
  if (options.url.includes('{')) return 'xyz';
  const service = /[?&]service=(\w+)/i.exec(options.url)?.[1]?.toLowerCase();
  if (service === 'wms') return 'wms';
  if (service === 'wmts' || /WMTSCapabilities\.xml(\?|$)/i.test(options.url)) return 'wmts';
  return 'xyz';
}

/** The tile source of a URL template (`{z}/{x}/{y}` or `{TileMatrix}/{TileCol}/{TileRow}`), credited with `attribution`. */
export function basemapSource(template: string, attribution: string | undefined): XYZ {
  const url = template.replace('{TileMatrix}', '{z}').replace('{TileCol}', '{x}').replace('{TileRow}', '{y}');
  return new XYZ({ url, crossOrigin: 'anonymous', ...(attribution ? { attributions: escapeHtml(attribution) } : {}) });
}

/** OpenLayers writes attributions as HTML, so the embedder's text is escaped first. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

/** The map's bottom layer: replaced whenever the attributes or the view's projection change. */
export class Basemap {
  readonly #olMap: OlMap;
  #layer: BaseLayer | undefined;
  #abort: AbortController | undefined;
  /** The WMTS capabilities by URL, read once per page. */
  readonly #capabilities = new Map<string, Promise<unknown>>();

  constructor(olMap: OlMap) {
    this.#olMap = olMap;
  }

  /**
   * Shows the basemap in the view's projection, or none without options. A WMS or WMTS waits for `projection`
   * (the areas' CRS) so that it asks for nothing in the placeholder view. Throws what is wrong with the attributes
   * or the capabilities; a superseded call resolves quietly.
   */
  async show(options: BasemapOptions | undefined, projection: string | undefined): Promise<void> {
    this.#abort?.abort();
    const abort = new AbortController();
    this.#abort = abort;
    let layer: BaseLayer | undefined;
    try {
      const service = options ? basemapServiceOf(options) : undefined;
      if (options && service === 'xyz') {
        layer = new TileLayer({ source: basemapSource(options.url, options.attribution) });
      } else if (options && service !== undefined && service !== 'xyz' && projection) {
        const { serviceLayer } = await import('./basemap-services.js');
        layer = await serviceLayer(service, options, projection, this.#capabilities);
      }
    } finally {
      if (!abort.signal.aborted) this.#replace(layer);
    }
  }

  #replace(layer: BaseLayer | undefined): void {
    const layers = this.#olMap.getLayers();
    if (this.#layer) layers.remove(this.#layer);
    this.#layer = layer;
    if (layer) {
      layer.set('name', 'sozialraum-basemap');
      layers.insertAt(0, layer);
    }
  }
}
