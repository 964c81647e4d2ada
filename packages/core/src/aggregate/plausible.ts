// Cell values no count can hold, found before they are summed: negative counts, infinities, and codes for "no value"
// that the file does not declare (4,294,967,295 in an unsigned grid, -9999), each reported with its cell.
import { germanNumber, issue, message, type DataIssue } from '../errors.js';
import { cellCentre, type Grid, type RasterBand } from './grid.js';

export interface CellScreeningOptions {
  /** File name or URL, for messages. */
  source: string;
  /** The cells count persons, dwellings or cases, so a negative value is impossible. */
  counts: boolean;
}

export interface CellScreening {
  /** The band with every implausible cell set to NaN (no data); the input band itself when none was found. */
  band: RasterBand;
  /** One error per implausible cell, naming it, up to ten; then one more saying how many were left out besides. */
  issues: DataIssue[];
  /** Cells set to no data. */
  excluded: number;
}

/**
 * Values that mark "no value" in rasters whose nodata was never declared: the largest and smallest integers of the
 * common cell types, the largest floats, and the -9999 of GIS exports.
 */
const NODATA_CODES = new Set([
  4_294_967_295,
  2_147_483_647,
  -2_147_483_648,
  3.4028234663852886e38,
  -3.4028234663852886e38,
  Number.MAX_VALUE,
  -Number.MAX_VALUE,
  -9999,
  -99999,
]);

/** The smallest positive code above: values from 0 up to below it are no code, which the loops below test first. */
const SMALLEST_POSITIVE_CODE = 2_147_483_647;

/** A value more than this many times the 99th percentile of the others is no count, but a code or an error. */
const OUTLIER_FACTOR = 100;

/** At most this many cells are named one by one; the rest are counted. */
const NAMED = 10;

/**
 * Finds the cells that cannot hold what the band claims: ±Infinity, a negative count, a known code for "no value",
 * or a value more than a hundred times the 99th percentile of the band. They are set to no data, so that an area
 * over them is flagged as partly covered instead of summing them, and each is reported with its cell.
 */
export function screenCells(grid: Grid, band: RasterBand, options: CellScreeningOptions): CellScreening {
  const values = band.values;
  const nodata = band.nodata === undefined ? Number.NaN : band.nodata;
  const limit = OUTLIER_FACTOR * percentile99(values, nodata);
  const found: { cell: number; value: number; why: 'infinite' | 'negative' | 'code' | 'outlier' }[] = [];
  // Almost every cell of a grid lies from 0 up to the limit: it is passed by one comparison, without the set of codes
  // (a national grid has 56 million cells). NaN fails `value >= 0` and takes the full test below.
  const plain = Math.min(limit > 0 ? limit : Infinity, SMALLEST_POSITIVE_CODE - 1);
  for (let cell = 0; cell < values.length; cell += 1) {
    const value = values[cell]!;
    if (value >= 0 && value <= plain) continue;
    if (value !== value || value === nodata) continue;
    if (!Number.isFinite(value)) found.push({ cell, value, why: 'infinite' });
    else if (options.counts && value < 0) found.push({ cell, value, why: 'negative' });
    else if (NODATA_CODES.has(value)) found.push({ cell, value, why: 'code' });
    else if (limit > 0 && Math.abs(value) > limit) found.push({ cell, value, why: 'outlier' });
  }
  if (found.length === 0) return { band, issues: [], excluded: 0 };
  const screened = Float64Array.from(values);
  for (const { cell } of found) screened[cell] = Number.NaN;
  const typical = limit / OUTLIER_FACTOR;
  const issues = found.slice(0, NAMED).map(({ cell, value, why }) => {
    const name = cellName(grid, cell);
    const shown = Number.isFinite(value) ? value.toLocaleString('en-US', { maximumFractionDigits: 6 }) : String(value);
    const gezeigt = Number.isFinite(value) ? germanNumber(value) : value > 0 ? 'unendlich' : 'minus unendlich';
    const [en, de] =
      why === 'infinite'
        ? ['is infinite, which no cell can hold', 'ist unendlich, was keine Zelle enthalten kann']
        : why === 'negative'
          ? ['is a negative count', 'ist eine negative Anzahl']
          : why === 'code'
            ? ['is a code for "no value" that the file does not declare as nodata', 'ist ein Code für „kein Wert“, den die Datei nicht als nodata angibt']
            : [
                `is more than ${OUTLIER_FACTOR} times the 99th percentile of the cells (${typical.toLocaleString('en-US', { maximumFractionDigits: 2 })}), no plausible value but a code or an error`,
                `ist mehr als das ${OUTLIER_FACTOR}-Fache des 99. Perzentils der Zellen (${germanNumber(typical)}), kein plausibler Wert, sondern ein Code oder ein Fehler`,
              ];
    return issue(
      'bad-number',
      'error',
      message(`cell ${name.en}: ${shown} ${en}; left out as a cell without value`, `Zelle ${name.de}: ${gezeigt} ${de}; als Zelle ohne Wert ausgelassen`),
      // The cell is named in the text: a cell id is no key of a row or an area.
      { source: options.source },
    );
  });
  if (found.length > NAMED) {
    const more = found.length - NAMED;
    issues.push(
      issue(
        'bad-number',
        'error',
        message(
          `${more} more ${more === 1 ? 'cell' : 'cells'} with implausible values left out`,
          `${more} weitere ${more === 1 ? 'Zelle' : 'Zellen'} mit unplausiblen Werten ausgelassen`,
        ),
        { source: options.source },
      ),
    );
  }
  return { band: { values: screened, nodata: band.nodata }, issues, excluded: found.length };
}

