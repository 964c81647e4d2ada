// Aggregate to areas with protection: the one use case behind `sozialraum aggregate` and <sozialraum-aggregator>.
// Statistics per area come in (computed by core or by workers); what may be published goes out: perturbed or
// suppressed values, flags and notes, and the table every front end writes. The rules live here and only here, so
// the same input gives the same protected output in the browser and on the command line.
import { areaCoverage, coverageWeights, type CoverageMethod, type CoverageWeights } from '../aggregate/coverage.js';
import type { Grid, RasterBand } from '../aggregate/grid.js';
import { coverageFinding, type CoverageFlag } from '../aggregate/statistics.js';
import { germanNumber } from '../errors.js';
import { writeCsv } from '../io/csv-write.js';
import type { Language } from '../index/text.js';
import type { AreaCollection } from '../io/areas.js';
import { cellKey, perturbCount, type PerturbationTable } from '../privacy/cellkey.js';
import { nearDuplicateAreas, type NearDuplicate } from '../privacy/near-duplicates.js';
import { applyDisclosureControl, type DisclosureResult, type DisclosureRow } from '../privacy/suppression.js';

/** The order flags are written in, in the CSV's `flags` column. */
export const AGGREGATE_FLAG_ORDER = [
  'no-data',
  'partial-data',
  'suppressed',
  'perturbed',
  'estimated',
  'small-population',
  'near-duplicate-suppressed',
] as const;

/** For a layer of counts: the statistics that count persons, and those that give the sum back (× area, × cells). */
export const AGGREGATE_COUNT_STATISTICS = ['sum', 'min', 'max'] as const;
export const AGGREGATE_DERIVED_FROM_SUM = ['mean', 'weighted_mean', 'density'] as const;

/**
 * The record key of a grid cell, from the office's secret. The front end that holds the secret (only the CLI)
 * makes it; it must depend on the cell's place on the ground, not on its index, so the same cell keeps its key in
 * every file and window of the grid. A whole number in [0, 2^32).
 */
export type RecordKeyOf = (cell: number, grid: Grid) => number;

export interface CellKeyPerturbation {
  table: PerturbationTable;
  recordKey: RecordKeyOf;
}

export interface AggregationInput {
  /** The areas aggregated, in the order of `statistics`. */
  areas: AreaCollection;
  /** The layer aggregated (a grid of counts or a raster band) with its grid. */
  layer: RasterBand & { grid: Grid };
  method: CoverageMethod;
  /** One row per area in the areas' order: the statistics by column name (sum, mean, min, max, count, coverage, …). */
  statistics: readonly DisclosureRow[];
  /** The areas' weights on the layer's grid when the caller has them; they are computed here otherwise. */
  weights?: CoverageWeights | undefined;
  /** The areas published before (a reference file, the ledger of earlier runs), weighed on the same grid. */
  reference?: readonly CoverageWeights[] | undefined;
}

export interface AggregationProtection {
  /** [minCount=3] Counts above 0 and below it are never published; 0 switches suppression and the guard off. */
  minCount?: number | undefined;
  /** The columns that count persons. Default: sum, min and max where present. */
  counts?: readonly string[] | undefined;
  /** Areas under this population (the sum) are withheld whole. */
  minPopulation?: number | undefined;
  /** The layer holds estimated or perturbed counts already (a published Zensus grid). */
  estimated: boolean;
  /**
   * The layer is the office's own confidential data (register counts per cell), not a published grid. Every output
   * says which it was; with `perturbation` the counts are perturbed by the cell-key method.
   */
  confidential: boolean;
  /** Cell-key perturbation of the counts; only for confidential input, only where the secret is (the CLI). */
  perturbation?: CellKeyPerturbation | undefined;
  /** [language='de'] */
  language?: Language | undefined;
  signal?: AbortSignal | undefined;
}

export interface ProtectedAggregation extends DisclosureResult {
  /** The pairs the differencing guard found (the later area of each is withheld). */
  nearDuplicates: NearDuplicate[];
  /** The count columns protected. */
  counts: string[];
  confidential: boolean;
  perturbed: boolean;
  /**
   * The areas that cells with data cover only in part (`partial-data`) or not at all (`no-data`), from the `coverage`
   * statistic where the statistics have it, with the note in the run's language. An area not named is covered whole.
   */
  coverage: Map<string, AreaCoverageFinding>;
}

/** What an area's value means when cells with data do not cover it whole: its flag and the note, in one language. */
export interface AreaCoverageFinding {
  flag: CoverageFlag;
  note: string;
}

/**
 * Applies every protection rule to the statistics of an aggregation, in this order: cell-key perturbation of the
 * counts (confidential input with a perturbation table; derived values follow their sum), the differencing guard
 * (areas whose difference to another area of this run or of the reference holds fewer than min-count persons are
 * withheld; counted in persons, not cells), the minimum population, primary and secondary suppression, and the
 * flags and notes that say what was done, including whether the input was public or confidential.
 */
