// Text of the profile card in German (default) and English.
import type { Language } from '@sozialraum/element';
import type { CityValueMethod, ProfileAbsence, ProfileFlag } from '@sozialraum/core';

export interface ProfileMessages {
  card: (name: string) => string;
  key: string;
  area: string;
  residents: string;
  asOf: (date: string) => string;
  index: string;
  indexClass: (label: string, classNumber: number, classes: number) => string;
  rankOf: (rank: number, of: number) => string;
  notRated: string;
  noValue: string;
  withheld: string;
  /** Why a number is not shown: three notes a reader must not confuse. */
  absent: Record<ProfileAbsence, string>;
  indicators: string;
  indicator: string;
  value: string;
  city: string;
  deviation: string;
  position: string;
  rank: string;
  trend: string;
  cityMethod: Record<CityValueMethod, string>;
  rankNote: string;
  spine: (label: string, value: string, min: string, median: string, max: string, city: string) => string;
  spineLegend: string;
  series: (label: string, points: string) => string;
  change: (difference: string, from: number) => string;
  noSeries: string;
  domains: string;
  radar: (entries: string) => string;
  radarLegend: string;
  domainValue: (label: string, value: string, city: string) => string;
  fewDomains: (count: number) => string;
  subIndex: string;
  cityMean: string;
  facilities: string;
  facilityType: string;
  inside: string;
  within: (distance: string) => string;
  reachable: (distance: string) => string;
  facilitiesNote: (distance: string, crs: string, source: string) => string;
  reachability: string;
  date: (date: string) => string;
  percentagePoints: string;
  estimated: string;
  flags: string;
  flag: Record<ProfileFlag['kind'], (columns: string) => string>;
  noFlags: string;
  method: string;
  methodLink: string;
  sources: string;
  source: string;
  export: string;
  exportPng: string;
  exportCsv: string;
  exportPngLabel: (name: string) => string;
  exportCsvLabel: (name: string) => string;
  none: string;
  loading: string;
  failed: string;
  year: (year: number) => string;
  numberLocale: string;
}

