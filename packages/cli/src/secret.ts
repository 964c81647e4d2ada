// The office's secret for the cell-key method: read from a file the office keeps and turned into record keys by
// core (gridRecordKeys, pointRecordKeys), the same keys <sozialraum-aggregator> derives when a page hands it the secret.
import { secretBytes } from '@sozialraum/core';
import { readInput } from './files.js';

export { gridRecordKeys, pointRecordKeys } from '@sozialraum/core';

/** The secret's bytes, without the line break an editor adds; refused when missing or too short to keep keys secret. */
export async function readSecret(path: string, cwd: string): Promise<Uint8Array> {
  return secretBytes(await readInput(path, cwd), path);
}
