// The Berlin levels of the element tests (Planungsraum → Bezirksregion → Prognoseraum → Bezirk) as a map's `levels`
// and `aggregation` attributes take them, from the files in data-samples/berlin.

const BERLIN_LEVELS = [
  { id: 'plr', label: { de: 'Planungsraum', en: 'Planning area' } },
  {
    id: 'bzr',
    label: { de: 'Bezirksregion', en: 'District region' },
    areas: '/data-samples/berlin/lor_bezirksregionen_2021.geojson',
    idField: 'BZR_ID',
    nameField: 'BZR_NAME',
    prefix: 6,
  },
  {
    id: 'pgr',
    label: { de: 'Prognoseraum', en: 'Forecast area' },
    areas: '/data-samples/berlin/lor_prognoseraeume_2021.geojson',
    idField: 'PGR_ID',
    nameField: 'PGR_NAME',
    prefix: 4,
  },
  { id: 'bez', label: { de: 'Bezirk', en: 'District' }, prefix: 2, names: { '01': 'Mitte', '02': 'Friedrichshain-Kreuzberg', '12': 'Reinickendorf' } },
] as const;

export type BerlinLevel = (typeof BERLIN_LEVELS)[number]['id'];

/** The `levels` attribute of the Berlin levels named (all four when none are), finest first. */
export function berlinLevels(...ids: BerlinLevel[]): string {
  return JSON.stringify(ids.length === 0 ? BERLIN_LEVELS : BERLIN_LEVELS.filter((level) => ids.includes(level.id)));
}

/**
 * The `aggregation` attribute of the MSS table on the levels: residents summed, the share of long-term unemployed
 * (S1) as a mean weighted by them, the table's -9999 as missing.
 */
export const MSS_AGGREGATION = JSON.stringify({ counts: ['EW'], weighted: [{ column: 'S1', weight: 'EW' }], missingValues: [-9999], missing: 'sum-known' });
