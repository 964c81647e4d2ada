// Which grid cells each Sozialraum covers and by how much: exact area fractions, cell centres, or every cell touched.
import { throwIfAborted } from '../errors.js';
import { transformer } from '../crs/index.js';
import type { AreaCollection } from '../io/areas.js';
import { flatRingArea } from '../geometry/index.js';
import { GrowingArray } from '../geometry/growing-array.js';
import { assertValidGrid, sameGrid, type Grid } from './grid.js';
import { packAreas, projectCoordinates, type PackedAreas } from './packed-areas.js';

/**
 * How a cell is assigned to an area:
 * - `exact`: the fraction of the cell's area that lies inside the area (0 < f ≤ 1). Adjacent areas of a clean
 *   partition share their boundary cells so that the fractions of every cell inside the partition add up to 1.
 * - `centre`: 1 for every cell whose centre lies inside the area (a centre on the boundary belongs to the area on
 *   its right, or below it, so each cell goes to exactly one area of a partition). Areas smaller than a cell may
 *   get no cell at all.
 * - `touched`: 1 for every cell that shares some area with the area. Cells the boundary only runs along (or meets
 *   in a corner) are not touched. Boundary cells count for every area they touch.
 */
export type CoverageMethod = 'exact' | 'centre' | 'touched';

export interface CoverageOptions {
  method: CoverageMethod;
  /** Checked between areas; abort it from `onProgress`, or run the computation in a worker. */
  signal?: AbortSignal;
  /** Called with the number of areas done and the total, about a hundred times over the run and once at the end. */
  onProgress?: (done: number, total: number) => void;
}

/**
 * The cells each area covers, with the fraction of each cell's area that the area covers, stored compactly.
 * Cells an area covers completely (fraction 1) are kept as runs along a grid row; cells it covers in part are
 * kept one by one. Area `a` owns the partial entries `partialOffsets[a]` … `partialOffsets[a + 1] - 1` and the
 * runs `runOffsets[a]` … `runOffsets[a + 1] - 1`. Every array is a typed array, so the whole object can be
 * transferred to or from a worker. Compute it once per set of areas and grid and use it for every band.
 */
export interface CoverageWeights {
  /** The grid the cell indices refer to; the areas were reprojected into its CRS. */
  grid: Grid;
  method: CoverageMethod;
  /** Key of each area, parallel to the areas' features. */
  ids: string[];
  /** Area of each polygon in cell units (1 = one cell), measured in the grid's CRS, including any part outside the raster. */
  areaCells: Float64Array;
  /** The part of `areaCells` that lies inside the raster. */
  insideCells: Float64Array;
  partialOffsets: Uint32Array;
  partialCells: Uint32Array;
  partialFractions: Float64Array;
  runOffsets: Uint32Array;
  /** Index of the first cell of each run of fully covered cells; a run never wraps to the next row. */
  runStarts: Uint32Array;
  runLengths: Uint32Array;
}

/**
 * Fractions closer than this to 0 or 1 (in cells) are taken as 0 or 1: rounding in the accumulation is far below
 * it, and a sliver of 1e-10 of a 100 m cell is a square millimetre.
 */
const SNAP = 1e-10;
/** Upper bound for the accumulation buffer (entries); taller areas are processed in bands of rows. */
const MAX_BUFFER = 1 << 22;

/**
 * The weights of every area on the grid. The areas are reprojected into the grid's CRS first. Holes subtract,
 * the parts of a MultiPolygon add, and parts outside the raster are left out (see `insideCells`).
 *
 * The exact method follows exactextract: each ring is walked row by row and cell by cell, and every piece of a
 * ring inside a cell deposits the signed area between it and the cell's right edge, plus its full height for
 * the cells further right. A running sum along each row then gives every cell's covered area exactly (the
 * integral of the winding number over the cell), so cells inside an area are filled without testing them
 * against the polygon. The work grows with the number of boundary cells and the width of the area per row,
 * and no memory is allocated per cell.
 */
export function coverageWeights(areas: AreaCollection, grid: Grid, options: CoverageOptions): CoverageWeights {
  assertValidGrid(grid);
  throwIfAborted(options.signal, areas.source);
  return packedCoverageWeights(packAreas(areas), grid, options);
}

