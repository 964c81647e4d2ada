// A synthetic, seeded Germany for `bench/germany.bench.mjs`: the 100 m grid of a national statistics office and its
// municipalities, of the real sizes, written to a folder (default bench/.germany/, not in git):
//
//   zensus_100m.csv   about 3.2 million populated cells, Zensus style (GITTER_ID_100m;x_mp_100m;y_mp_100m;Einwohner)
//   zensus_100m.tif   the same band as a tiled GeoTIFF (256 × 256 tiles, deflate, UInt16, EPSG:3035)
//   gemeinden.geojson about 10,800 municipalities in EPSG:25832 (ETRS89 / UTM 32N), as the Länder publish them
//
// The grid spans 640 × 870 km in EPSG:3035. People live in settlements whose sizes are log-normal (a few cities,
// many villages); each settlement spreads its cells around its centre, each cell's count is log-normal too. The
// municipalities are the Voronoi cells of seeds drawn where people live (denser in cities, as Gemeinden are
// smaller there), clipped to the extent; every Voronoi edge is split into wiggly segments, the same for both
// municipalities that share it (the wiggle is seeded by the edge), so they tile the extent without gaps or overlaps
// and have a few hundred vertices each, like digitised boundaries. Everything follows from the seed.
import { mkdir, writeFile } from 'node:fs/promises';
import { deflateSync } from 'node:zlib';
import proj4 from 'proj4';
import { Delaunay } from 'd3-delaunay';
import { prng } from '../prng.mjs';

export const CELL = 100;
export const COLUMNS = 6_400;
export const ROWS = 8_700;
/** Lower-left corner of the extent in EPSG:3035 (about Germany's). */
export const ORIGIN_X = 4_030_000;
export const ORIGIN_Y = 2_680_000;
const TARGET_CELLS = 3_200_000;
const MUNICIPALITIES = 10_800;
/** Segments per Voronoi edge: with about six edges per cell, some 300 vertices per municipality. */
const SEGMENTS = 48;
const TILE = 256;

proj4.defs('EPSG:3035', '+proj=laea +lat_0=52 +lon_0=10 +x_0=4321000 +y_0=3210000 +ellps=GRS80 +units=m +no_defs');
proj4.defs('EPSG:25832', '+proj=utm +zone=32 +ellps=GRS80 +units=m +no_defs');

/** A standard normal draw (Box–Muller). */
const normal = (random) => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());

/**
 * The population band, row 0 at the top (north) as in a GeoTIFF: UInt16 counts per 100 m cell, 0 where nobody lives.
 * Settlements are drawn until about TARGET_CELLS cells are populated.
 */
export function population(seed = 2022) {
  const random = prng(seed);
  const values = new Uint16Array(COLUMNS * ROWS);
  const centres = [];
  let populated = 0;
  while (populated < TARGET_CELLS) {
    // Settlement size in cells: log-normal, median about 60 cells (a village), a long tail of cities.
    const cells = Math.min(150_000, Math.max(3, Math.round(Math.exp(4.1 + 1.3 * normal(random)))));
    const cx = random() * COLUMNS;
    const cy = random() * ROWS;
    const spread = Math.sqrt(cells) * 0.8;
    // Denser cities: the counts per cell grow with the settlement's size.
    const density = 1.2 + 0.25 * Math.log(cells);
    centres.push({ x: cx, y: cy, cells });
    for (let k = 0; k < cells; k += 1) {
      const column = Math.round(cx + spread * normal(random));
      const row = Math.round(cy + spread * normal(random));
      if (column < 0 || column >= COLUMNS || row < 0 || row >= ROWS) continue;
      const cell = row * COLUMNS + column;
      const count = Math.min(65_000, Math.max(1, Math.round(Math.exp(density + 0.9 * normal(random)))));
      if (values[cell] === 0) populated += 1;
      values[cell] = Math.min(65_000, values[cell] + count);
    }
  }
  return { values, populated, centres };
}

/** The Zensus-style CSV of the populated cells: GITTER_ID_100m names the lower-left corner, x/y_mp the centre. */
export function zensusCsv(values) {
  const parts = ['GITTER_ID_100m;x_mp_100m;y_mp_100m;Einwohner\n'];
  let chunk = '';
  for (let row = 0; row < ROWS; row += 1) {
    const south = ORIGIN_Y + (ROWS - 1 - row) * CELL;
    for (let column = 0; column < COLUMNS; column += 1) {
      const value = values[row * COLUMNS + column];
      if (value === 0) continue;
      const west = ORIGIN_X + column * CELL;
      chunk += `CRS3035RES100mN${south}E${west};${west + 50};${south + 50};${value}\n`;
    }
    if (chunk.length > 1 << 22) {
      parts.push(chunk);
      chunk = '';
    }
  }
  parts.push(chunk);
  return parts;
}

