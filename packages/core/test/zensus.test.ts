import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { writeArrayBuffer } from 'geotiff';
import { SozialraumError, cellAt, readGeoTiff, readZensusGrid, sameGrid, type Grid } from '@sozialraum/core';
import { samplePath } from './samples.js';

const fixture = (name: string) => readFile(fileURLToPath(new URL(`../../test/fixtures/zensus/${name}`, import.meta.url)), 'utf8');
const isError = (code: string, pattern: RegExp) => (error: unknown) => error instanceof SozialraumError && error.code === code && pattern.test(error.message);

// ---------------------------------------------------------------------------------------------------------------
// Zensus grid CSV

test('a Zensus 100 m table becomes the raster spanning its cells; unlisted cells are 0, suppressed cells NaN', async () => {
  const zensus = readZensusGrid(await fixture('bevoelkerung_100m.csv'), { source: 'bevoelkerung_100m.csv', value: 'Einwohner' });
  assert.deepEqual(zensus.grid, {
    crs: 'EPSG:3035',
    originX: 4_530_000,
    originY: 3_253_200,
    cellWidth: 100,
    cellHeight: 100,
    columns: 4,
    rows: 4,
  } satisfies Grid);
  // Rows run from north to south: row 0 holds the cells whose lower-left corner is at y 3,253,100.
  const N = Number.NaN;
  assert.deepEqual(Array.from(zensus.values), [4, 1121, 0, N, N, 0, N, 0, 0, 7, 0, 0, 12, 0, N, 0]);
  assert.equal(zensus.estimated, true);
  assert.equal(zensus.cells, 8);
  assert.equal(zensus.suppressed, 3, '"–", "-" and an empty cell');
  assert.equal(zensus.values[cellAt(zensus.grid, 4_530_150, 3_253_150)], 1121);
});

test('rows that cannot be used are reported with their line and left out', async () => {
  const zensus = readZensusGrid(await fixture('bevoelkerung_100m.csv'), { source: 'bevoelkerung_100m.csv', value: 'Einwohner' });
  const found = zensus.issues.map(({ code, row, severity }) => ({ code, row, severity }));
  assert.deepEqual(found, [
    { code: 'parse-error', row: 8, severity: 'error' },
    { code: 'bad-number', row: 10, severity: 'error' },
    { code: 'parse-error', row: 11, severity: 'warning' },
    { code: 'duplicate-key', row: 9, severity: 'warning' },
  ]);
  assert.match(zensus.issues[0]!.message, /^bevoelkerung_100m\.csv, row 8, column "GITTER_ID_100m": "CRS3035RES100mN99" is not a grid cell id/);
  assert.match(zensus.issues[1]!.message, /row 10, column "Einwohner": "abc" is not a number/);
  assert.match(zensus.issues[2]!.message, /row 11.*disagree; the id is used/);
  assert.match(zensus.issues[3]!.message, /row 9: lists the cell of row 4 again; the first is kept/);
});

test('decimal commas are read, and means can leave unlisted cells without value', async () => {
  const zensus = readZensusGrid(await fixture('bevoelkerung_100m.csv'), {
    source: 'bevoelkerung_100m.csv',
    value: 'Durchschnittsalter',
    unlisted: Number.NaN,
  });
  const N = Number.NaN;
  assert.deepEqual(Array.from(zensus.values), [30, 40, N, 39, N, N, 51, N, N, 38.25, N, N, 43.5, N, N, N]);
});

test('the 1 km grid (Gitter_ID_1km, CRLF, thousands separator) and tables with only cell centres are read', async () => {
  const km = readZensusGrid(await fixture('einwohner_1km.csv'), { source: 'einwohner_1km.csv', value: 'Einwohner' });
  assert.deepEqual(km.grid, { crs: 'EPSG:3035', originX: 4_337_000, originY: 2_691_000, cellWidth: 1000, cellHeight: 1000, columns: 2, rows: 2 });
  assert.deepEqual(Array.from(km.values), [0, 35, 1204, 0]);
  const centres = readZensusGrid(await fixture('einwohner_mittelpunkte.csv'), { source: 'einwohner_mittelpunkte.csv', value: 'Einwohner' });
  assert.deepEqual(centres.grid, { crs: 'EPSG:3035', originX: 4_530_000, originY: 3_253_000, cellWidth: 100, cellHeight: 100, columns: 2, rows: 2 });
  assert.deepEqual(Array.from(centres.values), [0, 4, 3, 0]);
});

