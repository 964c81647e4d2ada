// Options several commands share, described once so their help texts say the same thing.
import type { Language } from '@sozialraum/core';
import { UsageError, type OptionSpec } from './command.js';

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

const LANGUAGES: readonly Language[] = ['de', 'en'];

/** The value of --lang: German unless English is asked for, as everywhere in the toolkit. */
export function languageOption(value: string | undefined): Language {
  if (value === undefined) return 'de';
  if ((LANGUAGES as readonly string[]).includes(value)) return value as Language;
  throw new UsageError(`--lang must be ${LANGUAGES.join(' or ')}, not "${value}"`);
}

export const DECIMAL: OptionSpec = {
  name: 'decimal',
  type: 'string',
  value: '.|,',
  description: 'decimal separator of the table\'s numbers (default: told from the cells; a table whose only decimals are like "4.226" is refused until this is given)',
};

/** The value of --decimal: the separator itself, or undefined to tell it from the cells. */
export function decimalOption(value: string | undefined): ',' | '.' | undefined {
  if (value === undefined) return undefined;
  if (value === '.' || value === ',') return value;
  throw new UsageError(`--decimal must be . (decimal point) or , (decimal comma), not "${value}"`);
}
