// Aggregate points to areas with protection: the use case behind `sozialraum aggregate --points` and
// <sozialraum-aggregator points="…">. The points are counted (and summed, and split by category) by core's
// aggregatePoints; what may be published goes out from here: small counts suppressed, the split counts protected with
// their total, areas under a minimum count withheld, and every row saying whether the input was public or confidential.
import type { PointAggregation } from '../aggregate/points.js';
import type { Language } from '../index/text.js';
import { applyDisclosureControl, type ColumnTotal, type DisclosureResult, type DisclosureRow } from '../privacy/suppression.js';
import { protectionNotes } from './aggregate.js';

export interface PointProtection {
  /** [minCount=3] Counts above 0 and below it are never published; 0 switches suppression off. */
  minCount?: number | undefined;
  /** The columns that count persons or cases. Default: every column (count, sum, count_<category>). */
  counts?: readonly string[] | undefined;
  /** Areas with fewer points than this are withheld whole. */
  minPopulation?: number | undefined;
  /** The points are estimates already (e.g. geocoded from a published table). */
  estimated?: boolean | undefined;
  /** The points are the office's own records (cases, addresses), not published facilities. */
  confidential: boolean;
  /** [language='de'] */
  language?: Language | undefined;
}

export interface ProtectedPoints extends DisclosureResult {
  /** The columns of the result, in the order written: count, sum (when summed), count_<category> per category. */
  columns: string[];
  /** The count columns protected. */
  counts: string[];
  confidential: boolean;
}

/** The columns a point aggregation gives: `count`, `sum` when a property was summed, and `count_<category>` per category. */
export function pointColumns(result: PointAggregation): string[] {
  return ['count', ...(result.total.sum !== undefined ? ['sum'] : []), ...result.categories.map((category) => `count_${category}`)];
}

/**
 * Applies the protection rules to a point aggregation: primary and secondary suppression of the counts (the split
 * counts with their total, so that no category is given back as a difference), the minimum count per area, and the
 * notes on the input in every row and in the run's notes.
 */
export function protectPointAggregation(result: PointAggregation, protection: PointProtection): ProtectedPoints {
  const language = protection.language ?? 'de';
  const columns = pointColumns(result);
  const categoryColumns = result.categories.map((category) => `count_${category}`);
  const rows: DisclosureRow[] = result.areas.map((area) => {
    const values: Record<string, number | null> = { count: area.count };
    if (area.sum !== undefined) values.sum = area.sum;
    result.categories.forEach((category, index) => (values[categoryColumns[index]!] = area.byCategory![category]!));
    return { id: area.id, values };
  });
  const counts = [...(protection.counts ?? columns)];
  const parts = categoryColumns.filter((column) => counts.includes(column));
  const totals: ColumnTotal[] = categoryColumns.length > 0 ? [{ total: 'count', parts }] : [];
  const disclosure = applyDisclosureControl(rows, {
    language,
    minCount: protection.minCount ?? 3,
    countColumns: counts,
    totals,
    ...(protection.minPopulation !== undefined ? { population: 'count', minPopulation: protection.minPopulation } : {}),
    estimated: protection.estimated ?? false,
  });
  // Points are records; what the input was is said in every row, as for grids (see protectAggregation).
  const said = protectionNotes(protection.confidential, undefined, language);
  for (const row of disclosure.rows) row.notes.unshift(said.row);
  return { rows: disclosure.rows, notes: [...said.run, ...disclosure.notes], columns, counts, confidential: protection.confidential };
}
