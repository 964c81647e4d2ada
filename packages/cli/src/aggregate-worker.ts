// A Node worker thread of `sozialraum aggregate`: per message, the coverage weights of one part of the areas (core's
// own function) or the layer to aggregate read from its bytes; typed arrays go back without being copied.
import { parentPort } from 'node:worker_threads';
// The aggregation module only: a worker that weighs areas loads no readers. A worker that reads a layer loads them.
import { packedCoverageWeights } from '@sozialraum/core/aggregate';
import type { SozialraumError } from '@sozialraum/core';
import type { WeightsTask, WorkerFailure } from './commands/aggregate-threads.js';
import type { LayerTask } from './commands/aggregate-layer.js';

const port = parentPort;
if (port === null) throw new Error('aggregate-worker.js runs as a worker thread of sozialraum aggregate, not on its own');

port.on('message', (task: WeightsTask | LayerTask) => {
  if (task.kind === 'weights') weigh(task);
  else void read(task);
});

function weigh(task: WeightsTask): void {
  try {
    const weights = packedCoverageWeights(task.areas, task.grid, { method: task.method });
    const { areaCells, insideCells, partialOffsets, partialCells, partialFractions, runOffsets, runStarts, runLengths } = weights;
    const arrays = [areaCells, insideCells, partialOffsets, partialCells, partialFractions, runOffsets, runStarts, runLengths];
    port!.postMessage(
      { part: task.part, weights },
      arrays.map((array) => array.buffer as ArrayBuffer),
    );
  } catch (error) {
    port!.postMessage({ part: task.part, ...failure(error) });
  }
}

async function read(task: LayerTask): Promise<void> {
  try {
    const { parseLayer, screenLayer } = await import('./commands/aggregate-layer.js');
    const screened = screenLayer(await parseLayer(task.bytes, task.path, task.what), task.path, task.counts);
    const values = screened.layer.values;
    // Only a view of a whole buffer of its own is handed over; anything else is copied.
    const whole = ArrayBuffer.isView(values) && values.byteOffset === 0 && values.byteLength === values.buffer.byteLength;
    port!.postMessage({ layer: screened }, whole ? [values.buffer as ArrayBuffer] : []);
  } catch (error) {
    port!.postMessage(failure(error));
  }
}

/** A SozialraumError in its parts, rebuilt on the other side; anything else is a fault of the program. */
function failure(error: unknown): WorkerFailure {
  if (error instanceof Error && error.name === 'SozialraumError') {
    const { code, text, location } = error as SozialraumError;
    return { failure: { code, text, location } };
  }
  return { fault: error instanceof Error ? (error.stack ?? error.message) : String(error) };
}
