// Disclosure control on results per area before they leave the engine: small counts, small areas, near-duplicate
// areas and estimates, each withheld or flagged with a note that says why.
import { germanNumber } from '../errors.js';
import type { Language } from '../language.js';

/** What happened to one value. 'perturbed': moved by the cell-key method (see cellkey.ts and pipelines/aggregate.ts). */
export type DisclosureFlag = 'suppressed' | 'perturbed' | 'estimated';

/** What holds for a whole area. */
export type DisclosureAreaFlag = 'small-population' | 'near-duplicate-suppressed';

/** One area's results as they come out of an aggregation: numbers by column, null where there is none. */
export interface DisclosureRow {
  id: string;
  values: Readonly<Record<string, number | null>>;
}

/** An area to withhold because it nearly repeats another one (see nearDuplicateAreas). */
export interface NearDuplicateReference {
  id: string;
  of: string;
  /** How many cells the two differ in, for the note. */
  differingCells?: number;
  /** `of` is an area of the published (reference) set, for the note. */
  inReference?: boolean;
}

/** A column that is the sum of other columns, e.g. `count` over `count_<category>`. */
export interface ColumnTotal {
  total: string;
  parts: readonly string[];
}

export interface DisclosureOptions {
  /**
   * [minCount=3] Counts above 0 and below this are suppressed. 0 itself is shown: it says that nobody is counted,
   * which tells nothing about a person, and the statistical offices publish zeros too (the Zensus lists no cell
   * with 1 or 2 persons, but leaves every unlisted cell at 0). Fractional counts, such as the share of a grid
   * cell's residents that falls into a small area, are suppressed like whole ones: 0 < 1.4 < 3.
   */
  minCount?: number;
  /** The columns that count persons (or households, cases) and may be suppressed. Other columns are left as they are. */
  countColumns: readonly string[];
  /**
   * Columns computed from a count column, by the column they come from: `{ mean: 'sum' }`. They are withheld
   * whenever that count is, since a mean times the known area gives the sum back.
   */
  derivedColumns?: Readonly<Record<string, string>>;
  /**
   * Columns that are the sum of others. When exactly one part is suppressed, the total minus the other parts would
   * give it back, so the smallest other part above 0 is suppressed too (secondary suppression), or the total when
   * there is none.
   */
  totals?: readonly ColumnTotal[];
  /** The column holding each area's population, for `minPopulation`. */
  population?: string;
  /**
   * Areas with a population below this (or none known) get the flag 'small-population' and every count and derived
   * value withheld, as the Berlin MSS does under 300 residents and the Bundesagentur für Arbeit under 1,000.
   */
  minPopulation?: number;
  /**
   * The values come from perturbed or estimated counts (Zensus 2022 cell-key method, Zensus 2011 grid): every count
   * and derived value still shown gets the flag 'estimated'.
   */
  estimated?: boolean;
  /** Areas to withhold as near-duplicates of others (nearDuplicateAreas), with a note naming the other area. */
  nearDuplicates?: readonly NearDuplicateReference[];
  /** [language='de'] Language of the notes. */
  language?: Language;
}

/** One area after disclosure control. */
export interface ProtectedRow {
  id: string;
  /** The values; suppressed and withheld ones are null, NaN became null. */
  values: Record<string, number | null>;
  /** Flags by column, for the columns that have any. */
  flags: Record<string, DisclosureFlag[]>;
  areaFlags: DisclosureAreaFlag[];
  /** Why values are missing, in words; never the suppressed number itself. */
  notes: string[];
}

export interface DisclosureResult {
  rows: ProtectedRow[];
  /** What was done over all areas, in words. */
  notes: string[];
}

/**
 * Applies disclosure control to one result row per area, in this order: areas under the minimum population and
 * near-duplicate areas are withheld whole (every count and derived column); counts between 0 and `minCount` are
 * suppressed (primary suppression); parts that would be given away by a total are suppressed with them (secondary
 * suppression); derived columns follow the counts they come from; what is still shown is flagged 'estimated' when
 * the input was. Nothing is dropped: every row comes back with its id, nulls where values are withheld, and notes
 * that say why without repeating the number that was hidden.
 */
