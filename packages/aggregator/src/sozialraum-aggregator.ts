// Registers <sozialraum-aggregator>.
import { SozialraumAggregator } from './sozialraum-aggregator.component.js';

export * from './sozialraum-aggregator.component.js';

if (!customElements.get('sozialraum-aggregator')) customElements.define('sozialraum-aggregator', SozialraumAggregator);

declare global {
  interface HTMLElementTagNameMap {
    'sozialraum-aggregator': SozialraumAggregator;
  }
}
