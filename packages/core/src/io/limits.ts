// Every bound the readers set on what they are given, in one place, so that a workbook and a Shapefile, the browser
// and the command line refuse the same input at the same size. Each limit is checked while reading and refused with a
// SozialraumError naming the file (and the part, row or request); nothing is cut off silently. The README's "Limits"
// table lists them with what a user sees.

/**
 * What the entries of one zip archive (a zipped Shapefile, an .xlsx or .ods workbook) may expand to together, counted
 * while inflating rather than taken from the headers a crafted archive lies in. One number for every zip: 256 MB is far
 * above any areas, facilities or indicator table an office holds (Berlin's 96 Ortsteile as a zipped Shapefile expand to
 * 0.6 MB, the MSS 2021 workbook of 542 Planungsräume to 0.26 MB), and it keeps a part below V8's longest string (about 512 million
 * characters), so that a workbook's XML can always be decoded as text in a browser tab instead of failing with an
 * engine error. The Shapefile reader allowed 512 MB before, which no Shapefile of planning areas comes near.
 */
export const ZIP_EXPANSION_LIMIT = 256 * 1024 * 1024;

/** Features a WFS or OGC API – Features service may send for one set of areas: a city has hundreds, not 50,000. */
export const SERVICE_MAX_FEATURES = 50_000;

/** Requests (pages) the areas of one service may take: at the usual 1,000 per page far more than 50,000 features need. */
export const SERVICE_MAX_PAGES = 200;

/** Rows and columns a repeat in an .ods sheet may fill with content: LibreOffice repeats empty rows to the sheet's end (a million). */
export const ODS_REPEAT_LIMIT = 10_000;

/** Nesting of lists and objects in GeoJSON: deeper than any GeoJSON (a MultiPolygon's positions sit 8 levels down), shallow enough to refuse at once. */
export const GEOJSON_MAX_DEPTH = 512;

/** Nesting of a GeoPackage's WKB geometries: beyond this is no geometry a planner has; a damaged collection would otherwise recurse until the stack ends. */
export const WKB_MAX_DEPTH = 8;

/** Bytes of a FlatGeobuf header: the limit the flatgeobuf library sets for one. */
export const FLATGEOBUF_MAX_HEADER_BYTES = 10 * 1024 * 1024;
