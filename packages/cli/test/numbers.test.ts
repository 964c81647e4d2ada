// Inputs that once gave wrong numbers without a word, on the command line: a refusal naming the file, row and column
// and saying what to give, or the right number. The inputs are in test/fixtures/numbers/.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { BERLIN_GEOJSON, cli, numbersFixture, tempDirectory } from './helpers.js';

let temp: Awaited<ReturnType<typeof tempDirectory>>;
before(async () => (temp = await tempDirectory()));
after(async () => temp.remove());

const PANDAS = numbersFixture('mss-pandas-semikolon.csv');
const AMBIGUOUS = new RegExp(
  `^sozialraum [a-z-]+: ${PANDAS.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}, row 2, column "S1": "4\\.226" is 4\\.226 with a decimal point or 4226 with a thousands separator, and no cell of the table tells which; say which decimal separator the table uses \\(the option --decimal \\. or --decimal ,`,
  'm',
);

test('every command that reads a table refuses the three-decimal semicolon table, naming file, row and column', async () => {
  const lines: [string, string[]][] = [
    ['info', ['info', PANDAS]],
    ['validate', ['validate', '--areas', BERLIN_GEOJSON, '--indicators', PANDAS, '--key-field', 'PLR_ID']],
    ['index', ['index', '--indicators', PANDAS, '--id-field', 'PLR_ID', '--preset', 'mss-2021-status', '--out', temp.file('index.csv')]],
    [
      'aggregate-up',
      [
        'aggregate-up',
        '--areas',
        BERLIN_GEOJSON,
        '--by-prefix',
        '2',
        '--values',
        PANDAS,
        '--id-field',
        'PLR_ID',
        '--counts',
        'EW',
        '--out',
        temp.file('up.csv'),
      ],
    ],
    [
      'crosswalk',
      [
        'crosswalk',
        '--from',
        BERLIN_GEOJSON,
        '--to',
        BERLIN_GEOJSON,
        '--values',
        PANDAS,
        '--key-field',
        'PLR_ID',
        '--columns',
        'EW',
        '--out',
        temp.file('cw.csv'),
      ],
    ],
  ];
  for (const [name, args] of lines) {
    const result = await cli(args);
    assert.equal(result.code, 2, `${name}: ${result.stdout}${result.stderr}`);
    assert.match(result.stderr, AMBIGUOUS, name);
    assert.doesNotMatch(result.stderr, /\n\s+at /, `${name}: no stack trace`);
  }
});

test('--decimal . reads the values as written, and info says the separator was given', async () => {
  const described = await cli(['info', PANDAS, '--decimal', '.']);
  assert.equal(described.code, 0, described.stderr);
  assert.match(described.stdout, /decimal separator: +"\." \(point\)\n/);
  assert.match(described.stdout, /decimal evidence: +given\n/);

  const out = temp.file('status.csv');
  const result = await cli(['index', '--indicators', PANDAS, '--id-field', 'PLR_ID', '--preset', 'mss-2021-status', '--decimal', '.', '--out', out]);
  assert.ok(result.code <= 1, result.stderr);
  const csv = await readFile(out, 'utf8');
  assert.match(csv, /^01100101,/m, 'Stülerstraße is rated');
  // Read as thousands, S4 = 19398 of Stülerstraße would dominate; as decimals the twelve areas stay within a few SD.
  const indexColumn = csv.split(/\r?\n/)[0]!.split(',').indexOf('index');
  const values = csv
    .trim()
    .split(/\r?\n/)
    .slice(1)
    .map((line) => Number(line.split(',')[indexColumn]));
  assert.ok(
    values.every((value) => Math.abs(value) < 10),
    `index values ${values.join(' ')}`,
  );
});

test('info names the cells that tell the separator', async () => {
  const result = await cli(['info', numbersFixture('../../../data-samples/berlin/mss2021_kontextindikatoren.csv')]);
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stdout, /decimal evidence: +7046 cells such as "2,82" \(row 2, column "KI_01"\) are written with a decimal comma\n/);
});

test('--decimal takes only a point or a comma', async () => {
  const result = await cli(['info', PANDAS, '--decimal', ';']);
  assert.equal(result.code, 2);
  assert.match(result.stderr, /--decimal must be \. \(decimal point\) or , \(decimal comma\), not ";"/);
});

// ---------------------------------------------------------------------------------------------------------------
// aggregate: no data is an empty value with a flag, never 0