/** The 99th percentile of the absolute values with data, zeros left out (most cells of a census grid are empty). */
function percentile99(values: ArrayLike<number>, nodata: number): number {
  let magnitudes = new Float64Array(1024);
  let count = 0;
  for (let cell = 0; cell < values.length; cell += 1) {
    const value = values[cell]!;
    if (value === 0) continue;
    // Positive values below every code need none of the tests that follow.
    if (!(value > 0 && value < SMALLEST_POSITIVE_CODE)) {
      if (value !== value || value === nodata || !Number.isFinite(value) || NODATA_CODES.has(value)) continue;
    } else if (value === nodata) {
      continue;
    }
    if (count === magnitudes.length) {
      const grown = new Float64Array(count * 2);
      grown.set(magnitudes);
      magnitudes = grown;
    }
    magnitudes[count] = Math.abs(value);
    count += 1;
  }
  if (count === 0) return 0;
  return kthSmallest(magnitudes.subarray(0, count), Math.min(count - 1, Math.floor(count * 0.99)));
}

/** The k-th smallest value (from 0), by selection (Hoare's quickselect): the order of the rest is not needed. Reorders `values`. */
function kthSmallest(values: Float64Array, k: number): number {
  let left = 0;
  let right = values.length - 1;
  while (right > left) {
    // The median of three as pivot keeps grids of many equal counts from the quadratic case.
    const middle = (left + right) >> 1;
    const a = values[left]!;
    const b = values[middle]!;
    const c = values[right]!;
    const pivot = a < b ? (b < c ? b : a < c ? c : a) : a < c ? a : b < c ? c : b;
    let i = left;
    let j = right;
    while (i <= j) {
      while (values[i]! < pivot) i += 1;
      while (values[j]! > pivot) j -= 1;
      if (i <= j) {
        const swap = values[i]!;
        values[i] = values[j]!;
        values[j] = swap;
        i += 1;
        j -= 1;
      }
    }
    if (k <= j) right = j;
    else if (k >= i) left = i;
    else return values[k]!;
  }
  return values[k]!;
}

/**
 * A cell as a person finds it: the Zensus cell id (its lower-left corner in EPSG:3035) on a Zensus grid, otherwise
 * its column and row, counted from 1 at the top left, and its centre.
 */
function cellName(grid: Grid, cell: number): { en: string; de: string } {
  const [x, y] = cellCentre(grid, cell);
  const size = grid.cellWidth;
  if (grid.crs === 'EPSG:3035' && size === grid.cellHeight && (size === 100 || size === 1000)) {
    const id = `CRS3035RES${size === 100 ? '100m' : '1000m'}N${Math.round(y - size / 2)}E${Math.round(x - size / 2)}`;
    return { en: id, de: id };
  }
  const column = (cell % grid.columns) + 1;
  const row = Math.floor(cell / grid.columns) + 1;
  return { en: `in column ${column}, row ${row} (centre ${x}, ${y})`, de: `in Spalte ${column}, Zeile ${row} (Mitte ${germanNumber(x)}; ${germanNumber(y)})` };
}