test('a table without grid cells or without the value column is refused with the columns it has', () => {
  assert.throws(
    () => readZensusGrid('PLR_ID;EW\n01100101;1234\n', { source: 'ew.csv', value: 'EW' }),
    isError('unknown-field', /^ew\.csv: no grid cell column: expected GITTER_ID_100m.*the columns are PLR_ID, EW/),
  );
  assert.throws(
    () => readZensusGrid('GITTER_ID_100m;Einwohner\nCRS3035RES100mN3252800E4530000;3\n', { source: 'z.csv', value: 'EW' }),
    isError('unknown-field', /no column "EW"; the columns are GITTER_ID_100m, Einwohner/),
  );
  assert.throws(
    () => readZensusGrid('GITTER_ID_100m;Einwohner\nkaputt;3\n', { source: 'z.csv', value: 'Einwohner' }),
    isError('empty-file', /none of its 1 rows names a readable grid cell/),
  );
});

test('the Berlin Zensus 2011 grid CSV holds 58,622 cells and 3,763,471 residents, the same as the GeoTIFF', async () => {
  const csv = readZensusGrid(await readFile(samplePath('berlin/zensus2011_einwohner_100m.csv'), 'utf8'), {
    source: 'zensus2011_einwohner_100m.csv',
    value: 'Einwohner',
  });
  assert.deepEqual(csv.issues, []);
  assert.equal(csv.cells, 58_622);
  assert.equal(
    csv.values.reduce((sum, value) => sum + value, 0),
    3_763_471,
  );
  const tiff = await readGeoTiff(new Uint8Array(await readFile(samplePath('berlin/zensus2011_einwohner_100m.tif'))), { source: 'z.tif' });
  // The GeoTIFF is a little larger (477 × 390); cell by cell the two agree.
  let differences = 0;
  for (let cell = 0; cell < tiff.values.length; cell += 1) {
    const row = Math.floor(cell / tiff.grid.columns);
    const column = cell % tiff.grid.columns;
    const x = tiff.grid.originX + (column + 0.5) * tiff.grid.cellWidth;
    const y = tiff.grid.originY - (row + 0.5) * tiff.grid.cellHeight;
    const inCsv = cellAt(csv.grid, x, y);
    if ((inCsv < 0 ? 0 : csv.values[inCsv]) !== tiff.values[cell]) differences += 1;
  }
  assert.equal(differences, 0);
});

// ---------------------------------------------------------------------------------------------------------------
// GeoTIFF

test('the Berlin GeoTIFF reads as a 477 × 390 grid in EPSG:3035 from its GeoKeys', async () => {
  // A Node Buffer is a Uint8Array and may be a view into a larger pool; the reader takes only its own bytes.
  const bytes = await readFile(samplePath('berlin/zensus2011_einwohner_100m.tif'));
  const pooled = Buffer.concat([Buffer.alloc(100), bytes]).subarray(100);
  const raster = await readGeoTiff(pooled, { source: 'zensus2011_einwohner_100m.tif' });
  assert.deepEqual(raster.grid, { crs: 'EPSG:3035', originX: 4_530_000, originY: 3_291_800, cellWidth: 100, cellHeight: 100, columns: 477, rows: 390 });
  assert.ok(raster.values instanceof Int32Array);
  assert.equal(raster.nodata, undefined);
  assert.equal(
    raster.values.reduce((sum, value) => sum + value, 0),
    3_763_471,
  );
});

test('a bounding box reads only the window of cells under it', async () => {
  const bytes = new Uint8Array(await readFile(samplePath('berlin/zensus2011_einwohner_100m.tif')));
  const whole = await readGeoTiff(bytes, { source: 'z.tif' });
  // 2 km × 1 km around Alexanderplatz; the box edges fall on cell edges and pull in no neighbour.
  const window = await readGeoTiff(bytes, { source: 'z.tif', bbox: [4_552_000, 3_271_000, 4_554_000, 3_272_000] });
  assert.deepEqual(window.grid, { crs: 'EPSG:3035', originX: 4_552_000, originY: 3_272_000, cellWidth: 100, cellHeight: 100, columns: 20, rows: 10 });
  const top = (3_291_800 - 3_272_000) / 100;
  const left = (4_552_000 - 4_530_000) / 100;
  for (let row = 0; row < 10; row += 1) {
    for (let column = 0; column < 20; column += 1) {
      assert.equal(window.values[row * 20 + column], whole.values[(top + row) * 477 + left + column]);
    }
  }
  await assert.rejects(
    readGeoTiff(bytes, { source: 'z.tif', bbox: [0, 0, 1000, 1000] }),
    isError('no-match', /^z\.tif: the bounding box 0, 0, 1000, 1000 does not overlap the raster \(4530000, 3252800, 4577700, 3291800\)/),
  );
});

