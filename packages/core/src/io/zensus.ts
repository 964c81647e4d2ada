// Zensus grid tables (Gitter_ID_100m / _1km, x_mp / y_mp, semicolons) turned into a raster over the listed cells.
import { SozialraumError, germanNumber, issue, message, type DataIssue } from '../errors.js';
import { gridSpanning, type Grid } from '../geometry/grid.js';
import { parseCsv, parseNumber, type Table } from './csv.js';
import { emptyBox, extendBox } from '../geometry/index.js';
import { tableFileKind } from './table-file.js';

export interface ZensusGridOptions {
  /** File name or URL, for messages. */
  source: string;
  /** The column holding the characteristic, e.g. "Einwohner". */
  value: string;
  /**
   * The value of cells the file does not list. Zensus grid files list only cells where somebody lives, so for
   * counts of people or dwellings an unlisted cell is 0 (the default). For means and shares pass NaN: there the
   * missing cell has no value rather than the value 0.
   */
  unlisted?: number;
  /** Decimal separator of the values; by default told from the cells, else the layout's decimal comma. */
  decimalSeparator?: ',' | '.';
}

/** The published layout writes decimal commas and thousands points ("1.204" people in a 1 km cell). */
const ZENSUS_DECIMALS = {
  separator: ',',
  text: message(
    'no cell tells, and the Zensus grid layout (a GITTER_ID or x_mp/y_mp column) writes decimal commas',
    'keine Zelle sagt es, und das Layout der Zensus-Gitter (eine Spalte GITTER_ID oder x_mp/y_mp) schreibt Dezimalkommas',
  ),
} as const;

/** A Zensus grid table as a raster. */
export interface ZensusGrid {
  /** The smallest grid that spans every listed cell, in the CRS the cell ids name (EPSG:3035). */
  grid: Grid;
  /** One value per cell, row by row from the north-west corner; suppressed cells are NaN, unlisted cells `unlisted` (0). */
  values: Float64Array;
  /** NaN marks cells without a value: the cells the statistical office suppressed ("–", "-", ".", empty). */
  nodata: number;
  /** Rows read as cells. */
  cells: number;
  /** Cells listed without a value because they were kept secret. */
  suppressed: number;
  /** Rows that could not be read, cells listed twice, unreadable values; each names its row. */
  issues: DataIssue[];
  /**
   * Always true: Zensus grid counts are estimates. Zensus 2022 perturbs every count (cell-key method) and Zensus
   * 2011 suppressed small counts, so sums over areas are estimates and must be labelled as such.
   */
  estimated: true;
}

const CELL_ID = /^CRS(\d+)RES(\d+)(m|km)N(\d+)E(\d+)$/i;
const ID_COLUMN = /^gitter_id_(\d+)(m|km)$/i;
const X_COLUMN = /^x_mp_(\d+)(m|km)$/i;
const Y_COLUMN = /^y_mp_(\d+)(m|km)$/i;

function metres(amount: string, unit: string): number {
  return Number(amount) * (unit.toLowerCase() === 'km' ? 1000 : 1);
}

/**
 * Refuses a grid given as a workbook: a grid has more cells than a sheet has rows (Germany: 3 million), so it is read
 * as CSV in the Zensus layout only.
 */
export function assertGridText(bytes: Uint8Array, source: string): void {
  if (tableFileKind(bytes) === 'text') return;
  throw new SozialraumError(
    'unknown-format',
    message(
      'is a workbook, not a grid CSV; save the grid as CSV in the Zensus layout',
      'ist eine Arbeitsmappe, keine Gitter-CSV; speichern Sie das Gitter als CSV im Zensus-Format',
    ),
    { source },
  );
}

/**
 * Reads a Zensus grid table in the published layout: a cell id `GITTER_ID_100m` (also `Gitter_ID_100m`, or
 * `GITTER_ID_1km` for the 1 km grid) such as `CRS3035RES100mN3252800E4530000`, naming the cell's lower-left
 * corner in EPSG:3035, and/or the cell centre in `x_mp_100m` / `y_mp_100m`; semicolons; decimal commas; "–", "-",
 * "." or an empty cell where a value was suppressed.
 *
 * The raster spans the listed cells. Cells the file does not list are 0 by default, because the Zensus lists only
 * cells where somebody lives (see `unlisted`); suppressed cells are NaN, so statistics leave them out. Rows that
 * cannot be placed on the grid are left out with an issue naming the row.
 */
