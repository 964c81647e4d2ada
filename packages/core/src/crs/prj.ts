// The CRS a Shapefile's .prj names (ESRI or OGC WKT 1, or WKT 2 with an EPSG id), matched to a supported EPSG code; and
// the .prj the toolkit writes for each supported code.
import { SozialraumError, message } from '../errors.js';
import { SUPPORTED_CRS, crsDefinition } from './index.js';

/** A WKT node: `KEYWORD["text", 1.5, CHILD[…]]`. */
interface WktNode {
  keyword: string;
  values: (string | number | WktNode)[];
}

/**
 * The supported EPSG code a .prj names. An EPSG authority or id on the outermost node is taken as it is; otherwise the
 * datum, projection and parameters are compared with every supported CRS. The datum decides as much as the
 * projection: DHDN (Bessel) is matched to the DHDN codes, whose definitions carry the shift to ETRS89, so a .prj that
 * names DHDN without a shift is never read as if DHDN were ETRS89. ETRS89 and WGS 84 count as one datum, as everywhere
 * in the toolkit (they differ by less than a metre in Germany).
 */
export function crsFromPrj(wkt: string, source: string): string {
  const root = parseWkt(wkt, source);
  const name = typeof root.values[0] === 'string' ? root.values[0] : root.keyword;
  const authority = epsgAuthority(root);
  if (authority !== undefined && crsDefinition(authority)) return authority;
  const found = describeWkt(root);
  const match = found ? SUPPORTED_CRS.find((crs) => sameCrs(found, signature(crs.proj4))) : undefined;
  if (match) return match.code;
  const what = found ? `${found.methodName ?? 'longitude/latitude'}, datum ${found.datumName}` : root.keyword;
  const was = found ? `${found.methodName ?? 'Länge/Breite'}, Datum ${found.datumName}` : root.keyword;
  const supported = SUPPORTED_CRS.map((crs) => crs.code).join(', ');
  throw new SozialraumError(
    'unknown-crs',
    message(
      `the .prj names the coordinate reference system "${name}" (${what}${authority ? `, ${authority}` : ''}), which matches none of the supported ones (${supported}); reproject the file or give its CRS`,
      `die .prj nennt das Koordinatenreferenzsystem „${name}“ (${was}${authority ? `, ${authority}` : ''}), das keinem der unterstützten entspricht (${supported}); projizieren Sie die Datei um oder geben Sie ihr Koordinatenreferenzsystem an`,
    ),
    { source },
  );
}

/** The .prj for a supported code, in ESRI WKT as GDAL writes it (what ArcGIS, QGIS and GDAL all read). */
export function prjForCrs(code: string): string | undefined {
  return ESRI_WKT[code];
}

const GCS_WGS84 =
  'GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]';
const GCS_ETRS89 =
  'GEOGCS["GCS_ETRS_1989",DATUM["D_ETRS_1989",SPHEROID["GRS_1980",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]';
const GCS_DHDN =
  'GEOGCS["GCS_Deutsches_Hauptdreiecksnetz",DATUM["D_Deutsches_Hauptdreiecksnetz",SPHEROID["Bessel_1841",6377397.155,299.1528128]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]';

function projected(name: string, gcs: string, projection: string, parameters: [string, number][]): string {
  const list = parameters.map(([key, value]) => `PARAMETER["${key}",${Number.isInteger(value) ? value.toFixed(1) : value}]`).join(',');
  return `PROJCS["${name}",${gcs},PROJECTION["${projection}"],${list},UNIT["Meter",1.0]]`;
}

function utm(zone: number): string {
  const parameters: [string, number][] = [
    ['False_Easting', 500000],
    ['False_Northing', 0],
    ['Central_Meridian', zone * 6 - 183],
    ['Scale_Factor', 0.9996],
    ['Latitude_Of_Origin', 0],
  ];
  return projected(`ETRS_1989_UTM_Zone_${zone}N`, GCS_ETRS89, 'Transverse_Mercator', parameters);
}

function gaussKruger(zone: number): string {
  const parameters: [string, number][] = [
    ['False_Easting', zone * 1_000_000 + 500_000],
    ['False_Northing', 0],
    ['Central_Meridian', zone * 3],
    ['Scale_Factor', 1],
    ['Latitude_Of_Origin', 0],
  ];
  return projected(`DHDN_3_Degree_Gauss_Zone_${zone}`, GCS_DHDN, 'Gauss_Kruger', parameters);
}

