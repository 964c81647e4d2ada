// Registers <sozialraum-choropleth>.
import { SozialraumChoropleth } from './sozialraum-choropleth.component.js';

export * from './sozialraum-choropleth.component.js';

if (!customElements.get('sozialraum-choropleth')) customElements.define('sozialraum-choropleth', SozialraumChoropleth);

declare global {
  interface HTMLElementTagNameMap {
    'sozialraum-choropleth': SozialraumChoropleth;
  }
}
