// `sozialraum convert`: areas between GeoJSON, FlatGeobuf, GeoPackage and Shapefile, optionally into another CRS, keys and properties kept.
import { basename, extname } from 'node:path';
import type { FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import { describeName, formatGeoJSON, reprojectCollection, writeFlatGeobuf, writeGeoPackage, type AreaFeature } from '@sozialraum/core';
import { writeShapefileZip } from '@sozialraum/core/shapefile';
import { EXIT, UsageError, stringOption, type CliIo, type Command, type CommandInput } from '../command.js';
import { OutputError, areaFileOptions, crsOption, loadAreasFile, writeOutput } from '../files.js';
import { CRS, ID_FIELD, LAYER, NAME_FIELD } from '../options.js';
import { count, formatIssue } from '../report.js';

type AreaFeatureCollection = FeatureCollection<Polygon | MultiPolygon>;
type OutputFormat = 'GeoJSON' | 'FlatGeobuf' | 'GeoPackage' | 'Shapefile';

const OUTPUT_FORMATS: Readonly<Record<string, OutputFormat>> = {
  '.geojson': 'GeoJSON',
  '.json': 'GeoJSON',
  '.fgb': 'FlatGeobuf',
  '.gpkg': 'GeoPackage',
  '.zip': 'Shapefile',
};

export const convert: Command = {
  name: 'convert',
  summary: 'convert areas between GeoJSON, FlatGeobuf, GeoPackage and Shapefile, optionally reprojecting them',
  description:
    "The output format follows the output file's extension: .geojson or .json for GeoJSON, .fgb for FlatGeobuf,\n" +
    '.gpkg for a GeoPackage with one layer named after the file (GeoPackage input needs --layer when it has several),\n' +
    '.zip (e.g. lor.shp.zip) for a zipped Shapefile (.shp .shx .dbf, a .prj in ESRI WKT and a .cpg: the text is\n' +
    'UTF-8; field names longer than 10 characters are cut, as dBase needs, and listed).\n' +
    'FlatGeobuf gets the CRS in its header. GeoJSON in a CRS other than EPSG:4326 gets the legacy "crs" member\n' +
    '(urn:ogc:def:crs:EPSG::n) that German GIS software reads. Keys and properties are kept; features that are\n' +
    'not drawable polygons are left out and reported (exit code 1).',
  files: { inputs: ['in'], outputs: ['out'] },
  positionals: [
    { name: 'in', description: 'areas as GeoJSON, FlatGeobuf, GeoPackage or Shapefile (.shp with its siblings, or .zip)' },
    { name: 'out', description: 'file to write (.geojson, .json, .fgb, .gpkg or .zip); an existing file is replaced' },
  ],
  options: [
    ID_FIELD,
    NAME_FIELD,
    CRS,
    LAYER,
    { name: 'to-crs', type: 'string', value: 'EPSG:n', description: 'reproject to this coordinate reference system (default: keep the CRS)' },
  ],
  examples: [
    'convert data-samples/berlin/lor_planungsraeume_2021.geojson lor.fgb',
    'convert data-samples/berlin/lor_planungsraeume_2021.fgb lor_wgs84.geojson --to-crs EPSG:4326',
    'convert data-samples/berlin/lor_planungsraeume_2021.geojson lor.gpkg',
    'convert data-samples/berlin/lor_planungsraeume_2021.geojson lor.shp.zip',
  ],
  async run({ positionals, options }: CommandInput, io: CliIo): Promise<number> {
    const [input, output] = [positionals[0]!, positionals[1]!];
    const format = OUTPUT_FORMATS[extname(output).toLowerCase()];
    if (extname(output).toLowerCase() === '.shp')
      throw new UsageError(`${output}: a Shapefile is several files; name the output ${output}.zip to write them zipped`);
    if (!format) throw new UsageError(`${output}: cannot tell the output format from the extension; use .geojson, .json, .fgb, .gpkg or .zip`);
    const areaOptions = areaFileOptions(options);
    const toCrs = crsOption(stringOption(options, 'to-crs'), '--to-crs');

    const { areas, format: inputFormat } = await loadAreasFile(input, io.cwd, areaOptions);
    const targetCrs = toCrs ?? areas.crs;
    // The FlatGeobuf reader numbers features as their `id`; that is the file position, not data, so it is not carried on.
    const features = inputFormat === 'FlatGeobuf' ? areas.features.map(({ id: _position, ...feature }) => feature) : areas.features;
    const collection = reprojectCollection<AreaFeatureCollection>({ type: 'FeatureCollection', features }, areas.crs, targetCrs);

    let renamed: [string, string][] = [];
    if (format === 'FlatGeobuf') {
      assertFlatGeobufKeepsProperties(collection.features, output);
      await writeOutput(output, io.cwd, writeFlatGeobuf(collection, targetCrs));
    } else if (format === 'GeoPackage') {
      await writeOutput(output, io.cwd, await writeGeoPackage(collection, targetCrs, { layer: layerName(output), source: output }));
    } else if (format === 'Shapefile') {
      const written = writeShapefileZip(collection, { crs: targetCrs, name: basename(output).replace(/(\.shp)?\.zip$/i, '') });
      renamed = written.renamed;
      await writeOutput(output, io.cwd, written.bytes);
    } else {
      await writeOutput(output, io.cwd, formatGeoJSON(collection, targetCrs));
    }

    // Issues are about the input, not the result, so they go with the other messages on stderr.
    io.stderr(areas.issues.map((found) => `${formatIssue(found)}\n`).join(''));
    if (renamed.length > 0) io.stderr(`${output}: field names cut to the 10 characters dBase allows: ${describeRenamed(renamed)}\n`);
    io.stdout(
      `${output}: ${count(collection.features.length, 'area')}, ${format}, ${targetCrs}${toCrs && toCrs !== areas.crs ? ` (reprojected from ${areas.crs})` : ''}\n`,
    );
    return areas.issues.length === 0 ? EXIT.ok : EXIT.issues;
  },
};

/** The layer of a written GeoPackage: the file's name, in the letters, digits and underscores every GIS accepts. */
function layerName(output: string): string {
  const name = basename(output, extname(output)).replace(/[^A-Za-z0-9_]+/g, '_');
  return /^[A-Za-z_]/.test(name) ? name : `layer_${name}`;
}

/**
 * core's writeFlatGeobuf (through flatgeobuf's serialize) takes the columns and their types from the first feature
 * alone: a property the first feature lacks is dropped, and a value of another type than the first feature's
 * (a number where it had text or null) is written garbled. Refuse rather than write a file that silently differs.
 */
function assertFlatGeobufKeepsProperties(features: readonly AreaFeature[], output: string): void {
  const first = features[0]?.properties ?? {};
  const columnType = new Map(Object.entries(first).map(([name, value]) => [name, valueType(value)]));
  const problems: string[] = [];
  const reported = new Set<string>();
  features.forEach((feature, index) => {
    for (const [name, value] of Object.entries(feature.properties ?? {})) {
      if (value === null || value === undefined || reported.has(name)) continue;
      const expected = columnType.get(name);
      const actual = valueType(value);
      if (expected === undefined) problems.push(`"${name}" (missing in the first feature, set in feature ${index + 1})`);
      else if (expected !== actual)
        problems.push(`"${name}" (${expected === 'null' ? 'empty' : expected} in the first feature, ${actual} in feature ${index + 1})`);
      else continue;
      reported.add(name);
    }
  });
  if (problems.length > 0) {
    throw new OutputError(
      `${output}: cannot be written as FlatGeobuf without changing values, because the FlatGeobuf writer takes each property's ` +
        `type from the first feature: ${problems.join(', ')}; write GeoJSON instead`,
    );
  }
}

function valueType(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'object') return 'object';
  return typeof value;
}

/**
 * The cut field names for the note, each long name cut once more by describeName and at most 20 of them, so that a
 * property named with 100,000 characters, or a table of thousands, gives one line.
 */
function describeRenamed(renamed: readonly [string, string][]): string {
  const shown = renamed.slice(0, 20).map(([from, to]) => `${describeName(from)} → ${to}`);
  return renamed.length > 20 ? `${shown.join(', ')}, … (${renamed.length} in all)` : shown.join(', ');
}
