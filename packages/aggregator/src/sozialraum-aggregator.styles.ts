// Styles of <sozialraum-aggregator>; colours and spacing come from the --sozialraum-* custom properties.
import { css } from 'lit';

export const aggregatorStyles = css`
  :host {
    display: block;
    font-family: var(--sozialraum-font-family, system-ui, sans-serif);
    color: var(--sozialraum-text-color, #1f2328);
    --gap: var(--sozialraum-spacing, 0.5em);
  }
  :host([hidden]),
  [hidden] {
    display: none !important;
  }
  form > fieldset {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(14em, 1fr));
    gap: var(--gap) calc(2 * var(--gap));
    align-items: start;
    margin: 0;
    padding: var(--gap) calc(1.5 * var(--gap)) calc(1.5 * var(--gap));
    border: 1px solid var(--sozialraum-border-color, #d0d7de);
    border-radius: 4px;
    background: var(--sozialraum-surface-color, #ffffff);
  }
  legend {
    font-weight: 600;
    padding: 0 0.25em;
  }
  label {
    display: grid;
    gap: 0.2em;
    min-width: 0;
  }
  label > input,
  label > select {
    max-width: 100%;
    min-width: 0;
  }
  .source {
    grid-column: 1 / -1;
    margin: 0;
    color: var(--sozialraum-text-muted-color, #57606a);
    overflow-wrap: anywhere;
  }
  /* Sentences that quote a file name (isolated in the text) stop after three lines, however long the name. */
  .source,
  .status p {
    display: -webkit-box;
    -webkit-box-orient: vertical;
    -webkit-line-clamp: 3;
    line-clamp: 3;
    overflow: hidden;
  }
  fieldset.stats {
    grid-column: 1 / -1;
    display: flex;
    flex-wrap: wrap;
    gap: 0.25em calc(2 * var(--gap));
    margin: 0;
    padding: 0.25em 0.5em 0.5em;
    border: 1px solid var(--sozialraum-border-color, #d0d7de);
    border-radius: 3px;
  }
  fieldset.stats legend {
    font-weight: 400;
  }
  fieldset.stats label {
    display: inline-flex;
    align-items: center;
    gap: 0.3em;
  }
  input,
  select,
  button {
    font: inherit;
    color: inherit;
  }
  input[type='text'],
  input[type='number'],
  select {
    padding: 0.25em 0.4em;
    border: 1px solid var(--sozialraum-border-color, #8c959f);
    border-radius: 3px;
    background: var(--sozialraum-surface-color, #ffffff);
  }
  button {
    padding: 0.35em 1em;
    border: 1px solid var(--sozialraum-focus-color, #0b5cad);
    border-radius: 3px;
    background: var(--sozialraum-surface-color, #ffffff);
    color: var(--sozialraum-focus-color, #0b5cad);
    cursor: pointer;
  }
  button[type='submit'] {
    background: var(--sozialraum-focus-color, #0b5cad);
    color: var(--sozialraum-surface-color, #ffffff);
    justify-self: start;
  }
  button:disabled {
    opacity: 0.55;
    cursor: not-allowed;
  }
  :focus-visible {
    outline: 3px solid var(--sozialraum-focus-color, #0b5cad);
    outline-offset: 2px;
  }
  .run {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--gap);
    margin-block-start: var(--gap);
  }
  progress {
    flex: 1 1 12em;
    height: 0.9em;
    accent-color: var(--sozialraum-focus-color, #0b5cad);
  }
  .run span {
    font-variant-numeric: tabular-nums;
  }
  .status {
    margin: var(--gap) 0 0;
    overflow-wrap: anywhere;
  }
  .status:empty {
    display: none;
  }
  .note {
    margin: 0.25em 0 0;
    color: var(--sozialraum-text-muted-color, #57606a);
  }
  .error {
    margin-block-start: var(--gap);
    padding: var(--gap) calc(1.5 * var(--gap));
    border: 1px solid var(--sozialraum-error-color, #b3261e);
    border-inline-start-width: 4px;
    border-radius: 3px;
    background: var(--sozialraum-surface-color, #ffffff);
  }
  .error strong {
    color: var(--sozialraum-error-color, #b3261e);
  }
  .error p {
    margin: 0.25em 0 0;
    overflow-wrap: anywhere;
  }
  .warnings {
    margin-block-start: var(--gap);
  }
  .warnings ul {
    margin: 0.5em 0 0;
    padding-inline-start: 1.2em;
    max-height: 12em;
    overflow: auto;
    overflow-wrap: anywhere;
  }
  a {
    display: inline-block;
    max-width: 100%;
    overflow-wrap: anywhere;
    margin-block-start: var(--gap);
    color: var(--sozialraum-link-color, #0b5cad);
  }
`;
