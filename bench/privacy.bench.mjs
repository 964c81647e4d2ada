// `node bench/privacy.bench.mjs` (after `npx tsc -b packages/core`): primary and audited secondary suppression over
// the Berlin hierarchy (542 Planungsräume + 143 Bezirksregionen + 58 Prognoseräume + 12 Bezirke + Berlin) with
// seeded synthetic case counts from 0 to 200, many of them 1 or 2. Prints the time of the whole suppression and of
// the audit alone (the budget is 2 s in Node), and the information loss per level against primary suppression
// alone, the baseline every audited pattern is measured by.
import { readFile } from 'node:fs/promises';
import { assignByPrefix, auditSuppression, levelCells, loadAreas, publishedCells, suppressAcrossLevels } from '@sozialraum/core';
import { SAMPLES, best, format } from './measure.mjs';
import { prng } from './prng.mjs';

const BUDGET_MS = 2000;

const percent = (share) => `${format(share * 100, 1)} %`;

const areaBytes = new Uint8Array(await readFile(`${SAMPLES}lor_planungsraeume_2021.geojson`));
const { ids } = await loadAreas(areaBytes, { source: 'lor_planungsraeume_2021.geojson', idField: 'PLR_ID' });
const levels = [
  ['Bezirksregion', 6],
  ['Prognoseraum', 4],
  ['Bezirk', 2],
].map(([name, prefix]) => ({ name, assignment: assignByPrefix(ids, prefix, { source: 'lor_planungsraeume_2021.geojson' }) }));

// Few small counts, a third small, half small (the rest up to 200), and a rare case (most areas 0, the rest up to
// 6), where small counts reach the Bezirksregionen and Prognoseräume too.
const scenarios = [
  ['10 % of counts 1 or 2', 0.1, 0.1, 200],
  ['33 % of counts 1 or 2', 0.1, 0.33, 200],
  ['50 % of counts 1 or 2', 0.1, 0.5, 200],
  ['rare: 80 % zeros, the rest 1 to 6', 0.8, 0, 6],
];
let over = false;
for (const [label, zeros, small, largest] of scenarios) {
  const random = prng(2021);
  const draw = () => (random() < zeros ? 0 : random() < small ? 1 + Math.floor(random() * 2) : 1 + Math.floor(random() * largest));
  const counts = new Map(ids.map((id) => [id, draw()]));
  const { table } = levelCells({ name: 'Planungsraum', ids, value: (id) => counts.get(id) }, levels, { policy: 'leave-empty', totalName: 'Berlin' });
  const run = best(3, () => suppressAcrossLevels(table, { minCount: 3 }));
  const view = publishedCells(table.cells, run.result.status);
  const audit = best(3, () => auditSuppression(view, table.relations, 3));
  const baseline = auditSuppression(publishedCells(table.cells, run.result.status.map((status) => (status === 'secondary' ? 'published' : status))), table.relations, 3);
  over ||= run.ms > BUDGET_MS;
  console.log(`\nBerlin hierarchy, ${format(table.cells.length)} values, ${label}`);
  console.log(
    `  suppression with audit ${format(run.ms, 1).padStart(8)} ms (${run.result.rounds} rounds of repair)   audit alone ${format(audit.ms, 1).padStart(7)} ms` +
      ` (${format(audit.result.intervals.size)} intervals)   ${run.ms <= BUDGET_MS ? 'within' : 'OVER'} the ${format(BUDGET_MS)} ms budget`,
  );
  console.log(`  primary suppression alone leaves ${format(baseline.failing.length)} withheld values proven small; audited pattern: ${format(audit.result.failing.length)}`);
  console.log(`  ${'level'.padEnd(14)} ${'values'.padStart(7)} ${'primary'.padStart(14)} ${'withheld'.padStart(16)} ${'× primary'.padStart(10)}`);
  for (const level of run.result.loss) {
    const ratio = level.primary === 0 ? (level.withheld === 0 ? '-' : '∞') : format(level.withheld / level.primary, 2);
    console.log(
      `  ${level.level.padEnd(14)} ${format(level.values).padStart(7)} ${`${format(level.primary)} (${percent(level.primaryShare)})`.padStart(14)} ${`${format(level.withheld)} (${percent(level.share)})`.padStart(16)} ${ratio.padStart(10)}`,
    );
  }
}
if (over) process.exitCode = 1;
