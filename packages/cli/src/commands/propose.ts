// `sozialraum propose`: contiguous areas built from grid cells or blocks, balanced around a target number of residents.
import {
  barrierAdjacencies,
  cellUnits,
  describeName,
  formatGeoJSON,
  messageText,
  planCollection,
  polygonUnits,
  propose as proposeAreas,
  unitsInAreas,
  writeCsv,
  type AreaCollection,
  type Proposal,
  type ReferenceUnits,
  type UnitLayer,
} from '@sozialraum/core';
import { EXIT, UsageError, listOption, requiredOption, stringOption, type CliIo, type Command, type CommandInput, type OptionValues } from '../command.js';
import { crsOption, loadAreasFile, writeOrPrint, writeOutput } from '../files.js';
import { optionalNumber } from '../options.js';
import { count } from '../report.js';
import {
  BARRIER_OPTIONS,
  GRID_OPTIONS,
  REFERENCE_OPTIONS,
  RULE_OPTIONS,
  closingNotes,
  formatCount,
  loadBarriers,
  loadPopulation,
  loadReferences,
  round,
  rulesOption,
} from '../workbench.js';

export const propose: Command = {
  name: 'propose',
  summary: 'propose Sozialräume: contiguous areas from grid cells or blocks, balanced in residents, along barriers',
  description:
    'Partitions a territory (--within, e.g. the Bezirke, or the Planungsräume keyed by BEZ; --select to take some of\n' +
    'its areas) into contiguous areas built from units: the 100 m cells of --grid (default), or the polygons of\n' +
    '--units (e.g. statistical blocks; their residents come from --grid by exact coverage, and blocks within\n' +
    '--tolerance metres of each other are neighbours, since streets lie between them). Each area stays inside one\n' +
    'territory area. The proposal cuts the territory first along --barriers (railways, rivers, canals, large water),\n' +
    'then by straight cuts that split the residents in the wanted ratio, and then moves single units between\n' +
    'neighbouring areas while that improves the balance around --target, the bounds --min and --max, compactness,\n' +
    'barriers inside areas and --reference units kept whole (--compactness and --barrier-weight trade the two:\n' +
    'areas that follow barriers closely are less compact). The same --seed gives the same proposal.\n\n' +
    'Writes the areas as GeoJSON to --out (in the grid CRS, key "id"), the unit of each area to --units-out, and a\n' +
    'CSV report (to --report or stdout) with one row per area: its residents, its deviation from the target, the\n' +
    'residents of its units a barrier cuts off from the rest (an area of their own was possible from --min on), and\n' +
    'for each rule (minimum, maximum, contiguous, barrier, reference) whether it is met and why not. Exit code 1\n' +
    'when some area misses the minimum or maximum.',
  files: { inputs: ['grid', 'within', 'units', 'barriers', 'reference'], outputs: ['out', 'units-out', 'report'] },
  positionals: [],
  options: [
    ...GRID_OPTIONS,
    { name: 'within', type: 'string', value: 'FILE', description: 'the territory and the level the areas nest in (e.g. Bezirke; required)' },
    { name: 'within-id', type: 'string', value: 'F', description: 'key of --within; features sharing a key are one area (e.g. BEZ of the Planungsräume)' },
    { name: 'select', type: 'string', value: 'LIST', description: 'comma-separated keys of --within to partition (default: all)' },
    { name: 'units', type: 'string', value: 'FILE', description: 'polygon units (e.g. statistical blocks) instead of the grid cells' },
    { name: 'units-id', type: 'string', value: 'F', description: 'key property of --units (default: guessed)' },
    { name: 'units-crs', type: 'string', value: 'EPSG:n', description: 'CRS of --units when the file names none (blocks of Berlin: EPSG:3068)' },
    { name: 'tolerance', type: 'string', value: 'M', description: 'polygon units this close are neighbours (default: 30 m, a street)' },
    ...RULE_OPTIONS,
    ...BARRIER_OPTIONS,
    ...REFERENCE_OPTIONS,
    { name: 'reference-weight', type: 'string', value: 'W', description: 'how much keeping --reference units whole weighs (default: 1)' },
    { name: 'compactness', type: 'string', value: 'W', description: 'weight of compactness, 1 / Polsby–Popper per area (default: 0.1)' },
    { name: 'barrier-weight', type: 'string', value: 'W', description: 'weight per 100 m of barrier between the units of an area (default: 0.01)' },
    { name: 'seed', type: 'string', value: 'N', description: 'seed of the search; the same seed gives the same proposal (default: 1)' },
    { name: 'passes', type: 'string', value: 'N', description: 'most passes of the local search (default: 60)' },
    { name: 'out', type: 'string', value: 'GEOJSON', description: 'the proposed areas' },
    { name: 'units-out', type: 'string', value: 'CSV', description: 'each unit with the area it belongs to' },
    { name: 'report', type: 'string', value: 'CSV', description: 'one row per area with its rules (default: stdout)' },
  ],
  examples: [
    'propose --grid data-samples/berlin/zensus2011_einwohner_100m.csv --within data-samples/berlin/lor_planungsraeume_2021.geojson --within-id BEZ --select 01 --target 7000 --min 1000 --max 12000 --barriers railways.geojson --barriers waterways.geojson --out mitte.geojson',
    'propose --grid zensus.csv --units bloecke_2006.shp --units-crs EPSG:3068 --tolerance 40 --within bezirke.geojson --out vorschlag.geojson',
  ],
  async run({ options }: CommandInput, io: CliIo): Promise<number> {
    const rules = rulesOption(options);
    const numbers = runOptions(options);
    const population = await loadPopulation(options, io.cwd);
    const territory = await loadTerritory(options, io.cwd);
    const layer = await loadUnits(options, io.cwd, population, territory);
    io.stderr(
      `propose: ${count(layer.ids.length, 'unit')} in ${count(layer.territory.length, 'territory area')}, ${formatCount(sum(layer.residents))} residents\n`,
    );
    const barriers = await loadBarriers(options, io.cwd, layer.crs);
    const references: ReferenceUnits[] = (await loadReferences(options, io.cwd)).map(({ name, areas }) => ({
      name,
      ids: areas.ids,
      unitOf: unitsInAreas(layer, areas),
      weight: numbers.referenceWeight,
    }));
    let reported = -1;
    const proposal = await proposeAreas(layer, {
      ...rules,
      ...(barriers ? { barrierEdges: barrierAdjacencies(layer, barriers) } : {}),
      references,
      seed: numbers.seed,
      passes: numbers.passes,
      ...(numbers.compactness !== undefined ? { compactness: numbers.compactness } : {}),
      ...(numbers.barrier !== undefined ? { barrier: numbers.barrier } : {}),
      onProgress: (done, total) => {
        if (done === reported) return;
        reported = done;
        if (done > 0) io.stderr(`propose: pass ${done} of at most ${total}\n`);
      },
    });
    const keys = proposal.areas.map((area) => area.key);
    const plan = planCollection(layer, proposal.assignment, keys, 'proposal');
    await writeOrPrint(stringOption(options, 'report'), io, reportCsv(proposal, references));
    const out = stringOption(options, 'out');
    if (out !== undefined) await writeOutput(out, io.cwd, areasGeoJSON(plan, proposal));
    const unitsOut = stringOption(options, 'units-out');
    if (unitsOut !== undefined)
      await writeOutput(
        unitsOut,
        io.cwd,
        writeCsv(
          ['unit', 'area'],
          layer.ids.map((id, unit) => [id, keys[proposal.assignment[unit]!] ?? '']),
        ),
      );
    const missed = proposal.areas.filter((area) => area.rules.some((rule) => !rule.met && (rule.rule === 'minimum' || rule.rule === 'maximum')));
    io.stderr(
      `propose: ${count(proposal.areas.length, 'area')}, ${proposal.moves} unit moves in ${proposal.passes} passes, seed ${proposal.seed}; ` +
        `${missed.length} outside the bounds ${rules.minimum} to ${rules.maximum}\n`,
    );
    for (const area of missed) {
      for (const rule of area.rules.filter((check) => !check.met && (check.rule === 'minimum' || check.rule === 'maximum')))
        io.stderr(`warning: ${describeName(area.key)}: ${rule.text.en}\n`);
    }
    closingNotes(io, population, barriers);
    return missed.length === 0 ? EXIT.ok : EXIT.issues;
  },
};

