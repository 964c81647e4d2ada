// Styles of <sozialraum-profile-card>: a compact one-page layout on screen, and one A4 page per card in print.
import { css } from 'lit';
import { userTextStyles } from '@sozialraum/element';

export const profileCardStyles = css`
  ${userTextStyles}
  :host {
    display: block;
    font-family: var(--sozialraum-font-family, system-ui, sans-serif);
    font-size: var(--sozialraum-profile-font-size, 0.875rem);
    line-height: 1.4;
    color: var(--sozialraum-text-color, #1f2328);
    --_accent: var(--sozialraum-profile-accent-color, #54278f);
    --_city: var(--sozialraum-profile-city-color, #b35806);
    --_muted: var(--sozialraum-text-muted-color, #57606a);
    --_border: var(--sozialraum-border-color, #d0d7de);
    --_range: var(--sozialraum-profile-range-color, #bcbddc);
  }
  :host([hidden]) {
    display: none;
  }
  article {
    container-type: inline-size;
  }
  article {
    min-width: 0;
    overflow-wrap: break-word;
    background: var(--sozialraum-surface-color, #ffffff);
    border: 1px solid var(--_border);
    border-radius: 6px;
    padding: calc(2 * var(--sozialraum-spacing, 0.5em)) calc(2.5 * var(--sozialraum-spacing, 0.5em));
    display: grid;
    gap: calc(1.5 * var(--sozialraum-spacing, 0.5em));
  }
  header {
    display: flex;
    flex-wrap: wrap;
    justify-content: space-between;
    gap: 0.5em 1.5em;
    align-items: baseline;
    border-block-end: 3px solid var(--_accent);
    padding-block-end: 0.5em;
  }
  h2 {
    margin: 0;
    font-size: 1.4em;
    line-height: 1.2;
    min-width: 0;
    --sozialraum-user-text-lines: 3;
  }
  h3 {
    margin: 0 0 0.4em;
    font-size: 1em;
    text-transform: uppercase;
    letter-spacing: 0.04em;
    color: var(--_muted);
  }
  .key {
    color: var(--_muted);
    font-variant-numeric: tabular-nums;
  }
  dl.facts {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(9em, 1fr));
    gap: 0.5em 1em;
    margin: 0;
  }
  .facts div {
    border-inline-start: 3px solid var(--_range);
    padding-inline-start: 0.6em;
  }
  .facts dt {
    color: var(--_muted);
    font-size: 0.85em;
  }
  .facts dd {
    margin: 0;
    font-size: 1.15em;
    font-weight: 600;
    font-variant-numeric: tabular-nums;
  }
  .facts .sub {
    display: block;
    font-size: 0.75em;
    font-weight: 400;
    color: var(--_muted);
  }
  table {
    border-collapse: collapse;
    width: 100%;
  }
  caption {
    text-align: start;
  }
  th,
  td {
    padding: 0.25em 0.4em;
    text-align: start;
    vertical-align: middle;
    border-block-end: 1px solid var(--_border);
  }
  thead th {
    font-size: 0.8em;
    font-weight: 600;
    color: var(--_muted);
    border-block-end-width: 2px;
  }
  .num {
    text-align: end;
    font-variant-numeric: tabular-nums;
    white-space: nowrap;
  }
  tbody th {
    font-weight: 600;
  }
  sup {
    font-weight: 400;
    color: var(--_muted);
  }
  section[part='indicators'] {
    overflow-x: auto;
  }
  section[part='indicators'] table {
    font-size: 0.92em;
  }
  .spine {
    display: block;
    width: 8em;
    height: 1.5em;
  }
  .spine .range {
    stroke: var(--_muted);
    stroke-width: 1;
  }
  .spine .box {
    fill: var(--_range);
  }
  .spine .median {
    stroke: var(--_muted);
    stroke-width: 1;
  }
  .spine .city,
  .sparkline .city-line,
  .radar .city-ring {
    stroke: var(--_city);
    stroke-width: 2;
    stroke-dasharray: 3 2;
    fill: none;
  }
  .mark {
    fill: var(--_accent);
    stroke: var(--sozialraum-surface-color, #ffffff);
    stroke-width: 1;
  }
  .sparkline {
    display: inline-block;
    vertical-align: middle;
    width: 5.5em;
    height: 1.75em;
  }
  .sparkline .area-line {
    stroke: var(--_accent);
    stroke-width: 1.75;
    fill: none;
  }
  .change {
    display: block;
    font-size: 0.8em;
    color: var(--_muted);
    white-space: nowrap;
  }
  .legend {
    margin: 0.3em 0 0;
    font-size: 0.8em;
    color: var(--_muted);
  }
  .legend-key {
    display: inline-block;
    width: 1.2em;
    height: 0.6em;
    vertical-align: 0.05em;
  }
  .columns {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(17rem, 1fr));
    gap: calc(2 * var(--sozialraum-spacing, 0.5em));
    align-items: start;
  }
  .columns > section {
    min-width: 0;
  }
  .columns > section[part='facilities'] {
    overflow-x: auto;
  }
  .columns > .wide {
    grid-column: 1 / -1;
  }
  thead th.num {
    white-space: normal;
  }
  .radar {
    display: block;
    width: 100%;
    max-width: 22em;
    height: auto;
    overflow: visible;
  }
  .radar .grid,
  .radar .axis {
    stroke: var(--_border);
    fill: none;
  }
  .radar .area-shape {
    fill: var(--_accent);
    fill-opacity: 0.25;
    stroke: var(--_accent);
    stroke-width: 2;
  }
  .radar .axis-label {
    font-size: 9px;
    fill: currentColor;
  }
  ul.flags {
    margin: 0;
    padding-inline-start: 1.2em;
  }
  .notes,
  footer {
    font-size: 0.8em;
    color: var(--_muted);
  }
  footer ol {
    margin: 0.2em 0 0;
    padding-inline-start: 1.4em;
  }
  details summary {
    cursor: pointer;
    color: var(--sozialraum-link-color, #0b5cad);
  }
  details ul {
    margin: 0.4em 0 0;
    padding-inline-start: 1.2em;
  }
  .actions {
    display: flex;
    gap: 0.5em;
    flex-wrap: wrap;
    align-items: center;
  }
  button {
    font: inherit;
    font-size: 0.9em;
    color: inherit;
    background: var(--sozialraum-surface-muted-color, #f6f8fa);
    border: 1px solid var(--_border);
    border-radius: 4px;
    padding: 0.3em 0.8em;
    cursor: pointer;
  }
  button:focus-visible,
  summary:focus-visible,
  section[tabindex]:focus-visible {
    outline: 3px solid var(--sozialraum-focus-color, #0b5cad);
    outline-offset: 1px;
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
  .print-only {
    display: none;
  }
  .placeholder {
    color: var(--_muted);
    margin: 0;
  }
  /* A narrow card (beside a map) keeps every column in view with smaller charts and tighter cells. */
  @container (max-width: 36rem) {
    .spine {
      width: 5.5em;
    }
    .sparkline {
      width: 4.5em;
    }
    section[part='indicators'] th,
    section[part='indicators'] td {
      padding-inline: 0.2em;
    }
    section[part='indicators'] table {
      font-size: 0.85em;
    }
  }
  /* One A4 page per card: the card starts a page, never splits, and leaves out what only works on screen. */
  @media print {
    :host {
      font-size: 9pt;
      break-inside: avoid;
      break-after: page;
      page-break-inside: avoid;
      page-break-after: always;
      color: #000000;
    }
    article {
      border: 0;
      padding: 0;
      gap: 0.9em;
    }
    .actions,
    .method-link {
      display: none;
    }
    .columns {
      grid-template-columns: minmax(0, 1fr) minmax(0, 1fr);
    }
    details {
      display: none;
    }
    .print-only {
      display: block;
      margin: 0;
    }
  }
`;
