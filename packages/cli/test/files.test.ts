// No command writes over its own input or over another of its outputs, however the path is spelt, and no output is
// ever left half written.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { chmod, copyFile, link, mkdir, readFile, readdir, stat, symlink } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { COMMANDS, writeOutput } from '@sozialraum/cli';
import { BERLIN_FGB, cli, tempDirectory, writeText } from './helpers.js';

const HOSTILE = fileURLToPath(new URL('../../../../test/fixtures/hostile/', import.meta.url));

let temp: Awaited<ReturnType<typeof tempDirectory>>;
before(async () => {
  temp = await tempDirectory();
  for (const name of ['formeln.geojson', 'formeln.csv', 'formeln-spec.json']) await copyFile(`${HOSTILE}${name}`, temp.file(name));
});
after(async () => temp.remove());

interface Case {
  title: string;
  args: string[];
  /** The file that must survive unchanged. */
  kept: string;
  message: RegExp;
}

const CASES: Case[] = [
  {
    title: 'validate --out = --areas',
    args: ['validate', '--areas', 'formeln.geojson', '--out', 'formeln.geojson'],
    kept: 'formeln.geojson',
    message: /--areas and --out name the same file \("formeln\.geojson"\); the input would be overwritten by the output/,
  },
  {
    title: 'index --out = --indicators, spelt ./x and x',
    args: ['index', '--indicators', 'formeln.csv', '--id-field', 'id', '--spec', 'formeln-spec.json', '--out', './formeln.csv'],
    kept: 'formeln.csv',
    message: /--indicators and --out name the same file \("\.\/formeln\.csv"\)/,
  },
  {
    title: 'index --save-reference = --spec',
    args: [
      'index',
      '--indicators',
      'formeln.csv',
      '--id-field',
      'id',
      '--spec',
      'formeln-spec.json',
      '--out',
      'index.csv',
      '--save-reference',
      'formeln-spec.json',
    ],
    kept: 'formeln-spec.json',
    message: /--spec and --save-reference name the same file/,
  },
  {
    title: 'aggregate --out = --grid, through a symbolic link',
    args: ['aggregate', '--areas', 'formeln.geojson', '--grid', 'formeln.csv', '--value', 'EW', '--out', 'link-to-table.csv'],
    kept: 'formeln.csv',
    message: /--grid and --out name the same file \("link-to-table\.csv"\)/,
  },
  {
    title: 'aggregate-up --children-out = --values, through a hard link',
    args: [
      'aggregate-up',
      '--areas',
      'formeln.geojson',
      '--by-prefix',
      '1',
      '--values',
      'formeln.csv',
      '--counts',
      'EW',
      '--min-count',
      '3',
      '--out',
      'parents.csv',
      '--children-out',
      'hard-link.csv',
    ],
    kept: 'formeln.csv',
    message: /--values and --children-out name the same file/,
  },
  {
    title: 'aggregate-up --out = --children-out',
    args: [
      'aggregate-up',
      '--areas',
      'formeln.geojson',
      '--by-prefix',
      '1',
      '--values',
      'formeln.csv',
      '--counts',
      'EW',
      '--min-count',
      '3',
      '--out',
      'both.csv',
      '--children-out',
      'sub/../both.csv',
    ],
    kept: 'formeln.csv',
    message: /--out and --children-out name the same file \("sub\/\.\.\/both\.csv"\); one output would overwrite the other/,
  },
  {
    title: 'convert in = out',
    args: ['convert', 'formeln.geojson', 'formeln.geojson'],
    kept: 'formeln.geojson',
    message: /<in> and <out> name the same file/,
  },
  {
    title: 'crosswalk --out = --to',
    args: ['crosswalk', '--from', 'formeln.geojson', '--to', 'formeln.geojson', '--values', 'formeln.csv', '--out', `${'formeln.geojson'}`],
    kept: 'formeln.geojson',
    message: /--from and --out name the same file/,
  },
];

