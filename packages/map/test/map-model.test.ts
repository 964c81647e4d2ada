// The map's data pipeline in Node, on the real Berlin and Flensburg samples: load, years, levels (a file and a
// dissolve, through the same level code the page loads), aggregation up, the parent level, children's columns, failures.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { computeIndexYears, indicatorSpec, messageText, numericColumn, parseCsv, tableForYear } from '@sozialraum/core';
import { MapModel } from '@sozialraum/map/model';

const sample = (relative: string) => fileURLToPath(new URL(`../../../../data-samples/${relative}`, import.meta.url));
const read = async (url: string) => new Uint8Array(await readFile(sample(url)));
const signal = new AbortController().signal;

const BERLIN = { areasUrl: 'berlin/lor_planungsraeume_2021.geojson', idField: 'PLR_ID', indicators: 'berlin/mss2021_indexindikatoren.csv' };
const LEVELS = [
  { id: 'plr', label: 'Planungsraum' },
  {
    id: 'bzr',
    label: { de: 'Bezirksregion', en: 'District region' },
    areas: 'berlin/lor_bezirksregionen_2021.geojson',
    idField: 'BZR_ID',
    nameField: 'BZR_NAME',
    prefix: 6,
  },
  { id: 'bez', label: 'Bezirk', prefix: 2, names: { '01': 'Mitte' } },
  // The same Bezirke from a mapping table: the indicator table names each Planungsraum's Bezirk in BEZ_ID.
  { id: 'bez-mapped', label: 'Bezirk', mapping: 'berlin/mss2021_indexindikatoren.csv', mappingChild: 'PLR_ID', mappingParent: 'BEZ_ID' },
];

async function berlinTable() {
  return parseCsv(new TextDecoder().decode(await read(BERLIN.indicators)), { source: 'mss2021_indexindikatoren.csv' });
}

test('the finest level: the 542 Planungsräume joined to their table row by row', async () => {
  const model = new MapModel({ read });
  const result = await model.load(BERLIN, undefined, signal);
  assert.equal(result.error, undefined);
  assert.equal(model.apply(result), true, 'new areas');
  const view = model.derive({ drill: [], language: 'de' })!;
  const table = await berlinTable();
  assert.equal(view.areas.features.length, 542);
  assert.equal(view.join!.rowsByKey.size, table.rows.length);
  assert.equal(view.join!.rowsByKey.get('01100101')!.EW, table.rows.find((row) => row.PLR_ID === '01100101')!.EW);
  assert.equal(view.level, undefined, 'no levels asked for');
  assert.deepEqual(model.years(undefined), { years: [], shown: undefined });
  // Children compare what the map shares by identity: the same inputs, also after loading no levels, give the same view.
  assert.deepEqual(await model.loadLevels(undefined, signal), []);
  assert.equal(model.derive({ drill: [], language: 'de' }), view);
  assert.notEqual(model.derive({ drill: [], language: 'en' }), view);
});

