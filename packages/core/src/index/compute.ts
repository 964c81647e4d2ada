// Computes a composite index from an indicator table and an index spec: validity, standardisation, orientation,
// combination (with sub-indices per domain), re-standardisation, classes and ranks, one result per table row.
import { withDerivedRates } from './rates.js';
import { describeLocation, germanNumber, message, SozialraumError, type Message } from '../errors.js';
import { assertTableColumns, type Table } from '../io/csv.js';
import { MISSING, numberColumn, rowCount as rowsOf, textColumn, withMissingCodes, type NumberColumn } from '../io/columns.js';
import { assignClass, classBreaks, classRanges, type ClassStatistics } from '../classify/classify.js';
import type { AreaFlag, AreaIndexResult, IndexClass, IndexResult, IndexSpec, IndicatorSpec, IndicatorStatistics, ReferenceValues } from './spec.js';
import { localiseText, type Language } from './text.js';
import { validateIndexSpec } from './validate.js';
import { IndexedArea, linearValue, type AreaColumns, type StandardisedColumn } from './area-record.js';
import { assertNoMissingCodes, assertUniqueKeys } from './table-checks.js';

export interface ComputeIndexOptions {
  /** Column of the table holding the area key; keys stay text. */
  keyColumn: string;
  /** [language='de'] Language of the class labels. */
  language?: Language;
}

type SdKind = 'population' | 'sample';

/**
 * The index of every row of `table` by `spec`: one AreaIndexResult per row, in table order, none dropped. Areas under
 * the minimum population, without a population, or (with `validity.missing` 'exclude-area') with a missing value are
 * flagged 'invalid', get no z-values, index, class or rank, and take no part in means and SDs.
 *
 * Throws SozialraumError: 'parse-error' when the spec is not valid or rows have the wrong number of cells (their
 * values cannot be told apart), 'unknown-field' naming every column the spec needs that the table lacks,
 * 'bad-number' naming the row and column of the first cell that is not a number.
 */
export function computeIndex(given: Table, spec: IndexSpec, options: ComputeIndexOptions): IndexResult {
  validateIndexSpec(spec, typeof spec?.id === 'string' ? `index spec "${spec.id}"` : 'index spec');
  // Rates the table holds only as numerator and denominator are computed from them first.
  const table = withDerivedRates(given, spec);
  const language = options.language ?? 'de';
  const { indicators } = spec;
  const sdKind: SdKind = spec.standardisation.sd ?? 'population';
  const populationColumn = spec.validity?.populationColumn;
  assertColumns(table, spec, options.keyColumn);
  assertAlignedRows(table);
  const raw = readIndicators(table, spec, options.keyColumn);
  const population = populationColumn === undefined ? undefined : readColumn(table, populationColumn, []);
  const rowCount = rowsOf(table);
  const notes: string[] = [];
  // Notes are written in the language of the labels, as the table of an element shows them.
  const say = (en: string, de: string) => (language === 'de' ? de : en);
  const n = (value: number) => (language === 'de' ? germanNumber(value) : String(value));

  // Validity: which rows take part in the means and SDs.
  const { valid, flags, areaNotes } = rowValidity(spec, raw, population, rowCount, say, n);

  // Raw statistics and the oriented, standardised value of every indicator.
  const { statistics, standardised } = standardiseIndicators(table, spec, raw, valid, notes, say);
  // Sub-indices per domain, and the combined index.
  const { domains, domainValues, index } = combineIndicators(spec, standardised, valid);
  if (spec.combination.restandardise) restandardise(index, valid, spec.combination.indexReference, sdKind, notes, say);
  const validIndex: number[] = [];
  for (let row = 0; row < rowCount; row += 1) if (valid[row] && !Number.isNaN(index[row]!)) validIndex.push(index[row]!);
  const indexSummary = describeValues(Float64Array.from(validIndex), sdKind);
  if (validIndex.length === 0) notes.push(say('no area is valid: nothing is rated', 'kein Gebiet ist gültig: nichts wird bewertet'));

  // Classes and ranks over the valid areas.
  const stats: ClassStatistics | undefined = spec.combination.restandardise
    ? { mean: 0, sd: 1 }
    : indexSummary.mean !== null
      ? { mean: indexSummary.mean, sd: indexSummary.sd ?? 0 }
      : undefined;
  const formed = classBreaks(validIndex, spec.classification, stats, language);
  notes.push(...formed.notes);
  const labels = formed.specClasses.map((specClass, position) => {
    const label = spec.classification.labels?.[specClass - 1];
    return label === undefined ? String(position + 1) : localiseText(label, language);
  });
  const ranks = competitionRanks(index, valid, (spec.direction ?? 'higher-is-need') === 'higher-is-need');

  const counts = new Array<number>(labels.length).fill(0);
  const columns: AreaColumns = {
    names: indicators.map((indicator) => indicator.column),
    positions: new Map(indicators.map((indicator, position) => [indicator.column, position])),
    domainIds: domains.map((domain) => domain.id),
    raw,
    standardised,
    domainValues,
  };
  const keys = textColumn(table, options.keyColumn);
  const areas = new Array<AreaIndexResult>(rowCount);
  for (let row = 0; row < rowCount; row += 1) {
    const value = valid[row] && !Number.isNaN(index[row]!) ? index[row]! : null;
    const classNumber = value === null ? null : assignClass(value, formed);
    if (classNumber !== null) counts[classNumber - 1]! += 1;
    areas[row] = new IndexedArea(columns, row, {
      id: keys[row]!.trim(),
      row: table.rowNumbers[row]!,
      index: value === null ? null : plainZero(value),
      class: classNumber,
      label: classNumber === null ? null : labels[classNumber - 1]!,
      rank: ranks[row]!,
      flags: flags[row] === 0 ? [] : FLAG_ORDER.filter((flag) => (flags[row]! & FLAG_BITS[flag]) !== 0),
      notes: areaNotes[row] ?? [],
    });
  }

  const classes: IndexClass[] = classRanges(formed).map((range, position) => ({
    ...range,
    label: labels[position]!,
    count: counts[position]!,
  }));
  return { spec, areas, statistics, index: indexSummary, classes, notes };
}

