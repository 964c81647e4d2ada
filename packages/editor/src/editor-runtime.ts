// The editing runtime of <sozialraum-editor>, loaded on demand: the topology session and its steps, and the panel.
// The parts live in controllers of their own: the map interactions, live population and checks, versions and
// comments, import and export, and the session kept in IndexedDB.
import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { TopologyEditor, message, messageText, squareMetres, type AreaCollection, type EditResult, type Topology, type TopologyPatch } from '@sozialraum/core';
import type { Language, SozialraumState } from '@sozialraum/element';
import { editorMessages, type EditorMessages, type EditorTool } from './i18n.js';
import { inModelCrs, measure, modelCrs, withReason } from './editor-model.js';
import { editorStyles } from './sozialraum-editor.styles.js';
import type { EditorComment, EditorVersion, SavedSession, StoredStep } from './storage.js';
import type { AreasChangeDetail, EditorStepRequest, SozialraumEditor } from './sozialraum-editor.component.js';
import { InteractionController } from './interactions.js';
import { barrierLegend } from './orientation.js';
import { LiveController } from './live.js';
import { ProposalsController } from './proposals.js';
import { ExchangeController } from './exchange.js';
import { SessionController } from './session.js';
import { BrushController } from './brush.js';
import { isolate, userText } from '@sozialraum/element';
import { WorkerPool, packAreas, transferables } from '@sozialraum/worker';
// Register the tasks for the pool's main-thread fallback (pages where workers cannot run).
import '@sozialraum/worker/validate.js';
import { withProperties } from '@sozialraum/worker/topology.js';

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

export class EditorRuntime {
  readonly host: EditorHost;
  readonly map: HTMLElement | null;
  readonly state: SozialraumState;
  readonly crs: string;
  readonly base: AreaCollection;
  readonly storageKey: string;
  editor: TopologyEditor;
  versions: EditorVersion[] = [];
  comments: EditorComment[] = [];
  status = '';
  mergeWith = new Set<string>();
  /** The area whose key and name a merge keeps, when the user picked one; else the largest. */
  mergeKeep: string | undefined;
  started = false;
  readonly interactions: InteractionController;
  readonly live: LiveController;
  readonly proposals: ProposalsController;
  readonly exchange: ExchangeController;
  readonly session: SessionController;
  readonly brush: BrushController;
  /** The worker that builds the topology, reads the grid and runs the full checks; the main thread where a page allows no workers. */
  readonly pool: WorkerPool;

  /** The runtime's worker, started ahead (while the map loads its areas) so that it is there when they are. */
  static warmPool(): WorkerPool {
    const pool = new WorkerPool({ size: 1 });
    void pool.warm();
    return pool;
  }

  /** The runtime for the map's areas, their topology built in the worker (`pool`, see warmPool) while the page goes on. */
  static async create(host: EditorHost, state: SozialraumState, pool: WorkerPool): Promise<EditorRuntime> {
    const areas = state.areas!;
    const crs = modelCrs(areas, state.projection);
    const base = inModelCrs(areas, crs);
    try {
      const packed = packAreas(base);
      const built = await pool.run('topology', { areas: packed }, { signal: host.signal, transfer: transferables(packed) });
      return new EditorRuntime(host, state, { crs, base, pool, topology: withProperties(built, base) });
    } catch (error) {
      pool.dispose();
      throw error;
    }
  }

  constructor(host: EditorHost, state: SozialraumState, prepared: { crs: string; base: AreaCollection; pool: WorkerPool; topology: Topology }) {
    this.host = host;
    this.state = state;
    this.map = host.element.closest('sozialraum-map');
    const areas = state.areas!;
    this.crs = prepared.crs;
    this.base = prepared.base;
    this.pool = prepared.pool;
    this.editor = new TopologyEditor(prepared.topology);
    this.storageKey = host.element.storageKey || this.map?.getAttribute('areas') || areas.source;
    this.interactions = new InteractionController(this);
    this.live = new LiveController(this);
    this.proposals = new ProposalsController(this);
    this.exchange = new ExchangeController(this);
    this.session = new SessionController(this);
    this.brush = new BrushController(this);
  }

  // Life cycle

