// Zensus grid tables for the aggregation, read from their bytes: the plain layout of a national grid (millions of
// rows of cell id, centre and whole counts) by a scan over the bytes; anything else by the general table reader.
import { readZensusGrid, type ZensusGrid, type ZensusGridOptions } from '../io/zensus.js';
import { decodeText } from '../io/text.js';
import { gridSpanning } from '../geometry/grid.js';

/**
 * Reads a Zensus grid table (see readZensusGrid) from the bytes of the file, with the same result. A table in the
 * plain layout is read by one scan over its bytes, about twenty times faster than through the general CSV reader:
 * ASCII, semicolons, no quotes, a cell id `CRS3035RES100mN…E…` in every row (the centre columns, if any, agreeing
 * with it), whole non-negative counts, each cell once. Whatever departs from it, down to one row, is read by
 * readZensusGrid, which names the row and the problem as it always does.
 */
export function readGridTable(bytes: Uint8Array, options: ZensusGridOptions): ZensusGrid {
  return (options.unlisted === undefined || options.unlisted === 0 ? plainGridTable(bytes, options) : undefined) ?? readZensusGrid(decodeText(bytes), options);
}

// The column names readZensusGrid looks for, the first match of each.
const ID_COLUMN = /^gitter_id_(\d+)(m|km)$/i;
const X_COLUMN = /^x_mp_(\d+)(m|km)$/i;
const Y_COLUMN = /^y_mp_(\d+)(m|km)$/i;
/** Header names of letters, digits and underscores: what parseCsv keeps as they are. */
const PLAIN_NAME = /^[A-Za-z0-9_]+$/;

const SEMICOLON = 0x3b;
const NEWLINE = 0x0a;
const RETURN = 0x0d;
const ZERO = 0x30;

/** The table in the plain layout, or undefined as soon as anything departs from it. */
function plainGridTable(bytes: Uint8Array, options: ZensusGridOptions): ZensusGrid | undefined {
  let at = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  const headerEnd = bytes.indexOf(NEWLINE, at);
  if (headerEnd < 0) return undefined;
  let header = '';
  for (let i = at; i < headerEnd; i += 1) header += String.fromCharCode(bytes[i]!);
  const columns = header.replace(/\r$/, '').split(';');
  if (columns.length < 2 || new Set(columns).size !== columns.length || !columns.every((name) => PLAIN_NAME.test(name))) return undefined;
  const idAt = columns.findIndex((name) => ID_COLUMN.test(name));
  const xAt = columns.findIndex((name) => X_COLUMN.test(name));
  const yAt = columns.findIndex((name) => Y_COLUMN.test(name));
  const valueAt = columns.indexOf(options.value);
  if (idAt < 0 || valueAt < 0 || valueAt === idAt) return undefined;
  const [, amount, unit] = ID_COLUMN.exec(columns[idAt]!)!;
  const resolution = Number(amount) * (unit!.toLowerCase() === 'km' ? 1000 : 1);
  if (!Number.isInteger(resolution) || resolution <= 0 || resolution % 2 !== 0) return undefined;
  const prefix = Array.from(`CRS3035RES${resolution}mN`, (char) => char.charCodeAt(0));
  // The centres only count when both columns are there, as in readZensusGrid.
  const centres = xAt >= 0 && yAt >= 0;
  const half = resolution / 2;

  const rows = new RowList();
  at = headerEnd + 1;
  const end = bytes.length;
  while (at < end) {
    // One row: the fields by position, each checked where it matters.
    let field = 0;
    let x = -1;
    let y = -1;
    let centreX = -1;
    let centreY = -1;
    let value = -1;
    let start = at;
    for (;;) {
      const byte = at < end ? bytes[at]! : NEWLINE;
      if (byte === SEMICOLON || byte === NEWLINE) {
        let stop = at;
        if (byte === NEWLINE && stop > start && bytes[stop - 1] === RETURN) stop -= 1;
        if (field === idAt) {
          const corner = cellId(bytes, start, stop, prefix);
          if (corner === undefined) return undefined;
          [y, x] = corner;
        } else if (field === valueAt) {
          value = digits(bytes, start, stop);
        } else if (centres && field === xAt) {
          centreX = digits(bytes, start, stop);
        } else if (centres && field === yAt) {
          centreY = digits(bytes, start, stop);
        }
        field += 1;
        at += 1;
        if (byte === NEWLINE) break;
        start = at;
        continue;
      }
      // Quotes, control characters (but the return of a CR LF) and anything beyond ASCII are for the general reader.
      if (byte === RETURN ? bytes[at + 1] !== NEWLINE : byte === 0x22 || byte < 0x20 || byte > 0x7e) return undefined;
      at += 1;
    }
    if (field !== columns.length || value < 0 || x % resolution !== 0 || y % resolution !== 0) return undefined;
    if (centres && (centreX !== x + half || centreY !== y + half)) return undefined;
    rows.push(x, y, value);
  }
  if (rows.length === 0) return undefined;
  return placeCells(rows, resolution);
}

