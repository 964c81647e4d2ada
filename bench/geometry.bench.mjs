// `node bench/geometry.bench.mjs` (after `npx tsc -b packages/core`): the geometry primitives of @sozialraum/core
// against Turf's single-function modules on the Berlin Planungsräume (542 areas, ETRS89 / UTM 33N): boxes, and
// 200,000 points tested against the polygon they were drawn in. The figures behind the choices in
// packages/core/src/geometry/ (which primitive is Turf's and which is our own); times depend on the machine, the
// ratios hold on any. The Turf modules are peers installed into bench/ only.
import { readFile } from 'node:fs/promises';
import { boxOf, geometryBox, insideRings } from '@sozialraum/core';
import { prng } from './prng.mjs';
import { SAMPLES, best } from './measure.mjs';

const areas = JSON.parse(await readFile(`${SAMPLES}lor_planungsraeume_2021.geojson`, 'utf8'));
const polygons = areas.features.map((feature) => (feature.geometry.type === 'Polygon' ? feature.geometry.coordinates : feature.geometry.coordinates[0]));

const ownBox = best(20, () => areas.features.map((feature) => geometryBox(feature.geometry)));
console.log(`boxes of ${polygons.length} areas: geometryBox ${ownBox.ms.toFixed(2)} ms`);
try {
  const { bbox } = await import('@turf/bbox');
  const turfBox = best(20, () => areas.features.map((feature) => bbox(feature.geometry, { recompute: true })));
  console.log(`  @turf/bbox ${turfBox.ms.toFixed(2)} ms: ${(turfBox.ms / ownBox.ms).toFixed(2)}× ours`);
} catch {
  console.log('  (@turf/bbox not installed: npm install --prefix bench)');
}

const random = prng(1);
const points = Array.from({ length: 200_000 }, (_, i) => {
  const area = i % polygons.length;
  const [minX, minY, maxX, maxY] = boxOf(polygons[area][0]);
  return [area, [minX + random() * (maxX - minX), minY + random() * (maxY - minY)]];
});
const own = best(5, () => points.filter(([area, [x, y]]) => insideRings(polygons[area], x, y)).length);
console.log(`200,000 points in their polygon: insideRings ${own.ms.toFixed(1)} ms (${own.result} inside)`);
try {
  const { booleanPointInPolygon } = await import('@turf/boolean-point-in-polygon');
  const geometries = polygons.map((coordinates) => ({ type: 'Polygon', coordinates }));
  const turf = best(5, () => points.filter(([area, point]) => booleanPointInPolygon(point, geometries[area])).length);
  console.log(`  @turf/boolean-point-in-polygon ${turf.ms.toFixed(1)} ms (${turf.result} inside): ${(turf.ms / own.ms).toFixed(2)}× ours`);
} catch {
  console.log('  (@turf/boolean-point-in-polygon not installed: npm install --prefix bench)');
}
