// The numbers of the area profile: city values, ranks, positions, sub-index means, time series, facilities and flags.
// prepareProfiles does the work shared by all areas once; areaProfile then gives one area's AreaProfile.
import type { FeatureCollection, Position } from 'geojson';
import { computeIndex } from '../index/compute.js';
import { describeIndexSpec } from '../index/describe.js';
import type { AreaIndexResult, IndexResult, IndexSpec, IndicatorSpec, LocalisedText } from '../index/spec.js';
import { localiseText, type Language } from '../index/text.js';
import { areaName, type AreaCollection, type AreaFeature } from '../io/areas.js';
import type { Table } from '../io/csv.js';
import { applyDisclosureControl, type ProtectedRow } from '../privacy/suppression.js';
import { protectAreasWithParents } from './parent-protection.js';
import { countFacilities, FACILITY_LABELS, PROFILE_CRS, projectedPolygons, projectPoints, reachablePopulation, type PointSet } from './facilities.js';
import { polygonsArea } from '../geometry/index.js';
import type { PopulationGrid } from '../aggregate/grid.js';
import { areaTimeSeries, cellNumber, citySeries, seriesChange, yearsInColumn } from './series.js';
import { rateScale, ratio, withDerivedRates } from '../index/rates.js';
import type { AreaProfile, CityValueMethod, ProfileAbsence, ProfileFlag, ProfileIndicator, SeriesPoint, ValueDistribution } from './types.js';

/** A point layer of facilities of one type, e.g. the Kitas. */
export interface FacilityLayer {
  /** Short id, e.g. "kitas". */
  type: string;
  label?: LocalisedText;
  points: FeatureCollection;
  /** CRS of the points when the file names none and they are not longitude/latitude. */
  crs?: string;
  /** File name, for messages. */
  source?: string;
}

export interface ProfileOptions {
  areas: AreaCollection;
  /** The indicator table: one row per area, or with `yearColumn` one row per area and year. */
  table: Table;
  /** Column of the table with the area key. */
  keyColumn: string;
  /** The index spec: indicators with labels, units, directions, numerators and denominators, domains. */
  spec: IndexSpec;
  /** The index already computed over the same rows (e.g. by a choropleth); computed here when not given or with years. */
  result?: IndexResult;
  /** Column with the year of each row of a long table, e.g. "jahr"; the profile shows `year` and the series over all years. */
  yearColumn?: string;
  /** [year=the latest] The year the card's values are of. */
  year?: number;
  /** [populationColumn=spec.validity.populationColumn] Column of the residents of each area. */
  populationColumn?: string;
  /** Reference date of the residents, e.g. "2020-12-31"; by default the date of the first indicator. */
  populationDate?: string;
  facilities?: readonly FacilityLayer[];
  /** Residents on a grid, for the share that lives near a facility. */
  populationGrid?: PopulationGrid;
  /** [distance=1500] Metres, straight line, in EPSG:3035. */
  distance?: number;
  /** [minCount=3] Counts above 0 and below this are withheld (core/privacy). */
  minCount?: number;
  /** The counts of the table are estimates (perturbed): every value shown from them is flagged. */
  estimated?: boolean;
  /** [language='de'] Language of the class labels. */
  language?: Language;
  /** The level above the areas (e.g. the Bezirksregion of a Planungsraum): its values are shown beside the city's. */
  parent?: ProfileParent;
}

/** The parents of the areas with their own table, e.g. the map's level above, carried up from the areas. */
export interface ProfileParent {
  /** Name of the level, e.g. "Bezirksregion". */
  label: string;
  table: Table;
  keyColumn: string;
  /** Area key → parent key. */
  parentOf: ReadonlyMap<string, string>;
  /** Parent key → name. */
  names?: ReadonlyMap<string, string>;
}

interface IndicatorColumn {
  spec: IndicatorSpec;
  /** Value per row of the current-year table (raw, before disclosure control). */
  values: (number | null)[];
  scale: number;
  city: number | null;
  cityMethod: CityValueMethod;
  ranks: Map<string, { rank: number; percentile: number }>;
  ranked: number;
  distribution: ValueDistribution | null;
  series: Map<string, SeriesPoint[]>;
  citySeries: SeriesPoint[];
}