/** The cells on the smallest grid that spans them; undefined when a cell is listed twice. */
function placeCells(rows: RowList, resolution: number): ZensusGrid | undefined {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  const { xs, ys, values, length } = rows;
  for (let row = 0; row < length; row += 1) {
    const x = xs[row]!;
    const y = ys[row]!;
    if (x < minX) minX = x;
    if (x > maxX) maxX = x;
    if (y < minY) minY = y;
    if (y > maxY) maxY = y;
  }
  const grid = gridSpanning('EPSG:3035', [minX, minY, maxX, maxY], resolution);
  const cells = new Float64Array(grid.columns * grid.rows);
  const filled = new Uint8Array(cells.length);
  for (let row = 0; row < length; row += 1) {
    const cell = ((maxY - ys[row]!) / resolution) * grid.columns + (xs[row]! - minX) / resolution;
    if (filled[cell]) return undefined;
    filled[cell] = 1;
    cells[cell] = values[row]!;
  }
  return { grid, values: cells, nodata: Number.NaN, cells: length, suppressed: 0, issues: [], estimated: true };
}

/** The lower-left corner [north, east] of a cell id `<prefix><digits>E<digits>`, or undefined for any other text. */
function cellId(bytes: Uint8Array, start: number, stop: number, prefix: readonly number[]): [number, number] | undefined {
  if (stop - start <= prefix.length) return undefined;
  for (let k = 0; k < prefix.length; k += 1) if (bytes[start + k] !== prefix[k]) return undefined;
  const east = bytes.indexOf(0x45, start + prefix.length);
  if (east < 0 || east >= stop) return undefined;
  const north = digits(bytes, start + prefix.length, east);
  const eastValue = digits(bytes, east + 1, stop);
  return north < 0 || eastValue < 0 ? undefined : [north, eastValue];
}

/** A whole number of 1 to 15 digits, exactly as Number() reads it; -1 for anything else (empty, signs, decimals). */
function digits(bytes: Uint8Array, start: number, stop: number): number {
  if (stop <= start || stop - start > 15) return -1;
  let value = 0;
  for (let i = start; i < stop; i += 1) {
    const digit = bytes[i]! - ZERO;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

/** The rows read so far: corner and value, in growing typed arrays. */
class RowList {
  xs = new Float64Array(1 << 16);
  ys = new Float64Array(1 << 16);
  values = new Float64Array(1 << 16);
  length = 0;
  push(x: number, y: number, value: number): void {
    if (this.length === this.xs.length) {
      const grow = (array: Float64Array) => {
        const grown = new Float64Array(array.length * 2);
        grown.set(array);
        return grown;
      };
      this.xs = grow(this.xs);
      this.ys = grow(this.ys);
      this.values = grow(this.values);
    }
    this.xs[this.length] = x;
    this.ys[this.length] = y;
    this.values[this.length] = value;
    this.length += 1;
  }
}
