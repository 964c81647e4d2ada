// Points onto the areas: what <sozialraum-aggregator points="…"> loads when it first counts points. The counting is
// core's aggregatePoints and the protection core's protectPointAggregation, the same two calls `sozialraum aggregate
// --points` makes, and the CSV goes through the same table writer: the browser's file equals the command line's.
import {
  aggregateCsv,
  aggregatePoints,
  aggregateTable,
  loadPointsFromUrl,
  message,
  perturbationForMinCount,
  pointRecordKeys,
  protectPointAggregation,
  SozialraumError,
  type AreaCollection,
  type Language,
} from '@sozialraum/core';
import type { AreaAggregate } from '@sozialraum/worker';
import type { AggregationResult } from './sozialraum-aggregator.component.js';

export interface PointsRequest {
  areas: AreaCollection;
  url: string;
  source: string;
  /** A numeric property to add up per area (column `sum`). */
  sum: string | undefined;
  /** A property to split the counts by (columns `count_<category>`). */
  category: string | undefined;
  /** Prefix of the columns in the map's table and the CSV (`name_count`, …); without it the columns are the CLI's. */
  name: string | undefined;
  minCount: number;
  minPopulation: number | undefined;
  confidential: boolean;
  /** The office's secret (checked), given only with `confidential`: the counts are perturbed as with `--secret`. */
  secret: Uint8Array | undefined;
  language: Language;
  signal: AbortSignal;
}

/**
 * Counts the points of a file (GeoJSON, FlatGeobuf, GeoPackage, Shapefile; read by core's loadPoints as the CLI reads
 * them) per area, protects the counts and writes them as the CLI does.
 */
export async function aggregatePointsFile(request: PointsRequest): Promise<AggregationResult> {
  const { areas, source, signal, secret } = request;
  if (secret && request.sum !== undefined) {
    // As `sozialraum aggregate` refuses --sum with --secret: a sum is a magnitude, which the noise for counts does not protect.
    throw new SozialraumError(
      'unknown-field',
      message(
        'a secret perturbs counts of records; a sum adds up a value, which the cell-key method for counts does not protect: count with the secret and sum without it',
        'ein Geheimnis überlagert Fallzahlen; eine Summe addiert einen Wert, den das Cell-Key-Verfahren für Zahlen nicht schützt: zählen Sie mit dem Geheimnis und summieren Sie ohne',
      ),
      { source, column: 'sum' },
    );
  }
  const layer = await loadPointsFromUrl(request.url, { source, signal });
  if (signal.aborted) throw new SozialraumError('aborted', message('reading was cancelled', 'das Lesen wurde abgebrochen'), { source });
  const counted = aggregatePoints(areas, layer.points, {
    source,
    signal,
    crs: layer.crs,
    ...(request.sum !== undefined ? { sum: request.sum } : {}),
    ...(request.category !== undefined ? { category: request.category } : {}),
    ...(secret ? { recordKey: pointRecordKeys(secret) } : {}),
  });
  const disclosure = protectPointAggregation(counted, {
    language: request.language,
    minCount: request.minCount,
    minPopulation: request.minPopulation,
    confidential: request.confidential,
    perturbation: secret ? perturbationForMinCount(request.minCount) : undefined,
  });
  const label = (column: string) => (request.name ? `${request.name}_${column}` : column);
  const columns = disclosure.columns.map(label);
  const rows: Record<string, Record<string, string>> = {};
  for (const row of disclosure.rows) {
    rows[row.id] = Object.fromEntries(disclosure.columns.map((column) => [label(column), String(row.values[column] ?? '')]));
  }
  const stats = counted.total.sum !== undefined ? (['count', 'sum'] as const) : (['count'] as const);
  const csv = aggregateCsv(
    aggregateTable(
      disclosure,
      disclosure.columns.map((column) => ({ statistic: column, label: label(column) })),
      areas.idField,
    ),
  );
  return {
    columns,
    rows,
    source,
    value: request.sum ?? 'count',
    // A point counts in the area it lies in: the rule of a cell counted by its centre.
    method: 'centre',
    stats: [...stats],
    statColumns: Object.fromEntries(stats.map((statistic) => [statistic, label(statistic)])),
    areas: counted.areas.map((area): AreaAggregate => ({ id: area.id, count: area.count, ...(area.sum !== undefined ? { sum: area.sum } : {}) })),
    disclosure,
    estimated: false,
    issues: [...layer.issues, ...counted.issues],
    mainThread: true,
    csv,
  };
}
