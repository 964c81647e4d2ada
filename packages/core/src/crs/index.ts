// Coordinate reference systems the toolkit knows, how to recognise them in a file, and reprojection.
import proj4 from 'proj4';
import type { Feature, FeatureCollection, Geometry, Position } from 'geojson';
import { SozialraumError, message } from '../errors.js';
import { emptyBox, extendBox, forEachPosition } from '../geometry/index.js';

// Walking a geometry's positions is a geometry primitive; it stays part of this module's API.
export { forEachPosition } from '../geometry/index.js';
import type { Language } from '../language.js';

/** A CRS the toolkit can read, reproject and show. */
export interface CrsDefinition {
  code: string;
  name: string;
  proj4: string;
  /** Valid coordinate range [minX, minY, maxX, maxY] in the CRS's own units, generous, for plausibility checks. */
  bounds: [number, number, number, number];
}

/** DHDN to WGS 84 (EPSG:1777), the shift GDAL and PROJ write for the Gauss-Krüger codes; DHDN is not ETRS89. */
const DHDN_SHIFT = '+towgs84=598.1,73.7,418.2,0.202,0.045,-2.455,6.7';

const UTM_BOUNDS: [number, number, number, number] = [-2_000_000, -1_000_000, 3_000_000, 10_000_000];

/** The coordinate reference systems used for German statistical and planning data. */
export const SUPPORTED_CRS: readonly CrsDefinition[] = [
  { code: 'EPSG:4326', name: 'WGS 84 (longitude/latitude)', proj4: '+proj=longlat +datum=WGS84 +no_defs', bounds: [-180, -90, 180, 90] },
  {
    code: 'EPSG:3857',
    name: 'WGS 84 / Pseudo-Mercator (web maps)',
    proj4: '+proj=merc +a=6378137 +b=6378137 +lat_ts=0 +lon_0=0 +x_0=0 +y_0=0 +k=1 +units=m +nadgrids=@null +wktext +no_defs',
    bounds: [-20_037_508.35, -20_048_966.11, 20_037_508.35, 20_048_966.11],
  },
  { code: 'EPSG:25832', name: 'ETRS89 / UTM zone 32N', proj4: '+proj=utm +zone=32 +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs', bounds: UTM_BOUNDS },
  { code: 'EPSG:25833', name: 'ETRS89 / UTM zone 33N', proj4: '+proj=utm +zone=33 +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs', bounds: UTM_BOUNDS },
  {
    code: 'EPSG:3035',
    name: 'ETRS89 / LAEA Europe (statistical grids)',
    proj4: '+proj=laea +lat_0=52 +lon_0=10 +x_0=4321000 +y_0=3210000 +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs',
    bounds: [1_000_000, 0, 8_000_000, 7_000_000],
  },
  {
    code: 'EPSG:3068',
    name: 'DHDN / Soldner Berlin',
    // GDAL's export leaves the shift out (two transformations exist); this is EPSG:1777, the one PROJ states for DHDN.
    // Berlin's blocks land within 0.15 m of PROJ's BETA2007 grid transformation with it, and 195 m off without.
    proj4: `+proj=cass +lat_0=52.4186482777778 +lon_0=13.6272036666667 +x_0=40000 +y_0=10000 +ellps=bessel ${DHDN_SHIFT} +units=m +no_defs`,
    bounds: [-100_000, -100_000, 200_000, 200_000],
  },
  {
    code: 'EPSG:31466',
    name: 'DHDN / 3-degree Gauss-Kruger zone 2',
    proj4: `+proj=tmerc +lat_0=0 +lon_0=6 +k=1 +x_0=2500000 +y_0=0 +ellps=bessel ${DHDN_SHIFT} +units=m +no_defs`,
    bounds: [2_000_000, 5_000_000, 3_000_000, 6_500_000],
  },
  {
    code: 'EPSG:31467',
    name: 'DHDN / 3-degree Gauss-Kruger zone 3',
    proj4: '+proj=tmerc +lat_0=0 +lon_0=9 +k=1 +x_0=3500000 +y_0=0 +ellps=bessel +towgs84=598.1,73.7,418.2,0.202,0.045,-2.455,6.7 +units=m +no_defs',
    bounds: [3_000_000, 5_000_000, 4_000_000, 6_500_000],
  },
  {
    code: 'EPSG:31468',
    name: 'DHDN / 3-degree Gauss-Kruger zone 4',
    proj4: '+proj=tmerc +lat_0=0 +lon_0=12 +k=1 +x_0=4500000 +y_0=0 +ellps=bessel +towgs84=598.1,73.7,418.2,0.202,0.045,-2.455,6.7 +units=m +no_defs',
    bounds: [4_000_000, 5_000_000, 5_000_000, 6_500_000],
  },
  {
    code: 'EPSG:31469',
    name: 'DHDN / 3-degree Gauss-Kruger zone 5',
    proj4: `+proj=tmerc +lat_0=0 +lon_0=15 +k=1 +x_0=5500000 +y_0=0 +ellps=bessel ${DHDN_SHIFT} +units=m +no_defs`,
    bounds: [5_000_000, 5_000_000, 6_000_000, 6_500_000],
  },
];

