// <sozialraum-table>: the table twin of the map: every area with its values, standardised values, index, class and
// rank, sortable, readable by screen readers, and linked to the map's selection both ways.
import { css, html, nothing, type PropertyValues } from 'lit';
import { ContextConsumer } from '@lit/context';
import { areaName, columnLabel, localiseText, roundForDisplay, type AreaIndexResult } from '@sozialraum/core';
import { SozialraumElement, sozialraumContext, userText, userTextStyles, type ThematicLayer } from '@sozialraum/element';
import { choroplethMessages, type ChoroplethMessages } from './i18n.js';

interface Column {
  id: string;
  label: string;
  value: (area: AreaIndexResult) => number | string | null;
  numeric: boolean;
}

/**
 * All areas of the enclosing `<sozialraum-map>` with the values of its thematic layer: raw values, standardised
 * values, sub-indices, index, class, rank and notes. Column headers sort (again to reverse); choosing an area's
 * name selects it on the map, and an area selected on the map is marked and scrolled to in the table.
 *
 * @summary Accessible, sortable table twin of the map.
 *
 * @csspart table - The table element.
 * @csspart selected-row - The row of the selected area.
 *
 * @cssproperty [--sozialraum-table-max-height=24rem] - Height after which the table scrolls.
 * @cssproperty [--sozialraum-selection-color=#1f2328] - Marker of the selected row.
 */
export class SozialraumTable extends SozialraumElement {
  static override styles = css`
    ${userTextStyles}
    :host {
      display: block;
      font-family: var(--sozialraum-font-family, system-ui, sans-serif);
      font-size: var(--sozialraum-table-font-size, 0.875rem);
      color: var(--sozialraum-text-color, #1f2328);
    }
    :host([hidden]) {
      display: none;
    }
    .scroll {
      max-height: var(--sozialraum-table-max-height, 24rem);
      overflow: auto;
      border: 1px solid var(--sozialraum-border-color, #d0d7de);
    }
    table {
      border-collapse: collapse;
      width: 100%;
    }
    caption {
      text-align: start;
      font-weight: 600;
      padding: var(--sozialraum-spacing, 0.5em);
    }
    th,
    td {
      padding: calc(0.6 * var(--sozialraum-spacing, 0.5em)) calc(1.2 * var(--sozialraum-spacing, 0.5em));
      border-block-end: 1px solid var(--sozialraum-border-color, #d0d7de);
      text-align: start;
      white-space: nowrap;
    }
    thead th {
      position: sticky;
      top: 0;
      background: var(--sozialraum-surface-muted-color, #f1f3f5);
      z-index: 1;
    }
    th button {
      font: inherit;
      font-weight: 600;
      color: inherit;
      background: none;
      border: 0;
      padding: 0;
      cursor: pointer;
    }
    th[aria-sort='ascending'] button::after {
      content: ' ▲';
    }
    th[aria-sort='descending'] button::after {
      content: ' ▼';
    }
    .numeric {
      text-align: end;
      font-variant-numeric: tabular-nums;
    }
    tbody th button {
      font: inherit;
      color: var(--sozialraum-link-color, #0b5cad);
      background: none;
      border: 0;
      padding: 0;
      text-align: start;
      cursor: pointer;
      text-decoration: underline;
    }
    tr.selected {
      background: var(--sozialraum-selected-row-color, #fff8c5);
      box-shadow: inset 4px 0 0 var(--sozialraum-selection-color, #1f2328);
    }
    button:focus-visible {
      outline: 3px solid var(--sozialraum-focus-color, #0b5cad);
      outline-offset: 1px;
    }
    .swatch {
      display: inline-block;
      width: 0.9em;
      height: 0.9em;
      margin-inline-end: 0.4em;
      vertical-align: -0.1em;
      border: 1px solid rgb(0 0 0 / 25%);
    }
  `;

  static override properties = {
    lang: { type: String, reflect: true },
    _sort: { state: true },
  };

  private _sort: { column: string; descending: boolean } = { column: 'rank', descending: false };

  readonly #state = new ContextConsumer(this, { context: sozialraumContext, subscribe: true });
  #lastSelected: string | null = null;
  /** Whether rows were asked for once: the first ones wait for the map's frame (see scheduleUpdate). */
  #rowsAsked = false;