/**
 * The weights of packed areas (see packAreas), as coverageWeights computes them: a worker computes the weights of
 * a part of the areas from it, and concatCoverageWeights puts the parts together. Each area's weights depend on that
 * area alone, so the parts, joined in the areas' order, equal the weights computed in one piece to the last bit.
 */
export function packedCoverageWeights(areas: PackedAreas, grid: Grid, options: CoverageOptions): CoverageWeights {
  assertValidGrid(grid);
  const { method, signal, onProgress } = options;
  throwIfAborted(signal, areas.source);
  const coordinates = areas.crs === grid.crs ? areas.coordinates : projectCoordinates(areas.coordinates, transformer(areas.crs, grid.crs, areas.source));
  const total = areas.ids.length;
  const areaCells = new Float64Array(total);
  const insideCells = new Float64Array(total);
  const partialOffsets = new Uint32Array(total + 1);
  const runOffsets = new Uint32Array(total + 1);
  const partialCells = new GrowingArray(new Uint32Array(1024));
  const partialFractions = new GrowingArray(new Float64Array(1024));
  const runStarts = new GrowingArray(new Uint32Array(1024));
  const runLengths = new GrowingArray(new Uint32Array(1024));
  const output: CellSink = { partialCells, partialFractions, runStarts, runLengths };
  const accumulator = new CoverageAccumulator(grid, output, method === 'touched');
  const scanline = new CentreScanline(grid, output);
  const reportEvery = Math.max(1, Math.floor(total / 100));
  for (let index = 0; index < total; index += 1) {
    if (index > 0) throwIfAborted(signal, areas.source);
    const rings = gridRings(areas, coordinates, index, grid);
    areaCells[index] = rings.area;
    insideCells[index] = rings.insideArea(grid);
    if (method === 'centre') scanline.add(rings);
    else accumulator.add(rings);
    partialOffsets[index + 1] = partialCells.length;
    runOffsets[index + 1] = runStarts.length;
    if (onProgress && (index + 1 === total || (index + 1) % reportEvery === 0)) onProgress(index + 1, total);
  }
  return {
    grid: { ...grid },
    method,
    ids: [...areas.ids],
    areaCells,
    insideCells,
    partialOffsets,
    partialCells: partialCells.toArray(),
    partialFractions: partialFractions.toArray(),
    runOffsets,
    runStarts: runStarts.toArray(),
    runLengths: runLengths.toArray(),
  };
}

/**
 * The weights of consecutive parts of a set of areas as one, in the order given: the weights of packed parts
 * computed apart (in workers) joined into those of the whole set. The parts must share the grid and the method.
 */
export function concatCoverageWeights(parts: readonly CoverageWeights[]): CoverageWeights {
  if (parts.length === 0) throw new RangeError('no weights to join');
  const first = parts[0]!;
  for (const part of parts) {
    if (part.method !== first.method || !sameGrid(part.grid, first.grid)) throw new RangeError('weights of different grids or methods cannot be joined');
  }
  // Each field's parts joined into one array of the same type as the first part's.
  const join = <T extends Float64Array | Uint32Array>(pick: (part: CoverageWeights) => T): T => {
    const ArrayType = pick(first).constructor as new (length: number) => T;
    const joined = new ArrayType(parts.reduce((sum, part) => sum + pick(part).length, 0));
    let offset = 0;
    for (const part of parts) {
      joined.set(pick(part), offset);
      offset += pick(part).length;
    }
    return joined;
  };
  // An offsets field rebased: the entries of each part come after those of the parts before it.
  const offsets = (field: 'partialOffsets' | 'runOffsets', entries: 'partialCells' | 'runStarts'): Uint32Array => {
    const joined = new Uint32Array(parts.reduce((sum, part) => sum + part.ids.length, 0) + 1);
    let area = 0;
    let base = 0;
    for (const part of parts) {
      const own = part[field];
      for (let index = 1; index < own.length; index += 1) joined[area + index] = base + own[index]!;
      area += part.ids.length;
      base += part[entries].length;
    }
    return joined;
  };
  return {
    grid: { ...first.grid },
    method: first.method,
    ids: parts.flatMap((part) => part.ids),
    areaCells: join((part) => part.areaCells),
    insideCells: join((part) => part.insideCells),
    partialOffsets: offsets('partialOffsets', 'partialCells'),
    partialCells: join((part) => part.partialCells),
    partialFractions: join((part) => part.partialFractions),
    runOffsets: offsets('runOffsets', 'runStarts'),
    runStarts: join((part) => part.runStarts),
    runLengths: join((part) => part.runLengths),
  };
}