const ZENSUS_CSV = numbersFixture('../../../data-samples/berlin/zensus2011_einwohner_100m.csv');

/** The CSV result as rows by key: [value, flags, notes]. */
function resultRows(csv: string): Map<string, [string, string, string]> {
  const rows = new Map<string, [string, string, string]>();
  for (const line of csv.trim().split(/\r?\n/).slice(1)) {
    const match = /^([^,]*),([^,]*),([^,]*),(.*)$/.exec(line)!;
    rows.set(match[1]!, [match[2]!, match[3]!, match[4]!.replace(/^"|"$/g, '')]);
  }
  return rows;
}

test('a Zensus grid covering only southern Berlin leaves the northern areas empty and flagged no-data, not 0', async () => {
  // The cells of data-samples' Zensus grid whose centre lies south of y = 3,268,000 (EPSG:3035): about the south half.
  const lines = (await readFile(ZENSUS_CSV, 'utf8')).trimEnd().split('\n');
  const south = [lines[0]!, ...lines.slice(1).filter((line) => Number(line.split(';')[2]) < 3_268_000)];
  const grid = temp.file('zensus-sued.csv');
  await writeFile(grid, `${south.join('\n')}\n`);
  const result = await cli(['aggregate', '--areas', BERLIN_GEOJSON, '--id-field', 'PLR_ID', '--grid', grid, '--value', 'Einwohner']);
  assert.equal(result.code, 1, 'the empty areas are findings');
  const rows = resultRows(result.stdout);
  assert.equal(rows.size, 542);
  const empty = [...rows.values()].filter(([value]) => value === '');
  const noData = [...rows.entries()].filter(([, [, flags]]) => flags.split('|').includes('no-data'));
  assert.equal(noData.length, 375);
  for (const [key, [value, flags, notes]] of noData) {
    assert.equal(value, '', `${key}: no value, not 0`);
    assert.equal(flags, 'no-data', `${key}: not also "estimated"`);
    assert.match(notes, /^no data: no cell with a value lies under the area/);
  }
  assert.ok(empty.length >= noData.length);
  // Stülerstraße in Mitte lies north of the cut.
  assert.deepEqual(rows.get('01100101')!.slice(0, 2), ['', 'no-data']);
  assert.ok(![...rows.values()].some(([value, flags]) => value === '0' && flags === 'estimated'), 'no area outside the grid is 0,estimated');
  assert.match(
    result.stderr,
    new RegExp(
      `warning: ${grid.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}, key "\\d{8}": 375 areas have no cell with a value under them \\(outside the grid's extent, or on cells without value\\)`,
    ),
  );
  // Areas the cut runs through count their southern part only, and say how much of them that is.
  const partial = [...rows.values()].filter(([, flags]) => flags.split('|').includes('partial-data'));
  assert.equal(partial.length, 36);
  for (const [, , notes] of partial) assert.match(notes, /^partial data: cells with a value cover \d+(\.\d)? % of the area; the values count that part only/);
  assert.match(result.stderr, /36 areas are only partly covered by cells with a value: .*flagged partial-data/);
});

test('a truncated grid file leaves the areas after the cut empty, not 0', async () => {
  const bytes = await readFile(ZENSUS_CSV);
  const grid = temp.file('abgeschnitten.csv');
  // The first 100,000 bytes: the rows end inside row 1971, in the far south of Berlin.
  await writeFile(grid, bytes.subarray(0, 100_000));
  const result = await cli(['aggregate', '--areas', BERLIN_GEOJSON, '--id-field', 'PLR_ID', '--grid', grid, '--value', 'Einwohner']);
  assert.equal(result.code, 1);
  const rows = resultRows(result.stdout);
  const zeros = [...rows.entries()].filter(([, [value]]) => value === '0');
  const noData = [...rows.values()].filter(([value, flags]) => value === '' && flags === 'no-data');
  assert.equal(noData.length, 541);
  assert.match(result.stderr, /abgeschnitten\.csv, row 1971, column "GITTER_ID_100m": "CRS3035RES" is not a grid cell id/);
  assert.match(result.stderr, /abgeschnitten\.csv, key "\d{8}": 541 areas have no cell with a value under them/);
  // What is 0 has cells with data under it: the grid holds them, and nobody lives there.
  for (const [key, [, flags]] of zeros) assert.ok(!flags.includes('no-data'), key);
  assert.doesNotMatch(result.stderr, /\n\s+at /);
});