export function readZensusGrid(text: string, options: ZensusGridOptions): ZensusGrid {
  const { source, value } = options;
  const table = parseCsv(text, {
    source,
    ...(options.decimalSeparator ? { decimalSeparator: options.decimalSeparator } : { decimalConvention: ZENSUS_DECIMALS }),
  });
  const issues: DataIssue[] = [...table.issues];
  const columns = cellColumns(table, value);
  const resolution = columns.resolution;
  const count = table.rows.length;
  const { xs, ys, cellValues, usable, epsg, extent } = placeRows(table, columns, value, issues);
  const [minX, , maxX] = extent;
  if (!(minX <= maxX)) {
    throw new SozialraumError(
      'empty-file',
      message(`none of its ${count} rows names a readable grid cell`, `keine ihrer ${germanNumber(count)} Zeilen nennt eine lesbare Gitterzelle`),
      { source },
    );
  }

  const grid = gridSpanning(`EPSG:${epsg}`, extent, resolution);
  const unlisted = options.unlisted ?? 0;
  const values = new Float64Array(grid.columns * grid.rows);
  if (unlisted !== 0) values.fill(unlisted);
  // One byte per cell (a Germany-wide 100 m grid has some 56 million); the earlier row is looked up only for a repeat.
  const filled = new Uint8Array(values.length);
  const cellOf = (index: number) =>
    Math.round((grid.originY - resolution - ys[index]!) / resolution) * grid.columns + Math.round((xs[index]! - grid.originX) / resolution);
  let cells = 0;
  let suppressed = 0;
  for (let index = 0; index < count; index += 1) {
    if (!usable[index]) continue;
    const cell = cellOf(index);
    if (filled[cell]) {
      let earlier = 0;
      while (!(usable[earlier] && cellOf(earlier) === cell)) earlier += 1;
      issues.push(
        issue(
          'duplicate-key',
          'warning',
          message(
            `lists the cell of row ${table.rowNumbers[earlier]} again; the first is kept`,
            `nennt die Zelle aus Zeile ${table.rowNumbers[earlier]} noch einmal; die erste wird behalten`,
          ),
          {
            source,
            row: table.rowNumbers[index]!,
          },
        ),
      );
      continue;
    }
    filled[cell] = 1;
    if (usable[index] === 2) suppressed += 1;
    values[cell] = cellValues[index]!;
    cells += 1;
  }
  return { grid, values, nodata: Number.NaN, cells, suppressed, issues, estimated: true };
}

/** The columns that place a row on the grid, found by their Zensus names; throws naming the columns when there are none. */
function cellColumns(table: Table, value: string): CellColumns {
  const { source } = table;
  const idColumn = table.columns.find((column) => ID_COLUMN.test(column));
  const xColumn = table.columns.find((column) => X_COLUMN.test(column));
  const yColumn = table.columns.find((column) => Y_COLUMN.test(column));
  const haveCentres = xColumn !== undefined && yColumn !== undefined;
  if (!idColumn && !haveCentres) {
    throw new SozialraumError(
      'unknown-field',
      message(
        `no grid cell column: expected GITTER_ID_100m (or GITTER_ID_1km) or x_mp_100m and y_mp_100m; the columns are ${table.columns.join(', ')}`,
        `keine Spalte für die Gitterzelle: erwartet war GITTER_ID_100m (oder GITTER_ID_1km) oder x_mp_100m und y_mp_100m; die Spalten sind ${table.columns.join(', ')}`,
      ),
      { source },
    );
  }
  if (!table.columns.includes(value)) {
    throw new SozialraumError(
      'unknown-field',
      message(`no column "${value}"; the columns are ${table.columns.join(', ')}`, `keine Spalte „${value}“; die Spalten sind ${table.columns.join(', ')}`),
      { source },
    );
  }
  const namingColumn = idColumn ?? xColumn!;
  const [, amount, unit] = (idColumn ? ID_COLUMN : X_COLUMN).exec(namingColumn)!;
  const resolution = metres(amount!, unit!);
  return { idColumn, xColumn, yColumn, resolution };
}

/**
 * Every row's cell corner and value; `usable` is 1 for a placed row, 2 for a placed row whose value is suppressed (NaN)
 * and 0 for a row that names no readable cell.
 */
function placeRows(
  table: Table,
  columns: CellColumns,
  value: string,
  issues: DataIssue[],
): { xs: Float64Array; ys: Float64Array; cellValues: Float64Array; usable: Uint8Array; epsg: number; extent: ReturnType<typeof emptyBox> } {
  const { source } = table;
  const count = table.rows.length;
  const xs = new Float64Array(count);
  const ys = new Float64Array(count);
  const cellValues = new Float64Array(count);
  const usable = new Uint8Array(count);
  let epsg = 3035;
  const extent = emptyBox();
  table.rows.forEach((row, index) => {
    const location = { source, row: table.rowNumbers[index]! };
    const corner = cellCorner(row, location, columns, table.decimalSeparator, issues);
    if (!corner) return;
    const { x, y } = corner;
    if (corner.epsg !== undefined) epsg = corner.epsg;
    const cell = row[value] ?? '';
    let parsed = parseNumber(cell, table.decimalSeparator);
    // 2 marks a suppressed cell, counted once it is placed.
    usable[index] = parsed === null ? 2 : 1;
    if (parsed === null) {
      parsed = Number.NaN;
    } else if (Number.isNaN(parsed)) {
      issues.push(
        issue(
          'bad-number',
          'error',
          message(`"${cell}" is not a number; the cell counts as without value`, `„${cell}“ ist keine Zahl; die Zelle gilt als ohne Wert`),
          { ...location, column: value },
        ),
      );
    }
    xs[index] = x;
    ys[index] = y;
    cellValues[index] = parsed;
    extendBox(extent, x, y);
  });
  return { xs, ys, cellValues, usable, epsg, extent };
}

