// Reference values of a base year, so that an index computed for another year is measured on the base year's scale.
import { SozialraumError, message } from '../errors.js';
import type { Table } from '../io/csv.js';
import { computeIndex, type ComputeIndexOptions } from './compute.js';
import type { IndexSpec, ReferenceValues } from './spec.js';
import { validateIndexSpec } from './validate.js';

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
  return new SozialraumError(
    'parse-error',
    message(`${why.en}, so it cannot serve as a reference`, `${why.de}, daher kann die Spalte nicht als Referenz dienen`),
    {
      source: table.source,
      column,
    },
  );
}

/**
 * The fixed reference of an index as a file of its own, so that one run can save a base year's reference and later
 * runs measure their year on it. `fixed` is the spec's `standardisation.reference.fixed`, `indexReference` its
 * `combination.indexReference`.
 */
export interface IndexReferenceFile {
  referenceVersion: 1;
  /** Id of the spec the reference belongs to. */
  spec: string;
  method: 'z-score' | 'min-max';
  sd?: 'population' | 'sample';
  /** Where the values come from, e.g. the base year's table. */
  source?: string;
  fixed: Record<string, ReferenceValues | { min: number; max: number }>;
  indexReference?: ReferenceValues;
}

/**
 * The reference of a year: of the spec's fixed reference when it has one (so a run on a fixed reference saves that
 * same reference), otherwise computed from `table` as `referenceFromTable` does.
 */
export function indexReferenceOf(spec: IndexSpec, table: Table, options: ComputeIndexOptions): IndexReferenceFile {
  const referenced = typeof spec.standardisation.reference === 'object' ? spec : referenceFromTable(spec, table, options);
  const reference = referenced.standardisation.reference as { fixed: IndexReferenceFile['fixed'] };
  const method = referenced.standardisation.method as IndexReferenceFile['method'];
  return {
    referenceVersion: 1,
    spec: spec.id,
    method,
    ...(method === 'z-score' ? { sd: spec.standardisation.sd ?? 'population' } : {}),
    source: typeof spec.standardisation.reference === 'object' ? `the fixed reference of "${spec.id}"` : table.source,
    fixed: reference.fixed,
    ...(referenced.combination.indexReference ? { indexReference: referenced.combination.indexReference } : {}),
  };
}

/** The reference as JSON text, for a file. */
export function formatIndexReference(reference: IndexReferenceFile): string {
  return `${JSON.stringify(reference, null, 2)}\n`;
}

/**
 * The spec measured on a reference read from JSON: a reference file (`formatIndexReference`), the spec's reference
 * format (`{ "fixed": { … }, "indexReference"?: { … } }`), or an index spec or index result (`--out … .json`) that
 * carries a fixed reference. The values are checked as part of the spec, so a missing indicator or an SD of 0 is
 * named with the file. Throws SozialraumError when the JSON holds no reference or it does not fit the spec.
 */
export function applyIndexReference(spec: IndexSpec, json: unknown, source: string): IndexSpec {
  const found = referenceIn(json);
  if (!found) {
    throw new SozialraumError(
      'parse-error',
      message(
        'holds no fixed reference: expected { "fixed": { "<column>": { "mean", "sd" } … } }, a saved reference or a spec with one',
        'enthält keine feste Referenz: erwartet wird { "fixed": { "<Spalte>": { "mean", "sd" } … } }, eine gespeicherte Referenz oder eine Spezifikation mit einer solchen',
      ),
      { source },
    );
  }
  const declared = (json as { method?: unknown; sd?: unknown }).method;
  if ((declared === 'z-score' || declared === 'min-max') && declared !== spec.standardisation.method) {
    throw new SozialraumError(
      'parse-error',
      message(
        `is a ${declared} reference, but the spec "${spec.id}" uses "${spec.standardisation.method}"`,
        `ist eine Referenz für „${declared}“, die Spezifikation „${spec.id}“ verwendet aber „${spec.standardisation.method}“`,
      ),
      { source },
    );
  }
  const { indexReference: _previous, ...combination } = spec.combination;
  const referenced = {
    ...spec,
    standardisation: { ...spec.standardisation, reference: { fixed: found.fixed } },
    combination: found.indexReference !== undefined && spec.combination.restandardise ? { ...combination, indexReference: found.indexReference } : combination,
  };
  return validateIndexSpec(referenced, source);
}

function referenceIn(json: unknown): { fixed: unknown; indexReference?: unknown } | undefined {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return undefined;
  const record = json as Record<string, unknown>;
  if (typeof record.fixed === 'object' && record.fixed !== null) {
    return { fixed: record.fixed, ...(record.indexReference !== undefined ? { indexReference: record.indexReference } : {}) };
  }
  const spec = (typeof record.spec === 'object' && record.spec !== null ? record.spec : record) as Record<string, unknown>;
  const standardisation = spec.standardisation as { reference?: unknown } | undefined;
  const combination = spec.combination as { indexReference?: unknown } | undefined;
  const reference = standardisation?.reference as { fixed?: unknown } | undefined;
  if (typeof reference?.fixed !== 'object' || reference.fixed === null) return undefined;
  return { fixed: reference.fixed, ...(combination?.indexReference !== undefined ? { indexReference: combination.indexReference } : {}) };
}