test('levels: a file by prefix and a dissolved level; the table carried up sums the residents of every child', async () => {
  const model = new MapModel({ read });
  model.apply(await model.load(BERLIN, undefined, signal));
  const issues = await model.loadLevels(LEVELS, signal);
  assert.ok(issues);
  assert.deepEqual(
    model.levels.map((level) => [level.definition.id, level.areas.features.length]),
    [
      ['plr', 542],
      ['bzr', 143],
      ['bez', 12],
      ['bez-mapped', 12],
    ],
  );
  const [, , byPrefix, byMapping] = model.levels;
  assert.equal(byMapping!.assignment!.method, 'mapping');
  assert.deepEqual(byMapping!.parentOfBase, byPrefix!.parentOfBase, 'mapping and prefix agree on every Planungsraum');
  const table = await berlinTable();
  const residents = (rows: readonly Record<string, string>[], keep: (row: Record<string, string>) => boolean) =>
    rows.filter(keep).reduce((sum, row) => sum + Number(row.EW), 0);
  const choice = { drill: [], aggregation: { counts: ['EW'] }, language: 'en' as const };

  const bez = model.derive({ ...choice, level: 'bez' })!;
  assert.equal(bez.level!.definition.id, 'bez');
  assert.equal(bez.areas.nameField, 'name');
  assert.equal(bez.areas.features[bez.areas.ids.indexOf('01')]!.properties!.name, 'Mitte', 'named from `names`');
  for (const key of ['01', '07', '12']) {
    assert.equal(
      Number(bez.join!.rowsByKey.get(key)!.EW),
      residents(table.rows, (row) => row.PLR_ID!.startsWith(key)),
      `Bezirk ${key}`,
    );
  }
  assert.equal(bez.parentLevel!.label, 'Bezirk', 'the mapped level lies above');

  const bzr = model.derive({ ...choice, level: 'bzr' })!;
  assert.equal(bzr.parentLevel!.label, 'Bezirk');
  assert.equal(bzr.parentLevel!.parentOf.get('011001'), '01');
  assert.equal(
    Number(bzr.parentLevel!.join.rowsByKey.get('01')!.EW),
    residents(table.rows, (row) => row.PLR_ID!.startsWith('01')),
  );

  // Drilled into Bezirk 01: the Bezirksregionen inside it are the focus, the view the whole level below.
  const drilled = model.derive({ ...choice, level: 'bez', drill: [{ level: 'bez', id: '01', name: 'Mitte' }] })!;
  assert.equal(drilled.level!.definition.id, 'bzr');
  assert.deepEqual([...drilled.focus!].sort(), bzr.areas.ids.filter((id) => id.startsWith('01')).sort());
  const plr = model.derive({ ...choice, level: 'plr' })!;
  assert.equal(plr.parentLevel!.label, 'District region', 'labels in the language asked for');
});

test('the level asked for is shown once built, before the others are read; not under aggregation.minCount', async () => {
  const aggregation = JSON.stringify({ counts: ['EW'], missingValues: [-9999], missing: 'sum-known' });
  const model = new MapModel({ read });
  model.apply(await model.load(BERLIN, undefined, signal));
  const requested: string[] = [];
  const logged = new MapModel({ read: (url) => (requested.push(url), read(url)) });
  logged.apply(await logged.load(BERLIN, undefined, signal));
  requested.length = 0;
  let early: { listed: number; features: number; rows: string[][]; requested: string[] } | undefined;
  await logged.loadLevels(LEVELS, signal, {
    level: 'bez',
    aggregation,
    onShown: () => {
      const view = logged.derive({ level: 'bez', drill: [], aggregation, levels: true, language: 'de' })!;
      const rows = view.table!.rows.map((row) => [row.id!, row.EW!]);
      early = { listed: logged.levels.length, features: view.areas.features.length, rows, requested: [...requested] };
    },
  });
  assert.ok(early, 'shown before all levels are built');
  assert.equal(early.listed, 0, 'no levels listed until all are built');
  assert.equal(early.features, 12);
  assert.deepEqual(early.requested, [], 'the Bezirke need no file');
  assert.deepEqual(requested.sort(), ['berlin/lor_bezirksregionen_2021.geojson', 'berlin/mss2021_indexindikatoren.csv'].sort());
  assert.equal(logged.levels.length, 4);
  const final = logged.derive({ level: 'bez', drill: [], aggregation, levels: true, language: 'de' })!;
  assert.deepEqual(
    final.table!.rows.map((row) => [row.id!, row.EW!]),
    early.rows,
  );
  // With minCount the small counts are protected over every level at once: nothing is shown before all are built.
  let shown = false;
  await model.loadLevels(LEVELS, signal, { level: 'bez', aggregation: JSON.stringify({ counts: ['EW'], minCount: 3 }), onShown: () => (shown = true) });
  assert.equal(shown, false);
  assert.equal(model.levels.length, 4);
});

test('years: the latest by default, another on request, the whole table kept as one object', async () => {
  const model = new MapModel({ read });
  const input = { areasUrl: 'flensburg/stadtteile.geojson', idField: 'AREA_ID', indicators: 'flensburg/sozialatlas_stadtteile.csv', keyField: 'stadtteil_id' };
  model.apply(await model.load(input, undefined, signal));
  const { years, shown } = model.years(undefined);
  assert.equal(shown, years.at(-1));
  assert.ok(years.length >= 2);
  const latest = model.derive({ drill: [], language: 'de' })!;
  const first = model.derive({ drill: [], language: 'de', year: years[0] })!;
  assert.equal(model.years(years[0]).shown, years[0]);
  assert.deepEqual(model.years(1900).shown, years.at(-1), 'a year the table lacks shows the latest');
  const yearOf = (view: typeof latest) => new Set(view.table!.rows.map((row) => row.jahr));
  assert.deepEqual(yearOf(first), new Set([String(years[0])]));
  assert.deepEqual(yearOf(latest), new Set([String(years.at(-1))]));
  assert.equal(first.allYears, latest.allYears, 'same object while table and years stay');
});

