// The symbols of German official statistics that stand in a cell instead of a number, and what each means.
import { message, type Message } from '../errors.js';
import type { Table } from './csv.js';

/** Why a cell holds no number, as the Zeichenerklärung of the statistical offices says it. */
export type MissingReason = 'unknown-or-secret' | 'nothing' | 'not-applicable' | 'not-reliable' | 'later' | 'no-value';

const REASONS: Readonly<Record<MissingReason, Message>> = {
  'unknown-or-secret': message('unknown or to be kept secret', 'Zahlenwert unbekannt oder geheim zu halten'),
  nothing: message('nothing there', 'nichts vorhanden'),
  'not-applicable': message('not applicable (cell logically closed)', 'Tabellenfach gesperrt, weil Aussage nicht sinnvoll'),
  'not-reliable': message('not reliable enough to be shown', 'keine Angabe, da Zahlenwert nicht sicher genug'),
  later: message('not yet available', 'Angabe fällt später an'),
  'no-value': message('no value', 'kein Wert'),
};

const SYMBOLS: ReadonlyMap<string, MissingReason> = new Map<string, MissingReason>([
  ['.', 'unknown-or-secret'],
  ['-', 'nothing'],
  ['–', 'nothing'],
  ['—', 'nothing'],
  ['x', 'not-applicable'],
  ['/', 'not-reliable'],
  ['...', 'later'],
  ['…', 'later'],
  ['na', 'no-value'],
  ['n/a', 'no-value'],
  ['nan', 'no-value'],
  ['null', 'no-value'],
  ['none', 'no-value'],
]);

/** Cells that mean "no value": empty, and every symbol above (compared in lower case, blanks removed). */
export const MISSING_CELLS: ReadonlySet<string> = new Set(['', ...SYMBOLS.keys()]);

/**
 * The meaning of a cell that holds a symbol instead of a number: "." is "unknown or secret", "–" "nothing there".
 * Undefined for a number, an empty cell or other text. The cell keeps its symbol in the table, so this flag is there
 * for every consumer while every number reader sees no value.
 */
export function missingReason(cell: string): MissingReason | undefined {
  return SYMBOLS.get(
    cell
      .trim()
      .replace(/[\u00a0\u202f ]/g, '')
      .toLowerCase(),
  );
}

/** The meaning of a reason in both languages. */
export function missingReasonText(reason: MissingReason): Message {
  return REASONS[reason];
}

export interface MissingSymbolCount {
  symbol: string;
  reason: MissingReason;
  count: number;
  /** The first cell holding it. */
  row: number;
  column: string;
}

/** Every symbol the table holds instead of numbers, with how often and where first, in order of first appearance. */
export function missingSymbols(table: Table): MissingSymbolCount[] {
  const found = new Map<string, MissingSymbolCount>();
  table.rows.forEach((row, index) => {
    for (const column of table.columns) {
      const cell = (row[column] ?? '').trim();
      if (cell === '') continue;
      const reason = missingReason(cell);
      if (!reason) continue;
      const entry = found.get(cell);
      if (entry) entry.count += 1;
      else found.set(cell, { symbol: cell, reason, count: 1, row: table.rowNumbers[index] ?? index + 2, column });
    }
  });
  return [...found.values()];
}
