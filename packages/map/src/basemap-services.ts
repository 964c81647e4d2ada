// WMS and WMTS basemaps, loaded the first time a page asks for one: pages with no basemap or XYZ tiles do not carry
// OpenLayers' WMS and WMTS sources and the capabilities parser.
import TileLayer from 'ol/layer/Tile.js';
import ImageLayer from 'ol/layer/Image.js';
import TileWMS from 'ol/source/TileWMS.js';
import ImageWMS from 'ol/source/ImageWMS.js';
import WMTS, { optionsFromCapabilities } from 'ol/source/WMTS.js';
import WMTSCapabilities from 'ol/format/WMTSCapabilities.js';
import type BaseLayer from 'ol/layer/Base.js';
import { SozialraumError, decodeText, exceptionReport, fetchBytes, message } from '@sozialraum/core';
import { escapeHtml, type BasemapOptions } from './basemap.js';

/** Query parameters of WMS requests that the source sets itself; a GetCapabilities URL pasted as it is loses them. */
const WMS_REQUEST_PARAMS = ['service', 'request', 'version', 'layers', 'styles', 'format', 'crs', 'srs', 'bbox', 'width', 'height', 'transparent'];

/** The layer of a WMS or WMTS basemap in `projection`. */
export async function serviceLayer(
  service: 'wms' | 'wmts',
  options: BasemapOptions,
  projection: string,
  /** The capabilities read so far, by URL; shared by every call, so a superseded call does not cancel the read. */
  cache: Map<string, Promise<unknown>>,
): Promise<BaseLayer> {
  const attributions = options.attribution ? escapeHtml(options.attribution) : undefined;
  if (service === 'wms') return wmsLayer(options, attributions);
  let capabilities = cache.get(options.url);
  if (!capabilities) {
    capabilities = readCapabilities(options.url);
    cache.set(options.url, capabilities);
    // A failed read is tried again next time.
    capabilities.catch(() => cache.delete(options.url));
  }
  const parsed = (await capabilities) as Record<string, unknown>;
  const layerIds = (((parsed['Contents'] as { Layer?: { Identifier: string }[] } | undefined)?.Layer ?? []) as { Identifier: string }[]).map(
    (layer) => layer.Identifier,
  );
  const layer = options.layers?.trim() || (layerIds.length === 1 ? layerIds[0] : undefined);
  const wmtsOptions = layer
    ? optionsFromCapabilities(parsed, {
        layer,
        projection,
        ...(options.format ? { format: options.format } : {}),
        ...(options.styles ? { style: options.styles } : {}),
      })
    : null;
  if (!wmtsOptions) {
    const offered = layerIds.slice(0, 20).join(', ') || '–';
    throw new SozialraumError(
      'unknown-field',
      layer
        ? message(`the WMTS has no layer "${layer}"; it offers ${offered}`, `der WMTS hat keine Ebene „${layer}“; er bietet ${offered}`)
        : message(`name one of the WMTS layers in basemap-layers: ${offered}`, `bitte eine der WMTS-Ebenen in basemap-layers nennen: ${offered}`),
      { source: options.url },
    );
  }
  return new TileLayer({ source: new WMTS({ ...wmtsOptions, crossOrigin: 'anonymous', ...(attributions ? { attributions } : {}) }) });
}

function wmsLayer(options: BasemapOptions, attributions: string | undefined): BaseLayer {
  const url = new URL(options.url, document.baseURI);
  const given = new Map([...url.searchParams].map(([key, value]) => [key.toLowerCase(), value]));
  for (const key of [...url.searchParams.keys()]) if (WMS_REQUEST_PARAMS.includes(key.toLowerCase())) url.searchParams.delete(key);
  const layers = options.layers ?? given.get('layers');
  if (!layers) {
    throw new SozialraumError('unknown-field', message('a WMS basemap needs basemap-layers', 'ein WMS als Hintergrundkarte braucht basemap-layers'), {
      source: options.url,
    });
  }
  const params = {
    LAYERS: layers,
    FORMAT: options.format ?? given.get('format') ?? 'image/png',
    STYLES: options.styles ?? given.get('styles') ?? '',
    VERSION: options.version ?? given.get('version') ?? '1.3.0',
  };
  const common = { url: url.href, params, crossOrigin: 'anonymous', ...(attributions ? { attributions } : {}) };
  return options.singleImage ? new ImageLayer({ source: new ImageWMS({ ...common, ratio: 1 }) }) : new TileLayer({ source: new TileWMS(common) });
}

/** The parsed capabilities document; an exception report or an HTTP error names the URL. */
async function readCapabilities(url: string): Promise<unknown> {
  const text = decodeText(await fetchBytes(url));
  const report = exceptionReport(text);
  if (report) {
    throw new SozialraumError(
      'fetch-failed',
      message(`the service answered with an exception report: ${report}`, `der Dienst antwortete mit einer Fehlermeldung: ${report}`),
      {
        source: url,
      },
    );
  }
  const parsed = new WMTSCapabilities().read(text) as Record<string, unknown> | null;
  if (!parsed?.['Contents']) {
    throw new SozialraumError('unknown-format', message('is not a WMTS capabilities document', 'ist kein WMTS-Capabilities-Dokument'), { source: url });
  }
  return parsed;
}
