// The map's messages below the frame: what could not be loaded, and the notes on the data.
import { html, nothing, type TemplateResult } from 'lit';
import { messageText, type DataIssue, type Language } from '@sozialraum/core';
import type { LoadFailure } from './map-model.js';
import type { Messages } from './i18n.js';

/** The title of a failure in the map's language; the cause says the rest in both. */
export function failureTitle(t: Messages, failure: LoadFailure): string {
  return failure.stage === 'areas' ? t.areasFailed(failure.source) : failure.stage === 'indicators' ? t.indicatorsFailed(failure.source) : t.levelsFailed;
}

/** The error (its title in the map's language, its cause in either) and up to 200 notes, folded. */
export function messagesTemplate(
  t: Messages,
  language: Language,
  error: { title: string; cause: unknown } | undefined,
  warnings: readonly DataIssue[],
): TemplateResult {
  return html`<div class="messages">
    ${
      error
        ? html`<div class="error" part="error" role="alert">
          <strong>${error.title}</strong>
          <p>${messageText(error.cause, language)}</p>
        </div>`
        : nothing
    }
    ${
      warnings.length > 0
        ? html`<details class="warnings" part="warnings">
          <summary>${t.warnings(warnings.length)}</summary>
          <ul>
            ${warnings.slice(0, 200).map((entry) => html`<li>${messageText(entry, language)}</li>`)}
          </ul>
        </details>`
        : nothing
    }
  </div>`;
}
