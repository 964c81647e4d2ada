// Laying the boundary between two areas onto a barrier line (a road, a railway, a river).
import type { Position } from 'geojson';
import { germanNumber, message } from '../../errors.js';
import { formatPoint as format } from '../format.js';
import { nearestOnSegment, samePoint } from '../../geometry/index.js';
import { arcIndex, arcPositions, arcUsers, type ArcRef, type Topology } from '../topology.js';
import { EditError, type Draft, type TopologyPatch, draftOf, patchOf, type EditOptions, LINE_NAMES, assertSimpleLine, withoutRepeats } from './edit.js';
import { insertNode, dropUnusedArcs, healNodes, arcEnds, allRefs, lineCrossings } from './arcs.js';
import { traceRings, groupRings, assertRingsKeepShape } from './faces.js';

/**
 * Moves the boundary between two neighbouring areas onto a barrier (a road, a railway, a river): from the
 * boundary point `from` to the boundary point `to`, the shared edge is replaced by the stretch of the barrier line
 * between the points nearest to them (joined to them by straight pieces). Both points must lie on the boundary the
 * two areas share, and the new line may cross no other edge.
 */
export function reshapeAlongBarrier(
  topology: Topology,
  from: Position,
  to: Position,
  barrier: readonly Position[],
  options: EditOptions & { maxDistance?: number } = {},
): TopologyPatch {
  const within = options.within ?? 0.01;
  const maxDistance = options.maxDistance ?? 100;
  const line = withoutRepeats(barrier);
  if (line.length < 2) {
    throw new EditError(
      'bad-line',
      message('the barrier line needs at least two different points', 'die Barrierelinie braucht mindestens zwei verschiedene Punkte'),
    );
  }
  const draft = draftOf(topology);
  const start = insertNode(draft, from, within);
  const end = insertNode(draft, to, within);
  if (samePoint(start, end)) {
    throw new EditError(
      'bad-line',
      message('the start and end of the reshaped stretch are the same point', 'Anfang und Ende des neu geführten Abschnitts sind derselbe Punkt'),
    );
  }
  const { pair, chain } = sharedChain(draft, start, end);
  const path = barrierStretch(line, start, end, maxDistance);
  assertSimpleLine(path, LINE_NAMES.barrier);
  const chainArcs = new Set(chain.map(arcIndex));
  const others = new Set<number>();
  draft.arcs.forEach((arc, index) => arc && !chainArcs.has(index) && others.add(index));
  for (const hit of lineCrossings(draft, path, others)) {
    if ((samePoint(hit.point, start) || samePoint(hit.point, end)) && !hit.collinear) continue;
    throw new EditError(
      'would-cross',
      message(
        `the barrier stretch crosses another boundary at ${format(hit.point)}; it can only move the edge between the two areas`,
        `der Abschnitt der Barriere kreuzt bei ${format(hit.point, 'de')} eine andere Grenze; er kann nur die Grenze zwischen den beiden Gebieten verschieben`,
      ),
    );
  }
  draft.arcs.push(path);
  const added = draft.arcs.length - 1;
  const [left, right] = pair;
  const owner = new Map<ArcRef, number>();
  for (const areaIndex of pair) for (const ref of allRefs(draft.areas[areaIndex]!)) if (!chainArcs.has(arcIndex(ref))) owner.set(ref, areaIndex);
  const rings = traceRings(draft, [...owner.keys(), added, ~added]);
  const polygons = groupRings(draft, rings);
  const assigned = new Map<number, ArcRef[][][]>([
    [left, []],
    [right, []],
  ]);
  for (const polygon of polygons) {
    const owners = new Set(
      polygon
        .flat()
        .map((ref) => owner.get(ref))
        .filter((value): value is number => value !== undefined),
    );
    if (owners.size !== 1) {
      throw new EditError(
        'would-cross',
        message('the barrier stretch does not run between the two areas', 'der Abschnitt der Barriere verläuft nicht zwischen den beiden Gebieten'),
      );
    }
    assigned.get([...owners][0]!)!.push(polygon);
  }
  for (const [areaIndex, parts] of assigned) {
    if (parts.length === 0) {
      const vanishing = draft.areas[areaIndex]!.key;
      throw new EditError('would-flip', message(`area "${vanishing}" would vanish`, `das Gebiet „${vanishing}“ würde verschwinden`));
    }
    draft.areas[areaIndex] = { ...draft.areas[areaIndex]!, polygons: parts };
  }
  const ends = [start, end, ...arcEnds(draft, chainArcs)];
  dropUnusedArcs(draft, chainArcs);
  healNodes(draft, ends);
  assertRingsKeepShape(draft, pair);
  const [leftKey, rightKey] = [draft.areas[left]!.key, draft.areas[right]!.key];
  return patchOf(draft, message(`reshape ${leftKey}|${rightKey} along a barrier`, `Grenze ${leftKey}|${rightKey} an die Barriere gelegt`));
}

