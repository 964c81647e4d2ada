// The bar above the map: the level switcher, the path of the areas drilled into, and the time slider.
import { html, nothing, svg, type TemplateResult } from 'lit';
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
          <span class="year-scale">
            <input
              type="range"
              min=${years[0]!}
              max=${years[years.length - 1]!}
              step="1"
              .value=${String(year)}
              aria-valuetext=${String(year)}
              @input=${options.onYearInput}
            />
            ${yearTicks(years)}
          </span>
          <output>${year}</output></label
        >`
        : nothing
    }
  </div>`;
}

/**
 * The years under the slider at their place in time: a gap in the series (2012 → 2017) shows as a gap. Every year
 * gets a tick; a label where it does not crowd the one before (the first and last always).
 */
function yearTicks(years: readonly number[]): TemplateResult {
  const first = years[0]!;
  const span = years[years.length - 1]! - first || 1;
  let labelled = -Infinity;
  return html`<svg class="year-ticks" part="year-ticks" aria-hidden="true">
    ${years.map((year, index) => {
      const x = ((year - first) / span) * 100;
      const last = index === years.length - 1;
      // Labels need about a quarter of the scale each; the first and the last year are always named.
      const label = index === 0 || last || (x - labelled >= 24 && 100 - x >= 24);
      if (label) labelled = x;
      return svg`<line data-year=${year} x1="${x}%" x2="${x}%" y1="0" y2="5"></line>${
        label ? svg`<text x="${x}%" y="15" text-anchor=${index === 0 ? 'start' : last ? 'end' : 'middle'}>${year}</text>` : nothing
      }`;
    })}
  </svg>`;
}

/**
 * The year a slider value stands for: the nearest year of the table; where that is the year shown although the slider
 * moved (an arrow key into a gap), the next year in the direction it moved.
 */
export function snapYear(years: readonly number[], shown: number | undefined, value: number): number | undefined {
  if (years.length === 0) return undefined;
  const nearest = years.reduce((best, year) => (Math.abs(year - value) < Math.abs(best - value) ? year : best));
  if (nearest !== shown || shown === undefined || value === shown) return nearest;
  const index = years.indexOf(shown);
  return years[value > shown ? Math.min(index + 1, years.length - 1) : Math.max(index - 1, 0)];
}
