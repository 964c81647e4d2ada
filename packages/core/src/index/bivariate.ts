// Two indices shown together: each area in one class of a row index and one class of a column index, as the Berlin
// MSS publishes its Status-Dynamik-Index (4 status × 3 dynamics classes, code 23 = status 2, dynamics 3).
import { withArea } from './area-record.js';
import type { LocalisedText } from '../language.js';
import type { Table } from '../io/csv.js';
import { computeIndex, type ComputeIndexOptions } from './compute.js';
import type { AreaIndexResult, IndexClass, IndexResult, IndexSpec } from './spec.js';
import { localiseText } from './text.js';

/** Two index specs whose classes are crossed: the rows (e.g. status) and the columns (e.g. dynamics). */
export interface BivariateSpec {
  id: string;
  title: LocalisedText;
  rows: IndexSpec;
  columns: IndexSpec;
  /** Short names of the two axes ("Status", "Dynamik"). */
  rowName: LocalisedText;
  columnName: LocalisedText;
}

/** One area's place in the matrix; `code` = row class × 10 + column class (as MSS writes it), null where either is not rated. */
export interface BivariateArea {
  row: number | null;
  column: number | null;
  code: number | null;
}

export interface BivariateResult {
  spec: BivariateSpec;
  rows: IndexResult;
  columns: IndexResult;
  areas: Map<string, BivariateArea>;
  /**
   * The crossing as one result, for the views that draw classes: class (row − 1) × columns + column, labelled
   * "row label / column label"; an area is rated only where both indices rate it.
   */
  combined: IndexResult;
}

/**
 * Computes both indices over `table` and crosses their classes. Both must rate over the same rows; the combined
 * result keeps the row index's values, z-values and notes, so that a table or card still shows where they come from.
 */
export function computeBivariate(table: Table, spec: BivariateSpec, options: ComputeIndexOptions): BivariateResult {
  const language = options.language ?? 'de';
  const rows = computeIndex(table, spec.rows, options);
  const columns = computeIndex(table, spec.columns, options);
  const columnCount = columns.classes.length;
  const columnById = new Map(columns.areas.map((area) => [area.id, area]));
  const areas = new Map<string, BivariateArea>();
  const counts = Array.from({ length: rows.classes.length * columnCount }, () => 0);
  const labelOf = (row: number, column: number) => `${rows.classes[row - 1]!.label} / ${columns.classes[column - 1]!.label}`;
  const combinedAreas: AreaIndexResult[] = rows.areas.map((area) => {
    const other = columnById.get(area.id);
    const row = area.class;
    const column = other?.class ?? null;
    const code = row !== null && column !== null ? row * 10 + column : null;
    areas.set(area.id, { row, column, code });
    if (row === null || column === null) return withArea(area, { class: null, label: null });
    const cell = (row - 1) * columnCount + column;
    counts[cell - 1]! += 1;
    return withArea(area, { class: cell, label: labelOf(row, column) });
  });
  const classes: IndexClass[] = counts.map((count, position) => {
    const row = Math.floor(position / columnCount) + 1;
    const column = (position % columnCount) + 1;
    return { class: position + 1, min: null, max: null, minInclusive: false, maxInclusive: false, label: labelOf(row, column), count };
  });
  const title = localiseText(spec.title, language);
  return {
    spec,
    rows,
    columns,
    areas,
    combined: { ...rows, spec: { ...spec.rows, id: spec.id, title }, areas: combinedAreas, classes, notes: [...(rows.notes ?? []), ...(columns.notes ?? [])] },
  };
}