/** What all profiles of one set of areas share; make it once with prepareProfiles. */
export interface ProfileSet {
  options: ProfileOptions;
  /** The rows of the current year (all rows without years), with the rate columns the spec derives. */
  table: Table;
  result: IndexResult;
  year: number | undefined;
  years: number[];
  populationColumn: string | undefined;
  rowOf: Map<string, number>;
  indicators: IndicatorColumn[];
  protectedRows: Map<string, ProtectedRow>;
  domainStatistics: Map<string, { mean: number | null; min: number | null; max: number | null }>;
  facilities: { layer: FacilityLayer; points: PointSet }[];
  distance: number;
  /** Indicator values of each parent (withheld ones null), by parent key and column. */
  parentValues: Map<string, Record<string, number | null>> | undefined;
}

/**
 * Everything the profiles share: the current year's rows (with rates derived from numerators and denominators where
 * the table lacks the indicator's column), the index, city values, ranks, distributions, series, the facility
 * layers in EPSG:3035 and disclosure control over the counts.
 */
export function prepareProfiles(options: ProfileOptions): ProfileSet {
  const { spec, keyColumn } = options;
  const years = options.yearColumn ? yearsInColumn(options.table, options.yearColumn) : [];
  const year = options.yearColumn ? (options.year ?? years.at(-1)) : undefined;
  const current = withDerivedRates(options.yearColumn && year !== undefined ? rowsOfYear(options.table, options.yearColumn, year) : options.table, spec, {
    normalise: true,
  });
  const result = options.result && !options.yearColumn ? options.result : computeIndex(current, spec, { keyColumn, language: options.language ?? 'de' });
  const rowOf = new Map<string, number>();
  current.rows.forEach((row, index) => {
    const key = (row[keyColumn] ?? '').trim();
    if (key !== '' && !rowOf.has(key)) rowOf.set(key, index);
  });
  const populationColumn = options.populationColumn ?? spec.validity?.populationColumn;
  const population =
    populationColumn && current.columns.includes(populationColumn) ? current.rows.map((_, index) => cellNumber(current, index, populationColumn)) : undefined;
  const firstRowOnly = current.rows.map((row, index) => rowOf.get((row[keyColumn] ?? '').trim()) === index);

  const indicators = spec.indicators.map((indicator): IndicatorColumn => {
    const scale = rateScale(indicator.unit);
    const missing = new Set(indicator.missingValues ?? []);
    const values = current.rows.map((_, index) => {
      const value = firstRowOnly[index] ? cellNumber(current, index, indicator.column) : null;
      return value === null || missing.has(value) ? null : value;
    });
    const { city, method } = cityValue(current, indicator, values, population, scale);
    const series = options.yearColumn
      ? areaTimeSeries(options.table, {
          keyColumn,
          yearColumn: options.yearColumn,
          ...(indicator.numerator !== undefined && indicator.denominator !== undefined
            ? { numerator: indicator.numerator, denominator: indicator.denominator, scale }
            : { column: indicator.column }),
        })
      : new Map<string, SeriesPoint[]>();
    const withValue: { id: string; value: number }[] = [];
    values.forEach((value, index) => {
      if (value !== null) withValue.push({ id: (current.rows[index]![keyColumn] ?? '').trim(), value });
    });
    return {
      spec: indicator,
      values,
      scale,
      city,
      cityMethod: method,
      ...rankValues(withValue, (indicator.direction ?? 'higher-is-need') === 'higher-is-need'),
      distribution: distributionOf(withValue.map((entry) => entry.value)),
      series,
      citySeries: indicator.numerator !== undefined && indicator.denominator !== undefined ? citySeries(series, years, scale) : [],
    };
  });

  // Disclosure control over every count the card shows: populations, numerators and denominators; rates follow their numerators.
  const { countColumns, derivedColumns } = disclosureColumns(spec, populationColumn, current.columns);
  const disclosure = applyDisclosureControl(
    current.rows.map((row, index) => ({
      id: (row[keyColumn] ?? '').trim(),
      values: Object.fromEntries(
        [...countColumns, ...Object.keys(derivedColumns)].map((column) => [
          column,
          cellNumber(current, index, column) ??
            (column in derivedColumns ? (indicators.find((entry) => entry.spec.column === column)?.values[index] ?? null) : null),
        ]),
      ),
    })),
    { countColumns, derivedColumns, minCount: options.minCount ?? 3, estimated: options.estimated ?? false, language: options.language ?? 'de' },
  );
  const protectedRows = new Map<string, ProtectedRow>();
  for (const row of disclosure.rows) if (!protectedRows.has(row.id)) protectedRows.set(row.id, row);

  const domainStatistics = new Map<string, { mean: number | null; min: number | null; max: number | null }>();
  for (const domain of spec.domains ?? []) {
    const values = result.areas
      .filter((area) => !area.flags.includes('invalid'))
      .map((area) => area.domains[domain.id])
      .filter((value): value is number => value !== null && value !== undefined);
    domainStatistics.set(
      domain.id,
      values.length === 0
        ? { mean: null, min: null, max: null }
        : { mean: values.reduce((sum, value) => sum + value, 0) / values.length, min: Math.min(...values), max: Math.max(...values) },
    );
  }

  const distance = options.distance ?? 1500;
  const facilities = (options.facilities ?? []).map((layer) => ({ layer, points: projectPoints(layer.points, layer.source ?? layer.type, layer.crs) }));
  const parentValues = options.parent
    ? valuesOfParents(options.parent, spec, populationColumn, options, { table: current, rowOf, protectedRows, countColumns, derivedColumns })
    : undefined;
  return {
    options,
    table: current,
    result,
    year,
    years,
    populationColumn,
    rowOf,
    indicators,
    protectedRows,
    domainStatistics,
    facilities,
    distance,
    parentValues,
  };
}

