// GeoTIFF and Cloud Optimized GeoTIFF bands as a grid and values, read whole or by window (HTTP range requests).
import type { GeoTIFF } from 'geotiff';
import { SozialraumError, germanNumber, message, throwIfAborted, type Message } from '../errors.js';
import type { Extent, Grid, RasterArray } from '../geometry/grid.js';

export interface GeoTiffOptions {
  /** File name or URL, for messages. */
  source: string;
  /** The band to read, counting from 1 as GDAL and QGIS do. Default 1. */
  band?: number;
  /**
   * Read only the cells that meet this box [minX, minY, maxX, maxY], given in the raster's CRS. From a URL only
   * the tiles under it are fetched, with HTTP range requests.
   */
  bbox?: Extent;
  /** CRS as "EPSG:n" for files whose GeoKeys name none; overrides what the file says. */
  crs?: string;
  signal?: AbortSignal;
}

export interface GeoTiffRaster {
  /** The grid of the cells read: the whole raster, or the window under `bbox`. */
  grid: Grid;
  /** The band's values as the file stores them (Int32Array, Float32Array, …), row by row from the top-left. */
  values: RasterArray;
  /** The GDAL nodata value, when the file sets one. */
  nodata: number | undefined;
}

/** GeoKey value meaning "user-defined", i.e. no EPSG code. */
const USER_DEFINED = 32767;

/**
 * Reads one band of a GeoTIFF from its bytes or from a URL. The CRS comes from the GeoKeys (ProjectedCSTypeGeoKey,
 * else GeographicTypeGeoKey) as "EPSG:n". Rotated or sheared rasters are refused. Failures become a
 * SozialraumError naming the source: 'fetch-failed' for a URL that cannot be read, 'parse-error' for bytes that
 * are no GeoTIFF, 'unknown-crs', 'no-match' for a bbox beside the raster, 'aborted' when the signal fires.
 */
export async function readGeoTiff(input: ArrayBuffer | Uint8Array | string, options: GeoTiffOptions): Promise<GeoTiffRaster> {
  const { source, signal } = options;
  throwIfAborted(signal, source);
  // Loaded on first use, so that pages and workers that never read a GeoTIFF do not load the decoder.
  const geotiff = await import('geotiff');
  registerInflate(geotiff);
  let tiff: GeoTIFF;
  try {
    if (typeof input === 'string') {
      tiff = await geotiff.fromUrl(input, {}, signal);
    } else {
      // A view of part of a larger buffer (a Node Buffer from the pool, a subarray) is copied out; whole buffers are used as they are.
      const whole =
        input instanceof Uint8Array && input.byteOffset === 0 && input.byteLength === input.buffer.byteLength && input.buffer instanceof ArrayBuffer;
      const buffer = input instanceof Uint8Array ? (whole ? (input.buffer as ArrayBuffer) : new Uint8Array(input).buffer) : input;
      tiff = await geotiff.fromArrayBuffer(buffer, signal);
    }
  } catch (error) {
    throw readError(
      error,
      signal,
      source,
      typeof input === 'string' ? 'fetch-failed' : 'parse-error',
      message('is not a readable GeoTIFF', 'ist kein lesbares GeoTIFF'),
    );
  }
  const image = await tiff.getImage(0).catch((error: unknown) => {
    throw readError(error, signal, source, 'parse-error', message('holds no readable image', 'enthält kein lesbares Bild'));
  });

  const band = options.band ?? 1;
  const bands = image.getSamplesPerPixel();
  if (!Number.isInteger(band) || band < 1 || band > bands) {
    throw new SozialraumError(
      'unknown-field',
      message(
        `has no band ${band}; it has ${bands === 1 ? 'one band' : `bands 1 to ${bands}`}`,
        `hat keinen Kanal ${band}; es hat ${bands === 1 ? 'einen Kanal' : `die Kanäle 1 bis ${bands}`}`,
      ),
      { source },
    );
  }
  const width = image.getWidth();
  const height = image.getHeight();
  const { originX, originY, cellWidth, cellHeight } = georeference(image, source);
  const crs = options.crs ?? geoKeyCrs(image.getGeoKeys(), source);

  let window: [number, number, number, number] = [0, 0, width, height];
  if (options.bbox) {
    const [minX, minY, maxX, maxY] = options.bbox;
    // A box edge that falls on a cell edge must not pull in the neighbouring cell.
    const tolerance = 1e-9;
    const left = Math.max(0, Math.floor((minX - originX) / cellWidth + tolerance));
    const right = Math.min(width, Math.ceil((maxX - originX) / cellWidth - tolerance));
    const top = Math.max(0, Math.floor((originY - maxY) / cellHeight + tolerance));
    const bottom = Math.min(height, Math.ceil((originY - minY) / cellHeight - tolerance));
    if (right <= left || bottom <= top) {
      const extent = [originX, originY - height * cellHeight, originX + width * cellWidth, originY].map((value) => Math.round(value));
      throw new SozialraumError(
        'no-match',
        message(
          `the bounding box ${options.bbox.join(', ')} does not overlap the raster (${extent.join(', ')})`,
          `das umgebende Rechteck ${options.bbox.map(germanNumber).join('; ')} überschneidet das Raster nicht (${extent.map(germanNumber).join('; ')})`,
        ),
        { source },
      );
    }
    window = [left, top, right, bottom];
  }
  let rasters: RasterArray[];
  try {
    rasters = (await image.readRasters({ window, samples: [band - 1], interleave: false, ...(signal ? { signal } : {}) })) as unknown as RasterArray[];
  } catch (error) {
    throw readError(
      error,
      signal,
      source,
      typeof input === 'string' ? 'fetch-failed' : 'parse-error',
      message('cannot be decoded', 'kann nicht dekodiert werden'),
    );
  }
  const gdalNodata = image.getGDALNoData();
  return {
    grid: {
      crs,
      originX: originX + window[0] * cellWidth,
      originY: originY - window[1] * cellHeight,
      cellWidth,
      cellHeight,
      columns: window[2] - window[0],
      rows: window[3] - window[1],
    },
    values: rasters[0]!,
    nodata: gdalNodata === null || Number.isNaN(gdalNodata) ? undefined : gdalNodata,
  };
}

