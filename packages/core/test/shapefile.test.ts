// Shapefiles read against GDAL's reading of the same files (digests made once with ogr2ogr, see
// fixtures/shapefile/make-digests.py), written and read back, and refused with a message when broken.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { zipSync } from 'fflate';
import type { Feature, MultiPolygon, Polygon, Position } from 'geojson';
import { SozialraumError, loadAreas, reprojectCollection, signedArea, transformer } from '@sozialraum/core';
import { crsFromPrj, prjForCrs, readShapefile, readZip, writeShapefileZip, type NamedFiles } from '@sozialraum/core/shapefile';
import { sampleBytes } from './samples.js';

const fixture = (name: string) => fileURLToPath(new URL(`../../test/fixtures/shapefile/${name}`, import.meta.url));
const fixtureBytes = async (name: string) => new Uint8Array(await readFile(fixture(name)));
const fixtureJson = async <T>(name: string) => JSON.parse(await readFile(fixture(name), 'utf8')) as T;

interface Digest {
  count: number;
  features: Record<
    string,
    { properties: Record<string, unknown>; type: string; rings: number; vertices: number; area: number; bbox: number[]; geometry?: Polygon | MultiPolygon }
  >;
}

const ORTSTEILE_ZIP = 'berlin/formats/ortsteile_2014.zip';

async function looseFiles(directory: 'data' | 'fixture', base: string, parts: string[]): Promise<NamedFiles> {
  const files = new Map<string, Uint8Array>();
  for (const part of parts)
    files.set(`${base}${part}`, directory === 'data' ? await sampleBytes(`berlin/formats/${base}${part}`) : await fixtureBytes(`${base}${part}`));
  return { files };
}

function rings(geometry: Polygon | MultiPolygon): Position[][] {
  return geometry.type === 'Polygon' ? geometry.coordinates : geometry.coordinates.flat();
}

function digestOf(feature: Feature) {
  const geometry = feature.geometry as Polygon | MultiPolygon;
  const all = rings(geometry).flat();
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  const area = polygons.reduce(
    (sum, polygon) => sum + Math.abs(signedArea(polygon[0]!)) - polygon.slice(1).reduce((holes, ring) => holes + Math.abs(signedArea(ring)), 0),
    0,
  );
  const xs = all.map((p) => p[0]!);
  const ys = all.map((p) => p[1]!);
  return { rings: rings(geometry).length, vertices: all.length, area, bbox: [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)] };
}

/** Each ring counter-clockwise, so that GDAL's rings (as the file winds them) and ours (GeoJSON's way) compare. */
function anticlockwise(ring: Position[]): Position[] {
  return signedArea(ring) < 0 ? [...ring].reverse() : ring;
}

function assertMatchesDigest(features: Feature[], digest: Digest, tolerance: number, label: string): void {
  assert.equal(features.length, digest.count, `${label}: feature count`);
  for (const [position, expected] of Object.entries(digest.features)) {
    const feature = features[Number(position) - 1]!;
    const where = `${label}, feature ${position}`;
    assert.deepEqual(feature.properties, expected.properties, `${where}: attributes`);
    const found = digestOf(feature);
    assert.equal(feature.geometry.type, expected.type, `${where}: type`);
    assert.equal(found.rings, expected.rings, `${where}: rings`);
    assert.equal(found.vertices, expected.vertices, `${where}: vertices`);
    found.bbox.forEach((value, k) => assert.ok(Math.abs(value - expected.bbox[k]!) <= tolerance, `${where}: bbox[${k}] ${value} vs ${expected.bbox[k]}`));
    // The area follows the coordinates: a tolerance t along a perimeter p moves it by at most about p·t.
    const perimeter = 2 * (expected.bbox[2]! - expected.bbox[0]! + expected.bbox[3]! - expected.bbox[1]!);
    assert.ok(Math.abs(found.area - expected.area) <= perimeter * tolerance * 4 + 1e-4, `${where}: area ${found.area} vs ${expected.area}`);
    if (expected.geometry) {
      const ours = rings(feature.geometry as Polygon | MultiPolygon).map(anticlockwise);
      const gdal = rings(expected.geometry).map(anticlockwise);
      ours.forEach((ring, r) =>
        ring.forEach((point, i) => {
          const other = gdal[r]![i]!;
          assert.ok(Math.hypot(point[0]! - other[0]!, point[1]! - other[1]!) <= tolerance, `${where}: ring ${r} vertex ${i}`);
        }),
      );
    }
  }
}

