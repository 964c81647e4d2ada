// Text of <sozialraum-aggregator> in German (default) and English.
import type { Language } from '@sozialraum/element';
import type { CoverageMethod } from '@sozialraum/core';
import type { AreaStatisticName } from '@sozialraum/worker';

export interface AggregatorMessages {
  title: string;
  file: string;
  chosenSource: (source: string) => string;
  value: string;
  band: string;
  method: string;
  methods: Record<CoverageMethod, string>;
  statistics: string;
  stats: Record<AreaStatisticName, string>;
  column: string;
  start: string;
  cancel: string;
  progress: string;
  reading: (source: string) => string;
  computing: (done: number, total: number) => string;
  cancelled: string;
  done: (areas: number, source: string, method: string) => string;
  stillShown: string;
  total: (statistic: string, value: string) => string;
  withheld: (areas: number) => string;
  estimated: string;
  mainThread: string;
  failed: (source: string) => string;
  download: (file: string) => string;
  warnings: (count: number) => string;
  noAreas: string;
  noInput: string;
  numberLocale: string;
}

const de: AggregatorMessages = {
  title: 'Rasterdaten auf die Gebiete rechnen',
  file: 'Datei von diesem Rechner (Zensus-Gitter als CSV oder GeoTIFF)',
  chosenSource: (source) => `Quelle: ${source}`,
  value: 'Merkmal (Spalte der Gitterdatei)',
  band: 'Kanal des GeoTIFF',
  method: 'Zuordnung der Zellen',
  methods: { exact: 'genau nach Flächenanteil', centre: 'nach Zellmittelpunkt', touched: 'jede berührte Zelle ganz' },
  statistics: 'Kennzahlen je Gebiet',
  stats: {
    sum: 'Summe',
    density: 'Dichte je km²',
    mean: 'Mittelwert',
    count: 'Anzahl der Zellen',
    min: 'Kleinster Wert',
    max: 'Größter Wert',
    coverage: 'Anteil mit Daten',
  },
  column: 'Spaltenname in der Tabelle',
  start: 'Berechnen',
  cancel: 'Abbrechen',
  progress: 'Fortschritt der Berechnung',
  reading: (source) => `„${source}“ wird gelesen …`,
  computing: (done, total) => `${done} von ${total} Gebieten berechnet`,
  cancelled: 'Die Berechnung wurde abgebrochen.',
  done: (areas, source, method) => `Fertig: ${areas} Gebiete aus „${source}“ berechnet (Zuordnung: ${method}).`,
  stillShown: 'Karte und Tabelle zeigen weiter das vorige Ergebnis:',
  total: (statistic, value) => `${statistic} über alle Gebiete: ${value}`,
  withheld: (areas) => `(ohne ${areas === 1 ? '1 Gebiet' : `${areas} Gebiete`}, deren Werte zur Geheimhaltung zurückgehalten sind)`,
  estimated: 'Die Zensuswerte sind zur Geheimhaltung verändert; Summen über Gebiete sind daher Schätzungen.',
  mainThread: 'Die Seite erlaubt keine Web Worker; gerechnet wird im Hauptprozess der Seite.',
  failed: (source) => `„${source}“ konnte nicht auf die Gebiete gerechnet werden.`,
  download: (file) => `Ergebnis herunterladen (${file})`,
  warnings: (count) => (count === 1 ? '1 Hinweis zu den Daten' : `${count} Hinweise zu den Daten`),
  noAreas: 'Die Karte hat noch keine Gebiete geladen.',
  noInput: 'Noch ist keine Datei gewählt.',
  numberLocale: 'de-DE',
};

const en: AggregatorMessages = {
  title: 'Put raster data onto the areas',
  file: 'File from this computer (Zensus grid as CSV, or GeoTIFF)',
  chosenSource: (source) => `Source: ${source}`,
  value: 'Characteristic (column of the grid file)',
  band: 'Band of the GeoTIFF',
  method: 'Assignment of cells',
  methods: { exact: 'exactly by share of area', centre: 'by cell centre', touched: 'every touched cell in full' },
  statistics: 'Figures per area',
  stats: {
    sum: 'Sum',
    density: 'Density per km²',
    mean: 'Mean',
    count: 'Number of cells',
    min: 'Smallest value',
    max: 'Largest value',
    coverage: 'Share with data',
  },
  column: 'Column name in the table',
  start: 'Compute',
  cancel: 'Cancel',
  progress: 'Progress of the computation',
  reading: (source) => `Reading “${source}” …`,
  computing: (done, total) => `${done} of ${total} areas computed`,
  cancelled: 'The computation was cancelled.',
  done: (areas, source, method) => `Done: ${areas} areas computed from “${source}” (assignment: ${method}).`,
  stillShown: 'Map and table still show the previous result:',
  total: (statistic, value) => `${statistic} over all areas: ${value}`,
  withheld: (areas) => `(without ${areas === 1 ? '1 area' : `${areas} areas`} whose values are withheld for confidentiality)`,
  estimated: 'Zensus values are altered for confidentiality; sums over areas are therefore estimates.',
  mainThread: 'This page allows no web workers; the computation runs on the page’s main thread.',
  failed: (source) => `“${source}” could not be put onto the areas.`,
  download: (file) => `Download the result (${file})`,
  warnings: (count) => (count === 1 ? '1 note on the data' : `${count} notes on the data`),
  noAreas: 'The map has not loaded any areas yet.',
  noInput: 'No file is chosen yet.',
  numberLocale: 'en-GB',
};

const MESSAGES: Record<Language, AggregatorMessages> = { de, en };

export function aggregatorMessages(language: Language): AggregatorMessages {
  return MESSAGES[language];
}
