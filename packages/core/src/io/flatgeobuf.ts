// FlatGeobuf in and out: streamed reading with an optional bounding-box filter through the file's index.
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import { deserialize, serialize } from 'flatgeobuf/lib/mjs/geojson.js';
import type { HeaderMeta } from 'flatgeobuf';
import { SozialraumError, germanNumber, message, throwIfAborted, type Message } from '../errors.js';
import { boxesOverlap, geometryBox } from '../geometry/index.js';
import { FLATGEOBUF_MAX_HEADER_BYTES } from './limits.js';

const MAGIC = [0x66, 0x67, 0x62]; // "fgb", followed by the major version

/** True when the bytes start like a FlatGeobuf file. */
export function isFlatGeobuf(bytes: Uint8Array): boolean {
  return MAGIC.every((byte, index) => bytes[index] === byte);
}

/** What a FlatGeobuf header says about the file (the toolkit's own shape, so its types do not depend on flatgeobuf's). */
export interface FlatGeobufHeader {
  featuresCount: number;
  /** "EPSG:n" when the header names a CRS. */
  crs: string | undefined;
  /** [minX, minY, maxX, maxY] of all features, when written. */
  envelope: [number, number, number, number] | undefined;
  /** 0 when the file has no spatial index. */
  indexNodeSize: number;
  title: string | undefined;
  description: string | undefined;
}

function toHeader(meta: HeaderMeta): FlatGeobufHeader {
  const envelope =
    meta.envelope && meta.envelope.length >= 4
      ? ([meta.envelope[0]!, meta.envelope[1]!, meta.envelope[2]!, meta.envelope[3]!] as [number, number, number, number])
      : undefined;
  return {
    featuresCount: meta.featuresCount,
    crs: meta.crs && meta.crs.code > 0 ? `${meta.crs.org ?? 'EPSG'}:${meta.crs.code}` : undefined,
    envelope,
    indexNodeSize: meta.indexNodeSize,
    title: meta.title ?? undefined,
    description: meta.description ?? undefined,
  };
}

export interface FlatGeobufReadOptions {
  source: string;
  /** Only features whose envelope meets this box [minX, minY, maxX, maxY] (in the file's CRS); uses the spatial index. */
  bbox?: [number, number, number, number];
  signal?: AbortSignal;
  /** Called once with the header before the first feature. */
  onHeader?: (header: FlatGeobufHeader) => void;
}

/** Features one by one, as they are decoded. */
export async function* streamFlatGeobuf(input: Uint8Array | ReadableStream<Uint8Array>, options: FlatGeobufReadOptions): AsyncGenerator<Feature> {
  const { source, bbox, signal } = options;
  if (input instanceof Uint8Array && !isFlatGeobuf(input)) {
    throw new SozialraumError('parse-error', NOT_FLATGEOBUF, { source });
  }
  // The flatgeobuf library trusts every length in the file: cut off, it decodes the missing bytes as zeros and
  // returns a last feature without properties, and a header announcing an index over 0 features makes it loop
  // forever. So the framing (signature, header, index, size-prefixed features) is checked here first: a byte
  // array as a whole before anything is decoded, a stream as its bytes pass on to the library.
  const framing = new FlatGeobufFraming(source);
  let bytes: Uint8Array | undefined;
  let stream: ReadableStream<Uint8Array> | undefined;
  if (input instanceof Uint8Array) {
    framing.push(input);
    framing.end();
    // Coordinates are read as Float64Array views, which need the file to start on an 8-byte boundary.
    bytes = input.byteOffset % 8 === 0 ? input : input.slice();
  } else {
    stream = input.pipeThrough(framing.checker());
  }
  let count = 0;
  try {
    // The spatial index answers a box query without decoding every feature, but files written without one
    // (the JavaScript writer makes none) must be filtered feature by feature, so the header decides.
    let header: HeaderMeta | undefined;
    const stopAtEmptyIndex = (meta: HeaderMeta) => {
      header = meta;
      options.onHeader?.(toHeader(meta));
      if (meta.featuresCount === 0 && meta.indexNodeSize > 0) throw EMPTY_WITH_INDEX;
    };
    let features: AsyncGenerator<unknown> = deserialize(bytes ?? stream!, { headerMetaFn: stopAtEmptyIndex });
    let filter = bbox !== undefined;
    if (bbox && bytes) {
      const first = await features.next();
      if (header && header.indexNodeSize > 0) {
        await features.return(undefined);
        // The library's ArrayReader reads the header length through the whole buffer, ignoring a view's offset.
        const whole = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : bytes.slice();
        features = deserialize(whole, { rect: { minX: bbox[0], minY: bbox[1], maxX: bbox[2], maxY: bbox[3] } });
        filter = false;
      } else if (!first.done) {
        features = prepend(first.value, features);
      }
    }
    for await (const feature of features) {
      throwIfAborted(signal, source);
      count += 1;
      const geojson = feature as Feature;
      if (filter && !(geojson.geometry && envelopeMeets(geojson.geometry, bbox!))) continue;
      yield geojson;
    }
  } catch (error) {
    if (error === EMPTY_WITH_INDEX) return;
    if (error instanceof SozialraumError) throw error;
    // A stream whose framing failed errors with the framing's message; the library may wrap it.
    if (framing.error) throw framing.error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new SozialraumError(
      'parse-error',
      message(`cannot read FlatGeobuf after ${count} features: ${reason}`, `FlatGeobuf ist nach ${germanNumber(count)} Objekten nicht lesbar (${reason})`),
      { source },
      { cause: error },
    );
  }
}

