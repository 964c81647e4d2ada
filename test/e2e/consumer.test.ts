// The packages as their users get them: packed with `npm pack`, installed from the tarballs into an empty project,
// then used there the way a developer (Node, the CLI, TypeScript, a bundler) and a webmaster (one script tag) do.
import { after, before, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { copyFile, cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, posix, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { rollup, type RollupLog } from 'rollup';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import commonjsPlugin from '@rollup/plugin-commonjs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { serve } from '#scripts/serve.mjs';
import { chromiumArgs, chromiumPath } from '#scripts/chromium.mjs';

const repo = fileURLToPath(new URL('../../../', import.meta.url));
const PACKAGES = ['core', 'worker', 'element', 'map', 'choropleth', 'aggregator', 'profile', 'editor', 'cli'] as const;
const AREAS = 'lor_planungsraeume_2021.fgb';
const MSS = 'mss2021_indexindikatoren.csv';
const GRID = 'zensus2011_einwohner_100m.csv';
const KITAS = 'kitas.geojson';
/** npm's messages when the registry cannot be reached; only these make the install a skip rather than a failure. */
const UNREACHABLE = /\b(ENOTFOUND|ECONNREFUSED|ETIMEDOUT|EAI_AGAIN|ENETUNREACH)\b/;

interface Packed {
  name: string;
  filename: string;
  size: number;
  unpackedSize: number;
  entryCount: number;
}

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** The environment of `npm test` minus what npm sets for the repository's own scripts, so npm in the temp project sees only that project. */
function childEnvironment(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_(package_|lifecycle_|config_local_prefix$)/i.test(key) && key !== 'INIT_CWD'));
}

function run(command: string, args: readonly string[], cwd: string, timeout: number): Promise<Run> {
  return new Promise((resolve) => {
    execFile(command, args, { cwd, timeout, maxBuffer: 64 * 1024 * 1024, env: childEnvironment() }, (error, stdout, stderr) => {
      // Without a numeric code the command did not start or was killed (timeout); say so beside its own output.
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
      resolve({ code, stdout, stderr: error && typeof error.code !== 'number' ? `${stderr}\n${error.message}` : stderr });
    });
  });
}

/** Every path string in an `exports` map (conditions and subpaths, at any depth). */
function exportTargets(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(exportTargets);
  if (value && typeof value === 'object') return Object.values(value).flatMap(exportTargets);
  return [];
}

/** The packages a module names in import statements, `export … from` and `import()`; relative paths and node: left out. */
function importedPackages(code: string): Set<string> {
  const names = new Set<string>();
  for (const match of code.matchAll(/(?:^|[;\s})])(?:import|export)\s*(?:[^'"();]*?\sfrom\s*)?\(?\s*['"]([^'"\s]+)['"]/gm)) {
    const specifier = match[1]!;
    if (specifier.startsWith('.') || specifier.startsWith('/') || specifier.startsWith('node:')) continue;
    const parts = specifier.split('/');
    names.add(specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!);
  }
  return names;
}

// The plugin's types describe its CommonJS build, where the function is `.default`; Node's import gets the ES build,
// whose default export is the function itself.
const commonjs = commonjsPlugin as unknown as typeof commonjsPlugin.default;

let root: string;
let packs: string;
let project: string;
let site: string;
const packed = new Map<string, Packed>();
/** 'installed', or why the install was skipped; undefined until the install test ran, an Error when it failed. */
let installation: 'installed' | { skipped: string } | Error | undefined;
let browser: Browser | undefined;
let base: string | undefined;
let closeServer: (() => void) | undefined;

before(async () => {
  root = await mkdtemp(join(tmpdir(), 'sozialraum-consumer-'));
  packs = join(root, 'packs');
  project = join(root, 'project');
  site = join(root, 'site');
  await Promise.all(
    [packs, join(project, 'data'), join(project, 'app'), join(site, 'assets', 'sozialraum'), join(site, 'daten')].map((path) =>
      mkdir(path, { recursive: true }),
    ),
  );
  for (const file of [AREAS, MSS]) {
    await copyFile(join(repo, 'data-samples', 'berlin', file), join(project, 'data', file));
    await copyFile(join(repo, 'data-samples', 'berlin', file), join(site, 'daten', file));
  }
  await copyFile(join(repo, 'data-samples', 'berlin', 'facilities', KITAS), join(project, 'data', KITAS));
  await copyFile(join(repo, 'data-samples', 'berlin', GRID), join(site, 'daten', GRID));
});

