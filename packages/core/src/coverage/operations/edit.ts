// Shared by the editing operations: the undoable patch, the draft an operation changes, errors and checks of drawn lines.
import type { Position } from 'geojson';
import { message, type Message } from '../../errors.js';
import { formatPoint as format } from '../format.js';
import { pointInPolygon, samePoint, segmentIntersection } from '../../geometry/index.js';
import { arcIndex, findArea, ringPositions, type Topology, type TopologyArea } from '../topology.js';

export type EditErrorCode =
  | 'unknown-area'
  | 'locked-area'
  | 'breaks-contiguity'
  | 'duplicate-key'
  | 'bad-line'
  | 'not-contiguous'
  | 'not-on-boundary'
  | 'would-cross'
  | 'would-flip'
  | 'bad-polygon'
  | 'inconsistent-topology';

/**
 * An edit that cannot be done as asked; nothing has changed. The text says why and, where it can, where, in both
 * languages; `message` is the English one.
 */
export class EditError extends Error {
  readonly code: EditErrorCode;
  /** Why, in English and German; show it with `messageText(error, language)`. */
  readonly text: Message;
  constructor(code: EditErrorCode, text: Message) {
    super(text.en);
    this.name = 'EditError';
    this.code = code;
    this.text = text;
  }
}

/**
 * One undoable step: the arcs and areas it changed, each with the value before and after, and the lengths of
 * both lists before and after. Undo writes the `before` values back, so it restores the exact coordinates rather
 * than computing them again. Plain JSON, like the topology.
 */
export interface TopologyPatch {
  /** What the step did, for an undo button's title: "split 01100101". */
  label: string;
  /** The label in English and German, for a history list in the user's language (older saved steps lack it). */
  text?: Message;
  arcs: [index: number, before: Position[] | null, after: Position[] | null][];
  areas: [index: number, before: TopologyArea | null, after: TopologyArea | null][];
  arcCount: [before: number, after: number];
  areaCount: [before: number, after: number];
}

/** What a step changed, by key, so that the caller recomputes only those areas (population, styling). */
export interface EditResult {
  label: string;
  text?: Message;
  /** Areas that existed before and after and whose geometry or key/name changed (by key after the step). */
  changed: string[];
  added: string[];
  removed: string[];
}

/** Applies a patch forwards (do, redo) or backwards (undo) to the topology, in place. */
export function applyPatch(topology: Topology, patch: TopologyPatch, direction: 'forward' | 'backward'): void {
  const forward = direction === 'forward';
  const at = forward ? 2 : 1;
  const arcCount = patch.arcCount[forward ? 1 : 0];
  const areaCount = patch.areaCount[forward ? 1 : 0];
  while (topology.arcs.length < arcCount) topology.arcs.push(null);
  while (topology.areas.length < areaCount) topology.areas.push(null);
  for (const entry of patch.arcs) if (entry[0] < arcCount) topology.arcs[entry[0]] = entry[at] as Position[] | null;
  for (const entry of patch.areas) if (entry[0] < areaCount) topology.areas[entry[0]] = entry[at] as TopologyArea | null;
  topology.arcs.length = arcCount;
  topology.areas.length = areaCount;
}

/** The keys a patch touched, read forwards or backwards. */
export function describePatch(topology: Topology, patch: TopologyPatch, direction: 'forward' | 'backward'): EditResult {
  const forward = direction === 'forward';
  const changed = new Set<string>();
  const added: string[] = [];
  const removed: string[] = [];
  for (const [, before, after] of patch.areas) {
    const [from, to] = forward ? [before, after] : [after, before];
    if (!from && to) added.push(to.key);
    else if (from && !to) removed.push(from.key);
    else if (to) changed.add(to.key);
  }
  // Areas whose own entry did not change still change shape when an arc they run along moved.
  const movedArcs = new Set(patch.arcs.map(([index]) => index));
  if (movedArcs.size > 0) {
    for (const area of topology.areas) {
      if (!area || added.includes(area.key)) continue;
      if (area.polygons.some((polygon) => polygon.some((ring) => ring.some((ref) => movedArcs.has(arcIndex(ref)))))) changed.add(area.key);
    }
  }
  return { label: patch.label, ...(patch.text ? { text: patch.text } : {}), changed: [...changed], added, removed };
}

/**
 * A copy of the topology's slot lists that an operation changes freely; arcs and areas themselves are never
 * changed in place but replaced, so the patch can keep the old ones as they were.
 */
export interface Draft extends Topology {
  base: Topology;
}

