// Area attributes that an edit makes wrong and the toolkit can recompute: sizes (GROESSE_M2, FLAECHE_HA, Shape_Area,
// …) in the unit the column's name says, from the new geometry. A split part must not keep the whole area's size.
import type { Position } from 'geojson';
import { polygonsArea } from '../geometry/index.js';
import { transformer } from '../crs/index.js';
import { areaGeometry, type Topology, type TopologyArea } from './topology.js';

/** Size columns by name, with the square metres in one unit of theirs. */
const SIZE_COLUMNS: readonly { pattern: RegExp; squareMetres: number; decimals: number }[] = [
  { pattern: /^(groesse|größe|flaeche|fläche)(_?m2|_?qm)?$|^shape_area$/i, squareMetres: 1, decimals: 2 },
  { pattern: /^(groesse|größe|flaeche|fläche)_?ha$/i, squareMetres: 1e4, decimals: 4 },
  { pattern: /^(groesse|größe|flaeche|fläche)_?km2$/i, squareMetres: 1e6, decimals: 6 },
];

/**
 * Area in square metres of polygons in `crs`, measured on EPSG:3035 (equal-area), as publishers state sizes: Berlin's
 * GROESSE_M2 are true areas, about 0.05 % above the planar areas in UTM 33 (whose scale is 0.9997 there).
 */
export function squareMetres(polygons: readonly (readonly (readonly Position[])[])[], crs: string): number {
  if (crs === 'EPSG:3035') return polygonsArea(polygons);
  const toEqualArea = transformer(crs, 'EPSG:3035');
  return polygonsArea(polygons.map((polygon) => polygon.map((ring) => ring.map((position) => toEqualArea(position)))));
}

/**
 * The area's properties with every size column it has set from its geometry now; the other properties as they were.
 * A size column holding text keeps text (as a file with "366755.5" in quotes had it); an empty one stays empty.
 */
export function withRecomputedSizes(topology: Pick<Topology, 'arcs' | 'crs'>, area: TopologyArea): Record<string, unknown> {
  const columns = Object.keys(area.properties)
    .map((name) => ({ name, size: SIZE_COLUMNS.find((entry) => entry.pattern.test(name)) }))
    .filter((entry) => entry.size !== undefined && isNumberLike(area.properties[entry.name]));
  if (columns.length === 0) return area.properties;
  const geometry = areaGeometry(topology, area);
  const m2 = squareMetres(geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates, topology.crs);
  const properties = { ...area.properties };
  for (const { name, size } of columns) {
    const value = Number((m2 / size!.squareMetres).toFixed(size!.decimals));
    properties[name] = typeof area.properties[name] === 'string' ? String(value) : value;
  }
  return properties;
}

function isNumberLike(value: unknown): boolean {
  if (typeof value === 'number') return Number.isFinite(value);
  return typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value));
}
