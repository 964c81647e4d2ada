// Labels of table columns for legends, tables and cards: from the spec where it names the column, from the toolkit's
// own vocabulary for the columns it writes or that the German open data it reads calls by a short code, and otherwise
// a readable form of the column name. A reader never has to decode "EW_Zensus_density".
import type { Language, LocalisedText } from '../language.js';
import type { IndexSpec, IndicatorSpec } from './spec.js';
import { INDEX_PRESETS } from './presets.js';
import { localiseText } from './text.js';

/** How a column's numbers are written: counts without decimals, rates with their unit. */
export type ColumnKind = 'count' | 'rate' | 'other';

export interface ColumnLabel {
  label: string;
  /** Unit as written after a number ("%", "je km²"); empty when the number has none. */
  unit: string;
  kind: ColumnKind;
}

interface Known {
  label: LocalisedText;
  unit?: string;
  kind: ColumnKind;
}

/** Columns of the data the toolkit ships with and reads most, by name in lower case. */
const KNOWN: Record<string, Known> = {
  ew: { label: { de: 'Einwohner:innen', en: 'Residents' }, kind: 'count' },
  einwohner: { label: { de: 'Einwohner:innen', en: 'Residents' }, kind: 'count' },
  ew_zensus: { label: { de: 'Einwohner:innen (Zensus)', en: 'Residents (census)' }, kind: 'count' },
  split_share: { label: { de: 'Anteil aus geteilten Gebieten', en: 'Share from split areas' }, unit: '%', kind: 'rate' },
  alq: { label: { de: 'Arbeitslosenquote', en: 'Unemployment rate' }, unit: '%', kind: 'rate' },
  svb_quote: { label: { de: 'Quote der sozialversicherungspflichtig Beschäftigten', en: 'Employment rate (social insurance)' }, unit: '%', kind: 'rate' },
  sgb2_quote: { label: { de: 'SGB-II-Quote', en: 'SGB II rate' }, unit: '%', kind: 'rate' },
  arbeitslose: { label: { de: 'Arbeitslose', en: 'Unemployed' }, kind: 'count' },
  svb_beschaeftigte: { label: { de: 'Sozialversicherungspflichtig Beschäftigte', en: 'Employees with social insurance' }, kind: 'count' },
  sgb2_leistungsberechtigte: { label: { de: 'Leistungsberechtigte nach SGB II', en: 'People entitled to SGB II benefits' }, kind: 'count' },
  unter_18: { label: { de: 'Einwohner:innen unter 18 Jahren', en: 'Residents under 18' }, kind: 'count' },
  '65_und_aelter': { label: { de: 'Einwohner:innen ab 65 Jahren', en: 'Residents aged 65 and over' }, kind: 'count' },
  geburten: { label: { de: 'Geburten', en: 'Births' }, kind: 'count' },
  groesse_m2: { label: { de: 'Fläche', en: 'Area' }, unit: 'm²', kind: 'other' },
};

/** Suffixes the aggregator and the crosswalk append to a column name (`EW_Zensus_density`), and what they mean. */
const SUFFIXES: { suffix: string; label: (base: string, language: Language) => string; unit: string; kind: ColumnKind }[] = [
  { suffix: '_density', label: (base, language) => (language === 'en' ? `${base} per km²` : `${base} je km²`), unit: '', kind: 'other' },
  { suffix: '_share', label: (base, language) => (language === 'en' ? `${base}, share` : `${base}, Anteil`), unit: '%', kind: 'rate' },
];

/**
 * The label of `column` in `language`: the spec's label where the spec names the column (as an indicator, or as
 * the validity rule's population column), the toolkit's vocabulary for well-known columns, the indicators of its
 * presets by code ("Kinderarmut (S4)"), the suffixes the toolkit itself appends, and otherwise the name with its
 * underscores as spaces and a capital first letter (a bare code such as "X7" as it is).
 */
export function columnLabel(column: string, language: Language, spec?: IndexSpec): ColumnLabel {
  const indicator = spec?.indicators.find((candidate) => candidate.column === column);
  const known = KNOWN[column.toLowerCase()];
  if (indicator?.label !== undefined) {
    const unit = indicator.unit ?? '';
    return { label: localiseText(indicator.label, language), unit, kind: known?.kind ?? (unit === '%' || unit.startsWith('je ') ? 'rate' : 'other') };
  }
  if (known) return { label: localiseText(known.label, language), unit: known.unit ?? '', kind: known.kind };
  const preset = presetIndicator(column);
  if (preset?.label !== undefined) {
    // The code stays beside the name: it is what the table and the published MSS reports call the column.
    const unit = preset.unit ?? '';
    return { label: `${localiseText(preset.label, language)} (${column})`, unit, kind: unit === '%' ? 'rate' : 'other' };
  }
  for (const { suffix, label, unit, kind } of SUFFIXES) {
    if (column.toLowerCase().endsWith(suffix) && column.length > suffix.length) {
      const base = columnLabel(column.slice(0, -suffix.length), language, spec).label;
      return { label: label(base, language), unit, kind };
    }
  }
  const words = column.replace(/[_\s]+/g, ' ').trim();
  return { label: words.charAt(0).toUpperCase() + words.slice(1), unit: '', kind: 'other' };
}

/**
 * An indicator of the toolkit's presets by its column code (the Berlin MSS codes S1–S4, D1–D4, KI_01…): a table picked
 * without a spec still shows "Kinderarmut (S4)" rather than the bare code. Codes are matched as written.
 */
export function presetIndicator(column: string): IndicatorSpec | undefined {
  for (const spec of Object.values(INDEX_PRESETS)) {
    const found = spec.indicators.find((indicator) => indicator.column === column);
    if (found) return found;
  }
  return undefined;
}

/**
 * The unit of the difference of two values in `unit`: the difference of two percentages is in percentage points
 * ("Pp."), not in percent; every other unit stays what it is.
 */
export function deviationUnit(unit: string, language: Language): string {
  return unit.trim() === '%' ? (language === 'en' ? 'pp' : 'Pp.') : unit;
}

/**
 * Rounds for display so that no "−0,0" appears: a value that rounds to zero at `digits` decimals is zero, without
 * its sign.
 */
export function roundForDisplay(value: number, digits: number): number {
  const factor = 10 ** digits;
  const rounded = Math.round(value * factor) / factor;
  return rounded === 0 ? 0 : rounded;
}
