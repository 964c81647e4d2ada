// Spec texts in the reader's language, and numbers written the way the reader's language writes them.
import type { Language, LocalisedText } from '../language.js';

export type { Language } from '../language.js';

/** A spec text in the wanted language; English falls back to German where a spec gives no English text. */
export function localiseText(text: LocalisedText | undefined, language: Language): string {
  if (text === undefined) return '';
  if (typeof text === 'string') return text;
  return (language === 'en' ? text.en : undefined) ?? text.de;
}

/** "1,5" and "−1" in German, "1.5" and "−1" in English: a true minus sign, no thousands separator, as given. */
export function formatNumber(value: number, language: Language): string {
  const text = String(Math.abs(value));
  return `${value < 0 ? '−' : ''}${language === 'de' ? text.replace('.', ',') : text}`;
}
