// Zip archives in and out (fflate): read entry by entry with a limit on what they expand to, so that a small file
// cannot fill the memory; the one reader of Shapefile zips and workbooks.
import { Inflate, zipSync } from 'fflate';
import { SozialraumError, germanNumber, message } from '../errors.js';
import { ZIP_EXPANSION_LIMIT } from './limits.js';

export interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  /** The size the archive declares; the reader counts what really comes out, since a crafted archive lies here. */
  declaredSize: number;
  localOffset: number;
}

export interface ZipArchive {
  source: string;
  entries: ZipEntry[];
  /** The bytes of one entry, undefined when the archive has no such entry. */
  read(name: string): Uint8Array | undefined;
  /** The entry as UTF-8 text. */
  text(name: string): string | undefined;
}

/**
 * Opens a zip archive from its central directory. Entries are inflated only when read, in small steps, and reading
 * stops with an error as soon as all entries read so far expand beyond `limit` bytes: a zip bomb (a few kilobytes that
 * inflate to gigabytes) is refused after at most the limit, whatever sizes the archive declares.
 */
export function openZip(bytes: Uint8Array, source: string, limit = ZIP_EXPANSION_LIMIT): ZipArchive {
  const entries = centralDirectory(bytes, source);
  const byName = new Map(entries.map((entry) => [entry.name, entry]));
  let expanded = 0;
  const read = (name: string): Uint8Array | undefined => {
    const entry = byName.get(name);
    if (!entry) return undefined;
    const data = entryData(bytes, entry, source);
    if (entry.method === 0) {
      expanded += data.length;
      if (expanded > limit) throw tooLarge(source, entry.name, limit);
      return data;
    }
    if (entry.method !== 8) {
      throw new SozialraumError(
        'unknown-format',
        message(
          `the part "${entry.name}" is compressed with method ${entry.method}, which is not read; only stored and deflated parts are`,
          `der Teil „${entry.name}“ ist mit Verfahren ${entry.method} komprimiert, das nicht gelesen wird; gelesen werden nur gespeicherte und mit Deflate komprimierte Teile`,
        ),
        { source },
      );
    }
    const chunks: Uint8Array[] = [];
    const inflate = new Inflate((chunk) => {
      expanded += chunk.length;
      if (expanded > limit) throw tooLarge(source, entry.name, limit);
      chunks.push(chunk);
    });
    const step = 16 * 1024;
    try {
      for (let offset = 0; offset < data.length; offset += step) {
        inflate.push(data.subarray(offset, Math.min(offset + step, data.length)), offset + step >= data.length);
      }
      if (data.length === 0) inflate.push(new Uint8Array(0), true);
    } catch (error) {
      if (error instanceof SozialraumError) throw error;
      throw damaged(source, entry.name, error);
    }
    return concat(chunks);
  };
  return {
    source,
    entries,
    read,
    text: (name) => {
      const data = read(name);
      return data === undefined ? undefined : new TextDecoder('utf-8').decode(data);
    },
  };
}

function tooLarge(source: string, part: string, limit: number): SozialraumError {
  const megabytes = Math.round(limit / 1024 / 1024);
  return new SozialraumError(
    'too-large',
    message(
      `entry "${part}" expands beyond ${megabytes} MB, the limit for all entries read together; the archive is refused as a possible zip bomb`,
      `Eintrag „${part}“ wird größer als ${germanNumber(megabytes)} MB, die Grenze für alle gelesenen Einträge zusammen; das Archiv wird als mögliche Zip-Bombe abgelehnt`,
    ),
    { source },
  );
}

function damaged(source: string, part: string, cause?: unknown): SozialraumError {
  return new SozialraumError(
    'parse-error',
    message(`the zip archive is damaged at the part "${part}"`, `das Zip-Archiv ist beim Teil „${part}“ beschädigt`),
    { source },
    { cause },
  );
}

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

/** Reads the wanted entries of a zip at once (all when none are named), under the same limit as openZip. */
export function readZip(bytes: Uint8Array, options: ZipReadOptions): ZipContents {
  const archive = openZip(bytes, options.source, options.limit ?? ZIP_EXPANSION_LIMIT);
  const names = archive.entries.map((entry) => entry.name);
  const files = new Map<string, Uint8Array>();
  for (const name of names) {
    if (name.endsWith('/') || (options.wanted && !options.wanted(name))) continue;
    files.set(name, archive.read(name)!);
  }
  return { names, files };
}

/** A zip of the given files, deflated, in the order given. */
export function writeZip(files: ReadonlyMap<string, Uint8Array>): Uint8Array {
  const entries: Record<string, Uint8Array> = {};
  for (const [name, data] of files) entries[name] = data;
  return zipSync(entries, { level: 6, mtime: new Date('2000-01-01T00:00:00Z') });
}

/** The entries listed at the end of the archive (end of central directory record, then one record per entry). */
function centralDirectory(bytes: Uint8Array, source: string): ZipEntry[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let end = -1;
  // The record is 22 bytes plus a comment of up to 65,535 bytes, so it is searched for from the end.
  for (let offset = bytes.length - 22; offset >= Math.max(0, bytes.length - 22 - 65_535); offset -= 1) {
    if (view.getUint32(offset, true) === 0x06054b50) {
      end = offset;
      break;
    }
  }
  if (end < 0) {
    throw new SozialraumError(
      'parse-error',
      message(
        'starts like a zip archive but has no directory at its end; it is cut off or damaged',
        'beginnt wie ein Zip-Archiv, hat aber kein Verzeichnis am Ende; es ist abgeschnitten oder beschädigt',
      ),
      { source },
    );
  }
  const count = view.getUint16(end + 10, true);
  let offset = view.getUint32(end + 16, true);
  const entries: ZipEntry[] = [];
  const decoder = new TextDecoder('utf-8');
  for (let index = 0; index < count; index += 1) {
    if (offset + 46 > bytes.length || view.getUint32(offset, true) !== 0x02014b50) throw damaged(source, `#${index + 1}`);
    const nameLength = view.getUint16(offset + 28, true);
    const extraLength = view.getUint16(offset + 30, true);
    const commentLength = view.getUint16(offset + 32, true);
    entries.push({
      method: view.getUint16(offset + 10, true),
      compressedSize: view.getUint32(offset + 20, true),
      declaredSize: view.getUint32(offset + 24, true),
      localOffset: view.getUint32(offset + 42, true),
      name: decoder.decode(bytes.subarray(offset + 46, offset + 46 + nameLength)),
    });
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** The compressed bytes of an entry, found behind its local header. */
function entryData(bytes: Uint8Array, entry: ZipEntry, source: string): Uint8Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const local = entry.localOffset;
  if (local + 30 > bytes.length || view.getUint32(local, true) !== 0x04034b50) throw damaged(source, entry.name);
  if ((view.getUint16(local + 6, true) & 1) === 1) {
    throw new SozialraumError(
      'parse-error',
      message(
        `the part "${entry.name}" is encrypted; save the file without a password`,
        `der Teil „${entry.name}“ ist verschlüsselt; speichern Sie die Datei ohne Kennwort`,
      ),
      { source },
    );
  }
  const start = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
  const stop = start + entry.compressedSize;
  if (stop > bytes.length) throw damaged(source, entry.name);
  return bytes.subarray(start, stop);
}

function concat(chunks: readonly Uint8Array[]): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  const total = chunks.reduce((sum, chunk) => sum + chunk.length, 0);
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}
