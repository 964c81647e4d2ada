// The topology task: core's buildTopology off the main thread, the largest part of the editor's start (about half a
// second for the 542 Berlin Planungsräume). The areas cross packed, without their properties; the caller puts those
// back (withProperties), as the areas of a topology are those of its input, in order. Registered by the worker
// script and by the editor's runtime (for pools without workers); importing this module registers it.
import { buildTopology, type AreaSet, type Topology } from '@sozialraum/core';
import { unpackAreas } from './packed-areas.js';
import { registerTask, type TopologyRequest } from './tasks.js';

/** core's buildTopology on packed areas; the areas of the result have no properties and no names yet. */
export function topologyTask(input: TopologyRequest): Topology {
  return buildTopology(unpackAreas(input.areas), input.tolerance === undefined ? {} : { tolerance: input.tolerance }).topology;
}

/** The topology built from `input` by the task, with the properties and names of the input's areas. */
export function withProperties(topology: Topology, input: AreaSet): Topology {
  const nameField = input.nameField;
  const areas = topology.areas.map((area, index) => {
    if (!area) return area;
    const properties = { ...((input.features[index]!.properties ?? {}) as Record<string, unknown>) };
    const name = nameField ? properties[nameField] : undefined;
    return { ...area, ...(name !== undefined && name !== null ? { name: String(name) } : {}), properties };
  });
  return { ...topology, ...(nameField !== undefined ? { nameField } : {}), areas };
}

registerTask('topology', topologyTask);
