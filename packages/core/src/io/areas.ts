// Sozialräume as the toolkit holds them: checked polygons with a stable text key, a name, and a known CRS.
import type { Feature, FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import { SozialraumError, issue, type DataIssue } from '../errors.js';
import { detectCrs } from '../crs/index.js';
import { checkAreaGeometries, parseGeoJSON } from './geojson.js';
import { isFlatGeobuf, readFlatGeobuf } from './flatgeobuf.js';
import { decodeText } from './text.js';

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
}

export interface AreaOptions {
  source: string;
  /** Property holding the key; guessed (PLR_ID, AREA_ID, id, …) when not given. */
  idField?: string;
  /** Property holding the name; guessed when not given. */
  nameField?: string;
  /** CRS of files that name none, as "EPSG:n"; overrides what the file says. */
  crs?: string;
  signal?: AbortSignal;
}

/** Reads areas from the bytes of a GeoJSON or FlatGeobuf file; the format is told by the bytes, not the name. */
export async function loadAreas(bytes: Uint8Array, options: AreaOptions): Promise<AreaCollection> {
  if (bytes.length === 0) throw new SozialraumError('empty-file', 'the file is empty', { source: options.source });
  if (isFlatGeobuf(bytes)) {
    const { collection, crs } = await readFlatGeobuf(bytes, { source: options.source, ...(options.signal ? { signal: options.signal } : {}) });
    return readAreas(collection, { ...options, crs: options.crs ?? crs ?? 'EPSG:4326' });
  }
  const text = decodeText(bytes);
  const first = text.trimStart()[0];
  if (first !== '{' && first !== '[') {
    throw new SozialraumError('unknown-format', 'is neither GeoJSON nor FlatGeobuf (it does not start with "{" or the bytes "fgb")', {
      source: options.source,
    });
  }
  return readAreas(parseGeoJSON(text, options.source), options);
}

/** Checks a FeatureCollection as a set of areas: geometry, keys, names and CRS. */
export function readAreas(collection: FeatureCollection, options: AreaOptions): AreaCollection {
  const { source } = options;
  const crs = detectCrs(collection, source, options.crs);
  const idField = options.idField ?? guessIdField(collection.features);
  if (!idField) {
    throw new SozialraumError('unknown-field', `no id field given and none found among ${describeFields(collection.features)}`, { source });
  }
  if (!collection.features.some((feature) => feature?.properties && idField in feature.properties)) {
    throw new SozialraumError('unknown-field', `no feature has the id field "${idField}"; the fields are ${describeFields(collection.features)}`, {
      source,
    });
  }
  const nameField = options.nameField ?? guessNameField(collection.features, idField);
  if (options.nameField && !collection.features.some((feature) => feature?.properties && options.nameField! in feature.properties)) {
    throw new SozialraumError('unknown-field', `no feature has the name field "${options.nameField}"; the fields are ${describeFields(collection.features)}`, {
      source,
    });
  }
  const checked = checkAreaGeometries(collection, source, (feature) => keyText(feature?.properties?.[idField]));
  const issues: DataIssue[] = [...checked.issues];
  const ids: string[] = [];
  const firstFeatureOfId = new Map<string, number>();
  checked.features.forEach((feature, index) => {
    const position = checked.positions[index]!;
    let id = keyText(feature.properties?.[idField]);
    if (id === undefined) {
      id = `#${position}`;
      issues.push(issue('missing-key', 'warning', `has no value in "${idField}"; it is shown as "${id}" and joins no table`, { source, feature: position }));
    }
    const first = firstFeatureOfId.get(id);
    if (first !== undefined) {
      issues.push(issue('duplicate-key', 'warning', `repeats the key of feature ${first}; keys must be unique`, { source, feature: position, key: id }));
    } else {
      firstFeatureOfId.set(id, position);
    }
    ids.push(id);
  });
  if (checked.features.length === 0) {
    const reason = collection.features.length === 0 ? 'the file holds no features' : `none of its ${collection.features.length} features is a drawable polygon`;
    throw new SozialraumError('invalid-geometry', reason, { source });
  }
  return { source, crs, idField, nameField, features: checked.features, ids, issues };
}

/** A key as text. Numbers are written without exponent; empty values are no key. */
export function keyText(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : undefined;
  const text = String(value).trim();
  return text === '' ? undefined : text;
}

const ID_PATTERN = /(^|_)(id|key|schluessel|schlüssel|ags|ars|nr|code)$/i;
const NAME_PATTERN = /(^|_)(name|bezeichnung|bez_name|titel)$|name/i;

/** The first property named like a key (PLR_ID, AREA_ID, id, …) whose values are unique. */
export function guessIdField(features: readonly Feature[]): string | undefined {
  const fields = propertyNames(features).filter((name) => ID_PATTERN.test(name));
  return fields.find((field) => {
    const values = new Set(features.map((feature) => keyText(feature?.properties?.[field])));
    return !values.has(undefined) && values.size === features.length;
  });
}

/** The first property named like a name (PLR_NAME, AREA_NAME, name, …) that is not the id field. */
export function guessNameField(features: readonly Feature[], idField: string): string | undefined {
  return propertyNames(features).find((name) => name !== idField && NAME_PATTERN.test(name));
}

function propertyNames(features: readonly Feature[]): string[] {
  const first = features.find((feature) => feature?.properties);
  return first?.properties ? Object.keys(first.properties) : [];
}

function describeFields(features: readonly Feature[]): string {
  const names = propertyNames(features);
  return names.length > 0 ? names.join(', ') : '(no properties)';
}

/** The name of an area for people, falling back to its key. */
export function areaName(areas: AreaCollection, index: number): string {
  const name = areas.nameField ? keyText(areas.features[index]?.properties?.[areas.nameField]) : undefined;
  return name ?? areas.ids[index]!;
}
