// The command line side of the shared-fixture tests: every element package compares what an element writes with what
// `sozialraum` writes for the same input, through the test server's `sozialraum-cli` command
// (web-test-runner.config.mjs), which runs the CLI of this build on the files a test hands over.
import { expect } from 'chai';
import { executeServerCommand } from '@web/test-runner-commands';

/** One run of the CLI: `{name}` in `args` stands for the file `name` in the run's temp folder. */
export interface CliCall {
  args: readonly string[];
  /** Files written to the temp folder before the run, by name. */
  files?: Readonly<Record<string, string>>;
  /** The names of the files the run must write; their text comes back in `written`. */
  outputs: readonly string[];
}

/** What the CLI answered: every file of `outputs` written (a missing one fails the test, with the CLI's stderr). */
export interface CliAnswer {
  code: number;
  stdout: string;
  stderr: string;
  written: Record<string, string>;
}

/**
 * Runs the CLI and expects it to finish: exit code 0, or 1 (the run finished, with values withheld or warnings on
 * stderr), and every file named in `outputs` written.
 */
export async function runCli(call: CliCall): Promise<CliAnswer> {
  const answer = await executeServerCommand<{ code: number; stdout: string; stderr: string; written: Record<string, string | null> }, CliCall>(
    'sozialraum-cli',
    { args: call.args, files: call.files ?? {}, outputs: call.outputs },
  );
  expect(answer.code, answer.stderr).to.be.oneOf([0, 1]);
  const written: Record<string, string> = {};
  for (const name of call.outputs) {
    const text = answer.written[name];
    expect(text, `${name} not written: ${answer.stderr}`).to.be.a('string');
    written[name] = text!;
  }
  return { code: answer.code, stdout: answer.stdout, stderr: answer.stderr, written };
}
