// GeoPackage vector layers in and out. A GeoPackage is an SQLite database; SQLite comes as WebAssembly (sql.js),
// loaded on the first GeoPackage only, so pages and workers that never see one do not load it.
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import type { Database, SqlJsStatic, SqlValue } from 'sql.js';
import { SozialraumError, germanNumber, message, throwIfAborted, type Message } from '../errors.js';
import { describeNames } from './text.js';
import { WkbError, decodeGeoPackageGeometry, encodeGeoPackageGeometry } from './wkb.js';

/** "SQLite format 3" and a NUL: the first 16 bytes of every SQLite database, so of every GeoPackage. */
const SQLITE_HEADER = [0x53, 0x51, 0x4c, 0x69, 0x74, 0x65, 0x20, 0x66, 0x6f, 0x72, 0x6d, 0x61, 0x74, 0x20, 0x33, 0x00];

/** True when the bytes start like an SQLite database (a GeoPackage is one). */
export function isGeoPackage(bytes: Uint8Array): boolean {
  return SQLITE_HEADER.every((byte, index) => bytes[index] === byte);
}

/** What `info` tells about a layer. */
export interface GeoPackageLayer {
  name: string;
  /** As gpkg_geometry_columns names it: POLYGON, MULTIPOLYGON, POINT, GEOMETRY, … */
  geometryType: string;
  count: number;
  /** "EPSG:n", or undefined for the undefined systems (srs_id 0 and -1). */
  crs: string | undefined;
  /** Attribute columns, without the feature id and the geometry column. */
  fields: string[];
}

export interface GeoPackageReadOptions {
  source: string;
  /** The layer (table) to read; needed when the file has more than one vector layer. */
  layer?: string;
  signal?: AbortSignal;
}

/**
 * Where the browser finds sql.js's WebAssembly, relative to this module. Unbundled (tests, the dev server) that is
 * node_modules; rollup.config.mjs replaces the folder by "./", the wasm file being copied beside dist/sozialraum.js.
 */
const SQL_WASM_DIR = '../../../../node_modules/sql.js/dist/';

let engine: Promise<SqlJsStatic> | undefined;

function inNode(): boolean {
  return typeof (globalThis as { process?: { versions?: { node?: string } } }).process?.versions?.node === 'string';
}

/** sql.js, loaded once. A failure is not kept, so a page whose policy is fixed can try again without a reload. */
async function sqlite(source: string): Promise<SqlJsStatic> {
  engine ??= (async () => {
    const { default: initSqlJs } = await import('sql.js');
    // In Node, sql.js reads its wasm beside its own script; a browser fetches it by URL.
    return initSqlJs(inNode() ? {} : { locateFile: (file: string) => new URL(`${SQL_WASM_DIR}${file}`, import.meta.url).href });
  })();
  try {
    return await engine;
  } catch (error) {
    engine = undefined;
    const text = error instanceof Error ? error.message : String(error);
    // A Content-Security-Policy without 'wasm-unsafe-eval' makes the browser refuse to compile the module.
    if (/unsafe-eval|Content Security Policy|Refused to compile/i.test(text)) {
      throw new SozialraumError(
        'fetch-failed',
        message(
          "cannot be read here: the page's Content-Security-Policy does not allow WebAssembly ('wasm-unsafe-eval' in script-src), which the GeoPackage reader needs; add it, or convert the file with `sozialraum convert file.gpkg file.geojson`",
          "kann hier nicht gelesen werden: die Content-Security-Policy der Seite erlaubt kein WebAssembly ('wasm-unsafe-eval' in script-src), das der GeoPackage-Leser braucht; ergänzen Sie es, oder wandeln Sie die Datei mit `sozialraum convert datei.gpkg datei.geojson` um",
        ),
        { source },
        { cause: error },
      );
    }
    throw new SozialraumError(
      'fetch-failed',
      message(
        `cannot be read: the SQLite reader (WebAssembly) could not be loaded (${text})`,
        `ist nicht lesbar: der SQLite-Leser (WebAssembly) ließ sich nicht laden (${text})`,
      ),
      { source },
      { cause: error },
    );
  }
}

