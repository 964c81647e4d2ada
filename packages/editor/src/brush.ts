// The editor's brush: paints units (the Zensus 100 m cells of the editor's grid) into the active Sozialraum. Each dab
// is checked by core (`paintUnits`: every area stays in one piece, locked areas stay as they are), the residents of
// every area follow while painting, and the end of a stroke is one step of the editing session (`assignmentPatch`):
// the painted cells' squares pass from area to area, only the areas the stroke touched change, the coverage stays
// gap-free and without overlaps, and the step is undone, saved and compared like every step.
import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import PointerInteraction from 'ol/interaction/Pointer.js';
import type MapBrowserEvent from 'ol/MapBrowserEvent.js';
import { transform } from 'ol/proj.js';
import type { Coordinate } from 'ol/coordinate.js';
import {
  EditError,
  SozialraumError,
  areaResidents,
  assignmentOf,
  assignmentPatch,
  brushExtent,
  cellUnits,
  liveAreas,
  loadAreasFromUrl,
  message,
  messageText,
  paintUnits,
  unitsInAreas,
  unitsOfUpper,
  unitsUnderBrush,
  type Message,
  type TopologyEditor,
  type TopologyPatch,
  type UnitLayer,
} from '@sozialraum/core';
import { userText } from '@sozialraum/element';
import { brushMessages, type BrushMessages } from './brush-i18n.js';
import type { EditorRuntime } from './editor-runtime.js';
import { UnitLayerView } from './unit-layer.js';
import { measure } from './editor-model.js';

/** Detail of `sozialraum-units-paint`: sent after every dab of a stroke, before the stroke becomes a step. */
export interface UnitsPaintDetail {
  /** The area painted into. */
  key: string;
  /** Units the stroke has painted so far (ids of the unit layer, e.g. Zensus cell ids). */
  units: string[];
  /** Residents of every area with the stroke so far, summed from the units. */
  residents: Record<string, number>;
}

/** Brush sizes offered, in cells across. */
const SIZES = [1, 3, 5, 9];

/** Drag samples lie at most this share of a cell apart, so that a fast stroke leaves no cell out. */
const SAMPLE = 0.5;

/** The session state as the editor, the number of steps done and the last of them. */
type SessionToken = readonly [TopologyEditor, number, TopologyPatch | undefined];

interface Stroke {
  area: number;
  /** The areas' assignment when the stroke began, and the stroke's. */
  before: Int32Array;
  /** The session state the stroke began on: a step done, undone or imported since makes its area numbers stale. */
  token: SessionToken;
  assignment: Int32Array;
  painted: Set<number>;
  /** Refusals already said in this stroke: each is said once. */
  said: Set<string>;
  last: [number, number] | undefined;
}

/** Pointer down, drag and up on the map become the brush's stroke; a move shows the brush's outline. */
class BrushInteraction extends PointerInteraction {
  constructor(readonly brush: BrushController) {
    super();
  }

  protected override handleDownEvent(event: MapBrowserEvent): boolean {
    const pointer = event.originalEvent as PointerEvent;
    if (pointer.button !== 0 || pointer.ctrlKey || pointer.altKey || pointer.metaKey || pointer.shiftKey) return false;
    return this.brush.begin(event.coordinate);
  }

  protected override handleDragEvent(event: MapBrowserEvent): void {
    this.brush.extend(event.coordinate);
  }

  protected override handleUpEvent(): boolean {
    this.brush.finish();
    return false;
  }

  protected override handleMoveEvent(event: MapBrowserEvent): void {
    this.brush.hover(event.coordinate);
  }
}

export class BrushController {
  readonly r: EditorRuntime;
  readonly view: UnitLayerView;
  readonly interaction: BrushInteraction;
  units: UnitLayer | undefined;
  /** For each unit, its unit of the upper level (`upper`), for the brush that paints such a unit whole. */
  upperOf: Int32Array | undefined;
  /** The file of the upper level, for the brush's label. */
  upperSource = '';
  /** Why there are no units yet, or that they are loading. */
  note: ((t: BrushMessages) => string) | undefined;
  activeKey: string | undefined;
  stroke: Stroke | undefined;
  #assignment: Int32Array | undefined;
  /** The session state the assignment was read from: the editor and the last step done. */
  #token: SessionToken | undefined;
  #installed = false;
  #releasePointer: (() => void) | undefined;

