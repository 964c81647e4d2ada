// Editing operations on a topology, one module each (split, merge, move a vertex or an edge, follow a barrier, carve,
// rename); each keeps the partition and returns one undoable patch.
export { EditError, applyPatch, describePatch, type EditErrorCode, type EditOptions, type EditResult, type TopologyPatch } from './edit.js';
export { splitArea } from './split.js';
export { mergeAreas } from './merge.js';
export { moveVertex, moveVertices } from './move-vertex.js';
export { moveEdge } from './move-edge.js';
export { reshapeAlongBarrier } from './barrier.js';
export { carveArea } from './carve.js';
export { renameArea } from './rename.js';
export { dissolveOutline } from './faces.js';