export function protectAggregation(input: AggregationInput, protection: AggregationProtection): ProtectedAggregation {
  const language = protection.language ?? 'de';
  const minCount = protection.minCount ?? 3;
  const present = new Set(input.statistics.flatMap((row) => Object.keys(row.values)));
  const counts = minCount > 0 ? [...(protection.counts ?? AGGREGATE_COUNT_STATISTICS.filter((name) => present.has(name)))] : [];
  const derived = counts.includes('sum') ? Object.fromEntries(AGGREGATE_DERIVED_FROM_SUM.filter((name) => present.has(name)).map((name) => [name, 'sum'])) : {};
  const perturbation = protection.confidential ? protection.perturbation : undefined;
  const needsWeights = counts.length > 0 || perturbation !== undefined;
  const weights = needsWeights
    ? (input.weights ?? coverageWeights(input.areas, input.layer.grid, { method: input.method, signal: protection.signal }))
    : undefined;

  let rows = input.statistics;
  if (perturbation && weights) rows = perturbRows(rows, weights, input.layer, perturbation, counts, Object.keys(derived));
  const nearDuplicates: NearDuplicate[] = [];
  if (weights && counts.length > 0) {
    const guard = { values: input.layer, minCount, perturbed: perturbation !== undefined, signal: protection.signal };
    const [first, ...more] = input.reference ?? [];
    nearDuplicates.push(...nearDuplicateAreas(weights, first ?? null, guard));
    // Pairs within this run were found with the first reference; the other references add their own pairs only.
    for (const reference of more) nearDuplicates.push(...nearDuplicateAreas(weights, reference, guard).filter((pair) => pair.inReference));
  }
  const disclosure = applyDisclosureControl(rows, {
    language,
    minCount,
    countColumns: counts,
    derivedColumns: derived,
    ...(protection.minPopulation !== undefined ? { population: 'sum', minPopulation: protection.minPopulation } : {}),
    estimated: protection.estimated,
    nearDuplicates,
  });
  const said = protectionNotes(protection.confidential, perturbation?.table, language);
  for (const row of disclosure.rows) row.notes.unshift(said.row);
  if (perturbation) markPerturbed(disclosure.rows, [...counts, ...Object.keys(derived)]);
  const notes = [...said.run, ...disclosure.notes];
  const coverage = coverageFindings(input.statistics, language);
  return { rows: disclosure.rows, notes, nearDuplicates, counts, confidential: protection.confidential, perturbed: perturbation !== undefined, coverage };
}

/**
 * The coverage flag and note of every area whose statistics carry a `coverage` share below whole; an empty share
 * (null) is no data. Areas whose statistics have no `coverage` (points, tables) get none.
 */
export function coverageFindings(statistics: readonly DisclosureRow[], language: Language): Map<string, AreaCoverageFinding> {
  const found = new Map<string, AreaCoverageFinding>();
  for (const row of statistics) {
    const share = row.values.coverage;
    if (share === undefined) continue;
    const finding = coverageFinding(share ?? Number.NaN);
    if (finding) found.set(row.id, { flag: finding.flag, note: finding.note[language] });
  }
  return found;
}

/**
 * What every output says about the input: public or confidential, and perturbed or not. `row` goes first into every
 * row's notes (so a CSV file says it on its own), `run` into the notes of the whole run.
 */
export function protectionNotes(confidential: boolean, perturbation: PerturbationTable | undefined, language: Language = 'de'): { row: string; run: string[] } {
  const say = (en: string, de: string) => (language === 'de' ? de : en);
  const n = (value: number) => (language === 'de' ? germanNumber(value) : String(value));
  const row = confidential
    ? perturbation
      ? say('input confidential; counts perturbed (cell-key method)', 'Eingabe vertraulich; Fallzahlen überlagert (Cell-Key-Verfahren)')
      : say('input confidential', 'Eingabe vertraulich')
    : say('input public', 'Eingabe öffentlich');
  const run = [
    confidential
      ? say(
          "the input was declared confidential (the office's own counts): every count derived from it is protected",
          'die Eingabe ist als vertraulich erklärt (eigene Fallzahlen des Amtes): jede daraus abgeleitete Zahl ist geschützt',
        )
      : say(
          'the input is public (a published grid): aggregating it discloses nothing new; small counts are still suppressed',
          'die Eingabe ist öffentlich (ein veröffentlichtes Gitter): ihre Aggregation legt nichts Neues offen; kleine Fallzahlen werden dennoch gesperrt',
        ),
  ];
  if (confidential && perturbation) {
    run.push(
      say(
        `counts perturbed by the cell-key method (maximum deviation D = ${perturbation.maxDeviation}, variance V = ${perturbation.variance}); ` +
          'means and densities are computed from the perturbed sums',
        `Fallzahlen nach dem Cell-Key-Verfahren überlagert (maximale Abweichung D = ${n(perturbation.maxDeviation)}, Varianz V = ${n(perturbation.variance)}); ` +
          'Mittelwerte und Dichten beruhen auf den überlagerten Summen',
      ),
    );
  }
  return { row, run };
}

