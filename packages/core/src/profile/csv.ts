// The numbers of an area profile as a CSV table, safe to open in a spreadsheet; written by the toolkit's one CSV
// writer, which guards formulas and quotes cells.
import { localiseText, type Language } from '../index/text.js';
import { writeCsv, type CsvCell } from '../io/csv-write.js';
import type { AreaProfile, ProfileAbsence } from './types.js';

type Cell = CsvCell;

const HEADINGS: Record<Language, string[]> = {
  de: ['Gebiet', 'Schlüssel', 'Bereich', 'Merkmal', 'Wert', 'Einheit', 'Stadt', 'Abweichung', 'Rang', 'von', 'Stand', 'Quelle', 'Hinweis'],
  en: ['Area', 'Key', 'Section', 'Item', 'Value', 'Unit', 'City', 'Deviation', 'Rank', 'of', 'Date', 'Source', 'Note'],
};

const WORDS: Record<Language, Record<string, string>> = {
  de: {
    area: 'Fläche',
    population: 'Einwohner:innen',
    index: 'Index',
    indicator: 'Indikator',
    domain: 'Teilindex',
    facility: 'Einrichtungen',
    inside: 'im Gebiet',
    within: (m: number) => `im Umkreis von ${m} m`,
    reachable: 'Anteil der Einwohner:innen in Reichweite',
    series: 'Zeitreihe',
    suppressed: 'geheim gehalten',
    missing: 'fehlt in den Daten',
    'not-applicable': 'entfällt (keine Bezugsgröße)',
    estimated: 'geschätzt',
  } as unknown as Record<string, string>,
  en: {
    area: 'Area',
    population: 'Residents',
    index: 'Index',
    indicator: 'Indicator',
    domain: 'Sub-index',
    facility: 'Facilities',
    inside: 'in the area',
    within: (m: number) => `within ${m} m`,
    reachable: 'Share of residents within reach',
    series: 'Time series',
    suppressed: 'suppressed',
    missing: 'missing in the data',
    'not-applicable': 'not applicable (nothing to relate to)',
    estimated: 'estimated',
  } as unknown as Record<string, string>,
};

/**
 * The profile as CSV text: one line per number the card shows, with the area's name and key on every line.
 * German uses semicolons and decimal commas (as German spreadsheets expect), English commas and decimal points.
 * Withheld values stay empty with a note; they never appear.
 */
export function profileCsv(profile: AreaProfile, language: Language, options: { bom?: boolean } = {}): string {
  const w = WORDS[language] as unknown as Record<string, string> & { within: (m: number) => string };
  const lines: Cell[][] = [];
  const line = (
    section: string,
    item: string,
    value: number | null,
    unit = '',
    extra: Partial<{ city: number | null; deviation: number | null; rank: number | null; of: number | null; date: string; source: string; note: string }> = {},
  ) =>
    lines.push([
      profile.name,
      profile.id,
      section,
      item,
      value,
      unit,
      extra.city ?? null,
      extra.deviation ?? null,
      extra.rank ?? null,
      extra.of ?? null,
      extra.date ?? '',
      extra.source ?? '',
      extra.note ?? '',
    ]);
  if (profile.areaKm2 !== null) line(w.area!, w.area!, round(profile.areaKm2, 2), 'km²');
  if (profile.population) {
    line(w.population!, profile.population.column, profile.population.value, '', {
      date: profile.population.date ?? '',
      note: [absenceNote(profile.population, w), profile.population.estimated ? w.estimated : ''].filter(Boolean).join(', '),
    });
  }
  if (profile.index) {
    line(w.index!, localiseText(profile.index.title, language), profile.index.value === null ? null : round(profile.index.value, 3), '', {
      rank: profile.index.rank,
      of: profile.index.ranked,
      note: localiseText(profile.index.label ?? '', language),
    });
  }
  for (const indicator of profile.indicators) {
    const note = [absenceNote(indicator, w), indicator.estimated ? w.estimated : ''].filter(Boolean).join(', ');
    line(w.indicator!, localiseText(indicator.label, language), roundOrNull(indicator.value, 3), indicator.unit, {
      city: roundOrNull(indicator.city, 3),
      deviation: roundOrNull(indicator.deviation, 3),
      rank: indicator.rank,
      of: indicator.ranked,
      date: indicator.date ?? '',
      source: indicator.source ?? '',
      note,
    });
    if (profile.parent && indicator.parentValue !== undefined) {
      line(
        `${profile.parent.label} ${profile.parent.name} (${profile.parent.id})`,
        localiseText(indicator.label, language),
        roundOrNull(indicator.parentValue, 3),
        indicator.unit,
      );
    }
    for (const point of indicator.series) {
      line(`${w.series} ${localiseText(indicator.label, language)}`, String(point.year), roundOrNull(point.value, 3), indicator.unit);
    }
  }
  for (const domain of profile.domains)
    line(w.domain!, localiseText(domain.label, language), roundOrNull(domain.value, 3), '', { city: roundOrNull(domain.cityMean, 3) });
  if (profile.facilities) {
    for (const type of profile.facilities.types) {
      const label = localiseText(type.label, language);
      line(w.facility!, `${label}: ${w.inside}`, type.inside);
      line(w.facility!, `${label}: ${w.within(profile.facilities.distance)}`, type.within);
      line(w.facility!, `${label}: ${w.reachable}`, type.reachableShare === null ? null : round(type.reachableShare * 100, 1), '%', {
        note: [type.suppressed ? w.suppressed : '', profile.facilities.estimated ? w.estimated : ''].filter(Boolean).join(', '),
      });
    }
  }
  return writeCsv(HEADINGS[language], lines, { convention: language, ...options });
}

function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

function roundOrNull(value: number | null, digits: number): number | null {
  return value === null ? null : round(value, digits);
}

/** The note beside a number that is not there: withheld, missing or not applicable are said apart. */
function absenceNote(entry: { value: number | null; suppressed: boolean; absence?: ProfileAbsence | null }, words: Record<string, string>): string {
  if (entry.suppressed) return words.suppressed!;
  if (entry.value !== null) return '';
  return words[entry.absence ?? 'missing']!;
}
