// The ledger of published areas: every area whose counts a run published, with its boundary, one JSON object a line,
// so that the differencing guard of a later run compares new areas with everything published before (--reference).
// A file that only grows: runs append, nothing is rewritten.
import type { MultiPolygon, Polygon } from 'geojson';
import { SozialraumError, message } from '../errors.js';
import type { AreaCollection, AreaFeature } from '../io/areas.js';
import { polygonProblem } from '../io/geojson.js';

/** The first line of every ledger. */
export const LEDGER_HEADER = { format: 'sozialraum-ledger', version: 1 } as const;

/** One published area. */
export interface LedgerEntry {
  /** When the run published it (ISO 8601). */
  run: string;
  /** The areas file it came from. */
  source: string;
  id: string;
  /** "EPSG:n" of the boundary. */
  crs: string;
  geometry: Polygon | MultiPolygon;
}

/** Whether the text starts like a ledger (rather than GeoJSON or FlatGeobuf areas). */
export function isLedger(text: string): boolean {
  const first = text
    .replace(/^\ufeff/, '')
    .split('\n', 1)[0]!
    .trim();
  try {
    const header = JSON.parse(first) as { format?: unknown };
    return header?.format === LEDGER_HEADER.format;
  } catch {
    return false;
  }
}

/**
 * The entries of a ledger. Anything that is not a ledger line (broken JSON, a missing id or CRS, a geometry that is
 * no polygon) stops the run with the line named: a guard that silently skipped part of what was published would
 * let a difference through.
 */
export function parseLedger(text: string, source: string): LedgerEntry[] {
  const lines = text.replace(/^\ufeff/, '').split('\n');
  const fail = (row: number, en: string, de: string): never => {
    throw new SozialraumError('parse-error', message(`is not a ledger of published areas: ${en}`, `ist kein Verzeichnis veröffentlichter Gebiete: ${de}`), {
      source,
      row,
    });
  };
  if (!isLedger(text)) fail(1, `the first line must be ${JSON.stringify(LEDGER_HEADER)}`, `die erste Zeile muss ${JSON.stringify(LEDGER_HEADER)} lauten`);
  const header = JSON.parse(lines[0]!.replace(/^\ufeff/, '')) as { version?: unknown };
  if (header.version !== LEDGER_HEADER.version)
    fail(
      1,
      `version ${String(header.version)} is not known (expected ${LEDGER_HEADER.version})`,
      `Version ${String(header.version)} ist unbekannt (erwartet ${LEDGER_HEADER.version})`,
    );
  const entries: LedgerEntry[] = [];
  lines.forEach((line, index) => {
    if (index === 0 || line.trim() === '') return;
    const row = index + 1;
    let value: Partial<LedgerEntry>;
    try {
      value = JSON.parse(line) as Partial<LedgerEntry>;
    } catch {
      return fail(row, 'the line is not JSON (cut off or edited by hand?)', 'die Zeile ist kein JSON (abgeschnitten oder von Hand geändert?)');
    }
    if (typeof value !== 'object' || value === null) return fail(row, 'the line is not an object', 'die Zeile ist kein Objekt');
    if (typeof value.id !== 'string' || value.id === '') return fail(row, 'the area has no id', 'das Gebiet hat keinen Schlüssel');
    if (typeof value.crs !== 'string' || !/^EPSG:\d+$/.test(value.crs))
      return fail(row, `the area ${value.id} has no CRS "EPSG:n"`, `das Gebiet ${value.id} hat kein Koordinatenreferenzsystem „EPSG:n“`);
    const geometry = value.geometry;
    if (!geometry || (geometry.type !== 'Polygon' && geometry.type !== 'MultiPolygon') || !Array.isArray(geometry.coordinates)) {
      return fail(row, `the area ${value.id} has no polygon`, `das Gebiet ${value.id} hat kein Polygon`);
    }
    const problem = polygonProblem(geometry);
    if (problem) return fail(row, `the area ${value.id}: ${problem.en}`, `das Gebiet ${value.id}: ${problem.de}`);
    entries.push({ run: String(value.run ?? ''), source: String(value.source ?? ''), id: value.id, crs: value.crs, geometry });
  });
  return entries;
}

/** The entries as area collections, one per CRS, for weighing on a grid. */
export function ledgerAreas(entries: readonly LedgerEntry[], source: string): AreaCollection[] {
  const byCrs = new Map<string, LedgerEntry[]>();
  for (const entry of entries) {
    const list = byCrs.get(entry.crs);
    if (list) list.push(entry);
    else byCrs.set(entry.crs, [entry]);
  }
  return [...byCrs].map(([crs, list]) => ({
    source,
    crs,
    idField: 'id',
    nameField: undefined,
    features: list.map((entry): AreaFeature => ({ type: 'Feature', properties: { id: entry.id }, geometry: entry.geometry }) as AreaFeature),
    ids: list.map((entry) => entry.id),
    issues: [],
  }));
}

/**
 * Ledger lines for the areas a run published (those with any count shown), leaving out any the ledger holds with
 * the same id and boundary already. Starts with the header when the ledger is new (`existing` undefined).
 */
export function ledgerLines(areas: AreaCollection, published: ReadonlySet<string>, existing: readonly LedgerEntry[] | undefined, run: string): string {
  const known = new Set((existing ?? []).map((entry) => `${entry.crs}\u0000${entry.id}\u0000${JSON.stringify(entry.geometry)}`));
  const lines = existing === undefined ? [JSON.stringify(LEDGER_HEADER)] : [];
  areas.features.forEach((feature, index) => {
    const id = areas.ids[index]!;
    if (!published.has(id)) return;
    const geometry = feature.geometry as Polygon | MultiPolygon;
    if (known.has(`${areas.crs}\u0000${id}\u0000${JSON.stringify(geometry)}`)) return;
    lines.push(JSON.stringify({ run, source: areas.source, id, crs: areas.crs, geometry }));
  });
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}
