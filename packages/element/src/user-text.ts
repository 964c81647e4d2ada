// User text in the elements: names, keys, labels and titles that come from data files, specs and what a user typed.
// Such text is isolated from the text around it, so that a right-to-left override inside a name cannot reorder the
// key, the class or the sentence that follows it, and it is cut with an ellipsis where it is shown, so that a name of
// 200,000 characters cannot make a column, a tooltip or a card millions of pixels wide or tall. The whole text stays
// in the element's title, in the accessibility tree and in every export.
import { css, html, type TemplateResult } from 'lit';

/**
 * The styles of `userText()`, for every element's `static styles`. One line by default, cut only where the line runs
 * out (`--sozialraum-user-text-max-width`, 100 % of the line or cell); `userText(text, true)` wraps onto at most
 * `--sozialraum-user-text-lines` lines (2) of its container's width instead. A table cell, a caption or a label takes its width
 * from its content, so 100 % would not bound it (a name of 200,000 characters would make the column as wide): there
 * the cut is at `--sozialraum-user-text-cell-width` (24em), which holds ordinary names whole.
 */
export const userTextStyles = css`
  bdi.user-text {
    unicode-bidi: isolate;
    display: inline-block;
    max-inline-size: var(--sozialraum-user-text-max-width, 100%);
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
    vertical-align: top;
    /* An inline block does not receive its parent's underline (the table's name links); it draws its own. */
    text-decoration: inherit;
  }
  :is(td, th, caption, label) bdi.user-text:not(.lines) {
    max-inline-size: var(--sozialraum-user-text-cell-width, 24em);
  }
  bdi.user-text.lines {
    display: -webkit-box;
    -webkit-box-orient: vertical;
    -webkit-line-clamp: var(--sozialraum-user-text-lines, 2);
    line-clamp: var(--sozialraum-user-text-lines, 2);
    max-inline-size: 100%;
    white-space: normal;
    overflow-wrap: anywhere;
  }
`;

/**
 * Text from data or from a user, as a template: in `<bdi>` (isolated from the text around it), cut with an ellipsis
 * on one line (or, with `wrap`, after a few lines), and whole in its title. Needs `userTextStyles` in the element's
 * styles. A class, not an inline style, so that a strict Content-Security-Policy lets it through.
 */
export function userText(text: string, wrap = false): TemplateResult {
  return html`<bdi class=${wrap ? 'user-text lines' : 'user-text'} title=${text}>${text}</bdi>`;
}

/** `userText()` for DOM built outside a Lit template (the tooltip in an OpenLayers overlay); the text is set as text. */
export function userTextElement(text: string): HTMLElement {
  const element = document.createElement('bdi');
  element.className = 'user-text';
  element.title = text;
  element.textContent = text;
  return element;
}

/**
 * Text from data or from a user inside a plain string (an announcement, an aria-label, an option of a select): between
 * FIRST STRONG ISOLATE and POP DIRECTIONAL ISOLATE, the characters `<bdi>` stands for, so that its direction
 * controls end where it ends.
 */
export function isolate(text: string): string {
  return `\u2068${text}\u2069`;
}
