// @sozialraum/editor: <sozialraum-editor>, the boundary editor over core/coverage, as a child of <sozialraum-map>.
export * from './sozialraum-editor.js';
export { editorMessages, type EditorMessages } from './i18n.js';
export type { EditorVersion, EditorComment, SavedSession } from './storage.js';
