// @sozialraum/map: <sozialraum-map>, the OpenLayers host of the elements inside it.
export * from './sozialraum-map.js';
export { AreaHost } from './map-host.js';
export { MapModel, type LoadFailure, type LoadResult, type MapInput, type MapView, type ViewChoice } from './map-model.js';
// The element base lives in @sozialraum/element; it is re-exported here for pages and apps that import it from the map.
export {
  AREA_KEY,
  AREA_NAME,
  SozialraumElement,
  areaKey,
  errorDetail,
  sozialraumContext,
  type DrillStep,
  type MapHost,
  type ParentLevel,
  type SozialraumErrorDetail,
  type SozialraumState,
  type ThematicLayer,
} from '@sozialraum/element';
export { LEVEL_KEY_COLUMN, parseAggregation, parseLevels, type LevelAggregation, type LevelDefinition, type MapAggregation } from './levels.js';
export { AreaPointer, AreaPointerEvent, AreaPointerEventType, type AreaPointerOptions } from './area-pointer.js';
export { messages, resolveLanguage, type Language, type Messages } from './i18n.js';
export { isolate, userText, userTextElement, userTextStyles } from '@sozialraum/element';
