// Text of the choropleth, legend and table in German (default) and English.
import type { Language } from '@sozialraum/element';

export interface ChoroplethMessages {
  notRated: string;
  noData: string;
  areas: (count: number) => string;
  method: string;
  values: string;
  table: string;
  name: string;
  key: string;
  index: string;
  class: string;
  rank: string;
  notes: string;
  select: (name: string) => string;
  sortBy: (column: string) => string;
  computeFailed: string;
  flags: Record<'invalid' | 'missing' | 'suppressed' | 'estimated', string>;
  circles: (column: string) => string;
  /** Header of the code of a bivariate map ("Status-Dynamik-Index"). */
  bivariateCode: (rows: string, columns: string) => string;
  /** Name of the list of small maps, one per year. */
  byYear: string;
  numberLocale: string;
}

const de: ChoroplethMessages = {
  notRated: 'nicht bewertet',
  noData: 'keine Daten',
  areas: (count) => (count === 1 ? '1 Gebiet' : `${count} Gebiete`),
  method: 'Methode',
  values: 'Verteilung der Werte',
  table: 'Tabelle der Gebiete',
  name: 'Gebiet',
  key: 'Schlüssel',
  index: 'Index',
  class: 'Klasse',
  rank: 'Rang',
  notes: 'Hinweise',
  select: (name) => `${name} auf der Karte auswählen`,
  sortBy: (column) => `Nach ${column} sortieren`,
  computeFailed: 'Die Karte konnte nicht berechnet werden.',
  flags: { invalid: 'nicht bewertet', missing: 'Werte fehlen', suppressed: 'geheim gehalten', estimated: 'geschätzt' },
  circles: (column) => `Kreise: ${column} (absolute Zahl)`,
  bivariateCode: (rows, columns) => `${rows}-${columns}-Index`,
  byYear: 'Karten je Jahr',
  numberLocale: 'de-DE',
};

const en: ChoroplethMessages = {
  notRated: 'not rated',
  noData: 'no data',
  areas: (count) => (count === 1 ? '1 area' : `${count} areas`),
  method: 'Method',
  values: 'Distribution of values',
  table: 'Table of the areas',
  name: 'Area',
  key: 'Key',
  index: 'Index',
  class: 'Class',
  rank: 'Rank',
  notes: 'Notes',
  select: (name) => `Select ${name} on the map`,
  sortBy: (column) => `Sort by ${column}`,
  computeFailed: 'The map could not be computed.',
  flags: { invalid: 'not rated', missing: 'values missing', suppressed: 'suppressed', estimated: 'estimated' },
  circles: (column) => `Circles: ${column} (absolute number)`,
  bivariateCode: (rows, columns) => `${rows}-${columns} index`,
  byYear: 'Maps by year',
  numberLocale: 'en-GB',
};

export function choroplethMessages(language: Language): ChoroplethMessages {
  return language === 'en' ? en : de;
}
