// The editor's hand on the map: the layers it adds, drawing, snapping and the shared-vertex drag, the live preview
// of a step in progress, the map's features kept equal to the topology, the area marks and the barrier lines.
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
import { Circle as CircleStyle, Fill, RegularShape, Stroke, Style, Text } from 'ol/style.js';
import { transform } from 'ol/proj.js';
import { noModifierKeys } from 'ol/events/condition.js';
import type { Coordinate } from 'ol/coordinate.js';
import type { EventsKey } from 'ol/events.js';
import { unByKey } from 'ol/Observable.js';
import type MapBrowserEvent from 'ol/MapBrowserEvent.js';
import type { FeatureCollection, LineString as GeoLineString, MultiLineString, MultiPolygon, Polygon, Position } from 'geojson';
import {
  applyPatch,
  asFeatureCollection,
  decodeText,
  describePatch,
  fetchBytes,
  messageText,
  moveVertex,
  nearestOnSegment,
  openRingBetween,
  reprojectCollection,
  reshapeAlongBarrier,
  sourceName,
  splitArea,
  type TopologyPatch,
} from '@sozialraum/core';
import { AREA_KEY } from '@sozialraum/element';
import { AreaPointer } from '@sozialraum/map';
import type { EditorMessages } from './i18n.js';
import { SharedVertexEvent, SharedVertexEventType, SharedVertexModify } from './shared-vertex-modify.js';
import { JUNCTION_SNAP, JunctionSnap, type JunctionSnapEvent } from './junction-snap.js';
import { sameGeometry, withReason } from './editor-model.js';
import type { EditorRuntime } from './editor-runtime.js';
import { areaLabelLayer, barrierStyles } from './orientation.js';

/** The feature property the map reads an area's name from (its key is under AREA_KEY). */
const AREA_NAME = 'sozialraum:name';

export class InteractionController {
  readonly r: EditorRuntime;
  readonly format = new GeoJSON();
  readonly marksLayer: VectorLayer<VectorSource>;
  readonly overlaySource = new VectorSource();
  readonly overlayLayer: VectorLayer<VectorSource>;
  readonly barrierSource = new VectorSource();
  readonly barrierLayer: VectorLayer<VectorSource>;
  readonly labelsLayer: VectorLayer<VectorSource>;
  readonly snapIndicator = new Feature<Point>();
  readonly drawSplit: Draw;
  readonly drawCarve: Draw;
  readonly drawBarrier: Draw;
  readonly vertexModify: SharedVertexModify;
  readonly snapJunctions: JunctionSnap;
  readonly snapAreas: Snap;
  readonly snapBarriers: Snap;
  colours = { accent: '#54278f', warning: '#b35806' };
  frame = 0;
  nextPreview: (() => void) | undefined;
  sketchKey: EventsKey | undefined;
  listenerKeys: EventsKey[] = [];
  vertexView: Float64Array | undefined;
  vertexModel: Position[] = [];
  /** The topology's junctions (where three or more edges meet) in view coordinates, made with `vertexView`. */
  junctionView: Float64Array = new Float64Array(0);
  barrierLines: Position[][] = [];
  barrierNote: (t: EditorMessages) => string = (t) => t.noBarrier;
  /** The refusal last said while dragging or drawing, so that it is said once. */
  saidWhileDrawing = '';
  /** Where the line of "follow barrier" being drawn began. */
  barrierStart: Coordinate | undefined;
  /** Areas marked by the last comparison. */
  highlighted = new Set<string>();

