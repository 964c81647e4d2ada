// Fetching a file the embedder named, with failures turned into messages that name the URL.
import { SozialraumError, message } from '../errors.js';

/**
 * The bytes behind a URL. HTTP errors and unreachable hosts become a 'fetch-failed' error naming the URL;
 * cancellation through the signal becomes an 'aborted' error.
 */
export async function fetchBytes(url: string, options: { signal?: AbortSignal; init?: RequestInit } = {}): Promise<Uint8Array> {
  let response: Response;
  try {
    response = await fetch(url, { ...options.init, ...(options.signal ? { signal: options.signal } : {}) });
  } catch (error) {
    if (options.signal?.aborted)
      throw new SozialraumError('aborted', message('loading was cancelled', 'das Laden wurde abgebrochen'), { source: url }, { cause: error });
    const reason = error instanceof Error ? error.message : String(error);
    throw new SozialraumError('fetch-failed', message(`cannot be reached (${reason})`, `ist nicht erreichbar (${reason})`), { source: url }, { cause: error });
  }
  if (!response.ok) {
    const status = `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`;
    throw new SozialraumError('fetch-failed', message(`the server answered ${status}`, `der Server antwortete mit ${status}`), { source: url });
  }
  return new Uint8Array(await response.arrayBuffer());
}
