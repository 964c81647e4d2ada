// The command table: a new command is one module in this folder and one entry here.
import type { Command } from '../command.js';
import { aggregate } from './aggregate.js';
import { aggregateUpCommand } from './aggregate-up.js';
import { convert } from './convert.js';
import { crosswalk } from './crosswalk.js';
import { index } from './index-command.js';
import { info } from './info.js';
import { profile } from './profile.js';
import { propose } from './propose.js';
import { score } from './score.js';
import { validate } from './validate.js';

/** Every command, in the order `sozialraum --help` lists them. */
export const COMMANDS: readonly Command[] = [info, validate, convert, index, profile, aggregate, aggregateUpCommand, crosswalk, propose, score];

export function findCommand(name: string): Command | undefined {
  return COMMANDS.find((command) => command.name === name);
}