test('years under aggregation.minCount: every year of the all-years table is protected as the year shown is', async () => {
  const model = new MapModel({ read });
  const input = { areasUrl: 'flensburg/stadtteile.geojson', idField: 'AREA_ID', indicators: 'flensburg/sozialatlas_stadtteile.csv', keyField: 'stadtteil_id' };
  model.apply(await model.load(input, undefined, signal));
  // The 13 Stadtteile under the city as a whole: the city's total is shown, so one withheld Stadtteil needs a second.
  await model.loadLevels(
    [
      { id: 'stgt', label: 'Stadtteil' },
      { id: 'stadt', label: 'Stadt', prefix: 4, names: { STGT: 'Flensburg' } },
    ],
    signal,
  );
  const minCount = 42;
  const choice = { drill: [], aggregation: { counts: ['geburten'], minCount }, levels: true, language: 'de' as const };
  const latest = model.derive(choice)!;
  const allYears = latest.allYears!;
  assert.ok(allYears, 'the all-years table is there once the levels are');
  const { years } = model.years(undefined);
  const raw = parseCsv(new TextDecoder().decode(await read(input.indicators)), { source: 'sozialatlas_stadtteile.csv' });
  const births = (table: { rows: readonly Record<string, string>[] }, year: number, key: string) =>
    table.rows.find((row) => row.jahr === String(year) && row.stadtteil_id === key)?.geburten;

  // Each year of the whole table is what the map shows when that year is chosen, cell for cell.
  for (const year of years) {
    const shown = model.derive({ ...choice, year })!;
    assert.equal(shown.allYears, allYears, 'the same object whichever year is shown');
    assert.deepEqual(tableForYear(allYears.table, year, { years: allYears.layout }).rows, shown.table!.rows, `year ${year}`);
  }
  // 2012's small counts (Fruerlund's 41 births) are withheld there too, with a second cell so that the city's total
  // does not give them back; no year has a count of 1 to minCount − 1 left.
  const small = raw.rows.filter((row) => row.jahr === '2012' && Number(row.geburten) > 0 && Number(row.geburten) < minCount);
  assert.ok(small.length > 0, 'the data has a small count in 2012');
  for (const row of small) assert.equal(births(allYears.table, 2012, row.stadtteil_id!), '', `Stadtteil ${row.stadtteil_id} in 2012`);
  const withheld2012 = allYears.table.rows.filter((row) => row.jahr === '2012' && row.geburten === '');
  assert.ok(withheld2012.length >= 2, 'secondary suppression under the city total');
  const leaked = allYears.table.rows.filter((row) => Number(row.geburten) > 0 && Number(row.geburten) < minCount);
  assert.deepEqual(leaked, []);
  // Cells the rule does not touch keep their values: the residents, and the births not withheld.
  for (const row of allYears.table.rows) {
    const original = raw.rows.find((candidate) => candidate.jahr === row.jahr && candidate.stadtteil_id === row.stadtteil_id)!;
    assert.equal(row.einwohner, original.einwohner);
    if (row.geburten !== '') assert.equal(row.geburten, original.geburten);
  }

  // What the small multiples draw from it: Fruerlund has no value in 2012.
  const multiples = computeIndexYears(allYears.table, indicatorSpec('geburten', undefined, []), {
    keyColumn: 'stadtteil_id',
    yearColumn: 'jahr',
    language: 'de',
  })!;
  const fruerlund2012 = multiples.find((entry) => entry.year === 2012)!.result.areas.find((area) => area.id === 'STGT10')!;
  assert.equal(fruerlund2012.values.geburten, null);

  // Without minCount the whole table is the file's, value for value.
  const plain = model.derive({ ...choice, aggregation: { counts: ['geburten'] } })!;
  assert.equal(births(plain.allYears!.table, 2012, 'STGT10'), births(raw, 2012, 'STGT10'));
});

