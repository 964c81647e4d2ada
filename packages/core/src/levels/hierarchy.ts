// Spatial levels: which area of the level above holds each Sozialraum, by key prefix, by geometry or by a mapping table.
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import type { MultiPolygon as ClipMultiPolygon } from 'polygon-clipping';
import { SozialraumError, germanNumber, issue, message, throwIfAborted, type DataIssue } from '../errors.js';
import { reprojectCollection } from '../crs/index.js';
import type { AreaCollection, AreaFeature } from '../io/areas.js';
import { assertTableColumns, type Table } from '../io/csv.js';
import type { Language } from '../language.js';
import { boxOverlap, geometryBox, polygonsArea } from '../geometry/index.js';
import { clipPolygons, dissolve, overlapArea } from './geometry.js';
import { dissolveCoverage } from './outline.js';

export type AssignmentMethod = 'prefix' | 'geometry' | 'mapping' | 'composed';

/** The share of a child's area that lies in one parent. */
export interface ParentShare {
  parent: string;
  /** From 0 to 1. */
  share: number;
}

/** A child area that lies in two or more parents, with the share in each, largest first. */
export interface StraddlingChild {
  child: string;
  shares: ParentShare[];
}

/** One step between two levels: the parent of every child area. */
export interface LevelAssignment {
  method: AssignmentMethod;
  /** What it was made from, for messages: "lor_planungsraeume_2021.geojson → lor_bezirksregionen_2021.geojson". */
  source: string;
  /** Keys of the child areas, in their order. */
  childIds: string[];
  /** Keys of the parent areas: in file order when parents were given, else sorted. */
  parentIds: string[];
  /** The parent of each child that has one. */
  parentOf: Map<string, string>;
  /** The children of each parent, in child order; an empty list for a parent without children. */
  childrenOf: Map<string, string[]>;
  /** Children that lie in more than one parent (by geometry only); each is assigned to the parent holding most of it. */
  straddling: StraddlingChild[];
  /** Children without parent, parents without children, keys that match nothing, straddling children. */
  issues: DataIssue[];
}

/** Several levels from the finest up, e.g. Planungsraum → Bezirksregion → Prognoseraum → Bezirk. */
export interface LevelHierarchy {
  /** Names of the levels, finest first: ['PLR', 'BZR', 'PGR', 'BEZ']. */
  levels: string[];
  /** `steps[i]` assigns the areas of `levels[i]` to those of `levels[i + 1]`. */
  steps: LevelAssignment[];
}

/** Where parent keys come from when the parents are given as areas of their own. */
export interface ParentKeys {
  /** Keys of the parent areas, e.g. `areas.ids` of the parent file. */
  parentIds?: readonly string[];
  /** Name of the parents' file, for messages. */
  parentSource?: string;
}

/**
 * Parents by key prefix: the first `length` characters of a child's key are its parent's key, as the 8-digit
 * Planungsraum keys of Berlin hold the 6-digit Bezirksregion, the 4-digit Prognoseraum and the 2-digit Bezirk.
 * Without `parentIds` the parents are the prefixes that occur; with them, a prefix that names no parent is reported.
 */
export function assignByPrefix(childIds: readonly string[], length: number, options: ParentKeys & { source: string }): LevelAssignment {
  if (!Number.isInteger(length) || length < 1) throw new RangeError(`the prefix length must be a whole number of 1 or more, not ${length}`);
  const { source } = options;
  const parentSet = options.parentIds ? new Set(options.parentIds) : undefined;
  const parentOf = new Map<string, string>();
  const issues: DataIssue[] = [];
  for (const child of childIds) {
    if (child.length < length) {
      issues.push(
        issue(
          'unmatched-keys',
          'warning',
          message(
            `the key has ${child.length} characters, fewer than the ${length} of a parent key, so it has no parent`,
            `der Schlüssel hat ${germanNumber(child.length)} Zeichen, weniger als die ${germanNumber(length)} eines Elterngebietsschlüssels, daher hat das Gebiet kein Elterngebiet`,
          ),
          { source, key: child },
        ),
      );
      continue;
    }
    const parent = child.slice(0, length);
    if (parentSet && !parentSet.has(parent)) {
      issues.push(
        issue(
          'unmatched-keys',
          'warning',
          message(
            `its first ${length} characters "${parent}" name no area of ${options.parentSource ?? 'the parents'}, so it has no parent`,
            `seine ersten ${germanNumber(length)} Zeichen „${parent}“ bezeichnen kein Gebiet ${options.parentSource !== undefined ? `in ${options.parentSource}` : 'der Elterngebiete'}, daher hat es kein Elterngebiet`,
          ),
          { source, key: child },
        ),
      );
      continue;
    }
    parentOf.set(child, parent);
  }
  const parentIds = options.parentIds ? [...options.parentIds] : [...new Set(parentOf.values())].sort();
  return finishAssignment('prefix', `${source} → first ${length} characters`, childIds, parentIds, parentOf, [], issues, options.parentSource ?? source);
}

