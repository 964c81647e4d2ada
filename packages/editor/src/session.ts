// Keeping the session: every step written as its own IndexedDB record at the moment of the step, a compacted
// snapshot now and then, restore and discard, one editing tab per storage key, and what the page says when the
// browser refuses to store.
import { html, nothing, type TemplateResult } from 'lit';
import type { TopologyPatch } from '@sozialraum/core';
import {
  deleteSession,
  loadSession,
  openDatabase,
  writeComments,
  writeSnapshot,
  writeStep,
  writeVersions,
  type SavedSession,
  type StoredStep,
} from './storage.js';
import { sessionMessages, type SessionMessages } from './session-i18n.js';
import type { EditorRuntime } from './editor-runtime.js';
import type { SaveStatus } from './sozialraum-editor.component.js';

/** After this many steps the whole state is written once, so that a restore replays few steps. */
const COMPACT_EVERY = 50;

type Mode = 'starting' | 'editing' | 'read-only';

/** What tabs of the same storage key tell each other. */
type TabMessage =
  { type: 'step'; seq: number; kind: StoredStep['kind']; patch?: TopologyPatch } | { type: 'replaced' } | { type: 'handover' } | { type: 'released' };

export class SessionController {
  readonly #runtime: EditorRuntime;
  #database: IDBDatabase | undefined;
  #channel: BroadcastChannel | undefined;
  #mode: Mode = 'starting';
  /** The number of the last step done here or followed from the editing tab. */
  #seq = 0;
  /** The number of the last step whose transaction committed. */
  #committed = 0;
  /**
   * Whether this log's snapshot is in the database: steps are replayed onto it, so a step that commits without it
   * restores nothing and does not count as saved (a full quota refuses the large snapshot, not the small steps).
   */
  #baseSaved = false;
  /** A new session whose snapshot is not written yet (see start); the first step or version writes it. */
  #baseDue = false;
  /** The last step whose own transaction committed, counted once the snapshot is there too. */
  #stepsDone = 0;
  #sinceSnapshot = 0;
  #compaction = 0;
  #pending = new Set<Promise<void>>();
  #open = new Set<IDBTransaction>();
  #savedAt: Date | undefined;
  #failure: { reason: string; browser: string } | undefined;
  #persisted: boolean | undefined;
  #release: (() => void) | undefined;
  #reloading: Promise<void> | undefined;
  /**
   * Messages from the editing tab that came while this tab read the session (at the start, or again after a missed
   * step): the read may have begun before their steps were written, so they are handled once it is done.
   */
  #waiting: TabMessage[] | undefined = [];
  pendingRestore: SavedSession | undefined;
  #askDiscard = false;

  constructor(runtime: EditorRuntime) {
    this.#runtime = runtime;
  }

  get #t(): SessionMessages {
    return sessionMessages(this.#runtime.host.language());
  }