  async start(): Promise<void> {
    // The panel's styles come with the runtime; the shell carries only what it shows while loading.
    const root = this.host.element.shadowRoot;
    if (root && editorStyles.styleSheet && !root.adoptedStyleSheets.includes(editorStyles.styleSheet))
      root.adoptedStyleSheets = [...root.adoptedStyleSheets, editorStyles.styleSheet];
    this.interactions.install();
    // Until the first full check has its findings, the panel says it is checking rather than that there are none.
    this.live.checking = true;
    // The grid and the barriers load while IndexedDB is opened; the grid is read in the worker.
    const population = this.live.loadPopulation();
    const barriers = this.interactions.loadBarriers();
    // No IndexedDB (private mode, blocked, full): the editor works in memory and says so.
    await this.session.start();
    this.interactions.applyTool();
    this.started = true;
    // The tools are usable now. The barriers (the barrier tool says it is loading them), the residents of every area
    // and the first check of the whole set follow (`checked`): the check runs in a worker, and steps taken meanwhile
    // are checked around them as always (see validateAll).
    this.checked = Promise.all([population.then(() => this.live.validateAll()), barriers.then(() => this.host.requestUpdate())]).then(() => undefined);
    this.brush.apply();
    // The snaps are ready before a tool needs them, in time the page does not use otherwise.
    void this.checked.then(() => {
      if (!this.host.signal.aborted) this.interactions.addSnaps();
    });
  }

  /** Resolves when the population of every area and the findings of the first full check are there. */
  checked: Promise<void> = Promise.resolve();

  dispose(): void {
    this.brush.dispose();
    this.interactions.uninstall();
    this.pool.dispose();
  }

  hostUpdated(changed: PropertyValues): void {
    if (changed.has('tool')) this.interactions.applyTool();
    if (changed.has('barriers') && this.started) void this.interactions.loadBarriers().then(() => this.host.requestUpdate());
    if (changed.has('minPopulation') || changed.has('targetPopulation')) this.interactions.marksLayer.changed();
    if (this.started) this.brush.hostUpdated(changed);
  }

  get population(): Map<string, number> | undefined {
    return this.live.population;
  }

  get findings() {
    return this.live.findings;
  }

  /** The FlatGeobuf writer, loaded when first needed; rollup.config.mjs points this import at a bundle of its own. */
  flatGeobufWriter(): Promise<typeof import('./flatgeobuf-writer.js')> {
    return import('./flatgeobuf-writer.js');
  }

  applyTool(): void {
    this.interactions.applyTool();
  }

  /** Replaces the whole session with a saved one (restore, another tab's work); false when it cannot be read. */
  load(saved: SavedSession, operation: 'restore', text: string): boolean {
    try {
      this.editor = TopologyEditor.fromJSON(saved.state);
    } catch (error) {
      this.host.emitError(error);
      return false;
    }
    this.versions = saved.versions;
    this.comments = saved.comments;
    this.proposals.drawPins();
    this.replaced(operation, text);
    return true;
  }

  /** A step asked for by a script (the element's `step()`), run as the tools run theirs. */
  step(request: EditorStepRequest): boolean {
    if (this.session.locked) return false;
    const editor = this.editor;
    if (request.operation === 'split') return this.run('split', () => editor.split(request.key, request.line, this.splitNaming(request.key)));
    if (request.operation === 'merge') return this.run('merge', () => editor.merge(request.keys, { key: this.largest(request.keys) }));
    if (request.operation === 'vertex') return this.run('vertex', () => editor.moveVertex(request.from, request.to));
    const change = { ...(request.newKey !== undefined ? { key: request.newKey } : {}), ...(request.name !== undefined ? { name: request.name } : {}) };
    return this.run('rename', () => editor.rename(request.key, change));
  }

  /** Follows a step the editing tab did, as this tab's own but without saving it again. */
  applyRemote(kind: StoredStep['kind'], patch: TopologyPatch | undefined): void {
    if (kind === 'undo') this.run('undo', () => this.editor.undo()!, { remote: true });
    else if (kind === 'redo') this.run('redo', () => this.editor.redo()!, { remote: true });
    else if (patch) this.run(operationOf(patch), () => this.editor.apply(patch), { remote: true });
  }

  /** Resolves when every change so far is in IndexedDB. */
  get saved(): Promise<void> {
    return this.session.saved;
  }

  get t(): EditorMessages {
    return editorMessages(this.host.language());
  }

  setTool(tool: EditorTool): void {
    this.host.element.tool = tool;
  }

  // Operations

