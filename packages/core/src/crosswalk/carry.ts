// Counts and rates of a table carried through a crosswalk onto the target areas, with what was split, lost or missing.
import { SozialraumError, germanNumber, issue, message, type DataIssue } from '../errors.js';
import { assertTableColumns, unparseableIssues, type Table } from '../io/csv.js';
import { numberColumn, valueAt, withMissingCodes, type NumberColumn } from '../io/columns.js';
import { joinTable } from '../io/join.js';
import { describeNames, keyExamples } from '../io/text.js';
import type { Crosswalk } from './crosswalk.js';

/** A rate carried as its numerator and denominator and divided afterwards: `name = numerator / denominator × scale`. */
export interface CarriedRate {
  name: string;
  numerator: string;
  denominator: string;
  /** [scale=1] e.g. 100 for a percentage. */
  scale?: number;
}

export interface CarryOptions {
  /** Column of the table holding the source area key. */
  keyColumn: string;
  /** Columns of counts to carry (residents, recipients, …). Rates and shares must not be listed here: give them as `rates`. */
  columns: readonly string[];
  /** Rates, carried as numerator and denominator (both added to the carried counts) and divided per target. */
  rates?: readonly CarriedRate[];
  /** Cell values that mean "no value", e.g. [-9999]; empty cells and "–" always do. */
  missingValues?: readonly number[];
  /** [splitColumn=the first carried column] The count whose split share is reported per target. */
  splitColumn?: string;
  /**
   * [splitTolerance=0.01] A source counts as split when less than 1 − splitTolerance of it goes to one target; the
   * tolerance keeps the slivers of redigitised outlines from marking every source as split.
   */
  splitTolerance?: number;
}

export interface CarriedArea {
  /** Target area key. */
  id: string;
  /** Carried counts and computed rates; null where no source with a value contributed (or a rate's denominator is 0). */
  values: Record<string, number | null>;
  /**
   * Share of the target's `splitColumn` count that came from sources split over more than one target, so estimated
   * rather than counted; null when the target received none of it.
   */
  splitShare: number | null;
}

export interface CarryResult {
  /** The carried counts (given columns, then rate numerators and denominators not among them), then the rates. */
  columns: string[];
  splitColumn: string;
  /** One entry per target area, in the crosswalk's target order. */
  areas: CarriedArea[];
  /** Sources with a share outside every target (before normalisation), largest first. */
  outside: { source: string; share: number }[];
  /** Sources touching no target, with the counts that could not be carried. */
  lost: { source: string; values: Record<string, number | null> }[];
  /** Per count column: the total of the sources' values, of what arrived on the targets, and of what was lost. */
  totals: Record<string, { source: number; target: number; lost: number }>;
  /** Per count column, the source keys without a value: they carry nothing (as if 0), and say so here. */
  missing: Record<string, string[]>;
  /** Source areas without a table row, and table rows naming no source area (from the join). */
  unmatchedAreaIds: string[];
  unmatchedRows: { row: number; key: string }[];
  /** Everything a user should hear about: bad numbers, unmatched keys, lost and missing values, intersection failures. */
  issues: DataIssue[];
}

/**
 * Checks a table and options against the source keys before anything is carried, so that a run can refuse them before
 * the (costly) intersection: every column present, rate names free, the key column joining at least one source area.
 * Returns the carried count columns and the split column. Throws SozialraumError naming the file and column.
 */
