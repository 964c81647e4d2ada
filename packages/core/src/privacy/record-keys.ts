// Record keys of the cell-key method from the office's secret: an HMAC-SHA256 of a record's place on the ground. Pure
// (no node:crypto, and not WebCrypto, whose digest is asynchronous), so that `sozialraum aggregate --secret` and
// <sozialraum-aggregator> with its `secret` derive the same keys, give every count the same noise and write the same file.
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import type { Grid } from '../geometry/grid.js';
import { perturbationTable, RECORD_KEY_RANGE, type PerturbationParameters, type PerturbationTable } from './cellkey.js';

/** The cell-key parameters when a secret comes without them: noise of at most ±3 persons, variance 2. */
export const DEFAULT_PERTURBATION: Readonly<Required<Omit<PerturbationParameters, 'threshold'>>> = { maxDeviation: 3, variance: 2 };

/** The perturbation table for a minimum count: perturbed counts never lie in 1 … minCount − 1 (its threshold). */
export function perturbationForMinCount(minCount: number, parameters: Omit<PerturbationParameters, 'threshold'> = DEFAULT_PERTURBATION): PerturbationTable {
  return perturbationTable({ ...parameters, threshold: Math.max(0, Math.ceil(minCount) - 1) });
}

/** A record key from 32 bits of a digest (e.g. an HMAC of the cell's place under the office's secret). */
export function recordKeyFromBytes(bytes: Uint8Array): number {
  if (bytes.length < 4) throw new RangeError('a record key needs at least 4 bytes');
  return (((bytes[0]! << 24) >>> 0) + (bytes[1]! << 16) + (bytes[2]! << 8) + bytes[3]!) % RECORD_KEY_RANGE;
}

/** The HMAC of a text under the secret, with the key's inner and outer state computed once for all records. */
function keyedDigest(secret: Uint8Array): (text: string) => number {
  const keyed = hmac.create(sha256, secret);
  return (text) => recordKeyFromBytes(keyed.clone().update(utf8ToBytes(text)).digest());
}

/**
 * Record keys of grid cells: an HMAC-SHA256 of the cell's lower-left corner on the ground (CRS, cell size, x, y)
 * under the secret. The same cell has the same key in every file, window and run; without the secret nobody can
 * tell a key, and so nobody can tell which noise a count received.
 */
export function gridRecordKeys(secret: Uint8Array): (cell: number, grid: Grid) => number {
  const digest = keyedDigest(secret);
  return (cell, grid) => {
    const x = grid.originX + (cell % grid.columns) * grid.cellWidth;
    const y = grid.originY - (Math.floor(cell / grid.columns) + 1) * grid.cellHeight;
    return digest(`${grid.crs}|${grid.cellWidth}|${x}|${y}`);
  };
}

/**
 * Record keys of points (addresses, cases): an HMAC-SHA256 of the point's place as read (CRS, x, y) and its number
 * among the points at that place, under the secret. The same records have the same keys in every run and in any order
 * of the file; a point and a grid cell never share a key, as the text hashed starts differently.
 */
export function pointRecordKeys(secret: Uint8Array): (x: number, y: number, crs: string, occurrence: number) => number {
  const digest = keyedDigest(secret);
  return (x, y, crs, occurrence) => digest(`point|${crs}|${x}|${y}|${occurrence}`);
}
