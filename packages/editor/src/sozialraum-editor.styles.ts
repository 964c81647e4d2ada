// Styles of <sozialraum-editor>: a compact panel under the map; every colour is a --sozialraum-* custom property.
import { css } from 'lit';
import { userTextStyles } from '@sozialraum/map';

export const editorStyles = css`
  ${userTextStyles}
  :host {
    display: block;
    font-family: var(--sozialraum-font-family, system-ui, sans-serif);
    font-size: var(--sozialraum-editor-font-size, 0.875rem);
    line-height: 1.4;
    color: var(--sozialraum-text-color, #1f2328);
    --_accent: var(--sozialraum-editor-accent-color, #54278f);
    --_warning: var(--sozialraum-editor-warning-color, #b35806);
    --_muted: var(--sozialraum-text-muted-color, #57606a);
    --_border: var(--sozialraum-border-color, #d0d7de);
    --_surface: var(--sozialraum-surface-color, #ffffff);
    --_gap: var(--sozialraum-spacing, 0.5em);
    /* Names, keys and version names are cut where the panel's line runs out, never before. */
    --sozialraum-user-text-max-width: 100%;
  }
  :host([hidden]) {
    display: none;
  }
  .panel {
    min-width: 0;
    display: grid;
    gap: var(--_gap);
    padding: var(--_gap);
    background: var(--_surface);
    border: 1px solid var(--_border);
    border-radius: 6px;
    margin-top: var(--_gap);
  }
  h2,
  h3 {
    margin: 0;
    font-size: 1em;
  }
  h2 {
    font-size: 1.05em;
  }
  .toolbar {
    display: flex;
    flex-wrap: wrap;
    gap: calc(var(--_gap) / 2);
    align-items: center;
  }
  /* Undo and redo wrap together with the separator before them, so it never ends a row on its own. */
  .toolbar .history-tools {
    display: flex;
    gap: calc(var(--_gap) / 2);
    align-items: center;
  }
  .map-legend {
    margin: 0;
    display: flex;
    align-items: center;
    gap: 0.5em;
    font-size: 0.9em;
    color: var(--_muted);
  }
  .toolbar .separator {
    width: 1px;
    align-self: stretch;
    background: var(--_border);
    margin-inline: calc(var(--_gap) / 2);
  }
  button,
  input,
  select,
  textarea {
    font: inherit;
    color: inherit;
  }
  select {
    /*
     * A select is as wide as its longest option, a version name of any length among them; a percentage would not
     * bound it, since the width of a drop-down counts in its container's own width.
     */
    max-inline-size: 18em;
  }
  input,
  textarea {
    max-inline-size: 100%;
  }
  button {
    border: 1px solid var(--_border);
    background: var(--_surface);
    border-radius: 4px;
    padding: 0.25em 0.6em;
    cursor: pointer;
  }
  button[aria-pressed='true'] {
    background: var(--_accent);
    border-color: var(--_accent);
    color: #ffffff;
  }
  button:disabled {
    opacity: 0.55;
    cursor: default;
  }
  button.link {
    border: none;
    background: none;
    padding: 0;
    text-align: start;
    text-decoration: underline;
    text-underline-offset: 2px;
    color: var(--sozialraum-link-color, #0b5cad);
  }
  input,
  select,
  textarea {
    border: 1px solid var(--sozialraum-border-color, #8c959f);
    border-radius: 4px;
    padding: 0.2em 0.4em;
    background: var(--_surface);
  }
  :focus-visible {
    outline: 3px solid var(--sozialraum-focus-color, #0b5cad);
    outline-offset: 2px;
  }
  .hint,
  .note {
    color: var(--_muted);
    margin: 0;
  }
  /*
   * Sentences and buttons that quote a name, a key or a file name (isolated in the text) wrap inside the panel and
   * stop after three lines; the whole sentence stays in the DOM for screen readers.
   */
  .note,
  .panel p,
  legend {
    overflow-wrap: anywhere;
  }
  .merge legend,
  .comments .note,
  .comparison p,
  .confirm p,
  .status {
    display: -webkit-box;
    -webkit-box-orient: vertical;
    -webkit-line-clamp: 3;
    line-clamp: 3;
    overflow: hidden;
  }
  button.link,
  .comment button {
    overflow-wrap: anywhere;
    max-block-size: 4.5em;
    overflow: hidden;
  }
  .comment-text {
    --sozialraum-user-text-lines: 4;
  }
  .status {
    margin: 0;
    min-height: 1.4em;
    font-weight: 600;
  }
  .heading {
    display: flex;
    flex-wrap: wrap;
    justify-content: space-between;
    align-items: baseline;
    gap: var(--_gap);
  }
  .save-state {
    margin: 0;
    font-size: 0.9em;
    color: var(--_muted);
    display: inline-flex;
    align-items: center;
    gap: 0.4em;
  }
  .save-state .dot {
    width: 0.6em;
    height: 0.6em;
    border-radius: 50%;
    background: #1a7f37;
  }
  .save-state[data-state='saving'] .dot {
    background: var(--_muted);
  }
  .save-state[data-state='not-saved'] {
    color: var(--sozialraum-editor-warning-color, #b35806);
    font-weight: 600;
  }
  .save-state[data-state='not-saved'] .dot {
    background: var(--sozialraum-editor-warning-color, #b35806);
  }
  .save-failure {
    border: 2px solid var(--sozialraum-editor-warning-color, #b35806);
    border-radius: 6px;
    padding: var(--_gap);
    display: grid;
    gap: var(--_gap);
  }
  .save-failure p,
  .read-only p {
    margin: 0;
  }
  .read-only button,
  .save-failure .row {
    justify-self: start;
  }
  .read-only,
  .restore,
  .confirm {
    border: 2px solid var(--_accent);
    border-radius: 6px;
    padding: var(--_gap);
    display: grid;
    gap: var(--_gap);
  }
  .restore p,
  .confirm p {
    margin: 0;
  }
  .row {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_gap);
    align-items: end;
  }
  label {
    display: inline-grid;
    gap: 0.1em;
    max-inline-size: 100%;
  }
  label.check {
    display: flex;
    gap: 0.4em;
    align-items: center;
  }
  .sections {
    display: grid;
    /* Wide enough for the live table (area, residents, change), which would otherwise spill into the next column. */
    grid-template-columns: repeat(auto-fit, minmax(min(25em, 100%), 1fr));
    gap: var(--_gap) calc(2 * var(--_gap));
    align-items: start;
  }
  section {
    display: grid;
    /* One column as wide as the section, whatever the longest option of a select or name in it. */
    grid-template-columns: minmax(0, 1fr);
    gap: calc(var(--_gap) / 2);
    min-width: 0;
  }
  ul,
  ol {
    margin: 0;
    padding-inline-start: 1.8em;
    max-height: 12em;
    overflow: auto;
  }
  table {
    border-collapse: collapse;
    font-variant-numeric: tabular-nums;
  }
  th,
  td {
    text-align: start;
    padding: 0.1em 0.5em 0.1em 0;
    border-bottom: 1px solid var(--_border);
  }
  td.number,
  th.number {
    text-align: end;
  }
  table caption {
    text-align: start;
    font-weight: 600;
  }
  label.carry {
    display: flex;
    flex-direction: column;
    gap: 0.2em;
    margin-block: 0.6em 0.3em;
  }
  .marks ul,
  .findings ul {
    list-style: none;
    padding-inline-start: 0;
  }
  .marks li,
  .findings li {
    padding-block: 0.1em;
  }
  .badge,
  tr.small td,
  tr.far td {
    color: var(--_warning);
  }
  li.small .badge {
    font-weight: 600;
  }
  li.current {
    font-weight: 600;
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
  }
  /* The brush's table of every area scrolls within the panel, its head kept in view. */
  .brush-areas {
    max-height: 16em;
    overflow: auto;
  }
  .brush-areas thead th {
    position: sticky;
    top: 0;
    background: var(--_surface, #ffffff);
  }
  .brush tr.active th {
    font-weight: 600;
  }
  .brush-toggle {
    justify-self: start;
  }
`;