export function checkCarryInput(sourceIds: readonly string[], table: Table, options: CarryOptions): { counts: string[]; splitColumn: string } {
  const { source } = table;
  const rates = options.rates ?? [];
  const counts = [...new Set([...options.columns, ...rates.flatMap((rate) => [rate.numerator, rate.denominator])])];
  if (counts.length === 0)
    throw new SozialraumError('unknown-field', message('no column to carry was given', 'es wurde keine Spalte zum Übertragen angegeben'), { source });
  assertTableColumns(table, [options.keyColumn, ...counts]);
  for (const rate of rates) {
    if (counts.includes(rate.name)) {
      throw new SozialraumError(
        'unknown-field',
        message(
          `the rate "${rate.name}" has the name of a carried count; name it otherwise`,
          `die Quote „${rate.name}“ trägt den Namen einer übertragenen Anzahl; benennen Sie sie anders`,
        ),
        { source, column: rate.name },
      );
    }
  }
  const splitColumn = options.splitColumn ?? counts[0]!;
  if (!counts.includes(splitColumn)) {
    throw new SozialraumError(
      'unknown-field',
      message(
        `the split share column "${splitColumn}" is not carried; carry it or choose one of ${describeNames(counts)}`,
        `die Spalte „${splitColumn}“ für die Aufteilungsanteile wird nicht übertragen; übertragen Sie sie oder wählen Sie eine von ${describeNames(counts, 20, 'de')}`,
      ),
      { source },
    );
  }
  joinTable(sourceIds, table, options.keyColumn);
  return { counts, splitColumn };
}

/**
 * Carries the counts of `table` (one row per source area) onto the target areas of the crosswalk: each target gets
 * Σ weight × value over the sources that overlap it, so that the total of every column is kept except for what
 * sources touching no target hold (reported as lost). A missing value carries nothing and is reported; a target
 * that receives only missing values has none. Rates are divided after carrying, never averaged.
 *
 * Throws SozialraumError for a column the table lacks or a table whose keys match no source area.
 */
export function carryTable(crosswalk: Crosswalk, table: Table, options: CarryOptions): CarryResult {
  const { source } = table;
  const rates = options.rates ?? [];
  const { counts, splitColumn } = checkCarryInput(crosswalk.sourceIds, table, options);
  const tolerance = options.splitTolerance ?? 0.01;
  const missingCodes = options.missingValues ?? [];
  const join = joinTable(crosswalk.sourceIds, table, options.keyColumn);
  const issues: DataIssue[] = [...crosswalk.overlay.issues, ...join.issues];

  // Source values per column, by key; only rows that joined a source area.
  const rowIndex = new Map(table.rows.map((row, index) => [row, index]));
  const values = new Map<string, NumberColumn>();
  for (const column of counts) {
    const read = numberColumn(table, column);
    issues.push(...unparseableIssues(table, read).map((found) => ({ ...found, message: `${found.message}; it carries nothing` })));
    values.set(column, withMissingCodes(read, missingCodes));
  }
  const valueOf = (column: string, key: string): number | null => {
    const row = join.rowsByKey.get(key);
    return row === undefined ? null : valueAt(values.get(column)!, rowIndex.get(row)!);
  };

  const targetIndex = new Map(crosswalk.targetIds.map((id, index) => [id, index]));
  const sums = new Map(counts.map((column) => [column, new Float64Array(crosswalk.targetIds.length)]));
  const received = new Map(counts.map((column) => [column, new Uint8Array(crosswalk.targetIds.length)]));
  const splitSums = new Float64Array(crosswalk.targetIds.length);
  const totals: CarryResult['totals'] = Object.fromEntries(counts.map((column) => [column, { source: 0, target: 0, lost: 0 }]));
  const missing: Record<string, string[]> = Object.fromEntries(counts.map((column) => [column, []]));
  const lost: CarryResult['lost'] = [];
  for (const key of crosswalk.sourceIds) {
    const weights = crosswalk.weights.get(key)!;
    const split = weights.length > 0 && Math.max(...weights.map((entry) => entry.weight)) < 1 - tolerance;
    const lostValues: Record<string, number | null> = {};
    for (const column of counts) {
      const value = valueOf(column, key);
      if (value === null) {
        if (join.rowsByKey.has(key)) missing[column]!.push(key);
        lostValues[column] = null;
        continue;
      }
      totals[column]!.source += value;
      if (weights.length === 0) {
        totals[column]!.lost += value;
        lostValues[column] = value;
        continue;
      }
      const sum = sums.get(column)!;
      const got = received.get(column)!;
      for (const { target, weight } of weights) {
        const index = targetIndex.get(target)!;
        sum[index] += weight * value;
        got[index] = 1;
        if (split && column === splitColumn) splitSums[index] += weight * value;
      }
    }
    if (weights.length === 0 && join.rowsByKey.has(key)) lost.push({ source: key, values: lostValues });
  }

  const areas: CarriedArea[] = crosswalk.targetIds.map((id, index) => {
    const carried: Record<string, number | null> = {};
    for (const column of counts) carried[column] = received.get(column)![index] ? sums.get(column)![index]! : null;
    for (const rate of rates) {
      const numerator = carried[rate.numerator];
      const denominator = carried[rate.denominator];
      carried[rate.name] = numerator === null || numerator === undefined || !denominator ? null : (numerator / denominator) * (rate.scale ?? 1);
    }
    const splitTotal = carried[splitColumn];
    return { id, values: carried, splitShare: splitTotal ? splitSums[index]! / splitTotal : null };
  });
  for (const column of counts) totals[column]!.target = areas.reduce((sum, area) => sum + (area.values[column] ?? 0), 0);

  const outside = [...crosswalk.outsideShare]
    .filter(([key, share]) => share > 0 && crosswalk.weights.get(key)!.length > 0)
    .map(([key, share]) => ({ source: key, share }))
    .sort((a, b) => b.share - a.share);
  issues.push(...lossIssues(lost, missing, counts, totals, source, options.keyColumn));
  return {
    columns: [...counts, ...rates.map((rate) => rate.name)],
    splitColumn,
    areas,
    outside,
    lost,
    totals,
    missing,
    unmatchedAreaIds: join.unmatchedAreaIds,
    unmatchedRows: join.unmatchedRows,
    issues,
  };
}

