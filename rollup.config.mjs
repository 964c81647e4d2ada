// Bundles every element into dist/sozialraum.js, one file a web page loads with <script type="module">.
// The packages themselves are built by tsc (ES modules with types); this only joins them for the script tag.
import { nodeResolve } from '@rollup/plugin-node-resolve';
import commonjs from '@rollup/plugin-commonjs';
import terser from '@rollup/plugin-terser';
import { readFileSync, readdirSync } from 'node:fs';
import { rollup } from 'rollup';

const ENTRY = '\0sozialraum-entry';
// FlatGeobuf loads a zstd decoder (WebAssembly fetched at run time) only for zstd-compressed files; the bundle
// leaves it out so that no request leaves the page unasked, and such files get a clear error instead.
const NO_ZSTD = '\0no-zstd';
const ELEMENT_PACKAGES = ['@sozialraum/map', '@sozialraum/choropleth', '@sozialraum/aggregator', '@sozialraum/profile', '@sozialraum/editor'];
// The aggregation worker is a file of its own beside the bundle: a module worker loads it by URL, and it must not
// carry the elements (a worker has no DOM). The pool finds it relative to import.meta.url of the bundle, so under
// a Content-Security-Policy `worker-src 'self'` is all it needs (no blob:, no eval).
const WORKER_ENTRY = 'packages/worker/dist/aggregate.worker.js';
const WORKER_FILE = 'sozialraum-worker.js';
const WORKER_URL = "new URL('./aggregate.worker.js', import.meta.url)";

// The GeoTIFF decoder (geotiff.js with its codecs) is a file of its own too, loaded the first time a raster is read,
// so pages that never read one do not pay for it. core imports it dynamically; here that import gets the file's URL.
const GEOTIFF_MODULE = 'packages/core/dist/io/geotiff.js';
const GEOTIFF_IMPORT = "import('geotiff')";
const GEOTIFF_FILE = 'sozialraum-geotiff.js';

// SQLite as WebAssembly (sql.js) for GeoPackage is a file of its own too, and its .wasm is copied beside the bundle;
// both are loaded the first time a GeoPackage is read or written. core locates the .wasm relative to its module, in
// node_modules when unbundled; here that folder becomes the bundle's own ("./"), wherever core's code ends up.
const SQLJS_MODULE = 'packages/core/dist/io/sqlite.js';
const SQLJS_IMPORT = "import('sql.js')";
const SQLJS_WASM_DIR = "'../../../../node_modules/sql.js/dist/'";
const SQLJS_FILE = 'sozialraum-sqljs.js';
const SQLJS_WASM = 'sql-wasm-browser.wasm';

// The editor's FlatGeobuf writer (the FlatBuffers builder) is a file of its own too, loaded on the first export.
const FGB_WRITER_RUNTIME = 'packages/editor/dist/editor-runtime.js';
const FGB_WRITER_IMPORT = "import('./flatgeobuf-writer.js')";
const FGB_WRITER_ENTRY = 'packages/editor/dist/flatgeobuf-writer.js';
const FGB_WRITER_FILE = 'sozialraum-flatgeobuf-writer.js';

/**
 * zstd for FlatGeobuf is left out (see NO_ZSTD); the same stub serves the bundle and the worker. FlatGeobuf loads
 * its zstd reader by dynamic import; the stub is pulled into the bundle statically instead, so that it does not
 * become a file of its own beside it.
 */
const stubs = {
  name: 'sozialraum-stubs',
  resolveId: (id) => (id === '@bokuweb/zstd-wasm' ? NO_ZSTD : null),
  transform(code, id) {
    if (!id.replaceAll('\\', '/').includes('/node_modules/flatgeobuf/')) return null;
    const next = code
      .replace("await import('../seekable-zstd.js')", 'await Promise.resolve(__zstdReader)')
      .replace("import('@bokuweb/zstd-wasm')", 'Promise.resolve(__zstd)');
    if (next === code) return null;
    const imports = [
      next.includes('__zstdReader') ? "import * as __zstdReader from '../seekable-zstd.js';" : '',
      next.includes('__zstd)') ? "import * as __zstd from '@bokuweb/zstd-wasm';" : '',
    ].join('\n');
    return { code: `${imports}\n${next}`, map: null };
  },
  load: (id) =>
    id === NO_ZSTD
      ? `const unsupported = () => { throw new Error('zstd-compressed FlatGeobuf is not supported by dist/sozialraum.js'); };
export const init = unsupported, decompress = unsupported, compress = unsupported;`
      : null,
};

