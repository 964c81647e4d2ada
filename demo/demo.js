// The demo's own wiring: shows what the map reports through its events, as an embedding page would.
const map = document.querySelector('#map');
const selection = document.querySelector('#selection');
const values = document.querySelector('#selection-values');
const loadStatus = document.querySelector('#load-status');
const choropleth = document.querySelector('#choropleth');
const controls = document.querySelector('#controls');

// The controls only set the choropleth's attributes, as a CMS page could do in its markup.
controls.addEventListener('change', () => {
  const [kind, value] = controls.show.value.split(':');
  // A column the page added has no spec to name it: the page gives its label, as a CMS page would in its markup.
  const label = controls.show.selectedOptions[0]?.dataset.label;
  if (label) choropleth.setAttribute('label', label);
  else choropleth.removeAttribute('label');
  if (kind === 'bivariate') choropleth.setAttribute('mode', 'bivariate');
  else choropleth.removeAttribute('mode');
  if (kind === 'preset' || kind === 'bivariate') {
    choropleth.removeAttribute('indicator');
    choropleth.setAttribute('preset', value);
  } else if (kind === 'column') {
    // Columns the aggregator added to the map's table: shown as they are, with no MSS rules.
    choropleth.removeAttribute('preset');
    choropleth.setAttribute('indicator', value);
  } else {
    // The MSS status preset supplies the indicator's label, its -9999 code and the 300-resident rule.
    choropleth.setAttribute('preset', 'mss-2021-status');
    choropleth.setAttribute('indicator', value);
  }
  if (controls.classification.value) choropleth.setAttribute('classification', controls.classification.value);
  else choropleth.removeAttribute('classification');
  choropleth.setAttribute('palette', controls.palette.value);
  if (controls.circles.checked) choropleth.setAttribute('circles', 'EW');
  else choropleth.removeAttribute('circles');
});

const LABELS = {
  EW: 'Einwohner:innen',
  S1: 'Arbeitslosigkeit (%)',
  S3: 'Transferbezug (%)',
  S4: 'Kinderarmut (%)',
};
const number = new Intl.NumberFormat('de-DE', { maximumFractionDigits: 1 });

map.addEventListener('sozialraum-data-load', (event) => {
  const { areas, crs, rows, unmatchedAreaIds } = event.detail;
  loadStatus.textContent = `${areas} Planungsräume (${crs}), ${rows ?? 0} Tabellenzeilen, ${unmatchedAreaIds.length} Gebiete ohne Zeile.`;
});

map.addEventListener('sozialraum-error', (event) => {
  loadStatus.textContent = event.detail.message;
});

map.addEventListener('sozialraum-area-select', (event) => {
  const { id, name, row } = event.detail;
  values.replaceChildren();
  if (!id) {
    selection.textContent = 'Keine Auswahl.';
    values.hidden = true;
    return;
  }
  selection.textContent = `${name} (${id})`;
  for (const [column, label] of Object.entries(LABELS)) {
    const raw = row?.[column];
    // MSS marks areas under 300 residents with -9999: it does not rate them.
    const value = raw === undefined || raw === '' || raw === '-9999' ? 'keine Angabe' : number.format(Number(raw));
    values.append(Object.assign(document.createElement('dt'), { textContent: label }));
    values.append(Object.assign(document.createElement('dd'), { textContent: value }));
  }
  values.hidden = false;
});
