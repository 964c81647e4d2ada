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
  const plan = disclosurePlan(options);
  const tally: DisclosureTally = { primary: 0, secondary: 0, primaryAreas: new Set(), smallAreas: 0, duplicateAreas: 0 };
  const result = rows.map((row): ProtectedRow => {
    const area = new AreaUnderControl(row);
    const withheld = withholdsWholeArea(area, plan, tally);
    if (withheld) {
      for (const column of plan.withheldColumns) if (area.shows(column)) area.suppress(column);
    } else {
      suppressSmallCounts(area, plan, tally);
      suppressGivenAwayParts(area, plan, tally);
      suppressDerivedColumns(area, plan);
    }
    if (plan.estimated) {
      for (const column of plan.withheldColumns) if (area.shows(column)) (area.flags[column] ??= []).push('estimated');
    }
    return area.result();
  });
  return { rows: result, notes: summaryNotes(plan, tally) };
}

/** The options checked and resolved once for every row, with the wording of the notes. */
interface DisclosurePlan {
  minCount: number;
  minPopulation: number | undefined;
  population: string | undefined;
  countColumns: string[];
  derived: [column: string, from: string][];
  /** The count columns and the derived ones: what an area withheld whole loses. */
  withheldColumns: string[];
  totals: readonly ColumnTotal[];
  duplicatesOf: Map<string, NearDuplicateReference[]>;
  estimated: boolean;
  say: (en: string, de: string) => string;
  n: (value: number | undefined) => string;
}

/** What was withheld over all areas, counted for the notes. */
interface DisclosureTally {
  primary: number;
  secondary: number;
  primaryAreas: Set<string>;
  smallAreas: number;
  duplicateAreas: number;
}

function disclosurePlan(options: DisclosureOptions): DisclosurePlan {
  const minCount = options.minCount ?? 3;
  if (!(minCount >= 0) || !Number.isFinite(minCount)) throw new RangeError(`minCount must be 0 or more, not ${minCount}`);
  const { minPopulation, population } = options;
  if (minPopulation !== undefined) {
    if (!(minPopulation >= 0) || !Number.isFinite(minPopulation)) throw new RangeError(`minPopulation must be 0 or more, not ${minPopulation}`);
    if (population === undefined) throw new TypeError("minPopulation needs population, the column holding each area's population");
  }
  const german = (options.language ?? 'de') === 'de';
  const countColumns = [...new Set(options.countColumns)];
  const derived = Object.entries(options.derivedColumns ?? {});
  const duplicatesOf = new Map<string, NearDuplicateReference[]>();
  for (const duplicate of options.nearDuplicates ?? []) {
    const list = duplicatesOf.get(duplicate.id);
    if (list) list.push(duplicate);
    else duplicatesOf.set(duplicate.id, [duplicate]);
  }
  return {
    minCount,
    minPopulation,
    population,
    countColumns,
    derived,
    withheldColumns: [...countColumns, ...derived.map(([column]) => column).filter((column) => !countColumns.includes(column))],
    totals: options.totals ?? [],
    duplicatesOf,
    estimated: options.estimated === true,
    say: (en, de) => (german ? de : en),
    n: (value) => (value === undefined ? '' : german ? germanNumber(value) : String(value)),
  };
}

/** One area's row while it is being protected: its values (NaN as null), flags and notes, and what is suppressed. */
class AreaUnderControl {
  readonly id: string;
  readonly values: Record<string, number | null> = {};
  readonly flags: Record<string, DisclosureFlag[]> = {};
  readonly areaFlags: DisclosureAreaFlag[] = [];
  readonly notes: string[] = [];
  readonly suppressed = new Set<string>();

  constructor(row: DisclosureRow) {
    this.id = row.id;
    for (const [column, value] of Object.entries(row.values)) this.values[column] = value === null || Number.isNaN(value) ? null : value;
  }

  /** The column has a value that is still shown. */
  shows(column: string): boolean {
    return this.values[column] !== null && this.values[column] !== undefined;
  }

  suppress(column: string): void {
    if (!(column in this.values)) return;
    this.values[column] = null;
    this.suppressed.add(column);
    const columnFlags = (this.flags[column] ??= []);
    if (!columnFlags.includes('suppressed')) columnFlags.push('suppressed');
  }

  result(): ProtectedRow {
    return { id: this.id, values: this.values, flags: this.flags, areaFlags: this.areaFlags, notes: this.notes };
  }
}

