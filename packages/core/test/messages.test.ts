// Every message a user can see comes in German and English: a static check on the sources, and the texts of real
// errors and issues in both languages.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join, relative } from 'node:path';
import {
  SozialraumError,
  computeIndex,
  describeLocation,
  germanNumber,
  indexPreset,
  issue,
  message,
  messageText,
  numericColumn,
  parseCsv,
  readAreas,
} from '@sozialraum/core';
import type { FeatureCollection } from 'geojson';

// ---------------------------------------------------------------------------------------------------------------
// The static check

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
/** The sources whose messages reach a page or a terminal: core and the packages that throw or report on their own. */
const SOURCE_DIRECTORIES = ['core', 'worker', 'map', 'choropleth', 'aggregator', 'editor', 'cli'].map((name) => join(ROOT, 'packages', name, 'src'));

/** A call that makes an error or an issue, and which of its arguments is the message. */
const MESSAGE_CALLS = [
  { pattern: /(?<![\w$.])new\s+SozialraumError\s*\(/g, argument: 1, name: 'new SozialraumError(code, message, location)' },
  { pattern: /(?<![\w$.])issue\s*\(/g, argument: 2, name: 'issue(code, severity, message, location)' },
];
/** Calls that pair an English and a German text: both must be there, and they must differ. */
const PAIR_CALLS = /(?<![\w$.])(message|say)\s*\(/g;

interface Finding {
  file: string;
  line: number;
  problem: string;
}

function sourceFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) return entry.name === 'generated' ? [] : sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

/**
 * The arguments of the call whose "(" is at `open`, as source text, split at top-level commas. Strings, template
 * literals (with their ${…} parts), comments and brackets are skipped over, so calls over many lines and messages with
 * commas and parentheses in them split where the code does.
 */
export function callArguments(source: string, open: number): string[] {
  const args: string[] = [];
  let depth = 0;
  let start = open + 1;
  let index = open;
  const skipString = (quote: string, at: number): number => {
    for (let i = at + 1; i < source.length; i += 1) {
      if (source[i] === '\\') i += 1;
      else if (source[i] === quote) return i;
    }
    return source.length;
  };
  const skipTemplate = (at: number): number => {
    for (let i = at + 1; i < source.length; i += 1) {
      if (source[i] === '\\') i += 1;
      else if (source[i] === '`') return i;
      else if (source[i] === '$' && source[i + 1] === '{') i = skipCode(i + 1, '}');
    }
    return source.length;
  };
  // Skips code from an opening bracket to its closing one; returns the position of the closing bracket.
  const skipCode = (at: number, close: string): number => {
    let level = 0;
    for (let i = at; i < source.length; i += 1) {
      const character = source[i]!;
      if (character === "'" || character === '"') i = skipString(character, i);
      else if (character === '`') i = skipTemplate(i);
      else if (character === '/' && source[i + 1] === '/') i = source.indexOf('\n', i) === -1 ? source.length : source.indexOf('\n', i);
      else if (character === '/' && source[i + 1] === '*') i = source.indexOf('*/', i) + 1;
      else if ('([{'.includes(character)) level += 1;
      else if (')]}'.includes(character)) {
        level -= 1;
        if (level === 0 && character === close) return i;
      }
    }
    return source.length;
  };
  for (index = open; index < source.length; index += 1) {
    const character = source[index]!;
    if (character === "'" || character === '"') index = skipString(character, index);
    else if (character === '`') index = skipTemplate(index);
    else if (character === '/' && source[index + 1] === '/') index = source.indexOf('\n', index);
    else if (character === '/' && source[index + 1] === '*') index = source.indexOf('*/', index) + 1;
    else if ('([{'.includes(character)) depth += 1;
    else if (')]}'.includes(character)) {
      depth -= 1;
      if (depth === 0) break;
    } else if (character === ',' && depth === 1) {
      args.push(source.slice(start, index).trim());
      start = index + 1;
    }
  }
  const last = source.slice(start, index).trim();
  if (last !== '') args.push(last);
  return args;
}

/** A string or template literal, as the text a reader sees with every ${…} left out; undefined for anything else. */
function literalText(argument: string): string | undefined {
  const single = /^(['"])([\s\S]*)\1$/.exec(argument);
  if (single) return single[2];
  if (/^`[\s\S]*`$/.test(argument) && callArguments(`(${argument})`, 0).length === 1) return stripInterpolations(argument.slice(1, -1));
  return undefined;
}

function stripInterpolations(template: string): string {
  let text = '';
  for (let index = 0; index < template.length; index += 1) {
    if (template[index] === '$' && template[index + 1] === '{') {
      let level = 0;
      for (; index < template.length; index += 1) {
        if (template[index] === '{') level += 1;
        else if (template[index] === '}' && --level === 0) break;
      }
      text += ' ';
    } else {
      text += template[index];
    }
  }
  return text;
}

/** Words of everyday English that a German message never holds outside quotes and code names. */
const ENGLISH_WORDS = /\b(the|is|are|has|have|not|no|of|and|or|with|from|file|column|row|cannot|must|found)\b/i;

/** The words of a text that are not quoted names ("x", „x“, 'x') or code (a.b, x[0], EPSG:25833). */
function proseOf(text: string): string {
  return text
    .replace(/"[^"]*"|„[^“]*“|'[^']*'|\([^)]*\b[a-z]+[A-Z]\w*[^)]*\)/g, ' ')
    .replace(/\b[\w-]+\.[\w.[\]-]+|\b\w+\[\d*\]\S*|--[\w-]+|[A-Z]+:\d+/g, ' ');
}

export function findUntranslated(file: string, source: string): Finding[] {
  const findings: Finding[] = [];
  const lineOf = (offset: number) => source.slice(0, offset).split('\n').length;
  for (const call of MESSAGE_CALLS) {
    for (const match of source.matchAll(call.pattern)) {
      const at = match.index!;
      if (/function\s+$/.test(source.slice(Math.max(0, at - 20), at))) continue; // the declaration itself
      const args = callArguments(source, at + match[0].length - 1);
      const argument = args[call.argument];
      if (argument === undefined) continue;
      if (literalText(argument) !== undefined) {
        const shown = argument.length > 70 ? `${argument.slice(0, 67)}…` : argument;
        findings.push({
          file,
          line: lineOf(at),
          problem:
            `${call.name} passes ${shown} in one language only; ` +
            `write message('English text', 'deutscher Text') (from packages/core/src/errors.ts) so that German pages show it in German`,
        });
      }
    }
  }
  for (const match of source.matchAll(PAIR_CALLS)) {
    const at = match.index!;
    if (/function\s+$|const\s+$/.test(source.slice(Math.max(0, at - 20), at))) continue;
    const args = callArguments(source, at + match[0].length - 1);
    if (args.length === 0) continue;
    if (args.length !== 2) {
      findings.push({ file, line: lineOf(at), problem: `${match[1]}(…) needs exactly two texts, English first and German second` });
      continue;
    }
    const en = literalText(args[0]!);
    const de = literalText(args[1]!);
    if (en === undefined || de === undefined) continue;
    const words = (text: string) => proseOf(text).replace(/[^\p{L}]+/gu, ' ').trim();
    if (words(en) !== '' && words(en) === words(de)) {
      findings.push({ file, line: lineOf(at), problem: `${match[1]}(…) gives the same text in English and German (${args[0]}); translate the second one` });
    } else if (ENGLISH_WORDS.test(proseOf(de))) {
      findings.push({
        file,
        line: lineOf(at),
        problem: `${match[1]}(…) has English words in its German text (${args[1]!.slice(0, 70)}); translate it, or quote names as „…“`,
      });
    }
  }
  return findings;
}

test('the static check finds an English-only message in a call over several lines, and accepts a bilingual one', () => {
  const source = [
    "throw new SozialraumError(",
    "  'parse-error',",
    "  `has ${count} cells, (see, the header)`,",
    "  { source },",
    ");",
    "issues.push(issue('bad-number', 'error', message(`\"${cell}\" is not a number`, `„${cell}“ ist keine Zahl`), { source }));",
    "issues.push(issue('bad-number', 'warning', 'no number', { source }));",
    "const same = message('EPSG:3035 grid', 'EPSG:3035 grid');",
    "const english = message('the file is empty', 'the file is empty, leider');",
  ].join('\n');
  const found = findUntranslated('example.ts', source);
  assert.deepEqual(
    found.map((finding) => finding.line),
    [1, 7, 8, 9],
  );
  assert.match(found[0]!.problem, /new SozialraumError\(code, message, location\) passes `has \$\{count\} cells, \(see, the header\)` in one language only/);
  assert.match(found[2]!.problem, /the same text in English and German/);
  assert.match(found[3]!.problem, /English words in its German text/);
});

test('every error and data issue in the sources passes its message in German and English', () => {
  const findings = SOURCE_DIRECTORIES.flatMap((directory) =>
    sourceFiles(directory).flatMap((file) => findUntranslated(relative(ROOT, file), readFileSync(file, 'utf8'))),
  );
  assert.equal(
    findings.length,
    0,
    `${findings.length} untranslated ${findings.length === 1 ? 'message' : 'messages'}:\n` +
      findings.map((finding) => `  ${finding.file}:${finding.line}: ${finding.problem}`).join('\n'),
  );
});

// ---------------------------------------------------------------------------------------------------------------
// Real errors and issues in both languages

const catchError = (run: () => unknown): SozialraumError => {
  try {
    run();
  } catch (error) {
    if (error instanceof SozialraumError) return error;
    throw error;
  }
  assert.fail('expected a SozialraumError');
};

test('the location reads as a German statistics office writes it: Zeile, Spalte, Objekt, Schlüssel', () => {
  const location = { source: 'kitas.csv', row: 12, column: 'EW' };
  assert.equal(describeLocation(location), 'kitas.csv, row 12, column "EW"');
  assert.equal(describeLocation(location, 'de'), 'kitas.csv, Zeile 12, Spalte „EW“');
  assert.equal(describeLocation({ source: 'lor.geojson', feature: 3, key: '0110' }, 'de'), 'lor.geojson, Objekt 3, Schlüssel „0110“');
});

test('a cell that is not a number is reported with German location and text, and English in message', () => {
  const table = parseCsv('id;EW\na1;12\na2;1,2x\n', { source: 'kitas.csv' });
  const [found] = numericColumn(table, 'EW').issues;
  assert.equal(found!.message, 'kitas.csv, row 3, column "EW": "1,2x" is not a number');
  assert.equal(found!.text.de, 'kitas.csv, Zeile 3, Spalte „EW“: „1,2x“ ist keine Zahl');
  assert.equal(messageText(found, 'de'), found!.text.de);
  assert.equal(messageText(found, 'en'), found!.message);
  // Issues are plain JSON: the German text survives a trip through JSON (and postMessage).
  assert.equal(messageText(JSON.parse(JSON.stringify(found)), 'de'), found!.text.de);
});

test('an index over a table with a bad number stops with a German error that names the cell and how to fix it', () => {
  const table = parseCsv('PLR_ID;EW;S1;S3;S4\n0101;500;1.5;2,5;3,5\n0102;600;2,5;1,5;4,5\n', { source: 'mss.csv' });
  const error = catchError(() => computeIndex(table, indexPreset('mss-2021-status'), { keyColumn: 'PLR_ID' }));
  assert.equal(error.code, 'bad-number');
  assert.equal(error.message, 'mss.csv, row 2, column "S1": "1.5" is not a number; the table uses a decimal comma, so write 1,5');
  assert.equal(error.localised('de'), 'mss.csv, Zeile 2, Spalte „S1“: „1.5“ ist keine Zahl; die Tabelle verwendet das Dezimalkomma, schreiben Sie also 1,5');
  assert.equal(messageText(error, 'de'), error.localised('de'));
  assert.equal(error.toIssue().text.de, error.localised('de'));
});

const square = (x: number, y: number, size: number) => ({
  type: 'Feature' as const,
  properties: { id: 'a1' },
  geometry: { type: 'Polygon' as const, coordinates: [[[x, y], [x + size, y], [x + size, y + size], [x, y + size], [x, y]]] },
});

test('a GeoJSON with an unknown CRS is refused in German and English', () => {
  const collection = { type: 'FeatureCollection', crs: { type: 'name', properties: { name: 'EPSG:9999' } }, features: [square(0, 0, 1)] };
  const error = catchError(() => readAreas(collection as FeatureCollection, { source: 'lor.geojson' }));
  assert.equal(error.code, 'unknown-crs');
  assert.match(error.message, /^lor\.geojson: unknown coordinate reference system EPSG:9999; supported are /);
  assert.match(error.localised('de'), /^lor\.geojson: unbekanntes Koordinatenreferenzsystem EPSG:9999; unterstützt werden /);
});

test('numbers inside German messages have a decimal comma', () => {
  const collection = { type: 'FeatureCollection', features: [square(700.5, 90.25, 1)] };
  const error = catchError(() => readAreas(collection as FeatureCollection, { source: 'lor.geojson' }));
  assert.match(error.message, /x 700\.5000…701\.5000, y 90\.2500…91\.2500/);
  assert.match(error.localised('de'), /x 700,5000…701,5000, y 90,2500…91,2500\) sind keine geographischen Längen und Breiten/);
  assert.equal(germanNumber(389000.5), '389.000,5');
  assert.equal(germanNumber(-1.25), '−1,25');
});

test('an error rebuilt after crossing a worker keeps its German text and is not prefixed twice', () => {
  const error = new SozialraumError('unknown-field', message('no column "EW"', 'keine Spalte „EW“'), { source: 'kitas.csv' });
  const crossed = structuredClone({ code: error.code, text: error.text, location: error.location });
  const rebuilt = SozialraumError.restore(crossed.code, crossed.text, crossed.location);
  assert.equal(rebuilt.message, 'kitas.csv: no column "EW"');
  assert.equal(rebuilt.localised('de'), 'kitas.csv: keine Spalte „EW“');
  // Anything else shows its message as it is.
  assert.equal(messageText(new Error('boom'), 'de'), 'boom');
  assert.equal(messageText(issue('missing-key', 'warning', message('has no key', 'hat keinen Schlüssel'), { source: 't.csv', row: 4 }), 'de'), 't.csv, Zeile 4: hat keinen Schlüssel');
});