  constructor(runtime: EditorRuntime) {
    this.r = runtime;
    this.interaction = new BrushInteraction(this);
    this.view = new UnitLayerView({
      assignment: () => this.stroke?.assignment ?? this.assignment(),
      painted: () => this.stroke?.painted ?? new Set(),
      isLocked: (area) => this.lockedKeys().has(this.keys()[area] ?? ''),
      active: () => this.activeIndex(),
      accent: () => this.r.interactions.colours.accent,
    });
  }

  get t(): BrushMessages {
    return brushMessages(this.r.host.language());
  }

  get on(): boolean {
    return this.r.host.element.brush && !this.r.session.locked;
  }

  /** Width of the brush in cells; 0 paints the whole unit of the upper level under the pointer. */
  get size(): number {
    const size = Math.round(Number(this.r.host.element.brushSize));
    if (size === 0 && this.upperOf) return 0;
    return Number.isFinite(size) && size >= 1 ? size : 1;
  }

  hostUpdated(changed: PropertyValues): void {
    if (changed.has('brush') || changed.has('tool')) this.apply();
    if (changed.has('locked')) this.view.redraw();
    if ((changed.has('upper') || changed.has('upperId')) && this.units) {
      this.upperOf = undefined;
      void this.loadUpper();
    }
  }

  /** The upper level's units (`upper`, any format the map reads) and the one each cell lies in, by its centre. */
  async loadUpper(): Promise<void> {
    const element = this.r.host.element;
    const url = element.upper;
    if (!url || !this.units) return;
    try {
      const areas = await loadAreasFromUrl(url, { ...(element.upperId ? { idField: element.upperId } : {}), signal: this.r.host.signal });
      if (element.upper !== url) return;
      this.upperOf = unitsInAreas(this.units, areas);
      this.upperSource = areas.source;
    } catch (error) {
      this.r.host.emitError(error, url);
    }
    this.r.host.requestUpdate();
  }

