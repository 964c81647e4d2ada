// `sozialraum validate`: checks areas as a partition (gaps, overlaps, slivers, population), and an indicator table joined to them.
import type { FeatureCollection, MultiPolygon, Polygon, Position } from 'geojson';
import {
  SozialraumError,
  decodeText,
  message,
  detectCrs,
  isFlatGeobuf,
  joinTable,
  numericColumn,
  parseGeoJSON,
  parseNumber,
  populationOfGeometries,
  readFlatGeobuf,
  readZensusGrid,
  reprojectCollection,
  validateAreas,
  type AreaCollection,
  type CoverageFinding,
  type CoverageFindingType,
  type DataIssue,
  type Language,
  type Table,
  type TableJoin,
} from '@sozialraum/core';
import { EXIT, UsageError, stringOption, type CliIo, type Command, type CommandInput, type OptionValues } from '../command.js';
import { areaFileOptions, crsOption, loadAreasFile, loadTableFile, readInput, writeOutput } from '../files.js';
import { CRS, DECIMAL, HEADER_ROW, ID_FIELD, LAYER, NAME_FIELD, SHEET, languageOption, numberOption, tableFileOptions } from '../options.js';
import { count, describeIssueCounts, formatIssue } from '../report.js';

export const validate: Command = {
  name: 'validate',
  summary: 'check areas as a partition (gaps, overlaps, slivers, population) and a table joined to them; exit 1 when anything is wrong',
  description:
    'Loads the areas and reports features that are left out (no or broken geometry), missing and repeated keys.\n' +
    'Then it checks them as a partition of the territory: gaps (holes inside the union of the areas, and with\n' +
    '--territory every part of the territory no area covers), overlaps, parts outside the territory, slivers (parts\n' +
    'under 1,000 m² or on average under 10 m wide), rings with fewer than 4 positions, not closed or without area,\n' +
    'self-intersections, and areas that are not compact (Polsby-Popper under 0.05). Areas in longitude/latitude are\n' +
    'measured in UTM (EPSG:25832 west of 12° E, EPSG:25833 east of it); locations are given in the CRS measured in.\n' +
    'With --grid and --value the residents of each area are computed from the Zensus grid (exact cell shares) and\n' +
    'areas under --min-population (default 1000), over --max-population (default 2 × --target-population) or, with a\n' +
    '--target-population, more than half of it off are reported. These population findings count like any other,\n' +
    'so a clean partition with small areas still exits 1 with --grid.\n' +
    'With --indicators it also reads the table, joins it by key and reports unreadable rows, repeated keys,\n' +
    'table rows that name no area, areas without a row (with a hint when keys lost their leading zeros),\n' +
    'and cells that are not numbers in columns that otherwise hold numbers.\n' +
    'Prints every issue, its text in German or, with --lang en, in English, then one summary line; --out writes\n' +
    'every finding (type, ids, area_m2, location, and its text in both languages) as JSON.',
  files: { inputs: ['areas', 'indicators', 'territory', 'grid'], outputs: ['out'] },
  positionals: [],
  options: [
    { name: 'areas', type: 'string', value: 'FILE', description: 'areas as GeoJSON, FlatGeobuf or Shapefile (.shp, .zip) (required)' },
    ID_FIELD,
    LAYER,
    NAME_FIELD,
    CRS,
    LAYER,
    DECIMAL,
    SHEET,
    HEADER_ROW,
    { name: 'indicators', type: 'string', value: 'CSV', description: 'indicator table to join to the areas' },
    {
      name: 'key-field',
      type: 'string',
      value: 'K',
      description: "column of the table holding the area key (default: the areas' id field, when the table has it)",
    },
    {
      name: 'territory',
      type: 'string',
      value: 'FILE',
      description: 'outline of the whole territory (GeoJSON or FlatGeobuf polygons); parts of it in no area are gaps',
    },
    { name: 'territory-crs', type: 'string', value: 'EPSG:n', description: 'CRS of a --territory file that names none' },
    {
      name: 'grid',
      type: 'string',
      value: 'CSV',
      description: 'Zensus grid table of residents (GITTER_ID_100m or x_mp/y_mp, EPSG:3035) for the population checks',
    },
    { name: 'value', type: 'string', value: 'COLUMN', description: 'column of --grid with the residents, e.g. Einwohner (required with --grid)' },
    { name: 'min-population', type: 'string', value: 'N', description: 'areas with fewer residents are reported (default 1000; needs --grid)' },
    {
      name: 'target-population',
      type: 'string',
      value: 'N',
      description: 'the size areas should have, e.g. 5000: areas more than 50 % off it are reported as unbalanced (needs --grid)',
    },
    {
      name: 'max-population',
      type: 'string',
      value: 'N',
      description: 'areas with more residents are reported (default 2 × --target-population; needs --grid)',
    },
    {
      name: 'out',
      type: 'string',
      value: 'JSON',
      description: 'write the report: every finding with type, ids, area_m2 and location, the CRS, and the population per area',
    },
    { name: 'lang', type: 'string', value: 'de|en', description: 'language of the findings and issues printed (default: de); the report has both' },
  ],
  examples: [
    'validate --areas data-samples/berlin/lor_planungsraeume_2021.geojson',
    'validate --areas data-samples/berlin/lor_planungsraeume_2021.geojson --grid data-samples/berlin/zensus2011_einwohner_100m.csv --value Einwohner --target-population 5000 --out report.json',
    'validate --areas data-samples/berlin/lor_planungsraeume_2021.geojson --indicators data-samples/berlin/mss2021_indexindikatoren.csv --key-field PLR_ID',
    'validate --areas data-samples/berlin/lor_planungsraeume_2021.geojson --grid data-samples/berlin/zensus2011_einwohner_100m.csv --value Einwohner --lang en',
  ],
  async run({ options }: CommandInput, io: CliIo): Promise<number> {
    const areasPath = stringOption(options, 'areas');
    if (areasPath === undefined) throw new UsageError('--areas is required');
    const indicatorsPath = stringOption(options, 'indicators');
    const keyField = stringOption(options, 'key-field');
    if (keyField !== undefined && indicatorsPath === undefined) throw new UsageError('--key-field needs --indicators');
    const population = populationOptions(options);
    const outPath = stringOption(options, 'out');
    const language = languageOption(stringOption(options, 'lang'));
    const tableOptions = tableFileOptions(options);
    const decimal = tableOptions.decimalSeparator;
    const territoryPath = stringOption(options, 'territory');
    const territoryCrs = crsOption(stringOption(options, 'territory-crs'), '--territory-crs');
    if (territoryCrs !== undefined && territoryPath === undefined) throw new UsageError('--territory-crs needs --territory');
    const { areas } = await loadAreasFile(areasPath, io.cwd, areaFileOptions(options));
    const issues: DataIssue[] = [...areas.issues];
    const summary = [`${count(areas.features.length, 'area')} in ${areas.source} (${areas.crs}, id field ${areas.idField})`];

    const measured = measuredAreas(areas);
    const territory = territoryPath === undefined ? undefined : await loadTerritory(territoryPath, io.cwd, measured.crs, territoryCrs);
    const counted = population ? await residentsPerArea(population.grid, population.value, measured, io.cwd, decimal) : undefined;
    const residents = counted?.residents;
    if (counted) issues.push(...counted.issues);
    const findings = validateAreas(measured, {
      ...(territory ? { territory } : {}),
      ...(residents ? { population: residents } : {}),
      ...(population?.min !== undefined ? { minPopulation: population.min } : {}),
      ...(population?.target !== undefined ? { targetPopulation: population.target } : {}),
      ...(population?.max !== undefined ? { maxPopulation: population.max } : {}),
    });
    const findingIssues = new Set(findings.map((finding) => findingIssue(finding, areas.source)));
    issues.push(...findingIssues);
    // A clean partition adds nothing to the summary line unless a check was asked for by name.
    if (findings.length > 0 || territory || residents) summary.push(describeFindings(findings, measured.crs, residents !== undefined));

    if (indicatorsPath !== undefined) {
      const table = await loadTableFile(indicatorsPath, io.cwd, tableOptions);
      const keyColumn = keyField ?? defaultKeyColumn(table, areas.idField);
      const join = joinTable(areas.ids, table, keyColumn);
      issues.push(...table.issues, ...join.issues, ...numberIssues(table, keyColumn));
      summary.push(describeJoin(table, join, areas.ids.length));
    }

    if (outPath !== undefined) {
      const report = {
        areas: areas.source,
        crs: measured.crs,
        location_crs: measured.crs,
        area_count: areas.features.length,
        findings: findings.map(({ type, ids, area_m2, location, message, text }) => ({
          type,
          ids,
          area_m2: round(area_m2),
          location: location.map(round),
          message,
          text,
        })),
        ...(residents ? { population: Object.fromEntries([...residents].map(([key, value]) => [key, round(value)])) } : {}),
        issues: issues.filter((found) => !findingIssues.has(found)).map(({ code, severity, message, text }) => ({ code, severity, message, text })),
      };
      await writeOutput(outPath, io.cwd, `${JSON.stringify(report, null, 2)}\n`);
    }
    io.stdout(issues.map((found) => `${formatIssue(found, language)}\n`).join(''));
    io.stdout(`${issues.length === 0 ? 'valid' : describeIssueCounts(issues)}: ${summary.join('; ')}\n`);
    return issues.length === 0 ? EXIT.ok : EXIT.issues;
  },
};

