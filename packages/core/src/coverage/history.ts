// The editing session over a topology: operations as undoable steps, unlimited undo/redo, and a plain-JSON state to save.
import type { FeatureCollection, MultiPolygon, Polygon, Position } from 'geojson';
import {
  applyPatch,
  carveArea,
  describePatch,
  mergeAreas,
  moveEdge,
  moveVertex,
  reshapeAlongBarrier,
  renameArea,
  splitArea,
  type EditOptions,
  type EditResult,
  type TopologyPatch,
} from './operations/index.js';
import { areaGeometry, findArea, topologyToFeatureCollection, type Topology } from './topology.js';

/**
 * Everything an editing session needs to go on later: the current topology and both stacks. Plain JSON, so the
 * editor element can keep it in IndexedDB after every step and nothing drawn is lost on a reload.
 */
export interface EditorState {
  version: 1;
  topology: Topology;
  /** Steps done, oldest first; undo takes the last. */
  undo: TopologyPatch[];
  /** Steps undone, the next to redo last. */
  redo: TopologyPatch[];
}

/**
 * A topology with its history. Every operation either applies completely as one step or throws an `EditError`
 * and changes nothing. Undo writes back the exact arcs and areas a step replaced, so undoing any sequence of steps
 * gives back the original coordinates bit for bit.
 */
export class TopologyEditor {
  readonly topology: Topology;
  private readonly done: TopologyPatch[];
  private readonly undone: TopologyPatch[];

  constructor(topology: Topology, history: { undo?: TopologyPatch[]; redo?: TopologyPatch[] } = {}) {
    this.topology = topology;
    this.done = [...(history.undo ?? [])];
    this.undone = [...(history.redo ?? [])];
  }

  /** Continues a saved session (see `toJSON`); the state is used as it is, not copied. */
  static fromJSON(state: EditorState): TopologyEditor {
    if (!state || state.version !== 1 || !state.topology || !Array.isArray(state.topology.arcs) || !Array.isArray(state.topology.areas)) {
      throw new TypeError('not a saved editor state (version 1 with a topology, undo and redo)');
    }
    return new TopologyEditor(state.topology, { undo: state.undo, redo: state.redo });
  }

  /** The session as plain JSON; `JSON.stringify` it or store it in IndexedDB as it is. */
  toJSON(): EditorState {
    return { version: 1, topology: this.topology, undo: [...this.done], redo: [...this.undone] };
  }

  get canUndo(): boolean {
    return this.done.length > 0;
  }

  get canRedo(): boolean {
    return this.undone.length > 0;
  }

  /** Labels of the steps that can be undone, oldest first. */
  get history(): string[] {
    return this.done.map((patch) => patch.label);
  }

  /** The steps that can be undone, oldest first, and those that can be redone, next first, in the given language. */
  steps(language: 'de' | 'en'): { done: string[]; undone: string[] } {
    const text = (patch: TopologyPatch) => patch.text?.[language] ?? patch.label;
    return { done: this.done.map(text), undone: [...this.undone].reverse().map(text) };
  }

  /** Applies a patch computed by one of the operations in `operations.ts` as a new step; clears redo. */
  apply(patch: TopologyPatch): EditResult {
    applyPatch(this.topology, patch, 'forward');
    this.done.push(patch);
    this.undone.length = 0;
    return describePatch(this.topology, patch, 'forward');
  }

  undo(): EditResult | undefined {
    const patch = this.done.pop();
    if (!patch) return undefined;
    applyPatch(this.topology, patch, 'backward');
    this.undone.push(patch);
    return describePatch(this.topology, patch, 'backward');
  }

  redo(): EditResult | undefined {
    const patch = this.undone.pop();
    if (!patch) return undefined;
    applyPatch(this.topology, patch, 'forward');
    this.done.push(patch);
    return describePatch(this.topology, patch, 'forward');
  }

  split(key: string, line: readonly Position[], options?: EditOptions & { newKey?: string; newName?: string }): EditResult {
    return this.apply(splitArea(this.topology, key, line, options));
  }

  merge(keys: readonly string[], options?: { key?: string; name?: string }): EditResult {
    return this.apply(mergeAreas(this.topology, keys, options));
  }

  moveVertex(from: Position, to: Position, options?: EditOptions): EditResult {
    return this.apply(moveVertex(this.topology, from, to, options));
  }

  moveEdge(a: Position, b: Position, offset: readonly [number, number], options?: EditOptions): EditResult {
    return this.apply(moveEdge(this.topology, a, b, offset, options));
  }

  reshapeAlongBarrier(from: Position, to: Position, barrier: readonly Position[], options?: EditOptions & { maxDistance?: number }): EditResult {
    return this.apply(reshapeAlongBarrier(this.topology, from, to, barrier, options));
  }

  carve(ring: readonly Position[], key: string, options?: EditOptions & { name?: string; properties?: Record<string, unknown> }): EditResult {
    return this.apply(carveArea(this.topology, ring, key, options));
  }

  rename(key: string, change: { key?: string; name?: string }): EditResult {
    return this.apply(renameArea(this.topology, key, change));
  }

  /** The current geometry of one area, or undefined when there is no area with that key. */
  geometry(key: string): Polygon | MultiPolygon | undefined {
    const index = findArea(this.topology, key);
    return index === -1 ? undefined : areaGeometry(this.topology, this.topology.areas[index]!);
  }

  /** The current areas as GeoJSON, with key and name in the id and name fields. */
  toFeatureCollection(): FeatureCollection<Polygon | MultiPolygon> {
    return topologyToFeatureCollection(this.topology);
  }
}
