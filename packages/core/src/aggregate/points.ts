// Geocoded points (facilities, addresses, cases) counted and summed per Sozialraum, optionally by category.
import type { Feature, FeatureCollection, Position } from 'geojson';
import { SozialraumError, germanNumber, issue, message, throwIfAborted, type DataIssue, type IssueLocation, type Message } from '../errors.js';
import type { Language } from '../language.js';
import { crsDefinition, detectCrs, supportedCrsCode, transformer } from '../crs/index.js';
import type { AreaCollection } from '../io/areas.js';
import { keyText } from '../io/areas.js';
import { parseNumber, type Table } from '../io/csv.js';
import { describeNames } from '../io/text.js';
import { AreaIndex } from '../geometry/index.js';
import { RECORD_KEY_RANGE } from '../privacy/cellkey.js';

/** Points as coordinate lists, e.g. read from a CSV table (see pointsFromTable). */
export interface PointCoordinates {
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  /** "EPSG:n" of the coordinates. */
  crs: string;
  /** The properties of each point, parallel to x and y, for `sum` and `category`. */
  properties?: readonly Readonly<Record<string, unknown>>[];
  /** The line of each point in its file (CSV rows count the header as 1), for messages; otherwise points count from 1. */
  rows?: ArrayLike<number>;
  /** How numbers written as text in `properties` are read; without it a comma is taken as decimal point only in "1,5". */
  decimalSeparator?: ',' | '.';
  /** Issues found while reading the points (rows left out …); they are carried into the result. */
  issues?: readonly DataIssue[];
}

export interface PointAggregationOptions {
  /** A numeric property to add up per area, e.g. "plaetze" (places of a Kita). */
  sum?: string;
  /** A property to split the counts by, e.g. "traeger_art". */
  category?: string;
  /**
   * CRS of the points as "EPSG:n". For a FeatureCollection it overrides the legacy `crs` member; without either,
   * longitude/latitude is assumed as RFC 7946 says. For coordinate lists it overrides their `crs`.
   */
  crs?: string;
  /** File name or URL of the points, for messages. Default "points". */
  source?: string;
  /** [examples=5] How many points outside every area to describe. */
  examples?: number;
  /**
   * The record key of each point, for the cell-key method on confidential records (see protectPointAggregation).
   * Only the front end that holds the office's secret (the CLI) gives it.
   */
  recordKey?: PointRecordKeyOf;
  signal?: AbortSignal;
}

/**
 * The record key of a point from its place as read (x, y in `crs`) and its `occurrence`, the number of points at the
 * same place before it (in the order of their categories): two records at one address get two keys, and the keys
 * do not depend on the order of the file, so the same records always give an area the same cell key, whether a run
 * splits them by category or not. A whole number in [0, 2^32).
 */
export type PointRecordKeyOf = (x: number, y: number, crs: string, occurrence: number) => number;

/** The points of one area; `sum` and `byCategory` only when asked for. */
export interface AreaPointStatistics {
  id: string;
  count: number;
  /** Σ of the `sum` property over the area's points that have a number there. */
  sum?: number;
  /** Count per category, with every category seen (0 where the area has none), in sorted order. */
  byCategory?: Record<string, number>;
  /** With `recordKey`: the cell key in [0, 1) of the area's points, and of its points of each category. */
  cellKeys?: { count: number; byCategory?: Record<string, number> };
}

/** A point named for a person reading a report. */
export interface PointExample {
  /** The point's feature number (from 1) or its row in a CSV file. */
  position: number;
  /** Its id or name, when it has one. */
  label?: string;
  /** Coordinates as read, in the points' CRS. */
  x: number;
  y: number;
}

export interface PointAggregation {
  /** One entry per area, in the order of the areas. */
  areas: AreaPointStatistics[];
  /** The categories seen, sorted; empty without `category`. */
  categories: string[];
  /** CRS the points were read in. */
  crs: string;
  /** Points with usable coordinates, and their sum. */
  total: { count: number; sum?: number };
  /** Points that lie in no area, with the first few as examples. */
  outside: { count: number; sum?: number; examples: PointExample[] };
  /** Points that lie in more than one area (the areas overlap); each counts in every area that holds it. */
  inSeveral: { count: number; examples: PointExample[] };
  /** Points left out (no usable coordinates) and values that could not be used, each naming the point. */
  issues: DataIssue[];
}

