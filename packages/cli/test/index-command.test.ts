import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { indexPreset, type IndexResult } from '@sozialraum/core';
import {
  BERLIN_GEOJSON,
  MSS_INDEX,
  MSS_KONTEXT,
  cli,
  mssStatusIndex,
  readCsvFile,
  readJson,
  spawnCli,
  tempDirectory,
  writeText,
  type GeoJsonFile,
} from './helpers.js';

let temp: Awaited<ReturnType<typeof tempDirectory>>;
before(async () => {
  temp = await tempDirectory();
});
after(async () => temp.remove());

const readCsv = (path: string) => readCsvFile(path, { delimiter: ',', decimalSeparator: '.' });
const status = mssStatusIndex;

test('--preset mss-2021-status writes a CSV row per table row, with a class for every valid area and none for the others', async () => {
  const out = temp.file('status.csv');
  const result = await cli(status(out));
  assert.equal(result.code, 0, result.stderr);
  assert.equal(result.stdout, '');
  assert.match(result.stderr, /^mss-2021-status \(Status-Index MSS 2021\): 536 of 542 areas rated, 6 not rated \(flagged invalid\)\n/);
  assert.match(result.stderr, /class 1 hoch: 75 areas\n {2}class 2 mittel: 366 areas\n {2}class 3 niedrig: 46 areas\n {2}class 4 sehr niedrig: 49 areas\n/);
  assert.match(result.stderr, /wrote .*status\.csv: 542 rows, CSV\n$/);

  const table = await readCsv(out);
  assert.deepEqual(table.columns, ['id', 'index', 'class', 'label', 'rank', 'flags', 'z_S1', 'z_S3', 'z_S4', 'notes']);
  assert.equal(table.rows.length, 542);
  assert.equal(table.rows[0]!.id, '01100101', 'keys keep their leading zeros');
  const labels = ['hoch', 'mittel', 'niedrig', 'sehr niedrig'];
  let valid = 0;
  for (const row of table.rows) {
    if (row.flags!.split('|').includes('invalid')) {
      assert.deepEqual([row.index, row.class, row.label, row.rank, row.z_S1], ['', '', '', '', ''], row.id);
      continue;
    }
    valid += 1;
    const z = Number(row.index);
    const expected = z < -1 ? 1 : z <= 1 ? 2 : z <= 1.5 ? 3 : 4;
    assert.equal(row.class, String(expected), `${row.id}: z = ${z}`);
    assert.equal(row.label, labels[expected - 1]);
    assert.match(row.rank!, /^\d+$/);
    assert.match(row.index!, /^-?\d+(\.\d+)?(e-?\d+)?$/, 'numbers with a decimal point');
  }
  assert.equal(valid, 536);
  const small = table.rows.find((row) => row.id === '04400725')!;
  assert.equal(small.flags, 'invalid|missing');
  // The notes follow --lang, as the labels do: German by default.
  assert.equal(small.notes, 'EW 110 unter 300; S1, S3, S4 fehlen');
});

test('the context preset reads the semicolon file with decimal commas and writes the whole result as JSON, in English', async () => {
  const out = temp.file('kontext.json');
  const result = await cli(['index', '--indicators', MSS_KONTEXT, '--id-field', 'PLR_ID', '--preset', 'mss-2021-kontext', '--lang', 'en', '--out', out]);
  assert.equal(result.code, 0, result.stderr);
  const json = await readJson<IndexResult>(out);
  assert.equal(json.spec.id, 'mss-2021-kontext');
  assert.equal(json.areas.length, 542);
  assert.deepEqual(
    json.classes.map((entry) => [entry.label, entry.count]),
    [
      ['very low', 108],
      ['low', 107],
      ['medium', 107],
      ['high', 107],
      ['very high', 107],
    ],
  );
  const first = json.areas[0]!;
  assert.equal(first.values.KI_01, 2.82, 'decimal comma read');
  assert.deepEqual(Object.keys(first.domains), ['armut', 'integration', 'wohnen']);
  assert.equal(json.statistics.length, 9);
});

