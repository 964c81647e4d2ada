// The worker script of the pool: runs the tasks of tasks.ts on request, reporting progress, and sends results back
// with their buffers transferred. Loaded as a module worker; under a Content-Security-Policy it needs
// `worker-src 'self'` (or the host it is served from), nothing else: no eval, no blob: URL.
import { runTask } from './tasks.js';
import './dissolve.js';
import './protect.js';
import './validate.js';
import './topology.js';
import './propose.js';
import './read-table.js';
import { serializeError, transferables, type WorkerRequest, type WorkerResponse } from './protocol.js';

function send(message: WorkerResponse, transfer: Transferable[] = []): void {
  postMessage(message, transfer);
}

addEventListener('message', async (event: MessageEvent<WorkerRequest>) => {
  const request = event.data;
  if (request?.type !== 'run') return;
  const { id } = request;
  try {
    const output = await runTask(request.task, request.input, { onProgress: (done, total) => send({ type: 'progress', id, done, total }) });
    send({ type: 'result', id, output }, transferables(output));
  } catch (error) {
    send({ type: 'error', id, error: serializeError(error) });
  }
});

send({ type: 'ready' });
