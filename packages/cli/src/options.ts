// Options several commands share, described once so their help texts say the same thing.
import type { Language } from '@sozialraum/core';
import { UsageError, stringOption, type OptionSpec, type OptionValues } from './command.js';

export const ID_FIELD: OptionSpec = {
  name: 'id-field',
  type: 'string',
  value: 'F',
  description: 'property holding the area key (default: guessed, e.g. PLR_ID, AREA_ID, id); keys are text, leading zeros kept',
};

export const NAME_FIELD: OptionSpec = {
  name: 'name-field',
  type: 'string',
  value: 'F',
  description: 'property holding the area name shown to people (default: guessed, e.g. PLR_NAME, AREA_NAME, name)',
};

export const CRS: OptionSpec = {
  name: 'crs',
  type: 'string',
  value: 'EPSG:n',
  description: 'coordinate reference system of the areas, for files that name none; overrides what the file says',
};

export const LAYER: OptionSpec = {
  name: 'layer',
  type: 'string',
  value: 'NAME',
  description: 'layer of an areas file that holds several (a zip of Shapefiles, a GeoPackage); "file.gpkg#NAME" chooses per file',
};

const LANGUAGES: readonly Language[] = ['de', 'en'];

/** The value of --lang: German unless English is asked for, as everywhere in the toolkit. */
export function languageOption(value: string | undefined): Language {
  if (value === undefined) return 'de';
  if ((LANGUAGES as readonly string[]).includes(value)) return value as Language;
  throw new UsageError(`--lang must be ${LANGUAGES.join(' or ')}, not "${value}"`);
}

/** What a number option accepts beyond being a finite number. */
export interface NumberRule {
  /** The smallest value allowed. */
  min?: number;
  /** A whole number (and one that a double holds exactly). */
  integer?: boolean;
}

// Digits with an optional decimal point and exponent, as people and scripts write numbers. Number() alone would also
// take "0x1F", "0b11", "Infinity", "" and " " (as 0), none of which anyone means as a count.
const DECIMAL_NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * The number an option's text names, or a UsageError that quotes the text and says what is expected. NaN, the
 * infinities, numbers too large for a double (1e309), hex, empty and other text are refused; -0 is 0.
 */
export function numberOption(text: string, option: string, rule: NumberRule = {}): number {
  const trimmed = text.trim();
  const expected = `${rule.integer ? 'a whole number' : 'a number'}${rule.min !== undefined ? ` of ${rule.min} or more` : ''}`;
  if (trimmed === '') throw new UsageError(`${option} must be ${expected}, not empty`);
  if (!DECIMAL_NUMBER.test(trimmed)) {
    const comma = /^[+-]?\d+,\d+$/.test(trimmed) ? ` (write ${trimmed.replace(',', '.')} with a decimal point)` : '';
    throw new UsageError(`${option} must be ${expected}, not "${text}"${comma}`);
  }
  const value = Number(trimmed);
  if (!Number.isFinite(value)) throw new UsageError(`${option}: "${text}" is too large to be a number`);
  const number = value === 0 ? 0 : value;
  if (rule.integer && !Number.isSafeInteger(number)) {
    throw new UsageError(`${option} must be ${expected}, not "${text}"${Number.isInteger(number) ? ' (too large to count exactly)' : ''}`);
  }
  if (rule.min !== undefined && number < rule.min) throw new UsageError(`${option} must be ${expected}, not "${text}"`);
  return number;
}

export const DECIMAL: OptionSpec = {
  name: 'decimal',
  type: 'string',
  value: '.|,',
  description:
    'decimal separator of the table\'s numbers (default: told from the cells; a table whose only decimals are like "4.226" is refused until this is given)',
};

/** The value of --decimal: the separator itself, or undefined to tell it from the cells. */
export function decimalOption(value: string | undefined): ',' | '.' | undefined {
  if (value === undefined) return undefined;
  if (value === '.' || value === ',') return value;
  throw new UsageError(`--decimal must be . (decimal point) or , (decimal comma), not "${value}"`);
}

export const SHEET: OptionSpec = {
  name: 'sheet',
  type: 'string',
  value: 'NAME|N',
  description: 'sheet of an Excel workbook (.xlsx) to read the table from, by name or number (default: the first visible sheet)',
};

export const HEADER_ROW: OptionSpec = {
  name: 'header-row',
  type: 'string',
  value: 'N',
  description:
    'row of an Excel sheet holding the column names, as the spreadsheet numbers it (default: found: the first row filling half the columns with text; a line of codes under it names the columns)',
};

/** How a command reads its table: --decimal, and --sheet and --header-row for a workbook. */
export interface TableFileOptions {
  decimalSeparator?: ',' | '.';
  sheet?: string;
  headerRow?: number;
}

/** The table options as given on the command line. */
export function tableFileOptions(options: OptionValues): TableFileOptions {
  const decimalSeparator = decimalOption(stringOption(options, 'decimal'));
  const sheet = stringOption(options, 'sheet');
  const headerRow = stringOption(options, 'header-row');
  return {
    ...(decimalSeparator ? { decimalSeparator } : {}),
    ...(sheet !== undefined ? { sheet } : {}),
    ...(headerRow !== undefined ? { headerRow: numberOption(headerRow, '--header-row', { integer: true, min: 1 }) } : {}),
  };
}

/** The number of option `--name` (see numberOption), or undefined when it is not given. */
export function optionalNumber(options: OptionValues, name: string, rule: NumberRule = {}): number | undefined {
  const text = stringOption(options, name);
  return text === undefined ? undefined : numberOption(text, `--${name}`, rule);
}
