// A table of child areas carried up to their parents: counts summed, rates recomputed from their parts, missing
// values reported, and counts suppressed in the children kept from being worked out from the parents.
import { SozialraumError, germanNumber, issue, message, type DataIssue } from '../errors.js';
import { numericColumn, type Table } from '../io/csv.js';
import { describeNames } from '../io/text.js';
import type { IndexSpec } from '../index/spec.js';
import type { Language } from '../language.js';
import { applyDisclosureControl, type DisclosureFlag, type ProtectedRow } from '../privacy/suppression.js';
import type { LevelAssignment } from './hierarchy.js';

/** A rate recomputed in the parent from the sums of its parts: numerator / denominator × scale. */
export interface RateColumn {
  column: string;
  numerator: string;
  denominator: string;
  /** [scale=1] 100 for a percentage. */
  scale?: number;
}

/** A value without parts carried as the mean of the children weighted by another column (e.g. the population). */
export interface WeightedColumn {
  column: string;
  weight: string;
}

/**
 * What a parent gets when a child has no value: 'leave-empty' gives it no value; 'sum-known' adds up the children
 * that have one and flags the result 'partial'. Either way the parent and the children are reported.
 */
export type MissingPolicy = 'leave-empty' | 'sum-known';

export interface AggregateUpOptions {
  /** Column of the table holding the child key. */
  keyColumn: string;
  /** [parentKeyColumn='id'] Column of the result holding the parent key. */
  parentKeyColumn?: string;
  /** Columns of counts (persons, households, cases), summed. */
  counts?: readonly string[];
  /** Rates recomputed from summed numerators and denominators, never averaged. Their parts are summed too. */
  rates?: readonly RateColumn[];
  /** Values without parts carried as weighted means; only where a weight says how much each child counts. */
  weighted?: readonly WeightedColumn[];
  /** Columns that cannot be carried up (rates without parts or weight): left empty, each with an issue saying why. */
  withheld?: readonly string[];
  /** Cell values meaning "no value", e.g. [-9999] in the MSS tables; empty cells are always missing. */
  missingValues?: readonly number[];
  /** [missing='leave-empty'] See MissingPolicy. */
  missing?: MissingPolicy;
  /**
   * Disclosure control, off when not given: counts above 0 and below this are suppressed in children and parents,
   * and where a parent minus its other children would give a suppressed child back (one suppressed child, or
   * suppressed children adding up to less than this), the smallest other child is suppressed too, or the parent when
   * there is none. Rates of a parent follow its suppressed numerator or denominator.
   */
  minCount?: number;
  /** [language='de'] Language of the notes (rows, children and over all); issues carry both languages anyway. */
  language?: Language;
}

/** What happened to one value of a parent. */
export type AggregateFlag = DisclosureFlag | 'partial' | 'missing';

/** One parent area with its values. */
export interface AggregatedRow {
  id: string;
  /** Number of children the hierarchy assigns to it. */
  children: number;
  /** By column; null where there is no value, or it is withheld. */
  values: Record<string, number | null>;
  /** Flags by column, for the columns that have any. */
  flags: Record<string, AggregateFlag[]>;
  /** Why values are missing or partial, in words; never a suppressed number. */
  notes: string[];
}

export interface AggregateUpResult {
  /** Column of the parent key. */
  keyColumn: string;
  /** The value columns, in output order: counts, then rates with their parts, then weighted and withheld columns. */
  columns: string[];
  /** One row per parent, in the order of `assignment.parentIds`. */
  rows: AggregatedRow[];
  /**
   * With `minCount`: the children's counts after disclosure control, secondary suppressions included. They are
   * what may be published next to the parents; publishing the unprotected child table would undo the protection.
   */
  children?: ProtectedRow[];
  issues: DataIssue[];
  /** What was done over all areas, in words. */
  notes: string[];
}

/**
 * Carries a table of child areas up to their parents along `assignment`. Counts are summed; rates are recomputed
 * from summed numerators and denominators; values without parts are weighted means where a weight is given and
 * otherwise left empty with an issue. A missing child value (empty cell, a missing-value code, a child without row)
 * is handled by `missing` and reported per parent and column. Table rows of children the hierarchy does not know
 * are reported and left out.
 *
 * Throws SozialraumError 'unknown-field' naming every column the table lacks, and 'bad-number' for a cell that is
 * not a number.
 */
