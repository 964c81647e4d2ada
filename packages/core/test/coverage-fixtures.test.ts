// The editing operations on fixtures, in the manner of Turf's test/in → test/out: every
// fixtures/coverage/<operation>/in/*.geojson holds areas (cut from real Berlin Planungsräume where it matters), the
// operation as a foreign member `operation`, and the lines or points it takes as features with a `role`; the
// areas after the operation (or the error it must raise) are in out/ under the same name, styled so that a failing
// fixture can be opened in any GeoJSON viewer. `REGEN=1 node --test …` writes out/ anew from what the code does now.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import {
  applyPatch,
  buildTopology,
  carveArea,
  describePatch,
  EditError,
  mergeAreas,
  moveEdge,
  moveVertex,
  renameArea,
  reshapeAlongBarrier,
  splitArea,
  topologyToFeatureCollection,
  validateAreas,
  topologyAreaSet,
  type Topology,
  type TopologyPatch,
} from '@sozialraum/core';
import type { Feature, FeatureCollection, LineString, MultiPolygon, Polygon, Position } from 'geojson';

const ROOT = fileURLToPath(new URL('../../test/fixtures/coverage/', import.meta.url));
const REGEN = process.env['REGEN'] === '1';
const PARTITION_PROBLEMS = new Set(['gap', 'overlap', 'invalid-ring', 'self-intersection', 'duplicate-key']);

type Operation =
  | { type: 'split'; key: string; newKey?: string }
  | { type: 'merge'; keys: string[]; key?: string }
  | { type: 'move-vertex' }
  | { type: 'move-edge'; offset: [number, number] }
  | { type: 'barrier'; from: Position; to: Position }
  | { type: 'carve'; key: string; name?: string }
  | { type: 'rename'; key: string; newKey?: string; name?: string };

interface Fixture extends FeatureCollection {
  crs: unknown;
  operation: Operation;
}

/** The line of the fixture's feature with the given role. */
function lineOf(fixture: Fixture, role: string): Position[] {
  const feature = fixture.features.find((candidate) => candidate.properties?.['role'] === role);
  assert.ok(feature, `the fixture has no feature with role "${role}"`);
  const geometry = feature.geometry as LineString | Polygon;
  return geometry.type === 'Polygon' ? geometry.coordinates[0]! : geometry.coordinates;
}

function run(topology: Topology, fixture: Fixture): TopologyPatch {
  const operation = fixture.operation;
  switch (operation.type) {
    case 'split':
      return splitArea(topology, operation.key, lineOf(fixture, 'line'), operation.newKey ? { newKey: operation.newKey } : {});
    case 'merge':
      return mergeAreas(topology, operation.keys, operation.key ? { key: operation.key } : {});
    case 'move-vertex': {
      const [from, to] = lineOf(fixture, 'move');
      return moveVertex(topology, from!, to!);
    }
    case 'move-edge': {
      const [a, b] = lineOf(fixture, 'edge');
      return moveEdge(topology, a!, b!, operation.offset);
    }
    case 'barrier':
      return reshapeAlongBarrier(topology, operation.from, operation.to, lineOf(fixture, 'barrier'));
    case 'carve':
      return carveArea(topology, lineOf(fixture, 'drawn'), operation.key, operation.name ? { name: operation.name } : {});
    case 'rename':
      return renameArea(topology, operation.key, {
        ...(operation.newKey ? { key: operation.newKey } : {}),
        ...(operation.name ? { name: operation.name } : {}),
      });
  }
}

/** Coordinates to the micrometre, so that out/ reads well and does not depend on the last bit of a division. */
function rounded<T>(value: T): T {
  return JSON.parse(JSON.stringify(value, (_, entry: unknown) => (typeof entry === 'number' ? Math.round(entry * 1e6) / 1e6 : entry))) as T;
}

/** What the fixture's operation gives: the areas, changed ones highlighted, with the input lines; or the error. */
function outcome(fixture: Fixture): { collection: FeatureCollection; done?: { topology: Topology; patch: TopologyPatch; before: FeatureCollection } } {
  const areas = fixture.features.filter((feature) => feature.properties?.['role'] === undefined) as Feature<Polygon | MultiPolygon>[];
  const inputs = fixture.features.filter((feature) => feature.properties?.['role'] !== undefined);
  const { topology } = buildTopology({
    crs: 'EPSG:25833',
    idField: 'PLR_ID',
    nameField: 'PLR_NAME',
    features: areas,
    ids: areas.map((feature) => String(feature.properties?.['PLR_ID'])),
  });
  const before = topologyToFeatureCollection(topology);
  let patch: TopologyPatch;
  try {
    patch = run(topology, fixture);
  } catch (error) {
    if (!(error instanceof EditError)) throw error;
    return {
      collection: { type: 'FeatureCollection', features: inputs, error: { code: error.code, en: error.text.en, de: error.text.de } } as FeatureCollection,
    };
  }
  applyPatch(topology, patch, 'forward');
  const { changed, added } = describePatch(topology, patch, 'forward');
  const touched = new Set([...changed, ...added]);
  const features = topologyToFeatureCollection(topology).features.map((feature) => {
    const key = String(feature.properties?.['PLR_ID']);
    const style = touched.has(key) ? { stroke: '#b2182b', fill: '#ef8a62', 'fill-opacity': 0.5 } : { stroke: '#555555', fill: '#cccccc', 'fill-opacity': 0.3 };
    return { ...feature, properties: { ...feature.properties, ...style } };
  });
  const lines = inputs.map((feature) => ({ ...feature, properties: { ...feature.properties, stroke: '#2166ac', 'stroke-width': 3 } }));
  return {
    collection: { type: 'FeatureCollection', label: patch.label, features: [...features, ...lines] } as FeatureCollection,
    done: { topology, patch, before },
  };
}

for (const operation of await readdir(ROOT, { withFileTypes: true })) {
  if (!operation.isDirectory()) continue;
  const names = (await readdir(`${ROOT}${operation.name}/in`)).filter((name) => name.endsWith('.geojson'));
  for (const name of names) {
    test(`${operation.name}: ${name.replace('.geojson', '')} gives out/${name}`, async () => {
      const fixture = JSON.parse(await readFile(`${ROOT}${operation.name}/in/${name}`, 'utf8')) as Fixture;
      const { collection, done } = outcome(fixture);
      const actual = rounded(collection);
      const target = `${ROOT}${operation.name}/out/${name}`;
      if (REGEN) {
        await mkdir(`${ROOT}${operation.name}/out`, { recursive: true });
        await writeFile(target, `${JSON.stringify(actual)}\n`);
      }
      assert.deepEqual(actual, JSON.parse(await readFile(target, 'utf8')));
      if (!done) return;
      // Whatever an operation did, the areas still form a partition, and undoing it gives back every coordinate.
      const problems = validateAreas(topologyAreaSet(done.topology)).filter((finding) => PARTITION_PROBLEMS.has(finding.type));
      assert.deepEqual(problems, []);
      applyPatch(done.topology, done.patch, 'backward');
      assert.deepEqual(topologyToFeatureCollection(done.topology), done.before);
    });
  }
}