/** The cells of one area with their fractions, runs expanded, in no particular order. */
export function areaCoverage(weights: CoverageWeights, area: number): { cells: Uint32Array; fractions: Float64Array } {
  const partialStart = weights.partialOffsets[area]!;
  const partialEnd = weights.partialOffsets[area + 1]!;
  const runStart = weights.runOffsets[area]!;
  const runEnd = weights.runOffsets[area + 1]!;
  let count = partialEnd - partialStart;
  for (let run = runStart; run < runEnd; run += 1) count += weights.runLengths[run]!;
  const cells = new Uint32Array(count);
  const fractions = new Float64Array(count);
  let next = 0;
  for (let run = runStart; run < runEnd; run += 1) {
    const first = weights.runStarts[run]!;
    const end = first + weights.runLengths[run]!;
    for (let cell = first; cell < end; cell += 1) {
      cells[next] = cell;
      fractions[next] = 1;
      next += 1;
    }
  }
  cells.set(weights.partialCells.subarray(partialStart, partialEnd), next);
  fractions.set(weights.partialFractions.subarray(partialStart, partialEnd), next);
  return { cells, fractions };
}

/**
 * For every cell, the sum of its fractions over all areas. For a clean partition with the exact method this is
 * 1 inside the partition, 0 outside and in between only where the outer boundary crosses a cell.
 */
export function coverageTotals(weights: CoverageWeights): Float64Array {
  const totals = new Float64Array(weights.grid.columns * weights.grid.rows);
  for (let run = 0; run < weights.runStarts.length; run += 1) {
    const first = weights.runStarts[run]!;
    const end = first + weights.runLengths[run]!;
    for (let cell = first; cell < end; cell += 1) totals[cell] += 1;
  }
  for (let entry = 0; entry < weights.partialCells.length; entry += 1) {
    totals[weights.partialCells[entry]!] += weights.partialFractions[entry]!;
  }
  return totals;
}

// ---------------------------------------------------------------------------------------------------------------
// Rings in grid coordinates

/**
 * The rings of one area in cell units: u runs east along columns from the grid's left edge, v runs south along
 * rows from its top edge, so the cell in column c and row r is the unit square [c, c+1] × [r, r+1].
 */
class GridRings {
  /** Flat [u0, v0, u1, v1, …], closed (the last point repeats the first). */
  readonly coords: Float64Array[] = [];
  /**
   * +1 or -1 per ring, chosen so that the ring's winding contribution is +1 inside an outer ring and -1 inside a
   * hole, whichever way the file winds them.
   */
  readonly signs: number[] = [];
  /** Area in cells, holes subtracted. */
  area = 0;
  minU = Infinity;
  minV = Infinity;
  maxU = -Infinity;
  maxV = -Infinity;

  addRing(coords: Float64Array, outer: boolean): void {
    const signed = flatRingArea(coords);
    if (signed === 0 || !Number.isFinite(signed)) return;
    // In a ring with positive shoelace area in (u, v) the pieces that run south lie on its east side, so the
    // accumulation (which credits the cells east of a southward piece) would count its inside as -1; the sign
    // turns that into +1 for outer rings and -1 for holes.
    const sign = (outer ? -1 : 1) * Math.sign(signed);
    this.coords.push(coords);
    this.signs.push(sign);
    this.area += -sign * signed;
    for (let i = 0; i < coords.length; i += 2) {
      const u = coords[i]!;
      const v = coords[i + 1]!;
      if (u < this.minU) this.minU = u;
      if (u > this.maxU) this.maxU = u;
      if (v < this.minV) this.minV = v;
      if (v > this.maxV) this.maxV = v;
    }
  }

  /** The area inside the raster, by clipping each ring to the grid's rectangle. */
  insideArea(grid: Grid): number {
    if (this.minU >= 0 && this.minV >= 0 && this.maxU <= grid.columns && this.maxV <= grid.rows) return this.area;
    let area = 0;
    this.coords.forEach((coords, ring) => {
      area += -this.signs[ring]! * clippedShoelace(coords, grid.columns, grid.rows);
    });
    return area;
  }
}

