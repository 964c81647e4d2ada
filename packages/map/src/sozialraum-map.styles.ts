// Styles of <sozialraum-map>; every colour and size is a --sozialraum-* custom property an embedder can set.
import { css } from 'lit';
import { userTextStyles } from '@sozialraum/element';

export const mapStyles = css`
  ${userTextStyles}
  :host {
    display: block;
    font-family: var(--sozialraum-font-family, system-ui, sans-serif);
    font-size: var(--sozialraum-font-size, 0.9375rem);
    color: var(--sozialraum-text-color, #1f2328);
    --ol-background-color: var(--sozialraum-surface-color, #ffffff);
    --ol-foreground-color: var(--sozialraum-text-color, #1f2328);
    --ol-accent-background-color: var(--sozialraum-surface-muted-color, #f1f3f5);
    --ol-subtle-foreground-color: var(--sozialraum-text-muted-color, #57606a);
    /* Behind the scale bar and the attribution: the theme's surface, so that their text is readable in a dark theme too. */
    --ol-partial-background-color: color-mix(in srgb, var(--sozialraum-surface-color, #ffffff) 85%, transparent);
  }
  :host([hidden]) {
    display: none;
  }
  /* OpenLayers animates every property of the scale bar's text; only its width follows the zoom, so that a theme
     switch shows the new colours at once instead of a quarter second of unreadable grey on dark. */
  .ol-scale-line-inner {
    transition: width 0.25s;
  }
  @media (prefers-reduced-motion: reduce) {
    .ol-scale-line-inner {
      transition: none;
    }
  }
  .toolbar {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--sozialraum-spacing, 0.5em) calc(2 * var(--sozialraum-spacing, 0.5em));
    padding-block: var(--sozialraum-spacing, 0.5em);
  }
  .toolbar label {
    display: inline-flex;
    align-items: center;
    gap: 0.4em;
    font-weight: 600;
  }
  .toolbar select,
  .toolbar button,
  .toolbar input {
    font: inherit;
    font-weight: normal;
    color: inherit;
  }
  .toolbar select {
    background: var(--sozialraum-surface-color, #ffffff);
    border: 1px solid var(--sozialraum-border-color, #8c959f);
    border-radius: 3px;
    padding: 0.15em 0.3em;
  }
  .toolbar :focus-visible {
    outline: 3px solid var(--sozialraum-focus-color, #0b5cad);
    outline-offset: 1px;
  }
  /* On a phone the scale gives way, so that the page never scrolls sideways. */
  .toolbar label.year {
    max-width: 100%;
  }
  .year-scale {
    display: inline-grid;
    flex: 0 1 14em;
    min-width: 8em;
  }
  .year-scale input {
    margin: 0;
    width: 100%;
  }
  /* The ticks span the thumb's travel, not the whole track, so that a tick sits under the thumb at its year. */
  .year-ticks {
    width: calc(100% - 16px);
    height: 1.5em;
    margin-inline: 8px;
    overflow: visible;
    font-size: 0.7em;
    font-weight: normal;
  }
  .year-ticks line {
    stroke: currentColor;
  }
  .year-ticks text {
    fill: currentColor;
  }
  .toolbar output {
    font-variant-numeric: tabular-nums;
    min-width: 3em;
  }
  .breadcrumb ol {
    display: flex;
    flex-wrap: wrap;
    gap: 0.3em;
    margin: 0;
    padding: 0;
    list-style: none;
  }
  .breadcrumb li + li::before {
    content: '›';
    margin-inline-end: 0.3em;
    color: var(--sozialraum-text-muted-color, #57606a);
  }
  .breadcrumb button {
    background: none;
    border: none;
    padding: 0;
    color: var(--sozialraum-link-color, #0b5cad);
    text-decoration: underline;
    cursor: pointer;
  }
  .toolbar .hint,
  .toolbar .muted {
    color: var(--sozialraum-text-muted-color, #57606a);
    font-size: 0.9em;
  }
  /* The frame holds the map's viewport and the overlay; it is a size container, so that the overlay can leave the
     map where the map is too narrow to be covered. */
  .frame {
    position: relative;
    container: sozialraum-frame / inline-size;
  }
  .viewport {
    position: relative;
    height: var(--sozialraum-map-height, 480px);
  }
  .overlay {
    position: absolute;
    inset-block-end: 2.25em;
    inset-inline-end: 0.5em;
    max-width: calc(100% - 1em);
    max-height: calc(var(--sozialraum-map-height, 480px) - 3em);
    overflow: auto;
  }
  /* On a narrow map a legend would hide half the city: below the map it covers nothing. */
  @container sozialraum-frame (max-width: 40rem) {
    .overlay {
      position: static;
      max-width: none;
      max-height: none;
      margin-block-start: var(--sozialraum-spacing, 0.5em);
    }
  }
  .map {
    position: absolute;
    inset: 0;
    background: var(--sozialraum-map-background, #f6f7f8);
  }
  .map:focus-visible {
    outline: 3px solid var(--sozialraum-focus-color, #0b5cad);
    outline-offset: -3px;
  }
  .tooltip {
    pointer-events: none;
    background: var(--sozialraum-surface-color, #ffffff);
    color: var(--sozialraum-text-color, #1f2328);
    border: 1px solid var(--sozialraum-border-color, #8c959f);
    border-radius: 3px;
    padding: 0.25em 0.5em;
    white-space: nowrap;
    box-shadow: 0 1px 4px rgb(0 0 0 / 20%);
    transform: translate(0.75em, -50%);
  }
  .tooltip[hidden] {
    display: none;
  }
  .tooltip .class {
    display: block;
    font-size: 0.875em;
  }
  /* The tooltip takes its width from its content, so a name is cut at a length there, not at 100 %. */
  .tooltip {
    --sozialraum-user-text-max-width: 20em;
  }
  .tooltip .id {
    --sozialraum-user-text-max-width: 10em;
    color: var(--sozialraum-text-muted-color, #57606a);
    margin-inline-start: 0.4em;
    font-variant-numeric: tabular-nums;
  }
  .messages {
    position: absolute;
    inset-block-start: 0.5em;
    inset-inline: 3em 0.5em;
    display: grid;
    gap: var(--sozialraum-spacing, 0.5em);
    pointer-events: none;
  }
  .messages > * {
    pointer-events: auto;
    background: var(--sozialraum-surface-color, #ffffff);
    border: 1px solid var(--sozialraum-border-color, #8c959f);
    border-inline-start-width: 4px;
    border-radius: 3px;
    padding: var(--sozialraum-spacing, 0.5em) calc(1.5 * var(--sozialraum-spacing, 0.5em));
    max-width: 48em;
  }
  .error {
    border-color: var(--sozialraum-error-color, #b3261e);
  }
  .error p {
    margin: 0.25em 0 0;
    overflow-wrap: anywhere;
  }
  .error strong {
    color: var(--sozialraum-error-color, #b3261e);
  }
  .warnings summary {
    cursor: pointer;
  }
  .warnings ul {
    margin: 0.5em 0 0;
    padding-inline-start: 1.2em;
    max-height: 12em;
    overflow: auto;
    overflow-wrap: anywhere;
  }
  .status {
    position: absolute;
    inset-block-end: 0.5em;
    inset-inline-start: 0.5em;
    background: var(--sozialraum-surface-color, #ffffff);
    padding: 0.25em 0.5em;
    border-radius: 3px;
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    clip-path: inset(50%);
    white-space: nowrap;
  }
`;
