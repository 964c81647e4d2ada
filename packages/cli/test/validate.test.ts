import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { BERLIN_FGB, BERLIN_GEOJSON, MSS_INDEX, MSS_KONTEXT, cli, readJson, tempDirectory, writeText } from './helpers.js';

let temp: Awaited<ReturnType<typeof tempDirectory>>;
let mssLines: string[];
before(async () => {
  temp = await tempDirectory();
  mssLines = (await readFile(MSS_INDEX, 'utf8')).trimEnd().split('\n');
});
after(async () => temp.remove());

/** The MSS index table with each data line passed through `edit` (the header stays). */
async function editedMss(name: string, edit: (line: string) => string | undefined): Promise<string> {
  const [header, ...rows] = mssLines;
  const kept = rows.map(edit).filter((line): line is string => line !== undefined);
  return writeText(temp.file(name), [header, ...kept].join('\n') + '\n');
}

const validateBerlin = (...args: string[]) => cli(['validate', '--areas', BERLIN_GEOJSON, ...args]);

test('the Berlin Planungsräume with the MSS 2021 index table validate without issues (exit 0)', async () => {
  const result = await validateBerlin('--indicators', MSS_INDEX, '--key-field', 'PLR_ID');
  assert.equal(result.code, 0, result.stdout + result.stderr);
  assert.equal(result.stderr, '');
  assert.equal(
    result.stdout,
    `valid: 542 areas in ${BERLIN_GEOJSON} (EPSG:25833, id field PLR_ID); 542 rows in ${MSS_INDEX}, 542 of 542 areas joined by PLR_ID\n`,
  );
});

test('the FlatGeobuf areas with the BOM/semicolon/decimal-comma context table validate, keyed by the id field by default', async () => {
  const result = await cli(['validate', '--areas', BERLIN_FGB, '--indicators', MSS_KONTEXT]);
  assert.equal(result.code, 0, result.stdout + result.stderr);
  assert.match(result.stdout, /^valid: .*542 of 542 areas joined by PLR_ID\n$/);
});

test('areas alone validate with exit 0', async () => {
  const result = await validateBerlin();
  assert.equal(result.code, 0);
  assert.match(result.stdout, /^valid: 542 areas in .* \(EPSG:25833, id field PLR_ID\)\n$/);
});

test('a table whose keys lost their leading zeros exits 1 and says so', async () => {
  const path = await editedMss('ohne_nullen.csv', (line) => line.replace(/^0+/, ''));
  const result = await validateBerlin('--indicators', path, '--key-field', 'PLR_ID', '--lang', 'en');
  assert.equal(result.code, 1);
  assert.equal(result.stderr, '');
  // Districts 01–09 lost their zero; 10–12 (118 Planungsräume) still match.
  assert.match(
    result.stdout,
    /^warning: .*ohne_nullen\.csv, column "PLR_ID": 424 rows name no area: "1100101" \(row 2\).*424 of them match once leading zeros are added/m,
  );
  assert.match(result.stdout, /leading zeros/);
  assert.match(result.stdout, /^warning: .*424 areas have no row/m);
  assert.match(result.stdout, /^2 issues \(2 warnings\): .*118 of 542 areas joined by PLR_ID\n$/m);
});

test('a table in which no key matches because every key lost its leading zero exits 2 with the hint', async () => {
  const path = await editedMss('nur_nullen.csv', (line) => (line.startsWith('0') ? line.slice(1) : undefined));
  const result = await validateBerlin('--indicators', path);
  assert.equal(result.code, 2);
  assert.equal(result.stdout, '');
  assert.match(result.stderr, /nur_nullen\.csv, column "PLR_ID": no key in column "PLR_ID" matches an area .*leading zeros/);
});