/** Two areas whose shared arcs lead from `start` to `end`, and those arcs in order; throws when there are none. */
function sharedChain(draft: Draft, start: Position, end: Position): { pair: [number, number]; chain: ArcRef[] } {
  const users = arcUsers(draft);
  const chainOf = (left: number, right: number): ArcRef[] | undefined => {
    const shared: ArcRef[] = [];
    draft.arcs.forEach((arc, index) => {
      if (!arc) return;
      const u = users[index] ?? [];
      const l = u.find((use) => use.area === left);
      if (l && u.some((use) => use.area === right)) shared.push(l.reversed ? ~index : index);
    });
    // Walk from start along the left area's direction, then the other way.
    for (const orientation of [1, -1]) {
      const path: ArcRef[] = [];
      let at: Position = start;
      const seen = new Set<number>();
      for (;;) {
        const step = shared.find((ref) => {
          const directed = orientation === 1 ? ref : ~ref;
          return !seen.has(arcIndex(ref)) && samePoint(arcPositions(draft, directed)[0]!, at);
        });
        if (step === undefined) break;
        const directed = orientation === 1 ? step : ~step;
        seen.add(arcIndex(step));
        path.push(directed);
        const positions = arcPositions(draft, directed);
        at = positions[positions.length - 1]!;
        if (samePoint(at, end)) return path;
      }
    }
    return undefined;
  };
  const candidates = new Set<number>();
  draft.arcs.forEach((arc, index) => {
    if (arc && (samePoint(arc[0]!, start) || samePoint(arc[arc.length - 1]!, start))) for (const use of users[index] ?? []) candidates.add(use.area);
  });
  let pair: [number, number] | undefined;
  let chain: ArcRef[] | undefined;
  const list = [...candidates];
  for (let i = 0; i < list.length && !chain; i += 1) {
    for (let j = i + 1; j < list.length && !chain; j += 1) {
      chain = chainOf(list[i]!, list[j]!);
      if (chain) pair = [list[i]!, list[j]!];
    }
  }
  if (!chain || !pair) {
    throw new EditError(
      'not-on-boundary',
      message(
        `${format(start)} and ${format(end)} are not both on one boundary that two areas share`,
        `${format(start, 'de')} und ${format(end, 'de')} liegen nicht beide auf derselben gemeinsamen Grenze zweier Gebiete`,
      ),
    );
  }
  return { pair, chain };
}

/**
 * The barrier's stretch between the points nearest to `start` and `end`, joined to them by straight pieces; throws
 * when the barrier passes farther than `maxDistance` from either.
 */
function barrierStretch(line: readonly Position[], start: Position, end: Position, maxDistance: number): Position[] {
  const project = (point: Position) => {
    let best = { along: 0, point: [0, 0] as [number, number], distance: Infinity };
    for (let i = 0; i + 1 < line.length; i += 1) {
      const hit = nearestOnSegment(point, line[i]!, line[i + 1]!);
      if (hit.distance < best.distance) best = { along: i + hit.t, point: hit.point, distance: hit.distance };
    }
    return best;
  };
  const a = project(start);
  const b = project(end);
  for (const [name, hit] of [
    [message('start', 'Anfangspunkt'), a],
    [message('end', 'Endpunkt'), b],
  ] as const) {
    if (hit.distance > maxDistance) {
      throw new EditError(
        'bad-line',
        message(
          `the barrier passes ${hit.distance.toFixed(1)} m from the ${name.en} point; at most ${maxDistance} m are bridged`,
          `die Barriere verläuft ${germanNumber(hit.distance, 1)} m vom ${name.de} entfernt; höchstens ${germanNumber(maxDistance)} m werden überbrückt`,
        ),
      );
    }
  }
  const forward = a.along <= b.along;
  const [lo, hi] = forward ? [a, b] : [b, a];
  let stretch: Position[] = [lo.point];
  for (let i = Math.floor(lo.along) + 1; i <= hi.along; i += 1) if (i > lo.along && i < hi.along) stretch.push(line[i]!);
  stretch.push(hi.point);
  if (!forward) stretch = stretch.reverse();
  const path = withoutRepeats([start, ...stretch, end]);
  if (path.length < 2) throw new EditError('bad-line', message('the barrier stretch is empty', 'der Abschnitt der Barriere ist leer'));
  return path;
}