after(async () => {
  await browser?.close();
  closeServer?.();
  if (root) await rm(root, { recursive: true, force: true });
});

/** Whether the installed project is there; skips the test when the registry could not be reached. */
function installed(t: TestContext): boolean {
  if (installation === 'installed') return true;
  if (installation && !(installation instanceof Error)) {
    t.skip(installation.skipped);
    return false;
  }
  throw new Error('the packages are not installed: the install test above failed', { cause: installation });
}

/** Opens a page of the temp folder; `requests` lists every URL it asked for, `problems` what must not happen. */
async function openPage(path: string): Promise<{ page: Page; problems: string[]; requests: string[] }> {
  if (!base) {
    const { server, url } = await serve({ root });
    base = url;
    closeServer = () => server.close();
  }
  browser ??= await chromium.launch({ executablePath: chromiumPath(), args: chromiumArgs });
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  const problems: string[] = [];
  const requests: string[] = [];
  const origin = base;
  page.on('request', (request) => {
    requests.push(request.url());
    if (!request.url().startsWith(origin) && !request.url().startsWith('data:')) problems.push(`request to another host: ${request.url()}`);
  });
  page.on('requestfailed', (request) => problems.push(`failed request: ${request.url()}`));
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`HTTP ${response.status()}: ${response.url()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()} (${message.location().url})`);
  });
  // The observer is the test's, not the page's: it records the events every element fires, from the first one on.
  await page.addInitScript(() => {
    const seen: { type: string; detail: unknown }[] = [];
    (window as unknown as { sozialraumEvents: typeof seen }).sozialraumEvents = seen;
    const summarise = (type: string, detail: unknown): unknown => {
      if (type === 'sozialraum-thematic-change') {
        const layer = detail as { kind: string; result: { areas: { class: number | null }[]; classes: { label: string }[] }; colours: string[] } | null;
        return (
          layer && {
            kind: layer.kind,
            areas: layer.result.areas.length,
            rated: layer.result.areas.filter((area) => area.class !== null).length,
            classes: layer.result.classes.map((entry) => entry.label),
            colours: layer.colours.length,
          }
        );
      }
      if (type === 'sozialraum-data-load') {
        const load = detail as { areas: number; rows: number; crs: string; unmatchedAreaIds: unknown[] };
        return { areas: load.areas, rows: load.rows, crs: load.crs, unmatchedAreaIds: load.unmatchedAreaIds.length };
      }
      return detail;
    };
    for (const type of ['sozialraum-data-load', 'sozialraum-thematic-change', 'sozialraum-error']) {
      document.addEventListener(type, (event) => seen.push({ type, detail: summarise(type, (event as CustomEvent).detail) }), { capture: true });
    }
  });
  await page.goto(new URL(path, base).href);
  return { page, problems, requests };
}

/** Waits for the map of the page to load and colour the Berlin areas, and checks what it drew and reported. */
async function assertBerlinChoropleth(page: Page, problems: string[]): Promise<void> {
  await page.waitForFunction(
    () => {
      const events = (window as unknown as { sozialraumEvents: { type: string; detail: unknown }[] }).sozialraumEvents;
      return events.some((event) => event.type === 'sozialraum-error') || events.some((event) => event.type === 'sozialraum-thematic-change' && event.detail);
    },
    undefined,
    { timeout: 30_000 },
  );
  const { events, drawn } = await page.evaluate(async () => {
    const map = document.querySelector('sozialraum-map') as HTMLElement & {
      ready: Promise<void>;
      olMap: { getAllLayers(): { get(key: string): unknown; getSource(): { getFeatures(): unknown[] } | null }[] };
    };
    await map.ready;
    const layer = map.olMap.getAllLayers().find((candidate) => candidate.get('name') === 'sozialraum-areas');
    return {
      events: (window as unknown as { sozialraumEvents: { type: string; detail: unknown }[] }).sozialraumEvents,
      drawn: layer?.getSource()?.getFeatures().length,
    };
  });
  assert.deepEqual(
    events.filter((event) => event.type === 'sozialraum-error'),
    [],
  );
  assert.deepEqual(events.find((event) => event.type === 'sozialraum-data-load')?.detail, { areas: 542, rows: 542, crs: 'EPSG:25833', unmatchedAreaIds: 0 });
  assert.equal(drawn, 542);
  assert.deepEqual(events.find((event) => event.type === 'sozialraum-thematic-change' && event.detail)?.detail, {
    kind: 'index',
    areas: 542,
    rated: 536,
    classes: ['hoch', 'mittel', 'niedrig', 'sehr niedrig'],
    colours: 4,
  });
  assert.deepEqual(problems, []);
}