  get #key(): string {
    return this.#runtime.storageKey;
  }

  /** True while the user cannot edit: a saved session waits for restore or discard, or another tab edits. */
  get locked(): boolean {
    return this.pendingRestore !== undefined || this.#mode !== 'editing';
  }

  /** Resolves when every write issued so far has committed or failed. */
  get saved(): Promise<void> {
    return Promise.allSettled([...this.#pending]).then(() => undefined);
  }

  /** Steps done here that are not (yet) in IndexedDB. */
  get unsaved(): number {
    return this.#seq - this.#committed;
  }

  status(): SaveStatus {
    const failed = this.#failure !== undefined || (!this.#database && this.#mode === 'editing');
    const failure = this.#failure ?? (failed ? { reason: this.#t.reasons.unavailable, browser: '' } : undefined);
    return {
      state: failed ? 'not-saved' : this.#pending.size > 0 ? 'saving' : 'saved',
      editing: !this.locked,
      steps: this.#seq,
      committed: this.#committed,
      ...(failure ? { failure: this.#t.failure(failure.reason, failure.browser) } : {}),
    };
  }

  async start(): Promise<void> {
    const signal = this.#runtime.host.signal;
    addEventListener('pagehide', () => this.flush({ leaving: true }), { signal });
    document.addEventListener('visibilitychange', () => document.visibilityState === 'hidden' && this.flush(), { signal });
    addEventListener('beforeunload', (event) => this.#beforeUnload(event), { signal });
    signal.addEventListener('abort', () => this.#dispose(), { once: true });
    try {
      this.#database = await openDatabase();
    } catch (error) {
      this.#mode = 'editing';
      this.#fail(error);
      return;
    }
    if (typeof BroadcastChannel === 'function') {
      this.#channel = new BroadcastChannel(`sozialraum-editor:${this.#key}`);
      this.#channel.onmessage = (event: MessageEvent<TabMessage>) => this.#onMessage(event.data);
    }
    const owned = await this.#acquire(true);
    // User timing: how long reading (and replaying) the saved session takes.
    const read = performance.mark('sozialraum-editor session read start');
    const saved = await loadSession(this.#database, this.#key).catch(() => undefined);
    performance.measure('sozialraum-editor session read', { start: read.startTime, end: performance.now() });
    if (owned) {
      this.#mode = 'editing';
      void navigator.storage
        ?.persist?.()
        .then((persisted) => (this.#persisted = persisted))
        .catch(() => undefined);
      if (saved && hasWork(saved)) this.pendingRestore = saved;
      // A new session's snapshot (the whole state, some 100 ms to clone) is written when the page is idle, or first
      // thing when a step or a version comes before: until then there is nothing to restore, and the tools are usable
      // without it.
      else {
        this.#baseDue = true;
        const write = () => this.#baseDue && this.#mode === 'editing' && this.#writeBase({ replace: true });
        if ('requestIdleCallback' in window) requestIdleCallback(write, { timeout: 10_000 });
        else setTimeout(write, 2000);
      }
    } else {
      this.#mode = 'read-only';
      if (saved) this.#follow(saved, 'restore');
      // When the editing tab closes, this one goes on editing without being asked.
      void this.#acquire(false).then((granted) => {
        if (granted) void this.#takeOver();
      });
    }
    this.#drain();
  }

  #dispose(): void {
    this.flush();
    // A new session's snapshot still waiting for an idle moment is not written once the database closes.
    this.#baseDue = false;
    clearTimeout(this.#compaction);
    this.#channel?.close();
    this.#channel = undefined;
    // The lock goes once the writes issued here have committed, so a tab taking over reads every step.
    void this.saved.then(() => {
      this.#release?.();
      this.#database?.close();
    });
  }

  /** Asks for the tab lock of this key; with `ifAvailable` it answers at once. Resolves true when held. */
  #acquire(ifAvailable: boolean): Promise<boolean> {
    const locks = navigator.locks;
    // Without the Web Locks API (very old browsers) every tab edits, as before.
    if (!locks) return Promise.resolve(true);
    return new Promise((resolve) => {
      void locks
        .request(`sozialraum-editor:${this.#key}`, { ifAvailable, signal: ifAvailable ? undefined : this.#runtime.host.signal } as LockOptions, (lock) => {
          if (!lock || this.#runtime.host.signal.aborted) {
            resolve(false);
            return undefined;
          }
          resolve(true);
          return new Promise<void>((release) => (this.#release = release));
        })
        .catch(() => resolve(false));
    });
  }

  // Writing

  /** Records a step just done here: its own record, in its own transaction, cloned now. */
  record(kind: StoredStep['kind'], patch: TopologyPatch | undefined): void {
    if (this.#mode !== 'editing') return;
    this.#seq += 1;
    const seq = this.#seq;
    this.#channel?.postMessage({ type: 'step', seq, kind, ...(patch ? { patch } : {}) } satisfies TabMessage);
    if (!this.#database || this.#failure) return this.#runtime.host.requestUpdate();
    // The snapshot goes first: transactions over the same stores commit in the order they were made.
    if (this.#baseDue) this.#writeBase({ replace: true });
    const start = performance.now();
    const write = writeStep(this.#database, { key: this.#key, seq, kind, ...(patch ? { patch } : {}), savedAt: new Date().toISOString() });
    performance.measure('sozialraum-editor save', { start, end: performance.now() });
    this.#track(write, seq);
    this.#sinceSnapshot += 1;
    if (this.#sinceSnapshot >= COMPACT_EVERY && !this.#compaction) this.#compaction = window.setTimeout(() => this.#compact(), 200);
  }

  /** Writes the versions (large, rarely changed) or the comments. */
  recordMeta(what: 'versions' | 'comments'): void {
    if (this.#mode !== 'editing' || !this.#database || this.#failure) return;
    if (this.#baseDue) this.#writeBase({ replace: true });
    const runtime = this.#runtime;
    const write = what === 'versions' ? writeVersions(this.#database, this.#key, runtime.versions) : writeComments(this.#database, this.#key, runtime.comments);
    this.#track(write, this.#seq);
    this.#channel?.postMessage({ type: 'replaced' } satisfies TabMessage);
  }

  /** After the whole session was replaced (an import): a new log starts from the state as it is now. */
  rebase(): void {
    if (this.#mode !== 'editing') return;
    this.#writeBase({ replace: true });
    this.#channel?.postMessage({ type: 'replaced' } satisfies TabMessage);
  }

  /** The whole state as the snapshot of the current step; `replace` starts a new log (a new or replaced session). */
  #writeBase(options: { replace?: boolean } = {}): void {
    this.#baseDue = false;
    if (!this.#database || this.#failure) return;
    this.#sinceSnapshot = 0;
    this.#track(writeSnapshot(this.#database, this.#key, this.#seq, this.#runtime.editor.toJSON(), options), this.#seq, true);
  }

  /** A compacted snapshot when the page is idle, between steps, so that no step pays for it. */
  #compact(): void {
    this.#compaction = 0;
    if (this.#mode !== 'editing') return;
    const run = () => {
      const start = performance.now();
      this.#writeBase();
      performance.measure('sozialraum-editor snapshot', { start, end: performance.now() });
    };
    if ('requestIdleCallback' in window) requestIdleCallback(run, { timeout: 2000 });
    else run();
  }

  #track(write: { done: Promise<void>; transaction: IDBTransaction }, seq: number, snapshot = false): void {
    this.#open.add(write.transaction);
    const done = write.done.then(
      () => {
        if (snapshot) this.#baseSaved = true;
        else this.#stepsDone = Math.max(this.#stepsDone, seq);
        if (this.#baseSaved) this.#committed = Math.max(this.#committed, snapshot ? seq : 0, this.#stepsDone);
        this.#savedAt = new Date();
      },
      (error: unknown) => this.#fail(error),
    );
    const settled = done.finally(() => {
      this.#pending.delete(settled);
      this.#open.delete(write.transaction);
      this.#runtime.host.requestUpdate();
    });
    this.#pending.add(settled);
    this.#runtime.host.requestUpdate();
  }

  /**
   * The page is being hidden or left. Every step is in its transaction already (each is committed as it is written), so
   * nothing waits in memory; what is open is committed at once. A snapshot that is due is written now when the page
   * is only hidden (it may be frozen or discarded later), and not started when it is left, since the steps are in the
   * log.
   */
  flush(options: { leaving?: boolean } = {}): void {
    for (const transaction of this.#open) {
      try {
        transaction.commit();
      } catch {
        // Already committing or finished.
      }
    }
    if (!this.#compaction) return;
    clearTimeout(this.#compaction);
    this.#compaction = 0;
    if (!options.leaving && this.#mode === 'editing') this.#writeBase();
  }

  #fail(error: unknown): void {
    if (this.#failure) return;
    const name = error instanceof DOMException || error instanceof Error ? error.name : '';
    const t = this.#t;
    const reason =
      name === 'QuotaExceededError'
        ? t.reasons.quota
        : name === 'InvalidStateError' || name === 'SecurityError' || name === 'UnknownError'
          ? t.reasons.unavailable
          : t.reasons.other;
    const browser = error instanceof Error ? error.message : String(error ?? '');
    this.#failure = { reason, browser: browser || name };
    // The notice that appears is an alert: screen readers announce it once, with its reason.
    this.#runtime.host.requestUpdate();
  }

  #beforeUnload(event: BeforeUnloadEvent): void {
    if (this.#mode !== 'editing' || this.unsaved === 0 || (!this.#failure && this.#database === undefined)) return;
    event.preventDefault();
    // Older browsers show the dialog only with a return value.
    event.returnValue = '';
  }

  /** Writes the whole state again after a failure; on success the page says so and goes on saving every step. */
  #retry(): void {
    if (!this.#database) return;
    this.#failure = undefined;
    this.#committed = Math.min(this.#committed, this.#seq);
    const seq = this.#seq;
    const write = writeSnapshot(this.#database, this.#key, seq, this.#runtime.editor.toJSON(), { replace: true });
    this.#track(write, seq, true);
    void write.done.then(() => this.#runtime.announce(this.#t.retried)).catch(() => undefined);
  }

  // Restore and discard

  restore(): void {
    const saved = this.pendingRestore;
    if (!saved) return;
    this.pendingRestore = undefined;
    this.#seq = saved.seq;
    this.#committed = saved.seq;
    this.#baseSaved = true;
    if (!this.#runtime.load(saved, 'restore', this.#runtime.t.restored(saved.state.undo.length))) return;
    // Steps after a gap in the log (a transaction that never committed) must not come back after later steps.
    this.#writeBase({ replace: true });
    this.#channel?.postMessage({ type: 'replaced' } satisfies TabMessage);
  }

  #discard(): void {
    if (!this.pendingRestore || this.#mode !== 'editing') return;
    this.pendingRestore = undefined;
    this.#askDiscard = false;
    this.#seq = 0;
    this.#committed = 0;
    this.#stepsDone = 0;
    this.#baseSaved = false;
    // Only the tab holding the lock gets here: no other tab is working on this session.
    if (this.#database) this.#track(deleteSession(this.#database, this.#key), 0);
    this.#writeBase({ replace: true });
    this.#channel?.postMessage({ type: 'replaced' } satisfies TabMessage);
    this.#runtime.replaced('discard', this.#runtime.t.discarded);
  }

  // Tabs

  #onMessage(message: TabMessage): void {
    if (message.type === 'handover') {
      if (this.#mode === 'editing') void this.#handOver();
      return;
    }
    if (this.#waiting) this.#waiting.push(message);
    else this.#handle(message);
  }

  #handle(message: TabMessage): void {
    if (this.#mode !== 'read-only') return;
    // A step the session as read already holds (its transaction came before the read).
    if (message.type === 'step' && message.seq <= this.#seq) return;
    if (message.type === 'step' && message.seq === this.#seq + 1 && (message.kind !== 'do' || message.patch)) {
      this.#seq = message.seq;
      this.#committed = message.seq;
      this.#savedAt = new Date();
      this.#runtime.applyRemote(message.kind, message.patch);
    } else if (message.type !== 'released') {
      void this.#reload();
    }
  }

  /** Another tab asked to edit: everything written here commits first, then the lock goes to it. */
  async #handOver(): Promise<void> {
    this.#mode = 'read-only';
    this.pendingRestore = undefined;
    this.flush();
    await this.saved;
    this.#release?.();
    this.#release = undefined;
    this.#channel?.postMessage({ type: 'released' } satisfies TabMessage);
    this.#runtime.applyTool();
    this.#runtime.announce(this.#t.handedOver);
    void this.#acquire(false).then((granted) => {
      if (granted) void this.#takeOver();
    });
  }

  #continueHere(): void {
    this.#channel?.postMessage({ type: 'handover' } satisfies TabMessage);
  }

  /** This tab holds the lock now: it reads every step the other tab wrote and goes on from there. */
  async #takeOver(): Promise<void> {
    if (this.#runtime.host.signal.aborted || !this.#database) return;
    const saved = await loadSession(this.#database, this.#key).catch(() => undefined);
    this.#mode = 'editing';
    if (saved) {
      this.#seq = saved.seq;
      this.#committed = saved.seq;
      this.#baseSaved = true;
      this.#runtime.load(saved, 'restore', this.#t.tookOver(saved.state.undo.length));
    } else {
      this.#runtime.applyTool();
      this.#runtime.host.requestUpdate();
    }
    this.#writeBase({ replace: true });
  }

  /** Reads the session the other tab is writing, when a message was missed or the session was replaced. */
  #reload(): Promise<void> {
    this.#reloading ??= (async () => {
      this.#waiting ??= [];
      const saved = this.#database ? await loadSession(this.#database, this.#key).catch(() => undefined) : undefined;
      if (saved && this.#mode === 'read-only') this.#follow(saved, 'restore');
    })().finally(() => {
      this.#reloading = undefined;
      this.#drain();
    });
    return this.#reloading;
  }

  /** Handles the messages that came while the session was read, in order; one that calls for another read queues the rest. */
  #drain(): void {
    const waiting = this.#waiting ?? [];
    this.#waiting = undefined;
    for (const [index, message] of waiting.entries()) {
      // #handle may have started another read.
      const again = this.#waiting as TabMessage[] | undefined;
      if (again) {
        again.push(...waiting.slice(index));
        return;
      }
      this.#handle(message);
    }
  }

  #follow(saved: SavedSession, operation: 'restore'): void {
    this.#seq = saved.seq;
    this.#committed = saved.seq;
    this.#baseSaved = true;
    this.#savedAt = new Date(saved.savedAt);
    this.#runtime.load(saved, operation, this.#t.readOnly);
  }

  // Rendering

  /** The save indicator: saved (with its time), saving, or not saved. */
  renderIndicator(): TemplateResult {
    const t = this.#t;
    const { state } = this.status();
    const time = this.#savedAt ? new Intl.DateTimeFormat(this.#runtime.t.numberLocale, { timeStyle: 'medium' }).format(this.#savedAt) : '';
    const text = state === 'not-saved' ? t.notSaved : state === 'saving' ? t.saving : t.saved(time);
    return html`<p class="save-state" part="save-state" data-state=${state} title=${state === 'not-saved' ? t.notSavedTitle : ''}>
      <span class="dot" aria-hidden="true"></span>${text}
    </p>`;
  }

  /** The prompt for saved work, the read-only notice, and the storage failure with its export. */
  renderNotices(): unknown {
    const t = this.#t;
    return [
      this.pendingRestore ? this.#renderRestore(this.pendingRestore) : nothing,
      this.#mode === 'read-only'
        ? html`<div class="read-only" part="read-only" role="group" aria-labelledby="read-only-text">
            <p id="read-only-text">${t.readOnly}</p>
            <button type="button" class="continue-here" @click=${() => this.#continueHere()}>${t.continueHere}</button>
          </div>`
        : nothing,
      this.#failure || (!this.#database && this.#mode === 'editing') ? this.#renderFailure() : nothing,
    ];
  }

  #renderFailure(): TemplateResult {
    const t = this.#t;
    const failure = this.#failure ?? { reason: t.reasons.unavailable, browser: '' };
    return html`<div class="save-failure" part="save-failure" role="alert">
      <p><strong>${t.notSavedTitle}</strong> ${t.failure(failure.reason, failure.browser)} ${this.unsaved > 0 ? t.unsaved(this.unsaved) : ''}</p>
      <div class="row">
        <button type="button" class="export-now" @click=${() => void this.#runtime.exchange.exportAreas('geojson')}>${t.exportNow}</button>
        ${this.#database ? html`<button type="button" class="retry-save" @click=${() => this.#retry()}>${t.retry}</button>` : nothing}
      </div>
    </div>`;
  }

  #renderRestore(saved: SavedSession): TemplateResult {
    const t = this.#runtime.t;
    const when = new Intl.DateTimeFormat(t.numberLocale, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(saved.savedAt));
    const steps = saved.state.undo.length;
    return html`<div class="restore" part="restore" role="group" aria-labelledby="restore-text">
      <p id="restore-text">${t.restoreFound(steps, saved.versions.length, saved.comments.length, when)}</p>
      ${
        this.#askDiscard
          ? html`<p class="discard-ask" id="discard-ask">${this.#t.discardAsk(steps + saved.state.redo.length, saved.versions.length, saved.comments.length)}</p>
            <div class="row" role="group" aria-labelledby="discard-ask">
              <button type="button" class="discard-confirm" @click=${() => this.#discard()}>${this.#t.discardConfirm}</button>
              <button type="button" class="discard-keep" @click=${() => this.#setAskDiscard(false)}>${this.#t.discardKeep}</button>
            </div>`
          : html`<div class="row">
            <button type="button" class="restore-button" @click=${() => this.restore()}>${t.restore}</button>
            <button type="button" class="discard-button" @click=${() => this.#setAskDiscard(true)}>${t.discard}</button>
          </div>`
      }
    </div>`;
  }

  #setAskDiscard(ask: boolean): void {
    this.#askDiscard = ask;
    this.#runtime.host.requestUpdate();
    // The buttons that had the focus are gone; it goes to the first of the new ones.
    void this.#runtime.host.element.updateComplete.then(() =>
      this.#runtime.host.element.shadowRoot?.querySelector<HTMLButtonElement>(ask ? '.discard-confirm' : '.restore-button')?.focus(),
    );
  }

  /** The line under the panel: where the work is kept, and whether the browser may clear it. */
  renderNote(): TemplateResult {
    const t = this.#t;
    if (this.#failure || !this.#database) return html`<p class="note">${t.memoryNote}</p>`;
    const kept = this.#persisted === undefined ? '' : ` ${this.#persisted ? t.persisted : t.notPersisted}`;
    return html`<p class="note">${this.#runtime.t.storageKey(this.#key)}${kept}</p>`;
  }
}

function hasWork(saved: SavedSession): boolean {
  return saved.state.undo.length + saved.state.redo.length > 0 || saved.versions.length > 0 || saved.comments.length > 0;
}
