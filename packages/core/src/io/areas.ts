// Sozialräume as the toolkit holds them: checked polygons with a stable text key, a name, and a known CRS.
import type { Feature, FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import { SozialraumError, germanNumber, issue, message, type DataIssue, type Message } from '../errors.js';
import type { Language } from '../language.js';
import { assertNotDegrees, detectCrs } from '../crs/index.js';
import { asFeatureCollection, checkAreaGeometries, parseGeoJSON } from './geojson.js';
import { readFlatGeobuf } from './flatgeobuf.js';
import { readGeoPackageOnDemand } from './geopackage-input.js';
import { geoFileFormat, type AreaFormat, type GeoFileFormat } from './geo-format.js';
import { decodeText, describeName, describeNames, startsWithUtf16Bom } from './text.js';
import type { NamedFiles } from './shapefile-input.js';
import { GEOJSON_MAX_DEPTH } from './limits.js';

export type AreaFeature = Feature<Polygon | MultiPolygon>;

/** A set of Sozialräume, ready to draw and join. */
export interface AreaCollection {
  source: string;
  /** "EPSG:n" of the coordinates. */
  crs: string;
  idField: string;
  nameField: string | undefined;
  /** The features that can be drawn, in file order. */
  features: AreaFeature[];
  /** The key of each feature, as text, parallel to `features`. */
  ids: string[];
  /** Everything found wrong that did not stop the load: left-out features, missing and repeated keys. */
  issues: DataIssue[];
  /** The format the areas were read from; absent for areas given as a FeatureCollection. */
  format?: AreaFormat;
}

export interface AreaOptions {
  source: string;
  /** Property holding the key; guessed (PLR_ID, AREA_ID, id, …) when not given. */
  idField?: string;
  /** Property holding the name; guessed when not given. */
  nameField?: string;
  /** CRS of files that name none, as "EPSG:n"; overrides what the file says. */
  crs?: string;
  /** Which layer of a file that holds several (a zip of Shapefiles, a GeoPackage), by name; a GeoPackage's also from the source's "#layer". */
  layer?: string | undefined;
  signal?: AbortSignal;
}

/**
 * Reads areas from the bytes of a GeoJSON, FlatGeobuf, GeoPackage or zipped Shapefile, or from the named files of a
 * loose Shapefile (`{ files }`); the format is told by the bytes (geoFileFormat), not the name, and reported with the
 * areas.
 */
export async function loadAreas(input: Uint8Array | NamedFiles, options: AreaOptions): Promise<AreaCollection & { format: GeoFileFormat }> {
  const format = geoFileFormat(input);
  return { ...(await readAreasAs(format, input, options)), format };
}

async function readAreasAs(format: GeoFileFormat, input: Uint8Array | NamedFiles, options: AreaOptions): Promise<AreaCollection> {
  const { source } = options;
  if (format === 'Shapefile') return (await import('./shapefile.js')).loadShapefileAreas(input, options);
  const bytes = input as Uint8Array;
  if (format === 'FlatGeobuf') {
    const { collection, crs } = await readFlatGeobuf(bytes, { source, ...(options.signal ? { signal: options.signal } : {}) });
    return readAreas(collection, { ...options, crs: options.crs ?? crs ?? 'EPSG:4326' });
  }
  if (format === 'GeoPackage') return readAreas(...(await geoPackageAreas(bytes, options)));
  return readAreas(parseGeoJSONBytes(bytes, source), options);
}

/**
 * The FeatureCollection in the bytes of a GeoJSON file. Bytes that cannot be GeoJSON (a first character other than
 * "{" or "[", control bytes JSON never holds) are refused before they are decoded as text, so a large file of garbage
 * costs no more than a look at its bytes.
 */
export function parseGeoJSONBytes(bytes: Uint8Array, source: string): FeatureCollection {
  if (bytes.length === 0) throw new SozialraumError('empty-file', message('the file is empty', 'die Datei ist leer'), { source });
  if (!startsWithUtf16Bom(bytes)) {
    const start = firstSignificantByte(bytes);
    if (start === bytes.length) {
      throw new SozialraumError(
        'empty-file',
        message(`the file holds only blanks (${bytes.length} bytes)`, `die Datei enthält nur Leerzeichen (${germanNumber(bytes.length)} Bytes)`),
        { source },
      );
    }
    if (bytes[start] !== 0x7b && bytes[start] !== 0x5b) throw new SozialraumError('unknown-format', NEITHER_FORMAT, { source });
    const problem = jsonBytesProblem(bytes, start);
    if (problem) {
      // A syntax error before the problem is the better message; the text up to it is short or fails fast.
      if (problem.kind === 'depth') parseGeoJSONPrefix(bytes.subarray(0, problem.at), source);
      const line = countNewlines(bytes, problem.at) + 1;
      throw new SozialraumError(
        'parse-error',
        message(
          `not valid JSON: byte ${problem.at + 1} (line ${line}) ${problem.reason.en}`,
          `kein gültiges JSON: Byte ${germanNumber(problem.at + 1)} (Zeile ${line}) ${problem.reason.de}`,
        ),
        { source },
      );
    }
  }
  const text = decodeText(bytes);
  const first = text.trimStart()[0];
  if (first !== '{' && first !== '[') throw new SozialraumError('unknown-format', NEITHER_FORMAT, { source });
  return parseGeoJSON(text, source);
}

/** A GeoPackage layer as the input of readAreas; the layer's CRS unless one is given. */
async function geoPackageAreas(bytes: Uint8Array, options: AreaOptions): Promise<[FeatureCollection, AreaOptions]> {
  const { collection, crs } = await readGeoPackageOnDemand(bytes, options);
  const given = options.crs ?? crs;
  return [collection, given ? { ...options, crs: given } : options];
}

const NEITHER_FORMAT = message(
  'is neither GeoJSON nor FlatGeobuf (it does not start with "{" or the bytes "fgb")',
  'ist weder GeoJSON noch FlatGeobuf (sie beginnt nicht mit „{“ oder den Bytes „fgb“)',
);

/** Position of the first byte after a UTF-8 BOM and blanks (space, tab, line breaks); the length when there is none. */
function firstSignificantByte(bytes: Uint8Array): number {
  let index = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  while (index < bytes.length && (bytes[index] === 0x20 || bytes[index] === 0x0a || bytes[index] === 0x0d || bytes[index] === 0x09)) index += 1;
  return index;
}

/**
 * The first thing in the bytes that no GeoJSON holds, in one pass before the text is decoded and parsed: a control
 * byte (JSON allows none, not even in strings), or lists and objects nested deeper than GEOJSON_MAX_DEPTH, which
 * JSON.parse would follow for seconds through a large file of "[" before it finds the end missing.
 */
function jsonBytesProblem(bytes: Uint8Array, from: number): { kind: 'control' | 'depth'; at: number; reason: Message } | undefined {
  let depth = 0;
  let inString = false;
  for (let index = from; index < bytes.length; index += 1) {
    const byte = bytes[index]!;
    if (byte < 0x20 && byte !== 0x0a && byte !== 0x0d && byte !== 0x09) {
      const hex = byte.toString(16).padStart(2, '0');
      return {
        kind: 'control',
        at: index,
        reason: message(
          `is the control character 0x${hex}, which JSON never holds; the file is binary or damaged, not GeoJSON`,
          `ist das Steuerzeichen 0x${hex}, das in JSON nie vorkommt; die Datei ist binär oder beschädigt, kein GeoJSON`,
        ),
      };
    }
    if (inString) {
      if (byte === 0x5c)
        index += 1; // the escaped character cannot end the string
      else if (byte === 0x22) inString = false;
    } else if (byte === 0x22) {
      inString = true;
    } else if (byte === 0x5b || byte === 0x7b) {
      depth += 1;
      if (depth > GEOJSON_MAX_DEPTH) {
        return {
          kind: 'depth',
          at: index,
          reason: message(
            `opens the ${depth}th nested list or object; GeoJSON needs fewer than 20 levels, so the file is damaged or not GeoJSON`,
            `öffnet die ${depth}. verschachtelte Liste oder das ${depth}. verschachtelte Objekt; GeoJSON braucht weniger als 20 Ebenen, die Datei ist also beschädigt oder kein GeoJSON`,
          ),
        };
      }
    } else if (byte === 0x5d || byte === 0x7d) {
      depth -= 1;
    }
  }
  return undefined;
}

/** Throws the syntax error of the text before a problem, unless that text merely ends early. */
function parseGeoJSONPrefix(bytes: Uint8Array, source: string): void {
  try {
    parseGeoJSON(decodeText(bytes), source);
  } catch (error) {
    if (!(error instanceof SozialraumError && error.code === 'parse-error' && /ends too early/.test(error.message))) throw error;
  }
}

function countNewlines(bytes: Uint8Array, end: number): number {
  let count = 0;
  for (let index = bytes.indexOf(0x0a); index !== -1 && index < end; index = bytes.indexOf(0x0a, index + 1)) count += 1;
  return count;
}

/**
 * Checks a FeatureCollection as a set of areas: geometry, keys, names and CRS. Features that cannot be drawn are
 * left out with an issue naming them before anything else looks at their coordinates, so the CRS is told from the
 * drawable areas alone.
 */
export function readAreas(input: FeatureCollection, options: AreaOptions): AreaCollection {
  const { source } = options;
  const collection = asFeatureCollection(input, source);
  if (collection.features.length === 0)
    throw new SozialraumError('empty-file', message('the file holds no features', 'die Datei enthält keine Objekte'), { source });
  const idField = options.idField ?? guessIdField(collection.features);
  if (!idField) {
    const candidates = propertyNames(collection.features).filter((name) => ID_PATTERN.test(name));
    const why =
      candidates.length > 0
        ? message(
            `none of the fields named like a key (${describeNames(candidates)}) has a different key in every feature; name the id field`,
            `keines der Felder, die wie ein Schlüssel heißen (${describeNames(candidates, 20, 'de')}), hat in jedem Objekt einen anderen Schlüssel; geben Sie das Schlüsselfeld an`,
          )
        : message(`none found among ${describeFields(collection.features)}`, `unter ${describeFields(collection.features, 'de')} wurde keines gefunden`);
    throw new SozialraumError('unknown-field', message(`no id field given and ${why.en}`, `kein Schlüsselfeld angegeben, und ${why.de}`), { source });
  }
  if (!collection.features.some((feature) => idField in propertiesOf(feature))) {
    throw new SozialraumError(
      'unknown-field',
      message(
        `no feature has the id field "${describeName(idField)}"; the fields are ${describeFields(collection.features)}`,
        `kein Objekt hat das Schlüsselfeld „${describeName(idField)}“; die Felder sind ${describeFields(collection.features, 'de')}`,
      ),
      { source },
    );
  }
  const nameField = options.nameField ?? guessNameField(collection.features, idField);
  if (options.nameField && !collection.features.some((feature) => options.nameField! in propertiesOf(feature))) {
    throw new SozialraumError(
      'unknown-field',
      message(
        `no feature has the name field "${options.nameField}"; the fields are ${describeFields(collection.features)}`,
        `kein Objekt hat das Namensfeld „${options.nameField}“; die Felder sind ${describeFields(collection.features, 'de')}`,
      ),
      { source },
    );
  }
  const checked = checkAreaGeometries(collection, source, (feature) => keyText(propertiesOf(feature)[idField]));
  if (checked.features.length === 0) {
    const count = collection.features.length;
    const reason = message(`none of its ${count} features is a drawable polygon`, `keines ihrer ${germanNumber(count)} Objekte ist ein darstellbares Polygon`);
    const first = checked.issues[0];
    const withoutSource = (text: string) => (text.startsWith(`${source}, `) ? text.slice(source.length + 2) : text);
    throw new SozialraumError(
      'invalid-geometry',
      first ? message(`${reason.en} (${withoutSource(first.text.en)})`, `${reason.de} (${withoutSource(first.text.de)})`) : reason,
      { source },
    );
  }
  // Features left out stay as null, so that messages about coordinates count features as the file does.
  const drawable = new Set(checked.positions);
  const drawn = collection.features.map((feature, index) => (drawable.has(index + 1) ? feature : null));
  const crs = detectCrs({ ...collection, features: drawn } as FeatureCollection, source, options.crs);
  assertNotDegrees({ ...collection, features: drawn } as FeatureCollection, crs, source);
  const issues: DataIssue[] = [...checked.issues];
  const ids: string[] = [];
  const firstFeatureOfId = new Map<string, number>();
  checked.features.forEach((feature, index) => {
    const position = checked.positions[index]!;
    const properties = feature.properties as unknown;
    const value = propertiesOf(feature)[idField];
    let id = keyText(value);
    if (id === undefined) {
      id = `#${position}`;
      const why =
        properties !== null && properties !== undefined && !isRecord(properties)
          ? message(
              `has properties that are ${describeKind(properties)}, not an object, so no key`,
              `hat Eigenschaften, die ${describeKind(properties, 'de')} sind, kein Objekt, also keinen Schlüssel`,
            )
          : value === undefined || value === null || value === ''
            ? message(`has no value in "${idField}"`, `hat keinen Wert in „${idField}“`)
            : message(
                `has ${describeKind(value)} in "${idField}", which is no key`,
                `hat ${describeKind(value, 'de')} in „${idField}“, das ist kein Schlüssel`,
              );
      issues.push(
        issue(
          'missing-key',
          'warning',
          message(`${why.en}; it is shown as "${id}" and joins no table`, `${why.de}; es wird als „${id}“ gezeigt und mit keiner Tabelle verknüpft`),
          { source, feature: position },
        ),
      );
    }
    const first = firstFeatureOfId.get(id);
    if (first !== undefined) {
      issues.push(
        issue(
          'duplicate-key',
          'warning',
          message(`repeats the key of feature ${first}; keys must be unique`, `wiederholt den Schlüssel von Objekt ${first}; Schlüssel müssen eindeutig sein`),
          { source, feature: position, key: id },
        ),
      );
    } else {
      firstFeatureOfId.set(id, position);
    }
    ids.push(id);
  });
  return { source, crs, idField, nameField, features: checked.features, ids, issues };
}

/** A key as text. Numbers are written without exponent; empty values, objects, lists and true/false are no key. */
export function keyText(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : undefined;
  if (typeof value !== 'string' && typeof value !== 'bigint') return undefined;
  const text = String(value).trim();
  return text === '' ? undefined : text;
}

/** A feature's properties when they are an object; hostile files put arrays, text or numbers there. */
function propertiesOf(feature: unknown): Record<string, unknown> {
  const properties = isRecord(feature) ? feature.properties : undefined;
  return isRecord(properties) ? properties : {};
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** "an object", "a list", "true", "a number" … for messages about values of the wrong kind. */
function describeKind(value: unknown, language: Language = 'en'): string {
  const de = language === 'de';
  if (Array.isArray(value)) return de ? 'eine Liste' : 'a list';
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'number')
    return de ? (Number.isFinite(value) ? 'eine Zahl' : 'eine nicht endliche Zahl') : Number.isFinite(value) ? 'a number' : 'a number that is not finite';
  if (de) return typeof value === 'object' ? 'ein Objekt' : `ein Wert vom Typ ${typeof value}`;
  return `${typeof value === 'object' ? 'an' : 'a'} ${typeof value}`;
}

const ID_PATTERN = /(^|_)(id|key|schluessel|schlüssel|ags|ars|nr|code)$/i;
const NAME_PATTERN = /(^|_)(name|bezeichnung|bez_name|titel)$|name/i;

/**
 * The first property named like a key (PLR_ID, AREA_ID, id, …) whose values are unique. When only one property is
 * named like a key, it is taken even with repeated or missing keys, which are then reported feature by feature.
 */
export function guessIdField(features: readonly Feature[]): string | undefined {
  const fields = propertyNames(features).filter((name) => ID_PATTERN.test(name));
  const unique = fields.find((field) => {
    const values = new Set(features.map((feature) => keyText(propertiesOf(feature)[field])));
    return !values.has(undefined) && values.size === features.length;
  });
  return unique ?? (fields.length === 1 ? fields[0] : undefined);
}

/** The first property named like a name (PLR_NAME, AREA_NAME, name, …) that is not the id field. */
export function guessNameField(features: readonly Feature[], idField: string): string | undefined {
  return propertyNames(features).find((name) => name !== idField && NAME_PATTERN.test(name));
}

function propertyNames(features: readonly Feature[]): string[] {
  const first = features.find((feature) => Object.keys(propertiesOf(feature)).length > 0);
  return first ? Object.keys(propertiesOf(first)) : [];
}

function describeFields(features: readonly Feature[], language: Language = 'en'): string {
  const names = propertyNames(features);
  if (names.length > 0) return describeNames(names, 20, language);
  return language === 'de' ? '(keine Eigenschaften)' : '(no properties)';
}

/** The name of an area for people, falling back to its key. */
export function areaName(areas: AreaCollection, index: number): string {
  const name = areas.nameField ? keyText(propertiesOf(areas.features[index])[areas.nameField]) : undefined;
  return name ?? areas.ids[index]!;
}
