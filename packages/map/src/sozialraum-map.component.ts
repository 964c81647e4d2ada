// <sozialraum-map>: the OpenLayers host of the toolkit. It loads areas and an indicator table, draws the areas,
// lets people point, click and walk through them by keyboard, and shares all of it with the elements inside it.
import { html, nothing, type PropertyValues } from 'lit';
import { Task } from '@lit/task';
import { ContextProvider } from '@lit/context';
import OlMap from 'ol/Map.js';
import View from 'ol/View.js';
import Overlay from 'ol/Overlay.js';
import VectorLayer from 'ol/layer/Vector.js';
import TileLayer from 'ol/layer/Tile.js';
import VectorSource from 'ol/source/Vector.js';
import XYZ from 'ol/source/XYZ.js';
import GeoJSON from 'ol/format/GeoJSON.js';
import type Feature from 'ol/Feature.js';
import { Fill, Stroke, Style } from 'ol/style.js';
import { defaults as defaultControls, ScaleLine } from 'ol/control.js';
import { defaults as defaultInteractions, KeyboardZoom } from 'ol/interaction.js';
import { register } from 'ol/proj/proj4.js';
import { transform } from 'ol/proj.js';
import {
  SozialraumError,
  messageText,
  addColumns,
  areaCentres,
  areaName,
  assertSupportedCrs,
  decodeText,
  fetchBytes,
  joinTable,
  loadAreas,
  nearestCentre,
  neighbourInDirection,
  normaliseCrsName,
  parseCsv,
  proj4,
  readAreas,
  sharedEdgeNeighbours,
  sourceName,
  asFeatureCollection,
  type AreaCollection,
  type DataIssue,
  type Direction,
  type Table,
  type TableJoin,
} from '@sozialraum/core';
import type { FeatureCollection } from 'geojson';
import { SozialraumElement } from './sozialraum-element.js';
import { sozialraumContext, type SozialraumState, type ThematicLayer } from './context.js';
import { AreaPointer, AreaPointerEventType, type AreaPointerEvent } from './area-pointer.js';
import { mapStyles } from './sozialraum-map.styles.js';
import { olStyles } from './generated/ol-css.js';

register(proj4);

/** Detail of `sozialraum-area-select`: the chosen area, or null ids when the selection was cleared. */
export interface AreaSelectDetail {
  id: string | null;
  name: string | null;
  /** The area's feature properties. */
  properties: Record<string, unknown> | null;
  /** The area's row of the indicator table, cells as text, when a table is joined and has one. */
  row: Record<string, string> | null;
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
  unmatchedAreaIds: string[];
  unmatchedRows: { row: number; key: string }[];
  issues: DataIssue[];
}

interface LoadResult {
  areas: AreaCollection | undefined;
  table: Table | undefined;
  join: TableJoin | undefined;
  error: { title: string; cause: unknown } | undefined;
}

const DIRECTIONS: Record<string, Direction> = { ArrowUp: 'up', ArrowDown: 'down', ArrowLeft: 'left', ArrowRight: 'right' };

