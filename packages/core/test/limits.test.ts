// The bounds of limits.ts at their real values: one zip limit for Shapefiles and workbooks alike, refused while
// inflating with a message that names the archive, the entry and the limit.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deflateRawSync, constants } from 'node:zlib';
import { Zip, ZipPassThrough } from 'fflate';
import { SozialraumError, ZIP_EXPANSION_LIMIT, readTable } from '@sozialraum/core';
import { readShapefile } from '@sozialraum/core/shapefile';

/**
 * A zip whose one entry inflates to `megabytes` MB of zeros while both headers declare its compressed size: one
 * deflated megabyte (a block that does not end the stream) repeated, then the block that ends it. About 1 KB per MB.
 */
function zeroBomb(name: string, megabytes: number): Uint8Array {
  const block = deflateRawSync(new Uint8Array(1024 * 1024), { finishFlush: constants.Z_SYNC_FLUSH });
  const deflated = new Uint8Array(block.length * megabytes + 2);
  for (let index = 0; index < megabytes; index += 1) deflated.set(block, index * block.length);
  deflated.set([0x03, 0x00], block.length * megabytes); // a final fixed-Huffman block holding only its end
  const chunks: Uint8Array[] = [];
  const zip = new Zip((error, chunk) => {
    if (error) throw error;
    chunks.push(chunk);
  });
  const entry = new ZipPassThrough(name);
  entry.compression = 8; // the bytes are deflated already; the headers then carry their own size, as a crafted archive may
  zip.add(entry);
  entry.push(deflated, true);
  zip.end();
  const out = new Uint8Array(chunks.reduce((sum, chunk) => sum + chunk.length, 0));
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}

const LIMIT_MB = ZIP_EXPANSION_LIMIT / 1024 / 1024;

test('one zip limit, 256 MB, for Shapefiles and workbooks: beyond it both are refused naming archive, entry and limit', async () => {
  assert.equal(LIMIT_MB, 256);
  const bomb = zeroBomb('a.shp', LIMIT_MB + 1);
  assert.ok(bomb.length < 512 * 1024, `the archive is ${bomb.length} bytes`);
  assert.throws(
    () => readShapefile(bomb, { source: 'bombe.zip' }),
    (error: unknown) =>
      error instanceof SozialraumError &&
      error.code === 'too-large' &&
      error.message.startsWith('bombe.zip: entry "a.shp" expands beyond 256 MB') &&
      error.text.de.startsWith('bombe.zip: Eintrag „a.shp“ wird größer als 256 MB'),
  );
  const workbook = zeroBomb('[Content_Types].xml', LIMIT_MB + 1);
  await assert.rejects(
    readTable(workbook, { source: 'bombe.xlsx' }),
    (error: unknown) =>
      error instanceof SozialraumError &&
      error.code === 'too-large' &&
      error.message.startsWith('bombe.xlsx: entry "[Content_Types].xml" expands beyond 256 MB'),
  );
});
