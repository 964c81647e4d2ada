// Errors and data issues a user can act on: each names the file, the row or feature, and the problem, in German and English.
import type { Language } from './language.js';

/**
 * A text in both languages of the toolkit. Every error and data issue carries one, so that an element shows its
 * detail in the page's language; plain JSON, so it crosses the worker boundary as it is.
 */
export interface Message {
  en: string;
  de: string;
}

/** A message in English and German: `message('the file is empty', 'die Datei ist leer')`. */
export function message(en: string, de: string): Message {
  return { en, de };
}

const GERMAN_NUMBER = new Intl.NumberFormat('de-DE', { maximumFractionDigits: 6 });
const GERMAN_SCIENTIFIC = new Intl.NumberFormat('de-DE', { notation: 'scientific', maximumFractionDigits: 6 });
const GERMAN_FIXED = new Map<number, Intl.NumberFormat>();

/**
 * A number inside a German message, in de-DE conventions: "389.000,5", "−1,25", "1E300" for the very large. With
 * `fractionDigits` it has exactly that many decimals, as `toFixed` gives them in the English text: "2,0", "0,50".
 */
export function germanNumber(value: number, fractionDigits?: number): string {
  if (!Number.isFinite(value)) return String(value);
  const large = Math.abs(value) >= 1e15 || (value !== 0 && Math.abs(value) < 1e-6);
  if (fractionDigits !== undefined && Math.abs(value) < 1e15) {
    let format = GERMAN_FIXED.get(fractionDigits);
    if (!format)
      GERMAN_FIXED.set(
        fractionDigits,
        (format = new Intl.NumberFormat('de-DE', { minimumFractionDigits: fractionDigits, maximumFractionDigits: fractionDigits })),
      );
    return format.format(value).replace('-', '−');
  }
  return (large ? GERMAN_SCIENTIFIC : GERMAN_NUMBER).format(value).replace('-', '−');
}

/** Where in the input a problem sits. Rows and features are counted from 1, as a person reads them. */
export interface IssueLocation {
  /** File name or URL the data came from. */
  source: string;
  /** Line of a CSV file (the header is line 1). */
  row?: number;
  /** Position of a feature in its collection, from 1. */
  feature?: number;
  /** Key of the feature or row, where it has one. */
  key?: string;
  /** Column or property at fault. */
  column?: string;
}

export type IssueCode =
  | 'fetch-failed'
  | 'parse-error'
  | 'not-a-feature-collection'
  | 'invalid-geometry'
  | 'empty-geometry'
  | 'missing-key'
  | 'duplicate-key'
  | 'unknown-field'
  | 'unknown-crs'
  | 'implausible-coordinates'
  | 'bad-number'
  | 'unmatched-keys'
  | 'no-match'
  | 'empty-file'
  | 'unknown-format'
  | 'straddling-area'
  | 'missing-value'
  | 'limit-exceeded'
  | 'aborted'
  | 'missing-file'
  | 'too-large';

/** A problem found in the input that does not stop the rest from working. */
export interface DataIssue extends IssueLocation {
  code: IssueCode;
  severity: 'error' | 'warning';
  /** The finding in English, its location first: "kitas.csv, row 12, column "EW": …". */
  message: string;
  /** The finding in both languages, each with its location first; show it with `messageText(issue, language)`. */
  text: Message;
}

/** A problem that stops one input from being used at all. */
export class SozialraumError extends Error {
  readonly code: IssueCode;
  readonly location: IssueLocation;
  /** The problem in both languages, each with its location first; `message` is the English one. */
  readonly text: Message;

  constructor(code: IssueCode, message: Message, location: IssueLocation, options?: { cause?: unknown }) {
    const text = located(message, location);
    super(text.en, options);
    this.name = 'SozialraumError';
    this.code = code;
    this.location = location;
    this.text = text;
  }

  /**
   * The error again from its parts, as it crossed a worker boundary: `text` already starts with the location, so
   * it is not prefixed a second time.
   */
  static restore(code: IssueCode, text: Message, location: IssueLocation): SozialraumError {
    const error = new SozialraumError(code, text, location);
    error.message = text.en;
    (error as { text: Message }).text = { en: text.en, de: text.de };
    return error;
  }

  /** The problem in the reader's language, its location first. */
  localised(language: Language): string {
    return this.text[language];
  }

  /** The same problem as a data issue, for lists of findings. */
  toIssue(): DataIssue {
    return { ...this.location, code: this.code, severity: 'error', message: this.message, text: { ...this.text } };
  }
}

/**
 * "kitas.csv, row 12, column "EW"" or "kitas.csv, Zeile 12, Spalte „EW“" — the place a message is about, in
 * reading order.
 */
export function describeLocation(location: IssueLocation, language: Language = 'en'): string {
  const de = language === 'de';
  const quote = (text: string) => (de ? `„${text}“` : `"${text}"`);
  const parts = [location.source];
  if (location.row !== undefined) parts.push(`${de ? 'Zeile' : 'row'} ${location.row}`);
  if (location.feature !== undefined) parts.push(`${de ? 'Objekt' : 'feature'} ${location.feature}`);
  if (location.key !== undefined) parts.push(`${de ? 'Schlüssel' : 'key'} ${quote(location.key)}`);
  if (location.column !== undefined) parts.push(`${de ? 'Spalte' : 'column'} ${quote(location.column)}`);
  return parts.join(', ');
}

function located(message: Message, location: IssueLocation): Message {
  return { en: `${describeLocation(location, 'en')}: ${message.en}`, de: `${describeLocation(location, 'de')}: ${message.de}` };
}

/** Builds an issue whose message starts with its location, like a SozialraumError. */
export function issue(code: IssueCode, severity: DataIssue['severity'], message: Message, location: IssueLocation): DataIssue {
  const text = located(message, location);
  return { ...location, code, severity, message: text.en, text };
}

/**
 * The text of an error or a data issue in the reader's language, for elements to show. A SozialraumError, a
 * DataIssue, or either after a trip through JSON or a worker, gives its German or English text; anything else
 * (a bug, a browser error) gives its message as it is.
 */
export function messageText(errorOrIssue: unknown, language: Language): string {
  if (typeof errorOrIssue === 'string') return errorOrIssue;
  if (errorOrIssue !== null && typeof errorOrIssue === 'object') {
    const text = (errorOrIssue as { text?: unknown }).text;
    if (isMessage(text)) return text[language];
    const plain = (errorOrIssue as { message?: unknown }).message;
    if (isMessage(plain)) return plain[language];
    if (typeof plain === 'string') return plain;
  }
  return String(errorOrIssue);
}

/** Whether a value is a Message: an object with a German and an English string. */
export function isMessage(value: unknown): value is Message {
  return value !== null && typeof value === 'object' && typeof (value as Message).en === 'string' && typeof (value as Message).de === 'string';
}

/** Throws the signal's reason as an 'aborted' error when the work was cancelled. */
export function throwIfAborted(signal: AbortSignal | undefined, source: string): void {
  if (signal?.aborted) {
    throw new SozialraumError('aborted', message('loading was cancelled', 'das Laden wurde abgebrochen'), { source }, { cause: signal.reason });
  }
}
