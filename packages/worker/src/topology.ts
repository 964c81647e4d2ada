// The topology task: core's buildTopology off the main thread, the largest part of the editor's start (about half a
// second for the 542 Berlin Planungsräume). The areas cross packed, without their properties; the caller puts those
// back (withProperties), as the areas of a topology are those of its input, in order. The arcs come back packed too
// (packArcs): some 100,000 positions as arrays of two numbers took longer to clone out of the worker and into the
// page than the page takes to build them again from one transferred buffer. Registered by the worker script and by
// the editor's runtime (for pools without workers); importing this module registers it.
import type { Position } from 'geojson';
import { buildTopology, type AreaSet, type Topology } from '@sozialraum/core';
import { unpackAreas } from './packed-areas.js';
import { registerTask, type TopologyRequest } from './tasks.js';

/**
 * The arcs of a topology in one Float64Array of x, y pairs: arc `i` runs from pair `starts[i] / 2` up to
 * `starts[i + 1] / 2`, and `missing[i]` is 1 where the arc was removed (a `null` slot). A typed array crosses to a
 * worker and into IndexedDB as one block.
 */
export interface PackedArcs {
  coordinates: Float64Array;
  starts: Uint32Array;
  missing: Uint8Array;
}

/** A topology whose arcs are packed (packArcs); what the topology task sends back. */
export interface PackedTopology extends Omit<Topology, 'arcs'> {
  arcs: PackedArcs;
}

export function packArcs(arcs: Topology['arcs']): PackedArcs {
  let length = 0;
  for (const arc of arcs) length += arc ? arc.length * 2 : 0;
  const coordinates = new Float64Array(length);
  const starts = new Uint32Array(arcs.length + 1);
  const missing = new Uint8Array(arcs.length);
  let at = 0;
  arcs.forEach((arc, index) => {
    starts[index] = at;
    if (!arc) missing[index] = 1;
    for (const position of arc ?? []) {
      coordinates[at++] = position[0]!;
      coordinates[at++] = position[1]!;
    }
  });
  starts[arcs.length] = at;
  return { coordinates, starts, missing };
}

export function unpackArcs({ coordinates, starts, missing }: PackedArcs): Topology['arcs'] {
  const arcs: (Position[] | null)[] = [];
  for (let index = 0; index < missing.length; index += 1) {
    if (missing[index]) {
      arcs.push(null);
      continue;
    }
    const arc: Position[] = [];
    for (let at = starts[index]!; at < starts[index + 1]!; at += 2) arc.push([coordinates[at]!, coordinates[at + 1]!]);
    arcs.push(arc);
  }
  return arcs;
}

/** core's buildTopology on packed areas, with packed arcs; the areas of the result have no properties and no names yet. */
export function topologyTask(input: TopologyRequest): PackedTopology {
  const { topology } = buildTopology(unpackAreas(input.areas), input.tolerance === undefined ? {} : { tolerance: input.tolerance });
  return { ...topology, arcs: packArcs(topology.arcs) };
}

/** The topology sent back by the task, unpacked, with the properties and names of the input's areas. */
export function withProperties(packed: PackedTopology, input: AreaSet): Topology {
  const nameField = input.nameField;
  const areas = packed.areas.map((area, index) => {
    if (!area) return area;
    const properties = { ...((input.features[index]!.properties ?? {}) as Record<string, unknown>) };
    const name = nameField ? properties[nameField] : undefined;
    return { ...area, ...(name !== undefined && name !== null ? { name: String(name) } : {}), properties };
  });
  return { ...packed, ...(nameField !== undefined ? { nameField } : {}), arcs: unpackArcs(packed.arcs), areas };
}

registerTask('topology', topologyTask);