/** How many issues of one kind are listed one by one before the rest are summed up in one line. */
const LISTED_ISSUES = 10;

/**
 * Counts the points per area, and with `sum` and `category` adds up a property and splits the counts. The points
 * are reprojected into the areas' CRS and tested exactly against each area's polygons, holes and all parts of a
 * MultiPolygon. A point on the boundary between two areas belongs to the area east of it, or south of it on an
 * east-west boundary (as cell centres do in coverageWeights), so in a partition every point inside counts once.
 * Points in no area are counted and described, never silently dropped. A flatbush over the boxes of the areas'
 * polygons keeps the test to the few areas near each point.
 */
export function aggregatePoints(areas: AreaCollection, points: FeatureCollection | PointCoordinates, options: PointAggregationOptions = {}): PointAggregation {
  const source = options.source ?? 'points';
  throwIfAborted(options.signal, source);
  const read = isCollection(points) ? readCollection(points, source, options.crs) : readCoordinates(points, source, options.crs);
  const { sum, category } = options;
  const issues = read.issues;
  assertSomePointHas(read, sum, message('sum', 'Summieren'), source);
  assertSomePointHas(read, category, message('split by', 'Aufteilen'), source);

  const project = read.crs === areas.crs ? undefined : transformer(read.crs, areas.crs, source);
  const index = new AreaIndex(areas.features.map((feature) => feature.geometry));
  const counts = new Float64Array(areas.features.length);
  const sums = new Float64Array(areas.features.length);
  const categoryCounts = new Map<string, Float64Array>();
  let totalSum = 0;
  let outsideSum = 0;
  const outside: PointExample[] = [];
  let outsideCount = 0;
  const several: PointExample[] = [];
  let severalCount = 0;
  const badSums: DataIssue[] = [];
  const noCategory: DataIssue[] = [];
  const maxExamples = options.examples ?? 5;
  const found: number[] = [];
  const keys = options.recordKey ? new PointKeys(options.recordKey, read.crs, areas.features.length) : undefined;

  for (let point = 0; point < read.count; point += 1) {
    if (point % 4096 === 4095) throwIfAborted(options.signal, source);
    const x = read.x[point]!;
    const y = read.y[point]!;
    const properties = read.properties[point];
    const location = { source, ...read.location(point) };
    const value = sum === undefined ? 0 : pointValue(properties, sum, read.decimalSeparator, location, badSums);
    const categoryKey = category === undefined ? undefined : pointCategory(properties, category, location, noCategory);
    if (categoryKey !== undefined && !categoryCounts.has(categoryKey)) categoryCounts.set(categoryKey, new Float64Array(areas.features.length));
    totalSum += value;
    const [px, py] = project ? project([x, y]) : [x, y];
    index.areasAt(px!, py!, found);
    if (found.length === 0) {
      outsideCount += 1;
      outsideSum += value;
      if (outside.length < maxExamples) outside.push(read.example(point));
      continue;
    }
    if (found.length > 1) {
      severalCount += 1;
      if (several.length < maxExamples) several.push(read.example(point));
    }
    for (const area of found) {
      counts[area] += 1;
      sums[area] += value;
      if (categoryKey !== undefined) categoryCounts.get(categoryKey)![area] += 1;
    }
    keys?.add(x, y, found, categoryKey);
  }
  issues.push(
    ...listed(badSums, source, message(`have no number in "${sum}"`, `ohne Zahl in „${sum}“`), sum),
    ...listed(noCategory, source, message(`have no value in "${category}"`, `ohne Wert in „${category}“`), category),
  );

  const categories = [...categoryCounts.keys()].sort((a, b) => a.localeCompare(b, 'de'));
  const result: AreaPointStatistics[] = areas.ids.map((id, area) => {
    const statistics: AreaPointStatistics = { id, count: counts[area]! };
    if (sum !== undefined) statistics.sum = sums[area]!;
    if (category !== undefined) {
      const byCategory: Record<string, number> = {};
      for (const key of categories) byCategory[key] = categoryCounts.get(key)![area]!;
      statistics.byCategory = byCategory;
    }
    if (keys) statistics.cellKeys = keys.of(area, category === undefined ? undefined : categories);
    return statistics;
  });
  return {
    areas: result,
    categories,
    crs: read.crs,
    total: sum === undefined ? { count: read.count } : { count: read.count, sum: totalSum },
    outside: sum === undefined ? { count: outsideCount, examples: outside } : { count: outsideCount, sum: outsideSum, examples: outside },
    inSeveral: { count: severalCount, examples: several },
    issues,
  };
}