interface PopulationOptions {
  grid: string;
  value: string;
  min: number | undefined;
  target: number | undefined;
  max: number | undefined;
}

/** The population options, checked together before any file is read. */
function populationOptions(options: OptionValues): PopulationOptions | undefined {
  const grid = stringOption(options, 'grid');
  const value = stringOption(options, 'value');
  const numbers = (['min-population', 'target-population', 'max-population'] as const).map((name) => {
    const text = stringOption(options, name);
    if (text === undefined) return undefined;
    const number = numberOption(text, `--${name}`, { min: 0 });
    if (grid === undefined) throw new UsageError(`--${name} needs --grid and --value, the residents to count`);
    return number;
  });
  if (value !== undefined && grid === undefined) throw new UsageError('--value needs --grid');
  if (grid === undefined) return undefined;
  if (value === undefined) throw new UsageError('--grid needs --value, the column with the residents (e.g. Einwohner)');
  return { grid, value, min: numbers[0], target: numbers[1], max: numbers[2] };
}

/**
 * The areas in a CRS measured in metres: projected areas as they are, longitude/latitude (and Web Mercator, whose
 * areas are far off in Germany) in the UTM zone of their centre, the zones German offices use.
 */
function measuredAreas(areas: AreaCollection): AreaCollection {
  if (areas.crs !== 'EPSG:4326' && areas.crs !== 'EPSG:3857') return areas;
  const lonLat = areas.crs === 'EPSG:4326' ? areas : reprojectCollection({ type: 'FeatureCollection', features: areas.features }, areas.crs, 'EPSG:4326');
  let sum = 0;
  let n = 0;
  for (const feature of lonLat.features) {
    const first = (feature.geometry.type === 'Polygon' ? feature.geometry.coordinates[0] : feature.geometry.coordinates[0]?.[0])?.[0];
    if (first) {
      sum += first[0]!;
      n += 1;
    }
  }
  const crs = n > 0 && sum / n < 12 ? 'EPSG:25832' : 'EPSG:25833';
  const projected = reprojectCollection({ type: 'FeatureCollection', features: areas.features }, areas.crs, crs);
  return { ...areas, crs, features: projected.features };
}