/** Flags and notes an area below the minimum population or nearly repeating another; true when it is withheld whole. */
function withholdsWholeArea(area: AreaUnderControl, plan: DisclosurePlan, tally: DisclosureTally): boolean {
  const { minCount, minPopulation, say, n } = plan;
  let withheld = false;
  if (minPopulation !== undefined) {
    const people = area.values[plan.population!];
    if (people === null || people === undefined || people < minPopulation) {
      area.areaFlags.push('small-population');
      area.notes.push(
        people === null || people === undefined
          ? say(
              `population unknown, so it cannot be shown to reach ${minPopulation}; counts withheld`,
              `Einwohnerzahl unbekannt, daher nicht belegbar, dass sie ${n(minPopulation)} erreicht; Fallzahlen zurückgehalten`,
            )
          : say(`population below ${minPopulation}; counts withheld`, `Einwohnerzahl unter ${n(minPopulation)}; Fallzahlen zurückgehalten`),
      );
      withheld = true;
      tally.smallAreas += 1;
    }
  }
  const duplicates = plan.duplicatesOf.get(area.id);
  if (duplicates) {
    area.areaFlags.push('near-duplicate-suppressed');
    for (const duplicate of duplicates) {
      const cells = duplicate.differingCells;
      const by = cells === undefined ? 'only slightly' : `by ${cells} ${cells === 1 ? 'cell' : 'cells'}`;
      const um = cells === undefined ? 'nur geringfügig' : `um ${n(cells)} ${cells === 1 ? 'Zelle' : 'Zellen'}`;
      area.notes.push(
        say(
          `differs from ${duplicate.inReference ? 'the published area ' : ''}${duplicate.of} ${by}; suppressed so the difference does not reveal a count below ${minCount}`,
          `weicht ${um} von ${duplicate.inReference ? 'dem veröffentlichten Gebiet ' : ''}${duplicate.of} ab; gesperrt, damit die Differenz keine Fallzahl unter ${n(minCount)} offenlegt`,
        ),
      );
    }
    withheld = true;
    tally.duplicateAreas += 1;
  }
  return withheld;
}

/** Primary suppression: counts above 0 and below `minCount`. */
function suppressSmallCounts(area: AreaUnderControl, plan: DisclosurePlan, tally: DisclosureTally): void {
  const { minCount, say, n } = plan;
  const small: string[] = [];
  for (const column of plan.countColumns) {
    const value = area.values[column];
    if (value !== null && value !== undefined && value > 0 && value < minCount) {
      area.suppress(column);
      small.push(column);
    }
  }
  if (small.length === 0) return;
  tally.primary += small.length;
  tally.primaryAreas.add(area.id);
  area.notes.push(
    say(
      `${small.join(', ')}: ${small.length === 1 ? 'a count' : 'counts'} below ${minCount}, suppressed`,
      `${small.join(', ')}: ${small.length === 1 ? 'Fallzahl' : 'Fallzahlen'} unter ${n(minCount)}, gesperrt`,
    ),
  );
}

/** Secondary suppression: where one part of a total is suppressed, the smallest other part above 0 (or the total). */
function suppressGivenAwayParts(area: AreaUnderControl, plan: DisclosurePlan, tally: DisclosureTally): void {
  const { values, suppressed } = area;
  for (const { total, parts } of plan.totals) {
    const hidden = parts.filter((part) => suppressed.has(part));
    if (hidden.length !== 1 || suppressed.has(total) || values[total] === null || values[total] === undefined) continue;
    const shown = parts.filter((part) => !suppressed.has(part) && typeof values[part] === 'number' && values[part]! > 0);
    const next = shown.sort((a, b) => values[a]! - values[b]! || a.localeCompare(b))[0] ?? total;
    area.suppress(next);
    tally.secondary += 1;
    area.notes.push(
      plan.say(
        `${next} suppressed too, so that ${hidden[0]} cannot be worked out from ${total}`,
        `${next} ebenfalls gesperrt, damit sich ${hidden[0]} nicht aus ${total} errechnen lässt`,
      ),
    );
  }
}

/** Derived columns follow the count they come from. */
function suppressDerivedColumns(area: AreaUnderControl, plan: DisclosurePlan): void {
  const following = plan.derived.filter(([column, from]) => area.suppressed.has(from) && area.shows(column));
  for (const [column] of following) area.suppress(column);
  if (following.length === 0) return;
  const names = following.map(([column]) => column).join(', ');
  area.notes.push(
    plan.say(`${names}: derived from a suppressed count, suppressed with it`, `${names}: aus einer gesperrten Fallzahl abgeleitet, mit ihr gesperrt`),
  );
}

/** What was done over all areas, in words. */
function summaryNotes(plan: DisclosurePlan, tally: DisclosureTally): string[] {
  const { minCount, minPopulation, say, n } = plan;
  const { primary, secondary, smallAreas, duplicateAreas } = tally;
  const notes: string[] = [];
  const areasIn = tally.primaryAreas.size;
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
  if (plan.estimated) {
    notes.push(
      say(
        'the values are estimates: they come from perturbed or estimated counts (Zensus)',
        'die Werte sind Schätzungen: sie beruhen auf überlagerten oder geschätzten Fallzahlen (Zensus)',
      ),
    );
  }
  return notes;
}
