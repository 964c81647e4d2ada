// Joining an indicator table to areas by key, with a report of every key that found no partner.
import { SozialraumError, germanNumber, issue, message, type DataIssue, type Message } from '../errors.js';
import type { Table } from './csv.js';
import { describeNames, keyExamples } from './text.js';

export interface TableJoin {
  keyColumn: string;
  /** The table row of each area key that has one. */
  rowsByKey: Map<string, Record<string, string>>;
  /** Area keys with no row in the table. */
  unmatchedAreaIds: string[];
  /** Table rows whose key names no area, with their line in the file. */
  unmatchedRows: { row: number; key: string }[];
  issues: DataIssue[];
}

/**
 * The table with the first row of each key only, the rows joinTable uses: the rows it leaves out are those joinTable
 * reports as repeating a key ("only row 3 is used"). A map computes its index on these, so that an area is rated once
 * and counts once in the mean and SD, as its warning says; an index over a whole table refuses repeated keys instead.
 */
export function firstRowPerKey(table: Table, keyColumn: string): Table {
  const seen = new Set<string>();
  const kept: number[] = [];
  table.rows.forEach((row, index) => {
    const key = (row[keyColumn] ?? '').trim();
    if (key !== '' && seen.has(key)) return;
    seen.add(key);
    kept.push(index);
  });
  if (kept.length === table.rows.length) return table;
  return { ...table, rows: kept.map((index) => table.rows[index]!), rowNumbers: kept.map((index) => table.rowNumbers[index]!) };
}

/**
 * Joins table rows to area keys by exact text match (surrounding blanks ignored). Rows with an empty key or a key seen
 * before are reported. A join in which no key matches is an error: usually the wrong key column, or keys that lost
 * their leading zeros in a spreadsheet, which the message points out.
 */
export function joinTable(areaIds: readonly string[], table: Table, keyColumn: string): TableJoin {
  const { source } = table;
  if (!table.columns.includes(keyColumn)) {
    throw new SozialraumError(
      'unknown-field',
      message(
        `has no key column "${keyColumn}"; the columns are ${describeNames(table.columns)}`,
        `hat keine Schlüsselspalte „${keyColumn}“; die Spalten sind ${describeNames(table.columns, 20, 'de')}`,
      ),
      { source },
    );
  }
  const areaSet = new Set(areaIds);
  const restored: number[] = [];
  const rowsByKey = new Map<string, Record<string, string>>();
  const unmatchedRows: { row: number; key: string }[] = [];
  const issues: DataIssue[] = [];
  const seenAt = new Map<string, number>();
  const restore = keyZeros(areaIds, table, keyColumn);
  table.rows.forEach((stored, index) => {
    const rowNumber = table.rowNumbers[index]!;
    let row = stored;
    let key = (row[keyColumn] ?? '').trim();
    const padded = restore?.(key);
    if (padded !== undefined) {
      key = padded;
      row = { ...row, [keyColumn]: padded };
      restored.push(rowNumber);
    }
    if (key === '') {
      issues.push(
        issue('missing-key', 'warning', message('has no key and is not joined', 'hat keinen Schlüssel und wird nicht verknüpft'), {
          source,
          row: rowNumber,
          column: keyColumn,
        }),
      );
      return;
    }
    const first = seenAt.get(key);
    if (first !== undefined) {
      issues.push(
        issue(
          'duplicate-key',
          'warning',
          message(
            `repeats the key of row ${first}; only row ${first} is used`,
            `wiederholt den Schlüssel aus Zeile ${first}; nur Zeile ${first} wird verwendet`,
          ),
          { source, row: rowNumber, key },
        ),
      );
      return;
    }
    seenAt.set(key, rowNumber);
    if (areaSet.has(key)) rowsByKey.set(key, row);
    else unmatchedRows.push({ row: rowNumber, key });
  });
  if (restored.length > 0) issues.push(restoredZerosIssue(restored, areaIds[0]!.length, source, keyColumn));
  const unmatchedAreaIds = areaIds.filter((id) => !rowsByKey.has(id));
  if (rowsByKey.size === 0 && areaIds.length > 0 && table.rows.length > 0) {
    throw new SozialraumError('no-match', noMatchMessage(areaIds, [...seenAt.keys()], keyColumn), { source, column: keyColumn });
  }
  if (unmatchedRows.length > 0) {
    const examples = keyExamples(unmatchedRows);
    const zeros = lostLeadingZeros(
      areaIds,
      unmatchedRows.map((entry) => entry.key),
    );
    const hint = zeros > 0 ? `; ${zeros} of them match once leading zeros are added (${LEADING_ZERO_ADVICE.en})` : '';
    const hinweis = zeros > 0 ? `; ${germanNumber(zeros)} davon passen, wenn führende Nullen ergänzt werden (${LEADING_ZERO_ADVICE.de})` : '';
    const count = unmatchedRows.length;
    issues.push(
      issue(
        'unmatched-keys',
        'warning',
        message(
          `${count} rows name no area: ${examples.en}${hint}`,
          `${germanNumber(count)} ${count === 1 ? 'Zeile nennt' : 'Zeilen nennen'} kein Gebiet: ${examples.de}${hinweis}`,
        ),
        { source, column: keyColumn },
      ),
    );
  }
  if (unmatchedAreaIds.length > 0) {
    const examples = keyExamples(unmatchedAreaIds);
    const count = unmatchedAreaIds.length;
    issues.push(
      issue(
        'unmatched-keys',
        'warning',
        message(
          `${count} areas have no row: ${examples.en}`,
          `${germanNumber(count)} ${count === 1 ? 'Gebiet hat' : 'Gebiete haben'} keine Zeile: ${examples.de}`,
        ),
        { source, column: keyColumn },
      ),
    );
  }
  return { keyColumn, rowsByKey, unmatchedAreaIds, unmatchedRows, issues };
}

