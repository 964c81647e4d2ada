import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Deflate, strToU8, zipSync } from 'fflate';
import { ODS_REPEAT_LIMIT, joinTable, missingReason, missingSymbols, parseCsv, parseNumber, readTable, tableFileKind } from '@sozialraum/core';
import { berlinAreas, sampleBytes, sampleTable } from './samples.js';
import { buildOds, buildWorkbook, type FixtureCell } from './workbook.js';
import { refusal } from './refusal.js';

const XLSX = 'berlin/mss2021_indexindikatoren.xlsx';

function sheet(rows: FixtureCell[][], options: { styles?: number[]; numFmts?: { id: number; code: string }[]; date1904?: boolean } = {}): Uint8Array {
  return buildWorkbook({ sheets: [{ name: 'Tabelle1', rows }], ...options });
}

test('the MSS workbook: title lines 1-3, long labels in row 5, codes in row 6 name the columns, data 7-548, footnotes 550-551', async () => {
  const table = await readTable(await sampleBytes(XLSX), { source: 'mss.xlsx' });
  const layout = table.layout!;
  assert.equal(layout.sheet, 'MSS 2021 Indikatoren');
  assert.deepEqual(
    layout.titleLines.map((line) => line.row),
    [1, 2, 3],
  );
  assert.match(layout.titleLines[2]!.text, /^Quelle: Senatsverwaltung/);
  assert.equal(layout.headerRow, 5);
  assert.equal(layout.headerGiven, false);
  assert.equal(layout.codeRow, 6);
  assert.deepEqual(table.columns, ['PLR_ID', 'PLR_NAME', 'BEZ_ID', 'EW', 'S1', 'S3', 'S4', 'D1', 'D3', 'D4']);
  assert.equal(layout.labels['S1'], 'Arbeitslosigkeit (S1) in %');
  assert.equal(layout.firstDataRow, 7);
  assert.equal(layout.lastDataRow, 548);
  assert.deepEqual(
    layout.footnotes.map((line) => line.row),
    [550, 551],
  );
  assert.match(layout.footnotes[0]!.text, /^Zeichenerklärung: \. = Zahlenwert unbekannt/);
  assert.equal(table.rows.length, 542);
  assert.equal(table.rowNumbers[0], 7);
  assert.equal(table.decimalSeparator, '.');
  assert.deepEqual(table.issues, []);
});

test('every cell of the MSS workbook reads as the CSV writes it, except the 37 cells where "." (secret) stands for -9999 or an empty cell', async () => {
  const workbook = await readTable(await sampleBytes(XLSX), { source: 'mss.xlsx' });
  const csv = await sampleTable('berlin/mss2021_indexindikatoren.csv');
  assert.deepEqual(workbook.columns, csv.columns);
  const differing: string[] = [];
  csv.rows.forEach((row, index) => {
    for (const column of csv.columns) if (row[column] !== workbook.rows[index]![column]) differing.push(`${row[column]}→${workbook.rows[index]![column]}`);
  });
  assert.equal(differing.length, 37);
  assert.ok(
    differing.every((change) => change === '-9999→.' || change === '→.'),
    differing.join(' '),
  );
  // The file stores 8.043290000000001 for 8.04329 (binary noise beyond Excel's 15 digits): the cell reads as typed.
  assert.equal(workbook.rows[0]!['S3'], '8.04329');
  assert.equal(workbook.rows[0]!['PLR_ID'], '01100101');
  assert.deepEqual(missingSymbols(workbook), [{ symbol: '.', reason: 'unknown-or-secret', count: 37, row: 106, column: 'S1' }]);
});

test('a workbook is told by its bytes, whatever its name', async () => {
  const bytes = await sampleBytes(XLSX);
  assert.equal(tableFileKind(bytes), 'zip');
  const table = await readTable(bytes, { source: 'https://example.org/download?id=17' });
  assert.equal(table.rows.length, 542);
});

