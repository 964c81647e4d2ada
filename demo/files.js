// Files picked from disk onto the map, without leaving the browser. Each file becomes a blob: URL (in this page's
// memory only, nothing is uploaded) whose fragment names the file for messages, and goes into the map's `areas` or
// `indicators` attribute: the map reads it with the readers it uses for any URL, whatever the format.
const form = document.querySelector('#files');
const map = document.querySelector('#map');
const choropleth = document.querySelector('#choropleth');
const status = document.querySelector('#status');
const selection = document.querySelector('#selection');
const values = document.querySelector('#selection-values');

/** The blob: URLs of the files now in each attribute, released when other files are picked. */
const objectUrls = { areas: [], indicators: [] };

function setAttributeOrRemove(name, value) {
  if (value) map.setAttribute(name, value);
  else map.removeAttribute(name);
}

/** The picked files as blob: URLs with their names, separated by spaces (several for a loose Shapefile). */
function pickedUrls(attribute, files) {
  const previous = objectUrls[attribute];
  objectUrls[attribute] = [...files].map((file) => URL.createObjectURL(file));
  const value = [...files].map((file, index) => `${objectUrls[attribute][index]}#${encodeURIComponent(file.name)}`).join(' ');
  setAttributeOrRemove(attribute, value);
  // The map has started reading the new URLs; the old ones are not needed any more.
  for (const url of previous) URL.revokeObjectURL(url);
}

form.addEventListener('submit', (event) => event.preventDefault());
form.addEventListener('change', (event) => {
  const field = event.target;
  if (field.name === 'column') {
    if (field.value) choropleth.setAttribute('indicator', field.value);
    else choropleth.removeAttribute('indicator');
    return;
  }
  if (field.name === 'missingValues') {
    if (field.value.trim()) choropleth.setAttribute('missing-values', field.value.trim());
    else choropleth.removeAttribute('missing-values');
  }
  if (field.name === 'idField') setAttributeOrRemove('id-field', field.value.trim());
  if (field.name === 'keyField') setAttributeOrRemove('key-field', field.value.trim());
  if (field.name === 'layer') setAttributeOrRemove('layer', field.value.trim());
  if (field.name === 'areas' || field.name === 'table') {
    status.textContent = 'Die Dateien werden gelesen …';
    if (field.name === 'areas') pickedUrls('areas', field.files);
    else pickedUrls('indicators', field.files);
  }
});

map.addEventListener('sozialraum-data-load', (event) => {
  const { areas, crs, idField, rows, columns, unmatchedAreaIds } = event.detail;
  const joined = rows === null ? '' : ` Tabelle: ${rows} Zeilen, ${areas - unmatchedAreaIds.length} von ${areas} Gebieten verbunden.`;
  status.textContent = `${areas} Gebiete (${crs}), Schlüssel ${idField}.${joined}`;
  fillColumns(columns.filter((column) => column !== (map.getAttribute('key-field') || idField)));
});

map.addEventListener('sozialraum-error', (event) => {
  status.textContent = event.detail.text;
});

/** The table's columns as choices for the map; the one shown stays chosen while it is still there. */
function fillColumns(columns) {
  const select = form.column;
  const chosen = select.value;
  const options = columns.map((column) => new Option(column, column));
  const prompt = new Option(columns.length > 0 ? 'Spalte wählen' : 'erst eine Tabelle wählen', '');
  select.replaceChildren(prompt, ...options);
  select.disabled = columns.length === 0;
  if (columns.includes(chosen)) select.value = chosen;
  else choropleth.removeAttribute('indicator');
}

map.addEventListener('sozialraum-area-select', (event) => {
  const { id, name, row } = event.detail;
  values.replaceChildren();
  values.hidden = !row;
  if (id === null) {
    selection.textContent = 'Keines.';
    return;
  }
  selection.textContent = `${name ?? id} (${id})`;
  for (const [column, value] of Object.entries(row ?? {})) {
    const term = document.createElement('dt');
    term.textContent = column;
    const description = document.createElement('dd');
    description.textContent = value;
    values.append(term, description);
  }
});
