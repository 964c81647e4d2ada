// Class breaks for index and indicator maps: standard deviation, quantile, equal interval, ckmeans and manual breaks,
// and the assignment of a value to its class with the spec's rule for values that fall exactly on a break.
import { mean, quantileSorted, standardDeviation } from 'simple-statistics';
import { ckmeansBreaks } from './ckmeans.js';
import type { Language, LocalisedText } from '../language.js';
import { germanNumber } from '../errors.js';

/** How an index or indicator is divided into classes (the `classification` of an IndexSpec). */
export interface ClassificationSpec {
  /**
   * standard-deviation: breaks at the given multiples of the SD around the mean of the index (`breaks`, e.g.
   * [-1, 1, 1.5]; on a re-standardised index the multiples themselves); quantile / equal-interval / ckmeans: `classes`
   * classes over the valid values; manual: `breaks` as values. Quantile and ckmeans never give empty classes: where
   * ties leave a class empty it is dropped and the other classes keep their labels (see docs/index-spec.md).
   */
  method: 'standard-deviation' | 'quantile' | 'equal-interval' | 'ckmeans' | 'manual';
  /** Number of classes for quantile, equal-interval and ckmeans. */
  classes?: number;
  /** SD multiples (standard-deviation) or values (manual), ascending. */
  breaks?: number[];
  /**
   * Per break: whether a value equal to it belongs to the class below ('lower', the default) or above ('upper').
   * MSS puts z = −1 into "mittel" (upper) and z = 1 into "mittel" (lower).
   */
  equalTo?: ('lower' | 'upper')[];
  /** One label per class, from the lowest values to the highest. */
  labels?: LocalisedText[];
}

/** Whether a value equal to a break belongs to the class below it ('lower') or above it ('upper'). */
export type BreakSide = 'lower' | 'upper';

/** The classes a classification formed: k classes are separated by k − 1 ascending breaks. */
export interface ClassBreaks {
  /** Inner breaks in ascending order (equal neighbours are possible for standard deviation with SD 0). */
  breaks: number[];
  /** Per break, where a value equal to it goes. */
  equalTo: BreakSide[];
  /**
   * Per class (position 0 = class 1), the class of the spec it stands for, counted from 1. It equals the position + 1
   * unless ties dropped empty classes or left ckmeans fewer distinct values than classes; labels are taken from it.
   */
  specClasses: number[];
  /** Why the classes differ from what the spec asked for, in words (in the language asked for, English by default). */
  notes: string[];
}

/** The value range of one class; null bounds are open ends. */
export interface ClassRange {
  class: number;
  min: number | null;
  max: number | null;
  minInclusive: boolean;
  maxInclusive: boolean;
}

/** Centre and spread the standard-deviation method measures from. */
export interface ClassStatistics {
  mean: number;
  sd: number;
}

/**
 * The class breaks of `values` by the spec's method.
 *
 * - standard-deviation: `stats.mean + k · stats.sd` for each multiple k in `spec.breaks`; without `stats`, the mean
 *   and population SD of the values. An SD of 0 puts every break on the mean, and `equalTo` decides the class of the
 *   values there (for MSS: "mittel"). A class no value falls in (one beyond the range of the values) is merged with
 *   its neighbour, with a note, as for quantiles.
 * - quantile: type-7 quantiles (simple-statistics `quantileSorted`, as R and numpy) at 1/k, 2/k, …; a class that ties
 *   leave empty is dropped, so there are never empty classes, and the others keep their spec class (and label).
 * - equal-interval: k intervals of equal width from the minimum to the maximum; empty classes are part of the method
 *   and kept; when all values are equal there is one class.
 * - ckmeans: optimal 1-D k-means (simple-statistics' `ckmeans` on typed arrays, ckmeans.ts; exact, on every value); with fewer distinct values than
 *   classes, one class per distinct value, labelled with the spec's first labels.
 * - manual: `spec.breaks` as they are.
 *
 * Values that are not finite numbers are ignored. Never returns NaN breaks.
 */
