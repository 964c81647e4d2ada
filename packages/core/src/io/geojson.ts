// GeoJSON text to a checked FeatureCollection; every broken feature is reported by position and key.
import type { Feature, FeatureCollection, Geometry, MultiPolygon, Polygon, Position } from 'geojson';
import { SozialraumError, issue, message, type DataIssue, type Message } from '../errors.js';
import { stripBom } from './text.js';

/**
 * Parses GeoJSON text. A FeatureCollection is returned as it is; a single Feature or a bare geometry is wrapped
 * in one. Syntax errors name the line and column.
 */
export function parseGeoJSON(text: string, source: string): FeatureCollection {
  const body = stripBom(text);
  if (body.trim() === '') throw new SozialraumError('empty-file', message('the file is empty', 'die Datei ist leer'), { source });
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (error) {
    const why = describeJsonError(error, body);
    throw new SozialraumError('parse-error', message(`not valid JSON: ${why.en}`, `kein gültiges JSON: ${why.de}`), { source }, { cause: error });
  }
  return asFeatureCollection(json, source);
}

/** Accepts a FeatureCollection, a Feature or a geometry object and returns a FeatureCollection. */
export function asFeatureCollection(json: unknown, source: string): FeatureCollection {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    throw new SozialraumError(
      'not-a-feature-collection',
      message(`expected a GeoJSON object, found ${describeValue(json)}`, `erwartet war ein GeoJSON-Objekt, gefunden wurde ${describeValue(json, 'de')}`),
      { source },
    );
  }
  const object = json as { type?: unknown; features?: unknown };
  if (object.type === 'FeatureCollection') {
    if (!Array.isArray(object.features)) {
      throw new SozialraumError(
        'not-a-feature-collection',
        message('the FeatureCollection has no "features" array', 'die FeatureCollection hat keine Liste „features“'),
        { source },
      );
    }
    return json as FeatureCollection;
  }
  if (object.type === 'Feature') return { type: 'FeatureCollection', features: [json as Feature] };
  if (typeof object.type === 'string' && GEOMETRY_TYPES.has(object.type)) {
    return { type: 'FeatureCollection', features: [{ type: 'Feature', properties: {}, geometry: json as Geometry }] };
  }
  throw new SozialraumError(
    'not-a-feature-collection',
    message(
      `expected a GeoJSON FeatureCollection, found ${object.type === undefined ? 'an object without "type"' : `type "${String(object.type)}"`}`,
      `erwartet war eine GeoJSON-FeatureCollection, gefunden wurde ${object.type === undefined ? 'ein Objekt ohne „type“' : `der Typ „${String(object.type)}“`}`,
    ),
    { source },
  );
}

const GEOMETRY_TYPES = new Set(['Point', 'MultiPoint', 'LineString', 'MultiLineString', 'Polygon', 'MultiPolygon', 'GeometryCollection']);

function describeValue(value: unknown, language: 'de' | 'en' = 'en'): string {
  if (value === null) return 'null';
  const de = language === 'de';
  if (value === undefined) return de ? 'nichts' : 'nothing';
  if (Array.isArray(value)) return de ? 'eine Liste' : 'an array';
  if (typeof value === 'object') return de ? 'ein Objekt' : 'an object';
  return de ? `ein Wert vom Typ ${typeof value}` : `a ${typeof value}`;
}

/** The JavaScript engine's syntax error (English in every browser) with the line and column it lies at. */
function describeJsonError(error: unknown, text: string): Message {
  const engine = error instanceof Error ? error.message : String(error);
  if (/line \d+ column \d+/.test(engine)) return message(engine, `Syntaxfehler (${engine})`);
  const position = /position (\d+)/.exec(engine);
  if (position) {
    const offset = Number(position[1]);
    const before = text.slice(0, offset);
    const line = before.split('\n').length;
    const column = offset - before.lastIndexOf('\n');
    return message(`${engine} (line ${line}, column ${column})`, `Syntaxfehler in Zeile ${line}, Spalte ${column} (${engine})`);
  }
  if (/end of (JSON )?input/i.test(engine)) {
    return message(`${engine}: the file ends too early, it may be truncated`, `die Datei endet zu früh, sie ist womöglich abgeschnitten (${engine})`);
  }
  return message(engine, `Syntaxfehler (${engine})`);
}

