// Errors and data issues a user can act on: each names the file, the row or feature, and the problem.

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
  | 'aborted';

/** A problem found in the input that does not stop the rest from working. */
export interface DataIssue extends IssueLocation {
  code: IssueCode;
  severity: 'error' | 'warning';
  message: string;
}

/** A problem that stops one input from being used at all. */
export class SozialraumError extends Error {
  readonly code: IssueCode;
  readonly location: IssueLocation;

  constructor(code: IssueCode, message: string, location: IssueLocation, options?: { cause?: unknown }) {
    super(`${describeLocation(location)}: ${message}`, options);
    this.name = 'SozialraumError';
    this.code = code;
    this.location = location;
  }

  /** The same problem as a data issue, for lists of findings. */
  toIssue(): DataIssue {
    return { ...this.location, code: this.code, severity: 'error', message: this.message };
  }
}

/** "kitas.csv, row 12, column EW" — the place a message is about, in reading order. */
export function describeLocation(location: IssueLocation): string {
  const parts = [location.source];
  if (location.row !== undefined) parts.push(`row ${location.row}`);
  if (location.feature !== undefined) parts.push(`feature ${location.feature}`);
  if (location.key !== undefined) parts.push(`key "${location.key}"`);
  if (location.column !== undefined) parts.push(`column "${location.column}"`);
  return parts.join(', ');
}

/** Builds an issue whose message starts with its location, like a SozialraumError. */
export function issue(
  code: IssueCode,
  severity: DataIssue['severity'],
  message: string,
  location: IssueLocation,
): DataIssue {
  return { ...location, code, severity, message: `${describeLocation(location)}: ${message}` };
}

/** Throws the signal's reason as an 'aborted' error when the work was cancelled. */
export function throwIfAborted(signal: AbortSignal | undefined, source: string): void {
  if (signal?.aborted) {
    throw new SozialraumError('aborted', 'loading was cancelled', { source }, { cause: signal.reason });
  }
}
