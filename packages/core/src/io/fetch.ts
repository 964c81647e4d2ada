// Fetching a file the embedder named, with failures turned into messages that name the URL.
import { SozialraumError, message } from '../errors.js';

export interface FetchOptions {
  signal?: AbortSignal;
  init?: RequestInit;
}

/**
 * The bytes behind a URL. HTTP errors and unreachable hosts become a 'fetch-failed' error naming the URL;
 * cancellation through the signal becomes an 'aborted' error.
 */
export async function fetchBytes(url: string, options: FetchOptions = {}): Promise<Uint8Array> {
  const response = await openUrl(url, options);
  if (!response.ok) throw httpError(url, response);
  return new Uint8Array(await response.arrayBuffer());
}

/**
 * The response to a request for a URL, whatever its status, for readers that look into an error answer (a web
 * service's exception report). Unreachable hosts and cancellation fail as in fetchBytes.
 */
export async function openUrl(url: string, options: FetchOptions = {}): Promise<Response> {
  try {
    return await fetch(url, { ...options.init, ...(options.signal ? { signal: options.signal } : {}) });
  } catch (error) {
    if (options.signal?.aborted)
      throw new SozialraumError('aborted', message('loading was cancelled', 'das Laden wurde abgebrochen'), { source: url }, { cause: error });
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
