// The optional basemap: XYZ tiles, or WMTS REST tiles read as XYZ.
import XYZ from 'ol/source/XYZ.js';

/** The tile source of a URL template (`{z}/{x}/{y}` or `{TileMatrix}/{TileCol}/{TileRow}`), credited with `attribution`. */
export function basemapSource(template: string, attribution: string | undefined): XYZ {
  const url = template.replace('{TileMatrix}', '{z}').replace('{TileCol}', '{x}').replace('{TileRow}', '{y}');
  // OpenLayers writes attributions as HTML, so the embedder's text is escaped first.
  return new XYZ({ url, crossOrigin: 'anonymous', ...(attribution ? { attributions: escapeHtml(attribution) } : {}) });
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}