/**
 * The raw statistics of every indicator over the valid rows, and its oriented, standardised values: for z-scores and
 * min-max the formula over the raw column (see StandardisedColumn), otherwise a column of them (NaN where a row has
 * none). The valid values of a column are gathered into one Float64Array for the statistics.
 */
function standardiseIndicators(
  table: Table,
  spec: IndexSpec,
  raw: readonly NumberColumn[],
  valid: Uint8Array,
  notes: string[],
  say: (en: string, de: string) => string,
): { statistics: IndicatorStatistics[]; standardised: StandardisedColumn[] } {
  const sdKind: SdKind = spec.standardisation.sd ?? 'population';
  const rowCount = valid.length;
  const statistics: IndicatorStatistics[] = [];
  const scratch = new Float64Array(rowCount);
  const standardised = spec.indicators.map((indicator, position): StandardisedColumn => {
    const column = raw[position]!;
    const { values, missing } = column;
    const present = scratch.subarray(0, gatherValid(values, missing, valid, scratch));
    const summary = describeValues(present, sdKind);
    assertFiniteSpread(summary, table.source, indicator.column);
    statistics.push({ column: indicator.column, ...summary });
    const transform = standardiser(spec, indicator, present, summary, notes, say);
    if (transform?.kind === 'linear')
      return { raw: column, valid, offset: transform.offset, scale: transform.scale, reversed: transform.reversed, base: transform.base };
    const out = new Float64Array(rowCount).fill(Number.NaN);
    if (!transform) return out;
    for (let row = 0; row < rowCount; row += 1) if (valid[row] && missing[row] === MISSING.none) out[row] = plainZero(transform.of(values[row]!));
    return out;
  });
  return { statistics, standardised };
}

/** Copies the values of the valid rows that have one into `into`, and says how many. */
function gatherValid(values: Float64Array, missing: Uint8Array, valid: Uint8Array, into: Float64Array): number {
  let count = 0;
  for (let row = 0; row < valid.length; row += 1) if (valid[row] === 1 && missing[row] === 0) into[count++] = values[row]!;
  return count;
}