// proj4 registers some 35 projections, reads WKT and converts MGRS grid references. The toolkit supports the CRSs of
// German statistics only (core/crs SUPPORTED_CRS: longlat and merc, built into proj4, plus utm, tmerc, laea and cass,
// the Cassini-Soldner of Berlin's old cadastre), all
// defined by proj strings, and refuses any other before proj4 sees it; the bundle keeps those projections and stere
// (proj4 itself defines the UPS zones EPSG:5041/5042 with it, and OpenLayers' register() builds every definition),
// and leaves WKT and MGRS out.
const PROJ4_PROJECTIONS = ['tmerc', 'etmerc', 'utm', 'stere', 'laea', 'cass'];
const NO_WKT = '\0no-wkt';
const NO_MGRS = '\0no-mgrs';
const slimProj4 = {
  name: 'sozialraum-slim-proj4',
  resolveId: (id) => (id === 'wkt-parser' ? NO_WKT : id === 'mgrs' ? NO_MGRS : null),
  load(id) {
    if (id === NO_WKT) return "export default function () { throw new Error('WKT CRS definitions are not supported by dist/sozialraum.js'); }";
    if (id === NO_MGRS) {
      return `const unsupported = () => { throw new Error('MGRS is not supported by dist/sozialraum.js'); };
export const forward = unsupported, inverse = unsupported, toPoint = unsupported;
export default { forward, inverse, toPoint };`;
    }
    return null;
  },
  transform(code, id) {
    // proj4's table of the world's datums (about 26 KB): the toolkit's coordinate systems (core's SUPPORTED_CRS) and
    // proj4's own definitions that OpenLayers builds name only WGS84, NAD83 and DHDN (Potsdam); a datum not in the
    // table leaves a definition on its ellipsoid, as proj4 does for names it does not know.
    if (id.replaceAll('\\', '/').endsWith('/node_modules/proj4/lib/constants/Datum.js')) {
      if (!['wgs84:', 'nad83:', 'potsdam:'].every((name) => code.includes(name))) this.error(`${id} changed; update the datums kept in rollup.config.mjs`);
      return {
        code: `const datums = {
  wgs84: { towgs84: '0,0,0', ellipse: 'WGS84', datumName: 'WGS84' },
  nad83: { towgs84: '0,0,0', ellipse: 'GRS80', datumName: 'North_American_Datum_1983' },
  potsdam: { towgs84: '598.1,73.7,418.2,0.202,0.045,-2.455,6.7', ellipse: 'bessel', datumName: 'Potsdam Rauenberg 1950 DHDN' },
};
for (const key of Object.keys(datums)) datums[datums[key].datumName] = datums[key];
export default datums;
`,
        map: null,
      };
    }
    if (!id.replaceAll('\\', '/').endsWith('/node_modules/proj4/projs.js')) return null;
    if (!PROJ4_PROJECTIONS.every((name) => code.includes(`import ${name} from './lib/projections/${name}';`)))
      this.error(`${id} changed; update PROJ4_PROJECTIONS in rollup.config.mjs`);
    const imports = PROJ4_PROJECTIONS.map((name) => `import ${name} from './lib/projections/${name}';`).join('\n');
    const adds = PROJ4_PROJECTIONS.map((name) => `proj4.Proj.projections.add(${name});`).join('\n');
    return { code: `${imports}\nexport default function (proj4) {\n${adds}\n}\n`, map: null };
  },
};

const shared = () => [stubs, slimProj4, sqlJsWasmBeside, nodeResolve({ browser: true }), commonjs(), terser({ format: { comments: false } })];

function onwarn(warning, warn) {
  // proj4 and papaparse use `this` at module level in their UMD wrappers; harmless in ES modules.
  if (warning.code === 'THIS_IS_UNDEFINED') return;
  warn(warning);
}

/** Bundles the worker script on its own and emits it as dist/sozialraum-worker.js; the pool's URL is pointed at it. */
function sozialraumWorker() {
  let code;
  return {
    name: 'sozialraum-worker',
    async transform(source, id) {
      if (!id.replaceAll('\\', '/').endsWith('/packages/worker/dist/pool.js')) return null;
      if (!source.includes(WORKER_URL)) this.error(`${id} no longer creates its worker with ${WORKER_URL}; update rollup.config.mjs`);
      if (code === undefined) {
        const bundle = await rollup({ input: WORKER_ENTRY, plugins: shared(), onwarn });
        const { output } = await bundle.generate({ format: 'es', inlineDynamicImports: true });
        await bundle.close();
        code = output[0].code;
      }
      this.emitFile({ type: 'asset', fileName: WORKER_FILE, source: code });
      return { code: source.replace(WORKER_URL, `new URL('./${WORKER_FILE}', import.meta.url)`), map: null };
    },
  };
}

/**
 * Bundles a library alone as dist/<file> (its entry module's code given as text) and points core's dynamic import of it
 * in `module` at that file; `assets` are copied beside it. The GeoTIFF decoder and SQLite (sql.js) load this way.
 */
