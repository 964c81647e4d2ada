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
const STORE = 'sessions';

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DATABASE, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE, { keyPath: 'key' });
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB could not be opened'));
  });
}

async function transact<T>(mode: IDBTransactionMode, work: (store: IDBObjectStore) => IDBRequest<T> | undefined): Promise<T | undefined> {
  const database = await open();
  try {
    return await new Promise<T | undefined>((resolve, reject) => {
      const transaction = database.transaction(STORE, mode);
      const request = work(transaction.objectStore(STORE));
      // Resolved on completion, not on the request's success, so that a write is durable when the promise settles.
      transaction.oncomplete = () => resolve(request?.result);
      transaction.onerror = () => reject(transaction.error ?? new Error('IndexedDB transaction failed'));
      transaction.onabort = () => reject(transaction.error ?? new Error('IndexedDB transaction aborted'));
    });
  } finally {
    database.close();
  }
}

export function loadSession(key: string): Promise<SavedSession | undefined> {
  return transact<SavedSession>('readonly', (store) => store.get(key) as IDBRequest<SavedSession>);
}

export async function saveSession(session: SavedSession): Promise<void> {
  await transact('readwrite', (store) => store.put(session));
}

export async function deleteSession(key: string): Promise<void> {
  await transact('readwrite', (store) => store.delete(key));
}
