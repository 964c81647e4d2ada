// Checks of an indicator table before it is standardised: a key twice, or a code for "no value" read as a number,
// would each move the mean and SD of every area without a word.
import { SozialraumError, germanNumber, message } from '../errors.js';
import type { Table } from '../io/csv.js';
import { MISSING, textColumn, type NumberColumn } from '../io/columns.js';

/**
 * Refuses a table in which a key appears twice: both rows would be rated and enter the mean and SD, and the area
 * would count double. Cells are read trimmed, so keys that differ only in surrounding blanks or tabs ("\t=1+1" and
 * "=1+1") are the same key; the message says so.
 */
export function assertUniqueKeys(table: Table, keyColumn: string): void {
  const keys = textColumn(table, keyColumn);
  // The keys of a table do not change: checked once, not every time an index is computed over it again.
  if (uniqueKeys.has(keys)) return;
  const firstRow = new Map<string, number>();
  keys.forEach((key, index) => {
    if (key === '') return;
    const rowNumber = table.rowNumbers[index]!;
    const first = firstRow.get(key);
    if (first === undefined) {
      firstRow.set(key, rowNumber);
      return;
    }
    const repeats = keys.filter((other) => other === key).length;
    throw new SozialraumError(
      'duplicate-key',
      message(
        `repeats the key "${key}" of row ${first}${repeats > 2 ? ` (${repeats} rows have it)` : ''}; each area needs one row, or it is rated twice and counts twice in the mean and SD (blanks and tabs around a key are not part of it)`,
        `wiederholt den Schlüssel „${key}“ aus Zeile ${first}${repeats > 2 ? ` (${repeats} Zeilen haben ihn)` : ''}; jedes Gebiet braucht eine Zeile, sonst wird es zweimal bewertet und zählt in Mittelwert und Standardabweichung doppelt (Leerzeichen und Tabulatoren um einen Schlüssel gehören nicht dazu)`,
      ),
      { source: table.source, row: rowNumber, column: keyColumn, key },
    );
  });
  uniqueKeys.add(keys);
}

const uniqueKeys = new WeakSet<readonly string[]>();

/**
 * Whether a number is written like the codes statistics offices use for "no value": all nines (999, -9999, 99999)
 * or -99 and -9. Only these are suspected, so that an ordinary large or negative value never is.
 */
function looksLikeCode(value: number): boolean {
  if (!Number.isInteger(value)) return false;
  if (value === -99 || value === -9) return true;
  // All nines, three or more: the digits of the number, not of its text, so that no string is made per cell.
  let rest = Math.abs(value);
  if (rest < 999) return false;
  while (rest >= 10) {
    if (rest % 10 !== 9) return false;
    rest = (rest - 9) / 10;
  }
  return rest === 9;
}

/**
 * Refuses a column that holds a value written like a missing-value code (-9999, 99999, …) and lying farther outside
 * the other values than their whole range, unless the spec names it: in `missingValues` (then it is no value) or
 * in `dataValues` (then it is data). Standardised with it, the SD of the column would be the code's, not the areas'.
 */
export function assertNoMissingCodes(table: Table, read: NumberColumn, dataValues: readonly number[]): void {
  // A column does not change: checked once for the data values given, not every time an index is computed over it.
  const key = dataValues.join(' ');
  let checked = codesChecked.get(read);
  if (checked?.has(key)) return;
  findMissingCodes(table, read, dataValues);
  if (!checked) codesChecked.set(read, (checked = new Set()));
  checked.add(key);
}

const codesChecked = new WeakMap<NumberColumn, Set<string>>();

function findMissingCodes(table: Table, read: NumberColumn, dataValues: readonly number[]): void {
  const { column, missing } = read;
  const data = new Set(dataValues);
  let low = Infinity;
  let high = -Infinity;
  const suspects: number[] = [];
  const values = read.values;
  for (let index = 0; index < values.length; index += 1) {
    if (missing[index] !== MISSING.none) continue;
    const value = values[index]!;
    // Codes are whole numbers; the test of the digits is kept for those.
    if (Number.isInteger(value) && looksLikeCode(value) && !data.has(value)) suspects.push(index);
    else {
      if (value < low) low = value;
      if (value > high) high = value;
    }
  }
  if (suspects.length === 0 || low > high) return;
  const spread = Math.max(high - low, Math.abs(high), Math.abs(low), 1e-9);
  const far = suspects.filter((index) => values[index]! < low - spread || values[index]! > high + spread);
  const first = far[0];
  if (first === undefined) return;
  const code = values[first]!;
  const times = far.filter((index) => values[index] === code).length;
  throw new SozialraumError(
    'missing-value',
    message(
      `${code} looks like a code for "no value": it lies far outside the other values of the column (from ${low} to ${high})${times > 1 ? ` and appears in ${times} rows` : ''}; ` +
        `name it in the indicator's missingValues ([${code}]) if it means no value, or in its dataValues if it is data`,
      `${germanNumber(code)} sieht aus wie ein Code für „kein Wert“: er liegt weit außerhalb der übrigen Werte der Spalte (von ${germanNumber(low)} bis ${germanNumber(high)})${times > 1 ? ` und steht in ${times} Zeilen` : ''}; ` +
        `nennen Sie ihn in missingValues des Indikators ([${code}]), wenn er „kein Wert“ bedeutet, oder in dataValues, wenn er ein Wert ist`,
    ),
    { source: table.source, row: table.rowNumbers[first]!, column },
  );
}