const NOT_FLATGEOBUF = message('not a FlatGeobuf file (the first bytes are not "fgb")', 'keine FlatGeobuf-Datei (die ersten Bytes sind nicht „fgb“)');

/** Thrown from the header callback to stop the library before it computes the size of an index over 0 features. */
const EMPTY_WITH_INDEX = Symbol('FlatGeobuf header with an index over 0 features');

type FramingPart = 'signature' | 'header length' | 'header' | 'index' | 'feature length' | 'feature';

const SIGNATURE_LENGTH = 8;
const NODE_ITEM_LENGTH = 40; // four float64 of the box and a uint64 offset

/**
 * Follows the framing of a FlatGeobuf file (signature, size-prefixed header, packed R-tree, size-prefixed features)
 * chunk by chunk, without decoding any feature, and throws a SozialraumError naming the part and the feature where
 * the bytes end too early or a length cannot be right.
 */
class FlatGeobufFraming {
  readonly source: string;
  /** The error the framing ended in, once it has. */
  error: SozialraumError | undefined;
  #part: FramingPart = 'signature';
  /** Bytes the current part still needs. */
  #needed = SIGNATURE_LENGTH;
  /** Bytes of the current part, kept where its content is read (lengths and the header). */
  #kept: Uint8Array[] = [];
  #keptLength = 0;
  #offset = 0;
  #headerLength = 0;
  #featureLength = 0;
  #featuresCount = 0;
  #indexNodeSize = 0;
  #treeSize = 0;
  /** Features whose bytes are complete. */
  #features = 0;

  constructor(source: string) {
    this.source = source;
  }

  push(chunk: Uint8Array): void {
    let position = 0;
    while (position < chunk.length) {
      const take = Math.min(this.#needed, chunk.length - position);
      if (this.#part !== 'index' && this.#part !== 'feature') {
        this.#kept.push(chunk.subarray(position, position + take));
        this.#keptLength += take;
      }
      position += take;
      this.#offset += take;
      this.#needed -= take;
      if (this.#needed === 0) this.#next();
    }
  }

  /** Checks that the bytes ended where a file may end. */
  end(): void {
    const at = this.#offset;
    const fail = (where: Message, feature?: number) =>
      this.#fail(
        message(
          `the file ends after ${at} bytes, ${where.en}; it may be truncated`,
          `die Datei endet nach ${germanNumber(at)} Bytes ${where.de}; sie ist womöglich abgeschnitten`,
        ),
        feature,
      );
    const n = germanNumber;
    switch (this.#part) {
      case 'signature':
        return fail(message(`inside the ${SIGNATURE_LENGTH}-byte signature`, `innerhalb der ${SIGNATURE_LENGTH} Bytes langen Signatur`));
      case 'header length':
        return fail(message('before the length of its header', 'vor der Länge ihres Kopfes'));
      case 'header':
        return fail(message(`inside its header of ${this.#headerLength} bytes`, `innerhalb ihres ${n(this.#headerLength)} Bytes langen Kopfes`));
      case 'index':
        return fail(
          message(
            `inside its spatial index (${this.#treeSize} bytes for ${this.#featuresCount} features)`,
            `innerhalb ihres räumlichen Index (${n(this.#treeSize)} Bytes für ${n(this.#featuresCount)} Objekte)`,
          ),
        );
      case 'feature':
        return fail(
          message(
            `inside feature ${this.#features + 1} (${this.#featureLength - this.#needed} of its ${this.#featureLength} bytes are there)`,
            `innerhalb von Objekt ${this.#features + 1} (${n(this.#featureLength - this.#needed)} seiner ${n(this.#featureLength)} Bytes sind vorhanden)`,
          ),
          this.#features + 1,
        );
      case 'feature length':
        if (this.#keptLength > 0) {
          return fail(
            message(`inside the length of feature ${this.#features + 1}`, `innerhalb der Längenangabe von Objekt ${this.#features + 1}`),
            this.#features + 1,
          );
        }
        if (this.#featuresCount > 0 && this.#features < this.#featuresCount) {
          return this.#fail(
            message(
              `its header announces ${this.#featuresCount} features, but the file ends there; it may be truncated`,
              `ihr Kopf kündigt ${n(this.#featuresCount)} Objekte an, aber die Datei endet dort; sie ist womöglich abgeschnitten`,
            ),
            this.#features + 1,
          );
        }
    }
  }

