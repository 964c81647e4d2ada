// The spatial levels a <sozialraum-map> can switch between (Planungsraum → Bezirksregion → … → Bezirk), composed
// from core's level functions: which area lies in which parent, the parents' geometry, and their aggregated table.
import {
  SozialraumError,
  fetchBytes,
  readTable,
  message,
  layerInSource,
  loadAreasFromUrl,
  normaliseCrsName,
  sourceName,
  type AggregateUpOptions,
  type AreaCollection,
  type DataIssue,
  type IndexSpec,
  type LevelAssignment,
  type LocalisedText,
  type Table,
} from '@sozialraum/core';

/**
 * One level of the `levels` attribute. The first entry describes the map's own `areas`; every further entry a level
 * above it, whose areas come from a file (`areas`) or are dissolved from the finest areas.
 */
export interface LevelDefinition {
  /** Short id, used by the `level` attribute, e.g. `bezirk`. */
  id: string;
  /** Name of the level for the switcher, e.g. `"Bezirk"` or `{ "de": "Bezirk", "en": "District" }`. */
  label: LocalisedText;
  /** URL of the level's areas (GeoJSON or FlatGeobuf); without it they are dissolved from the finest areas. */
  areas?: string;
  /** Property of the level's areas holding the key. */
  idField?: string;
  /** Property of the level's areas holding the name. */
  nameField?: string;
  /** CRS of the level's area file when it names none. */
  areasCrs?: string;
  /**
   * The parent key is the first `prefix` characters of the finest area's key (Berlin: 6 for Bezirksregion, 4 for
   * Prognoseraum, 2 for Bezirk). Without it, each finest area goes to the parent area that covers most of it.
   */
  prefix?: number;
  /** Names of the level's areas by key, for dissolved levels whose file has none, e.g. `{ "01": "Mitte" }`. */
  names?: Record<string, string>;
  /** URL of a mapping table (CSV) with one row per finest area: its key (`mappingChild`) and its parent's (`mappingParent`). */
  mapping?: string;
  /** Column of the mapping table with the finest area's key. */
  mappingChild?: string;
  /** Column of the mapping table with the parent's key. */
  mappingParent?: string;
}

/** Reads the `levels` attribute (JSON) or property (array) and checks every entry; throws what is wrong, naming the entry. */
export function parseLevels(value: string | readonly LevelDefinition[] | undefined): LevelDefinition[] | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  let parsed: unknown = value;
  if (typeof value === 'string') {
    try {
      parsed = JSON.parse(value);
    } catch (error) {
      throw new SozialraumError('parse-error', message(`is not valid JSON: ${reason(error)}`, `ist kein gültiges JSON (${reason(error)})`), {
        source: 'levels',
      });
    }
  }
  if (!Array.isArray(parsed) || parsed.length === 0) {
    throw new SozialraumError(
      'parse-error',
      message(
        'must be a list of levels, the finest first, e.g. [{"id": "plr", "label": "Planungsraum"}, …]',
        'muss eine Liste der Ebenen sein, die feinste zuerst, z. B. [{"id": "plr", "label": "Planungsraum"}, …]',
      ),
      { source: 'levels' },
    );
  }
  const seen = new Set<string>();
  return parsed.map((entry: unknown, index) => {
    const where = { source: 'levels', feature: index + 1 };
    if (typeof entry !== 'object' || entry === null)
      throw new SozialraumError('parse-error', message('is not an object with "id" and "label"', 'ist kein Objekt mit „id“ und „label“'), where);
    const level = entry as Partial<LevelDefinition>;
    if (typeof level.id !== 'string' || level.id === '') throw new SozialraumError('parse-error', message('has no "id"', 'hat keine „id“'), where);
    if (seen.has(level.id)) throw new SozialraumError('duplicate-key', message(`repeats the id "${level.id}"`, `wiederholt die id „${level.id}“`), where);
    seen.add(level.id);
    const label = level.label ?? level.id;
    if (typeof label !== 'string' && (typeof label !== 'object' || typeof label.de !== 'string')) {
      throw new SozialraumError(
        'parse-error',
        message(`"${level.id}": "label" must be text or {"de": …, "en": …}`, `„${level.id}“: „label“ muss ein Text oder {"de": …, "en": …} sein`),
        where,
      );
    }
    if (level.prefix !== undefined && !(Number.isInteger(level.prefix) && level.prefix > 0)) {
      throw new SozialraumError(
        'parse-error',
        message(
          `"${level.id}": "prefix" must be a whole number above 0, not ${JSON.stringify(level.prefix)}`,
          `„${level.id}“: „prefix“ muss eine ganze Zahl über 0 sein, nicht ${JSON.stringify(level.prefix)}`,
        ),
        where,
      );
    }
    if (index > 0 && level.prefix === undefined && level.areas === undefined && level.mapping === undefined) {
      throw new SozialraumError(
        'parse-error',
        message(
          `"${level.id}": a level above the first needs "prefix", "mapping" or "areas"`,
          `„${level.id}“: eine Ebene über der ersten braucht „prefix“, „mapping“ oder „areas“`,
        ),
        where,
      );
    }
    if (level.mapping !== undefined && (typeof level.mappingChild !== 'string' || typeof level.mappingParent !== 'string')) {
      throw new SozialraumError(
        'parse-error',
        message(
          `"${level.id}": "mapping" needs "mappingChild" and "mappingParent", its key columns`,
          `„${level.id}“: „mapping“ braucht „mappingChild“ und „mappingParent“, ihre Schlüsselspalten`,
        ),
        where,
      );
    }
    return { ...level, id: level.id, label } as LevelDefinition;
  });
}

