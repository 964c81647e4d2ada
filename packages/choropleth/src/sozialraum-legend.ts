// Registers <sozialraum-legend>.
import { SozialraumLegend } from './sozialraum-legend.component.js';

export * from './sozialraum-legend.component.js';

if (!customElements.get('sozialraum-legend')) customElements.define('sozialraum-legend', SozialraumLegend);

declare global {
  interface HTMLElementTagNameMap {
    'sozialraum-legend': SozialraumLegend;
  }
}
