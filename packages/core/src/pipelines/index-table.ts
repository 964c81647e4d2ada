// The index as a table: the one writer behind `sozialraum index` (CSV and the fields of its GeoJSON) and what a page
// writes from <sozialraum-choropleth>'s result, so that both give the same file for the same result.
import type { CsvCell } from '../io/csv-write.js';
import { writeCsvChunks } from '../io/csv-write.js';
import type { AreaIndexResult, IndexResult, IndexSpec } from '../index/spec.js';
import { zOf } from '../index/area-record.js';

/** The per-area fields of the index, in output order: index, class, label, rank, flags, z per indicator, domains, notes. */
export function indexResultFields(area: AreaIndexResult, spec: IndexSpec): Record<string, CsvCell> {
  const fields: Record<string, CsvCell> = {
    index: area.index,
    class: area.class,
    label: area.label,
    rank: area.rank,
    flags: area.flags.join('|'),
  };
  for (const indicator of spec.indicators) fields[`z_${indicator.column}`] = zOf(area, indicator.column);
  for (const domain of spec.domains ?? []) fields[`domain_${domain.id}`] = area.domains[domain.id] ?? null;
  fields.notes = area.notes.join('; ');
  return fields;
}

/** The fields of an area that has no row in the table: nothing computed, flagged missing. */
export function indexNoRowFields(spec: IndexSpec, tableSource: string): Record<string, CsvCell> {
  const fields: Record<string, CsvCell> = { index: null, class: null, label: null, rank: null, flags: 'missing' };
  for (const indicator of spec.indicators) fields[`z_${indicator.column}`] = null;
  for (const domain of spec.domains ?? []) fields[`domain_${domain.id}`] = null;
  fields.notes = `no row in ${tableSource}`;
  return fields;
}

/** The index as CSV through core's one writer: `id` and the fields of every area, in the result's order. */
export function indexCsv(result: IndexResult): string {
  return [...indexCsvChunks(result)].join('');
}

/** indexCsv's text in pieces of a few rows, for a writer that streams them: 2,000 indicators are never held whole. */
export function* indexCsvChunks(result: IndexResult): Generator<string> {
  const header = Object.keys({ id: '', ...indexNoRowFields(result.spec, '') });
  // One row at a time: 542 areas × 2,000 indicators are then never held as records and cells at once.
  function* rows(): Generator<CsvCell[]> {
    for (const area of result.areas) {
      const fields: Record<string, CsvCell> = { id: area.id, ...indexResultFields(area, result.spec) };
      yield header.map((column) => fields[column] ?? null);
    }
  }
  yield* writeCsvChunks(header, rows());
}
