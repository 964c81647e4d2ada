// Element tests in Debian's Chromium (/usr/bin/chromium) driven through Playwright; no browser download.
// Runs the compiled tests (packages/*/dist/**/*.test.js) so that what is tested is what is shipped.
import { createReadStream, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { extname, join, normalize, sep } from 'node:path';
import { defaultReporter } from '@web/test-runner';
import { playwrightLauncher } from '@web/test-runner-playwright';
import { chromiumPath, chromiumArgs } from './scripts/chromium.mjs';

/**
 * papaparse ships only a UMD build, and polygon-clipping's `browser` field points at its UMD build; the browser gets
 * them wrapped as ES modules with a default export, which is what the rollup bundle does with @rollup/plugin-commonjs.
 */
function umdAsEsModule(packageName) {
  return {
    name: `umd-as-es-module:${packageName}`,
    transform(context) {
      // Scripts only: sql.js's WebAssembly sits in the same folder.
      if (!context.path.includes(`/node_modules/${packageName}/`) || !context.path.endsWith('.js')) return undefined;
      // `let`: sql.js sets `module = undefined` when it starts, to keep Emscripten's own module handling out.
      return { body: `let module = { exports: {} }; const exports = module.exports;\n${context.body}\nexport default module.exports;\n` };
    },
  };
}

/**
 * yalps (the LP solver of the suppression audit) imports `heap`, whose entry point only re-exports its UMD build
 * with `require`; the browser gets the UMD build itself, wrapped like papaparse, as the rollup bundle does.
 */
function umdEntryOf(packageName, file) {
  return {
    name: `umd-entry:${packageName}`,
    resolveImport({ source }) {
      return source === packageName ? `/node_modules/${packageName}/${file}` : undefined;
    },
  };
}

/**
 * geotiff's module build imports Node's fs, http, https and url (for files and URLs in Node); its package.json maps them
 * to nothing in browsers, as the rollup bundle does. The dev server gets the same empty module, so that core's
 * readGeoTiff runs in the browser tests.
 */
function emptyNodeModulesOf(packageName, names) {
  const path = '/__sozialraum-empty-module.js';
  return {
    name: `empty-node-modules:${packageName}`,
    resolveImport({ source, context }) {
      if (names.includes(source) && context.path.includes(`/node_modules/${packageName}/`)) return path;
      return undefined;
    },
    serve(context) {
      if (context.path === path) return { body: 'export default {};\n', type: 'js' };
      return undefined;
    },
  };
}

/**
 * HTTP range requests for the binary sample files, as scripts/serve.mjs and every web server answer them: a Cloud
 * Optimized GeoTIFF is read tile by tile, only under the areas. The dev server itself always sends whole files.
 */
function rangeRequests(root, extensions) {
  return async (context, next) => {
    const range = /^bytes=(\d*)-(\d*)$/.exec(context.get('range'));
    if (!range || context.method !== 'GET' || !extensions.includes(extname(context.path))) return next();
    const path = normalize(join(root, decodeURIComponent(context.path)));
    const size = path.startsWith(root + sep) ? statSync(path, { throwIfNoEntry: false })?.size : undefined;
    if (size === undefined) return next();
    const start = range[1] === '' ? Math.max(0, size - Number(range[2])) : Number(range[1]);
    const end = range[1] !== '' && range[2] !== '' ? Math.min(Number(range[2]), size - 1) : size - 1;
    if (start > end || start >= size) {
      context.status = 416;
      context.set('content-range', `bytes */${size}`);
      return undefined;
    }
    context.status = 206;
    context.set({ 'accept-ranges': 'bytes', 'content-range': `bytes ${start}-${end}/${size}`, 'content-type': 'application/octet-stream' });
    context.length = end - start + 1;
    context.body = createReadStream(path, { start, end });
    return undefined;
  };
}

/**
 * `executeServerCommand('sozialraum-cli', { args, files })` from a browser test: runs the command line tool of this
 * build in the test server's process, on files the test hands over (written to a temp folder first, named in `args`
 * as `{name}`), and answers with its exit code, stdout, stderr and the text of the files it wrote. The shared-fixture
 * tests compare what an element writes with what the CLI writes for the same input, both made by the current code.
 */
function sozialraumCli() {
  return {
    name: 'sozialraum-cli',
    async executeCommand({ command, payload }) {
      if (command !== 'sozialraum-cli') return undefined;
      const { mkdtemp, readFile, rm, writeFile } = await import('node:fs/promises');
      const { tmpdir } = await import('node:os');
      const { run } = await import('./packages/cli/dist/index.js');
      const folder = await mkdtemp(join(tmpdir(), 'sozialraum-fixture-'));
      try {
        const files = payload.files ?? {};
        for (const [name, text] of Object.entries(files)) await writeFile(join(folder, name), text);
        const outputs = payload.outputs ?? [];
        const args = payload.args.map((arg) => arg.replace(/\{([^}]+)\}/g, (_, name) => join(folder, name)));
        let stdout = '';
        let stderr = '';
        const code = await run(args, { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text), cwd: process.cwd() });
        const written = {};
        for (const name of outputs) written[name] = await readFile(join(folder, name), 'utf8').catch(() => null);
        return { code, stdout, stderr, written };
      } finally {
        await rm(folder, { recursive: true, force: true });
      }
    },
  };
}