function lazyLibrary({ name, module, importText, file, entryCode, assets = [] }) {
  const ENTRY_ID = `\0${name}-entry`;
  let code;
  return {
    name,
    async transform(source, id) {
      if (!id.replaceAll('\\', '/').endsWith(`/${module}`)) return null;
      if (!source.includes(importText)) this.error(`${id} no longer loads its library with ${importText}; update rollup.config.mjs`);
      if (code === undefined) {
        const entry = { name: `${name}-entry`, resolveId: (key) => (key === ENTRY_ID ? key : null), load: (key) => (key === ENTRY_ID ? entryCode : null) };
        const bundle = await rollup({ input: ENTRY_ID, plugins: [entry, ...shared()], onwarn });
        const { output } = await bundle.generate({ format: 'es', inlineDynamicImports: true });
        await bundle.close();
        code = output[0].code;
      }
      this.emitFile({ type: 'asset', fileName: file, source: code });
      for (const asset of assets) this.emitFile({ type: 'asset', fileName: asset.fileName, source: readFileSync(asset.path) });
      return { code: source.replace(importText, `import(new URL('./${file}', import.meta.url).href)`), map: null };
    },
  };
}

/** geotiff.js alone as dist/sozialraum-geotiff.js. */
const lazyGeotiff = () =>
  lazyLibrary({ name: 'sozialraum-geotiff', module: GEOTIFF_MODULE, importText: GEOTIFF_IMPORT, file: GEOTIFF_FILE, entryCode: "export * from 'geotiff';" });

/** sql.js alone as dist/sozialraum-sqljs.js, with its .wasm beside it. */
const lazySqlJs = () =>
  lazyLibrary({
    name: 'sozialraum-sqljs',
    module: SQLJS_MODULE,
    importText: SQLJS_IMPORT,
    file: SQLJS_FILE,
    entryCode: "export { default } from 'sql.js';",
    assets: [{ fileName: SQLJS_WASM, path: `node_modules/sql.js/dist/${SQLJS_WASM}` }],
  });

/** Points core's sql.js .wasm at the bundle's folder; for the main bundle and the worker alike. */
const sqlJsWasmBeside = {
  name: 'sozialraum-sqljs-wasm',
  transform(source, id) {
    if (!id.replaceAll('\\', '/').endsWith(`/${SQLJS_MODULE}`)) return null;
    if (!source.includes(SQLJS_WASM_DIR)) this.error(`${id} no longer names ${SQLJS_WASM_DIR}; update rollup.config.mjs`);
    return { code: source.replace(SQLJS_WASM_DIR, "'./'"), map: null };
  },
};

/**
 * Bundles the editor's FlatGeobuf writer alone as dist/sozialraum-flatgeobuf-writer.js and points the runtime's dynamic
 * import at it. A chunk would not do: its modules (core's io/flatgeobuf.js, flatgeobuf) are in the main bundle already,
 * which would then carry the writer every page pays for.
 */
function lazyFlatGeobufWriter() {
  let code;
  return {
    name: 'sozialraum-flatgeobuf-writer',
    async transform(source, id) {
      if (!id.replaceAll('\\', '/').endsWith(`/${FGB_WRITER_RUNTIME}`)) return null;
      if (!source.includes(FGB_WRITER_IMPORT)) this.error(`${id} no longer loads the writer with ${FGB_WRITER_IMPORT}; update rollup.config.mjs`);
      if (code === undefined) {
        const bundle = await rollup({ input: FGB_WRITER_ENTRY, plugins: shared(), onwarn });
        const { output } = await bundle.generate({ format: 'es', inlineDynamicImports: true });
        await bundle.close();
        code = output[0].code;
      }
      this.emitFile({ type: 'asset', fileName: FGB_WRITER_FILE, source: code });
      return { code: source.replace(FGB_WRITER_IMPORT, `import(new URL('./${FGB_WRITER_FILE}', import.meta.url).href)`), map: null };
    },
  };
}

export default {
  input: ENTRY,
  // Code that only some pages need (the spatial levels) is a chunk of its own beside the bundle, loaded by dynamic
  // import from the same folder, so `script-src 'self'` covers it.
  // The bundle keeps the exports of its elements and may export more, for the chunks it loads; no facade file.
  preserveEntrySignatures: 'allow-extension',
  output: {
    dir: 'dist',
    entryFileNames: 'sozialraum.js',
    // Rollup names a chunk after one of its modules, which changes as code moves; the chunk with polygon clipping and
    // the coverage geometry (shared by the levels, the editor and the workbench) keeps one name a CSP can list.
    chunkFileNames: (chunk) => (chunk.moduleIds.some((id) => id.includes('/node_modules/polygon-clipping/')) ? 'sozialraum-geometry.js' : 'sozialraum-[name].js'),
    format: 'es',
    sourcemap: true,
  },
  plugins: [
    {
      name: 'sozialraum-entry',
      resolveId: (id) => (id === ENTRY ? ENTRY : null),
      load: (id) => (id === ENTRY ? ELEMENT_PACKAGES.map((name) => `export * from '${name}';`).join('\n') : null),
    },
    sozialraumWorker(),
    lazyGeotiff(),
    lazyFlatGeobufWriter(),
    lazySqlJs(),
    {
      // The themes travel with the script, so a webmaster copies one folder.
      name: 'sozialraum-themes',
      generateBundle() {
        for (const name of readdirSync('themes')) {
          this.emitFile({ type: 'asset', fileName: `themes/${name}`, source: readFileSync(`themes/${name}`, 'utf8') });
        }
      },
    },
    ...shared(),
  ],
  onwarn,
};