/** The sub-index of every domain, and the index combined from the indicators or, with `byDomain`, from the domains. */
function combineIndicators(
  spec: IndexSpec,
  standardised: readonly StandardisedColumn[],
  valid: Uint8Array,
): { domains: { id: string; weight: number; members: number[] }[]; domainValues: Float64Array[]; index: Float64Array } {
  const { indicators } = spec;
  const method = spec.combination.method;
  const weights = indicators.map((indicator) => indicator.weight ?? 1);
  const domains = (spec.domains ?? []).map((domain) => ({
    id: domain.id,
    weight: domain.weight ?? 1,
    members: indicators.flatMap((indicator, position) => (indicator.domain === domain.id ? [position] : [])),
  }));
  const domainValues = domains.map((domain) =>
    combineColumns(
      domain.members.map((member) => standardised[member]!),
      domain.members.map((member) => weights[member]!),
      method,
      valid,
    ),
  );
  const index = spec.combination.byDomain
    ? combineColumns(
        domainValues,
        domains.map((domain) => domain.weight),
        method,
        valid,
      )
    : combineColumns(standardised, weights, method, valid);
  return { domains, domainValues, index };
}

const FLAG_ORDER: readonly AreaFlag[] = ['invalid', 'missing', 'suppressed', 'estimated'];
/** The flags of a row as bits of one byte: no Set for each of 10,000 rows. */
const FLAG_BITS: Readonly<Record<AreaFlag, number>> = { invalid: 1, missing: 2, suppressed: 4, estimated: 8 };

/** Every column the spec needs, checked at once so that one run names all that are missing. */
function assertColumns(table: Table, spec: IndexSpec, keyColumn: string): void {
  const needed = [
    { column: keyColumn, role: message('the key column', 'die Schlüsselspalte') },
    // The other roles are paths in the spec, the same in both languages.
    ...spec.indicators.map((indicator, position) => ({ column: indicator.column, role: sameInBoth(`indicators[${position}].column`) })),
    ...(spec.validity?.populationColumn !== undefined ? [{ column: spec.validity.populationColumn, role: sameInBoth('validity.populationColumn') }] : []),
  ];
  assertTableColumns(table, needed);
}

function sameInBoth(code: string): Message {
  return { en: code, de: code };
}

/** Rows with more or fewer cells than the header cannot be read column by column; their numbers would be wrong. */
function assertAlignedRows(table: Table): void {
  const broken = table.issues.filter((found) => found.code === 'parse-error' && found.row !== undefined && found.row > 1);
  const first = broken[0];
  if (!first) return;
  const location = { source: table.source, row: first.row! };
  const without = (text: string, language: Language) => {
    const prefix = `${describeLocation(location, language)}: `;
    return text.startsWith(prefix) ? text.slice(prefix.length) : text;
  };
  const problem = message(without(first.text.en, 'en'), without(first.text.de, 'de'));
  const rest = broken.length - 1;
  const more = message(
    rest > 0 ? ` (${rest} more rows alike)` : '',
    rest > 0 ? ` (${germanNumber(rest)} weitere ${rest === 1 ? 'Zeile' : 'Zeilen'} ebenso)` : '',
  );
  const comma = table.delimiter === ',';
  throw new SozialraumError(
    'parse-error',
    message(
      `${problem.en}${more.en}, so its values cannot be assigned to columns` +
        (comma ? '; a decimal comma in a comma-separated file splits a number into two cells: quote such cells or export with semicolons' : ''),
      `${problem.de}${more.de}, daher lassen sich ihre Werte keinen Spalten zuordnen` +
        (comma
          ? '; ein Dezimalkomma in einer kommagetrennten Datei teilt eine Zahl auf zwei Zellen auf: setzen Sie solche Zellen in Anführungszeichen oder exportieren Sie mit Semikolon'
          : ''),
    ),
    location,
  );
}

/**
 * The indicator columns as numbers. Standardised, a key twice counts its area twice in the mean and SD, and a
 * missing-value code read as a number sets the SD, so both are refused; shown as it is (a single indicator, the map
 * joining the first row of a key), each stays visible in its row.
 */