test('an output that is an input or another output is refused with exit 2, and the input is left as it was', async () => {
  await symlink(temp.file('formeln.csv'), temp.file('link-to-table.csv'));
  await link(temp.file('formeln.csv'), temp.file('hard-link.csv'));
  await mkdir(temp.file('sub'));
  for (const { title, args, kept, message } of CASES) {
    const before = await readFile(temp.file(kept));
    const result = await cli(args, temp.path);
    assert.equal(result.code, 2, `${title}: ${result.stderr}`);
    assert.match(result.stderr, message, title);
    assert.doesNotMatch(result.stderr, /internal error|\n\s+at /, title);
    assert.deepEqual(await readFile(temp.file(kept)), before, `${title}: ${kept} unchanged`);
  }
  assert.deepEqual(
    (await readdir(temp.path)).filter((name) => /parents|both|index/.test(name)),
    [],
    'nothing was written',
  );
});

test('the refusal comes before anything is read: a broken input is not even opened', async () => {
  const broken = `${HOSTILE}kaputt.geojson`;
  const result = await cli(['validate', '--areas', broken, '--out', broken]);
  assert.equal(result.code, 2);
  assert.match(result.stderr, /name the same file/);
  assert.doesNotMatch(result.stderr, /JSON|line 3/);
});

test('different files that share a name in different folders are not the same file', async () => {
  await mkdir(temp.file('out'), { recursive: true });
  const result = await cli(['index', '--indicators', 'formeln.csv', '--id-field', 'id', '--spec', 'formeln-spec.json', '--out', 'out/formeln.csv'], temp.path);
  assert.equal(result.code, 0, result.stderr);
  assert.match(await readFile(temp.file('out/formeln.csv'), 'utf8'), /^id,index,class/);
});

test('every option whose value is a file is declared as input or output, so the check cannot miss one', () => {
  for (const command of COMMANDS) {
    const declared = new Set([...(command.files?.inputs ?? []), ...(command.files?.outputs ?? [])]);
    const names = [
      ...command.options.filter((option) => /FILE|CSV|JSON|TIF|GEOJSON/.test(option.value ?? '')).map((option) => option.name),
      ...command.positionals.map((positional) => positional.name),
    ];
    for (const name of names) assert.ok(declared.has(name), `${command.name}: ${name}`);
    const known = new Set([...command.options.map((option) => option.name), ...command.positionals.map((positional) => positional.name)]);
    for (const name of declared) assert.ok(known.has(name), `${command.name} declares ${name}, which it does not take`);
  }
});

test('an output replaces the old file whole, keeps its permissions, and writes through a symbolic link', async () => {
  const target = await writeText(temp.file('kept-mode.csv'), 'old\n');
  await chmod(target, 0o640);
  await writeOutput('kept-mode.csv', temp.path, 'new\n');
  assert.equal(await readFile(target, 'utf8'), 'new\n');
  assert.equal((await stat(target)).mode & 0o777, 0o640);
  await symlink(target, temp.file('kept-link.csv'));
  await writeOutput('kept-link.csv', temp.path, 'through the link\n');
  assert.equal(await readFile(target, 'utf8'), 'through the link\n');
  assert.ok((await stat(temp.file('kept-link.csv'))).isFile());
  assert.deepEqual(
    (await readdir(temp.path)).filter((name) => name.endsWith('.tmp')),
    [],
    'no temporary file left',
  );
});

test('an output that cannot be written leaves neither a half file nor a temporary one, and names the path', async () => {
  await mkdir(temp.file('a-folder'));
  await writeText(temp.file('a-folder/inside.txt'), 'x');
  await assert.rejects(writeOutput('a-folder', temp.path, 'data'), /a-folder: cannot be written: it is a directory, not a file|a-folder: cannot be written/);
  await assert.rejects(writeOutput('missing/out.csv', temp.path, 'data'), /missing\/out\.csv: cannot be written: no such file or directory/);
  assert.deepEqual(await readdir(temp.file('a-folder')), ['inside.txt']);
  assert.deepEqual(
    (await readdir(temp.path)).filter((name) => name.endsWith('.tmp')),
    [],
  );
  // A real command, to a folder that does not exist: exit 2, a message, nothing left behind.
  const result = await cli(['convert', BERLIN_FGB, temp.file('nowhere/lor.geojson')]);
  assert.equal(result.code, 2);
  assert.match(result.stderr, /nowhere\/lor\.geojson: cannot be written: no such file or directory/);
});