  /** Runs one operation of the model; a refusal (EditError) is shown and sent as an error, and nothing changes. */
  run(operation: Operation, step: () => EditResult, options: { remote?: boolean } = {}): boolean {
    const before = this.live.population ? new Map(this.live.population) : undefined;
    let result: EditResult;
    try {
      const start = performance.now();
      result = step();
      measure(`sozialraum-editor ${operation}`, start);
    } catch (error) {
      this.refuse(error);
      this.interactions.syncFeatures(this.interactions.liveKeys());
      return false;
    }
    this.afterStep(operation, result, before, options);
    return true;
  }

  refuse(error: unknown): void {
    const bilingual = withReason(error);
    this.announce(this.t.refused(messageText(bilingual, this.host.language())));
    this.host.emitError(bilingual, this.host.element.localName);
  }

  /** Refuses a step the editor itself cannot start (no area under the line, no barriers), in both languages. */
  refuseWith(reason: 'noArea' | 'noBarrier'): void {
    const text = message(editorMessages('en')[reason], editorMessages('de')[reason]);
    this.refuse(Object.assign(new Error(text.en), { text }));
  }

  afterStep(operation: Operation, result: EditResult, before: Map<string, number> | undefined, options: { remote?: boolean } = {}): void {
    const touched = [...new Set([...result.changed, ...result.added, ...result.removed])];
    this.interactions.vertexView = undefined;
    this.live.neighbours = undefined;
    this.interactions.syncFeatures([...result.changed, ...result.added]);
    let start = performance.now();
    const fresh = this.live.updatePopulation(result);
    measure('sozialraum-editor population', start);
    this.live.rows = [...result.changed, ...result.added].map((key) => ({ key, before: before?.get(key), after: this.live.population?.get(key) }));
    for (const key of result.removed) this.live.rows.push({ key, before: before?.get(key), after: undefined });
    start = performance.now();
    this.live.validateAround([...result.changed, ...result.added], result.removed);
    measure('sozialraum-editor checks', start);
    this.mergeWith.clear();
    const t = this.t;
    const ids = touched.join(', ');
    const text =
      operation === 'undo'
        ? t.undone(this.stepText(result))
        : operation === 'redo'
          ? t.redone(this.stepText(result))
          : operation in t.done
            ? t.done[operation as keyof EditorMessages['done']](ids)
            : this.stepText(result);
    this.announce(text);
    if (!options.remote)
      this.session.record(
        operation === 'undo' || operation === 'redo' ? operation : 'do',
        operation === 'undo' || operation === 'redo' ? undefined : this.editor.toJSON().undo.at(-1),
      );
    this.host.emit<AreasChangeDetail>('sozialraum-areas-change', {
      operation,
      label: result.label,
      ids: touched,
      changed: result.changed,
      added: result.added,
      removed: result.removed,
      population: Object.fromEntries(fresh),
    });
    this.host.requestUpdate();
  }

  undo(): void {
    if (!this.editor.canUndo) return this.announce(this.t.nothingToUndo);
    this.run('undo', () => this.editor.undo()!);
  }

  redo(): void {
    if (!this.editor.canRedo) return this.announce(this.t.nothingToRedo);
    this.run('redo', () => this.editor.redo()!);
  }

  merge(): void {
    const base = this.selected();
    if (!base) return this.announce(this.t.selectFirst);
    const keys = [base, ...this.mergeWith];
    const keep = this.mergeKeep !== undefined && keys.includes(this.mergeKeep) ? this.mergeKeep : this.largest(keys);
    this.run('merge', () => this.editor.merge(keys, { key: keep }));
    this.mergeKeep = undefined;
    this.host.state()?.select(this.editor.geometry(keep) ? keep : null);
  }

  /** The key of the largest of these areas: a merge keeps it unless the user picks another. */
  largest(keys: readonly string[]): string {
    let best = keys[0]!;
    let bestSize = -1;
    for (const key of keys) {
      const geometry = this.editor.geometry(key);
      if (!geometry) continue;
      const size = squareMetres(geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates, this.editor.topology.crs);
      if (size > bestSize) [best, bestSize] = [key, size];
    }
    return best;
  }

  /** The new part of a split: the next free key `<key>-n` and the name "… (Teil n)", which Rename changes. */
  splitNaming(key: string): { newKey: string; newName?: string } {
    let n = 2;
    while (this.editor.geometry(`${key}-${n}`)) n += 1;
    const name = this.areaName(key);
    return { newKey: `${key}-${n}`, ...(name ? { newName: this.t.partName(name, n) } : {}) };
  }

