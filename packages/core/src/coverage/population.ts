// Residents per Sozialraum while it is being drawn: exact grid coverage of only the areas a step changed.
import type { MultiPolygon, Polygon } from 'geojson';
import { areaCoverage, coverageWeights } from '../aggregate/coverage.js';
import type { PopulationGrid } from '../aggregate/grid.js';
import type { AreaCollection } from '../io/areas.js';
import type { EditResult } from './operations/index.js';
import { areaGeometry, type Topology } from './topology.js';

/** A grid of counts (e.g. Zensus residents per 100 m cell) and its values, read once per session. */
/**
 * The population of each given area: Σ cell value × the share of the cell the area covers (core's exact coverage
 * fractions, so a split shares every boundary cell between its two parts and the parts add up to the whole). The
 * geometries are in `crs` and are reprojected into the grid's CRS. The work is confined to the cells under each
 * area's box, so it does not grow with the size of the grid or the number of other areas.
 */
export function populationOfGeometries(
  population: PopulationGrid,
  areas: readonly { key: string; geometry: Polygon | MultiPolygon }[],
  crs: string,
): Map<string, number> {
  const result = new Map<string, number>();
  if (areas.length === 0) return result;
  const collection: AreaCollection = {
    source: 'population',
    crs,
    idField: 'key',
    nameField: undefined,
    features: areas.map(({ key, geometry }) => ({ type: 'Feature', properties: { key }, geometry })),
    ids: areas.map(({ key }) => key),
    issues: [],
  };
  const weights = coverageWeights(collection, population.grid, { method: 'exact' });
  const values = population.values;
  const nodata = population.nodata;
  areas.forEach(({ key }, index) => {
    const { cells, fractions } = areaCoverage(weights, index);
    let sum = 0;
    for (let i = 0; i < cells.length; i += 1) {
      const value = values[cells[i]!]!;
      if (Number.isNaN(value) || value === nodata) continue;
      sum += value * fractions[i]!;
    }
    result.set(key, sum);
  });
  return result;
}

/**
 * The population of every area of an editing session, kept up to date step by step: `update` recomputes only the
 * areas an operation (or undo, redo) changed or added and forgets removed ones.
 */
export class LivePopulation {
  /** Residents by area key. */
  readonly values = new Map<string, number>();

  constructor(
    private readonly population: PopulationGrid,
    private readonly topology: Topology,
  ) {
    this.recompute(topology.areas.filter((area) => area !== null).map((area) => area!.key));
  }

  /** Applies the result of one step; returns the new values of the areas it touched. */
  update(result: EditResult): Map<string, number> {
    for (const key of result.removed) this.values.delete(key);
    // A re-keyed area appears under its new key; its old key is gone from the topology.
    const live = new Set(this.topology.areas.filter((area) => area !== null).map((area) => area!.key));
    for (const key of [...this.values.keys()]) if (!live.has(key)) this.values.delete(key);
    return this.recompute([...result.changed, ...result.added]);
  }

  private recompute(keys: readonly string[]): Map<string, number> {
    const areas = keys.flatMap((key) => {
      const area = this.topology.areas.find((candidate) => candidate !== null && candidate.key === key);
      return area ? [{ key, geometry: areaGeometry(this.topology, area) }] : [];
    });
    const fresh = populationOfGeometries(this.population, areas, this.topology.crs);
    for (const [key, value] of fresh) this.values.set(key, value);
    return fresh;
  }
}
