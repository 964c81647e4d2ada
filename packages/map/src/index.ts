// @sozialraum/map: <sozialraum-map>, the shared state its children use, and the base of every Sozialraum element.
export * from './sozialraum-map.js';
export { SozialraumElement, errorDetail, type SozialraumErrorDetail } from './sozialraum-element.js';
export { sozialraumContext, type ParentLevel, type SozialraumState, type ThematicLayer } from './context.js';
export { LEVEL_KEY_COLUMN, parseAggregation, parseLevels, type DrillStep, type LevelAggregation, type LevelDefinition } from './levels.js';
export { AreaPointer, AreaPointerEvent, AreaPointerEventType, type AreaPointerOptions } from './area-pointer.js';
export { messages, resolveLanguage, type Language, type Messages } from './i18n.js';
export { isolate, userText, userTextElement, userTextStyles } from './user-text.js';
