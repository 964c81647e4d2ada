// The numbers of the area profile (core/profile) for one Berlin and one Flensburg area, each checked against a value
// computed here independently from the raw files: brute-force geometry with proj4, sums over the CSV lines.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { FeatureCollection, MultiPolygon, Polygon, Position } from 'geojson';
import {
  areaProfile,
  indexPreset,
  loadAreas,
  parseCsv,
  prepareProfiles,
  profileCsv,
  proj4,
  readZensusGrid,
  validateIndexSpec,
  type AreaProfile,
  type FacilityLayer,
} from '@sozialraum/core';
import { berlinAreas, sampleBytes, samplePath, sampleTable } from './samples.js';

const FACILITY_TYPES = ['kitas', 'schulen', 'jugendfreizeiteinrichtungen', 'pflegeeinrichtungen'];
const BERLIN_AREA = '07601443'; // Töpchiner Weg, Lichtenrade: on the edge of the city, so not everybody is near everything
const FLENSBURG_AREA = 'STGT03'; // Nordstadt

async function text(relative: string): Promise<string> {
  return readFile(samplePath(relative), 'utf8');
}

/** EPSG:3035 from the CRS the sample files use, straight from proj4 rather than core/crs. */
const LAEA = '+proj=laea +lat_0=52 +lon_0=10 +x_0=4321000 +y_0=3210000 +ellps=GRS80 +units=m +no_defs';
const UTM33 = '+proj=utm +zone=33 +ellps=GRS80 +units=m +no_defs';
const toLaea = (from: string) => proj4(from, LAEA);

function ringsOf(geometry: Polygon | MultiPolygon): Position[][] {
  return geometry.type === 'Polygon' ? geometry.coordinates : geometry.coordinates.flat();
}

function evenOddInside(rings: Position[][], x: number, y: number): boolean {
  let inside = false;
  for (const ring of rings) {
    for (let i = 0; i + 1 < ring.length; i += 1) {
      const [x1, y1] = ring[i] as [number, number];
      const [x2, y2] = ring[i + 1] as [number, number];
      if (y1 > y !== y2 > y && x < x1 + ((y - y1) / (y2 - y1)) * (x2 - x1)) inside = !inside;
    }
  }
  return inside;
}

function boundaryDistance(rings: Position[][], x: number, y: number): number {
  let best = Infinity;
  for (const ring of rings) {
    for (let i = 0; i + 1 < ring.length; i += 1) {
      const [x1, y1] = ring[i] as [number, number];
      const [x2, y2] = ring[i + 1] as [number, number];
      const length = (x2 - x1) ** 2 + (y2 - y1) ** 2;
      const t = length === 0 ? 0 : Math.min(1, Math.max(0, ((x - x1) * (x2 - x1) + (y - y1) * (y2 - y1)) / length));
      best = Math.min(best, Math.hypot(x1 + t * (x2 - x1) - x, y1 + t * (y2 - y1) - y));
    }
  }
  return best;
}