test('the zipped Ortsteile read as GDAL reads them: 96 areas in EPSG:25833 from an ESRI .prj without a code, within 1 cm', async () => {
  const bytes = await sampleBytes(ORTSTEILE_ZIP);
  const layer = readShapefile(bytes, { source: 'ortsteile_2014.zip' });
  assert.equal(layer.crs, 'EPSG:25833');
  assert.deepEqual(layer.encoding, { label: 'utf-8', from: 'cpg' });
  assert.deepEqual(
    layer.fields.map((field) => field.name),
    ['ORT', 'Ortsteilna', 'Beznr', 'Bezname'],
  );
  assertMatchesDigest(layer.collection.features, await fixtureJson<Digest>('ortsteile_2014.digest.json'), 0.01, 'ortsteile_2014');
});

test('the loose Ortsteile (the files of the zip, given by name) read the same as the zip, as areas keyed by ORT', async () => {
  const zipped = await sampleBytes(ORTSTEILE_ZIP);
  const { files } = readZip(zipped, { source: 'ortsteile_2014.zip' });
  const fromZip = await loadAreas(zipped, { source: 'ortsteile_2014.zip', idField: 'ORT' });
  const loose = await loadAreas({ files }, { source: 'ortsteile_2014.shp', idField: 'ORT' });
  assert.equal(loose.crs, 'EPSG:25833');
  assert.equal(loose.features.length, 96);
  assert.deepEqual(loose.ids, fromZip.ids);
  assert.deepEqual(loose.features, fromZip.features);
  assert.ok(loose.ids.includes('0101') && loose.ids.every((id) => /^\d{4}$/.test(id)), 'keys keep their leading zero');
});

test('the Prognoseräume in WGS 84 without .cpg: Windows-1252 from the DBF language byte, umlauts intact, within 1 cm', async () => {
  const layer = readShapefile(await looseFiles('data', 'prognoseraeume_alt', ['.shp', '.shx', '.dbf', '.prj']), { source: 'prognoseraeume_alt.shp' });
  assert.equal(layer.crs, 'EPSG:4326');
  assert.deepEqual(layer.encoding, { label: 'windows-1252', from: 'language byte' });
  // 1 cm is about 1.4e-7 degrees of longitude at Berlin's latitude.
  assertMatchesDigest(layer.collection.features, await fixtureJson<Digest>('prognoseraeume_alt.digest.json'), 1e-7, 'prognoseraeume_alt');
  const names = layer.collection.features.map((feature) => String(feature.properties!.BEZNAME));
  assert.ok(names.includes('Neukölln') && names.includes('Tempelhof-Schöneberg'), names.join());
});

test('without .cpg or language byte the text is UTF-8 when valid, else Windows-1252', async () => {
  const { files } = await looseFiles('data', 'prognoseraeume_alt', ['.shp', '.shx', '.dbf', '.prj']);
  const dbf = new Uint8Array(files.get('prognoseraeume_alt.dbf')!);
  dbf[29] = 0;
  const latin = readShapefile({ files: new Map([...files, ['prognoseraeume_alt.dbf', dbf]]) }, { source: 'p.shp' });
  assert.deepEqual(latin.encoding, { label: 'windows-1252', from: 'guess' });
  assert.ok(latin.collection.features.some((feature) => feature.properties!.BEZNAME === 'Neukölln'));
  dbf[29] = 0x02;
  const dos = readShapefile({ files: new Map([...files, ['prognoseraeume_alt.dbf', dbf]]) }, { source: 'p.shp' });
  assert.deepEqual(dos.encoding, { label: 'windows-1252', from: 'guess' });
  assert.match(dos.issues[0]!.message, /^prognoseraeume_alt\.dbf: the \.dbf names the DOS code page 850, which browsers cannot decode/);
  const areas = await loadAreas(await sampleBytes(ORTSTEILE_ZIP), { source: 'o.zip', idField: 'ORT' });
  const written = readZip(writeShapefileZip({ type: 'FeatureCollection', features: areas.features }, { crs: areas.crs, name: 'o' }).bytes, {
    source: 'o.zip',
  }).files;
  written.delete('o.cpg');
  const utf8 = readShapefile({ files: written }, { source: 'o.shp' });
  assert.deepEqual(utf8.encoding, { label: 'utf-8', from: 'guess' });
  assert.ok(utf8.collection.features.some((feature) => feature.properties!.Ortsteilna === 'Französisch Buchholz'));
});

