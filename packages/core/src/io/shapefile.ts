// ESRI Shapefiles, loose (.shp .shx .dbf .prj .cpg) or zipped with one or several layers, to GeoJSON with a CRS; and
// areas back to a zipped Shapefile. Loaded on demand by loadAreas, so pages without Shapefiles never carry it.
import type { Feature, FeatureCollection, Geometry, MultiPolygon, Polygon, Position } from 'geojson';
import { SozialraumError, germanNumber, issue, message, type DataIssue } from '../errors.js';
import { crsFromPrj, prjForCrs } from '../crs/prj.js';
import { boxOf, emptyBox, extendBox, pointInRing, signedArea } from '../geometry/index.js';
import { readAreas, type AreaCollection, type AreaOptions } from './areas.js';
import { readDbf, writeDbf, type DbfField } from './dbf.js';
import { readZip, writeZip } from './zip.js';
import { isShp, isZip, type NamedFiles } from './shapefile-input.js';

export { crsFromPrj, prjForCrs } from '../crs/prj.js';
export { isShapefileBytes, isShp, isZip, type NamedFiles } from './shapefile-input.js';
export { readZip, writeZip } from './zip.js';
export { ZIP_EXPANSION_LIMIT } from './limits.js';
export type { DbfField } from './dbf.js';
import { describeNames } from './text.js';

export interface ShapefileOptions {
  source: string;
  /** Which layer of several (its name without .shp); needed when a zip holds more than one. */
  layer?: string | undefined;
  /** Bytes a zip may expand to; see ZIP_EXPANSION_LIMIT. */
  zipLimit?: number;
}

/** One layer of a Shapefile, read. */
export interface ShapefileLayer {
  name: string;
  /** Every layer the input holds, by name. */
  layers: string[];
  shapeType: string;
  collection: FeatureCollection;
  /** "EPSG:n" from the .prj; undefined without a .prj. */
  crs: string | undefined;
  fields: DbfField[];
  encoding: { label: string; from: 'cpg' | 'language byte' | 'guess' };
  issues: DataIssue[];
}

const PARTS = ['.shp', '.shx', '.dbf', '.prj', '.cpg'];

/** Reads the chosen (or only) layer of a zip or of a set of loose files. */
export function readShapefile(input: Uint8Array | NamedFiles, options: ShapefileOptions): ShapefileLayer {
  const { source } = options;
  let files: ReadonlyMap<string, Uint8Array>;
  let names: string[];
  if (input instanceof Uint8Array) {
    if (!isZip(input)) {
      // A .shp alone: its parts are missing; the message below names them.
      const name = /\.shp$/i.test(source) ? source : `${source}.shp`;
      files = new Map([[name, input]]);
      names = [name];
    } else {
      const wanted = (name: string) => PARTS.some((part) => name.toLowerCase().endsWith(part)) && !name.startsWith('__MACOSX/');
      // Listed first without inflating anything, so that only the chosen layer's entries are expanded.
      const listed = readZip(input, { source, wanted: () => false, ...(options.zipLimit !== undefined ? { limit: options.zipLimit } : {}) }).names.filter(
        wanted,
      );
      const layer = chooseLayer(layerGroups(listed), options, listed);
      const zip = readZip(input, {
        source,
        wanted: (name) => layer.has(name),
        ...(options.zipLimit !== undefined ? { limit: options.zipLimit } : {}),
      });
      files = zip.files;
      names = zip.names.filter(wanted);
    }
  } else {
    files = input.files;
    names = [...files.keys()];
  }
  const groups = layerGroups(names);
  const chosen = chooseLayer(groups, options, names);
  const part = (extension: string) => [...chosen].find((name) => name.toLowerCase().endsWith(extension));
  const shpName = part('.shp')!;
  const layerName = baseName(shpName);
  const where = (name: string) => (input instanceof Uint8Array && isZip(input) ? `${source} › ${name}` : name);
  for (const [extension, what, was] of [
    ['.shx', 'the index of its shapes', 'den Index ihrer Formen'],
    ['.dbf', 'its attributes', 'ihre Attribute'],
  ] as const) {
    if (!part(extension)) {
      throw new SozialraumError(
        'missing-file',
        message(
          `the Shapefile "${layerName}" has no ${extension} (${what}) beside ${shpName}; give all its files together (.shp, .shx, .dbf, .prj, .cpg) or a zip of them`,
          `der Shapefile „${layerName}“ fehlt neben ${shpName} die ${extension} (${was}); geben Sie alle ihre Dateien zusammen an (.shp, .shx, .dbf, .prj, .cpg) oder ein Zip davon`,
        ),
        { source },
      );
    }
  }
  const bytesOf = (name: string) => files.get(name)!;
  const text = (name: string | undefined) => (name ? new TextDecoder().decode(bytesOf(name)) : undefined);
  const shapes = readShp(bytesOf(shpName), where(shpName));
  const shxCount = readShxCount(bytesOf(part('.shx')!), where(part('.shx')!));
  const dbfName = part('.dbf')!;
  const table = readDbf(bytesOf(dbfName), { source: where(dbfName), cpg: text(part('.cpg')) });
  if (shapes.geometries.length !== table.records.length || shxCount !== shapes.geometries.length) {
    const counts = `${shpName} ${shapes.geometries.length}, ${part('.shx')} ${shxCount}, ${dbfName} ${table.records.length}`;
    throw new SozialraumError(
      'parse-error',
      message(
        `the parts of the Shapefile "${layerName}" hold different numbers of records (${counts}); one of them is damaged or belongs to another layer`,
        `die Teile des Shapefiles „${layerName}“ enthalten verschieden viele Datensätze (${counts.replace(/ (\d+)/g, (_, n: string) => ` ${germanNumber(Number(n))}`)}); einer ist beschädigt oder gehört zu einer anderen Ebene`,
      ),
      { source },
    );
  }
  const prjName = part('.prj');
  const crs = prjName ? crsFromPrj(text(prjName)!, where(prjName)) : undefined;
  // Null shapes stay as features without geometry, so that feature numbers in messages count as the file does.
  const features = shapes.geometries.map((geometry, index) => ({ type: 'Feature', properties: table.records[index]!, geometry }) as Feature);
  return {
    name: layerName,
    layers: [...groups.keys()].map((key) => baseName(key)),
    shapeType: shapes.type,
    collection: { type: 'FeatureCollection', features },
    crs,
    fields: table.fields,
    encoding: table.encoding,
    issues: table.issues,
  };
}

