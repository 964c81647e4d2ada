import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { SozialraumError, aggregatePoints, parseCsv, parseGeoJSON, pointsFromTable, transformer, type AreaCollection } from '@sozialraum/core';
import type { Feature, FeatureCollection, MultiPolygon, Point, Polygon } from 'geojson';
import { berlinAreas, samplePath, fixtureAreas, rect } from './samples.js';

const square = (x0: number, y0: number, x1: number, y1: number): Polygon => ({ type: 'Polygon', coordinates: [rect(x0, y0, x1, y1)] });

const areasOf = (entries: Record<string, Polygon | MultiPolygon>, crs = 'EPSG:25833'): AreaCollection => fixtureAreas(entries, crs);

function pointsOf(points: [number, number, Record<string, unknown>?][], crs = 'EPSG:25833'): FeatureCollection {
  return {
    type: 'FeatureCollection',
    crs: { type: 'name', properties: { name: crs } },
    features: points.map(([x, y, properties]): Feature<Point> => ({
      type: 'Feature',
      properties: properties ?? {},
      geometry: { type: 'Point', coordinates: [x, y] },
    })),
  } as FeatureCollection;
}

/** Counts by area id. */
const countsOf = (result: ReturnType<typeof aggregatePoints>) => Object.fromEntries(result.areas.map((area) => [area.id, area.count]));

// Three areas of a partition in projected metres: W and E side by side, S below both.
const PARTITION = areasOf({ W: square(0, 0, 10, 10), E: square(10, 0, 20, 10), S: square(0, -10, 20, 0) });

test('points inside an area count there; a point on a shared edge counts once, east of it or south of it', () => {
  const result = aggregatePoints(
    PARTITION,
    pointsOf([
      [5, 5],
      [10, 5],
      [5, 0],
      [10, 0],
      [0, 5],
      [19.999, 9.999],
      [5, -5],
    ]),
  );
  // (10, 5) lies on the edge between W and E: east, so E. (5, 0) on the edge between W and S: south, so S. (10, 0)
  // is the corner of all three: S. (0, 5) on the city's west edge belongs to W.
  assert.deepEqual(countsOf(result), { W: 2, E: 2, S: 3 });
  assert.equal(result.outside.count, 0);
  assert.equal(result.inSeveral.count, 0);
  assert.deepEqual(result.total, { count: 7 });
});

test('points beyond every area are counted and named, with their label and position', () => {
  const result = aggregatePoints(
    PARTITION,
    pointsOf([
      [5, 5],
      [20, 5, { name: 'Kita am Rand' }],
      [25, 5, { id: 'K7' }],
      [5, 11],
    ]),
    { source: 'kitas.geojson' },
  );
  assert.deepEqual(countsOf(result), { W: 1, E: 0, S: 0 });
  assert.equal(result.outside.count, 3);
  assert.deepEqual(result.outside.examples, [
    { position: 2, label: 'Kita am Rand', x: 20, y: 5 },
    { position: 3, label: 'K7', x: 25, y: 5 },
    { position: 4, x: 5, y: 11 },
  ]);
  assert.equal(
    aggregatePoints(
      PARTITION,
      pointsOf([
        [30, 30],
        [31, 31],
        [32, 32],
      ]),
      { examples: 2 },
    ).outside.examples.length,
    2,
  );
});

test('a point in a hole belongs to the enclave, not to the area around it; every part of a multipolygon counts', () => {
  const withHole: Polygon = { type: 'Polygon', coordinates: [rect(30, 0, 40, 10), [...rect(33, 3, 37, 7)].reverse()] };
  const areas = areasOf({ H: withHole, I: square(33, 3, 37, 7), M: { type: 'MultiPolygon', coordinates: [[rect(50, 0, 52, 2)], [rect(60, 0, 62, 2)]] } });
  const result = aggregatePoints(
    areas,
    pointsOf([
      [31, 1],
      [35, 5],
      [33, 5],
      [39, 9],
      [51, 1],
      [61, 1],
      [55, 1],
    ]),
  );
  // (33, 5) lies on the west edge of the hole, which is the enclave's west edge: east of it is the enclave.
  assert.deepEqual(countsOf(result), { H: 2, I: 2, M: 2 });
  assert.equal(result.outside.count, 1);
  // The same with the hole wound like the outer ring: holes count by the even-odd rule, whatever their winding.
  const sameWinding = areasOf({ H: { type: 'Polygon', coordinates: [rect(30, 0, 40, 10), rect(33, 3, 37, 7)] } });
  assert.deepEqual(
    countsOf(
      aggregatePoints(
        sameWinding,
        pointsOf([
          [31, 1],
          [35, 5],
        ]),
      ),
    ),
    { H: 1 },
  );
});

test('overlapping areas each count a point they share, and the point is reported as in several areas', () => {
  const areas = areasOf({ O1: square(100, 0, 110, 10), O2: square(105, 0, 115, 10) });
  const result = aggregatePoints(
    areas,
    pointsOf([
      [107, 5, { name: 'shared' }],
      [101, 5],
      [114, 5],
    ]),
  );
  assert.deepEqual(countsOf(result), { O1: 2, O2: 2 });
  assert.equal(result.inSeveral.count, 1);
  assert.deepEqual(result.inSeveral.examples, [{ position: 1, label: 'shared', x: 107, y: 5 }]);
});

