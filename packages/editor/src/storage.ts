// The editing session in IndexedDB as a log: a compacted snapshot of the editor state, then every step as a record of
// its own, written in its own transaction at the moment of the step. A restore replays the snapshot and the steps
// that committed, so the areas restored always equal the history restored.
import { TopologyEditor, type EditorState, type Topology, type TopologyPatch } from '@sozialraum/core';
import { packArcs, unpackArcs, type PackedArcs } from '@sozialraum/worker/topology.js';

/** A named state of the areas, for proposals and comparison. */
export interface EditorVersion {
  name: string;
  /** ISO time of saving. */
  savedAt: string;
  topology: Topology;
}

/** A comment on an area (`areaKey`) or pinned to a place on the map (`position`, in the topology's CRS). */
export interface EditorComment {
  id: string;
  text: string;
  createdAt: string;
  areaKey?: string | undefined;
  position?: [number, number] | undefined;
}

/** One step as stored: a new patch (`do`), or an undo or redo of the steps before it. */
export interface StoredStep {
  key: string;
  seq: number;
  kind: 'do' | 'undo' | 'redo';
  patch?: TopologyPatch;
  savedAt: string;
}

/** Everything kept per storage key, with the steps already replayed onto the snapshot. */
export interface SavedSession {
  key: string;
  savedAt: string;
  /** The editor state after the last step that committed. */
  state: EditorState;
  /** The sequence number of that step (0: the snapshot alone). */
  seq: number;
  versions: EditorVersion[];
  comments: EditorComment[];
}

const DATABASE = 'sozialraum-editor';
/** Per key: the comments, and (from databases before version 3) the whole state of the last save. */
const SESSIONS = 'sessions';
/** Versions are records of their own, keyed by session key and number: each is a whole topology and changes rarely. */
const VERSIONS = 'versions';
const SNAPSHOTS = 'snapshots';
const STEPS = 'steps';
const STORES = [SESSIONS, VERSIONS, SNAPSHOTS, STEPS];

interface StoredVersion extends EditorVersion {
  id: string;
}

interface StoredSnapshot {
  key: string;
  seq: number;
  savedAt: string;
  state: EditorState | PackedState;
}

/**
 * The state with the topology's arcs packed (one Float64Array, see packArcs): IndexedDB clones a typed array as one
 * block, where 200,000 positions as arrays of two numbers took about 0.7 s of main-thread time on Berlin.
 */
interface PackedState extends Omit<EditorState, 'topology'> {
  topology: Omit<EditorState['topology'], 'arcs'>;
  arcs: PackedArcs;
}

function pack(state: EditorState): PackedState {
  const { arcs, ...topology } = state.topology;
  return { ...state, topology, arcs: packArcs(arcs) };
}

function unpack(state: EditorState | PackedState): EditorState {
  if (!('arcs' in state)) return state;
  const { arcs, ...rest } = state;
  return { ...rest, topology: { ...state.topology, arcs: unpackArcs(arcs) } as EditorState['topology'] };
}

interface StoredMeta {
  key: string;
  savedAt: string;
  comments: EditorComment[];
  /** Written by version 2 of the database: the state as one record, read as a snapshot. */
  state?: EditorState;
}

const versionRange = (key: string) => IDBKeyRange.bound(`${key}\u0000`, `${key}\u0000\uffff`);
const versionId = (key: string, index: number) => `${key}\u0000${String(index).padStart(6, '0')}`;
const stepRange = (key: string, after = -1) => IDBKeyRange.bound([key, after], [key, Number.MAX_SAFE_INTEGER], true, false);

export function openDatabase(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DATABASE, 3);
    request.onupgradeneeded = () => {
      const database = request.result;
      if (!database.objectStoreNames.contains(SESSIONS)) database.createObjectStore(SESSIONS, { keyPath: 'key' });
      if (!database.objectStoreNames.contains(VERSIONS)) database.createObjectStore(VERSIONS, { keyPath: 'id' });
      if (!database.objectStoreNames.contains(SNAPSHOTS)) database.createObjectStore(SNAPSHOTS, { keyPath: 'key' });
      if (!database.objectStoreNames.contains(STEPS)) database.createObjectStore(STEPS, { keyPath: ['key', 'seq'] });
    };
    request.onsuccess = () => {
      const database = request.result;
      // Another tab opening a newer database must not wait for this one.
      database.onversionchange = () => database.close();
      resolve(database);
    };
    request.onerror = () => reject(request.error ?? new Error('IndexedDB could not be opened'));
    request.onblocked = () => reject(new Error('IndexedDB is blocked by another tab'));
  });
}

/**
 * A transaction over all stores. `work` runs at once, inside this call: IndexedDB clones every value at `put`, so
 * what is written is the state of this moment, whatever happens to the objects afterwards. Chromium commits with
 * relaxed durability unless asked; a step is acknowledged only once it is on disk.
 */
