// The editing runtime of <sozialraum-editor>, loaded on demand: the topology session, the OpenLayers interactions,
// live population and checks, IndexedDB storage, versions, comments, comparison, import and export.
import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import Draw, { type DrawEvent } from 'ol/interaction/Draw.js';
import Snap from 'ol/interaction/Snap.js';
import type { SnapEvent } from 'ol/events/SnapEvent.js';
import VectorLayer from 'ol/layer/Vector.js';
import VectorSource from 'ol/source/Vector.js';
import Feature from 'ol/Feature.js';
import Point from 'ol/geom/Point.js';
import type Geometry from 'ol/geom/Geometry.js';
import type LineString from 'ol/geom/LineString.js';
import type OlPolygon from 'ol/geom/Polygon.js';
import GeoJSON from 'ol/format/GeoJSON.js';
import { Circle as CircleStyle, Fill, Stroke, Style } from 'ol/style.js';
import { transform } from 'ol/proj.js';
import type { Coordinate } from 'ol/coordinate.js';
import type { EventsKey } from 'ol/events.js';
import { unByKey } from 'ol/Observable.js';
import type MapBrowserEvent from 'ol/MapBrowserEvent.js';
import type { FeatureCollection, LineString as GeoLineString, MultiLineString, MultiPolygon, Polygon, Position } from 'geojson';
import {
  EditError,
  TopologyEditor,
  applyPatch,
  asFeatureCollection,
  buildTopology,
  decodeText,
  describePatch,
  fetchBytes,
  formatGeoJSON,
  loadAreas,
  message,
  messageText,
  moveVertex,
  nearestOnSegment,
  openRingBetween,
  overlayAreas,
  carryChoices as carryChoicesOf,
  carryComparison,
  type CarryChoice,
  type ComparisonCarry,
  type IndexSpec,
  type Table,
  SozialraumError,
  type CrosswalkOverlay,
  parseNumber,
  populationOfGeometries,
  reprojectCollection,
  sourceName,
  splitArea,
  topologyNeighbours,
  topologyToFeatureCollection,
  validateAreas,
  type AreaCollection,
  type CoverageFinding,
  type EditResult,
  type PopulationGrid,
  type Topology,
  type TopologyPatch,
} from '@sozialraum/core';
import { AREA_KEY, AreaPointer, isolate, userText, type Language, type SozialraumState } from '@sozialraum/map';
import { WorkerPool } from '@sozialraum/worker';
import { editorMessages, type EditorMessages, type EditorTool } from './i18n.js';
import { editorStyles } from './sozialraum-editor.styles.js';
import { SharedVertexEvent, SharedVertexEventType, SharedVertexModify } from './shared-vertex-modify.js';
import { deleteSession, loadSession, saveSession, type EditorComment, type EditorVersion, type SavedSession } from './storage.js';
import type { AreasChangeDetail, AreasExportDetail, SozialraumEditor, VersionSaveDetail } from './sozialraum-editor.component.js';

/** What the element shell gives the runtime. */
export interface EditorHost {
  element: SozialraumEditor;
  state: () => SozialraumState | undefined;
  language: () => Language;
  emit: <T>(type: `sozialraum-${string}`, detail: T, options?: { cancelable?: boolean }) => boolean;
  emitError: (error: unknown, source?: string) => void;
  signal: AbortSignal;
  requestUpdate: () => void;
}

/** Two versions compared: the areas that differ, and the area and residents that moved from one area to another. */
export interface VersionComparison {
  from: string;
  to: string;
  /** Keys whose geometry, key or name differs, or that exist in only one version. */
  changed: string[];
  /** Pieces of area that belonged to `from` in the first version and to `to` in the second (m², residents with a grid). */
  moved: { from: string; to: string; area_m2: number; residents?: number }[];
}

type Operation = AreasChangeDetail['operation'];

/** The feature property the map reads an area's name from (its key is under AREA_KEY). */
const AREA_NAME = 'sozialraum:name';
/** Areas more than this share off the target size are marked, as core's validator does by default. */
const BALANCE_TOLERANCE = 0.5;
const LIST_LIMIT = 60;

/** A projected CRS for the topology: the areas' own, unless they are longitude/latitude. */
function modelCrs(areas: AreaCollection, view: string): string {
  if (areas.crs !== 'EPSG:4326') return areas.crs;
  return view !== 'EPSG:4326' && view !== 'EPSG:3857' ? view : 'EPSG:3035';
}

function inModelCrs(areas: AreaCollection, crs: string): AreaCollection {
  if (areas.crs === crs) return areas;
  const features = reprojectCollection({ type: 'FeatureCollection', features: areas.features }, areas.crs, crs).features;
  return { ...areas, crs, features };
}

export class EditorRuntime {
  readonly #host: EditorHost;
  readonly #map: HTMLElement | null;
  readonly #state: SozialraumState;
  readonly #format = new GeoJSON();
  readonly #crs: string;
  readonly #base: AreaCollection;
  editor: TopologyEditor;
  population: Map<string, number> | undefined;
  findings: CoverageFinding[] = [];
  versions: EditorVersion[] = [];
  comments: EditorComment[] = [];
  #storageKey: string;
  /** What the population comes from, as text in the language shown (the language can change after loading). */
  #populationNote: (t: EditorMessages) => string = () => '';
  #populationEstimated = false;
  #populationOf: ((areas: { key: string; geometry: Polygon | MultiPolygon }[]) => Map<string, number>) | undefined;
  #grid: PopulationGrid | undefined;
  #checking = false;
  #status = '';
  #pendingRestore: SavedSession | undefined;
  #pendingImport: { name: string; areas: AreaCollection } | undefined;
  #comparison: VersionComparison | undefined;
  /** What the last comparison measured, for carrying indicators through it. */
  #compared: { overlay: CrosswalkOverlay | undefined; firstIds: string[]; secondIds: string[]; changed: string[] } | undefined;
  #carried: ComparisonCarry | undefined;
  #choices: { table: Table; spec: IndexSpec | undefined; language: Language; choices: CarryChoice[] } | undefined;
  #highlighted = new Set<string>();
  #mergeWith = new Set<string>();
  #live: { key: string; before: number | undefined; after: number | undefined }[] = [];
  #pendingPin: [number, number] | undefined;
  #barrierLines: Position[][] = [];
  #barrierNote: (t: EditorMessages) => string = (t) => t.noBarrier;
  #neighbours: Map<string, string[]> | undefined;
  #vertexView: Float64Array | undefined;
  #vertexModel: Position[] = [];
  #saving: Promise<void> = Promise.resolve();
  #frame = 0;
  #nextPreview: (() => void) | undefined;
  #sketchKey: EventsKey | undefined;
  #listenerKeys: EventsKey[] = [];
  readonly #marksLayer: VectorLayer<VectorSource>;
  readonly #overlaySource = new VectorSource();
  readonly #overlayLayer: VectorLayer<VectorSource>;
  readonly #barrierSource = new VectorSource();
  readonly #barrierLayer: VectorLayer<VectorSource>;
  readonly #snapIndicator = new Feature<Point>();
  readonly #pinPreview = new Feature<Point>();
  readonly #drawSplit: Draw;
  readonly #drawCarve: Draw;
  readonly #drawBarrier: Draw;
  readonly #vertexModify: SharedVertexModify;
  readonly #snapAreas: Snap;
  readonly #snapBarriers: Snap;
  #colours = { accent: '#54278f', warning: '#b35806' };
  #started = false;