test('a property is summed and the counts split by category; values that cannot be used are named', () => {
  const points = pointsOf([
    [5, 5, { plaetze: 40, traeger: 'EKT' }],
    [6, 6, { plaetze: '25', traeger: 'Eigenbetrieb' }],
    [15, 5, { plaetze: 12.5, traeger: 'EKT' }],
    [16, 5, { plaetze: null, traeger: null }],
    [25, 5, { plaetze: 7, traeger: 'EKT' }],
  ]);
  const result = aggregatePoints(PARTITION, points, { sum: 'plaetze', category: 'traeger', source: 'kitas.geojson' });
  assert.deepEqual(result.categories, ['Eigenbetrieb', 'EKT']);
  assert.deepEqual(result.areas, [
    { id: 'W', count: 2, sum: 65, byCategory: { Eigenbetrieb: 1, EKT: 1 } },
    { id: 'E', count: 2, sum: 12.5, byCategory: { Eigenbetrieb: 0, EKT: 1 } },
    { id: 'S', count: 0, sum: 0, byCategory: { Eigenbetrieb: 0, EKT: 0 } },
  ]);
  assert.deepEqual(result.total, { count: 5, sum: 84.5 });
  assert.equal(result.outside.sum, 7);
  assert.deepEqual(
    result.issues.map((found) => found.message),
    [
      'kitas.geojson, feature 4, column "plaetze": has no number in "plaetze" (null); it is counted but adds nothing to the sum',
      'kitas.geojson, feature 4, column "traeger": has no value in "traeger"; it is counted in no category',
    ],
  );
  assert.throws(
    () => aggregatePoints(PARTITION, points, { sum: 'places', source: 'kitas.geojson' }),
    (error: unknown) =>
      error instanceof SozialraumError && error.code === 'unknown-field' && /no point has the property "places".*plaetze, traeger/.test(error.message),
  );
});

test('features that are not points are left out and named; the rest still count', () => {
  const points = pointsOf([
    [5, 5],
    [15, 5],
  ]);
  points.features.push({ type: 'Feature', properties: { name: 'Schule' }, geometry: { type: 'Polygon', coordinates: [rect(1, 1, 2, 2)] } }, {
    type: 'Feature',
    properties: {},
    geometry: null,
  } as unknown as Feature);
  const result = aggregatePoints(PARTITION, points, { source: 'mixed.geojson' });
  assert.deepEqual(countsOf(result), { W: 1, E: 1, S: 0 });
  assert.deepEqual(
    result.issues.map((found) => found.message),
    ['mixed.geojson, feature 3, key "Schule": is a Polygon, not a Point; left out', 'mixed.geojson, feature 4: has no geometry; left out'],
  );
});

test("points are reprojected into the areas' CRS: longitude/latitude onto UTM areas", () => {
  const toLonLat = transformer('EPSG:25833', 'EPSG:4326');
  const utm: [number, number][] = [
    [390_000, 5_820_000],
    [390_500, 5_820_500],
    [391_500, 5_820_500],
    [392_500, 5_820_500],
  ];
  const areas = areasOf({ A: square(389_000, 5_819_000, 391_000, 5_821_000), B: square(391_000, 5_819_000, 393_000, 5_821_000) });
  const lonLat = utm.map(([x, y]) => toLonLat([x, y]) as [number, number]);
  // A FeatureCollection without a crs member is longitude/latitude (RFC 7946).
  const collection: FeatureCollection = {
    type: 'FeatureCollection',
    features: lonLat.map(([x, y]) => ({ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [x, y] } })),
  };
  const result = aggregatePoints(areas, collection);
  assert.equal(result.crs, 'EPSG:4326');
  assert.deepEqual(countsOf(result), { A: 2, B: 2 });
  const fromLists = aggregatePoints(areas, { x: lonLat.map(([x]) => x), y: lonLat.map(([, y]) => y), crs: 'EPSG:4326' });
  assert.deepEqual(countsOf(fromLists), { A: 2, B: 2 });
  assert.throws(
    () => aggregatePoints(areas, { x: [390_000], y: [5_820_000], crs: 'EPSG:3035' }),
    (error: unknown) => error instanceof SozialraumError && error.code === 'implausible-coordinates',
  );
});