  /** A TransformStream that passes the bytes on unchanged and errors with the framing's message. */
  checker(): TransformStream<Uint8Array, Uint8Array> {
    return new TransformStream({
      transform: (chunk, controller) => {
        this.push(chunk);
        controller.enqueue(chunk);
      },
      flush: () => this.end(),
    });
  }

  #next(): void {
    const bytes = this.#take();
    switch (this.#part) {
      case 'signature':
        if (!isFlatGeobuf(bytes)) return this.#fail(NOT_FLATGEOBUF, undefined, true);
        return this.#expect('header length', 4);
      case 'header length': {
        this.#headerLength = uint32(bytes, 0);
        if (this.#headerLength < 8 || this.#headerLength > FLATGEOBUF_MAX_HEADER_BYTES) {
          return this.#fail(
            message(
              `its header length of ${this.#headerLength} bytes cannot be right (8 bytes to 10 MB); the file is damaged`,
              `ihre Kopflänge von ${germanNumber(this.#headerLength)} Bytes kann nicht stimmen (8 Bytes bis 10 MB); die Datei ist beschädigt`,
            ),
          );
        }
        return this.#expect('header', this.#headerLength);
      }
      case 'header': {
        const header = readHeaderCounts(bytes);
        if ('en' in header) return this.#fail(message(`its header is damaged: ${header.en}`, `ihr Kopf ist beschädigt: ${header.de}`));
        this.#featuresCount = header.featuresCount;
        this.#indexNodeSize = header.indexNodeSize;
        this.#treeSize = this.#indexNodeSize > 0 ? packedTreeSize(this.#featuresCount, this.#indexNodeSize) : 0;
        return this.#treeSize > 0 ? this.#expect('index', this.#treeSize) : this.#expect('feature length', 4);
      }
      case 'index':
        return this.#expect('feature length', 4);
      case 'feature length': {
        if (this.#featuresCount === 0 && this.#indexNodeSize > 0) {
          return this.#fail(
            message(
              'its header announces a spatial index over 0 features, yet features follow; the file is damaged',
              'ihr Kopf kündigt einen räumlichen Index über 0 Objekte an, doch es folgen Objekte; die Datei ist beschädigt',
            ),
          );
        }
        this.#featureLength = uint32(bytes, 0);
        if (this.#featureLength === 0) {
          return this.#fail(
            message(
              `feature ${this.#features + 1} has a length of 0 bytes; the file is damaged`,
              `Objekt ${this.#features + 1} hat eine Länge von 0 Bytes; die Datei ist beschädigt`,
            ),
            this.#features + 1,
          );
        }
        return this.#expect('feature', this.#featureLength);
      }
      case 'feature':
        this.#features += 1;
        return this.#expect('feature length', 4);
    }
  }

  #expect(part: FramingPart, needed: number): void {
    this.#part = part;
    this.#needed = needed;
  }

  /** The kept bytes of the part just completed, as one array. */
  #take(): Uint8Array {
    const parts = this.#kept;
    this.#kept = [];
    this.#keptLength = 0;
    if (parts.length === 1) return parts[0]!;
    const joined = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
    let at = 0;
    for (const part of parts) {
      joined.set(part, at);
      at += part.length;
    }
    return joined;
  }

  /** Fails with the message the decoding errors have too: "cannot read FlatGeobuf after 21 features: …". */
  #fail(problem: Message, feature?: number, alone = false): never {
    const after = feature === undefined ? '' : ` after ${feature - 1} features`;
    const nach = feature === undefined ? '' : ` nach ${germanNumber(feature - 1)} Objekten`;
    const text = alone ? problem : message(`cannot read FlatGeobuf${after}: ${problem.en}`, `FlatGeobuf ist${nach} nicht lesbar: ${problem.de}`);
    this.error = new SozialraumError('parse-error', text, { source: this.source });
    throw this.error;
  }
}