export function draftOf(topology: Topology): Draft {
  return { ...topology, arcs: [...topology.arcs], areas: [...topology.areas], base: topology };
}

export function patchOf(draft: Draft, text: Message): TopologyPatch {
  const base = draft.base;
  const arcs: TopologyPatch['arcs'] = [];
  const areas: TopologyPatch['areas'] = [];
  for (let i = 0; i < Math.max(base.arcs.length, draft.arcs.length); i += 1) {
    const before = i < base.arcs.length ? base.arcs[i]! : null;
    const after = i < draft.arcs.length ? draft.arcs[i]! : null;
    if (before !== after) arcs.push([i, before, after]);
  }
  for (let i = 0; i < Math.max(base.areas.length, draft.areas.length); i += 1) {
    const before = i < base.areas.length ? base.areas[i]! : null;
    const after = i < draft.areas.length ? draft.areas[i]! : null;
    if (before !== after) areas.push([i, before, after]);
  }
  return { label: text.en, text, arcs, areas, arcCount: [base.arcs.length, draft.arcs.length], areaCount: [base.areas.length, draft.areas.length] };
}

export const outerSign = (topology: Topology) => (topology.winding === 'ccw' ? 1 : -1);

export function areaAt(topology: Topology, key: string): { index: number; area: TopologyArea } {
  const index = findArea(topology, key);
  if (index === -1) throw new EditError('unknown-area', message(`there is no area "${key}"`, `es gibt kein Gebiet „${key}“`));
  return { index, area: topology.areas[index]! };
}

export function areaPolygons(topology: Topology, area: TopologyArea): Position[][][] {
  return area.polygons.map((polygon) => polygon.map((ring) => ringPositions(topology, ring)));
}

export function containsPoint(polygons: Position[][][], point: Position, epsilon = 0): 1 | 0 | -1 {
  let result: 1 | 0 | -1 = -1;
  for (const polygon of polygons) {
    const where = pointInPolygon(point, polygon, epsilon);
    if (where === 1) return 1;
    if (where === 0) result = 0;
  }
  return result;
}

export interface EditOptions {
  /** How far a point given as "on the boundary" may lie from it, in metres [0.01]. */
  within?: number;
}

/** A key no live area has: the wanted one, checked, or `base-2`, `base-3`, … */
export function freeKey(topology: Topology, wanted: string | undefined, base: string): string {
  if (wanted !== undefined) {
    if (wanted.trim() === '') throw new EditError('duplicate-key', message('a key must not be empty', 'ein Schlüssel darf nicht leer sein'));
    if (findArea(topology, wanted) !== -1) {
      throw new EditError('duplicate-key', message(`the key "${wanted}" is already taken`, `der Schlüssel „${wanted}“ ist schon vergeben`));
    }
    return wanted;
  }
  for (let n = 2; ; n += 1) if (findArea(topology, `${base}-${n}`) === -1) return `${base}-${n}`;
}

/** The lines an operation checks, named in its messages. */
export const LINE_NAMES = {
  split: message('the split line', 'die Teilungslinie'),
  barrier: message('the barrier stretch', 'der Abschnitt der Barriere'),
  polygon: message('the drawn polygon', 'das gezeichnete Vieleck'),
};

export function assertSimpleLine(line: readonly Position[], what: Message): void {
  for (let i = 0; i + 1 < line.length; i += 1) {
    for (let j = i + 2; j + 1 < line.length; j += 1) {
      if (i === 0 && j + 2 === line.length && samePoint(line[0]!, line[line.length - 1]!)) continue;
      const hit = segmentIntersection(line[i]!, line[i + 1]!, line[j]!, line[j + 1]!);
      if (hit)
        throw new EditError(
          'bad-line',
          message(`${what.en} crosses itself at ${format(hit.point)}`, `${what.de} kreuzt sich selbst bei ${format(hit.point, 'de')}`),
        );
    }
  }
}

export function withoutRepeats(line: readonly Position[]): Position[] {
  const result: Position[] = [];
  for (const point of line) {
    if (!Array.isArray(point) || !Number.isFinite(point[0]) || !Number.isFinite(point[1])) {
      throw new EditError(
        'bad-line',
        message(
          `the line has a position that is not two finite numbers: ${JSON.stringify(point)}`,
          `die Linie hat einen Punkt, der nicht aus zwei endlichen Zahlen besteht: ${JSON.stringify(point)}`,
        ),
      );
    }
    if (result.length === 0 || !samePoint(result[result.length - 1]!, point)) result.push([point[0]!, point[1]!]);
  }
  return result;
}
