// Building a level above a set of areas: one use case for the command line (aggregate-up, index --level) and the
// map's `levels`. The parents come by key prefix, by a mapping table or by geometry; their areas from a file or
// dissolved from the children. The dissolve is passed in: the CLI calls core's dissolveParents, the browser runs it
// in a worker, so this module does not pull polygon-clipping into whatever imports it.
import type { DataIssue } from '../errors.js';
import type { AreaCollection } from '../io/areas.js';
import type { Table } from '../io/csv.js';
import { assignByGeometry, assignByMapping, assignByPrefix, type LevelAssignment } from '../levels/hierarchy.js';

/** How the level above is named: at least one of `prefix`, `mapping` or `parents`. */
export interface LevelSource {
  /** The parent key is the first `prefix` characters of the child key (Berlin: 2 for the Bezirk). */
  prefix?: number;
  /** A table with one row per child: its key and its parent's key. */
  mapping?: { table: Table; childColumn: string; parentColumn: string };
  /**
   * The parents' areas from a file of their own. With `prefix` or `mapping` they only supply the keys those must name
   * (and the geometry); alone, each child goes to the parent covering most of it.
   */
  parents?: AreaCollection;
  /** Names of the parents by key, for dissolved parents that have none, e.g. `{ "01": "Mitte" }`. */
  names?: Readonly<Record<string, string>>;
}

/** Dissolves the children of each parent into its area: core's dissolveParents, or the same run in a worker. */
export type Dissolver = (
  children: AreaCollection,
  assignment: LevelAssignment,
  options: { idField: string; source: string },
) => AreaCollection | Promise<AreaCollection>;

export interface BuildLevelOptions {
  /** Dissolves the parents when no file gives their areas; without it such a level has no areas (the CLI skips it unless asked). */
  dissolve?: Dissolver;
  /** [id] Property holding the key in dissolved parents. */
  idField?: string;
  /** Name of the level, for messages about dissolved areas. */
  label?: string;
}

/** A level built over the children. */
export interface BuiltLevel {
  assignment: LevelAssignment;
  /** The parents' areas: the file given, or dissolved; undefined when neither. */
  parents: AreaCollection | undefined;
  /** Everything that did not fit: the parents' file, the mapping table, the assignment and the dissolve, in that order. */
  issues: DataIssue[];
}

/**
 * The children: their areas, or only their keys and file name where no geometry is needed (prefix or mapping, no
 * dissolve), as the command line has them for a table without areas.
 */
export type LevelChildren = AreaCollection | { ids: readonly string[]; source: string; areas?: AreaCollection | undefined };

/**
 * The children's parents on the level named by `level`. Their areas are needed by geometry and to dissolve.
 * Throws core's SozialraumError when the prefix, mapping or parents cannot be used.
 */
export async function buildLevel(children: LevelChildren, level: LevelSource, options: BuildLevelOptions = {}): Promise<BuiltLevel> {
  const issues: DataIssue[] = [...(level.parents?.issues ?? []), ...(level.mapping?.table.issues ?? [])];
  const assignment = assignLevel(children, level);
  issues.push(...assignment.issues);
  let parents = level.parents;
  const areas = childAreas(children);
  if (!parents && areas && options.dissolve) {
    const source = options.label ? `${options.label} (${children.source})` : `${children.source} (dissolved)`;
    parents = await options.dissolve(areas, assignment, { idField: options.idField ?? 'id', source });
    issues.push(...parents.issues);
  }
  if (parents && level.names) parents = withNames(parents, level.names);
  return { assignment, parents, issues };
}

/** The parent of every child: by prefix, else by mapping, else by the geometry of the parents. */
export function assignLevel(children: LevelChildren, level: LevelSource): LevelAssignment {
  const parents = level.parents;
  const keys = parents ? { parentIds: parents.ids, parentSource: parents.source } : {};
  if (level.prefix !== undefined) return assignByPrefix(children.ids, level.prefix, { source: children.source, ...keys });
  if (level.mapping) {
    const { table, childColumn, parentColumn } = level.mapping;
    return assignByMapping(children.ids, table, { childColumn, parentColumn, ...keys });
  }
  const areas = childAreas(children);
  if (!parents || !areas) throw new TypeError('a level by geometry needs the areas of the children and of the parents');
  return assignByGeometry(areas, parents);
}

function childAreas(children: LevelChildren): AreaCollection | undefined {
  return 'features' in children ? children : children.areas;
}

/** The areas named from `names` where it has their key, else by their own name, else by their key. */
function withNames(areas: AreaCollection, names: Readonly<Record<string, string>>): AreaCollection {
  return {
    ...areas,
    nameField: 'name',
    features: areas.features.map((feature, index) => ({
      ...feature,
      properties: { ...feature.properties, name: names[areas.ids[index]!] ?? feature.properties?.[areas.nameField ?? ''] ?? areas.ids[index] },
    })),
  };
}
