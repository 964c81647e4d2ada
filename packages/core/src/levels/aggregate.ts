// A table of child areas carried up to their parents: counts summed, rates recomputed from their parts, missing
// values reported, and counts suppressed in the children kept from being worked out from the parents.
import { SozialraumError, germanNumber, issue, message, type DataIssue } from '../errors.js';
import { assertTableColumns, type Table } from '../io/csv.js';
import { MISSING, adoptNumberColumns, numberColumn, valueAt, withMissingCodes, type NumberColumn } from '../io/columns.js';
import { keyExamples } from '../io/text.js';
import type { IndexSpec } from '../index/spec.js';
import type { Language } from '../language.js';
import { suppressAcrossLevels, type HierarchySuppression } from '../privacy/hierarchy.js';
import type { DisclosureFlag, ProtectedRow } from '../privacy/suppression.js';
import type { LevelAssignment } from './hierarchy.js';
import { levelCells, sameAssignment, sumOfChildren, type ProtectionLevel } from './protect-levels.js';

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
   * Disclosure control, off when not given: counts above 0 and below this are withheld in children and parents
   * (primary suppression), then more values until the audit finds no withheld value that everything published
   * (children, parents, every level of `hierarchy`, the total) narrows down to a count above 0 and below this
   * (secondary suppression, see suppressAcrossLevels). Rates of a parent follow its withheld numerator or denominator.
   */
  minCount?: number;
  /**
   * With `minCount`: every level the same children are published on, each with the parent of every child (from the
   * children, not step by step). The counts are protected over all of them together, so that the pattern of the
   * parents does not depend on which level a run writes: a Bezirk of one run minus the Bezirksregionen of another
   * gives nothing away. `assignment`'s own level is added when it is not among them.
   */
  hierarchy?: readonly ProtectionLevel[];
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
  assertTableColumns(table, unique([options.keyColumn, ...read]));
  if (columns.length === 0)
    throw new SozialraumError(
      'unknown-field',
      message(
        'nothing to aggregate: name count, rate or weighted columns',
        'nichts zu aggregieren: geben Sie Spalten mit Anzahlen, Quoten oder gewichteten Werten an',
      ),
      { source },
    );

  const issues: DataIssue[] = [];
  const rowOf = childRows(table, options.keyColumn, assignment, issues);
  const value = childValues(table, read, rowOf, unique(options.missingValues ?? []));
  const carry: Carrying = { source, policy, say, issues, value };
  const rows: AggregatedRow[] = assignment.parentIds.map((parent) => {
    const members = assignment.childrenOf.get(parent) ?? [];
    const row: AggregatedRow = { id: parent, children: members.length, values: {}, flags: {}, notes: [] };
    for (const column of counts) sumCount(row, members, column, carry);
    for (const entry of weighted) weightedMean(row, members, entry, carry);
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
  if (minCount !== undefined)
    children = protect(rows, counts, assignment, value, rowOf, { minCount, policy, hierarchy: options.hierarchy ?? [], notes, language });
  for (const row of rows) fillRates(row, rates, minCount !== undefined, language);
  return { keyColumn, columns, rows, ...(children ? { children } : {}), issues, notes };
}

/** What carrying a column up to one parent needs: the children's values, the policy, and where issues go. */
interface Carrying {
  source: string;
  policy: MissingPolicy;
  say: (en: string, de: string) => string;
  issues: DataIssue[];
  value: (column: string, child: string) => number | null;
}

/**
 * Each child's value by column, read from the table's typed columns (parsed once, however many levels carry it), a
 * missing-value code read as no value. Throws SozialraumError 'bad-number' at the first cell of a column that is not
 * a number, with the count of the others.
 */
function childValues(
  table: Table,
  read: readonly string[],
  rowOf: ReadonlyMap<string, number>,
  codes: readonly number[],
): (column: string, child: string) => number | null {
  const byColumn = new Map<string, NumberColumn>();
  for (const column of read) {
    const numbers = withMissingCodes(numberColumn(table, column), codes);
    if (numbers.unparseable > 0) throw badNumber(table, column, numbers);
    byColumn.set(column, numbers);
  }
  return (column, child) => {
    const numbers = byColumn.get(column);
    const position = rowOf.get(child);
    return numbers === undefined || position === undefined ? null : valueAt(numbers, position);
  };
}

/** The first cell of the column that is not a number, and how many others are not either. */
function badNumber(table: Table, column: string, numbers: NumberColumn): SozialraumError {
  const position = numbers.missing.indexOf(MISSING.unparseable);
  const cell = table.rows[position]?.[column] ?? '';
  const others = numbers.unparseable - 1;
  const more = others > 0 ? ` (${others} more cells in this column are not numbers either)` : '';
  const mehr =
    others > 0
      ? ` (${others === 1 ? 'eine weitere Zelle dieser Spalte ist ebenfalls keine Zahl' : `${germanNumber(others)} weitere Zellen dieser Spalte sind ebenfalls keine Zahlen`})`
      : '';
  return new SozialraumError('bad-number', message(`"${cell}" is not a number${more}`, `„${cell}“ ist keine Zahl${mehr}`), {
    source: table.source,
    row: table.rowNumbers[position]!,
    column,
  });
}

function flagValue(row: AggregatedRow, column: string, what: AggregateFlag): void {
  const list = (row.flags[column] ??= []);
  if (!list.includes(what)) list.push(what);
}

/** A count of the parent as the sum of its children's; partial or empty by the policy where a child has none. */
function sumCount(row: AggregatedRow, members: readonly string[], column: string, carry: Carrying): void {
  const { source, policy, say, issues } = carry;
  const { value: sum, absent } = sumOfChildren(members, (child) => carry.value(column, child), policy);
  if (absent.length === 0) {
    row.values[column] = sum;
    return;
  }
  const listed = describeChildren(absent);
  const genannt = describeChildren(absent, 'de');
  const hat = absent.length === 1 ? 'hat' : 'haben';
  if (sum !== null) {
    row.values[column] = sum;
    flagValue(row, column, 'partial');
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
        { source, key: row.id, column },
      ),
    );
  } else {
    row.values[column] = null;
    flagValue(row, column, 'missing');
    row.notes.push(say(`${column}: no value for ${listed}, so no sum`, `${column}: kein Wert für ${genannt}, daher keine Summe`));
    issues.push(
      issue(
        'missing-value',
        'warning',
        message(
          `${column} is left empty: ${listed} ${absent.length === 1 ? 'has' : 'have'} no value${policy === 'leave-empty' ? ' (policy leave-empty)' : ''}`,
          `${column} bleibt leer: ${genannt} ${hat} keinen Wert${policy === 'leave-empty' ? ' (Regel „leave-empty“)' : ''}`,
        ),
        { source, key: row.id, column },
      ),
    );
  }
}