  constructor(runtime: EditorRuntime) {
    this.r = runtime;
    this.marksLayer = new VectorLayer({
      source: runtime.state.areasSource,
      style: (feature) => this.markStyle(feature as Feature),
      properties: { name: 'sozialraum-editor-marks' },
    });
    this.barrierLayer = new VectorLayer({
      source: this.barrierSource,
      style: barrierStyles(),
      properties: { name: 'sozialraum-editor-barriers' },
    });
    this.labelsLayer = areaLabelLayer(
      runtime.state.areasSource,
      (feature) => runtime.areaName(String(feature.getId())),
      () => `600 12px ${getComputedStyle(runtime.host.element).fontFamily || 'system-ui, sans-serif'}`,
    );
    this.overlayLayer = new VectorLayer({
      source: this.overlaySource,
      style: (feature) => this.overlayStyle(feature as Feature),
      properties: { name: 'sozialraum-editor-overlay' },
    });
    this.snapIndicator.set('kind', 'snap');

    const drawStyle = () =>
      new Style({
        stroke: new Stroke({ color: this.colours.accent, width: 2.5 }),
        fill: new Fill({ color: 'rgba(84, 39, 143, 0.12)' }),
        image: new CircleStyle({ radius: 4, fill: new Fill({ color: this.colours.accent }) }),
      });
    this.drawSplit = new Draw({ type: 'LineString', style: drawStyle() });
    this.drawCarve = new Draw({ type: 'Polygon', style: drawStyle() });
    this.drawBarrier = new Draw({
      type: 'LineString',
      maxPoints: 2,
      style: drawStyle(),
      // A double click on the first point is one click: the second would end the line where it began.
      condition: (event) => noModifierKeys(event) && !this.onBarrierStart(event),
    });
    this.vertexModify = new SharedVertexModify({ vertices: () => this.vertices() });
    this.snapJunctions = new JunctionSnap({ junctions: () => this.junctions(), pixelTolerance: 10 });
    this.snapAreas = new Snap({ source: runtime.state.areasSource, pixelTolerance: 10 });
    this.snapBarriers = new Snap({ source: this.barrierSource, pixelTolerance: 10 });
  }

  /** Adds the layers and interactions to the map and listens to them. */
  install(): void {
    const olMap = this.r.state.olMap;
    const style = getComputedStyle(this.r.host.element);
    this.colours = {
      accent: style.getPropertyValue('--sozialraum-editor-accent-color').trim() || this.colours.accent,
      warning: style.getPropertyValue('--sozialraum-editor-warning-color').trim() || this.colours.warning,
    };
    olMap.addLayer(this.barrierLayer);
    olMap.addLayer(this.marksLayer);
    olMap.addLayer(this.labelsLayer);
    olMap.addLayer(this.overlayLayer);
    // The order matters: OpenLayers hands events to the last interaction first, so the snaps come after the
    // interactions whose coordinates they snap, and the junctions before the snaps, to have the last word.
    // The snaps join when a tool first snaps (addSnaps): indexing every segment of a city's areas for snapping takes
    // longer than the rest of the start.
    for (const interaction of [this.drawSplit, this.drawCarve, this.drawBarrier, this.vertexModify]) {
      interaction.setActive(false);
      olMap.addInteraction(interaction);
    }
    this.listenerKeys.push(
      this.drawSplit.on('drawstart', (event) => this.watchSketch(event as DrawEvent, (line) => this.previewSplit(line))),
      this.drawSplit.on('drawend', (event) => this.finishSplit((event as DrawEvent).feature.getGeometry() as LineString)),
      this.drawSplit.on('drawabort', () => this.abortSketch()),
      this.drawCarve.on('drawend', (event) => this.finishCarve((event as DrawEvent).feature.getGeometry() as OlPolygon)),
      this.drawBarrier.on('drawstart', (event) => {
        this.watchSketch(event as DrawEvent, (line) => this.previewBarrier(line));
        this.barrierStart = ((event as DrawEvent).feature.getGeometry() as LineString).getFirstCoordinate();
      }),
      this.drawBarrier.on('drawend', (event) => this.finishBarrier((event as DrawEvent).feature.getGeometry() as LineString)),
      this.drawBarrier.on('drawabort', () => this.abortSketch()),
      this.vertexModify.on(SharedVertexEventType.HOVER as never, (event) => this.showIndicator((event as SharedVertexEvent).from)),
      this.vertexModify.on(SharedVertexEventType.DRAG as never, (event) => this.dragVertex(event as SharedVertexEvent)),
      this.vertexModify.on(SharedVertexEventType.END as never, (event) => this.dropVertex(event as SharedVertexEvent)),
      this.snapJunctions.on(JUNCTION_SNAP as never, (event) => this.showIndicator((event as JunctionSnapEvent).junction, 'junction')),
      this.snapAreas.on('snap' as never, (event) => this.showIndicator((event as SnapEvent).vertex)),
      this.snapAreas.on('unsnap' as never, () => this.showIndicator(null)),
      this.snapBarriers.on('snap' as never, (event) => this.showIndicator((event as SnapEvent).vertex)),
      this.snapBarriers.on('unsnap' as never, () => this.showIndicator(null)),
      olMap.on('singleclick', (event) => this.r.proposals.placePin(event as MapBrowserEvent)),
    );
    // Ctrl+Z and friends work wherever the focus is in the map and its children (the editor is one of them).
    (this.r.map ?? this.r.host.element).addEventListener('keydown', (event) => this.onKeydown(event as KeyboardEvent), { signal: this.r.host.signal });
    this.r.map?.addEventListener(
      'sozialraum-area-select',
      () => {
        this.r.mergeWith.clear();
        this.r.host.requestUpdate();
      },
      { signal: this.r.host.signal },
    );

    // The map's features are drawn from the file; the topology may have snapped or noded a few vertices, so the
    // map shows the topology's geometry from the start and every vertex the pointer can grab is one the model knows.
    // Only those areas are set again: each new geometry re-indexes the area's segments for snapping.
    const base = this.r.base;
    const position = new Map(base.ids.map((key, index) => [key, index]));
    this.syncFeatures([...this.liveKeys()].filter((key) => !sameGeometry(base, key, this.r.editor.geometry(key)!, position.get(key) ?? -1)));
    this.applyTool();
  }

