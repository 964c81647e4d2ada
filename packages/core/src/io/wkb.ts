// Geometry as GeoPackage stores it: the GeoPackage binary header (magic "GP", version, flags, envelope) followed by
// ISO Well-Known Binary. Reading drops Z and M (the toolkit works in the plane); the writer is in geopackage-write.ts.
import type { Geometry, Position } from 'geojson';
import { WKB_MAX_DEPTH } from './limits.js';

/** Why a geometry blob could not be read; the caller adds the file, layer and feature. */
export class WkbError extends Error {
  constructor(
    readonly en: string,
    readonly de: string,
  ) {
    super(en);
    this.name = 'WkbError';
  }
}

/** WKB geometry type codes 1 to 7, by their index. */
export const GEOMETRY_TYPES = ['', 'Point', 'LineString', 'Polygon', 'MultiPoint', 'MultiLineString', 'MultiPolygon', 'GeometryCollection'] as const;

/**
 * Decodes a GeoPackage geometry blob into a GeoJSON geometry, or null for an empty one. The header's own byte order
 * governs srs_id and envelope; the WKB carries its byte order per geometry. Every count is checked against the
 * bytes left, so a damaged blob is refused instead of allocating for a count no file could hold.
 */
export function decodeGeoPackageGeometry(blob: Uint8Array): Geometry | null {
  if (blob.length < 8 || blob[0] !== 0x47 || blob[1] !== 0x50) {
    throw new WkbError('does not start with the GeoPackage geometry header "GP"', 'beginnt nicht mit dem GeoPackage-Geometriekopf „GP“');
  }
  const version = blob[2]!;
  if (version !== 0)
    throw new WkbError(
      `has GeoPackage geometry version ${version + 1}; only version 1 exists`,
      `hat GeoPackage-Geometrieversion ${version + 1}; es gibt nur Version 1`,
    );
  const flags = blob[3]!;
  if (flags & 0x20)
    throw new WkbError(
      'uses an extended GeoPackage geometry type, which is not supported',
      'verwendet einen erweiterten GeoPackage-Geometrietyp, der nicht unterstützt wird',
    );
  const envelope = (flags >> 1) & 0x07;
  const envelopeBytes = [0, 32, 48, 48, 64][envelope];
  if (envelopeBytes === undefined) throw new WkbError(`has the invalid envelope code ${envelope}`, `hat den ungültigen Hüllrechteck-Code ${envelope}`);
  const start = 8 + envelopeBytes;
  if (flags & 0x10 || blob.length === start) return null;
  if (blob.length < start) throw new WkbError('ends inside its header', 'endet innerhalb ihres Kopfes');
  const reader = new WkbReader(blob, start);
  const geometry = reader.geometry(0);
  return isEmpty(geometry) ? null : geometry;
}

function isEmpty(geometry: Geometry): boolean {
  if (geometry.type === 'GeometryCollection') return geometry.geometries.every(isEmpty);
  const coordinates = geometry.coordinates as unknown;
  return Array.isArray(coordinates) && coordinates.length === 0;
}

class WkbReader {
  readonly #view: DataView;
  #at: number;

  constructor(
    readonly bytes: Uint8Array,
    start: number,
  ) {
    this.#view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.#at = start;
  }

  geometry(depth: number): Geometry {
    if (depth > WKB_MAX_DEPTH)
      throw new WkbError(`nests geometries deeper than ${WKB_MAX_DEPTH} levels`, `verschachtelt Geometrien tiefer als ${WKB_MAX_DEPTH} Ebenen`);
    this.#need(5);
    const order = this.bytes[this.#at]!;
    if (order > 1)
      throw new WkbError(
        `has the byte order mark ${order} at byte ${this.#at}; WKB allows 0 and 1`,
        `hat das Byte-Reihenfolge-Zeichen ${order} bei Byte ${this.#at}; WKB erlaubt 0 und 1`,
      );
    const little = order === 1;
    this.#at += 1;
    const code = this.#uint32(little);
    // ISO codes carry Z and M as thousands (1001, 2001, 3001); the older extended codes as the top two bits.
    const base = code & 0x0fffffff;
    const hasZ = (code & 0x80000000) !== 0 || (base >= 1000 && base < 2000) || base >= 3000;
    const hasM = (code & 0x40000000) !== 0 || base >= 2000;
    const kind = base % 1000;
    const type = GEOMETRY_TYPES[kind];
    if (!type || base >= 4000) throw new WkbError(`has the unknown WKB geometry type ${code}`, `hat den unbekannten WKB-Geometrietyp ${code}`);
    const dimensions = 2 + (hasZ ? 1 : 0) + (hasM ? 1 : 0);
    switch (type) {
      case 'Point': {
        const point = this.#position(little, dimensions);
        return { type, coordinates: Number.isNaN(point[0]) && Number.isNaN(point[1]) ? [] : point };
      }
      case 'LineString':
        return { type, coordinates: this.#positions(little, dimensions) };
      case 'Polygon':
        return { type, coordinates: this.#rings(little, dimensions) };
      default: {
        const count = this.#count(little, 9);
        const parts: Geometry[] = [];
        for (let index = 0; index < count; index += 1) parts.push(this.geometry(depth + 1));
        return this.#collect(type, parts);
      }
    }
  }

  #collect(type: 'MultiPoint' | 'MultiLineString' | 'MultiPolygon' | 'GeometryCollection', parts: Geometry[]): Geometry {
    if (type === 'GeometryCollection') return { type, geometries: parts };
    const part = type.slice(5);
    const wrong = parts.find((geometry) => geometry.type !== part);
    if (wrong) throw new WkbError(`is a ${type} holding a ${wrong.type}`, `ist ein ${type}, das ein ${wrong.type} enthält`);
    const coordinates = parts
      .map((geometry) => (geometry as { coordinates: unknown }).coordinates)
      .filter((value) => !(Array.isArray(value) && value.length === 0));
    return { type, coordinates } as Geometry;
  }

  #rings(little: boolean, dimensions: number): Position[][] {
    const count = this.#count(little, 4);
    const rings: Position[][] = [];
    for (let index = 0; index < count; index += 1) rings.push(this.#positions(little, dimensions));
    return rings;
  }

  #positions(little: boolean, dimensions: number): Position[] {
    const count = this.#count(little, dimensions * 8);
    const positions: Position[] = new Array(count);
    for (let index = 0; index < count; index += 1) positions[index] = this.#position(little, dimensions);
    return positions;
  }

  #position(little: boolean, dimensions: number): Position {
    this.#need(dimensions * 8);
    const x = this.#view.getFloat64(this.#at, little);
    const y = this.#view.getFloat64(this.#at + 8, little);
    this.#at += dimensions * 8;
    return [x, y];
  }

  /** A count of items of at least `minimumBytes` each; more than the bytes left can hold means the blob is damaged. */
  #count(little: boolean, minimumBytes: number): number {
    const count = this.#uint32(little);
    if (count * minimumBytes > this.bytes.length - this.#at) {
      throw new WkbError(
        `announces ${count} parts at byte ${this.#at - 4}, more than its remaining bytes hold`,
        `kündigt bei Byte ${this.#at - 4} ${count} Teile an, mehr als ihre restlichen Bytes fassen`,
      );
    }
    return count;
  }

  #uint32(little: boolean): number {
    this.#need(4);
    const value = this.#view.getUint32(this.#at, little);
    this.#at += 4;
    return value;
  }

  #need(count: number): void {
    if (this.#at + count > this.bytes.length) throw new WkbError(`ends early at byte ${this.bytes.length}`, `endet vorzeitig bei Byte ${this.bytes.length}`);
  }
}
