// Zonal statistics: raster values summed, averaged and counted per Sozialraum through precomputed coverage weights.
import { germanNumber, issue, message, type DataIssue, type Message } from '../errors.js';
import type { CoverageWeights } from './coverage.js';
import type { RasterBand } from './grid.js';

/**
 * - `sum`: Σ fraction × value over cells with data (for counts such as residents: the estimated number in the area);
 *   NaN when no cell with data lies under the area (outside the raster, on nodata cells), which is not 0 people.
 * - `mean`: the coverage-weighted mean, Σ fraction × value / Σ fraction over cells with data.
 * - `weightedMean`: the mean weighted by coverage and a second layer, Σ f × w × v / Σ f × w (for example the
 *   population-weighted mean of a rate); needs `options.weight`, and is computed whenever that is given.
 * - `count`: the number of cells with data the area covers at all.
 * - `min`, `max`: over the cells with data the area covers at all.
 * - `coverage`: the share of the area covered by cells with data (1 when every cell under it has data; less where
 *   it covers nodata or reaches beyond the raster). For `centre` and `touched` weights it is the share of the
 *   assigned cells that hold data, times the share of the area inside the raster.
 */
export type ZonalStatistic = 'sum' | 'mean' | 'weightedMean' | 'count' | 'min' | 'max' | 'coverage';

export interface ZonalOptions {
  /** A second layer on the same grid that weighs each cell for `weightedMean`; cells where it is nodata or NaN are left out of that mean. */
  weight?: ArrayLike<number> | RasterBand;
}

/**
 * The statistics of one area; only those asked for are present. A sum, mean, minimum or maximum over no cells with
 * data is NaN (null once written as JSON), never silently 0.
 */
export interface AreaStatistics {
  id: string;
  sum?: number;
  mean?: number;
  weightedMean?: number;
  count?: number;
  min?: number;
  max?: number;
  coverage?: number;
}

/**
 * Statistics of a band per area. The weights are computed once (coverageWeights) and serve every band on the same
 * grid. Cells whose value is the band's nodata value or NaN are left out everywhere.
 */
export function zonalStatistics(weights: CoverageWeights, band: RasterBand, stats: readonly ZonalStatistic[], options: ZonalOptions = {}): AreaStatistics[] {
  const cellCount = weights.grid.columns * weights.grid.rows;
  const values = band.values;
  if (values.length !== cellCount) {
    throw new RangeError(`the band has ${values.length} values, the grid ${weights.grid.columns} × ${weights.grid.rows} = ${cellCount} cells`);
  }
  const weightBand = options.weight === undefined ? undefined : isBand(options.weight) ? options.weight : { values: options.weight };
  if (stats.includes('weightedMean') && !weightBand) throw new TypeError('the statistic "weightedMean" needs a weight layer (options.weight)');
  if (weightBand && weightBand.values.length !== cellCount) {
    throw new RangeError(`the weight layer has ${weightBand.values.length} values, the grid ${cellCount} cells`);
  }
  const wanted = new Set<ZonalStatistic>(stats);
  if (weightBand) wanted.add('weightedMean');
  // NaN never equals anything, so without a nodata value the comparison below is simply false.
  const nodata = band.nodata === undefined ? Number.NaN : band.nodata;
  const weightValues = weightBand?.values;
  const weightNodata = weightBand?.nodata === undefined ? Number.NaN : weightBand.nodata;
  const { runOffsets, runStarts, runLengths, partialOffsets, partialCells, partialFractions } = weights;
  // The whole cells are summed in one of three loops: over a band of integers without nodata (every cell counts),
  // over a band that may hold no-data cells, or with minimum, maximum and weights. The first two are the interior
  // summation of a national grid, a plain pass over a typed array; each adds in the same order as the third.
  const extremes = wanted.has('min') || wanted.has('max');
  const plain = weightValues === undefined && !extremes;
  const everyCellCounts = plain && nodata !== nodata && isIntegerArray(values);

  const totals: WholeCellTotals = { sum: 0, min: Infinity, max: -Infinity, weightedSum: 0, weightSum: 0, assigned: 0 };
  const result: AreaStatistics[] = [];
  for (let area = 0; area < weights.ids.length; area += 1) {
    // Plain locals, no closure: these loops run once per covered cell.
    let sum = 0;
    let fractionSum = 0;
    let weightedSum = 0;
    let weightSum = 0;
    let count = 0;
    let min = Infinity;
    let max = -Infinity;
    let assigned = 0;
    const runEnd = runOffsets[area + 1]!;
    if (everyCellCounts) {
      for (let run = runOffsets[area]!; run < runEnd; run += 1) {
        const first = runStarts[run]!;
        const end = first + runLengths[run]!;
        for (let cell = first; cell < end; cell += 1) sum += values[cell]!;
        count += end - first;
      }
      assigned = count;
    } else if (plain) {
      for (let run = runOffsets[area]!; run < runEnd; run += 1) {
        const first = runStarts[run]!;
        const end = first + runLengths[run]!;
        assigned += end - first;
        for (let cell = first; cell < end; cell += 1) {
          const value = values[cell]!;
          if (value !== value || value === nodata) continue;
          sum += value;
          count += 1;
        }
      }
    } else {
      count = wholeCells(values, nodata, weights, area, weightValues, weightNodata, totals);
      sum = totals.sum;
      min = totals.min;
      max = totals.max;
      weightedSum = totals.weightedSum;
      weightSum = totals.weightSum;
      assigned = totals.assigned;
    }
    // Adding 1 per whole cell with data gives the count exactly: the fractions start from it.
    fractionSum = count;
    for (let entry = partialOffsets[area]!; entry < partialOffsets[area + 1]!; entry += 1) {
      const fraction = partialFractions[entry]!;
      const cell = partialCells[entry]!;
      assigned += fraction;
      const value = values[cell]!;
      if (value !== value || value === nodata) continue;
      sum += fraction * value;
      fractionSum += fraction;
      count += 1;
      if (value < min) min = value;
      if (value > max) max = value;
      if (weightValues !== undefined) {
        const weight = weightValues[cell]!;
        if (weight === weight && weight !== weightNodata) {
          weightedSum += fraction * weight * value;
          weightSum += fraction * weight;
        }
      }
    }
    const statistics: AreaStatistics = { id: weights.ids[area]! };
    if (wanted.has('sum')) statistics.sum = count > 0 ? sum : Number.NaN;
    if (wanted.has('mean')) statistics.mean = fractionSum > 0 ? sum / fractionSum : Number.NaN;
    if (wanted.has('weightedMean')) statistics.weightedMean = weightSum > 0 ? weightedSum / weightSum : Number.NaN;
    if (wanted.has('count')) statistics.count = count;
    if (wanted.has('min')) statistics.min = count > 0 ? min : Number.NaN;
    if (wanted.has('max')) statistics.max = count > 0 ? max : Number.NaN;
    if (wanted.has('coverage')) statistics.coverage = coverageShare(weights, area, fractionSum, assigned);
    result.push(statistics);
  }
  return result;
}