/**
 * Areas from a Shapefile: its layer read, its CRS from the .prj (or `options.crs`), and id and name fields matched
 * case-insensitively and to their 10-character dBase cut, with a note when the name given is not the field's.
 */
export function loadShapefileAreas(input: Uint8Array | NamedFiles, options: AreaOptions): AreaCollection {
  const layer = readShapefile(input, { source: options.source, layer: options.layer });
  const notes: DataIssue[] = [...layer.issues];
  const fieldNames = layer.fields.map((field) => field.name);
  const idField = options.idField !== undefined ? matchField(options.idField, fieldNames, options.source, notes) : undefined;
  const nameField = options.nameField !== undefined ? matchField(options.nameField, fieldNames, options.source, notes) : undefined;
  const crs = options.crs ?? layer.crs;
  const areas = readAreas(layer.collection, {
    ...options,
    ...(idField !== undefined ? { idField } : {}),
    ...(nameField !== undefined ? { nameField } : {}),
    ...(crs !== undefined ? { crs } : {}),
  });
  areas.issues.unshift(...notes);
  return areas;
}

/** The dBase field a name given by the user means: itself, the same in other case, or its cut to 10 characters. */
function matchField(wanted: string, fields: readonly string[], source: string, notes: DataIssue[]): string {
  if (fields.includes(wanted)) return wanted;
  const lower = wanted.toLowerCase();
  const found = fields.find((field) => field.toLowerCase() === lower) ?? fields.find((field) => field.length === 10 && lower.startsWith(field.toLowerCase()));
  if (found === undefined) return wanted; // readAreas names the fields there are
  notes.push(
    issue(
      'unknown-field',
      'warning',
      message(
        `has no field "${wanted}"; the field "${found}" is taken for it (dBase cuts field names to 10 characters and Shapefiles are written in any case)`,
        `hat kein Feld „${wanted}“; dafür wird das Feld „${found}“ genommen (dBase kürzt Feldnamen auf 10 Zeichen, und Shapefiles werden in beliebiger Schreibweise geschrieben)`,
      ),
      { source, column: found },
    ),
  );
  return found;
}

/** The names of the layers (.shp files) a zip or set of files holds, for `info` and for choosing. */
export function shapefileLayerNames(input: Uint8Array | NamedFiles, source: string): string[] {
  const names = input instanceof Uint8Array ? (isZip(input) ? readZip(input, { source, wanted: () => false }).names : [source]) : [...input.files.keys()];
  return [...layerGroups(names).keys()].map(baseName);
}

