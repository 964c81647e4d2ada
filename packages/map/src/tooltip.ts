// The map's tooltip and the sentences that name an area with its class.

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