/**
 * The record keys of the points summed per area, and per area and category, as whole numbers modulo 2^32 as core's
 * cellKey does: a cell key is the sum of the keys of the records in the cell. The points at one place are numbered
 * in the order of their categories, so that a file in another order gives every category the same keys.
 */
class PointKeys {
  readonly #recordKey: PointRecordKeyOf;
  readonly #crs: string;
  readonly #areas: number;
  /** The points in areas, by place: their category ('' without) and the areas holding them. */
  readonly #places = new Map<string, { x: number; y: number; records: { category: string; areas: number[] }[] }>();
  #sums: { count: Float64Array; byCategory: Map<string, Float64Array> } | undefined;

  constructor(recordKey: PointRecordKeyOf, crs: string, areas: number) {
    this.#recordKey = recordKey;
    this.#crs = crs;
    this.#areas = areas;
  }

  /** A point at (x, y) as read, in the areas `found` (none: it is not counted, nor keyed). */
  add(x: number, y: number, found: readonly number[], category: string | undefined): void {
    if (found.length === 0) return;
    const place = `${x} ${y}`;
    let entry = this.#places.get(place);
    if (!entry) this.#places.set(place, (entry = { x, y, records: [] }));
    entry.records.push({ category: category ?? '', areas: [...found] });
  }