/** The rings of one packed area in cell units; `coordinates` are the packed ones in the grid's CRS. */
function gridRings(areas: PackedAreas, coordinates: Float64Array, area: number, grid: Grid): GridRings {
  const rings = new GridRings();
  const { polygonOffsets, ringOffsets, positionOffsets } = areas;
  // Whether a ring is closed is read from the file's coordinates, before any reprojection.
  const original = areas.coordinates;
  for (let polygon = polygonOffsets[area]!; polygon < polygonOffsets[area + 1]!; polygon += 1) {
    for (let ring = ringOffsets[polygon]!; ring < ringOffsets[polygon + 1]!; ring += 1) {
      const start = positionOffsets[ring]!;
      const length = positionOffsets[ring + 1]! - start;
      if (length < 3) continue;
      const last = start + length - 1;
      const closed = original[2 * start] === original[2 * last] && original[2 * start + 1] === original[2 * last + 1];
      const count = closed ? length : length + 1;
      const coords = new Float64Array(count * 2);
      for (let i = 0; i < count; i += 1) {
        const position = start + (i === length ? 0 : i);
        coords[2 * i] = (coordinates[2 * position]! - grid.originX) / grid.cellWidth;
        coords[2 * i + 1] = (grid.originY - coordinates[2 * position + 1]!) / grid.cellHeight;
      }
      rings.addRing(coords, ring === ringOffsets[polygon]);
    }
  }
  return rings;
}

/**
 * Shoelace area of a ring clipped to [0, columns] × [0, rows] (Sutherland–Hodgman). The clipped outline may run
 * back and forth along the rectangle's edges, which adds no area, so the signed area is that of the intersection.
 */
function clippedShoelace(coords: Float64Array, columns: number, rows: number): number {
  let points: number[] = Array.from(coords.subarray(0, coords.length - 2));
  points = clipHalfPlane(points, 0, 0, true);
  points = clipHalfPlane(points, 0, columns, false);
  points = clipHalfPlane(points, 1, 0, true);
  points = clipHalfPlane(points, 1, rows, false);
  if (points.length < 6) return 0;
  return flatRingArea(points);
}

/** Keeps the part of an open ring [u, v, …] where coordinate `axis` is ≥ bound (keepAbove) or ≤ bound. */
function clipHalfPlane(points: number[], axis: 0 | 1, bound: number, keepAbove: boolean): number[] {
  const result: number[] = [];
  const count = points.length / 2;
  const inside = (i: number) => (keepAbove ? points[2 * i + axis]! >= bound : points[2 * i + axis]! <= bound);
  for (let i = 0; i < count; i += 1) {
    const j = (i + 1) % count;
    const inI = inside(i);
    const inJ = inside(j);
    if (inI) result.push(points[2 * i]!, points[2 * i + 1]!);
    if (inI !== inJ) {
      const a = points[2 * i + axis]!;
      const b = points[2 * j + axis]!;
      const t = (bound - a) / (b - a);
      const u = points[2 * i]! + t * (points[2 * j]! - points[2 * i]!);
      const v = points[2 * i + 1]! + t * (points[2 * j + 1]! - points[2 * i + 1]!);
      result.push(axis === 0 ? bound : u, axis === 1 ? bound : v);
    }
  }
  return result;
}

// ---------------------------------------------------------------------------------------------------------------
// Output

interface CellSink {
  partialCells: GrowingArray<Uint32Array>;
  partialFractions: GrowingArray<Float64Array>;
  runStarts: GrowingArray<Uint32Array>;
  runLengths: GrowingArray<Uint32Array>;
}

/**
 * Appends a run of whole cells, joining it to the previous run when that ends where this one starts and is at
 * index `joinFrom` or later (so runs of another area or another row are never extended).
 */
function pushRun(sink: CellSink, first: number, length: number, joinFrom: number): void {
  const last = sink.runStarts.length - 1;
  if (last >= joinFrom && sink.runStarts.data[last]! + sink.runLengths.data[last]! === first) {
    sink.runLengths.data[last]! += length;
    return;
  }
  sink.runStarts.push(first);
  sink.runLengths.push(length);
}

