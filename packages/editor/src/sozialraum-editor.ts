// Registers <sozialraum-editor>.
import { SozialraumEditor } from './sozialraum-editor.component.js';

export * from './sozialraum-editor.component.js';

if (!customElements.get('sozialraum-editor')) customElements.define('sozialraum-editor', SozialraumEditor);

declare global {
  interface HTMLElementTagNameMap {
    'sozialraum-editor': SozialraumEditor;
  }
}