  ordered(): (Draw | SharedVertexModify | JunctionSnap | Snap)[] {
    return [this.drawSplit, this.drawCarve, this.drawBarrier, this.vertexModify, this.snapJunctions, this.snapAreas, this.snapBarriers];
  }

  uninstall(): void {
    const olMap = this.r.state.olMap;
    unByKey(this.listenerKeys);
    this.endSketch();
    cancelAnimationFrame(this.frame);
    for (const interaction of this.ordered()) olMap.removeInteraction(interaction);
    for (const layer of [this.barrierLayer, this.marksLayer, this.labelsLayer, this.overlayLayer]) olMap.removeLayer(layer);
    this.pointer()?.setActive(true);
  }

  applyTool(): void {
    const tool = this.r.session.locked ? 'select' : this.r.host.element.tool;
    this.drawSplit.setActive(tool === 'split');
    this.drawCarve.setActive(tool === 'carve');
    this.drawBarrier.setActive(tool === 'barrier');
    this.vertexModify.setActive(tool === 'vertex');
    // Snapping to the areas while dragging one of their vertices would hold the vertex where it was.
    this.snapAreas.setActive(tool === 'split' || tool === 'carve' || tool === 'barrier');
    this.snapJunctions.setActive(tool === 'split' || tool === 'carve' || tool === 'barrier');
    // The two points of the barrier tool must lie on an area boundary, so that tool snaps to the areas only.
    this.snapBarriers.setActive(tool === 'split' || tool === 'carve' || tool === 'vertex');
    if (tool !== 'select' && tool !== 'rename' && tool !== 'comment' && tool !== 'merge') this.addSnaps();
    // Clicks that draw must not also select areas.
    this.pointer()?.setActive(!(tool === 'split' || tool === 'carve' || tool === 'barrier' || tool === 'comment'));
    if (tool !== 'comment') this.r.proposals.setPendingPin(undefined);
    this.snapIndicator.set('kind', 'snap');
    this.showIndicator(null);
  }

  /**
   * Adds the snaps to the map, once: after the interactions whose coordinates they snap, since OpenLayers hands
   * events to the last interaction first. Called when a snapping tool is chosen, and when the start has settled.
   */
  addSnaps(): void {
    const olMap = this.r.state.olMap;
    if (olMap.getInteractions().getArray().includes(this.snapAreas)) return;
    olMap.addInteraction(this.snapJunctions);
    olMap.addInteraction(this.snapAreas);
    olMap.addInteraction(this.snapBarriers);
  }

  pointer(): AreaPointer | undefined {
    return this.r.state.olMap
      .getInteractions()
      .getArray()
      .find((interaction) => interaction instanceof AreaPointer) as AreaPointer | undefined;
  }

  finishSplit(line: LineString): void {
    this.endSketch();
    const coordinates = line.getCoordinates();
    const key = this.areaUnder(coordinates);
    if (key === undefined) {
      this.r.refuseWith('noArea');
      return;
    }
    const model = coordinates.map((coordinate) => this.toModel(coordinate));
    this.r.run('split', () => this.r.editor.split(key, model, this.r.splitNaming(key)));
  }

  finishCarve(polygon: OlPolygon): void {
    const ring = polygon.getCoordinates()[0]!.map((coordinate) => this.toModel(coordinate));
    let n = 1;
    while (this.r.editor.geometry(`neu-${n}`)) n += 1;
    const key = `neu-${n}`;
    this.r.run('carve', () => this.r.editor.carve(ring, key, { name: this.r.host.language() === 'en' ? `New area ${n}` : `Neues Gebiet ${n}` }));
  }

