// The proposal task: core's propose (the workbench's automatic partition) off the main thread, with a progress message
// per pass of its local search; the pool cancels it by ending its worker, or on the main thread through the signal.
// Registered by the worker script and by pages that run it without workers; importing this module registers it.
import { propose, type Proposal } from '@sozialraum/core';
import { registerTask, type ProposeRequest, type TaskContext } from './tasks.js';

/** core's propose on the units and rules of the request; deterministic for the request's seed. */
export function proposeTask(input: ProposeRequest, context: TaskContext): Promise<Proposal> {
  return propose(input.layer, {
    ...input.options,
    ...(context.signal ? { signal: context.signal } : {}),
    ...(context.onProgress ? { onProgress: context.onProgress } : {}),
  });
}

registerTask('propose', proposeTask);
