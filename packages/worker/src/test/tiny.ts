// A raster and two areas small enough to check by hand, for the pool's tests and the CSP probe.
import type { AreaCollection, Grid } from '@sozialraum/core';

/** 4 × 4 cells of 100 m in EPSG:3035; cell i (row by row from the north-west) holds the value i + 1. */
export const TINY_GRID: Grid = { crs: 'EPSG:3035', originX: 4_000_000, originY: 3_000_000, cellWidth: 100, cellHeight: 100, columns: 4, rows: 4 };

export function tinyValues(): Float64Array {
  return Float64Array.from({ length: 16 }, (_, cell) => cell + 1);
}

function square(minX: number, minY: number, maxX: number, maxY: number): number[][][] {
  return [
    [
      [minX, minY],
      [maxX, minY],
      [maxX, maxY],
      [minX, maxY],
      [minX, minY],
    ],
  ];
}

/**
 * "A" covers the four north-western cells whole (1 + 2 + 5 + 6 = 14 on 0.04 km², 350 per km²); "B" a quarter of
 * the cell in column 2, row 3 (value 15: 3.75 on 0.0025 km², 1,500 per km²).
 */
export function tinyAreas(): AreaCollection {
  const polygons = [square(4_000_000, 2_999_800, 4_000_200, 3_000_000), square(4_000_250, 2_999_650, 4_000_300, 2_999_700)];
  const ids = ['A', 'B'];
  return {
    source: 'tiny.geojson',
    crs: 'EPSG:3035',
    idField: 'id',
    nameField: undefined,
    ids,
    issues: [],
    features: polygons.map((coordinates, index) => ({ type: 'Feature', properties: { id: ids[index] }, geometry: { type: 'Polygon', coordinates } })),
  };
}

export const TINY_EXPECTED = [
  { id: 'A', sum: 14, density: 350, count: 4, mean: 3.5 },
  { id: 'B', sum: 3.75, density: 1500, count: 1, mean: 15 },
];
