// The data pipeline of <sozialraum-map> as a plain class: load → year → level → join → children's columns → parent
// level. No DOM, no OpenLayers, no Lit: it runs in Node, where its tests run. The element draws what it derives.
import {
  addColumns,
  areaName,
  asFeatureCollection,
  assertSupportedCrs,
  detectYears,
  eachYear,
  featureServiceOf,
  fetchBytes,
  joinTable,
  layerInSource,
  loadAreasFromUrl,
  localiseText,
  normaliseCrsName,
  readTable,
  decimalSeparatorOption,
  readAreas,
  sourceName,
  tableForYear,
  type AreaCollection,
  type DataIssue,
  type FeatureServiceProgress,
  type Language,
  type ProtectionLevel,
  type Table,
  type TableJoin,
  type TableYears,
} from '@sozialraum/core';
import type { DrillStep, ParentLevel, SozialraumState, TableExtendDetail } from '@sozialraum/element';
import type { FeatureCollection } from 'geojson';
import {
  LEVEL_KEY_COLUMN,
  finestLevel,
  loadLevelAreas,
  loadLevelMapping,
  parentsBetween,
  parseAggregation,
  parseLevels,
  type MapAggregation,
  type LevelData,
  type LevelDefinition,
} from './levels.js';

/** Reads the bytes of a URL; fetch in the browser, a file in tests. */
export type ReadBytes = (url: string, signal: AbortSignal) => Promise<Uint8Array>;

/** What the map was asked to load: its attributes. */
/** The map's attributes that name its data (a part of MapInput): a change to any of them loads the data again. */
export const LOAD_ATTRIBUTES = [
  'areasUrl',
  'indicators',
  'idField',
  'nameField',
  'keyField',
  'areasCrs',
  'yearField',
  'decimal',
  'sheet',
  'headerRow',
  'layer',
] as const satisfies readonly (keyof MapInput)[];

export interface MapInput {
  areasUrl?: string | undefined;
  areasInput?: FeatureCollection | undefined;
  indicators?: string | undefined;
  idField?: string | undefined;
  nameField?: string | undefined;
  keyField?: string | undefined;
  areasCrs?: string | undefined;
  yearField?: string | undefined;
  /** The `decimal` attribute: the table's decimal separator, or undefined to tell it from the cells. */
  decimal?: string | undefined;
  /** The `sheet` attribute: the sheet of an Excel table, by name or number. */
  sheet?: string | undefined;
  /** The `header-row` attribute: the row of an Excel sheet with the column names. */
  headerRow?: number | undefined;
  projection?: string | undefined;
  /** The `layer` attribute: the layer of a GeoPackage with several; else the URL's "#layer". */
  layer?: string | undefined;
}

/**
 * What could not be loaded: which stage and which file, and the cause (a SozialraumError with both languages). The
 * element words the title in its language when it draws, so a language switch recomputes nothing.
 */
export interface LoadFailure {
  stage: 'areas' | 'indicators' | 'levels';
  source: string;
  cause: unknown;
}

export interface LoadResult {
  areas: AreaCollection | undefined;
  /** The indicator table as loaded, all years, with the children's columns. */
  table: Table | undefined;
  /** The join of the shown year's rows to the areas, as loaded. */
  join: TableJoin | undefined;
  /** How the table holds several years, when it does. */
  timeline?: TableYears | undefined;
  error: LoadFailure | undefined;
}

/** What to show: the element's attributes that choose year and level. */
export interface ViewChoice {
  year?: number | undefined;
  level?: string | undefined;
  drill: readonly DrillStep[];
  keyField?: string | undefined;
  aggregation?: string | MapAggregation | undefined;
  /** Whether the map has a `levels` attribute: with `aggregation.minCount` its finest table waits for the levels. */
  levels?: boolean;
  language: Language;
}