/** Column of a level's aggregated table that holds the area key. */
export const LEVEL_KEY_COLUMN = 'id';

/** The `aggregation` attribute: core's aggregateUp options without the key columns, which the map knows. */
export type LevelAggregation = Omit<AggregateUpOptions, 'keyColumn' | 'parentKeyColumn'>;

/**
 * Whether `level` names a level above the finest of `levels`: a map asked for it waits for it to be built rather than
 * showing the finest areas (Berlin's 542 Planungsräume) for seconds before the Bezirke. Unreadable levels: false
 * (they are reported when loaded).
 */
export function asksAboveFinest(levels: string | readonly LevelDefinition[] | undefined, level: string | undefined): boolean {
  if (level === undefined || levels === undefined) return false;
  try {
    const finest = parseLevels(levels)?.[0]?.id;
    return finest !== undefined && level !== finest;
  } catch {
    return false;
  }
}

/**
 * The `aggregation` attribute as written: core's aggregateUp options and, optionally, an index spec whose indicators are
 * carried as it says (counts summed, rates from numerator and denominator, the rest weighted by `weight` or withheld).
 */
export interface MapAggregation extends LevelAggregation {
  /** An index spec, or the name of a built-in one (`mss-2021-status`): the level tables carry its indicators as it says. */
  spec?: string | IndexSpec;
  /** Column the spec's indicators without numerator and denominator are weighted by (usually the population, `EW`). */
  weight?: string;
}

/**
 * Reads the `aggregation` attribute (JSON) or property; no columns are carried up without one. A `spec` is resolved
 * by the level runtime (`carriedAs`), which is loaded only with levels: the index code stays out of every page's bundle.
 */
export function parseAggregation(value: string | MapAggregation | undefined): MapAggregation {
  if (value === undefined || value === null || value === '') return {};
  return typeof value === 'string' ? parseAggregationJson(value) : value;
}

function parseAggregationJson(value: string): MapAggregation {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch (error) {
    throw new SozialraumError('parse-error', message(`is not valid JSON: ${reason(error)}`, `ist kein gültiges JSON (${reason(error)})`), {
      source: 'aggregation',
    });
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new SozialraumError(
      'parse-error',
      message(
        'must be an object such as {"counts": ["EW"], "rates": [{"column": "S1", "numerator": "…", "denominator": "…"}]}',
        'muss ein Objekt sein wie {"counts": ["EW"], "rates": [{"column": "S1", "numerator": "…", "denominator": "…"}]}',
      ),
      {
        source: 'aggregation',
      },
    );
  }
  return parsed as MapAggregation;
}

/** Loads the area file of a level, when it has one. */
export async function loadLevelAreas(
  definition: LevelDefinition,
  signal: AbortSignal,
  read: (url: string, signal: AbortSignal) => Promise<Uint8Array> = (url) => fetchBytes(url, { signal }),
): Promise<AreaCollection | undefined> {
  if (!definition.areas) return undefined;
  const crs = definition.areasCrs ? (normaliseCrsName(definition.areasCrs) ?? definition.areasCrs) : undefined;
  return loadAreasFromUrl(definition.areas, {
    read: (url) => read(url, signal),
    signal,
    ...(definition.idField ? { idField: definition.idField } : {}),
    ...(definition.nameField ? { nameField: definition.nameField } : {}),
    ...(crs ? { crs } : {}),
    // sourceName drops the URL's fragment, so the GeoPackage layer it names ("x.gpkg#layer") is passed on here.
    ...(layerInSource(definition.areas) !== undefined ? { layer: layerInSource(definition.areas)! } : {}),
  });
}

/** Loads the mapping table of a level, when it has one. */
export async function loadLevelMapping(
  definition: LevelDefinition,
  signal: AbortSignal,
  read: (url: string, signal: AbortSignal) => Promise<Uint8Array> = (url) => fetchBytes(url, { signal }),
): Promise<Table | undefined> {
  if (!definition.mapping) return undefined;
  return readTable(await read(definition.mapping, signal), { source: sourceName(definition.mapping) });
}

/** A level ready to draw: its areas and the parent key of every finest area. */
export interface LevelData {
  definition: LevelDefinition;
  areas: AreaCollection;
  /** How the finest areas belong to this level's; undefined on the finest level itself. */
  assignment: LevelAssignment | undefined;
  /** Finest area key → this level's key. The identity on the finest level. */
  parentOfBase: Map<string, string>;
  issues: DataIssue[];
}

/** The finest level: the map's own areas. */
export function finestLevel(definition: LevelDefinition, areas: AreaCollection): LevelData {
  return { definition, areas, assignment: undefined, parentOfBase: new Map(areas.ids.map((id) => [id, id])), issues: [] };
}

/**
 * The key on level `upper` of each area of level `lower` (lower finer than upper): the parent most of its finest
 * areas lie in.
 */
export function parentsBetween(lower: LevelData, upper: LevelData): Map<string, string> {
  const votes = new Map<string, Map<string, number>>();
  for (const [base, lowerKey] of lower.parentOfBase) {
    const upperKey = upper.parentOfBase.get(base);
    if (upperKey === undefined) continue;
    const counts = votes.get(lowerKey) ?? new Map<string, number>();
    counts.set(upperKey, (counts.get(upperKey) ?? 0) + 1);
    votes.set(lowerKey, counts);
  }
  const parents = new Map<string, string>();
  for (const [lowerKey, counts] of votes) {
    parents.set(lowerKey, [...counts].reduce((best, candidate) => (candidate[1] > best[1] ? candidate : best))[0]);
  }
  return parents;
}

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