function runOptions(options: OptionValues): {
  seed: number;
  passes: number;
  referenceWeight: number;
  compactness: number | undefined;
  barrier: number | undefined;
} {
  const read = (name: string, integer: boolean) => optionalNumber(options, name, { min: 0, integer });
  return {
    seed: read('seed', true) ?? 1,
    passes: read('passes', true) ?? 60,
    referenceWeight: read('reference-weight', false) ?? 1,
    compactness: read('compactness', false),
    barrier: read('barrier-weight', false),
  };
}

/** --within, narrowed to the keys of --select. */
async function loadTerritory(options: OptionValues, cwd: string): Promise<AreaCollection> {
  const path = requiredOption(options, 'within', 'the territory to partition, e.g. the Bezirke');
  const { areas } = await loadAreasFile(path, cwd, { idField: stringOption(options, 'within-id') });
  const select = listOption(options, 'select');
  if (select.length === 0) return areas;
  const unknown = select.find((key) => !areas.ids.includes(key));
  if (unknown !== undefined) throw new UsageError(`--select: "${unknown}" is no key of ${path} (field ${areas.idField})`);
  const keep = areas.ids.map((id) => select.includes(id));
  return { ...areas, features: areas.features.filter((_, index) => keep[index]), ids: areas.ids.filter((_, index) => keep[index]) };
}