/** The columns that place a row on the grid, and the grid's cell size in metres. */
interface CellColumns {
  idColumn: string | undefined;
  xColumn: string | undefined;
  yColumn: string | undefined;
  resolution: number;
}

/**
 * The lower-left corner of the row's cell (and the EPSG code its id names), from the cell id or the cell centre;
 * undefined, with an issue, for a row that names no cell on the grid.
 */
function cellCorner(
  row: Readonly<Record<string, string>>,
  location: { source: string; row: number },
  columns: CellColumns,
  decimalSeparator: Parameters<typeof parseNumber>[1],
  issues: DataIssue[],
): { x: number; y: number; epsg: number | undefined } | undefined {
  const { idColumn, xColumn, yColumn, resolution } = columns;
  let x: number | undefined;
  let y: number | undefined;
  let epsg: number | undefined;
  const id = idColumn ? (row[idColumn] ?? '') : '';
  if (idColumn && id !== '') {
    const match = CELL_ID.exec(id);
    if (!match) {
      issues.push(
        issue(
          'parse-error',
          'error',
          message(
            `"${id}" is not a grid cell id like CRS3035RES100mN3252800E4530000; the row is left out`,
            `„${id}“ ist keine Gitterzellen-ID wie CRS3035RES100mN3252800E4530000; die Zeile wird ausgelassen`,
          ),
          { ...location, column: idColumn },
        ),
      );
      return undefined;
    }
    const cellSize = metres(match[2]!, match[3]!);
    if (cellSize !== resolution) {
      issues.push(
        issue(
          'parse-error',
          'error',
          message(
            `the cell "${id}" is ${cellSize} m wide, the file's grid ${resolution} m; the row is left out`,
            `die Zelle „${id}“ ist ${germanNumber(cellSize)} m breit, das Gitter der Datei ${germanNumber(resolution)} m; die Zeile wird ausgelassen`,
          ),
          { ...location, column: idColumn },
        ),
      );
      return undefined;
    }
    epsg = Number(match[1]);
    y = Number(match[4]);
    x = Number(match[5]);
  }
  if (xColumn !== undefined && yColumn !== undefined) {
    const centreX = parseNumber(row[xColumn!] ?? '', decimalSeparator);
    const centreY = parseNumber(row[yColumn!] ?? '', decimalSeparator);
    if (centreX !== null && centreY !== null && Number.isFinite(centreX) && Number.isFinite(centreY)) {
      const cornerX = centreX - resolution / 2;
      const cornerY = centreY - resolution / 2;
      if (x === undefined || y === undefined) {
        x = cornerX;
        y = cornerY;
      } else if (cornerX !== x || cornerY !== y) {
        issues.push(
          issue(
            'parse-error',
            'warning',
            message(
              `the cell id "${id}" and the centre ${centreX}, ${centreY} disagree; the id is used`,
              `die Zellen-ID „${id}“ und der Mittelpunkt ${germanNumber(centreX)}; ${germanNumber(centreY)} passen nicht zusammen; die ID wird verwendet`,
            ),
            { ...location, column: xColumn! },
          ),
        );
      }
    }
  }
  if (x === undefined || y === undefined) {
    issues.push(
      issue(
        'parse-error',
        'error',
        message(
          'names no grid cell (neither a cell id nor a cell centre); the row is left out',
          'nennt keine Gitterzelle (weder eine Zellen-ID noch einen Zellmittelpunkt); die Zeile wird ausgelassen',
        ),
        location,
      ),
    );
    return undefined;
  }
  if (x % resolution !== 0 || y % resolution !== 0) {
    issues.push(
      issue(
        'parse-error',
        'error',
        message(
          `the cell at ${x}, ${y} is not on the ${resolution} m grid; the row is left out`,
          `die Zelle bei ${germanNumber(x)}; ${germanNumber(y)} liegt nicht im ${germanNumber(resolution)}-m-Gitter; die Zeile wird ausgelassen`,
        ),
        location,
      ),
    );
    return undefined;
  }
  return { x, y, epsg };
}