const de: ProfileMessages = {
  card: (name) => `Steckbrief ${name}`,
  key: 'Schlüssel',
  area: 'Fläche',
  residents: 'Einwohner:innen',
  asOf: (date) => `Stand ${date}`,
  index: 'Index',
  indexClass: (label, classNumber, classes) => `Klasse ${classNumber} von ${classes}: ${label}`,
  rankOf: (rank, of) => `Rang ${rank} von ${of}`,
  notRated: 'nicht bewertet',
  noValue: 'kein Wert',
  withheld: 'geheim gehalten',
  absent: { missing: 'fehlt in den Daten', withheld: 'geheim gehalten', 'not-applicable': 'entfällt (keine Bezugsgröße)' },
  indicators: 'Indikatoren',
  indicator: 'Indikator',
  value: 'Wert',
  city: 'Stadt',
  deviation: 'Abweichung',
  position: 'Lage',
  rank: 'Rang',
  trend: 'Entwicklung',
  cityMethod: {
    ratio: 'Stadtwert: Summe der Zähler geteilt durch Summe der Nenner aller Gebiete.',
    'population-weighted-mean': 'Stadtwert: Mittel der Gebietswerte, gewichtet mit den Einwohner:innen.',
    mean: 'Stadtwert: einfaches Mittel der Gebietswerte.',
  },
  rankNote: 'Rang 1 = größter Bedarf; gleiche Werte teilen sich einen Rang.',
  spine: (label, value, min, median, max, city) => `${label}: Gebiet ${value}; alle Gebiete von ${min} bis ${max}, Median ${median}; Stadt ${city}`,
  spineLegend: 'Lage: Linie = Spannweite aller Gebiete, Kasten = mittlere Hälfte, Strich = Stadtwert, Punkt = dieses Gebiet.',
  series: (label, points) => `${label}, Verlauf: ${points}`,
  change: (difference, from) => `${difference} seit ${from}`,
  noSeries: 'keine Zeitreihe',
  domains: 'Handlungsfelder',
  radar: (entries) => `Teilindizes je Handlungsfeld: ${entries}`,
  radarLegend: 'Fläche = dieses Gebiet, Ring = Mittel der Stadt; weiter außen = mehr Bedarf.',
  domainValue: (label, value, city) => `${label} ${value} (Stadt ${city})`,
  fewDomains: (count) =>
    count === 0
      ? 'Der Index hat keine Handlungsfelder; ein Netzdiagramm der Teilindizes entfällt.'
      : `Der Index hat nur ${count === 1 ? 'ein Handlungsfeld' : `${count} Handlungsfelder`}; ein Netzdiagramm braucht mindestens drei und entfällt.`,
  subIndex: 'Teilindex',
  cityMean: 'Mittel der Stadt',
  facilities: 'Einrichtungen',
  facilityType: 'Art',
  inside: 'im Gebiet',
  within: (distance) => `im Umkreis ${distance}`,
  reachable: () => 'Anteil Einw. in Reichweite',
  facilitiesNote: (distance, crs, source) =>
    `Umkreis: Luftlinie ${distance} um das Gebiet, gemessen in ${crs}.${source ? ` Reichweite: Anteil der Einwohner:innen (${source}), deren Rasterzelle höchstens ${distance} von der nächsten Einrichtung entfernt liegt.` : ''}`,
  reachability: 'die Anteile in Reichweite',
  percentagePoints: '%-Punkte',
  estimated: 'geschätzt',
  flags: 'Hinweise',
  flag: {
    suppressed: (columns) => `Kleine Zahlen werden geheim gehalten (${columns}).`,
    estimated: (columns) => `Geschätzte Werte: ${columns || 'die Zahlen'} beruhen auf geschätzten oder veränderten Zählungen (Zensus).`,
    invalid: (columns) => `Das Gebiet wird im Index nicht bewertet${columns ? `: ${columns}` : ''}.`,
    missing: (columns) => `Es fehlen Werte: ${columns}.`,
  },
  noFlags: 'Keine Hinweise.',
  method: 'Methode',
  methodLink: 'So entsteht der Index',
  sources: 'Quellen',
  source: 'Quelle',
  export: 'Exportieren',
  exportPng: 'Bild (PNG)',
  exportCsv: 'Tabelle (CSV)',
  exportPngLabel: (name) => `Steckbrief ${name} als Bild herunterladen`,
  exportCsvLabel: (name) => `Zahlen des Steckbriefs ${name} als CSV herunterladen`,
  none: 'Wählen Sie ein Gebiet auf der Karte, um seinen Steckbrief zu sehen.',
  loading: 'Der Steckbrief wird berechnet …',
  failed: 'Der Steckbrief konnte nicht berechnet werden.',
  year: (year) => `Jahr ${year}`,
  numberLocale: 'de-DE',
  date: (date) => isoDate(date, 'de-DE'),
};

