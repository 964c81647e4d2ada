// The starting partition of the proposal: a piece of territory cut in two again and again by straight lines, each cut
// splitting the residents in the ratio of the areas wanted on either side, until every part is one area.
import { unitComponents, type UnitLayer } from './units.js';

/** Directions of the cut lines tried at each step (degrees): six are enough to find a short cut in most shapes. */
const ANGLES = [0, 30, 60, 90, 120, 150].map((degrees) => (degrees * Math.PI) / 180);

/**
 * Assigns the units of one connected piece to `count` areas numbered from `first`. Each step sorts the units along a
 * direction and cuts where the residents before the cut make up the wanted share; of the directions tried, the cut
 * crossing the fewest unit adjacencies wins, a cut along a barrier counting a fifth. Units the cut leaves apart from
 * the rest of their side go to the other side, so every part stays in one piece.
 */
export function bisect(
  layer: UnitLayer,
  units: readonly number[],
  count: number,
  first: number,
  assignment: Int32Array,
  barrierEdges: Uint8Array | undefined,
): void {
  const side = new Int8Array(layer.ids.length);
  const member = new Uint8Array(layer.ids.length);
  const split = (part: readonly number[], parts: number, offset: number): void => {
    if (parts <= 1 || part.length <= 1) {
      for (const unit of part) assignment[unit] = first + offset;
      return;
    }
    const left = Math.floor(parts / 2);
    const share = left / parts;
    for (const unit of part) member[unit] = 1;
    let best: { cost: number; sides: Int8Array } | undefined;
    for (const angle of ANGLES) {
      cutAlong(layer, part, angle, share, side);
      makeWhole(layer, part, side);
      const cost = cutCost(layer, part, side, member, barrierEdges) + imbalance(layer, part, side, share, parts);
      if (!best || cost < best.cost) best = { cost, sides: Int8Array.from(part, (unit) => side[unit]!) };
    }
    for (const unit of part) member[unit] = 0;
    const a: number[] = [];
    const b: number[] = [];
    part.forEach((unit, index) => (best!.sides[index] === 0 ? a : b).push(unit));
    split(a, left, offset);
    split(b, parts - left, offset + left);
  };
  split(units, count, 0);
}

/** Puts the units before the cut (by residents, along the direction) on side 0, the rest on side 1. */
function cutAlong(layer: UnitLayer, part: readonly number[], angle: number, share: number, side: Int8Array): void {
  const dx = Math.cos(angle);
  const dy = Math.sin(angle);
  const c = layer.centres;
  const order = [...part].sort((u, v) => c[u * 2]! * dx + c[u * 2 + 1]! * dy - (c[v * 2]! * dx + c[v * 2 + 1]! * dy) || u - v);
  const total = part.reduce((sum, unit) => sum + layer.residents[unit]!, 0);
  const wanted = total * share;
  let sum = 0;
  // With nobody living in the piece, split it by the number of units instead.
  const byCount = total === 0;
  order.forEach((unit, index) => {
    const before = byCount ? index / order.length : sum / total;
    side[unit] = (byCount ? before < share : sum + layer.residents[unit]! / 2 <= wanted) ? 0 : 1;
    sum += layer.residents[unit]!;
  });
  if (!order.some((unit) => side[unit] === 0)) side[order[0]!] = 0;
  if (!order.some((unit) => side[unit] === 1)) side[order[order.length - 1]!] = 1;
}

/** Moves every piece of a side but its largest to the other side, so that both sides are connected. */
function makeWhole(layer: UnitLayer, part: readonly number[], side: Int8Array): void {
  for (const which of [0, 1] as const) {
    const pieces = unitComponents(
      layer,
      part.filter((unit) => side[unit] === which),
    );
    if (pieces.length <= 1) continue;
    const weight = (piece: number[]) => piece.reduce((sum, unit) => sum + layer.residents[unit]!, 0) + piece.length * 1e-6;
    pieces.sort((p, q) => weight(q) - weight(p));
    for (const piece of pieces.slice(1)) for (const unit of piece) side[unit] = which === 0 ? 1 : 0;
  }
}

/**
 * How far the repaired cut is from the wanted share, in units of a hundredth of an area's residents: one adjacency
 * of cut is worth one percent of balance.
 */
function imbalance(layer: UnitLayer, part: readonly number[], side: Int8Array, share: number, parts: number): number {
  let total = 0;
  let first = 0;
  for (const unit of part) {
    total += layer.residents[unit]!;
    if (side[unit] === 0) first += layer.residents[unit]!;
  }
  return total > 0 ? (100 * Math.abs(first - total * share)) / (total / parts) : 0;
}

/** Adjacencies the cut crosses, one along a barrier counting a fifth, plus the imbalance the repair caused. */
function cutCost(layer: UnitLayer, part: readonly number[], side: Int8Array, member: Uint8Array, barrierEdges: Uint8Array | undefined): number {
  let cost = 0;
  for (const unit of part) {
    for (let k = layer.neighbourOffsets[unit]!; k < layer.neighbourOffsets[unit + 1]!; k += 1) {
      const other = layer.neighbours[k]!;
      if (other > unit && member[other] && side[other] !== side[unit]) cost += barrierEdges?.[k] ? 0.2 : 1;
    }
  }
  return cost;
}

/**
 * The units of a connected piece grouped into regions no barrier crosses (the pieces left when every adjacency across
 * a barrier is cut), each region with fewer than `smallest` residents joined to the neighbouring region it shares
 * the longest boundary with, smallest first. Areas are then cut within regions, so their boundaries follow the
 * barriers wherever the residents between two barriers are enough for an area.
 */
export function barrierRegions(layer: UnitLayer, units: readonly number[], barrierEdges: Uint8Array | undefined, smallest: number): number[][] {
  if (!barrierEdges) return [[...units]];
  // In the order of their first unit, so that ties between equally small regions go the same way on every run.
  const members = unitComponents(layer, units, barrierEdges).sort((a, b) => a[0]! - b[0]!);
  const region = new Map<number, number>();
  members.forEach((piece, index) => {
    for (const unit of piece) region.set(unit, index);
  });
  const residents = members.map((piece) => piece.reduce((sum, unit) => sum + layer.residents[unit]!, 0));
  // Regions merge into one another; `into` follows the chain of merges to the region that holds a unit now.
  const into = members.map((_, index) => index);
  const find = (index: number): number => {
    while (into[index] !== index) index = into[index] = into[into[index]!]!;
    return index;
  };
  for (;;) {
    let small = -1;
    members.forEach((_, index) => {
      if (find(index) === index && residents[index]! < smallest && (small < 0 || residents[index]! < residents[small]!)) small = index;
    });
    if (small < 0) break;
    const shared = new Map<number, number>();
    members.forEach((piece, index) => {
      if (find(index) !== small) return;
      for (const unit of piece) {
        for (let k = layer.neighbourOffsets[unit]!; k < layer.neighbourOffsets[unit + 1]!; k += 1) {
          const other = find(region.get(layer.neighbours[k]!) ?? small);
          if (other !== small) shared.set(other, (shared.get(other) ?? 0) + layer.sharedLengths[k]!);
        }
      }
    });
    if (shared.size === 0) break;
    const target = [...shared].sort((a, b) => a[1] - b[1] || a[0] - b[0])[0]![0];
    into[small] = target;
    residents[target] += residents[small]!;
  }
  const grouped = new Map<number, number[]>();
  members.forEach((piece, index) => {
    const root = find(index);
    grouped.set(root, [...(grouped.get(root) ?? []), ...piece]);
  });
  return [...grouped.values()];
}
