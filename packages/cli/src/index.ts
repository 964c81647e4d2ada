// The `sozialraum` command line: finds the command, parses its options, runs it and turns every failure into an exit code.
import { readFile } from 'node:fs/promises';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { inflateSync } from 'node:zlib';
import { SozialraumError, useInflate } from '@sozialraum/core';
import { EXIT, UsageError, type CliIo, type Command } from './command.js';
import { COMMANDS, findCommand } from './commands/index.js';
import { OutputError, refuseOverwrites } from './files.js';
import { HELP_OPTION, PROGRAM, commandHelp, programHelp } from './help.js';

export type { CliIo, Command, CommandInput, OptionSpec, OptionValues, PositionalSpec } from './command.js';
export { EXIT, UsageError } from './command.js';
export { COMMANDS } from './commands/index.js';
/** Writing a file atomically, refusing to overwrite an input: for tools that run commands in-process and write beside them. */
export { refuseOverwrites, writeOutput } from './files.js';

// GeoTIFF tiles inflated by zlib's native code rather than geotiff's JavaScript inflate.
useInflate((bytes) => inflateSync(bytes));

/**
 * Runs one command line (without "node" and the script) and resolves to its exit code. Never throws and never
 * touches `process`, so tests and other tools can run it in-process.
 */
export async function run(argv: readonly string[], io: CliIo): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined) {
    io.stderr(`${PROGRAM}: no command given\n${hint()}`);
    return EXIT.badInput;
  }
  if (first === '--help' || first === '-h' || (first === 'help' && rest.length === 0)) {
    io.stdout(programHelp(COMMANDS, await version()));
    return EXIT.ok;
  }
  if (first === '--version') {
    io.stdout(`${await version()}\n`);
    return EXIT.ok;
  }
  if (first === 'help') return run([rest[0]!, '--help'], io);
  const command = findCommand(first);
  if (!command) {
    const what = first.startsWith('-') ? `unknown option "${first}"` : `unknown command "${first}"`;
    io.stderr(`${PROGRAM}: ${what}; the commands are ${COMMANDS.map((known) => known.name).join(', ')}\n${hint()}`);
    return EXIT.badInput;
  }
  try {
    const parsed = parseCommandLine(command, rest);
    if (parsed === 'help') {
      io.stdout(commandHelp(command));
      return EXIT.ok;
    }
    await refuseOverwrites(command, parsed, io.cwd);
    return await command.run(parsed, io);
  } catch (error) {
    return reportFailure(error, command, io);
  }
}

function parseCommandLine(
  command: Command,
  args: readonly string[],
): { positionals: string[]; options: Record<string, string | boolean | string[] | undefined> } | 'help' {
  const config: ParseArgsConfig['options'] = { [HELP_OPTION.name]: { type: 'boolean', short: 'h' } };
  for (const option of command.options) config[option.name] = { type: option.type, ...(option.multiple ? { multiple: true } : {}) };
  let parsed: { values: Record<string, string | boolean | (string | boolean)[] | undefined>; positionals: string[] };
  try {
    parsed = parseArgs({ args: [...args], options: config, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(parseArgsMessage(error));
  }
  if (parsed.values[HELP_OPTION.name] === true) return 'help';
  const expected = command.positionals;
  if (parsed.positionals.length < expected.length) {
    const missing = expected.slice(parsed.positionals.length).map((positional) => `<${positional.name}>`);
    throw new UsageError(`missing ${missing.join(' and ')}`);
  }
  if (parsed.positionals.length > expected.length) {
    throw new UsageError(`unexpected argument "${parsed.positionals[expected.length]}"`);
  }
  const options: Record<string, string | boolean | string[] | undefined> = {};
  const repeatable = new Set(command.options.filter((option) => option.multiple).map((option) => option.name));
  for (const [name, value] of Object.entries(parsed.values)) {
    if (Array.isArray(value)) options[name] = repeatable.has(name) ? value.map(String) : value[value.length - 1];
    else options[name] = value;
  }
  return { positionals: parsed.positionals, options };
}

/** parseArgs explains at length how to pass values starting with "-"; the first sentence is the problem. */
function parseArgsMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const firstSentence = message.split(/\.\s/)[0] ?? message;
  return firstSentence.replace(/'/g, '"').replace(/^./, (letter) => letter.toLowerCase());
}

function reportFailure(error: unknown, command: Command, io: CliIo): number {
  const prefix = `${PROGRAM} ${command.name}`;
  if (error instanceof UsageError) {
    io.stderr(`${prefix}: ${error.message}\n${hint(command)}`);
    return EXIT.badInput;
  }
  // Both messages already name the file and, where core knows it, the row or feature.
  if (error instanceof SozialraumError || error instanceof OutputError) {
    io.stderr(`${prefix}: ${error.message}\n`);
    return EXIT.badInput;
  }
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
  io.stderr(`${prefix}: internal error, please report it with the command line that caused it:\n${detail}\n`);
  return EXIT.internal;
}

function hint(command?: Command): string {
  return command ? `Run "${PROGRAM} ${command.name} --help" for its options.\n` : `Run "${PROGRAM} --help" for the commands.\n`;
}

let packageVersion: string | undefined;

/** The version of the installed package, read from its package.json next to dist/. */
async function version(): Promise<string> {
  if (packageVersion === undefined) {
    const manifest = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8')) as { version?: unknown };
    packageVersion = typeof manifest.version === 'string' ? manifest.version : 'unknown';
  }
  return packageVersion;
}
