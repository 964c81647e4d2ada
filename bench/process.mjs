// Whole processes timed from outside: start to exit, as a user waits for them, and the median of several runs.
import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';

/**
 * Runs `command` with `args` to its end and returns the wall time in milliseconds, its stdout and stderr. A
 * process that fails stops the benchmark with its stderr: a time of a failed run means nothing.
 */
export function timeProcess(command, args, options = {}) {
  const start = performance.now();
  const result = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 1 << 28, ...options });
  const ms = performance.now() - start;
  if (result.status !== 0 && !(options.allowStatus ?? []).includes(result.status)) {
    throw new Error(`${command} ${args.join(' ')} failed (${result.status ?? result.signal}):\n${result.stderr}`);
  }
  return { ms, stdout: result.stdout, stderr: result.stderr };
}

/** The median of a list of numbers. */
export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}
