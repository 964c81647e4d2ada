// The level above a set of areas as the command line names it: a key prefix, a parent file, or a mapping table.
import {
  buildLevel as coreBuildLevel,
  assignByPrefix,
  dissolveParents,
  type AreaCollection,
  type DataIssue,
  type LevelAssignment,
  type LevelSource,
  type ProtectionLevel,
} from '@sozialraum/core';
import { UsageError, stringOption, type OptionValues } from './command.js';
import { loadAreasFile, loadTableFile } from './files.js';

/** How the parents were named on the command line. */
export interface LevelChoice {
  prefix?: number;
  parentsPath?: string;
  parentId?: string;
  mappingPath?: string;
  mappingChild?: string;
  mappingParent?: string;
}

/** A prefix length as typed: a whole number from 1; anything else is a usage error naming the option. */
export function prefixOption(value: string | undefined, option: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value.trim()) || !(Number(value) >= 1 && Number.isSafeInteger(Number(value)))) {
    throw new UsageError(`${option} must be the number of leading key characters that form the parent key (a whole number from 1), not "${value}"`);
  }
  return Number(value);
}

/** The level options of aggregate-up, checked against each other before any file is read. */
export function levelChoice(options: OptionValues): LevelChoice {
  const choice: LevelChoice = {};
  const prefix = prefixOption(stringOption(options, 'by-prefix'), '--by-prefix');
  if (prefix !== undefined) choice.prefix = prefix;
  const parentsPath = stringOption(options, 'parents');
  if (parentsPath !== undefined) choice.parentsPath = parentsPath;
  const parentId = stringOption(options, 'parent-id');
  if (parentId !== undefined) choice.parentId = parentId;
  const mappingPath = stringOption(options, 'mapping');
  const mappingChild = stringOption(options, 'mapping-child');
  const mappingParent = stringOption(options, 'mapping-parent');
  if (mappingPath !== undefined) {
    if (mappingChild === undefined || mappingParent === undefined)
      throw new UsageError('--mapping needs --mapping-child and --mapping-parent, its child and parent key columns');
    Object.assign(choice, { mappingPath, mappingChild, mappingParent });
  } else if (mappingChild !== undefined || mappingParent !== undefined) {
    throw new UsageError('--mapping-child and --mapping-parent need --mapping');
  }
  if (prefix !== undefined && mappingPath !== undefined) throw new UsageError('give --by-prefix or --mapping, not both');
  if (prefix === undefined && mappingPath === undefined && parentsPath === undefined) {
    throw new UsageError('name the level above: --by-prefix <N>, --parents <file> (assigned by geometry) or --mapping <csv>');
  }
  return choice;
}

export interface LevelBuild {
  assignment: LevelAssignment;
  /** The parent areas: the file given, or dissolved from the children when there is none and `dissolve` was asked for. */
  parents?: AreaCollection;
  /** How the parents were found, for the summary: "first 2 characters of the key", "by geometry from bzr.geojson". */
  how: string;
  issues: DataIssue[];
}

/**
 * The command line's level choice read from its files and built by core's buildLevel: with a parent file and no prefix
 * or mapping by geometry; otherwise the parent file only supplies the keys (and the geometry) the prefixes or the
 * mapping must name.
 */
export async function buildLevel(
  choice: LevelChoice,
  children: { ids: readonly string[]; source: string; areas?: AreaCollection },
  cwd: string,
  options: { dissolve: boolean },
): Promise<LevelBuild> {
  const parents = choice.parentsPath !== undefined ? (await loadAreasFile(choice.parentsPath, cwd, { idField: choice.parentId })).areas : undefined;
  let level: LevelSource;
  let how: string;
  if (choice.prefix !== undefined) {
    level = { prefix: choice.prefix };
    how = `the first ${choice.prefix} characters of the key`;
  } else if (choice.mappingPath !== undefined) {
    level = { mapping: { table: await loadTableFile(choice.mappingPath, cwd), childColumn: choice.mappingChild!, parentColumn: choice.mappingParent! } };
    how = `the mapping ${choice.mappingPath}`;
  } else {
    if (!children.areas) throw new UsageError('assigning by geometry needs the child areas (--areas)');
    level = {};
    how = `geometry (largest share of each area in ${choice.parentsPath})`;
  }
  // Dissolving costs about a second for Berlin's 542 areas, so it is done only when the geometry is written.
  const built = await coreBuildLevel(
    children,
    { ...level, ...(parents ? { parents } : {}) },
    {
      ...(options.dissolve ? { dissolve: dissolveParents } : {}),
      idField: choice.parentId ?? 'id',
    },
  );
  return { assignment: built.assignment, ...(built.parents ? { parents: built.parents } : {}), how, issues: built.issues };
}

/**
 * --hierarchy as typed: the levels above the areas by key prefix, e.g. "6,4,2" or
 * "Bezirksregion=6,Prognoseraum=4,Bezirk=2", each assigned from the areas' keys. Counts are protected over all of
 * them together, so that runs on different levels of the same table publish one pattern.
 */
export function hierarchyOption(
  value: string | undefined,
  ids: readonly string[],
  source: string,
  run: { choice: LevelChoice; option: string },
): ProtectionLevel[] | undefined {
  if (value === undefined) return undefined;
  const entries = value
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  if (entries.length === 0) throw new UsageError('--hierarchy must list the key prefix lengths of the levels, e.g. 6,4,2 or Bezirksregion=6,Bezirk=2');
  const levels = entries.map((entry) => {
    const match = /^(?:([^=]+)=)?(.*)$/.exec(entry)!;
    const prefix = prefixOption(match[2]!, '--hierarchy')!;
    const name = match[1]?.trim() || `first ${prefix} characters`;
    return { prefix, name, assignment: assignByPrefix(ids, prefix, { source }) };
  });
  const { prefix } = run.choice;
  if (prefix !== undefined && !levels.some((level) => level.prefix === prefix)) {
    throw new UsageError(`${run.option} ${prefix} is not among the --hierarchy levels: a level outside the declared hierarchy would get a pattern of its own`);
  }
  return levels.map(({ name, assignment }) => ({ name, assignment }));
}
