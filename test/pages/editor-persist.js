// The storage key comes from the address (?key=…), so that each end-to-end test keeps its own session; with ?grid the
// editor also reads the Zensus grid, and its first check waits for the residents of every area.
const parameters = new URLSearchParams(location.search);
const key = parameters.get('key') ?? 'editor-persist';
const editor = document.createElement('sozialraum-editor');
editor.setAttribute('storage-key', key);
if (parameters.has('grid')) {
  editor.setAttribute('grid', '../../data-samples/berlin/zensus2011_einwohner_100m.csv');
  editor.setAttribute('value', 'Einwohner');
}
document.getElementById('map').append(editor);
