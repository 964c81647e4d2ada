// <sozialraum-map>: the OpenLayers host of the toolkit. It loads areas and an indicator table, draws the areas,
// lets people point, click and walk through them by keyboard, and shares all of it with the elements inside it.
import { html, nothing, type PropertyValues } from 'lit';
import { Task } from '@lit/task';
import { ContextProvider } from '@lit/context';
import OlMap from 'ol/Map.js';
import View from 'ol/View.js';
import Overlay from 'ol/Overlay.js';
import VectorLayer from 'ol/layer/Vector.js';
import VectorSource from 'ol/source/Vector.js';
import GeoJSON from 'ol/format/GeoJSON.js';
import type Feature from 'ol/Feature.js';
import { Style } from 'ol/style.js';
import { defaults as defaultControls, ScaleLine } from 'ol/control.js';
import { defaults as defaultInteractions, KeyboardZoom } from 'ol/interaction.js';
import { transform } from 'ol/proj.js';
import {
  SozialraumError,
  areaCentres,
  areaName,
  localiseText,
  nearestCentre,
  neighbourInDirection,
  normaliseCrsName,
  sharedEdgeNeighbours,
  type AreaCollection,
  type DataIssue,
  type Direction,
  type FeatureServiceProgress,
} from '@sozialraum/core';
import { createEmpty as createEmptyExtent, extend as extendExtent } from 'ol/extent.js';
import type { FeatureCollection } from 'geojson';
import {
  AREA_KEY,
  AREA_NAME,
  SozialraumElement,
  areaKey,
  pick,
  sozialraumContext,
  type DrillStep,
  type SozialraumState,
  type TableExtendDetail,
} from '@sozialraum/element';

export type { TableExtendDetail };
export type { AreaHoverDetail, AreaSelectDetail, DataLoadDetail, DataProgressDetail, LevelChangeDetail, YearChangeDetail } from './events.js';
import { messages, type Messages } from './i18n.js';
import type { AreaHoverDetail, AreaSelectDetail, DataLoadDetail, DataProgressDetail, LevelChangeDetail, YearChangeDetail } from './events.js';
import { AreaHost } from './map-host.js';
import { AreaStyles } from './area-styles.js';
import { snapYear, toolbarTemplate } from './toolbar.js';
import { Basemap, basemapOptions } from './basemap.js';
import { LOAD_ATTRIBUTES, MapModel, type LoadFailure, type LoadResult, type MapInput, type MapView } from './map-model.js';
import { classText, createTooltip, tooltipContent, withClass } from './tooltip.js';
import { fitView, panIntoView, viewCentreIn } from './view-fit.js';
import { failureTitle, messagesTemplate } from './messages-template.js';
import { asksAboveFinest, type MapAggregation, type LevelData, type LevelDefinition } from './levels.js';
import { AreaPointer, AreaPointerEventType, type AreaPointerEvent } from './area-pointer.js';
import { mapStyles } from './sozialraum-map.styles.js';
import { olStyles } from './generated/ol-css.js';
import { registerProjections } from './projections.js';

registerProjections();

const DIRECTIONS: Record<string, Direction> = { ArrowUp: 'up', ArrowDown: 'down', ArrowLeft: 'left', ArrowRight: 'right' };