test('from a URL, a window is read with HTTP range requests, not the whole file', async () => {
  const bytes = await readFile(samplePath('berlin/zensus2011_einwohner_100m.tif'));
  let served = 0;
  let ranged = 0;
  const server = createServer((request, response) => {
    const range = /^bytes=(\d+)-(\d+)$/.exec(request.headers.range ?? '');
    if (!range) {
      served += bytes.length;
      response.writeHead(200, { 'content-length': bytes.length, 'accept-ranges': 'bytes' }).end(bytes);
      return;
    }
    const start = Number(range[1]);
    const end = Math.min(Number(range[2]), bytes.length - 1);
    ranged += 1;
    served += end - start + 1;
    response
      .writeHead(206, { 'content-range': `bytes ${start}-${end}/${bytes.length}`, 'content-length': end - start + 1, 'accept-ranges': 'bytes' })
      .end(bytes.subarray(start, end + 1));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/zensus.tif`;
    const window = await readGeoTiff(url, { source: url, bbox: [4_552_000, 3_271_000, 4_554_000, 3_272_000] });
    const local = await readGeoTiff(new Uint8Array(bytes), { source: 'z.tif', bbox: [4_552_000, 3_271_000, 4_554_000, 3_272_000] });
    assert.deepEqual(window, local);
    assert.ok(ranged > 0, 'range requests were made');
    assert.ok(served < bytes.length, `${served} of ${bytes.length} bytes fetched`);
    const aborted = AbortSignal.abort();
    await assert.rejects(readGeoTiff(url, { source: url, signal: aborted }), isError('aborted', /cancelled/));
    await assert.rejects(readGeoTiff(`${url.replace(/\d+\/zensus/, '1/zensus')}`, { source: 'gone.tif' }), isError('fetch-failed', /^gone\.tif: /));
  } finally {
    server.close();
  }
});

test('GeoTIFF problems become errors that name the file', async () => {
  await assert.rejects(
    readGeoTiff(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]), { source: 'kaputt.tif' }),
    isError('parse-error', /^kaputt\.tif: is not a readable GeoTIFF/),
  );
  const values = new Float32Array([1, 2, 3, 4, 5, 6]);
  const noCrs = writeArrayBuffer(values, {
    width: 3,
    height: 2,
    ModelPixelScale: [10, 10, 0],
    ModelTiepoint: [0, 0, 0, 4_530_000, 3_291_800, 0],
    GTModelTypeGeoKey: 1,
    ProjectedCSTypeGeoKey: 32767,
  });
  await assert.rejects(readGeoTiff(noCrs, { source: 'ohne-crs.tif' }), isError('unknown-crs', /^ohne-crs\.tif: names no EPSG code/));
  const declared = await readGeoTiff(noCrs, { source: 'ohne-crs.tif', crs: 'EPSG:3035' });
  assert.equal(declared.grid.crs, 'EPSG:3035');
  assert.deepEqual(Array.from(declared.values), [1, 2, 3, 4, 5, 6]);
  await assert.rejects(readGeoTiff(noCrs, { source: 'ohne-crs.tif', band: 2 }), isError('unknown-field', /has no band 2; it has one band/));
});

test('the GDAL nodata value is passed on, and the grids of CSV and GeoTIFF are told apart', async () => {
  const nodata = writeArrayBuffer(new Int16Array([5, -9999, 7, 8]), {
    width: 2,
    height: 2,
    ModelPixelScale: [100, 100, 0],
    ModelTiepoint: [0, 0, 0, 4_530_000, 3_291_800, 0],
    GTModelTypeGeoKey: 1,
    ProjectedCSTypeGeoKey: 3035,
    GDAL_NODATA: '-9999\0',
  });
  const raster = await readGeoTiff(nodata, { source: 'nodata.tif' });
  assert.equal(raster.nodata, -9999);
  assert.ok(sameGrid(raster.grid, { ...raster.grid }));
  assert.ok(!sameGrid(raster.grid, { ...raster.grid, columns: 3 }));
});
