// WorkerPool: runs core's tasks in module workers sized to the machine, with progress, cancellation and a
// main-thread fallback where a page may not start workers.
import { SozialraumError, message, type Message } from '@sozialraum/core';
import { deserializeError, type WorkerRequest, type WorkerResponse } from './protocol.js';
import { runTask, type TaskInput, type TaskName, type TaskOutput } from './tasks.js';

/**
 * Options of a WorkerPool, all optional:
 * - `size` [navigator.hardwareConcurrency − 1, at least 1]: the most workers that run at once. `0` runs every
 *   task on the main thread, between frames.
 * - `idleTimeout` [10000]: milliseconds after which a worker with nothing to do is ended; the next task starts
 *   a new one.
 * - `startTimeout` [20000]: milliseconds to wait for a new worker to load before the pool falls back to the main
 *   thread.
 * - `createWorker` [the module worker `aggregate.worker.js` next to this module]: makes a worker; for bundlers
 *   and pages that host the worker file elsewhere.
 */
export interface WorkerPoolOptions {
  size?: number;
  idleTimeout?: number;
  startTimeout?: number;
  createWorker?: () => Worker;
}

export interface RunOptions {
  /** Cancels the task: a waiting task leaves the queue, a running one ends with its worker. */
  signal?: AbortSignal | undefined;
  /** Called as the task progresses (for an aggregation: areas done of the total). */
  onProgress?: ((done: number, total: number) => void) | undefined;
  /** Buffers of the input to move to the worker instead of copying; they are unusable here afterwards. */
  transfer?: Transferable[] | undefined;
}

/** The default size: every core but one, which the page keeps. */
export function defaultPoolSize(): number {
  const cores = typeof navigator === 'undefined' ? undefined : navigator.hardwareConcurrency;
  return Math.max(1, (Number.isInteger(cores) && cores! > 0 ? cores! : 2) - 1);
}

/** The worker file of this package, as a module worker (the URL pattern bundlers recognise and copy). */
export function createAggregateWorker(): Worker {
  return new Worker(new URL('./aggregate.worker.js', import.meta.url), { type: 'module', name: 'sozialraum-aggregate' });
}

interface Job {
  id: number;
  task: TaskName;
  input: TaskInput<TaskName>;
  options: RunOptions;
  resolve: (output: TaskOutput<TaskName>) => void;
  reject: (error: unknown) => void;
  settled: boolean;
  slot: Slot | undefined;
  onAbort: (() => void) | undefined;
}

interface Slot {
  worker: Worker;
  ready: boolean;
  job: Job | undefined;
  timer: ReturnType<typeof setTimeout> | undefined;
}

/**
 * A pool of module workers that run the toolkit's tasks (see `tasks.ts`). A worker holds one task at a time; the
 * others wait in the pool's queue and go to the first worker that is free, a new worker being started while fewer
 * than `size` run. So the load is spread, a waiting task can be cancelled without touching a worker, and a running
 * task (computed synchronously, deaf to messages) is cancelled by ending its worker. After a cancellation the
 * workers left idle are ended too, so a cancel leaves nothing running. Inputs move to the worker as transferred
 * buffers when the caller lists them; outputs always come back transferred.
 *
 * Where workers cannot start (a Content-Security-Policy without `worker-src 'self'`, a worker file that cannot be
 * loaded, `Worker` missing), the pool runs every task on the main thread instead, with the same results and the
 * same progress, yielding to the page between tasks. `fallbackReason` says why.
 */
export class WorkerPool {
  /** The most workers that run at once; 0 when every task runs on the main thread. */
  readonly size: number;
  readonly #idleTimeout: number;
  readonly #startTimeout: number;
  readonly #createWorker: () => Worker;
  #slots: Slot[] = [];
  readonly #queue: Job[] = [];
  #nextId = 1;
  #fallbackReason: string | undefined;
  #mainThreadBusy = false;
  #disposed = false;
  #readyWaiters: ((workers: boolean) => void)[] = [];

  constructor(options: WorkerPoolOptions = {}) {
    const size = options.size ?? defaultPoolSize();
    this.size = Number.isFinite(size) && size > 0 ? Math.floor(size) : 0;
    this.#idleTimeout = options.idleTimeout ?? 10_000;
    this.#startTimeout = options.startTimeout ?? 20_000;
    this.#createWorker = options.createWorker ?? createAggregateWorker;
  }

  /** Workers started and not yet ended. */
  get liveWorkers(): number {
    return this.#slots.length;
  }

  /** Workers running a task now. */
  get busyWorkers(): number {
    return this.#slots.filter((slot) => slot.job).length;
  }

  /** Tasks waiting for a worker. */
  get queuedTasks(): number {
    return this.#queue.length;
  }

  /** True when tasks run on the main thread: `size` 0, or workers could not start. */
  get onMainThread(): boolean {
    return this.size === 0 || this.#fallbackReason !== undefined;
  }

