// <sozialraum-editor>: the boundary editor, a child of <sozialraum-map>. This file is the light shell every page loads;
// the editing runtime (topology, OpenLayers interactions, checks, storage, comparison) is a chunk of its own,
// loaded when the editor gets its areas, so pages without an editor do not pay for it.
import { css, html, type PropertyValues } from 'lit';
import { ContextConsumer } from '@lit/context';
import type { FeatureCollection } from 'geojson';
import { SozialraumElement, sozialraumContext, type SozialraumState } from '@sozialraum/element';
import type { CarryChoice, ComparisonCarry, CoverageFinding } from '@sozialraum/core';
import type { EditorRuntime, EditorHost, VersionComparison } from './editor-runtime.js';
import type { WorkerPool } from '@sozialraum/worker';
import type { EditorTool } from './i18n.js';
import type { EditorComment, EditorVersion } from './storage.js';

export type { EditorTool } from './i18n.js';
export type { VersionComparison } from './editor-runtime.js';
export type { UnitsPaintDetail } from './brush.js';

/** Detail of `sozialraum-areas-change`. */
export interface AreasChangeDetail {
  /** What happened: an operation, or undo, redo, restore, discard, import. */
  operation: 'split' | 'merge' | 'vertex' | 'barrier' | 'carve' | 'paint' | 'rename' | 'adopt' | 'undo' | 'redo' | 'restore' | 'discard' | 'import';
  /** The step's label, e.g. "split 01100101". */
  label: string;
  /** Keys of every area the step touched (changed, added and removed). */
  ids: string[];
  changed: string[];
  added: string[];
  removed: string[];
  /** Residents of the touched areas after the step, when there is a population source. */
  population: Record<string, number>;
}

/** One step for `step()`: the operation and what it needs, positions in the areas' CRS. */
export type EditorStepRequest =
  | { operation: 'split'; key: string; line: [number, number][] }
  | { operation: 'merge'; keys: string[] }
  | { operation: 'vertex'; from: [number, number]; to: [number, number] }
  | { operation: 'rename'; key: string; newKey?: string; name?: string };

/** What `saveStatus` reports. */
export interface SaveStatus {
  state: 'saved' | 'saving' | 'not-saved';
  /** Whether this tab edits (false: another tab does, or a restore waits). */
  editing: boolean;
  /** Steps done (or followed) in this session, undo and redo included. */
  steps: number;
  /** Of those, the ones whose IndexedDB transaction has committed. */
  committed: number;
  /** Why saving stopped, in the page's language, with the browser's words. */
  failure?: string;
}

/** Detail of `sozialraum-version-save`. */
export interface VersionSaveDetail {
  name: string;
  savedAt: string;
  areas: number;
}

/** Detail of `sozialraum-areas-export`. */
export interface AreasExportDetail {
  format: 'geojson' | 'fgb' | 'gpkg';
  filename: string;
  blob: Blob;
}

/**
 * The boundary editor: the areas of the enclosing `<sozialraum-map>` become a topology of shared edges
 * (`TopologyEditor` from @sozialraum/core), and the tools split an area along a drawn line, merge neighbours, drag a
 * shared vertex (every area on it follows), lay a boundary along a barrier line, carve a new area and rename or re-key
 * one. Each step is undoable without limit and saved in IndexedDB at once; after a reload the editor offers to restore
 * it. The residents of the areas being changed are computed live from a Zensus grid; areas too small or far from the
 * target size are marked, and the validator's findings are listed. Named versions, comments and pins make
 * proposals; two versions are compared area by area. Areas are exported and imported as GeoJSON or FlatGeobuf.
 *
 * @summary Boundary editor for Sozialräume inside a `<sozialraum-map>`.
 *
 * @event {CustomEvent<AreasChangeDetail>} sozialraum-areas-change - After every operation, undo, redo, restore, discard and import.
 * @event {CustomEvent<VersionSaveDetail>} sozialraum-version-save - A version was named and saved.
 * @event {CustomEvent<AreasExportDetail>} sozialraum-areas-export - A GeoJSON or FlatGeobuf file was made for download; cancel it to handle the blob yourself.
 * @event {CustomEvent<UnitsPaintDetail>} sozialraum-units-paint - After every dab of a brush stroke: the cells painted so far and every area's residents.
 * @event {CustomEvent<SozialraumErrorDetail>} sozialraum-error - An operation was refused (the model's reason), or a file could not be read.
 *
 * @csspart panel - The whole editor panel.
 * @csspart toolbar - Tool buttons, undo and redo.
 * @csspart legend - The legend entry of the barrier lines, drawn as the map draws them (when barriers are loaded).
 * @csspart status - The live region that tells the result of each step.
 * @csspart restore - The prompt to restore or discard saved work.
 * @csspart live - The residents of the areas being changed.
 * @csspart marks - Areas under the minimum or far from the target.
 * @csspart findings - The validator's findings.
 * @csspart history - The steps done.
 * @csspart versions - Saving and comparing versions.
 * @csspart comments - Comments and pins.
 * @csspart exchange - Import and export.
 * @csspart brush - Painting units: the brush toggle, the active area, the brush size and every area's residents with its lock.
 *
 * @cssproperty [--sozialraum-font-family=system-ui, sans-serif] - Font.
 * @cssproperty [--sozialraum-text-color=#1f2328] - Text colour.
 * @cssproperty [--sozialraum-text-muted-color=#57606a] - Hints.
 * @cssproperty [--sozialraum-surface-color=#ffffff] - Background of the panel.
 * @cssproperty [--sozialraum-border-color=#d0d7de] - Borders.
 * @cssproperty [--sozialraum-focus-color=#0b5cad] - Focus ring.
 * @cssproperty [--sozialraum-editor-accent-color=#54278f] - Active tool, drawn lines, changed areas.
 * @cssproperty [--sozialraum-editor-warning-color=#b35806] - Areas under the minimum or far from the target.
 */
