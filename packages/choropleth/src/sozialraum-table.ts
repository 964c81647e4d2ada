// Registers <sozialraum-table>.
import { SozialraumTable } from './sozialraum-table.component.js';

export * from './sozialraum-table.component.js';

if (!customElements.get('sozialraum-table')) customElements.define('sozialraum-table', SozialraumTable);

declare global {
  interface HTMLElementTagNameMap {
    'sozialraum-table': SozialraumTable;
  }
}
