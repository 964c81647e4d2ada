// Registers <sozialraum-profile-card>.
import { SozialraumProfileCard } from './sozialraum-profile-card.component.js';

export * from './sozialraum-profile-card.component.js';

if (!customElements.get('sozialraum-profile-card')) customElements.define('sozialraum-profile-card', SozialraumProfileCard);

declare global {
  interface HTMLElementTagNameMap {
    'sozialraum-profile-card': SozialraumProfileCard;
  }
}