/** File names grouped by layer: the path without extension, in lower case, for every group that has a .shp. */
function layerGroups(names: readonly string[]): Map<string, Set<string>> {
  const groups = new Map<string, Set<string>>();
  for (const name of names) {
    const dot = name.lastIndexOf('.');
    if (dot === -1 || !PARTS.includes(name.slice(dot).toLowerCase())) continue;
    const key = name.slice(0, dot).toLowerCase();
    if (!groups.has(key)) groups.set(key, new Set());
    groups.get(key)!.add(name);
  }
  for (const [key, group] of groups) if (![...group].some((name) => name.toLowerCase().endsWith('.shp'))) groups.delete(key);
  return groups;
}

function chooseLayer(groups: Map<string, Set<string>>, options: ShapefileOptions, names: readonly string[]): Set<string> {
  const { source } = options;
  const layers = [...groups.keys()];
  if (options.layer !== undefined) {
    const wanted = options.layer.toLowerCase().replace(/\.shp$/, '');
    const key = layers.find((layer) => layer === wanted || baseName(layer) === wanted);
    if (key) return groups.get(key)!;
    throw new SozialraumError(
      'unknown-field',
      message(
        `holds no layer "${options.layer}"; its layers are ${describeNames(layers.map(baseName))}`,
        `enthält keine Ebene „${options.layer}“; ihre Ebenen sind ${describeNames(layers.map(baseName), 20, 'de')}`,
      ),
      { source },
    );
  }
  if (layers.length === 1) return groups.get(layers[0]!)!;
  if (layers.length === 0) {
    const listed = names.length > 0 ? describeNames(names.slice(0, 20)) : 'nothing';
    throw new SozialraumError(
      'missing-file',
      message(
        `holds no Shapefile (no .shp among ${listed})`,
        `enthält keinen Shapefile (keine .shp unter ${names.length > 0 ? describeNames(names.slice(0, 20), 20, 'de') : 'nichts'})`,
      ),
      { source },
    );
  }
  throw new SozialraumError(
    'unknown-field',
    message(
      `holds ${layers.length} layers (${describeNames(layers.map(baseName))}); choose one (--layer, or the "layer" option)`,
      `enthält ${layers.length} Ebenen (${describeNames(layers.map(baseName), 20, 'de')}); wählen Sie eine (--layer oder die Option „layer“)`,
    ),
    { source },
  );
}

/** "a/b/Ortsteile.shp" → "Ortsteile"; keys in lower case stay so. */
function baseName(path: string): string {
  const file = path.slice(path.lastIndexOf('/') + 1);
  const dot = file.lastIndexOf('.');
  return dot > 0 && PARTS.includes(file.slice(dot).toLowerCase()) ? file.slice(0, dot) : file;
}

// ---------------------------------------------------------------------------------------------------------------
// .shp and .shx

const SHAPE_TYPES: Record<number, string> = {
  0: 'Null',
  1: 'Point',
  3: 'PolyLine',
  5: 'Polygon',
  8: 'MultiPoint',
  11: 'PointZ',
  13: 'PolyLineZ',
  15: 'PolygonZ',
  18: 'MultiPointZ',
  21: 'PointM',
  23: 'PolyLineM',
  25: 'PolygonM',
  28: 'MultiPointM',
  31: 'MultiPatch',
};

function readShxCount(bytes: Uint8Array, source: string): number {
  if (!isShp(bytes))
    shpProblem(source, 'does not start with the file code 9994 of a Shapefile index', 'beginnt nicht mit dem Dateicode 9994 eines Shapefile-Index');
  return Math.floor((bytes.length - 100) / 8);
}

function shpProblem(source: string, en: string, de: string): never {
  throw new SozialraumError('parse-error', message(en, de), { source });
}

/** The shapes of a .shp in file order, as GeoJSON geometries (x and y; Z and M are left out), null for null shapes. */
function readShp(bytes: Uint8Array, source: string): { type: string; geometries: (Geometry | null)[] } {
  if (!isShp(bytes)) shpProblem(source, 'does not start with the file code 9994 of a Shapefile', 'beginnt nicht mit dem Dateicode 9994 eines Shapefiles');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const type = SHAPE_TYPES[view.getInt32(32, true)] ?? `type ${view.getInt32(32, true)}`;
  const end = Math.min(bytes.length, view.getInt32(24, false) * 2);
  const geometries: (Geometry | null)[] = [];
  for (let at = 100; at + 8 <= end;) {
    const length = view.getInt32(at + 4, false) * 2;
    const record = geometries.length + 1;
    if (length < 4 || at + 8 + length > bytes.length) {
      shpProblem(
        `${source}, feature ${record}`,
        `the record is cut short or damaged (${length} bytes at byte ${at + 8})`,
        `der Datensatz ist abgeschnitten oder beschädigt (${germanNumber(length)} Bytes bei Byte ${germanNumber(at + 8)})`,
      );
    }
    geometries.push(readShape(new DataView(bytes.buffer, bytes.byteOffset + at + 8, length), `${source}, feature ${record}`));
    at += 8 + length;
  }
  return { type, geometries };
}

