// Reference values of a base year, so that an index computed for another year is measured on the base year's scale.
import { SozialraumError, message } from '../errors.js';
import type { Table } from '../io/csv.js';
import { computeIndex, type ComputeIndexOptions } from './compute.js';
import type { IndexSpec, ReferenceValues } from './spec.js';

/**
 * The spec with a fixed reference taken from `table`, the indicator table of a base year: per indicator the mean and
 * SD (z-score) or min and max (min-max) of its raw values over the table's valid areas, by the spec's own validity
 * rule and SD kind; and, when the index is re-standardised, the mean and SD of the combined index of the base year
 * (`combination.indexReference`). Computing the spec on the base table itself then gives the same values as with the
 * current reference; computing it on another year's table measures that year in base-year SDs.
 *
 * Throws SozialraumError when the method has no fixed reference (percentile-rank, none) or an indicator has no
 * values or no spread in the base table, since it could not serve as a scale.
 */
export function referenceFromTable(spec: IndexSpec, table: Table, options: ComputeIndexOptions): IndexSpec {
  const method = spec.standardisation.method;
  if (method !== 'z-score' && method !== 'min-max') {
    throw new SozialraumError(
      'parse-error',
      message(
        `a reference table needs standardisation.method "z-score" or "min-max"; the spec "${spec.id}" uses "${method}"`,
        `eine Referenztabelle braucht standardisation.method „z-score“ oder „min-max“; die Spezifikation „${spec.id}“ verwendet „${method}“`,
      ),
      { source: table.source },
    );
  }
  const { indexReference: _ignored, ...combination } = spec.combination;
  const base: IndexSpec = {
    ...spec,
    standardisation: { ...spec.standardisation, reference: 'current' },
    combination: { ...combination, restandardise: false },
  };
  const result = computeIndex(table, base, options);
  const fixed: Record<string, ReferenceValues | { min: number; max: number }> = {};
  for (const entry of result.statistics) {
    if (method === 'z-score') {
      if (entry.mean === null || entry.sd === null || entry.sd === 0) throw noScale(table, entry.column, entry.n);
      fixed[entry.column] = { mean: entry.mean, sd: entry.sd };
    } else {
      if (entry.min === null || entry.max === null || entry.max === entry.min) throw noScale(table, entry.column, entry.n);
      fixed[entry.column] = { min: entry.min, max: entry.max };
    }
  }
  const referenced: IndexSpec = { ...spec, standardisation: { ...spec.standardisation, reference: { fixed } } };
  if (!spec.combination.restandardise) return { ...referenced, combination };
  const { mean, sd } = result.index;
  if (mean === null || sd === null || sd === 0) {
    throw new SozialraumError(
      'parse-error',
      message(
        'the combined index has no spread over the valid areas, so it cannot serve as a reference',
        'der zusammengesetzte Index streut über die gültigen Gebiete nicht, daher kann er nicht als Referenz dienen',
      ),
      { source: table.source },
    );
  }
  return { ...referenced, combination: { ...combination, indexReference: { mean, sd } } };
}

function noScale(table: Table, column: string, n: number): SozialraumError {
  const why =
    n === 0
      ? message('no valid area has a value', 'kein gültiges Gebiet hat einen Wert')
      : message('the value is the same in every valid area', 'der Wert ist in jedem gültigen Gebiet derselbe');
  return new SozialraumError('parse-error', message(`${why.en}, so it cannot serve as a reference`, `${why.de}, daher kann die Spalte nicht als Referenz dienen`), {
    source: table.source,
    column,
  });
}
