// Shapefiles through dist/sozialraum.js under the strict CSP: the reader is a chunk of its own, loaded on the first
// Shapefile, and the bundle's slim proj4 knows every CRS a .prj can name (Soldner Berlin's Cassini among them).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { STRICT_CSP, startHarness, watchedPage, type Harness } from './harness.js';

let harness: Harness;
before(async () => (harness = await startHarness({ headers: { 'content-security-policy': STRICT_CSP } })));
after(async () => harness?.close());

test('the bundle loads a zipped and a loose Shapefile into maps, with the reader chunk loaded on demand', async () => {
  const { page, problems } = await watchedPage(harness, { width: 1200, height: 900 });
  const scripts: string[] = [];
  page.on('request', (request) => {
    if (new URL(request.url()).pathname.endsWith('.js')) scripts.push(request.url().slice(harness.base.length));
  });
  await page.goto(`${harness.base}test/pages/shapefile.html`);
  type MapElement = HTMLElement & { ready: Promise<void>; areas?: { features: { properties: Record<string, unknown> }[] } };
  const loaded = await page.evaluate(async () =>
    Promise.all(
      ['zip', 'loose'].map(async (id) => {
        const map = document.getElementById(id) as MapElement;
        await map.ready;
        return {
          id,
          areas: map.areas?.features.length ?? 0,
          names: (map.areas?.features ?? []).map((feature) => String(feature.properties.Ortsteilna ?? feature.properties.BEZNAME)),
        };
      }),
    ),
  );
  assert.equal(loaded[0]!.areas, 96);
  assert.ok(loaded[0]!.names.includes('Französisch Buchholz'));
  assert.equal(loaded[1]!.areas, 60);
  assert.ok(loaded[1]!.names.includes('Neukölln'));
  assert.ok(scripts.includes('dist/sozialraum-shapefile.js'), scripts.join(', '));
  // Every supported CRS, EPSG:3068 and the Gauss-Krüger zones included, is known to the bundle's proj4: nothing
  // failed. The one expected miss is the optional .cpg the loose Shapefile does not have (the browser logs its 404).
  assert.deepEqual(
    problems.filter((problem) => !/404/.test(problem)),
    [],
  );
  assert.ok(problems.length <= 1, problems.join('\n'));
});