export function classBreaks(values: readonly number[], spec: ClassificationSpec, stats?: ClassStatistics, language: Language = 'en'): ClassBreaks {
  const say = (en: string, de: string) => (language === 'de' ? de : en);
  const n = (value: number) => (language === 'de' ? germanNumber(value) : String(value));
  const noValues = () => oneClass(say('there are no values to classify', 'es gibt keine Werte zum Klassifizieren'));
  const finite = values.filter((value) => Number.isFinite(value));
  const sorted = Float64Array.from(finite).sort();
  const sortedValues = Array.from(sorted);
  const classes = spec.classes ?? (spec.breaks ? spec.breaks.length + 1 : 1);
  switch (spec.method) {
    case 'manual': {
      const breaks = [...(spec.breaks ?? [])];
      return { breaks, equalTo: sides(spec, breaks.length), specClasses: countingFrom1(breaks.length + 1), notes: [] };
    }
    case 'standard-deviation': {
      const multiples = spec.breaks ?? [];
      const centre = stats ?? (sortedValues.length > 0 ? { mean: mean(sortedValues), sd: standardDeviation(sortedValues) } : undefined);
      if (!centre) return noValues();
      const breaks = multiples.map((multiple) => centre.mean + multiple * centre.sd);
      const formed = { breaks, equalTo: sides(spec, breaks.length), specClasses: countingFrom1(breaks.length + 1), notes: [] };
      // A class beyond the values (below zero for a rate, say) holds nothing; it joins its neighbour, with a note.
      // Breaks asked for without values, or all on the mean (SD 0), stay as they are: there the spec places the values.
      return sortedValues.length > 0 && centre.sd > 0 ? dropEmptyClasses(formed, sortedValues, 'standard-deviation', language) : formed;
    }
    case 'quantile': {
      if (sortedValues.length === 0) return noValues();
      const breaks = Array.from({ length: classes - 1 }, (_, index) => quantileSorted(sortedValues, (index + 1) / classes));
      return dropEmptyClasses(
        { breaks, equalTo: sides(spec, breaks.length), specClasses: countingFrom1(classes), notes: [] },
        sortedValues,
        'quantile',
        language,
      );
    }
    case 'equal-interval': {
      if (sortedValues.length === 0) return noValues();
      const min = sortedValues[0]!;
      const max = sortedValues[sortedValues.length - 1]!;
      if (min === max)
        return oneClass(say(`all ${sortedValues.length} values are ${min}: one class`, `alle ${sortedValues.length} Werte sind ${n(min)}: eine Klasse`));
      const breaks = Array.from({ length: classes - 1 }, (_, index) => min + (max - min) * ((index + 1) / classes));
      return { breaks, equalTo: sides(spec, breaks.length), specClasses: countingFrom1(classes), notes: [] };
    }
    case 'ckmeans': {
      if (sortedValues.length === 0) return noValues();
      const distinct = countDistinctSorted(sortedValues);
      const formed = Math.min(classes, distinct);
      if (formed <= 1) {
        return oneClass(
          distinct === 1
            ? say(
                `all ${sortedValues.length} values are ${sortedValues[0]}: one class`,
                `alle ${sortedValues.length} Werte sind ${n(sortedValues[0]!)}: eine Klasse`,
              )
            : say('one class asked for', 'eine Klasse verlangt'),
        );
      }
      const breaks = ckmeansBreaks(sorted, formed);
      const notes =
        formed < classes
          ? [
              say(
                `only ${distinct} distinct values: ${formed} classes instead of ${classes}`,
                `nur ${distinct} verschiedene Werte: ${formed} Klassen statt ${classes}`,
              ),
            ]
          : [];
      const equalTo = formed === classes ? sides(spec, breaks.length) : breaks.map((): BreakSide => 'lower');
      return dropEmptyClasses({ breaks, equalTo, specClasses: countingFrom1(formed), notes }, sortedValues, 'ckmeans', language);
    }
  }
}

/** The class of a value, from 1 (lowest values) up, honouring `equalTo` for values on a break. */
export function assignClass(value: number, classBreaks: Pick<ClassBreaks, 'breaks' | 'equalTo'>): number {
  const { breaks, equalTo } = classBreaks;
  for (let index = 0; index < breaks.length; index += 1) {
    const limit = breaks[index]!;
    if (value < limit || (value === limit && equalTo[index] !== 'upper')) return index + 1;
  }
  return breaks.length + 1;
}

