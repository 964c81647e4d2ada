// @sozialraum/profile: <sozialraum-profile-card>, the printable, exportable profile (Steckbrief) of one Sozialraum.
export * from './sozialraum-profile-card.js';
export { profileMessages, type ProfileMessages } from './i18n.js';
