// Giving an area a new key or name.
import { message } from '../../errors.js';
import type { Topology } from '../topology.js';
import { type TopologyPatch, draftOf, patchOf, areaAt, freeKey } from './edit.js';

/** Gives an area a new key and/or name; keys stay unique and non-empty. */
export function renameArea(topology: Topology, key: string, change: { key?: string; name?: string }): TopologyPatch {
  const { index, area } = areaAt(topology, key);
  const newKey = change.key !== undefined && change.key !== key ? freeKey(topology, change.key, change.key) : key;
  const draft = draftOf(topology);
  const name = change.name ?? area.name;
  draft.areas[index] = { ...area, key: newKey, ...(name !== undefined ? { name } : {}) };
  return patchOf(draft, newKey !== key ? message(`re-key ${key} → ${newKey}`, `Schlüssel ${key} → ${newKey}`) : message(`rename ${key}`, `${key} umbenannt`));
}