  rename(form: HTMLFormElement): void {
    const key = this.selected();
    if (!key) return this.announce(this.t.selectFirst);
    const data = new FormData(form);
    const newKey = String(data.get('key') ?? '').trim();
    const name = String(data.get('name') ?? '').trim();
    const change: { key?: string; name?: string } = {};
    if (newKey && newKey !== key) change.key = newKey;
    if (name !== (this.areaName(key) ?? '')) change.name = name;
    if (this.run('rename', () => this.editor.rename(key, change)) && change.key) this.host.state()?.select(change.key);
  }

  replaced(operation: Operation, message: string): void {
    this.interactions.vertexView = undefined;
    this.live.neighbours = undefined;
    const keys = [...this.interactions.liveKeys()];
    this.interactions.syncFeatures(keys);
    this.live.recomputeAllPopulation();
    this.interactions.applyTool();
    this.live.rows = [];
    this.announce(message);
    // The prompt's buttons are gone; the focus goes to the toolbar rather than to the page's start.
    if (operation === 'restore' || operation === 'discard') {
      void this.host.element.updateComplete.then(() => this.host.element.shadowRoot?.querySelector<HTMLButtonElement>('[data-tool]')?.focus());
    }
    this.host.emit<AreasChangeDetail>('sozialraum-areas-change', {
      operation,
      label: operation,
      ids: keys,
      changed: keys,
      added: [],
      removed: [],
      population: this.live.population ? Object.fromEntries(this.live.population) : {},
    });
    this.host.requestUpdate();
    void this.live.validateAll();
  }

  announce(text: string): void {
    // The same text twice in a row is read again only if it changes; a zero-width space makes it new.
    this.status = this.status === text ? `${text}\u200b` : text;
    this.host.requestUpdate();
  }

  selected(): string | null {
    const selected = this.host.state()?.selectedId ?? null;
    return selected && this.editor.geometry(selected) ? selected : null;
  }

  /** A step's label in the editor's language where the model gave one (steps saved by older versions have English only). */
  stepText(result: EditResult): string {
    return result.text?.[this.host.language()] ?? result.label;
  }

  /** "Name (key)" of a current or saved area, or the key alone. */
  labelOf(key: string): string {
    const name = this.areaName(key) ?? this.versions.flatMap((version) => version.topology.areas).find((area) => area?.key === key)?.name;
    return name ? `${name} (${key})` : key;
  }

  areaName(key: string): string | undefined {
    return this.editor.topology.areas.find((area) => area?.key === key)?.name;
  }

  // Rendering

  render(): TemplateResult {
    const t = this.t;
    const element = this.host.element;
    const tool = element.tool;
    const locked = this.session.locked;
    const steps = this.editor.steps(this.host.language());
    const history = steps.done;
    const tools: EditorTool[] = ['select', 'split', 'merge', 'vertex', 'barrier', 'carve', 'rename', 'comment'];
    return html`
      <div class="panel" part="panel" role="region" aria-label=${t.title}>
        <div class="heading"><h2>${t.title}</h2>${this.session.renderIndicator()}</div>
        ${this.session.renderNotices()}
        <div class="toolbar" part="toolbar" role="toolbar" aria-label=${t.toolbar}>
          ${tools.map(
            (name) =>
              html`<button type="button" data-tool=${name} aria-pressed=${tool === name ? 'true' : 'false'} ?disabled=${locked} @click=${() => this.setTool(name)}>${t.tools[name]}</button>`,
          )}
          <span class="history-tools">
            <span class="separator" aria-hidden="true"></span>
            <button type="button" class="undo" ?disabled=${locked || !this.editor.canUndo} title=${history.length > 0 ? t.undoStep(history.at(-1)!) : t.nothingToUndo} @click=${() => this.undo()}>${t.undo}</button>
            <button type="button" class="redo" ?disabled=${locked || !this.editor.canRedo} title=${this.editor.canRedo ? t.redoStep(steps.undone[0]!) : t.nothingToRedo} @click=${() => this.redo()}>${t.redo}</button>
          </span>
        </div>
        <p class="hint">${t.hints[tool] ?? ''}</p>
        ${this.interactions.barrierLines.length > 0 ? barrierLegend(t.barrierLegend) : nothing}
        ${this.renderToolPanel(tool)} ${this.brush.render()}
        <p class="status" part="status" role="status" aria-live="polite">${this.status}</p>
        <div class="sections">
          ${this.live.renderLive()} ${this.live.renderMarks()} ${this.live.renderFindings()} ${this.renderHistory()} ${this.proposals.renderVersions()} ${this.proposals.renderComments()}
          ${this.exchange.renderExchange()}
        </div>
        ${this.session.renderNote()}
      </div>
    `;
  }

