// Numbers as German and English offices write them: which decimal separator a table uses, and each cell's value.
// Below the CSV reader and the typed columns, which both read numbers through it.
import { SozialraumError, germanNumber, message, type Message } from '../errors.js';
import { MISSING_CELLS } from './symbols.js';

/** A decimal comma: "1,5", "-0,25", "1.234,5", or German thousands points in groups: "1.234.567". */
const COMMA_DECIMAL = /^[-+]?\d{1,3}(\.\d{3})*,\d+$|^[-+]?\d+,\d+$|^[-+]?\d{1,3}(\.\d{3}){2,}$/;
/** A decimal point: "1.5", "2.5e-3", "1,234.5", or English thousands commas in groups: "1,234,567". */
const POINT_DECIMAL = /^[-+]?\d+\.\d+([eE][-+]?\d+)?$|^[-+]?\d{1,3}(,\d{3})+\.\d+$|^[-+]?\d{1,3}(,\d{3}){2,}$/;
/** "4.226" or "4,226": three digits after one separator read as decimals in one convention and thousands in the other. */
const EITHER = /^[-+]?\d{1,3}[.,]\d{3}$/;

export const EITHER_KIND = 1;
export const COMMA_KIND = 2;
export const POINT_KIND = 3;
const OTHER_KIND = 4;

/**
 * How a cell of the common form "[sign]digits separator digits" tells the separator, as the expressions above would,
 * by one scan of its characters: EITHER_KIND for one to three digits and then three, else COMMA_KIND or POINT_KIND;
 * 0 for a cell without a separator between digits (nothing to tell), OTHER_KIND for every other form.
 */
