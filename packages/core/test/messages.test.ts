// Every message a user can see comes in German and English: a static check on the sources, and the texts of real
// errors and issues in both languages.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join, relative } from 'node:path';
import {
  EditError,
  SozialraumError,
  TopologyEditor,
  buildTopology,
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
  validateAreas,
  type CoverageFinding,
  type CoverageFindingType,
} from '@sozialraum/core';
import type { FeatureCollection, Polygon } from 'geojson';
import { ENGLISH_WORDS, assertGerman, proseOf } from './german.js';
import { fixtureAreas, rect } from './samples.js';

// ---------------------------------------------------------------------------------------------------------------
// The static check

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
/** The sources whose messages reach a page or a terminal: core and the packages that throw or report on their own. */
const SOURCE_DIRECTORIES = ['core', 'worker', 'map', 'choropleth', 'aggregator', 'editor', 'cli'].map((name) => join(ROOT, 'packages', name, 'src'));

/** A call that makes an error or an issue, and which of its arguments is the message. */
const MESSAGE_CALLS = [
  { pattern: /(?<![\w$.])new\s+SozialraumError\s*\(/g, argument: 1, name: 'new SozialraumError(code, message, location)' },
  { pattern: /(?<![\w$.])issue\s*\(/g, argument: 2, name: 'issue(code, severity, message, location)' },
  { pattern: /(?<![\w$.])new\s+EditError\s*\(/g, argument: 1, name: 'new EditError(code, message)' },
  { pattern: /(?<![\w$.])coverageFinding\s*\(/g, argument: 4, name: 'coverageFinding(type, ids, area_m2, location, message)' },
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
    const words = (text: string) =>
      proseOf(text)
        .replace(/[^\p{L}]+/gu, ' ')
        .trim();
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
    'throw new SozialraumError(',
    "  'parse-error',",
    '  `has ${count} cells, (see, the header)`,',
    '  { source },',
    ');',
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

test('the static check finds a refusal of an edit and a finding of the partition check in English only', () => {
  const source = [
    "if (!hit) throw new EditError('not-on-boundary', `the point ${format(point)} is not on a boundary`);",
    "throw new EditError('bad-line', message('the line is empty', 'die Linie ist leer'));",
    "findings.push(coverageFinding('gap', ids, size, location, 'a gap'));",
    "findings.push(coverageFinding('gap', ids, size, location, message('a gap', 'eine Lücke')));",
  ].join('\n');
  assert.deepEqual(
    findUntranslated('example.ts', source).map((finding) => [finding.line, finding.problem.slice(0, 30)]),
    [
      [1, 'new EditError(code, message) p'],
      [3, 'coverageFinding(type, ids, are'],
    ],
  );
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
  geometry: {
    type: 'Polygon' as const,
    coordinates: [
      [
        [x, y],
        [x + size, y],
        [x + size, y + size],
        [x, y + size],
        [x, y],
      ],
    ],
  },
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
  assert.equal(
    messageText(issue('missing-key', 'warning', message('has no key', 'hat keinen Schlüssel'), { source: 't.csv', row: 4 }), 'de'),
    't.csv, Zeile 4: hat keinen Schlüssel',
  );
});

// ---------------------------------------------------------------------------------------------------------------
// The editor's refusals and the partition check's findings

const squareArea = (x0: number, y0: number, x1: number, y1: number): Polygon => ({ type: 'Polygon', coordinates: [rect(x0, y0, x1, y1)] });

/** The 2 × 2 block of unit squares of the topology tests: c d / a b. */
const block = () =>
  new TopologyEditor(
    buildTopology(fixtureAreas({ a: squareArea(0, 0, 1, 1), b: squareArea(1, 0, 2, 1), c: squareArea(0, 1, 1, 2), d: squareArea(1, 1, 2, 2) }, 'EPSG:25833'))
      .topology,
  );

/** The EditError an edit of a fresh block is refused with. */
function refusal(edit: (editor: TopologyEditor) => unknown): EditError {
  try {
    edit(block());
  } catch (error) {
    if (error instanceof EditError) return error;
    throw error;
  }
  assert.fail('expected an EditError');
}

/** Edits the model refuses: those of the topology tests, and one for most other ways an operation fails. */
const REFUSED: [string, (editor: TopologyEditor) => unknown][] = [
  [
    'a split line that crosses the boundary once',
    (editor) =>
      editor.split('a', [
        [0.5, -1],
        [0.5, 0.5],
      ]),
  ],
  [
    'a split line that does not cross the boundary',
    (editor) =>
      editor.split('a', [
        [0.2, 0.2],
        [0.6, 0.6],
      ]),
  ],
  [
    'a split line that crosses the boundary three times',
    (editor) =>
      editor.split('a', [
        [0.5, -1],
        [0.5, 0.5],
        [0.7, -1],
        [0.7, 0.5],
      ]),
  ],
  [
    'a split line of one point',
    (editor) =>
      editor.split('a', [
        [0.5, -1],
        [0.5, -1],
      ]),
  ],
  [
    'a split line that crosses itself',
    (editor) =>
      editor.split('a', [
        [0.2, -1],
        [0.8, 2],
        [0.8, -1],
        [0.2, 2],
      ]),
  ],
  [
    'a split line along the boundary',
    (editor) =>
      editor.split('a', [
        [-1, 0],
        [2, 0],
      ]),
  ],
  [
    'a split line with a position that is no number',
    (editor) =>
      editor.split('a', [
        [0.5, -1],
        [Number.NaN, 2],
      ]),
  ],
  [
    'a split of an unknown area',
    (editor) =>
      editor.split('x', [
        [0, 0],
        [1, 1],
      ]),
  ],
  [
    'a split whose new key is taken',
    (editor) =>
      editor.split(
        'a',
        [
          [0.5, -1],
          [0.5, 2],
        ],
        { newKey: 'b' },
      ),
  ],
  [
    'a split whose new key is empty',
    (editor) =>
      editor.split(
        'a',
        [
          [0.5, -1],
          [0.5, 2],
        ],
        { newKey: ' ' },
      ),
  ],
  ['a merge with an unknown area', (editor) => editor.merge(['a', 'x'])],
  ['a merge of areas that touch at a corner', (editor) => editor.merge(['a', 'd'])],
  ['a merge of one area', (editor) => editor.merge(['a'])],
  ['a merge naming an area twice', (editor) => editor.merge(['a', 'a'])],
  ['a vertex moved across an edge', (editor) => editor.moveVertex([1, 1], [2.5, 0.5])],
  ['a vertex moved onto its neighbour', (editor) => editor.moveVertex([1, 1], [1, 0])],
  ['a vertex moved to no number', (editor) => editor.moveVertex([1, 1], [Number.NaN, 1])],
  ['a vertex moved where there is none', (editor) => editor.moveVertex([0.5, 0.5], [1, 1])],
  ['an edge moved where there is none', (editor) => editor.moveEdge([0, 0], [1, 1], [0.1, 0])],
  [
    'a barrier between points on no shared boundary',
    (editor) =>
      editor.reshapeAlongBarrier(
        [0, 0],
        [2, 2],
        [
          [0, 0],
          [2, 2],
        ],
      ),
  ],
  [
    'a barrier that crosses another boundary',
    (editor) =>
      editor.reshapeAlongBarrier(
        [1, 1],
        [1, 2],
        [
          [1, 1],
          [3, 1.5],
          [1, 2],
        ],
      ),
  ],
  [
    'a barrier of one point',
    (editor) =>
      editor.reshapeAlongBarrier(
        [1, 0],
        [1, 1],
        [
          [1, 0],
          [1, 0],
        ],
      ),
  ],
  [
    'a barrier from a point to itself',
    (editor) =>
      editor.reshapeAlongBarrier(
        [1, 0],
        [1, 0],
        [
          [1, 0],
          [1, 1],
        ],
      ),
  ],
  [
    'a barrier too far away',
    (editor) =>
      editor.reshapeAlongBarrier(
        [1, 0],
        [1, 1],
        [
          [50, 0],
          [50, 1],
        ],
        { maxDistance: 10 },
      ),
  ],
  [
    'a barrier from a point on no boundary',
    (editor) =>
      editor.reshapeAlongBarrier(
        [0.5, 0.5],
        [1, 1],
        [
          [0.5, 0.5],
          [1, 1],
        ],
      ),
  ],
  ['a carved polygon in no area', (editor) => editor.carve(rect(5, 5, 6, 6), 'z')],
  ['a carved polygon whose key is taken', (editor) => editor.carve(rect(0.1, 0.1, 0.2, 0.2), 'a')],
  [
    'a carved polygon of two points',
    (editor) =>
      editor.carve(
        [
          [0.1, 0.1],
          [0.2, 0.2],
          [0.1, 0.1],
        ],
        'z',
      ),
  ],
  [
    'a carved polygon that crosses itself',
    (editor) =>
      editor.carve(
        [
          [0.1, 0.1],
          [0.9, 0.9],
          [0.9, 0.1],
          [0.1, 0.9],
          [0.1, 0.1],
        ],
        'z',
      ),
  ],
  ['a carved polygon along a boundary', (editor) => editor.carve(rect(0.5, 0, 1.5, 0.5), 'z')],
  ['a rename to a taken key', (editor) => editor.rename('b', { key: 'a' })],
  ['a rename to an empty key', (editor) => editor.rename('b', { key: ' ' })],
];

test('every refusal of an edit says in German what is wrong, with German numbers, and keeps its English message', () => {
  const codes = new Set<string>();
  for (const [what, edit] of REFUSED) {
    const error = refusal(edit);
    codes.add(error.code);
    assert.equal(error.message, error.text.en, what);
    assertGerman(error.text, `${what} (${error.code})`);
    assert.doesNotMatch(error.text.de, /\d\.\d/, `${what}: a decimal point in the German text: ${error.text.de}`);
    assert.equal(messageText(error, 'de'), error.text.de);
  }
  assert.deepEqual([...codes].sort(), ['bad-line', 'bad-polygon', 'duplicate-key', 'not-contiguous', 'not-on-boundary', 'unknown-area', 'would-cross']);
});

test('a split line that crosses the boundary once is refused in German, naming the area in German quotes', () => {
  const error = refusal((editor) =>
    editor.split('a', [
      [0.5, -1],
      [0.5, 0.5],
    ]),
  );
  assert.equal(error.message, 'the split line crosses the boundary of area "a" 1 time; it must cross it exactly twice, entering and leaving once');
  assert.equal(
    error.text.de,
    'die Teilungslinie kreuzt die Grenze des Gebiets „a“ nur einmal; sie muss sie genau zweimal kreuzen, einmal hinein und einmal hinaus',
  );
  assert.equal(refusal((editor) => editor.moveVertex([0.5, 0.5], [1, 1])).text.de, 'bei (0,50; 0,50) gibt es keinen Stützpunkt');
});

/** Areas with every problem the partition check knows, each planted on its own, far from the others. */
function plantedFindings(): CoverageFinding[] {
  const partition = fixtureAreas(
    {
      a: squareArea(0, 0, 1000, 1000),
      strip: squareArea(1000, 0, 1002, 1000),
      b: squareArea(1002, 0, 2000, 1000),
      tiny: squareArea(0, 1000, 20, 1020),
      donut: { type: 'Polygon', coordinates: [rect(3000, 0, 4000, 1000), rect(3400, 400, 3600, 600).reverse()] },
      below: {
        type: 'Polygon',
        coordinates: [
          [
            [5000, 0],
            [6000, 0],
            [6000, 300],
            [5300, 300],
            [5300, 1000],
            [5000, 1000],
            [5000, 0],
          ],
        ],
      },
      above: {
        type: 'Polygon',
        coordinates: [
          [
            [5300, 700],
            [5700, 700],
            [5700, 300],
            [6000, 300],
            [6000, 1000],
            [5300, 1000],
            [5300, 700],
          ],
        ],
      },
      west: squareArea(7000, 0, 8000, 1000),
      east: squareArea(7500, 0, 8500, 1000),
      islands: { type: 'MultiPolygon', coordinates: [[rect(50_000, 0, 51_000, 1000)], [rect(52_000, 0, 52_010, 10)]] },
      few: {
        type: 'Polygon',
        coordinates: [
          [
            [20_000, 0],
            [20_010, 0],
            [20_000, 0],
          ],
        ],
      },
      open: {
        type: 'Polygon',
        coordinates: [
          [
            [21_000, 0],
            [21_100, 0],
            [21_100, 100],
            [21_000, 100],
          ],
        ],
      },
      flat: {
        type: 'Polygon',
        coordinates: [
          [
            [22_000, 0],
            [22_100, 0],
            [22_200, 0],
            [22_000, 0],
          ],
        ],
      },
      holed: {
        type: 'MultiPolygon',
        coordinates: [
          [rect(60_000, 0, 61_000, 1000)],
          [
            rect(62_000, 0, 63_000, 1000),
            [
              [62_400, 400],
              [62_400, 600],
              [62_600, 600],
              [62_600, 400],
            ],
          ],
        ],
      },
      bowtie: {
        type: 'Polygon',
        coordinates: [
          [
            [30_000, 0],
            [30_100, 100],
            [30_100, 0],
            [30_000, 150],
            [30_000, 0],
          ],
        ],
      },
      crossing: { type: 'Polygon', coordinates: [rect(40_000, 0, 41_000, 1000), rect(40_500, 500, 41_500, 600).reverse()] },
    },
    'EPSG:25833',
  );
  partition.features.push({ type: 'Feature', properties: { id: 'a' }, geometry: squareArea(9000, 0, 10_000, 1000) });
  partition.ids.push('a');
  const pair = fixtureAreas({ a: squareArea(0, 0, 100, 100), b: squareArea(100, 0, 200, 100) }, 'EPSG:25833');
  const row = fixtureAreas(
    { a: squareArea(0, 0, 100, 100), b: squareArea(100, 0, 200, 100), c: squareArea(200, 0, 300, 100), d: squareArea(300, 0, 400, 100) },
    'EPSG:25833',
  );
  const population = { a: 400, b: 5200, c: 11_000, d: 2000 };
  return [
    ...validateAreas(partition),
    ...validateAreas(pair, { territory: squareArea(0, 0, 300, 100) }),
    ...validateAreas(pair, { territory: squareArea(0, 0, 150, 100) }),
    ...validateAreas(row, { population, targetPopulation: 5000 }),
    ...validateAreas(row, { population: { a: 3000, b: 3000, c: 3000, d: 9000 }, balanceTolerance: 0.5 }),
  ];
}

test('every finding of the partition check on planted problems reads in German, with German numbers and points', () => {
  const findings = plantedFindings();
  const all: CoverageFindingType[] = [
    'gap',
    'overlap',
    'outside-territory',
    'sliver',
    'invalid-ring',
    'self-intersection',
    'duplicate-key',
    'small-population',
    'large-population',
    'unbalanced',
    'not-compact',
  ];
  assert.deepEqual([...new Set(findings.map((finding) => finding.type))].sort(), [...all].sort());
  for (const finding of findings) {
    const what = `${finding.type} ${finding.ids.join(', ')}`;
    assert.equal(finding.message, finding.text.en, what);
    assertGerman(finding.text, what);
    assert.doesNotMatch(finding.text.de, /\d\.\d{1,2}\b|"/, `${what}: a decimal point or English quotes in the German text: ${finding.text.de}`);
    assert.equal(messageText(JSON.parse(JSON.stringify(finding)), 'de'), finding.text.de);
  }
  const texts = findings.map((finding) => finding.text.de);
  assert.ok(texts.includes('Gebiet „strip“ hat eine Splitterfläche von 2.000 m², im Mittel 2,0 m breit'), texts.join('\n'));
  assert.ok(
    texts.some((text) => /^Gebiet „islands“ hat eine Splitterfläche von 100 m², im Mittel 5,0 m breit \(einer seiner 2 Teile\)$/.test(text)),
    texts.join('\n'),
  );
  assert.ok(
    texts.some((text) => /^eine Lücke von 16 ha bei \([\d.]+,\d\d; [\d.]+,\d\d\), die kein Gebiet abdeckt, zwischen „above“ und „below“$/.test(text)),
    texts.join('\n'),
  );
  assert.ok(
    texts.includes(
      'Gebiet „holed“: Loch 1 von Teil 2 ist nicht geschlossen: sein letzter Punkt (62.600,00; 400,00) weicht von seinem ersten (62.400,00; 400,00) ab',
    ),
    texts.join('\n'),
  );
});

test('a Sozialraum far below the target population is reported in German with German thousands', () => {
  const row = fixtureAreas({ a: squareArea(0, 0, 100, 100), d: squareArea(100, 0, 200, 100) }, 'EPSG:25833');
  const [finding] = validateAreas(row, { population: { a: 5200, d: 2000 }, targetPopulation: 5000 });
  assert.equal(finding!.message, 'area "d" has 2,000 residents, 60 % below the target of 5,000');
  assert.equal(finding!.text.de, 'Gebiet „d“ hat 2.000 Einwohner, 60 % unter dem Richtwert von 5.000');
});

test('German numbers with a fixed number of decimals, as the English texts give them', () => {
  assert.equal(germanNumber(2, 1), '2,0');
  assert.equal(germanNumber(389000.5, 2), '389.000,50');
  assert.equal(germanNumber(-0.25, 3), '−0,250');
});
