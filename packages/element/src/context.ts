// The state a <sozialraum-map> shares with the elements inside it (choropleth, editor, aggregator, profile card).
import { createContext } from '@lit/context';
import type OlMap from 'ol/Map.js';
import type VectorLayer from 'ol/layer/Vector.js';
import type VectorSource from 'ol/source/Vector.js';
import type { AreaCollection, DataIssue, IndexResult, Table, TableJoin, TableYears } from '@sozialraum/core';
import type { Language } from './language.js';

/**
 * A snapshot of the map's state. The map provides a new object whenever something changes, so consumers that
 * subscribe re-render; treat it as read-only and change things through the map's properties and events.
 */
export interface SozialraumState {
  olMap: OlMap;
  /** The layer drawing the areas; a choropleth sets its style. */
  areasLayer: VectorLayer<VectorSource>;
  /** The areas as OpenLayers features in the view projection; each feature's id is the area key. */
  areasSource: VectorSource;
  /** The view projection, e.g. "EPSG:25833". */
  projection: string;
  /** The loaded areas in their own CRS, or undefined before the first load. */
  areas: AreaCollection | undefined;
  /**
   * The indicator table and its join to the areas, when one was given and joined: the rows of the year shown, on the
   * level shown (aggregated up from the finest areas).
   */
  table: Table | undefined;
  join: TableJoin | undefined;
  /** The years of the table, oldest first; empty when it holds one year. */
  years: readonly number[];
  /** The year shown, when the table holds several. */
  year: number | undefined;
  /** The whole table with all its years (finest level), for time series. */
  allYears: { table: Table; layout: TableYears } | undefined;
  /** The levels of the map, finest first; empty without levels. */
  levels: readonly { id: string; label: string }[];
  /** Id of the level shown. */
  level: string | undefined;
  /** The areas drilled into, outermost first. */
  drill: readonly DrillStep[];
  /** The level above the one shown, with its table of the same year: the parent column of a profile. */
  parentLevel: ParentLevel | undefined;
  /** Everything found wrong in the data that did not stop it from loading. */
  issues: readonly DataIssue[];
  selectedId: string | null;
  language: Language;
  /** What a thematic layer (e.g. <sozialraum-choropleth>) shows, for legends and tables; undefined when none does. */
  thematic: ThematicLayer | undefined;
  /** Counts calls of the map's restyle(); canvas colours read from custom properties are read again when it changes. */
  themeVersion: number;
  /** Selects an area (or clears the selection with null) as a click would, announcing it and sending the event. */
  select: (id: string | null) => void;
}

/**
 * Detail of `sozialraum-table-extend`, which a child sends to add computed columns to the map's table: cells as text
 * (decimal point), keyed by area id.
 */
export interface TableExtendDetail {
  source: string;
  columns: string[];
  rows: Record<string, Record<string, string>>;
}

/** One step of a drill-down: the level and area the map shows the children of. */
export interface DrillStep {
  level: string;
  id: string;
  name: string;
}

/**
 * A thematic layer's result as the other elements need it: the computed index (or single indicator) per area and
 * the colour of each class. A choropleth announces it with a `sozialraum-thematic-change` event to its map.
 */
export interface ThematicLayer {
  /** 'indicator' for one column shown as it is, 'index' for a composite index. */
  kind: 'indicator' | 'index';
  title: string;
  result: IndexResult;
  /** Colour of each class, class 1 first. */
  colours: readonly string[];
  /** Column whose absolute numbers are drawn as circles, if any. */
  circlesColumn?: string | undefined;
}

/** The level above the shown one: which parent each shown area lies in, and the parents' table. */
export interface ParentLevel {
  /** Name of the level, e.g. "Bezirksregion". */
  label: string;
  /** Key of the shown area → key of its parent. */
  parentOf: ReadonlyMap<string, string>;
  /** Name of each parent by key. */
  names: ReadonlyMap<string, string>;
  table: Table;
  join: TableJoin;
}

export const sozialraumContext = createContext<SozialraumState | undefined>(Symbol('sozialraum-state'));