/** Sums over the whole cells of one area, filled by `wholeCells`. */
interface WholeCellTotals {
  sum: number;
  min: number;
  max: number;
  weightedSum: number;
  weightSum: number;
  /** Whole cells, with data or without. */
  assigned: number;
}

/** Sums, extremes and weighted sums over an area's runs of whole cells into `totals`; returns the cells with data. */
function wholeCells(
  values: ArrayLike<number>,
  nodata: number,
  weights: CoverageWeights,
  area: number,
  weightValues: ArrayLike<number> | undefined,
  weightNodata: number,
  totals: WholeCellTotals,
): number {
  const { runOffsets, runStarts, runLengths } = weights;
  let sum = 0;
  let count = 0;
  let min = Infinity;
  let max = -Infinity;
  let weightedSum = 0;
  let weightSum = 0;
  let assigned = 0;
  for (let run = runOffsets[area]!; run < runOffsets[area + 1]!; run += 1) {
    const first = runStarts[run]!;
    const end = first + runLengths[run]!;
    assigned += end - first;
    for (let cell = first; cell < end; cell += 1) {
      const value = values[cell]!;
      if (value !== value || value === nodata) continue;
      sum += value;
      count += 1;
      if (value < min) min = value;
      if (value > max) max = value;
      if (weightValues !== undefined) {
        const weight = weightValues[cell]!;
        if (weight === weight && weight !== weightNodata) {
          weightedSum += weight * value;
          weightSum += weight;
        }
      }
    }
  }
  totals.sum = sum;
  totals.min = min;
  totals.max = max;
  totals.weightedSum = weightedSum;
  totals.weightSum = weightSum;
  totals.assigned = assigned;
  return count;
}

/** Typed arrays of integers hold no NaN: with no nodata value declared, every one of their cells has data. */
function isIntegerArray(values: ArrayLike<number>): boolean {
  return (
    values instanceof Uint8Array ||
    values instanceof Uint8ClampedArray ||
    values instanceof Int8Array ||
    values instanceof Uint16Array ||
    values instanceof Int16Array ||
    values instanceof Uint32Array ||
    values instanceof Int32Array
  );
}

/** What an area's result means when cells with data cover only part of it, or none. */
export type CoverageFlag = 'no-data' | 'partial-data';

