// <sozialraum-legend>: the classes of the map's thematic layer with their ranges and counts, the distribution of the
// values, and the method card that says in words how the index was made.
import { css, html, nothing, svg } from 'lit';
import { ContextConsumer } from '@lit/context';
import { columnLabel, describeIndexSpec, roundForDisplay, type IndexClass } from '@sozialraum/core';
import {
  SozialraumElement,
  isolate,
  sozialraumContext,
  userText,
  userTextStyles,
  type BivariateLayer,
  type CircleScale,
  type Language,
  type ThematicLayer,
} from '@sozialraum/element';
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
      --sozialraum-user-text-lines: 3;
    }
    .toggle {
      display: flex;
      width: 100%;
      align-items: start;
      justify-content: space-between;
      gap: 0.5em;
      font: inherit;
      font-weight: 600;
      color: inherit;
      text-align: start;
      background: none;
      border: 0;
      padding: 0;
      cursor: pointer;
    }
    .toggle::after {
      content: '▾';
      flex: none;
    }
    .toggle[aria-expanded='false']::after {
      content: '▸';
    }
    .toggle:focus-visible {
      outline: 3px solid var(--sozialraum-focus-color, #0b5cad);
      outline-offset: 2px;
    }
    .body {
      margin-block-start: 0.4em;
    }
    .body[hidden] {
      display: none;
    }
    .notes {
      margin: 0.4em 0 0;
      color: var(--sozialraum-text-muted-color, #57606a);
    }
    /* Drawn at their own pixel size: the matrix to be read, the circle key to measure the map's circles. */
    svg.matrix,
    svg.circle-key {
      width: auto;
      height: auto;
      max-width: 100%;
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
    collapsed: { type: Boolean, reflect: true },
  };

  /** Shows only the title, with a button to open the legend again: the reader decides what the legend may cover. */
  collapsed = false;

  readonly #state = new ContextConsumer(this, { context: sozialraumContext, subscribe: true });

  override render(): unknown {
    const thematic = this.#state.value?.thematic;
    if (!thematic) return nothing;
    const m = choroplethMessages(this.language);
    const number = legendNumberFormat(thematic, m.numberLocale);
    // Drilled into an area, the counts are of the areas inside it; the classes stay those of the whole level.
    const focus = this.#state.value?.focus;
    const listed = focus ? thematic.result.areas.filter((area) => focus.has(area.id)) : thematic.result.areas;
    const method = describeIndexSpec(thematic.result.spec, this.language, thematic.result);
    return html`
      <figure part="legend">
        <figcaption><button type="button" class="toggle" aria-expanded=${this.collapsed ? 'false' : 'true'} aria-controls="legend-body" @click=${this.#toggle}>${userText(thematic.title, true)}</button></figcaption>
        <div class="body" id="legend-body" ?hidden=${this.collapsed}>
        ${thematic.bivariate ? matrix(thematic, thematic.bivariate, m) : this.#classes(thematic, m, number, focus ? listed : undefined)}
        ${thematic.result.notes?.length ? html`<p class="notes">${thematic.result.notes.join(' ')}</p>` : nothing}
        ${thematic.bivariate ? nothing : this.#strip(thematic, m, number)}
        ${thematic.circles ? circleKey(thematic.circles, m, this.language) : nothing}
        <details part="method">
          <summary>${m.method}</summary>
          <ul>
            ${method.map((sentence) => html`<li>${sentence}</li>`)}
          </ul>
        </details>
        </div>
      </figure>
    `;
  }

  /** The classes with their counts: of the whole level, or of the areas drilled into (`listed`). */
  #classes(thematic: ThematicLayer, m: ChoroplethMessages, number: NumberText, listed: readonly ThematicLayer['result']['areas'][number][] | undefined) {
    const unrated = (listed ?? thematic.result.areas).filter((area) => area.class === null).length;
    return html`<ul part="classes">
          ${thematic.result.classes.map(
            (entry) => html`<li>
              ${swatch(thematic.colours[entry.class - 1] ?? '#ccc')}
              <span>${entry.label && entry.label !== String(entry.class) ? html`${userText(entry.label)} <span class="range">${rangeText(entry, number)}</span>` : rangeText(entry, number)}</span>
              <span class="count">${listed ? listed.filter((area) => area.class === entry.class).length : entry.count}</span>
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
        </ul>`;
  }

  #toggle(): void {
    this.collapsed = !this.collapsed;
  }

  /** One mark per rated area along the value axis, coloured by class: shows clusters and outliers at a glance. */
  #strip(thematic: ThematicLayer, m: ChoroplethMessages, number: NumberText) {
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
 * The legend of a bivariate map: a matrix with the row classes down (status) and the column classes across
 * (dynamics), each cell in its colour with its number of areas and its code, and the areas not rated below.
 */
function matrix(thematic: ThematicLayer, bivariate: BivariateLayer, m: ChoroplethMessages) {
  const { rows, columns } = bivariate;
  const cell = { width: 40, height: 24 };
  const left = 84;
  const top = 34;
  const width = left + columns.labels.length * cell.width;
  const height = top + rows.labels.length * cell.height + 4;
  const counts = thematic.result.classes.map((entry) => entry.count);
  const unrated = thematic.result.areas.filter((area) => area.class === null).length;
  const label = `${rows.name} × ${columns.name}: ${thematic.result.classes.map((entry) => `${entry.label}: ${m.areas(entry.count)}`).join(', ')}`;
  return html`<svg part="matrix" class="matrix" width=${width} height=${height} viewBox="0 0 ${width} ${height}" role="img" aria-label=${label}>
      <text x=${left + (columns.labels.length * cell.width) / 2} y="11" font-size="10" font-weight="600" text-anchor="middle" fill="currentColor">${columns.name} →</text>
      ${columns.labels.map(
        (text, column) =>
          svg`<text x=${left + column * cell.width + cell.width / 2} y=${top - 6} font-size="9" text-anchor="middle" fill="currentColor">${text}</text>`,
      )}
      ${rows.labels.map((text, row) => {
        const y = top + row * cell.height;
        return svg`<text x=${left - 4} y=${y + cell.height / 2 + 3} font-size="9" text-anchor="end" fill="currentColor">${text}</text>
          ${columns.labels.map((_, column) => {
            const position = row * columns.labels.length + column;
            const colour = thematic.colours[position] ?? '#ccc';
            const x = left + column * cell.width;
            return svg`<rect x=${x} y=${y} width=${cell.width - 1} height=${cell.height - 1} fill=${colour} data-code=${(row + 1) * 10 + column + 1} data-count=${counts[position] ?? 0}></rect>
              <text x=${x + cell.width / 2} y=${y + cell.height / 2 + 4} font-size="10" text-anchor="middle" fill=${isDark(colour) ? '#ffffff' : '#1f2328'}>${counts[position] ?? 0}</text>`;
          })}`;
      })}
      <text x="2" y=${top - 6} font-size="10" font-weight="600" fill="currentColor">${rows.name} ↓</text>
    </svg>
    ${unrated > 0 ? html`<ul part="classes"><li><span class="swatch unrated"></span><span>${m.notRated}</span><span class="count">${unrated}</span></li></ul>` : nothing}`;
}

/** Whether text on `colour` (#rrggbb) reads better in white: relative luminance under about 0.35. */
function isDark(colour: string): boolean {
  const [r, g, b] = [1, 3, 5].map((start) => parseInt(colour.slice(start, start + 2), 16) / 255);
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b! < 0.45;
}

/**
 * A colour swatch as SVG: its fill is an attribute, not an inline style, so that a strict Content-Security-Policy
 * (style-src 'self', no 'unsafe-inline') lets it through.
 */
function swatch(colour: string) {
  return html`<svg class="swatch" viewBox="0 0 14 10" aria-hidden="true">${svg`<rect width="14" height="10" fill=${colour}></rect>`}</svg>`;
}

/**
 * Numbers of the class ranges: an index with two decimals, a count (residents) without any, other values with up to
 * two; a value that rounds to zero is written without a sign, never "−0,00".
 */
function legendNumberFormat(thematic: ThematicLayer, locale: string): NumberText {
  const column = thematic.result.spec.indicators[0]?.column;
  const count = thematic.kind === 'indicator' && column !== undefined && columnLabel(column, 'de', thematic.result.spec).kind === 'count';
  const digits = thematic.kind === 'index' ? 2 : count ? 0 : 2;
  const format = new Intl.NumberFormat(locale, { maximumFractionDigits: digits, minimumFractionDigits: thematic.kind === 'index' ? 2 : 0 });
  return { format: (value: number) => format.format(roundForDisplay(value, digits)) };
}

type NumberText = Pick<Intl.NumberFormat, 'format'>;

/**
 * The size key of the proportional circles: two or three reference circles, drawn with the same scale as the map's
 * circles (area proportional to the number), nested at their bottom, each with its number.
 */
function circleKey(circles: CircleScale, m: ChoroplethMessages, language: Language) {
  const number = new Intl.NumberFormat(m.numberLocale, { maximumFractionDigits: 0 });
  const references = circleReferences(circles.max);
  const radius = (value: number) => circles.maxRadius * Math.sqrt(value / circles.max);
  const largest = radius(references[0]!);
  const base = 2 * largest + 6;
  // Each number at the top of its circle, but at least a line below the one before, joined to it by a dotted line.
  const labels: number[] = [];
  for (const value of references) labels.push(Math.max(base - 2 * radius(value) + 4, (labels.at(-1) ?? -Infinity) + 11));
  const height = Math.max(base + 1, (labels.at(-1) ?? 0) + 3);
  const width = 2 * largest + 70;
  // Drawn at the size of the map's circles (no scaling), so that the key measures them.
  return html`<p>${m.circles(isolate(circles.label))}</p>
    <svg part="circle-key" class="circle-key" width=${width} height=${height} viewBox="0 0 ${width} ${height}" role="img" aria-label=${`${circles.label}: ${references.map((value) => number.format(value)).join(', ')}`} lang=${language}>
      ${references.map((value, index) => {
        const r = radius(value);
        const y = base - r;
        return svg`<circle cx=${largest + 1} cy=${y} r=${r} fill="none" stroke="currentColor" stroke-width="0.75"></circle>
          <polyline points="${largest + 1},${y - r} ${2 * largest + 8},${labels[index]! - 3.5}" fill="none" stroke="currentColor" stroke-width="0.5" stroke-dasharray="1.5 1"></polyline>
          <text x=${2 * largest + 10} y=${labels[index]!} font-size="10" fill="currentColor">${number.format(value)}</text>`;
      })}
    </svg>`;
}

/** Round reference numbers for a size key: the largest 1, 2 or 5 × 10ⁿ not above the maximum, and smaller steps. */
export function circleReferences(max: number): number[] {
  if (!(max > 0)) return [];
  const magnitude = 10 ** Math.floor(Math.log10(max));
  const top = [5, 2, 1].map((step) => step * magnitude).find((value) => value <= max) ?? magnitude;
  const references = [top, top / 4, top / 20].map((value) => roundNice(value)).filter((value, index, all) => value > 0 && all.indexOf(value) === index);
  return references.slice(0, 3);
}

function roundNice(value: number): number {
  const magnitude = 10 ** Math.floor(Math.log10(value));
  return Math.round(value / magnitude) * magnitude;
}

function rangeText(entry: IndexClass, number: NumberText): string {
  if (entry.min === null && entry.max === null) return '';
  if (entry.min === null) return `${entry.maxInclusive ? '≤' : '<'} ${number.format(entry.max!)}`;
  if (entry.max === null) return `${entry.minInclusive ? '≥' : '>'} ${number.format(entry.min)}`;
  return `${number.format(entry.min)} – ${number.format(entry.max)}`;
}