test('a spec file gives the same result as the preset it was written from; domains become domain_<id> columns', async () => {
  const specPath = await writeText(temp.file('status-spec.json'), JSON.stringify(indexPreset('mss-2021-status'), null, 2));
  const fromPreset = temp.file('from-preset.csv');
  const fromSpec = temp.file('from-spec.csv');
  assert.equal((await cli(status(fromPreset))).code, 0);
  const result = await cli(['index', '--indicators', MSS_INDEX, '--id-field', 'PLR_ID', '--spec', specPath, '--out', fromSpec]);
  assert.equal(result.code, 0, result.stderr);
  assert.equal(await readFile(fromSpec, 'utf8'), await readFile(fromPreset, 'utf8'));

  const withDomains = {
    specVersion: 1,
    id: 'arbeit-und-kinder',
    title: 'Arbeit und Kinder',
    domains: [{ id: 'arbeit' }, { id: 'kinder' }],
    indicators: [
      { column: 'S1', domain: 'arbeit', missingValues: [-9999] },
      { column: 'S3', domain: 'arbeit', missingValues: [-9999] },
      { column: 'S4', domain: 'kinder', missingValues: [-9999] },
    ],
    standardisation: { method: 'z-score' },
    combination: { method: 'mean', byDomain: true },
    validity: { populationColumn: 'EW', minPopulation: 300 },
    classification: { method: 'ckmeans', classes: 4 },
  };
  const domainSpec = await writeText(temp.file('domains.json'), JSON.stringify(withDomains));
  const out = temp.file('domains.csv');
  const domainRun = await cli(['index', '--indicators', MSS_INDEX, '--id-field', 'PLR_ID', '--spec', domainSpec, '--out', out]);
  assert.equal(domainRun.code, 0, domainRun.stderr);
  const table = await readCsv(out);
  assert.deepEqual(table.columns.slice(6), ['z_S1', 'z_S3', 'z_S4', 'domain_arbeit', 'domain_kinder', 'notes']);
  const row = table.rows[0]!;
  const close = (a: number, b: number) => assert.ok(Math.abs(a - b) < 1e-12, `${a} ≠ ${b}`);
  close(Number(row.domain_arbeit), (Number(row.z_S1) + Number(row.z_S3)) / 2);
  close(Number(row.index), (Number(row.domain_arbeit) + Number(row.domain_kinder)) / 2);
  assert.deepEqual(new Set(table.rows.filter((entry) => entry.class !== '').map((entry) => entry.label)), new Set(['1', '2', '3', '4']));
});