test('columns a child adds stay with the same areas and a new table, and go with other areas', async () => {
  const model = new MapModel({ read });
  model.apply(await model.load(BERLIN, undefined, signal));
  const rows = { '01100101': { residents: '3400' }, '01100102': { residents: '1800' } };
  assert.equal(model.extend({ source: 'zensus', columns: ['residents'], rows }, 0), true);
  const extended = model.derive({ drill: [], language: 'de' })!;
  assert.equal(extended.join!.rowsByKey.get('01100101')!.residents, '3400');
  assert.equal(numericColumn(extended.table!, 'residents').values.filter((value) => value !== null).length, 2);

  assert.equal(model.apply(await model.load(BERLIN, undefined, signal)), false, 'same areas');
  assert.equal(model.derive({ drill: [], language: 'de' })!.join!.rowsByKey.get('01100102')!.residents, '1800');

  model.apply(await model.load({ areasUrl: 'flensburg/stadtteile.geojson', idField: 'AREA_ID' }, undefined, signal));
  assert.equal(model.loaded!.table, undefined);
  assert.equal(model.extend({ source: 'zensus', columns: ['residents'], rows }, 1), false, 'not on a level above');
});

test('failures name the stage and the file, and the cause speaks both languages', async () => {
  const model = new MapModel({ read });
  const missing = await model.load({ ...BERLIN, indicators: 'berlin/does-not-exist.csv' }, undefined, signal);
  assert.equal(missing.areas!.features.length, 542, 'the areas still load');
  assert.equal(missing.error!.stage, 'indicators');
  assert.equal(missing.error!.source, 'does-not-exist.csv');
  const broken = await model.load({ areasUrl: 'berlin/mss2021_indexindikatoren.csv' }, undefined, signal);
  assert.equal(broken.error!.stage, 'areas');
  assert.notEqual(messageText(broken.error!.cause, 'de'), messageText(broken.error!.cause, 'en'));
  model.apply(await model.load(BERLIN, undefined, signal));
  await assert.rejects(model.loadLevels('[{"id": "plr"}, {"id": "bez"}]', signal), /needs "prefix", "mapping" or "areas"/);
  await assert.rejects(model.loadLevels('[{"id": "plr"}, {"id": "bez", "mapping": "m.csv"}]', signal), /needs "mappingChild" and "mappingParent"/);
  assert.deepEqual(model.levels, []);
});

test('aggregation gaining a minCount while the level asked for is shown early: no count the full hierarchy withholds', async () => {
  const model = new MapModel({ read });
  model.apply(await model.load(BERLIN, undefined, signal));
  // Loading starts without minCount, so the Bezirke are drawn early; the page then sets one before the rest is built.
  const protectedAggregation = { counts: ['EW'], minCount: 2000 };
  const early: Record<string, Map<string, string> | undefined> = {};
  const rows = (view: ReturnType<MapModel['derive']>, key: string) => view?.table && new Map(view.table.rows.map((row) => [row[key]!, row.EW!]));
  await model.loadLevels(LEVELS, signal, {
    level: 'bez',
    aggregation: JSON.stringify({ counts: ['EW'] }),
    onShown: () => {
      for (const level of ['plr', 'bez']) {
        const view = model.derive({ level, drill: [], aggregation: protectedAggregation, levels: true, language: 'de' });
        early[level] = rows(view, level === 'plr' ? 'PLR_ID' : 'id');
      }
    },
  });
  assert.equal(model.levels.length, 4);
  let withheld = 0;
  for (const level of ['plr', 'bez']) {
    const final = rows(model.derive({ level, drill: [], aggregation: protectedAggregation, levels: true, language: 'de' }), level === 'plr' ? 'PLR_ID' : 'id')!;
    assert.ok(final, `level ${level} shown once all levels are built`);
    for (const [key, value] of final) {
      if (value !== '') continue;
      withheld += 1;
      const before = early[level]?.get(key);
      assert.ok(before === undefined || before === '', `${level} ${key}: ${before} shown early, withheld at the end`);
    }
  }
  assert.ok(withheld > 0, 'the full hierarchy withholds counts');
});