export function aggregateUp(table: Table, assignment: LevelAssignment, options: AggregateUpOptions): AggregateUpResult {
  const { source } = table;
  const policy = options.missing ?? 'leave-empty';
  const keyColumn = options.parentKeyColumn ?? 'id';
  const rates = options.rates ?? [];
  const weighted = options.weighted ?? [];
  const withheld = options.withheld ?? [];
  const minCount = options.minCount;
  const language = options.language ?? 'de';
  const say = (en: string, de: string) => (language === 'de' ? de : en);
  if (minCount !== undefined && !(minCount >= 0 && Number.isFinite(minCount))) throw new RangeError(`minCount must be 0 or more, not ${minCount}`);
  // Numerators and denominators are counts of their own: summed, shown and protected like them.
  const counts = unique([...(options.counts ?? []), ...rates.flatMap((rate) => [rate.numerator, rate.denominator])]);
  const columns = unique([...counts, ...rates.map((rate) => rate.column), ...weighted.map((entry) => entry.column), ...withheld]);
  const read = unique([...counts, ...weighted.flatMap((entry) => [entry.column, entry.weight])]);
  assertColumns(table, [options.keyColumn, ...read]);
  if (columns.length === 0) throw new SozialraumError(
      'unknown-field',
      message('nothing to aggregate: name count, rate or weighted columns', 'nichts zu aggregieren: geben Sie Spalten mit Anzahlen, Quoten oder gewichteten Werten an'),
      { source },
    );

  const issues: DataIssue[] = [];
  const rowOf = childRows(table, options.keyColumn, assignment, issues);
  const codes = new Set(options.missingValues ?? []);
  const valueOf = new Map<string, Map<string, number | null>>();
  for (const column of read) {
    const { values, issues: problems } = numericColumn(table, column);
    const first = problems[0];
    if (first) {
      const cell = table.rows[table.rowNumbers.indexOf(first.row!)]?.[column] ?? '';
      const others = problems.length - 1;
      const more = others > 0 ? ` (${others} more cells in this column are not numbers either)` : '';
      const mehr = others > 0 ? ` (${others === 1 ? 'eine weitere Zelle dieser Spalte ist ebenfalls keine Zahl' : `${germanNumber(others)} weitere Zellen dieser Spalte sind ebenfalls keine Zahlen`})` : '';
      throw new SozialraumError('bad-number', message(`"${cell}" is not a number${more}`, `„${cell}“ ist keine Zahl${mehr}`), { source, row: first.row!, column });
    }
    const byChild = new Map<string, number | null>();
    for (const [child, position] of rowOf) {
      const value = values[position]!;
      byChild.set(child, value !== null && codes.has(value) ? null : value);
    }
    valueOf.set(column, byChild);
  }
  const value = (column: string, child: string): number | null => valueOf.get(column)?.get(child) ?? null;

  const rows: AggregatedRow[] = assignment.parentIds.map((parent) => {
    const members = assignment.childrenOf.get(parent) ?? [];
    const row: AggregatedRow = { id: parent, children: members.length, values: {}, flags: {}, notes: [] };
    const flag = (column: string, what: AggregateFlag) => {
      const list = (row.flags[column] ??= []);
      if (!list.includes(what)) list.push(what);
    };
    for (const column of counts) {
      const absent = members.filter((child) => value(column, child) === null);
      const known = members.filter((child) => value(column, child) !== null).reduce((sum, child) => sum + value(column, child)!, 0);
      if (absent.length === 0) {
        row.values[column] = members.length === 0 ? null : known;
        continue;
      }
      const listed = describeChildren(absent);
      const genannt = describeChildren(absent, 'de');
      const hat = absent.length === 1 ? 'hat' : 'haben';
      if (policy === 'sum-known' && absent.length < members.length) {
        row.values[column] = known;
        flag(column, 'partial');
        row.notes.push(
          say(
            `${column}: sum of ${members.length - absent.length} of ${members.length} children; no value for ${listed}`,
            `${column}: Summe aus ${germanNumber(members.length - absent.length)} von ${germanNumber(members.length)} untergeordneten Gebieten; kein Wert für ${genannt}`,
          ),
        );
        issues.push(
          issue(
            'missing-value',
            'warning',
            message(
              `${column} is the sum of the children that have a value; ${listed} ${absent.length === 1 ? 'has' : 'have'} none`,
              `${column} ist die Summe der untergeordneten Gebiete mit Wert; ${genannt} ${hat} keinen`,
            ),
            { source, key: parent, column },
          ),
        );
      } else {
        row.values[column] = null;
        flag(column, 'missing');
        row.notes.push(say(`${column}: no value for ${listed}, so no sum`, `${column}: kein Wert für ${genannt}, daher keine Summe`));
        issues.push(
          issue(
            'missing-value',
            'warning',
            message(
              `${column} is left empty: ${listed} ${absent.length === 1 ? 'has' : 'have'} no value${policy === 'leave-empty' ? ' (policy leave-empty)' : ''}`,
              `${column} bleibt leer: ${genannt} ${hat} keinen Wert${policy === 'leave-empty' ? ' (Regel „leave-empty“)' : ''}`,
            ),
            { source, key: parent, column },
          ),
        );
      }
    }
    for (const entry of weighted) {
      let total = 0;
      let weights = 0;
      const absent: string[] = [];
      for (const child of members) {
        const x = value(entry.column, child);
        const w = value(entry.weight, child);
        if (x === null || w === null) absent.push(child);
        else {
          total += x * w;
          weights += w;
        }
      }
      const partial = absent.length > 0;
      if ((partial && policy === 'leave-empty') || weights === 0) {
        row.values[entry.column] = null;
        flag(entry.column, 'missing');
        const why = partial ? `no value or no ${entry.weight} for ${describeChildren(absent)}` : `the weights ${entry.weight} add up to 0`;
        const warum = partial ? `kein Wert oder kein ${entry.weight} für ${describeChildren(absent, 'de')}` : `die Gewichte ${entry.weight} ergeben zusammen 0`;
        row.notes.push(say(`${entry.column}: ${why}, so no weighted mean`, `${entry.column}: ${warum}, daher kein gewichteter Mittelwert`));
        issues.push(issue('missing-value', 'warning', message(`${entry.column} is left empty: ${why}`, `${entry.column} bleibt leer: ${warum}`), { source, key: parent, column: entry.column }));
        continue;
      }
      row.values[entry.column] = total / weights;
      if (partial) {
        flag(entry.column, 'partial');
        row.notes.push(
          say(
            `${entry.column}: mean weighted by ${entry.weight} over ${members.length - absent.length} of ${members.length} children`,
            `${entry.column}: mit ${entry.weight} gewichteter Mittelwert über ${germanNumber(members.length - absent.length)} von ${germanNumber(members.length)} untergeordneten Gebieten`,
          ),
        );
      }
    }
    for (const column of withheld) row.values[column] = null;
    return row;
  });
  for (const column of withheld) {
    issues.push(
      issue(
        'missing-value',
        'warning',
        message(
          'is a rate without numerator and denominator, and no weight column was given: an unweighted average of rates would be wrong, so it is left empty in every parent',
          'ist eine Quote ohne Zähler und Nenner, und es wurde keine Gewichtungsspalte angegeben: ein ungewichteter Mittelwert von Quoten wäre falsch, daher bleibt sie in jedem Elterngebiet leer',
        ),
        { source, column },
      ),
    );
  }

  const notes: string[] = [];
  let children: ProtectedRow[] | undefined;
  if (minCount !== undefined) children = protect(rows, counts, assignment, value, rowOf, minCount, notes, language);
  for (const row of rows) fillRates(row, rates, minCount !== undefined, language);
  return { keyColumn, columns, rows, ...(children ? { children } : {}), issues, notes };
}

