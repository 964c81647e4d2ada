// Differencing protection: areas whose cells differ from another area's by so little that subtracting the two
// aggregates would reveal the count of the few cells in between, which primary suppression exists to hide.
import type { CoverageWeights } from '../aggregate/coverage.js';
import { sameGrid, type RasterBand } from '../aggregate/grid.js';
import { throwIfAborted } from '../errors.js';

export interface NearDuplicateOptions {
  /**
   * [maxDifferingCells=2] Two areas that share cells are near-duplicates when their coverage differs in at most this
   * many cells: whatever is counted in those cells, the difference of the two aggregates tells it.
   */
  maxDifferingCells?: number;
  /**
   * The population (or the counts to be published) on the weights' grid. With it the guard counts people, not
   * cells: two areas that share people are also near-duplicates when the persons in their symmetric difference
   * (Σ |fraction a − fraction b| × value) are above 0 and below `minCount`, however many cells the difference spans,
   * so padding a difference with empty cells does not let it through; and two areas whose differing cells all hold
   * 0 are not, since every count of the people living there is then the same for both.
   */
  values?: ArrayLike<number> | RasterBand;
  /**
   * [perturbed=false] The counts are published perturbed by the cell-key method, with the key of the records
   * (cells with people) each area holds. Two areas whose records differ get independent noise, and their difference
   * is the truth plus noise; only pairs with the same records (they differ in shares of cells alone, so their noise
   * is the same and cancels) are near-duplicates then. Needs `values`.
   */
  perturbed?: boolean;
  /** [minCount=3] The smallest count that may be published, as in applyDisclosureControl. */
  minCount?: number;
  signal?: AbortSignal;
}

/** An area of the new set whose counts must be withheld because it nearly repeats another area. */
export interface NearDuplicate {
  /** The area to suppress: the later of two areas of the new set, or the new area of a pair with a reference area. */
  id: string;
  /** The area it nearly repeats: an earlier area of the same set or an area of the reference set. */
  of: string;
  /** True when `of` is an area of the reference (published) set. */
  inReference: boolean;
  /** Cells whose covered fraction differs between the two (by more than 1e-9). */
  differingCells: number;
  /** Σ |fraction a − fraction b| over all cells, in cells. */
  differingArea: number;
  /** Σ min(fraction a, fraction b): how much the two have in common, in cells. */
  sharedArea: number;
  /**
   * With `values`: true when one area holds a cell with people (or an unknown value) that the other does not touch,
   * so that their records, and with them their cell keys, differ.
   */
  recordsDiffer?: boolean;
  /**
   * Σ |fraction a − fraction b| × value over the differing cells with a value, when `values` were given. This is the
   * count a difference would reveal; it must not be shown to users (it is the number being protected).
   */
  differingValue?: number;
}

/** Fractions that differ by less than this are the same (the coverage computation snaps at 1e-10). */
const SAME_FRACTION = 1e-9;

/** One area's cells in ascending order with their fractions, and the bounding box of its cells. */
interface SortedArea {
  set: 0 | 1;
  index: number;
  cells: Uint32Array;
  fractions: Float64Array;
  area: number;
  minColumn: number;
  maxColumn: number;
  minRow: number;
  maxRow: number;
  /** Σ fraction × |value| over the area's cells with a value: the persons in it, when values are given. */
  value: number;
}

/**
 * Finds the areas of `weights` that nearly repeat another area: a pair within `weights`, or, when `reference` (the
 * published areas, on the same grid) is given, an area of `weights` and a reference area; passing `weights` itself
 * as `reference` is the same as passing none. Pairs within the reference set are not compared. Two areas are
 * near-duplicates when they share cells, differ in at least one, and differ in at most `maxDifferingCells` cells or
 * (with `values`) by less than `minCount` while being mostly the same area. Areas of a partition that merely border
 * each other share only boundary cells and differ in all the others, so they are not near-duplicates; an area that
 * repeats another exactly (a republished boundary) differs in no cell and is not one either, since both give the
 * same numbers.
 *
 * Of each pair the area of `weights` is reported, and within `weights` the later one, so that of every group of
 * near-duplicates the first stays published. Pass the result to applyDisclosureControl as `nearDuplicates`. Every
 * pair is listed, so an area may appear more than once.
 */