  constructor(host: EditorHost, state: SozialraumState) {
    this.#host = host;
    this.#state = state;
    this.#map = host.element.closest('sozialraum-map');
    const areas = state.areas!;
    this.#crs = modelCrs(areas, state.projection);
    this.#base = inModelCrs(areas, this.#crs);
    this.editor = new TopologyEditor(buildTopology(this.#base).topology);
    this.#storageKey = host.element.storageKey || this.#map?.getAttribute('areas') || areas.source;

    this.#marksLayer = new VectorLayer({ source: state.areasSource, style: (feature) => this.#markStyle(feature as Feature), properties: { name: 'sozialraum-editor-marks' } });
    this.#barrierLayer = new VectorLayer({ source: this.#barrierSource, style: new Style({ stroke: new Stroke({ color: 'rgba(31, 35, 40, 0.55)', width: 2, lineDash: [6, 4] }) }), properties: { name: 'sozialraum-editor-barriers' } });
    this.#overlayLayer = new VectorLayer({ source: this.#overlaySource, style: (feature) => this.#overlayStyle(feature as Feature), properties: { name: 'sozialraum-editor-overlay' } });
    this.#snapIndicator.set('kind', 'snap');
    this.#pinPreview.set('kind', 'pin-preview');

    const drawStyle = () => new Style({ stroke: new Stroke({ color: this.#colours.accent, width: 2.5 }), fill: new Fill({ color: 'rgba(84, 39, 143, 0.12)' }), image: new CircleStyle({ radius: 4, fill: new Fill({ color: this.#colours.accent }) }) });
    this.#drawSplit = new Draw({ type: 'LineString', style: drawStyle() });
    this.#drawCarve = new Draw({ type: 'Polygon', style: drawStyle() });
    this.#drawBarrier = new Draw({ type: 'LineString', maxPoints: 2, style: drawStyle() });
    this.#vertexModify = new SharedVertexModify({ vertices: () => this.#vertices() });
    this.#snapAreas = new Snap({ source: state.areasSource, pixelTolerance: 10 });
    this.#snapBarriers = new Snap({ source: this.#barrierSource, pixelTolerance: 10 });
  }

  // Life cycle

  async start(): Promise<void> {
    const olMap = this.#state.olMap;
    // The panel's styles come with the runtime; the shell carries only what it shows while loading.
    const root = this.#host.element.shadowRoot;
    if (root && editorStyles.styleSheet && !root.adoptedStyleSheets.includes(editorStyles.styleSheet)) root.adoptedStyleSheets = [...root.adoptedStyleSheets, editorStyles.styleSheet];
    const style = getComputedStyle(this.#host.element);
    this.#colours = {
      accent: style.getPropertyValue('--sozialraum-editor-accent-color').trim() || this.#colours.accent,
      warning: style.getPropertyValue('--sozialraum-editor-warning-color').trim() || this.#colours.warning,
    };
    olMap.addLayer(this.#barrierLayer);
    olMap.addLayer(this.#marksLayer);
    olMap.addLayer(this.#overlayLayer);
    // The order matters: OpenLayers hands events to the last interaction first, so the snaps come after the
    // interactions whose coordinates they snap.
    for (const interaction of [this.#drawSplit, this.#drawCarve, this.#drawBarrier, this.#vertexModify, this.#snapAreas, this.#snapBarriers]) {
      interaction.setActive(false);
      olMap.addInteraction(interaction);
    }
    this.#listenerKeys.push(
      this.#drawSplit.on('drawstart', (event) => this.#watchSketch(event as DrawEvent)),
      this.#drawSplit.on('drawend', (event) => this.#finishSplit((event as DrawEvent).feature.getGeometry() as LineString)),
      this.#drawSplit.on('drawabort', () => {
        // The preview reshaped the area being split; a cancelled line puts it back.
        this.#endSketch();
        this.#syncFeatures(this.#liveKeys());
        this.#live = [];
        this.#host.requestUpdate();
      }),
      this.#drawCarve.on('drawend', (event) => this.#finishCarve((event as DrawEvent).feature.getGeometry() as OlPolygon)),
      this.#drawBarrier.on('drawend', (event) => this.#finishBarrier((event as DrawEvent).feature.getGeometry() as LineString)),
      this.#vertexModify.on(SharedVertexEventType.HOVER as never, (event) => this.#showIndicator((event as SharedVertexEvent).from)),
      this.#vertexModify.on(SharedVertexEventType.DRAG as never, (event) => this.#dragVertex(event as SharedVertexEvent)),
      this.#vertexModify.on(SharedVertexEventType.END as never, (event) => this.#dropVertex(event as SharedVertexEvent)),
      this.#snapAreas.on('snap' as never, (event) => this.#showIndicator((event as SnapEvent).vertex)),
      this.#snapAreas.on('unsnap' as never, () => this.#showIndicator(null)),
      this.#snapBarriers.on('snap' as never, (event) => this.#showIndicator((event as SnapEvent).vertex)),
      this.#snapBarriers.on('unsnap' as never, () => this.#showIndicator(null)),
      olMap.on('singleclick', (event) => this.#placePin(event as MapBrowserEvent)),
    );
    // Ctrl+Z and friends work wherever the focus is in the map and its children (the editor is one of them).
    (this.#map ?? this.#host.element).addEventListener('keydown', (event) => this.#onKeydown(event as KeyboardEvent), { signal: this.#host.signal });
    this.#map?.addEventListener('sozialraum-area-select', () => {
      this.#mergeWith.clear();
      this.#host.requestUpdate();
    }, { signal: this.#host.signal });

    // The map's features are drawn from the file; the topology may have snapped or noded a few vertices, so the
    // map shows the topology's geometry from the start and every vertex the pointer can grab is one the model knows.
    this.#syncFeatures(this.#liveKeys());
    this.#applyTool();

    try {
      const saved = await loadSession(this.#storageKey);
      if (saved && (saved.state.undo.length + saved.state.redo.length > 0 || saved.versions.length > 0 || saved.comments.length > 0)) this.#pendingRestore = saved;
    } catch {
      // No IndexedDB (private mode, blocked): the editor works, it just cannot keep the work.
    }
    await Promise.all([this.#loadPopulation(), this.#loadBarriers()]);
    // The whole set is checked once, after the panel has shown that it is checking; every step re-checks only the
    // areas around it. The editor is ready when its findings are.
    this.#checking = true;
    this.#host.requestUpdate();
    await new Promise((resolve) => setTimeout(resolve, 0));
    this.#validateAll();
    this.#started = true;
  }

  dispose(): void {
    const olMap = this.#state.olMap;
    unByKey(this.#listenerKeys);
    this.#endSketch();
    cancelAnimationFrame(this.#frame);
    for (const interaction of [this.#drawSplit, this.#drawCarve, this.#drawBarrier, this.#vertexModify, this.#snapAreas, this.#snapBarriers]) olMap.removeInteraction(interaction);
    for (const layer of [this.#barrierLayer, this.#marksLayer, this.#overlayLayer]) olMap.removeLayer(layer);
    this.#pointer()?.setActive(true);
  }

  hostUpdated(changed: PropertyValues): void {
    if (changed.has('tool')) this.#applyTool();
    if (changed.has('barriers') && this.#started) void this.#loadBarriers().then(() => this.#host.requestUpdate());
    if (changed.has('minPopulation') || changed.has('targetPopulation')) this.#marksLayer.changed();
  }

  /** Resolves when every change so far is in IndexedDB. */
  get saved(): Promise<void> {
    return this.#saving;
  }

  get #t(): EditorMessages {
    return editorMessages(this.#host.language());
  }

  // Tools

  #applyTool(): void {
    const tool = this.#pendingRestore ? 'select' : this.#host.element.tool;
    this.#drawSplit.setActive(tool === 'split');
    this.#drawCarve.setActive(tool === 'carve');
    this.#drawBarrier.setActive(tool === 'barrier');
    this.#vertexModify.setActive(tool === 'vertex');
    // Snapping to the areas while dragging one of their vertices would hold the vertex where it was.
    this.#snapAreas.setActive(tool === 'split' || tool === 'carve' || tool === 'barrier');
    // The two points of the barrier tool must lie on an area boundary, so that tool snaps to the areas only.
    this.#snapBarriers.setActive(tool === 'split' || tool === 'carve' || tool === 'vertex');
    // Clicks that draw must not also select areas.
    this.#pointer()?.setActive(!(tool === 'split' || tool === 'carve' || tool === 'barrier' || tool === 'comment'));
    if (tool !== 'comment') this.#setPendingPin(undefined);
    this.#showIndicator(null);
  }

  #pointer(): AreaPointer | undefined {
    return this.#state.olMap.getInteractions().getArray().find((interaction) => interaction instanceof AreaPointer) as AreaPointer | undefined;
  }

  #setTool(tool: EditorTool): void {
    this.#host.element.tool = tool;
  }

  // Operations

  /** Runs one operation of the model; a refusal (EditError) is shown and sent as an error, and nothing changes. */
  #run(operation: Operation, step: () => EditResult): boolean {
    const before = this.population ? new Map(this.population) : undefined;
    let result: EditResult;
    try {
      const start = performance.now();
      result = step();
      measure(`sozialraum-editor ${operation}`, start);
    } catch (error) {
      this.#refuse(error);
      this.#syncFeatures(this.#liveKeys());
      return false;
    }
    this.#afterStep(operation, result, before);
    return true;
  }

  #refuse(error: unknown): void {
    const bilingual = withReason(error);
    this.#announce(this.#t.refused(messageText(bilingual, this.#host.language())));
    this.#host.emitError(bilingual, this.#host.element.localName);
  }

  /** Refuses a step the editor itself cannot start (no area under the line, no barriers), in both languages. */
  #refuseWith(reason: 'noArea' | 'noBarrier'): void {
    const text = message(editorMessages('en')[reason], editorMessages('de')[reason]);
    this.#refuse(Object.assign(new Error(text.en), { text }));
  }

  #afterStep(operation: Operation, result: EditResult, before: Map<string, number> | undefined, message?: string): void {
    const touched = [...new Set([...result.changed, ...result.added, ...result.removed])];
    this.#vertexView = undefined;
    this.#neighbours = undefined;
    this.#syncFeatures([...result.changed, ...result.added]);
    let start = performance.now();
    const fresh = this.#updatePopulation(result);
    measure('sozialraum-editor population', start);
    this.#live = [...result.changed, ...result.added].map((key) => ({ key, before: before?.get(key), after: this.population?.get(key) }));
    for (const key of result.removed) this.#live.push({ key, before: before?.get(key), after: undefined });
    start = performance.now();
    this.#validateAround([...result.changed, ...result.added], result.removed);
    measure('sozialraum-editor checks', start);
    this.#mergeWith.clear();
    const t = this.#t;
    const ids = touched.join(', ');
    const text =
      message ??
      (operation === 'undo' ? t.undone(this.#stepText(result)) : operation === 'redo' ? t.redone(this.#stepText(result)) : operation in t.done ? t.done[operation as keyof EditorMessages['done']](ids) : this.#stepText(result));
    this.#announce(text);
    this.#save();
    this.#host.emit<AreasChangeDetail>('sozialraum-areas-change', {
      operation,
      label: result.label,
      ids: touched,
      changed: result.changed,
      added: result.added,
      removed: result.removed,
      population: Object.fromEntries(fresh),
    });
    this.#host.requestUpdate();
  }

  undo(): void {
    if (!this.editor.canUndo) return this.#announce(this.#t.nothingToUndo);
    this.#run('undo', () => this.editor.undo()!);
  }

  redo(): void {
    if (!this.editor.canRedo) return this.#announce(this.#t.nothingToRedo);
    this.#run('redo', () => this.editor.redo()!);
  }

  #finishSplit(line: LineString): void {
    this.#endSketch();
    const coordinates = line.getCoordinates();
    const key = this.#areaUnder(coordinates);
    if (key === undefined) {
      this.#refuseWith('noArea');
      return;
    }
    const model = coordinates.map((coordinate) => this.#toModel(coordinate));
    this.#run('split', () => this.editor.split(key, model));
  }

  #finishCarve(polygon: OlPolygon): void {
    const ring = polygon.getCoordinates()[0]!.map((coordinate) => this.#toModel(coordinate));
    let n = 1;
    while (this.editor.geometry(`neu-${n}`)) n += 1;
    const key = `neu-${n}`;
    this.#run('carve', () => this.editor.carve(ring, key, { name: this.#host.language() === 'en' ? `New area ${n}` : `Neues Gebiet ${n}` }));
  }

  #finishBarrier(line: LineString): void {
    const [from, to] = [line.getFirstCoordinate(), line.getLastCoordinate()].map((coordinate) => this.#toModel(coordinate)) as [Position, Position];
    if (this.#barrierLines.length === 0) {
      this.#refuseWith('noBarrier');
      return;
    }
    // The barrier line nearest to both points is the one the boundary is to follow.
    let best: Position[] | undefined;
    let bestDistance = Infinity;
    for (const barrier of this.#barrierLines) {
      const distance = distanceToLine(from, barrier) + distanceToLine(to, barrier);
      if (distance < bestDistance) {
        bestDistance = distance;
        best = barrier;
      }
    }
    this.#run('barrier', () => this.editor.reshapeAlongBarrier(from, to, openRingBetween(best!, from, to)));
  }

  #dragVertex(event: SharedVertexEvent): void {
    const from = this.#vertexModel[event.vertex];
    if (!from || !event.to) return;
    const to = this.#toModel(event.to);
    this.#schedulePreview(() => {
      try {
        this.#preview(moveVertex(this.editor.topology, from, to), { reshape: true });
      } catch (error) {
        this.#announce(this.#t.refused(messageText(withReason(error), this.#host.language())));
      }
    });
  }

  #dropVertex(event: SharedVertexEvent): void {
    cancelAnimationFrame(this.#frame);
    this.#nextPreview = undefined;
    const from = this.#vertexModel[event.vertex];
    if (!from || !event.to || !event.from || (event.to[0] === event.from[0] && event.to[1] === event.from[1])) return;
    this.#run('vertex', () => this.editor.moveVertex(from, this.#toModel(event.to!)));
    this.#showIndicator(null);
  }

  #merge(): void {
    const base = this.#selected();
    if (!base) return this.#announce(this.#t.selectFirst);
    const keys = [base, ...this.#mergeWith];
    this.#run('merge', () => this.editor.merge(keys));
    this.#host.state()?.select(this.editor.geometry(base) ? base : null);
  }

  #rename(form: HTMLFormElement): void {
    const key = this.#selected();
    if (!key) return this.#announce(this.#t.selectFirst);
    const data = new FormData(form);
    const newKey = String(data.get('key') ?? '').trim();
    const name = String(data.get('name') ?? '').trim();
    const change: { key?: string; name?: string } = {};
    if (newKey && newKey !== key) change.key = newKey;
    if (name !== (this.#areaName(key) ?? '')) change.name = name;
    if (this.#run('rename', () => this.editor.rename(key, change)) && change.key) this.#host.state()?.select(change.key);
  }

  // Live preview

  #schedulePreview(preview: () => void): void {
    this.#nextPreview = preview;
    if (this.#frame) return;
    // One preview per animation frame, however fast the pointer moves.
    this.#frame = requestAnimationFrame(() => {
      this.#frame = 0;
      const next = this.#nextPreview;
      this.#nextPreview = undefined;
      next?.();
    });
  }

  /**
   * Shows what a step would do without doing it: the residents of the areas concerned in the list and, with
   * `reshape` (dragging a vertex), their shapes on the map. A split line in progress leaves the map as it is, so
   * the area is not drawn in half before the line is finished.
   */
  #preview(patch: TopologyPatch, options: { reshape: boolean }): void {
    const topology = this.editor.topology;
    let tentative: { key: string; geometry: Polygon | MultiPolygon }[];
    applyPatch(topology, patch, 'forward');
    try {
      const described = describePatch(topology, patch, 'forward');
      tentative = [...described.changed, ...described.added].flatMap((key) => {
        const geometry = this.editor.geometry(key);
        return geometry ? [{ key, geometry }] : [];
      });
    } finally {
      applyPatch(topology, patch, 'backward');
    }
    if (options.reshape) {
      for (const { key, geometry } of tentative) {
        const feature = this.#state.areasSource.getFeatureById(key) as Feature | null;
        if (feature) feature.setGeometry(this.#readGeometry(geometry));
      }
    }
    const values = this.#populationOf?.(tentative);
    this.#live = tentative.map(({ key }) => ({ key, before: this.population?.get(key), after: values?.get(key) }));
    this.#host.requestUpdate();
  }

  #watchSketch(event: DrawEvent): void {
    this.#endSketch();
    const geometry = event.feature.getGeometry() as LineString;
    this.#sketchKey = geometry.on('change', () =>
      this.#schedulePreview(() => {
        const coordinates = geometry.getCoordinates();
        if (coordinates.length < 2) return;
        const key = this.#areaUnder(coordinates);
        if (key === undefined) return;
        try {
          this.#preview(splitArea(this.editor.topology, key, coordinates.map((coordinate) => this.#toModel(coordinate))), { reshape: false });
        } catch {
          // The line does not cross the area yet; the preview waits for a line that does.
        }
      }),
    );
  }

  #endSketch(): void {
    if (this.#sketchKey) unByKey(this.#sketchKey);
    this.#sketchKey = undefined;
    cancelAnimationFrame(this.#frame);
    this.#frame = 0;
    this.#nextPreview = undefined;
  }

  // The map's features

  /**
   * The edited areas go back to the map by updating its OpenLayers features in place, by key: the choropleth,
   * table and selection keep their features and only the changed ones redraw. Setting the map's `areas` instead
   * would reload, re-create all 500 features and refit the view after every step; that is done only when the user
   * saves a version or exports, so that the map's own `areas` then match what was saved.
   */
  #syncFeatures(keys: Iterable<string>): void {
    const source = this.#state.areasSource;
    const topology = this.editor.topology;
    const live = this.#liveKeys();
    for (const feature of source.getFeatures()) {
      const id = feature.getId();
      if (id !== undefined && !live.has(String(id))) source.removeFeature(feature);
    }
    const wanted = new Set(keys);
    for (const area of topology.areas) {
      if (!area || !wanted.has(area.key)) continue;
      const geometry = this.#readGeometry(this.editor.geometry(area.key)!);
      let feature = source.getFeatureById(area.key) as Feature | null;
      if (!feature) {
        feature = new Feature({ ...area.properties });
        feature.setId(area.key);
        feature.setGeometry(geometry);
        feature.set(AREA_KEY, area.key, true);
        feature.set(AREA_NAME, area.name ?? area.key, true);
        source.addFeature(feature);
      } else {
        feature.set(AREA_NAME, area.name ?? area.key, true);
        feature.setGeometry(geometry);
      }
    }
  }

  #liveKeys(): Set<string> {
    return new Set(this.editor.topology.areas.flatMap((area) => (area ? [area.key] : [])));
  }

  #readGeometry(geometry: Polygon | MultiPolygon): Geometry {
    return this.#format.readGeometry(geometry, { dataProjection: this.#crs, featureProjection: this.#state.projection }) as Geometry;
  }

  #toModel(coordinate: Coordinate): Position {
    const projection = this.#state.projection;
    return projection === this.#crs ? [coordinate[0]!, coordinate[1]!] : transform(coordinate, projection, this.#crs);
  }

  #toView(position: Position): Coordinate {
    const projection = this.#state.projection;
    return projection === this.#crs ? [position[0]!, position[1]!] : transform(position, this.#crs, projection);
  }

  /** Every vertex of the topology once, in view coordinates, for the vertex drag to hit-test. */
  #vertices(): Float64Array {
    if (this.#vertexView) return this.#vertexView;
    const seen = new Set<string>();
    const model: Position[] = [];
    for (const arc of this.editor.topology.arcs) {
      if (!arc) continue;
      for (const position of arc) {
        const id = `${position[0]},${position[1]}`;
        if (seen.has(id)) continue;
        seen.add(id);
        model.push(position);
      }
    }
    const view = new Float64Array(model.length * 2);
    model.forEach((position, index) => {
      const [x, y] = this.#toView(position);
      view[index * 2] = x!;
      view[index * 2 + 1] = y!;
    });
    this.#vertexModel = model;
    this.#vertexView = view;
    return view;
  }

  /** The area most of the drawn line runs through. */
  #areaUnder(line: Coordinate[]): string | undefined {
    const counts = new Map<string, number>();
    for (let i = 1; i < line.length; i += 1) {
      const [a, b] = [line[i - 1]!, line[i]!];
      for (let step = 1; step < 20; step += 1) {
        const t = step / 20;
        const point = [a[0]! + (b[0]! - a[0]!) * t, a[1]! + (b[1]! - a[1]!) * t];
        for (const feature of this.#state.areasSource.getFeaturesAtCoordinate(point)) {
          const key = String(feature.getId());
          counts.set(key, (counts.get(key) ?? 0) + 1);
        }
      }
    }
    let best: string | undefined;
    for (const [key, count] of counts) if (best === undefined || count > counts.get(best)!) best = key;
    return best;
  }

