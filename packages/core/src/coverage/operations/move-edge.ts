// Moving an edge (the segment between two vertices) by an offset.
import type { Position } from 'geojson';
import { message } from '../../errors.js';
import { formatPoint as format } from '../format.js';
import type { Topology } from '../topology.js';
import { EditError, type TopologyPatch, type EditOptions } from './edit.js';
import { moveVertices } from './move-vertex.js';

/** Moves an edge, the segment between two consecutive vertices `a` and `b`, by an offset [dx, dy]. */
export function moveEdge(topology: Topology, a: Position, b: Position, offset: readonly [number, number], options: EditOptions = {}): TopologyPatch {
  const within = options.within ?? 0.01;
  const consecutive = topology.arcs.some((arc) =>
    arc?.some((point, i) => {
      const next = arc[i + 1];
      if (!next) return false;
      const near = (p: Position, q: Position) => Math.hypot(p[0]! - q[0]!, p[1]! - q[1]!) <= within;
      return (near(point, a) && near(next, b)) || (near(point, b) && near(next, a));
    }),
  );
  if (!consecutive) {
    throw new EditError(
      'not-on-boundary',
      message(`there is no edge from ${format(a)} to ${format(b)}`, `es gibt keine Kante von ${format(a, 'de')} nach ${format(b, 'de')}`),
    );
  }
  const shift = (p: Position): Position => [p[0]! + offset[0], p[1]! + offset[1]];
  return moveVertices(
    topology,
    [
      [a, shift(a)],
      [b, shift(b)],
    ],
    { ...options, label: message(`move edge ${format(a)}–${format(b)}`, `Kante ${format(a, 'de')}–${format(b, 'de')} verschoben`) },
  );
}
