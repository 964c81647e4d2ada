// The bar above the map: the level switcher, the path of the areas drilled into, and the time slider.
import { html, nothing, type TemplateResult } from 'lit';
import type { DrillStep } from '@sozialraum/element';
import type { Messages } from './i18n.js';
import type { LevelData } from './levels.js';

export interface ToolbarOptions {
  t: Messages;
  levels: readonly LevelData[];
  /** The level asked for (the top of the drill-down path). */
  top: LevelData | undefined;
  /** The level shown. */
  shown: LevelData | undefined;
  /** Whether the areas shown can be drilled into (they lie above the finest). */
  drillable: boolean;
  drill: readonly DrillStep[];
  years: readonly number[];
  year: number | undefined;
  label: (level: LevelData) => string;
  onLevelSwitch: (event: Event) => void;
  onYearInput: (event: Event) => void;
  drillUpTo: (depth: number) => void;
}

/** The toolbar's template; the caller leaves it out when there are fewer than two levels and two years. */
export function toolbarTemplate(options: ToolbarOptions): TemplateResult {
  const { t, levels, top, shown, years, year, label } = options;
  return html`<div class="toolbar" part="toolbar">
    ${
      levels.length >= 2
        ? html`<label class="level"
            >${t.level}
            <select @change=${options.onLevelSwitch} .value=${(shown ?? top)?.definition.id ?? ''}>
              ${levels.map((level) => html`<option value=${level.definition.id} ?selected=${level === (shown ?? top)}>${label(level)}</option>`)}
            </select></label
          >
          ${
            options.drill.length > 0
              ? html`<nav class="breadcrumb" part="breadcrumb" aria-label=${t.drillPath}>
                <ol>
                  <li><button type="button" @click=${() => options.drillUpTo(0)}>${t.allAreas(top ? label(top) : '')}</button></li>
                  ${options.drill.map((step, depth) =>
                    depth === options.drill.length - 1
                      ? html`<li><span aria-current="location">${step.name}</span>${shown ? html` <span class="muted">(${label(shown)})</span>` : nothing}</li>`
                      : html`<li><button type="button" @click=${() => options.drillUpTo(depth + 1)}>${step.name}</button></li>`,
                  )}
                </ol>
              </nav>`
              : shown && options.drillable
                ? html`<span class="hint">${t.drillHint}</span>`
                : nothing
          }`
        : nothing
    }
    ${
      years.length >= 2 && year !== undefined
        ? html`<label class="year"
          >${t.year}
          <input
            type="range"
            min="0"
            max=${years.length - 1}
            step="1"
            .value=${String(years.indexOf(year))}
            aria-valuetext=${String(year)}
            @input=${options.onYearInput}
          />
          <output>${year}</output></label
        >`
        : nothing
    }
  </div>`;
}