/** GDAL's ESRI WKT for the supported codes (`gdalsrsinfo EPSG:n -o wkt_esri`), composed from its parts. */
const ESRI_WKT: Record<string, string> = {
  'EPSG:4326': GCS_WGS84,
  'EPSG:3857': projected('WGS_1984_Web_Mercator_Auxiliary_Sphere', GCS_WGS84, 'Mercator_Auxiliary_Sphere', [
    ['False_Easting', 0],
    ['False_Northing', 0],
    ['Central_Meridian', 0],
    ['Standard_Parallel_1', 0],
    ['Auxiliary_Sphere_Type', 0],
  ]),
  'EPSG:25832': utm(32),
  'EPSG:25833': utm(33),
  'EPSG:3035': projected('ETRS_1989_LAEA', GCS_ETRS89, 'Lambert_Azimuthal_Equal_Area', [
    ['False_Easting', 4321000],
    ['False_Northing', 3210000],
    ['Central_Meridian', 10],
    ['Latitude_Of_Origin', 52],
  ]),
  'EPSG:3068': projected('DHDN_Soldner_Berlin', GCS_DHDN, 'Cassini', [
    ['False_Easting', 40000],
    ['False_Northing', 10000],
    ['Central_Meridian', 13.6272036666667],
    ['Scale_Factor', 1],
    ['Latitude_Of_Origin', 52.4186482777778],
  ]),
  'EPSG:31466': gaussKruger(2),
  'EPSG:31467': gaussKruger(3),
  'EPSG:31468': gaussKruger(4),
  'EPSG:31469': gaussKruger(5),
};

// ---------------------------------------------------------------------------------------------------------------
// Parsing

/** Parses WKT 1 or 2; brackets may be [] or (). Refuses text that is not WKT, naming what was found. */
export function parseWkt(wkt: string, source: string): WktNode {
  let at = 0;
  const text = wkt.replace(/^\uFEFF/, '');
  const fail = (why: string, warum: string): never => {
    throw new SozialraumError(
      'unknown-crs',
      message(`the .prj is not readable WKT (${why} at character ${at + 1})`, `die .prj ist kein lesbares WKT (${warum} bei Zeichen ${at + 1})`),
      { source },
    );
  };
  const blanks = () => {
    while (at < text.length && /\s/.test(text[at]!)) at += 1;
  };
  const node = (depth: number): WktNode => {
    if (depth > 32) fail('nested too deep', 'zu tief verschachtelt');
    blanks();
    const keyword = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(at))?.[0];
    if (!keyword) return fail('no keyword', 'kein Schlüsselwort');
    at += keyword.length;
    blanks();
    const values: WktNode['values'] = [];
    if (text[at] !== '[' && text[at] !== '(') return { keyword: keyword.toUpperCase(), values };
    at += 1;
    for (;;) {
      blanks();
      const char = text[at];
      if (char === undefined) fail('the text ends early', 'der Text endet zu früh');
      if (char === '"') {
        const end = text.indexOf('"', at + 1);
        if (end === -1) fail('an unclosed quote', 'ein nicht geschlossenes Anführungszeichen');
        values.push(text.slice(at + 1, end));
        at = end + 1;
      } else if (/[-+.\d]/.test(char!)) {
        const number = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?/.exec(text.slice(at))?.[0];
        if (!number) fail('a broken number', 'eine fehlerhafte Zahl');
        values.push(Number(number));
        at += number!.length;
      } else {
        values.push(node(depth + 1));
      }
      blanks();
      if (text[at] === ',') at += 1;
      else if (text[at] === ']' || text[at] === ')') {
        at += 1;
        return { keyword: keyword.toUpperCase(), values };
      } else fail('a missing comma or bracket', 'ein fehlendes Komma oder eine fehlende Klammer');
    }
  };
  const root = node(0);
  blanks();
  if (at < text.length) fail('text after the end', 'Text nach dem Ende');
  return root;
}

function children(node: WktNode, keyword?: string): WktNode[] {
  return node.values.filter((value): value is WktNode => typeof value === 'object' && (keyword === undefined || value.keyword === keyword));
}

function find(node: WktNode, keywords: readonly string[]): WktNode | undefined {
  for (const child of children(node)) if (keywords.includes(child.keyword)) return child;
  for (const child of children(node)) {
    const deeper = find(child, keywords);
    if (deeper) return deeper;
  }
  return undefined;
}

/** "EPSG:n" from the outermost AUTHORITY["EPSG","n"] (WKT 1) or ID["EPSG",n] (WKT 2). */
function epsgAuthority(root: WktNode): string | undefined {
  const node = children(root).find((child) => child.keyword === 'AUTHORITY' || child.keyword === 'ID');
  if (!node || String(node.values[0]).toUpperCase() !== 'EPSG') return undefined;
  const code = Number(node.values[1]);
  return Number.isInteger(code) && code > 0 ? `EPSG:${code}` : undefined;
}

type Datum = 'ETRS89/WGS84' | 'DHDN';
type Projection = 'tmerc' | 'cass' | 'laea' | 'merc' | 'other';

/** What decides which CRS a definition is: datum, projection and its parameters (degrees and metres). */
interface CrsSignature {
  datum: Datum | undefined;
  projection: Projection | undefined;
  parameters: Partial<Record<'lon_0' | 'lat_0' | 'x_0' | 'y_0' | 'k', number>>;
}

const PROJECTIONS: Record<string, Projection> = {
  transversemercator: 'tmerc',
  gausskruger: 'tmerc',
  cassini: 'cass',
  cassinisoldner: 'cass',
  lambertazimuthalequalarea: 'laea',
  mercatorauxiliarysphere: 'merc',
  popularvisualisationpseudomercator: 'merc',
};