  renderToolPanel(tool: EditorTool): unknown {
    const t = this.t;
    const selected = this.selected();
    if (tool === 'merge') {
      if (!selected) return html`<p class="note">${t.selectFirst}</p>`;
      const neighbours = this.live.neighbourMap().get(selected) ?? [];
      return html`<fieldset class="merge">
        <legend>${t.mergeBase(isolate(this.areaName(selected) ?? selected), isolate(selected))} – ${t.mergeWith}</legend>
        ${neighbours.length === 0 ? html`<p class="note">${t.mergeNoNeighbours}</p>` : nothing}
        ${neighbours.map(
          (key) => html`<label class="check"
            ><input
              type="checkbox"
              name="merge"
              value=${key}
              .checked=${this.mergeWith.has(key)}
              @change=${(event: Event) => {
                const input = event.target as HTMLInputElement;
                if (input.checked) this.mergeWith.add(key);
                else this.mergeWith.delete(key);
                this.interactions.marksLayer.changed();
                this.host.requestUpdate();
              }}
            /><span>${userText(this.areaName(key) ?? key)} (${userText(key)})</span></label
          >`,
        )}
        ${this.mergeWith.size > 0 ? this.renderMergeKeep([selected, ...this.mergeWith]) : nothing}
        <button type="button" class="merge-button" ?disabled=${this.mergeWith.size === 0} @click=${() => this.merge()}>${t.mergeButton(this.mergeWith.size + 1)}</button>
      </fieldset>`;
    }
    if (tool === 'rename') {
      if (!selected) return html`<p class="note">${t.selectFirst}</p>`;
      return html`<form
        class="row rename"
        @submit=${(event: Event) => {
          event.preventDefault();
          this.rename(event.target as HTMLFormElement);
        }}
      >
        <label>${t.renameKey}<input name="key" .value=${selected} autocomplete="off" /></label>
        <label>${t.renameName}<input name="name" .value=${this.areaName(selected) ?? ''} autocomplete="off" /></label>
        <button type="submit">${t.renameButton}</button>
      </form>`;
    }
    if (tool === 'barrier') return html`<p class="note">${this.interactions.barrierNote(t)}</p>`;
    if (tool === 'comment') {
      const target = this.proposals.pendingPin ? t.pin : selected ? (this.areaName(selected) ?? selected) : undefined;
      return html`<form
        class="row comment"
        @submit=${(event: Event) => {
          event.preventDefault();
          this.proposals.addComment(event.target as HTMLFormElement);
        }}
      >
        <label>${t.commentText}<textarea name="comment" rows="2" cols="40"></textarea></label>
        <button type="submit" ?disabled=${!target}>${this.proposals.pendingPin ? t.commentSave : target ? t.commentOnArea(isolate(target)) : t.selectFirst}</button>
        ${this.proposals.pendingPin ? html`<button type="button" @click=${() => this.proposals.setPendingPin(undefined)}>${t.cancel}</button>` : nothing}
      </form>`;
    }
    return nothing;
  }

  /** The choice of the area whose key and name the merge keeps, the largest first chosen. */
  renderMergeKeep(keys: readonly string[]): TemplateResult {
    const keep = this.mergeKeep !== undefined && keys.includes(this.mergeKeep) ? this.mergeKeep : this.largest(keys);
    return html`<label class="merge-keep"
      >${this.t.mergeKeep}
      <select
        @change=${(event: Event) => {
          this.mergeKeep = (event.target as HTMLSelectElement).value;
          this.host.requestUpdate();
        }}
      >
        ${keys.map((key) => html`<option value=${key} ?selected=${key === keep}>${isolate(this.areaName(key) ?? key)} (${isolate(key)})</option>`)}
      </select></label
    >`;
  }

  renderHistory(): TemplateResult {
    const t = this.t;
    const { done, undone } = this.editor.steps(this.host.language());
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
}

/** The operation a patch came from, by the first word of its label ("split 01100101"). */
function operationOf(patch: TopologyPatch): Operation {
  const word = patch.label.split(' ')[0] as Operation;
  return (['split', 'merge', 'vertex', 'barrier', 'carve', 'paint', 'rename'] as Operation[]).includes(word) ? word : 'adopt';
}
