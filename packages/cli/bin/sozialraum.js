#!/usr/bin/env node
// The installed `sozialraum` command: runs the compiled CLI on this process's arguments and streams.
import { run } from '../dist/index.js';

// A reader that stops early (`sozialraum info … | head`) closes the pipe; that is not an error of the tool.
process.stdout.on('error', (error) => {
  if (error.code !== 'EPIPE') throw error;
});

process.exitCode = await run(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  cwd: process.cwd(),
});