/** Selects Schillerpromenade Süd on the page's map; the profile card follows and shows its profile. */
async function assertProfileCard(page: Page, facilities: string[][]): Promise<void> {
  await page.evaluate(() => ((document.querySelector('sozialraum-map') as HTMLElement & { selected: string | null }).selected = '08100103'));
  await page.waitForFunction(
    () => document.querySelector('sozialraum-profile-card')?.shadowRoot?.querySelector('h2')?.textContent === 'Schillerpromenade Süd',
    undefined,
    { timeout: 30_000 },
  );
  // The facility counts come last: the card shows the profile first and adds them when the layers are read.
  await page.waitForFunction(
    (types) => document.querySelector('sozialraum-profile-card')!.shadowRoot!.querySelectorAll('[part="facilities"] tbody tr').length === types,
    facilities.length,
    { timeout: 30_000 },
  );
  const card = await page.evaluate(() => {
    const root = document.querySelector('sozialraum-profile-card')!.shadowRoot!;
    const text = (element: Element | null) => element?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
    return {
      facts: text(root.querySelector('[part="facts"]')),
      indicators: [...root.querySelectorAll('[part="indicators"] tbody th')].map((cell) => text(cell).replace(/\d+$/, '')),
      facilities: [...root.querySelectorAll('[part="facilities"] tbody tr')].map((row) => [...row.children].slice(0, 3).map(text)),
    };
  });
  assert.match(card.facts, /Einwohner:innen 7\.473 Stand 31\.12\.2020/);
  assert.match(card.facts, /Klasse 3 von 4: niedrig/);
  assert.deepEqual(card.indicators, ['Arbeitslosigkeit', 'Transferbezug', 'Kinderarmut']);
  assert.deepEqual(card.facilities, facilities);
}

/** The editor on the page has the map's 542 areas as its topology, its tools, and the residents of each area. */
async function assertEditor(page: Page, expected: { source: RegExp; residents: number; marks: string }): Promise<void> {
  const editor = await page.evaluate(async () => {
    const element = document.querySelector('sozialraum-editor') as HTMLElement & {
      ready: Promise<void>;
      checked: Promise<void>;
      population: Map<string, number> | undefined;
      toFeatureCollection(): { features: unknown[] } | undefined;
    };
    // ready: the tools can be used; checked: the residents and the findings of the first full check are there.
    await element.checked;
    const root = element.shadowRoot!;
    const text = (element: Element | null) => element?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
    return {
      areas: element.toFeatureCollection()?.features.length,
      tools: [...root.querySelectorAll('[part="toolbar"] button[data-tool]')].map(text),
      residents: Math.round(element.population?.get('08100103') ?? NaN),
      source: text(root.querySelector('[part="live"] .note')),
      marks: text(root.querySelector('[part="marks"] h3')),
    };
  });
  assert.equal(editor.areas, 542);
  assert.deepEqual(editor.tools, ['Auswählen', 'Teilen', 'Zusammenlegen', 'Punkt verschieben', 'An Barriere legen', 'Neues Gebiet', 'Umbenennen', 'Kommentar']);
  assert.equal(editor.residents, expected.residents);
  assert.match(editor.source, expected.source);
  assert.equal(editor.marks, expected.marks);
}

