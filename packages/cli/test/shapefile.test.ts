// Shapefiles on the command line: info describes them, convert writes and reads them, aggregate takes them as areas
// and as points, and a Shapefile with a part missing is refused naming the part.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFile, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Position } from 'geojson';
import { parseGeoJSON, signedArea } from '@sozialraum/core';
import { readShapefile, readZip, writeShapefileZip, writeZip } from '@sozialraum/core/shapefile';
import { BERLIN_GEOJSON, FLENSBURG_GEOJSON, SAMPLES, cli, readJson, tempDirectory, type GeoJsonFile } from './helpers.js';

const ORTSTEILE_ZIP = join(SAMPLES, 'berlin/formats/ortsteile_2014.zip');
const PROGNOSE_SHP = join(SAMPLES, 'berlin/formats/prognoseraeume_alt.shp');
const KITAS = join(SAMPLES, 'berlin/facilities/kitas.geojson');

/** The geometry with every ring counter-clockwise. */
function wound(geometry: GeoJsonFile['features'][number]['geometry']): unknown {
  const ring = (positions: Position[]) => (signedArea(positions) < 0 ? [...positions].reverse() : positions);
  if (geometry?.type === 'Polygon') return (geometry.coordinates as Position[][]).map(ring);
  if (geometry?.type === 'MultiPolygon') return (geometry.coordinates as Position[][][]).map((polygon) => polygon.map(ring));
  return geometry;
}

let temp: Awaited<ReturnType<typeof tempDirectory>>;
before(async () => (temp = await tempDirectory()));
after(async () => temp.remove());

test('info describes a zipped Shapefile: layer, shape type, fields with their dBase types, encoding, CRS and the areas', async () => {
  const { code, stdout, stderr } = await cli(['info', ORTSTEILE_ZIP, '--id-field', 'ORT']);
  assert.equal(code, 0, stderr);
  assert.match(stdout, /\n {2}format: +Shapefile\n {2}layers: +ortsteile_2014\n {2}shape type: Polygon\n/);
  assert.match(stdout, /\n {2}fields: +ORT \(C4\), Ortsteilna \(C50\), Beznr \(C2\), Bezname \(C50\)\n {2}encoding: +utf-8 \(named by the \.cpg\)\n/);
  assert.match(stdout, /\n {2}areas: +96\n {2}CRS: +EPSG:25833, ETRS89 \/ UTM zone 33N\n/);
  assert.match(stdout, /\n {2}id field: +ORT\n/);
  assert.doesNotMatch(stdout + stderr, /CSV/);
});

test('info on a zip with two layers describes both; with --layer it reads that one as areas', async () => {
  const { files } = readZip(await readFile(ORTSTEILE_ZIP), { source: 'o.zip' });
  for (const part of ['shp', 'shx', 'dbf', 'prj']) files.set(`alt/prognoseraeume_alt.${part}`, await readFile(PROGNOSE_SHP.replace(/shp$/, part)));
  const both = temp.file('beide.zip');
  await writeFile(both, writeZip(files));
  const listed = await cli(['info', both]);
  assert.equal(listed.code, 0, listed.stderr);
  assert.match(listed.stdout, /^\S*beide\.zip: 2 layers; choose one with --layer to read it as areas\n/);
  assert.match(listed.stdout, /layers: +ortsteile_2014, prognoseraeume_alt \(this is ortsteile_2014\)\n(.*\n)* {2}features: +96\n/);
  assert.match(listed.stdout, /\(this is prognoseraeume_alt\)\n(.*\n)* {2}features: +60\n {2}CRS: +EPSG:4326/);
  const chosen = await cli(['info', both, '--layer', 'prognoseraeume_alt']);
  assert.equal(chosen.code, 0, chosen.stderr);
  assert.match(chosen.stdout, /\n {2}areas: +60\n/);
});