/**
 * The options that carry the indicators of an index spec up: numerators and denominators as counts, indicators with
 * both as rates (× 100 where the unit is %), the population column as a count, and every other indicator weighted by
 * `weight` when given, otherwise withheld.
 */
export function aggregationFromSpec(spec: IndexSpec, options: { keyColumn: string; weight?: string }): AggregateUpOptions {
  const rates: RateColumn[] = [];
  const weighted: WeightedColumn[] = [];
  const withheld: string[] = [];
  for (const indicator of spec.indicators) {
    if (indicator.numerator !== undefined && indicator.denominator !== undefined) {
      rates.push({ column: indicator.column, numerator: indicator.numerator, denominator: indicator.denominator, scale: indicator.unit === '%' ? 100 : 1 });
    } else if (options.weight !== undefined) {
      weighted.push({ column: indicator.column, weight: options.weight });
    } else {
      withheld.push(indicator.column);
    }
  }
  const population = spec.validity?.populationColumn;
  const missingValues = unique(spec.indicators.flatMap((indicator) => indicator.missingValues ?? []));
  return {
    keyColumn: options.keyColumn,
    counts: population !== undefined ? [population] : [],
    rates,
    weighted,
    withheld,
    ...(missingValues.length > 0 ? { missingValues } : {}),
  };
}

