// The method card of an index: what a published map says about how its index was made, in plain sentences.
import { classRanges, type ClassRange } from '../classify/classify.js';
import type { IndexResult, IndexSpec, IndicatorSpec } from './spec.js';
import { formatNumber, localiseText, type Language } from './text.js';

/**
 * The method of an index in plain sentences, German or English: the indicators and their direction, validity,
 * standardisation, combination, classes and ranks. Everything comes from the spec; with a result, the sentences
 * also give the number of valid areas and the class bounds the data produced.
 */
export function describeIndexSpec(spec: IndexSpec, language: Language, result?: IndexResult): string[] {
  const t = language === 'en' ? EN : DE;
  const sentences: string[] = [];
  const validCount = result ? result.areas.filter((area) => !area.flags.includes('invalid')).length : undefined;

  sentences.push(...indicatorSentences(spec, language, t));

  // Validity.
  const validity = spec.validity;
  if (validity?.minPopulation !== undefined && validity.populationColumn !== undefined) {
    sentences.push(t.minPopulation(formatNumber(validity.minPopulation, language), validity.populationColumn));
  }
  sentences.push((validity?.missing ?? 'exclude-area') === 'exclude-area' ? t.missingExcludes : t.missingSkips);
  if (result && validCount !== undefined) sentences.push(t.validCount(validCount, result.areas.length));

  // Standardisation.
  const standardisation = spec.standardisation;
  const fixed = typeof standardisation.reference === 'object';
  switch (standardisation.method) {
    case 'z-score':
      sentences.push(t.zScore(validCount, standardisation.sd ?? 'population', fixed));
      break;
    case 'min-max':
      sentences.push(t.minMax(fixed));
      break;
    case 'percentile-rank':
      sentences.push(t.percentileRank);
      break;
    case 'none':
      sentences.push(t.noStandardisation);
      break;
  }

  sentences.push(...combinationSentences(spec, language, t));
  sentences.push(...classSentences(spec, language, t, result));
  sentences.push(t.rank((spec.direction ?? 'higher-is-need') === 'higher-is-need'));
  if (spec.source) sentences.push(`${t.source}: ${spec.source}.`);
  return sentences;
}

/** The indicators, grouped by domain where the spec has domains, their direction and their missing-value codes. */
function indicatorSentences(spec: IndexSpec, language: Language, t: Phrases): string[] {
  const sentences: string[] = [];
  const name = (indicator: IndicatorSpec) => {
    const label = localiseText(indicator.label, language);
    const detail = [indicator.column, indicator.unit].filter(Boolean).join(', ');
    return label ? `${label} (${detail})` : indicator.unit ? `${indicator.column} (${indicator.unit})` : indicator.column;
  };
  const domains = spec.domains ?? [];
  if (domains.length > 0) {
    const groups = domains.map((domain) => {
      const members = spec.indicators.filter((indicator) => indicator.domain === domain.id).map(name);
      return `${localiseText(domain.label, language) || domain.id}: ${members.join(', ')}`;
    });
    const ungrouped = spec.indicators.filter((indicator) => indicator.domain === undefined).map(name);
    if (ungrouped.length > 0) groups.push(`${t.otherIndicators}: ${ungrouped.join(', ')}`);
    sentences.push(`${t.indicatorsInDomains(spec.indicators.length, domains.length)}: ${groups.join('; ')}.`);
  } else {
    sentences.push(`${t.indicators(spec.indicators.length)}: ${spec.indicators.map(name).join(', ')}.`);
  }
  const reversed = spec.indicators.filter((indicator) => indicator.direction === 'lower-is-need');
  if (spec.standardisation.method !== 'none' || reversed.length > 0) {
    sentences.push(reversed.length === 0 ? t.allHigherIsNeed(spec.indicators.length) : t.lowerIsNeed(reversed.map(name)));
  }
  const codes = [...new Set(spec.indicators.flatMap((indicator) => indicator.missingValues ?? []))];
  if (codes.length > 0) sentences.push(t.missingCodes(codes.map((code) => formatNumber(code, language))));
  return sentences;
}

