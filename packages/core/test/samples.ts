// Paths and loaders for the real sample data the tests run on, and small hand-made areas for fixtures.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { loadAreas, parseCsv, type AreaCollection, type Table } from '@sozialraum/core';
import type { MultiPolygon, Polygon, Position } from 'geojson';

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

/** The closed ring of the rectangle from (x0, y0) to (x1, y1). */
export const rect = (x0: number, y0: number, x1: number, y1: number): Position[] => [
  [x0, y0],
  [x1, y0],
  [x1, y1],
  [x0, y1],
  [x0, y0],
];

/** Hand-made areas, keyed as given, in one CRS. */
export function fixtureAreas(entries: Record<string, Polygon | MultiPolygon>, crs: string): AreaCollection {
  const ids = Object.keys(entries);
  return {
    source: 'fixture',
    crs,
    idField: 'id',
    nameField: undefined,
    features: ids.map((id) => ({ type: 'Feature', properties: { id }, geometry: entries[id]! })),
    ids,
    issues: [],
  };
}

/** Absolute path of a file below test/fixtures/numbers/: inputs that used to give wrong numbers without a word. */
export function numbersFixture(name: string): string {
  return fileURLToPath(new URL(`../../../../test/fixtures/numbers/${name}`, import.meta.url));
}

export async function numbersFixtureText(name: string): Promise<string> {
  return readFile(numbersFixture(name), 'utf8');
}
