// The storage key comes from the address (?key=…), so that each end-to-end test keeps its own session.
const key = new URLSearchParams(location.search).get('key') ?? 'editor-persist';
const editor = document.createElement('sozialraum-editor');
editor.setAttribute('storage-key', key);
document.getElementById('map').append(editor);
