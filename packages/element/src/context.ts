// The state a <sozialraum-map> shares with the elements inside it (choropleth, editor, aggregator, profile card).
import { createContext } from '@lit/context';
// OpenLayers appears in types only: nothing of it is bundled with an element that imports this module.
import type OlMap from 'ol/Map.js';
import type BaseLayer from 'ol/layer/Base.js';
import type VectorLayer from 'ol/layer/Vector.js';
import type VectorSource from 'ol/source/Vector.js';
import type Geometry from 'ol/geom/Geometry.js';
import type { StyleLike } from 'ol/style/Style.js';
import type { FeatureCollection } from 'geojson';
import type { AreaCollection, BivariateArea, DataIssue, IndexResult, Table, TableJoin, TableYears } from '@sozialraum/core';
import type { Language } from './language.js';

/**
 * What a child may do to the map, in the manner of OpenLayers' own calls; the rest of the state is read-only. Whatever
 * a child adds or claims is its own: the map takes it back when the child calls `release` (on leaving the page).
 */
export interface MapHost {
  /** Adds a layer above the areas on behalf of `owner`. */
  addLayer(owner: object, layer: BaseLayer): void;
  removeLayer(owner: object, layer: BaseLayer): void;
  /**
   * Draws the areas with `style` (features carry AREA_KEY and AREA_NAME) until the returned function is called; the
   * latest claim wins, and releasing it gives the areas the style before it back.
   */
  claimAreaStyle(owner: object, style: StyleLike): () => void;
  /** Draws the areas again, after what the claimed style reads has changed. */
  redrawAreas(): void;
  /** Stops the map's own hover and click on areas (for drawing tools) until the returned function is called. */
  suspendPointer(owner: object): () => void;
  /** The drawn areas: key and geometry in the view projection (`projection`), in the order of the areas. */
  drawnAreas(): readonly { key: string; geometry: Geometry }[];
  /** Replaces the drawn geometry of the areas with these keys (view projection), e.g. while an edit is in progress. */
  updateGeometries(geometries: ReadonlyMap<string, Geometry>): void;
  /** Replaces the areas with a new collection (in its own CRS) as the `areas` property does, keeping the view where it is. */
  replaceAreas(areas: FeatureCollection): void;
  /**
   * Shares what a thematic layer shows (legend, table, tooltip and profile card read it from the state); undefined
   * withdraws it. The map validates nothing here: the result was computed once, by its owner.
   */
  showThematic(owner: object, thematic: ThematicLayer | undefined): void;
  /** Takes back everything `owner` added or claimed: its layers, its area style, its pointer suspension, its thematic layer. */
  release(owner: object): void;
}

/**
 * A snapshot of the map's state. The map provides a new object whenever something changes, so consumers that
 * subscribe re-render; treat it as read-only and change the map through `host`, its properties and its events.
 */
export interface SozialraumState {
  /** What children may do to the map: add layers, claim the area style, suspend the pointer, update geometries. */
  host: MapHost;
  /**
   * The OpenLayers map, for code that adds its own controls and interactions. Children change the map through `host`;
   * the editor still uses this, `areasLayer` and `areasSource` directly until it moves to the host.
   */
  olMap: OlMap;
  /** The layer drawing the areas (see `olMap`). */
  areasLayer: VectorLayer<VectorSource>;
  /** The areas as OpenLayers features in the view projection; each feature's id is the area key (see `olMap`). */
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
  /**
   * Keys of the areas inside the one drilled into; undefined when the whole level is shown. The map dims the rest;
   * lists of areas (table, legend counts) show only these, while classes stay those of the whole level.
   */
  focus?: ReadonlySet<string> | undefined;
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
 * the colour of each class. A choropleth computes it once and shares it through the map's host (`showThematic`).
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
  /** The scale of those circles, for the legend's size key. */
  circles?: CircleScale | undefined;
  /**
   * Two indices crossed (a bivariate map): `result` then holds one class per combination, row-major, and this says
   * which row and column class each is and each area's code.
   */
  bivariate?: BivariateLayer | undefined;
}

/** The axes of a bivariate map and each area's place in its matrix. */
export interface BivariateLayer {
  rows: BivariateAxis;
  columns: BivariateAxis;
  areas: ReadonlyMap<string, BivariateArea>;
}

export interface BivariateAxis {
  /** Short name of the axis ("Status"). */
  name: string;
  /** Title of its index ("Status-Index MSS 2021"). */
  title: string;
  /** Class labels, class 1 first. */
  labels: string[];
  /** Each area's index value on this axis. */
  values: ReadonlyMap<string, number | null>;
}

/** How the proportional circles are sized: a circle of `maxRadius` pixels stands for `max`; area ∝ number. */
export interface CircleScale {
  /** Label of the column (not its code). */
  label: string;
  max: number;
  maxRadius: number;
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