test('an area on NaN cells of a GeoTIFF is empty and flagged no-data; its neighbours say how much of them has data', async () => {
  const result = await cli(['aggregate', '--areas', BERLIN_GEOJSON, '--id-field', 'PLR_ID', '--raster', numbersFixture('zensus-mitte-nan.tif')]);
  assert.equal(result.code, 1);
  const rows = resultRows(result.stdout);
  assert.deepEqual(rows.get('01100101')!.slice(0, 2), ['', 'no-data']);
  assert.equal(rows.get('01100102')![1], 'partial-data');
  assert.match(rows.get('01100102')![2], /^partial data: cells with a value cover 97\.5 % of the area/);
  // A Planungsraum of Mitte away from Stülerstraße is whole and unflagged.
  assert.deepEqual(rows.get('01100205')!.slice(1), ['', 'input public']);
});

test('negative, infinite and undeclared nodata cells are named with their cell and left out, not summed', async () => {
  const tif = numbersFixture('zensus-mitte-fehler.tif');
  const result = await cli(['aggregate', '--areas', BERLIN_GEOJSON, '--id-field', 'PLR_ID', '--raster', tif]);
  assert.equal(result.code, 1);
  const at = `error: ${tif.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: cell CRS3035RES100mN\\d{7}E\\d{7}: `;
  assert.match(result.stderr, new RegExp(`${at}-1 is a negative count; left out as a cell without value`));
  assert.match(result.stderr, new RegExp(`${at}Infinity is infinite, which no cell can hold`));
  assert.match(result.stderr, new RegExp(`${at}-Infinity is infinite, which no cell can hold`));
  assert.match(result.stderr, new RegExp(`${at}4,294,967,295 is a code for "no value" that the file does not declare as nodata`));
  const rows = resultRows(result.stdout);
  const clean = resultRows(
    (await cli(['aggregate', '--areas', BERLIN_GEOJSON, '--id-field', 'PLR_ID', '--raster', numbersFixture('zensus-mitte-nan.tif')])).stdout,
  );
  for (const key of ['01100102', '01100103', '01100104', '01100205']) {
    const [value, flags] = rows.get(key)!;
    assert.ok(Number(value) > 1000 && Number(value) < 10_000, `${key}: ${value} is a number of residents`);
    assert.ok(flags.includes('partial-data'), `${key}: the cell left out makes the area partial`);
  }
  // Stülerstraße has no implausible cell: its value stands, and no flag.
  assert.deepEqual(rows.get('01100101')!.slice(1, 2), ['']);
  assert.ok(clean.get('01100205'));
});

// ---------------------------------------------------------------------------------------------------------------
// index: repeated keys and missing-value codes stop the run

test('index refuses a repeated key, naming file, row, key and column', async () => {
  const table = numbersFixture('mss-doppelter-schluessel.csv');
  const result = await cli([
    'index',
    '--indicators',
    table,
    '--id-field',
    'PLR_ID',
    '--preset',
    'mss-2021-status',
    '--out',
    temp.file('doppelt.csv'),
    '--lang',
    'en',
  ]);
  assert.equal(result.code, 2, result.stderr);
  assert.match(
    result.stderr,
    /mss-doppelter-schluessel\.csv, row 7, key "01100101", column "PLR_ID": repeats the key "01100101" of row 2; each area needs one row/,
  );
  const tab = await cli([
    'index',
    '--indicators',
    numbersFixture('schluessel-tab.csv'),
    '--id-field',
    'key',
    '--preset',
    'mss-2021-status',
    '--out',
    temp.file('tab.csv'),
    '--lang',
    'en',
  ]);
  assert.equal(tab.code, 2, tab.stderr);
  assert.match(
    tab.stderr,
    /schluessel-tab\.csv, row 3, key "=1\+1", column "key": repeats the key "=1\+1" of row 2; .*blanks and tabs around a key are not part of it/,
  );
});