test('each symbol of official statistics is a missing value whose meaning stays readable from the cell', async () => {
  const table = await readTable(
    sheet([
      ['Gebiet', 'Wert'],
      ['01', '.'],
      ['02', '–'],
      ['03', '-'],
      ['04', 'x'],
      ['05', '/'],
      ['06', '…'],
      ['07', 12.5],
    ]),
    { source: 'symbole.xlsx' },
  );
  const cells = table.rows.map((row) => row['Wert']!);
  assert.deepEqual(cells, ['.', '–', '-', 'x', '/', '…', '12.5']);
  assert.deepEqual(
    cells.map((cell) => parseNumber(cell, table.decimalSeparator)),
    [null, null, null, null, null, null, 12.5],
  );
  assert.deepEqual(cells.map(missingReason), ['unknown-or-secret', 'nothing', 'nothing', 'not-applicable', 'not-reliable', 'later', undefined]);
  assert.deepEqual(
    missingSymbols(table).map((found) => [found.symbol, found.row]),
    [
      ['.', 2],
      ['–', 3],
      ['-', 4],
      ['x', 5],
      ['/', 6],
      ['…', 7],
    ],
  );
});

test('keys stored as numbers get back the zeros of the keys stored as text in the same column, with a note', async () => {
  const table = await readTable(
    sheet([
      ['PLR_ID', 'EW'],
      ['01100101', 3419],
      [1100102, 1791],
      [12601236, 3131],
      ['12601235', 10656],
    ]),
    { source: 'schluessel.xlsx' },
  );
  assert.deepEqual(
    table.rows.map((row) => row['PLR_ID']),
    ['01100101', '01100102', '12601236', '12601235'],
  );
  assert.deepEqual(
    table.rows.map((row) => row['EW']),
    ['3419', '1791', '3131', '10656'],
  );
  assert.equal(table.notes!.length, 1);
  assert.match(
    table.notes![0]!.en,
    /^column "PLR_ID": 1 key was stored as a number and got back its leading zeros \(8 digits, like the keys stored as text\)$/,
  );
  assert.deepEqual(table.layout!.numberColumns, ['PLR_ID', 'EW']);
});

test('number formats: zero-padded keys, dates in the 1900 and 1904 systems, and percentages kept as stored', async () => {
  const table = await readTable(
    sheet(
      [
        ['Schluessel', 'Stichtag', 'Zeit', 'Anteil'],
        [
          { v: '1001', s: 1 },
          { v: '44196', s: 2 },
          { v: '44196.5', s: 3 },
          { v: '0.125', s: 4 },
        ],
        [
          { v: '12', s: 1 },
          { v: '59', s: 2 },
          { v: '61', s: 2 },
          { v: '1', s: 4 },
        ],
      ],
      {
        numFmts: [
          { id: 164, code: '00000000' },
          { id: 165, code: 'dd.mm.yyyy' },
          { id: 166, code: '[$-407]dd/mm/yyyy\\ hh:mm' },
        ],
        styles: [0, 164, 14, 166, 10],
      },
    ),
    { source: 'formate.xlsx' },
  );
  assert.deepEqual(table.rows[0], { Schluessel: '00001001', Stichtag: '2020-12-31', Zeit: '2020-12-31T12:00:00', Anteil: '0.125' });
  // Excel counts a 29 February 1900 that never was (serial 60): 59 is 28 February, 61 is 1 March.
  assert.deepEqual(table.rows[1], { Schluessel: '00000012', Stichtag: '1900-02-28', Zeit: '1900-03-01', Anteil: '1' });
  assert.deepEqual(table.layout!.numberColumns, ['Anteil']);
  const book1904 = await readTable(sheet([['Tag'], [{ v: '0', s: 1 }]], { styles: [0, 14], date1904: true }), { source: 'mac.xlsx' });
  assert.equal(book1904.rows[0]!['Tag'], '1904-01-01');
});