test('each package packs its built modules with types, and nothing its users cannot use', { timeout: 60_000 }, async (t) => {
  for (const name of PACKAGES) {
    await readFile(join(repo, 'packages', name, 'dist', 'index.js')).catch(() =>
      assert.fail(`packages/${name}/dist/index.js is missing: run \`npm run build\` first`),
    );
  }
  const result = await run('npm', ['pack', '--json', '--pack-destination', packs, ...PACKAGES.flatMap((name) => ['-w', `@sozialraum/${name}`])], repo, 60_000);
  assert.equal(result.code, 0, result.stderr);
  for (const entry of JSON.parse(result.stdout) as Packed[]) packed.set(entry.name, entry);
  assert.deepEqual([...packed.keys()].sort(), PACKAGES.map((name) => `@sozialraum/${name}`).sort());

  for (const name of PACKAGES) {
    const tarball = packed.get(`@sozialraum/${name}`)!;
    t.diagnostic(
      `${tarball.filename}: ${(tarball.size / 1024).toFixed(1)} kB packed, ${(tarball.unpackedSize / 1024).toFixed(1)} kB unpacked, ${tarball.entryCount} files`,
    );
    const listing = await run('tar', ['-tzf', join(packs, tarball.filename)], packs, 30_000);
    assert.equal(listing.code, 0, listing.stderr);
    const files = new Set(
      listing.stdout
        .split('\n')
        .filter((entry) => entry.startsWith('package/') && !entry.endsWith('/'))
        .map((entry) => entry.slice('package/'.length)),
    );
    const unpacked = join(packs, name);
    await mkdir(unpacked);
    const untar = await run('tar', ['-xzf', join(packs, tarball.filename), '-C', unpacked], packs, 30_000);
    assert.equal(untar.code, 0, untar.stderr);
    const contents = join(unpacked, 'package');
    const manifest = JSON.parse(await readFile(join(contents, 'package.json'), 'utf8')) as {
      exports: unknown;
      types?: string;
      main?: string;
      bin?: string | Record<string, string>;
      sideEffects?: boolean | string[];
      customElements?: string;
      dependencies?: Record<string, string>;
      peerDependencies?: Record<string, string>;
    };
    const modules = [...files].filter((file) => /^dist\/.+\.js$/.test(file));
    assert.ok(modules.includes('dist/index.js'), `${name}: dist/index.js`);
    for (const module of modules) assert.ok(files.has(module.replace(/\.js$/, '.d.ts')), `${name}: ${module} has no .d.ts beside it`);
    assert.deepEqual(
      [...files].filter((file) => /\.test\.|(^|\/)test\/|\.tsbuildinfo$|(^|\/)tsconfig[^/]*\.json$/.test(file)),
      [],
      `${name}: tests or build files in the tarball`,
    );

    const bins = typeof manifest.bin === 'string' ? [manifest.bin] : Object.values(manifest.bin ?? {});
    const sideEffects = Array.isArray(manifest.sideEffects) ? manifest.sideEffects : [];
    for (const target of [...exportTargets(manifest.exports), manifest.types, manifest.main, manifest.customElements, ...bins, ...sideEffects]) {
      if (target === undefined) continue;
      assert.ok(files.has(posix.normalize(target)), `${name}: package.json names ${target}, which is not in the tarball`);
    }

    // A source map or declaration map that points at a file the tarball lacks breaks "go to definition" and the
    // debugger, and makes bundlers' source-map loaders warn for every module.
    for (const file of files) {
      const reference = /\/\/# sourceMappingURL=(\S+)\s*$/.exec(
        file.endsWith('.js') || file.endsWith('.d.ts') ? await readFile(join(contents, file), 'utf8') : '',
      )?.[1];
      if (reference && !reference.startsWith('data:'))
        assert.ok(files.has(posix.join(posix.dirname(file), reference)), `${name}: ${file} points to ${reference}, which is not in the tarball`);
      if (!file.endsWith('.map')) continue;
      const map = JSON.parse(await readFile(join(contents, file), 'utf8')) as { sources: string[]; sourceRoot?: string; sourcesContent?: (string | null)[] };
      map.sources.forEach((source, index) => {
        if (typeof map.sourcesContent?.[index] === 'string') return;
        const path = posix.normalize(posix.join(posix.dirname(file), map.sourceRoot ?? '', source));
        assert.ok(files.has(path), `${name}: ${file} names the source ${source}, which is not in the tarball`);
      });
    }

    // Every package a module imports at run time must be a dependency of this package: hoisting in one project
    // may hide a missing one, another package manager (or another project's tree) will not.
    const declared = new Set([`@sozialraum/${name}`, ...Object.keys(manifest.dependencies ?? {}), ...Object.keys(manifest.peerDependencies ?? {})]);
    for (const module of [...modules, ...bins.map((bin) => posix.normalize(bin))]) {
      for (const imported of importedPackages(await readFile(join(contents, module), 'utf8'))) {
        assert.ok(declared.has(imported), `${name}: ${module} imports ${imported}, which is not in its dependencies`);
      }
    }
    // The same for the types a consumer's compiler reads: a package, or its @types package, must be a dependency.
    for (const declaration of [...files].filter((file) => file.endsWith('.d.ts'))) {
      for (const imported of importedPackages(await readFile(join(contents, declaration), 'utf8'))) {
        const types = `@types/${imported.replace(/^@/, '').replace('/', '__')}`;
        assert.ok(
          declared.has(imported) || declared.has(types),
          `${name}: ${declaration} imports the types of ${imported}, but neither it nor ${types} is in its dependencies`,
        );
      }
    }
  }
});

