// How findings and facts read on the terminal: one issue per line, aligned fields, counts with their noun.
import { messageText, type DataIssue, type Language } from '@sozialraum/core';

/**
 * "error: lor.geojson, feature 3: has no geometry …"; the message already names the place. In English unless a
 * command's --lang asks for German: "error: lor.geojson, Objekt 3: …"; the severity stays as the other lines have it.
 */
export function formatIssue(issue: DataIssue, language: Language = 'en'): string {
  return `${issue.severity}: ${language === 'en' ? issue.message : messageText(issue, language)}`;
}

/** "1 area", "542 areas". */
export function count(n: number, singular: string, plural = `${singular}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? singular : plural}`;
}

/** "no issues", "3 issues (1 error, 2 warnings)". */
export function describeIssueCounts(issues: readonly DataIssue[]): string {
  if (issues.length === 0) return 'no issues';
  const errors = issues.filter((found) => found.severity === 'error').length;
  const warnings = issues.length - errors;
  const parts = [errors > 0 ? count(errors, 'error') : '', warnings > 0 ? count(warnings, 'warning') : ''].filter(Boolean);
  return `${count(issues.length, 'issue')} (${parts.join(', ')})`;
}

/** Label/value lines with the values in one column, as `info` prints them. */
export function fieldLines(fields: readonly (readonly [string, string])[]): string {
  const width = Math.max(...fields.map(([label]) => label.length)) + 2;
  return fields.map(([label, value]) => `  ${`${label}:`.padEnd(width)}${value}\n`).join('');
}

/** Coordinates to print: degrees need decimals to mean anything, metres do not. */
export function formatCoordinate(value: number, crs: string): string {
  return crs === 'EPSG:4326' ? value.toFixed(6) : value.toFixed(2);
}

/** The findings one per line, as every command ends its report on stderr. */
export function issueLines(issues: readonly DataIssue[], language: Language = 'en'): string {
  return issues.map((found) => `${formatIssue(found, language)}\n`).join('');
}
