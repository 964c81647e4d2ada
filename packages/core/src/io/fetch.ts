// Fetching a file the embedder named, with failures turned into messages that name the URL. Elements of one page
// share what they fetch: the aggregator and the profile card both read the Zensus grid, and it crosses the network once.
import { SozialraumError, message } from '../errors.js';

/** What stays cached after use: enough for a city's grid and boundaries, bounded so that a long session does not grow. */
const SHARED_BUDGET = 64 * 1024 * 1024;
/** A larger response is shared while it loads but not kept: holding (and copying) it would cost more than a refetch. */
const LARGEST_KEPT = 16 * 1024 * 1024;

interface SharedFetch {
  bytes: Promise<ArrayBuffer>;
  size: number;
}

/** Plain GETs by absolute URL, in the order of last use (a Map keeps insertion order). */
const shared = new Map<string, SharedFetch>();

export interface FetchOptions {
  signal?: AbortSignal;
  init?: RequestInit;
}

/**
 * The bytes behind a URL. HTTP errors and unreachable hosts become a 'fetch-failed' error naming the URL;
 * cancellation through the signal becomes an 'aborted' error.
 *
 * A plain GET (no `init`) of an http(s) URL is shared: callers asking for the same URL while it loads, or after, get
 * their own copy of the one response (a copy, since a caller may transfer its buffer to a worker). A caller's signal
 * cancels only its own wait; the request goes on while anyone else waits for it. Failures and responses over 16 MB
 * are not kept. `init` (a range, a header) fetches afresh.
 */
export async function fetchBytes(url: string, options: FetchOptions = {}): Promise<Uint8Array> {
  // Resolved against the page, so that "a.csv" and "./a.csv" are one file.
  const key = parseUrl(url)?.href ?? url;
  // blob: and data: URLs are in the page already: nothing to save, and no copy of a large file to make.
  if (options.init || !/^https?:/i.test(key)) return new Uint8Array(await fetchOnce(url, options.init, options.signal));
  let entry = shared.get(key);
  if (entry) {
    shared.delete(key);
    shared.set(key, entry);
  } else {
    const bytes = fetchOnce(url, undefined, undefined);
    entry = { bytes, size: 0 };
    shared.set(key, entry);
    const stored = entry;
    bytes.then(
      (buffer) => {
        stored.size = buffer.byteLength;
        if (buffer.byteLength > LARGEST_KEPT) shared.delete(key);
        else trimShared();
      },
      () => {
        if (shared.get(key) === stored) shared.delete(key);
      },
    );
  }
  const buffer = await untilAborted(entry.bytes, url, options.signal);
  return new Uint8Array(buffer.slice(0));
}

/** Forgets every shared response, e.g. after the files on the server changed. */
export function clearFetchCache(): void {
  shared.clear();
}

async function fetchOnce(url: string, init: RequestInit | undefined, signal: AbortSignal | undefined): Promise<ArrayBuffer> {
  const response = await openUrl(url, { ...(init ? { init } : {}), ...(signal ? { signal } : {}) });
  if (!response.ok) throw httpError(url, response);
  return response.arrayBuffer();
}

/**
 * The response to a request for a URL, whatever its status, for readers that look into an error answer (a web
 * service's exception report). Unreachable hosts and cancellation fail as in fetchBytes; nothing is shared.
 */
export async function openUrl(url: string, options: FetchOptions = {}): Promise<Response> {
  try {
    return await fetch(url, { ...options.init, ...(options.signal ? { signal: options.signal } : {}) });
  } catch (error) {
    if (options.signal?.aborted) throw aborted(url, error);
    const reason = error instanceof Error ? error.message : String(error);
    throw new SozialraumError('fetch-failed', message(`cannot be reached (${reason})`, `ist nicht erreichbar (${reason})`), { source: url }, { cause: error });
  }
}

/** The 'fetch-failed' error of an HTTP error status, naming the URL and the status. */
export function httpError(url: string, response: Response, detail = ''): SozialraumError {
  const status = `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`;
  return new SozialraumError(
    'fetch-failed',
    message(`the server answered ${status}${detail ? `: ${detail}` : ''}`, `der Server antwortete mit ${status}${detail ? `: ${detail}` : ''}`),
    { source: url },
  );
}

function aborted(url: string, cause?: unknown): SozialraumError {
  return new SozialraumError('aborted', message('loading was cancelled', 'das Laden wurde abgebrochen'), { source: url }, { cause });
}

/** The shared request, or an 'aborted' error as soon as this caller's signal fires. */
function untilAborted(bytes: Promise<ArrayBuffer>, url: string, signal: AbortSignal | undefined): Promise<ArrayBuffer> {
  if (!signal) return bytes;
  if (signal.aborted) return Promise.reject(aborted(url, signal.reason));
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(aborted(url, signal.reason));
    signal.addEventListener('abort', onAbort, { once: true });
    bytes.then(
      (buffer) => {
        signal.removeEventListener('abort', onAbort);
        resolve(buffer);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

/** Drops the least recently used responses beyond the budget (never the one just stored). */
function trimShared(): void {
  let total = 0;
  for (const entry of shared.values()) total += entry.size;
  for (const [key, entry] of shared) {
    if (total <= SHARED_BUDGET || shared.size <= 1) break;
    total -= entry.size;
    shared.delete(key);
  }
}

/** A URL resolved against the page where there is one; undefined when it cannot be read as a URL. */
export function parseUrl(url: string): URL | undefined {
  const base = (globalThis as { location?: { href?: string } }).location?.href;
  try {
    return new URL(url, base);
  } catch {
    return undefined;
  }
}