/**
 * A map of Sozialräume that a web page embeds with one tag. It loads the areas (GeoJSON or FlatGeobuf) and an
 * indicator table (CSV), fits the view, names the area under the pointer, selects on click, and can be used by
 * keyboard alone. Elements inside it (choropleth, legend, table, editor, …) use its state through `@lit/context`.
 * No request leaves the page except for the URLs given in `areas`, `indicators` and `basemap`.
 *
 * @summary OpenLayers map of Sozialräume with loading, hover, selection and keyboard navigation.
 *
 * @slot - Elements that work on the map and show below it: `<sozialraum-choropleth>`, `<sozialraum-table>`, `<sozialraum-editor>`, …
 * @slot overlay - Elements shown over the map's lower right corner, such as `<sozialraum-legend>`.
 *
 * @event {CustomEvent<DataLoadDetail>} sozialraum-data-load - The areas (and table) are loaded and drawn; lists what did not match.
 * @event {CustomEvent<AreaSelectDetail>} sozialraum-area-select - An area was selected by click or Enter, or the selection was cleared (id null).
 * @event {CustomEvent<AreaHoverDetail>} sozialraum-area-hover - The pointer or keyboard moved onto another area, or off all areas.
 * @event {CustomEvent<SozialraumErrorDetail>} sozialraum-error - Areas or table could not be loaded; the message names the file and the problem.
 *
 * Listens for `sozialraum-table-extend` (detail: TableExtendDetail) from its children, such as `<sozialraum-aggregator>`,
 * and adds those columns to the shared table.
 *
 * @csspart frame - The box of the map, with the height `--sozialraum-map-height`.
 * @csspart map - The map viewport; focusable for keyboard use.
 * @csspart tooltip - The name and key of the area under the pointer or keyboard focus.
 * @csspart error - The message shown when data could not be loaded.
 * @csspart warnings - The collapsible list of notes on the data (unmatched keys, left-out features).
 * @csspart status - The loading notice.
 *
 * @cssproperty [--sozialraum-map-height=480px] - Height of the map.
 * @cssproperty [--sozialraum-font-family=system-ui, sans-serif] - Font of all text.
 * @cssproperty [--sozialraum-text-color=#1f2328] - Text colour.
 * @cssproperty [--sozialraum-surface-color=#ffffff] - Background of tooltip, messages and controls.
 * @cssproperty [--sozialraum-map-background=#f6f7f8] - Background of the map where no basemap is drawn.
 * @cssproperty [--sozialraum-area-fill=rgba(11, 92, 173, 0.08)] - Fill of the areas.
 * @cssproperty [--sozialraum-area-stroke=#5b6b7a] - Outline of the areas.
 * @cssproperty [--sozialraum-hover-color=#0b5cad] - Outline of the area under the pointer or keyboard focus.
 * @cssproperty [--sozialraum-selection-color=#1f2328] - Outline of the selected area.
 * @cssproperty [--sozialraum-focus-color=#0b5cad] - Focus ring of the map.
 * @cssproperty [--sozialraum-error-color=#b3261e] - Accent of error messages.
 */
export class SozialraumMap extends SozialraumElement {
  static override styles = [olStyles, mapStyles];

  static override properties = {
    areasUrl: { type: String, attribute: 'areas' },
    idField: { type: String, attribute: 'id-field' },
    nameField: { type: String, attribute: 'name-field' },
    indicators: { type: String },
    keyField: { type: String, attribute: 'key-field' },
    areasCrs: { type: String, attribute: 'areas-crs' },
    projection: { type: String },
    basemap: { type: String },
    basemapAttribution: { type: String, attribute: 'basemap-attribution' },
    selected: { type: String, reflect: true },
    lang: { type: String, reflect: true },
    _areasInput: { state: true },
    _issues: { state: true },
    _error: { state: true },
    _activeId: { state: true },
    _announcement: { state: true },
  };

  /** URL of the areas: GeoJSON (legacy `crs` member honoured) or FlatGeobuf. */
  areasUrl: string | undefined;
  /** Property that holds each area's key (e.g. `PLR_ID`); guessed when not set. */
  idField: string | undefined;
  /** Property that holds each area's name (e.g. `PLR_NAME`); guessed when not set. */
  nameField: string | undefined;
  /** URL of an indicator table (CSV, comma or semicolon, decimal comma or point) joined to the areas by key. */
  indicators: string | undefined;
  /** Column of the table that holds the area key; defaults to `id-field`. */
  keyField: string | undefined;
  /** CRS of area files that name none (e.g. `EPSG:25832`); GeoJSON without a `crs` member is otherwise read as longitude/latitude. */
  areasCrs: string | undefined;
  /** Projection of the map view (e.g. `EPSG:3857`); defaults to the CRS of the areas. */
  projection: string | undefined;
  /** URL template of XYZ or WMTS (REST) tiles: `{z}/{x}/{y}` or `{TileMatrix}/{TileCol}/{TileRow}`. Off unless set. */
  basemap: string | undefined;
  /** Attribution shown for the basemap. */
  basemapAttribution: string | undefined;
  /** Key of the selected area; set it to select an area from outside, or read it. */
  selected: string | null = null;

