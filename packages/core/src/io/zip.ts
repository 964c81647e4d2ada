// Zip archives in and out (fflate), with a guard against archives that expand far beyond their size.
import { Unzip, UnzipInflate, UnzipPassThrough, zipSync } from 'fflate';
import { SozialraumError, germanNumber, message } from '../errors.js';

/** What a zip may expand to at most, all entries read together: far above any Shapefile of areas an office holds. */
export const ZIP_EXPANSION_LIMIT = 512 * 1024 * 1024;

export interface ZipReadOptions {
  source: string;
  /** Which entries to expand, by their path in the archive; the others are listed but never inflated. */
  wanted?: (name: string) => boolean;
  /** Bytes all wanted entries may expand to together; ZIP_EXPANSION_LIMIT when not given. */
  limit?: number;
}

/** The entries of a zip: every name, and the bytes of those wanted. */
export interface ZipContents {
  names: string[];
  files: Map<string, Uint8Array>;
}

/**
 * Reads a zip archive. Sizes are counted while inflating, not taken from the headers, which an archive made to harm
 * can set to anything: expansion stops at the limit with a message naming the archive and the entry.
 */
export function readZip(bytes: Uint8Array, options: ZipReadOptions): ZipContents {
  const { source } = options;
  const limit = options.limit ?? ZIP_EXPANSION_LIMIT;
  const names: string[] = [];
  const files = new Map<string, Uint8Array>();
  let total = 0;
  let failure: unknown;
  const unzip = new Unzip((file) => {
    names.push(file.name);
    if (file.name.endsWith('/') || (options.wanted && !options.wanted(file.name))) return;
    if (file.compression !== 0 && file.compression !== 8) {
      failure = new SozialraumError(
        'unknown-format',
        message(
          `entry "${file.name}" is compressed with method ${file.compression}, which only deflate (8) or none (0) is read of`,
          `Eintrag „${file.name}“ ist mit Verfahren ${file.compression} gepackt; gelesen werden nur Deflate (8) und ungepackt (0)`,
        ),
        { source },
      );
      return;
    }
    const chunks: Uint8Array[] = [];
    file.ondata = (error, chunk, final) => {
      if (failure) return;
      if (error) {
        failure = damaged(source, file.name, error.message);
        return;
      }
      total += chunk.length;
      if (total > limit) {
        failure = new SozialraumError(
          'too-large',
          message(
            `entry "${file.name}" expands beyond ${megabytes(limit)} MB (the limit for all entries together); the archive is damaged or made to exhaust memory`,
            `Eintrag „${file.name}“ entpackt sich auf mehr als ${germanNumber(limit / 1024 / 1024)} MB (die Grenze für alle Einträge zusammen); das Archiv ist beschädigt oder soll den Speicher erschöpfen`,
          ),
          { source },
        );
        return;
      }
      chunks.push(chunk);
      if (final) files.set(file.name, concat(chunks));
    };
    file.start();
  });
  unzip.register(UnzipInflate);
  unzip.register(UnzipPassThrough);
  // Small pieces bound what one step can inflate before the count is looked at (deflate expands at most 1032-fold).
  const step = 16 * 1024;
  try {
    for (let at = 0; at < bytes.length && !failure; at += step) unzip.push(bytes.subarray(at, at + step), at + step >= bytes.length);
  } catch (error) {
    failure ??= damaged(source, names.at(-1) ?? '', error instanceof Error ? error.message : String(error));
  }
  if (failure) throw failure;
  return { names, files };
}

/** A zip of the given files, deflated, in the order given. */
export function writeZip(files: ReadonlyMap<string, Uint8Array>): Uint8Array {
  const entries: Record<string, Uint8Array> = {};
  for (const [name, data] of files) entries[name] = data;
  return zipSync(entries, { level: 6, mtime: new Date('2000-01-01T00:00:00Z') });
}

function damaged(source: string, entry: string, reason: string): SozialraumError {
  return new SozialraumError(
    'parse-error',
    message(
      `the zip archive is damaged${entry ? ` at entry "${entry}"` : ''} (${reason})`,
      `das Zip-Archiv ist beschädigt${entry ? ` bei Eintrag „${entry}“` : ''} (${reason})`,
    ),
    { source },
  );
}

function megabytes(bytes: number): string {
  return String(Math.round((bytes / 1024 / 1024) * 10) / 10);
}

function concat(chunks: readonly Uint8Array[]): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(chunks.reduce((sum, chunk) => sum + chunk.length, 0));
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}
