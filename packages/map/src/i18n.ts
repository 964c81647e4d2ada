// The visible text of the Sozialraum elements in German (default) and English.
import { isolate, resolveLanguage, type Language } from '@sozialraum/element';

export { resolveLanguage, type Language };

export interface Messages {
  mapLabel: string;
  mapDescription: string;
  /** The loading notice, with the features read so far from a web service. */
  loading: (progress?: { features: number; total: number | undefined }) => string;
  areasFailed: (source: string) => string;
  indicatorsFailed: (source: string) => string;
  warnings: (count: number) => string;
  selected: (name: string, id: string) => string;
  active: (name: string, id: string) => string;
  cleared: string;
  noNeighbour: string;
  notRated: string;
  noData: string;
  levelsFailed: string;
  level: string;
  year: string;
  drillPath: string;
  allAreas: (level: string) => string;
  drillHint: string;
  drilledInto: (name: string, level: string) => string;
  drilledUp: (name: string, level: string) => string;
}

const GERMAN = new Intl.NumberFormat('de-DE');
const ENGLISH = new Intl.NumberFormat('en-GB');

const de: Messages = {
  mapLabel: 'Karte der Sozialräume',
  mapDescription: 'Pfeiltasten wechseln zum benachbarten Gebiet, Eingabetaste wählt es aus, Escape hebt die Auswahl auf, Plus und Minus zoomen.',
  loading: (progress) =>
    !progress
      ? 'Gebiete werden geladen …'
      : `Gebiete werden geladen: ${GERMAN.format(progress.features)}${progress.total === undefined ? '' : ` von ${GERMAN.format(progress.total)}`} …`,
  areasFailed: (source) => `Die Gebiete aus „${source}“ konnten nicht geladen werden.`,
  indicatorsFailed: (source) => `Die Tabelle „${source}“ konnte nicht mit den Gebieten verbunden werden.`,
  warnings: (count) => (count === 1 ? '1 Hinweis zu den Daten' : `${count} Hinweise zu den Daten`),
  selected: (name, id) => `${isolate(name)} (${isolate(id)}) ausgewählt`,
  active: (name, id) => `${isolate(name)} (${isolate(id)})`,
  cleared: 'Auswahl aufgehoben',
  noNeighbour: 'In dieser Richtung liegt kein weiteres Gebiet.',
  notRated: 'nicht bewertet',
  noData: 'keine Daten',
  levelsFailed: 'Die Ebenen konnten nicht geladen werden.',
  level: 'Ebene',
  year: 'Jahr',
  drillPath: 'Pfad der Auswahl',
  allAreas: (level) => `Alle: ${level}`,
  drillHint: 'Klick oder Eingabetaste zeigt die Gebiete darin.',
  drilledInto: (name, level) => `${isolate(name)}: ${isolate(level)} darin angezeigt. Escape führt zurück.`,
  drilledUp: (name, level) => `Zurück bei ${isolate(level)}, ${isolate(name)}`,
};

const en: Messages = {
  mapLabel: 'Map of the Sozialräume',
  mapDescription: 'Arrow keys move to the neighbouring area, Enter selects it, Escape clears the selection, plus and minus zoom.',
  loading: (progress) =>
    !progress
      ? 'Loading areas …'
      : `Loading areas: ${ENGLISH.format(progress.features)}${progress.total === undefined ? '' : ` of ${ENGLISH.format(progress.total)}`} …`,
  areasFailed: (source) => `The areas from “${source}” could not be loaded.`,
  indicatorsFailed: (source) => `The table “${source}” could not be joined to the areas.`,
  warnings: (count) => (count === 1 ? '1 note on the data' : `${count} notes on the data`),
  selected: (name, id) => `${isolate(name)} (${isolate(id)}) selected`,
  active: (name, id) => `${isolate(name)} (${isolate(id)})`,
  cleared: 'Selection cleared',
  noNeighbour: 'There is no further area in this direction.',
  notRated: 'not rated',
  noData: 'no data',
  levelsFailed: 'The levels could not be loaded.',
  level: 'Level',
  year: 'Year',
  drillPath: 'Selection path',
  allAreas: (level) => `All: ${level}`,
  drillHint: 'Click or Enter shows the areas inside.',
  drilledInto: (name, level) => `${isolate(name)}: showing the ${isolate(level)} areas inside. Escape goes back.`,
  drilledUp: (name, level) => `Back at ${isolate(level)}, ${isolate(name)}`,
};

const MESSAGES: Record<Language, Messages> = { de, en };

export function messages(language: Language): Messages {
  return MESSAGES[language];
}
