// The area profile (Steckbrief) as data: everything one printed page about one Sozialraum shows, computed by core so
// that an element, a portal printing all profiles, or the CLI only has to draw or write it.
import type { LocalisedText, NeedDirection } from '../index/spec.js';
import type { Language } from '../language.js';

/**
 * Why a number is not there; three different things a reader must not confuse: the data has no value (`missing`),
 * disclosure control holds it back (`withheld`), or it cannot exist (`not-applicable`, e.g. a rate of an area with no one
 * in its denominator). Null where the number is there.
 */
export type ProfileAbsence = 'missing' | 'withheld' | 'not-applicable';

/** How the city value of an indicator was formed, stated on the card. */
export type CityValueMethod =
  /** Σ numerators / Σ denominators over all areas (× the unit's scale), the rate of the city as a whole. */
  | 'ratio'
  /** Mean of the area values weighted by their population. */
  | 'population-weighted-mean'
  /** Plain mean of the area values. */
  | 'mean';

/** Five numbers that show where an area stands among all areas: the spine of the distribution. */
export interface ValueDistribution {
  min: number;
  q1: number;
  median: number;
  q3: number;
  max: number;
}

/** One year of an indicator of one area (or of the city). */
export interface SeriesPoint {
  year: number;
  /** The rate (or the value) in the indicator's unit; null where a count is missing or suppressed. */
  value: number | null;
  numerator: number | null;
  denominator: number | null;
}

/** The change from the first year with a value to the last. */
export interface SeriesChange {
  from: number;
  to: number;
  fromValue: number;
  toValue: number;
  /** toValue − fromValue, in the unit (percentage points for a %). */
  difference: number;
}

export interface ProfileIndicator {
  column: string;
  label: LocalisedText;
  unit: string;
  date?: string | undefined;
  source?: string | undefined;
  direction: NeedDirection;
  domain?: string | undefined;
  /** The area's value; null where it is missing or withheld (see `suppressed`). */
  value: number | null;
  /** The absolute numbers behind the rate, where the spec names them; null where withheld. */
  numerator: number | null;
  denominator: number | null;
  numeratorColumn?: string | undefined;
  denominatorColumn?: string | undefined;
  /** The value or a count behind it was withheld by disclosure control. */
  suppressed: boolean;
  /** Why `value` is null; null where it is there (absent in profiles made before it was said). */
  absence?: ProfileAbsence | null;
  /** The value comes from estimated or perturbed counts. */
  estimated: boolean;
  /** The value of the area's parent (see AreaProfile.parent); null where missing or withheld. */
  parentValue?: number | null | undefined;
  city: number | null;
  cityMethod: CityValueMethod;
  /** value − city, in the unit. */
  deviation: number | null;
  /** The oriented, standardised value of the index (higher = more need), when the indicator is part of one. */
  z: number | null;
  /** 1 = most need (direction-aware); equal values share a rank; null without a value. */
  rank: number | null;
  /** Number of areas with a value, among which `rank` is counted. */
  ranked: number;
  /** Share of the ranked areas with a smaller value, ties counted half (0 … 1): where the area stands on the spine. */
  percentile: number | null;
  distribution: ValueDistribution | null;
  /** One point per year when the table has years, oldest first; empty otherwise. */
  series: SeriesPoint[];
  /** The city's rate per year, for the same years. */
  citySeries: SeriesPoint[];
  change: SeriesChange | null;
}

export interface ProfileDomain {
  id: string;
  label: LocalisedText;
  /** The area's sub-index; null where the area is not rated. */
  value: number | null;
  /** Mean of the sub-index over the rated areas: the ring of the radar chart. */
  cityMean: number | null;
  /** Range of the sub-index over the rated areas, the scale of the radar chart. */
  min: number | null;
  max: number | null;
}

export interface ProfileFacilityType {
  type: string;
  label: LocalisedText;
  /** Facilities inside the area. */
  inside: number;
  /** Facilities inside the area or within `distance` metres of its boundary. */
  within: number;
  /**
   * Residents of the area (from the population grid) who live within `distance` of the nearest facility of the type,
   * and their share of the area's residents; null without a grid or where the count is withheld.
   */
  reachablePopulation: number | null;
  reachableShare: number | null;
  suppressed: boolean;
}

export interface ProfileFacilities {
  /** Straight-line distance in metres, measured in `crs`. */
  distance: number;
  crs: string;
  /** Residents of the area on the population grid; null without a grid. */
  gridPopulation: number | null;
  /** Where the grid population comes from, e.g. "Zensus 2011, 100-m-Gitter". */
  gridSource?: string | undefined;
  /** Grid counts are estimates (Zensus), and so are the reachable shares. */
  estimated: boolean;
  types: ProfileFacilityType[];
}

export interface ProfileIndex {
  title: LocalisedText;
  value: number | null;
  class: number | null;
  /** The class label, in both languages where the spec gives them. */
  label: LocalisedText | null;
  /** Labels of all classes, lowest index values first. */
  classLabels: LocalisedText[];
  rank: number | null;
  ranked: number;
  direction: NeedDirection;
}

/** Something a reader must know about the numbers, in structured form; the card puts it in words. */
export interface ProfileFlag {
  kind: 'suppressed' | 'estimated' | 'invalid' | 'missing';
  /** The columns concerned, where it is about columns. */
  columns: string[];
  /** Notes from the index or disclosure control, as they were written there. */
  notes: string[];
}

export interface ProfileCount {
  value: number | null;
  column: string;
  date?: string | undefined;
  suppressed: boolean;
  /** Why `value` is null: missing in the data or withheld; null where it is there (absent in older profiles). */
  absence?: ProfileAbsence | null;
  estimated: boolean;
}

/** Everything the profile card of one area shows, as plain data (JSON-safe): precompute it, print it, send it. */
export interface AreaProfile {
  id: string;
  name: string;
  /** Area in km², measured in an equal-area CRS (EPSG:3035); null when the area has no geometry. */
  areaKm2: number | null;
  population: ProfileCount | null;
  /** The year the values are of, when the table has years. */
  year?: number | undefined;
  /** The years of the time series, when the table has several. */
  years: number[];
  /** The area of the level above it (e.g. its Bezirksregion), whose values the indicators show beside the city's. */
  parent?: { label: string; id: string; name: string } | undefined;
  index: ProfileIndex | null;
  indicators: ProfileIndicator[];
  domains: ProfileDomain[];
  facilities: ProfileFacilities | null;
  flags: ProfileFlag[];
  /** The method card of the index in both languages (see describeIndexSpec). */
  method: { title: LocalisedText; sentences: Record<Language, string[]> } | null;
}
