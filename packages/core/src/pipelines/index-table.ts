// The index as a table: the one writer behind `sozialraum index` (CSV and the fields of its GeoJSON) and what a page
// writes from <sozialraum-choropleth>'s result, so that both give the same file for the same result.
import type { CsvCell } from '../io/csv-write.js';
import { writeCsv } from '../io/csv-write.js';
import type { AreaIndexResult, IndexResult, IndexSpec } from '../index/spec.js';

/** The per-area fields of the index, in output order: index, class, label, rank, flags, z per indicator, domains, notes. */
export function indexResultFields(area: AreaIndexResult, spec: IndexSpec): Record<string, CsvCell> {
  const fields: Record<string, CsvCell> = {
    index: area.index,
    class: area.class,
    label: area.label,
    rank: area.rank,
    flags: area.flags.join('|'),
  };
  for (const indicator of spec.indicators) fields[`z_${indicator.column}`] = area.z[indicator.column] ?? null;
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
  const rows = result.areas.map((area) => ({ id: area.id, ...indexResultFields(area, result.spec) }));
  const header = Object.keys(rows[0] ?? { id: '', ...indexNoRowFields(result.spec, '') });
  return writeCsv(
    header,
    rows.map((row) => header.map((column) => row[column as keyof typeof row] ?? null)),
  );
}