/** How the indicators (and domains) are combined, with their weights, and whether the index is re-standardised. */
function combinationSentences(spec: IndexSpec, language: Language, t: Phrases): string[] {
  const sentences: string[] = [];
  const domains = spec.domains ?? [];
  const combination = spec.combination;
  const indicatorWeights =
    combination.method === 'weighted-mean'
      ? weightList(
          spec.indicators.map((indicator) => [localiseText(indicator.label, language) || indicator.column, indicator.weight ?? 1]),
          language,
        )
      : undefined;
  if (combination.byDomain) {
    const domainWeights =
      combination.method === 'weighted-mean'
        ? weightList(
            domains.map((domain) => [localiseText(domain.label, language) || domain.id, domain.weight ?? 1]),
            language,
          )
        : undefined;
    sentences.push(t.byDomain(combination.method, indicatorWeights, domainWeights));
  } else {
    sentences.push(t.combined(combination.method, indicatorWeights));
    if (domains.length > 0) sentences.push(t.subIndicesShown);
  }
  if (combination.restandardise) sentences.push(t.restandardised(combination.indexReference !== undefined));
  return sentences;
}

/** The classification: its method and count, and each class with its bounds (from the result where they come from data). */
function classSentences(spec: IndexSpec, language: Language, t: Phrases, result: IndexResult | undefined): string[] {
  const sentences: string[] = [];
  const combination = spec.combination;
  const classification = spec.classification;
  const labels = (count: number) =>
    Array.from({ length: count }, (_, position) => {
      const label = classification.labels?.[position];
      return label === undefined ? undefined : localiseText(label, language);
    });
  const restandardised = combination.restandardise === true;
  let ranges: { range: ClassRange; label: string | undefined; bound: (value: number) => string }[] | undefined;
  const plain = (value: number) => formatNumber(round(value), language);
  // The classes the spec's own breaks make, each bound written by `bound`.
  const fromBreaks = (bound: (value: number) => string) => {
    const breaks = classification.breaks ?? [];
    const equalTo = breaks.map((_, position) => classification.equalTo?.[position] ?? 'lower');
    const names = labels(breaks.length + 1);
    return classRanges({ breaks, equalTo }).map((range, position) => ({ range, label: names[position], bound }));
  };
  if (classification.method === 'manual' || (classification.method === 'standard-deviation' && restandardised)) {
    ranges = fromBreaks(plain);
  } else if (classification.method === 'standard-deviation' && !result) {
    ranges = fromBreaks((multiple) => t.sdBound(multiple, language));
  } else if (result) {
    ranges = result.classes.map((entry) => ({
      range: entry,
      label: entry.label !== String(entry.class) ? entry.label : undefined,
      bound: plain,
    }));
  }
  const classCount = ranges?.length ?? classification.classes ?? (classification.breaks ? classification.breaks.length + 1 : 1);
  sentences.push(t.classMethod(classification.method, classCount, restandardised));
  if (ranges) {
    sentences.push(
      `${t.classesAre}: ${ranges.map(({ range, label, bound }) => `${range.class}${label ? ` ${t.quote(label)}` : ''}: ${condition(range, bound, t)}`).join('; ')}.`,
    );
  } else if (classification.labels) {
    sentences.push(
      `${t.classesAre}: ${labels(classification.labels.length)
        .map((label, position) => `${position + 1} ${t.quote(label ?? '')}`)
        .join(', ')}.`,
    );
  }
  return sentences;
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

function condition(range: ClassRange, bound: (value: number) => string, t: Phrases): string {
  const symbol = t.index;
  if (range.min === null && range.max === null) return t.allValues;
  if (range.min === null) return `${symbol} ${range.maxInclusive ? '≤' : '<'} ${bound(range.max!)}`;
  if (range.max === null) return `${symbol} ${range.minInclusive ? '≥' : '>'} ${bound(range.min)}`;
  return `${bound(range.min)} ${range.minInclusive ? '≤' : '<'} ${symbol} ${range.maxInclusive ? '≤' : '<'} ${bound(range.max)}`;
}

/** "Arbeitslosigkeit 2, Kinderarmut 1", or undefined when all weights are equal. */
function weightList(entries: [string, number][], language: Language): string | undefined {
  if (entries.every(([, weight]) => weight === entries[0]![1])) return undefined;
  return entries.map(([label, weight]) => `${label} ${formatNumber(weight, language)}`).join(', ');
}

type Method = IndexSpec['combination']['method'];
type ClassMethod = IndexSpec['classification']['method'];

interface Phrases {
  index: string;
  allValues: string;
  source: string;
  otherIndicators: string;
  classesAre: string;
  quote(label: string): string;
  indicators(count: number): string;
  indicatorsInDomains(count: number, domains: number): string;
  allHigherIsNeed(count: number): string;
  lowerIsNeed(names: string[]): string;
  missingCodes(codes: string[]): string;
  minPopulation(minimum: string, column: string): string;
  missingExcludes: string;
  missingSkips: string;
  validCount(valid: number, total: number): string;
  zScore(valid: number | undefined, sd: 'population' | 'sample', fixed: boolean): string;
  minMax(fixed: boolean): string;
  percentileRank: string;
  noStandardisation: string;
  combined(method: Method, weights: string | undefined): string;
  byDomain(method: Method, indicatorWeights: string | undefined, domainWeights: string | undefined): string;
  subIndicesShown: string;
  restandardised(fixed: boolean): string;
  classMethod(method: ClassMethod, classes: number, restandardised: boolean): string;
  sdBound(multiple: number, language: Language): string;
  rank(higherIsNeed: boolean): string;
}

const GERMAN_NUMBERS = ['null', 'ein', 'zwei', 'drei', 'vier', 'fünf', 'sechs', 'sieben', 'acht', 'neun', 'zehn', 'elf', 'zwölf'];
const ENGLISH_NUMBERS = ['no', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve'];

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function germanCount(count: number, singular: string, plural: string, feminine = false): string {
  if (count === 1) return `${feminine ? 'eine' : 'ein'} ${singular}`;
  return `${GERMAN_NUMBERS[count] ?? String(count)} ${plural}`;
}

function englishCount(count: number, singular: string, plural: string): string {
  return `${ENGLISH_NUMBERS[count] ?? String(count)} ${count === 1 ? singular : plural}`;
}

function germanList(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} und ${items[items.length - 1]}`;
}

function englishList(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

const DE: Phrases = {
  index: 'Index',
  allValues: 'alle Werte',
  source: 'Quelle',
  otherIndicators: 'ohne Handlungsfeld',
  classesAre: 'Klassen',
  quote: (label) => `„${label}“`,
  indicators: (count) => capitalised(germanCount(count, 'Indikator', 'Indikatoren')),
  indicatorsInDomains: (count, domains) =>
    `${capitalised(germanCount(count, 'Indikator', 'Indikatoren'))} in ${germanCount(domains, 'Handlungsfeld', 'Handlungsfeldern')}`,
  allHigherIsNeed: (count) => (count === 1 ? 'Hohe Werte bedeuten mehr Bedarf.' : 'Bei allen bedeuten hohe Werte mehr Bedarf.'),
  lowerIsNeed: (names) =>
    `Bei ${germanList(names)} bedeuten niedrige Werte mehr Bedarf; ${names.length === 1 ? 'sein Wert wird' : 'ihre Werte werden'} umgedreht, damit hohe Werte überall mehr Bedarf bedeuten.`,
  missingCodes: (codes) => (codes.length === 1 ? `Der Wert ${codes[0]} gilt als fehlend.` : `Die Werte ${germanList(codes)} gelten als fehlend.`),
  minPopulation: (minimum, column) => `Gebiete mit weniger als ${minimum} Einwohner:innen (Spalte ${column}) werden nicht bewertet.`,
  missingExcludes: 'Gebiete mit einem fehlenden Indikatorwert werden nicht bewertet.',
  missingSkips: 'Fehlt einem Gebiet ein Indikatorwert, wird sein Index aus den übrigen Indikatoren gebildet.',
  validCount: (valid, total) => `Bewertet werden ${valid} von ${total} Gebieten.`,
  zScore: (valid, sd, fixed) =>
    fixed
      ? 'Jeder Indikator wird gegen feste Referenzwerte eines Basisjahres z-standardisiert (Abweichung vom Mittelwert des Basisjahres in dessen Standardabweichungen), damit Jahre vergleichbar sind.'
      : `Jeder Indikator wird über die ${valid === undefined ? '' : `${valid} `}gültigen Gebiete z-standardisiert (Abweichung vom Mittelwert in Standardabweichungen; ${sd === 'population' ? 'Standardabweichung der Grundgesamtheit, geteilt durch n' : 'Stichproben-Standardabweichung, geteilt durch n − 1'}).`,
  minMax: (fixed) =>
    fixed
      ? 'Jeder Indikator wird mit Minimum und Maximum eines Basisjahres auf den Bereich 0 bis 1 umgerechnet.'
      : 'Jeder Indikator wird auf den Bereich 0 bis 1 umgerechnet (kleinster Wert der gültigen Gebiete 0, größter 1).',
  percentileRank:
    'Jeder Indikator wird in seinen Perzentilrang umgerechnet: der Anteil der gültigen Gebiete mit kleinerem Wert, Gleichstände zur Hälfte gezählt (0 bis 1).',
  noStandardisation: 'Die Werte werden nicht standardisiert.',
  combined: (method, weights) =>
    method === 'sum'
      ? 'Der Index ist die Summe der standardisierten Werte.'
      : method === 'mean'
        ? 'Der Index ist das Mittel der standardisierten Werte.'
        : `Der Index ist das gewichtete Mittel der standardisierten Werte (${weights ? `Gewichte: ${weights}` : 'alle Gewichte gleich'}).`,
  byDomain: (method, indicatorWeights, domainWeights) => {
    const within =
      method === 'sum'
        ? 'addiert'
        : method === 'mean'
          ? 'gemittelt'
          : `gewichtet gemittelt (${indicatorWeights ? `Gewichte: ${indicatorWeights}` : 'alle Gewichte gleich'})`;
    const across =
      method === 'sum'
        ? 'die Summe der Teilindizes'
        : method === 'mean'
          ? 'das Mittel der Teilindizes'
          : `das gewichtete Mittel der Teilindizes (${domainWeights ? `Gewichte: ${domainWeights}` : 'alle Handlungsfelder gleich gewichtet'})`;
    return `Je Handlungsfeld werden die standardisierten Werte zu einem Teilindex ${within}; der Index ist ${across}.`;
  },
  subIndicesShown: 'Teilindizes je Handlungsfeld werden zur Ansicht mit derselben Methode gebildet; der Index entsteht aus allen Indikatoren zusammen.',
  restandardised: (fixed) =>
    fixed
      ? 'Das Ergebnis wird mit Mittelwert und Standardabweichung des Basisjahres erneut z-standardisiert.'
      : 'Das Ergebnis wird erneut z-standardisiert: über die gültigen Gebiete hat der Index den Mittelwert 0 und die Standardabweichung 1.',
  classMethod: (method, classes, restandardised) => {
    const count = capitalised(germanCount(classes, 'Klasse', 'Klassen', true));
    switch (method) {
      case 'standard-deviation':
        return restandardised
          ? `${count} nach Standardabweichungen vom Mittelwert (die Grenzen sind z-Werte des Index).`
          : `${count} nach Standardabweichungen vom Mittelwert des Index.`;
      case 'quantile':
        return `${count} nach Quantilen: jede Klasse enthält etwa gleich viele gültige Gebiete.`;
      case 'equal-interval':
        return `${count} gleicher Breite zwischen dem kleinsten und dem größten Indexwert.`;
      case 'ckmeans':
        return `${count} nach Ckmeans (natürliche Unterbrechungen: die Werte einer Klasse liegen so nah beieinander wie möglich).`;
      case 'manual':
        return `${count} mit festen Grenzen.`;
    }
  },
  sdBound: (multiple, language) => (multiple === 0 ? 'Mittelwert' : `Mittelwert ${multiple < 0 ? '−' : '+'} ${formatNumber(Math.abs(multiple), language)} SD`),
  rank: (higherIsNeed) =>
    `Rang 1 hat das Gebiet mit dem ${higherIsNeed ? 'höchsten' : 'niedrigsten'} Indexwert, dem größten Bedarf; gleiche Werte teilen sich einen Rang.`,
};

const EN: Phrases = {
  index: 'index',
  allValues: 'all values',
  source: 'Source',
  otherIndicators: 'no field of action',
  classesAre: 'Classes',
  quote: (label) => `"${label}"`,
  indicators: (count) => capitalised(englishCount(count, 'indicator', 'indicators')),
  indicatorsInDomains: (count, domains) =>
    `${capitalised(englishCount(count, 'indicator', 'indicators'))} in ${englishCount(domains, 'field of action', 'fields of action')}`,
  allHigherIsNeed: (count) => (count === 1 ? 'High values mean more need.' : 'For all of them, high values mean more need.'),
  lowerIsNeed: (names) =>
    `For ${englishList(names)}, low values mean more need; ${names.length === 1 ? 'its values are' : 'their values are'} turned round so that high values mean more need throughout.`,
  missingCodes: (codes) => (codes.length === 1 ? `The value ${codes[0]} counts as missing.` : `The values ${englishList(codes)} count as missing.`),
  minPopulation: (minimum, column) => `Areas with fewer than ${minimum} inhabitants (column ${column}) are not rated.`,
  missingExcludes: 'Areas with a missing indicator value are not rated.',
  missingSkips: 'Where an area lacks an indicator value, its index is formed from the other indicators.',
  validCount: (valid, total) => `${valid} of ${total} areas are rated.`,
  zScore: (valid, sd, fixed) =>
    fixed
      ? "Each indicator is z-standardised against the fixed reference values of a base year (deviation from the base year's mean in its standard deviations), so that years can be compared."
      : `Each indicator is z-standardised over the ${valid === undefined ? '' : `${valid} `}valid areas (deviation from the mean in standard deviations; ${sd === 'population' ? 'population standard deviation, divided by n' : 'sample standard deviation, divided by n − 1'}).`,
  minMax: (fixed) =>
    fixed
      ? 'Each indicator is rescaled to 0 to 1 with the minimum and maximum of a base year.'
      : 'Each indicator is rescaled to 0 to 1 (smallest value of the valid areas 0, largest 1).',
  percentileRank: 'Each indicator becomes its percentile rank: the share of valid areas with a smaller value, ties counted half (0 to 1).',
  noStandardisation: 'The values are not standardised.',
  combined: (method, weights) =>
    method === 'sum'
      ? 'The index is the sum of the standardised values.'
      : method === 'mean'
        ? 'The index is the mean of the standardised values.'
        : `The index is the weighted mean of the standardised values (${weights ? `weights: ${weights}` : 'all weights equal'}).`,
  byDomain: (method, indicatorWeights, domainWeights) => {
    const within =
      method === 'sum'
        ? 'added'
        : method === 'mean'
          ? 'averaged'
          : `averaged with weights (${indicatorWeights ? `weights: ${indicatorWeights}` : 'all weights equal'})`;
    const across =
      method === 'sum'
        ? 'the sum of the sub-indices'
        : method === 'mean'
          ? 'the mean of the sub-indices'
          : `the weighted mean of the sub-indices (${domainWeights ? `weights: ${domainWeights}` : 'all fields of action weighted equally'})`;
    return `Within each field of action, the standardised values are ${within} into a sub-index; the index is ${across}.`;
  },
  subIndicesShown: 'Sub-indices per field of action are formed with the same method for display; the index comes from all indicators together.',
  restandardised: (fixed) =>
    fixed
      ? "The result is z-standardised again with the base year's mean and standard deviation."
      : 'The result is z-standardised again: over the valid areas the index has mean 0 and standard deviation 1.',
  classMethod: (method, classes, restandardised) => {
    const count = capitalised(englishCount(classes, 'class', 'classes'));
    switch (method) {
      case 'standard-deviation':
        return restandardised
          ? `${count} by standard deviations from the mean (the bounds are z-values of the index).`
          : `${count} by standard deviations from the mean of the index.`;
      case 'quantile':
        return `${count} by quantiles: each class holds about as many valid areas as the others.`;
      case 'equal-interval':
        return `${count} of equal width between the smallest and the largest index value.`;
      case 'ckmeans':
        return `${count} by Ckmeans (natural breaks: the values within a class lie as close together as possible).`;
      case 'manual':
        return `${count} with fixed bounds.`;
    }
  },
  sdBound: (multiple, language) => (multiple === 0 ? 'mean' : `mean ${multiple < 0 ? '−' : '+'} ${formatNumber(Math.abs(multiple), language)} SD`),
  rank: (higherIsNeed) => `Rank 1 goes to the area with the ${higherIsNeed ? 'highest' : 'lowest'} index value, the most need; equal values share a rank.`,
};