/** Flags the values of `columns` that are shown as `perturbed` (first among their flags); withheld ones stay as they are. */
export function markPerturbed(rows: DisclosureResult['rows'], columns: readonly string[]): void {
  for (const row of rows) {
    for (const column of columns) {
      if (row.values[column] === null || row.values[column] === undefined) continue;
      const flags = (row.flags[column] ??= []);
      if (!flags.includes('perturbed')) flags.unshift('perturbed');
    }
  }
}

/**
 * The counts of every area perturbed with the cell key of the records it holds: the cells with people that it
 * touches. Each count column gets its own offset of the key, so a sum and a maximum do not move together; values
 * derived from the sum are scaled with it.
 */
function perturbRows(
  rows: readonly DisclosureRow[],
  weights: CoverageWeights,
  layer: RasterBand & { grid: Grid },
  perturbation: CellKeyPerturbation,
  counts: readonly string[],
  derived: readonly string[],
): DisclosureRow[] {
  const { table, recordKey } = perturbation;
  const nodata = layer.nodata === undefined ? Number.NaN : layer.nodata;
  const keyOfCell = new Map<number, number>();
  return rows.map((row, index) => {
    const { cells, fractions } = areaCoverage(weights, index);
    const keys: number[] = [];
    cells.forEach((cell, position) => {
      const value = layer.values[cell]!;
      if (!(fractions[position]! > 0) || value !== value || value === nodata || value === 0) return;
      let key = keyOfCell.get(cell);
      if (key === undefined) keyOfCell.set(cell, (key = recordKey(cell, layer.grid)));
      keys.push(key);
    });
    const key = cellKey(keys);
    const values: Record<string, number | null> = { ...row.values };
    counts.forEach((column, offset) => {
      const value = values[column];
      // The golden ratio spreads the offsets of the columns evenly over the keys' range.
      if (typeof value === 'number' && Number.isFinite(value)) values[column] = perturbCount(table, value, (key + offset * 0.6180339887498949) % 1);
    });
    const trueSum = row.values.sum;
    const perturbedSum = values.sum;
    for (const column of derived) {
      const value = values[column];
      if (typeof value !== 'number' || !Number.isFinite(value) || typeof trueSum !== 'number' || typeof perturbedSum !== 'number') continue;
      values[column] = trueSum > 0 ? (value * perturbedSum) / trueSum : value;
    }
    return { id: row.id, values };
  });
}

/** One column of the written table: the statistic and its heading. */
export interface AggregateColumn {
  statistic: string;
  label: string;
}

/** The table every front end writes: a header and per area the id, the values, the flags and the notes. */
export interface AggregateTable {
  header: string[];
  rows: (string | number | null)[][];
}

/**
 * The protected result as a table: `idHeader`, one column per statistic (numbers to six decimals, a millionth of a
 * person or cell: enough for any count, without the noise of binary fractions), `flags` (of the columns written,
 * joined with '|', with the result's coverage flag of the area) and `notes` (joined with '; ', its coverage note first).
 */
export function aggregateTable(
  result: Pick<DisclosureResult, 'rows'> & { coverage?: ReadonlyMap<string, AreaCoverageFinding> | undefined },
  columns: readonly AggregateColumn[],
  idHeader: string,
): AggregateTable {
  const coverage = result.coverage;
  const header = [idHeader, ...columns.map((column) => column.label), 'flags', 'notes'];
  const rows = result.rows.map((row) => {
    // The flags of the columns written: a sum computed only to protect a mean has its say through the mean.
    const flags = new Set<string>(row.areaFlags);
    for (const { statistic } of columns) for (const flag of row.flags[statistic] ?? []) flags.add(flag);
    // An area that cells with data cover only in part, or not at all, says so first: its value is no count of the whole.
    const covered = coverage?.get(row.id);
    if (covered) flags.add(covered.flag);
    const notes = covered ? [covered.note, ...row.notes] : row.notes;
    return [
      row.id,
      ...columns.map(({ statistic }) => tableNumber(row.values[statistic])),
      AGGREGATE_FLAG_ORDER.filter((flag) => flags.has(flag)).join('|'),
      notes.join('; '),
    ];
  });
  return { header, rows };
}

/** Six decimals are a millionth of a person or cell: enough for any count, without the noise of binary fractions. */
export function tableNumber(value: number | null | undefined): number | null {
  if (value === null || value === undefined || !Number.isFinite(value)) return null;
  const rounded = Number(value.toFixed(6));
  return Object.is(rounded, -0) ? 0 : rounded;
}

/**
 * The table as CSV through core's one writer (commas, decimal points, formulas in text cells guarded, CRLF lines).
 * Both front ends write the aggregate through this, so their files are the same byte for byte.
 */
export function aggregateCsv(table: AggregateTable): string {
  return writeCsv(table.header, table.rows);
}