/**
 * A map of Sozialräume that a web page embeds with one tag. It loads the areas (GeoJSON or FlatGeobuf) and an
 * indicator table (CSV), fits the view, names the area under the pointer, selects on click, and can be used by
 * keyboard alone. Elements inside it (choropleth, legend, table, editor, …) use its state through `@lit/context`.
 * No request leaves the page except for the URLs given in `areas`, `indicators`, `levels` and `basemap`.
 *
 * @summary OpenLayers map of Sozialräume with loading, hover, selection and keyboard navigation.
 *
 * @slot - Elements that work on the map and show below it: `<sozialraum-choropleth>`, `<sozialraum-table>`, `<sozialraum-editor>`, …
 * @slot overlay - Elements shown over the map's lower right corner, such as `<sozialraum-legend>`.
 *
 * @event {CustomEvent<DataLoadDetail>} sozialraum-data-load - The areas (and table) are loaded and drawn; lists what did not match.
 * @event {CustomEvent<DataProgressDetail>} sozialraum-data-progress - A page of areas from a WFS or OGC API service was read.
 * @event {CustomEvent<AreaSelectDetail>} sozialraum-area-select - An area was selected by click or Enter, or the selection was cleared (id null).
 * @event {CustomEvent<AreaHoverDetail>} sozialraum-area-hover - The pointer or keyboard moved onto another area, or off all areas.
 * @event {CustomEvent<YearChangeDetail>} sozialraum-year-change - The time slider moved to another year.
 * @event {CustomEvent<LevelChangeDetail>} sozialraum-level-change - The levels were loaded, another level was chosen, or the user drilled into an area or back up.
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
 * @csspart toolbar - The bar above the map with the level switcher, the drill-down path and the time slider (only when there are levels or years).
 * @csspart breadcrumb - The path of the areas drilled into, with links back up.
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
 * @cssproperty [--sozialraum-drill-mask=rgba(246, 247, 248, 0.78)] - Colour laid over the areas outside the one drilled into.
 * @cssproperty [--sozialraum-link-color=#0b5cad] - Links of the drill-down path.
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
    layer: { type: String },
    projection: { type: String },
    basemap: { type: String },
    basemapAttribution: { type: String, attribute: 'basemap-attribution' },
    basemapService: { type: String, attribute: 'basemap-service' },
    basemapLayers: { type: String, attribute: 'basemap-layers' },
    basemapFormat: { type: String, attribute: 'basemap-format' },
    basemapStyles: { type: String, attribute: 'basemap-styles' },
    basemapVersion: { type: String, attribute: 'basemap-version' },
    basemapSingleImage: { type: Boolean, attribute: 'basemap-single-image' },
    selected: { type: String, reflect: true },
    year: { type: Number, reflect: true },
    yearField: { type: String, attribute: 'year-field' },
    decimal: { type: String },
    sheet: { type: String },
    headerRow: { type: Number, attribute: 'header-row' },
    levels: { attribute: 'levels' },
    level: { type: String, reflect: true },
    aggregation: { attribute: 'aggregation' },
    lang: { type: String, reflect: true },
    _drill: { state: true },
    _areasInput: { state: true },
    _issues: { state: true },
    _error: { state: true },
    _activeId: { state: true },
    _announcement: { state: true },
    _progress: { state: true },
  };

  /**
   * URL of the areas: GeoJSON (legacy `crs` member honoured), FlatGeobuf, GeoPackage (layer: `x.gpkg#layer`, or
   * `layer`) or a zipped Shapefile; or a WFS GetFeature request or an OGC API – Features items URL, read page by page.
   */
  areasUrl: string | undefined;
  layer: string | undefined;
  /** Property that holds each area's key (e.g. `PLR_ID`); guessed when not set. */
  idField: string | undefined;
  /** Property that holds each area's name (e.g. `PLR_NAME`); guessed when not set. */
  nameField: string | undefined;
  /** URL of an indicator table (CSV: comma or semicolon, decimal comma or point; or an Excel .xlsx) joined to the areas by key. */
  indicators: string | undefined;
  /** Column of the table that holds the area key; defaults to `id-field`. */
  keyField: string | undefined;
  /** CRS of area files that name none (e.g. `EPSG:25832`); GeoJSON without a `crs` member is otherwise read as longitude/latitude. */
  areasCrs: string | undefined;
  /** Projection of the map view (e.g. `EPSG:3857`); defaults to the CRS of the areas. */
  projection: string | undefined;
  /**
   * The basemap, off unless set: a URL template of XYZ or WMTS (REST) tiles (`{z}/{x}/{y}` or
   * `{TileMatrix}/{TileCol}/{TileRow}`), the URL of a WMS, or of a WMTS capabilities document.
   */
  basemap: string | undefined;
  /** Attribution shown for the basemap. */
  basemapAttribution: string | undefined;
  /** `xyz`, `wms` or `wmts`; told from the `basemap` URL when not set (`service=WMS`, `WMTSCapabilities.xml`, `{z}`). */
  basemapService: string | undefined;
  /** WMS layers, comma-separated, or the WMTS layer (optional when the WMTS has one). */
  basemapLayers: string | undefined;
  /** Image format of a WMS or WMTS, e.g. `image/jpeg`; defaults to `image/png` (WMS) or the layer's first (WMTS). */
  basemapFormat: string | undefined;
  /** WMS styles, comma-separated, or the WMTS style; defaults to the service's default. */
  basemapStyles: string | undefined;
  /** WMS version; defaults to `1.3.0`. */
  basemapVersion: string | undefined;
  /** Asks a WMS for one image of the whole view instead of tiles (for services that draw labels across tiles badly). */
  basemapSingleImage = false;
  /** Key of the selected area; set it to select an area from outside, or read it. */
  selected: string | null = null;
  /**
   * Year shown when the table holds several years (a year column or one column per year, e.g. `EW_2019`): the time
   * slider sets it; defaults to the latest year.
   */
  year: number | undefined;
  /** Column of the table that holds the year of each row; columns named `jahr` or `year` are found without it. */
  yearField: string | undefined;
  /** Decimal separator of the indicator table, `.` or `,`; told from the cells when not set (a lone "4.226" asks for it). */
  decimal: string | undefined;
  /** Sheet of an Excel indicator table, by name or number (1 = the first); the first visible sheet when not set. */
  sheet: string | undefined;
  /** Row of an Excel sheet with the column names, as the spreadsheet numbers it; found when not set. */
  headerRow: number | undefined;
  /**
   * The spatial levels, finest first: the first entry names the level of `areas`, each further one a level above it,
   * as JSON in the attribute or an array in the property. See {@link LevelDefinition}.
   */
  levels: string | LevelDefinition[] | undefined;
  /** Id of the level shown; defaults to the first (finest) level. */
  level: string | undefined;
  /**
   * How the table is carried up to the levels above, as JSON in the attribute or an object in the property: `counts`
   * are summed, `rates` recomputed from summed numerator and denominator, `weighted` columns averaged by a weight,
   * `missingValues` and `minCount` (suppression of small counts) as in core's `aggregateUp`; with `spec` (an index spec
   * or a preset's name) and `weight`, the spec's indicators as it says. Columns not named are not carried up.
   */
  aggregation: string | MapAggregation | undefined;

  private _areasInput: FeatureCollection | undefined;
  private _issues: readonly DataIssue[] = [];
  private _error: LoadFailure | undefined;
  private _activeId: string | null = null;
  private _announcement = '';
  /** How far the areas of a web service are read. */
  private _progress: FeatureServiceProgress | undefined;
  /** The areas drilled into, outermost first: the map shows the children of the last one. */
  private _drill: readonly DrillStep[] = [];

  readonly #areasSource = new VectorSource();
  readonly #areasLayer = new VectorLayer({ source: this.#areasSource, properties: { name: 'sozialraum-areas' } });
  readonly #highlightLayer = new VectorLayer({ source: this.#areasSource, properties: { name: 'sozialraum-highlight' } });
  /** Dims the areas outside the one drilled into. */
  readonly #maskLayer = new VectorLayer({ source: this.#areasSource, properties: { name: 'sozialraum-drill-mask' } });
  readonly #pointer = new AreaPointer({ layer: this.#areasLayer });
  readonly #olMap: OlMap;
  readonly #basemap: Basemap;
  /** The canvas styles, read from the custom properties. */
  readonly #styles = new AreaStyles(this);
  /** What children may change: their layers, the area style, the pointer, geometries, the thematic layer. */
  readonly #host: AreaHost;
  /** Set when a child replaced the areas through the host: the next drawing keeps the view. */
  #keepView = false;
  readonly #tooltip: HTMLDivElement;
  readonly #tooltipOverlay: Overlay;
  readonly #provider = new ContextProvider(this, { context: sozialraumContext });
  #hoveredId: string | null = null;
  #themeVersion = 0;
  /** The data pipeline: load, year, level, join, children's columns, parent level. */
  readonly #model = new MapModel();
  #levelsAbort: AbortController | undefined;
  /** The levels of the `levels` attribute are being built for the areas loaded. */
  #levelsPending = false;
  #view: MapView | undefined;
  #neighbourhood: { centres: [number, number][]; neighbours: number[][] } | undefined;
  #resolveReady!: () => void;

  /** Resolves once the first load has been tried and its result drawn (failures are shown and sent as events). */
  readonly ready: Promise<void> = new Promise((resolve) => {
    this.#resolveReady = resolve;
  });

  readonly #load = new Task(this, {
    // The arguments say when to load again; the load itself reads the attributes as they are at that moment.
    task: async (_inputs, { signal }) => this.#model.load(this.#loadInput(), this.year, signal, (progress) => this.#onProgress(progress)),
    args: () => [this._areasInput, ...LOAD_ATTRIBUTES.map((name) => this[name])],
    onComplete: (result) => this.#apply(result),
    onError: (error) => {
      if (!(error instanceof SozialraumError && error.code === 'aborted'))
        this.#apply({ areas: undefined, table: undefined, join: undefined, error: { stage: 'areas', source: this.areasUrl ?? '', cause: error } });
    },
  });

  constructor() {
    super();
    this.#tooltip = createTooltip();
    this.#tooltipOverlay = new Overlay({ element: this.#tooltip, positioning: 'center-left', stopEvent: false });
    this.#highlightLayer.setStyle((feature) => this.#highlightStyle(feature as Feature));
    this.#maskLayer.setStyle((feature) => this.#maskStyle(feature as Feature));
    const interactions = defaultInteractions({ keyboard: false });
    interactions.extend([new KeyboardZoom(), this.#pointer]);
    this.#olMap = new OlMap({
      layers: [this.#areasLayer, this.#maskLayer, this.#highlightLayer],
      overlays: [this.#tooltipOverlay],
      controls: defaultControls({ rotate: false }).extend([new ScaleLine()]),
      interactions,
      view: new View({ center: [0, 0], zoom: 2 }),
    });
    this.#basemap = new Basemap(this.#olMap);
    this.addEventListener('sozialraum-table-extend', (event) => this.#extendTable((event as CustomEvent<TableExtendDetail>).detail));
    this.#host = new AreaHost({
      olMap: this.#olMap,
      areasLayer: this.#areasLayer,
      pointer: this.#pointer,
      baseStyle: () => this.#styles.base(),
      replaceAreas: (areas, keepView) => {
        this.#keepView = keepView;
        this._areasInput = areas;
      },
      thematicChanged: () => this.#provideState(),
    });
    this.#pointer.on(AreaPointerEventType.HOVER as never, (event) => this.#onHover(event as AreaPointerEvent));
    this.#pointer.on(AreaPointerEventType.SELECT as never, (event) => {
      const area = (event as AreaPointerEvent).area;
      const id = area ? areaKey(area) : null;
      this._activeId = null;
      if (id !== null && this.#shownLevelIndex() > 0) this.#drillInto(id);
      else this.#select(id, true);
    });
  }

  /** The map's text in its language. */
  protected get t(): Messages {
    return messages(this.language);
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
    this.#styles.reset();
    if (this.#model.loaded?.areas) this.#host.applyStyle();
    this.#highlightLayer.changed();
    this.#provideState();
  }

  /**
   * The areas as a GeoJSON FeatureCollection in their own CRS (set a legacy `crs` member, or `areas-crs`, for
   * projected coordinates). Setting it replaces what the `areas` URL loaded. Reading it gives the loaded areas.
   */
  get areas(): FeatureCollection | undefined {
    const areas = this.#model.loaded?.areas;
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
    const loading = html`<div class="status" part="status" role="status">${t.loading(this._progress)}</div>`;
    return html`
      ${this.#renderToolbar()}
      <div class="frame" part="frame"><div class="viewport">
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
      ${this.#waitsForLevel() ? loading : this.#load.render({ pending: () => loading })}
      ${messagesTemplate(this.t, this.language, error && { title: failureTitle(t, error), cause: error.cause }, warnings)}</div>
      <div class="overlay"><slot name="overlay"></slot></div>
      </div>
      <slot></slot>
    `;
  }

  /** Level switcher, drill-down path and time slider, above the map; nothing when there are no levels and one year. */
  #renderToolbar(): unknown {
    const levels = this.#model.levels;
    const { years, shown: year } = this.#model.years(this.year);
    if (levels.length < 2 && years.length < 2) return nothing;
    return toolbarTemplate({
      t: this.t,
      levels,
      top: levels[this.#model.levelIndex(this.level)],
      shown: this.#shownLevel(),
      drillable: this.#shownLevelIndex() > 0,
      drill: this._drill,
      years,
      year,
      label: (level) => localiseText(level.definition.label, this.language),
      onLevelSwitch: (event) => this.#onLevelSwitch(event),
      onYearInput: (event) => this.#onYearInput(event),
      drillUpTo: (depth) => this.#drillUpTo(depth),
    });
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
    if ([...changed.keys()].some((key) => String(key).startsWith('basemap'))) this.#updateBasemap();
    if (changed.has('projection') && changed.get('projection') !== undefined && this.#view) this.#drawAreas(this.#view.areas, this._drill.at(-1));
    if (changed.has('selected') || changed.has('_activeId')) {
      this.#highlightLayer.changed();
      this.#provideState();
    }
    // The parent level's label is part of the view; everything else reads the language when it draws.
    if (changed.has('lang')) {
      if (this.#model.loaded?.areas) this.#deriveView();
      else this.#provideState();
    }
    if (changed.has('levels') && changed.get('levels') !== undefined && this.#model.loaded?.areas) void this.#loadLevels();
    if (changed.has('aggregation') && changed.get('aggregation') !== undefined && this.#model.loaded?.areas) this.#deriveView();
    if (changed.has('level') && changed.get('level') !== undefined && this._drill.length > 0) this._drill = [];
    if ((changed.has('year') || changed.has('level')) && this.#model.loaded?.areas) this.#deriveView();
  }

  #onProgress(progress: FeatureServiceProgress): void {
    this._progress = progress;
    this.emit<DataProgressDetail>('sozialraum-data-progress', { source: this.areasUrl ?? '', ...progress, total: progress.total ?? null });
  }

  #shownLevelIndex(): number {
    return this.#model.shownLevelIndex(this.level, this._drill);
  }

  #shownLevel(): LevelData | undefined {
    return this.#model.levels[this.#shownLevelIndex()];
  }

  /** Loads the levels of the `levels` attribute: their area files, the parent of every area, dissolved parents. */
  async #loadLevels(): Promise<void> {
    this.#levelsAbort?.abort();
    const controller = new AbortController();
    this.#levelsAbort = controller;
    this.#levelsPending = true;
    let issues: DataIssue[] = [];
    try {
      const onShown = () => {
        this.#levelsPending = false;
        this.#deriveView();
        this.#readyWhenDrawn();
      };
      const loaded = await this.#model.loadLevels(this.levels, controller.signal, { level: this.level, aggregation: this.aggregation, onShown });
      if (loaded === undefined) return;
      issues = loaded;
    } catch (error) {
      this._error = { stage: 'levels', source: 'levels', cause: error };
      this.emitError(error, 'levels');
    }
    this.#levelsPending = false;
    this._drill = [];
    this._issues = [...this._issues, ...issues];
    this.#deriveView();
    if (this.#model.levels.length > 0) this.#emitLevelChange();
    // A map that waited for its level is ready once that level is drawn.
    this.#readyWhenDrawn();
  }

  /** The level asked for lies above the finest and is still being built: nothing is drawn meanwhile (see asksAboveFinest). */
  #waitsForLevel(): boolean {
    return this.#levelsPending && asksAboveFinest(this.levels, this.level);
  }

  /** Shows the children of an area of the level above the finest, dimming the rest, and says so. */
  #drillInto(id: string): void {
    const level = this.#shownLevel();
    const feature = this.#areasSource.getFeatureById(id);
    if (!level || !feature) return;
    const name = String(feature.get(AREA_NAME));
    this._drill = [...this._drill, { level: level.definition.id, id, name }];
    this.selected = null;
    this.#setHovered(null, undefined);
    this.#deriveView();
    const shown = this.#shownLevel();
    this._announcement = this.t.drilledInto(name, shown ? localiseText(shown.definition.label, this.language) : '');
    this.#emitLevelChange();
  }

  /** Goes back up to the level of the given drill step (0: the level asked for), keeping its area active. */
  #drillUpTo(depth: number): void {
    const left = this._drill[depth];
    if (!left) return;
    this._drill = this._drill.slice(0, depth);
    this.selected = null;
    this.#setHovered(null, undefined);
    this.#deriveView();
    this._activeId = left.id;
    this._announcement = this.t.drilledUp(left.name, localiseText(this.#shownLevel()?.definition.label ?? '', this.language));
    this.#emitLevelChange();
  }

  #emitLevelChange(): void {
    const level = this.#shownLevel();
    if (level) this.emit<LevelChangeDetail>('sozialraum-level-change', { level: level.definition.id, drill: [...this._drill] });
  }

  #onLevelSwitch(event: Event): void {
    this._drill = [];
    this.level = (event.target as HTMLSelectElement).value;
    this.selected = null;
    this.#deriveView();
    this.#emitLevelChange();
  }

  #onYearInput(event: Event): void {
    const { years } = this.#model.years(this.year);
    if (years.length === 0) return;
    const input = event.target as HTMLInputElement;
    const year = snapYear(years, this.year, Number(input.value));
    input.value = String(year ?? input.value); // the thumb stays on a year of the table
    if (year === undefined || year === this.year) return;
    this.year = year;
    this.emit<YearChangeDetail>('sozialraum-year-change', { year, years: [...years] });
  }

  /** What the model loads: the attributes that name the data, as they are now. */
  #loadInput(): MapInput {
    return { ...pick(this, LOAD_ATTRIBUTES), areasInput: this._areasInput, projection: this.projection };
  }

  #apply(result: LoadResult): void {
    this._progress = undefined;
    const newAreas = this.#model.apply(result);
    if (newAreas) this._drill = [];
    this._error = result.error;
    this._issues = this.#model.loadIssues;
    this._activeId = null;
    if (newAreas && result.areas && this.levels) this.#levelsPending = true;
    this.#deriveView();
    if (newAreas && result.areas) void this.#loadLevels();
    if (result.areas) {
      const detail: DataLoadDetail = {
        areas: result.areas.features.length,
        crs: result.areas.crs,
        idField: result.areas.idField,
        nameField: result.areas.nameField ?? null,
        rows: result.table?.rows.length ?? null,
        columns: [...(result.table?.columns ?? [])],
        unmatchedAreaIds: result.join?.unmatchedAreaIds ?? [],
        unmatchedRows: result.join?.unmatchedRows ?? [],
        issues: [...this._issues],
      };
      this.emit<DataLoadDetail>('sozialraum-data-load', detail);
    }
    if (result.error) this.emitError(result.error.cause);
    this.#readyWhenDrawn();
  }

  #readyWhenDrawn(): void {
    void this.updateComplete.then(() => {
      if (this.#olMap.getTargetElement()) this.#olMap.renderSync();
      if (!this.#waitsForLevel()) this.#resolveReady();
    });
  }

  /** Shows the level and year asked for: their areas, the table of that year (aggregated up to the level) and its join. */
  #deriveView(): void {
    if (this.#waitsForLevel()) {
      this.#view = undefined;
      this.#areasSource.clear(true);
      this.#provideState();
      return;
    }
    const previous = this.#view;
    const view = this.#model.derive({
      year: this.year,
      level: this.level,
      drill: this._drill,
      keyField: this.keyField,
      aggregation: this.aggregation,
      levels: Boolean(this.levels),
      language: this.language,
    });
    this.#view = view;
    if (!view) {
      this.#areasSource.clear();
      this.#provideState();
      return;
    }
    if (view === previous) {
      this.#provideState();
      return;
    }
    if (view.error) {
      this._error = view.error;
      this.emitError(view.error.cause);
    }
    const drilled = this._drill.at(-1);
    if (previous?.areas !== view.areas) {
      this.#neighbourhood = undefined;
      this.#drawAreas(view.areas, drilled);
    } else if (drilled) {
      this.#fitToAreas(view.focus);
    }
    this.#maskLayer.changed();
    this.#provideState();
  }

  #drawAreas(areas: AreaCollection, drilled?: DrillStep): void {
    // Every level is drawn in the view of the finest areas, so switching levels keeps the map where it is.
    const projection = this.#viewProjection(this.#model.loaded?.areas ?? areas);
    const format = new GeoJSON({ dataProjection: areas.crs, featureProjection: projection });
    const seen = new Set<string>();
    const features = areas.features.map((feature, index) => {
      const olFeature = format.readFeature(feature) as Feature;
      const key = areas.ids[index]!;
      // OpenLayers keeps one feature per id; a repeated key (reported by core) is drawn too, keyed by its property.
      if (!seen.has(key)) olFeature.setId(key);
      seen.add(key);
      olFeature.set(AREA_KEY, key, true);
      olFeature.set(AREA_NAME, areaName(areas, index), true);
      return olFeature;
    });
    this.#areasSource.clear(true);
    this.#areasSource.addFeatures(features);
    // A child that claimed the area style (the choropleth) keeps it for new areas (another level).
    if (!this.#host.styleClaimed) this.#host.applyStyle();
    if (this.#olMap.getView().getProjection().getCode() !== projection) {
      this.#olMap.setView(new View({ projection }));
      this.#updateBasemap();
    }
    // Areas a child replaced (the editor's saved version) are shown where the user was working.
    if (this.#keepView) this.#keepView = false;
    else this.#fitToAreas(drilled ? this.#view?.focus : undefined);
  }

  #viewProjection(areas: AreaCollection): string {
    return this.projection ? (normaliseCrsName(this.projection) ?? this.projection) : areas.crs;
  }

  /** Fits the view to all areas, or to those with the given keys (the children of the area drilled into). */
  #fitToAreas(keys?: ReadonlySet<string>): void {
    let extent = this.#areasSource.getExtent();
    if (keys) {
      extent = createEmptyExtent();
      for (const key of keys) {
        const geometry = this.#areasSource.getFeatureById(key)?.getGeometry();
        if (geometry) extendExtent(extent, geometry.getExtent());
      }
    }
    fitView(this.#olMap, extent);
  }

  #provideState(): void {
    this.#provider.setValue({
      olMap: this.#olMap,
      areasLayer: this.#areasLayer,
      areasSource: this.#areasSource,
      projection: this.#olMap.getView().getProjection().getCode(),
      areas: this.#view?.areas,
      table: this.#view?.table,
      join: this.#view?.join,
      years: this.#model.years(this.year).years,
      year: this.#model.years(this.year).shown,
      allYears: this.#view?.allYears,
      levels: this.#model.levels.map((level) => ({ id: level.definition.id, label: localiseText(level.definition.label, this.language) })),
      level: this.#view?.level?.definition.id,
      drill: this._drill,
      focus: this.#view?.focus,
      parentLevel: this.#view?.parentLevel,
      issues: this._issues,
      selectedId: this.selected,
      language: this.language,
      thematic: this.#host.thematic,
      host: this.#host,
      themeVersion: this.#themeVersion,
      select: (id) => {
        this._activeId = null;
        this.#select(id, true);
        if (id !== null) panIntoView(this.#olMap, this.#areasSource.getFeatureById(id)?.getGeometry()?.getExtent(), 250);
      },
    } satisfies SozialraumState);
  }

  /** Areas outside the one drilled into are dimmed, so its children stand out with their context still visible. */
  #maskStyle(feature: Feature): Style | undefined {
    const focus = this.#view?.focus;
    return !focus || focus.has(areaKey(feature)) ? undefined : this.#styles.mask();
  }

  #highlightStyle(feature: Feature): Style | undefined {
    const id = areaKey(feature);
    if (id !== this.selected && id !== this._activeId && id !== this.#hoveredId) return undefined;
    return id === this.selected ? this.#styles.selected() : this.#styles.hover();
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
      this.#tooltip.replaceChildren(...tooltipContent(String(feature.get(AREA_NAME)), id!, classText(this.#host.thematic, id!, this.t)));
      this.#tooltip.hidden = false;
      this.#tooltipOverlay.setPosition(position);
    } else {
      this.#tooltip.hidden = true;
      this.#tooltipOverlay.setPosition(undefined);
    }
    if (changed) {
      this.#highlightLayer.changed();
      this.emit<AreaHoverDetail>('sozialraum-area-hover', { id, name: feature ? String(feature.get(AREA_NAME)) : null });
    }
  }

  #select(id: string | null, announce: boolean): void {
    const feature = id === null ? null : this.#areasSource.getFeatureById(id);
    const index = id === null ? -1 : (this.#view?.areas.ids.indexOf(id) ?? -1);
    this.selected = feature ? id : null;
    const name = feature ? String(feature.get(AREA_NAME)) : null;
    if (announce) this._announcement = feature ? withClass(this.t.selected(name!, id!), classText(this.#host.thematic, id!, this.t)) : this.t.cleared;
    const properties = index >= 0 ? { ...(this.#view!.areas.features[index]!.properties ?? {}) } : null;
    const row = this.selected === null ? null : (this.#view?.join?.rowsByKey.get(this.selected) ?? null);
    this.emit<AreaSelectDetail>('sozialraum-area-select', { id: this.selected, name, properties, row: row ? { ...row } : null });
  }

  #onKeydown(event: KeyboardEvent): void {
    const areas = this.#view?.areas;
    if (!areas) return;
    const direction = DIRECTIONS[event.key];
    if (direction) {
      event.preventDefault();
      this.#moveActive(areas, direction);
    } else if (event.key === 'Enter' || event.key === ' ') {
      const id = this._activeId ?? this.#hoveredId;
      if (id) {
        event.preventDefault();
        if (this.#shownLevelIndex() > 0) this.#drillInto(id);
        else this.#select(id, true);
      }
    } else if (event.key === 'Escape') {
      if (this.selected === null && this._drill.length > 0) {
        event.preventDefault();
        this.#drillUpTo(this._drill.length - 1);
      } else if (this.selected !== null || this._activeId !== null) {
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
      next = nearestCentre(centres, viewCentreIn(this.#olMap, areas.crs));
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
    this._announcement = withClass(this.t.active(areaName(areas, next), id), classText(this.#host.thematic, id, this.t));
    panIntoView(this.#olMap, [centre[0]!, centre[1]!, centre[0]!, centre[1]!], 200);
  }

  /** Adds the columns a child computed (e.g. residents from a census grid) to the shared table and joins it again. */
  #extendTable(detail: TableExtendDetail): void {
    try {
      if (this.#model.extend(detail, this.#shownLevelIndex())) this.#deriveView();
    } catch (error) {
      this.emitError(error);
    }
  }

  /** A WMS or WMTS waits for the view's projection: the areas' CRS or the `projection` attribute. */
  #updateBasemap(): void {
    const projection = this.#model.loaded?.areas || this.projection ? this.#olMap.getView().getProjection().getCode() : undefined;
    this.#basemap.show(basemapOptions(this), projection).catch((error: unknown) => this.emitError(error, 'basemap'));
  }
}
