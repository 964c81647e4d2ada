// Number options and the option parser under hostile command lines: every number option refuses what is not a finite
// number with a message naming it, and no generated command line of any command ends in an internal error.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { copyFile, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { COMMANDS } from '@sozialraum/cli';
import { cli, tempDirectory, type CliResult } from './helpers.js';

const HOSTILE = fileURLToPath(new URL('../../../../test/fixtures/hostile/', import.meta.url));
const FIXTURES = [
  'formeln.geojson',
  'formeln.csv',
  'formeln-spec.json',
  'formeln-punkte.geojson',
  'names.geojson',
  'table.csv',
  'kaputt.geojson',
  'leer.geojson',
  'doppelt.geojson',
  'falsche-typen.geojson',
];

let temp: Awaited<ReturnType<typeof tempDirectory>>;
before(async () => {
  temp = await tempDirectory();
  for (const name of FIXTURES) await copyFile(`${HOSTILE}${name}`, temp.file(name));
});
after(async () => temp.remove());

/** What a program that crashed prints: our internal-error line, or a frame of a stack trace. */
const CRASH = /internal error, please report|\n\s+at (?:async )?(?:\S+ \()?(?:file:|node:|\/)\S*:\d+:\d+/;

function assertNoCrash(result: CliResult, args: readonly string[]): void {
  const what = JSON.stringify(args);
  assert.notEqual(result.code, 3, `${what}: ${result.stderr}`);
  assert.ok([0, 1, 2].includes(result.code), `${what}: exit ${result.code}`);
  assert.doesNotMatch(result.stderr, CRASH, what);
  assert.doesNotMatch(result.stdout, CRASH, what);
}

const NOT_NUMBERS = ['NaN', 'Infinity', '-Infinity', '+Infinity', '1e309', '-1e309', '0x10', '0b11', '1_000', '', ' ', 'abc', '1,5', '1e', '٣'];

/** Each number option with a command line that is otherwise fine, so the option alone decides. */
const NUMBER_OPTIONS: { option: string; args: string[] }[] = [
  { option: 'min-count', args: ['aggregate', '--areas', 'formeln.geojson', '--points', 'formeln-punkte.geojson'] },
  { option: 'min-population', args: ['aggregate', '--areas', 'formeln.geojson', '--points', 'formeln-punkte.geojson'] },
  { option: 'band', args: ['aggregate', '--areas', 'formeln.geojson', '--raster', 'kein.tif'] },
  {
    option: 'min-count',
    args: ['aggregate-up', '--areas', 'formeln.geojson', '--by-prefix', '1', '--values', 'formeln.csv', '--counts', 'EW', '--out', 'p.csv'],
  },
  {
    option: 'missing-values',
    args: ['aggregate-up', '--areas', 'formeln.geojson', '--by-prefix', '1', '--values', 'formeln.csv', '--counts', 'EW', '--out', 'p.csv'],
  },
  { option: 'by-prefix', args: ['aggregate-up', '--areas', 'formeln.geojson', '--values', 'formeln.csv', '--counts', 'EW', '--out', 'p.csv'] },
  { option: 'missing-values', args: ['crosswalk', '--from', 'formeln.geojson', '--to', 'formeln.geojson', '--values', 'formeln.csv', '--columns', 'EW'] },
  { option: 'min-population', args: ['validate', '--areas', 'formeln.geojson', '--grid', 'kein.csv', '--value', 'Einwohner'] },
  { option: 'target-population', args: ['validate', '--areas', 'formeln.geojson', '--grid', 'kein.csv', '--value', 'Einwohner'] },
  { option: 'max-population', args: ['validate', '--areas', 'formeln.geojson', '--grid', 'kein.csv', '--value', 'Einwohner'] },
];

test('every number option refuses NaN, infinities, 1e309, hex, empty and text with exit 2 and a message naming it', async () => {
  for (const { option, args } of NUMBER_OPTIONS) {
    // In a list of codes a comma separates two numbers: "1,5" is 1 and 5 there.
    for (const value of NOT_NUMBERS.filter((text) => !(option === 'missing-values' && text === '1,5'))) {
      const line = [...args, `--${option}=${value}`];
      const result = await cli(line, temp.path);
      assertNoCrash(result, line);
      assert.equal(result.code, 2, `${JSON.stringify(line)}: ${result.stderr}`);
      assert.match(result.stderr, new RegExp(`--${option}\\b`), JSON.stringify(line));
    }
  }
});

test('the reported cases: --min-count=Infinity, --min-count 1e309, --min-population=Infinity', async () => {
  const base = ['aggregate', '--areas', 'formeln.geojson', '--points', 'formeln-punkte.geojson'];
  const infinity = await cli([...base, '--min-count=Infinity'], temp.path);
  assert.equal(infinity.code, 2);
  assert.match(infinity.stderr, /^sozialraum aggregate: --min-count must be a number of 0 or more, not "Infinity"\n/);
  const huge = await cli([...base, '--min-count', '1e309'], temp.path);
  assert.equal(huge.code, 2);
  assert.match(huge.stderr, /--min-count: "1e309" is too large to be a number/);
  const population = await cli([...base, '--min-population=Infinity'], temp.path);
  assert.equal(population.code, 2);
  assert.match(population.stderr, /--min-population must be a number of 0 or more, not "Infinity"/);
  const comma = await cli(
    ['aggregate-up', '--areas', 'formeln.geojson', '--by-prefix', '1', '--values', 'formeln.csv', '--counts', 'EW', '--out', 'p.csv', '--min-count=2,5'],
    temp.path,
  );
  assert.match(comma.stderr, /--min-count must be a number of 0 or more, not "2,5" \(write 2\.5 with a decimal point\)/);
});

test('-0 is 0: --min-count=-0 is the same as --min-count=0', async () => {
  const base = ['aggregate-up', '--areas', 'formeln.geojson', '--by-prefix', '1', '--values', 'formeln.csv', '--counts', 'EW,ALO'];
  const zero = await cli([...base, '--min-count=0', '--out', 'zero.csv'], temp.path);
  const minusZero = await cli([...base, '--min-count=-0', '--out', 'minus-zero.csv'], temp.path);
  assert.equal(zero.code, 0, zero.stderr);
  assert.equal(minusZero.code, 0, minusZero.stderr);
  assert.equal(minusZero.stderr.replaceAll('minus-zero.csv', 'zero.csv'), zero.stderr);
  const refused = await cli([...base, '--min-count=-1', '--out', 'x.csv'], temp.path);
  assert.equal(refused.code, 2);
  assert.match(refused.stderr, /--min-count must be a number of 0 or more, not "-1"/);
});

// ---------------------------------------------------------------------------------------------------------------
// Fuzzing the whole command line

/** A seeded stream of numbers in [0, 1): the n-th is read from the hash of seed and n, so a failing case replays. */
function random(seed: number): () => number {
  let n = 0;
  return () =>
    createHash('sha256')
      .update(`${seed}:${(n += 1)}`)
      .digest()
      .readUInt32LE(0) /
    2 ** 32;
}

const NUMBER_VALUES = [...NOT_NUMBERS, '-0', '+0', '0', '3', '-3', '0.5', '.5', '5.', '1e308', '-1e308', '9007199254740993', '1e-400', '2'];
const FILE_VALUES = [...FIXTURES, 'fehlt.csv', 'out.csv', 'out.geojson', 'out.fgb', 'out.json', './out.csv', '.', 'fehlt/out.csv', '', '-'];
const TEXT_VALUES = [
  'id',
  'name',
  'EW',
  'ALO',
  'S1',
  'typ',
  'plaetze',
  'de',
  'en',
  'fr',
  'EPSG:25833',
  'EPSG:4326',
  'EPSG:9999',
  'sum',
  'mean,max',
  'weighted_mean',
  'none',
  'exact',
  'centroid',
  'leave-empty',
  'sum-known',
  'S=ALO/EW*100',
  'x,y',
  'mss-2021-status',
  '=1+1',
  '\t',
  '\u202e',
  '"',
  '--out',
  '-h',
];

function pick<T>(next: () => number, list: readonly T[]): T {
  return list[Math.floor(next() * list.length)]!;
}

/** A command line of each command that runs to the end, for the generator to start from half of the time. */
const WORKING: Record<string, string[]> = {
  info: ['formeln.geojson'],
  validate: ['--areas', 'formeln.geojson', '--indicators', 'formeln.csv'],
  convert: ['formeln.geojson', 'out.fgb'],
  index: ['--indicators', 'formeln.csv', '--id-field', 'id', '--spec', 'formeln-spec.json', '--out', 'out.csv'],
  aggregate: ['--areas', 'formeln.geojson', '--points', 'formeln-punkte.geojson'],
  'aggregate-up': ['--areas', 'formeln.geojson', '--by-prefix', '1', '--values', 'formeln.csv', '--counts', 'EW', '--out', 'p.csv'],
  crosswalk: ['--from', 'formeln.geojson', '--to', 'formeln.geojson', '--values', 'formeln.csv'],
};

/**
 * One command line: a command (now and then none or a wrong one), then options in both spellings and stray words;
 * half of the time added to a command line that works, so that the options reach the computation.
 */
function commandLine(next: () => number): string[] {
  const roll = next();
  if (roll < 0.03) return [pick(next, ['help', '--help', '--version', 'nonsense', '', '-x', '--out'])];
  const command = pick(next, COMMANDS);
  const working = next() < 0.5;
  const args = [command.name, ...(working ? (WORKING[command.name] ?? []) : [])];
  const count = Math.floor(next() * (working ? 3 : 9));
  for (let index = 0; index < count; index += 1) {
    const kind = next();
    if (kind < 0.05) {
      args.push(pick(next, ['--bogus', '-q', '--', 'stray', '--help=yes']));
      continue;
    }
    if (kind < 0.15 || command.options.length === 0) {
      args.push(pick(next, FILE_VALUES));
      continue;
    }
    const option = pick(next, command.options);
    if (option.type === 'boolean') {
      args.push(next() < 0.9 ? `--${option.name}` : `--${option.name}=${pick(next, TEXT_VALUES)}`);
      continue;
    }
    const pool =
      /^(N|N\|FILE|LIST)$/.test(option.value ?? '') || next() < 0.15 ? NUMBER_VALUES : /FILE|CSV|JSON|TIF/.test(option.value ?? '') ? FILE_VALUES : TEXT_VALUES;
    const value = pick(next, pool);
    if (next() < 0.5) args.push(`--${option.name}=${value}`);
    else args.push(`--${option.name}`, value);
  }
  return args;
}

/**
 * The fixtures as they were, put back whenever a generated line wrote over one (an output may name a fixture that is
 * not an input of that line), so that every line meets the same files and a failure replays alone.
 */
async function fixtureKeeper(): Promise<() => Promise<void>> {
  const kept = await Promise.all(FIXTURES.map(async (name) => ({ name, bytes: await readFile(temp.file(name)), ino: (await stat(temp.file(name))).ino })));
  return async () => {
    for (const fixture of kept) {
      const now = await stat(temp.file(fixture.name)).catch(() => undefined);
      if (now?.ino === fixture.ino && now.size === fixture.bytes.length) continue;
      await rm(temp.file(fixture.name), { recursive: true, force: true });
      await writeFile(temp.file(fixture.name), fixture.bytes);
      fixture.ino = (await stat(temp.file(fixture.name))).ino;
    }
  };
}

test('10,000 generated command lines over every command: none ends in an internal error or a stack trace', async () => {
  const next = random(20261207);
  const restore = await fixtureKeeper();
  const codes = [0, 0, 0, 0];
  for (let index = 0; index < 10_000; index += 1) {
    const line = commandLine(next);
    const result = await cli(line, temp.path);
    assertNoCrash(result, line);
    codes[result.code] = (codes[result.code] ?? 0) + 1;
    await restore();
  }
  // The generator reaches past the option checks: some lines run to the end, with and without findings.
  assert.ok(codes[0]! + codes[1]! > 1_000 && codes[2]! > 5_000, `exit codes 0/1/2: ${codes.slice(0, 3).join('/')}`);
});

test('found by the fuzz: a territory of empty or malformed polygons is refused with a message, not a clipping error', async () => {
  for (const territory of ['leer.geojson', 'falsche-typen.geojson']) {
    const line = ['validate', '--areas', 'formeln.geojson', `--territory=${territory}`];
    const result = await cli(line, temp.path);
    assertNoCrash(result, line);
    assert.equal(result.code, 2);
    assert.match(result.stderr, new RegExp(`${territory.replace('.', '\\.')}: holds no polygon to use as the territory`));
  }
});