export class SozialraumEditor extends SozialraumElement {
  // The panel's styles are adopted by the runtime when it loads (sozialraum-editor.styles.ts).
  static override styles = css`
    :host {
      display: block;
    }
    :host([hidden]) {
      display: none;
    }
  `;

  static override properties = {
    lang: { type: String, reflect: true },
    grid: { type: String },
    value: { type: String },
    populationColumn: { type: String, attribute: 'population-column' },
    minPopulation: { type: Number, attribute: 'min-population' },
    targetPopulation: { type: Number, attribute: 'target-population' },
    barriers: { type: String },
    storageKey: { type: String, attribute: 'storage-key' },
    tool: { type: String, reflect: true },
    brush: { type: Boolean, reflect: true },
    brushSize: { type: Number, attribute: 'brush-size' },
    locked: { type: String },
    upper: { type: String },
    upperId: { type: String, attribute: 'upper-id' },
    _runtimeVersion: { state: true },
  };

  /** URL of a Zensus grid CSV (Gitter_ID_100m or x_mp_100m/y_mp_100m) with the residents. */
  grid: string | undefined;
  /** [value='Einwohner'] Column of the grid with the residents. */
  value: string | undefined;
  /** Without a grid: column of the map's table with residents, carried to edited areas by area shares. */
  populationColumn: string | undefined;
  /** [minPopulation=1000] Areas with fewer residents are marked. */
  minPopulation = 1000;
  /** [targetPopulation=5000] Areas more than half off this size are marked. */
  targetPopulation = 5000;
  /** URL of a GeoJSON line layer (roads, railways, water) to snap to and to lay boundaries along. */
  barriers: string | undefined;
  /** Key of the session in IndexedDB; defaults to the map's areas URL. */
  storageKey: string | undefined;
  /** [tool='select'] The active tool. */
  tool: EditorTool = 'select';
  /** Painting: the grid's cells are shown under the areas and the pointer paints them into the active area (brush.ts). */
  brush = false;
  /** [brushSize=1] Width of the brush in cells (1, 3, 5, …); 0 paints the whole unit of `upper` under the pointer. */
  brushSize = 1;
  /** Keys of the locked areas, separated by spaces: the brush neither paints them nor over them. */
  locked: string | undefined;
  /** URL of an upper level's units (e.g. the Ortsteile), for the brush that paints one of them whole. */
  upper: string | undefined;
  /** Key property of `upper` (guessed when not given). */
  upperId: string | undefined;

  private _runtimeVersion = 0;
  readonly #consumer = new ContextConsumer(this, { context: sozialraumContext, subscribe: true });
  #runtime: EditorRuntime | undefined;
  #starting: Promise<void> | undefined;
  #resolveReady!: () => void;
  #resolveChecked!: () => void;

  /**
   * Resolves once the tools are usable: the editor has its areas as a topology and has looked for saved work. The
   * barriers, the residents and the first full check follow (`checked`).
   */
  readonly ready: Promise<void> = new Promise((resolve) => {
    this.#resolveReady = resolve;
  });

  /** Resolves once the editor also has the residents of every area (with a grid or column) and the findings of the whole set. */
  readonly checked: Promise<void> = new Promise((resolve) => {
    this.#resolveChecked = resolve;
  });

  /** The runtime's code and its worker, loaded from the moment the element is on the page, while the map loads its areas. */
  #prepared: Promise<{ EditorRuntime: typeof EditorRuntime; pool: WorkerPool }> | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    this.#prepared ??= import('./editor-runtime.js').then(({ EditorRuntime }) => ({ EditorRuntime, pool: EditorRuntime.warmPool() }));
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#runtime?.dispose();
    // A worker started ahead that no runtime took goes with the element.
    const runtime = this.#runtime;
    void this.#prepared?.then(({ pool }) => runtime?.pool === pool || pool.dispose());
    this.#prepared = undefined;
    this.#runtime = undefined;
    this.#starting = undefined;
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    const state = this.#consumer.value;
    if (state?.areas && !this.#runtime && !this.#starting) this.#starting = this.#start(state);
    this.#runtime?.hostUpdated(changed);
  }