function isPolygonCoordinates(polygon: unknown): polygon is Position[][] {
  return (
    Array.isArray(polygon) &&
    polygon.length > 0 &&
    polygon.every(
      (ring) =>
        Array.isArray(ring) &&
        ring.length >= 4 &&
        ring.every(
          (position) => Array.isArray(position) && position.length >= 2 && position.every((value) => typeof value === 'number' && Number.isFinite(value)),
        ),
    )
  );
}

/** The territory's polygons as one MultiPolygon in the CRS the areas are measured in. */
async function loadTerritory(path: string, cwd: string, crs: string, declared: string | undefined): Promise<MultiPolygon> {
  const bytes = await readInput(path, cwd);
  let collection: FeatureCollection;
  let named: string | undefined = declared;
  if (isFlatGeobuf(bytes)) {
    const read = await readFlatGeobuf(bytes, { source: path });
    collection = read.collection;
    named ??= read.crs;
  } else {
    collection = parseGeoJSON(decodeText(bytes), path);
  }
  const polygons: Position[][][] = [];
  collection.features.forEach((feature) => {
    const geometry = feature?.geometry as Polygon | MultiPolygon | null | undefined;
    if (geometry?.type === 'Polygon') polygons.push(geometry.coordinates);
    else if (geometry?.type === 'MultiPolygon' && Array.isArray(geometry.coordinates)) polygons.push(...geometry.coordinates);
  });
  // Empty polygons and rings of text or too few points are no outline; the clipping library would throw on them.
  polygons.splice(0, polygons.length, ...polygons.filter(isPolygonCoordinates));
  if (polygons.length === 0)
    throw new SozialraumError(
      'invalid-geometry',
      message('holds no polygon to use as the territory', 'enthält kein Polygon, das als Gebietsumriss dienen kann'),
      { source: path },
    );
  const from = detectCrs(collection, path, named);
  const outline: FeatureCollection<MultiPolygon> = {
    type: 'FeatureCollection',
    features: [{ type: 'Feature', properties: {}, geometry: { type: 'MultiPolygon', coordinates: polygons } }],
  };
  return (from === crs ? outline : reprojectCollection(outline, from, crs)).features[0]!.geometry;
}