test('rich text and phonetic guides, inline strings, booleans, formula text and error cells', async () => {
  const table = await readTable(
    sheet([
      ['Name', 'Wahr', 'Formel', 'Quote'],
      [
        { v: '', rich: '<r><t>Groß</t></r><r><t xml:space="preserve">er Tiergarten</t></r><rPh><t>ignored</t></rPh>' },
        { t: 'b', v: '1' },
        { t: 'str', v: 'Mitte' },
        { t: 'e', v: '#DIV/0!' },
      ],
      [{ t: 'inlineStr', v: 'A & B <C>' }, { t: 'b', v: '0' }, { t: 'str', v: 'Wedding' }, 4.5],
    ]),
    { source: 'zellen.xlsx' },
  );
  assert.deepEqual(table.rows[0], { Name: 'Großer Tiergarten', Wahr: 'TRUE', Formel: 'Mitte', Quote: '' });
  assert.deepEqual(table.rows[1], { Name: 'A & B <C>', Wahr: 'FALSE', Formel: 'Wedding', Quote: '4.5' });
  assert.equal(table.issues.length, 1);
  assert.equal(table.issues[0]!.message, 'zellen.xlsx, row 2, column "Quote": holds the spreadsheet error #DIV/0!; read as no value');
});

test('decimals typed as text with a comma make the whole table a decimal-comma table, stored numbers included', async () => {
  const table = await readTable(
    sheet([
      ['Gebiet', 'Quote', 'EW'],
      ['01', '4,5', 1200.5],
      ['02', '7,25', 800],
    ]),
    { source: 'komma.xlsx' },
  );
  assert.equal(table.decimalSeparator, ',');
  assert.deepEqual(
    table.rows.map((row) => [row['Quote'], row['EW']]),
    [
      ['4,5', '1200,5'],
      ['7,25', '800'],
    ],
  );
  assert.equal(parseNumber(table.rows[0]!['EW']!, table.decimalSeparator), 1200.5);
});

test('the sheet is chosen by name or number; the default skips a hidden sheet; an unknown one is refused listing the sheets', async () => {
  const bytes = buildWorkbook({
    sheets: [
      {
        name: 'Versteckt',
        hidden: true,
        rows: [
          ['a', 'b'],
          [1, 2],
        ],
      },
      {
        name: 'Daten 2021',
        rows: [
          ['Gebiet', 'EW'],
          ['01', 100],
        ],
      },
      {
        name: 'Daten 2022',
        rows: [
          ['Gebiet', 'EW'],
          ['01', 200],
        ],
      },
    ],
  });
  assert.equal((await readTable(bytes, { source: 'jahre.xlsx' })).rows[0]!['EW'], '100');
  assert.equal((await readTable(bytes, { source: 'jahre.xlsx', sheet: 'Daten 2022' })).rows[0]!['EW'], '200');
  assert.equal((await readTable(bytes, { source: 'jahre.xlsx', sheet: 'daten 2022' })).layout!.sheet, 'Daten 2022');
  assert.equal((await readTable(bytes, { source: 'jahre.xlsx', sheet: '1' })).layout!.sheet, 'Versteckt');
  const error = await refusal(readTable(bytes, { source: 'jahre.xlsx', sheet: 'Daten 2023' }));
  assert.equal(error.code, 'unknown-field');
  assert.equal(error.message, 'jahre.xlsx: has no sheet "Daten 2023"; its sheets are "Versteckt", "Daten 2021", "Daten 2022" (or give their number, 1 to 3)');
  assert.match(error.text.de, /^jahre\.xlsx: hat kein Blatt „Daten 2023“; ihre Blätter sind „Versteckt“, „Daten 2021“, „Daten 2022“/);
});

test('a given header row wins over the one found; an empty one is refused with its row', async () => {
  const bytes = await sampleBytes(XLSX);
  const table = await readTable(bytes, { source: 'mss.xlsx', headerRow: 6 });
  assert.equal(table.layout!.headerRow, 6);
  assert.equal(table.layout!.headerGiven, true);
  assert.equal(table.layout!.codeRow, undefined);
  assert.equal(table.columns[0], 'PLR_ID');
  assert.equal(table.layout!.titleLines.length, 4);
  assert.equal(table.rows.length, 542);
  const error = await refusal(readTable(bytes, { source: 'mss.xlsx', headerRow: 4 }));
  assert.equal(error.message, 'mss.xlsx, row 4: row 4 of the sheet "MSS 2021 Indikatoren", given as the header row, is empty');
});