test('the Berlin profile of Töpchiner Weg: city value, rank, deviation, facilities inside and within 1.5 km, residents within reach', async () => {
  const areas = await berlinAreas();
  const table = await sampleTable('berlin/mss2021_indexindikatoren.csv');
  const gridText = await text('berlin/zensus2011_einwohner_100m.csv');
  const grid = readZensusGrid(gridText, { source: 'zensus', value: 'Einwohner' });
  const layers: FacilityLayer[] = [];
  for (const type of FACILITY_TYPES)
    layers.push({ type, points: JSON.parse(await text(`berlin/facilities/${type}.geojson`)) as FeatureCollection, source: `${type}.geojson` });
  const set = prepareProfiles({
    areas,
    table,
    keyColumn: 'PLR_ID',
    spec: indexPreset('mss-2021-status'),
    facilities: layers,
    populationGrid: { ...grid, source: 'Zensus 2011' },
  });
  const profile = areaProfile(set, BERLIN_AREA)!;
  assert.equal(profile.name, 'Töpchiner Weg');

  // Indicators: the MSS table has no numerators, so the city value is the mean weighted by residents (EW).
  const lines = (await text('berlin/mss2021_indexindikatoren.csv'))
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => line.split(','));
  const rows = lines.map((cells) => ({ id: cells[0]!, ew: Number(cells[3]), S1: Number(cells[4]), S3: Number(cells[5]), S4: Number(cells[6]) }));
  const own = rows.find((row) => row.id === BERLIN_AREA)!;
  assert.equal(profile.population?.value, own.ew);
  assert.equal(profile.population?.date, '2020-12-31');
  for (const column of ['S1', 'S3', 'S4'] as const) {
    const rated = rows.filter((row) => row[column] !== -9999);
    const city = rated.reduce((sum, row) => sum + row[column] * row.ew, 0) / rated.reduce((sum, row) => sum + row.ew, 0);
    const indicator = profile.indicators.find((entry) => entry.column === column)!;
    assert.equal(indicator.cityMethod, 'population-weighted-mean');
    assert.ok(Math.abs(indicator.city! - city) < 1e-9, `${column} city ${indicator.city} ≠ ${city}`);
    assert.equal(indicator.value, own[column]);
    assert.ok(Math.abs(indicator.deviation! - (own[column] - city)) < 1e-9);
    // Higher is need: rank 1 has the highest value, equal values share a rank.
    assert.equal(indicator.rank, rated.filter((row) => row[column] > own[column]).length + 1, `${column} rank`);
    assert.equal(indicator.ranked, rated.length);
    const sorted = rated.map((row) => row[column]).sort((a, b) => a - b);
    assert.equal(indicator.distribution!.min, sorted[0]);
    assert.equal(indicator.distribution!.max, sorted.at(-1));
  }
  assert.deepEqual(profile.index!.label, { de: 'mittel', en: 'medium' });

  // Area: the GROESSE_M2 the Geoportal publishes, within 0.5 % (measured in EPSG:3035 here, in UTM there).
  const feature = areas.features[areas.ids.indexOf(BERLIN_AREA)]!;
  const published = Number((feature.properties as { GROESSE_M2: number }).GROESSE_M2) / 1e6;
  assert.ok(Math.abs(profile.areaKm2! / published - 1) < 0.005, `${profile.areaKm2} km² vs ${published}`);

  // Facilities: every point against the area in EPSG:3035, brute force.
  const project = toLaea(UTM33);
  const rings = ringsOf(feature.geometry).map((ring) => ring.map((position) => project.forward([position[0]!, position[1]!])));
  const facilityPoints = layers.map((layer) =>
    layer.points.features.map((point) => project.forward((point.geometry as unknown as { coordinates: [number, number] }).coordinates)),
  );
  facilityPoints.forEach((points, index) => {
    const inside = points.filter(([x, y]) => evenOddInside(rings, x!, y!)).length;
    const within = points.filter(([x, y]) => evenOddInside(rings, x!, y!) || boundaryDistance(rings, x!, y!) <= 1500).length;
    const type = profile.facilities!.types[index]!;
    assert.deepEqual([type.type, type.inside, type.within], [FACILITY_TYPES[index], inside, within]);
  });
  assert.ok(profile.facilities!.types[0]!.inside > 0);

  // Reachability: the grid cells whose centre lies in the area (the Zensus convention), and the nearest facility by brute force.
  const cells = gridText
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => line.split(';'))
    .map((cells) => ({ x: Number(cells[1]), y: Number(cells[2]), residents: Number(cells[3]) }));
  const inArea = cells.filter((cell) => evenOddInside(rings, cell.x, cell.y));
  const residents = inArea.reduce((sum, cell) => sum + cell.residents, 0);
  assert.equal(profile.facilities!.gridPopulation, residents);
  facilityPoints.forEach((points, index) => {
    const near = inArea.filter((cell) => points.some(([x, y]) => Math.hypot(x! - cell.x, y! - cell.y) <= 1500)).reduce((sum, cell) => sum + cell.residents, 0);
    const share = profile.facilities!.types[index]!.reachableShare!;
    assert.ok(Math.abs(share - near / residents) < 1e-12, `${FACILITY_TYPES[index]}: ${share} vs ${near / residents}`);
    assert.equal(profile.facilities!.types[index]!.reachablePopulation, near);
  });
  const shares = profile.facilities!.types.map((type) => type.reachableShare!);
  assert.ok(
    shares.some((share) => share < 0.8),
    `some facility type is out of reach for part of Töpchiner Weg: ${shares}`,
  );
  assert.equal(profile.facilities!.estimated, true);
  assert.ok(profile.flags.some((flag) => flag.kind === 'estimated'));
});

interface FlensburgRow {
  year: number;
  id: string;
  cells: Record<string, number | null>;
}