test('a CSV table of points: coordinate columns found by name, decimal commas, rows without coordinates named', () => {
  const text = 'Name;Lon;Lat;Plätze\nKita A;13,40495;52,52000;40\nKita B;;;12\nKita C;13,41;52,51;8,5\n';
  const table = parseCsv(text, { source: 'kitas.csv' });
  const points = pointsFromTable(table);
  assert.equal(points.crs, 'EPSG:4326');
  assert.deepEqual(Array.from(points.x), [13.40495, 13.41]);
  assert.deepEqual(Array.from(points.rows!), [2, 4]);
  assert.deepEqual(
    points.issues!.map((found) => found.message),
    ['kitas.csv, row 3: has no coordinates; left out'],
  );
  const project = transformer('EPSG:4326', 'EPSG:25833');
  const [x, y] = project([13.40495, 52.52]) as [number, number];
  const areas = areasOf({ Mitte: square(x - 2000, y - 2000, x + 2000, y + 2000) });
  const result = aggregatePoints(areas, points, { sum: 'Plätze', source: 'kitas.csv' });
  assert.deepEqual(result.areas, [{ id: 'Mitte', count: 2, sum: 48.5 }]);
  assert.deepEqual(
    result.issues.map((found) => found.message),
    ['kitas.csv, row 3: has no coordinates; left out'],
  );

  const utm = parseCsv('rechtswert,hochwert,art\n390387.4,5820383.1,Kita\n', { source: 'utm.csv' });
  assert.throws(
    () => pointsFromTable(utm),
    (error: unknown) => error instanceof SozialraumError && error.code === 'unknown-crs' && /declare it/.test(error.message),
  );
  assert.equal(pointsFromTable(utm, { crs: 'EPSG:25833' }).crs, 'EPSG:25833');
  assert.throws(() => pointsFromTable(parseCsv('a,b\n1,2\n', { source: 'plain.csv' })), /no coordinate columns/);
  assert.throws(() => pointsFromTable(utm, { x: 'ost', y: 'hochwert' }), /no coordinate column "ost"/);
});

// ---------------------------------------------------------------------------------------------------------------
// Berlin: 2,880 Kitas on the 542 Planungsräume

const BEZIRKE: Record<string, string> = {
  Mitte: '01',
  'Friedrichshain-Kreuzberg': '02',
  Pankow: '03',
  'Charlottenburg-Wilmersdorf': '04',
  Spandau: '05',
  'Steglitz-Zehlendorf': '06',
  'Tempelhof-Schöneberg': '07',
  Neukölln: '08',
  'Treptow-Köpenick': '09',
  'Marzahn-Hellersdorf': '10',
  Lichtenberg: '11',
  Reinickendorf: '12',
};

async function kitas(): Promise<FeatureCollection> {
  return parseGeoJSON(await readFile(samplePath('berlin/facilities/kitas.geojson'), 'utf8'), 'kitas.geojson');
}

test('Berlin: every Kita lies in exactly one Planungsraum or is reported outside, and the places add up', async () => {
  const areas = await berlinAreas();
  const collection = await kitas();
  assert.equal(collection.features.length, 2880);
  const result = aggregatePoints(areas, collection, { sum: 'plaetze', source: 'kitas.geojson' });
  assert.deepEqual(result.issues, []);
  assert.equal(result.inSeveral.count, 0);
  const counted = result.areas.reduce((total, area) => total + area.count, 0);
  assert.equal(counted + result.outside.count, 2880);
  const filePlaces = collection.features.reduce((total, feature) => total + (feature.properties!['plaetze'] as number), 0);
  const placesInAreas = result.areas.reduce((total, area) => total + area.sum!, 0);
  assert.equal(placesInAreas, filePlaces - result.outside.sum!);
  assert.equal(result.outside.count, 0, 'the Kita register holds Berlin Kitas only');
  assert.equal(filePlaces, 194_979);

  // An independent check of the point-in-polygon test: the Planungsraum's district (the first two digits of its key)
  // is the district the register names for the Kita. One Kita of Friedrichshain-Kreuzberg lies over the line in Pankow.
  const byDistrict = aggregatePoints(areas, collection, { category: 'bezirk' });
  let agreeing = 0;
  for (const area of byDistrict.areas) {
    for (const [bezirk, count] of Object.entries(area.byCategory!)) if (BEZIRKE[bezirk] === area.id.slice(0, 2)) agreeing += count;
  }
  assert.equal(agreeing, 2879);
});

test('Berlin: Kitas by Träger add up to the count per area, and the same Kitas in longitude/latitude land in the same areas', async () => {
  const areas = await berlinAreas();
  const collection = await kitas();
  const result = aggregatePoints(areas, collection, { category: 'traeger_art' });
  assert.deepEqual(result.categories, ['Arbeiterwohlfahrt', 'Deutscher Caritasverband', 'Diakonisches Werk', 'Eigenbetrieb', 'EKT', 'Sonstiger freier Träger']);
  for (const area of result.areas) {
    assert.equal(
      Object.values(area.byCategory!).reduce((total, count) => total + count, 0),
      area.count,
      area.id,
    );
  }
  const ekt = result.areas.reduce((total, area) => total + area.byCategory!['EKT']!, 0);
  assert.equal(ekt, 533);

  const toLonLat = transformer('EPSG:25833', 'EPSG:4326');
  const lonLat = collection.features.map((feature) => toLonLat((feature.geometry as Point).coordinates));
  const reprojected = aggregatePoints(areas, { x: lonLat.map(([x]) => x!), y: lonLat.map(([, y]) => y!), crs: 'EPSG:4326' });
  assert.deepEqual(countsOf(reprojected), countsOf(result));
});
