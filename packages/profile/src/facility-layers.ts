// The card's facility layers, read by core's loadPoints as `sozialraum profile --facilities` reads them. A module of
// its own, loaded with the first facilities, so that a card without facilities does not carry the point reader.
import { loadPointsFromUrl, type FacilityLayer } from '@sozialraum/core';

/** The layers of space-separated URLs; each file's name, or its chosen layer ("einrichtungen.gpkg#kitas"), is its type. */
export function loadFacilityLayers(urls: string, signal: AbortSignal): Promise<FacilityLayer[]> {
  return Promise.all(
    urls
      .split(/\s+/)
      .filter(Boolean)
      .map(async (url): Promise<FacilityLayer> => {
        const layer = await loadPointsFromUrl(url, { signal });
        return { type: layer.name, points: layer.points, source: layer.source, crs: layer.crs };
      }),
  );
}
