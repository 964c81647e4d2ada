// <sozialraum-legend>: the classes of the map's thematic layer with their ranges and counts, the distribution of the
// values, and the method card that says in words how the index was made.
import { css, html, nothing, svg } from 'lit';
import { ContextConsumer } from '@lit/context';
import { describeIndexSpec, type IndexClass } from '@sozialraum/core';
import { SozialraumElement, isolate, sozialraumContext, userText, userTextStyles, type ThematicLayer } from '@sozialraum/element';
import { choroplethMessages, type ChoroplethMessages } from './i18n.js';

/**
 * The legend of the thematic layer of the enclosing `<sozialraum-map>`: one entry per class with colour, label,
 * range and number of areas, an entry for the areas that are not rated, a strip with one mark per area showing how
 * the values spread, and the method card (the spec in plain sentences). Place it in the map's `overlay` slot to
 * show it over the map, or in the default slot to show it below.
 *
 * @summary Legend and method card of a choropleth.
 *
 * @csspart legend - The whole legend.
 * @csspart classes - The list of classes.
 * @csspart strip - The distribution strip.
 * @csspart method - The method card.
 *
 * @cssproperty [--sozialraum-surface-color=#ffffff] - Background of the legend.
 * @cssproperty [--sozialraum-text-color=#1f2328] - Text colour.
 * @cssproperty [--sozialraum-hatch-color=#6e7781] - Hatching of areas that are not rated.
 */
export class SozialraumLegend extends SozialraumElement {
  static override styles = css`
    ${userTextStyles}
    :host {
      display: block;
      font-family: var(--sozialraum-font-family, system-ui, sans-serif);
      font-size: var(--sozialraum-legend-font-size, 0.8125rem);
      color: var(--sozialraum-text-color, #1f2328);
    }
    :host([hidden]) {
      display: none;
    }
    figure {
      margin: 0;
      padding: var(--sozialraum-spacing, 0.5em) calc(1.5 * var(--sozialraum-spacing, 0.5em));
      background: var(--sozialraum-surface-color, #ffffff);
      border: 1px solid var(--sozialraum-border-color, #d0d7de);
      border-radius: 4px;
      max-width: 22em;
    }
    figcaption {
      font-weight: 600;
      margin-block-end: 0.4em;
      --sozialraum-user-text-lines: 3;
    }
    li > span {
      --sozialraum-user-text-max-width: 100%;
    }
    ul {
      list-style: none;
      margin: 0;
      padding: 0;
      display: grid;
      gap: 0.2em;
    }
    li {
      display: grid;
      grid-template-columns: 1.4em minmax(0, 1fr) auto;
      gap: 0.5em;
      align-items: center;
    }
    .swatch {
      width: 1.4em;
      height: 1em;
      border: 1px solid rgb(0 0 0 / 25%);
      box-sizing: border-box;
    }
    .unrated {
      background: repeating-linear-gradient(
        135deg,
        var(--sozialraum-surface-color, #ffffff) 0 2px,
        var(--sozialraum-hatch-color, #6e7781) 2px 3.25px
      );
    }
    .range {
      color: var(--sozialraum-text-muted-color, #57606a);
      font-variant-numeric: tabular-nums;
    }
    .count {
      font-variant-numeric: tabular-nums;
      text-align: end;
    }
    svg {
      display: block;
      margin-block: 0.5em 0.25em;
      width: 100%;
      height: 2.25em;
      overflow: visible;
    }
    details {
      margin-block-start: 0.4em;
    }
    summary {
      cursor: pointer;
    }
    details ul {
      display: block;
      padding-inline-start: 1em;
      list-style: disc;
    }
    details li {
      display: list-item;
      margin-block: 0.25em;
      /* The sentences quote the spec's texts; a long one wraps inside the legend, a direction override ends with it. */
      overflow-wrap: anywhere;
      unicode-bidi: isolate;
    }
  `;

  static override properties = {
    lang: { type: String, reflect: true },
  };

  readonly #state = new ContextConsumer(this, { context: sozialraumContext, subscribe: true });