  #showIndicator(coordinate: Coordinate | null): void {
    if (coordinate) {
      this.#snapIndicator.setGeometry(new Point(coordinate));
      if (!this.#overlaySource.hasFeature(this.#snapIndicator)) this.#overlaySource.addFeature(this.#snapIndicator);
    } else if (this.#overlaySource.hasFeature(this.#snapIndicator)) {
      this.#overlaySource.removeFeature(this.#snapIndicator);
    }
  }

  // Styles

  #markStyle(feature: Feature): Style | undefined {
    const key = String(feature.getId());
    const highlighted = this.#highlighted.has(key);
    const merging = this.#mergeWith.has(key);
    const value = this.population?.get(key);
    const small = value !== undefined && value < this.#minPopulation;
    const far = value !== undefined && !small && this.#isFar(value);
    if (!highlighted && !merging && !small && !far) return undefined;
    const warning = this.#colours.warning;
    return new Style({
      fill: merging ? new Fill({ color: 'rgba(84, 39, 143, 0.25)' }) : small ? new Fill({ color: hexWithAlpha(warning, 0.3) }) : undefined,
      // Far from the target is common (a third of Berlin's Planungsräume with a target of 5,000), so it is a thin
      // dashed line; too few residents is rare and filled.
      stroke: new Stroke({
        color: highlighted || merging ? this.#colours.accent : far ? hexWithAlpha(warning, 0.75) : warning,
        width: highlighted ? 4 : small ? 2.5 : 1.25,
        ...(far && !highlighted && !merging ? { lineDash: [4, 4] } : {}),
      }),
    });
  }

  #overlayStyle(feature: Feature): Style {
    const kind = feature.get('kind');
    if (kind === 'snap') {
      return new Style({ image: new CircleStyle({ radius: 7, stroke: new Stroke({ color: this.#colours.accent, width: 2.5 }), fill: new Fill({ color: 'rgba(255, 255, 255, 0.7)' }) }) });
    }
    return new Style({ image: new CircleStyle({ radius: kind === 'pin-preview' ? 8 : 7, fill: new Fill({ color: this.#colours.accent }), stroke: new Stroke({ color: '#ffffff', width: 2 }) }) });
  }

  get #minPopulation(): number {
    const value = Number(this.#host.element.minPopulation);
    return Number.isFinite(value) ? value : 1000;
  }

  get #targetPopulation(): number {
    const value = Number(this.#host.element.targetPopulation);
    return Number.isFinite(value) && value > 0 ? value : 5000;
  }

  #isFar(value: number): boolean {
    return Math.abs(value - this.#targetPopulation) / this.#targetPopulation > BALANCE_TOLERANCE;
  }

  // Population

  async #loadPopulation(): Promise<void> {
    const element = this.#host.element;
    if (element.grid) {
      const value = element.value?.trim() || 'Einwohner';
      const source = sourceName(element.grid);
      this.#populationNote = (t) => t.populationLoading;
      this.#host.requestUpdate();
      // Read in a worker, as the aggregator does; the pool falls back to the main thread where workers are not allowed.
      const pool = new WorkerPool({ size: 1 });
      try {
        const bytes = await fetchBytes(element.grid, { signal: this.#host.signal });
        const buffer = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? (bytes.buffer as ArrayBuffer) : bytes.slice().buffer;
        const zensus = await pool.run('zensus-grid', { bytes: buffer, source, value }, { signal: this.#host.signal, transfer: [buffer] });
        const grid: PopulationGrid = { grid: zensus.grid, values: zensus.values, nodata: zensus.nodata, estimated: zensus.estimated, source };
        this.#grid = grid;
        this.#populationOf = (areas) => populationOfGeometries(grid, areas, this.#crs);
        this.#populationNote = (t) => t.populationFromGrid(source, value);
        this.#populationEstimated = zensus.estimated;
      } catch (error) {
        this.#populationNote = (t) => t.populationFailed;
        this.#host.emitError(error, source);
      } finally {
        pool.dispose();
      }
    } else if (element.populationColumn) {
      const column = element.populationColumn;
      const join = this.#state.join;
      const values = new Map<string, number>();
      const decimal = this.#state.table?.decimalSeparator ?? '.';
      for (const [key, row] of join?.rowsByKey ?? []) {
        const value = row[column] === undefined ? null : parseNumber(row[column]!, decimal);
        if (value !== null) values.set(key, value);
      }
      const base = this.#base;
      // Residents of a new shape: each original area's residents spread evenly over its area, summed over the overlap.
      this.#populationOf = (areas) => {
        const target: AreaCollection = { source: 'edited', crs: this.#crs, idField: 'key', nameField: undefined, features: areas.map(({ key, geometry }) => ({ type: 'Feature', properties: { key }, geometry })), ids: areas.map(({ key }) => key), issues: [] };
        const overlay = overlayAreas(base, target);
        const result = new Map<string, number>(areas.map(({ key }) => [key, 0]));
        for (const piece of overlay.pieces) {
          const total = overlay.sourceTotals.get(piece.source)?.area ?? 0;
          const value = values.get(piece.source);
          if (value !== undefined && total > 0) result.set(piece.target, result.get(piece.target)! + (value * piece.area) / total);
        }
        return result;
      };
      this.population = values;
      this.#populationNote = (t) => t.populationFromTable(column);
      this.#marksLayer.changed();
      return;
    } else {
      this.#populationNote = (t) => t.populationNone;
      return;
    }
    this.#recomputeAllPopulation();
  }

  #recomputeAllPopulation(): void {
    if (!this.#populationOf) return;
    const areas = this.editor.topology.areas.flatMap((area) => (area ? [{ key: area.key, geometry: this.editor.geometry(area.key)! }] : []));
    // Unchanged areas keep their table values; only a grid gives every area its value from geometry.
    if (this.#grid || !this.population) this.population = this.#populationOf(areas);
    else this.#updatePopulation({ label: '', changed: areas.map((area) => area.key).filter((key) => !this.#base.ids.includes(key) || !sameGeometry(this.#base, key, this.editor.geometry(key)!)), added: [], removed: [] });
    this.#marksLayer.changed();
  }

  #updatePopulation(result: EditResult): Map<string, number> {
    if (!this.#populationOf || !this.population) return new Map();
    for (const key of result.removed) this.population.delete(key);
    const live = this.#liveKeys();
    for (const key of [...this.population.keys()]) if (!live.has(key)) this.population.delete(key);
    const keys = [...new Set([...result.changed, ...result.added])].filter((key) => live.has(key));
    const fresh = this.#populationOf(keys.map((key) => ({ key, geometry: this.editor.geometry(key)! })));
    for (const [key, value] of fresh) this.population.set(key, value);
    this.#marksLayer.changed();
    return fresh;
  }

  // Checks

  #validateOptions() {
    return {
      ...(this.population ? { population: this.population } : {}),
      minPopulation: this.#minPopulation,
      targetPopulation: this.#targetPopulation,
    };
  }

  #validateAll(): void {
    if (this.#host.signal.aborted) return;
    this.#checking = true;
    this.#host.requestUpdate();
    try {
      const collection = this.editor.toFeatureCollection();
      const ids = collection.features.map((feature) => String(feature.properties![this.editor.topology.idField]));
      this.findings = validateAreas({ crs: this.#crs, idField: this.editor.topology.idField, features: collection.features, ids }, this.#validateOptions());
    } finally {
      this.#checking = false;
      this.#host.requestUpdate();
    }
  }

  /** Checks the changed areas and their neighbours, and replaces the findings that concerned them. */
  #validateAround(keys: string[], removed: string[]): void {
    const neighbours = this.#neighbourMap();
    const around = new Set(keys);
    for (const key of keys) for (const neighbour of neighbours.get(key) ?? []) around.add(neighbour);
    const collection = this.editor.toFeatureCollection();
    const idField = this.editor.topology.idField;
    const features = collection.features.filter((feature) => around.has(String(feature.properties![idField])));
    const ids = features.map((feature) => String(feature.properties![idField]));
    let local = validateAreas({ crs: this.#crs, idField, features, ids }, this.#validateOptions());
    // A subset of the areas can enclose an area outside it; such a "gap" is that area, not a gap.
    local = local.filter((finding) => finding.type !== 'gap' || this.#state.areasSource.getFeaturesAtCoordinate(this.#toView(finding.location)).length === 0);
    const concerned = new Set([...keys, ...removed]);
    this.findings = [...this.findings.filter((finding) => !finding.ids.some((id) => concerned.has(id))), ...local.filter((finding) => finding.ids.some((id) => concerned.has(id)))];
  }

  #neighbourMap(): Map<string, string[]> {
    this.#neighbours ??= topologyNeighbours(this.editor.topology);
    return this.#neighbours;
  }

  #showFinding(finding: CoverageFinding): void {
    const view = this.#state.olMap.getView();
    const feature = finding.ids[0] ? this.#state.areasSource.getFeatureById(finding.ids[0]) : null;
    const extent = feature?.getGeometry()?.getExtent();
    if (extent && finding.type !== 'gap' && finding.type !== 'overlap' && finding.type !== 'self-intersection') view.fit(extent, { padding: [40, 40, 40, 40], duration: 250 });
    else view.animate({ center: this.#toView(finding.location), zoom: Math.max(view.getZoom() ?? 0, 14), duration: 250 });
    if (finding.ids[0] && feature) this.#host.state()?.select(finding.ids[0]);
    this.#showIndicator(this.#toView(finding.location));
  }

  // Barriers

  async #loadBarriers(): Promise<void> {
    const url = this.#host.element.barriers;
    this.#barrierSource.clear();
    this.#barrierLines = [];
    this.#barrierNote = (t) => t.noBarrier;
    if (!url) return;
    try {
      const bytes = await fetchBytes(url, { signal: this.#host.signal });
      const collection = asFeatureCollection(JSON.parse(decodeText(bytes)), sourceName(url));
      const crs = declaredCrs(collection) ?? 'EPSG:4326';
      const model = crs === this.#crs ? collection : reprojectCollection(collection, crs, this.#crs);
      const lines: Position[][] = [];
      for (const feature of model.features) {
        // Lines as they are; polygons (blocks, water bodies, the boundaries of another version) by their outlines.
        const geometry = feature.geometry as GeoLineString | MultiLineString | Polygon | MultiPolygon | null;
        if (geometry?.type === 'LineString') lines.push(geometry.coordinates);
        else if (geometry?.type === 'MultiLineString') lines.push(...geometry.coordinates);
        else if (geometry?.type === 'Polygon') lines.push(...geometry.coordinates);
        else if (geometry?.type === 'MultiPolygon') lines.push(...geometry.coordinates.flat());
      }
      this.#barrierLines = lines;
      const features = lines.map((line) => new Feature(this.#format.readGeometry({ type: 'LineString', coordinates: line }, { dataProjection: this.#crs, featureProjection: this.#state.projection }) as Geometry));
      this.#barrierSource.addFeatures(features);
      this.#barrierNote = (t) => t.barrierLoaded(lines.length);
    } catch (error) {
      this.#barrierNote = (t) => t.barrierFailed;
      this.#host.emitError(error, sourceName(url));
    }
  }

  // Storage

  #save(options: { withVersions?: boolean } = {}): void {
    const session: SavedSession = {
      key: this.#storageKey,
      savedAt: new Date().toISOString(),
      state: this.editor.toJSON(),
      versions: this.versions,
      comments: this.comments,
    };
    // Saves run one after the other, so that an older state never overwrites a newer one.
    this.#saving = this.#saving.then(() => saveSession(session, options)).catch((error: unknown) => {
      this.#announce(this.#t.saveFailed(error instanceof Error ? error.message : String(error)));
    });
  }

  #restore(): void {
    const saved = this.#pendingRestore;
    if (!saved) return;
    this.#pendingRestore = undefined;
    try {
      this.editor = TopologyEditor.fromJSON(saved.state);
    } catch (error) {
      this.#host.emitError(error);
      return;
    }
    this.versions = saved.versions;
    this.comments = saved.comments;
    this.#drawPins();
    this.#replaced('restore', this.#t.restored(this.editor.history.length));
  }

  #discard(): void {
    this.#pendingRestore = undefined;
    void deleteSession(this.#storageKey).catch(() => undefined);
    this.#replaced('discard', this.#t.discarded);
  }

  /** After the whole session changed (restore, discard, import): everything is drawn and computed again. */
  #replaced(operation: Operation, message: string): void {
    this.#vertexView = undefined;
    this.#neighbours = undefined;
    const keys = [...this.#liveKeys()];
    this.#syncFeatures(keys);
    this.#recomputeAllPopulation();
    this.#applyTool();
    this.#live = [];
    this.#announce(message);
    // The prompt's buttons are gone; the focus goes to the toolbar rather than to the page's start.
    if (operation === 'restore' || operation === 'discard') {
      void this.#host.element.updateComplete.then(() => this.#host.element.shadowRoot?.querySelector<HTMLButtonElement>('[data-tool]')?.focus());
    }
    this.#host.emit<AreasChangeDetail>('sozialraum-areas-change', { operation, label: operation, ids: keys, changed: keys, added: [], removed: [], population: this.population ? Object.fromEntries(this.population) : {} });
    this.#host.requestUpdate();
    setTimeout(() => this.#validateAll(), 0);
  }

  // Versions and comparison

  async saveVersion(name?: string): Promise<void> {
    const title = name?.trim() || this.#t.versionDefault(this.versions.length + 1);
    const version: EditorVersion = { name: title, savedAt: new Date().toISOString(), topology: structuredClone(this.editor.topology) };
    this.versions = [...this.versions, version];
    this.#save({ withVersions: true });
    this.#announce(this.#t.versionSaved(title));
    this.#host.emit<VersionSaveDetail>('sozialraum-version-save', { name: title, savedAt: version.savedAt, areas: this.#liveKeys().size });
    if (this.editor.canUndo) this.#pushToMap();
    this.#host.requestUpdate();
    await this.#saving;
  }

  /**
   * Gives the map the edited areas as its `areas`, so that its own property (and what it shares with the table and
   * choropleth as `state.areas`) matches what the user saved or exported. The map reloads and fits its view to the
   * areas; the view the user was looking at is put back once the map has drawn them.
   */
  #pushToMap(): void {
    const map = this.#map as (HTMLElement & { areas?: FeatureCollection }) | null;
    if (!map) return;
    const view = this.#state.olMap.getView();
    const [center, resolution] = [view.getCenter(), view.getResolution()];
    map.addEventListener(
      'sozialraum-data-load',
      () => {
        if (center) view.setCenter(center);
        if (resolution) view.setResolution(resolution);
      },
      { once: true, signal: this.#host.signal },
    );
    map.areas = this.toFeatureCollection();
  }

  /**
   * Makes a saved version the current state, as one undoable step: a patch from the current arcs and areas to the
   * version's, so that undo gives back exactly what was there.
   */
  adoptVersion(name: string): void {
    const version = this.versions.find((candidate) => candidate.name === name);
    if (!version) return;
    const current = this.editor.topology;
    const target = structuredClone(version.topology);
    const entries = <T>(before: readonly T[], after: readonly T[]): [number, T | null, T | null][] => {
      const result: [number, T | null, T | null][] = [];
      for (let i = 0; i < Math.max(before.length, after.length); i += 1) {
        const [a, b] = [before[i] ?? null, after[i] ?? null];
        if (JSON.stringify(a) !== JSON.stringify(b)) result.push([i, a, b]);
      }
      return result;
    };
    const patch: TopologyPatch = {
      label: `adopt version "${name}"`,
      text: message(`adopt version "${name}"`, `Fassung „${name}“ übernommen`),
      arcs: entries(current.arcs, target.arcs),
      areas: entries(current.areas, target.areas),
      arcCount: [current.arcs.length, target.arcs.length],
      areaCount: [current.areas.length, target.areas.length],
    };
    this.#run('adopt', () => this.editor.apply(patch));
  }

  compare(from: string | null, to: string | null): VersionComparison | undefined {
    const topologyOf = (name: string | null): Topology | undefined => (name === null ? this.editor.topology : this.versions.find((version) => version.name === name)?.topology);
    const a = topologyOf(from);
    const b = topologyOf(to);
    if (!a || !b) return undefined;
    const collectionOf = (topology: Topology, name: string): AreaCollection => {
      const features = topologyToFeatureCollection(topology).features;
      return { source: name, crs: topology.crs, idField: topology.idField, nameField: topology.nameField, features, ids: features.map((feature) => String(feature.properties![topology.idField])), issues: [] };
    };
    const fromName = from ?? this.#t.current;
    const toName = to ?? this.#t.current;
    const first = collectionOf(a, fromName);
    const second = collectionOf(b, toName);
    const signature = (collection: AreaCollection) => new Map(collection.features.map((feature, index) => [collection.ids[index]!, JSON.stringify(feature.geometry)]));
    const properties = (collection: AreaCollection) => new Map(collection.features.map((feature, index) => [collection.ids[index]!, JSON.stringify(feature.properties)]));
    const [before, after] = [signature(first), signature(second)];
    const [namesBefore, namesAfter] = [properties(first), properties(second)];
    const candidates = [...new Set([...before.keys(), ...after.keys()])].filter((key) => before.get(key) !== after.get(key) || namesBefore.get(key) !== namesAfter.get(key));
    const candidateSet = new Set(candidates);
    const subset = (collection: AreaCollection): AreaCollection => {
      const indices = collection.ids.flatMap((id, index) => (candidateSet.has(id) ? [index] : []));
      return { ...collection, features: indices.map((index) => collection.features[index]!), ids: indices.map((index) => collection.ids[index]!) };
    };
    // Only areas whose coordinates differ can have given or taken area; the overlay of those alone is exact and fast.
    const overlay = candidates.length > 0 ? overlayAreas(subset(first), subset(second), this.#grid ? { population: this.#grid } : {}) : undefined;
    // A neighbour of a split gains a vertex where the line met its edge, without changing shape: the same area in
    // both versions and all of it overlapping itself is no change.
    const same = (key: string) => {
      if (namesBefore.get(key) !== namesAfter.get(key)) return false;
      const a = overlay?.sourceTotals.get(key)?.area;
      const b = overlay?.targetTotals.get(key)?.area;
      const self = overlay?.pieces.find((piece) => piece.source === key && piece.target === key)?.area;
      if (a === undefined || b === undefined || self === undefined) return false;
      const tolerance = 0.01 + 1e-9 * a;
      return Math.abs(a - b) <= tolerance && Math.abs(a - self) <= tolerance;
    };
    const changed = candidates.filter((key) => !same(key));
    const changedSet = new Set(changed);
    const moved = (overlay?.pieces ?? [])
      .filter((piece) => piece.source !== piece.target && piece.area > 0.01)
      .map((piece) => ({ from: piece.source, to: piece.target, area_m2: piece.area, ...(piece.population !== undefined ? { residents: piece.population } : {}) }))
      .sort((x, y) => y.area_m2 - x.area_m2);
    const comparison: VersionComparison = { from: fromName, to: toName, changed, moved };
    this.#comparison = comparison;
    this.#compared = { overlay, firstIds: first.ids, secondIds: second.ids, changed };
    this.#carried = undefined;
    this.#highlighted = changedSet;
    this.#marksLayer.changed();
    this.#announce(this.#t.compared(changed.length));
    this.#host.requestUpdate();
    return comparison;
  }

  /** The columns of the map's table that a comparison can carry (core's carryChoices), worked out once per table. */
  carryChoices(): CarryChoice[] {
    const state = this.#host.state();
    const table = state?.table;
    const keyColumn = state?.join?.keyColumn;
    if (!table || !keyColumn) return [];
    const spec = state.thematic?.result.spec;
    const language = this.#host.language();
    const cached = this.#choices;
    if (cached?.table === table && cached.spec === spec && cached.language === language) return cached.choices;
    const choices = carryChoicesOf(table, { keyColumn, language, ...(spec ? { spec } : {}) });
    this.#choices = { table, spec, language, choices };
    return choices;
  }

  /**
   * Carries a column of the map's table (see `carryChoices`) through the last comparison, from the first version's
   * areas to the second's (core's carryComparison), and shows it below the comparison. Undefined without a
   * comparison; a column that cannot be carried is refused with a message naming it and the choices.
   */
  carry(column: string | null): ComparisonCarry | undefined {
    const compared = this.#compared;
    const state = this.#host.state();
    const table = state?.table;
    const keyColumn = state?.join?.keyColumn;
    this.#carried = undefined;
    this.#host.requestUpdate();
    if (column === null || !compared || !table || !keyColumn) return undefined;
    const choices = this.carryChoices();
    const choice = choices.find((candidate) => candidate.column === column);
    if (!choice) {
      const names = choices.map((candidate) => candidate.column).join(', ');
      this.#host.emitError(
        new SozialraumError(
          'unknown-field',
          message(`"${column}" is not a count or rate that can be carried; the choices are ${names || 'none'}`, `„${column}“ ist keine übertragbare Anzahl oder Quote; möglich sind ${names || 'keine'}`),
          { source: table.source },
        ),
      );
      return undefined;
    }
    this.#carried = carryComparison(compared.overlay, table, { keyColumn, choice, firstIds: compared.firstIds, secondIds: compared.secondIds, changed: compared.changed });
    this.#announce(this.#t.carried(choice.label));
    return this.#carried;
  }

  // Comments and pins

  #placePin(event: MapBrowserEvent): void {
    if (this.#host.element.tool !== 'comment' || this.#pendingRestore) return;
    const [x, y] = this.#toModel(event.coordinate);
    this.#setPendingPin([x!, y!]);
    this.#announce(this.#t.commentPinPlaced);
    void this.#host.element.updateComplete.then(() => this.#host.element.shadowRoot?.querySelector<HTMLTextAreaElement>('textarea[name="comment"]')?.focus());
  }

  #setPendingPin(position: [number, number] | undefined): void {
    if (position === this.#pendingPin) return;
    this.#pendingPin = position;
    if (position) {
      this.#pinPreview.setGeometry(new Point(this.#toView(position)));
      if (!this.#overlaySource.hasFeature(this.#pinPreview)) this.#overlaySource.addFeature(this.#pinPreview);
    } else if (this.#overlaySource.hasFeature(this.#pinPreview)) {
      this.#overlaySource.removeFeature(this.#pinPreview);
    }
    this.#host.requestUpdate();
  }

  #addComment(form: HTMLFormElement): void {
    const text = String(new FormData(form).get('comment') ?? '').trim();
    if (!text) return;
    const areaKey = this.#pendingPin ? undefined : this.#selected();
    if (!this.#pendingPin && !areaKey) return this.#announce(this.#t.selectFirst);
    const comment: EditorComment = { id: `c${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`, text, createdAt: new Date().toISOString(), areaKey: areaKey ?? undefined, position: this.#pendingPin };
    this.comments = [...this.comments, comment];
    this.#setPendingPin(undefined);
    form.reset();
    this.#drawPins();
    this.#save();
    this.#announce(this.#t.commentSaved);
  }

  #deleteComment(id: string): void {
    this.comments = this.comments.filter((comment) => comment.id !== id);
    this.#drawPins();
    this.#save();
    this.#host.requestUpdate();
  }

  #drawPins(): void {
    for (const feature of this.#overlaySource.getFeatures()) if (feature.get('kind') === 'pin') this.#overlaySource.removeFeature(feature);
    for (const comment of this.comments) {
      if (!comment.position) continue;
      // The text is a feature property, never markup.
      const pin = new Feature({ geometry: new Point(this.#toView(comment.position)), kind: 'pin', text: comment.text });
      pin.setId(comment.id);
      this.#overlaySource.addFeature(pin);
    }
  }

  // Import and export

  /** The current areas in their CRS, with the legacy `crs` member (as the map reads it). */
  toFeatureCollection(): FeatureCollection {
    return { ...this.editor.toFeatureCollection(), crs: { type: 'name', properties: { name: this.#crs } } } as FeatureCollection;
  }

  async exportAreas(format: 'geojson' | 'fgb'): Promise<AreasExportDetail> {
    const collection = this.toFeatureCollection();
    const base = (sourceName(this.#storageKey).replace(/\.[^.]*$/, '') || 'sozialraeume').replace(/[^\p{L}\p{N}_-]+/gu, '_');
    const filename = `${base}-${this.#host.language() === 'en' ? 'edited' : 'bearbeitet'}.${format === 'fgb' ? 'fgb' : 'geojson'}`;
    let blob: Blob;
    if (format === 'fgb') {
      const { writeFlatGeobuf } = await import('./flatgeobuf-writer.js');
      blob = new Blob([writeFlatGeobuf(collection, this.#crs) as Uint8Array<ArrayBuffer>], { type: 'application/octet-stream' });
    } else {
      blob = new Blob([formatGeoJSON(collection, this.#crs)], { type: 'application/geo+json' });
    }
    const detail: AreasExportDetail = { format, filename, blob };
    if (this.#host.emit<AreasExportDetail>('sozialraum-areas-export', detail, { cancelable: true })) {
      const url = URL.createObjectURL(blob);
      const link = document.createElement('a');
      link.href = url;
      link.download = filename;
      link.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    }
    if (this.editor.canUndo) this.#pushToMap();
    this.#announce(this.#t.exported(filename));
    return detail;
  }

  async #readImport(input: HTMLInputElement): Promise<void> {
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    try {
      const bytes = new Uint8Array(await file.arrayBuffer());
      const topology = this.editor.topology;
      const areas = await loadAreas(bytes, { source: file.name, idField: topology.idField, ...(topology.nameField ? { nameField: topology.nameField } : {}) });
      this.#pendingImport = { name: file.name, areas: inModelCrs(areas, this.#crs) };
      this.#host.requestUpdate();
      await this.#host.element.updateComplete;
      this.#host.element.shadowRoot?.querySelector<HTMLButtonElement>('.confirm button')?.focus();
    } catch (error) {
      this.#announce(`${this.#t.importFailed} ${messageText(error, this.#host.language())}`);
      this.#host.emitError(error, file.name);
    }
  }

  async #confirmImport(): Promise<void> {
    const pending = this.#pendingImport;
    if (!pending) return;
    this.#pendingImport = undefined;
    // The state before the import stays as a version, so an import is never a loss.
    await this.saveVersion(this.#t.beforeImport(pending.name));
    this.editor = new TopologyEditor(buildTopology(pending.areas).topology);
    this.#save();
    this.#replaced('import', this.#t.done.import(pending.name));
  }

  // Keyboard and announcements

  #onKeydown(event: KeyboardEvent): void {
    const target = event.composedPath()[0] as HTMLElement | undefined;
    if (target && (target.localName === 'input' || target.localName === 'textarea' || target.localName === 'select')) return;
    const key = event.key.toLowerCase();
    if (key === 'escape') {
      for (const draw of [this.#drawSplit, this.#drawCarve, this.#drawBarrier]) if (draw.getActive()) draw.abortDrawing();
      return;
    }
    if (!(event.ctrlKey || event.metaKey) || this.#pendingRestore) return;
    if (key === 'z' && !event.shiftKey) {
      event.preventDefault();
      this.undo();
    } else if ((key === 'z' && event.shiftKey) || key === 'y') {
      event.preventDefault();
      this.redo();
    }
  }

  #announce(text: string): void {
    // The same text twice in a row is read again only if it changes; a zero-width space makes it new.
    this.#status = this.#status === text ? `${text}\u200b` : text;
    this.#host.requestUpdate();
  }

  #selected(): string | null {
    const selected = this.#host.state()?.selectedId ?? null;
    return selected && this.editor.geometry(selected) ? selected : null;
  }

  /** "Name (key)" of a current or saved area, or the key alone. */
  /** A step's label in the editor's language where the model gave one (steps saved by older versions have English only). */
  #stepText(result: EditResult): string {
    return result.text?.[this.#host.language()] ?? result.label;
  }

  #labelOf(key: string): string {
    const name = this.#areaName(key) ?? this.versions.flatMap((version) => version.topology.areas).find((area) => area?.key === key)?.name;
    return name ? `${name} (${key})` : key;
  }

  #areaName(key: string): string | undefined {
    return this.editor.topology.areas.find((area) => area?.key === key)?.name;
  }

  // Rendering

  render(): TemplateResult {
    const t = this.#t;
    const element = this.#host.element;
    const tool = element.tool;
    const locked = this.#pendingRestore !== undefined;
    const steps = this.editor.steps(this.#host.language());
    const history = steps.done;
    const tools: EditorTool[] = ['select', 'split', 'merge', 'vertex', 'barrier', 'carve', 'rename', 'comment'];
    return html`
      <div class="panel" part="panel" role="region" aria-label=${t.title}>
        <h2>${t.title}</h2>
        ${this.#pendingRestore ? this.#renderRestore(this.#pendingRestore) : nothing}
        <div class="toolbar" part="toolbar" role="toolbar" aria-label=${t.toolbar}>
          ${tools.map(
            (name) => html`<button type="button" data-tool=${name} aria-pressed=${tool === name ? 'true' : 'false'} ?disabled=${locked} @click=${() => this.#setTool(name)}>${t.tools[name]}</button>`,
          )}
          <span class="separator" aria-hidden="true"></span>
          <button type="button" class="undo" ?disabled=${locked || !this.editor.canUndo} title=${history.length > 0 ? t.undoStep(history.at(-1)!) : t.nothingToUndo} @click=${() => this.undo()}>${t.undo}</button>
          <button type="button" class="redo" ?disabled=${locked || !this.editor.canRedo} title=${this.editor.canRedo ? t.redoStep(steps.undone[0]!) : t.nothingToRedo} @click=${() => this.redo()}>${t.redo}</button>
        </div>
        <p class="hint">${t.hints[tool] ?? ''}</p>
        ${this.#renderToolPanel(tool)}
        <p class="status" part="status" role="status" aria-live="polite">${this.#status}</p>
        <div class="sections">
          ${this.#renderLive()} ${this.#renderMarks()} ${this.#renderFindings()} ${this.#renderHistory()} ${this.#renderVersions()} ${this.#renderComments()}
          ${this.#renderExchange()}
        </div>
        <p class="note">${t.storageKey(this.#storageKey)}</p>
      </div>
    `;
  }

  #renderRestore(saved: SavedSession): TemplateResult {
    const t = this.#t;
    const when = new Intl.DateTimeFormat(t.numberLocale, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(saved.savedAt));
    return html`<div class="restore" part="restore" role="group" aria-labelledby="restore-text">
      <p id="restore-text">${t.restoreFound(saved.state.undo.length, saved.versions.length, saved.comments.length, when)}</p>
      <div class="row">
        <button type="button" class="restore-button" @click=${() => this.#restore()}>${t.restore}</button>
        <button type="button" class="discard-button" @click=${() => this.#discard()}>${t.discard}</button>
      </div>
    </div>`;
  }

  #renderToolPanel(tool: EditorTool): unknown {
    const t = this.#t;
    const selected = this.#selected();
    if (tool === 'merge') {
      if (!selected) return html`<p class="note">${t.selectFirst}</p>`;
      const neighbours = this.#neighbourMap().get(selected) ?? [];
      return html`<fieldset class="merge">
        <legend>${t.mergeBase(isolate(this.#areaName(selected) ?? selected), isolate(selected))} – ${t.mergeWith}</legend>
        ${neighbours.length === 0 ? html`<p class="note">${t.mergeNoNeighbours}</p>` : nothing}
        ${neighbours.map(
          (key) => html`<label class="check"
            ><input
              type="checkbox"
              name="merge"
              value=${key}
              .checked=${this.#mergeWith.has(key)}
              @change=${(event: Event) => {
                const input = event.target as HTMLInputElement;
                if (input.checked) this.#mergeWith.add(key);
                else this.#mergeWith.delete(key);
                this.#marksLayer.changed();
                this.#host.requestUpdate();
              }}
            /><span>${userText(this.#areaName(key) ?? key)} (${userText(key)})</span></label
          >`,
        )}
        <button type="button" class="merge-button" ?disabled=${this.#mergeWith.size === 0} @click=${() => this.#merge()}>${t.mergeButton(this.#mergeWith.size + 1)}</button>
      </fieldset>`;
    }
    if (tool === 'rename') {
      if (!selected) return html`<p class="note">${t.selectFirst}</p>`;
      return html`<form
        class="row rename"
        @submit=${(event: Event) => {
          event.preventDefault();
          this.#rename(event.target as HTMLFormElement);
        }}
      >
        <label>${t.renameKey}<input name="key" .value=${selected} autocomplete="off" /></label>
        <label>${t.renameName}<input name="name" .value=${this.#areaName(selected) ?? ''} autocomplete="off" /></label>
        <button type="submit">${t.renameButton}</button>
      </form>`;
    }
    if (tool === 'barrier') return html`<p class="note">${this.#barrierNote(t)}</p>`;
    if (tool === 'comment') {
      const target = this.#pendingPin ? t.pin : selected ? (this.#areaName(selected) ?? selected) : undefined;
      return html`<form
        class="row comment"
        @submit=${(event: Event) => {
          event.preventDefault();
          this.#addComment(event.target as HTMLFormElement);
        }}
      >
        <label>${t.commentText}<textarea name="comment" rows="2" cols="40"></textarea></label>
        <button type="submit" ?disabled=${!target}>${this.#pendingPin ? t.commentSave : target ? t.commentOnArea(isolate(target)) : t.selectFirst}</button>
        ${this.#pendingPin ? html`<button type="button" @click=${() => this.#setPendingPin(undefined)}>${t.cancel}</button>` : nothing}
      </form>`;
    }
    return nothing;
  }

  #formatNumber(value: number | undefined, digits = 0, signed = false): string {
    if (value === undefined) return '–';
    return new Intl.NumberFormat(this.#t.numberLocale, { maximumFractionDigits: digits, ...(signed ? { signDisplay: 'exceptZero' as const } : {}) }).format(value);
  }

  #renderLive(): TemplateResult {
    const t = this.#t;
    return html`<section part="live" class="live" aria-labelledby="live-title">
      <h3 id="live-title">${t.live}</h3>
      <p class="note">${this.#populationNote(t)}${this.#populationEstimated ? ` ${t.populationEstimated}` : ''}</p>
      ${this.#live.length === 0 || !this.population
        ? html`<p class="note">${t.liveEmpty}</p>`
        : html`<table>
            <thead>
              <tr><th scope="col">${t.area}</th><th scope="col" class="number">${t.residents}</th><th scope="col" class="number">${t.change}</th></tr>
            </thead>
            <tbody>
              ${this.#live.map(({ key, before, after }) => {
                const mark = after === undefined ? '' : after < this.#minPopulation ? 'small' : this.#isFar(after) ? 'far' : '';
                return html`<tr data-key=${key} class=${mark}>
                  <th scope="row">${userText(this.#areaName(key) ?? key)} (${userText(key)})</th>
                  <td class="number">${this.#formatNumber(after)}${mark ? html` <span class="visually-hidden">(${mark === 'small' ? t.small(this.#formatNumber(this.#minPopulation)) : t.far(this.#formatNumber(this.#targetPopulation))})</span>` : nothing}</td>
                  <td class="number">${after !== undefined && before !== undefined ? this.#formatNumber(after - before, 0, true) : '–'}</td>
                </tr>`;
              })}
            </tbody>
          </table>`}
    </section>`;
  }

  #renderMarks(): TemplateResult {
    const t = this.#t;
    const population = this.population;
    const small: [string, number][] = [];
    const far: [string, number][] = [];
    for (const [key, value] of population ?? []) {
      if (value < this.#minPopulation) small.push([key, value]);
      else if (this.#isFar(value)) far.push([key, value]);
    }
    small.sort((a, b) => a[1] - b[1]);
    far.sort((a, b) => Math.abs(b[1] - this.#targetPopulation) - Math.abs(a[1] - this.#targetPopulation));
    const entries = [...small.map((entry) => [...entry, 'small'] as const), ...far.map((entry) => [...entry, 'far'] as const)];
    return html`<section part="marks" class="marks" aria-labelledby="marks-title">
      <h3 id="marks-title">${t.marks} (${small.length} ${t.small(this.#formatNumber(this.#minPopulation))}, ${far.length} ${t.far(this.#formatNumber(this.#targetPopulation))})</h3>
      ${!population ? html`<p class="note">${this.#populationNote(t)}</p>` : entries.length === 0 ? html`<p class="note">${t.marksNone}</p>` : nothing}
      <ul>
        ${entries.slice(0, LIST_LIMIT).map(
          ([key, value, kind]) => html`<li data-key=${key} class=${kind}>
            <button type="button" class="link" @click=${() => this.#showFinding({ type: kind === 'small' ? 'small-population' : 'unbalanced', ids: [key], area_m2: 0, location: [0, 0], message: '', text: { en: '', de: '' } })}>${userText(this.#areaName(key) ?? key)} (${userText(key)})</button>:
            ${this.#formatNumber(value)} <span class="badge">${kind === 'small' ? t.small(this.#formatNumber(this.#minPopulation)) : t.far(this.#formatNumber(this.#targetPopulation))}</span>
          </li>`,
        )}
        ${entries.length > LIST_LIMIT ? html`<li>${t.findingsMore(entries.length - LIST_LIMIT)}</li>` : nothing}
      </ul>
    </section>`;
  }

  #renderFindings(): TemplateResult {
    const t = this.#t;
    // Population findings are listed with the marks; here the shape of the partition.
    const findings = this.findings.filter((finding) => finding.type !== 'small-population' && finding.type !== 'unbalanced' && finding.type !== 'large-population');
    return html`<section part="findings" class="findings" aria-labelledby="findings-title">
      <h3 id="findings-title">${t.findings} (${findings.length})</h3>
      ${this.#checking ? html`<p class="note">${t.findingsChecking}</p>` : findings.length === 0 ? html`<p class="note">${t.findingsNone}</p>` : nothing}
      <ul>
        ${findings.slice(0, LIST_LIMIT).map(
          (finding) => html`<li data-type=${finding.type}>
            <button type="button" class="link" title=${messageText(finding, this.#host.language())} @click=${() => this.#showFinding(finding)}>${t.showFinding(t.findingTypes[finding.type] ?? finding.type, finding.ids.join(', '))}</button>
          </li>`,
        )}
        ${findings.length > LIST_LIMIT ? html`<li>${t.findingsMore(findings.length - LIST_LIMIT)}</li>` : nothing}
      </ul>
    </section>`;
  }

  #renderHistory(): TemplateResult {
    const t = this.#t;
    const { done, undone } = this.editor.steps(this.#host.language());
    return html`<section part="history" class="history" aria-labelledby="history-title">
      <h3 id="history-title">${t.history}</h3>
      ${done.length + undone.length === 0 ? html`<p class="note">${t.historyEmpty}</p>` : nothing}
      <ol>
        <li class=${done.length === 0 ? 'current' : ''}>${t.original}</li>
        ${done.map((label, index) => html`<li class=${index === done.length - 1 ? 'current' : ''} aria-current=${index === done.length - 1 ? 'step' : 'false'}>${userText(label, true)}</li>`)}
        ${undone.map((label) => html`<li class="undone"><s>${userText(label, true)}</s></li>`)}
      </ol>
    </section>`;
  }

  #renderVersions(): TemplateResult {
    const t = this.#t;
    const options = (selected: string) => html`<option value="" ?selected=${selected === ''}>${t.current}</option>
      ${this.versions.map((version) => html`<option value=${version.name} ?selected=${selected === version.name}>${version.name}</option>`)}`;
    const comparison = this.#comparison;
    return html`<section part="versions" class="versions" aria-labelledby="versions-title">
      <h3 id="versions-title">${t.versions}</h3>
      <form
        class="row save-version"
        @submit=${(event: Event) => {
          event.preventDefault();
          const form = event.target as HTMLFormElement;
          void this.saveVersion(String(new FormData(form).get('name') ?? ''));
          form.reset();
        }}
      >
        <label>${t.versionName}<input name="name" autocomplete="off" /></label>
        <button type="submit" ?disabled=${this.#pendingRestore !== undefined}>${t.versionSave}</button>
      </form>
      ${this.versions.length === 0
        ? html`<p class="note">${t.versionsNone}</p>`
        : html`<ul>
              ${this.versions.map(
                (version) =>
                  html`<li>
                    ${userText(version.name)} <span class="note">(${new Intl.DateTimeFormat(t.numberLocale, { dateStyle: 'short', timeStyle: 'short' }).format(new Date(version.savedAt))})</span>
                    <button type="button" class="link adopt" ?disabled=${this.#pendingRestore !== undefined} @click=${() => this.adoptVersion(version.name)}>${t.adopt(isolate(version.name))}</button>
                  </li>`,
              )}
            </ul>
            <form
              class="row compare"
              @submit=${(event: Event) => {
                event.preventDefault();
                const data = new FormData(event.target as HTMLFormElement);
                const pick = (name: string) => (String(data.get(name) ?? '') || null);
                this.compare(pick('from'), pick('to'));
              }}
            >
              <label>${t.compareFrom}<select name="from">${options(comparison?.from && comparison.from !== t.current ? comparison.from : this.versions[0]!.name)}</select></label>
              <label>${t.compareTo}<select name="to">${options(comparison?.to && comparison.to !== t.current ? comparison.to : '')}</select></label>
              <button type="submit">${t.compare}</button>
            </form>`}
      ${comparison ? this.#renderComparison(comparison) : nothing}
    </section>`;
  }

  #renderComparison(comparison: VersionComparison): TemplateResult {
    const t = this.#t;
    return html`<div class="comparison">
      <p><strong>${t.comparison(isolate(comparison.from), isolate(comparison.to))}</strong></p>
      ${comparison.changed.length === 0
        ? html`<p class="note">${t.comparisonNone}</p>`
        : html`<p>${t.changedAreas(comparison.changed.length, comparison.changed.join(', '))}</p>
            <table class="moved">
              <thead>
                <tr>
                  <th scope="col">${t.movedFrom}</th>
                  <th scope="col">${t.movedTo}</th>
                  <th scope="col" class="number">${t.movedArea}</th>
                  ${this.#grid ? html`<th scope="col" class="number">${t.movedResidents}</th>` : nothing}
                </tr>
              </thead>
              <tbody>
                ${comparison.moved.map(
                  (move) => html`<tr>
                    <td>${userText(this.#labelOf(move.from))}</td>
                    <td>${userText(this.#labelOf(move.to))}</td>
                    <td class="number">${this.#formatNumber(move.area_m2)}</td>
                    ${this.#grid ? html`<td class="number">${this.#formatNumber(move.residents, 1)}</td>` : nothing}
                  </tr>`,
                )}
              </tbody>
            </table>
            ${this.#renderCarry()}`}
    </div>`;
  }

  #renderCarry(): TemplateResult | typeof nothing {
    const t = this.#t;
    const choices = this.carryChoices();
    if (choices.length === 0) return nothing;
    const carried = this.#carried;
    const value = (number: number | null, rate: boolean) => (number === null ? '–' : this.#formatNumber(number, rate ? 1 : 0));
    const rate = carried ? choices.find((choice) => choice.column === carried.column)?.rate !== undefined : false;
    return html`<label class="carry"
        >${t.carry}
        <select @change=${(event: Event) => this.carry((event.target as HTMLSelectElement).value || null)}>
          <option value="" ?selected=${!carried}>${t.carryChoose}</option>
          ${choices.map((choice) => html`<option value=${choice.column} ?selected=${carried?.column === choice.column}>${choice.rate ? t.carryRate(choice.label) : choice.label}</option>`)}
        </select></label
      >
      ${carried
        ? html`<table class="carried">
              <caption>
                ${userText(carried.label)}
              </caption>
              <thead>
                <tr>
                  <th scope="col">${t.carryArea}</th>
                  <th scope="col" class="number">${t.carryBefore}</th>
                  <th scope="col" class="number">${t.carryAfter}</th>
                  <th scope="col" class="number">${t.carrySplit}</th>
                </tr>
              </thead>
              <tbody>
                ${carried.rows.map(
                  (row) => html`<tr data-id=${row.id}>
                    <th scope="row">${userText(this.#labelOf(row.id))}</th>
                    <td class="number">${value(row.before, rate)}</td>
                    <td class="number">${value(row.after, rate)}</td>
                    <td class="number">${row.splitShare === null ? '–' : `${this.#formatNumber(row.splitShare * 100)} %`}</td>
                  </tr>`,
                )}
              </tbody>
            </table>
            <p class="note">${t.carryBy(carried.weighting === 'population')}</p>
            ${carried.total ? html`<p class="note carry-total">${t.carryTotal(value(carried.total.before, false), value(carried.total.after, false))}</p>` : nothing}
            ${carried.missing.length > 0 ? html`<p class="note">${t.carryMissing(carried.missing.join(', '))}</p>` : nothing}`
        : nothing}`;
  }

  #renderComments(): TemplateResult {
    const t = this.#t;
    return html`<section part="comments" class="comments" aria-labelledby="comments-title">
      <h3 id="comments-title">${t.comments}</h3>
      ${this.comments.length === 0 ? html`<p class="note">${t.commentsNone}</p>` : nothing}
      <ul>
        ${this.comments.map(
          (comment) => html`<li>
            <span class="comment-text">${userText(comment.text, true)}</span>
            <span class="note">${t.commentWhere(comment.areaKey ? `${isolate(this.#areaName(comment.areaKey) ?? comment.areaKey)} (${isolate(comment.areaKey)})` : t.pin)}</span>
            <button type="button" class="link" @click=${() => this.#deleteComment(comment.id)}>${t.deleteComment}</button>
          </li>`,
        )}
      </ul>
    </section>`;
  }

  #renderExchange(): TemplateResult {
    const t = this.#t;
    return html`<section part="exchange" class="exchange" aria-labelledby="exchange-title">
      <h3 id="exchange-title">${t.exchange}</h3>
      <div class="row">
        <button type="button" class="export-geojson" @click=${() => void this.exportAreas('geojson')}>${t.exportGeoJson}</button>
        <button type="button" class="export-fgb" @click=${() => void this.exportAreas('fgb')}>${t.exportFlatGeobuf}</button>
      </div>
      <label>${t.importFile}<input type="file" accept=".geojson,.json,.fgb,application/geo+json" @change=${(event: Event) => void this.#readImport(event.target as HTMLInputElement)} /></label>
      ${this.#pendingImport
        ? html`<div class="confirm" role="group" aria-labelledby="import-text">
            <p id="import-text">${t.importConfirm(isolate(this.#pendingImport.name), this.#pendingImport.areas.features.length)}</p>
            <div class="row">
              <button type="button" @click=${() => void this.#confirmImport()}>${t.importReplace}</button>
              <button
                type="button"
                @click=${() => {
                  this.#pendingImport = undefined;
                  this.#host.requestUpdate();
                }}
              >
                ${t.importCancel}
              </button>
            </div>
          </div>`
        : nothing}
    </section>`;
  }
}

/**
 * The model's refusals (EditError) say in both languages what went wrong where; the element puts why in general
 * before each, and keeps `message` as the model wrote it, so `sozialraum-error` carries both as the other elements'
 * errors do.
 */
function withReason(error: unknown): unknown {
  if (!(error instanceof EditError)) return error;
  const [en, de] = [editorMessages('en').editErrors[error.code], editorMessages('de').editErrors[error.code]];
  return Object.assign(error, { text: message(`${en}: ${error.text.en}`, `${de}: ${error.text.de}`) });
}

/** A user-timing entry (DevTools' performance panel, `performance.getEntriesByName`) for the part of a step since `start`. */
function measure(name: string, start: number): void {
  performance.measure(name, { start, end: performance.now() });
}

function distanceToLine(point: Position, line: readonly Position[]): number {
  let best = Infinity;
  for (let i = 1; i < line.length; i += 1) best = Math.min(best, nearestOnSegment(point, line[i - 1]!, line[i]!).distance);
  return best;
}

function declaredCrs(collection: FeatureCollection): string | undefined {
  const name = (collection as { crs?: { properties?: { name?: string } } }).crs?.properties?.name;
  const match = name ? /EPSG:{1,2}(\d+)/.exec(name) : null;
  return match ? `EPSG:${match[1]}` : name && /CRS84/.test(name) ? 'EPSG:4326' : undefined;
}

function sameGeometry(base: AreaCollection, key: string, geometry: Polygon | MultiPolygon): boolean {
  const index = base.ids.indexOf(key);
  return index !== -1 && JSON.stringify(base.features[index]!.geometry) === JSON.stringify(geometry);
}

function hexWithAlpha(colour: string, alpha: number): string {
  const match = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(colour.trim());
  if (!match) return colour;
  return `rgba(${parseInt(match[1]!, 16)}, ${parseInt(match[2]!, 16)}, ${parseInt(match[3]!, 16)}, ${alpha})`;
}
