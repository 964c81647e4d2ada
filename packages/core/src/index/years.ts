// An index computed for every year of a table of several years, on one scale and one set of class breaks.
import { withArea } from './area-record.js';
import { mean, standardDeviation } from 'simple-statistics';
import { assignClass, classBreaks, classRanges } from '../classify/classify.js';
import type { Table } from '../io/csv.js';
import { detectYears, tableForYear, type YearOptions } from '../io/years.js';
import { computeIndex, type ComputeIndexOptions } from './compute.js';
import { referenceFromTable } from './reference.js';
import type { IndexResult, IndexSpec } from './spec.js';
import { localiseText } from './text.js';

export interface YearIndexResult {
  year: number;
  /** The year's result, with classes (and their counts) by the breaks shared by all years. */
  result: IndexResult;
}

/**
 * The index of every year of `table` (see `detectYears`), comparable across the years: a z-score or min-max index is
 * measured on the first year's reference unless the spec fixes one, and the classes of every year come from one set
 * of breaks, formed over the index values of all years together. Undefined for a table of one year.
 *
 * Throws SozialraumError as `computeIndex` does for any year.
 */
export function computeIndexYears(table: Table, spec: IndexSpec, options: ComputeIndexOptions & YearOptions): YearIndexResult[] | undefined {
  const layout = detectYears(table, options);
  if (!layout) return undefined;
  const tables = layout.years.map((year) => tableForYear(table, year, { years: layout }));
  let scaled = spec;
  const { method, reference } = spec.standardisation;
  if ((method === 'z-score' || method === 'min-max') && (reference === undefined || reference === 'current')) {
    try {
      scaled = referenceFromTable(spec, tables[0]!, options);
    } catch {
      // A first year without spread cannot be a scale; each year is then measured on its own.
    }
  }
  const results = tables.map((yearTable) => computeIndex(yearTable, scaled, options));
  const pooled = results.flatMap((result) => result.areas.flatMap((area) => (area.class !== null && area.index !== null ? [area.index] : [])));
  const stats = spec.combination.restandardise ? { mean: 0, sd: 1 } : pooled.length > 0 ? { mean: mean(pooled), sd: standardDeviation(pooled) } : undefined;
  const formed = classBreaks(pooled, scaled.classification, stats);
  const labels = formed.specClasses.map((specClass, position) => {
    const label = scaled.classification.labels?.[specClass - 1];
    return label === undefined ? String(position + 1) : localiseText(label, options.language ?? 'de');
  });
  return results.map((result, position) => {
    const counts = labels.map(() => 0);
    const areas = result.areas.map((area) => {
      if (area.class === null || area.index === null) return area;
      const classNumber = assignClass(area.index, formed);
      counts[classNumber - 1]! += 1;
      return withArea(area, { class: classNumber, label: labels[classNumber - 1]! });
    });
    const classes = classRanges(formed).map((range, index) => ({ ...range, label: labels[index]!, count: counts[index]! }));
    return { year: layout.years[position]!, result: { ...result, areas, classes } };
  });
}