/** The counts disclosure control protects (population, numerators, denominators) and the rates that follow them. */
function disclosureColumns(
  spec: IndexSpec,
  populationColumn: string | undefined,
  columns: readonly string[],
): { countColumns: string[]; derivedColumns: Record<string, string> } {
  const countColumns = [
    ...new Set(
      [populationColumn, ...spec.indicators.flatMap((indicator) => [indicator.numerator, indicator.denominator])].filter(
        (column): column is string => !!column && columns.includes(column),
      ),
    ),
  ];
  const derivedColumns: Record<string, string> = {};
  for (const indicator of spec.indicators)
    if (indicator.numerator && columns.includes(indicator.numerator)) derivedColumns[indicator.column] = indicator.numerator;
  return { countColumns, derivedColumns };
}

/**
 * The indicator values of the parents, protected together with the areas' counts (protectAreasWithParents): a
 * parent's rate is withheld with its numerator or denominator, and counts of the areas that a parent minus its other
 * areas would give back are withheld in `protectedRows` too, with the rates that follow them.
 */
function valuesOfParents(
  parent: ProfileParent,
  spec: IndexSpec,
  populationColumn: string | undefined,
  options: ProfileOptions,
  areas: {
    table: Table;
    rowOf: ReadonlyMap<string, number>;
    protectedRows: Map<string, ProtectedRow>;
    countColumns: readonly string[];
    derivedColumns: Readonly<Record<string, string>>;
  },
): Map<string, Record<string, number | null>> {
  const table = withDerivedRates(parent.table, spec, { normalise: true });
  const { countColumns } = disclosureColumns(spec, populationColumn, table.columns);
  const rows = new Map<string, number>();
  table.rows.forEach((row, index) => {
    const key = (row[parent.keyColumn] ?? '').trim();
    if (key !== '' && !rows.has(key)) rows.set(key, index);
  });
  const valueOf = (row: number, column: string, missing: readonly number[] = []) => {
    const value = cellNumber(table, row, column);
    return value === null || missing.includes(value) ? null : value;
  };
  const columns = countColumns.filter((column) => areas.countColumns.includes(column));
  const counts = (entries: Iterable<[string, (column: string) => number | null]>) =>
    new Map([...entries].map(([id, read]) => [id, Object.fromEntries(columns.map((column) => [column, read(column)]))]));
  const joint = protectAreasWithParents(
    counts([...areas.rowOf].map(([id, index]) => [id, (column: string) => cellNumber(areas.table, index, column)])),
    counts([...rows].map(([id, row]) => [id, (column: string) => valueOf(row, column)])),
    parent.parentOf,
    columns,
    options.minCount ?? 3,
  );
  const say = (en: string, de: string) => ((options.language ?? 'de') === 'de' ? de : en);
  for (const [id, withheld] of joint.areas) {
    const row = areas.protectedRows.get(id);
    if (!row) continue;
    const more = [
      ...withheld,
      ...Object.entries(areas.derivedColumns)
        .filter(([, from]) => withheld.has(from))
        .map(([column]) => column),
    ].filter((column) => !row.flags[column]?.includes('suppressed'));
    for (const column of more) {
      row.values[column] = null;
      (row.flags[column] ??= []).push('suppressed');
    }
    if (more.length > 0) row.notes.push(say(`${more.join(', ')}: withheld (statistical confidentiality)`, `${more.join(', ')}: gesperrt (Geheimhaltung)`));
  }
  const values = new Map<string, Record<string, number | null>>();
  for (const [id, row] of rows) {
    const withheld = joint.parents.get(id);
    const entry: Record<string, number | null> = {};
    for (const indicator of spec.indicators) {
      const hidden = [indicator.numerator, indicator.denominator].some((name) => !!name && (withheld?.has(name) ?? false));
      entry[indicator.column] = hidden ? null : valueOf(row, indicator.column, indicator.missingValues);
    }
    values.set(id, entry);
  }
  return values;
}