function readIndicators(table: Table, spec: IndexSpec, keyColumn: string): NumberColumn[] {
  const standardising = spec.standardisation.method !== 'none';
  const raw = spec.indicators.map((indicator) => {
    const column = readColumn(table, indicator.column, indicator.missingValues ?? []);
    if (standardising) assertNoMissingCodes(table, column, indicator.dataValues ?? []);
    return column;
  });
  if (standardising) assertUniqueKeys(table, keyColumn);
  return raw;
}

/** A column as numbers, with the spec's missing-value codes marked; a cell that is not a number stops the run. */
function readColumn(table: Table, column: string, missingCodes: readonly number[]): NumberColumn {
  const read = numberColumn(table, column);
  if (read.unparseable > 0) {
    const position = read.missing.indexOf(MISSING.unparseable);
    const cell = table.rows[position]?.[column] ?? '';
    const rest = read.unparseable - 1;
    const more = rest > 0 ? ` (${rest} more cells in this column are not numbers either)` : '';
    const mehr =
      rest > 0 ? ` (${germanNumber(rest)} weitere ${rest === 1 ? 'Zelle' : 'Zellen'} dieser Spalte ${rest === 1 ? 'ist' : 'sind'} ebenfalls keine Zahl)` : '';
    const hint =
      table.decimalSeparator === '.' && /^[-+]?\d+,\d+$/.test(cell)
        ? message(
            `; the table uses a decimal point, so write ${cell.replace(',', '.')}`,
            `; die Tabelle verwendet den Dezimalpunkt, schreiben Sie also ${cell.replace(',', '.')}`,
          )
        : table.decimalSeparator === ',' && /^[-+]?\d+\.\d+$/.test(cell)
          ? message(
              `; the table uses a decimal comma, so write ${cell.replace('.', ',')}`,
              `; die Tabelle verwendet das Dezimalkomma, schreiben Sie also ${cell.replace('.', ',')}`,
            )
          : message('', '');
    throw new SozialraumError('bad-number', message(`"${cell}" is not a number${more}${hint.en}`, `„${cell}“ ist keine Zahl${mehr}${hint.de}`), {
      source: table.source,
      row: table.rowNumbers[position]!,
      column,
    });
  }
  return withMissingCodes(read, missingCodes);
}

/**
 * Values so large that their mean or SD overflows (±1e300 and the like) would turn every z-value into 0 without a
 * word; they are refused naming the column.
 */
function assertFiniteSpread(summary: Omit<IndicatorStatistics, 'column'>, source: string, column: string): void {
  const broken = [summary.mean, summary.sd].some((value) => value !== null && !Number.isFinite(value));
  if (broken) {
    throw new SozialraumError(
      'bad-number',
      message(
        `the values (from ${summary.min} to ${summary.max}) are too large to standardise: their mean or standard deviation exceeds the range of numbers`,
        `die Werte (von ${germanNumber(summary.min ?? Number.NaN)} bis ${germanNumber(summary.max ?? Number.NaN)}) sind zu groß zum Standardisieren: ` +
          'ihr Mittelwert oder ihre Standardabweichung überschreitet den Zahlenbereich',
      ),
      { source, column },
    );
  }
}

/**
 * n, mean, SD, min and max; null where there are no values, SD also for one value and the sample SD. The same numbers
 * simple-statistics gives, to the last bit: its compensated (Kahan–Babuška) sum for the mean, then the plain sum of
 * the squared deviations from it, here in two passes instead of its six.
 */
function describeValues(values: Float64Array, sdKind: SdKind): Omit<IndicatorStatistics, 'column'> {
  const n = values.length;
  if (n === 0) return { n, mean: null, sd: null, min: null, max: null };
  let sum = values[0]!;
  let correction = 0;
  let min = sum;
  let max = sum;
  for (let position = 1; position < n; position += 1) {
    const value = values[position]!;
    const next = sum + value;
    if (Math.abs(sum) >= Math.abs(value)) correction += sum - next + value;
    else correction += value - next + sum;
    sum = next;
    if (value > max) max = value;
    if (value < min) min = value;
  }
  const mean = (sum + correction) / n;
  let squares = 0;
  for (let position = 0; position < n; position += 1) {
    const deviation = values[position]! - mean;
    squares += deviation * deviation;
  }
  const sd = sdKind === 'sample' ? (n > 1 ? Math.sqrt(squares / (n - 1)) : null) : n === 1 ? 0 : Math.sqrt(squares / n);
  return { n, mean, sd, min, max };
}