test('GeoJSON output adds the results to the areas; areas without a table row keep their properties and are flagged missing', async () => {
  // The first 100 rows of the table only.
  const lines = (await readFile(MSS_INDEX, 'utf8')).split('\n');
  const partial = await writeText(temp.file('partial.csv'), lines.slice(0, 101).join('\n'));
  const out = temp.file('status.geojson');
  const result = await cli(status(out, '--areas', BERLIN_GEOJSON).map((arg) => (arg === MSS_INDEX ? partial : arg)));
  assert.equal(result.code, 1, 'unmatched areas are an issue');
  assert.match(result.stderr, /442 areas have no row/);
  const collection = await readJson<GeoJsonFile>(out);
  assert.deepEqual(collection.crs, { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::25833' } });
  assert.equal(collection.features.length, 542);
  const rated = collection.features.find((feature) => feature.properties!.PLR_ID === '01100101')!.properties!;
  assert.equal(rated.PLR_NAME, 'Stülerstraße');
  assert.equal(rated.label, 'mittel');
  assert.equal(typeof rated.index, 'number');
  assert.equal(rated.flags, '');
  const inTable = new Set(lines.slice(1, 101).map((line) => line.split(',')[0]));
  const unrated = collection.features.find((feature) => !inTable.has(feature.properties!.PLR_ID as string))!;
  assert.equal(unrated.properties!.flags, 'missing');
  assert.equal(unrated.properties!.index, null);
  assert.ok(unrated.properties!.PLR_NAME, 'the area keeps its own properties');
  assert.ok(unrated.geometry, 'and its geometry');
});

test('--reference-table with the same year reproduces the current result; the base-year values are the reference', async () => {
  const plain = temp.file('plain.json');
  const referenced = temp.file('referenced.json');
  assert.equal((await cli(status(plain))).code, 0);
  const result = await cli(status(referenced, '--reference-table', MSS_INDEX));
  assert.equal(result.code, 0, result.stderr);
  const [a, b] = [await readJson<IndexResult>(plain), await readJson<IndexResult>(referenced)];
  const reference = b.spec.standardisation.reference;
  assert.ok(typeof reference === 'object' && 'mean' in reference.fixed.S1!);
  assert.ok(b.spec.combination.indexReference);
  b.areas.forEach((area, position) => {
    const before = a.areas[position]!;
    assert.equal(area.class, before.class, area.id);
    if (area.index !== null) assert.ok(Math.abs(area.index - before.index!) < 1e-9);
  });
});

test('input that does not fit stops with exit code 2 and a message naming the column, row or field', async () => {
  const out = temp.file('never.csv');
  const run = (...args: string[]) => cli(['index', '--id-field', 'PLR_ID', '--out', out, ...args]);

  const unknownColumn = await writeText(temp.file('s9.json'), JSON.stringify({ ...indexPreset('mss-2021-status'), indicators: [{ column: 'S9' }] }));
  let result = await run('--indicators', MSS_INDEX, '--spec', unknownColumn);
  assert.equal(result.code, 2);
  assert.match(
    result.stderr,
    /mss2021_indexindikatoren\.csv: has no column "S9" \(indicators\[0\]\.column\); the columns are PLR_ID, PLR_NAME, BEZ_ID, EW, S1/,
  );

  const badNumber = await writeText(temp.file('bad.csv'), 'PLR_ID,EW,S1,S3,S4\n01,500,1.5,2,3\n02,500,k.A.,2,3\n');
  result = await run('--indicators', badNumber, '--preset', 'mss-2021-status');
  assert.equal(result.code, 2);
  assert.match(result.stderr, /bad\.csv, row 3, column "S1": "k\.A\." is not a number/);

  const decimalComma = await writeText(temp.file('comma.csv'), 'PLR_ID,EW,S1,S3,S4\n01,500,1.5,2,3\n02,500,"2,5",2,3\n');
  result = await run('--indicators', decimalComma, '--preset', 'mss-2021-status');
  assert.equal(result.code, 2);
  assert.match(result.stderr, /comma\.csv, row 3, column "S1": "2,5" is not a number; the table uses a decimal point, so write 2\.5/);

  const invalid = await writeText(temp.file('invalid.json'), JSON.stringify({ ...indexPreset('mss-2021-status'), combination: { method: 'average' } }));
  result = await run('--indicators', MSS_INDEX, '--spec', invalid);
  assert.equal(result.code, 2);
  assert.match(result.stderr, /invalid\.json: combination\.method must be one of "sum", "mean", "weighted-mean", found "average"/);

  const notJson = await writeText(temp.file('not.json'), '{ "specVersion": 1,');
  result = await run('--indicators', MSS_INDEX, '--spec', notJson);
  assert.equal(result.code, 2);
  assert.match(result.stderr, /not\.json: is not valid JSON/);

  result = await run('--indicators', MSS_INDEX, '--preset', 'mss-2017');
  assert.equal(result.code, 2);
  assert.match(result.stderr, /preset "mss-2017": is not an index preset of the toolkit; the presets are mss-2021-status, mss-2021-dynamics, mss-2021-kontext/);

  result = await cli(['index', '--indicators', MSS_INDEX, '--id-field', 'PLR', '--preset', 'mss-2021-status', '--out', out]);
  assert.equal(result.code, 2);
  assert.match(result.stderr, /has no column "PLR" \(the key column\)/);

  for (const [args, message] of [
    [['--indicators', MSS_INDEX], /give --spec <json> or --preset <name>/],
    [['--indicators', MSS_INDEX, '--preset', 'mss-2021-status', '--spec', unknownColumn], /give --spec or --preset, not both/],
    [['--indicators', MSS_INDEX, '--preset', 'mss-2021-status', '--lang', 'fr'], /--lang must be de or en, not "fr"/],
  ] as const) {
    result = await run(...args);
    assert.equal(result.code, 2, args.join(' '));
    assert.match(result.stderr, message);
  }
  result = await cli(['index', '--indicators', MSS_INDEX, '--id-field', 'PLR_ID', '--preset', 'mss-2021-status', '--out', temp.file('x.geojson')]);
  assert.equal(result.code, 2);
  assert.match(result.stderr, /--out with \.geojson needs --areas/);
  result = await cli(['index', '--indicators', MSS_INDEX, '--id-field', 'PLR_ID', '--preset', 'mss-2021-status', '--out', temp.file('x.xlsx')]);
  assert.equal(result.code, 2);
  assert.match(result.stderr, /use \.csv, \.geojson or \.json/);
  result = await cli(['index', '--indicators', MSS_INDEX, '--preset', 'mss-2021-status', '--out', out]);
  assert.equal(result.code, 2);
  assert.match(result.stderr, /--id-field is required/);
});

test('the installed command exits with 2 on a bad number, as a shell sees it', async () => {
  const badNumber = await writeText(temp.file('bad-process.csv'), 'PLR_ID,EW,S1,S3,S4\n01,500,abc,2,3\n');
  const result = await spawnCli(
    ['index', '--indicators', badNumber, '--id-field', 'PLR_ID', '--preset', 'mss-2021-status', '--out', temp.file('p.csv')],
    temp.path,
  );
  assert.equal(result.code, 2);
  assert.match(result.stderr, /row 2, column "S1": "abc" is not a number/);
});

test('--help documents every option and names the presets', async () => {
  const result = await cli(['index', '--help']);
  assert.equal(result.code, 0);
  for (const option of [
    '--indicators <CSV>',
    '--id-field <F>',
    '--spec <JSON>',
    '--preset <NAME>',
    '--out <FILE>',
    '--areas <FILE>',
    '--areas-id-field <F>',
    '--lang <de|en>',
    '--reference-table <CSV>',
  ]) {
    assert.ok(result.stdout.includes(option), option);
  }
  assert.match(result.stdout, /mss-2021-status \| mss-2021-dynamics \| mss-2021-kontext/);
  assert.match(result.stdout, /id,index,class,label,rank,flags/);
  const overview = await cli(['--help']);
  assert.match(overview.stdout, /\n {2}index {3,}compute a composite index/);
});

test('--level with --min-count and --hierarchy protects the counts carried up as aggregate-up does, and says so', async () => {
  // Synthetic case counts over the Berlin residents: many 1s and 2s, as small-area case tables have.
  const mss = await readCsv(MSS_INDEX);
  const rows = mss.rows.filter((row) => row.EW !== '' && row.EW !== '-9999').map((row, index) => `${row.PLR_ID},${[1, 2, 0, 14, 2, 60][index % 6]},${row.EW}`);
  const indicators = await writeText(temp.file('faelle-ew.csv'), `PLR_ID,faelle,ew\n${rows.join('\n')}\n`);
  const spec = await writeText(
    temp.file('faelle-spec.json'),
    JSON.stringify({
      specVersion: 1,
      id: 'faelle',
      title: 'Fälle',
      indicators: [{ column: 'quote', numerator: 'faelle', denominator: 'ew', unit: '%' }],
      standardisation: { method: 'z-score' },
      combination: { method: 'mean' },
      validity: { populationColumn: 'ew', minPopulation: 0 },
      classification: { method: 'quantile', classes: 4 },
    }),
  );
  const out = temp.file('faelle-bzr.csv');
  const run = await cli([
    'index',
    '--indicators',
    indicators,
    '--id-field',
    'PLR_ID',
    '--spec',
    spec,
    '--level',
    '6',
    '--min-count',
    '3',
    '--hierarchy',
    'Bezirksregion=6,Bezirk=2',
    '--lang',
    'en',
    '--out',
    out,
  ]);
  assert.ok(run.code <= 1, run.stderr);
  assert.match(run.stderr, /^note: faelle, Bezirksregion: \d+ of 143 values withheld/m);
  assert.match(run.stderr, /^note: faelle: audit over 4 levels passed/m);
  const withheld = Number(/^note: faelle, Bezirksregion: (\d+) of/m.exec(run.stderr)![1]);
  const result = await readCsv(out);
  assert.equal(result.rows.length, 143);
  assert.equal(result.rows.filter((row) => row.index === '').length >= withheld, true, 'a Bezirksregion whose cases are withheld gets no index');

  const noLevel = await cli(['index', '--indicators', indicators, '--id-field', 'PLR_ID', '--spec', spec, '--min-count', '3', '--out', out]);
  assert.equal(noLevel.code, 2);
  assert.match(noLevel.stderr, /--min-count needs --level/);
  const outside = await cli([
    'index',
    '--indicators',
    indicators,
    '--id-field',
    'PLR_ID',
    '--spec',
    spec,
    '--level',
    '4',
    '--min-count',
    '3',
    '--hierarchy',
    '6,2',
    '--out',
    out,
  ]);
  assert.equal(outside.code, 2);
  assert.match(outside.stderr, /--level 4 is not among the --hierarchy levels/);
});