/** Why a polygon's coordinates cannot be drawn, or undefined when they can. */
export function polygonProblem(geometry: Polygon | MultiPolygon): Message | undefined {
  const coordinates: unknown = geometry.coordinates;
  if (!Array.isArray(coordinates)) {
    return message(`its coordinates are ${describeValue(coordinates)}, not a list`, `seine Koordinaten sind ${describeValue(coordinates, 'de')}, keine Liste`);
  }
  if (coordinates.length === 0) return message('the geometry is empty', 'die Geometrie ist leer');
  const polygons: unknown[] = geometry.type === 'Polygon' ? [coordinates] : coordinates;
  const nesting = () => {
    const depth = nestingDepth(coordinates);
    const levels = `${depth} ${depth === 1 ? 'level' : 'levels'}`;
    const ebenen = `${depth} ${depth === 1 ? 'Ebene' : 'Ebenen'}`;
    return geometry.type === 'Polygon'
      ? message(
          `its coordinates are lists nested ${levels} deep, a Polygon needs 3 (rings of [x, y] positions)`,
          `seine Koordinaten sind ${ebenen} tief verschachtelte Listen, ein Polygon braucht 3 (Ringe aus [x, y]-Positionen)`,
        )
      : message(
          `its coordinates are lists nested ${levels} deep, a MultiPolygon needs 4 (polygons of rings of [x, y] positions)`,
          `seine Koordinaten sind ${ebenen} tief verschachtelte Listen, ein MultiPolygon braucht 4 (Polygone aus Ringen aus [x, y]-Positionen)`,
        );
  };
  for (const polygon of polygons) {
    if (!Array.isArray(polygon)) return nesting();
    if (polygon.length === 0) return message('a polygon has no rings', 'ein Polygon hat keine Ringe');
    for (const ring of polygon as unknown[]) {
      if (!Array.isArray(ring)) return nesting();
      for (const position of ring as unknown[]) {
        if (typeof position === 'number' || (Array.isArray(position) && position.some(Array.isArray))) return nesting();
        if (!isPosition(position)) {
          return message(
            `a position is not a pair of finite numbers: ${preview(position)}`,
            `eine Position ist kein Paar endlicher Zahlen: ${preview(position)}`,
          );
        }
      }
      if (ring.length < 4) {
        return message(
          `a ring has ${ring.length} positions, a closed ring needs at least 4`,
          `ein Ring hat ${ring.length} Positionen, ein geschlossener Ring braucht mindestens 4`,
        );
      }
      const first = ring[0] as Position;
      const last = ring[ring.length - 1] as Position;
      if (first[0] !== last[0] || first[1] !== last[1]) {
        return message(
          'a ring is not closed (its first and last positions differ)',
          'ein Ring ist nicht geschlossen (seine erste und letzte Position unterscheiden sich)',
        );
      }
    }
  }
  return undefined;
}

function isPosition(value: unknown): value is Position {
  return (
    Array.isArray(value) &&
    value.length >= 2 &&
    typeof value[0] === 'number' &&
    typeof value[1] === 'number' &&
    Number.isFinite(value[0]) &&
    Number.isFinite(value[1])
  );
}

/** How many lists deep a value is, following first elements (without recursion: hostile files nest thousands deep). */
function nestingDepth(value: unknown): number {
  let depth = 0;
  for (let current = value; Array.isArray(current); current = current[0]) depth += 1;
  return depth;
}

/** A short, safe rendering of a value for messages; JSON.stringify would write Infinity as null. */
function preview(value: unknown): string {
  if (Array.isArray(value)) return `[${value.slice(0, 4).map(previewScalar).join(', ')}${value.length > 4 ? ', …' : ''}]`;
  return previewScalar(value);
}

function previewScalar(value: unknown): string {
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return JSON.stringify(value.length > 24 ? `${value.slice(0, 24)}…` : value);
  if (value === null || value === undefined || typeof value === 'boolean') return String(value);
  return describeValue(value);
}