/**
 * The function from a raw value to its oriented, standardised value; undefined when no valid area has a value.
 * Constant columns give 0 (z-score) or 0.5 (min-max, the middle of its range) for every area, with a note.
 */
function standardiser(
  spec: IndexSpec,
  indicator: IndicatorSpec,
  present: Float64Array,
  summary: Omit<IndicatorStatistics, 'column'>,
  notes: string[],
  say: (en: string, de: string) => string,
): Transform | undefined {
  const of = (transform: (value: number) => number): Transform => ({ kind: 'function', of: transform });
  const absent = () =>
    say(
      `${column}: no valid area has a value, so it takes no part in the index`,
      `${column}: kein gültiges Gebiet hat einen Wert, daher geht die Spalte nicht in den Index ein`,
    );
  const { column } = indicator;
  const reversed = indicator.direction === 'lower-is-need';
  const reference = spec.standardisation.reference;
  const fixed = typeof reference === 'object' ? reference.fixed[column] : undefined;
  switch (spec.standardisation.method) {
    case 'none':
      return of(reversed ? (value) => -value : (value) => value);
    case 'z-score': {
      const { mean, sd } = fixed && 'mean' in fixed ? fixed : { mean: summary.mean, sd: summary.sd };
      if (mean === null || sd === null) {
        if (present.length === 0) notes.push(absent());
        else {
          notes.push(
            say(
              `${column}: only one valid area has a value, whose sample SD is not defined; its z-value is 0`,
              `${column}: nur ein gültiges Gebiet hat einen Wert, dessen Stichproben-Standardabweichung nicht definiert ist; sein z-Wert ist 0`,
            ),
          );
        }
        return present.length === 0 ? undefined : of(() => 0);
      }
      if (sd === 0) {
        notes.push(
          say(
            `${column} is ${mean} in every valid area (SD 0): its z-values are 0`,
            `${column} ist in jedem gültigen Gebiet ${germanNumber(mean)} (Standardabweichung 0): die z-Werte sind 0`,
          ),
        );
        return of(() => 0);
      }
      // -(value - mean) / sd, written 0 - (value - mean) / sd: the same number, −0 aside, which becomes 0 anyway.
      return { kind: 'linear', offset: mean, scale: sd, reversed, base: 0 };
    }
    case 'min-max': {
      const { min, max } = fixed && 'min' in fixed ? fixed : { min: summary.min, max: summary.max };
      if (min === null || max === null) {
        notes.push(absent());
        return undefined;
      }
      if (max === min) {
        notes.push(
          say(
            `${column} is ${min} in every valid area: its min-max values are 0.5`,
            `${column} ist in jedem gültigen Gebiet ${germanNumber(min)}: die Min-Max-Werte sind 0,5`,
          ),
        );
        return of(() => 0.5);
      }
      return { kind: 'linear', offset: min, scale: max - min, reversed, base: 1 };
    }
    case 'percentile-rank': {
      if (present.length === 0) {
        notes.push(absent());
        return undefined;
      }
      const sorted = present.slice().sort();
      const n = sorted.length;
      return of((value) => {
        const below = firstAtLeast(sorted, value, false);
        const ties = firstAtLeast(sorted, value, true) - below;
        const rank = (below + 0.5 * ties) / n;
        return reversed ? 1 - rank : rank;
      });
    }
  }
}

/**
 * How a raw value becomes its standardised value: (value − offset) / scale, subtracted from `base` when reversed
 * (z-score, min-max), run as one loop over the column; or a function of the value (ranks, constants).
 */
type Transform = { kind: 'linear'; offset: number; scale: number; reversed: boolean; base: number } | { kind: 'function'; of: (value: number) => number };

/** Position of the first element ≥ value (or > value with `strictly`) in an ascending array. */
function firstAtLeast(sorted: Float64Array, value: number, strictly: boolean): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    const element = sorted[middle]!;
    if (element < value || (strictly && element === value)) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * Combines columns row by row over the valid rows, leaving out cells without a value (NaN): their sum, mean or
 * weighted mean; NaN where no column has a value, or the weights of those that have add up to 0. Column by column,
 * so that 10,000 areas × 50 indicators stay a few tight loops.
 */
