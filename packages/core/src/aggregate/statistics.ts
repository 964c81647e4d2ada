// Zonal statistics: raster values summed, averaged and counted per Sozialraum through precomputed coverage weights.
import type { CoverageWeights } from './coverage.js';
import type { RasterBand } from './grid.js';

/**
 * - `sum`: Σ fraction × value over cells with data (for counts such as residents: the estimated number in the area).
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
 * The statistics of one area; only those asked for are present. A mean, minimum or maximum over no cells with
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
export function zonalStatistics(
  weights: CoverageWeights,
  band: RasterBand,
  stats: readonly ZonalStatistic[],
  options: ZonalOptions = {},
): AreaStatistics[] {
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
    for (let run = runOffsets[area]!; run < runOffsets[area + 1]!; run += 1) {
      const first = runStarts[run]!;
      const end = first + runLengths[run]!;
      assigned += end - first;
      for (let cell = first; cell < end; cell += 1) {
        const value = values[cell]!;
        if (value !== value || value === nodata) continue;
        sum += value;
        fractionSum += 1;
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
    if (wanted.has('sum')) statistics.sum = sum;
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