for (const crs of SUPPORTED_CRS) proj4.defs(crs.code, crs.proj4);

/** The proj4 instance that knows every supported CRS; hand it to OpenLayers' `register()`. */
export { proj4 };

export function crsDefinition(code: string): CrsDefinition | undefined {
  return SUPPORTED_CRS.find((crs) => crs.code === code);
}

/**
 * Turns the ways files name a CRS into an "EPSG:n" code: "EPSG:25833", "urn:ogc:def:crs:EPSG::25833",
 * "http://www.opengis.net/def/crs/EPSG/0/25833", "urn:ogc:def:crs:OGC:1.3:CRS84", 25833.
 * Returns undefined for names it cannot read. Does not check that the code is supported.
 */
export function normaliseCrsName(name: string | number): string | undefined {
  if (typeof name === 'number') return Number.isInteger(name) && name > 0 ? `EPSG:${name}` : undefined;
  const text = name.trim();
  if (/^(urn:ogc:def:crs:OGC:1\.3:CRS84|CRS84|OGC:CRS84|WGS ?84)$/i.test(text)) return 'EPSG:4326';
  if (/opengis\.net\/def\/crs\/OGC\/1\.3\/CRS84$/i.test(text)) return 'EPSG:4326';
  const match =
    /^EPSG:+(\d+)$/i.exec(text) ??
    /^urn:ogc:def:crs:EPSG:[\d.]*:(\d+)$/i.exec(text) ??
    /opengis\.net\/def\/crs\/EPSG\/[^/]+\/(\d+)$/i.exec(text) ??
    /^(\d+)$/.exec(text);
  if (!match) return undefined;
  const code = `EPSG:${Number(match[1])}`;
  // Google's and ESRI's old codes for Web Mercator.
  return code === 'EPSG:900913' || code === 'EPSG:102100' ? 'EPSG:3857' : code;
}

/**
 * The "EPSG:n" code of a CRS named as a user or a file writes it ("EPSG:25833", "urn:ogc:def:crs:EPSG::25833", …).
 * Throws SozialraumError 'unknown-crs' when the name cannot be read or the toolkit does not support the CRS.
 */
export function supportedCrsCode(named: string, source: string): string {
  const code = normaliseCrsName(named);
  if (!code) {
    throw new SozialraumError(
      'unknown-crs',
      message(`cannot read the coordinate reference system "${named}"`, `das Koordinatenreferenzsystem „${named}“ ist nicht lesbar`),
      { source },
    );
  }
  assertSupportedCrs(code, source);
  return code;
}

/** Throws an 'unknown-crs' error unless the code names a supported CRS. */
export function assertSupportedCrs(code: string, source: string): void {
  if (!crsDefinition(code)) {
    const supported = SUPPORTED_CRS.map((crs) => crs.code).join(', ');
    throw new SozialraumError(
      'unknown-crs',
      message(
        `unknown coordinate reference system ${code}; supported are ${supported}`,
        `unbekanntes Koordinatenreferenzsystem ${code}; unterstützt werden ${supported}`,
      ),
      { source },
    );
  }
}

/**
 * [minX, minY, maxX, maxY] over every position of the collection, or undefined when it has none. Features, geometries
 * and positions that are not what GeoJSON says (null, text, numbers that are not finite) are passed over.
 */
export function collectionExtent(collection: FeatureCollection): [number, number, number, number] | undefined {
  // Not @turf/bbox: a file can carry anything where a position belongs, and this check is what reports it.
  const extent = emptyBox();
  for (const feature of collection.features) {
    const geometry = (feature as Partial<Feature> | null)?.geometry;
    if (!geometry) continue;
    // Indexed, not destructured: a page reads its areas before the code is optimised, and destructuring then walks an
    // iterator for each of the 200,000 positions of a city's Planungsräume.
    forEachPosition(geometry, (position) => {
      const x = position[0];
      const y = position[1];
      if (typeof x === 'number' && typeof y === 'number' && Number.isFinite(x) && Number.isFinite(y)) extendBox(extent, x, y);
    });
  }
  return extent[0] <= extent[2] ? extent : undefined;
}

