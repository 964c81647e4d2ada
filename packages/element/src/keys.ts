// The properties under which the map keeps an area's key and name on each drawn feature: one place for every element
// that reads or writes them (choropleth, small multiples, editor).

/** Property holding each area feature's key, also on features whose key repeats an earlier one. */
export const AREA_KEY = 'sozialraum:key';

/** Property holding each area feature's name, as the tooltip and the announcements say it. */
export const AREA_NAME = 'sozialraum:name';

/** The key of an area feature drawn by the map. */
export function areaKey(feature: { get(key: string): unknown }): string {
  return String(feature.get(AREA_KEY));
}
