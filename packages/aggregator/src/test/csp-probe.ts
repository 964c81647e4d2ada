// Loaded as the only script of a test page under a Content-Security-Policy (a <meta> in an iframe's srcdoc): runs
// the tiny aggregation in the worker pool, from the packages or from dist/sozialraum.js (?bundle), or the whole
// <sozialraum-aggregator> on a GeoTIFF from the bundle (?bundle&element), and reports the outcome and every policy
// violation to the parent page.
import { TINY_GRID, tinyAreas, tinyValues } from '../../../worker/dist/test/tiny.js';

type Api = typeof import('../index.js');

const violations: string[] = [];
document.addEventListener('securitypolicyviolation', (event) => violations.push(`${event.violatedDirective} ${event.blockedURI}`));

async function probePool(api: Api, bundle: boolean): Promise<Record<string, unknown>> {
  const pool = new api.WorkerPool({ size: 1 });
  const progress: number[] = [];
  const result = await api.aggregateAreas(
    pool,
    { areas: tinyAreas(), raster: { grid: TINY_GRID, values: tinyValues() }, stats: ['sum', 'density'] },
    { onProgress: (done) => progress.push(done) },
  );
  const outcome = { bundle, onMainThread: pool.onMainThread, fallbackReason: pool.fallbackReason ?? null, liveWorkers: pool.liveWorkers, result, progress };
  pool.dispose();
  return outcome;
}

async function probeElement(): Promise<Record<string, unknown>> {
  const map = document.createElement('sozialraum-map');
  map.setAttribute('areas', '/data-samples/berlin/lor_planungsraeume_2021.fgb');
  map.setAttribute('id-field', 'PLR_ID');
  const aggregator = document.createElement('sozialraum-aggregator');
  aggregator.setAttribute('raster', '/data-samples/berlin/zensus2011_einwohner_100m.tif');
  aggregator.setAttribute('workers', '1');
  map.append(aggregator);
  document.body.append(map);
  await map.ready;
  await aggregator.updateComplete;
  const result = await aggregator.run();
  const loaded = performance.getEntriesByType('resource').map((entry) => new URL(entry.name).pathname);
  return {
    bundle: true,
    onMainThread: result.mainThread,
    fallbackReason: aggregator.pool?.fallbackReason ?? null,
    areas: result.areas.length,
    total: result.areas.reduce((sum, area) => sum + (area.sum ?? 0), 0),
    loaded: loaded.filter((path) => path.startsWith('/dist/')),
  };
}

async function probe(): Promise<Record<string, unknown>> {
  const query = new URL(import.meta.url).searchParams;
  const bundle = query.has('bundle');
  const api = (await import(bundle ? '/dist/sozialraum.js' : '../index.js')) as Api;
  return query.has('element') ? probeElement() : probePool(api, bundle);
}

probe()
  .then((outcome) => parent.postMessage({ ...outcome, violations }, '*'))
  .catch((error: unknown) => parent.postMessage({ error: error instanceof Error ? error.message : String(error), violations }, '*'));