  onBarrierStart(event: MapBrowserEvent): boolean {
    if (!this.barrierStart) return false;
    const [x, y] = event.map.getPixelFromCoordinate(this.barrierStart) as [number, number];
    return Math.hypot(event.pixel[0]! - x, event.pixel[1]! - y) <= 6;
  }

  finishBarrier(line: LineString): void {
    this.endSketch();
    const [from, to] = [line.getFirstCoordinate(), line.getLastCoordinate()].map((coordinate) => this.toModel(coordinate)) as [Position, Position];
    if (this.barrierLines.length === 0) {
      this.r.refuseWith('noBarrier');
      return;
    }
    this.r.run('barrier', () => this.r.editor.reshapeAlongBarrier(from, to, this.barrierBetween(from, to)));
  }

  /** The stretch of the barrier line nearest to both points (the shorter way round a closed one) to follow. */
  barrierBetween(from: Position, to: Position): Position[] {
    let best = this.barrierLines[0]!;
    let bestDistance = Infinity;
    for (const barrier of this.barrierLines) {
      const distance = distanceToLine(from, barrier) + distanceToLine(to, barrier);
      if (distance < bestDistance) {
        bestDistance = distance;
        best = barrier;
      }
    }
    return openRingBetween(best, from, to);
  }

  /**
   * Between the first click of "follow barrier" and the second, the pointer says whether a click there would be
   * taken: the residents the step would give, or the cross and the reason, as the vertex drag does.
   */
  previewBarrier(coordinates: Coordinate[]): void {
    if (coordinates.length < 2 || this.barrierLines.length === 0) return;
    const pointer = coordinates[coordinates.length - 1]!;
    const [from, to] = [coordinates[0]!, pointer].map((coordinate) => this.toModel(coordinate)) as [Position, Position];
    // Right after the first click the pointer is still on it: nothing to judge yet.
    if (from[0] === to[0] && from[1] === to[1]) return;
    try {
      this.preview(reshapeAlongBarrier(this.r.editor.topology, from, to, this.barrierBetween(from, to)), { reshape: false });
      this.markDrop(pointer, false);
    } catch (error) {
      // The residents of a place the pointer has left would be read as those of this one.
      this.r.live.rows = [];
      this.markDrop(pointer, true, error);
    }
  }

  dragVertex(event: SharedVertexEvent): void {
    const from = this.vertexModel[event.vertex];
    if (!from || !event.to) return;
    const to = this.toModel(event.to);
    this.schedulePreview(() => {
      try {
        this.preview(moveVertex(this.r.editor.topology, from, to), { reshape: true });
        this.markDrop(event.to!, false);
      } catch (error) {
        this.markDrop(event.to!, true, error);
      }
    });
  }

  /**
   * The ring at the pointer: the accent where the drop (or click) would be taken, the warning colour with a cross
   * where not, and the reason said, while dragging or drawing and not only once the button is let go. A reason is
   * said once, not again on every frame the pointer stays where it is refused.
   */
  markDrop(coordinate: Coordinate, refused: boolean, error?: unknown): void {
    this.snapIndicator.set('kind', refused ? 'refused' : 'snap');
    this.showIndicator(coordinate);
    const said = refused ? this.r.t.refused(messageText(withReason(error), this.r.host.language())) : '';
    if (said !== this.saidWhileDrawing) {
      this.saidWhileDrawing = said;
      // Where the pointer is fine again, the status no longer says that it is not.
      this.r.announce(said);
    }
  }

  dropVertex(event: SharedVertexEvent): void {
    this.endSketch();
    const from = this.vertexModel[event.vertex];
    if (!from || !event.to || !event.from || (event.to[0] === event.from[0] && event.to[1] === event.from[1])) return;
    this.r.run('vertex', () => this.r.editor.moveVertex(from, this.toModel(event.to!)));
    this.showIndicator(null);
  }

  // Live preview