test('index refuses -9999 in a spec without missingValues, naming row and column, and runs once the spec names it', async () => {
  const mss = numbersFixture('../../../data-samples/berlin/mss2021_indexindikatoren.csv');
  const spec = numbersFixture('status-ohne-missing-values.json');
  const result = await cli(['index', '--indicators', mss, '--id-field', 'PLR_ID', '--spec', spec, '--out', temp.file('codes.csv'), '--lang', 'en']);
  assert.equal(result.code, 2, result.stderr);
  assert.match(
    result.stderr,
    /mss2021_indexindikatoren\.csv, row 101, column "S1": -9999 looks like a code for "no value": it lies far outside the other values of the column \(from 0\.44571 to 17\.79488\) and appears in 6 rows/,
  );
  const named = JSON.parse(await readFile(spec, 'utf8')) as { indicators: Record<string, unknown>[] };
  for (const indicator of named.indicators) indicator.missingValues = [-9999];
  const fixed = temp.file('mit-codes.json');
  await writeFile(fixed, JSON.stringify(named));
  const ok = await cli(['index', '--indicators', mss, '--id-field', 'PLR_ID', '--spec', fixed, '--out', temp.file('codes.csv'), '--lang', 'en']);
  assert.ok(ok.code <= 1, ok.stderr);
});

// ---------------------------------------------------------------------------------------------------------------
// Areas: longitude/latitude under the name of a projected CRS

test('info and convert refuse degrees under the name EPSG:25833 and write nothing; --crs EPSG:4326 reads them', async () => {
  const areas = numbersFixture('flensburg-grad-als-utm.geojson');
  const message =
    /flensburg-grad-als-utm\.geojson: coordinates x 9\.4043…9\.4692, y 54\.7894…54\.8242 are longitude\/latitude in degrees, not metres of EPSG:25833 as named/;
  const described = await cli(['info', areas]);
  assert.equal(described.code, 2);
  assert.match(described.stderr, message);
  const out = temp.file('guinea.geojson');
  const converted = await cli(['convert', areas, out]);
  assert.equal(converted.code, 2);
  assert.match(converted.stderr, message);
  await assert.rejects(readFile(out), { code: 'ENOENT' }, 'nothing written');
  const declared = await cli(['convert', areas, out, '--crs', 'EPSG:4326']);
  assert.equal(declared.code, 0, declared.stderr);
  const positions = [...(await readFile(out, 'utf8')).matchAll(/\[\s*(-?[\d.]+)\s*,\s*(-?[\d.]+)\s*\]/g)].map((match) => [Number(match[1]), Number(match[2])]);
  assert.ok(positions.length > 10);
  for (const [x, y] of positions) assert.ok(x! > 9 && x! < 10 && y! > 54 && y! < 55, `Flensburg stays in Flensburg: ${x}, ${y}`);
});

// ---------------------------------------------------------------------------------------------------------------
// aggregate-up: a table of several years

test('aggregate-up asks which year of the Flensburg Sozialatlas to carry up, and carries the one named', async () => {
  const atlas = numbersFixture('../../../data-samples/flensburg/sozialatlas_stadtteile.csv');
  const areas = numbersFixture('../../../data-samples/flensburg/stadtteile.geojson');
  const out = temp.file('flensburg.csv');
  const base = [
    'aggregate-up',
    '--areas',
    areas,
    '--id-field',
    'AREA_ID',
    '--by-prefix',
    '4',
    '--values',
    atlas,
    '--key-field',
    'stadtteil_id',
    '--counts',
    'einwohner',
    '--out',
    out,
  ];
  const asked = await cli(base);
  assert.equal(asked.code, 2);
  assert.match(
    asked.stderr,
    /sozialatlas_stadtteile\.csv, column "jahr": holds 8 years in the column "jahr" \(2011, 2012, 2017, 2018, 2019, 2020, 2021, 2022\), so each key has a row per year; say which year to use \(the option --year 2022/,
  );
  await assert.rejects(readFile(out), { code: 'ENOENT' }, 'nothing written');
  const carried = await cli([...base, '--year', '2022']);
  assert.equal(carried.code, 0, carried.stderr);
  // The 13 Stadtteile of 2022 add up to 99,341 residents (2011: 89,448, what the first row per key gave).
  const lines = (await readFile(out, 'utf8')).trim().split(/\r?\n/);
  assert.deepEqual(lines, ['id,children,einwohner,flags,notes', 'STGT,13,99341,,']);
  const wrong = await cli([...base, '--year', '2015']);
  assert.equal(wrong.code, 2);
  assert.match(wrong.stderr, /holds no year 2015; its years are 2011, 2012, 2017, 2018, 2019, 2020, 2021, 2022/);
});
