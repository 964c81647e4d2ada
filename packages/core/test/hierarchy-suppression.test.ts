import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  aggregateUp,
  aggregatedTable,
  areaProfile,
  assignByPrefix,
  auditSuppression,
  feasibilityIntervals,
  isProtected,
  levelCells,
  parseCsv,
  prepareProfiles,
  publishedCells,
  suppressAcrossLevels,
  validateIndexSpec,
  type AggregateUpResult,
  type CellRelation,
  type ProtectionLevel,
  type PublishedCell,
  type Table,
} from '@sozialraum/core';
import { berlinAreas } from './samples.js';

// The Berlin LOR 2021: 542 Planungsräume whose 8-digit keys hold the Bezirksregion (6), the Prognoseraum (4) and
// the Bezirk (2). The case counts are synthetic, as an office's own counts are confidential.
let plr: string[] = [];
before(async () => {
  plr = (await berlinAreas()).ids;
});

const LEVELS = [
  { name: 'Bezirksregion', prefix: 6 },
  { name: 'Prognoseraum', prefix: 4 },
  { name: 'Bezirk', prefix: 2 },
] as const;

function berlinLevels(): ProtectionLevel[] {
  return LEVELS.map(({ name, prefix }) => ({ name, assignment: assignByPrefix(plr, prefix, { source: 'lor_planungsraeume_2021.geojson' }) }));
}

/** Seeded case counts from 0 to 200, a third of them 1 or 2, as small-area case tables are. */
function seededCounts(seed: number): Map<string, number> {
  let state = seed;
  const random = () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
  return new Map(
    plr.map((id) => {
      const draw = random();
      return [id, draw < 0.12 ? 0 : draw < 0.3 ? 1 : draw < 0.45 ? 2 : Math.floor(random() * 201)];
    }),
  );
}

function table(counts: ReadonlyMap<string, number>): Table {
  return parseCsv(`PLR_ID,n\n${[...counts].map(([id, n]) => `${id},${n}`).join('\n')}\n`, { source: 'faelle.csv' });
}

/** Everything some runs of aggregate-up publish, as an attacker puts it together: every value by level and key. */
interface Publication {
  children: Map<string, number | null>;
  parents: { prefix: number; values: Map<string, number | null> }[];
}

function publication(runs: readonly { prefix: number; result: AggregateUpResult }[]): Publication {
  const children = new Map<string, number | null>();
  for (const { result } of runs) for (const row of result.children!) children.set(row.id, row.values.n ?? null);
  return { children, parents: runs.map(({ prefix, result }) => ({ prefix, values: new Map(result.rows.map((row) => [row.id, row.values.n ?? null])) })) };
}

/**
 * The attacker's intervals: every published value, every parent the sum of the Planungsräume its key begins with,
 * the total printed (the sum of all when every parent of a run is shown), withheld values anything from 0 up.
 */
function attack(publication: Publication): { cells: string[]; intervals: Map<number, { low: number; high: number }> } {
  const cells: string[] = [];
  const view: PublishedCell[] = [];
  const position = new Map<string, number>();
  const add = (key: string, value: number | null) => {
    position.set(key, cells.length);
    cells.push(key);
    view.push(value === null ? 'withheld' : value);
  };
  for (const [id, value] of publication.children) add(`plr:${id}`, value);
  const relations: CellRelation[] = [];
  for (const { prefix, values } of publication.parents) {
    for (const [id, value] of values) {
      add(`${prefix}:${id}`, value);
      relations.push({
        total: position.get(`${prefix}:${id}`)!,
        parts: [...publication.children.keys()].filter((child) => child.startsWith(id)).map((child) => position.get(`plr:${child}`)!),
      });
    }
    const shown = [...values.values()];
    if (shown.every((value) => value !== null)) {
      add(
        `${prefix}:total`,
        shown.reduce<number>((sum, value) => sum + value!, 0),
      );
      relations.push({ total: position.get(`${prefix}:total`)!, parts: [...publication.children.keys()].map((child) => position.get(`plr:${child}`)!) });
    }
  }
  return { cells, intervals: feasibilityIntervals(view, relations) };
}