/** Warnings for the counts sources touching no target lose, and for the sources without a value, per column. */
function lossIssues(
  lost: CarryResult['lost'],
  missing: Readonly<Record<string, string[]>>,
  counts: readonly string[],
  totals: CarryResult['totals'],
  source: string,
  keyColumn: string | undefined,
): DataIssue[] {
  const issues: DataIssue[] = [];
  if (lost.length > 0) {
    const examples = keyExamples(lost.map((entry) => entry.source));
    const amounts = counts.map((column) => `${column} ${formatAmount(totals[column]!.lost)}`).join(', ');
    const betraege = counts.map((column) => `${column} ${germanAmount(totals[column]!.lost)}`).join(', ');
    issues.push(
      issue(
        'unmatched-keys',
        'warning',
        message(
          `${lost.length} source areas touch no target area, so their counts are lost: ${examples.en} (${amounts})`,
          `${germanNumber(lost.length)} ${lost.length === 1 ? 'Ausgangsgebiet berührt' : 'Ausgangsgebiete berühren'} kein Zielgebiet, ${lost.length === 1 ? 'seine' : 'ihre'} Anzahlen gehen daher verloren: ${examples.de} (${betraege})`,
        ),
        { source, column: keyColumn },
      ),
    );
  }
  for (const column of counts) {
    const keys = missing[column]!;
    if (keys.length === 0) continue;
    const examples = keyExamples(keys);
    issues.push(
      issue(
        'bad-number',
        'warning',
        message(
          `${keys.length} source areas have no value, so they carry nothing (as if 0): ${examples.en}`,
          `${germanNumber(keys.length)} ${keys.length === 1 ? 'Ausgangsgebiet hat keinen Wert und überträgt' : 'Ausgangsgebiete haben keinen Wert und übertragen'} daher nichts (wie 0): ${examples.de}`,
        ),
        { source, column },
      ),
    );
  }
  return issues;
}

/** Carries one set of values per source key through the crosswalk, for callers that hold numbers rather than a table. */
export function carryValues(crosswalk: Crosswalk, values: ReadonlyMap<string, number>): Map<string, number> {
  const result = new Map<string, number>(crosswalk.targetIds.map((id) => [id, 0]));
  for (const [key, value] of values) {
    for (const { target, weight } of crosswalk.weights.get(key) ?? []) result.set(target, result.get(target)! + weight * value);
  }
  return result;
}

function formatAmount(value: number): string {
  return value.toLocaleString('en-US', { maximumFractionDigits: 1 });
}

function germanAmount(value: number): string {
  return germanNumber(Math.round(value * 10) / 10);
}
