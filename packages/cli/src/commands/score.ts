// `sozialraum score`: plan metrics of one or more sets of areas, side by side.
import { basename } from 'node:path';
import { describeName, scorePlan, writeCsv, type CsvCell, type PlanScore } from '@sozialraum/core';
import { EXIT, UsageError, pairedOption, repeatedOption, stringOption, type CliIo, type Command, type CommandInput } from '../command.js';
import { loadAreasFile, writeOrPrint, writeOutput } from '../files.js';
import { count } from '../report.js';
import {
  BARRIER_OPTIONS,
  GRID_OPTIONS,
  REFERENCE_OPTIONS,
  RULE_OPTIONS,
  closingNotes,
  loadBarriers,
  loadPopulation,
  loadReferences,
  round,
  rulesOption,
} from '../workbench.js';

export const score: Command = {
  name: 'score',
  summary: 'plan metrics: residents, deviation, compactness, barriers inside, departments\u2019 units split; plans side by side',
  description:
    'Measures each --plan (the official boundaries, a proposal, a planner\u2019s version): per area its residents (from\n' +
    '--grid by exact coverage), deviation from --target, Polsby\u2013Popper (4\u03c0A/P\u00b2) and Reock (area over the\n' +
    'smallest enclosing circle) compactness, and the railway and waterway corridor inside it (--barriers; parts\n' +
    'within 50 m of its outline count as boundary); per plan the number of areas, mean and coefficient of variation\n' +
    'of residents, areas below --min and above --max, mean compactness, barrier length inside; and for each\n' +
    '--reference layer (a department\u2019s units, e.g. the Ortsteile) how many of its units the plan splits (an area\n' +
    'straddles the unit\u2019s boundary: it holds over 1 % of the unit\u2019s residents but not all, and over 1 % of its own\n' +
    'live outside the unit), the mean share of a unit\u2019s residents in its largest area, and the mean share in areas\n' +
    'that do not straddle its boundary (1 when the unit is made of whole areas or lies in one).\n' +
    'Lengths and areas are measured in the grid\u2019s CRS (EPSG:3035 for the Zensus: equal area).\n\n' +
    'Writes the comparison (one row per metric, one column per plan) to --out or stdout, the areas of every plan to\n' +
    '--areas-out and the reference units with their share in each plan to --units-out, all as CSV.',
  files: { inputs: ['plan', 'grid', 'barriers', 'reference'], outputs: ['out', 'areas-out', 'units-out'] },
  positionals: [],
  options: [
    { name: 'plan', type: 'string', value: 'FILE', multiple: true, description: 'a set of areas to measure; repeatable (required)' },
    { name: 'plan-id', type: 'string', value: 'F', multiple: true, description: 'key property of each --plan, in the same order (default: guessed)' },
    { name: 'plan-name', type: 'string', value: 'NAME', multiple: true, description: 'column title of each --plan (default: its file name)' },
    ...GRID_OPTIONS,
    ...RULE_OPTIONS,
    ...BARRIER_OPTIONS,
    ...REFERENCE_OPTIONS,
    { name: 'out', type: 'string', value: 'CSV', description: 'the comparison table (default: stdout)' },
    { name: 'areas-out', type: 'string', value: 'CSV', description: 'one row per area of every plan' },
    { name: 'units-out', type: 'string', value: 'CSV', description: 'one row per reference unit with its share in its largest area, per plan' },
  ],
  examples: [
    'score --plan data-samples/berlin/lor_planungsraeume_2021.geojson --plan-id PLR_ID --plan vorschlag.geojson --grid data-samples/berlin/zensus2011_einwohner_100m.csv --target 7000 --min 1000 --max 12000 --barriers railways.geojson --reference data-samples/berlin/lor_bezirksregionen_2021.geojson',
  ],
  async run({ options }: CommandInput, io: CliIo): Promise<number> {
    const paths = repeatedOption(options, 'plan');
    if (paths.length === 0) throw new UsageError('--plan is required: the areas to measure');
    const ids = pairedOption(options, 'plan-id', paths, 'plan');
    const names = pairedOption(options, 'plan-name', paths, 'plan');
    const rules = rulesOption(options);
    const population = await loadPopulation(options, io.cwd);
    const barriers = await loadBarriers(options, io.cwd, population.grid.crs);
    const references = await loadReferences(options, io.cwd);
    const scores: PlanScore[] = [];
    for (const [index, path] of paths.entries()) {
      const { areas } = await loadAreasFile(path, io.cwd, { idField: ids[index] });
      const name = names[index] ?? basename(path).replace(/\.[^.]+$/, '');
      scores.push(scorePlan(areas, name, { population, ...rules, ...(barriers ? { barriers } : {}), references }));
      io.stderr(`score: ${describeName(name)}: ${count(areas.features.length, 'area')}\n`);
    }
    await writeOrPrint(stringOption(options, 'out'), io, comparisonCsv(scores));
    const areasOut = stringOption(options, 'areas-out');
    if (areasOut !== undefined) await writeOutput(areasOut, io.cwd, areasCsv(scores));
    const unitsOut = stringOption(options, 'units-out');
    if (unitsOut !== undefined) await writeOutput(unitsOut, io.cwd, unitsCsv(scores));
    closingNotes(io, population, barriers);
    return EXIT.ok;
  },
};