export function nearDuplicateAreas(weights: CoverageWeights, reference?: CoverageWeights | null, options: NearDuplicateOptions = {}): NearDuplicate[] {
  const maxDifferingCells = options.maxDifferingCells ?? 2;
  const minCount = options.minCount ?? 3;
  if (!(maxDifferingCells >= 0) || !Number.isFinite(maxDifferingCells)) throw new RangeError(`maxDifferingCells must be 0 or more, not ${maxDifferingCells}`);
  if (!(minCount >= 0) || !Number.isFinite(minCount)) throw new RangeError(`minCount must be 0 or more, not ${minCount}`);
  const other = reference && reference !== weights ? reference : undefined;
  if (other && !sameGrid(weights.grid, other.grid)) {
    throw new RangeError('the reference areas were weighed on another grid; compute both sets of weights on the same grid');
  }
  const cellCount = weights.grid.columns * weights.grid.rows;
  const band = options.values === undefined ? undefined : isBand(options.values) ? options.values : { values: options.values };
  if (band && band.values.length !== cellCount) {
    throw new RangeError(`the values have ${band.values.length} entries, the grid ${weights.grid.columns} × ${weights.grid.rows} = ${cellCount} cells`);
  }

  const areas: SortedArea[] = [];
  if (options.perturbed && !band) throw new TypeError('perturbed needs values: the records of each area are the cells with people');
  for (let index = 0; index < weights.ids.length; index += 1) pushSorted(areas, weights, 0, index, band);
  if (other) for (let index = 0; index < other.ids.length; index += 1) pushSorted(areas, other, 1, index, band);
  // A sweep along the columns: only areas whose column ranges meet are compared.
  areas.sort((a, b) => a.minColumn - b.minColumn);

  const found: NearDuplicate[] = [];
  for (let first = 0; first < areas.length; first += 1) {
    throwIfAborted(options.signal, 'near-duplicate areas');
    const a = areas[first]!;
    for (let second = first + 1; second < areas.length && areas[second]!.minColumn <= a.maxColumn; second += 1) {
      const b = areas[second]!;
      if (a.set === 1 && b.set === 1) continue;
      if (b.minRow > a.maxRow || b.maxRow < a.minRow) continue;
      // The differing cells are at least the difference in cell counts, and the persons in the difference at least
      // the difference of the two areas' persons: pairs that cannot qualify are passed by cheaply.
      const cellsApart = Math.abs(a.cells.length - b.cells.length) > maxDifferingCells;
      if (cellsApart && (!band || Math.abs(a.value - b.value) >= minCount + SAME_FRACTION)) continue;
      const comparison = compare(a, b, band, band ? Infinity : maxDifferingCells);
      if (comparison.sharedArea <= SAME_FRACTION || comparison.differingCells === 0) continue;
      const byCells = comparison.differingCells <= maxDifferingCells;
      // Persons, not cells: the difference of two published counts tells the persons in the difference whenever the
      // two share somebody (two areas that share nobody are each no larger than their difference, so primary
      // suppression hides them both when it is small).
      const byValue = band !== undefined && comparison.sharedValue > 0 && comparison.differingValue < minCount;
      if (!byCells && !byValue) continue;
      // Every count of the people living in the differing cells is 0 when the population there is: nothing to reveal.
      if (band && comparison.unknownCells === 0 && comparison.differingValue === 0) continue;
      // Perturbed: different records, different keys, independent noise; the difference is no longer the truth.
      if (options.perturbed && comparison.recordsDiffer) continue;
      // The area that stays published: the reference area, or the earlier area of the new set.
      const [kept, suppressed] = a.set === 1 || (b.set === 0 && a.index < b.index) ? [a, b] : [b, a];
      const duplicate: NearDuplicate = {
        id: weights.ids[suppressed.index]!,
        of: (kept.set === 1 ? other! : weights).ids[kept.index]!,
        inReference: kept.set === 1,
        differingCells: comparison.differingCells,
        differingArea: comparison.differingArea,
        sharedArea: comparison.sharedArea,
      };
      if (band) {
        duplicate.differingValue = comparison.differingValue;
        duplicate.recordsDiffer = comparison.recordsDiffer;
      }
      found.push(duplicate);
    }
  }
  // In the order of the areas of `weights`, then of the areas they repeat, whatever order the sweep found them in.
  const position = new Map(weights.ids.map((id, index) => [id, index] as const));
  const referencePosition = new Map((other?.ids ?? []).map((id, index) => [id, index] as const));
  const order = (duplicate: NearDuplicate) => (duplicate.inReference ? referencePosition : position).get(duplicate.of) ?? 0;
  found.sort((x, y) => position.get(x.id)! - position.get(y.id)! || Number(y.inReference) - Number(x.inReference) || order(x) - order(y));
  return found;
}