/** What the map shows: one level's areas and one year's table, read-only. */
export interface MapView {
  level: LevelData | undefined;
  areas: AreaCollection;
  table: Table | undefined;
  join: TableJoin | undefined;
  /** Keys of the areas inside the area drilled into; undefined when the whole level is shown. */
  focus: Set<string> | undefined;
  /** The level above, for the parent column of profiles, labelled in the page's language. */
  parentLevel: ParentLevel | undefined;
  /** The whole table with its years; the same object while table and years stay, since consumers compare it by identity. */
  allYears: SozialraumState['allYears'];
  /** Why the table could not be carried to the level shown; the view then has no table. */
  error: LoadFailure | undefined;
}

/**
 * The level a map asks for, drawn as soon as it is built, before the files of the other levels are read: Berlin's
 * Bezirke, dissolved from the Planungsräume, need none of them. Until all are built the map lists no levels (no
 * switcher, no drill-down). Not with `aggregation.minCount`: small counts are protected over every level at once.
 */
export interface EarlyLevel {
  level: string | undefined;
  aggregation: string | MapAggregation | undefined;
  /** Called when the level asked for is built; the view then shows it. */
  onShown: () => void;
}

/** The level code, loaded with the first levels (most pages have none): build a level, carry a table up to it. */
export interface LevelRuntime {
  buildLevel(
    base: AreaCollection,
    definition: LevelDefinition,
    file: AreaCollection | undefined,
    options: { signal: AbortSignal; mapping?: Table | undefined },
  ): Promise<LevelData>;
  aggregateToLevel(table: Table, keyColumn: string, level: LevelData, aggregation: MapAggregation, label: string, hierarchy: readonly ProtectionLevel[]): Table;
  protectFinest(table: Table, keyColumn: string, levels: readonly LevelData[], aggregation: MapAggregation, hierarchy: readonly ProtectionLevel[]): Table;
}

/** Loads the areas and the table of a map, its levels and the columns its children add, and derives what it shows. */
export class MapModel {
  readonly #read: ReadBytes;
  readonly #runtime: () => Promise<LevelRuntime>;
  #loaded: LoadResult | undefined;
  /** Columns children added to the table, by source, re-applied when the indicator table is loaded again. */
  readonly #extensions = new Map<string, TableExtendDetail>();
  #levels: LevelData[] = [];
  /** #levels holds the finest level and the one asked for only, drawn before the others are built. */
  #early = false;
  #levelRuntime: LevelRuntime | undefined;
  #view: MapView | undefined;
  /** What the view was derived from; the same inputs give the same view object, so children compute nothing again. */
  #derivedFor: readonly unknown[] = [];
  /** The all-years table last made, and what it was made from (see #allYears). */
  #allYearsKept: MapView['allYears'];
  #allYearsFor: readonly unknown[] = [];
  /** The `aggregation` attribute last parsed (see #parsedAggregation). */
  #aggregation: { from: ViewChoice['aggregation']; parsed: MapAggregation } | undefined;

  /** `read` defaults to fetch; the level code is loaded with the first levels, as most pages have none. */
  constructor(options: { read?: ReadBytes; runtime?: () => Promise<LevelRuntime> } = {}) {
    this.#read = options.read ?? ((url, signal) => fetchBytes(url, { signal }));
    this.#runtime = options.runtime ?? (() => import('./level-runtime.js'));
  }

  /** The last load applied. */
  get loaded(): LoadResult | undefined {
    return this.#loaded;
  }

  /** The levels, finest first; empty without levels, and while only the level asked for is built (see EarlyLevel). */
  get levels(): readonly LevelData[] {
    return this.#early ? [] : this.#levels;
  }

  /** The view last derived. */
  get view(): MapView | undefined {
    return this.#view;
  }

  /** Everything found wrong in the loaded data that did not stop it from loading. */
  get loadIssues(): DataIssue[] {
    const loaded = this.#loaded;
    return [...(loaded?.areas?.issues ?? []), ...(loaded?.table?.issues ?? []), ...(loaded?.join?.issues ?? [])];
  }