test('info on a loose .shp reads the files beside it; without .cpg the encoding comes from the language byte', async () => {
  const { code, stdout, stderr } = await cli(['info', PROGNOSE_SHP]);
  assert.equal(code, 0, stderr);
  assert.match(stdout, /\n {2}encoding: +windows-1252 \(named by the \.dbf's language byte\)\n/);
  assert.match(stdout, /\n {2}areas: +60\n {2}CRS: +EPSG:4326, WGS 84/);
});

test('convert GeoJSON → zipped Shapefile → GeoJSON gives the 542 areas back equal: keys, properties, coordinates, CRS', async () => {
  const zip = temp.file('lor.shp.zip');
  const toShp = await cli(['convert', BERLIN_GEOJSON, zip]);
  assert.equal(toShp.code, 0, toShp.stderr);
  assert.equal(toShp.stdout, `${zip}: 542 areas, Shapefile, EPSG:25833\n`);
  const back = temp.file('lor.geojson');
  const fromShp = await cli(['convert', zip, back, '--id-field', 'PLR_ID']);
  assert.equal(fromShp.code, 0, fromShp.stderr);
  const original = await readJson<GeoJsonFile>(BERLIN_GEOJSON);
  const roundTrip = await readJson<GeoJsonFile>(back);
  assert.equal(roundTrip.crs?.properties.name, 'urn:ogc:def:crs:EPSG::25833');
  assert.deepEqual(
    roundTrip.features.map((feature) => feature.properties),
    original.features.map((feature) => feature.properties),
  );
  // A Shapefile winds outer rings clockwise and the reader gives them back the GeoJSON way round; the input winds
  // them either way, so rings are compared with one winding.
  assert.deepEqual(
    roundTrip.features.map((feature) => wound(feature.geometry)),
    original.features.map((feature) => wound(feature.geometry)),
  );
});

test('aggregate takes a zipped Shapefile as --areas and a Shapefile of points as --points, with the same counts as GeoJSON', async () => {
  const areasGeoJSON = temp.file('ortsteile.geojson');
  assert.equal((await cli(['convert', ORTSTEILE_ZIP, areasGeoJSON, '--id-field', 'ORT'])).code, 0);
  const kitas = parseGeoJSON(await readFile(KITAS, 'utf8'), KITAS);
  const crs = (kitas as { crs?: { properties: { name: string } } }).crs?.properties.name.replace(/^.*::/, 'EPSG:') ?? 'EPSG:4326';
  const kitasZip = temp.file('kitas.zip');
  await writeFile(kitasZip, writeShapefileZip(kitas, { crs, name: 'kitas' }).bytes);
  const run = async (areas: string, points: string, out: string) => {
    const result = await cli([
      'aggregate',
      '--areas',
      areas,
      '--id-field',
      'ORT',
      '--points',
      points,
      '--sum',
      'plaetze',
      '--counts',
      'none',
      '--out',
      temp.file(out),
    ]);
    assert.equal(result.code === 0 || result.code === 1, true, result.stderr);
    assert.match(result.stderr, /aggregate: 2,880 points onto 96 areas/);
    return readFile(temp.file(out), 'utf8');
  };
  const fromShapefiles = await run(ORTSTEILE_ZIP, kitasZip, 'shp.csv');
  const fromGeoJSON = await run(areasGeoJSON, KITAS, 'geojson.csv');
  assert.equal(fromShapefiles, fromGeoJSON);
  assert.match(fromShapefiles, /^id,count,sum/);
  assert.equal(fromShapefiles.trim().split('\n').length, 97);
});

test('a .shp whose .dbf is missing is refused naming the layer and the part, exit code 2', async () => {
  const shp = temp.file('prognoseraeume_alt.shp');
  await copyFile(PROGNOSE_SHP, shp);
  await copyFile(PROGNOSE_SHP.replace(/\.shp$/, '.shx'), temp.file('prognoseraeume_alt.shx'));
  const { code, stderr } = await cli(['info', shp]);
  assert.equal(code, 2);
  assert.match(stderr, /prognoseraeume_alt\.shp: the Shapefile "prognoseraeume_alt" has no \.dbf \(its attributes\) beside prognoseraeume_alt\.shp/);
});

test('a property named with 100,000 characters is written to the Shapefile cut to 10, and the note names the file and cuts the name', async () => {
  const long = 'Einwohner'.repeat(11_112);
  const flensburg = await readJson<GeoJsonFile>(FLENSBURG_GEOJSON);
  const areas = temp.file('lang.geojson');
  const features = flensburg.features.map((feature, index) => ({ ...feature, properties: { ...feature.properties, [long]: index } }));
  await writeFile(areas, JSON.stringify({ ...flensburg, features }));
  const out = temp.file('lang.zip');
  const { code, stderr } = await cli(['convert', areas, out, '--id-field', 'AREA_ID']);
  assert.equal(code, 0, stderr);
  const note = stderr.split('\n').find((line) => line.includes('dBase allows'))!;
  assert.equal(note, `${out}: field names cut to the 10 characters dBase allows: ${long.slice(0, 39)}… → ${long.slice(0, 10)}`);
  const layer = readShapefile(await readFile(out), { source: 'lang.zip' });
  assert.ok(
    layer.fields.some((field) => field.name === long.slice(0, 10)),
    layer.fields.map((field) => field.name).join(', '),
  );
  assert.deepEqual(
    layer.collection.features.map((feature) => feature.properties?.[long.slice(0, 10)]),
    features.map((_, index) => index),
  );
});