const LEADING_ZERO_ADVICE = message(
  'the keys probably lost their leading zeros in a spreadsheet; store the key column as text',
  'die Schlüssel haben ihre führenden Nullen wahrscheinlich in einer Tabellenkalkulation verloren; speichern Sie die Schlüsselspalte als Text',
);

/**
 * Keys a workbook stored as numbers (1100101 for 01100101) are given back their leading zeros, up to the width all
 * area keys share, where the key then names an area. Only a column the workbook stored numbers in, never CSV text,
 * where a key without zeros may be what the office wrote.
 */
function keyZeros(areaIds: readonly string[], table: Table, keyColumn: string): ((key: string) => string | undefined) | undefined {
  if (!table.layout?.numberColumns.includes(keyColumn) || areaIds.length === 0) return undefined;
  const width = areaIds[0]!.length;
  if (!areaIds.every((id) => id.length === width && /^\d+$/.test(id))) return undefined;
  const areaSet = new Set(areaIds);
  return (key) => {
    if (!/^\d+$/.test(key) || key.length >= width) return undefined;
    const padded = key.padStart(width, '0');
    return areaSet.has(padded) ? padded : undefined;
  };
}

function restoredZerosIssue(rows: readonly number[], width: number, source: string, column: string): DataIssue {
  const shown = rows.slice(0, 5).join(', ') + (rows.length > 5 ? ', …' : '');
  const count = rows.length;
  return issue(
    'unmatched-keys',
    'warning',
    message(
      `${count === 1 ? '1 key was' : `${count} keys were`} stored as numbers in the workbook and lost ${count === 1 ? 'its' : 'their'} leading zeros; padded to the ${width} digits of the area keys (rows ${shown})`,
      `${count === 1 ? '1 Schlüssel war' : `${germanNumber(count)} Schlüssel waren`} in der Arbeitsmappe als Zahl gespeichert und ${count === 1 ? 'hat seine' : 'haben ihre'} führenden Nullen verloren; auf die ${width} Stellen der Gebietsschlüssel aufgefüllt (Zeilen ${shown})`,
    ),
    { source, column },
  );
}