function runTo(prefix: number, counts: ReadonlyMap<string, number>, hierarchy: readonly ProtectionLevel[] | undefined): AggregateUpResult {
  const assignment = assignByPrefix(plr, prefix, { source: 'lor_planungsraeume_2021.geojson' });
  return aggregateUp(table(counts), assignment, { keyColumn: 'PLR_ID', counts: ['n'], minCount: 3, language: 'en', ...(hierarchy ? { hierarchy } : {}) });
}

/** Counts of 50 everywhere but in the areas given. */
function countsWith(values: Record<string, number>): Map<string, number> {
  return new Map(plr.map((id) => [id, values[id] ?? 50]));
}

/** A Bezirksregion with at least `size` Planungsräume and its Planungsräume. */
function regionWith(size: number, skip = 0): { region: string; members: string[] } {
  const regions = [...new Set(plr.map((id) => id.slice(0, 6)))].map((region) => ({ region, members: plr.filter((id) => id.startsWith(region)) }));
  return regions.filter((entry) => entry.members.length >= size)[skip]!;
}

test('the audit over the whole Berlin hierarchy (542 + 143 + 58 + 12 + 1 values) finds no withheld case count narrower than the criterion', () => {
  for (const seed of [1, 2021, 4711]) {
    const counts = seededCounts(seed);
    const { table: cells, cellOf } = levelCells({ name: 'Planungsraum', ids: plr, value: (id) => counts.get(id) ?? null }, berlinLevels(), {
      policy: 'leave-empty',
      totalName: 'Berlin',
    });
    assert.deepEqual(
      cellOf.map((level) => level.size),
      [542, 143, 58, 12, 1],
    );
    assert.equal(
      cells.cells.at(-1)!.value,
      [...counts.values()].reduce((sum, value) => sum + value, 0),
    );
    const result = suppressAcrossLevels(cells, { minCount: 3 });
    // Every count from 1 to 2 is withheld on every level, 0 and the rest only as needed.
    cells.cells.forEach((cell, index) => {
      if (cell.value! > 0 && cell.value! < 3) assert.equal(result.status[index], 'primary', `${cell.id}: ${cell.value}`);
    });
    // The attacker's audit, from the published table alone, with every withheld value anything from 0 up.
    const view = publishedCells(cells.cells, result.status);
    const audit = auditSuppression(view, cells.relations, 3);
    const withheld = view.filter((cell) => cell === 'withheld').length;
    assert.equal(audit.intervals.size, withheld);
    assert.deepEqual(audit.failing, [], `seed ${seed}`);
    for (const [cell, interval] of audit.intervals) {
      const truth = cells.cells[cell]!.value!;
      assert.ok(interval.low <= truth + 1e-6 && truth <= interval.high + 1e-6, `the interval of ${cells.cells[cell]!.id} holds its value ${truth}`);
      assert.ok(isProtected(interval, 3));
    }
    // The primary suppressions alone are not enough: the repair had work to do, and says what it cost per level.
    const primaryOnly = auditSuppression(
      publishedCells(
        cells.cells,
        result.status.map((status) => (status === 'secondary' ? 'published' : status)),
      ),
      cells.relations,
      3,
    );
    assert.ok(primaryOnly.failing.length > 0, `seed ${seed}: primary suppression alone leaves values proven`);
    assert.deepEqual(
      result.loss.map((level) => level.level),
      ['Planungsraum', 'Bezirksregion', 'Prognoseraum', 'Bezirk', 'Berlin'],
    );
    for (const level of result.loss) assert.ok(level.withheld >= level.primary && level.share === level.withheld / level.values);
    assert.ok(result.loss[0]!.withheld > result.loss[0]!.primary);
  }
});