/** Number (from 1) of the first feature with a position outside [minX, minY, maxX, maxY]. */
function firstFeatureOutside(collection: FeatureCollection, bounds: readonly [number, number, number, number]): number | undefined {
  const index = collection.features.findIndex((feature) => {
    const geometry = (feature as Partial<Feature> | null)?.geometry;
    if (!geometry) return false;
    const extent = collectionExtent({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: null, geometry }] });
    return extent !== undefined && (extent[0] < bounds[0] || extent[1] < bounds[1] || extent[2] > bounds[2] || extent[3] > bounds[3]);
  });
  return index === -1 ? undefined : index + 1;
}

/**
 * The CRS of a collection. A named CRS (legacy GeoJSON `crs` member, FlatGeobuf header, or what the caller
 * declares) wins; without one, coordinates inside longitude/latitude range mean EPSG:4326 as RFC 7946 says.
 * Coordinates outside that range with no CRS named are an 'unknown-crs' error: guessing between UTM 32 and 33
 * would put the areas in the wrong place without a word.
 */
export function detectCrs(collection: FeatureCollection, source: string, declared?: string): string {
  const named = declared ?? legacyCrsName(collection, source);
  const extent = collectionExtent(collection);
  if (named !== undefined) {
    const code = supportedCrsCode(named, source);
    if (extent) assertPlausibleExtent(collection, extent, code, source);
    return code;
  }
  if (!extent || (extent[0] >= -180 && extent[2] <= 180 && extent[1] >= -90 && extent[3] <= 90)) return 'EPSG:4326';
  throw new SozialraumError(
    'unknown-crs',
    message(
      `the file names no coordinate reference system and its coordinates (x ${round(extent[0])}…${round(extent[2])}, ` +
        `y ${round(extent[1])}…${round(extent[3])}) are not longitude/latitude${firstOutside(collection, [-180, -90, 180, 90])}; ` +
        'declare the CRS (for example EPSG:25832 or EPSG:25833)',
      `die Datei nennt kein Koordinatenreferenzsystem, und ihre Koordinaten (x ${round(extent[0], 'de')}…${round(extent[2], 'de')}, ` +
        `y ${round(extent[1], 'de')}…${round(extent[3], 'de')}) sind keine geographischen Längen und Breiten${firstOutside(collection, [-180, -90, 180, 90], 'de')}; ` +
        'geben Sie das Koordinatenreferenzsystem an (zum Beispiel EPSG:25832 oder EPSG:25833)',
    ),
    { source },
  );
}

/** The name in a legacy `crs` member; a member whose name is neither text nor a number is an error, not silence. */
function legacyCrsName(collection: FeatureCollection, source: string): string | undefined {
  const crs = (collection as { crs?: unknown }).crs;
  if (crs === null || crs === undefined) return undefined;
  if (typeof crs === 'string') return crs;
  const properties = typeof crs === 'object' ? (crs as { properties?: unknown }).properties : undefined;
  const name = properties && typeof properties === 'object' ? ((properties as { name?: unknown }).name ?? (properties as { code?: unknown }).code) : undefined;
  if (typeof name === 'string' || typeof name === 'number') return String(name);
  // GeoJSON 2008 also allowed { "type": "link" } to a CRS file; such files are read by their coordinates, as before.
  if (typeof crs === 'object' && (crs as { type?: unknown }).type === 'link') return undefined;
  const found = name === undefined ? (JSON.stringify(crs)?.slice(0, 80) ?? String(crs)) : typeof name === 'object' ? 'an object' : String(name);
  const gefunden = typeof name === 'object' && name !== null ? 'ein Objekt' : found;
  throw new SozialraumError(
    'unknown-crs',
    message(
      `cannot read the coordinate reference system of its "crs" member (${found})`,
      `das Koordinatenreferenzsystem in ihrem Eintrag „crs“ ist nicht lesbar (${gefunden})`,
    ),
    { source },
  );
}

function assertPlausibleExtent(collection: FeatureCollection, extent: [number, number, number, number], code: string, source: string): void {
  const bounds = crsDefinition(code)!.bounds;
  if (extent[0] < bounds[0] || extent[1] < bounds[1] || extent[2] > bounds[2] || extent[3] > bounds[3]) {
    throw new SozialraumError(
      'implausible-coordinates',
      message(
        `coordinates x ${round(extent[0])}…${round(extent[2])}, y ${round(extent[1])}…${round(extent[3])} lie outside ` +
          `the valid range of ${code}${firstOutside(collection, bounds)}; the file may name the wrong CRS or have x and y swapped`,
        `die Koordinaten x ${round(extent[0], 'de')}…${round(extent[2], 'de')}, y ${round(extent[1], 'de')}…${round(extent[3], 'de')} liegen außerhalb ` +
          `des gültigen Bereichs von ${code}${firstOutside(collection, bounds, 'de')}; womöglich nennt die Datei das falsche Koordinatenreferenzsystem oder x und y sind vertauscht`,
      ),
      { source },
    );
  }
}