/**
 * A tiled GeoTIFF (little-endian, one UInt16 band, deflate-compressed TILE × TILE tiles, GeoKeys for EPSG:3035,
 * pixel-is-area), written by hand: the generator needs no GDAL.
 */
export function tiledGeoTiff(values) {
  const across = Math.ceil(COLUMNS / TILE);
  const down = Math.ceil(ROWS / TILE);
  const tiles = [];
  const tile = new Uint16Array(TILE * TILE);
  for (let ty = 0; ty < down; ty += 1) {
    for (let tx = 0; tx < across; tx += 1) {
      tile.fill(0);
      for (let y = 0; y < TILE && ty * TILE + y < ROWS; y += 1) {
        const start = (ty * TILE + y) * COLUMNS + tx * TILE;
        tile.set(values.subarray(start, Math.min(start + TILE, (ty * TILE + y + 1) * COLUMNS)), y * TILE);
      }
      tiles.push(deflateSync(new Uint8Array(tile.buffer.slice(0))));
    }
  }
  const geoKeys = [1, 1, 0, 4, 1024, 0, 1, 1, 1025, 0, 1, 1, 3072, 0, 1, 3035, 3076, 0, 1, 9001];
  // Tag, type (3 SHORT, 4 LONG, 12 DOUBLE), values.
  const entries = [
    [256, 4, [COLUMNS]],
    [257, 4, [ROWS]],
    [258, 3, [16]],
    [259, 3, [8]],
    [262, 3, [1]],
    [277, 3, [1]],
    [284, 3, [1]],
    [322, 3, [TILE]],
    [323, 3, [TILE]],
    [324, 4, tiles.map(() => 0)],
    [325, 4, tiles.map((bytes) => bytes.length)],
    [339, 3, [1]],
    [33550, 12, [CELL, CELL, 0]],
    [33922, 12, [0, 0, 0, ORIGIN_X, ORIGIN_Y + ROWS * CELL, 0]],
    [34735, 3, geoKeys],
  ];
  const size = { 3: 2, 4: 4, 12: 8 };
  const ifdBytes = 2 + entries.length * 12 + 4;
  let extra = 0;
  for (const [, type, list] of entries) if (list.length * size[type] > 4) extra += list.length * size[type];
  const header = 8;
  let dataAt = header + ifdBytes + extra;
  const offsets = tiles.map((bytes) => {
    const at = dataAt;
    dataAt += bytes.length;
    return at;
  });
  entries.find(([tag]) => tag === 324)[2] = offsets;
  const file = new Uint8Array(dataAt);
  const view = new DataView(file.buffer);
  view.setUint16(0, 0x4949);
  view.setUint16(2, 42, true);
  view.setUint32(4, header, true);
  view.setUint16(header, entries.length, true);
  let extraAt = header + ifdBytes;
  entries.forEach(([tag, type, list], index) => {
    const at = header + 2 + index * 12;
    view.setUint16(at, tag, true);
    view.setUint16(at + 2, type, true);
    view.setUint32(at + 4, list.length, true);
    const bytes = list.length * size[type];
    let target = at + 8;
    if (bytes > 4) {
      view.setUint32(at + 8, extraAt, true);
      target = extraAt;
      extraAt += bytes;
    }
    list.forEach((value, k) => {
      if (type === 3) view.setUint16(target + 2 * k, value, true);
      else if (type === 4) view.setUint32(target + 4 * k, value, true);
      else view.setFloat64(target + 8 * k, value, true);
    });
  });
  view.setUint32(header + 2 + entries.length * 12, 0, true);
  tiles.forEach((bytes, index) => file.set(bytes, offsets[index]));
  return file;
}

/**
 * The municipalities: Voronoi cells of seeds drawn from the settlements (by their size, so cities get more and
 * smaller municipalities) and evenly (the countryside), edges made wiggly, reprojected to EPSG:25832.
 */
