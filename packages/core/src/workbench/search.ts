// The state of a partition of units into areas, the cost the proposal minimises, and the moves of its local search:
// one unit at a time from its area to a neighbouring one, kept only when the cost falls and both areas stay whole.
import type { UnitLayer } from './units.js';

/** Weights of the cost terms; see `PartitionState.areaCost`. */
export interface CostWeights {
  target: number;
  minimum: number;
  maximum: number;
  /** Weight of the squared relative deviation from the target. */
  balance: number;
  /** Weight of 1 / Polsby–Popper of each area. */
  compactness: number;
  /** Weight per 100 m of adjacency across a barrier inside an area. */
  barrier: number;
  /** Per reference layer and the reference unit of each unit, the weight of the slivers of its units (see `sliverCost`). */
  references: readonly { unitOf: Int32Array; weight: number }[];
}

/** Out-of-bounds residents weigh this much more than the same deviation from the target inside the bounds. */
const BOUND_PENALTY = 200;

/** A partition under search: the area of each unit and the running totals the cost is made of. */
export class PartitionState {
  readonly assignment: Int32Array;
  readonly residents: Float64Array;
  readonly area: Float64Array;
  readonly perimeter: Float64Array;
  /** Per area, the summed length (in 100 m) of adjacencies inside it that cross a barrier. */
  readonly crossings: Float64Array;
  readonly size: Int32Array;
  /** Per reference layer and reference unit, the residents in each area. */
  readonly shares: Map<number, number>[][];
  readonly #seen: Int32Array;
  #stamp = 0;

  constructor(
    readonly layer: UnitLayer,
    readonly areaCount: number,
    assignment: Int32Array,
    readonly barrierEdges: Uint8Array | undefined,
    readonly weights: CostWeights,
  ) {
    // Units join one by one, so that each shared edge is counted once, by the later of its two units.
    this.assignment = new Int32Array(assignment.length).fill(-1);
    this.residents = new Float64Array(areaCount);
    this.area = new Float64Array(areaCount);
    this.perimeter = new Float64Array(areaCount);
    this.crossings = new Float64Array(areaCount);
    this.size = new Int32Array(areaCount);
    this.#seen = new Int32Array(layer.ids.length);
    this.shares = weights.references.map(({ unitOf }) => {
      let count = 0;
      for (const value of unitOf) count = Math.max(count, value + 1);
      return Array.from({ length: count }, () => new Map<number, number>());
    });
    for (let unit = 0; unit < assignment.length; unit += 1) {
      if (assignment[unit]! < 0) continue;
      this.assignment[unit] = assignment[unit]!;
      this.#add(unit, assignment[unit]!, 1);
    }
  }