export function applyDisclosureControl(rows: readonly DisclosureRow[], options: DisclosureOptions): DisclosureResult {
  const minCount = options.minCount ?? 3;
  if (!(minCount >= 0) || !Number.isFinite(minCount)) throw new RangeError(`minCount must be 0 or more, not ${minCount}`);
  const { minPopulation, population } = options;
  if (minPopulation !== undefined) {
    if (!(minPopulation >= 0) || !Number.isFinite(minPopulation)) throw new RangeError(`minPopulation must be 0 or more, not ${minPopulation}`);
    if (population === undefined) throw new TypeError("minPopulation needs population, the column holding each area's population");
  }
  const say = (en: string, de: string) => ((options.language ?? 'de') === 'de' ? de : en);
  const n = (value: number | undefined) => (value === undefined ? '' : (options.language ?? 'de') === 'de' ? germanNumber(value) : String(value));
  const countColumns = [...new Set(options.countColumns)];
  const derived = Object.entries(options.derivedColumns ?? {});
  const withheldColumns = [...countColumns, ...derived.map(([column]) => column).filter((column) => !countColumns.includes(column))];
  const duplicatesOf = new Map<string, NearDuplicateReference[]>();
  for (const duplicate of options.nearDuplicates ?? []) {
    const list = duplicatesOf.get(duplicate.id);
    if (list) list.push(duplicate);
    else duplicatesOf.set(duplicate.id, [duplicate]);
  }

  let primary = 0;
  let secondary = 0;
  const primaryAreas = new Set<string>();
  let smallAreas = 0;
  let duplicateAreas = 0;
  const result = rows.map((row): ProtectedRow => {
    const values: Record<string, number | null> = {};
    for (const [column, value] of Object.entries(row.values)) values[column] = value === null || Number.isNaN(value) ? null : value;
    const flags: Record<string, DisclosureFlag[]> = {};
    const areaFlags: DisclosureAreaFlag[] = [];
    const notes: string[] = [];
    const suppressed = new Set<string>();
    const suppress = (column: string) => {
      if (!(column in values)) return;
      values[column] = null;
      suppressed.add(column);
      const columnFlags = (flags[column] ??= []);
      if (!columnFlags.includes('suppressed')) columnFlags.push('suppressed');
    };

    let withheld = false;
    if (minPopulation !== undefined) {
      const people = values[population!];
      if (people === null || people === undefined || people < minPopulation) {
        areaFlags.push('small-population');
        notes.push(
          people === null || people === undefined
            ? say(
                `population unknown, so it cannot be shown to reach ${minPopulation}; counts withheld`,
                `Einwohnerzahl unbekannt, daher nicht belegbar, dass sie ${n(minPopulation)} erreicht; Fallzahlen zurückgehalten`,
              )
            : say(`population below ${minPopulation}; counts withheld`, `Einwohnerzahl unter ${n(minPopulation)}; Fallzahlen zurückgehalten`),
        );
        withheld = true;
        smallAreas += 1;
      }
    }
    const duplicates = duplicatesOf.get(row.id);
    if (duplicates) {
      areaFlags.push('near-duplicate-suppressed');
      for (const duplicate of duplicates) {
        const cells = duplicate.differingCells;
        const by = cells === undefined ? 'only slightly' : `by ${cells} ${cells === 1 ? 'cell' : 'cells'}`;
        const um = cells === undefined ? 'nur geringfügig' : `um ${n(cells)} ${cells === 1 ? 'Zelle' : 'Zellen'}`;
        notes.push(
          say(
            `differs from ${duplicate.inReference ? 'the published area ' : ''}${duplicate.of} ${by}; suppressed so the difference does not reveal a count below ${minCount}`,
            `weicht ${um} von ${duplicate.inReference ? 'dem veröffentlichten Gebiet ' : ''}${duplicate.of} ab; gesperrt, damit die Differenz keine Fallzahl unter ${n(minCount)} offenlegt`,
          ),
        );
      }
      withheld = true;
      duplicateAreas += 1;
    }
    if (withheld) {
      for (const column of withheldColumns) if (values[column] !== null && values[column] !== undefined) suppress(column);
    } else {
      const small: string[] = [];
      for (const column of countColumns) {
        const value = values[column];
        if (value !== null && value !== undefined && value > 0 && value < minCount) {
          suppress(column);
          small.push(column);
        }
      }
      if (small.length > 0) {
        primary += small.length;
        primaryAreas.add(row.id);
        notes.push(
          say(
            `${small.join(', ')}: ${small.length === 1 ? 'a count' : 'counts'} below ${minCount}, suppressed`,
            `${small.join(', ')}: ${small.length === 1 ? 'Fallzahl' : 'Fallzahlen'} unter ${n(minCount)}, gesperrt`,
          ),
        );
      }
      for (const { total, parts } of options.totals ?? []) {
        const hidden = parts.filter((part) => suppressed.has(part));
        if (hidden.length !== 1 || suppressed.has(total) || values[total] === null || values[total] === undefined) continue;
        const shown = parts.filter((part) => !suppressed.has(part) && typeof values[part] === 'number' && values[part]! > 0);
        const next = shown.sort((a, b) => values[a]! - values[b]! || a.localeCompare(b))[0] ?? total;
        suppress(next);
        secondary += 1;
        notes.push(
          say(
            `${next} suppressed too, so that ${hidden[0]} cannot be worked out from ${total}`,
            `${next} ebenfalls gesperrt, damit sich ${hidden[0]} nicht aus ${total} errechnen lässt`,
          ),
        );
      }
      const following = derived.filter(([column, from]) => suppressed.has(from) && values[column] !== null && values[column] !== undefined);
      for (const [column] of following) suppress(column);
      if (following.length > 0) {
        const names = following.map(([column]) => column).join(', ');
        notes.push(
          say(`${names}: derived from a suppressed count, suppressed with it`, `${names}: aus einer gesperrten Fallzahl abgeleitet, mit ihr gesperrt`),
        );
      }
    }
    if (options.estimated) {
      for (const column of withheldColumns) if (values[column] !== null && values[column] !== undefined) (flags[column] ??= []).push('estimated');
    }
    return { id: row.id, values, flags, areaFlags, notes };
  });

  const notes: string[] = [];
  const areasIn = primaryAreas.size;
  if (primary > 0) {
    notes.push(
      say(
        `${primary} ${primary === 1 ? 'count' : 'counts'} above 0 and below ${minCount} suppressed in ${areasIn} ${areasIn === 1 ? 'area' : 'areas'}`,
        `${n(primary)} ${primary === 1 ? 'Fallzahl' : 'Fallzahlen'} über 0 und unter ${n(minCount)} in ${n(areasIn)} ${areasIn === 1 ? 'Gebiet' : 'Gebieten'} gesperrt`,
      ),
    );
  }
  if (secondary > 0) {
    notes.push(
      say(
        `${secondary} more ${secondary === 1 ? 'value' : 'values'} suppressed so that totals do not give suppressed counts away`,
        `${n(secondary)} ${secondary === 1 ? 'weiterer Wert' : 'weitere Werte'} gesperrt, damit Summen keine gesperrten Fallzahlen verraten`,
      ),
    );
  }
  if (smallAreas > 0) {
    notes.push(
      say(
        `${smallAreas} ${smallAreas === 1 ? 'area' : 'areas'} with a population below ${minPopulation} withheld`,
        `${n(smallAreas)} ${smallAreas === 1 ? 'Gebiet' : 'Gebiete'} mit weniger als ${n(minPopulation)} Einwohnern zurückgehalten`,
      ),
    );
  }
  if (duplicateAreas > 0) {
    notes.push(
      say(
        `${duplicateAreas === 1 ? '1 area withheld as a near-duplicate of another area' : `${duplicateAreas} areas withheld as near-duplicates of other areas`}, ` +
          `so that the difference of two results does not reveal a count below ${minCount}`,
        `${duplicateAreas === 1 ? '1 Gebiet als Beinahe-Duplikat eines anderen Gebiets zurückgehalten' : `${n(duplicateAreas)} Gebiete als Beinahe-Duplikate anderer Gebiete zurückgehalten`}, ` +
          `damit die Differenz zweier Ergebnisse keine Fallzahl unter ${n(minCount)} offenlegt`,
      ),
    );
  }
  if (options.estimated) {
    notes.push(
      say(
        'the values are estimates: they come from perturbed or estimated counts (Zensus)',
        'die Werte sind Schätzungen: sie beruhen auf überlagerten oder geschätzten Fallzahlen (Zensus)',
      ),
    );
  }
  return { rows: result, notes };
}