test('rows missing from the table leave areas without data: exit 1 naming them', async () => {
  const path = await editedMss('lueckenhaft.csv', (line) => (line.startsWith('01100101,') || line.startsWith('12601235,') ? undefined : line));
  const result = await validateBerlin('--indicators', path, '--lang', 'en');
  assert.equal(result.code, 1);
  assert.match(result.stdout, /2 areas have no row: "(01100101|12601235)", "(01100101|12601235)"/);
  assert.match(result.stdout, /540 of 542 areas joined/);
});

test('a text cell in a numeric column is an error naming the row and column', async () => {
  const path = await editedMss('tippfehler.csv', (line) => (line.startsWith('01100103,') ? line.replace(/^((?:[^,]*,){4})[^,]*/, '$1k.A.') : line));
  const result = await validateBerlin('--indicators', path, '--lang', 'en');
  assert.equal(result.code, 1);
  assert.match(result.stdout, /^error: .*tippfehler\.csv, row 4, column "S1": "k\.A\." is not a number$/m);
  assert.match(result.stdout, /^1 issue \(1 error\): /m);
});

test('issues print in German by default, and the report gives each in both languages', async () => {
  const path = await editedMss('tippfehler_de.csv', (line) => (line.startsWith('01100103,') ? line.replace(/^((?:[^,]*,){4})[^,]*/, '$1k.A.') : line));
  const out = temp.file('tippfehler.json');
  const result = await validateBerlin('--indicators', path, '--out', out);
  assert.equal(result.code, 1);
  assert.match(result.stdout, /^error: .*tippfehler_de\.csv, Zeile 4, Spalte „S1“: „k\.A\.“ ist keine Zahl$/m);
  assert.match(result.stdout, /^1 issue \(1 error\): /m);
  const report = await readJson<{ issues: { message: string; text: { en: string; de: string } }[] }>(out);
  assert.match(report.issues[0]!.message, /tippfehler_de\.csv, row 4, column "S1": "k\.A\." is not a number$/);
  assert.equal(report.issues[0]!.text.en, report.issues[0]!.message);
  assert.match(report.issues[0]!.text.de, /tippfehler_de\.csv, Zeile 4, Spalte „S1“: „k\.A\.“ ist keine Zahl$/);
});

test('--lang takes de or en only', async () => {
  const result = await validateBerlin('--lang', 'fr');
  assert.equal(result.code, 2);
  assert.match(result.stderr, /--lang must be de or en, not "fr"/);
});

test('an unknown id field exits 2 naming the field', async () => {
  const result = await validateBerlin('--id-field', 'PLANUNGSRAUM');
  assert.equal(result.code, 2);
  assert.equal(result.stdout, '');
  assert.match(result.stderr, /lor_planungsraeume_2021\.geojson: no feature has the id field "PLANUNGSRAUM"/);
});

test('an unknown key column exits 2 naming the column and the table', async () => {
  const result = await validateBerlin('--indicators', MSS_INDEX, '--key-field', 'PLR');
  assert.equal(result.code, 2);
  assert.match(result.stderr, /mss2021_indexindikatoren\.csv: has no key column "PLR"; the columns are PLR_ID, /);
});

test('a table without the id field as a column needs --key-field', async () => {
  const path = await writeText(temp.file('anderer_schluessel.csv'), mssLines.join('\n').replace(/^PLR_ID,/, 'RAUM,'));
  const result = await validateBerlin('--indicators', path);
  assert.equal(result.code, 2);
  assert.match(result.stderr, /anderer_schluessel\.csv has no column "PLR_ID" .*--key-field/);
  assert.match(result.stderr, /validate --help/);
  const named = await validateBerlin('--indicators', path, '--key-field', 'RAUM');
  assert.equal(named.code, 0, named.stdout);
});

test('a missing areas file exits 2 naming the path; --areas is required', async () => {
  const missing = await cli(['validate', '--areas', temp.file('weg.geojson')]);
  assert.equal(missing.code, 2);
  assert.ok(missing.stderr.includes(`${temp.file('weg.geojson')}: cannot be read: no such file or directory`), missing.stderr);
  const none = await cli(['validate']);
  assert.equal(none.code, 2);
  assert.match(none.stderr, /--areas is required/);
});