  /** Adds (sign 1) or removes (sign -1) a unit's contributions to an area. */
  #add(unit: number, area: number, sign: 1 | -1): void {
    const layer = this.layer;
    this.residents[area] += sign * layer.residents[unit]!;
    this.area[area] += sign * layer.areas[unit]!;
    this.size[area] += sign;
    const { shared, crossing } = this.#towards(unit, area);
    // The unit's outline joins the area's, less twice what it shares with the area (counted once in the sum).
    this.perimeter[area] += sign * (layer.perimeters[unit]! - 2 * shared);
    this.crossings[area] += sign * crossing;
    this.weights.references.forEach(({ unitOf }, layerIndex) => {
      const reference = unitOf[unit]!;
      if (reference < 0) return;
      const map = this.shares[layerIndex]![reference]!;
      const next = (map.get(area) ?? 0) + sign * layer.residents[unit]!;
      if (Math.abs(next) < 1e-9) map.delete(area);
      else map.set(area, next);
    });
  }

  /** What the unit shares with the other units of an area: boundary length and barrier crossings (in 100 m). */
  #towards(unit: number, area: number): { shared: number; crossing: number } {
    const layer = this.layer;
    let shared = 0;
    let crossing = 0;
    for (let k = layer.neighbourOffsets[unit]!; k < layer.neighbourOffsets[unit + 1]!; k += 1) {
      const other = layer.neighbours[k]!;
      if (other === unit || this.assignment[other] !== area) continue;
      shared += layer.sharedLengths[k]!;
      if (this.barrierEdges?.[k]) crossing += layer.sharedLengths[k]! / 100;
    }
    return { shared, crossing };
  }

  /** The cost of one area from its totals: balance, bounds, compactness and barriers. */
  areaCost(residents: number, area: number, perimeter: number, crossings: number, size: number): number {
    if (size === 0) return 1e6;
    const w = this.weights;
    const deviation = (residents - w.target) / w.target;
    let cost = w.balance * deviation * deviation;
    if (residents < w.minimum) cost += BOUND_PENALTY * w.balance * ((w.minimum - residents) / w.target + 0.05);
    if (residents > w.maximum) cost += BOUND_PENALTY * w.balance * ((residents - w.maximum) / w.target + 0.05);
    if (area > 0) cost += (w.compactness * (perimeter * perimeter)) / (4 * Math.PI * area);
    return cost + w.barrier * crossings;
  }

  #cost(area: number): number {
    return this.areaCost(this.residents[area]!, this.area[area]!, this.perimeter[area]!, this.crossings[area]!, this.size[area]!);
  }

  /** The change of the cost if `unit` moved to area `to`; Infinity when the move is not allowed. */
  moveDelta(unit: number, to: number): number {
    const from = this.assignment[unit]!;
    if (from === to || this.size[from]! <= 1) return Infinity;
    const layer = this.layer;
    const people = layer.residents[unit]!;
    const size = layer.areas[unit]!;
    const fromLink = this.#towards(unit, from);
    const toLink = this.#towards(unit, to);
    const before = this.#cost(from) + this.#cost(to);
    const after =
      this.areaCost(
        this.residents[from]! - people,
        this.area[from]! - size,
        this.perimeter[from]! - layer.perimeters[unit]! + 2 * fromLink.shared,
        this.crossings[from]! - fromLink.crossing,
        this.size[from]! - 1,
      ) +
      this.areaCost(
        this.residents[to]! + people,
        this.area[to]! + size,
        this.perimeter[to]! + layer.perimeters[unit]! - 2 * toLink.shared,
        this.crossings[to]! + toLink.crossing,
        this.size[to]! + 1,
      );
    return after - before + this.#referenceDelta(unit, from, to);
  }

  /**
   * Change of the slivers of reference units: see `sliverCost`. Only the reference unit of the moved unit changes,
   * and only in the two areas involved.
   */
  #referenceDelta(unit: number, from: number, to: number): number {
    let delta = 0;
    const people = this.layer.residents[unit]!;
    if (people === 0) return 0;
    this.weights.references.forEach(({ unitOf, weight }, layerIndex) => {
      const reference = unitOf[unit]!;
      if (reference < 0 || weight === 0) return;
      const map = this.shares[layerIndex]![reference]!;
      const before = [...map.values()];
      const after = [...map].map(([area, value]) => (area === from ? value - people : area === to ? value + people : value));
      if (!map.has(to)) after.push(people);
      delta += weight * (sliverCost(after, this.weights.target) - sliverCost(before, this.weights.target));
    });
    return delta;
  }

  /** Moves the unit to the area `to`, updating every total. */
  move(unit: number, to: number): void {
    const from = this.assignment[unit]!;
    this.#add(unit, from, -1);
    this.assignment[unit] = to;
    this.#add(unit, to, 1);
  }

  /** Whether the area of `unit` stays in one piece without it: a search from one of its neighbours reaches the rest. */
  staysWholeWithout(unit: number): boolean {
    const layer = this.layer;
    const area = this.assignment[unit]!;
    const remaining = this.size[area]! - 1;
    let start = -1;
    let touching = 0;
    for (let k = layer.neighbourOffsets[unit]!; k < layer.neighbourOffsets[unit + 1]!; k += 1) {
      if (this.assignment[layer.neighbours[k]!] === area) {
        touching += 1;
        if (start < 0) start = layer.neighbours[k]!;
      }
    }
    if (start < 0) return remaining === 0;
    if (touching === 1) return true;
    this.#stamp += 1;
    const stamp = this.#stamp;
    this.#seen[unit] = stamp;
    this.#seen[start] = stamp;
    const queue = [start];
    let reached = 1;
    for (let head = 0; head < queue.length; head += 1) {
      const current = queue[head]!;
      for (let k = layer.neighbourOffsets[current]!; k < layer.neighbourOffsets[current + 1]!; k += 1) {
        const other = layer.neighbours[k]!;
        if (this.#seen[other] === stamp || this.assignment[other] !== area) continue;
        this.#seen[other] = stamp;
        reached += 1;
        queue.push(other);
      }
    }
    return reached === remaining;
  }

  /** The total cost of the partition. */
  totalCost(): number {
    let cost = 0;
    for (let area = 0; area < this.areaCount; area += 1) cost += this.#cost(area);
    return cost;
  }
}

/**
 * How much a reference unit's split costs, from the residents it has in each area: every part but the largest costs
 * p · (1 − 2p / target) / target while it holds fewer than half the target's residents, and nothing beyond. A
 * sliver of a department's unit in a neighbouring area is pulled back, while a unit too large for one area may be
 * shared in substantial parts without the search forcing them together at the cost of balance.
 */
export function sliverCost(parts: readonly number[], target: number): number {
  let largest = 0;
  for (const part of parts) largest = Math.max(largest, part);
  let cost = 0;
  let skipped = false;
  for (const part of parts) {
    if (part === largest && !skipped) {
      skipped = true;
      continue;
    }
    if (part > 0 && part < target / 2) cost += (part * (1 - (2 * part) / target)) / target;
  }
  return cost;
}