/** The profile of one area; undefined when the set has no such area. */
export function areaProfile(set: ProfileSet, id: string): AreaProfile | undefined {
  const { options, result } = set;
  const { spec, areas } = options;
  const featureIndex = areas.ids.indexOf(id);
  const row = set.rowOf.get(id);
  if (featureIndex < 0 && row === undefined) return undefined;
  const indexArea = result.areas.find((area) => area.id === id);
  const protectedRow = set.protectedRows.get(id);
  const estimated = options.estimated ?? false;
  const flags: ProfileFlag[] = [];
  const feature = featureIndex >= 0 ? areas.features[featureIndex] : undefined;
  const polygons = feature ? projectedPolygons(feature, areas.crs) : undefined;

  const populationColumn = set.populationColumn;
  const populationValue = populationColumn && row !== undefined ? (protectedRow?.values[populationColumn] ?? null) : null;
  const populationSuppressed = !!populationColumn && (protectedRow?.flags[populationColumn]?.includes('suppressed') ?? false);
  const population =
    populationColumn && row !== undefined
      ? {
          value: populationValue,
          column: populationColumn,
          date: options.populationDate ?? (set.year !== undefined ? String(set.year) : spec.indicators[0]?.date),
          suppressed: populationSuppressed,
          absence: absenceOf(populationValue, populationSuppressed, null),
          estimated,
        }
      : null;

  const parentKey = options.parent?.parentOf.get(id);
  const { indicators, withheldSeries } = profileIndicators(set, id, row, protectedRow, indexArea);

  const suppressedColumns = [
    ...new Set(
      Object.entries(protectedRow?.flags ?? {})
        .filter(([, list]) => list.includes('suppressed'))
        .map(([name]) => name),
    ),
  ];
  if (suppressedColumns.length > 0 || withheldSeries.length > 0) {
    const withheldNote =
      (options.language ?? 'de') === 'de'
        ? `${withheldSeries.join(', ')}: Jahre mit einer Fallzahl unter ${options.minCount ?? 3} gesperrt`
        : `${withheldSeries.join(', ')}: years with a count below ${options.minCount ?? 3} withheld`;
    const notes = [...(protectedRow?.notes ?? []), ...(withheldSeries.length > 0 ? [withheldNote] : [])];
    flags.push({ kind: 'suppressed', columns: [...new Set([...suppressedColumns, ...withheldSeries])], notes });
  }
  if (indexArea?.flags.includes('invalid')) flags.push({ kind: 'invalid', columns: [], notes: indexArea.notes });
  else if (indexArea?.flags.includes('missing'))
    flags.push({
      kind: 'missing',
      columns: spec.indicators.filter((entry) => indexArea.values[entry.column] === null).map((entry) => entry.column),
      notes: indexArea.notes,
    });

  const facilities = polygons && feature ? areaFacilities(set, feature, polygons, flags) : null;
  if (estimated || facilities?.estimated) flags.push({ kind: 'estimated', columns: facilities?.estimated ? ['facilities'] : [], notes: [] });

  const domains = (spec.domains ?? []).map((domain) => {
    const statistics = set.domainStatistics.get(domain.id);
    return {
      id: domain.id,
      label: domain.label ?? domain.id,
      value: indexArea?.flags.includes('invalid') ? null : (indexArea?.domains[domain.id] ?? null),
      cityMean: statistics?.mean ?? null,
      min: statistics?.min ?? null,
      max: statistics?.max ?? null,
    };
  });

  return {
    id,
    ...(options.parent && parentKey !== undefined
      ? { parent: { label: options.parent.label, id: parentKey, name: options.parent.names?.get(parentKey) ?? parentKey } }
      : {}),
    name: featureIndex >= 0 ? areaName(areas, featureIndex) : id,
    areaKm2: polygons ? polygonsArea(polygons) / 1e6 : null,
    population,
    year: set.year,
    years: set.years,
    index: indexArea
      ? {
          title: spec.title,
          value: indexArea.index,
          class: indexArea.class,
          label: indexArea.label === null ? null : specLabel(spec, indexArea.label),
          classLabels: result.classes.map((entry) => specLabel(spec, entry.label)),
          rank: indexArea.rank,
          ranked: result.areas.filter((area) => area.rank !== null).length,
          direction: spec.direction ?? 'higher-is-need',
        }
      : null,
    indicators,
    domains,
    facilities,
    flags,
    method: { title: spec.title, sentences: { de: describeIndexSpec(spec, 'de', result), en: describeIndexSpec(spec, 'en', result) } },
  };
}

