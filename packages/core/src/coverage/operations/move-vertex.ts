// Moving vertices, shared or not, with the check that no moved arc crosses another.
import type { Position } from 'geojson';
import { message, type Message } from '../../errors.js';
import { formatPoint as format } from '../format.js';
import { boxOf, boxesOverlap, pointInRing, samePoint, segmentIntersection, type Box } from '../../geometry/index.js';
import { arcUsers, type Topology } from '../topology.js';
import { EditError, type TopologyPatch, type Draft, draftOf, patchOf, type EditOptions } from './edit.js';
import { arcBox } from './arcs.js';
import { assertRingsKeepShape } from './faces.js';

/**
 * Moves vertices to new places; every arc through a vertex follows, so every area on it does. Each move is
 * [from, to] with `from` an existing vertex (within `within`). Refused when a moved edge would cross another edge,
 * sweep over a vertex of another edge, or turn a ring inside out.
 */
export function moveVertices(
  topology: Topology,
  moves: readonly (readonly [Position, Position])[],
  options: EditOptions & { label?: Message } = {},
): TopologyPatch {
  const within = options.within ?? 0.01;
  const draft = draftOf(topology);
  const changed = new Map<number, Set<number>>();
  for (const [from, to] of moves) {
    if (!Number.isFinite(to[0]) || !Number.isFinite(to[1])) {
      throw new EditError(
        'bad-line',
        message(`the target ${JSON.stringify(to)} is not two finite numbers`, `das Ziel ${JSON.stringify(to)} besteht nicht aus zwei endlichen Zahlen`),
      );
    }
    let hits = 0;
    const probe: Box = [from[0]!, from[1]!, from[0]!, from[1]!];
    topology.arcs.forEach((arc, index) => {
      if (!arc || !boxesOverlap(arcBox(arc), probe, within)) return;
      arc.forEach((point, position) => {
        if (Math.hypot(point[0]! - from[0]!, point[1]! - from[1]!) > within) return;
        hits += 1;
        const updated = draft.arcs[index] === arc ? [...arc] : draft.arcs[index]!;
        updated[position] = [to[0]!, to[1]!];
        draft.arcs[index] = updated;
        let set = changed.get(index);
        if (!set) changed.set(index, (set = new Set()));
        set.add(position);
      });
    });
    if (hits === 0)
      throw new EditError('not-on-boundary', message(`there is no vertex at ${format(from)}`, `bei ${format(from, 'de')} gibt es keinen Stützpunkt`));
  }
  assertArcChangesClean(topology, draft, changed);
  const users = arcUsers(draft);
  const areas = new Set<number>();
  for (const index of changed.keys()) for (const use of users[index] ?? []) areas.add(use.area);
  assertRingsKeepShape(draft, areas);
  const first = moves[0]?.[0] ?? [0, 0];
  return patchOf(draft, options.label ?? message(`move vertex ${format(first)}`, `Punkt ${format(first, 'de')} verschoben`));
}

/** Moves one vertex (shared or not) to a new place. */
export function moveVertex(topology: Topology, from: Position, to: Position, options: EditOptions = {}): TopologyPatch {
  return moveVertices(topology, [[from, to]], { ...options, label: message(`move vertex ${format(from)}`, `Punkt ${format(from, 'de')} verschoben`) });
}

/**
 * Checks changed arcs: their new segments may not cross or touch other segments except at shared ends, and the
 * region each moved stretch sweeps over may not hold a vertex of another arc (that area would be jumped over).
 */
function assertArcChangesClean(base: Topology, draft: Draft, changed: ReadonlyMap<number, ReadonlySet<number>>): void {
  const moved = new Set<string>();
  for (const [index, positions] of changed)
    for (const p of positions) {
      const point = draft.arcs[index]![p]!;
      moved.add(`${point[0]},${point[1]}`);
    }
  for (const [index, positions] of changed) {
    const arc = draft.arcs[index]!;
    const old = base.arcs[index]!;
    const segments = new Set<number>();
    for (const p of positions) {
      if (p > 0) segments.add(p - 1);
      if (p + 1 < arc.length) segments.add(p);
    }
    for (const segment of segments) {
      const a = arc[segment]!;
      const b = arc[segment + 1]!;
      if (samePoint(a, b)) {
        throw new EditError(
          'would-cross',
          message(
            `the move puts two vertices of an edge on the same point ${format(a)}`,
            `die Verschiebung legt zwei Stützpunkte einer Kante auf denselben Punkt ${format(a, 'de')}`,
          ),
        );
      }
      const box = boxOf([a, b]);
      draft.arcs.forEach((other, otherIndex) => {
        if (!other || !boxesOverlap(arcBox(other), box)) return;
        for (let j = 0; j + 1 < other.length; j += 1) {
          if (otherIndex === index && Math.abs(j - segment) <= 0) continue;
          const c = other[j]!;
          const d = other[j + 1]!;
          const hit = segmentIntersection(a, b, c, d);
          if (!hit) continue;
          const sharedEnd = (samePoint(hit.point, a) || samePoint(hit.point, b)) && (samePoint(hit.point, c) || samePoint(hit.point, d));
          if (sharedEnd && !hit.collinear) continue;
          throw new EditError(
            'would-cross',
            message(
              `the moved edge would cross another edge at ${format(hit.point)}`,
              `die verschobene Kante würde bei ${format(hit.point, 'de')} eine andere Kante kreuzen`,
            ),
          );
        }
      });
    }
    // The swept region: the old stretch there and the new one back.
    const indices = [...positions];
    const from = Math.max(0, Math.min(...indices) - 1);
    const to = Math.min(arc.length - 1, Math.max(...indices) + 1);
    const swept = [...old.slice(from, to + 1), ...arc.slice(from, to + 1).reverse()];
    const sweptBox = boxOf(swept);
    draft.arcs.forEach((other) => {
      if (!other || !boxesOverlap(arcBox(other), sweptBox)) return;
      for (const point of other) {
        if (moved.has(`${point[0]},${point[1]}`) || swept.some((corner) => samePoint(corner, point))) continue;
        if (point[0]! < sweptBox[0] || point[0]! > sweptBox[2] || point[1]! < sweptBox[1] || point[1]! > sweptBox[3]) continue;
        if (pointInRing(point, swept) === 1) {
          throw new EditError(
            'would-cross',
            message(
              `the move would sweep over the vertex ${format(point)} of another edge`,
              `die Verschiebung würde den Stützpunkt ${format(point, 'de')} einer anderen Kante überstreichen`,
            ),
          );
        }
      }
    });
  }
}
