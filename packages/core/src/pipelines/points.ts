// Aggregate points to areas with protection: the use case behind `sozialraum aggregate --points` and
// <sozialraum-aggregator points="…">. The points are counted (and summed, and split by category) by core's
// aggregatePoints; what may be published goes out from here: small counts suppressed, the split counts protected with
// their total, areas under a minimum count withheld, and every row saying whether the input was public or confidential.
import type { PointAggregation } from '../aggregate/points.js';
import type { Language } from '../index/text.js';
import { perturbCount, type PerturbationTable } from '../privacy/cellkey.js';
import { applyDisclosureControl, type ColumnTotal, type DisclosureResult, type DisclosureRow } from '../privacy/suppression.js';
import { markPerturbed, protectionNotes } from './aggregate.js';

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
  /**
   * Cell-key perturbation of the counts of confidential records, with the cell keys aggregatePoints made from the
   * record keys (its `recordKey`, only where the secret is: the CLI). A sum of a property is a magnitude, not a count
   * of records, and is refused with it.
   */
  perturbation?: PerturbationTable | undefined;
  /** [language='de'] */
  language?: Language | undefined;
}

export interface ProtectedPoints extends DisclosureResult {
  /** The columns of the result, in the order written: count, sum (when summed), count_<category> per category. */
  columns: string[];
  /** The count columns protected. */
  counts: string[];
  confidential: boolean;
  perturbed: boolean;
}

/** The columns a point aggregation gives: `count`, `sum` when a property was summed, and `count_<category>` per category. */
export function pointColumns(result: PointAggregation): string[] {
  return ['count', ...(result.total.sum !== undefined ? ['sum'] : []), ...result.categories.map((category) => `count_${category}`)];
}

/**
 * Applies the protection rules to a point aggregation: for confidential records with `perturbation`, cell-key
 * perturbation of the counts as for grids (protectAggregation), each by the cell key of the records it counts; then
 * primary and secondary suppression of the counts (the split counts with their total, so that no category is given
 * back as a difference), the minimum count per area, and the notes on the input in every row and in the run's notes.
 */
export function protectPointAggregation(result: PointAggregation, protection: PointProtection): ProtectedPoints {
  const language = protection.language ?? 'de';
  const columns = pointColumns(result);
  const categoryColumns = result.categories.map((category) => `count_${category}`);
  const perturbation = protection.confidential ? protection.perturbation : undefined;
  const rows = pointRows(result, categoryColumns, perturbation);
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
  const said = protectionNotes(protection.confidential, perturbation, language);
  for (const row of disclosure.rows) row.notes.unshift(said.row);
  if (perturbation) markPerturbed(disclosure.rows, ['count', ...categoryColumns]);
  return {
    rows: disclosure.rows,
    notes: [...said.run, ...disclosure.notes],
    columns,
    counts,
    confidential: protection.confidential,
    perturbed: perturbation !== undefined,
  };
}

/**
 * One row per area: its count, sum and counts per category; with `perturbation` each count moved by the noise for
 * the cell key of the records it counts (the area's, or the category's in the area).
 */
function pointRows(result: PointAggregation, categoryColumns: readonly string[], perturbation: PerturbationTable | undefined): DisclosureRow[] {
  // A sum of a property (places, beds) is a magnitude; the noise of this table is for counts of records.
  if (perturbation && result.total.sum !== undefined) throw new Error('protectPointAggregation: a sum cannot be perturbed by the cell-key method for counts');
  return result.areas.map((area) => {
    const keys = area.cellKeys;
    if (perturbation && !keys) throw new Error(`protectPointAggregation: area ${area.id} has no cell key; aggregate the points with a recordKey`);
    const counted = (value: number, key: number | undefined) => (perturbation ? perturbCount(perturbation, value, key!) : value);
    const values: Record<string, number | null> = { count: counted(area.count, keys?.count) };
    if (area.sum !== undefined) values.sum = area.sum;
    result.categories.forEach((category, index) => (values[categoryColumns[index]!] = counted(area.byCategory![category]!, keys?.byCategory?.[category])));
    return { id: area.id, values };
  });
}
