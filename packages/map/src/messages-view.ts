// The map's messages under the frame: the failure that stopped loading (titled by its stage) and the warnings about the
// data that did not, each in the map's language.
import { html, nothing, type TemplateResult } from 'lit';
import { messageText, type DataIssue } from '@sozialraum/core';
import type { Language } from '@sozialraum/element';
import type { Messages } from './i18n.js';
import type { LoadFailure } from './map-model.js';

/** The title of a failure in the map's language; the cause says the rest in both. */
export function failureTitle(t: Messages, failure: LoadFailure): string {
  return failure.stage === 'areas' ? t.areasFailed(failure.source) : failure.stage === 'indicators' ? t.indicatorsFailed(failure.source) : t.levelsFailed;
}

export function messagesTemplate(t: Messages, error: LoadFailure | undefined, warnings: readonly DataIssue[], language: Language): TemplateResult {
  return html`<div class="messages">
    ${
      error
        ? html`<div class="error" part="error" role="alert">
          <strong>${failureTitle(t, error)}</strong>
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