/** How many table keys would match an area key if their lost leading zeros were put back. */
function lostLeadingZeros(areaIds: readonly string[], tableKeys: readonly string[]): number {
  const areaSet = new Set(areaIds);
  const widths = new Set(areaIds.map((id) => id.length));
  return tableKeys.filter((key) => /^\d+$/.test(key) && [...widths].some((width) => width > key.length && areaSet.has(key.padStart(width, '0')))).length;
}

function noMatchMessage(areaIds: readonly string[], tableKeys: readonly string[], keyColumn: string): Message {
  const base = `no key in column "${keyColumn}" matches an area (table: "${tableKeys[0]}", areas: "${areaIds[0]}")`;
  const basis = `kein Schlüssel in der Spalte „${keyColumn}“ passt zu einem Gebiet (Tabelle: „${tableKeys[0]}“, Gebiete: „${areaIds[0]}“)`;
  const zeros = lostLeadingZeros(areaIds, tableKeys);
  if (zeros > 0) {
    return message(
      `${base}; ${zeros} keys match once leading zeros are added: ${LEADING_ZERO_ADVICE.en}`,
      `${basis}; ${germanNumber(zeros)} Schlüssel passen, wenn führende Nullen ergänzt werden: ${LEADING_ZERO_ADVICE.de}`,
    );
  }
  return message(
    `${base}; check that the table's key column and the areas' id field hold the same keys`,
    `${basis}; prüfen Sie, ob die Schlüsselspalte der Tabelle und das Schlüsselfeld der Gebiete dieselben Gebietsschlüssel enthalten`,
  );
}

/**
 * The table with further columns, e.g. residents aggregated from a census grid, keyed by area. Rows of areas the
 * table lacks are added; a column that exists already is replaced. Without a table, one is made from the keys.
 * Cells are text, as everywhere in tables: numbers are written with a decimal point and the table keeps its own
 * decimal separator for the columns it had.
 */
export function addColumns(
  table: Table | undefined,
  keyColumn: string,
  extension: { source: string; columns: readonly string[]; rows: ReadonlyMap<string, Readonly<Record<string, string>>> },
): Table {
  const base: Table = table ?? {
    source: extension.source,
    columns: [keyColumn],
    rows: [],
    rowNumbers: [],
    delimiter: ',',
    decimalSeparator: '.',
    issues: [],
  };
  if (!base.columns.includes(keyColumn)) {
    throw new SozialraumError(
      'unknown-field',
      message(
        `has no key column "${keyColumn}" to add ${extension.source} to`,
        `hat keine Schlüsselspalte „${keyColumn}“, an die ${extension.source} angefügt werden könnte`,
      ),
      { source: base.source },
    );
  }
  const columns = [...base.columns, ...extension.columns.filter((column) => !base.columns.includes(column))];
  const seen = new Set<string>();
  const rows = base.rows.map((row) => {
    const key = (row[keyColumn] ?? '').trim();
    const added = extension.rows.get(key);
    seen.add(key);
    const next: Record<string, string> = { ...row };
    for (const column of extension.columns) next[column] = added?.[column] ?? '';
    return next;
  });
  const rowNumbers = [...base.rowNumbers];
  let nextRow = (rowNumbers.at(-1) ?? 1) + 1;
  for (const [key, added] of extension.rows) {
    if (seen.has(key)) continue;
    const row: Record<string, string> = Object.fromEntries(columns.map((column) => [column, '']));
    row[keyColumn] = key;
    for (const column of extension.columns) row[column] = added[column] ?? '';
    rows.push(row);
    rowNumbers.push(nextRow);
    nextRow += 1;
  }
  // Added numbers carry a decimal point; a decimal-comma table would misread them, so they are converted.
  if (base.decimalSeparator === ',') {
    for (const row of rows) for (const column of extension.columns) row[column] = (row[column] ?? '').replace('.', ',');
  }
  return { ...base, columns, rows, rowNumbers };
}
