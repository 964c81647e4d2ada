// FlatGeobuf in and out: streamed reading with an optional bounding-box filter through the file's index.
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import { deserialize, serialize } from 'flatgeobuf/lib/mjs/geojson.js';
import type { HeaderMeta } from 'flatgeobuf';
import { SozialraumError, throwIfAborted } from '../errors.js';
import { forEachPosition } from '../crs/index.js';

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
  const envelope = meta.envelope && meta.envelope.length >= 4 ? ([meta.envelope[0]!, meta.envelope[1]!, meta.envelope[2]!, meta.envelope[3]!] as [number, number, number, number]) : undefined;
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
export async function* streamFlatGeobuf(
  input: Uint8Array | ReadableStream<Uint8Array>,
  options: FlatGeobufReadOptions,
): AsyncGenerator<Feature> {
  const { source, bbox, signal } = options;
  if (input instanceof Uint8Array && !isFlatGeobuf(input)) {
    throw new SozialraumError('parse-error', 'not a FlatGeobuf file (the first bytes are not "fgb")', { source });
  }
  let count = 0;
  try {
    // The spatial index answers a box query without decoding every feature, but files written without one
    // (the JavaScript writer makes none) must be filtered feature by feature, so the header decides.
    let header: HeaderMeta | undefined;
    let features = deserialize(input, {
      headerMetaFn: (meta: HeaderMeta) => {
        header = meta;
        options.onHeader?.(toHeader(meta));
      },
    });
    let filter = bbox !== undefined;
    if (bbox && input instanceof Uint8Array) {
      const first = await features.next();
      if (header && header.indexNodeSize > 0) {
        await features.return(undefined);
        features = deserialize(input, { rect: { minX: bbox[0], minY: bbox[1], maxX: bbox[2], maxY: bbox[3] } });
        filter = false;
      } else if (!first.done) {
        features = prepend(first.value, features);
      }
    }
    for await (const feature of features) {
      throwIfAborted(signal, source);
      count += 1;
      const geojson = feature as unknown as Feature;
      if (filter && !(geojson.geometry && envelopeMeets(geojson.geometry, bbox!))) continue;
      yield geojson;
    }
  } catch (error) {
    if (error instanceof SozialraumError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new SozialraumError('parse-error', `cannot read FlatGeobuf after ${count} features: ${reason}`, { source }, { cause: error });
  }
}

async function* prepend<T>(first: T, rest: AsyncGenerator<T>): AsyncGenerator<T> {
  yield first;
  yield* rest;
}

function envelopeMeets(geometry: Geometry, bbox: [number, number, number, number]): boolean {
  const envelope: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  forEachPosition(geometry, ([x, y]) => {
    envelope[0] = Math.min(envelope[0], x!);
    envelope[1] = Math.min(envelope[1], y!);
    envelope[2] = Math.max(envelope[2], x!);
    envelope[3] = Math.max(envelope[3], y!);
  });
  return envelope[0] <= bbox[2] && envelope[2] >= bbox[0] && envelope[1] <= bbox[3] && envelope[3] >= bbox[1];
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
