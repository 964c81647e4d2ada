// The map's tooltip and the sentences that name an area with its class.
import { userTextElement } from '@sozialraum/element';

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
