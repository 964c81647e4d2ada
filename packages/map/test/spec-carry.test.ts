// The map's levels carried as an index spec says (`aggregation.spec`), in Node on the Berlin MSS table: the rates of
// the status index carried to the Bezirke as means weighted by the residents, and the same numbers as
// `sozialraum aggregate-up --spec` writes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { indexPreset, parseCsv } from '@sozialraum/core';
import { MapModel } from '@sozialraum/map/model';

const root = fileURLToPath(new URL('../../../../', import.meta.url));
const sample = (relative: string) => join(root, 'data-samples', relative);
const read = async (url: string) => new Uint8Array(await readFile(sample(url)));
const signal = new AbortController().signal;

const BERLIN = { areasUrl: 'berlin/lor_planungsraeume_2021.geojson', idField: 'PLR_ID', indicators: 'berlin/mss2021_indexindikatoren.csv' };
const LEVELS = [
  { id: 'plr', label: 'Planungsraum' },
  { id: 'bez', label: 'Bezirk', prefix: 2 },
];

/**
 * S1 (unemployment, %) of Bezirk 01 Mitte, by hand from mss2021_indexindikatoren.csv: its 49 Planungsräume (PLR_ID
 * 01…) all have EW and S1; Σ S1·EW = 2,577,374.62288 over Σ EW = 383,360 residents gives 6.7231182775. The unweighted
 * mean of the 49 rates would be another number: a rate is never averaged as it stands.
 */
const MITTE_S1 = 6.7231182775;

/** The Berlin map with its Bezirke (dissolved once, about a second), shared by the tests. */
let berlin: Promise<MapModel> | undefined;

async function bezirkView(aggregation: Parameters<MapModel['derive']>[0]['aggregation']) {
  berlin ??= (async () => {
    const model = new MapModel({ read });
    model.apply(await model.load(BERLIN, undefined, signal));
    await model.loadLevels(LEVELS, signal);
    return model;
  })();
  return (await berlin).derive({ drill: [], level: 'bez', aggregation, language: 'en' })!;
}

test('with an index spec the levels carry each of its indicators as the spec says: rates without parts weighted by `weight`', async () => {
  const view = await bezirkView({ spec: 'mss-2021-status', weight: 'EW' });
  assert.equal(view.error, undefined);
  assert.equal(view.areas.features.length, 12);
  const mitte = view.join!.rowsByKey.get('01')!;
  assert.ok(Math.abs(Number(mitte.S1) - MITTE_S1) < 1e-9, `S1 of Mitte: ${mitte.S1}`);
  assert.equal(Number(mitte.EW), 383360, "the spec's population column summed");
  for (const column of ['S1', 'S3', 'S4']) assert.ok(view.table!.columns.includes(column), `${column} carried`);
  assert.ok(!view.table!.columns.includes('D1'), 'a column the spec does not name is not carried');

  // Without a weight the spec's rates cannot be carried: they stay empty, never averaged unweighted.
  const unweighted = await bezirkView({ spec: 'mss-2021-status' });
  assert.equal(unweighted.join!.rowsByKey.get('01')!.S1, '');
  // A column named in the attribute itself is carried as named there.
  const explicit = await bezirkView({ spec: 'mss-2021-status', weighted: [{ column: 'S1', weight: 'EW' }] });
  assert.ok(Math.abs(Number(explicit.join!.rowsByKey.get('01')!.S1) - MITTE_S1) < 1e-9);
  assert.equal(explicit.join!.rowsByKey.get('01')!.S3, '');
  // An unknown preset is reported, naming the presets; the view has no table.
  const unknown = await bezirkView({ spec: 'mss-2099' });
  assert.equal(unknown.table, undefined);
  assert.match(String((unknown.error!.cause as Error).message), /mss-2021-status/);
});

test('the map and `sozialraum aggregate-up --spec` carry the Berlin table to the same Bezirk values', async () => {
  const view = await bezirkView({ spec: 'mss-2021-status', weight: 'EW' });
  const folder = await mkdtemp(join(tmpdir(), 'spec-carry-'));
  try {
    const spec = join(folder, 'mss-2021-status.json');
    await writeFile(spec, JSON.stringify(indexPreset('mss-2021-status')));
    const out = join(folder, 'bezirke.csv');
    const cli = join(root, 'packages/cli/bin/sozialraum.js');
    const args = ['aggregate-up', '--areas', sample(BERLIN.areasUrl), '--id-field', 'PLR_ID', '--by-prefix', '2', '--values', sample(BERLIN.indicators)];
    await promisify(execFile)(process.execPath, [cli, ...args, '--spec', spec, '--weight', 'EW', '--out', out]).catch((error: { code?: number }) => {
      // Exit 1 reports findings (areas without residents), and the table is still written.
      if (error.code !== 1) throw error;
    });
    const written = parseCsv(await readFile(out, 'utf8'), { source: 'bezirke.csv' });
    assert.equal(written.rows.length, 12);
    for (const row of written.rows) {
      const shown = view.join!.rowsByKey.get(row.id!)!;
      for (const column of ['EW', 'S1', 'S3', 'S4']) assert.equal(Number(shown[column]), Number(row[column]), `${row.id} ${column}`);
    }
    assert.ok(Math.abs(Number(written.rows.find((row) => row.id === '01')!.S1) - MITTE_S1) < 1e-9);
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
});
