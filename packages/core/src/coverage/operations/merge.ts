// Merging neighbouring areas into one.
import { message } from '../../errors.js';
import { formatKeys } from '../format.js';
import { arcIndex, arcUsers, type Topology } from '../topology.js';
import { withRecomputedSizes } from '../attributes.js';
import { EditError, type TopologyPatch, draftOf, patchOf, areaAt, freeKey } from './edit.js';
import { dropUnusedArcs, healNodes, arcEnds, allRefs } from './arcs.js';
import { traceRings, groupRings, dissolve, assertRingsKeepShape } from './faces.js';

/**
 * Merges two or more areas that together form one contiguous piece (each shares an edge with another). The shared
 * edges disappear; the result keeps the first key and name unless `key` / `name` say otherwise.
 */
export function mergeAreas(topology: Topology, keys: readonly string[], options: { key?: string; name?: string } = {}): TopologyPatch {
  if (keys.length < 2)
    throw new EditError('not-contiguous', message('merging needs at least two areas', 'zum Zusammenlegen braucht es mindestens zwei Gebiete'));
  if (new Set(keys).size !== keys.length) {
    throw new EditError(
      'duplicate-key',
      message(`an area is named twice among ${keys.join(', ')}`, `unter ${formatKeys(keys, 'de')} ist ein Gebiet zweimal genannt`),
    );
  }
  const found = keys.map((key) => areaAt(topology, key));
  const draft = draftOf(topology);
  // Contiguity: walk the shared arcs from the first area.
  const users = arcUsers(topology);
  const members = new Set(found.map(({ index }) => index));
  const reached = new Set([found[0]!.index]);
  const queue = [found[0]!.index];
  while (queue.length > 0) {
    const current = queue.pop()!;
    for (const ref of allRefs(topology.areas[current]!)) {
      for (const use of users[arcIndex(ref)] ?? []) {
        if (members.has(use.area) && !reached.has(use.area)) {
          reached.add(use.area);
          queue.push(use.area);
        }
      }
    }
  }
  const apart = found.filter(({ index }) => !reached.has(index)).map(({ area }) => area.key);
  if (apart.length > 0) {
    const one = apart.length === 1;
    throw new EditError(
      'not-contiguous',
      message(
        `${formatKeys(apart)} share${one ? 's' : ''} no edge with "${keys[0]}" or the areas joined to it; only neighbouring areas can be merged`,
        `${formatKeys(apart, 'de')} ${one ? 'hat' : 'haben'} keine gemeinsame Grenze mit „${keys[0]}“ oder den damit verbundenen Gebieten; ` +
          'nur benachbarte Gebiete lassen sich zusammenlegen',
      ),
    );
  }
  const refs = found.flatMap(({ area }) => allRefs(area));
  const { kept, inner } = dissolve(refs);
  const polygons = groupRings(draft, traceRings(draft, kept));
  const first = found[0]!;
  const key = options.key ?? first.area.key;
  if (key !== first.area.key && !keys.includes(key)) freeKey(topology, key, key);
  // The area whose key the result keeps gives its name, attributes and place too (so the others are the ones removed);
  // sizes are measured again.
  const base = found.find(({ area }) => area.key === key) ?? first;
  const name = options.name ?? base.area.name;
  const result = { ...base.area, key, ...(name !== undefined ? { name } : {}), polygons };
  for (const { index } of found) draft.areas[index] = null;
  draft.areas[base.index] = { ...result, properties: withRecomputedSizes(draft, result) };
  const ends = arcEnds(draft, inner);
  dropUnusedArcs(draft, inner);
  healNodes(draft, ends);
  assertRingsKeepShape(draft, [base.index]);
  return patchOf(draft, message(`merge ${keys.join(', ')}`, `${keys.join(', ')} zusammengelegt`));
}