function pushSorted(areas: SortedArea[], weights: CoverageWeights, set: 0 | 1, index: number, band: RasterBand | undefined): void {
  const partialStart = weights.partialOffsets[index]!;
  const partialEnd = weights.partialOffsets[index + 1]!;
  const runStart = weights.runOffsets[index]!;
  const runEnd = weights.runOffsets[index + 1]!;
  let count = partialEnd - partialStart;
  for (let run = runStart; run < runEnd; run += 1) count += weights.runLengths[run]!;
  if (count === 0) return;
  const { cells, fractions } = mergedCells(weights, runStart, runEnd, partialStart, partialEnd, count);
  let area = 0;
  let value = 0;
  let minColumn = Infinity;
  let maxColumn = -Infinity;
  const columns = weights.grid.columns;
  const nodata = band?.nodata === undefined ? Number.NaN : band.nodata;
  for (let i = 0; i < count; i += 1) {
    area += fractions[i]!;
    if (band) {
      const cellValue = band.values[cells[i]!]!;
      if (cellValue === cellValue && cellValue !== nodata) value += fractions[i]! * Math.abs(cellValue);
    }
    const column = cells[i]! % columns;
    if (column < minColumn) minColumn = column;
    if (column > maxColumn) maxColumn = column;
  }
  areas.push({
    set,
    index,
    cells,
    fractions,
    area,
    minColumn,
    maxColumn,
    minRow: Math.floor(cells[0]! / columns),
    maxRow: Math.floor(cells[count - 1]! / columns),
    value,
  });
}

/**
 * An area's cells in ascending order with their fractions: the whole cells of its runs merged with its partly
 * covered cells. Only the partial cells (a tenth of the cells or less) and the runs' starts are sorted; sorting every
 * cell took almost half the time of aggregating 10,800 municipalities on a national grid. A cell in both lists
 * (which the coverage does not produce) comes first from the runs, as a stable sort of runs then partials would.
 */
function mergedCells(
  weights: CoverageWeights,
  runStart: number,
  runEnd: number,
  partialStart: number,
  partialEnd: number,
  count: number,
): { cells: Uint32Array; fractions: Float64Array } {
  const runs = Array.from({ length: runEnd - runStart }, (_, k) => runStart + k);
  const partials = Array.from({ length: partialEnd - partialStart }, (_, k) => partialStart + k);
  let ascending = true;
  for (let k = 1; k < runs.length && ascending; k += 1) ascending = weights.runStarts[runs[k]!]! >= weights.runStarts[runs[k - 1]!]!;
  if (!ascending) runs.sort((a, b) => weights.runStarts[a]! - weights.runStarts[b]! || a - b);
  // Runs of one area do not overlap; if some did (two features of one key), a merge would not be ordered: then every
  // cell is listed (runs in their order, then partials) and sorted by cell and, for equal cells, by listing.
  for (let k = 1; k < runs.length; k += 1) {
    if (weights.runStarts[runs[k]!]! < weights.runStarts[runs[k - 1]!]! + weights.runLengths[runs[k - 1]!]!) {
      runs.sort((a, b) => a - b);
      const listed = listCells(weights, runs, partials, count, false);
      const order = Array.from({ length: count }, (_, i) => i).sort((x, y) => listed.cells[x]! - listed.cells[y]! || x - y);
      return { cells: Uint32Array.from(order, (from) => listed.cells[from]!), fractions: Float64Array.from(order, (from) => listed.fractions[from]!) };
    }
  }
  partials.sort((a, b) => weights.partialCells[a]! - weights.partialCells[b]! || a - b);
  return listCells(weights, runs, partials, count, true);
}