function readShape(view: DataView, where: string): Geometry | null {
  const type = view.getInt32(0, true);
  const point = (at: number): Position => [view.getFloat64(at, true), view.getFloat64(at + 8, true)];
  const need = (bytes: number) => {
    if (view.byteLength < bytes)
      shpProblem(where, `the shape is cut short (${view.byteLength} bytes)`, `die Form ist abgeschnitten (${germanNumber(view.byteLength)} Bytes)`);
  };
  switch (type) {
    case 0:
      return null;
    case 1:
    case 11:
    case 21:
      need(20);
      return { type: 'Point', coordinates: point(4) };
    case 8:
    case 18:
    case 28: {
      need(40);
      const count = view.getInt32(36, true);
      need(40 + 16 * count);
      return { type: 'MultiPoint', coordinates: Array.from({ length: count }, (_, index) => point(40 + 16 * index)) };
    }
    case 3:
    case 13:
    case 23:
    case 5:
    case 15:
    case 25: {
      need(44);
      const parts = view.getInt32(36, true);
      const points = view.getInt32(40, true);
      need(44 + 4 * parts + 16 * points);
      const start = 44 + 4 * parts;
      const rings: Position[][] = [];
      for (let part = 0; part < parts; part += 1) {
        const from = view.getInt32(44 + 4 * part, true);
        const to = part + 1 < parts ? view.getInt32(48 + 4 * part, true) : points;
        rings.push(Array.from({ length: Math.max(0, to - from) }, (_, index) => point(start + 16 * (from + index))));
      }
      if (type % 10 === 3) return rings.length === 1 ? { type: 'LineString', coordinates: rings[0]! } : { type: 'MultiLineString', coordinates: rings };
      return polygonFromRings(rings);
    }
    default:
      return shpProblem(
        where,
        `has shape type ${type} (${SHAPE_TYPES[type] ?? 'unknown'}), which is not read`,
        `hat den Formtyp ${type} (${SHAPE_TYPES[type] ?? 'unbekannt'}), der nicht gelesen wird`,
      );
  }
}

/**
 * Polygons from a Shapefile's rings: outer rings run clockwise, holes counter-clockwise; each hole belongs to the
 * smallest outer ring around it. Written the GeoJSON way round (outer counter-clockwise), as GDAL's RFC 7946 output.
 */
function polygonFromRings(rings: Position[][]): Polygon | MultiPolygon | null {
  const usable = rings.filter((ring) => ring.length >= 4);
  if (usable.length === 0) return null;
  const areas = usable.map(signedArea);
  let outers = usable.filter((_, index) => areas[index]! < 0);
  let holes = usable.filter((_, index) => areas[index]! >= 0);
  // A file written the wrong way round has only counter-clockwise rings: each is then an outer ring.
  if (outers.length === 0) [outers, holes] = [holes, []];
  const polygons: Position[][][] = outers.map((ring) => [areas[usable.indexOf(ring)]! < 0 ? [...ring].reverse() : ring]);
  const sizes = polygons.map((polygon) => Math.abs(signedArea(polygon[0]!)));
  for (const hole of holes) {
    let best = -1;
    polygons.forEach((polygon, index) => {
      const inside = hole.some((point) => pointInRing(point, polygon[0]!) === 1) || hole.every((point) => pointInRing(point, polygon[0]!) === 0);
      if (inside && (best === -1 || sizes[index]! < sizes[best]!)) best = index;
    });
    if (best === -1) polygons.push([hole]);
    else polygons[best]!.push([...hole].reverse());
  }
  return polygons.length === 1 ? { type: 'Polygon', coordinates: polygons[0]! } : { type: 'MultiPolygon', coordinates: polygons };
}

// ---------------------------------------------------------------------------------------------------------------
// Writing

/**
 * A zipped Shapefile of areas or points: .shp and .shx (polygons with outer rings clockwise as the format wants, or
 * points), .dbf in
 * UTF-8 with a .cpg saying so, and the .prj of the CRS. Field names longer than 10 characters are cut (reported
 * in `renamed`).
 */
