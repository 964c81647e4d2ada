// The change per area between two computed years of an index: index, standardised indicators, sub-indices and class.
import type { IndexResult } from './spec.js';

/** The change of one area from the earlier to the later year; null where either year has no value. */
export interface AreaChange {
  id: string;
  /** Later minus earlier index value. */
  index: number | null;
  /** Later minus earlier oriented, standardised value per indicator column both years have. */
  z: Record<string, number | null>;
  /** Later minus earlier sub-index per domain both years have. */
  domains: Record<string, number | null>;
  classFrom: number | null;
  classTo: number | null;
  /** Later minus earlier class number; 0 when the area stayed in its class. */
  classChange: number | null;
  labelFrom: string | null;
  labelTo: string | null;
}

export interface IndexDynamics {
  /** One entry per area in both years, in the later year's order. */
  areas: AreaChange[];
  /** Areas of only one of the two years (e.g. after a boundary change; carry them with a crosswalk first). */
  onlyEarlier: string[];
  onlyLater: string[];
  /** What limits the comparison, in words: no shared fixed reference, differing indicators or classes. */
  notes: string[];
}

/**
 * The change per area between two index results of the same spec for two years. The differences are meaningful when
 * both years were measured on one fixed reference (a base year's means and SDs); without one, each year's values are
 * relative to that year's own distribution, which a note says.
 */
export function indexDynamics(earlier: IndexResult, later: IndexResult): IndexDynamics {
  const notes: string[] = [];
  const fixed = (result: IndexResult) => JSON.stringify(result.spec.standardisation.reference ?? 'current');
  if (later.spec.standardisation.reference === undefined || later.spec.standardisation.reference === 'current' || fixed(earlier) !== fixed(later)) {
    notes.push("the two years are not measured on the same fixed reference, so the differences mix real change with the change of each year's own mean and SD");
  }
  const earlierColumns = earlier.spec.indicators.map((indicator) => indicator.column);
  const columns = later.spec.indicators.map((indicator) => indicator.column).filter((column) => earlierColumns.includes(column));
  const differing = [...new Set([...earlierColumns, ...later.spec.indicators.map((indicator) => indicator.column)])].filter(
    (column) => !columns.includes(column),
  );
  if (differing.length > 0) notes.push(`only one of the years has the indicators ${differing.join(', ')}; the index values are not comparable`);
  if (earlier.classes.length !== later.classes.length)
    notes.push(`the years have ${earlier.classes.length} and ${later.classes.length} classes; class changes are not comparable`);
  const domainIds = (later.spec.domains ?? []).map((domain) => domain.id).filter((id) => (earlier.spec.domains ?? []).some((domain) => domain.id === id));

  const before = new Map(earlier.areas.map((area) => [area.id, area]));
  const laterIds = new Set(later.areas.map((area) => area.id));
  const areas: AreaChange[] = [];
  for (const area of later.areas) {
    const from = before.get(area.id);
    if (!from) continue;
    const z: Record<string, number | null> = {};
    for (const column of columns) z[column] = difference(from.z[column], area.z[column]);
    const domains: Record<string, number | null> = {};
    for (const id of domainIds) domains[id] = difference(from.domains[id], area.domains[id]);
    areas.push({
      id: area.id,
      index: difference(from.index, area.index),
      z,
      domains,
      classFrom: from.class,
      classTo: area.class,
      classChange: from.class === null || area.class === null ? null : area.class - from.class,
      labelFrom: from.label,
      labelTo: area.label,
    });
  }
  return {
    areas,
    onlyEarlier: earlier.areas.filter((area) => !laterIds.has(area.id)).map((area) => area.id),
    onlyLater: later.areas.filter((area) => !before.has(area.id)).map((area) => area.id),
    notes,
  };
}

function difference(from: number | null | undefined, to: number | null | undefined): number | null {
  if (from === null || from === undefined || to === null || to === undefined) return null;
  const change = to - from;
  return change === 0 ? 0 : change;
}