/**
 * The parents as a table: the parent key column, `children` (the number of children) and the value columns, numbers
 * with a decimal point and empty cells where there is no value. It can be written as CSV or handed to computeIndex.
 */
export function aggregatedTable(result: AggregateUpResult, source: string): Table {
  const columns = [result.keyColumn, 'children', ...result.columns.filter((column) => column !== result.keyColumn && column !== 'children')];
  const rows = result.rows.map((row) => {
    const cells: Record<string, string> = { [result.keyColumn]: row.id, children: String(row.children) };
    for (const column of columns.slice(2)) {
      const value = row.values[column];
      cells[column] = value === null || value === undefined ? '' : String(value === 0 ? 0 : value);
    }
    return cells;
  });
  return { source, columns, rows, rowNumbers: rows.map((_, index) => index + 2), delimiter: ',', decimalSeparator: '.', issues: [] };
}

/** Position of each child's row in the table; rows naming no child or repeating one are reported. */
function childRows(table: Table, keyColumn: string, assignment: LevelAssignment, issues: DataIssue[]): Map<string, number> {
  const { source } = table;
  const known = new Set(assignment.childIds);
  const rowOf = new Map<string, number>();
  const unknown: { key: string; row: number }[] = [];
  table.rows.forEach((cells, position) => {
    const key = (cells[keyColumn] ?? '').trim();
    const row = table.rowNumbers[position]!;
    if (key === '') issues.push(issue('missing-key', 'warning', message('has no key and is left out', 'hat keinen Schlüssel und wird ausgelassen'), { source, row, column: keyColumn }));
    else if (rowOf.has(key)) {
      const first = table.rowNumbers[rowOf.get(key)!];
      issues.push(
        issue(
          'duplicate-key',
          'warning',
          message(`repeats the key of row ${first}; only that row is used`, `wiederholt den Schlüssel aus Zeile ${first}; nur jene Zeile wird verwendet`),
          { source, row, key },
        ),
      );
    } else if (!known.has(key)) unknown.push({ key, row });
    else rowOf.set(key, position);
  });
  if (rowOf.size === 0 && table.rows.length > 0) {
    const first = (table.rows[0]![keyColumn] ?? '').trim();
    const area = assignment.childIds[0] ?? '';
    throw new SozialraumError(
      'no-match',
      message(
        `no key in column "${keyColumn}" names a child area (table: "${first}", areas: "${area}")`,
        `kein Schlüssel in Spalte „${keyColumn}“ bezeichnet ein untergeordnetes Gebiet (Tabelle: „${first}“, Gebiete: „${area}“)`,
      ),
      { source, column: keyColumn },
    );
  }
  if (unknown.length > 0) {
    const more = unknown.length > 5 ? ', …' : '';
    const en = unknown.slice(0, 5).map(({ key, row }) => `"${key}" (row ${row})`).join(', ');
    const de = unknown.slice(0, 5).map(({ key, row }) => `„${key}“ (Zeile ${row})`).join(', ');
    issues.push(
      issue(
        'unmatched-keys',
        'warning',
        message(
          `${unknown.length} rows name no child area and are left out: ${en}${more}`,
          `${germanNumber(unknown.length)} ${unknown.length === 1 ? 'Zeile bezeichnet kein untergeordnetes Gebiet und wird' : 'Zeilen bezeichnen kein untergeordnetes Gebiet und werden'} ausgelassen: ${de}${more}`,
        ),
        { source, column: keyColumn },
      ),
    );
  }
  const unassigned = [...rowOf.keys()].filter((child) => !assignment.parentOf.has(child));
  if (unassigned.length > 0) {
    issues.push(
      issue(
        'unmatched-keys',
        'warning',
        message(
          `${unassigned.length} rows belong to children without parent and count nowhere: ${describeChildren(unassigned)}`,
          `${germanNumber(unassigned.length)} ${unassigned.length === 1 ? 'Zeile gehört zu einem untergeordneten Gebiet ohne Elterngebiet und zählt' : 'Zeilen gehören zu untergeordneten Gebieten ohne Elterngebiet und zählen'} nirgends: ${describeChildren(unassigned, 'de')}`,
        ),
        { source, column: keyColumn },
      ),
    );
  }
  const rowless = assignment.childIds.filter((child) => !rowOf.has(child) && assignment.parentOf.has(child));
  if (rowless.length > 0) {
    issues.push(
      issue(
        'unmatched-keys',
        'warning',
        message(
          `${rowless.length} child areas have no row, so their values are missing: ${describeChildren(rowless)}`,
          `${germanNumber(rowless.length)} ${rowless.length === 1 ? 'untergeordnetes Gebiet hat keine Zeile, seine Werte fehlen' : 'untergeordnete Gebiete haben keine Zeile, ihre Werte fehlen'} daher: ${describeChildren(rowless, 'de')}`,
        ),
        { source, column: keyColumn },
      ),
    );
  }
  return rowOf;
}

