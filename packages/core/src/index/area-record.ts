// The result of one area, reading its raw, standardised and domain values from the columns of the computation when
// they are first asked for: most readers of 10,000 areas × 50 indicators want the index, class and rank, and
// 1,000,000 numbers copied into records would cost many times the arithmetic of the index itself.
import { MISSING, type NumberColumn } from '../io/columns.js';
import type { AreaIndexResult } from './spec.js';

/** The columns of one computation that the areas read their records from. */
export interface AreaColumns {
  names: readonly string[];
  /** The position of each name in `names`. */
  positions: ReadonlyMap<string, number>;
  domainIds: readonly string[];
  raw: readonly NumberColumn[];
  /** Oriented, standardised values; NaN where there is none. */
  standardised: readonly StandardisedColumn[];
  /** Sub-indices; NaN where there is none. */
  domainValues: readonly Float64Array[];
}

/**
 * The oriented, standardised values of one indicator: a column of them, or, for z-scores and min-max, the formula over
 * the raw column, applied when a value is read. The index adds the same values up as it computes them, so 10,000 areas
 * × 50 indicators are not written to memory and read back.
 */
export type StandardisedColumn = Float64Array | LinearColumn;

/** (value − offset) / scale, subtracted from `base` when reversed, for the valid rows that have a value. */
export interface LinearColumn {
  raw: NumberColumn;
  valid: Uint8Array;
  offset: number;
  scale: number;
  reversed: boolean;
  base: number;
}

/** The standardised value of a raw value by the linear formula; −0 written as 0. */
export function linearValue(value: number, offset: number, scale: number, reversed: boolean, base: number): number {
  const standardised = reversed ? base - (value - offset) / scale : (value - offset) / scale;
  return standardised === 0 ? 0 : standardised;
}

/** The standardised value of a row; NaN where it has none. */
export function standardisedAt(column: StandardisedColumn, row: number): number {
  if (column instanceof Float64Array) return column[row]!;
  const { raw, valid, offset, scale, reversed, base } = column;
  if (valid[row] !== 1 || raw.missing[row] !== MISSING.none) return Number.NaN;
  return linearValue(raw.values[row]!, offset, scale, reversed, base);
}

type Fields = Omit<AreaIndexResult, 'values' | 'z' | 'domains'>;
type NumberRecord = Record<string, number | null>;

/** Copies of one template share one shape, which makes filling them several times faster. */
const templates = new WeakMap<readonly string[], NumberRecord>();

function recordOf(names: readonly string[], valueAt: (position: number) => number | null): NumberRecord {
  let template = templates.get(names);
  if (!template) templates.set(names, (template = Object.fromEntries(names.map((name) => [name, null]))));
  const record = { ...template };
  for (let position = 0; position < names.length; position += 1) {
    const value = valueAt(position);
    if (value !== null) record[names[position]!] = value;
  }
  return record;
}

/** NaN as null and −0 as 0, as the results carry numbers. */
function plain(value: number): number | null {
  return Number.isNaN(value) ? null : value === 0 ? 0 : value;
}

/**
 * An AreaIndexResult whose `values`, `z` and `domains` are made from the columns when first read (then kept), and
 * written out in full by JSON.stringify. A spread copy (`{ ...area }`) would leave them out: use `withArea`.
 */
export class IndexedArea implements AreaIndexResult {
  id: string;
  row: number;
  index: number | null;
  class: number | null;
  label: string | null;
  rank: number | null;
  flags: AreaIndexResult['flags'];
  notes: string[];
  readonly #columns: AreaColumns;
  readonly #position: number;
  #values: NumberRecord | undefined;
  #z: NumberRecord | undefined;
  #domains: NumberRecord | undefined;

  constructor(columns: AreaColumns, position: number, fields: Fields) {
    this.id = fields.id;
    this.row = fields.row;
    this.index = fields.index;
    this.class = fields.class;
    this.label = fields.label;
    this.rank = fields.rank;
    this.flags = fields.flags;
    this.notes = fields.notes;
    this.#columns = columns;
    this.#position = position;
  }

  get values(): NumberRecord {
    const { raw, names } = this.#columns;
    const row = this.#position;
    return (this.#values ??= recordOf(names, (column) => (raw[column]!.missing[row] === MISSING.none ? raw[column]!.values[row]! : null)));
  }

  set values(next: NumberRecord) {
    this.#values = next;
  }

  get z(): NumberRecord {
    const { standardised, names } = this.#columns;
    return (this.#z ??= recordOf(names, (column) => plain(standardisedAt(standardised[column]!, this.#position))));
  }

  set z(next: NumberRecord) {
    this.#z = next;
  }

  get domains(): NumberRecord {
    const { domainValues, domainIds } = this.#columns;
    return (this.#domains ??= recordOf(domainIds, (domain) => plain(domainValues[domain]![this.#position]!)));
  }

  set domains(next: NumberRecord) {
    this.#domains = next;
  }

  /** The standardised value of one indicator column, read from its column without making the record of all. */
  zOf(column: string): number | null {
    if (this.#z) return this.#z[column] ?? null;
    const position = this.#columns.positions.get(column);
    return position === undefined ? null : plain(standardisedAt(this.#columns.standardised[position]!, this.#position));
  }

  /** A copy with other fields (a class of pooled years, a bivariate cell), reading the same columns. */
  with(changes: Partial<Fields>): IndexedArea {
    const copy = new IndexedArea(this.#columns, this.#position, { ...this.fields(), ...changes });
    copy.#values = this.#values;
    copy.#z = this.#z;
    copy.#domains = this.#domains;
    return copy;
  }

  /** The plain record, in the order of AreaIndexResult's fields. */
  toJSON(): AreaIndexResult {
    const { id, row, index, label, rank, flags, notes } = this;
    return { id, row, values: this.values, z: this.z, domains: this.domains, index, class: this.class, label, rank, flags, notes };
  }

  private fields(): Fields {
    const { id, row, index, label, rank, flags, notes } = this;
    return { id, row, index, class: this.class, label, rank, flags, notes };
  }
}

/** The area with other fields: a copy that keeps reading its columns where it is an IndexedArea, a spread copy otherwise. */
export function withArea(area: AreaIndexResult, changes: Partial<Fields>): AreaIndexResult {
  return area instanceof IndexedArea ? area.with(changes) : { ...area, ...changes };
}

/** The standardised value of one indicator column of an area; an IndexedArea reads it without making its record. */
export function zOf(area: AreaIndexResult, column: string): number | null {
  return area instanceof IndexedArea ? area.zOf(column) : (area.z[column] ?? null);
}