/** One row per metric, one column per plan: the plans side by side. */
export function comparisonCsv(scores: readonly PlanScore[]): string {
  const rows: CsvCell[][] = [];
  const metric = (name: string, value: (score: PlanScore) => CsvCell) => rows.push([name, ...scores.map(value)]);
  metric('areas', (s) => s.summary.areas);
  metric('residents', (s) => Math.round(s.summary.residents));
  metric('mean_residents', (s) => Math.round(s.summary.meanResidents));
  metric('cv_residents', (s) => round(s.summary.cv, 3));
  metric('below_minimum', (s) => s.summary.belowMinimum);
  metric('above_maximum', (s) => s.summary.aboveMaximum);
  metric('mean_polsby_popper', (s) => round(s.summary.meanPolsbyPopper, 3));
  metric('mean_reock', (s) => round(s.summary.meanReock, 3));
  metric('barrier_inside_m', (s) => (s.summary.barrierInside === null ? null : Math.round(s.summary.barrierInside)));
  metric('max_barrier_inside_m', (s) => (s.summary.maxBarrierInside === null ? null : Math.round(s.summary.maxBarrierInside)));
  metric('areas_barrier_over_200m', (s) =>
    s.summary.barrierInside === null ? null : s.areas.filter((a) => (a.barrierRailway ?? 0) + (a.barrierWaterway ?? 0) > 200).length,
  );
  const layers = scores[0]?.references.map((reference) => reference.name) ?? [];
  layers.forEach((layer, index) => {
    metric(`${layer}_units`, (s) => s.references[index]!.units.length);
    metric(`${layer}_split`, (s) => s.references[index]!.split);
    metric(`${layer}_mean_largest_share`, (s) => round(s.references[index]!.meanLargestShare, 3));
    metric(`${layer}_mean_whole_share`, (s) => round(s.references[index]!.meanWholeShare, 3));
  });
  return writeCsv(['metric', ...scores.map((s) => s.name)], rows);
}

function areasCsv(scores: readonly PlanScore[]): string {
  const rows = scores.flatMap((s) =>
    s.areas.map((area) => [
      s.name,
      area.key,
      Math.round(area.residents),
      area.deviation === null ? null : round(area.deviation, 3),
      Math.round(area.area),
      round(area.polsbyPopper, 3),
      round(area.reock, 3),
      area.barrierRailway === null ? null : Math.round(area.barrierRailway),
      area.barrierWaterway === null ? null : Math.round(area.barrierWaterway),
    ]),
  );
  return writeCsv(['plan', 'area', 'residents', 'deviation', 'area_m2', 'polsby_popper', 'reock', 'railway_inside_m', 'waterway_inside_m'], rows);
}

function unitsCsv(scores: readonly PlanScore[]): string {
  const rows = scores.flatMap((s) =>
    s.references.flatMap((reference) =>
      reference.units.map((unit) => [
        s.name,
        reference.name,
        unit.key,
        Math.round(unit.residents),
        round(unit.largestShare, 4),
        round(unit.wholeShare, 4),
        unit.areas,
      ]),
    ),
  );
  return writeCsv(['plan', 'layer', 'unit', 'residents', 'largest_share', 'whole_share', 'areas'], rows);
}