/** A value without parts as the children's mean weighted by `entry.weight`; empty where the weights add up to 0. */
function weightedMean(row: AggregatedRow, members: readonly string[], entry: WeightedColumn, carry: Carrying): void {
  const { source, policy, say, issues } = carry;
  let total = 0;
  let weights = 0;
  const absent: string[] = [];
  for (const child of members) {
    const x = carry.value(entry.column, child);
    const w = carry.value(entry.weight, child);
    if (x === null || w === null) absent.push(child);
    else {
      total += x * w;
      weights += w;
    }
  }
  const partial = absent.length > 0;
  if ((partial && policy === 'leave-empty') || weights === 0) {
    row.values[entry.column] = null;
    flagValue(row, entry.column, 'missing');
    const why = partial ? `no value or no ${entry.weight} for ${describeChildren(absent)}` : `the weights ${entry.weight} add up to 0`;
    const warum = partial ? `kein Wert oder kein ${entry.weight} für ${describeChildren(absent, 'de')}` : `die Gewichte ${entry.weight} ergeben zusammen 0`;
    row.notes.push(say(`${entry.column}: ${why}, so no weighted mean`, `${entry.column}: ${warum}, daher kein gewichteter Mittelwert`));
    issues.push(
      issue('missing-value', 'warning', message(`${entry.column} is left empty: ${why}`, `${entry.column} bleibt leer: ${warum}`), {
        source,
        key: row.id,
        column: entry.column,
      }),
    );
    return;
  }
  row.values[entry.column] = total / weights;
  if (partial) {
    flagValue(row, entry.column, 'partial');
    row.notes.push(
      say(
        `${entry.column}: mean weighted by ${entry.weight} over ${members.length - absent.length} of ${members.length} children`,
        `${entry.column}: mit ${entry.weight} gewichteter Mittelwert über ${germanNumber(members.length - absent.length)} von ${germanNumber(members.length)} untergeordneten Gebieten`,
      ),
    );
  }
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
 * The options that carry a table up when an index spec is set: what the spec says for each of its indicators
 * (aggregationFromSpec) joined with the columns named explicitly. A column named explicitly is carried as named there
 * (an explicit `weighted` S1 replaces the spec's withholding it); explicit missing-value codes replace the spec's; the
 * rest of `explicit` (keys, `missing`, `minCount`, `hierarchy`) is kept. The command line's `aggregate-up --spec` and
 * the map's `aggregation.spec` both carry through this, so a level shows the same numbers in either.
 */
export function withSpecAggregation<T extends Partial<AggregateUpOptions>>(
  explicit: T,
  spec: IndexSpec,
  weight?: string,
): T & Required<Pick<AggregateUpOptions, 'counts' | 'rates' | 'weighted' | 'withheld'>> {
  // The key column is the caller's (the map knows it only when it carries); the spec names none.
  const fromSpec = aggregationFromSpec(spec, { keyColumn: '', ...(weight !== undefined ? { weight } : {}) });
  const named = new Set([
    ...(explicit.counts ?? []),
    ...(explicit.rates ?? []).map((rate) => rate.column),
    ...(explicit.weighted ?? []).map((entry) => entry.column),
    ...(explicit.withheld ?? []),
  ]);
  const missingValues = explicit.missingValues !== undefined && explicit.missingValues.length > 0 ? explicit.missingValues : fromSpec.missingValues;
  return {
    ...explicit,
    counts: unique([...fromSpec.counts!.filter((column) => !named.has(column)), ...(explicit.counts ?? [])]),
    rates: [...fromSpec.rates!.filter((rate) => !named.has(rate.column)), ...(explicit.rates ?? [])],
    weighted: [...fromSpec.weighted!.filter((entry) => !named.has(entry.column)), ...(explicit.weighted ?? [])],
    withheld: [...fromSpec.withheld!.filter((column) => !named.has(column)), ...(explicit.withheld ?? [])],
    ...(missingValues !== undefined ? { missingValues } : {}),
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
  const table: Table = { source, columns, rows, rowNumbers: rows.map((_, index) => index + 2), delimiter: ',', decimalSeparator: '.', issues: [] };
  // The index and the map read the parents' numbers as computed, not parsed back from the cells just written.
  adoptNumberColumns(
    table,
    columns.slice(1).flatMap((column) => computedColumn(result, column)),
  );
  return table;
}

/**
 * A column of the parents as the typed column parsing its cells would give: String(value) reads back as the same
 * number, an empty cell as 'empty'. None for a column with a value that is not finite, whose cell parses otherwise.
 */
function computedColumn(result: AggregateUpResult, column: string): NumberColumn[] {
  const count = result.rows.length;
  const values = new Float64Array(count);
  const missing = new Uint8Array(count);
  let missingCount = 0;
  for (let row = 0; row < count; row += 1) {
    const value = column === 'children' ? result.rows[row]!.children : result.rows[row]!.values[column];
    if (value === null || value === undefined) {
      values[row] = Number.NaN;
      missing[row] = MISSING.empty;
      missingCount += 1;
    } else if (Number.isFinite(value)) values[row] = value === 0 ? 0 : value;
    else return [];
  }
  return [{ column, values, missing, missingCount, unparseable: 0 }];
}

/**
 * The children's table as it may be shown next to the parents: the counts `options` carries up emptied where
 * aggregateUp withholds them (with `minCount`, over `assignment`'s level and every level of `hierarchy`), and every
 * rate of `options.rates` whose numerator or denominator is withheld emptied with it, so that the finest level of a
 * map shows no small count either. Without `minCount` the table comes back as it is.
 */
export function protectedChildTable(table: Table, assignment: LevelAssignment, options: AggregateUpOptions): Table {
  if (options.minCount === undefined) return table;
  const result = aggregateUp(table, assignment, options);
  const withheld = new Map(result.children!.map((row) => [row.id, Object.keys(row.flags).filter((column) => row.flags[column]!.includes('suppressed'))]));
  const rates = options.rates ?? [];
  const rows = table.rows.map((cells) => {
    const columns = withheld.get((cells[options.keyColumn] ?? '').trim()) ?? [];
    if (columns.length === 0) return cells;
    const shown = { ...cells };
    for (const column of columns) shown[column] = '';
    for (const rate of rates) if (columns.includes(rate.numerator) || columns.includes(rate.denominator)) shown[rate.column] = '';
    return shown;
  });
  return { ...table, rows };
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
    if (key === '')
      issues.push(
        issue('missing-key', 'warning', message('has no key and is left out', 'hat keinen Schlüssel und wird ausgelassen'), { source, row, column: keyColumn }),
      );
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
    const examples = keyExamples(unknown);
    issues.push(
      issue(
        'unmatched-keys',
        'warning',
        message(
          `${unknown.length} rows name no child area and are left out: ${examples.en}`,
          `${germanNumber(unknown.length)} ${unknown.length === 1 ? 'Zeile bezeichnet kein untergeordnetes Gebiet und wird' : 'Zeilen bezeichnen kein untergeordnetes Gebiet und werden'} ausgelassen: ${examples.de}`,
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
 * Primary and secondary suppression over the children, the parents, every level of `hierarchy` and the total, as
 * one table (see suppressAcrossLevels): the parents' pattern is the same whichever other level of the hierarchy a
 * run writes. Every withheld value gets the same flag and note, whether it is small or withheld to protect a small
 * one, since telling them apart would tell a reader that a value lies between 1 and `minCount` - 1.
 */
function protect(
  rows: AggregatedRow[],
  counts: readonly string[],
  assignment: LevelAssignment,
  value: (column: string, child: string) => number | null,
  rowOf: ReadonlyMap<string, number>,
  options: { minCount: number; policy: MissingPolicy; hierarchy: readonly ProtectionLevel[]; notes: string[]; language: Language },
): ProtectedRow[] {
  const { minCount, language } = options;
  const say = (en: string, de: string) => (language === 'de' ? de : en);
  const childIds = assignment.childIds.filter((child) => rowOf.has(child));
  const children: ProtectedRow[] = childIds.map((id) => ({
    id,
    values: Object.fromEntries(counts.map((column) => [column, value(column, id)])),
    flags: {},
    areaFlags: [],
    notes: [],
  }));
  const declared = options.hierarchy;
  const declaredHere = declared.some((level) => sameAssignment(level.assignment, assignment));
  const levels = declaredHere ? declared : [...declared, { name: say('parents', 'Elterngebiete'), assignment }];
  if (declared.length > 0 && !declaredHere) {
    options.notes.push(
      say(
        'the parents are not a level of the declared hierarchy: their pattern is their own, and their difference with other levels is protected only in this run',
        'die Elterngebiete sind keine Ebene der angegebenen Hierarchie: ihr Sperrmuster ist ein eigenes, ihre Differenz zu anderen Ebenen ist nur in diesem Lauf geschützt',
      ),
    );
  }
  const parentOfRow = new Map(rows.map((row) => [row.id, row]));
  const withheldIn = new Map<ProtectedRow | AggregatedRow, string[]>();
  const withhold = (row: ProtectedRow | AggregatedRow, column: string) => {
    row.values[column] = null;
    const flags = (row.flags[column] ??= []) as AggregateFlag[];
    if (!flags.includes('suppressed')) flags.push('suppressed');
    withheldIn.set(row, [...(withheldIn.get(row) ?? []), column]);
  };
  for (const column of counts) {
    const { table, upper, cellOf } = levelCells({ name: say('children', 'untergeordnete Gebiete'), ids: childIds, value: (id) => value(column, id) }, levels, {
      policy: options.policy,
      totalName: say('total', 'Gesamt'),
    });
    const result = suppressAcrossLevels(table, { minCount });
    const isWithheld = (cell: number | undefined) => cell !== undefined && (result.status[cell] === 'primary' || result.status[cell] === 'secondary');
    for (const child of children) if (isWithheld(cellOf[0]!.get(child.id))) withhold(child, column);
    const own = upper.findIndex((level) => sameAssignment(level.assignment, assignment)) + 1;
    for (const [id, row] of parentOfRow) if (isWithheld(cellOf[own]!.get(id))) withhold(row, column);
    options.notes.push(...lossNotes(column, result, minCount, language));
  }
  for (const [row, columns] of withheldIn) {
    row.notes.push(say(`${columns.join(', ')}: withheld (statistical confidentiality)`, `${columns.join(', ')}: gesperrt (Geheimhaltung)`));
  }
  return children;
}

/** What the suppression cost per level, against primary suppression alone, and whether the audit passed. */
function lossNotes(column: string, result: HierarchySuppression, minCount: number, language: Language): string[] {
  const de = language === 'de';
  const n = (value: number) => (de ? germanNumber(value) : String(value));
  const percent = (share: number) => {
    const text = `${(share * 100).toFixed(1)} %`;
    return de ? text.replace('.', ',') : text;
  };
  const notes = result.loss
    .filter((level) => level.values > 0)
    .map((level) =>
      de
        ? `${column}, ${level.level}: ${n(level.withheld)} von ${n(level.values)} Werten gesperrt (${percent(level.share)}; nur primäre Sperrung: ${n(level.primary)}, ${percent(level.primaryShare)})`
        : `${column}, ${level.level}: ${level.withheld} of ${level.values} values withheld (${percent(level.share)}; primary suppression alone: ${level.primary}, ${percent(level.primaryShare)})`,
    );
  const levels = result.loss.length;
  notes.push(
    result.failing.length === 0
      ? de
        ? `${column}: Prüfung über ${n(levels)} Ebenen bestanden: jeder gesperrte Wert kann nach allem Veröffentlichten 0 oder mindestens ${n(minCount)} sein`
        : `${column}: audit over ${levels} levels passed: given everything published, every withheld value may be 0 or at least ${minCount}`
      : de
        ? `${column}: Prüfung nicht bestanden: ${n(result.failing.length)} gesperrte Werte lassen sich auf eine Fallzahl unter ${n(minCount)} eingrenzen`
        : `${column}: audit failed: ${result.failing.length} withheld values can be narrowed down to a count below ${minCount}`,
  );
  return notes;
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
      row.notes.push(
        say(
          `${rate.column}: computed from the suppressed ${hiddenPart}, suppressed with it`,
          `${rate.column}: aus der gesperrten Angabe ${hiddenPart} berechnet, mit ihr gesperrt`,
        ),
      );
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
