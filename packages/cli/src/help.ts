// The help texts, made from the command table so that what --help says and what parseArgs accepts cannot drift apart.
import type { Command, OptionSpec } from './command.js';

export const PROGRAM = 'sozialraum';

/** The option every command has besides its own. */
export const HELP_OPTION: OptionSpec = { name: 'help', type: 'boolean', description: 'show this help and exit' };

const EXIT_CODES =
  'Exit codes:\n' +
  '  0  done, no issues\n' +
  '  1  done and written, but the data has issues (warnings, left-out features, unmatched keys)\n' +
  '  2  bad input: wrong arguments, unreadable file, unknown CRS or column, no key matches\n' +
  '  3  internal error of the tool (please report it)\n';

export function programHelp(commands: readonly Command[], version: string): string {
  const width = Math.max(...commands.map((command) => command.name.length)) + 2;
  return (
    `${PROGRAM} ${version}: the computations of the Sozialraum toolkit on the command line\n\n` +
    `Usage: ${PROGRAM} <command> [options]\n\n` +
    'Commands:\n' +
    commands.map((command) => `  ${command.name.padEnd(width)}${command.summary}\n`).join('') +
    '\nOptions:\n' +
    optionLines([HELP_OPTION, { name: 'version', type: 'boolean', description: 'print the version and exit' }]) +
    `\n${EXIT_CODES}\n` +
    `Relative paths resolve against the current directory. Run "${PROGRAM} <command> --help" for a command's options.\n`
  );
}

export function commandHelp(command: Command): string {
  const positionals = command.positionals.map((positional) => ` <${positional.name}>`).join('');
  const sections = [`Usage: ${PROGRAM} ${command.name}${positionals} [options]\n\n${sentence(command.summary)}\n\n${command.description}\n`];
  if (command.positionals.length > 0) {
    const width = Math.max(...command.positionals.map((positional) => positional.name.length)) + 4;
    sections.push('Arguments:\n' + command.positionals.map((positional) => `  ${`<${positional.name}>`.padEnd(width)}${positional.description}\n`).join(''));
  }
  sections.push('Options:\n' + optionLines([...command.options, HELP_OPTION]));
  sections.push(EXIT_CODES);
  if (command.examples.length > 0) sections.push('Examples:\n' + command.examples.map((example) => `  ${PROGRAM} ${example}\n`).join(''));
  return sections.join('\n');
}

/** A summary line as the first sentence of a help page. */
function sentence(summary: string): string {
  return `${summary.charAt(0).toUpperCase()}${summary.slice(1)}.`;
}

function optionLines(options: readonly OptionSpec[]): string {
  const signatures = options.map((option) => `--${option.name}${option.value ? ` <${option.value}>` : ''}${option.multiple ? ' …' : ''}`);
  const width = Math.max(...signatures.map((signature) => signature.length)) + 2;
  return options
    .map(
      (option, index) =>
        `  ${signatures[index]!.padEnd(width)}${wrap(option.multiple ? `${option.description} (may be repeated)` : option.description, width + 2)}\n`,
    )
    .join('');
}

const LINE_WIDTH = 100;

/** Breaks a description into lines that fit the terminal, continued under its first word. */
function wrap(text: string, indent: number): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && indent + line.length + 1 + word.length > LINE_WIDTH) {
      lines.push(line);
      line = word;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  lines.push(line);
  return lines.join(`\n${' '.repeat(indent)}`);
}
