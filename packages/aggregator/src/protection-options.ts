// The protection attributes as the aggregator passes them on, for grids, rasters and points alike.

/** An unreadable min-count keeps the default rather than turning the protection off. */
export function validMinCount(minCount: number): number {
  return Number.isFinite(minCount) && minCount >= 0 ? minCount : 3;
}

/** An unreadable or negative min-population is no minimum. */
export function validMinPopulation(minPopulation: number | undefined): number | undefined {
  return minPopulation !== undefined && Number.isFinite(minPopulation) && minPopulation >= 0 ? minPopulation : undefined;
}