// ---------------------------------------------------------------------------------------------------------------
// Exact coverage

/**
 * Accumulates, per row of cells, the signed area that each ring piece contributes to the cells to its right.
 *
 * Sign convention: a piece that runs south (v increasing) by dv adds `sign × dv` to the coverage of every point
 * east of it in its row; the ring signs make outer rings count +1 and holes -1 inside them. For a piece inside
 * column c from (u0, v0) to (u1, v1), cell c receives `dv × (c + 1 - (u0 + u1) / 2)` (the area between the piece
 * and the cell's right edge) and cell c + 1 receives the rest of `dv`, which the running sum along the row hands
 * on to every cell further east. Pieces west of the raster act as if they ran along its left edge; pieces east of
 * it change nothing inside it.
 */
class CoverageAccumulator {
  private acc = new Float64Array(0);
  private rowFirst = new Int32Array(0);
  private rowLast = new Int32Array(0);
  private stride = 0;
  private width = 0;
  private top = 0;
  private bottom = 0;
  private colMin = 0;

  constructor(
    private readonly grid: Grid,
    private readonly sink: CellSink,
    private readonly touched: boolean,
  ) {}

  add(rings: GridRings): void {
    if (rings.coords.length === 0) return;
    const grid = this.grid;
    const colMin = Math.max(0, Math.floor(rings.minU));
    const colMax = Math.min(grid.columns, Math.ceil(rings.maxU));
    const rowMin = Math.max(0, Math.floor(rings.minV));
    const rowMax = Math.min(grid.rows, Math.ceil(rings.maxV));
    if (colMax <= colMin || rowMax <= rowMin) return;
    const width = colMax - colMin;
    const stride = width + 2;
    const bandRows = Math.max(1, Math.floor(MAX_BUFFER / stride));
    for (let top = rowMin; top < rowMax; top += bandRows) {
      this.begin(colMin, width, top, Math.min(rowMax, top + bandRows));
      rings.coords.forEach((coords, ring) => this.addRing(coords, rings.signs[ring]!));
      this.emit();
    }
  }

  private begin(colMin: number, width: number, top: number, bottom: number): void {
    const height = bottom - top;
    this.stride = width + 2;
    if (this.acc.length < height * this.stride) this.acc = new Float64Array(Math.max(height * this.stride, this.acc.length * 2));
    if (this.rowFirst.length < height) {
      this.rowFirst = new Int32Array(Math.max(height, this.rowFirst.length * 2));
      this.rowLast = new Int32Array(this.rowFirst.length);
    }
    this.rowFirst.fill(0x7fffffff, 0, height);
    this.rowLast.fill(-1, 0, height);
    this.width = width;
    this.top = top;
    this.bottom = bottom;
    this.colMin = colMin;
  }

  private addRing(coords: Float64Array, sign: number): void {
    const top = this.top;
    const bottom = this.bottom;
    for (let i = 0; i + 3 < coords.length; i += 2) {
      const v0 = coords[i + 1]!;
      const v1 = coords[i + 3]!;
      if (v0 === v1) continue;
      let ua: number, va: number, ub: number, vb: number, dir: number;
      if (v0 < v1) {
        ua = coords[i]!;
        va = v0;
        ub = coords[i + 2]!;
        vb = v1;
        dir = sign;
      } else {
        ua = coords[i + 2]!;
        va = v1;
        ub = coords[i]!;
        vb = v0;
        dir = -sign;
      }
      if (vb <= top || va >= bottom) continue;
      const slope = (ub - ua) / (vb - va);
      const rowEnd = Math.min(bottom, Math.ceil(vb));
      for (let row = Math.max(top, Math.floor(va)); row < rowEnd; row += 1) {
        const y0 = va > row ? va : row;
        const y1 = vb < row + 1 ? vb : row + 1;
        if (y1 <= y0) continue;
        const x0 = y0 === va ? ua : ua + (y0 - va) * slope;
        const x1 = y1 === vb ? ub : ua + (y1 - va) * slope;
        this.addRowPiece(row - top, x0 - this.colMin, x1 - this.colMin, (y1 - y0) * dir);
      }
    }
  }