test('a truncated GeoJSON exits 2 naming the file and the parse error', async () => {
  const bytes = await readFile(BERLIN_GEOJSON);
  const path = await writeText(temp.file('abgeschnitten.geojson'), bytes.subarray(0, 200_000).toString('utf8'));
  const result = await cli(['validate', '--areas', path]);
  assert.equal(result.code, 2);
  assert.equal(result.stdout, '');
  assert.match(result.stderr, /abgeschnitten\.geojson: not valid JSON: .*\(line \d+, column \d+\)/);
});

test('a truncated FlatGeobuf exits 2 naming the file', async () => {
  const bytes = await readFile(BERLIN_FGB);
  const path = temp.file('abgeschnitten.fgb');
  await writeFile(path, bytes.subarray(0, 100_000));
  const result = await cli(['validate', '--areas', path]);
  assert.equal(result.code, 2);
  assert.match(result.stderr, /abgeschnitten\.fgb: cannot read FlatGeobuf after \d+ features/);
});

test('an unknown CRS exits 2 blaming the option and listing the supported ones', async () => {
  const result = await validateBerlin('--crs', 'EPSG:4647');
  assert.equal(result.code, 2);
  assert.match(result.stderr, /--crs: unknown coordinate reference system EPSG:4647; supported are EPSG:4326, .*EPSG:25833/);
});

// ---------------------------------------------------------------------------------------------------------------
// The areas as a partition: gaps, overlaps, territory, population

const ZENSUS = BERLIN_GEOJSON.replace('lor_planungsraeume_2021.geojson', 'zensus2011_einwohner_100m.csv');

interface Report {
  crs: string;
  location_crs: string;
  area_count: number;
  findings: { type: string; ids: string[]; area_m2: number; location: [number, number]; message: string; text: { en: string; de: string } }[];
  population?: Record<string, number>;
}

/** Berlin with one vertex of the 11th Planungsraum moved by `dx` metres east: a gap on one side, an overlap on the other. */
async function plantedBerlin(name: string, dx: number): Promise<string> {
  const collection = JSON.parse(await readFile(BERLIN_GEOJSON, 'utf8')) as { features: { geometry: { coordinates: number[][][] } }[] };
  const ring = collection.features[10]!.geometry.coordinates[0]!;
  ring[5] = [ring[5]![0]! + dx, ring[5]![1]!];
  return writeText(temp.file(name), JSON.stringify(collection));
}

test('clean Berlin with the Zensus grid exits 1 for the Planungsräume under 1,000 residents and writes them to the report', async () => {
  const out = temp.file('bericht.json');
  const result = await validateBerlin('--grid', ZENSUS, '--value', 'Einwohner', '--out', out, '--lang', 'en');
  assert.equal(result.code, 1, result.stderr);
  const lines = result.stdout.trimEnd().split('\n');
  assert.equal(lines.length, 14);
  assert.match(lines[0]!, /^warning: .*lor_planungsraeume_2021\.geojson: small-population: area "\d{8}" has \d+ residents, fewer than the minimum of 1,000$/);
  assert.match(lines[13]!, /^13 issues \(13 warnings\): 542 areas .*; partition and population checked in EPSG:25833: 13 small-population$/);
  const report = await readJson<Report>(out);
  assert.equal(report.crs, 'EPSG:25833');
  assert.equal(report.location_crs, 'EPSG:25833');
  assert.equal(report.area_count, 542);
  assert.equal(report.findings.length, 13);
  assert.ok(report.findings.every((finding) => finding.type === 'small-population' && report.population![finding.ids[0]!]! < 1000));
  assert.ok(report.findings.some((finding) => finding.ids[0] === '12200411'));
  assert.equal(Object.keys(report.population!).length, 542);
  // A lower minimum leaves the partition clean.
  const lower = await validateBerlin('--grid', ZENSUS, '--value', 'Einwohner', '--min-population', '50');
  assert.equal(lower.code, 0, lower.stdout);
  assert.match(lower.stdout, /^valid: .*partition and population checked in EPSG:25833: no findings\n$/);
});