const en: ProfileMessages = {
  card: (name) => `Profile of ${name}`,
  key: 'Key',
  area: 'Area',
  residents: 'Residents',
  asOf: (date) => `as of ${date}`,
  index: 'Index',
  indexClass: (label, classNumber, classes) => `Class ${classNumber} of ${classes}: ${label}`,
  rankOf: (rank, of) => `Rank ${rank} of ${of}`,
  notRated: 'not rated',
  noValue: 'no value',
  withheld: 'withheld',
  absent: { missing: 'missing in the data', withheld: 'withheld', 'not-applicable': 'not applicable (nothing to relate to)' },
  indicators: 'Indicators',
  indicator: 'Indicator',
  value: 'Value',
  city: 'City',
  deviation: 'Deviation',
  position: 'Position',
  rank: 'Rank',
  trend: 'Trend',
  cityMethod: {
    ratio: 'City value: sum of the numerators divided by the sum of the denominators of all areas.',
    'population-weighted-mean': 'City value: mean of the area values, weighted by residents.',
    mean: 'City value: plain mean of the area values.',
  },
  rankNote: 'Rank 1 = most need; equal values share a rank.',
  spine: (label, value, min, median, max, city) => `${label}: area ${value}; all areas from ${min} to ${max}, median ${median}; city ${city}`,
  spineLegend: 'Position: line = range of all areas, box = middle half, tick = city value, dot = this area.',
  series: (label, points) => `${label}, over time: ${points}`,
  change: (difference, from) => `${difference} since ${from}`,
  noSeries: 'no time series',
  domains: 'Fields of action',
  radar: (entries) => `Sub-indices by field of action: ${entries}`,
  radarLegend: 'Shape = this area, ring = city mean; further out = more need.',
  domainValue: (label, value, city) => `${label} ${value} (city ${city})`,
  fewDomains: (count) =>
    count === 0
      ? 'The index has no fields of action, so there is no radar chart of sub-indices.'
      : `The index has only ${count === 1 ? 'one field of action' : `${count} fields of action`}; a radar chart needs at least three, so it is left out.`,
  subIndex: 'Sub-index',
  cityMean: 'City mean',
  facilities: 'Facilities',
  facilityType: 'Type',
  inside: 'in the area',
  within: (distance) => `within ${distance}`,
  reachable: () => 'Share of residents in reach',
  facilitiesNote: (distance, crs, source) =>
    `Within: straight line ${distance} around the area, measured in ${crs}.${source ? ` In reach: share of residents (${source}) whose grid cell lies at most ${distance} from the nearest facility.` : ''}`,
  reachability: 'the shares in reach',
  percentagePoints: 'pct. pts',
  estimated: 'estimated',
  flags: 'Notes',
  flag: {
    suppressed: (columns) => `Small numbers are withheld (${columns}).`,
    estimated: (columns) => `Estimated values: ${columns || 'the numbers'} rest on estimated or perturbed counts (census).`,
    invalid: (columns) => `The area is not rated in the index${columns ? `: ${columns}` : ''}.`,
    missing: (columns) => `Values are missing: ${columns}.`,
  },
  noFlags: 'No notes.',
  method: 'Method',
  methodLink: 'How the index is made',
  sources: 'Sources',
  source: 'Source',
  export: 'Export',
  exportPng: 'Image (PNG)',
  exportCsv: 'Table (CSV)',
  exportPngLabel: (name) => `Download the profile of ${name} as an image`,
  exportCsvLabel: (name) => `Download the numbers of the profile of ${name} as CSV`,
  none: 'Select an area on the map to see its profile.',
  loading: 'Computing the profile …',
  failed: 'The profile could not be computed.',
  year: (year) => `Year ${year}`,
  numberLocale: 'en-GB',
  date: (date) => isoDate(date, 'en-GB'),
};

export function profileMessages(language: Language): ProfileMessages {
  return language === 'en' ? en : de;
}

/** "2020-12-31" as "31.12.2020" or "31 Dec 2020"; other text (a year, a range) as it is. */
function isoDate(text: string, locale: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return text;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return new Intl.DateTimeFormat(
    locale,
    locale === 'de-DE' ? { day: '2-digit', month: '2-digit', year: 'numeric', timeZone: 'UTC' } : { dateStyle: 'medium', timeZone: 'UTC' },
  ).format(date);
}

/**
 * The note in place of a number that is not there. A profile made before core said why (given as `.data`) has only
 * `suppressed`; withheld wins, since a withheld number must never read as merely missing.
 */
export function absentText(m: ProfileMessages, entry: { suppressed: boolean; absence?: ProfileAbsence | null }): string {
  return m.absent[entry.suppressed ? 'withheld' : (entry.absence ?? 'missing')];
}