  /** One piece of a ring inside one row, x in columns from the area's first column, dy signed. */
  private addRowPiece(row: number, xa: number, xb: number, dy: number): void {
    const acc = this.acc;
    const width = this.width;
    const base = row * this.stride;
    let xl = xa < xb ? xa : xb;
    let xr = xa < xb ? xb : xa;
    if (xr <= 0) {
      acc[base] += dy;
      this.touch(row, 0, 0);
      return;
    }
    if (xl >= width) {
      // Changes nothing inside the raster, but the running sum has to be carried up to its edge.
      this.touch(row, width, width);
      return;
    }
    const dx = xr - xl;
    if (dx === 0) {
      const column = Math.floor(xl);
      const partial = dy * (column + 1 - xl);
      acc[base + column] += partial;
      acc[base + column + 1] += dy - partial;
      this.touch(row, column, column + 1);
      return;
    }
    const dyPerDx = dy / dx;
    if (xl < 0) {
      acc[base] += dyPerDx * -xl;
      xl = 0;
    }
    let last: number;
    if (xr > width) {
      xr = width;
      last = width;
    } else {
      last = Math.ceil(xr);
    }
    const firstColumn = Math.floor(xl);
    const endColumn = Math.ceil(xr);
    for (let column = firstColumn; column < endColumn; column += 1) {
      const left = column > xl ? column : xl;
      const right = column + 1 < xr ? column + 1 : xr;
      const dyc = dyPerDx * (right - left);
      const partial = dyc * (column + 1 - 0.5 * (left + right));
      acc[base + column] += partial;
      acc[base + column + 1] += dyc - partial;
    }
    this.touch(row, firstColumn, last);
  }

  private touch(row: number, first: number, last: number): void {
    if (first < this.rowFirst[row]!) this.rowFirst[row] = first;
    if (last > this.rowLast[row]!) this.rowLast[row] = last;
  }

