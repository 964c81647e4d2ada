#!/usr/bin/env node
// The size budget: gzip size of dist/sozialraum.js and of each element bundled alone, checked on every build.
// A page pays for what it loads; the whole suite must stay within 235 KB gzip (see README, "Embedding in a CMS").
import { readFile, writeFile } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import { rollup } from 'rollup';
import config from '../rollup.config.mjs';

const BUDGET_KB = 235;
const ELEMENTS = {
  'sozialraum-map': 'packages/map/dist/sozialraum-map.js',
  'sozialraum-choropleth': 'packages/choropleth/dist/sozialraum-choropleth.js',
  'sozialraum-legend': 'packages/choropleth/dist/sozialraum-legend.js',
  'sozialraum-table': 'packages/choropleth/dist/sozialraum-table.js',
  'sozialraum-aggregator': 'packages/aggregator/dist/sozialraum-aggregator.js',
  'sozialraum-profile-card': 'packages/profile/dist/sozialraum-profile-card.js',
  'sozialraum-editor': 'packages/editor/dist/sozialraum-editor.js',
};
// Files beside the bundle that a page loads only when it needs them; reported, not counted in the budget.
const ON_DEMAND = {
  'dist/sozialraum-worker.js': 'the aggregation worker',
  'dist/sozialraum-geotiff.js': 'when a GeoTIFF is read',
  'dist/sozialraum-xlsx.js': 'when an Excel table is read',
  'dist/sozialraum-level-runtime.js': 'when a map has levels',
  'dist/sozialraum-profile-runtime.js': 'when a profile card computes or exports',
  'dist/sozialraum-protection-runtime.js': 'when an aggregator protects its first result',
  'dist/sozialraum-editor-runtime.js': 'when an editor gets its areas',
  'dist/sozialraum-flatgeobuf-writer.js': 'when the editor exports FlatGeobuf',
  'dist/sozialraum-shapefile.js': 'when a Shapefile is read',
  'dist/sozialraum-geometry.js': 'with the levels or the editor (shared by both)',
  'dist/sozialraum-sqljs.js': 'when a GeoPackage is read or written (SQLite)',
  'dist/sql-wasm-browser.wasm': 'with dist/sozialraum-sqljs.js (SQLite as WebAssembly)',
};

const kb = (bytes) => bytes / 1024;
const gzipKb = (code) => kb(gzipSync(code, { level: 9 }).length);

async function bundleAlone(entry) {
  const bundle = await rollup({ ...config, input: entry, onwarn: config.onwarn });
  // What a page loads at once: the entry chunk; chunks loaded on demand (the levels) are counted apart.
  const { output } = await bundle.generate({ format: 'es', chunkFileNames: '[name].js' });
  await bundle.close();
  return output.find((chunk) => chunk.type === 'chunk' && chunk.isEntry).code;
}

const suite = await readFile('dist/sozialraum.js');
const rows = [{ name: 'dist/sozialraum.js (all elements)', raw: kb(suite.length), gzip: gzipKb(suite) }];
for (const [name, entry] of Object.entries(ELEMENTS)) {
  const code = await bundleAlone(entry);
  rows.push({ name: `<${name}> alone`, raw: kb(Buffer.byteLength(code)), gzip: gzipKb(code) });
}
for (const [file, when] of Object.entries(ON_DEMAND)) {
  const code = await readFile(file);
  rows.push({ name: `${file} (on demand)`, loaded: when, raw: kb(code.length), gzip: gzipKb(code) });
}
console.log('size (KB)                                 raw     gzip');
for (const row of rows) console.log(`${row.name.padEnd(38)} ${row.raw.toFixed(1).padStart(8)} ${row.gzip.toFixed(1).padStart(8)}`);
await writeFile('dist/size.json', JSON.stringify({ budgetKbGzip: BUDGET_KB, bundles: rows }, null, 2));
const total = rows[0].gzip;
if (total > BUDGET_KB) {
  console.error(`dist/sozialraum.js is ${total.toFixed(1)} KB gzip, over the budget of ${BUDGET_KB} KB.`);
  process.exitCode = 1;
} else {
  console.log(`budget: ${total.toFixed(1)} of ${BUDGET_KB} KB gzip used`);
}