/**
 * Shares of coverage this close to 1 are whole: exact cell fractions add up with rounding errors of about 1e-12,
 * and an area on the grid's very edge must not be called partial for that.
 */
const WHOLE = 1 - 1e-6;

/**
 * The flag and note of an area from its `coverage` statistic: `no-data` when no cell with data lies under it (its
 * sum is then empty, never 0), `partial-data` when cells with data cover only part of it (the sum counts that part
 * only). Undefined when the whole area is covered.
 */
export function coverageFinding(coverage: number): { flag: CoverageFlag; note: Message } | undefined {
  if (!(coverage > 0)) {
    return {
      flag: 'no-data',
      note: message(
        'no data: no cell with a value lies under the area (outside the grid, or on cells without value); empty, not 0',
        'keine Daten: unter dem Gebiet liegt keine Zelle mit Wert (außerhalb des Gitters oder auf Zellen ohne Wert); leer, nicht 0',
      ),
    };
  }
  if (coverage >= WHOLE) return undefined;
  const percent = Math.min(99.9, Math.round(coverage * 1000) / 10);
  return {
    flag: 'partial-data',
    note: message(
      `partial data: cells with a value cover ${percent} % of the area; the values count that part only`,
      `unvollständige Daten: Zellen mit Wert decken ${germanNumber(percent)} % des Gebiets ab; die Werte zählen nur diesen Teil`,
    ),
  };
}

/**
 * The areas without data and with partial data as findings for a list of issues, one each, naming the first keys:
 * a run that leaves areas empty says so instead of ending as if all were counted.
 */
export function coverageIssues(ids: readonly string[], coverage: ArrayLike<number>, source: string): DataIssue[] {
  const none: string[] = [];
  const partial: string[] = [];
  for (let index = 0; index < ids.length; index += 1) {
    const finding = coverageFinding(coverage[index]!);
    if (finding?.flag === 'no-data') none.push(ids[index]!);
    else if (finding) partial.push(ids[index]!);
  }
  const issues: DataIssue[] = [];
  const keys = (list: string[]) => `${list.slice(0, 10).join(', ')}${list.length > 10 ? ` and ${list.length - 10} more` : ''}`;
  const schlüssel = (list: string[]) => `${list.slice(0, 10).join(', ')}${list.length > 10 ? ` und ${list.length - 10} weitere` : ''}`;
  if (none.length > 0) {
    issues.push(
      issue(
        'missing-value',
        'warning',
        message(
          `${none.length === 1 ? '1 area has' : `${none.length} areas have`} no cell with a value under ${none.length === 1 ? 'it' : 'them'} (outside the grid's extent, or on cells without value): ${keys(none)}; ${none.length === 1 ? 'its' : 'their'} values are left empty and flagged no-data`,
          `${none.length === 1 ? 'unter 1 Gebiet liegt' : `unter ${none.length} Gebieten liegt`} keine Zelle mit Wert (außerhalb der Ausdehnung des Gitters oder auf Zellen ohne Wert): ${schlüssel(none)}; ${none.length === 1 ? 'seine Werte bleiben leer und tragen' : 'ihre Werte bleiben leer und tragen'} das Kennzeichen „no-data“`,
        ),
        { source, key: none[0]! },
      ),
    );
  }
  if (partial.length > 0) {
    issues.push(
      issue(
        'missing-value',
        'warning',
        message(
          `${partial.length === 1 ? '1 area is' : `${partial.length} areas are`} only partly covered by cells with a value: ${keys(partial)}; ${partial.length === 1 ? 'its' : 'their'} values count the covered part only and are flagged partial-data, with the share in the notes`,
          `${partial.length === 1 ? '1 Gebiet ist' : `${partial.length} Gebiete sind`} nur zum Teil von Zellen mit Wert bedeckt: ${schlüssel(partial)}; ${partial.length === 1 ? 'seine' : 'ihre'} Werte zählen nur den bedeckten Teil und tragen das Kennzeichen „partial-data“, den Anteil nennen die Hinweise`,
        ),
        { source, key: partial[0]! },
      ),
    );
  }
  return issues;
}

function coverageShare(weights: CoverageWeights, area: number, validFractions: number, assigned: number): number {
  const areaCells = weights.areaCells[area]!;
  if (!(areaCells > 0)) return 0;
  if (weights.method === 'exact') return Math.min(1, validFractions / areaCells);
  if (!(assigned > 0)) return 0;
  return Math.min(1, (validFractions / assigned) * (weights.insideCells[area]! / areaCells));
}

function isBand(weight: ArrayLike<number> | RasterBand): weight is RasterBand {
  return typeof (weight as RasterBand).values === 'object' && (weight as RasterBand).values !== null && !ArrayBuffer.isView(weight);
}