/**
 * Primary suppression in children and parents, then secondary suppression across the two levels: as long as a
 * parent's shown count minus its shown children gives back one suppressed child, or suppressed children adding up to
 * less than `minCount`, the smallest other child above 0 is suppressed too, or the parent when none is left.
 */
function protect(
  rows: AggregatedRow[],
  counts: readonly string[],
  assignment: LevelAssignment,
  value: (column: string, child: string) => number | null,
  rowOf: ReadonlyMap<string, number>,
  minCount: number,
  notes: string[],
  language: Language,
): ProtectedRow[] {
  const say = (en: string, de: string) => (language === 'de' ? de : en);
  const n = (value: number) => (language === 'de' ? germanNumber(value) : String(value));
  const childIds = assignment.childIds.filter((child) => rowOf.has(child));
  const { rows: children, notes: childNotes } = applyDisclosureControl(
    childIds.map((id) => ({ id, values: Object.fromEntries(counts.map((column) => [column, value(column, id)])) })),
    { countColumns: counts, minCount, language },
  );
  notes.push(...childNotes.map((note) => say(`children: ${note}`, `untergeordnete Gebiete: ${note}`)));
  const childRow = new Map(children.map((row) => [row.id, row]));
  let primary = 0;
  let secondary = 0;
  for (const row of rows) {
    const suppress = (column: string) => {
      row.values[column] = null;
      const list = (row.flags[column] ??= []);
      if (!list.includes('suppressed')) list.push('suppressed');
    };
    const small = counts.filter((column) => {
      const shown = row.values[column];
      return shown !== null && shown !== undefined && shown > 0 && shown < minCount;
    });
    for (const column of small) suppress(column);
    if (small.length > 0) {
      primary += small.length;
      row.notes.push(
        say(
          `${small.join(', ')}: ${small.length === 1 ? 'a count' : 'counts'} below ${minCount}, suppressed`,
          `${small.join(', ')}: ${small.length === 1 ? 'Fallzahl' : 'Fallzahlen'} unter ${n(minCount)}, gesperrt`,
        ),
      );
    }
    const members = (assignment.childrenOf.get(row.id) ?? []).map((child) => childRow.get(child)).filter((child) => child !== undefined);
    for (const column of counts) {
      for (;;) {
        if (row.values[column] === null || row.values[column] === undefined) break;
        const hidden = members.filter((child) => child.values[column] === null && value(column, child.id) !== null);
        const hiddenSum = hidden.reduce((sum, child) => sum + value(column, child.id)!, 0);
        if (hidden.length === 0 || (hidden.length > 1 && hiddenSum >= minCount)) break;
        const next = members
          .filter((child) => typeof child.values[column] === 'number' && child.values[column]! > 0)
          .sort((a, b) => a.values[column]! - b.values[column]! || a.id.localeCompare(b.id))[0];
        secondary += 1;
        if (!next) {
          suppress(column);
          const ids = hidden.map((child) => child.id);
          row.notes.push(
            say(
              `${column} suppressed, so that it does not give away the suppressed count of ${describeChildren(ids)}`,
              `${column} gesperrt, damit die Angabe die gesperrte Fallzahl von ${describeChildren(ids, 'de')} nicht verrät`,
            ),
          );
          break;
        }
        next.values[column] = null;
        const list = (next.flags[column] ??= []);
        if (!list.includes('suppressed')) list.push('suppressed');
        next.notes.push(
          say(
            `${column} suppressed too, so that ${row.id} minus its other children does not give away a suppressed count`,
            `${column} ebenfalls gesperrt, damit ${row.id} abzüglich der übrigen untergeordneten Gebiete keine gesperrte Fallzahl verrät`,
          ),
        );
      }
    }
  }
  if (primary > 0) {
    notes.push(
      say(
        `parents: ${primary} ${primary === 1 ? 'count' : 'counts'} above 0 and below ${minCount} suppressed`,
        `Elterngebiete: ${n(primary)} ${primary === 1 ? 'Fallzahl' : 'Fallzahlen'} über 0 und unter ${n(minCount)} gesperrt`,
      ),
    );
  }
  if (secondary > 0) {
    notes.push(
      say(
        `${secondary} more ${secondary === 1 ? 'value' : 'values'} suppressed so that no parent minus its other children gives a suppressed child's count away`,
        `${n(secondary)} ${secondary === 1 ? 'weiterer Wert' : 'weitere Werte'} gesperrt, damit kein Elterngebiet abzüglich seiner übrigen untergeordneten Gebiete die gesperrte Fallzahl eines untergeordneten Gebiets verrät`,
      ),
    );
  }
  return children;
}

