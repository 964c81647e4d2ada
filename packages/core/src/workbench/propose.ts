// The automatic proposal: contiguous areas built from units, balanced around a target number of residents, compact,
// not straddling barriers where the units allow, nested in the level above and keeping the departments' units whole.
import { SozialraumError, germanNumber, message, throwIfAborted, type Message } from '../errors.js';
import { contiguity, unitComponents, type UnitLayer } from './units.js';
import { barrierRegions, bisect } from './bisect.js';
import { seededRandom } from '../random.js';
import { PartitionState, type CostWeights } from './search.js';

/** A reference layer (a department's units) the proposal tries to keep whole: the reference unit of each unit. */
export interface ReferenceUnits {
  /** Name of the layer, e.g. "Ortsteile". */
  name: string;
  /** Keys of its units. */
  ids: readonly string[];
  /** For each unit of the layer being partitioned, the index of its reference unit, or -1 (see `unitsInAreas`). */
  unitOf: Int32Array;
  /** How much keeping its units whole weighs against balance (default 1). */
  weight?: number;
}

export interface ProposalOptions {
  minimum: number;
  target: number;
  maximum: number;
  /** For each adjacency of the unit graph, 1 when it crosses a barrier (see `barrierAdjacencies`). */
  barrierEdges?: Uint8Array;
  references?: readonly ReferenceUnits[];
  /** Weight of compactness, 1 / Polsby–Popper of each area (default 0.1). */
  compactness?: number;
  /** Weight per 100 m of barrier crossed inside an area (default 0.01). */
  barrier?: number;
  /** The same seed gives the same proposal (default 1). */
  seed?: number;
  /** Upper bound of local search passes over the boundary units (default 60). */
  passes?: number;
  signal?: AbortSignal;
  /** Called after the growth and after each pass, with passes done and the upper bound. */
  onProgress?: (done: number, total: number) => void;
}

/** One rule checked for one area. */
export interface RuleCheck {
  rule: 'minimum' | 'maximum' | 'contiguous' | 'barrier' | 'reference' | 'nested';
  met: boolean;
  /** Why it is met or missed, in both languages. */
  text: Message;
}

export interface ProposedArea {
  key: string;
  /** Key of the territory area (e.g. the Bezirk) it lies in. */
  upper: string;
  units: number;
  residents: number;
  /** (residents − target) / target. */
  deviation: number;
  /**
   * Residents of its units beyond a barrier from the rest (all pieces the barriers cut off but the one with most
   * residents); 0 when no barrier divides it. At least the minimum means an area of their own was possible.
   */
  beyondBarrier: number;
  rules: RuleCheck[];
}

export interface Proposal {
  /** The area (an index into `areas`) of each unit. */
  assignment: Int32Array;
  areas: ProposedArea[];
  seed: number;
  passes: number;
  /** Unit moves the local search made after the growth. */
  moves: number;
}

/** Yield to the event loop this often (unit evaluations), so that a worker sees its abort message. */
const YIELD_EVERY = 20_000;

/**
 * Partitions the units into areas: per territory area (e.g. Bezirk) as many areas as its residents allow near the
 * target, first by straight cuts that split the residents in the wanted ratio (preferring short cuts and cuts along
 * barriers, see `bisect`), then improved by moving single boundary units between neighbouring areas while the cost falls (an AZP-style local
 * search). Areas stay contiguous in every step and never leave their territory area. The result explains per area
 * which rule it meets or misses and why. Deterministic for a seed; async so that it can be cancelled in a worker.
 */
