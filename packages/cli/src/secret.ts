// The office's secret for the cell-key method: read from a file the office keeps, turned into record keys here, and
// never passed on. Core receives only the keys; no element ever sees the secret.
import { createHmac } from 'node:crypto';
import { SozialraumError, message, recordKeyFromBytes, type PointRecordKeyOf, type RecordKeyOf } from '@sozialraum/core';
import { readInput } from './files.js';

/** 128 bits: fewer could be guessed by trying, and every key would follow. */
export const MIN_SECRET_BYTES = 16;

/** The secret's bytes, without the line break an editor adds; refused when missing or too short to keep keys secret. */
export async function readSecret(path: string, cwd: string): Promise<Uint8Array> {
  const bytes = await readInput(path, cwd);
  let end = bytes.length;
  while (end > 0 && (bytes[end - 1] === 0x0a || bytes[end - 1] === 0x0d || bytes[end - 1] === 0x20 || bytes[end - 1] === 0x09)) end -= 1;
  if (end < MIN_SECRET_BYTES) {
    throw new SozialraumError(
      'empty-file',
      message(
        `holds ${end} bytes; a secret for the cell-key method needs at least ${MIN_SECRET_BYTES} (e.g. openssl rand -hex 32 > ${path})`,
        `enthält ${end} Bytes; ein Geheimnis für das Cell-Key-Verfahren braucht mindestens ${MIN_SECRET_BYTES} (z. B. openssl rand -hex 32 > ${path})`,
      ),
      { source: path },
    );
  }
  return bytes.subarray(0, end);
}

/**
 * Record keys of grid cells: an HMAC-SHA256 of the cell's lower-left corner on the ground (CRS, cell size, x, y)
 * under the secret. The same cell has the same key in every file, window and run; without the secret nobody can
 * tell a key, and so nobody can tell which noise a count received.
 */
export function gridRecordKeys(secret: Uint8Array): RecordKeyOf {
  return (cell, grid) => {
    const x = grid.originX + (cell % grid.columns) * grid.cellWidth;
    const y = grid.originY - (Math.floor(cell / grid.columns) + 1) * grid.cellHeight;
    return recordKeyFromBytes(createHmac('sha256', secret).update(`${grid.crs}|${grid.cellWidth}|${x}|${y}`).digest());
  };
}

/**
 * Record keys of points (addresses, cases): an HMAC-SHA256 of the point's place as read (CRS, x, y) and its number
 * among the points at that place, under the secret. The same records have the same keys in every run and in any order
 * of the file; a point and a grid cell never share a key, as the text hashed starts differently.
 */
export function pointRecordKeys(secret: Uint8Array): PointRecordKeyOf {
  return (x, y, crs, occurrence) => recordKeyFromBytes(createHmac('sha256', secret).update(`point|${crs}|${x}|${y}|${occurrence}`).digest());
}