export function writeShapefileZip(collection: FeatureCollection, options: { crs: string; name: string }): { bytes: Uint8Array; renamed: [string, string][] } {
  const names = [...new Set(collection.features.flatMap((feature) => Object.keys(feature.properties ?? {})))];
  const dbf = writeDbf(
    names,
    collection.features.map((feature) => feature.properties ?? {}),
  );
  const { shp, shx } = writeShp(collection.features.map((feature) => feature.geometry));
  const files = new Map<string, Uint8Array>([
    [`${options.name}.shp`, shp],
    [`${options.name}.shx`, shx],
    [`${options.name}.dbf`, dbf.bytes],
  ]);
  const prj = prjForCrs(options.crs);
  if (prj) files.set(`${options.name}.prj`, new TextEncoder().encode(prj));
  files.set(`${options.name}.cpg`, new TextEncoder().encode('UTF-8'));
  const renamed = names.map((name, index) => [name, dbf.fieldNames[index]!] as [string, string]).filter(([from, to]) => from !== to);
  return { bytes: writeZip(files), renamed };
}

/** Polygons (type 5), or points (type 1) when every geometry is a point; anything else is written as a null shape. */
function writeShp(geometries: readonly (Geometry | null)[]): { shp: Uint8Array; shx: Uint8Array } {
  const points = geometries.some((geometry) => geometry?.type === 'Point') && geometries.every((geometry) => !geometry || geometry.type === 'Point');
  const shapeType = points ? 1 : 5;
  const records = geometries.map((geometry) => {
    if (geometry?.type === 'Point') return { rings: [[geometry.coordinates]] };
    if (!geometry || (geometry.type !== 'Polygon' && geometry.type !== 'MultiPolygon')) return { rings: [] as Position[][] };
    const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
    const rings = polygons.flatMap((polygon) =>
      polygon.map((ring, index) => {
        const clockwise = signedArea(ring) < 0;
        return (index === 0) === clockwise ? ring : [...ring].reverse();
      }),
    );
    return { rings };
  });
  const lengths = records.map(({ rings }) =>
    rings.length === 0 ? 4 : points ? 20 : 44 + 4 * rings.length + 16 * rings.reduce((sum, ring) => sum + ring.length, 0),
  );
  const shpLength = 100 + lengths.reduce((sum, length) => sum + 8 + length, 0);
  const shp = new Uint8Array(shpLength);
  const shx = new Uint8Array(100 + 8 * records.length);
  const box = emptyBox();
  const view = new DataView(shp.buffer);
  const index = new DataView(shx.buffer);
  let at = 100;
  records.forEach(({ rings }, position) => {
    index.setInt32(100 + 8 * position, at / 2, false);
    index.setInt32(104 + 8 * position, lengths[position]! / 2, false);
    view.setInt32(at, position + 1, false);
    view.setInt32(at + 4, lengths[position]! / 2, false);
    const content = at + 8;
    if (rings.length === 0) {
      view.setInt32(content, 0, true);
    } else if (points) {
      const [x, y] = rings[0]![0]!;
      view.setInt32(content, 1, true);
      view.setFloat64(content + 4, x!, true);
      view.setFloat64(content + 12, y!, true);
      extendBox(box, x!, y!);
    } else {
      view.setInt32(content, 5, true);
      const points = rings.flat();
      const own = boxOf(points);
      own.forEach((value, k) => view.setFloat64(content + 4 + 8 * k, value, true));
      extendBox(extendBox(box, own[0], own[1]), own[2], own[3]);
      view.setInt32(content + 36, rings.length, true);
      view.setInt32(content + 40, points.length, true);
      let first = 0;
      rings.forEach((ring, k) => {
        view.setInt32(content + 44 + 4 * k, first, true);
        first += ring.length;
      });
      const start = content + 44 + 4 * rings.length;
      points.forEach(([x, y], k) => {
        view.setFloat64(start + 16 * k, x!, true);
        view.setFloat64(start + 16 * k + 8, y!, true);
      });
    }
    at += 8 + lengths[position]!;
  });
  for (const [bytes, length] of [
    [shp, shpLength],
    [shx, shx.length],
  ] as const) {
    const header = new DataView(bytes.buffer);
    header.setInt32(0, 9994, false);
    header.setInt32(24, length / 2, false);
    header.setInt32(28, 1000, true);
    header.setInt32(32, shapeType, true);
    (Number.isFinite(box[0]) ? box : [0, 0, 0, 0]).forEach((value, k) => header.setFloat64(36 + 8 * k, value!, true));
  }
  return { shp, shx };
}
