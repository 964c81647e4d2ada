// Registers <sozialraum-map>.
import { SozialraumMap } from './sozialraum-map.component.js';

export * from './sozialraum-map.component.js';

if (!customElements.get('sozialraum-map')) customElements.define('sozialraum-map', SozialraumMap);

declare global {
  interface HTMLElementTagNameMap {
    'sozialraum-map': SozialraumMap;
  }
}