  schedulePreview(preview: () => void): void {
    this.nextPreview = preview;
    if (this.frame) return;
    // One preview per animation frame, however fast the pointer moves.
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      const next = this.nextPreview;
      this.nextPreview = undefined;
      next?.();
    });
  }

  /**
   * Shows what a step would do without doing it: the residents of the areas concerned in the list and, with
   * `reshape` (dragging a vertex), their shapes on the map. A split line in progress leaves the map as it is, so
   * the area is not drawn in half before the line is finished.
   */
  preview(patch: TopologyPatch, options: { reshape: boolean }): void {
    const topology = this.r.editor.topology;
    let tentative: { key: string; geometry: Polygon | MultiPolygon }[];
    applyPatch(topology, patch, 'forward');
    try {
      const described = describePatch(topology, patch, 'forward');
      tentative = [...described.changed, ...described.added].flatMap((key) => {
        const geometry = this.r.editor.geometry(key);
        return geometry ? [{ key, geometry }] : [];
      });
    } finally {
      applyPatch(topology, patch, 'backward');
    }
    if (options.reshape) {
      for (const { key, geometry } of tentative) {
        const feature = this.r.state.areasSource.getFeatureById(key) as Feature | null;
        if (feature) feature.setGeometry(this.readGeometry(geometry));
      }
    }
    const values = this.r.live.populationOf?.(tentative);
    this.r.live.rows = tentative.map(({ key }) => ({ key, before: this.r.live.population?.get(key), after: values?.get(key) }));
    this.r.host.requestUpdate();
  }

  watchSketch(event: DrawEvent, previewOf: (coordinates: Coordinate[]) => void): void {
    this.endSketch();
    const geometry = event.feature.getGeometry() as LineString;
    this.sketchKey = geometry.on('change', () => this.schedulePreview(() => previewOf(geometry.getCoordinates())));
  }

  previewSplit(coordinates: Coordinate[]): void {
    if (coordinates.length < 2) return;
    const key = this.areaUnder(coordinates);
    if (key === undefined) return;
    try {
      this.preview(
        splitArea(
          this.r.editor.topology,
          key,
          coordinates.map((coordinate) => this.toModel(coordinate)),
        ),
        { reshape: false },
      );
    } catch {
      // The line does not cross the area yet; the preview waits for a line that does.
    }
  }

  /** A line or drag cancelled (Escape) leaves the map, the residents' list, the status and the ring as they were. */
  abortSketch(): void {
    const said = this.saidWhileDrawing;
    this.endSketch();
    this.syncFeatures(this.liveKeys());
    this.r.live.rows = [];
    this.showIndicator(null);
    if (said) this.r.announce('');
    this.r.host.requestUpdate();
  }

  endSketch(): void {
    if (this.sketchKey) unByKey(this.sketchKey);
    this.sketchKey = undefined;
    cancelAnimationFrame(this.frame);
    this.frame = 0;
    this.nextPreview = undefined;
    this.saidWhileDrawing = '';
    this.barrierStart = undefined;
    this.snapIndicator.set('kind', 'snap');
  }

  // The map's features

  /**
   * The edited areas go back to the map by updating its OpenLayers features in place, by key: the choropleth,
   * table and selection keep their features and only the changed ones redraw. Setting the map's `areas` instead
   * would reload, re-create all 500 features and refit the view after every step; that is done only when the user
   * saves a version or exports, so that the map's own `areas` then match what was saved.
   */
  syncFeatures(keys: Iterable<string>): void {
    const source = this.r.state.areasSource;
    const topology = this.r.editor.topology;
    const live = this.liveKeys();
    for (const feature of source.getFeatures()) {
      const id = feature.getId();
      if (id !== undefined && !live.has(String(id))) source.removeFeature(feature);
    }
    const wanted = new Set(keys);
    for (const area of topology.areas) {
      if (!area || !wanted.has(area.key)) continue;
      const geometry = this.readGeometry(this.r.editor.geometry(area.key)!);
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

  liveKeys(): Set<string> {
    return new Set(this.r.editor.topology.areas.flatMap((area) => (area ? [area.key] : [])));
  }

  readGeometry(geometry: Polygon | MultiPolygon): Geometry {
    return this.format.readGeometry(geometry, { dataProjection: this.r.crs, featureProjection: this.r.state.projection }) as Geometry;
  }

  toModel(coordinate: Coordinate): Position {
    const projection = this.r.state.projection;
    return projection === this.r.crs ? [coordinate[0]!, coordinate[1]!] : transform(coordinate, projection, this.r.crs);
  }

  toView(position: Position): Coordinate {
    const projection = this.r.state.projection;
    return projection === this.r.crs ? [position[0]!, position[1]!] : transform(position, this.r.crs, projection);
  }

  /** Every vertex of the topology once, in view coordinates, for the vertex drag to hit-test. */
  vertices(): Float64Array {
    if (this.vertexView) return this.vertexView;
    const seen = new Set<string>();
    const model: Position[] = [];
    const ends = new Map<string, number>();
    for (const arc of this.r.editor.topology.arcs) {
      if (!arc) continue;
      for (const end of [arc[0]!, arc[arc.length - 1]!]) ends.set(`${end[0]},${end[1]}`, (ends.get(`${end[0]},${end[1]}`) ?? 0) + 1);
      for (const position of arc) {
        const id = `${position[0]},${position[1]}`;
        if (seen.has(id)) continue;
        seen.add(id);
        model.push(position);
      }
    }
    const view = new Float64Array(model.length * 2);
    model.forEach((position, index) => {
      const [x, y] = this.toView(position);
      view[index * 2] = x!;
      view[index * 2 + 1] = y!;
    });
    this.vertexModel = model;
    this.vertexView = view;
    // A closed ring's own start counts twice and is no junction; where a third edge ends, areas meet.
    const junctions = [...ends].filter(([, count]) => count >= 3).map(([id]) => this.toView(id.split(',').map(Number)));
    this.junctionView = Float64Array.from(junctions.flat());
    return view;
  }

  junctions(): Float64Array {
    this.vertices();
    return this.junctionView;
  }

  /** The area most of the drawn line runs through. */
  areaUnder(line: Coordinate[]): string | undefined {
    const counts = new Map<string, number>();
    for (let i = 1; i < line.length; i += 1) {
      const [a, b] = [line[i - 1]!, line[i]!];
      for (let step = 1; step < 20; step += 1) {
        const t = step / 20;
        const point = [a[0]! + (b[0]! - a[0]!) * t, a[1]! + (b[1]! - a[1]!) * t];
        for (const feature of this.r.state.areasSource.getFeaturesAtCoordinate(point)) {
          const key = String(feature.getId());
          counts.set(key, (counts.get(key) ?? 0) + 1);
        }
      }
    }
    let best: string | undefined;
    for (const [key, count] of counts) if (best === undefined || count > counts.get(best)!) best = key;
    return best;
  }

  showIndicator(coordinate: Coordinate | null, kind: 'snap' | 'junction' = 'snap'): void {
    if (coordinate) {
      if (this.snapIndicator.get('kind') !== 'refused') this.snapIndicator.set('kind', kind);
      this.snapIndicator.setGeometry(new Point(coordinate));
      if (!this.overlaySource.hasFeature(this.snapIndicator)) this.overlaySource.addFeature(this.snapIndicator);
    } else if (this.overlaySource.hasFeature(this.snapIndicator)) {
      this.overlaySource.removeFeature(this.snapIndicator);
    }
  }

  // Styles

  markStyle(feature: Feature): Style | undefined {
    const key = String(feature.getId());
    const highlighted = this.highlighted.has(key);
    const merging = this.r.mergeWith.has(key);
    const value = this.r.live.population?.get(key);
    const small = value !== undefined && value < this.r.live.minPopulation;
    const far = value !== undefined && !small && this.r.live.isFar(value);
    if (!highlighted && !merging && !small && !far) return undefined;
    const warning = this.colours.warning;
    return new Style({
      fill: merging ? new Fill({ color: 'rgba(84, 39, 143, 0.25)' }) : small ? new Fill({ color: hexWithAlpha(warning, 0.3) }) : undefined,
      // Far from the target is common (a third of Berlin's Planungsräume with a target of 5,000), so it is a thin
      // dashed line; too few residents is rare and filled.
      stroke: new Stroke({
        color: highlighted || merging ? this.colours.accent : far ? hexWithAlpha(warning, 0.75) : warning,
        width: highlighted ? 4 : small ? 2.5 : 1.25,
        ...(far && !highlighted && !merging ? { lineDash: [4, 4] } : {}),
      }),
    });
  }

  overlayStyle(feature: Feature): Style | Style[] {
    const kind = feature.get('kind');
    if (kind === 'refused') {
      return new Style({
        image: new RegularShape({
          points: 4,
          radius: 10,
          radius2: 0,
          angle: Math.PI / 4,
          stroke: new Stroke({ color: this.colours.warning, width: 3.5 }),
        }),
        text: new Text({
          text: this.r.t.dropRefused,
          offsetY: -20,
          font: '600 12px system-ui, sans-serif',
          fill: new Fill({ color: this.colours.warning }),
          stroke: new Stroke({ color: 'rgba(255, 255, 255, 0.9)', width: 3 }),
        }),
      });
    }
    if (kind === 'junction') {
      // Larger, with a dot in the middle: the point lands where the areas meet, not only on a boundary.
      return [
        new Style({
          image: new CircleStyle({
            radius: 9,
            stroke: new Stroke({ color: this.colours.accent, width: 3 }),
            fill: new Fill({ color: 'rgba(255, 255, 255, 0.7)' }),
          }),
        }),
        new Style({ image: new CircleStyle({ radius: 2.5, fill: new Fill({ color: this.colours.accent }) }) }),
      ];
    }
    if (kind === 'snap') {
      return new Style({
        image: new CircleStyle({
          radius: 7,
          stroke: new Stroke({ color: this.colours.accent, width: 2.5 }),
          fill: new Fill({ color: 'rgba(255, 255, 255, 0.7)' }),
        }),
      });
    }
    return new Style({
      image: new CircleStyle({
        radius: kind === 'pin-preview' ? 8 : 7,
        fill: new Fill({ color: this.colours.accent }),
        stroke: new Stroke({ color: '#ffffff', width: 2 }),
      }),
    });
  }

  // Barriers

  async loadBarriers(): Promise<void> {
    const url = this.r.host.element.barriers;
    this.barrierSource.clear();
    this.barrierLines = [];
    this.barrierNote = (t) => t.noBarrier;
    if (!url) return;
    this.barrierNote = (t) => t.barrierLoading;
    try {
      const bytes = await fetchBytes(url, { signal: this.r.host.signal });
      const collection = asFeatureCollection(JSON.parse(decodeText(bytes)), sourceName(url));
      const crs = declaredCrs(collection) ?? 'EPSG:4326';
      const model = crs === this.r.crs ? collection : reprojectCollection(collection, crs, this.r.crs);
      const lines: Position[][] = [];
      for (const feature of model.features) {
        // Lines as they are; polygons (blocks, water bodies, the boundaries of another version) by their outlines.
        const geometry = feature.geometry as GeoLineString | MultiLineString | Polygon | MultiPolygon | null;
        if (geometry?.type === 'LineString') lines.push(geometry.coordinates);
        else if (geometry?.type === 'MultiLineString') lines.push(...geometry.coordinates);
        else if (geometry?.type === 'Polygon') lines.push(...geometry.coordinates);
        else if (geometry?.type === 'MultiPolygon') lines.push(...geometry.coordinates.flat());
      }
      this.barrierLines = lines;
      const features = lines.map(
        (line) =>
          new Feature(
            this.format.readGeometry(
              { type: 'LineString', coordinates: line },
              { dataProjection: this.r.crs, featureProjection: this.r.state.projection },
            ) as Geometry,
          ),
      );
      this.barrierSource.addFeatures(features);
      this.barrierNote = (t) => t.barrierLoaded(lines.length);
    } catch (error) {
      this.barrierNote = (t) => t.barrierFailed;
      this.r.host.emitError(error, sourceName(url));
    }
  }

  // Keyboard and announcements

  onKeydown(event: KeyboardEvent): void {
    const target = event.composedPath()[0] as HTMLElement | undefined;
    if (target && (target.localName === 'input' || target.localName === 'textarea' || target.localName === 'select')) return;
    const key = event.key.toLowerCase();
    if (key === 'escape') {
      for (const draw of [this.drawSplit, this.drawCarve, this.drawBarrier]) if (draw.getActive()) draw.abortDrawing();
      // A vertex let go of mid-drag goes back; the release that follows does nothing.
      if (this.vertexModify.abort()) this.abortSketch();
      return;
    }
    if (!(event.ctrlKey || event.metaKey) || this.r.session.locked) return;
    if (key === 'z' && !event.shiftKey) {
      event.preventDefault();
      this.r.undo();
    } else if ((key === 'z' && event.shiftKey) || key === 'y') {
      event.preventDefault();
      this.r.redo();
    }
  }
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

function hexWithAlpha(colour: string, alpha: number): string {
  const match = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(colour.trim());
  if (!match) return colour;
  return `rgba(${parseInt(match[1]!, 16)}, ${parseInt(match[2]!, 16)}, ${parseInt(match[3]!, 16)}, ${alpha})`;
}