  private _areasInput: FeatureCollection | undefined;
  private _issues: readonly DataIssue[] = [];
  private _error: { title: string; cause: unknown } | undefined;
  private _activeId: string | null = null;
  private _announcement = '';

  readonly #areasSource = new VectorSource();
  readonly #areasLayer = new VectorLayer({ source: this.#areasSource, properties: { name: 'sozialraum-areas' } });
  readonly #highlightLayer = new VectorLayer({ source: this.#areasSource, properties: { name: 'sozialraum-highlight' } });
  readonly #basemapLayer = new TileLayer({ visible: false, properties: { name: 'sozialraum-basemap' } });
  readonly #pointer = new AreaPointer({ layer: this.#areasLayer });
  readonly #olMap: OlMap;
  readonly #tooltip: HTMLDivElement;
  readonly #tooltipOverlay: Overlay;
  readonly #provider = new ContextProvider(this, { context: sozialraumContext });
  #hoveredId: string | null = null;
  #thematic: ThematicLayer | undefined;
  #themeVersion = 0;
  /** Columns children added to the table, by source, re-applied when the indicator table is loaded again. */
  readonly #extensions = new Map<string, TableExtendDetail>();
  #loaded: LoadResult | undefined;
  #neighbourhood: { centres: [number, number][]; neighbours: number[][] } | undefined;
  #resolveReady!: () => void;

  /** Resolves once the first load has been tried and its result drawn (failures are shown and sent as events). */
  readonly ready: Promise<void> = new Promise((resolve) => {
    this.#resolveReady = resolve;
  });