/** Residents per area key from a Zensus grid table, by exact cell shares, and the rows of the table that could not be read. */
async function residentsPerArea(
  path: string,
  value: string,
  areas: AreaCollection,
  cwd: string,
  decimal: ',' | '.' | undefined,
): Promise<{ residents: Map<string, number>; issues: DataIssue[] }> {
  const grid = readZensusGrid(decodeText(await readInput(path, cwd)), { source: path, value, ...(decimal ? { decimalSeparator: decimal } : {}) });
  const residents = populationOfGeometries(
    { grid: grid.grid, values: grid.values, nodata: grid.nodata },
    areas.features.map((feature, index) => ({ key: areas.ids[index]!, geometry: feature.geometry })),
    areas.crs,
  );
  return { residents, issues: grid.issues };
}

/** Problems of the partition itself are errors; sizes and shapes a planner may accept are warnings. */
const FINDING_SEVERITY: Readonly<Record<CoverageFindingType, DataIssue['severity']>> = {
  gap: 'error',
  overlap: 'error',
  'outside-territory': 'error',
  'invalid-ring': 'error',
  'self-intersection': 'error',
  'duplicate-key': 'error',
  sliver: 'warning',
  'not-compact': 'warning',
  'small-population': 'warning',
  'large-population': 'warning',
  unbalanced: 'warning',
};

/** A finding as an issue line: "lor.geojson: gap: …", the type as the report names it, the text in both languages. */
function findingIssue(finding: CoverageFinding, source: string): DataIssue {
  const key = finding.ids.length === 1 ? finding.ids[0] : undefined;
  const text = (language: Language) => `${source}: ${finding.type}: ${finding.text[language]}`;
  return {
    code: 'invalid-geometry',
    severity: FINDING_SEVERITY[finding.type],
    source,
    ...(key !== undefined ? { key } : {}),
    message: text('en'),
    text: { en: text('en'), de: text('de') },
  };
}

function describeFindings(findings: readonly CoverageFinding[], crs: string, withPopulation: boolean): string {
  const checks = withPopulation ? 'partition and population' : 'partition';
  if (findings.length === 0) return `${checks} checked in ${crs}: no findings`;
  const byType = new Map<string, number>();
  for (const finding of findings) byType.set(finding.type, (byType.get(finding.type) ?? 0) + 1);
  return `${checks} checked in ${crs}: ${[...byType].map(([type, n]) => `${n} ${type}`).join(', ')}`;
}

const round = (value: number) => Math.round(value * 100) / 100;

function defaultKeyColumn(table: Table, idField: string): string {
  if (table.columns.includes(idField)) return idField;
  throw new UsageError(
    `${table.source} has no column "${idField}" (the areas' id field); name the key column with --key-field, the columns are ${table.columns.join(', ')}`,
  );
}

function describeJoin(table: Table, join: TableJoin, areaCount: number): string {
  return `${count(table.rows.length, 'row')} in ${table.source}, ${areaCount - join.unmatchedAreaIds.length} of ${count(areaCount, 'area')} joined by ${join.keyColumn}`;
}

/**
 * Cells that are not numbers, in columns where most filled cells are numbers: those are typing or export errors
 * ("1.234,5" in a decimal-point file, "k.A."), while columns of names are text on purpose and not checked.
 */
function numberIssues(table: Table, keyColumn: string): DataIssue[] {
  return table.columns.filter((column) => column !== keyColumn && mostlyNumbers(table, column)).flatMap((column) => numericColumn(table, column).issues);
}

function mostlyNumbers(table: Table, column: string): boolean {
  let numbers = 0;
  let other = 0;
  for (const row of table.rows) {
    const value = parseNumber(row[column] ?? '', table.decimalSeparator);
    if (value === null) continue;
    if (Number.isNaN(value)) other += 1;
    else numbers += 1;
  }
  return numbers > other;
}
