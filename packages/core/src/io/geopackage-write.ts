// GeoPackage out: one vector layer, as GIS software reads it. A module of its own, so that pages which only read
// GeoPackages (or none) do not carry the writer; the editor's export loads it with its runtime.
import type { Feature, FeatureCollection, Geometry, Position } from 'geojson';
import type { SqlValue } from 'sql.js';
import { SozialraumError, message } from '../errors.js';
import { quote, sqlite } from './sqlite.js';
import { GEOMETRY_TYPES } from './wkb.js';
import { emptyBox, extendBox, geometryBox } from '../geometry/index.js';

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
    const box = emptyBox();
    try {
      db.run('BEGIN');
      for (const feature of collection.features) {
        const blob = encodeGeoPackageGeometry(feature.geometry, code);
        if (blob.length > 8 && (blob[3]! & 0x10) === 0) {
          // The envelope the blob carries: [minx, maxx, miny, maxy].
          const envelope = new DataView(blob.buffer, blob.byteOffset + 8, 32);
          extendBox(box, envelope.getFloat64(0, true), envelope.getFloat64(16, true));
          extendBox(box, envelope.getFloat64(8, true), envelope.getFloat64(24, true));
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

/** A 2D geometry as a GeoPackage blob: header little endian with an xy envelope, then ISO WKB little endian. */
export function encodeGeoPackageGeometry(geometry: Geometry | null, srsId: number): Uint8Array {
  const wkb: number[] = [];
  if (geometry) writeGeometry(geometry, new ByteSink(wkb));
  const [minX, minY, maxX, maxY] = geometry ? geometryBox(geometry) : emptyBox();
  const box = [minX, maxX, minY, maxY];
  const empty = !geometry || minX > maxX;
  const header = new ArrayBuffer(empty ? 8 : 40);
  const view = new DataView(header);
  view.setUint8(0, 0x47);
  view.setUint8(1, 0x50);
  view.setUint8(2, 0);
  // Flags: little endian (bit 0), envelope [minx, maxx, miny, maxy] (code 1 in bits 1-3), or the empty flag (bit 4).
  view.setUint8(3, empty ? 0x11 : 0x03);
  view.setInt32(4, srsId, true);
  if (!empty) box.forEach((value, index) => view.setFloat64(8 + index * 8, value, true));
  if (empty) {
    // An empty geometry still carries WKB, by the specification: an empty GeometryCollection.
    const out = new Uint8Array(8 + 9);
    out.set(new Uint8Array(header));
    out.set([1, 7, 0, 0, 0, 0, 0, 0, 0], 8);
    return out;
  }
  const out = new Uint8Array(header.byteLength + wkb.length);
  out.set(new Uint8Array(header));
  out.set(wkb, header.byteLength);
  return out;
}

class ByteSink {
  readonly #scratch = new DataView(new ArrayBuffer(8));

  constructor(readonly out: number[]) {}

  byte(value: number): void {
    this.out.push(value);
  }

  uint32(value: number): void {
    this.#scratch.setUint32(0, value, true);
    for (let index = 0; index < 4; index += 1) this.out.push(this.#scratch.getUint8(index));
  }

  float64(value: number): void {
    this.#scratch.setFloat64(0, value, true);
    for (let index = 0; index < 8; index += 1) this.out.push(this.#scratch.getUint8(index));
  }
}

function writeGeometry(geometry: Geometry, sink: ByteSink): void {
  sink.byte(1);
  sink.uint32(GEOMETRY_TYPES.indexOf(geometry.type));
  const position = ([x, y]: Position) => {
    sink.float64(x!);
    sink.float64(y!);
  };
  const positions = (list: Position[]) => {
    sink.uint32(list.length);
    list.forEach(position);
  };
  const rings = (list: Position[][]) => {
    sink.uint32(list.length);
    list.forEach(positions);
  };
  const part = (type: string, write: () => void) => {
    sink.byte(1);
    sink.uint32(GEOMETRY_TYPES.indexOf(type as (typeof GEOMETRY_TYPES)[number]));
    write();
  };
  switch (geometry.type) {
    case 'Point':
      if (geometry.coordinates.length === 0) {
        sink.float64(NaN);
        sink.float64(NaN);
      } else position(geometry.coordinates);
      return;
    case 'LineString':
      return positions(geometry.coordinates);
    case 'Polygon':
      return rings(geometry.coordinates);
    case 'MultiPoint':
      sink.uint32(geometry.coordinates.length);
      return geometry.coordinates.forEach((point) => part('Point', () => position(point)));
    case 'MultiLineString':
      sink.uint32(geometry.coordinates.length);
      return geometry.coordinates.forEach((line) => part('LineString', () => positions(line)));
    case 'MultiPolygon':
      sink.uint32(geometry.coordinates.length);
      return geometry.coordinates.forEach((polygon) => part('Polygon', () => rings(polygon)));
    case 'GeometryCollection':
      sink.uint32(geometry.geometries.length);
      return geometry.geometries.forEach((member) => writeGeometry(member, sink));
  }
}
