// The office's secret for the cell-key method, as both front ends take it: trimmed and long enough. Apart from the
// record keys (record-keys.ts), so that an element checks a secret without loading the hash until it perturbs.
import { SozialraumError, message } from '../errors.js';

/** 128 bits: fewer could be guessed by trying, and every key would follow. */
export const MIN_SECRET_BYTES = 16;

/**
 * The secret's bytes without the line break or blanks an editor leaves at the end; refused when too short to keep the
 * keys secret. `source` names the file (or the element) in the message; `file` is the file the example command
 * writes (the source itself for a file; an element, which takes bytes, needs a file name).
 */
export function secretBytes(bytes: Uint8Array, source: string, file = source): Uint8Array {
  let end = bytes.length;
  while (end > 0 && (bytes[end - 1] === 0x0a || bytes[end - 1] === 0x0d || bytes[end - 1] === 0x20 || bytes[end - 1] === 0x09)) end -= 1;
  if (end < MIN_SECRET_BYTES) {
    throw new SozialraumError(
      'empty-file',
      message(
        `holds ${end} bytes; a secret for the cell-key method needs at least ${MIN_SECRET_BYTES} (e.g. openssl rand -hex 32 > ${file})`,
        `enthält ${end} Bytes; ein Geheimnis für das Cell-Key-Verfahren braucht mindestens ${MIN_SECRET_BYTES} (z. B. openssl rand -hex 32 > ${file})`,
      ),
      { source },
    );
  }
  return bytes.subarray(0, end);
}