/** Every indicator of the area with its protection, city value, rank, distribution and series; which series lost years. */
function profileIndicators(
  set: ProfileSet,
  id: string,
  row: number | undefined,
  protectedRow: ProtectedRow | undefined,
  indexArea: AreaIndexResult | undefined,
): { indicators: ProfileIndicator[]; withheldSeries: string[] } {
  const { options } = set;
  const estimated = options.estimated ?? false;
  const withheldSeries: string[] = [];
  const parentKey = options.parent?.parentOf.get(id);
  const indicators = set.indicators.map((column): ProfileIndicator => {
    const indicator = column.spec;
    const suppressed = [indicator.column, indicator.numerator, indicator.denominator].some(
      (name) => !!name && (protectedRow?.flags[name]?.includes('suppressed') ?? false),
    );
    const raw = row === undefined ? null : column.values[row]!;
    const value = suppressed ? null : raw;
    const numerator = indicator.numerator ? (protectedRow?.values[indicator.numerator] ?? null) : null;
    const denominator = indicator.denominator ? (protectedRow?.values[indicator.denominator] ?? null) : null;
    const ranking = suppressed ? undefined : column.ranks.get(id);
    const { points: series, withheld: seriesWithheld } = protectSeries(column.series.get(id) ?? [], options.minCount ?? 3);
    if (seriesWithheld) withheldSeries.push(indicator.column);
    return {
      column: indicator.column,
      ...(parentKey !== undefined ? { parentValue: set.parentValues?.get(parentKey)?.[indicator.column] ?? null } : {}),
      label: indicator.label ?? indicator.column,
      unit: indicator.unit ?? '',
      date: options.yearColumn && set.year !== undefined ? String(set.year) : indicator.date,
      source: indicator.source,
      direction: indicator.direction ?? 'higher-is-need',
      domain: indicator.domain,
      value,
      numerator,
      denominator,
      numeratorColumn: indicator.numerator,
      denominatorColumn: indicator.denominator,
      suppressed,
      absence: absenceOf(value, suppressed, indicator.denominator ? denominator : null),
      estimated,
      city: column.city,
      cityMethod: column.cityMethod,
      deviation: value === null || column.city === null ? null : value - column.city,
      z: suppressed ? null : (indexArea?.z[indicator.column] ?? null),
      rank: ranking?.rank ?? null,
      ranked: column.ranked,
      percentile: ranking?.percentile ?? null,
      distribution: column.distribution,
      series,
      citySeries: column.citySeries,
      change: seriesChange(series),
    };
  });
  return { indicators, withheldSeries };
}

