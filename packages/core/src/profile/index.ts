// core/profile: the numbers of the area profile (Steckbrief) of a Sozialraum, computed once, drawn by the card.
export * from './types.js';
export * from './series.js';
export * from './facilities.js';
export * from './profile.js';
export * from './csv.js';