export async function propose(layer: UnitLayer, options: ProposalOptions): Promise<Proposal> {
  checkRules(layer, options);
  const { minimum, target, maximum, signal } = options;
  const random = seededRandom(options.seed ?? 1);
  const parts = territoryParts(layer);
  const assignment = new Int32Array(layer.ids.length).fill(-1);
  const areaUpper: number[] = [];
  const areaPart: number[] = [];
  parts.forEach((part, partIndex) => {
    // Areas are cut within the regions the barriers leave; a region too small for an area of its own joins a neighbour.
    for (const region of barrierRegions(layer, part.units, options.barrierEdges, target / 2)) {
      const count = areaCount(
        region.reduce((sum, unit) => sum + layer.residents[unit]!, 0),
        options,
      );
      const first = areaUpper.length;
      for (let k = 0; k < count; k += 1) {
        areaUpper.push(part.upper);
        areaPart.push(partIndex);
      }
      bisect(layer, region, count, first, assignment, options.barrierEdges);
    }
  });
  throwIfAborted(signal, layer.source);
  const weights: CostWeights = {
    target,
    minimum,
    maximum,
    balance: 1,
    compactness: options.compactness ?? 0.1,
    barrier: options.barrier ?? 0.01,
    references: (options.references ?? []).map(({ unitOf, weight }) => ({ unitOf, weight: weight ?? 1 })),
  };
  const state = new PartitionState(layer, areaUpper.length, assignment, options.barrierEdges, weights);
  const total = options.passes ?? 60;
  options.onProgress?.(0, total);
  let passes = 0;
  let moves = 0;
  let evaluated = 0;
  const order = layer.ids.map((_, unit) => unit);
  for (; passes < total; passes += 1) {
    shuffle(order, random);
    let improved = 0;
    for (const unit of order) {
      const from = state.assignment[unit]!;
      let best = -1;
      let bestDelta = -1e-9;
      for (let k = layer.neighbourOffsets[unit]!; k < layer.neighbourOffsets[unit + 1]!; k += 1) {
        const to = state.assignment[layer.neighbours[k]!]!;
        if (to === from || to === best || areaUpper[to] !== layer.upper[unit]) continue;
        const delta = state.moveDelta(unit, to);
        evaluated += 1;
        if (delta < bestDelta) {
          bestDelta = delta;
          best = to;
        }
      }
      if (best >= 0 && state.staysWholeWithout(unit)) {
        state.move(unit, best);
        improved += 1;
      }
      if (evaluated >= YIELD_EVERY) {
        evaluated = 0;
        await new Promise((resolve) => setTimeout(resolve, 0));
        throwIfAborted(signal, layer.source);
      }
    }
    // Where single units no longer move, whole pieces of an area lying beyond a barrier may still: try them.
    if (improved === 0 && options.barrierEdges) improved = moveBarrierPieces(state, options.barrierEdges, areaUpper);
    moves += improved;
    options.onProgress?.(passes + 1, total);
    if (improved === 0) {
      passes += 1;
      break;
    }
  }
  const areas = explain(layer, state, areaUpper, areaPart, parts, options);
  return { assignment: state.assignment, areas, seed: options.seed ?? 1, passes, moves };
}

/** The number of areas for a region: nearest the target, within the bounds where both can hold, at least one. */
function areaCount(people: number, { minimum, target, maximum }: ProposalOptions): number {
  const fewest = Math.ceil(people / maximum);
  const most = Math.max(1, Math.floor(people / minimum));
  return Math.max(1, Math.min(Math.max(fewest, Math.round(people / target)), Math.max(most, fewest)));
}