  /**
   * The first rows wait until the browser has painted its next frame, the map's first with the areas: hundreds of rows
   * take longer to render and lay out than the map takes to draw, and the map is what a visitor looks at first.
   * Later updates (sorting, the selection, another layer) render at once. `updateComplete` resolves with the rows.
   */
  protected override async scheduleUpdate(): Promise<unknown> {
    if (!this.#rowsAsked && this.#state.value?.thematic) {
      this.#rowsAsked = true;
      await afterNextPaint();
    }
    return super.scheduleUpdate();
  }

  override render(): unknown {
    const state = this.#state.value;
    const thematic = state?.thematic;
    if (!state || !thematic) return nothing;
    const m = choroplethMessages(this.language);
    const number = new Intl.NumberFormat(m.numberLocale, { maximumFractionDigits: 2 });
    const names = new Map<string, string>();
    const areas = state.areas;
    // A repeated key is named after its first feature, as the map names it.
    if (areas) areas.ids.forEach((id, index) => names.has(id) || names.set(id, areaName(areas, index)));
    const columns = this.#columns(thematic, m);
    // Drilled into an area, the table lists the areas inside it.
    const focus = state.focus;
    const rows = this.#sorted(focus ? thematic.result.areas.filter((area) => focus.has(area.id)) : thematic.result.areas, columns, names);
    return html`<div class="scroll">
      <table part="table">
        <caption>
          ${m.table}: ${userText(thematic.title)} (${m.areas(rows.length)})
        </caption>
        <thead>
          <tr>
            ${[{ id: 'name', label: m.name, numeric: false }, { id: 'id', label: m.key, numeric: false }, ...columns].map(
              (
                column,
              ) => html`<th scope="col" class=${column.numeric ? 'numeric' : ''} aria-sort=${this._sort.column === column.id ? (this._sort.descending ? 'descending' : 'ascending') : 'none'}>
                <button type="button" title=${m.sortBy(column.label)} @click=${() => this.#sortBy(column.id)}>${userText(column.label)}</button>
              </th>`,
            )}
          </tr>
        </thead>
        <tbody>
          ${rows.map((area) => {
            const selected = area.id === state.selectedId;
            const name = names.get(area.id) ?? area.id;
            return html`<tr class=${selected ? 'selected' : ''} part=${selected ? 'selected-row' : ''} data-id=${area.id}>
              <th scope="row">
                <button type="button" aria-current=${selected ? 'true' : 'false'} aria-label=${m.select(name)} @click=${() => state.select(area.id)}>${userText(name)}</button>
              </th>
              <td>${userText(area.id)}</td>
              ${columns.map((column) => {
                const value = column.value(area);
                const text = value === null ? '–' : typeof value === 'number' ? number.format(roundForDisplay(value, 2)) : value;
                return html`<td class=${column.numeric ? 'numeric' : ''}>${column.id === 'class' && area.class !== null ? this.#swatch(thematic, area.class) : nothing}${column.numeric || value === null ? text : userText(text)}</td>`;
              })}
            </tr>`;
          })}
        </tbody>
      </table>
    </div>`;
  }

  override updated(changed: PropertyValues): void {
    super.updated(changed);
    const selected = this.#state.value?.selectedId ?? null;
    if (selected !== this.#lastSelected) {
      this.#lastSelected = selected;
      if (selected !== null) {
        const row = [...this.renderRoot.querySelectorAll<HTMLTableRowElement>('tbody tr')].find((candidate) => candidate.dataset.id === selected);
        const scroll = this.renderRoot.querySelector<HTMLElement>('.scroll');
        // Only the table's own box scrolls: the page must not jump away from the map the user clicked.
        if (row && scroll) {
          const header = this.renderRoot.querySelector('thead')?.getBoundingClientRect().height ?? 0;
          const top = row.offsetTop - header;
          if (top < scroll.scrollTop || row.offsetTop + row.offsetHeight > scroll.scrollTop + scroll.clientHeight) {
            scroll.scrollTop = Math.max(0, top - scroll.clientHeight / 3);
          }
        }
      }
    }
  }

  #swatch(thematic: ThematicLayer, klass: number) {
    const swatch = document.createElement('span');
    swatch.className = 'swatch';
    swatch.style.background = thematic.colours[klass - 1] ?? '#ccc';
    return swatch;
  }