async function flensburg(options: { minCount?: number } = {}): Promise<{ profile: AreaProfile; rows: FlensburgRow[] }> {
  const areasName = 'flensburg/stadtteile.geojson';
  const areas = await loadAreas(await sampleBytes(areasName), { source: areasName, idField: 'AREA_ID', nameField: 'AREA_NAME' });
  const csv = await text('flensburg/sozialatlas_stadtteile.csv');
  const table = parseCsv(csv, { source: 'sozialatlas_stadtteile.csv' });
  const specPath = fileURLToPath(new URL('../../../../demo/flensburg-index.json', import.meta.url));
  const spec = validateIndexSpec(JSON.parse(await readFile(specPath, 'utf8')), 'flensburg-index.json');
  const kitas = JSON.parse(await text('flensburg/kitas.geojson')) as FeatureCollection;
  const set = prepareProfiles({
    areas,
    table,
    keyColumn: 'stadtteil_id',
    yearColumn: 'jahr',
    spec,
    facilities: [{ type: 'kitas', points: kitas }],
    ...options,
  });
  const [header, ...lines] = csv
    .trim()
    .split(/\r?\n/)
    .map((line) => line.split(','));
  const rows = lines.map((cells) => ({
    year: Number(cells[0]),
    id: cells[1]!,
    cells: Object.fromEntries(header!.map((name, index) => [name, cells[index] === '' || cells[index] === 'NULL' ? null : Number(cells[index])])),
  }));
  return { profile: areaProfile(set, FLENSBURG_AREA)!, rows };
}

test('the Flensburg profile of the Nordstadt: rates from counts, city rate from the sums, rank, series and change since the first year', async () => {
  const { profile, rows } = await flensburg();
  assert.equal(profile.name, '03 Nordstadt');
  assert.equal(profile.year, 2022);
  assert.deepEqual(profile.years, [2011, 2012, 2017, 2018, 2019, 2020, 2021, 2022]);
  const latest = rows.filter((row) => row.year === 2022);
  const own = latest.find((row) => row.id === FLENSBURG_AREA)!;
  assert.equal(profile.population?.value, own.cells.einwohner);
  assert.equal(profile.population?.date, '2022');

  const sgb2 = profile.indicators.find((indicator) => indicator.column === 'sgb2_quote')!;
  const rate = (row: FlensburgRow) => (row.cells.sgb2_leistungsberechtigte! / row.cells.einwohner!) * 100;
  const city = (latest.reduce((sum, row) => sum + row.cells.sgb2_leistungsberechtigte!, 0) / latest.reduce((sum, row) => sum + row.cells.einwohner!, 0)) * 100;
  assert.equal(sgb2.cityMethod, 'ratio');
  assert.ok(Math.abs(sgb2.city! - city) < 1e-9);
  assert.ok(Math.abs(sgb2.value! - rate(own)) < 1e-9);
  assert.equal(sgb2.numerator, own.cells.sgb2_leistungsberechtigte);
  assert.equal(sgb2.denominator, own.cells.einwohner);
  assert.ok(Math.abs(sgb2.deviation! - (rate(own) - city)) < 1e-9);
  assert.equal(sgb2.rank, latest.filter((row) => rate(row) > rate(own)).length + 1);
  assert.equal(sgb2.ranked, 13);

  // Lower is need: the share of employees ranks 1 where it is lowest.
  const svb = profile.indicators.find((indicator) => indicator.column === 'svb_quote')!;
  const svbRate = (row: FlensburgRow) => row.cells.svb_beschaeftigte! / row.cells['18_bis_unter_65']!;
  assert.equal(svb.rank, latest.filter((row) => svbRate(row) < svbRate(own)).length + 1);

  // The series: one point per year, the rate where both counts are there; the change from the first such year.
  const years = rows.filter((row) => row.id === FLENSBURG_AREA).sort((a, b) => a.year - b.year);
  const expected = years.map((row) => (row.cells.sgb2_leistungsberechtigte === null || row.cells.einwohner === null ? null : rate(row)));
  assert.deepEqual(
    sgb2.series.map((point) => point.year),
    years.map((row) => row.year),
  );
  sgb2.series.forEach((point, index) => assert.ok(point.value === expected[index] || Math.abs(point.value! - expected[index]!) < 1e-9, `${point.year}`));
  const firstYear = years.find((row) => row.cells.sgb2_leistungsberechtigte !== null)!;
  assert.equal(sgb2.change!.from, firstYear.year);
  assert.equal(sgb2.change!.to, 2022);
  assert.ok(Math.abs(sgb2.change!.difference - (rate(own) - rate(firstYear))) < 1e-9);
  assert.equal(sgb2.citySeries.at(-1)!.value, sgb2.city);

  // Four domains: a sub-index each, with the city mean of the rated areas (0 after z-standardisation of a sum of z).
  assert.deepEqual(
    profile.domains.map((domain) => domain.id),
    ['arbeit', 'transfer', 'wohnen', 'alter'],
  );
  for (const domain of profile.domains)
    assert.ok(domain.value !== null && domain.cityMean !== null && domain.min! <= domain.value && domain.value <= domain.max!);
  assert.ok(profile.index!.class !== null && profile.index!.rank !== null);
  assert.ok(profile.facilities!.types[0]!.inside > 0);
  assert.equal(profile.facilities!.gridPopulation, null);
});