/** The facilities near the area and the residents within reach of them; a suppressed count adds a flag. */
function areaFacilities(set: ProfileSet, feature: AreaFeature, polygons: Position[][][], flags: ProfileFlag[]): AreaProfile['facilities'] {
  if (set.facilities.length === 0) return null;
  const { options } = set;
  const { areas } = options;
  const grid = options.populationGrid;
  const reach = grid
    ? reachablePopulation(
        feature,
        areas.crs,
        grid,
        set.facilities.map((entry) => entry.points),
        set.distance,
      )
    : undefined;
  const minCount = options.minCount ?? 3;
  const facilities: NonNullable<AreaProfile['facilities']> = {
    distance: set.distance,
    crs: PROFILE_CRS,
    gridPopulation: reach ? withheld(reach.total, minCount) : null,
    gridSource: grid?.source,
    estimated: grid?.estimated ?? false,
    types: set.facilities.map(({ layer, points }, index) => {
      const counts = countFacilities(polygons, points, set.distance);
      const reachable = reach ? reach.reachable[index]! : null;
      const hidden = reachable !== null && (withheld(reachable, minCount) === null || withheld(reach!.total, minCount) === null);
      return {
        type: layer.type,
        label: layer.label ?? FACILITY_LABELS[layer.type] ?? layer.type,
        ...counts,
        reachablePopulation: hidden ? null : reachable,
        reachableShare: hidden || reachable === null || !reach || reach.total === 0 ? null : reachable / reach.total,
        suppressed: hidden,
      };
    }),
  };
  if (facilities.types.some((type) => type.suppressed))
    flags.push({
      kind: 'suppressed',
      columns: facilities.types.filter((type) => type.suppressed).map((type) => type.type),
      notes: [(options.language ?? 'de') === 'de' ? `Fallzahlen unter ${minCount} gesperrt` : `counts below ${minCount} suppressed`],
    });
  return facilities;
}

/** The profiles of all areas, in the order of the areas: for a portal that prints every Steckbrief. */
export function areaProfiles(set: ProfileSet): AreaProfile[] {
  return set.options.areas.ids.flatMap((id) => areaProfile(set, id) ?? []);
}

/** The spec's class label (both languages) that a result's label was written from; the label itself otherwise. */
function specLabel(spec: IndexSpec, label: string): LocalisedText {
  return spec.classification.labels?.find((entry) => localiseText(entry, 'de') === label || localiseText(entry, 'en') === label) ?? label;
}

/** A count, or null when it lies above 0 and below `minCount`. */
function withheld(count: number, minCount: number): number | null {
  return count > 0 && count < minCount ? null : count;
}

/**
 * Why a value is not there. A rate whose denominator is 0 cannot exist (no one to relate to); a denominator that is
 * itself missing leaves the rate missing, not inapplicable.
 */
