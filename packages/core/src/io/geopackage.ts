// GeoPackage vector layers in. A GeoPackage is an SQLite database; SQLite comes as WebAssembly (see sqlite.ts).
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import type { Database, SqlValue } from 'sql.js';
import { SozialraumError, germanNumber, message, throwIfAborted, type Message } from '../errors.js';
import { describeNames } from './text.js';
import { quote, sqlite } from './sqlite.js';
import { WkbError, decodeGeoPackageGeometry } from './wkb.js';
import { isGeoPackage, layerInSource } from './geopackage-input.js';

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