/**
 * The loopback OGC test server of core's tests (WFS, OGC API – Features, WMS, WMTS) under /ogc/, so that browser tests
 * check the requests the map sends and the areas it reads from them; GET /ogc/log answers and empties its request log.
 */
function ogcServices() {
  return async (context, next) => {
    if (!context.path.startsWith('/ogc/')) return next();
    const { handleOgcRequest } = await import('./packages/core/dist/test/ogc-test-server.js');
    context.respond = false;
    handleOgcRequest(context.req, context.res, '/ogc');
    return undefined;
  };
}

/** Writes the counts of passed, failed and skipped tests to .test-results/browser.json for scripts/test.mjs. */
function countReporter() {
  return {
    onTestRunFinished({ sessions }) {
      const counts = { passed: 0, failed: 0, skipped: 0 };
      const walk = (suite) => {
        for (const test of suite.tests) {
          if (test.skipped) counts.skipped += 1;
          else if (test.passed) counts.passed += 1;
          else counts.failed += 1;
        }
        suite.suites.forEach(walk);
      };
      for (const session of sessions) {
        if (session.testResults) walk(session.testResults);
        // A file that fails to load or throws outside a test has no results but errors: count it as a failure.
        if (session.errors.length > 0 && !session.testResults?.tests.length && !session.testResults?.suites.length) counts.failed += 1;
      }
      mkdirSync('.test-results', { recursive: true });
      writeFileSync('.test-results/browser.json', JSON.stringify(counts));
    },
  };
}

export default {
  files: ['packages/*/dist/**/*.test.js', '!packages/*/dist/test/**'],
  nodeResolve: { browser: true },
  middleware: [ogcServices(), rangeRequests(process.cwd(), ['.tif', '.tiff'])],
  plugins: [sozialraumCli(), umdAsEsModule('papaparse'), umdAsEsModule('sql.js'), umdAsEsModule('polygon-clipping'), umdEntryOf('heap', 'lib/heap.js'), umdAsEsModule('heap'), emptyNodeModulesOf('geotiff', ['fs', 'http', 'https', 'url'])],
  browsers: [playwrightLauncher({ product: 'chromium', launchOptions: { executablePath: chromiumPath(), args: chromiumArgs } })],
  concurrency: 1,
  testFramework: { config: { timeout: Number(process.env.TEST_TIMEOUT ?? 30000) } },
  testsFinishTimeout: 300000,
  reporters: [defaultReporter(), countReporter()],
};
