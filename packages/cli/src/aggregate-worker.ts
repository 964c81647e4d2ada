// A Node worker thread of `sozialraum aggregate`: computes the coverage weights of one part of the areas per message,
// with core's own function, and hands the typed arrays back without copying them.
import { parentPort } from 'node:worker_threads';
// The aggregation module only, not the whole core: the worker starts while the main thread reads the raster.
import { packedCoverageWeights } from '@sozialraum/core/aggregate';
import type { SozialraumError } from '@sozialraum/core';
import type { WeightsReply, WeightsTask } from './commands/aggregate-threads.js';

const port = parentPort;
if (port === null) throw new Error('aggregate-worker.js runs as a worker thread of sozialraum aggregate, not on its own');

port.on('message', (task: WeightsTask) => {
  let reply: WeightsReply;
  try {
    const weights = packedCoverageWeights(task.areas, task.grid, { method: task.method });
    reply = { part: task.part, weights };
    const { areaCells, insideCells, partialOffsets, partialCells, partialFractions, runOffsets, runStarts, runLengths } = weights;
    const buffers = [areaCells, insideCells, partialOffsets, partialCells, partialFractions, runOffsets, runStarts, runLengths].map(
      (array) => array.buffer as ArrayBuffer,
    );
    port.postMessage(reply, buffers);
  } catch (error) {
    // A SozialraumError is rebuilt from its parts on the other side; anything else is a fault of the program.
    reply =
      error instanceof Error && error.name === 'SozialraumError'
        ? { part: task.part, failure: { code: (error as SozialraumError).code, text: (error as SozialraumError).text, location: (error as SozialraumError).location } }
        : { part: task.part, fault: error instanceof Error ? (error.stack ?? error.message) : String(error) };
    port.postMessage(reply);
  }
});