test('a plain sheet (header in row 1, no codes, no notes) and a row with only its key filled stay data', async () => {
  const table = await readTable(
    sheet([
      ['Gebiet', 'Name', 'EW'],
      ['01', 'Mitte', 100],
      ['02', null, null],
    ]),
    { source: 'schlicht.xlsx' },
  );
  assert.equal(table.layout!.headerRow, 1);
  assert.equal(table.layout!.codeRow, undefined);
  assert.deepEqual(table.layout!.footnotes, []);
  assert.deepEqual(table.rows[1], { Gebiet: '02', Name: '', EW: '' });
  assert.deepEqual(table.rowNumbers, [2, 3]);
});

test('a CSV renamed to .xlsx is refused naming the file; so are the sheet options on a CSV', async () => {
  const csv = strToU8('PLR_ID,EW\n01100101,3419\n');
  const error = await refusal(readTable(csv, { source: 'daten/tabelle.xlsx' }));
  assert.equal(error.code, 'unknown-format');
  assert.match(error.message, /^daten\/tabelle\.xlsx: is named like an Excel workbook but holds text, not a workbook: probably a CSV file renamed/);
  const sheetOnCsv = await refusal(readTable(csv, { source: 'tabelle.csv', sheet: 'x' }));
  assert.match(sheetOnCsv.message, /^tabelle\.csv: is a CSV table; a sheet and a header row can only be chosen in an Excel workbook/);
  assert.equal((await readTable(csv, { source: 'tabelle.csv' })).rows[0]!['PLR_ID'], '01100101');
});

/** An OLE compound file: its signature, then a directory naming the streams in UTF-16. */
function compoundFile(streams: string[]): Uint8Array {
  const bytes = new Uint8Array(2048);
  bytes.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
  let offset = 512;
  for (const name of streams) {
    for (let index = 0; index < name.length; index += 1) bytes[offset + index * 2] = name.charCodeAt(index);
    offset += 128;
  }
  return bytes;
}

test('an encrypted workbook and a legacy .xls (OLE compound files) are refused with what to do', async () => {
  const encrypted = await refusal(readTable(compoundFile(['EncryptionInfo', 'EncryptedPackage']), { source: 'geheim.xlsx' }));
  assert.equal(encrypted.code, 'unknown-format');
  assert.match(encrypted.message, /^geheim\.xlsx: is an Excel workbook protected by a password \(encrypted\); open it in Excel and save it without a password/);
  const legacy = await refusal(readTable(compoundFile(['Workbook', 'SummaryInformation']), { source: 'alt.xls' }));
  assert.match(legacy.message, /^alt\.xls: is an Excel 97–2003 workbook \(\.xls\)/);
});

/** A deflated stream of `megabytes` of blanks, made in steps so the test never holds it expanded. */
function deflatedBlanks(megabytes: number): Uint8Array {
  const chunks: Uint8Array[] = [];
  const deflate = new Deflate({ level: 1 }, (chunk) => chunks.push(chunk));
  const block = new Uint8Array(1024 * 1024).fill(0x20);
  for (let index = 0; index < megabytes; index += 1) deflate.push(block, index === megabytes - 1);
  const out = new Uint8Array(chunks.reduce((sum, chunk) => sum + chunk.length, 0));
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}

/** A zip whose one entry holds already deflated bytes and declares whatever size it is told. */
function zipWithRawEntry(name: string, deflated: Uint8Array, declaredSize: number): Uint8Array {
  const nameBytes = strToU8(name);
  const local = new Uint8Array(30 + nameBytes.length);
  const localView = new DataView(local.buffer);
  localView.setUint32(0, 0x04034b50, true);
  localView.setUint16(8, 8, true);
  localView.setUint32(18, deflated.length, true);
  localView.setUint32(22, declaredSize, true);
  localView.setUint16(26, nameBytes.length, true);
  local.set(nameBytes, 30);
  const central = new Uint8Array(46 + nameBytes.length);
  const centralView = new DataView(central.buffer);
  centralView.setUint32(0, 0x02014b50, true);
  centralView.setUint16(10, 8, true);
  centralView.setUint32(20, deflated.length, true);
  centralView.setUint32(24, declaredSize, true);
  centralView.setUint16(28, nameBytes.length, true);
  central.set(nameBytes, 46);
  const end = new Uint8Array(22);
  const endView = new DataView(end.buffer);
  endView.setUint32(0, 0x06054b50, true);
  endView.setUint16(8, 1, true);
  endView.setUint16(10, 1, true);
  endView.setUint32(12, central.length, true);
  endView.setUint32(16, local.length + deflated.length, true);
  const out = new Uint8Array(local.length + deflated.length + central.length + end.length);
  out.set(local, 0);
  out.set(deflated, local.length);
  out.set(central, local.length + deflated.length);
  out.set(end, local.length + deflated.length + central.length);
  return out;
}

