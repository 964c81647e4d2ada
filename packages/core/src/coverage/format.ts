// How the editing operations and the partition checks write points, areas and lists of keys in their messages, in English and German.
import type { Position } from 'geojson';
import { germanNumber } from '../errors.js';
import type { Language } from '../language.js';

/** "(389000.50, 5819000.25)"; in German "(389.000,50; 5.819.000,25)", a semicolon because the comma is the decimal sign. */
export function formatPoint(point: Position, language: Language = 'en'): string {
  const [x, y] = [point[0]!, point[1]!];
  return language === 'de' ? `(${germanNumber(x, 2)}; ${germanNumber(y, 2)})` : `(${x.toFixed(2)}, ${y.toFixed(2)})`;
}

/** "1,234.5 m²" or "12.35 ha" from 10,000 m² on; in German "1.234,5 m²" and "12,35 ha". */
export function formatArea(m2: number, language: Language = 'en'): string {
  const hectares = m2 >= 10_000;
  const value = hectares ? m2 / 10_000 : Math.round(m2 * 100) / 100;
  const text = language === 'de' ? germanNumber(Math.round(value * 100) / 100) : value.toLocaleString('en-US', { maximumFractionDigits: 2 });
  return `${text} ${hectares ? 'ha' : 'm²'}`;
}

/** A whole count of people: "5,000", in German "5.000". */
export function formatPeople(value: number, language: Language = 'en'): string {
  const rounded = Math.round(value);
  return language === 'de' ? germanNumber(rounded) : rounded.toLocaleString('en-US');
}

/** Keys as a message lists them: `"a", "b"`; in German with typographic quotes and "und" before the last: „a“, „b“ und „c“. */
export function formatKeys(keys: readonly string[], language: Language = 'en'): string {
  if (language === 'en') return keys.map((key) => `"${key}"`).join(', ');
  const quoted = keys.map((key) => `„${key}“`);
  return quoted.length <= 1 ? quoted.join('') : `${quoted.slice(0, -1).join(', ')} und ${quoted[quoted.length - 1]}`;
}