function write(database: IDBDatabase, work: (stores: Record<string, IDBObjectStore>) => void): { done: Promise<void>; transaction: IDBTransaction } {
  const transaction = database.transaction(STORES, 'readwrite', { durability: 'strict' });
  const stores = Object.fromEntries(STORES.map((name) => [name, transaction.objectStore(name)]));
  const done = new Promise<void>((resolve, reject) => {
    transaction.oncomplete = () => resolve();
    transaction.onerror = () => reject(transaction.error ?? new Error('IndexedDB transaction failed'));
    transaction.onabort = () => reject(transaction.error ?? new DOMException('IndexedDB transaction aborted', 'AbortError'));
  });
  try {
    work(stores);
  } catch (error) {
    transaction.abort();
    return { done: Promise.reject(error), transaction };
  }
  // Commit now rather than when this task ends: nothing else goes into this transaction, and the sooner it is on its
  // way to disk, the shorter the time in which a crash loses the step.
  transaction.commit?.();
  return { done, transaction };
}

/** Writes one step. The patch is cloned now, not when the transaction runs. */
export function writeStep(database: IDBDatabase, step: StoredStep, snapshot?: { seq: number; state: EditorState }) {
  return write(database, (stores) => {
    // The first step of a session that has no snapshot yet carries the state it started from.
    if (snapshot) stores[SNAPSHOTS]!.put({ key: step.key, seq: snapshot.seq, savedAt: step.savedAt, state: pack(snapshot.state) } satisfies StoredSnapshot);
    stores[STEPS]!.put(step);
  });
}

/** Writes the whole state as the snapshot after step `seq` and drops the steps it contains. */
export function writeSnapshot(database: IDBDatabase, key: string, seq: number, state: EditorState, options: { replace?: boolean } = {}) {
  return write(database, (stores) => {
    const savedAt = new Date().toISOString();
    stores[SNAPSHOTS]!.put({ key, seq, savedAt, state: pack(state) } satisfies StoredSnapshot);
    // A replaced session (discarded, imported) starts a new log; otherwise the steps up to `seq` are now in the snapshot.
    stores[STEPS]!.delete(options.replace ? stepRange(key) : IDBKeyRange.bound([key, -1], [key, seq]));
  });
}

export function writeComments(database: IDBDatabase, key: string, comments: EditorComment[]) {
  return write(database, (stores) => stores[SESSIONS]!.put({ key, savedAt: new Date().toISOString(), comments } satisfies StoredMeta));
}

export function writeVersions(database: IDBDatabase, key: string, versions: EditorVersion[]) {
  return write(database, (stores) => {
    stores[VERSIONS]!.delete(versionRange(key));
    versions.forEach((version, index) => stores[VERSIONS]!.put({ ...version, id: versionId(key, index) } satisfies StoredVersion));
  });
}

/** Deletes everything kept under `key`. The caller makes sure that no other tab is editing it. */
export function deleteSession(database: IDBDatabase, key: string) {
  return write(database, (stores) => {
    stores[SESSIONS]!.delete(key);
    stores[VERSIONS]!.delete(versionRange(key));
    stores[SNAPSHOTS]!.delete(key);
    stores[STEPS]!.delete(stepRange(key));
  });
}

/**
 * Reads the session under `key`: the snapshot, then the steps after it in order, as far as they run without a gap
 * (a step whose transaction failed ends the log; later ones would apply to a state that never existed).
 */
export function loadSession(database: IDBDatabase, key: string): Promise<SavedSession | undefined> {
  return new Promise((resolve, reject) => {
    const transaction = database.transaction(STORES, 'readonly');
    const meta = transaction.objectStore(SESSIONS).get(key) as IDBRequest<StoredMeta | undefined>;
    const snapshot = transaction.objectStore(SNAPSHOTS).get(key) as IDBRequest<StoredSnapshot | undefined>;
    const steps = transaction.objectStore(STEPS).getAll(stepRange(key)) as IDBRequest<StoredStep[]>;
    const versions = transaction.objectStore(VERSIONS).getAll(versionRange(key)) as IDBRequest<StoredVersion[]>;
    transaction.onerror = () => reject(transaction.error ?? new Error('IndexedDB transaction failed'));
    transaction.oncomplete = () => {
      const stored = snapshot.result ?? (meta.result?.state ? { key, seq: 0, savedAt: meta.result.savedAt, state: meta.result.state } : undefined);
      const list = [...versions.result].sort((a, b) => (a.id < b.id ? -1 : 1)).map(({ id: _id, ...version }) => version);
      const comments = meta.result?.comments ?? [];
      // Every write of the controller starts with a snapshot, so versions or comments without one are not a session.
      if (!stored) {
        resolve(undefined);
        return;
      }
      try {
        const base = { ...stored, state: unpack(stored.state) };
        resolve({ key, ...replay(base, steps.result), versions: list, comments });
      } catch (error) {
        reject(error);
      }
    };
  });
}

/** The snapshot with the steps after it applied; the time is that of the last step applied. */
export function replay(
  snapshot: { seq: number; savedAt: string; state: EditorState },
  steps: readonly StoredStep[],
): { state: EditorState; seq: number; savedAt: string } {
  const editor = TopologyEditor.fromJSON(snapshot.state);
  let { seq, savedAt } = snapshot;
  for (const step of [...steps].sort((a, b) => a.seq - b.seq)) {
    if (step.seq <= seq) continue;
    if (step.seq !== seq + 1) break;
    if (step.kind === 'do' && step.patch) editor.apply(step.patch);
    else if (step.kind === 'undo' && editor.canUndo) editor.undo();
    else if (step.kind === 'redo' && editor.canRedo) editor.redo();
    else break;
    seq = step.seq;
    savedAt = step.savedAt;
  }
  return { state: editor.toJSON(), seq, savedAt };
}
