// The dissolve task: parents' areas as the union of their children's, off the main thread. Registered by the worker
// script and by the levels code, which alone need polygon-clipping; importing this module registers it.
import { dissolveParents, type AreaCollection } from '@sozialraum/core';
import { unpackAreas } from './packed-areas.js';
import { registerTask, type DissolveRequest } from './tasks.js';

/** core's dissolveParents on packed areas. */
export function dissolveTask(input: DissolveRequest): AreaCollection {
  return dissolveParents(
    unpackAreas(input.areas),
    { parentIds: input.parentIds, childrenOf: new Map(input.childrenOf) },
    { idField: input.idField, source: input.source },
  );
}

registerTask('dissolve', dissolveTask);