export interface GeometryAssignmentOptions {
  /**
   * [tolerance=1e-6] Shares of a child's area below this are taken as 0: a sliver where two files digitised a
   * boundary a few centimetres apart is not a child lying in two parents. A child is straddling when two or more
   * parents each hold at least this share of it.
   */
  tolerance?: number;
  signal?: AbortSignal;
  /** Called with the number of children done and the total. */
  onProgress?: (done: number, total: number) => void;
}

/** CRSs whose areas are not proportional to the ground; shares are measured in ETRS89-LAEA (EPSG:3035) instead. */
const NOT_EQUAL_AREA = new Set(['EPSG:4326', 'EPSG:3857']);

/**
 * Parents by geometry: each child goes to the parent that covers most of its area, measured exactly by polygon
 * intersection. Children that lie in two or more parents are listed in `straddling` with their shares and reported;
 * children no parent covers, or covers only in part, are reported too. The parents are reprojected into the
 * children's CRS; longitude/latitude and Web Mercator are measured in EPSG:3035, which keeps areas true.
 */
export function assignByGeometry(children: AreaCollection, parents: AreaCollection, options: GeometryAssignmentOptions = {}): LevelAssignment {
  const tolerance = options.tolerance ?? 1e-6;
  if (!(tolerance >= 0 && tolerance < 0.5)) throw new RangeError(`tolerance must be at least 0 and below 0.5, not ${tolerance}`);
  const source = children.source;
  const measureIn = NOT_EQUAL_AREA.has(children.crs) ? 'EPSG:3035' : children.crs;
  const childPolygons = projectedPolygons(children, measureIn);
  const parentPolygons = projectedPolygons(parents, measureIn);
  const parentBoxes = parentPolygons.map((coordinates) => geometryBox({ type: 'MultiPolygon', coordinates }));
  const parentOf = new Map<string, string>();
  const straddling: StraddlingChild[] = [];
  const issues: DataIssue[] = [];
  const total = childPolygons.length;
  childPolygons.forEach((polygons, index) => {
    throwIfAborted(options.signal, source);
    const child = children.ids[index]!;
    const location = { source, key: child };
    const area = polygonsArea(polygons);
    if (!(area > 0)) {
      issues.push(
        issue(
          'invalid-geometry',
          'warning',
          message('has no area, so no parent can be found for it', 'hat keine Fläche, daher lässt sich kein Elterngebiet dafür finden'),
          location,
        ),
      );
      return;
    }
    const box = geometryBox({ type: 'MultiPolygon', coordinates: polygons });
    // Largest box overlap first: a child inside one parent is settled by one intersection.
    const candidates = parentBoxes
      .map((parentBox, parent) => ({ parent, overlap: boxOverlap(box, parentBox) }))
      .filter((candidate) => candidate.overlap > 0)
      .sort((a, b) => b.overlap - a.overlap);
    const shares: ParentShare[] = [];
    let covered = 0;
    try {
      for (const { parent } of candidates) {
        const overlap = overlapArea(polygons, parentPolygons[parent]!);
        if (overlap > 0) {
          covered += overlap;
          shares.push({ parent: parents.ids[parent]!, share: overlap / area });
        }
        // The parents left can hold no more than the rest, which is below the tolerance.
        if (covered >= area * (1 - tolerance)) break;
      }
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      issues.push(
        issue(
          'invalid-geometry',
          'warning',
          message(
            `its overlap with the parents cannot be computed (${why}), so it has no parent`,
            `seine Überschneidung mit den Elterngebieten lässt sich nicht berechnen (${why}), daher hat es kein Elterngebiet`,
          ),
          location,
        ),
      );
      return;
    }
    const counted = shares.filter((entry) => entry.share >= tolerance).sort((a, b) => b.share - a.share || a.parent.localeCompare(b.parent));
    const best = counted[0];
    if (!best) {
      issues.push(
        issue(
          'unmatched-keys',
          'warning',
          message(`lies in no area of ${parents.source}, so it has no parent`, `liegt in keinem Gebiet von ${parents.source}, daher hat es kein Elterngebiet`),
          location,
        ),
      );
      return;
    }
    parentOf.set(child, best.parent);
    if (counted.length > 1) {
      straddling.push({ child, shares: counted });
      const described = counted.map((entry) => `${formatShare(entry.share)} in "${entry.parent}"`).join(', ');
      const beschrieben = counted.map((entry) => `${formatShare(entry.share, 'de')} in „${entry.parent}“`).join(', ');
      issues.push(
        issue(
          'straddling-area',
          'warning',
          message(
            `straddles ${counted.length} areas of ${parents.source}: ${described}; assigned to "${best.parent}"`,
            `liegt in ${germanNumber(counted.length)} Gebieten von ${parents.source}: ${beschrieben}; zugeordnet zu „${best.parent}“`,
          ),
          location,
        ),
      );
    }
    const outside = 1 - covered / area;
    if (outside >= tolerance) {
      issues.push(
        issue(
          'straddling-area',
          'warning',
          message(
            `${formatShare(outside)} of it lies outside every area of ${parents.source}`,
            `${formatShare(outside, 'de')} davon liegen außerhalb aller Gebiete von ${parents.source}`,
          ),
          location,
        ),
      );
    }
    if (options.onProgress && ((index + 1) % 50 === 0 || index + 1 === total)) options.onProgress(index + 1, total);
  });
  return finishAssignment('geometry', `${source} → ${parents.source}`, children.ids, parents.ids, parentOf, straddling, issues, parents.source);
}