  /** Why the pool fell back to the main thread, e.g. a worker blocked by the page's Content-Security-Policy. */
  get fallbackReason(): string | undefined {
    return this.#fallbackReason;
  }

  /**
   * Starts up to `count` workers ahead of the work (while data loads, say). Resolves true once one is ready, false
   * when the tasks will run on the main thread.
   */
  warm(count = this.size): Promise<boolean> {
    if (this.#disposed || this.onMainThread) return Promise.resolve(false);
    if (this.#slots.some((slot) => slot.ready)) return Promise.resolve(true);
    const wanted = Math.min(Math.max(1, count), this.size);
    while (this.#slots.length < wanted && this.#fallbackReason === undefined) this.#spawn();
    if (this.onMainThread) return Promise.resolve(false);
    return new Promise((resolve) => this.#readyWaiters.push(resolve));
  }

  /** Runs a task; resolves with its output, rejects with its error, or with an 'aborted' SozialraumError when cancelled. */
  run<K extends TaskName>(task: K, input: TaskInput<K>, options: RunOptions = {}): Promise<TaskOutput<K>> {
    if (this.#disposed) return Promise.reject(aborted(`task "${task}"`, POOL_DISPOSED));
    const { signal } = options;
    if (signal?.aborted) return Promise.reject(aborted(`task "${task}"`, TASK_CANCELLED, signal.reason));
    return new Promise<TaskOutput<K>>((resolve, reject) => {
      const job: Job = {
        id: this.#nextId++,
        task,
        input,
        options,
        resolve: resolve as (output: TaskOutput<TaskName>) => void,
        reject,
        settled: false,
        slot: undefined,
        onAbort: undefined,
      };
      if (signal) {
        job.onAbort = () => this.#cancel(job, aborted(`task "${task}"`, TASK_CANCELLED, signal.reason));
        signal.addEventListener('abort', job.onAbort, { once: true });
      }
      this.#queue.push(job);
      this.#pump();
    });
  }

  /** Ends every worker and rejects every waiting and running task; the pool takes no further tasks. */
  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    for (const slot of [...this.#slots]) {
      const job = slot.job;
      this.#end(slot);
      if (job) this.#settle(job, aborted(`task "${job.task}"`, POOL_DISPOSED));
    }
    for (const job of this.#queue.splice(0)) this.#settle(job, aborted(`task "${job.task}"`, POOL_DISPOSED));
    this.#wakeWaiters(false);
  }

  #pump(): void {
    if (this.#disposed) return;
    if (this.onMainThread) {
      this.#pumpMainThread();
      return;
    }
    for (const slot of this.#slots) {
      if (this.#queue.length === 0) break;
      if (slot.ready && !slot.job) this.#dispatch(slot, this.#queue.shift()!);
    }
    // More workers while tasks wait that no starting worker will take.
    const starting = this.#slots.filter((slot) => !slot.ready).length;
    let waiting = this.#queue.length - starting;
    while (waiting > 0 && this.#slots.length < this.size && this.#fallbackReason === undefined) {
      this.#spawn();
      waiting -= 1;
    }
    if (this.onMainThread) this.#pumpMainThread();
  }

  #spawn(): void {
    let worker: Worker;
    try {
      if (typeof Worker === 'undefined') throw new Error('this environment has no Worker');
      worker = this.#createWorker();
    } catch (error) {
      // A Content-Security-Policy may refuse the worker right here (SecurityError) instead of with an error event.
      this.#fallBack(`a worker could not be created (${error instanceof Error ? error.message : String(error)})`);
      return;
    }
    const slot: Slot = { worker, ready: false, job: undefined, timer: undefined };
    slot.timer = setTimeout(() => this.#fallBack(`a worker did not start within ${this.#startTimeout} ms`), this.#startTimeout);
    worker.addEventListener('message', (event: MessageEvent<WorkerResponse>) => this.#onMessage(slot, event.data));
    worker.addEventListener('error', (event) => this.#onError(slot, event));
    worker.addEventListener('messageerror', () => this.#onError(slot, undefined));
    this.#slots.push(slot);
  }

  #dispatch(slot: Slot, job: Job): void {
    clearTimeout(slot.timer);
    slot.timer = undefined;
    slot.job = job;
    job.slot = slot;
    const request = { type: 'run', id: job.id, task: job.task, input: job.input } as WorkerRequest;
    try {
      slot.worker.postMessage(request, job.options.transfer ?? []);
    } catch (error) {
      // The input could not be cloned (a function, a detached buffer): the task fails, the worker stays.
      slot.job = undefined;
      this.#settle(job, error);
      this.#idle(slot);
    }
  }

  #onMessage(slot: Slot, message: WorkerResponse): void {
    if (message.type === 'ready') {
      clearTimeout(slot.timer);
      slot.ready = true;
      this.#wakeWaiters(true);
      this.#idle(slot);
      return;
    }
    const job = slot.job;
    if (!job || job.id !== message.id) return;
    if (message.type === 'progress') {
      if (!job.settled) job.options.onProgress?.(message.done, message.total);
      return;
    }
    slot.job = undefined;
    job.slot = undefined;
    if (message.type === 'result') this.#settle(job, undefined, message.output);
    else this.#settle(job, deserializeError(message.error));
    this.#idle(slot);
  }

  #onError(slot: Slot, event: Event | undefined): void {
    const detail = event instanceof ErrorEvent && event.message ? event.message : 'the worker script could not be loaded or was refused';
    if (!slot.ready) {
      // Blocked by the page's Content-Security-Policy, not found, or not a module: nothing was sent to it yet.
      this.#end(slot);
      this.#fallBack(`a worker could not be started (${detail})`);
      return;
    }
    const job = slot.job;
    this.#end(slot);
    if (job) this.#settle(job, new Error(`the worker running task "${job.task}" stopped: ${detail}`));
    this.#pump();
  }

  /** A worker with nothing to do takes the next task, or ends after the idle timeout. */
  #idle(slot: Slot): void {
    if (this.#disposed || !this.#slots.includes(slot)) return;
    if (this.#fallbackReason !== undefined) {
      this.#end(slot);
      this.#pump();
      return;
    }
    const next = this.#queue.shift();
    if (next) {
      this.#dispatch(slot, next);
      return;
    }
    clearTimeout(slot.timer);
    slot.timer = setTimeout(() => this.#end(slot), this.#idleTimeout);
  }

  #end(slot: Slot): void {
    clearTimeout(slot.timer);
    slot.worker.terminate();
    if (slot.job) slot.job.slot = undefined;
    slot.job = undefined;
    this.#slots = this.#slots.filter((candidate) => candidate !== slot);
  }

  #cancel(job: Job, error: SozialraumError): void {
    if (job.settled) return;
    const queued = this.#queue.indexOf(job);
    if (queued >= 0) this.#queue.splice(queued, 1);
    if (job.slot) this.#end(job.slot);
    this.#settle(job, error);
    // A cancel gives back what the work held: workers with nothing to do end now rather than after the idle
    // timeout, and so do workers still loading when no task waits for them.
    for (const slot of [...this.#slots]) if (!slot.job && (slot.ready || this.#queue.length === 0)) this.#end(slot);
    if (this.#slots.length === 0) this.#wakeWaiters(!this.onMainThread);
    this.#pump();
  }

  #settle(job: Job, error: unknown, output?: TaskOutput<TaskName>): void {
    if (job.settled) return;
    job.settled = true;
    if (job.onAbort) job.options.signal?.removeEventListener('abort', job.onAbort);
    if (error === undefined) job.resolve(output!);
    else job.reject(error);
  }

  #fallBack(reason: string): void {
    if (this.#fallbackReason !== undefined || this.#disposed) return;
    this.#fallbackReason = reason;
    console.warn(
      `sozialraum: computing on the main thread, because ${reason}. Allow workers with the Content-Security-Policy "worker-src 'self'" to keep the page responsive.`,
    );
    // Workers already running a task finish it; the others end.
    for (const slot of [...this.#slots]) if (!slot.job) this.#end(slot);
    this.#wakeWaiters(false);
    this.#pumpMainThread();
  }

  #wakeWaiters(workers: boolean): void {
    for (const wake of this.#readyWaiters.splice(0)) wake(workers);
  }

  /** One task at a time, each in a task of its own, so the page paints progress and hears a cancel in between. */
  #pumpMainThread(): void {
    if (this.#mainThreadBusy || this.#queue.length === 0 || this.#disposed) return;
    const job = this.#queue.shift()!;
    this.#mainThreadBusy = true;
    setTimeout(async () => {
      if (!job.settled && !this.#disposed) {
        const { signal, onProgress } = job.options;
        try {
          // An asynchronous task (the proposal) keeps the main thread's turn until it ends, yielding in between.
          const output = await runTask(job.task, job.input, { signal, onProgress: (done, total) => !job.settled && onProgress?.(done, total) });
          this.#settle(job, undefined, output);
        } catch (error) {
          this.#settle(job, signal?.aborted ? aborted(`task "${job.task}"`, TASK_CANCELLED, signal.reason) : error);
        }
      }
      this.#mainThreadBusy = false;
      this.#pumpMainThread();
    }, 0);
  }
}

const POOL_DISPOSED = message('the worker pool was disposed', 'die Berechnung wurde beendet, weil der Worker-Pool geschlossen wurde');
const TASK_CANCELLED = message('the task was cancelled', 'die Berechnung wurde abgebrochen');

function aborted(source: string, text: Message, reason?: unknown): SozialraumError {
  return new SozialraumError('aborted', text, { source }, { cause: reason });
}
