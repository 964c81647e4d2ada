// SQLite as WebAssembly (sql.js), loaded once, on the first GeoPackage read or written, so that pages and workers
// that never see one do not load it. rollup.config.mjs points the import and the .wasm at files beside the bundle.
import type { SqlJsStatic } from 'sql.js';
import { SozialraumError, message } from '../errors.js';

/**
 * Where the browser finds sql.js's WebAssembly, relative to this module. Unbundled (tests, the dev server) that is
 * node_modules; rollup.config.mjs replaces the folder by "./", the wasm file being copied beside dist/sozialraum.js.
 */
const SQL_WASM_DIR = '../../../../node_modules/sql.js/dist/';

let engine: Promise<SqlJsStatic> | undefined;

function inNode(): boolean {
  return typeof (globalThis as { process?: { versions?: { node?: string } } }).process?.versions?.node === 'string';
}

/** sql.js, loaded once. A failure is not kept, so a page whose policy is fixed can try again without a reload. */
export async function sqlite(source: string): Promise<SqlJsStatic> {
  engine ??= (async () => {
    const { default: initSqlJs } = await import('sql.js');
    // In Node, sql.js reads its wasm beside its own script; a browser fetches it by URL.
    return initSqlJs(inNode() ? {} : { locateFile: (file: string) => new URL(`${SQL_WASM_DIR}${file}`, import.meta.url).href });
  })();
  try {
    return await engine;
  } catch (error) {
    engine = undefined;
    const text = error instanceof Error ? error.message : String(error);
    // A Content-Security-Policy without 'wasm-unsafe-eval' makes the browser refuse to compile the module.
    if (/unsafe-eval|Content Security Policy|Refused to compile/i.test(text)) {
      throw new SozialraumError(
        'fetch-failed',
        message(
          "cannot be read here: the page's Content-Security-Policy does not allow WebAssembly ('wasm-unsafe-eval' in script-src), which the GeoPackage reader needs; add it, or convert the file with `sozialraum convert file.gpkg file.geojson`",
          "kann hier nicht gelesen werden: die Content-Security-Policy der Seite erlaubt kein WebAssembly ('wasm-unsafe-eval' in script-src), das der GeoPackage-Leser braucht; ergänzen Sie es, oder wandeln Sie die Datei mit `sozialraum convert datei.gpkg datei.geojson` um",
        ),
        { source },
        { cause: error },
      );
    }
    throw new SozialraumError(
      'fetch-failed',
      message(
        `cannot be read: the SQLite reader (WebAssembly) could not be loaded (${text})`,
        `ist nicht lesbar: der SQLite-Leser (WebAssembly) ließ sich nicht laden (${text})`,
      ),
      { source },
      { cause: error },
    );
  }
}

/** An SQL identifier in double quotes, for table and column names from the file. */
export function quote(identifier: string): string {
  return `"${identifier.replaceAll('"', '""')}"`;
}