test('Soldner Berlin blocks (EPSG:3068, DHDN without a shift in the .prj) land within 0.5 m of GDAL in EPSG:25833', async () => {
  const layer = readShapefile(await looseFiles('fixture', 'bloecke_2006_auswahl', ['.shp', '.shx', '.dbf', '.prj', '.cpg']), {
    source: 'bloecke_2006_auswahl.shp',
  });
  assert.equal(layer.crs, 'EPSG:3068');
  const reprojected = reprojectCollection(layer.collection, 'EPSG:3068', 'EPSG:25833');
  const digest = await fixtureJson<Digest>('bloecke_2006_auswahl.digest.json');
  assertMatchesDigest(reprojected.features, digest, 0.5, 'bloecke_2006_auswahl');
  // Read as if DHDN were ETRS89, the same block would be far off: this is what the shift is for.
  const noShift = transformer('EPSG:3068', 'EPSG:4326');
  const corner = (layer.collection.features[0]!.geometry as Polygon).coordinates[0]![0]!;
  const withShift = transformer('EPSG:4326', 'EPSG:25833')(noShift(corner));
  const naive = transformer('EPSG:3068', 'EPSG:25833')(corner);
  assert.deepEqual(
    withShift.map((value) => Math.round(value * 1000)),
    naive.map((value) => Math.round(value * 1000)),
  );
  const bessel = '+proj=cass +lat_0=52.4186482777778 +lon_0=13.6272036666667 +x_0=40000 +y_0=10000 +ellps=bessel +units=m +no_defs';
  const { default: proj4 } = await import('proj4');
  const unshifted = proj4(bessel, '+proj=utm +zone=33 +ellps=GRS80 +units=m +no_defs', corner);
  assert.ok(Math.hypot(unshifted[0]! - naive[0]!, unshifted[1]! - naive[1]!) > 150, 'the DHDN shift moves a Berlin block by more than 150 m');
});

test('.prj WKT: GDAL’s ESRI WKT, OGC WKT and WKT 2 of every supported code are recognised, also without EPSG codes; the toolkit writes GDAL’s ESRI WKT', async () => {
  type Wkt = Record<string, { esri: string; ogc: string; wkt2: string }>;
  const wkt = await fixtureJson<{ supported: Wkt; unsupported: Wkt }>('gdal-wkt.json');
  const withoutCodes = (text: string) => text.replace(/,(AUTHORITY\["EPSG","\d+"\]|ID\["EPSG",\d+\])/g, '');
  for (const [code, { esri, ogc, wkt2 }] of Object.entries(wkt.supported)) {
    assert.equal(crsFromPrj(esri, 'x.prj'), code, `ESRI WKT of ${code}`);
    assert.equal(crsFromPrj(ogc, 'x.prj'), code, `OGC WKT of ${code}`);
    assert.equal(crsFromPrj(wkt2, 'x.prj'), code, `WKT 2 of ${code}`);
    assert.equal(crsFromPrj(withoutCodes(ogc), 'x.prj'), code, `OGC WKT of ${code} without EPSG codes`);
    assert.equal(crsFromPrj(withoutCodes(wkt2), 'x.prj'), code, `WKT 2 of ${code} without EPSG codes`);
    assert.equal(prjForCrs(code), esri, `the .prj written for ${code}`);
  }
  for (const [code, { esri, ogc, wkt2 }] of Object.entries(wkt.unsupported)) {
    for (const text of [esri, ogc, withoutCodes(ogc), wkt2, withoutCodes(wkt2)]) {
      const name = /^[A-Z]+\["([^"]+)"/.exec(text)![1]!;
      assert.throws(
        () => crsFromPrj(text, 'x.prj'),
        (error: unknown) =>
          error instanceof SozialraumError && error.code === 'unknown-crs' && error.message.includes(`"${name}"`) && error.text.de.includes(`„${name}“`),
        `${code} is refused naming "${name}"`,
      );
    }
  }
});