test('interval inference within one level: a Bezirksregion of 89 whose shown children add up to 85 leaves its hidden children open', () => {
  const { region, members } = regionWith(4);
  const [a, b, ...rest] = members;
  const values: Record<string, number> = { [a!]: 2, [b!]: 2 };
  rest.forEach((id, index) => (values[id] = index === 0 ? 85 - 20 * (rest.length - 1) : 20));
  const result = runTo(6, countsWith(values), berlinLevels());
  assert.equal(result.rows.find((row) => row.id === region)!.values.n, 89, 'the Bezirksregion is shown');
  const hidden = result.children!.filter((row) => row.values.n === null);
  assert.deepEqual(hidden.map((row) => row.id).sort(), [a!, b!].sort());
  // The output says only that a value is withheld, never that it is small: a reader cannot bound it by 1 and 2.
  for (const row of hidden) {
    assert.deepEqual(row.flags.n, ['suppressed']);
    assert.deepEqual(row.notes, ['n: withheld (statistical confidentiality)']);
  }
  const { cells, intervals } = attack(publication([{ prefix: 6, result }]));
  for (const [cell, interval] of intervals) {
    assert.ok(isProtected(interval, 3), `${cells[cell]}: ${interval.low} to ${interval.high}`);
    if (cells[cell] === `plr:${a}`) assert.deepEqual(interval, { low: 0, high: 4 });
  }
});

test('interval inference within one level: three hidden children adding up to 3 are each anything from 0 to 3', () => {
  const { region, members } = regionWith(4, 1);
  const values: Record<string, number> = Object.fromEntries(members.map((id, index) => [id, index < 3 ? 1 : 40]));
  const result = runTo(6, countsWith(values), berlinLevels());
  const { cells, intervals } = attack(publication([{ prefix: 6, result }]));
  assert.ok(intervals.size >= 3);
  for (const [cell, interval] of intervals) assert.ok(isProtected(interval, 3), `${cells[cell]}: ${interval.low} to ${interval.high}`);
  for (const id of members.slice(0, 3)) {
    const interval = intervals.get(cells.indexOf(`plr:${id}`))!;
    assert.ok(interval.high >= 3, `${id} in ${region} may be 3 or more`);
  }
});

test('the difference across levels: a Bezirk of one run minus the Bezirksregionen of another gives nothing away when both protect the declared hierarchy', () => {
  // A Bezirksregion of 2 (two Planungsräume of 1): withheld on its level, its Bezirk shown.
  const { members } = regionWith(2, 3);
  const values = Object.fromEntries(members.map((id, index) => [id, index < 2 ? 1 : 0]));
  const counts = countsWith(values);

  // Protected run by run, each against its own level only, the two runs together give the count back.
  const alone = attack(
    publication([
      { prefix: 6, result: runTo(6, counts, undefined) },
      { prefix: 2, result: runTo(2, counts, undefined) },
    ]),
  );
  const proven = [...alone.intervals].filter(([, interval]) => !isProtected(interval, 3)).map(([cell]) => alone.cells[cell]);
  assert.ok(proven.length > 0, 'without the declared hierarchy the difference of the runs discloses a small count');

  // With the hierarchy declared in both runs, the Planungsräume carry the same pattern, and nothing is proven.
  const hierarchy = berlinLevels();
  const regions = runTo(6, counts, hierarchy);
  const bezirke = runTo(2, counts, hierarchy);
  assert.deepEqual(regions.children, bezirke.children);
  const both = attack(
    publication([
      { prefix: 6, result: regions },
      { prefix: 4, result: runTo(4, counts, hierarchy) },
      { prefix: 2, result: bezirke },
    ]),
  );
  for (const [cell, interval] of both.intervals) assert.ok(isProtected(interval, 3), `${both.cells[cell]}: ${interval.low} to ${interval.high}`);
});

