// @sozialraum/element: what every Sozialraum element builds on, without the map and OpenLayers, so that a legend, a
// table or a profile card bundled alone carries only itself, lit and the core functions it calls.
export { SozialraumElement, errorDetail, type SozialraumErrorDetail } from './sozialraum-element.js';
export {
  sozialraumContext,
  type DrillStep,
  type MapHost,
  type ParentLevel,
  type SozialraumState,
  type TableExtendDetail,
  type ThematicLayer,
  type CircleScale,
  type BivariateAxis,
  type BivariateLayer,
} from './context.js';
export { resolveLanguage, type Language } from './language.js';
export { AREA_KEY, AREA_NAME, areaKey } from './keys.js';
export { pick } from './pick.js';
export { isolate, userText, userTextElement, userTextStyles } from './user-text.js';