/**
 * The cells of the runs (fraction 1) and the partial cells, in the order given. With `merge`, each partial cell is
 * taken in before the first run cell at or above it, so ascending runs and partials give ascending cells; without,
 * the partial cells follow the runs.
 */
function listCells(
  weights: CoverageWeights,
  runs: readonly number[],
  partials: readonly number[],
  count: number,
  merge: boolean,
): { cells: Uint32Array; fractions: Float64Array } {
  const cells = new Uint32Array(count);
  const fractions = new Float64Array(count);
  let next = 0;
  let p = 0;
  const takePartialsBelow = (limit: number) => {
    while (p < partials.length && weights.partialCells[partials[p]!]! < limit) {
      cells[next] = weights.partialCells[partials[p]!]!;
      fractions[next] = weights.partialFractions[partials[p]!]!;
      next += 1;
      p += 1;
    }
  };
  for (const run of runs) {
    const first = weights.runStarts[run]!;
    const end = first + weights.runLengths[run]!;
    for (let cell = first; cell < end; cell += 1) {
      if (merge) takePartialsBelow(cell);
      cells[next] = cell;
      fractions[next] = 1;
      next += 1;
    }
  }
  takePartialsBelow(Infinity);
  return { cells, fractions };
}

interface Comparison {
  differingCells: number;
  differingArea: number;
  sharedArea: number;
  differingValue: number;
  /** Σ min(fraction a, fraction b) × |value|: the persons both areas hold. */
  sharedValue: number;
  /** Differing cells without a value (nodata, NaN): what they hold is unknown. */
  unknownCells: number;
  /** A cell with people (or unknown) lies in one area and not at all in the other. */
  recordsDiffer: boolean;
}

/** Walks both sorted cell lists once; stops early once more than `stopAfter` cells differ. */
function compare(a: SortedArea, b: SortedArea, band: RasterBand | undefined, stopAfter: number): Comparison {
  const result: Comparison = { differingCells: 0, differingArea: 0, sharedArea: 0, differingValue: 0, sharedValue: 0, unknownCells: 0, recordsDiffer: false };
  const values = band?.values;
  const nodata = band?.nodata === undefined ? Number.NaN : band.nodata;
  let i = 0;
  let j = 0;
  while (i < a.cells.length || j < b.cells.length) {
    const cellA = i < a.cells.length ? a.cells[i]! : Infinity;
    const cellB = j < b.cells.length ? b.cells[j]! : Infinity;
    let cell: number;
    let difference: number;
    let shared = 0;
    if (cellA < cellB) {
      cell = cellA;
      difference = a.fractions[i]!;
      i += 1;
    } else if (cellB < cellA) {
      cell = cellB;
      difference = b.fractions[j]!;
      j += 1;
    } else {
      cell = cellA;
      const fa = a.fractions[i]!;
      const fb = b.fractions[j]!;
      shared = fa < fb ? fa : fb;
      result.sharedArea += shared;
      difference = Math.abs(fa - fb);
      i += 1;
      j += 1;
    }
    const value = values === undefined ? Number.NaN : values[cell]!;
    const known = values !== undefined && value === value && value !== nodata;
    if (known && shared > 0) result.sharedValue += shared * Math.abs(value);
    if (difference <= SAME_FRACTION) continue;
    result.differingCells += 1;
    result.differingArea += difference;
    if (values !== undefined) {
      if (!known) result.unknownCells += 1;
      else result.differingValue += difference * Math.abs(value);
      // A cell in one area only: its records (people, or whoever an unknown value holds) are in one key, not both.
      if (shared <= SAME_FRACTION && (!known || value !== 0)) result.recordsDiffer = true;
    }
    if (result.differingCells > stopAfter) break;
  }
  return result;
}

function isBand(values: ArrayLike<number> | RasterBand): values is RasterBand {
  return !ArrayBuffer.isView(values) && !Array.isArray(values) && typeof (values as RasterBand).values === 'object' && (values as RasterBand).values !== null;
}