/** Inflates zlib-wrapped deflate data, e.g. node:zlib's inflateSync. */
export type Inflate = (bytes: Uint8Array) => Uint8Array;

let platformInflate: Inflate | undefined;
let registeredInflate: Inflate | undefined;

/**
 * Lets deflate-compressed GeoTIFF tiles and strips (compression 8 and 32946, GDAL's usual choice) be inflated by
 * `inflate` instead of geotiff's JavaScript inflate. The CLI passes node:zlib's inflateSync, native code about five
 * times as fast, which matters on a national grid of hundreds of tiles; core itself stays free of Node modules.
 */
export function useInflate(inflate: Inflate): void {
  platformInflate = inflate;
}

function registerInflate(geotiff: typeof import('geotiff')): void {
  const inflate = platformInflate;
  if (!inflate || registeredInflate === inflate) return;
  registeredInflate = inflate;
  const decode: Inflate = inflate;
  class PlatformDeflateDecoder extends geotiff.BaseDecoder {
    override decodeBlock(buffer: ArrayBufferLike): ArrayBuffer {
      const out = decode(new Uint8Array(buffer));
      // A view of part of a larger buffer is copied out: geotiff reads the whole buffer it is given.
      const whole = out.byteOffset === 0 && out.byteLength === out.buffer.byteLength && out.buffer instanceof ArrayBuffer;
      return whole ? (out.buffer as ArrayBuffer) : out.slice().buffer;
    }
  }
  // In the calling thread, as every read here is: no decoder pool.
  geotiff.addDecoder([8, 32946], async () => PlatformDeflateDecoder, undefined, false);
}

interface ImageLike {
  getFileDirectory(): { getValue(name: 'ModelTiepoint' | 'ModelPixelScale' | 'ModelTransformation'): unknown };
  getGeoKeys(): Record<string, unknown> | null;
}