/** Refuses rules that cannot hold: a target outside the bounds, a territory area with fewer residents than the minimum. */
function checkRules(layer: UnitLayer, options: ProposalOptions): void {
  const { minimum, target, maximum } = options;
  // The rules are no file; messages about them start with what they are.
  const where = { source: 'proposal rules' };
  if (!(minimum > 0) || !(target > 0) || !(maximum > 0)) {
    throw new SozialraumError(
      'bad-number',
      message('minimum, target and maximum must be positive numbers', 'Minimum, Zielwert und Maximum müssen positive Zahlen sein'),
      where,
    );
  }
  if (target < minimum || target > maximum) {
    throw new SozialraumError(
      'bad-number',
      message(
        `the target of ${target} residents lies outside the bounds ${minimum} to ${maximum}`,
        `der Zielwert von ${germanNumber(target)} Einwohnenden liegt außerhalb der Grenzen ${germanNumber(minimum)} bis ${germanNumber(maximum)}`,
      ),
      where,
    );
  }
  const people = new Float64Array(layer.territory.length);
  layer.upper.forEach((upper, unit) => {
    if (upper >= 0) people[upper] += layer.residents[unit]!;
  });
  layer.territory.forEach((key, upper) => {
    if (people[upper]! >= minimum) return;
    throw new SozialraumError(
      'bad-number',
      message(
        `territory area "${key}" has ${Math.round(people[upper]!)} residents, fewer than the minimum of ${minimum} for one area`,
        `das Gebiet „${key}“ hat ${germanNumber(Math.round(people[upper]!))} Einwohnende, weniger als das Minimum von ${germanNumber(minimum)} für ein Gebiet`,
      ),
      { source: layer.source, key },
    );
  });
}

interface TerritoryPart {
  upper: number;
  units: number[];
  /** Whether it is the largest piece of its territory area (the others are cut off from it). */
  main: boolean;
}

/** The connected pieces of each territory area: areas can only be built within one piece. */
function territoryParts(layer: UnitLayer): TerritoryPart[] {
  const byUpper = new Map<number, number[]>();
  layer.upper.forEach((upper, unit) => {
    if (upper < 0) return;
    const list = byUpper.get(upper) ?? [];
    list.push(unit);
    byUpper.set(upper, list);
  });
  const parts: TerritoryPart[] = [];
  for (const [upper, units] of [...byUpper].sort((a, b) => a[0] - b[0])) {
    unitComponents(layer, units).forEach((piece, index) => parts.push({ upper, units: piece.sort((a, b) => a - b), main: index === 0 }));
  }
  return parts;
}

/**
 * Moves pieces of areas that lie beyond a barrier from the rest of their area (the area's units split by every
 * adjacency across a barrier; all but the piece with most residents) to a neighbouring area on their side, where
 * that lowers the cost and leaves the area in one piece. Single-unit moves cannot do this: the first unit of a
 * piece to move costs balance and compactness before the barrier is gained. Returns the units moved.
 */
function moveBarrierPieces(state: PartitionState, barrierEdges: Uint8Array, areaUpper: readonly number[]): number {
  const layer = state.layer;
  const members: number[][] = Array.from({ length: state.areaCount }, () => []);
  state.assignment.forEach((area, unit) => members[area]?.push(unit));
  let moved = 0;
  members.forEach((units, area) => {
    const pieces = unitComponents(layer, units, barrierEdges);
    if (pieces.length < 2) return;
    const people = (piece: number[]) => piece.reduce((sum, unit) => sum + layer.residents[unit]!, 0);
    pieces.sort((a, b) => people(b) - people(a) || b.length - a.length);
    for (const piece of pieces.slice(1)) {
      const inPiece = new Set(piece);
      const targets = new Set<number>();
      for (const unit of piece) {
        for (let k = layer.neighbourOffsets[unit]!; k < layer.neighbourOffsets[unit + 1]!; k += 1) {
          const other = state.assignment[layer.neighbours[k]!]!;
          if (!barrierEdges[k] && other !== area && areaUpper[other] === areaUpper[area]) targets.add(other);
        }
      }
      const rest = units.filter((unit) => !inPiece.has(unit) && state.assignment[unit] === area);
      if (targets.size === 0 || unitComponents(layer, rest).length !== 1) continue;
      for (const to of [...targets].sort((a, b) => a - b)) {
        let delta = 0;
        for (const unit of piece) {
          delta += state.moveDelta(unit, to);
          state.move(unit, to);
        }
        if (delta < -1e-9) {
          moved += piece.length;
          break;
        }
        for (const unit of piece) state.move(unit, area);
      }
    }
  });
  return moved;
}