  /** Running sums along each row turn the deposits into coverage; the buffer is zeroed on the way. */
  private emit(): void {
    const { acc, width, stride, sink, touched } = this;
    const columns = this.grid.columns;
    for (let row = 0; row < this.bottom - this.top; row += 1) {
      const last = this.rowLast[row]!;
      if (last < 0) continue;
      const base = row * stride;
      const cellBase = (this.top + row) * columns + this.colMin;
      let running = 0;
      let runStart = -1;
      let column = this.rowFirst[row]!;
      for (; column <= last; column += 1) {
        running += acc[base + column]!;
        acc[base + column] = 0;
        if (column >= width) break;
        const whole = touched ? running > SNAP : running >= 1 - SNAP;
        if (whole) {
          if (runStart < 0) runStart = column;
          continue;
        }
        if (runStart >= 0) {
          pushRun(sink, cellBase + runStart, column - runStart, Infinity);
          runStart = -1;
        }
        if (running > SNAP) {
          sink.partialCells.push(cellBase + column);
          sink.partialFractions.push(running);
        }
      }
      if (runStart >= 0) pushRun(sink, cellBase + runStart, Math.min(column, width) - runStart, Infinity);
      // Anything left past `last` was never written, so the buffer is clean for the next area.
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Cell centres

/** Fills, row by row, the cells whose centres lie inside the area (non-zero winding rule, half-open intervals). */
class CentreScanline {
  private counts = new Int32Array(0);
  private xs = new Float64Array(0);
  private ws = new Int8Array(0);
  private order: number[] = [];

  constructor(
    private readonly grid: Grid,
    private readonly sink: CellSink,
  ) {}

  add(rings: GridRings): void {
    if (rings.coords.length === 0) return;
    const grid = this.grid;
    // Rows whose centre line v = r + 0.5 lies in [minV, maxV).
    const first = Math.max(0, Math.ceil(rings.minV - 0.5));
    const end = Math.min(grid.rows, Math.ceil(rings.maxV - 0.5));
    if (end <= first) return;
    const height = end - first;
    if (this.counts.length < height + 1) this.counts = new Int32Array(Math.max(height + 1, this.counts.length * 2));
    const counts = this.counts;
    counts.fill(0, 0, height + 1);
    // First pass: how many crossings each row gets, as a difference array.
    for (const coords of rings.coords) {
      for (let i = 0; i + 3 < coords.length; i += 2) {
        const [ra, rb] = this.rowRange(coords[i + 1]!, coords[i + 3]!, first, end);
        if (rb > ra) {
          counts[ra - first] += 1;
          counts[rb - first] -= 1;
        }
      }
    }
    for (let row = 1; row < height; row += 1) counts[row] += counts[row - 1]!;
    // counts[row] now holds the number of crossings of the row; turn it into start offsets (counts[height] = total).
    let total = 0;
    for (let row = 0; row < height; row += 1) {
      const count = counts[row]!;
      counts[row] = total;
      total += count;
    }
    counts[height] = total;
    if (this.xs.length < total) {
      this.xs = new Float64Array(Math.max(total, this.xs.length * 2));
      this.ws = new Int8Array(this.xs.length);
    }
    const xs = this.xs;
    const ws = this.ws;
    // Second pass: the crossings themselves; counts[row] advances as the row fills and is restored below.
    rings.coords.forEach((coords, ring) => {
      const sign = rings.signs[ring]!;
      for (let i = 0; i + 3 < coords.length; i += 2) {
        const u0 = coords[i]!;
        const v0 = coords[i + 1]!;
        const u1 = coords[i + 2]!;
        const v1 = coords[i + 3]!;
        const [ra, rb] = this.rowRange(v0, v1, first, end);
        if (rb <= ra) continue;
        const slope = (u1 - u0) / (v1 - v0);
        const winding = v1 > v0 ? sign : -sign;
        for (let row = ra; row < rb; row += 1) {
          const slot = counts[row - first]!;
          xs[slot] = u0 + (row + 0.5 - v0) * slope;
          ws[slot] = winding;
          counts[row - first] = slot + 1;
        }
      }
    });
    for (let row = height; row > 0; row -= 1) counts[row] = counts[row - 1]!;
    counts[0] = 0;
    for (let row = 0; row < height; row += 1) this.fillRow(first + row, counts[row]!, counts[row + 1]!);
  }

  private rowRange(v0: number, v1: number, first: number, end: number): [number, number] {
    if (v0 === v1) return [0, 0];
    const lo = v0 < v1 ? v0 : v1;
    const hi = v0 < v1 ? v1 : v0;
    return [Math.max(first, Math.ceil(lo - 0.5)), Math.min(end, Math.ceil(hi - 0.5))];
  }

  private fillRow(row: number, start: number, end: number): void {
    if (end - start < 2) return;
    const xs = this.xs;
    const ws = this.ws;
    // Crossings of one row are few for real boundaries; sort them with their winding by insertion, or by index when many.
    if (end - start <= 32) {
      for (let i = start + 1; i < end; i += 1) {
        const x = xs[i]!;
        const w = ws[i]!;
        let j = i - 1;
        while (j >= start && xs[j]! > x) {
          xs[j + 1] = xs[j]!;
          ws[j + 1] = ws[j]!;
          j -= 1;
        }
        xs[j + 1] = x;
        ws[j + 1] = w;
      }
    } else {
      const order = this.order;
      order.length = 0;
      for (let i = start; i < end; i += 1) order.push(i);
      order.sort((a, b) => xs[a]! - xs[b]!);
      const sortedX = order.map((i) => xs[i]!);
      const sortedW = order.map((i) => ws[i]!);
      for (let i = 0; i < sortedX.length; i += 1) {
        xs[start + i] = sortedX[i]!;
        ws[start + i] = sortedW[i]!;
      }
    }
    const columns = this.grid.columns;
    const rowBase = row * columns;
    const rowFirstRun = this.sink.runStarts.length;
    let winding = 0;
    let enter = 0;
    for (let i = start; i < end; i += 1) {
      const before = winding;
      winding += ws[i]!;
      if (before <= 0 && winding > 0) {
        enter = xs[i]!;
      } else if (before > 0 && winding <= 0) {
        // Cells whose centre c + 0.5 lies in [enter, x).
        const from = Math.max(0, Math.ceil(enter - 0.5));
        const to = Math.min(columns, Math.ceil(xs[i]! - 0.5));
        if (to > from) pushRun(this.sink, rowBase + from, to - from, rowFirstRun);
      }
    }
  }
}
