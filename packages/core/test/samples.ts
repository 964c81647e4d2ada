// Paths and loaders for the real sample data the tests run on.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { loadAreas, parseCsv, type AreaCollection, type Table } from '@sozialraum/core';

/** Absolute path of a file below data-samples/. */
export function samplePath(relative: string): string {
  return fileURLToPath(new URL(`../../../../data-samples/${relative}`, import.meta.url));
}

export async function sampleBytes(relative: string): Promise<Uint8Array> {
  return new Uint8Array(await readFile(samplePath(relative)));
}

export async function berlinAreas(format: 'geojson' | 'fgb' = 'geojson'): Promise<AreaCollection> {
  const name = `berlin/lor_planungsraeume_2021.${format}`;
  return loadAreas(await sampleBytes(name), { source: name, idField: 'PLR_ID' });
}

export async function sampleTable(relative: string): Promise<Table> {
  return parseCsv(new TextDecoder().decode(await sampleBytes(relative)), { source: relative });
}