  readonly #load = new Task(this, {
    task: async ([areasUrl, areasInput, indicators, idField, nameField, keyField, areasCrs], { signal }) =>
      this.#loadData({ areasUrl, areasInput, indicators, idField, nameField, keyField, areasCrs }, signal),
    args: () =>
      [this.areasUrl, this._areasInput, this.indicators, this.idField, this.nameField, this.keyField, this.areasCrs] as const,
    onComplete: (result) => this.#apply(result),
    onError: (error) => {
      if (!(error instanceof SozialraumError && error.code === 'aborted')) this.#apply({ areas: undefined, table: undefined, join: undefined, error: { title: this.t.areasFailed(this.areasUrl ?? ''), cause: error } });
    },
  });

  constructor() {
    super();
    this.#tooltip = createTooltip();
    this.#tooltipOverlay = new Overlay({ element: this.#tooltip, positioning: 'center-left', stopEvent: false });
    this.#highlightLayer.setStyle((feature) => this.#highlightStyle(feature as Feature));
    const interactions = defaultInteractions({ keyboard: false });
    interactions.push(new KeyboardZoom());
    interactions.push(this.#pointer);
    this.#olMap = new OlMap({
      layers: [this.#basemapLayer, this.#areasLayer, this.#highlightLayer],
      overlays: [this.#tooltipOverlay],
      controls: defaultControls({ rotate: false }).extend([new ScaleLine()]),
      interactions,
      view: new View({ center: [0, 0], zoom: 2 }),
    });
    this.addEventListener('sozialraum-table-extend', (event) => this.#extendTable((event as CustomEvent<TableExtendDetail>).detail));
    this.addEventListener('sozialraum-thematic-change', (event) => {
      this.#thematic = (event as CustomEvent<ThematicLayer | null>).detail ?? undefined;
      this.#provideState();
    });
    this.#pointer.on(AreaPointerEventType.HOVER as never, (event) => this.#onHover(event as AreaPointerEvent));
    this.#pointer.on(AreaPointerEventType.SELECT as never, (event) => {
      const area = (event as AreaPointerEvent).area;
      const id = area ? areaKey(area) : null;
      this._activeId = null;
      this.#select(id, true);
    });
  }

  /** The OpenLayers map; add layers, controls and interactions to it. */
  get olMap(): OlMap {
    return this.#olMap;
  }

  /**
   * Reads the colours the map draws on its canvas (`--sozialraum-area-*`, hover, selection, hatching, circles)
   * from the custom properties again; call it after switching a theme at run time. CSS-styled parts follow at once.
   */
  restyle(): void {
    this.#themeVersion += 1;
    this.#highlightStyles = undefined;
    if (this.#loaded?.areas && !this.#thematic) this.#areasLayer.setStyle(this.#baseStyle());
    this.#highlightLayer.changed();
    this.#provideState();
  }

  /**
   * The areas as a GeoJSON FeatureCollection in their own CRS (set a legacy `crs` member, or `areas-crs`, for
   * projected coordinates). Setting it replaces what the `areas` URL loaded. Reading it gives the loaded areas.
   */
  get areas(): FeatureCollection | undefined {
    const areas = this.#loaded?.areas;
    if (!areas) return this._areasInput;
    return { type: 'FeatureCollection', features: areas.features, crs: { type: 'name', properties: { name: areas.crs } } } as FeatureCollection;
  }

  set areas(collection: FeatureCollection | undefined) {
    this._areasInput = collection;
  }

  override render(): unknown {
    const t = this.t;
    const error = this._error;
    const warnings = this._issues;
    return html`
      <div class="frame" part="frame">
      <div
        class="map"
        part="map"
        tabindex="0"
        role="application"
        aria-roledescription=${this.language === 'de' ? 'Karte' : 'map'}
        aria-label=${t.mapLabel}
        aria-describedby="description"
        @keydown=${this.#onKeydown}
        @pointerleave=${() => this.#pointer.clearHover()}
      ></div>
      <span id="description" class="visually-hidden">${t.mapDescription}</span>
      <div class="visually-hidden" role="status" aria-live="polite">${this._announcement}</div>
      ${this.#load.render({ pending: () => html`<div class="status" part="status" role="status">${t.loading}</div>` })}
      <div class="messages">
        ${error
          ? html`<div class="error" part="error" role="alert">
              <strong>${error.title}</strong>
              <p>${messageText(error.cause, this.language)}</p>
            </div>`
          : nothing}
        ${warnings.length > 0
          ? html`<details class="warnings" part="warnings">
              <summary>${t.warnings(warnings.length)}</summary>
              <ul>
                ${warnings.slice(0, 200).map((entry) => html`<li>${messageText(entry, this.language)}</li>`)}
              </ul>
            </details>`
          : nothing}
      </div>
      <div class="overlay"><slot name="overlay"></slot></div>
      </div>
      <slot></slot>
    `;
  }

  override firstUpdated(): void {
    this.#olMap.setTarget(this.renderRoot.querySelector<HTMLElement>('.map')!);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    const target = this.renderRoot?.querySelector?.<HTMLElement>('.map');
    if (target && !this.#olMap.getTargetElement()) this.#olMap.setTarget(target);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#olMap.setTarget(undefined);
  }

  override updated(changed: PropertyValues): void {
    if (changed.has('basemap') || changed.has('basemapAttribution')) this.#updateBasemap();
    if (changed.has('projection') && changed.get('projection') !== undefined && this.#loaded?.areas) this.#drawAreas(this.#loaded.areas);
    if (changed.has('selected') || changed.has('_activeId')) {
      this.#highlightLayer.changed();
      this.#provideState();
    }
    if (changed.has('lang')) this.#provideState();
  }

  async #loadData(
    input: {
      areasUrl: string | undefined;
      areasInput: FeatureCollection | undefined;
      indicators: string | undefined;
      idField: string | undefined;
      nameField: string | undefined;
      keyField: string | undefined;
      areasCrs: string | undefined;
    },
    signal: AbortSignal,
  ): Promise<LoadResult> {
    const declaredCrs = input.areasCrs ? normaliseCrsName(input.areasCrs) ?? input.areasCrs : undefined;
    const options = {
      ...(input.idField ? { idField: input.idField } : {}),
      ...(input.nameField ? { nameField: input.nameField } : {}),
      ...(declaredCrs ? { crs: declaredCrs } : {}),
      signal,
    };
    let areas: AreaCollection | undefined;
    const areasSource = input.areasInput ? 'areas' : input.areasUrl;
    if (!areasSource) return { areas: undefined, table: undefined, join: undefined, error: undefined };
    try {
      if (input.areasInput) {
        areas = readAreas(asFeatureCollection(input.areasInput, 'areas'), { ...options, source: 'areas' });
      } else {
        const bytes = await fetchBytes(input.areasUrl!, { signal });
        areas = await loadAreas(bytes, { ...options, source: sourceName(input.areasUrl!) });
      }
      if (this.projection) assertSupportedCrs(normaliseCrsName(this.projection) ?? this.projection, 'projection');
    } catch (error) {
      if (signal.aborted) throw error;
      return { areas: undefined, table: undefined, join: undefined, error: { title: this.t.areasFailed(sourceName(areasSource)), cause: error } };
    }
    if (!input.indicators) return { areas, table: undefined, join: undefined, error: undefined };
    try {
      const bytes = await fetchBytes(input.indicators, { signal });
      const table = parseCsv(decodeText(bytes), { source: sourceName(input.indicators) });
      const join = joinTable(areas.ids, table, input.keyField ?? areas.idField);
      return { areas, table, join, error: undefined };
    } catch (error) {
      if (signal.aborted) throw error;
      return { areas, table: undefined, join: undefined, error: { title: this.t.indicatorsFailed(sourceName(input.indicators)), cause: error } };
    }
  }

  #apply(result: LoadResult): void {
    const previous = this.#loaded?.areas;
    // Columns children computed for these areas survive a new indicator table; a new set of areas drops them.
    const sameAreas = previous !== undefined && result.areas !== undefined && sameKeys(previous.ids, result.areas.ids);
    if (!sameAreas) this.#extensions.clear();
    this.#loaded = result.areas ? this.#withExtensionsOrPlain(result) : result;
    this.#neighbourhood = undefined;
    this._error = result.error;
    this._issues = [...(result.areas?.issues ?? []), ...(result.table?.issues ?? []), ...(result.join?.issues ?? [])];
    this._activeId = null;
    if (result.areas) this.#drawAreas(result.areas);
    else this.#areasSource.clear();
    this.#provideState();
    if (result.areas) {
      const detail: DataLoadDetail = {
        areas: result.areas.features.length,
        crs: result.areas.crs,
        idField: result.areas.idField,
        nameField: result.areas.nameField ?? null,
        rows: result.table?.rows.length ?? null,
        unmatchedAreaIds: result.join?.unmatchedAreaIds ?? [],
        unmatchedRows: result.join?.unmatchedRows ?? [],
        issues: [...this._issues],
      };
      this.emit<DataLoadDetail>('sozialraum-data-load', detail);
    }
    if (result.error) this.emitError(result.error.cause);
    void this.updateComplete.then(() => {
      if (this.#olMap.getTargetElement()) this.#olMap.renderSync();
      this.#resolveReady();
    });
  }

  #drawAreas(areas: AreaCollection): void {
    const projection = this.#viewProjection(areas);
    const format = new GeoJSON({ dataProjection: areas.crs, featureProjection: projection });
    const seen = new Set<string>();
    const features = areas.features.map((feature, index) => {
      const olFeature = format.readFeature(feature) as Feature;
      const key = areas.ids[index]!;
      // OpenLayers keeps one feature per id; a repeated key (reported by core) is drawn too, keyed by its property.
      if (!seen.has(key)) olFeature.setId(key);
      seen.add(key);
      olFeature.set(AREA_KEY, key, true);
      olFeature.set('sozialraum:name', areaName(areas, index), true);
      return olFeature;
    });
    this.#areasSource.clear(true);
    this.#areasSource.addFeatures(features);
    this.#areasLayer.setStyle(this.#baseStyle());
    if (this.#olMap.getView().getProjection().getCode() !== projection) {
      this.#olMap.setView(new View({ projection }));
    }
    this.#fitToAreas();
  }

  #viewProjection(areas: AreaCollection): string {
    return this.projection ? normaliseCrsName(this.projection) ?? this.projection : areas.crs;
  }

  #fitToAreas(): void {
    const extent = this.#areasSource.getExtent();
    if (!extent || !Number.isFinite(extent[0])) return;
    const fit = () => this.#olMap.getView().fit(extent, { padding: [24, 24, 24, 24] });
    this.#olMap.updateSize();
    if (this.#olMap.getSize()?.every((side) => side > 0)) fit();
    else this.#olMap.once('change:size', fit);
  }

  #provideState(): void {
    this.#provider.setValue({
      olMap: this.#olMap,
      areasLayer: this.#areasLayer,
      areasSource: this.#areasSource,
      projection: this.#olMap.getView().getProjection().getCode(),
      areas: this.#loaded?.areas,
      table: this.#loaded?.table,
      join: this.#loaded?.join,
      issues: this._issues,
      selectedId: this.selected,
      language: this.language,
      thematic: this.#thematic,
      themeVersion: this.#themeVersion,
      select: (id) => {
        this._activeId = null;
        this.#select(id, true);
        if (id !== null) this.#bringIntoView(id);
      },
    } satisfies SozialraumState);
  }

  #baseStyle(): Style {
    const styles = getComputedStyle(this);
    const value = (name: string, fallback: string) => styles.getPropertyValue(name).trim() || fallback;
    return new Style({
      fill: new Fill({ color: value('--sozialraum-area-fill', 'rgba(11, 92, 173, 0.08)') }),
      stroke: new Stroke({ color: value('--sozialraum-area-stroke', '#5b6b7a'), width: 0.75 }),
    });
  }

  #highlightStyles: { hover: Style; selected: Style } | undefined;

  #highlightStyle(feature: Feature): Style | undefined {
    const id = areaKey(feature);
    if (id !== this.selected && id !== this._activeId && id !== this.#hoveredId) return undefined;
    if (!this.#highlightStyles) {
      const styles = getComputedStyle(this);
      const value = (name: string, fallback: string) => styles.getPropertyValue(name).trim() || fallback;
      this.#highlightStyles = {
        hover: new Style({ stroke: new Stroke({ color: value('--sozialraum-hover-color', '#0b5cad'), width: 3 }), zIndex: 1 }),
        selected: new Style({
          stroke: new Stroke({ color: value('--sozialraum-selection-color', '#1f2328'), width: 4 }),
          fill: new Fill({ color: 'rgba(31, 35, 40, 0.08)' }),
          zIndex: 2,
        }),
      };
    }
    return id === this.selected ? this.#highlightStyles.selected : this.#highlightStyles.hover;
  }

  #onHover(event: AreaPointerEvent): void {
    const id = event.area ? areaKey(event.area) : null;
    this.#setHovered(id, event.area ? event.coordinate : undefined);
  }

  #setHovered(id: string | null, position: number[] | undefined): void {
    const changed = id !== this.#hoveredId;
    this.#hoveredId = id;
    const feature = id === null ? null : this.#areasSource.getFeatureById(id);
    if (feature && position) {
      const key = document.createElement('span');
      key.className = 'id';
      key.textContent = id;
      const klass = this.#classText(id!);
      const thematic = document.createElement('span');
      thematic.className = 'class';
      thematic.textContent = klass ?? '';
      this.#tooltip.replaceChildren(String(feature.get('sozialraum:name')), key, ...(klass ? [thematic] : []));
      this.#tooltip.hidden = false;
      this.#tooltipOverlay.setPosition(position);
    } else {
      this.#tooltip.hidden = true;
      this.#tooltipOverlay.setPosition(undefined);
    }
    if (changed) {
      this.#highlightLayer.changed();
      this.emit<AreaHoverDetail>('sozialraum-area-hover', { id, name: feature ? String(feature.get('sozialraum:name')) : null });
    }
  }

  #select(id: string | null, announce: boolean): void {
    const feature = id === null ? null : this.#areasSource.getFeatureById(id);
    const index = id === null ? -1 : this.#loaded?.areas?.ids.indexOf(id) ?? -1;
    this.selected = feature ? id : null;
    const name = feature ? String(feature.get('sozialraum:name')) : null;
    if (announce) this._announcement = feature ? withClass(this.t.selected(name!, id!), this.#classText(id!)) : this.t.cleared;
    const properties = index >= 0 ? { ...(this.#loaded!.areas!.features[index]!.properties ?? {}) } : null;
    const row = this.selected === null ? null : this.#loaded?.join?.rowsByKey.get(this.selected) ?? null;
    this.emit<AreaSelectDetail>('sozialraum-area-select', { id: this.selected, name, properties, row: row ? { ...row } : null });
  }

  #onKeydown(event: KeyboardEvent): void {
    const areas = this.#loaded?.areas;
    if (!areas) return;
    const direction = DIRECTIONS[event.key];
    if (direction) {
      event.preventDefault();
      this.#moveActive(areas, direction);
    } else if (event.key === 'Enter' || event.key === ' ') {
      const id = this._activeId ?? this.#hoveredId;
      if (id) {
        event.preventDefault();
        this.#select(id, true);
      }
    } else if (event.key === 'Escape') {
      if (this.selected !== null || this._activeId !== null) {
        event.preventDefault();
        this._activeId = null;
        this.#setHovered(null, undefined);
        this.#select(null, true);
      }
    }
  }

  #moveActive(areas: AreaCollection, direction: Direction): void {
    this.#neighbourhood ??= { centres: areaCentres(areas.features), neighbours: sharedEdgeNeighbours(areas.features) };
    const { centres, neighbours } = this.#neighbourhood;
    const currentId = this._activeId ?? this.selected;
    let next: number | undefined;
    if (currentId === null) {
      next = this.#areaNearestViewCentre(areas, centres);
    } else {
      next = neighbourInDirection(centres, neighbours, areas.ids.indexOf(currentId), direction);
      if (next === undefined) {
        this._announcement = this.t.noNeighbour;
        return;
      }
    }
    if (next === undefined) return;
    const id = areas.ids[next]!;
    this._activeId = id;
    const projection = this.#olMap.getView().getProjection().getCode();
    const centre = transform(centres[next]!, areas.crs, projection);
    this.#setHovered(id, centre);
    this._announcement = withClass(this.t.active(areaName(areas, next), id), this.#classText(id));
    const view = this.#olMap.getView();
    const size = this.#olMap.getSize();
    if (size) {
      const extent = view.calculateExtent(size);
      if (centre[0]! < extent[0]! || centre[0]! > extent[2]! || centre[1]! < extent[1]! || centre[1]! > extent[3]!) {
        view.animate({ center: centre, duration: 200 });
      }
    }
  }

  /** Where keyboard navigation starts when nothing is selected: the area nearest the middle of the view. */
  #areaNearestViewCentre(areas: AreaCollection, centres: [number, number][]): number | undefined {
    const view = this.#olMap.getView();
    const centre = view.getCenter();
    if (!centre) return 0;
    const [x, y] = transform(centre, view.getProjection().getCode(), areas.crs);
    return nearestCentre(centres, [x!, y!]);
  }

  /** "Statusindex: mittel" for the area, when a thematic layer shows something; undefined otherwise. */
  #classText(id: string): string | undefined {
    const thematic = this.#thematic;
    if (!thematic) return undefined;
    const area = thematic.result.areas.find((candidate) => candidate.id === id);
    if (!area) return `${thematic.title}: ${this.t.noData}`;
    return `${thematic.title}: ${area.class === null ? this.t.notRated : area.label ?? String(area.class)}`;
  }

  /** Adds the columns a child computed (e.g. residents from a census grid) to the shared table and joins it again. */
  #extendTable(detail: TableExtendDetail): void {
    const loaded = this.#loaded;
    if (!loaded?.areas) return;
    try {
      this.#loaded = this.#withExtensions(loaded, [detail]);
      this.#extensions.set(detail.source, detail);
      this.#provideState();
    } catch (error) {
      this.emitError(error);
    }
  }

  #withExtensionsOrPlain(result: LoadResult): LoadResult {
    try {
      return this.#withExtensions(result);
    } catch {
      // Columns that no longer fit the new table are dropped; the children compute them again.
      this.#extensions.clear();
      return result;
    }
  }

  /** The load result with the children's columns added to its table (all kept ones, or those given). */
  #withExtensions(loaded: LoadResult, extensions: Iterable<TableExtendDetail> = this.#extensions.values()): LoadResult {
    const areas = loaded.areas!;
    const keyColumn = loaded.join?.keyColumn ?? areas.idField;
    let table = loaded.table;
    let extended = false;
    for (const detail of extensions) {
      table = addColumns(table, keyColumn, { source: detail.source, columns: detail.columns, rows: new Map(Object.entries(detail.rows)) });
      extended = true;
    }
    return extended && table ? { ...loaded, table, join: joinTable(areas.ids, table, keyColumn) } : loaded;
  }

  /** Pans to an area selected from outside the map (a table row) when it lies outside the view. */
  #bringIntoView(id: string): void {
    const extent = this.#areasSource.getFeatureById(id)?.getGeometry()?.getExtent();
    const view = this.#olMap.getView();
    const size = this.#olMap.getSize();
    if (!extent || !size) return;
    const visible = view.calculateExtent(size);
    if (extent[0]! < visible[0]! || extent[2]! > visible[2]! || extent[1]! < visible[1]! || extent[3]! > visible[3]!) {
      view.animate({ center: [(extent[0]! + extent[2]!) / 2, (extent[1]! + extent[3]!) / 2], duration: 250 });
    }
  }

  #updateBasemap(): void {
    if (!this.basemap) {
      this.#basemapLayer.setVisible(false);
      this.#basemapLayer.setSource(null);
      return;
    }
    const url = this.basemap.replace('{TileMatrix}', '{z}').replace('{TileCol}', '{x}').replace('{TileRow}', '{y}');
    this.#basemapLayer.setSource(
      // OpenLayers writes attributions as HTML, so the embedder's text is escaped first.
      new XYZ({ url, crossOrigin: 'anonymous', ...(this.basemapAttribution ? { attributions: escapeHtml(this.basemapAttribution) } : {}) }),
    );
    this.#basemapLayer.setVisible(true);
  }
}

/** The tooltip lives in an OpenLayers overlay, outside Lit's template; its text is only ever set as text. */
/** Property holding each OpenLayers area feature's key, also on features whose key repeats an earlier one. */
export const AREA_KEY = 'sozialraum:key';

/** The key of an area feature drawn by the map. */
export function areaKey(feature: { get(key: string): unknown }): string {
  return String(feature.get(AREA_KEY));
}

function sameKeys(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((key, index) => key === b[index]);
}

function withClass(text: string, klass: string | undefined): string {
  return klass ? `${text}, ${klass}` : text;
}

function createTooltip(): HTMLDivElement {
  const tooltip = document.createElement('div');
  tooltip.className = 'tooltip';
  tooltip.setAttribute('part', 'tooltip');
  tooltip.hidden = true;
  return tooltip;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}


