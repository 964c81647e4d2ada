// The base of every Sozialraum element: typed events, the language, and clean-up on disconnect.
import { LitElement } from 'lit';
import { SozialraumError, messageText, type DataIssue } from '@sozialraum/core';
import { resolveLanguage, type Language } from './language.js';

/** Detail of `sozialraum-error`: what went wrong, where, in words a user can act on. */
export interface SozialraumErrorDetail {
  code: DataIssue['code'];
  /** The problem in English, its location first (as `Error.message`). */
  message: string;
  /** The problem in the element's language, its location first: the text the element shows. */
  text: string;
  /** The language of `text`. */
  language: Language;
  source: string;
  row?: number;
  feature?: number;
  key?: string;
  column?: string;
}

/**
 * The detail of `sozialraum-error` for any error: a SozialraumError keeps its code and location; anything else
 * (a bug, a browser error) is reported against `source`, the file or element it came from. `text` is the problem in
 * `language`.
 */
export function errorDetail(error: unknown, source: string, language: Language = 'de'): SozialraumErrorDetail {
  const text = messageText(error, language);
  if (error instanceof SozialraumError) return { code: error.code, message: error.message, text, language, ...error.location };
  return { code: 'parse-error', message: error instanceof Error ? error.message : String(error), text, language, source };
}

/**
 * Every Sozialraum element extends this: `emit()` sends bubbling, composed CustomEvents; `language` is the language of
 * the element's text (each element keeps its own messages); `disconnectSignal` aborts listeners, requests and workers when the element leaves the page.
 */
export class SozialraumElement extends LitElement {
  #disconnect = new AbortController();

  /** Aborted when the element is removed from the page; pass it to listeners, fetches and workers. */
  protected get disconnectSignal(): AbortSignal {
    return this.#disconnect.signal;
  }

  override connectedCallback(): void {
    if (this.#disconnect.signal.aborted) this.#disconnect = new AbortController();
    super.connectedCallback();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#disconnect.abort(new DOMException(`${this.localName} was removed from the page`, 'AbortError'));
  }

  /** The language of the element's text: its `lang` attribute or the nearest ancestor's, German by default. */
  get language(): Language {
    return resolveLanguage(this);
  }

  /** Sends `sozialraum-error` for the error, naming `source` when the error names no file itself. */
  protected emitError(error: unknown, source: string = this.localName): void {
    this.emit<SozialraumErrorDetail>('sozialraum-error', errorDetail(error, source, this.language));
  }

  /** Dispatches a bubbling, composed CustomEvent; returns false when a listener called preventDefault(). */
  protected emit<T>(type: `sozialraum-${string}`, detail: T, options: { cancelable?: boolean } = {}): boolean {
    return this.dispatchEvent(new CustomEvent<T>(type, { detail, bubbles: true, composed: true, cancelable: options.cancelable ?? false }));
  }
}
