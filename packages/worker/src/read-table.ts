// The read-table task: a CSV table read in a worker and sent back as typed columns whose buffers are transferred, so
// that a large indicator table is parsed beside the page instead of on its thread, and never copied cell by cell.
// Registered by the worker script; importing this module registers it (also for pools without workers).
import { decodeText, parseCsv, type CsvOptions } from '@sozialraum/core';
import { packTable, type PackedTable } from './protocol.js';
import { registerTask } from './tasks.js';

/** The bytes of a CSV file, transferred to the worker, and how to read them (delimiter, decimal separator). */
export interface ReadTableRequest extends Omit<CsvOptions, 'decimalConvention'> {
  bytes: ArrayBuffer;
}

/** The table of the bytes (decoded as offices write them: UTF-8, BOM, Windows-1252), packed; unpackTable reads it. */
export function readTableTask(input: ReadTableRequest): PackedTable {
  const { bytes, ...options } = input;
  // The worker's table is not used after this: its columns go as they are, not copied.
  return packTable(parseCsv(decodeText(new Uint8Array(bytes)), options), { copy: false });
}

registerTask('read-table', readTableTask);