export interface MappingOptions extends ParentKeys {
  /** Column of the table holding the child key. */
  childColumn: string;
  /** Column holding the parent key. */
  parentColumn: string;
}

/**
 * Parents from a mapping table with one row per child (child key column, parent key column). Reported: children with
 * no row, children mapped twice (the first row counts), rows naming no child, empty parent keys and, with
 * `parentIds`, parent keys that name no parent.
 */
export function assignByMapping(childIds: readonly string[], table: Table, options: MappingOptions): LevelAssignment {
  const { source } = table;
  assertTableColumns(table, [options.childColumn, options.parentColumn], 'and');
  const childSet = new Set(childIds);
  const parentSet = options.parentIds ? new Set(options.parentIds) : undefined;
  const parentOf = new Map<string, string>();
  const firstRow = new Map<string, number>();
  const issues: DataIssue[] = [];
  table.rows.forEach((cells, index) => {
    const row = table.rowNumbers[index]!;
    const child = (cells[options.childColumn] ?? '').trim();
    const parent = (cells[options.parentColumn] ?? '').trim();
    if (child === '') {
      issues.push(
        issue(
          'missing-key',
          'warning',
          message('has no child key and is left out', 'hat keinen Schlüssel eines untergeordneten Gebiets und wird ausgelassen'),
          {
            source,
            row,
            column: options.childColumn,
          },
        ),
      );
      return;
    }
    const first = firstRow.get(child);
    if (first !== undefined) {
      const earlier = parentOf.get(child);
      const conflicting = earlier !== undefined && earlier !== parent;
      const text = conflicting
        ? message(
            `maps "${child}" a second time, to "${parent}"; row ${first} maps it to "${earlier}", which is used`,
            `ordnet „${child}“ ein zweites Mal zu, und zwar „${parent}“; Zeile ${first} ordnet es „${earlier}“ zu, diese Zuordnung wird verwendet`,
          )
        : message(
            `maps "${child}" a second time (first in row ${first}); only row ${first} is used`,
            `ordnet „${child}“ ein zweites Mal zu (zuerst in Zeile ${first}); nur Zeile ${first} wird verwendet`,
          );
      issues.push(issue('duplicate-key', conflicting ? 'error' : 'warning', text, { source, row, key: child }));
      return;
    }
    firstRow.set(child, row);
    if (!childSet.has(child)) {
      issues.push(
        issue(
          'unmatched-keys',
          'warning',
          message(
            `names no child area; "${child}" is not among the child keys`,
            `bezeichnet kein untergeordnetes Gebiet; „${child}“ ist keiner der Schlüssel der untergeordneten Gebiete`,
          ),
          { source, row, key: child },
        ),
      );
      return;
    }
    if (parent === '') {
      issues.push(
        issue(
          'missing-key',
          'warning',
          message(`has no parent key for "${child}", so it has no parent`, `hat keinen Elterngebietsschlüssel für „${child}“, daher hat es kein Elterngebiet`),
          { source, row, key: child, column: options.parentColumn },
        ),
      );
      return;
    }
    if (parentSet && !parentSet.has(parent)) {
      issues.push(
        issue(
          'unmatched-keys',
          'warning',
          message(
            `maps "${child}" to "${parent}", which names no area of ${options.parentSource ?? 'the parents'}`,
            `ordnet „${child}“ dem Schlüssel „${parent}“ zu, der kein Gebiet ${options.parentSource !== undefined ? `in ${options.parentSource}` : 'der Elterngebiete'} bezeichnet`,
          ),
          { source, row, key: child },
        ),
      );
      return;
    }
    parentOf.set(child, parent);
  });
  for (const child of childIds) {
    if (!firstRow.has(child)) {
      issues.push(
        issue(
          'missing-key',
          'warning',
          message(
            `has no row for child "${child}", so it has no parent`,
            `hat keine Zeile für das untergeordnete Gebiet „${child}“, daher hat es kein Elterngebiet`,
          ),
          { source, key: child, column: options.childColumn },
        ),
      );
    }
  }
  const parentIds = options.parentIds ? [...options.parentIds] : [...new Set(parentOf.values())].sort();
  return finishAssignment('mapping', source, childIds, parentIds, parentOf, [], issues, options.parentSource ?? source);
}