  #columns(thematic: ThematicLayer, m: ChoroplethMessages): Column[] {
    const spec = thematic.result.spec;
    // Labels from the spec, or the toolkit's readable label of the column; never the bare column code.
    const labelOf = (column: string) => columnLabel(column, this.language, spec);
    const columns: Column[] = spec.indicators.map((indicator) => {
      const { label, unit } = labelOf(indicator.column);
      return {
        id: `value:${indicator.column}`,
        label: `${label}${unit ? ` (${unit})` : ''}`,
        value: (area) => area.values[indicator.column] ?? null,
        numeric: true,
      };
    });
    if (thematic.kind === 'index') {
      for (const indicator of spec.indicators) {
        columns.push({
          id: `z:${indicator.column}`,
          label: `${labelOf(indicator.column).label} (z)`,
          value: (area) => area.z[indicator.column] ?? null,
          numeric: true,
        });
      }
      for (const domain of spec.domains ?? []) {
        columns.push({
          id: `domain:${domain.id}`,
          label: localiseText(domain.label, this.language) || domain.id,
          value: (area) => area.domains[domain.id] ?? null,
          numeric: true,
        });
      }
      columns.push({ id: 'index', label: m.index, value: (area) => area.index, numeric: true });
    }
    const bivariate = thematic.bivariate;
    if (bivariate) {
      // Both indices with their classes, and the code the city publishes (23 = status 2, dynamics 3).
      for (const [key, axis] of [
        ['row', bivariate.rows],
        ['column', bivariate.columns],
      ] as const) {
        columns.push({ id: `${key}-value`, label: axis.title, value: (area) => axis.values.get(area.id) ?? null, numeric: true });
        columns.push({
          id: `${key}-class`,
          label: axis.name,
          value: (area) => {
            const place = bivariate.areas.get(area.id)?.[key];
            return place === null || place === undefined ? null : (axis.labels[place - 1] ?? String(place));
          },
          numeric: false,
        });
      }
      columns.push({
        id: 'code',
        label: m.bivariateCode(bivariate.rows.name, bivariate.columns.name),
        value: (area) => bivariate.areas.get(area.id)?.code ?? null,
        numeric: true,
      });
    }
    columns.push({ id: 'class', label: m.class, value: (area) => (area.class === null ? m.notRated : (area.label ?? String(area.class))), numeric: false });
    columns.push({ id: 'rank', label: m.rank, value: (area) => area.rank, numeric: true });
    columns.push({
      id: 'notes',
      label: m.notes,
      value: (area) => [...area.flags.map((flag) => m.flags[flag]), ...area.notes].join('; ') || null,
      numeric: false,
    });
    return columns;
  }

  #sorted(areas: readonly AreaIndexResult[], columns: Column[], names: Map<string, string>): AreaIndexResult[] {
    const { column, descending } = this._sort;
    const key = (area: AreaIndexResult): number | string | null => {
      if (column === 'name') return names.get(area.id) ?? area.id;
      if (column === 'id') return area.id;
      if (column === 'class') return area.class;
      return columns.find((candidate) => candidate.id === column)?.value(area) ?? null;
    };
    const collator = new Intl.Collator(this.language === 'en' ? 'en' : 'de', { numeric: true });
    // Empty values go last whichever way the column is sorted.
    return [...areas].sort((a, b) => {
      const [x, y] = [key(a), key(b)];
      if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
      const order = typeof x === 'number' && typeof y === 'number' ? x - y : collator.compare(String(x), String(y));
      return descending ? -order : order;
    });
  }

  #sortBy(column: string): void {
    this._sort = this._sort.column === column ? { column, descending: !this._sort.descending } : { column, descending: false };
  }
}

/** Resolves once the browser has painted its next frame; at once in a hidden page, which paints none. */
function afterNextPaint(): Promise<void> {
  if (document.visibilityState === 'hidden') return Promise.resolve();
  // A task queued from a frame callback runs after that frame is painted.
  return new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve)));
}