test('field names given long or in another case match their 10-character dBase cut, with a note', async () => {
  const areas = await loadAreas(await sampleBytes(ORTSTEILE_ZIP), { source: 'ortsteile_2014.zip', idField: 'ort', nameField: 'Ortsteilname' });
  assert.equal(areas.idField, 'ORT');
  assert.equal(areas.nameField, 'Ortsteilna');
  const notes = areas.issues.filter((found) => found.code === 'unknown-field').map((found) => found.message);
  assert.equal(notes.length, 2);
  assert.match(notes[1]!, /^ortsteile_2014\.zip, column "Ortsteilna": has no field "Ortsteilname"; the field "Ortsteilna" is taken/);
});

test('a zip with two layers needs the layer named; with it, that layer is read', async () => {
  const { files: ortsteile } = readZip(await sampleBytes(ORTSTEILE_ZIP), { source: 'o.zip' });
  const { files: prognose } = await looseFiles('data', 'prognoseraeume_alt', ['.shp', '.shx', '.dbf', '.prj']);
  const both = zipSync(Object.fromEntries([...ortsteile, ...[...prognose].map(([name, data]) => [`alt/${name}`, data] as const)]));
  assert.throws(
    () => readShapefile(both, { source: 'beide.zip' }),
    (error: unknown) =>
      error instanceof SozialraumError && /^beide\.zip: holds 2 layers \(ortsteile_2014, prognoseraeume_alt\); choose one/.test(error.message),
  );
  const chosen = await loadAreas(both, { source: 'beide.zip', layer: 'prognoseraeume_alt', idField: 'spatial_na' });
  assert.equal(chosen.features.length, 60);
  assert.equal(chosen.crs, 'EPSG:4326');
  assert.throws(() => readShapefile(both, { source: 'beide.zip', layer: 'bezirke' }), /holds no layer "bezirke"; its layers are/);
});

test('areas written as a zipped Shapefile read back equal: coordinates, attributes, umlauts and the CRS', async () => {
  const areas = await loadAreas(await sampleBytes(ORTSTEILE_ZIP), { source: 'o.zip', idField: 'ORT' });
  const features = areas.features.map((feature) => ({ ...feature, properties: { ...feature.properties, Einwohnerzahl: 1234.5, gross: true } }));
  const { bytes, renamed } = writeShapefileZip({ type: 'FeatureCollection', features }, { crs: 'EPSG:25833', name: 'ortsteile' });
  assert.deepEqual(renamed, [['Einwohnerzahl', 'Einwohnerz']]);
  const back = readShapefile(bytes, { source: 'ortsteile.zip' });
  assert.deepEqual(readZip(bytes, { source: 'x' }).names, ['ortsteile.shp', 'ortsteile.shx', 'ortsteile.dbf', 'ortsteile.prj', 'ortsteile.cpg']);
  assert.equal(back.crs, 'EPSG:25833');
  assert.deepEqual(
    back.collection.features.map((feature) => feature.properties),
    features.map((feature) => ({ ...feature.properties, Einwohnerz: 1234.5, Einwohnerzahl: undefined })).map(({ Einwohnerzahl: _, ...rest }) => rest),
  );
  assert.deepEqual(
    back.collection.features.map((feature) => feature.geometry),
    features.map((feature) => feature.geometry),
  );
});

