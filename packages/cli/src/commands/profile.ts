// `sozialraum profile`: the profile of one area (key figures, indicators against the city, the index, facilities
// within reach) as the CSV the profile card downloads: core's prepareProfiles, areaProfile and profileCsv, the same
// calls the card makes.
import { basename } from 'node:path';
import {
  SozialraumError,
  areaProfile,
  decodeText,
  message,
  prepareProfiles,
  profileCsv,
  readZensusGrid,
  type DataIssue,
  type FacilityLayer,
} from '@sozialraum/core';
import { EXIT, UsageError, listOption, stringOption, type CliIo, type Command, type CommandInput } from '../command.js';
import { areaFileOptions, fileOfPath, loadAreasFile, loadTableFile, readInput, writeOutput } from '../files.js';
import { loadPointsFile } from '../points.js';
import { CRS, DECIMAL, HEADER_ROW, ID_FIELD, LAYER, NAME_FIELD, SHEET, languageOption, numberOption, tableFileOptions } from '../options.js';
import { formatIssue } from '../report.js';
import { loadSpec } from './index-command.js';

export const profile: Command = {
  name: 'profile',
  summary: 'the profile of one area as CSV: key figures, indicators against the city, index, facilities within reach',
  description:
    'One line per number the profile card shows, with the area and its key on every line: the index and its class,\n' +
    'the indicators with the city value, the deviation and the rank, the sub-indices, and per --facilities layer the\n' +
    'facilities inside the area and within --distance metres (with --grid, the share of residents within reach).\n' +
    'Counts above 0 and below --min-count are withheld. German (--lang de, the default) uses semicolons and decimal\n' +
    'commas, English commas and decimal points, as the card writes them.',
  files: { inputs: ['areas', 'indicators', 'spec', 'facilities', 'grid'], outputs: ['out'] },
  positionals: [],
  options: [
    { name: 'areas', type: 'string', value: 'FILE', description: 'the areas as GeoJSON, FlatGeobuf, GeoPackage or Shapefile (required)' },
    ID_FIELD,
    NAME_FIELD,
    CRS,
    LAYER,
    { name: 'indicators', type: 'string', value: 'TABLE', description: 'indicator table (CSV or Excel), one row per area (required)' },
    { name: 'key-field', type: 'string', value: 'COLUMN', description: 'column of --indicators with the area key (default: the id field of the areas)' },
    DECIMAL,
    SHEET,
    HEADER_ROW,
    { name: 'spec', type: 'string', value: 'JSON', description: 'index spec file; give --spec or --preset' },
    { name: 'preset', type: 'string', value: 'NAME', description: 'a built-in index spec, e.g. mss-2021-status' },
    { name: 'area', type: 'string', value: 'KEY', description: 'key of the area to profile (required)' },
    {
      name: 'facilities',
      type: 'string',
      value: 'GEOJSON',
      description: 'points of one kind of facility (GeoJSON, FlatGeobuf, GeoPackage, Shapefile); the file or GeoPackage layer name is its type',
      multiple: true,
    },
    { name: 'grid', type: 'string', value: 'CSV', description: 'Zensus grid of residents, for the share of residents within reach' },
    { name: 'value', type: 'string', value: 'COLUMN', description: 'column of --grid with the residents (default: Einwohner)' },
    { name: 'distance', type: 'string', value: 'M', description: 'straight-line distance for facilities near the area, in metres (default: 1500)' },
    { name: 'min-count', type: 'string', value: 'N', description: 'counts above 0 and below N are withheld (default: 3)' },
    { name: 'lang', type: 'string', value: 'de|en', description: 'language of the headings, notes and number format (default: de)' },
    { name: 'out', type: 'string', value: 'CSV', description: 'file to write; an existing file is replaced (default: stdout)' },
  ],
  examples: [
    'profile --areas data-samples/berlin/lor_planungsraeume_2021.geojson --id-field PLR_ID --indicators data-samples/berlin/mss2021_indexindikatoren.csv --preset mss-2021-status --area 01100101 --facilities data-samples/berlin/facilities/kitas.geojson --out profil.csv',
  ],
  async run({ options }: CommandInput, io: CliIo): Promise<number> {
    const required = (name: string) => {
      const value = stringOption(options, name);
      if (value === undefined || value === '') throw new UsageError(`--${name} is required`);
      return value;
    };
    const [areasPath, indicatorsPath, id] = [required('areas'), required('indicators'), required('area')];
    const language = languageOption(stringOption(options, 'lang'));
    const tableOptions = tableFileOptions(options);
    const decimal = tableOptions.decimalSeparator;
    const distance = numberOption(stringOption(options, 'distance') ?? '1500', '--distance', { min: 0 });
    const minCount = numberOption(stringOption(options, 'min-count') ?? '3', '--min-count', { min: 0 });
    const spec = await loadSpec(options, io.cwd);

    const { areas } = await loadAreasFile(areasPath, io.cwd, areaFileOptions(options));
    const table = await loadTableFile(indicatorsPath, io.cwd, tableOptions);
    const facilityIssues: DataIssue[] = [];
    const facilities = await Promise.all(
      listOption(options, 'facilities').map(async (path): Promise<FacilityLayer> => {
        const { layer, issues } = await loadPointsFile(path, io.cwd, { layer: stringOption(options, 'layer'), table: tableOptions });
        if (!layer) throw new UsageError(`${path}: facilities are read from point files (GeoJSON, FlatGeobuf, GeoPackage, Shapefile), not from a table`);
        facilityIssues.push(...issues);
        return { type: layer.name, points: layer.points, source: basename(fileOfPath(path)), crs: layer.crs };
      }),
    );
    const gridPath = stringOption(options, 'grid');
    const populationGrid = gridPath
      ? {
          ...readZensusGrid(decodeText(await readInput(gridPath, io.cwd)), {
            source: basename(gridPath),
            value: stringOption(options, 'value') ?? 'Einwohner',
            ...(decimal ? { decimalSeparator: decimal } : {}),
          }),
          source: basename(gridPath),
        }
      : undefined;
    const set = prepareProfiles({
      areas,
      table,
      keyColumn: stringOption(options, 'key-field') ?? areas.idField,
      spec,
      facilities,
      ...(populationGrid ? { populationGrid } : {}),
      distance,
      minCount,
      language,
    });
    const found = areaProfile(set, id);
    if (!found) {
      throw new SozialraumError('unknown-field', message(`has no area with the key "${id}"`, `hat kein Gebiet mit dem Schlüssel „${id}“`), {
        source: areasPath,
      });
    }
    const csv = profileCsv(found, language);
    const output = stringOption(options, 'out');
    if (output === undefined) io.stdout(csv);
    else await writeOutput(output, io.cwd, csv);
    const issues = [...areas.issues, ...table.issues, ...facilityIssues, ...(populationGrid?.issues ?? [])];
    io.stderr(issues.map((issue) => `${formatIssue(issue, language)}\n`).join(''));
    if (output !== undefined) io.stderr(`wrote ${output}: the profile of ${id}, CSV\n`);
    return issues.length === 0 ? EXIT.ok : EXIT.issues;
  },
};