/**
 * Two steps joined into one: the children of `lower` assigned to the parents of `upper`, e.g. Planungsräume to
 * Prognoseräume from PLR → BZR and BZR → PGR. The issues and straddling children of both steps are kept.
 */
export function composeAssignments(lower: LevelAssignment, upper: LevelAssignment): LevelAssignment {
  const parentOf = new Map<string, string>();
  for (const [child, middle] of lower.parentOf) {
    const parent = upper.parentOf.get(middle);
    if (parent !== undefined) parentOf.set(child, parent);
  }
  const childrenOf = new Map<string, string[]>(upper.parentIds.map((parent) => [parent, []]));
  for (const child of lower.childIds) {
    const parent = parentOf.get(child);
    if (parent !== undefined) childrenOf.get(parent)?.push(child);
  }
  return {
    method: 'composed',
    source: `${lower.source}, ${upper.source}`,
    childIds: [...lower.childIds],
    parentIds: [...upper.parentIds],
    parentOf,
    childrenOf,
    straddling: [...lower.straddling, ...upper.straddling],
    issues: [...lower.issues, ...upper.issues],
  };
}

/**
 * A hierarchy of named levels from its steps, finest first. Throws when the number of names does not fit, or when a
 * step's children are not the parents of the step below (they must be the same set of keys).
 */
export function levelHierarchy(levels: readonly string[], steps: readonly LevelAssignment[]): LevelHierarchy {
  if (levels.length !== steps.length + 1) throw new RangeError(`${steps.length} steps join ${steps.length + 1} levels, not ${levels.length}`);
  steps.forEach((step, position) => {
    if (position === 0) return;
    const below = new Set(steps[position - 1]!.parentIds);
    const missing = step.childIds.filter((id) => !below.delete(id));
    if (missing.length > 0 || below.size > 0) {
      const example = missing[0] ?? [...below][0];
      throw new RangeError(`the areas of level ${levels[position]} differ between the steps below and above it (e.g. "${example}")`);
    }
  });
  return { levels: [...levels], steps: [...steps] };
}

/** The assignment from the finest level to `level` (a name or a position from 1), composed from the steps between. */
export function assignmentTo(hierarchy: LevelHierarchy, level: string | number): LevelAssignment {
  const position = typeof level === 'number' ? level : hierarchy.levels.indexOf(level);
  if (!(position >= 1 && position < hierarchy.levels.length) || !Number.isInteger(position)) {
    throw new RangeError(`no level ${JSON.stringify(level)} above the finest; the levels are ${hierarchy.levels.join(', ')}`);
  }
  return hierarchy.steps.slice(1, position).reduce(composeAssignments, hierarchy.steps[0]!);
}

export interface DissolveOptions {
  /** [idField='id'] Property that holds the parent key in the features made. */
  idField?: string;
  /** [source] Name of the result, for messages; by default the children's file followed by "(dissolved)". */
  source?: string;
}

