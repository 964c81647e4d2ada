import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFile, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BERLIN_GEOJSON, MSS_INDEX, SAMPLES, cli, tempDirectory, writeText } from './helpers.js';

const MSS_XLSX = join(SAMPLES, 'berlin/mss2021_indexindikatoren.xlsx');

let temp: Awaited<ReturnType<typeof tempDirectory>>;
before(async () => (temp = await tempDirectory()));
after(async () => temp.remove());

/** The value of one "label: value" line of info's output (the first, where a label repeats). */
function field(output: string, label: string): string | undefined {
  return new RegExp(`^  ${label}:\\s+(.*)$`, 'm').exec(output)?.[1];
}

function fields(output: string, label: string): string[] {
  return [...output.matchAll(new RegExp(`^  ${label}:\\s+(.*)$`, 'gm'))].map((match) => match[1]!);
}

test('index --preset mss-2021-status on the Excel workbook writes exactly the bytes it writes for the CSV', async () => {
  const fromCsv = temp.file('status-csv.csv');
  const fromXlsx = temp.file('status-xlsx.csv');
  const args = (table: string, out: string) => ['index', '--indicators', table, '--id-field', 'PLR_ID', '--preset', 'mss-2021-status', '--out', out];
  const csv = await cli(args(MSS_INDEX, fromCsv));
  const xlsx = await cli(args(MSS_XLSX, fromXlsx));
  assert.equal(csv.code, 0, csv.stderr);
  assert.equal(xlsx.code, 0, xlsx.stderr);
  const [csvBytes, xlsxBytes] = await Promise.all([readFile(fromCsv), readFile(fromXlsx)]);
  assert.equal(csvBytes.length > 40_000, true);
  assert.ok(csvBytes.equals(xlsxBytes), 'the two outputs differ');
  assert.equal(xlsx.stderr.replace(fromXlsx, 'OUT'), csv.stderr.replace(fromCsv, 'OUT'));
});

test('info on the workbook shows the sheet and the title, header, code, data and footnote rows it found, and the symbol "."', async () => {
  const result = await cli(['info', MSS_XLSX]);
  assert.equal(result.code, 0, result.stderr);
  assert.equal(field(result.stdout, 'format'), 'Excel workbook (.xlsx)');
  assert.equal(field(result.stdout, 'sheet'), '"MSS 2021 Indikatoren"');
  assert.deepEqual(
    fields(result.stdout, 'title line').map((line) => line.slice(0, 6)),
    ['row 1:', 'row 2:', 'row 3:'],
  );
  assert.equal(field(result.stdout, 'header row'), '5 (found)');
  assert.equal(field(result.stdout, 'code row'), '6 (its codes name the columns)');
  assert.equal(field(result.stdout, 'data rows'), '7 to 548');
  const footnotes = fields(result.stdout, 'footnote');
  assert.equal(footnotes.length, 2);
  assert.match(footnotes[0]!, /^row 550: Zeichenerklärung: \. = Zahlenwert unbekannt/);
  assert.match(footnotes[1]!, /^row 551: 1\) Anteile bezogen auf/);
  assert.equal(field(result.stdout, 'rows'), '542');
  assert.equal(field(result.stdout, 'columns'), '10: PLR_ID, PLR_NAME, BEZ_ID, EW, S1, S3, S4, D1, D3, D4');
  assert.equal(field(result.stdout, 'missing "\\."'), '37 cells, unknown or to be kept secret (first: row 106, column "S1")');
  assert.equal(field(result.stdout, 'issues'), 'none');
});

test('--header-row and --sheet choose what is read; an unknown sheet is refused listing the sheets', async () => {
  const given = await cli(['info', MSS_XLSX, '--header-row', '6', '--sheet', 'MSS 2021 Indikatoren']);
  assert.equal(given.code, 0, given.stderr);
  assert.equal(field(given.stdout, 'header row'), '6 (given)');
  assert.equal(field(given.stdout, 'code row'), undefined);
  assert.equal(fields(given.stdout, 'title line').length, 4);
  const unknown = await cli(['info', MSS_XLSX, '--sheet', 'Tabelle1']);
  assert.equal(unknown.code, 2);
  assert.match(
    unknown.stderr,
    /mss2021_indexindikatoren\.xlsx: has no sheet "Tabelle1"; its sheets are "MSS 2021 Indikatoren" \(or give their number, 1 to 1\)/,
  );
  const bad = await cli(['info', MSS_XLSX, '--header-row', 'fünf']);
  assert.notEqual(bad.code, 0);
  assert.match(bad.stderr, /--header-row must be a whole number of 1 or more, not "fünf"/);
});

test('validate joins the workbook to the 542 Planungsräume, and a workbook renamed .dat is still told by its bytes', async () => {
  const result = await cli(['validate', '--areas', BERLIN_GEOJSON, '--indicators', MSS_XLSX, '--key-field', 'PLR_ID']);
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stdout, /542 rows in .*mss2021_indexindikatoren\.xlsx, 542 of 542 areas joined by PLR_ID\n$/);
  const renamed = temp.file('tabelle.dat');
  await copyFile(MSS_XLSX, renamed);
  const info = await cli(['info', renamed]);
  assert.equal(info.code, 0, info.stderr);
  assert.equal(field(info.stdout, 'format'), 'Excel workbook (.xlsx)');
});

test('a CSV renamed to .xlsx is refused naming the file and what to do', async () => {
  const fake = await writeText(temp.file('umbenannt.xlsx'), 'PLR_ID,EW\n01100101,3419\n');
  const result = await cli(['index', '--indicators', fake, '--id-field', 'PLR_ID', '--preset', 'mss-2021-status', '--out', temp.file('x.csv')]);
  assert.equal(result.code, 2);
  assert.match(
    result.stderr,
    /umbenannt\.xlsx: is named like an Excel workbook but holds text, not a workbook: probably a CSV file renamed; give it the extension \.csv/,
  );
});
