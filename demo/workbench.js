// The workbench page: Bezirk Mitte of the Planungsräume as the territory, its 100 m cells as units, the railways and
// rivers of OpenStreetMap as barriers and the Ortsteile as a department's units; core's proposal (no worker offers
// one yet, so it runs here, yielding to the page between its passes) becomes the editor's areas, and the plans are
// compared with core's metrics. The page composes; every number comes from core.
import { loadWorkbench } from '../dist/sozialraum.js';

const DATA = '../data-samples/berlin/';
const RULES = { minimum: 1000, target: 7000, maximum: 12000 };
const map = document.getElementById('map');
const editor = document.getElementById('editor');
const status = document.getElementById('status');
const progress = document.getElementById('progress');
const scoreButton = document.getElementById('score-version');
const tbody = document.querySelector('#plans-table tbody');
const number = new Intl.NumberFormat('de-DE', { maximumFractionDigits: 0 });
const decimal = new Intl.NumberFormat('de-DE', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

const say = (text) => {
  status.textContent = text;
};
const nextFrame = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));

async function json(path) {
  const response = await fetch(path);
  if (!response.ok) throw new Error(`${path}: ${response.status} ${response.statusText}`);
  return response.json();
}

/** One row of the comparison: the plan's summary and the Ortsteile it splits. */
function addRow(score, label) {
  const { summary } = score;
  const ortsteile = score.references.find((reference) => reference.name === 'Ortsteile');
  const cells = [
    number.format(summary.areas),
    number.format(summary.meanResidents),
    decimal.format(summary.cv),
    number.format(summary.belowMinimum ?? 0),
    number.format(summary.aboveMaximum ?? 0),
    decimal.format(summary.meanPolsbyPopper),
    decimal.format(summary.meanReock),
    summary.barrierInside === null ? '–' : decimal.format(summary.barrierInside / 1000),
    ortsteile ? `${number.format(ortsteile.split)} von ${number.format(ortsteile.units.length)}` : '–',
  ];
  const row = document.createElement('tr');
  row.dataset.plan = label;
  const head = Object.assign(document.createElement('th'), { scope: 'row', textContent: label });
  row.append(head, ...cells.map((text) => Object.assign(document.createElement('td'), { className: 'number', textContent: text })));
  tbody.querySelector(`tr[data-plan="${CSS.escape(label)}"]`)?.remove();
  tbody.append(row);
}

async function start() {
  const [workbench, plrJson, barrierJson, gridText] = await Promise.all([
    loadWorkbench(),
    json(`${DATA}lor_planungsraeume_2021.geojson`),
    json(`${DATA}osm/mitte_barriers.geojson`),
    fetch(`${DATA}zensus2011_einwohner_100m.csv`).then((response) => response.text()),
  ]);
  const {
    readAreas,
    readZensusGrid,
    cellUnits,
    readBarriers,
    barrierAdjacencies,
    loadAreasFromUrl,
    unitsInAreas,
    proposeInWorker,
    planCollection,
    scorePlan,
    OSM_ATTRIBUTION,
  } = workbench;
  document.getElementById('osm-attribution').textContent = OSM_ATTRIBUTION;
  say('Zellen, Barrieren und Ortsteile werden vorbereitet …');
  await nextFrame();
  plrJson.features = plrJson.features.filter((feature) => feature.properties.BEZ === '01');
  const official = readAreas(plrJson, { source: 'lor_planungsraeume_2021.geojson', idField: 'PLR_ID' });
  const mitte = readAreas(plrJson, { source: 'lor_planungsraeume_2021.geojson', idField: 'BEZ' });
  const zensus = readZensusGrid(gridText, { source: 'zensus2011_einwohner_100m.csv', value: 'Einwohner' });
  const population = { grid: zensus.grid, values: zensus.values, nodata: zensus.nodata, source: 'zensus2011_einwohner_100m.csv', estimated: true };
  const layer = cellUnits(population, mitte);
  const barriers = readBarriers([{ collection: barrierJson, crs: 'EPSG:25833' }], { crs: layer.crs });
  const ortsteile = await loadAreasFromUrl(`${DATA}formats/ortsteile_2014.zip`, { idField: 'ORT', nameField: 'Ortsteilna' });
  say(`Vorschlag für Mitte aus ${number.format(layer.ids.length)} Zellen wird berechnet …`);
  await nextFrame();
  // In a worker: the page stays responsive while the local search runs.
  const proposal = await proposeInWorker(layer, {
    ...RULES,
    barrierEdges: barrierAdjacencies(layer, barriers),
    references: [{ name: 'Ortsteile', ids: ortsteile.ids, unitOf: unitsInAreas(layer, ortsteile) }],
    onProgress: (done, total) => {
      progress.max = total;
      progress.value = done;
    },
  });
  progress.hidden = true;
  const plan = planCollection(
    layer,
    proposal.assignment,
    proposal.areas.map((area) => area.key),
    'Vorschlag',
  );
  const met = proposal.areas.filter((area) => area.rules.every((rule) => rule.met)).length;
  map.areas = {
    type: 'FeatureCollection',
    crs: { type: 'name', properties: { name: `urn:ogc:def:crs:${plan.crs.replace(':', '::')}` } },
    features: plan.features,
  };
  say(`Vorschlag: ${number.format(proposal.areas.length)} Gebiete, ${number.format(met)} davon erfüllen jede Regel. Die Kennzahlen werden berechnet …`);
  await nextFrame();
  const options = { population, ...RULES, barriers, references: [{ name: 'Ortsteile', areas: ortsteile }] };
  addRow(scorePlan(official, 'Planungsräume (amtlich)', options), 'Planungsräume (amtlich)');
  await nextFrame();
  addRow(scorePlan(plan, 'Vorschlag', options), 'Vorschlag');
  say(
    `Vorschlag: ${number.format(proposal.areas.length)} Gebiete, ${number.format(met)} davon erfüllen jede Regel. Malen Sie Zellen um und bewerten Sie Ihre Fassung.`,
  );
  await editor.ready;
  scoreButton.disabled = false;
  scoreButton.addEventListener('click', async () => {
    scoreButton.disabled = true;
    say('Ihre Fassung wird bewertet …');
    await nextFrame();
    const version = readAreas(editor.toFeatureCollection(), { source: 'Ihre Fassung', idField: 'id' });
    addRow(scorePlan(version, 'Ihre Fassung', options), 'Ihre Fassung');
    say('Ihre Fassung ist bewertet.');
    scoreButton.disabled = false;
  });
}

start().catch((error) => {
  progress.hidden = true;
  const alert = Object.assign(document.createElement('p'), { textContent: `Die Werkbank konnte nicht starten: ${error.message}` });
  alert.setAttribute('role', 'alert');
  status.after(alert);
});