/** Opens the bytes as a GeoPackage, or fails naming the file: not SQLite, damaged, or SQLite without gpkg_contents. */
async function openGeoPackage(bytes: Uint8Array, source: string): Promise<Database> {
  if (!isGeoPackage(bytes)) {
    throw new SozialraumError(
      'unknown-format',
      message('is not a GeoPackage (it does not start with "SQLite format 3")', 'ist kein GeoPackage (sie beginnt nicht mit „SQLite format 3“)'),
      {
        source,
      },
    );
  }
  const SQL = await sqlite(source);
  const db = new SQL.Database(bytes);
  try {
    const tables = db.exec(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ('gpkg_contents', 'gpkg_geometry_columns', 'gpkg_spatial_ref_sys')",
    );
    const found = new Set((tables[0]?.values ?? []).map((row) => String(row[0])));
    if (!found.has('gpkg_contents')) {
      throw new SozialraumError(
        'unknown-format',
        message(
          'is an SQLite database but no GeoPackage: it has no gpkg_contents table',
          'ist eine SQLite-Datenbank, aber kein GeoPackage: sie hat keine Tabelle gpkg_contents',
        ),
        { source },
      );
    }
    return db;
  } catch (error) {
    db.close();
    throw damaged(error, source);
  }
}

/** SQLite's own complaint ("file is not a database", "database disk image is malformed") as the toolkit's error. */
function damaged(error: unknown, source: string, where?: Message): SozialraumError {
  if (error instanceof SozialraumError) return error;
  const text = error instanceof Error ? error.message : String(error);
  const at = where ? { en: ` (${where.en})`, de: ` (${where.de})` } : { en: '', de: '' };
  return new SozialraumError(
    'parse-error',
    message(`is damaged or no GeoPackage${at.en}: SQLite says "${text}"`, `ist beschädigt oder kein GeoPackage${at.de}: SQLite meldet „${text}“`),
    { source },
    { cause: error },
  );
}

function quote(identifier: string): string {
  return `"${identifier.replaceAll('"', '""')}"`;
}

function rows(db: Database, sql: string, params: SqlValue[] = []): SqlValue[][] {
  const statement = db.prepare(sql);
  try {
    statement.bind(params);
    const out: SqlValue[][] = [];
    while (statement.step()) out.push(statement.get());
    return out;
  } finally {
    statement.free();
  }
}

interface LayerTable extends GeoPackageLayer {
  geometryColumn: string;
  /** The INTEGER PRIMARY KEY column (the feature id), if any. */
  idColumn: string | undefined;
  srsId: number;
  /** Declared column types, for booleans (stored as 0 and 1). */
  types: Map<string, string>;
}

