// The details of the events <sozialraum-map> sends.
import type { DataIssue } from '@sozialraum/core';
import type { DrillStep } from '@sozialraum/element';

/** Detail of `sozialraum-area-select`: the chosen area, or null ids when the selection was cleared. */
export interface AreaSelectDetail {
  id: string | null;
  name: string | null;
  /** The area's feature properties. */
  properties: Record<string, unknown> | null;
  /** The area's row of the indicator table, cells as text, when a table is joined and has one. */
  row: Record<string, string> | null;
}

/** Detail of `sozialraum-area-hover`. */
export interface AreaHoverDetail {
  id: string | null;
  name: string | null;
}

/** Detail of `sozialraum-data-load`: what was loaded and what did not fit. */
export interface DataLoadDetail {
  areas: number;
  crs: string;
  idField: string;
  nameField: string | null;
  rows: number | null;
  /** The columns of the indicator table, in file order; empty without a table. */
  columns: string[];
  unmatchedAreaIds: string[];
  unmatchedRows: { row: number; key: string }[];
  issues: DataIssue[];
}

/** Detail of `sozialraum-data-progress`: how far the areas of a WFS or OGC API – Features service are read. */
export interface DataProgressDetail {
  /** The `areas` URL. */
  source: string;
  features: number;
  pages: number;
  /** The number of features the service says match, when it says so. */
  total: number | null;
}

/** Detail of `sozialraum-year-change`. */
export interface YearChangeDetail {
  year: number;
  years: number[];
}

/** Detail of `sozialraum-level-change`: the level shown and the areas drilled into (outermost first). */
export interface LevelChangeDetail {
  level: string;
  drill: DrillStep[];
}
