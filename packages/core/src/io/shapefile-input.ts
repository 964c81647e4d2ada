// How to tell a Shapefile from the other inputs of areas, without loading the Shapefile reader.
import { sourceName } from './text.js';

/** Files given by name, as a folder or a file picker holds them: `{ files: new Map([["a.shp", bytes], …]) }`. */
export interface NamedFiles {
  files: ReadonlyMap<string, Uint8Array>;
}

/** True when the bytes start like a zip archive (a local file header, or the end record of an empty one). */
export function isZip(bytes: Uint8Array): boolean {
  return bytes[0] === 0x50 && bytes[1] === 0x4b && ((bytes[2] === 0x03 && bytes[3] === 0x04) || (bytes[2] === 0x05 && bytes[3] === 0x06));
}

/** The file code 9994 a .shp (and .shx) starts with. */
export function isShp(bytes: Uint8Array): boolean {
  return bytes.length >= 100 && bytes[0] === 0 && bytes[1] === 0 && bytes[2] === 0x27 && bytes[3] === 0x0a;
}

/** True for a zip or the main file (.shp) of a Shapefile. */
export function isShapefileBytes(bytes: Uint8Array): boolean {
  return isZip(bytes) || isShp(bytes);
}

/** Reads the bytes at a URL, as the elements' loaders do. */
export type ReadUrl = (url: string, signal: AbortSignal) => Promise<Uint8Array>;

const SIBLINGS = ['.shx', '.dbf', '.prj', '.cpg'];

/**
 * What loadAreas takes for a URL: its bytes, or for a URL ending in .shp the Shapefile's files fetched from the same
 * base (a.shp → a.shx, a.dbf, a.prj, a.cpg; the extension's case kept). A sibling that cannot be fetched is left
 * out, so that loadAreas names the part that is missing rather than a failed request for an optional .cpg.
 *
 * Several URLs separated by blanks are one set of files, each named as sourceName names it: the parts of a Shapefile
 * picked together in a page (`blob:…#a.shp blob:…#a.dbf …`), whose blob: URLs have no siblings to look for.
 */
export async function readAreasUrl(url: string, read: ReadUrl, signal: AbortSignal): Promise<Uint8Array | NamedFiles> {
  const urls = url.trim().split(/\s+/);
  if (urls.length > 1) {
    const parts = await Promise.all(urls.map(async (part) => [sourceName(part), await read(part, signal)] as const));
    return { files: new Map(parts) };
  }
  const match = /^(.*?)(\.shp)((?:[?#].*)?)$/i.exec(url);
  if (!match || /^(blob|data):/i.test(url)) return read(url, signal);
  const [, stem, extension, rest] = match as unknown as [string, string, string, string];
  const upper = extension === '.SHP';
  const files = new Map<string, Uint8Array>([[fileName(url), await read(url, signal)]]);
  await Promise.all(
    SIBLINGS.map(async (sibling) => {
      const part = `${stem}${upper ? sibling.toUpperCase() : sibling}${rest}`;
      try {
        files.set(fileName(part), await read(part, signal));
      } catch (error) {
        if (signal.aborted) throw error;
      }
    }),
  );
  return { files };
}

/**
 * What loadAreas takes for files a person picked together: one file's bytes as they are, several (a .shp with its
 * .shx, .dbf, .prj, .cpg) by name. The source named in messages is the .shp, or the one file.
 */
export function readAreasFiles(files: readonly { name: string; bytes: Uint8Array }[]): { input: Uint8Array | NamedFiles; source: string } {
  const main = files.find((file) => /\.shp$/i.test(file.name)) ?? files[0];
  if (files.length === 1 && !/\.shp$/i.test(main?.name ?? '')) return { input: main!.bytes, source: main!.name };
  return { input: { files: new Map(files.map((file) => [file.name, file.bytes])) }, source: main?.name ?? 'files' };
}

function fileName(url: string): string {
  const path = url.replace(/[?#].*$/, '');
  return decodeURIComponent(path.slice(path.lastIndexOf('/') + 1));
}