test('a zip bomb is refused once it expands beyond the limit, although it declares 100 bytes', async () => {
  // 64 MB of blanks deflate to about 64 KB; the limit (256 MB unless given) is set low to keep the test quick.
  const bomb = deflatedBlanks(64);
  assert.ok(bomb.length < 128 * 1024, `the bomb is ${bomb.length} bytes`);
  const error = await refusal(readTable(zipWithRawEntry('[Content_Types].xml', bomb, 100), { source: 'bombe.xlsx', maxExpandedBytes: 16 * 1024 * 1024 }));
  assert.equal(error.code, 'too-large');
  assert.equal(
    error.message,
    'bombe.xlsx: entry "[Content_Types].xml" expands beyond 16 MB, the limit for all entries read together; the archive is refused as a possible zip bomb',
  );
  assert.match(
    error.text.de,
    /^bombe\.xlsx: Eintrag „\[Content_Types\]\.xml“ wird größer als 16 MB, die Grenze für alle gelesenen Einträge zusammen; das Archiv wird als mögliche Zip-Bombe abgelehnt$/,
  );
});

test('a part declaring a document type (the "billion laughs" entities) is refused, not expanded', async () => {
  const laughs =
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]><sst><si><t>&lol2;</t></si></sst>';
  const bytes = buildWorkbook({
    sheets: [
      {
        name: 'T',
        rows: [
          ['a', 'b'],
          ['1', 2],
        ],
      },
    ],
    parts: { 'xl/sharedStrings.xml': laughs },
  });
  const error = await refusal(readTable(bytes, { source: 'lachen.xlsx' }));
  assert.equal(error.message, 'lachen.xlsx: the part "xl/sharedStrings.xml" declares a document type or entities, which no workbook does; it is refused');
});

test('a zip that is no workbook (a zipped Shapefile) is refused saying what it holds', async () => {
  const shapefile = zipSync({ 'ortsteile.shp': new Uint8Array(10), 'ortsteile.dbf': new Uint8Array(10) });
  const error = await refusal(readTable(shapefile, { source: 'ortsteile.zip' }));
  assert.equal(error.message, 'ortsteile.zip: is a zip archive of ortsteile.shp, ortsteile.dbf, not an Excel workbook');
});

const text = (value: string, repeat = 1) =>
  `<table:table-cell office:value-type="string"${repeat > 1 ? ` table:number-columns-repeated="${repeat}"` : ''}><text:p>${value}</text:p></table:table-cell>`;
const float = (value: string, shown = value) =>
  `<table:table-cell office:value-type="float" office:value="${value}"><text:p>${shown}</text:p></table:table-cell>`;
const row = (...cells: string[]) => `<table:table-row>${cells.join('')}</table:table-row>`;