function uint32(bytes: Uint8Array, at: number): number {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(at, true);
}

/**
 * The feature count and index node size of a FlatGeobuf header (the flatbuffer table after the length), read with
 * every offset checked, or the reason they cannot be read. Field 8 is features_count (uint64), field 9
 * index_node_size (uint16, default 16), as in the FlatGeobuf schema.
 */
function readHeaderCounts(header: Uint8Array): { featuresCount: number; indexNodeSize: number } | Message {
  const view = new DataView(header.buffer, header.byteOffset, header.byteLength);
  const inside = (at: number, size: number) => at >= 0 && at + size <= header.length;
  if (!inside(0, 4)) return message('too short', 'zu kurz');
  const table = view.getUint32(0, true);
  if (!inside(table, 4))
    return message(`its table starts at byte ${table}, beyond its end`, `seine Tabelle beginnt bei Byte ${germanNumber(table)}, hinter seinem Ende`);
  const vtable = table - view.getInt32(table, true);
  if (!inside(vtable, 4))
    return message(`its field table starts at byte ${vtable}, outside it`, `seine Feldtabelle beginnt bei Byte ${germanNumber(vtable)}, außerhalb davon`);
  const vtableLength = view.getUint16(vtable, true);
  if (vtableLength < 4 || !inside(vtable, vtableLength)) {
    return message(`its field table of ${vtableLength} bytes does not fit`, `seine Feldtabelle von ${germanNumber(vtableLength)} Bytes passt nicht hinein`);
  }
  const field = (index: number) => {
    const entry = 4 + 2 * index;
    return entry + 2 <= vtableLength ? view.getUint16(vtable + entry, true) : 0;
  };
  const countAt = field(8);
  if (countAt !== 0 && !inside(table + countAt, 8)) return message('its feature count lies outside it', 'seine Objektanzahl liegt außerhalb davon');
  const featuresCount = countAt === 0 ? 0 : Number(view.getBigUint64(table + countAt, true));
  const nodeSizeAt = field(9);
  if (nodeSizeAt !== 0 && !inside(table + nodeSizeAt, 2))
    return message('its index node size lies outside it', 'seine Knotengröße des Index liegt außerhalb davon');
  const indexNodeSize = nodeSizeAt === 0 ? 16 : view.getUint16(table + nodeSizeAt, true);
  if (!Number.isSafeInteger(featuresCount))
    return message(`its feature count ${featuresCount} cannot be right`, `seine Objektanzahl ${featuresCount} kann nicht stimmen`);
  return { featuresCount, indexNodeSize };
}

/** Bytes of the packed Hilbert R-tree over `count` features, as the flatgeobuf library lays it out (0 for none). */
function packedTreeSize(count: number, nodeSize: number): number {
  if (count === 0) return 0;
  const size = Math.min(Math.max(nodeSize, 2), 65535);
  let level = count;
  let nodes = count;
  do {
    level = Math.ceil(level / size);
    nodes += level;
  } while (level !== 1);
  return nodes * NODE_ITEM_LENGTH;
}

async function* prepend<T>(first: T, rest: AsyncGenerator<T>): AsyncGenerator<T> {
  yield first;
  yield* rest;
}

function envelopeMeets(geometry: Geometry, bbox: [number, number, number, number]): boolean {
  return boxesOverlap(geometryBox(geometry), bbox);
}

/** The whole file as a FeatureCollection, with the CRS its header names (as "EPSG:n") when it names one. */
export async function readFlatGeobuf(
  input: Uint8Array | ReadableStream<Uint8Array>,
  options: FlatGeobufReadOptions,
): Promise<{ collection: FeatureCollection; crs: string | undefined; header: FlatGeobufHeader | undefined }> {
  let header: FlatGeobufHeader | undefined;
  const features: Feature[] = [];
  const stream = streamFlatGeobuf(input, {
    ...options,
    onHeader: (meta) => {
      header = meta;
      options.onHeader?.(meta);
    },
  });
  for await (const feature of stream) features.push(feature);
  return { collection: { type: 'FeatureCollection', features }, crs: header?.crs, header };
}

/**
 * Encodes a collection as FlatGeobuf; `crs` "EPSG:n" is written into the header. The flatgeobuf library writes no
 * spatial index and takes the property columns from the first feature, so readers filter by box feature by feature.
 */
export function writeFlatGeobuf(collection: FeatureCollection, crs: string): Uint8Array {
  const code = Number(/^EPSG:(\d+)$/.exec(crs)?.[1] ?? 0);
  return serialize(collection, code);
}