  override render(): unknown {
    const thematic = this.#state.value?.thematic;
    if (!thematic) return nothing;
    const m = choroplethMessages(this.language);
    const number = new Intl.NumberFormat(m.numberLocale, { maximumFractionDigits: 2, minimumFractionDigits: thematic.kind === 'index' ? 2 : 0 });
    // Drilled into an area, the counts are of the areas inside it; the classes stay those of the whole level.
    const focus = this.#state.value?.focus;
    const listed = focus ? thematic.result.areas.filter((area) => focus.has(area.id)) : thematic.result.areas;
    const unrated = listed.filter((area) => area.class === null).length;
    const method = describeIndexSpec(thematic.result.spec, this.language, thematic.result);
    return html`
      <figure part="legend">
        <figcaption>${userText(thematic.title, true)}</figcaption>
        <ul part="classes">
          ${thematic.result.classes.map(
            (entry) => html`<li>
              ${swatch(thematic.colours[entry.class - 1] ?? '#ccc')}
              <span>${entry.label && entry.label !== String(entry.class) ? html`${userText(entry.label)} <span class="range">${rangeText(entry, number)}</span>` : rangeText(entry, number)}</span>
              <span class="count">${focus ? listed.filter((area) => area.class === entry.class).length : entry.count}</span>
            </li>`,
          )}
          ${
            unrated > 0
              ? html`<li>
                <span class="swatch unrated"></span>
                <span>${m.notRated}</span>
                <span class="count">${unrated}</span>
              </li>`
              : nothing
          }
        </ul>
        ${this.#strip(thematic, m, number)}
        ${thematic.circlesColumn ? html`<p>${m.circles(isolate(thematic.circlesColumn))}</p>` : nothing}
        <details part="method">
          <summary>${m.method}</summary>
          <ul>
            ${method.map((sentence) => html`<li>${sentence}</li>`)}
          </ul>
        </details>
      </figure>
    `;
  }

  /** One mark per rated area along the value axis, coloured by class: shows clusters and outliers at a glance. */
  #strip(thematic: ThematicLayer, m: ChoroplethMessages, number: Intl.NumberFormat) {
    const rated = thematic.result.areas.filter((area) => area.index !== null && area.class !== null);
    if (rated.length === 0) return nothing;
    const values = rated.map((area) => area.index!);
    const min = Math.min(...values);
    const max = Math.max(...values);
    const span = max - min || 1;
    const x = (value: number) => 2 + ((value - min) / span) * 196;
    const label = `${m.values}: ${number.format(min)} – ${number.format(max)}`;
    return html`<svg part="strip" viewBox="0 0 200 30" preserveAspectRatio="none" role="img" aria-label=${label}>
      ${rated.map((area) => svg`<line x1=${x(area.index!)} x2=${x(area.index!)} y1="2" y2="18" stroke=${thematic.colours[area.class! - 1] ?? '#888'} stroke-width="0.8"></line>`)}
      <line x1="2" x2="198" y1="20" y2="20" stroke="currentColor" stroke-width="0.5"></line>
      <text x="2" y="29" font-size="8" fill="currentColor">${number.format(min)}</text>
      <text x="198" y="29" font-size="8" fill="currentColor" text-anchor="end">${number.format(max)}</text>
    </svg>`;
  }
}

/**
 * A colour swatch as SVG: its fill is an attribute, not an inline style, so that a strict Content-Security-Policy
 * (style-src 'self', no 'unsafe-inline') lets it through.
 */
function swatch(colour: string) {
  return html`<svg class="swatch" viewBox="0 0 14 10" aria-hidden="true">${svg`<rect width="14" height="10" fill=${colour}></rect>`}</svg>`;
}

function rangeText(entry: IndexClass, number: Intl.NumberFormat): string {
  if (entry.min === null && entry.max === null) return '';
  if (entry.min === null) return `${entry.maxInclusive ? '≤' : '<'} ${number.format(entry.max!)}`;
  if (entry.max === null) return `${entry.minInclusive ? '≥' : '>'} ${number.format(entry.min)}`;
  return `${number.format(entry.min)} – ${number.format(entry.max)}`;
}