/**
 * Refuses areas in longitude/latitude under the name of a projected CRS. Every supported CRS but 4326 counts metres
 * from an origin far from the places it serves: a set of areas within ±180 by ±90 metres of it is degrees under the
 * wrong name, and read as named it would lie in the Gulf of Guinea. Points are not checked: a few hand-made points
 * may sit there, and points outside every area are reported by their aggregation.
 */
export function assertNotDegrees(collection: FeatureCollection, code: string, source: string): void {
  const extent = collectionExtent(collection);
  if (!extent) return;
  if (code !== 'EPSG:4326' && extent[0] >= -180 && extent[2] <= 180 && extent[1] >= -90 && extent[3] <= 90) {
    throw new SozialraumError(
      'implausible-coordinates',
      message(
        `coordinates x ${round(extent[0])}…${round(extent[2])}, y ${round(extent[1])}…${round(extent[3])} are longitude/latitude in degrees, ` +
          `not metres of ${code} as named; correct the CRS named in the file (or by "--crs" or "areas-crs"), or name EPSG:4326`,
        `die Koordinaten x ${round(extent[0], 'de')}…${round(extent[2], 'de')}, y ${round(extent[1], 'de')}…${round(extent[3], 'de')} sind geographische Längen und Breiten in Grad, ` +
          `keine Meter in ${code}, wie angegeben; berichtigen Sie das in der Datei (oder mit „--crs“ oder „areas-crs“) genannte Koordinatenreferenzsystem, oder geben Sie EPSG:4326 an`,
      ),
      { source },
    );
  }
}

/** ", first in feature 3", naming where an out-of-range coordinate sits when the file has more than one feature. */
function firstOutside(collection: FeatureCollection, bounds: readonly [number, number, number, number], language: Language = 'en'): string {
  if (collection.features.length < 2) return '';
  const feature = firstFeatureOutside(collection, bounds);
  if (feature === undefined) return '';
  return language === 'de' ? `, zuerst in Objekt ${feature}` : `, first in feature ${feature}`;
}

function round(value: number, language: Language = 'en'): string {
  const text = Math.abs(value) >= 1000 ? value.toFixed(0) : value.toFixed(4);
  return language === 'de' ? text.replace('-', '−').replace('.', ',') : text;
}

/** A new geometry with every position transformed; the input stays as it was. */
export function mapPositions<G extends Geometry>(geometry: G, transform: (position: Position) => Position): G {
  const line = (positions: Position[]) => positions.map(transform);
  switch (geometry.type) {
    case 'Point':
      return { ...geometry, coordinates: transform(geometry.coordinates) };
    case 'MultiPoint':
    case 'LineString':
      return { ...geometry, coordinates: line(geometry.coordinates) };
    case 'MultiLineString':
    case 'Polygon':
      return { ...geometry, coordinates: geometry.coordinates.map(line) };
    case 'MultiPolygon':
      return { ...geometry, coordinates: geometry.coordinates.map((polygon) => polygon.map(line)) };
    case 'GeometryCollection':
      return { ...geometry, geometries: geometry.geometries.map((part) => mapPositions(part, transform)) };
  }
  return geometry;
}

/** A function that carries one position from one supported CRS to another. */
export function transformer(from: string, to: string, source = 'reprojection'): (position: Position) => Position {
  assertSupportedCrs(from, source);
  assertSupportedCrs(to, source);
  if (from === to) return (position) => position;
  const converter = proj4(from, to);
  return (position) => {
    const [x, y] = converter.forward([position[0]!, position[1]!]);
    return position.length > 2 ? [x, y, ...position.slice(2)] : [x, y];
  };
}

/** The collection in another CRS; features, properties and order are kept, the legacy `crs` member is dropped. */
export function reprojectCollection<C extends FeatureCollection>(collection: C, from: string, to: string): C {
  const transform = transformer(from, to);
  const { crs: _legacy, ...rest } = collection as C & { crs?: unknown };
  return {
    ...rest,
    features: collection.features.map((feature) => (feature.geometry ? { ...feature, geometry: mapPositions(feature.geometry, transform) } : feature)),
  } as C;
}