function combineColumns(
  columns: readonly StandardisedColumn[],
  weights: readonly number[],
  method: IndexSpec['combination']['method'],
  valid: Uint8Array,
): Float64Array {
  const rowCount = valid.length;
  const total = new Float64Array(rowCount);
  const present = new Uint32Array(rowCount);
  const weighted = method === 'weighted-mean';
  const weightTotal = weighted ? new Float64Array(rowCount) : total;
  for (let position = 0; position < columns.length; position += 1) {
    const column = columns[position]!;
    // Sum and mean weigh every column 1, and value × 1 is the value.
    const weight = weighted ? weights[position]! : 1;
    if (column instanceof Float64Array) {
      for (let row = 0; row < rowCount; row += 1) {
        const value = column[row]!;
        if (value !== value || !valid[row]) continue;
        total[row]! += weighted ? value * weight : value;
        if (weighted) weightTotal[row]! += weight;
        present[row]! += 1;
      }
      continue;
    }
    // The linear formula applied as the values are added: no column of them is written and read back.
    const { raw, offset, scale, reversed, base } = column;
    const { values, missing } = raw;
    for (let row = 0; row < rowCount; row += 1) {
      if (valid[row] !== 1 || missing[row] !== 0) continue;
      const value = linearValue(values[row]!, offset, scale, reversed, base);
      total[row]! += weighted ? value * weight : value;
      if (weighted) weightTotal[row]! += weight;
      present[row]! += 1;
    }
  }
  const combined = new Float64Array(rowCount);
  for (let row = 0; row < rowCount; row += 1) {
    if (!valid[row] || present[row] === 0) combined[row] = Number.NaN;
    else if (method === 'sum') combined[row] = total[row]!;
    else if (method === 'mean') combined[row] = total[row]! / present[row]!;
    else combined[row] = weightTotal[row] === 0 ? Number.NaN : total[row]! / weightTotal[row]!;
  }
  return combined;
}

/**
 * Whether the indicators an area has (by `present`) carry weight in the combination: always for sum and mean; for a
 * weighted mean, their weights (and with byDomain, the weights of the domains that keep a sub-index) must not all be 0.
 */
function weighsSomething(spec: IndexSpec, present: (position: number) => boolean): boolean {
  if (spec.combination.method !== 'weighted-mean') return true;
  const carries = (positions: number[]) => positions.some((position) => present(position) && (spec.indicators[position]!.weight ?? 1) > 0);
  const all = spec.indicators.map((_, position) => position);
  if (!spec.combination.byDomain) return carries(all);
  return (spec.domains ?? []).some((domain) => (domain.weight ?? 1) > 0 && carries(all.filter((position) => spec.indicators[position]!.domain === domain.id)));
}

/** z-standardises the index over the valid areas, or against the index reference of a base year. */
function restandardise(
  index: Float64Array,
  valid: Uint8Array,
  reference: ReferenceValues | undefined,
  sdKind: SdKind,
  notes: string[],
  say: (en: string, de: string) => string,
): void {
  const present = new Float64Array(index.length);
  let count = 0;
  for (let row = 0; row < index.length; row += 1) if (valid[row] && !Number.isNaN(index[row]!)) present[count++] = index[row]!;
  const { mean, sd } = reference ?? describeValues(present.subarray(0, count), sdKind);
  if (mean === null) return;
  if (sd === null || sd === 0) {
    notes.push(
      say(
        'the combined index is the same in every valid area (SD 0): its re-standardised values are 0',
        'der zusammengesetzte Index ist in jedem gültigen Gebiet gleich (Standardabweichung 0): seine restandardisierten Werte sind 0',
      ),
    );
  }
  for (let row = 0; row < index.length; row += 1) {
    const value = index[row]!;
    if (!valid[row] || Number.isNaN(value)) continue;
    index[row] = sd === null || sd === 0 ? 0 : plainZero((value - mean) / sd);
  }
}

/**
 * Rank 1 for the most need; equal index values share the lowest rank of their group (1, 2, 2, 4): one more than the
 * number of valid values with more need, counted by binary search in the sorted values.
 */
