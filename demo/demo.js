// The demo's own wiring: shows what the map reports through its events, as an embedding page would.
const map = document.querySelector('#map');
const selection = document.querySelector('#selection');
const values = document.querySelector('#selection-values');
const loadStatus = document.querySelector('#load-status');

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