  /**
   * Loads areas and table; failures are part of the result (the areas may load while the table fails). Areas from a
   * WFS or OGC API – Features service report each page read to `onProgress`.
   */
  async load(input: MapInput, year: number | undefined, signal: AbortSignal, onProgress?: (progress: FeatureServiceProgress) => void): Promise<LoadResult> {
    const declaredCrs = input.areasCrs ? (normaliseCrsName(input.areasCrs) ?? input.areasCrs) : undefined;
    const options = {
      ...(input.idField ? { idField: input.idField } : {}),
      ...(input.nameField ? { nameField: input.nameField } : {}),
      ...(declaredCrs ? { crs: declaredCrs } : {}),
      ...(input.layer ? { layer: input.layer } : input.areasUrl && layerInSource(input.areasUrl) ? { layer: layerInSource(input.areasUrl)! } : {}),
      signal,
    };
    let areas: AreaCollection;
    // A service is named by its URL: the last path segment ("items", "wfs") says nothing.
    const service = !input.areasInput && input.areasUrl ? featureServiceOf(input.areasUrl) : undefined;
    const areasSource = input.areasInput ? 'areas' : service ? input.areasUrl : input.areasUrl && sourceName(input.areasUrl);
    if (!areasSource) return { areas: undefined, table: undefined, join: undefined, error: undefined };
    // The table is fetched while the areas load and are read, not after them; a failure is reported once the areas are.
    const tableBytes = input.indicators ? this.#read(input.indicators, signal) : undefined;
    tableBytes?.catch(() => undefined);
    try {
      if (input.areasInput) {
        areas = readAreas(asFeatureCollection(input.areasInput, 'areas'), { ...options, source: 'areas' });
      } else {
        areas = await loadAreasFromUrl(input.areasUrl!, { ...options, read: (url) => this.#read(url, signal), ...(onProgress ? { onProgress } : {}) });
      }
      if (input.projection) assertSupportedCrs(normaliseCrsName(input.projection) ?? input.projection, 'projection');
    } catch (error) {
      if (signal.aborted) throw error;
      return { areas: undefined, table: undefined, join: undefined, error: { stage: 'areas', source: areasSource, cause: error } };
    }
    if (!input.indicators || !tableBytes) return { areas, table: undefined, join: undefined, error: undefined };
    try {
      const table = await readTable(await tableBytes, {
        source: sourceName(input.indicators),
        ...decimalSeparatorOption(input.decimal, 'decimal'),
        ...(input.sheet ? { sheet: input.sheet } : {}),
        ...(input.headerRow !== undefined && Number.isFinite(input.headerRow) ? { headerRow: input.headerRow } : {}),
      });
      const timeline = detectYears(table, input.yearField ? { yearColumn: input.yearField } : {});
      const shown = timeline ? tableForYear(table, shownYear(timeline, year), { years: timeline }) : table;
      const join = joinTable(areas.ids, shown, input.keyField ?? areas.idField);
      return { areas, table, join, timeline, error: undefined };
    } catch (error) {
      if (signal.aborted) throw error;
      return { areas, table: undefined, join: undefined, error: { stage: 'indicators', source: sourceName(input.indicators), cause: error } };
    }
  }

  /**
   * Takes a load result. Columns children computed for the same areas survive a new table; other areas drop them and
   * the levels. Returns whether the areas are new (their levels must be loaded again).
   */
  apply(result: LoadResult): boolean {
    const previous = this.#loaded?.areas;
    const sameAreas = previous !== undefined && result.areas !== undefined && sameKeys(previous.ids, result.areas.ids);
    if (!sameAreas) {
      this.#extensions.clear();
      this.#levels = [];
      this.#early = false;
    }
    this.#loaded = result.areas ? this.#withExtensionsOrPlain(result) : result;
    return !sameAreas;
  }

  /**
   * Adds the columns a child computed (e.g. residents from a census grid) to the table. Only columns of the finest areas
   * are kept: a level above gets them by aggregation, like every other column. Throws when they do not fit the table.
   */
  extend(detail: TableExtendDetail, shownLevelIndex: number): boolean {
    const loaded = this.#loaded;
    if (!loaded?.areas || shownLevelIndex > 0) return false;
    this.#loaded = this.#withExtensions(loaded, [detail]);
    this.#extensions.set(detail.source, detail);
    return true;
  }

  /**
   * Loads the levels of the `levels` attribute: their area files, the parent of every area, dissolved parents. Throws
   * what is wrong with them (the levels are then empty); returns their issues.
   */
  async loadLevels(value: string | readonly LevelDefinition[] | undefined, signal: AbortSignal, early?: EarlyLevel): Promise<DataIssue[] | undefined> {
    const base = this.#loaded?.areas;
    const data: LevelData[] = [];
    try {
      const definitions = parseLevels(value);
      if (base && definitions) {
        const runtime = await this.#runtime();
        this.#levelRuntime = runtime;
        data.push(finestLevel(definitions[0]!, base));
        const build = async (definition: LevelDefinition): Promise<LevelData | undefined> => {
          const [file, mapping] = await Promise.all([loadLevelAreas(definition, signal, this.#read), loadLevelMapping(definition, signal, this.#read)]);
          if (signal.aborted) return undefined;
          return runtime.buildLevel(base, definition, file, { signal, mapping });
        };
        // The level asked for is drawn before the files of the others are read (see EarlyLevel); the others, all at
        // once, so that a level dissolved in a worker is built while the files of the rest load.
        const rest = definitions.slice(1);
        const asked = early && parseAggregation(early.aggregation).minCount === undefined ? rest.findIndex((level) => level.id === early.level) : -1;
        const first = asked >= 0 ? await build(rest[asked]!) : undefined;
        if (first && !signal.aborted) {
          this.#levels = [data[0]!, first];
          this.#early = true;
          early!.onShown();
        }
        const built = await Promise.all(rest.map((definition, index) => (index === asked ? first : build(definition))));
        if (signal.aborted) return undefined;
        for (const level of built) data.push(level!);
      }
    } catch (error) {
      if (signal.aborted) return undefined;
      this.#levels = [];
      this.#early = false;
      throw error;
    }
    this.#early = false;
    // No levels before and none now: the view stays as it is.
    if (data.length > 0 || this.#levels.length > 0) this.#levels = data;
    return data.flatMap((level) => level.issues);
  }

  /** Index of a level by id (0 for none or an unknown one). */
  levelIndex(id: string | undefined): number {
    if (id === undefined) return 0;
    const index = this.#levels.findIndex((level) => level.definition.id === id);
    return index < 0 ? 0 : index;
  }

  /** Index of the level shown: one below the area drilled into, else the `level` asked for; −1 without levels. */
  shownLevelIndex(level: string | undefined, drill: readonly DrillStep[]): number {
    if (this.#levels.length === 0) return -1;
    const drilled = drill.at(-1);
    return drilled ? Math.max(0, this.levelIndex(drilled.level) - 1) : this.levelIndex(level);
  }

  /** The years of the table, oldest first, and the one shown; no years when it holds one. */
  years(year: number | undefined): { years: readonly number[]; shown: number | undefined } {
    const timeline = this.#loaded?.timeline;
    return timeline ? { years: timeline.years, shown: shownYear(timeline, year) } : { years: [], shown: undefined };
  }

  /** Shows the level and year asked for: their areas, the table of that year (aggregated up to the level) and its join. */
  derive(choice: ViewChoice): MapView | undefined {
    const loaded = this.#loaded;
    const base = loaded?.areas;
    if (!base) return (this.#view = undefined);
    const index = this.shownLevelIndex(choice.level, choice.drill);
    const year = loaded.timeline ? shownYear(loaded.timeline, choice.year) : undefined;
    const inputs = [
      loaded,
      this.#levels,
      year,
      index,
      choice.drill.map((step) => `${step.level}:${step.id}`).join('/'),
      choice.keyField,
      choice.aggregation,
      choice.levels,
      choice.language,
    ];
    if (this.#view && inputs.length === this.#derivedFor.length && inputs.every((value, position) => value === this.#derivedFor[position])) return this.#view;
    this.#derivedFor = inputs;
    const keyColumn = loaded.join?.keyColumn ?? choice.keyField ?? base.idField;
    let table = loaded.table;
    if (table && loaded.timeline) table = tableForYear(table, year!, { years: loaded.timeline });
    const level = this.#levels[index];
    let areas = base;
    let join: TableJoin | undefined;
    let error: LoadFailure | undefined;
    try {
      if (level && index > 0) {
        areas = level.areas;
        table = table ? this.#aggregate(table, keyColumn, level, choice) : undefined;
        join = table ? joinTable(areas.ids, table, LEVEL_KEY_COLUMN) : undefined;
      } else {
        const protect = this.#finestProtection(keyColumn, choice);
        table = table && protect ? protect(table) : undefined;
        join = table ? joinTable(areas.ids, table, keyColumn) : undefined;
      }
    } catch (cause) {
      error = { stage: 'indicators', source: loaded.table?.source ?? '', cause };
      table = undefined;
      join = undefined;
    }
    const drilled = choice.drill.at(-1);
    const focus = drilled ? this.#childrenOf(drilled, index) : undefined;
    const allYears = this.#allYears(loaded, keyColumn, choice);
    this.#view = { level, areas, table, join, focus, parentLevel: this.#parentLevel(index, keyColumn, choice), allYears, error };
    return this.#view;
  }

  /**
   * The table of the finest areas carried up to a level, as the `aggregation` attribute says; undefined while a
   * protected table has to wait for the levels (see #awaitsLevels).
   */
  #aggregate(table: Table, keyColumn: string, level: LevelData, choice: ViewChoice): Table | undefined {
    if (this.#awaitsLevels(choice)) return undefined;
    const label = localiseText(level.definition.label, choice.language);
    return this.#levelRuntime!.aggregateToLevel(table, keyColumn, level, this.#parsedAggregation(choice), label, this.#protectionLevels(choice));
  }

  /**
   * How a finest table of one year may be shown: with `aggregation.minCount` its counts are protected over all levels,
   * as the levels above are; until the levels are built there is no way (undefined), so that no small count flashes up.
   */
  #finestProtection(keyColumn: string, choice: ViewChoice): ((table: Table) => Table) | undefined {
    const aggregation = this.#parsedAggregation(choice);
    if (aggregation.minCount === undefined || !choice.levels) return (table) => table;
    const runtime = this.#levelRuntime;
    if (!runtime || this.#levels.length < 2 || this.#awaitsLevels(choice)) return undefined;
    const levels = this.#levels;
    const hierarchy = this.#protectionLevels(choice);
    return (table) => runtime.protectFinest(table, keyColumn, levels, aggregation, hierarchy);
  }

  /**
   * The whole table with its years for the small multiples and the profile's series and CSV: every year protected as
   * the year shown is, so that no year's small count is shown there. The same object while its inputs stay, since
   * consumers compare it by identity; undefined while the protection waits for the levels or fails (the view of the
   * year shown then reports why).
   */
  #allYears(loaded: LoadResult, keyColumn: string, choice: ViewChoice): MapView['allYears'] {
    const { table, timeline } = loaded;
    if (!table || !timeline) return undefined;
    const inputs = [table, timeline, keyColumn, this.#levels, this.#levelRuntime, choice.aggregation, choice.levels, choice.language];
    if (inputs.length === this.#allYearsFor.length && inputs.every((value, position) => value === this.#allYearsFor[position])) return this.#allYearsKept;
    this.#allYearsFor = inputs;
    const protect = this.#finestProtection(keyColumn, choice);
    let shown: Table | undefined;
    try {
      shown = protect ? eachYear(table, timeline, protect) : undefined;
    } catch {
      shown = undefined;
    }
    this.#allYearsKept = shown ? { table: shown, layout: timeline } : undefined;
    return this.#allYearsKept;
  }

  /**
   * The `aggregation` attribute as an object, parsed once for each value it takes: a derive uses it for the finest
   * table, the level shown, the parent level and every year. A value that cannot be parsed throws at each use.
   */
  #parsedAggregation(choice: ViewChoice): MapAggregation {
    if (!this.#aggregation || this.#aggregation.from !== choice.aggregation) {
      this.#aggregation = { from: choice.aggregation, parsed: parseAggregation(choice.aggregation) };
    }
    return this.#aggregation.parsed;
  }

  /**
   * Whether counts must wait until every level is built: with a minCount, protection runs over the whole hierarchy at
   * once. The level drawn early was chosen when no minCount was set; if one is set since, protecting over the levels
   * built so far could show a count the full hierarchy withholds, and someone who saw both could take them apart.
   */
  #awaitsLevels(choice: ViewChoice): boolean {
    return this.#early && this.#parsedAggregation(choice).minCount !== undefined;
  }

  /** Every level above the finest, for protection across levels. */
  #protectionLevels(choice: ViewChoice): ProtectionLevel[] {
    return this.#levels.slice(1).map((level) => ({ name: localiseText(level.definition.label, choice.language), assignment: level.assignment! }));
  }

  /** Keys of the shown level's areas that lie inside the area drilled into. */
  #childrenOf(step: DrillStep, shownIndex: number): Set<string> {
    const upper = this.#levels[this.levelIndex(step.level)];
    const lower = this.#levels[shownIndex];
    if (!upper || !lower) return new Set();
    return new Set([...parentsBetween(lower, upper)].filter(([, parent]) => parent === step.id).map(([child]) => child));
  }

  /** The level above the one shown, for the profile card's parent column: its table of the same year, and the parent of each area. */
  #parentLevel(index: number, keyColumn: string, choice: ViewChoice): ParentLevel | undefined {
    const lower = this.#levels[index];
    const upper = this.#levels[index + 1];
    const base = this.#loaded;
    if (!lower || !upper || !base?.areas || !base.table) return undefined;
    try {
      let table = base.timeline ? tableForYear(base.table, shownYear(base.timeline, choice.year), { years: base.timeline }) : base.table;
      const carried = this.#aggregate(table, keyColumn, upper, choice);
      if (!carried) return undefined;
      table = carried;
      return {
        label: localiseText(upper.definition.label, choice.language),
        parentOf: parentsBetween(lower, upper),
        names: new Map(upper.areas.ids.map((id, position) => [id, areaName(upper.areas, position)])),
        table,
        join: joinTable(upper.areas.ids, table, LEVEL_KEY_COLUMN),
      };
    } catch {
      // A parent level whose table cannot be carried up is left out of profiles; the view itself reports the problem.
      return undefined;
    }
  }

  #withExtensionsOrPlain(result: LoadResult): LoadResult {
    try {
      return this.#withExtensions(result);
    } catch {
      // Columns that no longer fit the new table are dropped; the children compute them again.
      this.#extensions.clear();
      return result;
    }
  }

  /** The load result with the children's columns added to its table (all kept ones, or those given). */
  #withExtensions(loaded: LoadResult, extensions: Iterable<TableExtendDetail> = this.#extensions.values()): LoadResult {
    const keyColumn = loaded.join?.keyColumn ?? loaded.areas!.idField;
    let table = loaded.table;
    let extended = false;
    for (const detail of extensions) {
      table = addColumns(table, keyColumn, { source: detail.source, columns: detail.columns, rows: new Map(Object.entries(detail.rows)) });
      extended = true;
    }
    // Joined again (for the year shown, on the level shown) when the view is derived.
    return extended && table ? { ...loaded, table } : loaded;
  }
}

/** The year shown: the `year` asked for when the table has it, else its latest. */
export function shownYear(timeline: TableYears, year: number | undefined): number {
  return year !== undefined && timeline.years.includes(year) ? year : timeline.years.at(-1)!;
}

function sameKeys(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((key, index) => key === b[index]);
}
