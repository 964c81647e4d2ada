// The language an element speaks, found the way HTML finds it: the element's own `lang`, else the nearest ancestor's.
import type { Language } from '@sozialraum/core';

export type { Language };

/** The language an element speaks: its own `lang`, else that of the nearest ancestor, else German. */
export function resolveLanguage(element: Element): Language {
  const lang = (element.closest('[lang]')?.getAttribute('lang') ?? 'de').toLowerCase();
  return lang.startsWith('en') ? 'en' : 'de';
}