async function loadUnits(
  options: OptionValues,
  cwd: string,
  population: Awaited<ReturnType<typeof loadPopulation>>,
  territory: AreaCollection,
): Promise<UnitLayer> {
  const path = stringOption(options, 'units');
  if (path === undefined) return cellUnits(population, territory);
  const { areas } = await loadAreasFile(path, cwd, {
    idField: stringOption(options, 'units-id'),
    crs: crsOption(stringOption(options, 'units-crs'), '--units-crs'),
  });
  const tolerance = optionalNumber(options, 'tolerance', { min: 0 });
  return polygonUnits(areas, population, territory, tolerance === undefined ? {} : { tolerance });
}

function reportCsv(proposal: Proposal, references: readonly ReferenceUnits[]): string {
  const ruleNames = ['minimum', 'maximum', 'contiguous', 'barrier'] as const;
  const header = [
    'area',
    'within',
    'units',
    'residents',
    'deviation',
    'beyond_barrier',
    ...ruleNames,
    ...references.map((reference) => `whole_${reference.name}`),
    'why',
  ];
  const rows = proposal.areas.map((area) => {
    const met = (rule: string) => area.rules.filter((check) => check.rule === rule).map((check) => (check.met ? 'yes' : 'no'));
    const missed = area.rules.filter((check) => !check.met).map((check) => messageText(check, 'en'));
    return [
      area.key,
      area.upper,
      area.units,
      Math.round(area.residents),
      round(area.deviation, 3),
      Math.round(area.beyondBarrier),
      ...ruleNames.map((rule) => met(rule)[0] ?? ''),
      ...met('reference'),
      missed.join('; '),
    ];
  });
  return writeCsv(header, rows);
}

function areasGeoJSON(plan: AreaCollection, proposal: Proposal): string {
  const features = plan.features.map((feature, index) => {
    const area = proposal.areas[index]!;
    return {
      ...feature,
      properties: {
        id: area.key,
        within: area.upper,
        units: area.units,
        residents: Math.round(area.residents),
        deviation: round(area.deviation, 3),
        missed: area.rules
          .filter((check) => !check.met)
          .map((check) => check.rule)
          .join(','),
      },
    };
  });
  return formatGeoJSON({ type: 'FeatureCollection', features }, plan.crs);
}

function sum(values: ArrayLike<number>): number {
  let total = 0;
  for (let i = 0; i < values.length; i += 1) total += values[i]!;
  return total;
}