function competitionRanks(index: Float64Array, valid: Uint8Array, higherIsNeed: boolean): (number | null)[] {
  const values = new Float64Array(index.length);
  let count = 0;
  for (let row = 0; row < index.length; row += 1) if (valid[row] && !Number.isNaN(index[row]!)) values[count++] = index[row]!;
  const sorted = values.subarray(0, count).sort();
  const ranks = new Array<number | null>(index.length).fill(null);
  for (let row = 0; row < index.length; row += 1) {
    const value = index[row]!;
    if (!valid[row] || Number.isNaN(value)) continue;
    ranks[row] = (higherIsNeed ? count - firstAtLeast(sorted, value, true) : firstAtLeast(sorted, value, false)) + 1;
  }
  return ranks;
}

/** −0 written as 0, so that results compare and print as people expect. */
function plainZero(value: number): number {
  return value === 0 ? 0 : value;
}

/**
 * Which rows take part in the means and SDs, with the flags and notes that say why a row does not. The missing
 * values are counted column by column; only the rows lacking one are looked at one by one.
 */
function rowValidity(
  spec: IndexSpec,
  raw: readonly NumberColumn[],
  population: NumberColumn | undefined,
  rowCount: number,
  say: (en: string, de: string) => string,
  n: (value: number) => string,
): { valid: Uint8Array; flags: Uint8Array; areaNotes: (string[] | undefined)[] } {
  const { indicators } = spec;
  const populationColumn = spec.validity?.populationColumn;
  const valid = new Uint8Array(rowCount).fill(1);
  const flags = new Uint8Array(rowCount);
  const areaNotes = new Array<string[] | undefined>(rowCount);
  const note = (row: number, text: string) => (areaNotes[row] ??= []).push(text);
  const minPopulation = spec.validity?.minPopulation;
  // Written once: a German number is formatted by Intl, some microseconds each, and 10,000 rows may be under it.
  const minimum = minPopulation === undefined ? '' : n(minPopulation);
  const missingPolicy = spec.validity?.missing ?? 'exclude-area';
  const lacking = new Uint32Array(rowCount);
  for (const column of raw) {
    if (column.missingCount === 0) continue;
    for (let row = 0; row < rowCount; row += 1) if (column.missing[row] !== MISSING.none) lacking[row]! += 1;
  }
  const invalid = (row: number, text: string) => {
    valid[row] = 0;
    flags[row]! |= FLAG_BITS.invalid;
    note(row, text);
  };
  for (let row = 0; row < rowCount; row += 1) {
    if (minPopulation !== undefined && population && populationColumn !== undefined) {
      if (population.missing[row] !== MISSING.none) invalid(row, say(`${populationColumn} missing`, `${populationColumn} fehlt`));
      else if (population.values[row]! < minPopulation) {
        const inhabitants = population.values[row]!;
        invalid(row, say(`${populationColumn} ${inhabitants} under ${minPopulation}`, `${populationColumn} ${n(inhabitants)} unter ${minimum}`));
      }
    }
    if (lacking[row] === 0) continue;
    const missing = indicators.filter((_, position) => raw[position]!.missing[row] !== MISSING.none).map((indicator) => indicator.column);
    const fehlt = missing.length === 1 ? 'fehlt' : 'fehlen';
    flags[row]! |= FLAG_BITS.missing;
    if (missingPolicy === 'exclude-area') invalid(row, say(`${missing.join(', ')} missing`, `${missing.join(', ')} ${fehlt}`));
    else if (missing.length === indicators.length) {
      invalid(row, say(`${missing.join(', ')} missing: no indicator value`, `${missing.join(', ')} ${fehlt}: kein Indikatorwert`));
    } else if (!weighsSomething(spec, (position) => raw[position]!.missing[row] === MISSING.none)) {
      invalid(
        row,
        say(
          `${missing.join(', ')} missing: the indicators left have weight 0 between them`,
          `${missing.join(', ')} ${fehlt}: die übrigen Indikatoren haben zusammen das Gewicht 0`,
        ),
      );
    } else {
      note(
        row,
        say(`${missing.join(', ')} missing, skipped`, `${missing.join(', ')} ${missing.length === 1 ? 'fehlt und wird' : 'fehlen und werden'} übergangen`),
      );
    }
  }
  return { valid, flags, areaNotes };
}