  /** Shows or hides the units and the brush, as the `brush` property says. */
  apply(): void {
    const olMap = this.r.state.olMap;
    if (!this.on) {
      if (!this.#installed) return;
      this.#installed = false;
      this.stroke = undefined;
      olMap.removeInteraction(this.interaction);
      this.r.state.host.removeLayer(this, this.view.layer);
      this.r.state.host.removeLayer(this, this.view.brushLayer);
      this.#releasePointer?.();
      this.#releasePointer = undefined;
      this.r.host.requestUpdate();
      return;
    }
    // The brush takes the pointer: the drawing tools give way to it.
    if (this.r.host.element.tool !== 'select') this.r.host.element.tool = 'select';
    if (!this.ensureUnits() || this.#installed) return;
    this.#installed = true;
    this.activeKey ??= this.r.selected() ?? this.keys()[0];
    this.r.state.host.addLayer(this, this.view.layer);
    this.r.state.host.addLayer(this, this.view.brushLayer);
    olMap.addInteraction(this.interaction);
    this.#releasePointer = this.r.state.host.suspendPointer(this);
    this.view.redraw();
    this.r.host.requestUpdate();
  }

  dispose(): void {
    this.r.state.olMap.removeInteraction(this.interaction);
    this.r.state.host.release(this);
  }

  /** The unit layer of the editor's grid over the areas it started with; false while there is none. */
  ensureUnits(): boolean {
    if (this.units) return true;
    const grid = this.r.live.grid;
    if (!grid) {
      this.note = this.r.host.element.grid ? (t) => t.loadingGrid : (t) => t.noGrid;
      if (this.r.host.element.grid) void this.r.checked.then(() => this.r.live.grid && this.apply());
      this.r.host.requestUpdate();
      return false;
    }
    // The territory is the areas the session began with, as one: painting moves units between areas, not past them.
    const base = this.r.base;
    try {
      this.units = cellUnits(grid, { ...base, ids: base.ids.map(() => 'territory') });
      this.view.show(this.units, this.r.state.projection);
      this.note = undefined;
      void this.loadUpper();
      return true;
    } catch (error) {
      this.note = (t) => `${t.unitsFailed} ${error instanceof SozialraumError ? messageText(error, this.r.host.language()) : ''}`;
      this.r.host.emitError(error, grid.source);
      this.r.host.requestUpdate();
      return false;
    }
  }

  /** Keys of the live areas, in the order the assignment numbers them. */
  keys(): string[] {
    return liveAreas(this.r.editor.topology).map((area) => area.key);
  }

  lockedKeys(): Set<string> {
    return new Set((this.r.host.element.locked ?? '').split(/\s+/).filter(Boolean));
  }

  activeIndex(): number {
    return this.activeKey === undefined ? -1 : this.keys().indexOf(this.activeKey);
  }

  /** The area of each unit in the current session, read again after every step that was not this brush's. */
  assignment(): Int32Array {
    if (!this.#assignment || !this.#token || !this.current(this.#token)) {
      this.#assignment = assignmentOf(this.units!, this.r.editor.topology);
      this.#token = this.sessionToken();
    }
    return this.#assignment;
  }

  sessionToken(): SessionToken {
    const editor = this.r.editor;
    const done = editor.toJSON().undo;
    return [editor, done.length, done.at(-1)];
  }

  /** Whether the session is still in the state `token` was taken in. */
  current(token: SessionToken): boolean {
    const now = this.sessionToken();
    return token.every((part, index) => part === now[index]);
  }

  /** Drops a stroke begun on a session state that is gone, and says so; true when it was dropped. */
  dropStale(): boolean {
    const stroke = this.stroke;
    if (!stroke || this.current(stroke.token)) return false;
    this.stroke = undefined;
    this.view.redraw();
    this.r.announce(this.t.dropped);
    this.r.host.requestUpdate();
    return true;
  }

  // Strokes

  begin(coordinate: Coordinate): boolean {
    if (!this.on || !this.units) return false;
    const area = this.activeIndex();
    if (area < 0) {
      this.r.announce(this.r.t.selectFirst);
      return false;
    }
    const before = this.assignment();
    this.stroke = { area, before, token: this.sessionToken(), assignment: before, painted: new Set(), said: new Set(), last: undefined };
    this.extend(coordinate);
    return true;
  }

  /** Paints along the pointer's way since the last sample, a dab every half cell. */
  extend(coordinate: Coordinate): void {
    if (this.dropStale()) return;
    const stroke = this.stroke;
    if (!stroke) return;
    const [x, y] = this.toUnits(coordinate);
    const step = (this.units!.grid?.cellWidth ?? 100) * SAMPLE;
    if (!stroke.last) this.dab(x, y);
    else {
      const [x0, y0] = stroke.last;
      const samples = Math.max(1, Math.ceil(Math.hypot(x - x0, y - y0) / step));
      for (let s = 1; s <= samples; s += 1) this.dab(x0 + ((x - x0) * s) / samples, y0 + ((y - y0) * s) / samples);
    }
    stroke.last = [x, y];
    this.hover(coordinate);
    this.view.redraw();
    this.r.host.requestUpdate();
  }

  dab(x: number, y: number): void {
    const stroke = this.stroke!;
    const start = performance.now();
    const under = unitsUnderBrush(this.units!, x, y, Math.max(1, this.size));
    const units = this.size === 0 && under.length > 0 ? unitsOfUpper(this.upperOf!, under[0]!) : under;
    if (units.length === 0) return;
    const keys = this.keys();
    const locked = new Set(keys.flatMap((key, index) => (this.lockedKeys().has(key) ? [index] : [])));
    try {
      const dab = paintUnits(this.units!, stroke.assignment, units, stroke.area, { keys, locked });
      if (dab.moved.length === 0) return;
      stroke.assignment = dab.assignment;
      for (const unit of dab.moved) stroke.painted.add(unit);
      this.r.host.emit<UnitsPaintDetail>('sozialraum-units-paint', {
        key: keys[stroke.area]!,
        units: [...stroke.painted].map((unit) => this.units!.ids[unit]!),
        residents: Object.fromEntries([...areaResidents(this.units!, stroke.assignment, keys.length)].map((value, index) => [keys[index]!, value])),
      });
      measure('sozialraum-editor dab', start);
    } catch (error) {
      if (!(error instanceof EditError)) throw error;
      if (stroke.said.has(error.text.en)) return;
      stroke.said.add(error.text.en);
      this.r.refuse(error);
    }
  }

  /** Ends the stroke: what it painted becomes one step of the session. */
  finish(): boolean {
    if (this.dropStale()) return false;
    const stroke = this.stroke;
    if (!stroke) return false;
    this.stroke = undefined;
    this.view.redraw();
    if (stroke.painted.size === 0) {
      if (stroke.said.size === 0) this.r.announce(this.t.nothing);
      this.r.host.requestUpdate();
      return false;
    }
    const keys = this.keys();
    const key = keys[stroke.area]!;
    const count = stroke.painted.size;
    const text: Message = message(brushMessages('en').step(count, key), brushMessages('de').step(count, key));
    const editor = this.r.editor;
    const areas = keys.length;
    const done = this.r.run('paint', () => editor.apply(assignmentPatch(editor.topology, this.units!, stroke.assignment, text, stroke.before)));
    // The step hands each painted cell's square to the area painted, so the areas now hold the stroke's assignment,
    // unless an area went or a painted cell lay in no area (its square has no area to come from).
    if (done && this.keys().length === areas && [...stroke.painted].every((unit) => stroke.before[unit]! >= 0)) {
      this.#assignment = stroke.assignment;
      this.#token = this.sessionToken();
    } else this.#token = undefined;
    this.view.redraw();
    return done;
  }

  /**
   * Paints the units under the brush at each position (in the areas' CRS) into the area `key`, as one stroke: the
   * `paint()` of the element. False when nothing changed (refusals are announced and sent as `sozialraum-error`).
   */
  paint(key: string, positions: readonly [number, number][], size?: number): boolean {
    if (!this.r.host.element.brush) this.r.host.element.brush = true;
    this.apply();
    if (!this.on || !this.ensureUnits()) return false;
    this.activeKey = key;
    const previous = this.r.host.element.brushSize;
    if (size !== undefined) this.r.host.element.brushSize = size;
    try {
      const toView = (position: [number, number]) => this.r.interactions.toView(position);
      if (positions.length === 0 || !this.begin(toView(positions[0]!))) return false;
      // Script positions are dabs of their own, not a line to sample between.
      for (const position of positions.slice(1)) {
        this.stroke!.last = undefined;
        this.extend(toView(position));
      }
      return this.finish();
    } finally {
      this.r.host.element.brushSize = previous;
    }
  }

  hover(coordinate: Coordinate | undefined): void {
    if (!coordinate || !this.units || !this.on) return this.view.showBrush(undefined);
    const [x, y] = this.toUnits(coordinate);
    // The upper level's brush shows the cell under the pointer: its unit's outline is drawn when painted.
    const extent = brushExtent(this.units, x, y, Math.max(1, this.size));
    if (!extent) return this.view.showBrush(undefined);
    const [x0, y0, x1, y1] = extent;
    this.view.showBrush(
      [
        [x0, y0],
        [x1, y0],
        [x1, y1],
        [x0, y1],
        [x0, y0],
      ].map((corner) => this.fromUnits(corner as [number, number])),
    );
  }

  toUnits(coordinate: Coordinate): [number, number] {
    const projection = this.r.state.projection;
    const crs = this.units!.crs;
    return (projection === crs ? [coordinate[0]!, coordinate[1]!] : transform(coordinate, projection, crs)) as [number, number];
  }

  fromUnits(position: [number, number]): Coordinate {
    const projection = this.r.state.projection;
    const crs = this.units!.crs;
    return projection === crs ? position : transform(position, crs, projection);
  }

  // Panel

  render(): TemplateResult {
    const t = this.t;
    const element = this.r.host.element;
    const on = this.on;
    return html`<section part="brush" class="brush" aria-labelledby="brush-title">
      <h3 id="brush-title">${t.heading}</h3>
      <button type="button" class="brush-toggle" aria-pressed=${on ? 'true' : 'false'} ?disabled=${this.r.session.locked} @click=${() => (element.brush = !element.brush)}>
        ${t.toggle}
      </button>
      ${this.note ? html`<p class="note">${this.note(t)}</p>` : nothing} ${on && this.units ? this.renderControls(t) : nothing}
    </section>`;
  }

  renderControls(t: BrushMessages): TemplateResult {
    const element = this.r.host.element;
    const keys = this.keys();
    const residents = areaResidents(this.units!, this.stroke?.assignment ?? this.assignment(), keys.length);
    const locked = this.lockedKeys();
    const live = this.r.live;
    const target = live.targetPopulation;
    const active = this.activeKey;
    return html`<p class="hint">${t.hint}</p>
      <p class="note">${t.units(this.units!.ids.length, this.units!.source)}</p>
      <div class="row">
        <label
          >${t.active}
          <select
            class="brush-area"
            @change=${(event: Event) => {
              this.activeKey = (event.target as HTMLSelectElement).value;
              this.view.redraw();
              this.r.host.requestUpdate();
            }}
          >
            ${keys.map((key) => html`<option value=${key} ?selected=${key === active}>${userText(this.r.areaName(key) ?? key)} (${userText(key)})</option>`)}
          </select></label
        >
        <label
          >${t.size}
          <select class="brush-size" @change=${(event: Event) => (element.brushSize = Number((event.target as HTMLSelectElement).value))}>
            ${SIZES.map((size) => html`<option value=${size} ?selected=${size === this.size}>${t.sizeCells(size)}</option>`)}
            ${this.upperOf ? html`<option value="0" ?selected=${this.size === 0}>${t.sizeUpper(this.upperSource)}</option>` : nothing}
          </select></label
        >
      </div>
      ${this.stroke ? html`<p class="status-line">${t.painting(this.stroke.painted.size, this.r.areaName(keys[this.stroke.area]!) ?? keys[this.stroke.area]!)}</p>` : nothing}
      <div class="brush-areas">
        <table>
          <thead>
            <tr>
              <th scope="col">${this.r.t.area}</th>
              <th scope="col" class="number">${t.residents}</th>
              <th scope="col" class="number">${t.deviation}</th>
              <th scope="col">${t.locked}</th>
            </tr>
          </thead>
          <tbody>
            ${keys.map((key, index) => {
              const value = residents[index]!;
              const mark = value < live.minPopulation ? 'small' : live.isFar(value) ? 'far' : '';
              const name = `${this.r.areaName(key) ?? key} (${key})`;
              return html`<tr data-key=${key} class=${[mark, key === active ? 'active' : ''].join(' ').trim()}>
                <th scope="row">${userText(name)}</th>
                <td class="number">${live.formatNumber(value)}</td>
                <td class="number">${live.formatNumber(((value - target) / target) * 100, 0, true)} %</td>
                <td>
                  <input type="checkbox" aria-label=${t.lock(name)} .checked=${locked.has(key)} @change=${(event: Event) => this.setLocked(key, (event.target as HTMLInputElement).checked)} />
                </td>
              </tr>`;
            })}
          </tbody>
        </table>
      </div>`;
  }

  setLocked(key: string, on: boolean): void {
    const locked = this.lockedKeys();
    if (on) locked.add(key);
    else locked.delete(key);
    this.r.host.element.locked = [...locked].join(' ');
  }
}
