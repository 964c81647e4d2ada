// The layer `sozialraum aggregate` puts onto the areas, from the bytes of its file: a Zensus grid table or a GeoTIFF
// band, screened for values no count can hold; a large one is read in a worker thread while the areas load.
import { Worker } from 'node:worker_threads';
import { extname } from 'node:path';
import { SozialraumError, assertSupportedCrs, message, readGeoTiff, screenCells, type DataIssue, type Grid, type RasterBand } from '@sozialraum/core';
import { gridTable } from '../files.js';
import { restoreFailure, type WorkerFailure } from './aggregate-threads.js';

export interface Layer extends RasterBand {
  grid: Grid;
  issues: DataIssue[];
}

/** A grid table and the column to aggregate, or a GeoTIFF and its band. */
export type LayerRequest = { value: string; decimal: ',' | '.' | undefined } | { band: number };

/** A layer with its implausible cells set to no data, and the findings of that screening. */
export interface ScreenedLayer {
  layer: Layer;
  screening: DataIssue[];
}

/** A message to the worker: read this layer. */
export interface LayerTask {
  kind: 'layer';
  bytes: Uint8Array;
  path: string;
  what: LayerRequest;
  counts: boolean;
}

export type LayerReply = { layer: ScreenedLayer } | WorkerFailure;

/**
 * Files from this size on are read in a worker thread while the areas load (a national grid table: 160 MB, a
 * national GeoTIFF: 8 MB compressed, 110 MB of cells); a city's grid is read in this process in less time than a
 * worker takes to start.
 */
const THREAD_BYTES = 4 << 20;

/**
 * The layer read from its bytes and screened, in a worker thread when the file is large. `signal` ends the thread
 * when the layer is no longer wanted (the areas failed), so that it does not keep reading and hold the process.
 */
export function readScreenedLayer(bytes: Uint8Array, path: string, what: LayerRequest, counts: boolean, signal?: AbortSignal): Promise<ScreenedLayer> {
  if (bytes.length < THREAD_BYTES) return parseLayer(bytes, path, what).then((layer) => screenLayer(layer, path, counts));
  if (signal?.aborted) return Promise.reject(signal.reason as Error);
  return new Promise<ScreenedLayer>((resolve, reject) => {
    // workerData must be an object: geotiff loads the web-worker package, which in a worker thread reads it to tell
    // whether it is the worker it starts itself, and fails on none.
    const worker = new Worker(new URL('../aggregate-worker.js', import.meta.url), { workerData: {} });
    const done = (finish: () => void) => {
      signal?.removeEventListener('abort', abandon);
      void worker.terminate();
      finish();
    };
    // Settled once the thread has ended, so that nothing is left running when the caller reports the areas' failure.
    const abandon = () => {
      worker.removeAllListeners();
      void worker.terminate().finally(() => reject(signal!.reason));
    };
    signal?.addEventListener('abort', abandon, { once: true });
    worker.once('message', (reply: LayerReply) => done(() => ('layer' in reply ? resolve(reply.layer) : reject(restoreFailure(reply)))));
    worker.once('error', (error) => done(() => reject(error)));
    const task: LayerTask = { kind: 'layer', bytes, path, what, counts };
    worker.postMessage(task, bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? [bytes.buffer as ArrayBuffer] : []);
  });
}

/** Negative cells, infinities and undeclared nodata codes are left out and named, not summed. */
export function screenLayer(layer: Layer, path: string, counts: boolean): ScreenedLayer {
  const screened = screenCells(layer.grid, layer, { source: path, counts });
  return { layer: { ...layer, ...screened.band }, screening: screened.issues };
}

/** A grid table (with a value column) or a GeoTIFF band, told apart by the bytes: GeoTIFFs start with II* or MM*. */
export async function parseLayer(bytes: Uint8Array, path: string, what: LayerRequest): Promise<Layer> {
  const tiff = (bytes[0] === 0x49 && bytes[1] === 0x49) || (bytes[0] === 0x4d && bytes[1] === 0x4d);
  if ('value' in what) {
    if (tiff) {
      throw new SozialraumError(
        'unknown-format',
        message(
          'is a GeoTIFF, not a grid table; give it as --raster (or leave out --weight-value)',
          'ist ein GeoTIFF, keine Gittertabelle; geben Sie es als --raster an (oder lassen Sie --weight-value weg)',
        ),
        { source: path },
      );
    }
    return gridTable(bytes, path, what.value, what.decimal);
  }
  if (!tiff && ['.csv', '.txt'].includes(extname(path).toLowerCase())) {
    throw new SozialraumError(
      'unknown-format',
      message(
        'is a table, not a GeoTIFF; give a grid table as --grid with --value (or as --weight with --weight-value)',
        'ist eine Tabelle, kein GeoTIFF; geben Sie eine Gittertabelle als --grid mit --value an (oder als --weight mit --weight-value)',
      ),
      { source: path },
    );
  }
  const raster = await readGeoTiff(bytes, { source: path, band: what.band });
  assertSupportedCrs(raster.grid.crs, path);
  return { grid: raster.grid, values: raster.values, nodata: raster.nodata, issues: [] };
}