test('counts under the minimum are withheld with their rates and years, and the profile says so', async () => {
  // Nordstadt has 27 people at risk of homelessness in 2022; with a minimum of 30 the count and its rate are withheld.
  const { profile } = await flensburg({ minCount: 30 });
  const risk = profile.indicators.find((indicator) => indicator.column === 'wohnungslos_quote')!;
  assert.equal(risk.value, null);
  assert.equal(risk.numerator, null);
  assert.equal(risk.suppressed, true);
  assert.equal(risk.rank, null);
  assert.ok(risk.series.every((point) => point.numerator === null || point.numerator >= 30));
  const flag = profile.flags.find((entry) => entry.kind === 'suppressed')!;
  assert.ok(flag.columns.includes('wohnungslosigkeit_gefaehrdet'), flag.columns.join());
  assert.ok(!JSON.stringify(profile).includes('"numerator":27'));
  assert.ok(!profileCsv(profile, 'de').includes(';27;'));
});

test('the profile says why a number is not there: missing in the data, withheld, or not applicable', async () => {
  const areasName = 'flensburg/stadtteile.geojson';
  const areas = await loadAreas(await sampleBytes(areasName), { source: areasName, idField: 'AREA_ID', nameField: 'AREA_NAME' });
  const csv = await text('flensburg/sozialatlas_stadtteile.csv');
  const specPath = fileURLToPath(new URL('../../../../demo/flensburg-index.json', import.meta.url));
  const spec = validateIndexSpec(JSON.parse(await readFile(specPath, 'utf8')), 'flensburg-index.json');
  // The Sozialatlas of 2012 has no residents: the population and every rate relating to it are missing, not secret.
  const of2012 = areaProfile(
    prepareProfiles({ areas, table: parseCsv(csv, { source: 'sozialatlas_stadtteile.csv' }), keyColumn: 'stadtteil_id', yearColumn: 'jahr', spec, year: 2012 }),
    FLENSBURG_AREA,
  )!;
  assert.equal(of2012.population?.value, null);
  assert.equal(of2012.population?.absence, 'missing');
  assert.equal(of2012.population?.suppressed, false);
  assert.equal(of2012.indicators.find((entry) => entry.column === 'sgb2_quote')?.absence, 'missing');
  assert.match(
    profileCsv(of2012, 'de')
      .split('\r\n')
      .find((line) => line.includes(';Einwohner:innen;einwohner;'))!,
    /fehlt in den Daten$/,
  );
  // 2022 has them; the rates are there (absence null), and a count under 30 is withheld.
  const { profile } = await flensburg({ minCount: 30 });
  const risk = profile.indicators.find((entry) => entry.column === 'wohnungslos_quote')!;
  assert.equal(risk.absence, 'withheld');
  assert.equal(profile.indicators.find((entry) => entry.column === 'anteil_65')?.absence, null);
  // An area in which no one of working age lives (the Nordstadt's 2022 row with 0 in 18_bis_unter_65): its
  // unemployment rate cannot exist.
  const emptied = csv.replace(/^(2022,STGT03,[^,]*,[^,]*,[^,]*,)[^,]*,/m, '$10,');
  assert.notEqual(emptied, csv);
  const set = prepareProfiles({
    areas,
    table: parseCsv(emptied, { source: 'sozialatlas_stadtteile.csv' }),
    keyColumn: 'stadtteil_id',
    yearColumn: 'jahr',
    spec,
    year: 2022,
  });
  const alq = areaProfile(set, FLENSBURG_AREA)!.indicators.find((entry) => entry.column === 'alq')!;
  assert.equal(alq.value, null);
  assert.equal(alq.absence, 'not-applicable');
});
