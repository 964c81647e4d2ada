// The old-boundaries map: its areas keyed so that the two published areas sharing one key are both shown, and a
// switch between the carried residents and the share of them that is an estimate.
const OLD_AREAS = '../data-samples/berlin/lor_planungsraeume_pre2021.geojson';

/**
 * The published file gives two Planungsräume the key 06010102 (a real error of the source). The geometries stay as
 * published; each area gets a key of its own in GEBIET: its PLR_ID, and where that repeats, the key with its feature
 * number ("06010102#124"), the key the carried values of mss2021_ew_auf_plr_vor2021.csv use.
 */
function keyedAreas(collection) {
  const seen = new Map();
  for (const feature of collection.features) seen.set(feature.properties.PLR_ID, (seen.get(feature.properties.PLR_ID) ?? 0) + 1);
  collection.features.forEach((feature, index) => {
    const key = feature.properties.PLR_ID;
    feature.properties = { ...feature.properties, GEBIET: seen.get(key) > 1 ? `${key}#${index + 1}` : key };
  });
  return collection;
}

const old = document.getElementById('old');
fetch(OLD_AREAS)
  .then((response) => response.json())
  .then((collection) => {
    old.areas = keyedAreas(collection);
  })
  .catch((error) => {
    const alert = Object.assign(document.createElement('p'), { textContent: `Die alten Planungsräume konnten nicht geladen werden: ${error.message}` });
    alert.setAttribute('role', 'alert');
    document.getElementById('old-status').before(alert);
  });

const choropleth = document.getElementById('old-choropleth');
document.getElementById('old-show').addEventListener('change', (event) => {
  const column = event.target.value;
  choropleth.setAttribute('indicator', column);
  if (column === 'split_share') {
    choropleth.setAttribute('breaks', '0.05,0.25,0.5,0.75');
    choropleth.setAttribute('palette', 'oranges');
  } else {
    choropleth.setAttribute('breaks', '2500,5000,7500,10000');
    choropleth.setAttribute('palette', 'blues');
  }
});