export function municipalities(centres, seed = 1990) {
  const random = prng(seed);
  const weights = centres.map((centre) => Math.sqrt(centre.cells));
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  const points = new Float64Array(MUNICIPALITIES * 2);
  for (let k = 0; k < MUNICIPALITIES; k += 1) {
    let x;
    let y;
    if (k % 3 === 0) {
      x = random() * COLUMNS;
      y = random() * ROWS;
    } else {
      let pick = random() * total;
      let index = 0;
      while (index < centres.length - 1 && pick > weights[index]) pick -= weights[index++];
      const centre = centres[index];
      x = Math.min(COLUMNS - 1e-3, Math.max(1e-3, centre.x + Math.sqrt(centre.cells) * 1.5 * normal(random)));
      y = Math.min(ROWS - 1e-3, Math.max(1e-3, centre.y + Math.sqrt(centre.cells) * 1.5 * normal(random)));
    }
    // Cell units to EPSG:3035 metres (row 0 north).
    points[2 * k] = ORIGIN_X + x * CELL;
    points[2 * k + 1] = ORIGIN_Y + (ROWS - y) * CELL;
  }
  const voronoi = new Delaunay(points).voronoi([ORIGIN_X, ORIGIN_Y, ORIGIN_X + COLUMNS * CELL, ORIGIN_Y + ROWS * CELL]);
  const toUtm = proj4('EPSG:3035', 'EPSG:25832');
  const key = (point) => `${point[0].toFixed(3)},${point[1].toFixed(3)}`;
  const onBorder = (a, b) =>
    (a[0] === b[0] && (a[0] === ORIGIN_X || a[0] === ORIGIN_X + COLUMNS * CELL)) || (a[1] === b[1] && (a[1] === ORIGIN_Y || a[1] === ORIGIN_Y + ROWS * CELL));
  const edges = new Map();
  /** The points of the edge a → b without b, the same for both sides (generated once from the lower key). */
  const wiggly = (a, b) => {
    const ka = key(a);
    const kb = key(b);
    const forward = ka < kb;
    const name = forward ? `${ka}|${kb}` : `${kb}|${ka}`;
    let line = edges.get(name);
    if (!line) {
      const [from, to] = forward ? [a, b] : [b, a];
      let hash = 0;
      for (let i = 0; i < name.length; i += 1) hash = Math.imul(hash ^ name.charCodeAt(i), 16777619);
      const wiggle = prng(hash);
      const dx = to[0] - from[0];
      const dy = to[1] - from[1];
      const border = onBorder(from, to);
      line = [from];
      for (let s = 1; s < SEGMENTS; s += 1) {
        // Tapered towards the corners, so that edges meeting at a corner cannot cross; small against the edge.
        const offset = border ? 0 : (wiggle() - 0.5) * 0.06 * Math.sin((Math.PI * s) / SEGMENTS);
        line.push([from[0] + (s / SEGMENTS) * dx - offset * dy, from[1] + (s / SEGMENTS) * dy + offset * dx]);
      }
      line.push(to);
      edges.set(name, line);
    }
    const points = forward ? line : [...line].reverse();
    return points.slice(0, -1);
  };
  const features = [];
  for (let k = 0; k < MUNICIPALITIES; k += 1) {
    const polygon = voronoi.cellPolygon(k);
    if (!polygon) continue;
    const ring = [];
    for (let v = 0; v + 1 < polygon.length; v += 1) ring.push(...wiggly(polygon[v], polygon[v + 1]));
    const projected = ring.map((point) => toUtm.forward(point).map((value) => Math.round(value * 100) / 100));
    projected.push(projected[0]);
    const ags = String(k + 1).padStart(8, '0');
    features.push({ type: 'Feature', properties: { AGS: ags, GEN: `Gemeinde ${ags}` }, geometry: { type: 'Polygon', coordinates: [projected] } });
  }
  return features;
}

/** Writes the three files to `folder`; returns what was written, for the benchmark's report. */
export async function generate(folder) {
  await mkdir(folder, { recursive: true });
  const { values, populated, centres } = population();
  await writeFile(new URL('zensus_100m.csv', folder), zensusCsv(values).join(''));
  await writeFile(new URL('zensus_100m.tif', folder), tiledGeoTiff(values));
  const features = municipalities(centres);
  const collection = { type: 'FeatureCollection', crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::25832' } }, features };
  await writeFile(new URL('gemeinden.geojson', folder), JSON.stringify(collection));
  let residents = 0;
  for (const value of values) residents += value;
  const vertices = features.reduce((sum, feature) => sum + feature.geometry.coordinates[0].length, 0);
  return { populated, residents, municipalities: features.length, vertices };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const folder = new URL(process.argv[2] ? `file://${process.argv[2].replace(/\/?$/, '/')}` : '../.germany/', import.meta.url);
  console.log(await generate(folder));
}