  async #start(state: SozialraumState): Promise<void> {
    const prepared = this.#prepared;
    if (!prepared) return;
    const { EditorRuntime, pool } = await prepared;
    if (!this.isConnected || prepared !== this.#prepared) return;
    const host: EditorHost = {
      element: this,
      state: () => this.#consumer.value,
      language: () => this.language,
      emit: (type, detail, options) => this.emit(type, detail, options),
      emitError: (error, source) => this.emitError(error, source),
      signal: this.disconnectSignal,
      requestUpdate: () => {
        this._runtimeVersion += 1;
      },
    };
    const runtime = await EditorRuntime.create(host, state, pool);
    if (!this.isConnected || host.signal.aborted || prepared !== this.#prepared) {
      runtime.pool.dispose();
      return;
    }
    this.#runtime = runtime;
    await runtime.start();
    this._runtimeVersion += 1;
    await this.updateComplete;
    this.#resolveReady();
    await runtime.checked;
    this._runtimeVersion += 1;
    await this.updateComplete;
    this.#resolveChecked();
  }

  override render(): unknown {
    return this.#runtime
      ? this.#runtime.render()
      : html`<p class="loading" role="status">${this.language === 'en' ? 'Loading the editor …' : 'Editor wird geladen …'}</p>`;
  }

  /** The editing session (`TopologyEditor`), once loaded. */
  get session(): import('@sozialraum/core').TopologyEditor | undefined {
    return this.#runtime?.editor;
  }

  /** Resolves when every change so far is saved in IndexedDB. */
  get saved(): Promise<void> {
    return this.#runtime?.saved ?? Promise.resolve();
  }

  /** Residents by area key, when there is a population source. */
  get population(): ReadonlyMap<string, number> | undefined {
    return this.#runtime?.population;
  }

  /** The validator's current findings. */
  get findings(): readonly CoverageFinding[] {
    return this.#runtime?.findings ?? [];
  }

  /** The saved versions, oldest first. */
  get versions(): readonly EditorVersion[] {
    return this.#runtime?.versions ?? [];
  }

  /** Comments on areas and pinned comments. */
  get comments(): readonly EditorComment[] {
    return this.#runtime?.comments ?? [];
  }

  /** The current areas as GeoJSON in their CRS, with the legacy `crs` member. */
  toFeatureCollection(): FeatureCollection | undefined {
    return this.#runtime?.exchange.toFeatureCollection();
  }

  undo(): void {
    this.#runtime?.undo();
  }

  redo(): void {
    this.#runtime?.redo();
  }

  /** Saves the current state as a named version. */
  saveVersion(name?: string): Promise<void> {
    return this.#runtime?.proposals.saveVersion(name) ?? Promise.resolve();
  }

  /** Makes a saved version the current state, as one undoable step. */
  adoptVersion(name: string): void {
    this.#runtime?.proposals.adoptVersion(name);
  }

  /** Compares two versions by name (or the current state, with `null`): changed areas, area and residents moved. */
  compare(from: string | null, to: string | null): VersionComparison | undefined {
    return this.#runtime?.proposals.compare(from, to);
  }

  /** Columns of the map's table that `carry` can take through a comparison: the spec's rates, then numeric columns. */
  carryChoices(): CarryChoice[] {
    return this.#runtime?.proposals.carryChoices() ?? [];
  }

  /**
   * Carries a column of the map's table through the last comparison, from the first version's areas to the second's
   * (by the grid's residents, or by area); rates go as numerator and denominator. Also shown below the comparison.
   */
  carry(column: string | null): ComparisonCarry | undefined {
    return this.#runtime?.proposals.carry(column);
  }

  /**
   * Does one step as the tools do it (checks, population, saving, `sozialraum-areas-change`), for scripts: positions
   * in the areas' CRS. False when the model refused the step (the reason is announced and sent as `sozialraum-error`)
   * or while the editor is read-only or waits for restore or discard.
   */
  step(request: EditorStepRequest): boolean {
    return this.#runtime?.step(request) ?? false;
  }

  /**
   * Paints the cells under the brush at each position (in the areas' CRS) into the area `key` as one stroke, as the
   * brush does: one undoable step. False when nothing changed; refusals are announced and sent as `sozialraum-error`.
   */
  paint(key: string, positions: readonly [number, number][], size?: number): boolean {
    return this.#runtime?.brush.paint(key, positions, size) ?? false;
  }

  /** Whether the work is saved: the state the indicator shows, the steps done, and how many of them are in IndexedDB. */
  get saveStatus(): SaveStatus | undefined {
    return this.#runtime?.session.status();
  }

  /** Makes the areas as a file and offers it for download (unless a listener cancels `sozialraum-areas-export`). */
  exportAreas(format: 'geojson' | 'fgb' | 'gpkg'): Promise<AreasExportDetail | undefined> {
    return this.#runtime?.exchange.exportAreas(format) ?? Promise.resolve(undefined);
  }
}
