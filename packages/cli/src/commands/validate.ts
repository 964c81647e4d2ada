// `sozialraum validate`: checks areas, and optionally an indicator table joined to them, before anything is computed.
import { joinTable, numericColumn, parseNumber, type DataIssue, type Table, type TableJoin } from '@sozialraum/core';
import { EXIT, UsageError, stringOption, type CliIo, type Command, type CommandInput } from '../command.js';
import { areaFileOptions, loadAreasFile, loadTableFile } from '../files.js';
import { CRS, ID_FIELD, NAME_FIELD } from '../options.js';
import { count, describeIssueCounts, formatIssue } from '../report.js';

export const validate: Command = {
  name: 'validate',
  summary: 'check areas and an indicator table joined to them; exit 1 when anything is wrong',
  description:
    'Loads the areas and reports features that are left out (no or broken geometry), missing and repeated keys.\n' +
    'With --indicators it also reads the table, joins it by key and reports unreadable rows, repeated keys,\n' +
    'table rows that name no area, areas without a row (with a hint when keys lost their leading zeros),\n' +
    'and cells that are not numbers in columns that otherwise hold numbers.\n' +
    'Prints every issue, then one summary line.',
  positionals: [],
  options: [
    { name: 'areas', type: 'string', value: 'FILE', description: 'areas as GeoJSON or FlatGeobuf (required)' },
    ID_FIELD,
    NAME_FIELD,
    CRS,
    { name: 'indicators', type: 'string', value: 'CSV', description: 'indicator table to join to the areas' },
    {
      name: 'key-field',
      type: 'string',
      value: 'K',
      description: "column of the table holding the area key (default: the areas' id field, when the table has it)",
    },
  ],
  examples: [
    'validate --areas data-samples/berlin/lor_planungsraeume_2021.geojson',
    'validate --areas data-samples/berlin/lor_planungsraeume_2021.geojson --indicators data-samples/berlin/mss2021_indexindikatoren.csv --key-field PLR_ID',
  ],
  async run({ options }: CommandInput, io: CliIo): Promise<number> {
    const areasPath = stringOption(options, 'areas');
    if (areasPath === undefined) throw new UsageError('--areas is required');
    const indicatorsPath = stringOption(options, 'indicators');
    const keyField = stringOption(options, 'key-field');
    if (keyField !== undefined && indicatorsPath === undefined) throw new UsageError('--key-field needs --indicators');
    const { areas } = await loadAreasFile(areasPath, io.cwd, areaFileOptions(options));
    const issues: DataIssue[] = [...areas.issues];
    const summary = [`${count(areas.features.length, 'area')} in ${areas.source} (${areas.crs}, id field ${areas.idField})`];

    if (indicatorsPath !== undefined) {
      const table = await loadTableFile(indicatorsPath, io.cwd);
      const keyColumn = keyField ?? defaultKeyColumn(table, areas.idField);
      const join = joinTable(areas.ids, table, keyColumn);
      issues.push(...table.issues, ...join.issues, ...numberIssues(table, keyColumn));
      summary.push(describeJoin(table, join, areas.ids.length));
    }

    io.stdout(issues.map((found) => `${formatIssue(found)}\n`).join(''));
    io.stdout(`${issues.length === 0 ? 'valid' : describeIssueCounts(issues)}: ${summary.join('; ')}\n`);
    return issues.length === 0 ? EXIT.ok : EXIT.issues;
  },
};

function defaultKeyColumn(table: Table, idField: string): string {
  if (table.columns.includes(idField)) return idField;
  throw new UsageError(
    `${table.source} has no column "${idField}" (the areas' id field); name the key column with --key-field, the columns are ${table.columns.join(', ')}`,
  );
}

function describeJoin(table: Table, join: TableJoin, areaCount: number): string {
  return `${count(table.rows.length, 'row')} in ${table.source}, ${areaCount - join.unmatchedAreaIds.length} of ${count(areaCount, 'area')} joined by ${join.keyColumn}`;
}

/**
 * Cells that are not numbers, in columns where most filled cells are numbers: those are typing or export errors
 * ("1.234,5" in a decimal-point file, "k.A."), while columns of names are text on purpose and not checked.
 */
function numberIssues(table: Table, keyColumn: string): DataIssue[] {
  return table.columns
    .filter((column) => column !== keyColumn && mostlyNumbers(table, column))
    .flatMap((column) => numericColumn(table, column).issues);
}

function mostlyNumbers(table: Table, column: string): boolean {
  let numbers = 0;
  let other = 0;
  for (const row of table.rows) {
    const value = parseNumber(row[column] ?? '', table.decimalSeparator);
    if (value === null) continue;
    if (Number.isNaN(value)) other += 1;
    else numbers += 1;
  }
  return numbers > other;
}
