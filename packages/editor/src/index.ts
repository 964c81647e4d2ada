// @sozialraum/editor: <sozialraum-editor>, the boundary editor over core/coverage, as a child of <sozialraum-map>.
// The editor's text (i18n.ts) lives in the runtime chunk it loads on demand, so it is not exported from here.
export * from './sozialraum-editor.js';
export type { EditorMessages } from './i18n.js';
export type { EditorVersion, EditorComment, SavedSession } from './storage.js';

/** Loads core's planner's workbench (units, barriers, `propose`, `scorePlan`) as a chunk of its own, for pages that compose it. */
export const loadWorkbench = (): Promise<typeof import('./workbench.js')> => import('./workbench.js');