/** Area features that can be drawn, and an issue for every feature that cannot. */
export function checkAreaGeometries(
  collection: FeatureCollection,
  source: string,
  keyOf: (feature: Feature, index: number) => string | undefined,
): { features: Feature<Polygon | MultiPolygon>[]; positions: number[]; issues: DataIssue[] } {
  const features: Feature<Polygon | MultiPolygon>[] = [];
  const positions: number[] = [];
  const issues: DataIssue[] = [];
  collection.features.forEach((feature, index) => {
    const location = { source, feature: index + 1, key: keyOf(feature, index) };
    if (!feature || typeof feature !== 'object' || feature.type !== 'Feature') {
      issues.push(
        issue('invalid-geometry', 'error', message('is not a GeoJSON Feature and is left out', 'ist kein GeoJSON-Feature und wird ausgelassen'), location),
      );
      return;
    }
    const geometry = feature.geometry as unknown;
    if (geometry === null || geometry === undefined) {
      issues.push(
        issue('empty-geometry', 'error', message('has no geometry and is left out of the map', 'hat keine Geometrie und fehlt in der Karte'), location),
      );
      return;
    }
    if (typeof geometry !== 'object' || Array.isArray(geometry)) {
      issues.push(
        issue(
          'invalid-geometry',
          'error',
          message(
            `has ${describeValue(geometry)} as its geometry, not a GeoJSON geometry; it is left out`,
            `hat ${describeValue(geometry, 'de')} als Geometrie, keine GeoJSON-Geometrie; es wird ausgelassen`,
          ),
          location,
        ),
      );
      return;
    }
    const { type } = geometry as { type?: unknown };
    if (type !== 'Polygon' && type !== 'MultiPolygon') {
      const found =
        typeof type === 'string' ? `a ${type.slice(0, 40)}` : type === undefined ? 'a geometry without "type"' : `a geometry of type ${previewScalar(type)}`;
      const gefunden =
        typeof type === 'string'
          ? `ein ${type.slice(0, 40)}`
          : type === undefined
            ? 'eine Geometrie ohne „type“'
            : `eine Geometrie vom Typ ${previewScalar(type)}`;
      issues.push(
        issue(
          'invalid-geometry',
          'error',
          message(
            `is ${found}, an area must be a Polygon or MultiPolygon; it is left out`,
            `ist ${gefunden}, ein Gebiet muss ein Polygon oder MultiPolygon sein; es wird ausgelassen`,
          ),
          location,
        ),
      );
      return;
    }
    const problem = polygonProblem(geometry as Polygon | MultiPolygon);
    if (problem) {
      issues.push(issue('invalid-geometry', 'error', message(`${problem.en}; it is left out of the map`, `${problem.de}; es fehlt in der Karte`), location));
      return;
    }
    features.push(feature as Feature<Polygon | MultiPolygon>);
    positions.push(index + 1);
  });
  return { features, positions, issues };
}

/**
 * GeoJSON text with one feature per line, so the file stays readable and diffs show which area changed; properties
 * come before geometry so each line starts with the area's key. RFC 7946 knows only longitude/latitude; another CRS
 * is named in the legacy `crs` member ("urn:ogc:def:crs:EPSG::25833"), which QGIS and ArcGIS honour.
 */
export function formatGeoJSON(collection: FeatureCollection<Geometry | null>, crs: string): string {
  const code = /^EPSG:(\d+)$/.exec(crs)?.[1];
  const crsMember =
    crs === 'EPSG:4326' || code === undefined ? '' : `"crs": ${JSON.stringify({ type: 'name', properties: { name: `urn:ogc:def:crs:EPSG::${code}` } })},\n`;
  const features = collection.features
    .map(({ type, id, properties, geometry, ...rest }) => JSON.stringify({ type, ...(id !== undefined ? { id } : {}), properties, geometry, ...rest }))
    .join(',\n');
  return `{\n"type": "FeatureCollection",\n${crsMember}"features": [\n${features}\n]\n}\n`;
}
