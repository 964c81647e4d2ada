// Names of 100,000 characters where a name is expected (a sheet of a workbook, the id field asked of a Shapefile's
// dBase table): the message still names the file and the problem in one line, with the name cut by describeName.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SozialraumError, describeName, loadAreas, readTable } from '@sozialraum/core';
import { sampleBytes } from './samples.js';
import { buildOds, buildWorkbook } from './workbook.js';
import { refusal } from './refusal.js';

const LONG = 'Blatt'.repeat(20_000);
/** What a message shows of LONG: its first 39 characters and an ellipsis. */
const CUT = `${LONG.slice(0, 39)}…`;

/** The message in both languages stays a line a person reads, not the 100,000 characters. */
function assertShort(error: SozialraumError): void {
  assert.ok(error.message.length < 300, `${error.message.length} characters: ${error.message.slice(0, 200)}`);
  assert.ok(error.text.de.length < 300, `${error.text.de.length} characters: ${error.text.de.slice(0, 200)}`);
}

test('describeName cuts a name to 40 characters and shows control characters as a replacement mark', () => {
  assert.equal(describeName(LONG), CUT);
  assert.equal(describeName(LONG).length, 40);
  assert.equal(describeName('Planungsraum'), 'Planungsraum');
  assert.equal(describeName('a\u0000b\nc'), 'a\ufffdb\ufffdc');
});

test('an .xlsx whose sheet is named with 100,000 characters: asked for another sheet, the message names the file and cuts the name', async () => {
  const bytes = buildWorkbook({
    sheets: [
      {
        name: LONG,
        rows: [
          ['PLR_ID', 'EW'],
          ['01100101', 3419],
        ],
      },
    ],
  });
  const error = await refusal(readTable(bytes, { source: 'lang.xlsx', sheet: 'Tabelle1' }));
  assert.equal(error.code, 'unknown-field');
  assert.equal(error.message, `lang.xlsx: has no sheet "Tabelle1"; its sheets are "${CUT}" (or give their number, 1 to 1)`);
  assert.equal(error.text.de, `lang.xlsx: hat kein Blatt „Tabelle1“; ihre Blätter sind „${CUT}“ (oder ihre Nummer, 1 bis 1)`);
  assertShort(error);
  // The sheet itself is read, by its number or its whole name.
  const table = await readTable(bytes, { source: 'lang.xlsx', sheet: '1' });
  assert.deepEqual(table.rows, [{ PLR_ID: '01100101', EW: '3419' }]);
});

test('a sheet name of 100,000 characters asked for is cut in the message as well', async () => {
  const bytes = buildWorkbook({
    sheets: [
      {
        name: 'Daten',
        rows: [
          ['PLR_ID', 'EW'],
          ['01100101', 3419],
        ],
      },
    ],
  });
  const error = await refusal(readTable(bytes, { source: 'mss.xlsx', sheet: LONG }));
  assert.equal(error.message, `mss.xlsx: has no sheet "${CUT}"; its sheets are "Daten" (or give their number, 1 to 1)`);
  assertShort(error);
});

test('an empty .xlsx sheet named with 100,000 characters is refused naming the file and the cut name', async () => {
  const bytes = buildWorkbook({ sheets: [{ name: LONG, rows: [] }] });
  const error = await refusal(readTable(bytes, { source: 'leer.xlsx' }));
  assert.equal(error.code, 'empty-file');
  assert.equal(error.message, `leer.xlsx: the sheet "${CUT}" is empty`);
  assertShort(error);
});

test('an .ods whose table is named with 100,000 characters: the message names the file and cuts the name', async () => {
  const bytes = buildOds(
    `<table:table table:name="${LONG}"><table:table-row><table:table-cell office:value-type="string"><text:p>PLR_ID</text:p></table:table-cell></table:table-row></table:table>`,
  );
  const error = await refusal(readTable(bytes, { source: 'lang.ods', sheet: 'Tabelle1' }));
  assert.equal(error.message, `lang.ods: has no sheet "Tabelle1"; its sheets are "${CUT}" (or give their number, 1 to 1)`);
  assertShort(error);
});

test('a Shapefile asked for an id field of 100,000 characters: the message names the file, cuts the name and lists the dBase fields', async () => {
  const zipped = await sampleBytes('berlin/formats/ortsteile_2014.zip');
  const field = 'ORT'.repeat(33_334);
  const error = await refusal(loadAreas(zipped, { source: 'ortsteile_2014.zip', idField: field }));
  assert.equal(error.code, 'unknown-field');
  assert.match(error.message, new RegExp(`^ortsteile_2014\\.zip: no feature has the id field "${field.slice(0, 39)}…"; the fields are .*\\bORT\\b`));
  assert.match(error.text.de, new RegExp(`^ortsteile_2014\\.zip: kein Objekt hat das Schlüsselfeld „${field.slice(0, 39)}…“`));
  assertShort(error);
});