/** Top-left corner and cell size, from tie point and pixel scale or from an axis-aligned transformation matrix. */
function georeference(image: ImageLike, source: string): { originX: number; originY: number; cellWidth: number; cellHeight: number } {
  const directory = image.getFileDirectory();
  const tiePoint = numbers(directory.getValue('ModelTiepoint'));
  const scale = numbers(directory.getValue('ModelPixelScale'));
  const matrix = numbers(directory.getValue('ModelTransformation'));
  let originX: number;
  let originY: number;
  let cellWidth: number;
  let cellHeight: number;
  if (tiePoint && tiePoint.length >= 6 && scale && scale.length >= 2) {
    [cellWidth, cellHeight] = [scale[0]!, scale[1]!];
    // The tie point may pin any pixel (I, J) to (X, Y).
    originX = tiePoint[3]! - tiePoint[0]! * cellWidth;
    originY = tiePoint[4]! + tiePoint[1]! * cellHeight;
  } else if (matrix && matrix.length >= 8) {
    if (matrix[1] !== 0 || matrix[4] !== 0) {
      throw new SozialraumError(
        'unknown-format',
        message(
          'is a rotated or sheared raster, which the aggregation cannot use; warp it north-up first (gdalwarp)',
          'ist ein gedrehtes oder geschertes Raster, das die Aggregation nicht verwenden kann; richten Sie es zuerst nach Norden aus (gdalwarp)',
        ),
        { source },
      );
    }
    cellWidth = matrix[0]!;
    cellHeight = -matrix[5]!;
    originX = matrix[3]!;
    originY = matrix[7]!;
  } else {
    throw new SozialraumError(
      'unknown-format',
      message(
        'has no georeference (neither tie point and pixel scale nor a transformation)',
        'hat keine Georeferenzierung (weder Passpunkt und Pixelgröße noch eine Transformation)',
      ),
      { source },
    );
  }
  if (!(cellWidth > 0) || !(cellHeight > 0)) {
    throw new SozialraumError(
      'unknown-format',
      message(
        `has cell sizes ${cellWidth} × ${cellHeight}; only north-up rasters with positive cell sizes are read`,
        `hat die Zellgrößen ${germanNumber(cellWidth)} × ${germanNumber(cellHeight)}; gelesen werden nur nach Norden ausgerichtete Raster mit positiven Zellgrößen`,
      ),
      { source },
    );
  }
  // PixelIsPoint: the coordinates name cell centres, so the corner lies half a cell up and left (as GDAL reads it).
  if (image.getGeoKeys()?.['GTRasterTypeGeoKey'] === 2) {
    originX -= cellWidth / 2;
    originY += cellHeight / 2;
  }
  return { originX, originY, cellWidth, cellHeight };
}

function numbers(value: unknown): number[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (Array.isArray(value) || ArrayBuffer.isView(value)) return Array.from(value as ArrayLike<number>, Number);
  return undefined;
}

function geoKeyCrs(keys: Record<string, unknown> | null, source: string): string {
  // A projected raster with a user-defined projection still names its base datum; that code must not be taken
  // for the raster's CRS, so the model type decides which key counts.
  const model = keys?.['GTModelTypeGeoKey'];
  const candidates = model === 1 ? ['ProjectedCSTypeGeoKey'] : model === 2 ? ['GeographicTypeGeoKey'] : ['ProjectedCSTypeGeoKey', 'GeographicTypeGeoKey'];
  for (const key of candidates) {
    const code = keys?.[key];
    if (typeof code === 'number' && Number.isInteger(code) && code > 0 && code !== USER_DEFINED) return `EPSG:${code}`;
  }
  const citation = keys?.['GTCitationGeoKey'] ?? keys?.['GeogCitationGeoKey'];
  throw new SozialraumError(
    'unknown-crs',
    message(
      `names no EPSG code in its GeoKeys (ProjectedCSTypeGeoKey, GeographicTypeGeoKey)${typeof citation === 'string' ? ` but "${citation}"` : ''}; declare the CRS (for example EPSG:3035)`,
      `nennt in seinen GeoKeys (ProjectedCSTypeGeoKey, GeographicTypeGeoKey) keinen EPSG-Code${typeof citation === 'string' ? `, sondern „${citation}“` : ''}; geben Sie das Koordinatenreferenzsystem an (zum Beispiel EPSG:3035)`,
    ),
    { source },
  );
}

function readError(error: unknown, signal: AbortSignal | undefined, source: string, code: 'fetch-failed' | 'parse-error', what: Message): SozialraumError {
  if (error instanceof SozialraumError) return error;
  if (signal?.aborted) return new SozialraumError('aborted', message('loading was cancelled', 'das Laden wurde abgebrochen'), { source }, { cause: error });
  const reason = error instanceof Error ? error.message : String(error);
  return new SozialraumError(code, message(`${what.en} (${reason})`, `${what.de} (${reason})`), { source }, { cause: error });
}