/**
 * The parents' areas as the union of their children's, for levels that have no file of their own (the Berlin
 * Bezirke from their Planungsräume). Each feature carries the parent key and `children`, the number of children.
 * Parents without children have no geometry; they are left out with an issue.
 */
export function dissolveParents(
  children: AreaCollection,
  assignment: Pick<LevelAssignment, 'parentIds' | 'childrenOf'>,
  options: DissolveOptions = {},
): AreaCollection {
  const idField = options.idField ?? 'id';
  const source = options.source ?? `${children.source} (dissolved)`;
  const indexOf = new Map(children.ids.map((id, index) => [id, index] as const));
  const geometries = children.features.map((feature) => feature.geometry);
  const groups = assignment.parentIds.map((parent) => (assignment.childrenOf.get(parent) ?? []).flatMap((child) => indexOf.get(child) ?? []));
  // Children that form a coverage dissolve by their shared arcs; the others by a polygon union.
  const byTopology = dissolveCoverage(geometries, groups);
  const features: AreaFeature[] = [];
  const ids: string[] = [];
  const issues: DataIssue[] = [];
  for (const [position, parent] of assignment.parentIds.entries()) {
    const members = groups[position]!.map((index) => geometries[index]!);
    if (members.length === 0) {
      issues.push(
        issue(
          'empty-geometry',
          'warning',
          message(
            'has no child area, so no geometry can be dissolved for it; it is left out',
            'hat kein untergeordnetes Gebiet, daher lässt sich keine Geometrie dafür bilden; es wird ausgelassen',
          ),
          { source, key: parent },
        ),
      );
      continue;
    }
    const geometry: Polygon | MultiPolygon = byTopology[position] ?? dissolve(members);
    features.push({ type: 'Feature', properties: { [idField]: parent, children: members.length }, geometry });
    ids.push(parent);
  }
  if (features.length === 0) {
    throw new SozialraumError(
      'empty-geometry',
      message(
        'no parent has a child area, so nothing can be dissolved',
        'kein Elterngebiet hat ein untergeordnetes Gebiet, daher lässt sich nichts zusammenfassen',
      ),
      { source },
    );
  }
  return { source, crs: children.crs, idField, nameField: undefined, features, ids, issues };
}

/** The children and parents of an assignment checked against each other; issues for parents without children. */
function finishAssignment(
  method: AssignmentMethod,
  source: string,
  childIds: readonly string[],
  parentIds: string[],
  parentOf: Map<string, string>,
  straddling: StraddlingChild[],
  issues: DataIssue[],
  parentSource: string,
): LevelAssignment {
  const childrenOf = new Map<string, string[]>(parentIds.map((parent) => [parent, []]));
  for (const child of childIds) {
    const parent = parentOf.get(child);
    if (parent !== undefined) childrenOf.get(parent)?.push(child);
  }
  for (const [parent, members] of childrenOf) {
    if (members.length === 0)
      issues.push(issue('unmatched-keys', 'warning', message('has no child area', 'hat kein untergeordnetes Gebiet'), { source: parentSource, key: parent }));
  }
  return { method, source, childIds: [...childIds], parentIds, parentOf, childrenOf, straddling, issues };
}

/** The polygons of every area, in `crs`, as polygon-clipping reads them. */
function projectedPolygons(areas: AreaCollection, crs: string): ClipMultiPolygon[] {
  const collection = { type: 'FeatureCollection' as const, features: areas.features as Feature<Polygon | MultiPolygon>[] };
  const projected = areas.crs === crs ? collection : reprojectCollection(collection, areas.crs, crs);
  return projected.features.map((feature) => clipPolygons(feature.geometry));
}

/** "12.5 %", "0.004 %": enough digits to tell a sliver from a real share. */
function formatShare(share: number, language: Language = 'en'): string {
  const text = formatPercent(share * 100);
  return language === 'de' ? text.replace('.', ',') : text;
}

function formatPercent(percent: number): string {
  if (percent < 1) return `${percent.toPrecision(2)} %`;
  if (percent <= 99 || percent >= 100) return `${percent.toFixed(1)} %`;
  // 99.96 % must not read as 100.0 % next to the 0.04 % it leaves.
  return `${percent.toFixed(Math.min(8, 2 + Math.ceil(-Math.log10(100 - percent))))} %`;
}
