// The peer of `sozialraum aggregate --raster` in bench/aggregate.bench.mjs, as a whole process: reads the areas
// (GeoJSON) and the GeoTIFF, reprojects the areas into the raster's CRS with proj4 and sums each with geoblaze
// (which counts the cells whose centres lie inside), then prints the total. Usage: node aggregate_geoblaze.mjs
// AREAS.geojson RASTER.tif EPSG:area-crs
import { readFile } from 'node:fs/promises';
import proj4 from 'proj4';

const [areasPath, rasterPath, areaCrs] = process.argv.slice(2);
proj4.defs('EPSG:25833', '+proj=utm +zone=33 +ellps=GRS80 +units=m +no_defs');
proj4.defs('EPSG:3035', '+proj=laea +lat_0=52 +lon_0=10 +x_0=4321000 +y_0=3210000 +ellps=GRS80 +units=m +no_defs');
const geoblazeModule = await import('geoblaze');
const geoblaze = geoblazeModule.default ?? geoblazeModule;
const bytes = await readFile(rasterPath);
const georaster = await geoblaze.parse(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
const project = proj4(areaCrs, `EPSG:${georaster.projection}`).forward;
const collection = JSON.parse(await readFile(areasPath, 'utf8'));
let total = 0;
for (const feature of collection.features) {
  const polygons = feature.geometry.type === 'Polygon' ? [feature.geometry.coordinates] : feature.geometry.coordinates;
  const coordinates = polygons.map((polygon) => polygon.map((ring) => ring.map((position) => project(position))));
  const geometry = feature.geometry.type === 'Polygon' ? { type: 'Polygon', coordinates: coordinates[0] } : { type: 'MultiPolygon', coordinates };
  const result = await geoblaze.sum(georaster, geometry);
  total += Array.isArray(result) ? result[0] : result;
}
console.log(total);