function shuffle(order: number[], random: () => number): void {
  for (let i = order.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
}

/** The rules each area meets or misses, with the reason. */
function explain(
  layer: UnitLayer,
  state: PartitionState,
  areaUpper: readonly number[],
  areaPart: readonly number[],
  parts: readonly TerritoryPart[],
  options: ProposalOptions,
): ProposedArea[] {
  const { minimum, target, maximum } = options;
  const numbering = new Map<number, number>();
  const references = options.references ?? [];
  // Checked, not assumed: the pieces of every area as the final assignment has them.
  const pieces = contiguity(layer, state.assignment, areaUpper.length);
  const beyond = beyondBarriers(state, options.barrierEdges);
  return areaUpper.map((upper, area) => {
    const number = (numbering.get(upper) ?? 0) + 1;
    numbering.set(upper, number);
    const upperKey = layer.territory[upper]!;
    const residents = state.residents[area]!;
    const part = parts[areaPart[area]!]!;
    const people = Math.round(residents);
    const rules: RuleCheck[] = [
      {
        rule: 'nested',
        met: true,
        text: message(`lies inside "${upperKey}"`, `liegt in „${upperKey}“`),
      },
      {
        rule: 'contiguous',
        met: pieces[area] === 1,
        text:
          pieces[area] === 1
            ? message(
                'its units form one piece: every move kept both areas whole',
                'seine Einheiten bilden ein Stück: jeder Schritt hielt beide Gebiete zusammen',
              )
            : message(`its units form ${pieces[area]} pieces`, `seine Einheiten bilden ${pieces[area]} Stücke`),
      },
      boundRule('minimum', residents >= minimum, people, minimum, part.main, upperKey),
      boundRule('maximum', residents <= maximum, people, maximum, part.main, upperKey),
      barrierRule(state.crossings[area]!, beyond[area]!, minimum),
    ];
    references.forEach((reference, layerIndex) => rules.push(referenceRule(reference.name, state.shares[layerIndex]!, area, target)));
    return {
      key: `${upperKey}-${String(number).padStart(2, '0')}`,
      upper: upperKey,
      units: state.size[area]!,
      residents,
      deviation: (residents - target) / target,
      beyondBarrier: Math.max(0, beyond[area]!),
      rules,
    };
  });
}

function boundRule(rule: 'minimum' | 'maximum', met: boolean, people: number, bound: number, main: boolean, upperKey: string): RuleCheck {
  const low = rule === 'minimum';
  if (met) {
    return {
      rule,
      met,
      text: low
        ? message(
            `${people} residents, at least the minimum of ${bound}`,
            `${germanNumber(people)} Einwohnende, mindestens das Minimum von ${germanNumber(bound)}`,
          )
        : message(
            `${people} residents, at most the maximum of ${bound}`,
            `${germanNumber(people)} Einwohnende, höchstens das Maximum von ${germanNumber(bound)}`,
          ),
    };
  }
  if (!main) {
    return {
      rule,
      met,
      text: message(
        `${people} residents: its units are cut off from the rest of "${upperKey}", so no neighbour can ${low ? 'add' : 'take'} residents`,
        `${germanNumber(people)} Einwohnende: seine Einheiten sind vom Rest von „${upperKey}“ abgeschnitten, kein Nachbar kann Einwohnende ${low ? 'abgeben' : 'übernehmen'}`,
      ),
    };
  }
  return {
    rule,
    met,
    text: message(
      `${people} residents, ${low ? 'below the minimum' : 'above the maximum'} of ${bound}: no single unit could move ${low ? 'in' : 'out'} without breaking a neighbour's bound or contiguity`,
      `${germanNumber(people)} Einwohnende, ${low ? 'unter dem Minimum' : 'über dem Maximum'} von ${germanNumber(bound)}: keine einzelne Einheit konnte ${low ? 'hinzukommen' : 'abgehen'}, ohne die Grenze oder den Zusammenhang eines Nachbarn zu brechen`,
    ),
  };
}

/**
 * Whether the area holds a sliver of a reference unit: a part under half the target that is not the unit's largest.
 * A unit shared in substantial parts (one too large for an area must be) does not break the rule; the text says so.
 */
function referenceRule(name: string, shares: readonly Map<number, number>[], area: number, target: number): RuleCheck {
  let slivers = 0;
  let shared = 0;
  for (const parts of shares) {
    const own = parts.get(area);
    if (own === undefined || parts.size < 2) continue;
    shared += 1;
    if (own < target / 2 && own < Math.max(...parts.values())) slivers += 1;
  }
  if (slivers > 0) {
    return {
      rule: 'reference',
      met: false,
      text: message(
        `holds a small part (under half the target) of ${slivers} unit(s) of ${name}: giving it back would cost more balance, compactness or barriers than the unit's weight`,
        `enthält einen kleinen Teil (unter dem halben Zielwert) von ${slivers} Einheit(en) von ${name}: ihn zurückzugeben kostete mehr Ausgewogenheit, Kompaktheit oder Barrieren als das Gewicht der Einheit`,
      ),
    };
  }
  return {
    rule: 'reference',
    met: true,
    text:
      shared === 0
        ? message(`splits no unit of ${name}`, `teilt keine Einheit von ${name}`)
        : message(
            `shares ${shared} unit(s) of ${name} with other areas, each in a part of at least half the target`,
            `teilt ${shared} Einheit(en) von ${name} mit anderen Gebieten, jeweils in einem Teil von mindestens dem halben Zielwert`,
          ),
  };
}

/** Per area, the residents of its units beyond a barrier from its piece with most residents; -1 where no barrier divides it. */
function beyondBarriers(state: PartitionState, barrierEdges: Uint8Array | undefined): number[] {
  const result = new Array<number>(state.areaCount).fill(-1);
  if (!barrierEdges) return result;
  const members: number[][] = Array.from({ length: state.areaCount }, () => []);
  state.assignment.forEach((area, unit) => members[area]?.push(unit));
  members.forEach((units, area) => {
    if (state.crossings[area] === 0) return;
    const people = unitComponents(state.layer, units, barrierEdges).map((piece) => piece.reduce((sum, unit) => sum + state.layer.residents[unit]!, 0));
    if (people.length > 1) result[area] = people.reduce((sum, value) => sum + value, 0) - Math.max(...people);
  });
  return result;
}

function barrierRule(crossings: number, beyond: number, minimum: number): RuleCheck {
  if (crossings === 0) {
    return { rule: 'barrier', met: true, text: message('no barrier runs between its units', 'keine Barriere verläuft zwischen seinen Einheiten') };
  }
  const metres = Math.round(crossings * 100);
  const people = Math.round(beyond);
  const crossed = message(
    `crosses a barrier along about ${metres} m between its units`,
    `überquert eine Barriere auf etwa ${germanNumber(metres)} m zwischen seinen Einheiten`,
  );
  const why =
    beyond < 0
      ? message(
          'the barrier does not divide it: the line ends or has a gap inside the area',
          'die Barriere teilt es nicht: die Linie endet oder hat eine Lücke im Gebiet',
        )
      : beyond < minimum
        ? message(
            `the ${people} residents beyond it are too few for an area of their own, and giving them to the neighbour on their side cost more in balance or compactness`,
            `die ${germanNumber(people)} Einwohnenden jenseits davon sind zu wenige für ein eigenes Gebiet, und sie dem Nachbarn auf ihrer Seite zu geben kostete mehr an Ausgewogenheit oder Kompaktheit`,
          )
        : message(
            `the ${people} residents beyond it could form an area of their own, but that cost more in balance, bounds or compactness than the barrier weighs`,
            `die ${germanNumber(people)} Einwohnenden jenseits davon könnten ein eigenes Gebiet bilden, doch das kostete mehr an Ausgewogenheit, Grenzen oder Kompaktheit, als die Barriere wiegt`,
          );
  return { rule: 'barrier', met: false, text: message(`${crossed.en}: ${why.en}`, `${crossed.de}: ${why.de}`) };
}
