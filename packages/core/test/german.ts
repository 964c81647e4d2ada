// What makes a German message German for the tests: no everyday English words outside quoted names and code.
import assert from 'node:assert/strict';
import type { Message } from '@sozialraum/core';

/** Words of everyday English, and of the toolkit's English messages, that a German message never holds outside quotes and code names. */
export const ENGLISH_WORDS =
  /\b(the|is|are|has|have|not|no|of|and|or|with|from|file|column|row|cannot|must|found|area|areas|boundary|edge|vertex|would|between|residents)\b/i;

/** The words of a text that are not quoted names ("x", „x“, 'x') or code (a.b, x[0], EPSG:25833). */
export function proseOf(text: string): string {
  return text.replace(/"[^"]*"|„[^“]*“|'[^']*'|\([^)]*\b[a-z]+[A-Z]\w*[^)]*\)/g, ' ').replace(/\b[\w-]+\.[\w.[\]-]+|\b\w+\[\d*\]\S*|--[\w-]+|[A-Z]+:\d+/g, ' ');
}

/** Asserts that a text's German is there, differs from its English and holds no English word; `what` names it in the failure. */
export function assertGerman(text: Message, what: string): void {
  assert.ok(text.de.trim() !== '', `${what}: the German text is empty (English: ${text.en})`);
  assert.notEqual(text.de, text.en, `${what}: the German text is the English one: ${text.en}`);
  const english = ENGLISH_WORDS.exec(proseOf(text.de));
  assert.equal(english, null, `${what}: the German text has the English word "${english?.[0]}": ${text.de}`);
}