function layerTables(db: Database, source: string): LayerTable[] {
  const hasGeometryColumns = rows(db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'gpkg_geometry_columns'").length > 0;
  if (!hasGeometryColumns) return [];
  const layers = rows(
    db,
    `SELECT c.table_name, g.column_name, g.geometry_type_name, g.srs_id
       FROM gpkg_contents c JOIN gpkg_geometry_columns g ON g.table_name = c.table_name
      WHERE lower(c.data_type) = 'features' ORDER BY c.rowid`,
  );
  return layers.map(([table, column, type, srs]) => {
    const name = String(table);
    const info = rows(db, `PRAGMA table_info(${quote(name)})`);
    if (info.length === 0) {
      throw new SozialraumError(
        'parse-error',
        message(
          `lists the layer "${name}" in gpkg_contents, but has no such table`,
          `führt die Ebene „${name}“ in gpkg_contents, hat aber keine solche Tabelle`,
        ),
        { source },
      );
    }
    const geometryColumn = String(column);
    const idColumn = info.find((row) => Number(row[5]) === 1 && String(row[2]).toUpperCase() === 'INTEGER')?.[1];
    const types = new Map(info.map((row) => [String(row[1]), String(row[2]).toUpperCase()]));
    const fields = [...types.keys()].filter((field) => field !== geometryColumn && field !== idColumn);
    const count = Number(rows(db, `SELECT count(*) FROM ${quote(name)}`)[0]?.[0] ?? 0);
    const srsId = Number(srs);
    return {
      name,
      geometryType: String(type).toUpperCase(),
      count,
      crs: crsOf(db, srsId, source),
      fields,
      geometryColumn,
      idColumn: idColumn === undefined || idColumn === null ? undefined : String(idColumn),
      srsId,
      types,
    };
  });
}

/**
 * The CRS of an srs_id as "EPSG:n": from organization and organization_coordsys_id, else from the authority the WKT
 * definition names last (the outermost one, in WKT 1 and 2). The undefined systems 0 and -1 give undefined, so that
 * the reader's rules for files without a CRS apply. Anything else is refused with the system's name.
 */
function crsOf(db: Database, srsId: number, source: string): string | undefined {
  if (srsId === 0 || srsId === -1) return undefined;
  const [row] = rows(db, 'SELECT srs_name, organization, organization_coordsys_id, definition FROM gpkg_spatial_ref_sys WHERE srs_id = ?', [srsId]);
  if (!row) {
    throw new SozialraumError(
      'unknown-crs',
      message(
        `names the coordinate system ${srsId}, which gpkg_spatial_ref_sys does not define`,
        `nennt das Koordinatensystem ${srsId}, das gpkg_spatial_ref_sys nicht definiert`,
      ),
      { source },
    );
  }
  const [name, organization, code, definition] = row;
  if (String(organization).toUpperCase() === 'EPSG' && Number(code) > 0) return `EPSG:${Number(code)}`;
  const authorities = [...String(definition ?? '').matchAll(/(?:AUTHORITY|ID)\[\s*"EPSG"\s*,\s*"?(\d+)"?\s*\]/gi)];
  const last = authorities[authorities.length - 1];
  if (last) return `EPSG:${last[1]}`;
  throw new SozialraumError(
    'unknown-crs',
    message(
      `uses the coordinate system "${String(name)}" (srs_id ${srsId}), which names no EPSG code; reproject the layer in a GIS or give the CRS`,
      `verwendet das Koordinatensystem „${String(name)}“ (srs_id ${srsId}), das keinen EPSG-Code nennt; projizieren Sie die Ebene in einem GIS um oder geben Sie das KBS an`,
    ),
    { source },
  );
}

/** The vector layers of a GeoPackage, in the order of gpkg_contents. */
export async function listGeoPackageLayers(bytes: Uint8Array, options: { source: string }): Promise<GeoPackageLayer[]> {
  const db = await openGeoPackage(bytes, options.source);
  try {
    return layerTables(db, options.source).map(({ name, geometryType, count, crs, fields }) => ({ name, geometryType, count, crs, fields }));
  } catch (error) {
    throw damaged(error, options.source);
  } finally {
    db.close();
  }
}

/** The layer named in a URL's or path's fragment ("moabit.gpkg#roads" gives "roads"), if any. */
export function layerInSource(pathOrUrl: string): string | undefined {
  const hash = pathOrUrl.indexOf('#');
  if (hash < 0 || hash === pathOrUrl.length - 1) return undefined;
  const fragment = pathOrUrl.slice(hash + 1);
  try {
    return decodeURIComponent(fragment);
  } catch {
    return fragment;
  }
}

function describeLayers(layers: readonly LayerTable[], language: 'en' | 'de'): string {
  return layers
    .map((layer) =>
      language === 'de' ? `„${layer.name}“ (${layer.geometryType}, ${germanNumber(layer.count)})` : `"${layer.name}" (${layer.geometryType}, ${layer.count})`,
    )
    .join(', ');
}

/** The layer asked for, or the only one; else an error naming the file and listing the layers. */
function chooseLayer(layers: LayerTable[], wanted: string | undefined, source: string, otherTables: string[]): LayerTable {
  if (layers.length === 0) {
    const others =
      otherTables.length > 0
        ? { en: `; its tables are ${describeNames(otherTables)}`, de: `; ihre Tabellen sind ${describeNames(otherTables, 20, 'de')}` }
        : { en: '', de: '' };
    throw new SozialraumError(
      'empty-file',
      message(
        `holds no vector layer (gpkg_contents lists no table of type "features")${others.en}`,
        `enthält keine Vektorebene (gpkg_contents führt keine Tabelle vom Typ „features“)${others.de}`,
      ),
      { source },
    );
  }
  if (wanted !== undefined) {
    const found = layers.find((layer) => layer.name === wanted) ?? layers.find((layer) => layer.name.toLowerCase() === wanted.toLowerCase());
    if (found) return found;
    throw new SozialraumError(
      'unknown-field',
      message(
        `has no layer "${wanted}"; its layers are ${describeLayers(layers, 'en')}`,
        `hat keine Ebene „${wanted}“; ihre Ebenen sind ${describeLayers(layers, 'de')}`,
      ),
      { source },
    );
  }
  if (layers.length === 1) return layers[0]!;
  throw new SozialraumError(
    'unknown-field',
    message(
      `holds ${layers.length} vector layers and none was chosen: ${describeLayers(layers, 'en')}; choose one (attribute layer, or "file.gpkg#layer"; on the command line --layer)`,
      `enthält ${layers.length} Vektorebenen, und keine wurde gewählt: ${describeLayers(layers, 'de')}; wählen Sie eine (Attribut layer oder „datei.gpkg#ebene“; auf der Kommandozeile --layer)`,
    ),
    { source },
  );
}

/**
 * Reads one vector layer as GeoJSON features: attributes as properties (booleans from their declared type), the
 * geometry from the GeoPackage binary header and WKB, Z and M dropped. Returns the CRS from gpkg_spatial_ref_sys.
 */
export async function readGeoPackage(
  bytes: Uint8Array,
  options: GeoPackageReadOptions,
): Promise<{ collection: FeatureCollection; crs: string | undefined; layer: GeoPackageLayer }> {
  const { source, signal } = options;
  throwIfAborted(signal, source);
  const db = await openGeoPackage(bytes, source);
  try {
    const layers = layerTables(db, source);
    const otherTables = layers.length === 0 ? rows(db, 'SELECT table_name FROM gpkg_contents ORDER BY rowid').map((row) => String(row[0])) : [];
    const layer = chooseLayer(layers, options.layer ?? layerInSource(source), source, otherTables);
    const features = readFeatures(db, layer, source, signal);
    const { name, geometryType, count, crs, fields } = layer;
    return { collection: { type: 'FeatureCollection', features }, crs, layer: { name, geometryType, count, crs, fields } };
  } catch (error) {
    throw damaged(error, source);
  } finally {
    db.close();
  }
}

function readFeatures(db: Database, layer: LayerTable, source: string, signal: AbortSignal | undefined): Feature[] {
  const columns = [layer.geometryColumn, ...layer.fields];
  const order = layer.idColumn ? ` ORDER BY ${quote(layer.idColumn)}` : '';
  const statement = db.prepare(`SELECT ${[...columns, layer.idColumn ?? 'rowid'].map(quote).join(', ')} FROM ${quote(layer.name)}${order}`);
  const features: Feature[] = [];
  try {
    while (statement.step()) {
      if (features.length % 1000 === 0) throwIfAborted(signal, source);
      const values = statement.get();
      const properties: Record<string, unknown> = {};
      layer.fields.forEach((field, index) => {
        const value = values[index + 1];
        properties[field] = value instanceof Uint8Array ? null : layer.types.get(field) === 'BOOLEAN' && typeof value === 'number' ? value !== 0 : value;
      });
      const blob = values[0];
      let geometry: Geometry | null = null;
      if (blob instanceof Uint8Array) {
        try {
          geometry = decodeGeoPackageGeometry(blob);
        } catch (error) {
          if (!(error instanceof WkbError)) throw error;
          const position = features.length + 1;
          const id = values[values.length - 1];
          throw new SozialraumError(
            'parse-error',
            message(
              `layer "${layer.name}", feature ${position} (fid ${String(id)}): the geometry ${error.en}`,
              `Ebene „${layer.name}“, Objekt ${position} (fid ${String(id)}): die Geometrie ${error.de}`,
            ),
            { source, feature: position },
          );
        }
      }
      features.push({ type: 'Feature', properties, geometry: geometry as Geometry });
    }
  } finally {
    statement.free();
  }
  return features;
}

export interface GeoPackageWriteOptions {
  /** The layer's table name; letters, digits and underscores are safest for GIS software. */
  layer: string;
  source?: string;
}

/**
 * Writes features as a GeoPackage 1.3 with one vector layer: application_id "GPKG", user_version 10300, the
 * required gpkg_spatial_ref_sys (with the EPSG code of `crs`), gpkg_contents with the extent, gpkg_geometry_columns,
 * and the features as GeoPackage binary with WKB. Column types follow all values (INTEGER, REAL, BOOLEAN, TEXT).
 */
export async function writeGeoPackage(collection: FeatureCollection, crs: string, options: GeoPackageWriteOptions): Promise<Uint8Array> {
  const SQL = await sqlite(options.source ?? options.layer);
  const code = Number(/^EPSG:(\d+)$/i.exec(crs)?.[1]);
  if (!Number.isInteger(code) || code <= 0) {
    throw new SozialraumError(
      'unknown-crs',
      message(
        `cannot be written in "${crs}": a GeoPackage needs an EPSG code`,
        `kann nicht in „${crs}“ geschrieben werden: ein GeoPackage braucht einen EPSG-Code`,
      ),
      {
        source: options.source ?? options.layer,
      },
    );
  }
  const db = new SQL.Database();
  try {
    db.run(SCHEMA);
    // GIS software resolves the system from organization and code; the definition may say 'undefined' (GeoPackage 1.3, 2.1.3.1.1).
    if (code !== 4326) db.run('INSERT INTO gpkg_spatial_ref_sys VALUES (?, ?, ?, ?, ?, ?)', [crs, code, 'EPSG', code, 'undefined', `EPSG:${code}`]);
    const columns = columnTypes(collection.features);
    const fid = columns.has('fid') ? 'gpkg_fid' : 'fid';
    const types = new Set(collection.features.map((feature) => feature.geometry?.type.toUpperCase()).filter((type) => type !== undefined));
    const geometryType = types.size === 1 ? [...types][0]! : 'GEOMETRY';
    const table = quote(options.layer);
    const definitions = [...columns].map(([name, type]) => `${quote(name)} ${type}`);
    db.run(
      `CREATE TABLE ${table} (${quote(fid)} INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, geom ${geometryType}${definitions.map((text) => `, ${text}`).join('')})`,
    );
    const insert = db.prepare(
      `INSERT INTO ${table} (geom${[...columns.keys()].map((name) => `, ${quote(name)}`).join('')}) VALUES (?${', ?'.repeat(columns.size)})`,
    );
    const box = [Infinity, Infinity, -Infinity, -Infinity];
    try {
      db.run('BEGIN');
      for (const feature of collection.features) {
        const blob = encodeGeoPackageGeometry(feature.geometry, code);
        if (blob.length > 8 && (blob[3]! & 0x10) === 0) {
          const envelope = new DataView(blob.buffer, blob.byteOffset + 8, 32);
          box[0] = Math.min(box[0]!, envelope.getFloat64(0, true));
          box[2] = Math.max(box[2]!, envelope.getFloat64(8, true));
          box[1] = Math.min(box[1]!, envelope.getFloat64(16, true));
          box[3] = Math.max(box[3]!, envelope.getFloat64(24, true));
        }
        insert.run([blob, ...[...columns].map(([name, type]) => sqlValue(feature.properties?.[name], type))]);
      }
      db.run('COMMIT');
    } finally {
      insert.free();
    }
    const extent = box[0] === Infinity ? [null, null, null, null] : box;
    db.run('INSERT INTO gpkg_contents (table_name, data_type, identifier, min_x, min_y, max_x, max_y, srs_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)', [
      options.layer,
      'features',
      options.layer,
      ...extent,
      code,
    ]);
    db.run('INSERT INTO gpkg_geometry_columns VALUES (?, ?, ?, ?, 0, 0)', [options.layer, 'geom', geometryType, code]);
    return db.export();
  } finally {
    db.close();
  }
}

function columnTypes(features: readonly Feature[]): Map<string, string> {
  const columns = new Map<string, string>();
  for (const feature of features) {
    for (const [name, value] of Object.entries(feature.properties ?? {})) {
      const type =
        value === null || value === undefined
          ? undefined
          : typeof value === 'boolean'
            ? 'BOOLEAN'
            : typeof value === 'number'
              ? Number.isInteger(value)
                ? 'INTEGER'
                : 'REAL'
              : 'TEXT';
      const before = columns.get(name);
      if (before === undefined || before === 'NULL') columns.set(name, type ?? 'NULL');
      else if (type !== undefined && type !== before)
        columns.set(name, (before === 'INTEGER' && type === 'REAL') || (before === 'REAL' && type === 'INTEGER') ? 'REAL' : 'TEXT');
    }
  }
  for (const [name, type] of columns) if (type === 'NULL') columns.set(name, 'TEXT');
  return columns;
}

function sqlValue(value: unknown, type: string): SqlValue {
  if (value === null || value === undefined) return null;
  if (type === 'BOOLEAN') return value ? 1 : 0;
  if (type === 'TEXT') return typeof value === 'object' ? JSON.stringify(value) : String(value);
  return value as number;
}

/** The tables GeoPackage 1.3 requires, as its specification defines them, and the two undefined systems it requires. */
const SCHEMA = `
PRAGMA application_id = 1196444487;
PRAGMA user_version = 10300;
CREATE TABLE gpkg_spatial_ref_sys (srs_name TEXT NOT NULL, srs_id INTEGER PRIMARY KEY, organization TEXT NOT NULL,
  organization_coordsys_id INTEGER NOT NULL, definition TEXT NOT NULL, description TEXT);
CREATE TABLE gpkg_contents (table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT NULL, identifier TEXT UNIQUE,
  description TEXT DEFAULT '', last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
  min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE, srs_id INTEGER,
  CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id));
CREATE TABLE gpkg_geometry_columns (table_name TEXT NOT NULL, column_name TEXT NOT NULL, geometry_type_name TEXT NOT NULL,
  srs_id INTEGER NOT NULL, z TINYINT NOT NULL, m TINYINT NOT NULL,
  CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name), CONSTRAINT uk_gc_table_name UNIQUE (table_name),
  CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name),
  CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys (srs_id));
INSERT INTO gpkg_spatial_ref_sys VALUES ('Undefined cartesian SRS', -1, 'NONE', -1, 'undefined', 'undefined cartesian coordinate reference system');
INSERT INTO gpkg_spatial_ref_sys VALUES ('Undefined geographic SRS', 0, 'NONE', 0, 'undefined', 'undefined geographic coordinate reference system');
INSERT INTO gpkg_spatial_ref_sys VALUES ('WGS 84 geodetic', 4326, 'EPSG', 4326, 'GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,AUTHORITY["EPSG","7030"]],AUTHORITY["EPSG","6326"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AUTHORITY["EPSG","4326"]]', 'longitude/latitude coordinates in decimal degrees on the WGS 84 spheroid');
`;
