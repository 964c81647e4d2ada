// The editing session in IndexedDB: the TopologyEditor state after every step, the named versions and the comments.
import type { EditorState, Topology } from '@sozialraum/core';

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

/** Everything kept per storage key. */
export interface SavedSession {
  key: string;
  savedAt: string;
  state: EditorState;
  versions: EditorVersion[];
  comments: EditorComment[];
}

const DATABASE = 'sozialraum-editor';
const SESSIONS = 'sessions';
/**
 * Versions are records of their own, keyed by session key and number, so that the step-by-step save of the session
 * does not copy every saved version (each a whole topology) again.
 */
const VERSIONS = 'versions';

interface StoredVersion extends EditorVersion {
  id: string;
}

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DATABASE, 2);
    request.onupgradeneeded = () => {
      const database = request.result;
      if (!database.objectStoreNames.contains(SESSIONS)) database.createObjectStore(SESSIONS, { keyPath: 'key' });
      if (!database.objectStoreNames.contains(VERSIONS)) database.createObjectStore(VERSIONS, { keyPath: 'id' });
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB could not be opened'));
  });
}

/** Runs `work` in one transaction over both stores; resolves when the transaction has completed (durable). */
async function transact<T>(mode: IDBTransactionMode, work: (sessions: IDBObjectStore, versions: IDBObjectStore) => () => T): Promise<T> {
  const database = await open();
  try {
    return await new Promise<T>((resolve, reject) => {
      const transaction = database.transaction([SESSIONS, VERSIONS], mode);
      const result = work(transaction.objectStore(SESSIONS), transaction.objectStore(VERSIONS));
      transaction.oncomplete = () => resolve(result());
      transaction.onerror = () => reject(transaction.error ?? new Error('IndexedDB transaction failed'));
      transaction.onabort = () => reject(transaction.error ?? new Error('IndexedDB transaction aborted'));
    });
  } finally {
    database.close();
  }
}

const versionRange = (key: string) => IDBKeyRange.bound(`${key}\u0000`, `${key}\u0000\uffff`);
const versionId = (key: string, index: number) => `${key}\u0000${String(index).padStart(6, '0')}`;

export function loadSession(key: string): Promise<SavedSession | undefined> {
  return transact('readonly', (sessions, versions) => {
    const session = sessions.get(key) as IDBRequest<Omit<SavedSession, 'versions'> | undefined>;
    const stored = versions.getAll(versionRange(key)) as IDBRequest<StoredVersion[]>;
    return () => {
      if (!session.result) return undefined;
      const list = [...stored.result].sort((a, b) => (a.id < b.id ? -1 : 1)).map(({ id: _id, ...version }) => version);
      return { ...session.result, versions: list };
    };
  });
}

/** Saves the session; the versions only when `withVersions` is set (they change rarely and are large). */
export async function saveSession(session: SavedSession, options: { withVersions?: boolean } = {}): Promise<void> {
  const { versions: list, ...rest } = session;
  await transact('readwrite', (sessions, versions) => {
    sessions.put(rest);
    if (options.withVersions) {
      versions.delete(versionRange(session.key));
      list.forEach((version, index) => versions.put({ ...version, id: versionId(session.key, index) }));
    }
    return () => undefined;
  });
}

export async function deleteSession(key: string): Promise<void> {
  await transact('readwrite', (sessions, versions) => {
    sessions.delete(key);
    versions.delete(versionRange(key));
    return () => undefined;
  });
}