test('a Shapefile without .dbf or .shx is refused naming the layer and the missing part', async () => {
  const { files } = await looseFiles('data', 'prognoseraeume_alt', ['.shp', '.shx', '.dbf', '.prj']);
  for (const [part, what] of [
    ['.dbf', 'its attributes'],
    ['.shx', 'the index of its shapes'],
  ]) {
    const without = new Map([...files].filter(([name]) => !name.endsWith(part!)));
    await assert.rejects(
      loadAreas({ files: without }, { source: 'prognoseraeume_alt.shp' }),
      (error: unknown) =>
        error instanceof SozialraumError &&
        error.code === 'missing-file' &&
        error.message ===
          `prognoseraeume_alt.shp: the Shapefile "prognoseraeume_alt" has no ${part} (${what}) beside prognoseraeume_alt.shp; give all its files together (.shp, .shx, .dbf, .prj, .cpg) or a zip of them` &&
        error.text.de.includes(`fehlt neben prognoseraeume_alt.shp die ${part}`),
    );
  }
  await assert.rejects(loadAreas(files.get('prognoseraeume_alt.shp')!, { source: 'nur.shp' }), /^SozialraumError: nur\.shp: the Shapefile "nur" has no \.shx/);
});

test('a .shp with a different number of records than its .dbf is refused with the three counts', async () => {
  const { files } = await looseFiles('data', 'prognoseraeume_alt', ['.shp', '.shx', '.dbf', '.prj']);
  const dbf = new Uint8Array(files.get('prognoseraeume_alt.dbf')!);
  new DataView(dbf.buffer).setUint32(4, 59, true);
  await assert.rejects(
    loadAreas({ files: new Map([...files, ['prognoseraeume_alt.dbf', dbf]]) }, { source: 'prognoseraeume_alt.shp' }),
    (error: unknown) =>
      error instanceof SozialraumError &&
      error.code === 'parse-error' &&
      error.message.includes('hold different numbers of records (prognoseraeume_alt.shp 60, prognoseraeume_alt.shx 60, prognoseraeume_alt.dbf 59)'),
  );
});

test('a zip bomb is refused while inflating, naming the archive and the entry, also when its headers claim small sizes', () => {
  const zeros = new Uint8Array(3 * 1024 * 1024);
  const bomb = zipSync({ 'a.shp': zeros });
  const check = (bytes: Uint8Array) =>
    assert.throws(
      () => readShapefile(bytes, { source: 'bombe.zip', zipLimit: 1024 * 1024 }),
      (error: unknown) =>
        error instanceof SozialraumError &&
        error.code === 'too-large' &&
        /^bombe\.zip: entry "a\.shp" expands beyond 1 MB/.test(error.message) &&
        /^bombe\.zip: Eintrag „a\.shp“/.test(error.text.de),
    );
  check(bomb);
  // The same archive with both headers saying the entry expands to 100 bytes.
  const lying = new Uint8Array(bomb);
  const view = new DataView(lying.buffer);
  view.setUint32(22, 100, true);
  const central = lying.findIndex((_, at) => view.getUint32(at, true) === 0x02014b50);
  view.setUint32(central + 24, 100, true);
  check(lying);
});

test('a .prj naming an unknown CRS is refused with its name, inside a zip too', async () => {
  const { files } = readZip(await sampleBytes(ORTSTEILE_ZIP), { source: 'o.zip' });
  const wkt = await fixtureJson<{ unsupported: Record<string, { esri: string }> }>('gdal-wkt.json');
  files.set('ortsteile_2014.prj', new TextEncoder().encode(wkt.unsupported['EPSG:2056']!.esri));
  await assert.rejects(
    loadAreas(zipSync(Object.fromEntries(files)), { source: 'ortsteile_2014.zip', idField: 'ORT' }),
    (error: unknown) =>
      error instanceof SozialraumError &&
      error.code === 'unknown-crs' &&
      error.message.startsWith('ortsteile_2014.zip › ortsteile_2014.prj: the .prj names the coordinate reference system "CH1903+_LV95"'),
  );
});
