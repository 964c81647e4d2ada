// What a subcommand of `sozialraum` is: its options, its help text and the function that runs it.

/** Where a run writes and where relative paths start; the bin hands in the process, tests a recorder. */
export interface CliIo {
  /** Receives results; each call gets whole lines, newline included. */
  stdout: (text: string) => void;
  /** Receives messages about the run: errors, warnings, hints. */
  stderr: (text: string) => void;
  /** Directory that relative file paths resolve against. */
  cwd: string;
}

/** One option of a command, as `util.parseArgs` reads it and `--help` documents it. */
export interface OptionSpec {
  /** Long name without dashes: "id-field". */
  name: string;
  type: 'string' | 'boolean';
  /** Placeholder of the value in the help text: "F", "EPSG:n". */
  value?: string;
  /** The option may be given more than once; its values are kept as a list (read them with listOption). */
  multiple?: boolean;
  description: string;
}

/** A positional argument, for the usage line and the check of how many were given. */
export interface PositionalSpec {
  name: string;
  description: string;
}

/** Option values as `util.parseArgs` returns them: text for string options, true for flags given, lists for `multiple`. */
export type OptionValues = Readonly<Record<string, string | boolean | readonly string[] | undefined>>;

export interface CommandInput {
  positionals: readonly string[];
  options: OptionValues;
}

export interface Command {
  name: string;
  /** One line for the command list. */
  summary: string;
  /** Paragraphs for `sozialraum <command> --help`. */
  description: string;
  positionals: readonly PositionalSpec[];
  options: readonly OptionSpec[];
  /**
   * Options and positionals (by name) that name files read and files written; an output that is an input or another
   * output is refused before the command runs.
   */
  files?: { inputs: readonly string[]; outputs: readonly string[] };
  /** Example invocations, without the leading "sozialraum". */
  examples: readonly string[];
  /** Does the work and returns the exit code; throws SozialraumError or UsageError for input it cannot use. */
  run(input: CommandInput, io: CliIo): Promise<number>;
}

/** Exit codes, the same for every command so scripts can branch on them. */
export const EXIT = {
  /** Done, nothing to report. */
  ok: 0,
  /** Done, but the data has issues (warnings, left-out features, unmatched keys). */
  issues: 1,
  /** Input that cannot be used: bad arguments, unreadable file, unknown CRS or column. */
  badInput: 2,
  /** A fault in the tool itself, not in the input. */
  internal: 3,
} as const;

/** Arguments the command line cannot be run with; the message is followed by a hint to --help. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** The text of a string option, or undefined when it was not given. */
export function stringOption(options: OptionValues, name: string): string | undefined {
  const value = options[name];
  return typeof value === 'string' ? value : undefined;
}

/** Every value of an option that may be repeated, each also split at commas: `--rate a=x/y --rate b=u/v`. */
export function listOption(options: OptionValues, name: string): string[] {
  const value = options[name];
  const values = typeof value === 'string' ? [value] : Array.isArray(value) ? (value as readonly string[]) : [];
  return values
    .flatMap((entry) => entry.split(','))
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
}

/** The text of an option that must be given, not empty; `what` says what it is for in the message. */
export function requiredOption(options: OptionValues, name: string, what?: string): string {
  const value = stringOption(options, name);
  if (value === undefined || value === '') throw new UsageError(`--${name} is required${what ? `: ${what}` : ''}`);
  return value;
}

/**
 * Every value of a repeatable option as given, not split at commas: file paths and names (`--plan-name "Entwurf 2,
 * Variante B"`) may hold them.
 */
export function repeatedOption(options: OptionValues, name: string): string[] {
  const value = options[name];
  return typeof value === 'string' ? [value] : Array.isArray(value) ? [...(value as readonly string[])] : [];
}

/**
 * The values of a repeatable option that go with the files of another, in the same order (--plan-id per --plan), as
 * given; more values than files is refused, fewer (or an empty one) leave the rest to their default.
 */
export function pairedOption(options: OptionValues, name: string, files: readonly string[], filesName: string): (string | undefined)[] {
  const values = repeatedOption(options, name).map((value) => (value.trim() === '' ? undefined : value));
  if (values.length > files.length) throw new UsageError(`--${name} is given ${values.length} times for ${files.length} --${filesName} files`);
  return values;
}
