import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { COMMANDS } from '@sozialraum/cli';
import { BIN, SAMPLES, cli, spawnCli, tempDirectory } from './helpers.js';

let temp: Awaited<ReturnType<typeof tempDirectory>>;
before(async () => (temp = await tempDirectory()));
after(async () => temp.remove());

test('--help lists every command and the exit codes on stdout', async () => {
  const result = await cli(['--help']);
  assert.equal(result.code, 0);
  assert.equal(result.stderr, '');
  for (const command of COMMANDS) assert.match(result.stdout, new RegExp(`^  ${command.name} `, 'm'));
  assert.match(result.stdout, /--version/);
  assert.match(result.stdout, /^ {2}2 {2}bad input/m);
});

test("each command's --help documents every option the command accepts", async () => {
  for (const command of COMMANDS) {
    for (const args of [
      [command.name, '--help'],
      ['help', command.name],
      [command.name, '-h'],
    ]) {
      const result = await cli(args);
      assert.equal(result.code, 0, args.join(' '));
      assert.match(result.stdout, new RegExp(`^Usage: sozialraum ${command.name}`));
      for (const option of command.options) assert.ok(result.stdout.includes(`--${option.name}`), `${command.name} --help names --${option.name}`);
      for (const positional of command.positionals) assert.ok(result.stdout.includes(`<${positional.name}>`));
    }
  }
});

test('--version prints the version of the package', async () => {
  const manifest = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  const result = await cli(['--version']);
  assert.equal(result.code, 0);
  assert.equal(result.stdout, `${manifest.version}\n`);
});

test('an unknown command ends with exit code 2, one line naming it and a hint to --help', async () => {
  const result = await cli(['aggregat', 'x.csv']);
  assert.equal(result.code, 2);
  assert.equal(result.stdout, '');
  const [message, hint, rest] = result.stderr.split('\n');
  assert.match(message!, /unknown command "aggregat"; the commands are info, validate, convert/);
  assert.match(hint!, /sozialraum --help/);
  assert.equal(rest, '');
});

test("an unknown option ends with exit code 2, naming the option and the command's --help", async () => {
  const result = await cli(['info', join(SAMPLES, 'flensburg/stadtteile.geojson'), '--idfield', 'AREA_ID']);
  assert.equal(result.code, 2);
  assert.equal(result.stdout, '');
  assert.match(result.stderr, /^sozialraum info: unknown option "--idfield"\nRun "sozialraum info --help" for its options\.\n$/);
});

test('missing and surplus arguments, and an option without its value, end with exit code 2', async () => {
  const missing = await cli(['convert', 'in.geojson']);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /missing <out>/);
  const surplus = await cli(['info', 'a.geojson', 'b.geojson']);
  assert.equal(surplus.code, 2);
  assert.match(surplus.stderr, /unexpected argument "b.geojson"/);
  const noValue = await cli(['info', 'a.geojson', '--id-field']);
  assert.equal(noValue.code, 2);
  assert.match(noValue.stderr, /--id-field/);
  const nothing = await cli([]);
  assert.equal(nothing.code, 2);
  assert.match(nothing.stderr, /no command given/);
});

test("the bin script runs as a process: relative paths resolve against its working directory, the exit code is the process's", async () => {
  const ok = await spawnCli(['info', 'berlin/lor_planungsraeume_2021.fgb'], SAMPLES);
  assert.equal(ok.code, 0, ok.stderr);
  assert.match(ok.stdout, /areas:\s+542\n/);
  assert.match(ok.stdout, /CRS:\s+EPSG:25833/);

  const missing = await spawnCli(['info', 'berlin/gibt_es_nicht.geojson'], SAMPLES);
  assert.equal(missing.code, 2);
  assert.equal(missing.stdout, '');
  assert.match(missing.stderr, /berlin\/gibt_es_nicht\.geojson: cannot be read: no such file or directory/);

  const converted = await spawnCli(['convert', join(SAMPLES, 'flensburg/stadtteile.geojson'), 'stadtteile.fgb'], temp.path);
  assert.equal(converted.code, 0, converted.stderr);
  assert.match(converted.stdout, /stadtteile\.fgb: 13 areas, FlatGeobuf, EPSG:4326/);
  assert.deepEqual([...(await readFile(temp.file('stadtteile.fgb'))).subarray(0, 3)], [0x66, 0x67, 0x62]);
});

test('the bin script is executable and starts with a node shebang', async () => {
  const { mode } = await stat(BIN);
  assert.ok((mode & 0o111) !== 0, 'executable bit set');
  assert.match(await readFile(BIN, 'utf8'), /^#!\/usr\/bin\/env node\n/);
});
