// The map's tooltip and the sentences that name an area with its class.
import { isolate, userTextElement, type ThematicLayer } from '@sozialraum/element';
import type { Messages } from './i18n.js';

/** An area's text with its class, as the map announces and shows it. */
export function withClass(text: string, klass: string | undefined): string {
  return klass ? `${text}, ${klass}` : text;
}

/** The tooltip lives in an OpenLayers overlay, outside Lit's template; its text is only ever set as text. */
export function createTooltip(): HTMLDivElement {
  const tooltip = document.createElement('div');
  tooltip.className = 'tooltip';
  tooltip.setAttribute('part', 'tooltip');
  tooltip.hidden = true;
  return tooltip;
}

/** The tooltip's lines: the area's name, its key and, when a thematic layer shows something, its class. */
export function tooltipContent(name: string, id: string, klass: string | undefined): HTMLElement[] {
  const key = userTextElement(id);
  key.classList.add('id');
  if (!klass) return [userTextElement(name), key];
  const thematic = userTextElement(klass);
  thematic.classList.add('class');
  return [userTextElement(name), key, thematic];
}

/** "Statusindex: mittel" for the area, when a thematic layer shows something; undefined otherwise. */
export function classText(thematic: ThematicLayer | undefined, id: string, t: Messages): string | undefined {
  if (!thematic) return undefined;
  const area = thematic.result.areas.find((candidate) => candidate.id === id);
  if (!area) return `${isolate(thematic.title)}: ${t.noData}`;
  return `${isolate(thematic.title)}: ${area.class === null ? t.notRated : isolate(area.label ?? String(area.class))}`;
}
