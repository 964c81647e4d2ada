// Splitting an area along a drawn line.
import type { Position } from 'geojson';
import { germanNumber, message } from '../../errors.js';
import { polygonArea } from '../../geometry/index.js';
import { arcIndex, ringPositions, type ArcRef, type Topology } from '../topology.js';
import { withRecomputedSizes } from '../attributes.js';
import {
  EditError,
  type TopologyPatch,
  draftOf,
  patchOf,
  areaAt,
  areaPolygons,
  containsPoint,
  type EditOptions,
  freeKey,
  LINE_NAMES,
  assertSimpleLine,
  withoutRepeats,
} from './edit.js';
import { insertNode, allRefs, lineCrossings } from './arcs.js';
import { traceRings, groupRings, assertRingsKeepShape } from './faces.js';

/**
 * Splits an area along a drawn line. The line must enter the area once and leave it once (start and end lie
 * outside, or on the boundary); the part between becomes a new shared edge. The larger part keeps the key and
 * name, the other gets `newKey` (default `<key>-2`, …) and `newName` (default: the same name).
 */
export function splitArea(
  topology: Topology,
  key: string,
  line: readonly Position[],
  options: EditOptions & { newKey?: string; newName?: string } = {},
): TopologyPatch {
  const within = options.within ?? 0.01;
  const { index, area } = areaAt(topology, key);
  const drawn = withoutRepeats(line);
  if (drawn.length < 2) {
    throw new EditError(
      'bad-line',
      message('the split line needs at least two different points', 'die Teilungslinie braucht mindestens zwei verschiedene Punkte'),
    );
  }
  assertSimpleLine(drawn, LINE_NAMES.split);
  const newKey = freeKey(topology, options.newKey, key);
  const draft = draftOf(topology);
  const own = new Set(allRefs(area).map(arcIndex));
  const crossings = lineCrossings(draft, drawn, own);
  if (crossings.some((hit) => hit.collinear)) {
    throw new EditError(
      'bad-line',
      message(
        `the split line runs along the boundary of area "${key}"; draw it across`,
        `die Teilungslinie läuft entlang der Grenze des Gebiets „${key}“; zeichnen Sie sie quer hindurch`,
      ),
    );
  }
  if (crossings.length !== 2) {
    const n = crossings.length;
    throw new EditError(
      'bad-line',
      message(
        `the split line crosses the boundary of area "${key}" ${n} time${n === 1 ? '' : 's'}; it must cross it exactly twice, entering and leaving once`,
        `die Teilungslinie kreuzt die Grenze des Gebiets „${key}“ ${n === 0 ? 'nicht' : n === 1 ? 'nur einmal' : `${germanNumber(n)}-mal`}; ` +
          'sie muss sie genau zweimal kreuzen, einmal hinein und einmal hinaus',
      ),
    );
  }
  const [enter, leave] = crossings as [(typeof crossings)[0], (typeof crossings)[0]];
  const inside: Position[] = [enter.point];
  for (let i = Math.floor(enter.along) + 1; i <= Math.ceil(leave.along) - 1 && i < drawn.length; i += 1) {
    if (i > enter.along && i < leave.along) inside.push(drawn[i]!);
  }
  inside.push(leave.point);
  const middle = inside.length > 2 ? inside[1]! : [(enter.point[0] + leave.point[0]) / 2, (enter.point[1] + leave.point[1]) / 2];
  if (containsPoint(areaPolygons(topology, area), middle) !== 1) {
    throw new EditError(
      'bad-line',
      message(
        `the split line runs outside area "${key}" between its two crossings`,
        `die Teilungslinie verläuft zwischen ihren beiden Kreuzungen außerhalb des Gebiets „${key}“`,
      ),
    );
  }
  const from = insertNode(draft, enter.point, within);
  const to = insertNode(draft, leave.point, within);
  inside[0] = from;
  inside[inside.length - 1] = to;
  draft.arcs.push(withoutRepeats(inside));
  const cut = draft.arcs.length - 1;
  const current = draft.areas[index]!;
  const rings = traceRings(draft, [...allRefs(current), cut, ~cut]);
  const polygons = groupRings(draft, rings);
  const hasRef = (polygon: ArcRef[][], ref: ArcRef) => polygon.some((ring) => ring.includes(ref));
  const left = polygons.filter((polygon) => hasRef(polygon, cut));
  const right = polygons.filter((polygon) => hasRef(polygon, ~cut));
  if (left.length !== 1 || right.length !== 1 || left[0] === right[0]) {
    throw new EditError(
      'bad-line',
      message(`the split line does not divide area "${key}" into two parts`, `die Teilungslinie teilt das Gebiet „${key}“ nicht in zwei Teile`),
    );
  }
  const rest = polygons.filter((polygon) => polygon !== left[0] && polygon !== right[0]);
  const size = (polygon: ArcRef[][]) => polygonArea(polygon.map((ring) => ringPositions(draft, ring)));
  const [keep, give] = size(left[0]!) >= size(right[0]!) ? [left[0]!, right[0]!] : [right[0]!, left[0]!];
  const kept = { ...current, polygons: [keep, ...rest] };
  draft.areas[index] = { ...kept, properties: withRecomputedSizes(draft, kept) };
  const name = options.newName ?? current.name;
  const part = { key: newKey, ...(name !== undefined ? { name } : {}), properties: { ...current.properties }, polygons: [give] };
  // Sizes (GROESSE_M2 …) are the parts' own; other attributes are the whole area's, for the planner to revise.
  draft.areas.push({ ...part, properties: withRecomputedSizes(draft, part) });
  assertRingsKeepShape(draft, [index, draft.areas.length - 1]);
  return patchOf(draft, message(`split ${key}`, `${key} geteilt`));
}