  /** The cell keys in [0, 1) of one area. */
  of(area: number, categories: readonly string[] | undefined): { count: number; byCategory?: Record<string, number> } {
    const sums = (this.#sums ??= this.#sum());
    const count = sums.count[area]! / RECORD_KEY_RANGE;
    if (!categories) return { count };
    const byCategory: Record<string, number> = {};
    for (const category of categories) byCategory[category] = (sums.byCategory.get(category)?.[area] ?? 0) / RECORD_KEY_RANGE;
    return { count, byCategory };
  }

  #sum(): { count: Float64Array; byCategory: Map<string, Float64Array> } {
    const count = new Float64Array(this.#areas);
    const byCategory = new Map<string, Float64Array>();
    for (const { x, y, records } of this.#places.values()) {
      records.sort((a, b) => (a.category < b.category ? -1 : a.category > b.category ? 1 : 0));
      records.forEach((record, occurrence) => {
        const key = this.#recordKey(x, y, this.#crs, occurrence) % RECORD_KEY_RANGE;
        let sums = byCategory.get(record.category);
        if (!sums) byCategory.set(record.category, (sums = new Float64Array(this.#areas)));
        for (const area of record.areas) {
          count[area] = (count[area]! + key) % RECORD_KEY_RANGE;
          sums[area] = (sums[area]! + key) % RECORD_KEY_RANGE;
        }
      });
    }
    return { count, byCategory };
  }
}

/** Throws SozialraumError 'unknown-field' when points were read but none has `property`, which is to `purpose`. */
function assertSomePointHas(read: ReadPoints, property: string | undefined, purpose: Message, source: string): void {
  if (property === undefined || read.count === 0 || read.properties.some((properties) => properties !== undefined && property in properties)) return;
  throw new SozialraumError(
    'unknown-field',
    message(
      `no point has the property "${property}" to ${purpose.en}; the properties are ${describeProperties(read.properties)}`,
      `kein Punkt hat die Eigenschaft „${property}“ zum ${purpose.de}; die Eigenschaften sind ${describeProperties(read.properties, 'de')}`,
    ),
    { source, column: property },
  );
}

/** The number a point adds to the sum: 0, with an issue, where its property `sum` holds none. */
function pointValue(
  properties: Readonly<Record<string, unknown>> | undefined,
  sum: string,
  decimalSeparator: ',' | '.' | undefined,
  location: IssueLocation,
  badSums: DataIssue[],
): number {
  const parsed = numberOf(properties?.[sum], decimalSeparator);
  if (parsed !== undefined) return parsed;
  badSums.push(
    issue(
      'bad-number',
      'warning',
      message(
        `has no number in "${sum}" (${describeValue(properties?.[sum])}); it is counted but adds nothing to the sum`,
        `hat keine Zahl in „${sum}“ (${describeValue(properties?.[sum], 'de')}); wird gezählt, trägt aber nichts zur Summe bei`,
      ),
      { ...location, column: sum },
    ),
  );
  return 0;
}

/** The category a point is counted in; none, with an issue, where its property `category` is empty. */
function pointCategory(
  properties: Readonly<Record<string, unknown>> | undefined,
  category: string,
  location: IssueLocation,
  noCategory: DataIssue[],
): string | undefined {
  const key = keyText(properties?.[category]);
  if (key === undefined) {
    noCategory.push(
      issue(
        'unknown-field',
        'warning',
        message(`has no value in "${category}"; it is counted in no category`, `hat keinen Wert in „${category}“; wird in keiner Kategorie gezählt`),
        { ...location, column: category },
      ),
    );
  }
  return key;
}

/** The first issues of a kind one by one, and one line for the rest: "12 more points `what` (17 in all)". */
function listed(found: DataIssue[], source: string, what: Message, column?: string): DataIssue[] {
  if (found.length <= LISTED_ISSUES) return found;
  const rest = found.length - LISTED_ISSUES;
  return [
    ...found.slice(0, LISTED_ISSUES),
    issue(
      found[0]!.code,
      'warning',
      message(
        `${rest} more ${rest === 1 ? 'point' : 'points'} ${what.en} (${found.length} in all)`,
        `${germanNumber(rest)} weitere ${rest === 1 ? 'Punkt' : 'Punkte'} ${what.de} (${germanNumber(found.length)} insgesamt)`,
      ),
      column === undefined ? { source } : { source, column },
    ),
  ];
}

// ---------------------------------------------------------------------------------------------------------------
// Reading points

interface ReadPoints {
  count: number;
  x: Float64Array;
  y: Float64Array;
  crs: string;
  properties: (Readonly<Record<string, unknown>> | undefined)[];
  decimalSeparator: ',' | '.' | undefined;
  issues: DataIssue[];
  location(point: number): { feature: number } | { row: number };
  example(point: number): PointExample;
}

function isCollection(points: FeatureCollection | PointCoordinates): points is FeatureCollection {
  return (points as FeatureCollection).type === 'FeatureCollection';
}

function readCollection(collection: FeatureCollection, source: string, declared: string | undefined): ReadPoints {
  if (!Array.isArray(collection.features)) {
    throw new SozialraumError(
      'not-a-feature-collection',
      message('the FeatureCollection has no "features" array', 'die FeatureCollection hat keine Liste „features“'),
      { source },
    );
  }
  const crs = detectCrs(collection, source, declared);
  const issues: DataIssue[] = [];
  const xs: number[] = [];
  const ys: number[] = [];
  const properties: (Record<string, unknown> | undefined)[] = [];
  const positions: number[] = [];
  const labels: (string | undefined)[] = [];
  const skipped: DataIssue[] = [];
  collection.features.forEach((feature: Feature | null, index) => {
    const position = index + 1;
    const geometry = feature?.geometry as { type?: unknown; coordinates?: unknown } | null | undefined;
    const props = isRecord(feature?.properties) ? feature!.properties : undefined;
    const label = pointLabel(feature, props);
    const location = label === undefined ? { source, feature: position } : { source, feature: position, key: label };
    if (!geometry || typeof geometry !== 'object') {
      skipped.push(issue('empty-geometry', 'warning', message('has no geometry; left out', 'hat keine Geometrie; ausgelassen'), location));
      return;
    }
    if (geometry.type !== 'Point') {
      skipped.push(
        issue(
          'invalid-geometry',
          'warning',
          message(`is a ${String(geometry.type)}, not a Point; left out`, `ist ein ${String(geometry.type)}, kein Point; ausgelassen`),
          location,
        ),
      );
      return;
    }
    const coordinates = geometry.coordinates as Position | undefined;
    const x = Array.isArray(coordinates) ? coordinates[0] : undefined;
    const y = Array.isArray(coordinates) ? coordinates[1] : undefined;
    if (typeof x !== 'number' || typeof y !== 'number' || !Number.isFinite(x) || !Number.isFinite(y)) {
      skipped.push(
        issue(
          'invalid-geometry',
          'warning',
          message('has no pair of finite coordinates; left out', 'hat kein Paar endlicher Koordinaten; ausgelassen'),
          location,
        ),
      );
      return;
    }
    xs.push(x);
    ys.push(y);
    properties.push(props);
    positions.push(position);
    labels.push(label);
  });
  issues.push(...listed(skipped, source, message('left out', 'ausgelassen')));
  return {
    count: xs.length,
    x: Float64Array.from(xs),
    y: Float64Array.from(ys),
    crs,
    properties,
    decimalSeparator: undefined,
    issues,
    location: (point) => ({ feature: positions[point]! }),
    example: (point) => withLabel({ position: positions[point]!, x: xs[point]!, y: ys[point]! }, labels[point]),
  };
}

function readCoordinates(points: PointCoordinates, source: string, declared: string | undefined): ReadPoints {
  const named = declared ?? points.crs;
  const crs = supportedCrsCode(named, source);
  if (points.x.length !== points.y.length) throw new RangeError(`${source}: ${points.x.length} x values but ${points.y.length} y values`);
  const rows = points.rows;
  const issues: DataIssue[] = [...(points.issues ?? [])];
  const skipped: DataIssue[] = [];
  const xs: number[] = [];
  const ys: number[] = [];
  const properties: (Readonly<Record<string, unknown>> | undefined)[] = [];
  const positions: number[] = [];
  for (let index = 0; index < points.x.length; index += 1) {
    const position = rows ? rows[index]! : index + 1;
    const x = points.x[index]!;
    const y = points.y[index]!;
    if (!Number.isFinite(x) || !Number.isFinite(y)) {
      skipped.push(
        issue(
          'bad-number',
          'warning',
          message('has no pair of coordinates; left out', 'hat kein Koordinatenpaar; ausgelassen'),
          rows ? { source, row: position } : { source, feature: position },
        ),
      );
      continue;
    }
    xs.push(x);
    ys.push(y);
    properties.push(points.properties?.[index]);
    positions.push(position);
  }
  issues.push(...listed(skipped, source, message('left out', 'ausgelassen')));
  assertPlausible(xs, ys, crs, source, (index) =>
    rows ? message(`row ${positions[index]}`, `Zeile ${positions[index]}`) : message(`point ${positions[index]}`, `Punkt ${positions[index]}`),
  );
  return {
    count: xs.length,
    x: Float64Array.from(xs),
    y: Float64Array.from(ys),
    crs,
    properties,
    decimalSeparator: points.decimalSeparator,
    issues,
    location: (point) => (rows ? { row: positions[point]! } : { feature: positions[point]! }),
    example: (point) => withLabel({ position: positions[point]!, x: xs[point]!, y: ys[point]! }, pointLabel(undefined, properties[point])),
  };
}

function assertPlausible(xs: readonly number[], ys: readonly number[], crs: string, source: string, where: (index: number) => Message): void {
  const bounds = crsDefinition(crs)!.bounds;
  const index = xs.findIndex((x, i) => x < bounds[0] || x > bounds[2] || ys[i]! < bounds[1] || ys[i]! > bounds[3]);
  if (index === -1) return;
  throw new SozialraumError(
    'implausible-coordinates',
    message(
      `the coordinates ${xs[index]}, ${ys[index]} (${where(index).en}) lie outside the valid range of ${crs}; the file may name the wrong CRS or have x and y swapped`,
      `die Koordinaten ${germanNumber(xs[index]!)}; ${germanNumber(ys[index]!)} (${where(index).de}) liegen außerhalb des gültigen Bereichs von ${crs}; ` +
        'womöglich nennt die Datei das falsche Koordinatenreferenzsystem oder x und y sind vertauscht',
    ),
    { source },
  );
}

function pointLabel(feature: Feature | null | undefined, properties: Readonly<Record<string, unknown>> | undefined): string | undefined {
  const name = properties?.['name'] ?? properties?.['NAME'] ?? properties?.['Name'];
  if (typeof name === 'string' && name.trim() !== '') return name.trim();
  return keyText(properties?.['id']) ?? keyText(properties?.['ID']) ?? keyText(feature?.id);
}

function withLabel(example: PointExample, label: string | undefined): PointExample {
  return label === undefined ? example : { ...example, label };
}

/** A number from a property: numbers as they are, text in either decimal notation; undefined for anything else. */
function numberOf(value: unknown, decimalSeparator: ',' | '.' | undefined): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const parsed = parseNumber(value, decimalSeparator ?? (/^[-+]?\d+,\d+$/.test(value.trim()) ? ',' : '.'));
  return parsed === null || Number.isNaN(parsed) ? undefined : parsed;
}

function describeValue(value: unknown, language: Language = 'en'): string {
  const de = language === 'de';
  if (value === undefined) return de ? 'fehlt' : 'missing';
  if (value === null) return 'null';
  if (typeof value === 'string') {
    const shown = value.length > 24 ? `${value.slice(0, 24)}…` : value;
    if (value.trim() === '') return de ? 'leer' : 'empty';
    return de ? `„${shown}“` : `"${shown}"`;
  }
  if (typeof value === 'object') return Array.isArray(value) ? (de ? 'eine Liste' : 'a list') : de ? 'ein Objekt' : 'an object';
  return String(value);
}

function describeProperties(properties: readonly (Readonly<Record<string, unknown>> | undefined)[], language: Language = 'en'): string {
  const names = new Set<string>();
  for (const record of properties.slice(0, 100)) for (const name of Object.keys(record ?? {})) names.add(name);
  if (names.size > 0) return describeNames([...names], 20, language);
  return language === 'de' ? '(keine)' : '(none)';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// ---------------------------------------------------------------------------------------------------------------
// Points from a table

export interface PointTableOptions {
  /** Column of the x coordinate (or longitude); guessed from x, lon, lng, longitude, rechtswert, easting … */
  x?: string;
  /** Column of the y coordinate (or latitude); guessed from y, lat, latitude, hochwert, northing … */
  y?: string;
  /**
   * CRS of the coordinates as "EPSG:n". Without it, longitude/latitude columns (lon/lat …) and values within
   * longitude/latitude range are read as EPSG:4326; projected coordinates need it, since guessing between UTM
   * zones 32 and 33 would put the points in the wrong place without a word.
   */
  crs?: string;
}

/** Pairs of column names that hold coordinates, with whether they are longitude/latitude. */
const COORDINATE_COLUMNS: readonly [string, string, boolean][] = [
  ['x', 'y', false],
  ['lon', 'lat', true],
  ['lng', 'lat', true],
  ['long', 'lat', true],
  ['longitude', 'latitude', true],
  ['laenge', 'breite', true],
  ['länge', 'breite', true],
  ['rechtswert', 'hochwert', false],
  ['easting', 'northing', false],
  ['ostwert', 'nordwert', false],
  ['x_coord', 'y_coord', false],
  ['xkoordinate', 'ykoordinate', false],
  ['x_koordinate', 'y_koordinate', false],
];

/**
 * Points from a CSV table with coordinate columns, every column kept as a property (cells as text; `sum` reads
 * decimal commas). Rows without readable coordinates are left out with an issue naming the row.
 */
export function pointsFromTable(table: Table, options: PointTableOptions = {}): PointCoordinates {
  const source = table.source;
  const find = (name: string) => table.columns.find((column) => column.toLowerCase() === name.toLowerCase());
  if ((options.x === undefined) !== (options.y === undefined)) {
    throw new SozialraumError(
      'unknown-field',
      message(
        'name both coordinate columns, x and y, or neither (to have them guessed)',
        'geben Sie beide Koordinatenspalten an, x und y, oder keine (dann werden sie erkannt)',
      ),
      { source },
    );
  }
  let xColumn: string | undefined;
  let yColumn: string | undefined;
  let lonLat = false;
  if (options.x !== undefined && options.y !== undefined) {
    xColumn = find(options.x);
    yColumn = find(options.y);
    const missing = xColumn === undefined ? options.x : yColumn === undefined ? options.y : undefined;
    if (missing !== undefined) {
      throw new SozialraumError(
        'unknown-field',
        message(
          `no coordinate column "${missing}"; the columns are ${describeNames(table.columns)}`,
          `keine Koordinatenspalte „${missing}“; die Spalten sind ${describeNames(table.columns, 20, 'de')}`,
        ),
        { source },
      );
    }
  } else {
    const pair = COORDINATE_COLUMNS.find(([x, y]) => find(x) !== undefined && find(y) !== undefined);
    if (!pair) {
      throw new SozialraumError(
        'unknown-field',
        message(
          `no coordinate columns: expected x and y, lon and lat, rechtswert and hochwert, or easting and northing; the columns are ${describeNames(table.columns)}`,
          `keine Koordinatenspalten: erwartet waren x und y, lon und lat, rechtswert und hochwert oder easting und northing; die Spalten sind ${describeNames(table.columns, 20, 'de')}`,
        ),
        { source },
      );
    }
    xColumn = find(pair[0]);
    yColumn = find(pair[1]);
    lonLat = pair[2];
  }
  const issues: DataIssue[] = [];
  const xs: number[] = [];
  const ys: number[] = [];
  const rows: number[] = [];
  const properties: Record<string, string>[] = [];
  table.rows.forEach((row, index) => {
    const x = parseNumber(row[xColumn!] ?? '', table.decimalSeparator);
    const y = parseNumber(row[yColumn!] ?? '', table.decimalSeparator);
    if (x === null || y === null || Number.isNaN(x) || Number.isNaN(y)) {
      const what =
        x === null || y === null
          ? message('has no coordinates', 'hat keine Koordinaten')
          : message(
              `has coordinates that are not numbers ("${row[xColumn!]}", "${row[yColumn!]}")`,
              `hat Koordinaten, die keine Zahlen sind („${row[xColumn!]}“, „${row[yColumn!]}“)`,
            );
      issues.push(issue('bad-number', 'warning', message(`${what.en}; left out`, `${what.de}; ausgelassen`), { source, row: table.rowNumbers[index]! }));
      return;
    }
    xs.push(x);
    ys.push(y);
    rows.push(table.rowNumbers[index]!);
    properties.push(row);
  });
  let crs = options.crs;
  if (crs === undefined) {
    const inLonLatRange = xs.every((x, i) => x >= -180 && x <= 180 && ys[i]! >= -90 && ys[i]! <= 90);
    if (!lonLat && !inLonLatRange) {
      throw new SozialraumError(
        'unknown-crs',
        message(
          `the coordinates in "${xColumn}" and "${yColumn}" are not longitude/latitude and no CRS is given; declare it (for example EPSG:25832 or EPSG:25833)`,
          `die Koordinaten in „${xColumn}“ und „${yColumn}“ sind keine geographischen Längen und Breiten, und kein Koordinatenreferenzsystem ist angegeben; geben Sie es an (zum Beispiel EPSG:25832 oder EPSG:25833)`,
        ),
        { source },
      );
    }
    crs = 'EPSG:4326';
  }
  return {
    x: Float64Array.from(xs),
    y: Float64Array.from(ys),
    crs,
    properties,
    rows: Uint32Array.from(rows),
    decimalSeparator: table.decimalSeparator,
    issues: listed(issues, source, message('left out', 'ausgelassen')),
  };
}