test('an OpenDocument spreadsheet (.ods) reads like the workbook: title, labels over codes, symbols, padded keys, footnotes', async () => {
  const bytes = buildOds(
    '<table:table table:name="Hinweise"></table:table>' +
      '<table:table table:name="Daten">' +
      row(text('Monitoring Soziale Stadtentwicklung 2021')) +
      '<table:table-row table:number-rows-repeated="2"><table:table-cell table:number-columns-repeated="3"/></table:table-row>' +
      row(text('Planungsraum-Nr.'), text('Einwohner:innen'), text('Arbeitslosigkeit (S1) in %')) +
      row(text('PLR_ID'), text('EW'), text('S1')) +
      row(float('1100101', '01100101'), float('3419'), float('4.22594')) +
      row(text('03400831'), text('.', 2)) +
      row(
        text('12601236'),
        float('3131'),
        `<table:table-cell office:value-type="date" office:date-value="2020-12-31"><text:p>31.12.20</text:p></table:table-cell>`,
      ) +
      '<table:table-row table:number-rows-repeated="1048000"><table:table-cell/></table:table-row>' +
      row(text('Zeichenerklärung: . = Zahlenwert unbekannt oder geheimzuhalten<text:s text:c="2"/>(MSS)')) +
      '</table:table>',
  );
  assert.equal(tableFileKind(bytes), 'zip');
  const table = await readTable(bytes, { source: 'mss.ods', sheet: 'Daten' });
  assert.equal(table.layout!.headerRow, 4);
  assert.equal(table.layout!.codeRow, 5);
  assert.deepEqual(table.columns, ['PLR_ID', 'EW', 'S1']);
  assert.deepEqual(table.rows, [
    { PLR_ID: '01100101', EW: '3419', S1: '4.22594' },
    { PLR_ID: '03400831', EW: '.', S1: '.' },
    { PLR_ID: '12601236', EW: '3131', S1: '2020-12-31' },
  ]);
  assert.deepEqual(table.rowNumbers, [6, 7, 8]);
  assert.deepEqual(table.layout!.footnotes, [{ row: 1048009, text: 'Zeichenerklärung: . = Zahlenwert unbekannt oder geheimzuhalten  (MSS)' }]);
  assert.deepEqual(table.layout!.sheets, ['Hinweise', 'Daten']);
  const unknown = await refusal(readTable(bytes, { source: 'mss.ods', sheet: 'Tabelle1' }));
  assert.match(unknown.message, /^mss\.ods: has no sheet "Tabelle1"; its sheets are "Hinweise", "Daten"/);
});

test('a workbook cut off in transfer is refused as damaged', async () => {
  const bytes = await sampleBytes(XLSX);
  const error = await refusal(readTable(bytes.subarray(0, 20_000), { source: 'halb.xlsx' }));
  assert.equal(error.message, 'halb.xlsx: starts like a zip archive but has no directory at its end; it is cut off or damaged');
});

test('keys a workbook stored only as numbers are padded to the width of the area keys when joined, with a warning', async () => {
  const csv = await sampleTable('berlin/mss2021_indexindikatoren.csv');
  const rows: FixtureCell[][] = [
    ['PLR_ID', 'EW'],
    ...csv.rows.map((row): FixtureCell[] => [Number(row['PLR_ID']), row['EW'] === '' ? null : Number(row['EW'])]),
  ];
  const table = await readTable(sheet(rows), { source: 'zahlen.xlsx' });
  assert.equal(table.rows[0]!['PLR_ID'], '1100101');
  const areas = await berlinAreas();
  const join = joinTable(areas.ids, table, 'PLR_ID');
  assert.equal(join.rowsByKey.size, 542);
  assert.equal(join.rowsByKey.get('01100101')!['PLR_ID'], '01100101');
  const padded = csv.rows.filter((row) => row['PLR_ID']!.startsWith('0')).length;
  const warning = join.issues.find((found) => found.code === 'unmatched-keys')!;
  assert.match(
    warning.message,
    new RegExp(
      `^zahlen\\.xlsx, column "PLR_ID": ${padded} keys were stored as numbers in the workbook and lost their leading zeros; padded to the 8 digits of the area keys \\(rows 2, 3, 4, 5, 6, …\\)$`,
    ),
  );
  // A CSV holds what the office wrote: its keys without zeros are reported, not changed.
  const fromCsv = parseCsv('PLR_ID,EW\n1100101,3419\n01100102,1791\n', { source: 'zahlen.csv' });
  assert.equal(joinTable(areas.ids, fromCsv, 'PLR_ID').rowsByKey.size, 1);
});

test('an .ods row with content repeated more often than the limit is refused naming the sheet row, not read a million times', async () => {
  const bytes = buildOds(
    '<table:table table:name="Daten">' +
      row(text('PLR_ID'), text('EW')) +
      `<table:table-row table:number-rows-repeated="${ODS_REPEAT_LIMIT + 1}">${text('01100101')}${float('3419')}</table:table-row>` +
      '</table:table>',
  );
  const error = await refusal(readTable(bytes, { source: 'mss.ods' }));
  assert.equal(error.code, 'parse-error');
  assert.equal(error.location.row, 2);
  assert.match(error.message, /^mss\.ods.*repeats a row 10001 times; more than 10000 are not read/);
});