/** A parent's rates from its summed parts; empty where a part is missing or suppressed, or the denominator is 0. */
function fillRates(row: AggregatedRow, rates: readonly RateColumn[], protectedCounts: boolean, language: Language): void {
  const say = (en: string, de: string) => (language === 'de' ? de : en);
  for (const rate of rates) {
    const numerator = row.values[rate.numerator];
    const denominator = row.values[rate.denominator];
    const hiddenPart = [rate.numerator, rate.denominator].find((part) => row.flags[part]?.includes('suppressed'));
    if (protectedCounts && hiddenPart !== undefined) {
      row.values[rate.column] = null;
      (row.flags[rate.column] ??= []).push('suppressed');
      row.notes.push(say(`${rate.column}: computed from the suppressed ${hiddenPart}, suppressed with it`, `${rate.column}: aus der gesperrten Angabe ${hiddenPart} berechnet, mit ihr gesperrt`));
    } else if (numerator === null || numerator === undefined || denominator === null || denominator === undefined) {
      row.values[rate.column] = null;
      (row.flags[rate.column] ??= []).push('missing');
    } else if (denominator === 0) {
      row.values[rate.column] = null;
      row.notes.push(say(`${rate.column}: ${rate.denominator} is 0, so no rate`, `${rate.column}: ${rate.denominator} ist 0, daher keine Quote`));
    } else {
      row.values[rate.column] = (numerator / denominator) * (rate.scale ?? 1);
      const partial = [rate.numerator, rate.denominator].some((part) => row.flags[part]?.includes('partial'));
      if (partial) (row.flags[rate.column] ??= []).push('partial');
    }
  }
}

function assertColumns(table: Table, needed: readonly string[]): void {
  const absent = unique(needed).filter((column) => !table.columns.includes(column));
  if (absent.length === 0) return;
  const names = absent.map((column) => `"${column}"`).join(', ');
  const namen = absent.map((column) => `„${column}“`).join(', ');
  throw new SozialraumError(
    'unknown-field',
    message(`has no column ${names}; the columns are ${describeNames(table.columns)}`, `hat keine Spalte ${namen}; die Spalten sind ${describeNames(table.columns, 20, 'de')}`),
    { source: table.source },
  );
}

/** '"01100101"', '"01100101", "01100102" and 3 more'; in German '„01100101“, „01100102“ und 3 weitere'. */
function describeChildren(ids: readonly string[], language: Language = 'en'): string {
  const de = language === 'de';
  const shown = ids.slice(0, 3).map((id) => (de ? `„${id}“` : `"${id}"`));
  const and = de ? 'und' : 'and';
  if (ids.length <= 3) return shown.length === 1 ? shown[0]! : `${shown.slice(0, -1).join(', ')} ${and} ${shown.at(-1)}`;
  return de ? `${shown.join(', ')} und ${germanNumber(ids.length - 3)} weitere` : `${shown.join(', ')} and ${ids.length - 3} more`;
}

function unique<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}