test("the profile card's parent column: a Bezirksregion's rate minus its other Planungsräume gives no withheld case count back", async () => {
  // One Planungsraum with 2 cases in a Bezirksregion whose other Planungsräume show theirs: the Bezirksregion's rate
  // times its residents is its count, and minus the others it would be the 2.
  const { region, members } = regionWith(3, 2);
  const cases = new Map(plr.map((id) => [id, id === members[0] ? 2 : 40]));
  const rows = plr.map((id) => `${id},${cases.get(id)},1000`);
  const table = parseCsv(`PLR_ID,faelle,ew\n${rows.join('\n')}\n`, { source: 'faelle.csv' });
  const spec = validateIndexSpec(
    {
      specVersion: 1,
      id: 'faelle',
      title: 'Fälle',
      indicators: [{ column: 'quote', numerator: 'faelle', denominator: 'ew', unit: '%' }],
      standardisation: { method: 'z-score' },
      combination: { method: 'mean' },
      validity: { populationColumn: 'ew', minPopulation: 0 },
      classification: { method: 'quantile', classes: 4 },
    },
    'spec',
  );
  const assignment = assignByPrefix(plr, 6, { source: 'lor_planungsraeume_2021.geojson' });
  const parentTable = aggregatedTable(aggregateUp(table, assignment, { keyColumn: 'PLR_ID', counts: ['faelle', 'ew'] }), 'bzr');
  const set = prepareProfiles({
    areas: await berlinAreas(),
    table,
    keyColumn: 'PLR_ID',
    spec,
    parent: { label: 'Bezirksregion', table: parentTable, keyColumn: 'id', parentOf: assignment.parentOf },
  });
  // What the cards of the region's Planungsräume publish: each one's cases and residents, and the region's rate.
  const cards = members.map((id) => areaProfile(set, id)!.indicators[0]!);
  assert.equal(cards[0]!.numerator, null, 'the 2 is withheld');
  const regionRate = cards[0]!.parentValue!;
  const view: PublishedCell[] = [
    ...cards.map((card) => card.numerator ?? 'withheld'),
    regionRate === null ? 'withheld' : (regionRate / 100) * 1000 * members.length,
  ];
  const audit = auditSuppression(view, [{ total: members.length, parts: members.map((_, index) => index) }], 3);
  assert.ok(audit.intervals.size >= 2, `more than the 2 is withheld in ${region}`);
  assert.deepEqual(audit.failing, []);
  // The withheld values of the cards say only that they are withheld.
  const withheld = members.map((id) => areaProfile(set, id)!).filter((profile) => profile.indicators[0]!.numerator === null);
  for (const profile of withheld) assert.ok(profile.flags.some((flag) => flag.kind === 'suppressed' && flag.columns.includes('faelle')));
});

test('levels that do not nest are linked to the finest areas directly, and the audit holds across them', () => {
  // Bezirksregionen, and a second division of the same Planungsräume that cuts across them: each Bezirk split by
  // the parity of the last digit of the Planungsraum key.
  const counts = seededCounts(99);
  const across = new Map(plr.map((id) => [id, `${id.slice(0, 2)}-${Number(id.at(-1)) % 2}`]));
  const levels: ProtectionLevel[] = [
    { name: 'Bezirksregion', assignment: assignByPrefix(plr, 6, { source: 'lor' }) },
    { name: 'quer', assignment: { parentIds: [...new Set(across.values())], parentOf: across } },
  ];
  const { table: cells, cellOf } = levelCells({ name: 'Planungsraum', ids: plr, value: (id) => counts.get(id) ?? null }, levels, {
    policy: 'leave-empty',
    totalName: 'Berlin',
  });
  assert.deepEqual(cells.levels, ['Planungsraum', 'Bezirksregion', 'quer', 'Berlin']);
  // Each cross area is the sum of Planungsräume, not of Bezirksregionen.
  const crossRelation = cells.relations.find((relation) => cells.cells[relation.total]!.id === '01-0')!;
  assert.ok(crossRelation.parts.every((part) => cells.cells[part]!.level === 0));
  assert.equal(cellOf[2]!.size, 24);
  const result = suppressAcrossLevels(cells, { minCount: 3 });
  assert.deepEqual(auditSuppression(publishedCells(cells.cells, result.status), cells.relations, 3).failing, []);
});