function simpleDecimal(cell: string): number {
  const length = cell.length;
  let position = 0;
  const first = cell.charCodeAt(0);
  if (first === 45 || first === 43) position = 1;
  const start = position;
  while (position < length && isDigit(cell.charCodeAt(position))) position += 1;
  const whole = position - start;
  if (position === length) return 0;
  const separator = cell.charCodeAt(position);
  if (whole === 0 || (separator !== 44 && separator !== 46)) return OTHER_KIND;
  position += 1;
  const fractionStart = position;
  while (position < length && isDigit(cell.charCodeAt(position))) position += 1;
  const fraction = position - fractionStart;
  if (position !== length || fraction === 0) return OTHER_KIND;
  if (whole <= 3 && fraction === 3) return EITHER_KIND;
  return separator === 44 ? COMMA_KIND : POINT_KIND;
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

/**
 * An attribute or option naming the decimal separator as parseCsv's option: "." or ",", nothing when not set;
 * anything else is refused rather than ignored, since ignoring it would fall back to telling it from the cells.
 */
export function decimalSeparatorOption(value: string | null | undefined, source: string): { decimalSeparator?: ',' | '.' } {
  if (value === undefined || value === null) return {};
  if (value === '.' || value === ',') return { decimalSeparator: value };
  throw new SozialraumError('parse-error', message(`must be "." or ",", not "${value}"`, `muss „.“ oder „,“ sein, nicht „${value}“`), { source });
}

/** How the decimal separator of a table was decided, for `info` and for the reader who doubts a number. */
export interface DecimalEvidence {
  separator: ',' | '.';
  /** The evidence in both languages: "given", "12 cells such as "1,5" (row 2, column "S1") …". */
  text: Message;
}

/**
 * Decides between decimal comma and decimal point from how the cells are written, and says from which cells.
 * "4.226" is 4.226 to pandas and 4226 to a German office: when every cell with a separator is of that kind, no
 * other cell tells which, and the file is not comma-delimited (where a decimal comma would need quotes), the table
 * is refused with the first such cell rather than read a thousand times too large or too small.
 */
export function decideDecimalSeparator(
  rows: readonly Record<string, string>[],
  columns: readonly string[],
  delimiter: string,
  rowNumbers: readonly number[],
  source: string,
  convention?: DecimalEvidence,
): DecimalEvidence {
  const tally = new DecimalTally();
  rows.forEach((row, index) => {
    const rowNumber = rowNumbers[index] ?? index + 2;
    for (const column of columns) tally.cell(row[column] ?? '', rowNumber, column);
  });
  return tally.decide(delimiter, source, convention);
}

/** A cell that tells the decimal separator, where it stands. */
interface TellingCell {
  cell: string;
  row: number;
  column: string;
}

/**
 * The cells that tell the decimal separator, counted in the order of the table (row by row, then column by column):
 * how many are written with a comma, how many with a point, and the first of each kind, for the evidence.
 */
export class DecimalTally {
  commas = 0;
  points = 0;
  firstComma: TellingCell | undefined;
  firstPoint: TellingCell | undefined;
  firstEither: TellingCell | undefined;

  /** Counts one cell (of at most 40 characters; longer ones are text). */
  cell(cell: string, row: number, column: string): void {
    if (cell.length > 40) return;
    const simple = simpleDecimal(cell);
    if (simple === 0) return;
    if (simple === OTHER_KIND) {
      if (!/\d[.,]\d/.test(cell)) return;
      this.kind(EITHER.test(cell) ? EITHER_KIND : COMMA_DECIMAL.test(cell) ? COMMA_KIND : POINT_DECIMAL.test(cell) ? POINT_KIND : 0, cell, row, column);
    } else this.kind(simple, cell, row, column);
  }

  /** Counts a cell already known to be of the kind: EITHER_KIND, COMMA_KIND or POINT_KIND (0: nothing to count). */
  kind(kind: number, cell: string, row: number, column: string): void {
    if (kind === EITHER_KIND) this.firstEither ??= { cell, row, column };
    else if (kind === COMMA_KIND) {
      this.commas += 1;
      this.firstComma ??= { cell, row, column };
    } else if (kind === POINT_KIND) {
      this.points += 1;
      this.firstPoint ??= { cell, row, column };
    }
  }

  /** The separator the counted cells tell, with the evidence; see decideDecimalSeparator. */
  decide(delimiter: string, source: string, convention?: DecimalEvidence): DecimalEvidence {
    const { commas, points, firstComma, firstPoint, firstEither } = this;
    if (commas > 0 || points > 0) {
      const separator = commas === points ? (delimiter === ',' ? '.' : ',') : commas > points ? ',' : '.';
      const [count, first] = separator === ',' ? [commas, firstComma!] : [points, firstPoint!];
      const where = `row ${first.row}, column "${first.column}"`;
      const wo = `Zeile ${first.row}, Spalte „${first.column}“`;
      const against = separator === ',' ? points : commas;
      return {
        separator,
        text: message(
          `${count === 1 ? '1 cell' : `${count} cells`} such as "${first.cell}" (${where}) ${count === 1 ? 'is' : 'are'} written with a decimal ${separator === ',' ? 'comma' : 'point'}${against > 0 ? `, ${against} with a decimal ${separator === ',' ? 'point' : 'comma'}` : ''}`,
          `${count === 1 ? '1 Zelle' : `${count} Zellen`} wie „${first.cell}“ (${wo}) ${count === 1 ? 'ist' : 'sind'} mit Dezimal${separator === ',' ? 'komma' : 'punkt'} geschrieben${against > 0 ? `, ${against} mit Dezimal${separator === ',' ? 'punkt' : 'komma'}` : ''}`,
        ),
      };
    }
    if (convention) return convention;
    if (delimiter === ',') {
      return {
        separator: '.',
        text: message(
          'the cells are separated by commas, so a decimal comma would need quotes and none is quoted',
          'die Zellen sind durch Kommas getrennt, ein Dezimalkomma müsste also in Anführungszeichen stehen, und keines steht darin',
        ),
      };
    }
    if (firstEither) {
      const { cell, row, column } = firstEither;
      const point = Number(cell.replace(',', '.'));
      const thousands = Number(cell.replace(/[.,]/, ''));
      throw new SozialraumError(
        'bad-number',
        message(
          `"${cell}" is ${point} with a decimal ${cell.includes('.') ? 'point' : 'comma'} or ${thousands} with a thousands separator, and no cell of the table tells which; say which decimal separator the table uses (the option --decimal . or --decimal , on the command line, the attribute decimal="." or decimal="," on an element)`,
          `„${cell}“ ist ${germanNumber(point)} mit Dezimal${cell.includes('.') ? 'punkt' : 'komma'} oder ${germanNumber(thousands)} mit Tausendertrennzeichen, und keine Zelle der Tabelle sagt, was gilt; geben Sie das Dezimaltrennzeichen der Tabelle an (auf der Kommandozeile die Option --decimal . oder --decimal ,, an einem Element das Attribut decimal="." oder decimal=",")`,
        ),
        { source, row, column },
      );
    }
    return {
      separator: ',',
      text: message(
        'no cell has a decimal part, so the separator makes no difference',
        'keine Zelle hat Nachkommastellen, das Trennzeichen macht also keinen Unterschied',
      ),
    };
  }
}

const PLAIN_POINT = /^-?\d+(\.\d+)?$/;
const PLAIN_COMMA = /^-?\d+(,\d+)?$/;

/**
 * Reads one cell as a number: decimal comma or point, thousands separators, a leading "+".
 * Returns null for cells that mean "no value" and NaN for text that is not a number.
 */
export function parseNumber(cell: string, decimalSeparator: ',' | '.'): number | null {
  // Most cells are plain decimals; reading them directly halves the time of an index over a large table.
  if ((decimalSeparator === '.' ? PLAIN_POINT : PLAIN_COMMA).test(cell)) return Number(decimalSeparator === '.' ? cell : cell.replace(',', '.'));
  const text = cell.trim().replace(/[\u00a0\u202f ]/g, '');
  if (MISSING_CELLS.has(text.toLowerCase())) return null;
  let normalised: string;
  if (decimalSeparator === ',') {
    if (!/^[-+]?(\d{1,3}(\.\d{3})+|\d+)(,\d+)?([eE][-+]?\d+)?$/.test(text)) return Number.NaN;
    normalised = text.replace(/\./g, '').replace(',', '.');
  } else {
    if (!/^[-+]?(\d{1,3}(,\d{3})+|\d+)?(\.\d+)?([eE][-+]?\d+)?$/.test(text) || !/\d/.test(text)) return Number.NaN;
    normalised = text.replace(/,/g, '');
  }
  const value = Number(normalised);
  return Number.isFinite(value) ? value : Number.NaN;
}