test('the tarballs install together into an empty project', { timeout: 240_000 }, async (t) => {
  assert.equal(packed.size, PACKAGES.length, 'the pack test above failed');
  await writeFile(join(project, 'package.json'), `${JSON.stringify({ name: 'sozialraum-consumer', type: 'module', private: true }, null, 2)}\n`);
  const tarballs = PACKAGES.map((name) => join(packs, packed.get(`@sozialraum/${name}`)!.filename));
  const started = performance.now();
  const result = await run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', ...tarballs], project, 220_000);
  if (result.code !== 0 && UNREACHABLE.test(result.stderr)) {
    installation = {
      skipped: `the npm registry cannot be reached (${UNREACHABLE.exec(result.stderr)![1]}), so the packages' dependencies cannot be installed`,
    };
    t.skip(installation.skipped);
    return;
  }
  installation = new Error(`npm install failed:\n${result.stderr}`);
  assert.equal(result.code, 0, result.stderr);
  t.diagnostic(`npm install: ${((performance.now() - started) / 1000).toFixed(1)} s`);

  // The internal dependencies are the tarballs, not something of the same name from the registry.
  const lock = JSON.parse(await readFile(join(project, 'package-lock.json'), 'utf8')) as { packages: Record<string, { resolved?: string; version?: string }> };
  const internal = Object.entries(lock.packages).filter(([path]) => /(^|\/)node_modules\/@sozialraum\//.test(path));
  assert.deepEqual(internal.map(([path]) => path).sort(), PACKAGES.map((name) => `node_modules/@sozialraum/${name}`).sort(), 'one copy of each package');
  for (const [path, entry] of internal) assert.match(entry.resolved ?? '', /^file:.*\.tgz$/, `${path} resolved to ${entry.resolved}`);
  installation = 'installed';
});

test('Node: @sozialraum/core from the tarball loads the 542 Berlin areas and computes the MSS 2021 status index', { timeout: 60_000 }, async (t) => {
  if (!installed(t)) return;
  await writeFile(
    join(project, 'consumer.js'),
    `import { readFile } from 'node:fs/promises';
import { computeIndex, decodeText, indexPreset, loadAreas, parseCsv } from '@sozialraum/core';
import { normaliseCrsName } from '@sozialraum/core/crs';

const areas = await loadAreas(new Uint8Array(await readFile('data/${AREAS}')), { source: '${AREAS}', idField: 'PLR_ID' });
const table = parseCsv(decodeText(new Uint8Array(await readFile('data/${MSS}'))), { source: '${MSS}' });
const result = computeIndex(table, indexPreset('mss-2021-status'), { keyColumn: 'PLR_ID' });
console.log(JSON.stringify({
  resolved: import.meta.resolve('@sozialraum/core'),
  areas: areas.features.length,
  crs: normaliseCrsName(areas.crs),
  issues: areas.issues.length,
  results: result.areas.length,
  rated: result.areas.filter((area) => area.class !== null).length,
  classes: result.classes.map((entry) => [entry.label, entry.count]),
}));
`,
  );
  const result = await run(process.execPath, ['consumer.js'], project, 50_000);
  assert.equal(result.code, 0, result.stderr);
  const { resolved, ...output } = JSON.parse(result.stdout) as { resolved: string; [key: string]: unknown };
  assert.ok(fileURLToPath(resolved).startsWith(join(project, 'node_modules', '@sozialraum', 'core') + sep), resolved);
  assert.deepEqual(output, {
    areas: 542,
    crs: 'EPSG:25833',
    issues: 0,
    results: 542,
    rated: 536,
    classes: [
      ['hoch', 75],
      ['mittel', 366],
      ['niedrig', 46],
      ['sehr niedrig', 49],
    ],
  });
});

test('CLI: the installed sozialraum command writes the status index as CSV, one row per area', { timeout: 60_000 }, async (t) => {
  if (!installed(t)) return;
  const result = await run(
    join(project, 'node_modules', '.bin', 'sozialraum'),
    ['index', '--preset', 'mss-2021-status', '--indicators', `data/${MSS}`, '--id-field', 'PLR_ID', '--out', 'status.csv'],
    project,
    50_000,
  );
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stderr, /536 of 542 areas rated/);
  const lines = (await readFile(join(project, 'status.csv'), 'utf8')).split(/\r?\n/).filter((line) => line !== '');
  assert.match(lines[0]!, /^id,index,class,label,rank,flags,/);
  assert.equal(lines.length - 1, 542);
  assert.match(lines[1]!, /^01100101,/, 'keys keep their leading zeros');
});

