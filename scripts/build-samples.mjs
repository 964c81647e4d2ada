#!/usr/bin/env node
// Builds the FlatGeobuf copies of the sample areas from their GeoJSON, with the CRS in the header.
// Run after changing a GeoJSON in data-samples/: `npm run build:samples` (needs `npm run build` first).
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { loadAreas, writeFlatGeobuf } from '@sozialraum/core';

const root = fileURLToPath(new URL('../data-samples/', import.meta.url));
const samples = [
  { geojson: 'berlin/lor_planungsraeume_2021.geojson', idField: 'PLR_ID' },
  { geojson: 'flensburg/stadtteile.geojson', idField: 'AREA_ID' },
];

for (const sample of samples) {
  const bytes = new Uint8Array(await readFile(root + sample.geojson));
  const areas = await loadAreas(bytes, { source: sample.geojson, idField: sample.idField });
  const target = sample.geojson.replace(/\.geojson$/, '.fgb');
  const fgb = writeFlatGeobuf({ type: 'FeatureCollection', features: areas.features }, areas.crs);
  await writeFile(root + target, fgb);
  console.log(`${target}: ${areas.features.length} features, ${areas.crs}, ${(fgb.length / 1024).toFixed(0)} KiB`);
}