test('a target population reports the unbalanced areas too', async () => {
  const result = await validateBerlin('--grid', ZENSUS, '--value', 'Einwohner', '--target-population', '5000', '--max-population', '20000');
  assert.equal(result.code, 1);
  // In German by default, with German thousands.
  assert.match(result.stdout, /unbalanced: Gebiet „\d{8}“ hat [\d.]+ Einwohner, \d+ % (über|unter) dem Richtwert von 5\.000$/m);
  assert.match(result.stdout, /\d+ small-population, \d+ unbalanced/);
});

test('a moved vertex makes a gap and an overlap: exit 1, each with type, ids, area and location in the report', async () => {
  const path = await plantedBerlin('verschoben.geojson', 40);
  const out = temp.file('verschoben.json');
  const result = await cli(['validate', '--areas', path, '--out', out]);
  assert.equal(result.code, 1, result.stderr);
  assert.match(result.stdout, /^error: .*verschoben\.geojson: (gap|overlap): (eine Lücke von|die Gebiete „)/m);
  const report = await readJson<Report>(out);
  const kinds = new Set(report.findings.map((finding) => finding.type));
  assert.ok(kinds.has('gap') || kinds.has('overlap'), [...kinds].join());
  for (const finding of report.findings) {
    assert.ok(finding.ids.length >= 2, finding.message);
    assert.equal(finding.text.en, finding.message);
    assert.match(finding.text.de, /^(eine Lücke von [\d.,]+ (m²|ha) bei \(|die Gebiete „\d{8}“ und „\d{8}“ überlappen sich bei \()/);
    assert.ok(finding.area_m2 > 0);
    assert.ok(finding.location[0] > 370_000 && finding.location[0] < 420_000 && finding.location[1] > 5_800_000 && finding.location[1] < 5_840_000);
  }
});

test('a territory larger than the areas: the land in no area is a gap of the right size', async () => {
  const territory = await writeText(
    temp.file('territorium.geojson'),
    JSON.stringify({
      type: 'FeatureCollection',
      crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::25833' } },
      features: [
        {
          type: 'Feature',
          properties: {},
          geometry: {
            type: 'Polygon',
            coordinates: [
              [
                [360000, 5790000],
                [430000, 5790000],
                [430000, 5850000],
                [360000, 5850000],
                [360000, 5790000],
              ],
            ],
          },
        },
      ],
    }),
  );
  const out = temp.file('territorium.json');
  const result = await validateBerlin('--territory', territory, '--out', out);
  assert.equal(result.code, 1);
  const report = await readJson<Report>(out);
  assert.deepEqual(
    report.findings.map((finding) => finding.type),
    ['gap'],
  );
  const expected = 70_000 * 60_000 - 890_665_092;
  assert.ok(Math.abs(report.findings[0]!.area_m2 - expected) < 1e-6 * expected, `${report.findings[0]!.area_m2}`);
});

test('bad population and territory options exit 2 naming the option or file', async () => {
  const cases: [string[], RegExp][] = [
    [['--grid', ZENSUS], /--grid needs --value/],
    [['--value', 'Einwohner'], /--value needs --grid/],
    [['--min-population', '500'], /--min-population needs --grid and --value/],
    [['--grid', ZENSUS, '--value', 'Einwohner', '--target-population', 'viele'], /--target-population must be a number of 0 or more, not "viele"/],
    [['--grid', ZENSUS, '--value', 'Bewohner'], /zensus2011_einwohner_100m\.csv: no column "Bewohner"/],
    [['--territory', temp.file('fehlt.geojson')], /fehlt\.geojson: cannot be read: no such file or directory/],
  ];
  for (const [args, message] of cases) {
    const result = await validateBerlin(...args);
    assert.equal(result.code, 2, args.join(' '));
    assert.match(result.stderr, message);
  }
});