/** How many of the values fall in each class (position 0 = class 1). */
export function countClasses(values: readonly number[], classBreaks: Pick<ClassBreaks, 'breaks' | 'equalTo'>): number[] {
  const counts = new Array<number>(classBreaks.breaks.length + 1).fill(0);
  for (const value of values) {
    if (Number.isFinite(value)) counts[assignClass(value, classBreaks) - 1]! += 1;
  }
  return counts;
}

/** The bounds of every class, with whether each bound belongs to the class. */
export function classRanges(classBreaks: Pick<ClassBreaks, 'breaks' | 'equalTo'>): ClassRange[] {
  const { breaks, equalTo } = classBreaks;
  return Array.from({ length: breaks.length + 1 }, (_, index) => {
    const lower = index > 0 ? breaks[index - 1]! : null;
    const upper = index < breaks.length ? breaks[index]! : null;
    return {
      class: index + 1,
      min: lower,
      max: upper,
      minInclusive: lower !== null && equalTo[index - 1] === 'upper',
      maxInclusive: upper !== null && equalTo[index] !== 'upper',
    };
  });
}

function oneClass(note: string): ClassBreaks {
  return { breaks: [], equalTo: [], specClasses: [1], notes: [note] };
}

function sides(spec: ClassificationSpec, count: number): BreakSide[] {
  return Array.from({ length: count }, (_, index) => spec.equalTo?.[index] ?? 'lower');
}

function countingFrom1(count: number): number[] {
  return Array.from({ length: count }, (_, index) => index + 1);
}

function countDistinctSorted(sorted: readonly number[]): number {
  let distinct = 0;
  for (let index = 0; index < sorted.length; index += 1) if (index === 0 || sorted[index] !== sorted[index - 1]) distinct += 1;
  return distinct;
}

/**
 * Removes classes that hold no value, for the data-driven methods where an empty class is an artefact of ties. An
 * empty class goes with its upper break, so its range joins the class above, whose values and spec class remain; the
 * last class, having no upper break, goes with its lower one. The partition of the values does not change.
 */
function dropEmptyClasses(result: ClassBreaks, sorted: readonly number[], method: string, language: Language): ClassBreaks {
  const breaks = [...result.breaks];
  const equalTo = [...result.equalTo];
  const specClasses = [...result.specClasses];
  const dropped: number[] = [];
  for (;;) {
    const counts = countClasses(sorted, { breaks, equalTo });
    const empty = counts.indexOf(0);
    if (empty < 0 || breaks.length === 0) break;
    const breakIndex = empty < breaks.length ? empty : empty - 1;
    breaks.splice(breakIndex, 1);
    equalTo.splice(breakIndex, 1);
    dropped.push(specClasses.splice(empty, 1)[0]!);
  }
  const notes = [...result.notes];
  if (dropped.length > 0) {
    const asked = result.specClasses.length;
    const list = dropped.sort((a, b) => a - b).join(', ');
    const de = language === 'de';
    const one = dropped.length === 1;
    const formed = de
      ? `${specClasses.length} ${specClasses.length === 1 ? 'Klasse wird' : 'Klassen werden'} gebildet`
      : `${specClasses.length} ${specClasses.length === 1 ? 'class is' : 'classes are'} formed`;
    // Standard-deviation classes are empty not through ties but because no value lies that far from the mean.
    const why =
      method === 'standard-deviation'
        ? de
          ? `Standardabweichung: kein Wert liegt in ${one ? 'Klasse' : 'den Klassen'} ${list} von ${asked}, ${one ? 'sie geht' : 'sie gehen'} in der Nachbarklasse auf`
          : `standard deviation: no value lies in ${one ? 'class' : 'classes'} ${list} of ${asked}, merged with the neighbouring class`
        : de
          ? `${method}: gleiche Werte lassen ${one ? 'Klasse' : 'die Klassen'} ${list} von ${asked} leer`
          : `${method}: ties leave ${one ? 'class' : 'classes'} ${list} of ${asked} empty`;
    notes.push(`${why}; ${formed}`);
  }
  return { breaks, equalTo, specClasses, notes };
}