function absenceOf(value: number | null, suppressed: boolean, denominator: number | null): ProfileAbsence | null {
  if (suppressed) return 'withheld';
  if (value !== null) return null;
  return denominator === 0 ? 'not-applicable' : 'missing';
}

/** Series points whose counts are small are withheld: their rate would give the count away. */
function protectSeries(points: readonly SeriesPoint[], minCount: number): { points: SeriesPoint[]; withheld: boolean } {
  let any = false;
  const protectedPoints = points.map((point) => {
    const small = [point.numerator, point.denominator].some((count) => count !== null && withheld(count, minCount) === null);
    any ||= small;
    return small ? { year: point.year, value: null, numerator: null, denominator: null } : { ...point };
  });
  return { points: protectedPoints, withheld: any };
}

/** The rows of one year. */
function rowsOfYear(table: Table, yearColumn: string, year: number): Table {
  const keep = table.rows.map((_, index) => cellNumber(table, index, yearColumn) === year);
  return { ...table, rows: table.rows.filter((_, index) => keep[index]), rowNumbers: table.rowNumbers.filter((_, index) => keep[index]) };
}

/** Σ numerators / Σ denominators where the spec names them, else the population-weighted mean, else the plain mean. */
function cityValue(
  table: Table,
  indicator: IndicatorSpec,
  values: readonly (number | null)[],
  population: readonly (number | null)[] | undefined,
  scale: number,
): { city: number | null; method: CityValueMethod } {
  if (indicator.numerator && indicator.denominator && table.columns.includes(indicator.numerator) && table.columns.includes(indicator.denominator)) {
    let numerator = 0;
    let denominator = 0;
    table.rows.forEach((_, index) => {
      const top = cellNumber(table, index, indicator.numerator);
      const bottom = cellNumber(table, index, indicator.denominator);
      if (top === null || bottom === null) return;
      numerator += top;
      denominator += bottom;
    });
    return { city: ratio(numerator, denominator, scale), method: 'ratio' };
  }
  if (population) {
    let weighted = 0;
    let weights = 0;
    values.forEach((value, index) => {
      const people = population[index];
      if (value === null || people === null || people === undefined || people <= 0) return;
      weighted += value * people;
      weights += people;
    });
    return { city: weights === 0 ? null : weighted / weights, method: 'population-weighted-mean' };
  }
  const present = values.filter((value): value is number => value !== null);
  return { city: present.length === 0 ? null : present.reduce((sum, value) => sum + value, 0) / present.length, method: 'mean' };
}

/** Competition ranks (1, 2, 2, 4), rank 1 = most need, and the percentile (smaller values, ties half) of each area. */
function rankValues(
  entries: readonly { id: string; value: number }[],
  higherIsNeed: boolean,
): { ranks: Map<string, { rank: number; percentile: number }>; ranked: number } {
  const sorted = entries.map((entry) => entry.value).sort((a, b) => a - b);
  const ranks = new Map<string, { rank: number; percentile: number }>();
  const n = sorted.length;
  for (const entry of entries) {
    const below = lowerBound(sorted, entry.value, false);
    const upTo = lowerBound(sorted, entry.value, true);
    const rank = higherIsNeed ? n - upTo + 1 : below + 1;
    if (!ranks.has(entry.id)) ranks.set(entry.id, { rank, percentile: (below + 0.5 * (upTo - below)) / n });
  }
  return { ranks, ranked: n };
}

function lowerBound(sorted: readonly number[], value: number, strictly: boolean): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (sorted[middle]! < value || (strictly && sorted[middle] === value)) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** Minimum, quartiles (linear interpolation, as R type 7) and maximum. */
function distributionOf(values: readonly number[]): ValueDistribution | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const quantile = (p: number) => {
    const position = (sorted.length - 1) * p;
    const low = Math.floor(position);
    const high = Math.ceil(position);
    return sorted[low]! + (sorted[high]! - sorted[low]!) * (position - low);
  };
  return { min: sorted[0]!, q1: quantile(0.25), median: quantile(0.5), q3: quantile(0.75), max: sorted.at(-1)! };
}