test('TypeScript: a strict consumer type-checks against the published types and exports maps', { timeout: 90_000 }, async (t) => {
  if (!installed(t)) return;
  // The @ts-expect-error lines prove that the types are real: were any of them `any`, tsc would report the
  // directive as unused.
  await writeFile(
    join(project, 'consumer.ts'),
    `import { computeIndex, indexPreset, loadAreas, parseCsv, type AreaCollection, type IndexResult } from '@sozialraum/core';
import { normaliseCrsName } from '@sozialraum/core/crs';
import { decodeText } from '@sozialraum/core/io';
import { run, type CliIo } from '@sozialraum/cli';
import { SozialraumMap, sozialraumContext, type DataLoadDetail, type ThematicLayer } from '@sozialraum/map';
import { SozialraumChoropleth, PALETTES } from '@sozialraum/choropleth';
import { SozialraumProfileCard, type ProfileExportDetail } from '@sozialraum/profile';
import { SozialraumEditor, type AreasChangeDetail, type AreasExportDetail } from '@sozialraum/editor';

export async function statusIndex(areaBytes: Uint8Array, tableBytes: Uint8Array): Promise<{ areas: AreaCollection; result: IndexResult }> {
  const areas = await loadAreas(areaBytes, { source: 'areas.fgb', idField: 'PLR_ID' });
  const table = parseCsv(decodeText(tableBytes), { source: 'mss.csv' });
  const result = computeIndex(table, indexPreset('mss-2021-status'), { keyColumn: 'PLR_ID' });
  const crs: string | undefined = normaliseCrsName(areas.crs);
  // @ts-expect-error the key column is the name of a column, not a number
  computeIndex(table, indexPreset('mss-2021-status'), { keyColumn: 1 });
  return { areas: crs ? areas : areas, result };
}

export async function batch(io: CliIo): Promise<number> {
  return run(['index', '--preset', 'mss-2021-status', '--out', 'status.csv'], io);
}

const map: SozialraumMap = document.createElement('sozialraum-map');
map.areasUrl = '/daten/${AREAS}';
map.idField = 'PLR_ID';
// @ts-expect-error areasUrl is a URL
map.areasUrl = 42;
const choropleth: SozialraumChoropleth = document.createElement('sozialraum-choropleth');
choropleth.preset = 'mss-2021-status';
choropleth.palette = Object.keys(PALETTES)[0];
map.append(choropleth);
map.addEventListener('sozialraum-data-load', (event) => {
  const detail: DataLoadDetail = (event as CustomEvent<DataLoadDetail>).detail;
  const count: number = detail.areas;
  console.log(count);
});
map.addEventListener('sozialraum-thematic-change', (event) => {
  const layer = (event as CustomEvent<ThematicLayer | null>).detail;
  console.log(layer?.result.classes.map((entry) => entry.label));
});
const card: SozialraumProfileCard = document.createElement('sozialraum-profile-card');
card.areaId = '08100103';
card.distance = 1500;
// @ts-expect-error the distance is a number of metres
card.distance = '1,5 km';
card.addEventListener('sozialraum-profile-export', (event) => {
  const detail: ProfileExportDetail = (event as CustomEvent<ProfileExportDetail>).detail;
  console.log(detail.filename, detail.blob.size);
});
const editor: SozialraumEditor = document.createElement('sozialraum-editor');
editor.grid = '/daten/zensus2011_einwohner_100m.csv';
editor.minPopulation = 1000;
editor.tool = 'split';
// @ts-expect-error there is no such tool
editor.tool = 'erase';
editor.addEventListener('sozialraum-areas-change', (event) => {
  const detail: AreasChangeDetail = (event as CustomEvent<AreasChangeDetail>).detail;
  const residents: number | undefined = detail.population[detail.ids[0] ?? ''];
  console.log(detail.operation, residents);
});
map.append(card, editor);
export const download: Promise<AreasExportDetail | undefined> = editor.exportAreas('fgb');
export const ready: Promise<void> = map.ready;
export { sozialraumContext };
`,
  );
  // No skipLibCheck: the packages' declaration files are checked as the consumer's compiler sees them.
  const tsc = join(repo, 'node_modules', '.bin', 'tsc');
  const result = await run(
    tsc,
    ['--noEmit', '--strict', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2022', '--lib', 'es2022,dom', 'consumer.ts'],
    project,
    80_000,
  );
  const errors = `${result.stdout}\n${result.stderr}`.split('\n').filter((line) => /error TS\d+/.test(line));
  // Core's public types are its own (not flatgeobuf's, whose declarations NodeNext refuses), so nothing may fail.
  assert.deepEqual(errors, []);
  assert.equal(result.code, 0, `tsc failed:\n${result.stdout}${result.stderr}`);
});

test(
  'browser: an app bundled with rollup from the installed packages shows the 542 areas coloured by the index, a profile card and the editor',
  { timeout: 120_000 },
  async (t) => {
    if (!installed(t)) return;
    const app = join(project, 'app');
    await writeFile(
      join(app, 'main.js'),
      `import '@sozialraum/map';
import '@sozialraum/choropleth';
import '@sozialraum/profile';
import '@sozialraum/editor';

const map = document.createElement('sozialraum-map');
map.areasUrl = '../data/${AREAS}';
map.idField = 'PLR_ID';
map.nameField = 'PLR_NAME';
map.indicators = '../data/${MSS}';
map.style.setProperty('--sozialraum-map-height', '600px');
const choropleth = document.createElement('sozialraum-choropleth');
choropleth.preset = 'mss-2021-status';
const card = document.createElement('sozialraum-profile-card');
card.facilities = '../data/${KITAS}';
// Without a grid the editor takes the residents from the map's table.
const editor = document.createElement('sozialraum-editor');
editor.populationColumn = 'EW';
editor.storageKey = 'consumer-app';
map.append(choropleth, document.createElement('sozialraum-legend'), card, editor);
document.querySelector('main').append(map);
`,
    );
    await writeFile(
      join(app, 'index.html'),
      `<!doctype html>
<html lang="de">
  <head>
    <meta charset="utf-8">
    <link rel="icon" href="data:,">
    <title>Sozialräume</title>
    <script type="module" src="build/main.js"></script>
  </head>
  <body><main></main></body>
</html>
`,
    );
    const warnings: RollupLog[] = [];
    const bundle = await rollup({
      input: join(app, 'main.js'),
      plugins: [nodeResolve({ browser: true }), commonjs()],
      onwarn: (warning) => void warnings.push(warning),
    });
    try {
      await bundle.write({ dir: join(app, 'build'), format: 'es' });
      const outside = bundle.watchFiles.filter((file) => !file.startsWith('\0') && !file.startsWith(project + sep));
      assert.deepEqual(outside, [], 'every module comes from the project, none from the repository');
      for (const name of ['choropleth', 'profile', 'editor']) {
        assert.ok(
          bundle.watchFiles.some((file) => file.startsWith(join(project, 'node_modules', '@sozialraum', name, 'dist') + sep)),
          `${name} is bundled from the installed package`,
        );
      }
    } finally {
      await bundle.close();
    }
    // The worker is a second entry, written beside the bundle where the pool looks for it (new URL(…, import.meta.url)),
    // as the README tells an app that bundles the packages.
    const workerBundle = await rollup({
      input: join(project, 'node_modules', '@sozialraum', 'worker', 'dist', 'aggregate.worker.js'),
      plugins: [nodeResolve({ browser: true }), commonjs()],
      onwarn: (warning) => void warnings.push(warning),
    });
    try {
      await workerBundle.write({ file: join(app, 'build', 'aggregate.worker.js'), format: 'es', inlineDynamicImports: true });
    } finally {
      await workerBundle.close();
    }
    // proj4 and papaparse use `this` at module level in their UMD wrappers, harmless in an ES module.
    const serious = warnings.filter((warning) => warning.code !== 'THIS_IS_UNDEFINED' && warning.code !== 'CIRCULAR_DEPENDENCY');
    assert.deepEqual(
      serious.map((warning) => `${warning.code}: ${warning.message}`),
      [],
    );

    const { page, problems } = await openPage('project/app/');
    try {
      await assertBerlinChoropleth(page, problems);
      await assertEditor(page, {
        residents: 7473,
        source: /Tabellenspalte EW, nach Flächenanteilen/,
        marks: 'Auffällige Größen (6 unter 1.000, 271 weit von 5.000)',
      });
      await assertProfileCard(page, [['Kitas', '9', '157']]);
      assert.deepEqual(problems, []);
    } finally {
      await page.close();
    }
  },
);

/** The file names of the scripts a page loaded, each checked to come from the folder the webmaster copied dist/ to. */
function scriptsFromAssets(requests: string[]): string[] {
  const assets = new URL('site/assets/sozialraum/', base).href;
  const scripts = requests.filter((url) => new URL(url).pathname.endsWith('.js'));
  for (const url of scripts) assert.ok(url.startsWith(assets), `${url} is not in the copied dist folder`);
  return [...new Set(scripts.map((url) => url.slice(assets.length)))].sort();
}

test(
  'browser: a page with only a script tag for dist/sozialraum.js shows the 542 areas with choropleth, legend, table and a profile card',
  { timeout: 60_000 },
  async () => {
    // As the README says: the whole folder, since the script loads its chunks and worker from beside itself.
    await cp(join(repo, 'dist'), join(site, 'assets', 'sozialraum'), { recursive: true });
    await writeFile(
      join(site, 'index.html'),
      `<!doctype html>
<html lang="de">
  <head>
    <meta charset="utf-8">
    <link rel="icon" href="data:,">
    <title>Sozialräume in Berlin</title>
    <script type="module" src="assets/sozialraum/sozialraum.js"></script>
  </head>
  <body>
    <h1>Soziale Stadtentwicklung</h1>
    <sozialraum-map areas="daten/${AREAS}" id-field="PLR_ID" name-field="PLR_NAME" indicators="daten/${MSS}" style="--sozialraum-map-height: 600px">
      <sozialraum-choropleth preset="mss-2021-status"></sozialraum-choropleth>
      <sozialraum-legend slot="overlay"></sozialraum-legend>
      <sozialraum-table></sozialraum-table>
      <sozialraum-profile-card></sozialraum-profile-card>
    </sozialraum-map>
  </body>
</html>
`,
    );
    const { page, problems, requests } = await openPage('site/');
    try {
      assert.equal(await page.locator('script').count(), 1);
      await assertBerlinChoropleth(page, problems);
      await page.waitForFunction(() => document.querySelector('sozialraum-table')?.shadowRoot?.querySelectorAll('tbody tr').length === 542, undefined, {
        timeout: 10_000,
      });
      const legend = await page.evaluate(
        () => document.querySelector('sozialraum-legend')!.shadowRoot!.querySelector('[part="classes"]')?.textContent?.replace(/\s+/g, ' ') ?? '',
      );
      for (const label of ['hoch', 'mittel', 'niedrig', 'sehr niedrig', 'nicht bewertet']) assert.ok(legend.includes(label), legend);
      await assertProfileCard(page, []);
      // The profile card's runtime and the code it shares with the levels and the aggregator's protection (the audit, suppression,
      // point in polygon), in chunks of their own beside the bundle.
      assert.deepEqual(scriptsFromAssets(requests), [
        'sozialraum-hierarchy.js',
        'sozialraum-index.js',
        'sozialraum-inside.js',
        'sozialraum-profile-runtime.js',
        'sozialraum-spatial.js',
        'sozialraum-suppression.js',
        'sozialraum.js',
      ]);
      assert.deepEqual(problems, []);
    } finally {
      await page.close();
    }
  },
);

test(
  'browser: a page with only a script tag shows the editor with the residents from the Zensus grid, read by the worker beside the script',
  { timeout: 60_000 },
  async () => {
    await readFile(join(site, 'assets', 'sozialraum', 'sozialraum.js')).catch(() => assert.fail('the test above did not copy dist/'));
    await writeFile(
      join(site, 'editor.html'),
      `<!doctype html>
<html lang="de">
  <head>
    <meta charset="utf-8">
    <link rel="icon" href="data:,">
    <title>Grenzen der Sozialräume bearbeiten</title>
    <script type="module" src="assets/sozialraum/sozialraum.js"></script>
  </head>
  <body>
    <h1>Grenzen bearbeiten</h1>
    <sozialraum-map areas="daten/${AREAS}" id-field="PLR_ID" name-field="PLR_NAME" style="--sozialraum-map-height: 600px">
      <sozialraum-editor grid="daten/${GRID}" value="Einwohner" storage-key="consumer-site"></sozialraum-editor>
    </sozialraum-map>
  </body>
</html>
`,
    );
    const { page, problems, requests } = await openPage('site/editor.html');
    try {
      await assertEditor(page, {
        residents: 6294,
        source: new RegExp(`Zensus-Gitter ${GRID.replaceAll('.', '\\.')} \\(Spalte Einwohner\\)`),
        marks: 'Auffällige Größen (13 unter 1.000, 214 weit von 5.000)',
      });
      assert.deepEqual(scriptsFromAssets(requests), [
        'sozialraum-editor-runtime.js',
        'sozialraum-faces.js',
        'sozialraum-geometry.js',
        'sozialraum-index.js',
        'sozialraum-inside.js',
        'sozialraum-paint.js',
        'sozialraum-spatial.js',
        'sozialraum-worker.js',
        'sozialraum.js',
      ]);
      assert.deepEqual(problems, []);
    } finally {
      await page.close();
    }
  },
);