const PARAMETERS: Record<string, keyof CrsSignature['parameters']> = {
  centralmeridian: 'lon_0',
  longitudeofcenter: 'lon_0',
  longitudeofnaturalorigin: 'lon_0',
  longitudeoforigin: 'lon_0',
  latitudeoforigin: 'lat_0',
  latitudeofcenter: 'lat_0',
  latitudeofnaturalorigin: 'lat_0',
  falseeasting: 'x_0',
  falsenorthing: 'y_0',
  scalefactor: 'k',
  scalefactoratnaturalorigin: 'k',
};

const plain = (text: string) => text.toLowerCase().replace(/[^a-z0-9]/g, '');

function datumOf(name: string): Datum | undefined {
  const key = plain(name);
  if (/dhdn|deutscheshauptdreiecksnetz/.test(key)) return 'DHDN';
  if (/etrs|etrf|europeanterrestrialreferencesystem1989|wgs1984|wgs84|worldgeodeticsystem1984/.test(key)) return 'ETRS89/WGS84';
  // A datum named otherwise is not guessed from its ellipsoid: Bessel's carries a dozen datums a hundred metres apart.
  return undefined;
}

/** Datum, projection and parameters of a parsed WKT, with their names as written; undefined when it names no datum. */
function describeWkt(root: WktNode): (CrsSignature & { datumName: string; methodName: string | undefined }) | undefined {
  const datumNode = find(root, ['DATUM', 'GEODETICDATUM', 'TRF', 'ENSEMBLE']);
  if (!datumNode) return undefined;
  const datumName = String(datumNode.values[0] ?? '');
  const datum = datumOf(datumName);
  const isProjected = ['PROJCS', 'PROJCRS', 'PROJECTEDCRS'].includes(root.keyword);
  if (!isProjected) return { datum, datumName, methodName: undefined, projection: undefined, parameters: {} };
  const method = find(root, ['PROJECTION', 'METHOD']);
  const methodName = method ? String(method.values[0] ?? '') : 'no projection';
  let projection = PROJECTIONS[plain(methodName)] ?? 'other';
  // OGC WKT 1 writes Web Mercator as Mercator_1SP on WGS 84 and says "pseudo" only in its name and PROJ4 extension.
  const extension = find(root, ['EXTENSION']);
  if (
    plain(methodName) === 'mercator1sp' &&
    (/pseudo.?mercator|web.?mercator/i.test(String(root.values[0])) || /\+b=6378137\b/.test(String(extension?.values[1] ?? '')))
  )
    projection = 'merc';
  const parameters: CrsSignature['parameters'] = {};
  const scope = find(root, ['CONVERSION']) ?? root;
  for (const parameter of children(scope, 'PARAMETER')) {
    const key = PARAMETERS[plain(String(parameter.values[0] ?? ''))];
    if (key && typeof parameter.values[1] === 'number') parameters[key] = parameter.values[1];
  }
  // Feet or other units than the metre match nothing supported.
  const unit = children(root, 'UNIT').concat(children(root, 'LENGTHUNIT'))[0];
  const metres = !unit || typeof unit.values[1] !== 'number' || Math.abs(unit.values[1] - 1) < 1e-9;
  return { datum, datumName, methodName, projection: metres ? projection : 'other', parameters };
}

/** The signature of a supported CRS from its proj4 definition. */
function signature(definition: string): CrsSignature {
  const values = new Map<string, string>();
  for (const part of definition.split(/\s+/)) {
    const [key, value] = part.replace(/^\+/, '').split('=');
    if (key) values.set(key, value ?? '');
  }
  const number = (key: string, fallback: number) => (values.has(key) ? Number(values.get(key)) : fallback);
  const datum: Datum = values.get('ellps') === 'bessel' ? 'DHDN' : 'ETRS89/WGS84';
  const proj = values.get('proj');
  if (proj === 'longlat') return { datum, projection: undefined, parameters: {} };
  if (proj === 'utm') {
    const zone = number('zone', 0);
    return { datum, projection: 'tmerc', parameters: { lon_0: zone * 6 - 183, lat_0: 0, x_0: 500000, y_0: 0, k: 0.9996 } };
  }
  const parameters = { lon_0: number('lon_0', 0), lat_0: number('lat_0', 0), x_0: number('x_0', 0), y_0: number('y_0', 0), k: number('k', 1) };
  // EPSG:3857 is Mercator on a sphere of WGS 84's semi-major axis; WKT names it by its own method.
  return { datum, projection: proj as Projection, parameters };
}

function sameCrs(found: CrsSignature, known: CrsSignature): boolean {
  if (found.datum === undefined || found.datum !== known.datum || found.projection !== known.projection) return false;
  if (known.projection === 'merc') return true;
  for (const [key, value] of Object.entries(known.parameters) as [keyof CrsSignature['parameters'], number][]) {
    // Parameters a WKT leaves out take the defaults of the method: origin 0, scale 1.
    const given = found.parameters[key] ?? (key === 'k' ? 1 : 0);
    const tolerance = key === 'x_0' || key === 'y_0' ? 0.01 : 1e-6;
    if (Math.abs(given - value) > tolerance) return false;
  }
  return true;
}
