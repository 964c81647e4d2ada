// Geometry as GeoPackage stores it: the GeoPackage binary header (magic "GP", version, flags, envelope) followed by
// ISO Well-Known Binary. Reading drops Z and M (the toolkit works in the plane); writing is little endian, 2D.
import type { Geometry, Position } from 'geojson';

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

const TYPES = ['', 'Point', 'LineString', 'Polygon', 'MultiPoint', 'MultiLineString', 'MultiPolygon', 'GeometryCollection'] as const;

/** Nesting beyond this is no geometry a planner has; a damaged collection would otherwise recurse until the stack ends. */
const MAX_DEPTH = 8;

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
    if (depth > MAX_DEPTH) throw new WkbError(`nests geometries deeper than ${MAX_DEPTH} levels`, `verschachtelt Geometrien tiefer als ${MAX_DEPTH} Ebenen`);
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
    const type = TYPES[kind];
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

/** A 2D geometry as a GeoPackage blob: header little endian with an xy envelope, then ISO WKB little endian. */
export function encodeGeoPackageGeometry(geometry: Geometry | null, srsId: number): Uint8Array {
  const wkb: number[] = [];
  const box = [Infinity, -Infinity, Infinity, -Infinity];
  if (geometry) writeGeometry(geometry, new ByteSink(wkb), box);
  const empty = !geometry || box[0] === Infinity;
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

function writeGeometry(geometry: Geometry, sink: ByteSink, box: number[]): void {
  sink.byte(1);
  sink.uint32(TYPES.indexOf(geometry.type));
  const position = ([x, y]: Position) => {
    sink.float64(x!);
    sink.float64(y!);
    box[0] = Math.min(box[0]!, x!);
    box[1] = Math.max(box[1]!, x!);
    box[2] = Math.min(box[2]!, y!);
    box[3] = Math.max(box[3]!, y!);
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
    sink.uint32(TYPES.indexOf(type as (typeof TYPES)[number]));
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
      return geometry.geometries.forEach((member) => writeGeometry(member, sink, box));
  }
}
