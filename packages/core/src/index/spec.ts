// The index spec: one versioned JSON document that fully describes a composite social index, so that a published
// map can show its method and anyone can recompute it. The types here are the contract; see docs/index-spec.md.

import type { ClassificationSpec } from '../classify/classify.js';
import type { LocalisedText } from '../language.js';

export type { LocalisedText } from '../language.js';
export type { ClassificationSpec } from '../classify/classify.js';

/** Which end of an indicator means more need. */
export type NeedDirection = 'higher-is-need' | 'lower-is-need';

export interface IndicatorSpec {
  /** Column of the indicator table. */
  column: string;
  label?: LocalisedText;
  unit?: string;
  /** Reference date of the values, e.g. "2020-12-31". */
  date?: string;
  source?: string;
  /** [direction='higher-is-need'] Oriented values are standardised so that higher always means more need. */
  direction?: NeedDirection;
  /** [weight=1] Weight in a weighted mean (also within the domain's sub-index). */
  weight?: number;
  /** Id of the domain (Handlungsfeld) the indicator belongs to. */
  domain?: string;
  /** Cell values that mean "no value" in this column, e.g. [-9999] in the MSS tables. */
  missingValues?: number[];
  /**
   * Values written like missing-value codes (-9999, 99999, …) that are data in this column. Without it, such a value
   * far outside the others stops the index, since standardised as a number it would set the column's SD.
   */
  dataValues?: number[];
  /**
   * Column holding the numerator count, for showing absolute numbers next to the rate; on a level above, the rate is
   * recomputed from the summed numerator and denominator (see levels/aggregationFromSpec).
   */
  numerator?: string;
  /** Column holding the denominator count. */
  denominator?: string;
}

export interface DomainSpec {
  /** Id the indicators refer to, e.g. "arbeit". */
  id: string;
  label?: LocalisedText;
  /** [weight=1] Weight of the domain's sub-index in the overall index when domains are combined. */
  weight?: number;
}

/** Mean and standard deviation of one indicator in a reference year, for comparisons across years. */
export interface ReferenceValues {
  mean: number;
  sd: number;
}

export interface StandardisationSpec {
  /**
   * z-score: (x − mean) / SD; min-max: (x − min) / (max − min) in [0, 1]; percentile-rank: share of valid areas with
   * a lower value plus half the ties, in [0, 1]; none: the oriented raw value (for showing one indicator).
   */
  method: 'z-score' | 'min-max' | 'percentile-rank' | 'none';
  /** [sd='population'] z-score divides by n ('population') or n − 1 ('sample'). */
  sd?: 'population' | 'sample';
  /**
   * [reference='current'] Standardise against the current data, or against fixed values per column, taken from a base
   * year so that years can be compared: `{ mean, sd }` for z-score, `{ min, max }` for min-max.
   */
  reference?: 'current' | { fixed: Record<string, ReferenceValues | { min: number; max: number }> };
}

export interface CombinationSpec {
  /** How oriented, standardised values are combined: plain sum, mean, or mean weighted by the indicator weights. */
  method: 'sum' | 'mean' | 'weighted-mean';
  /**
   * [byDomain=false] Combine per domain first (sub-indices, with `method`), then combine the sub-indices with the
   * domain weights into the overall index.
   */
  byDomain?: boolean;
  /**
   * [restandardise=false] z-standardise the combined index again over the valid areas (as MSS does), with the SD kind
   * of `standardisation.sd`. Classes by standard deviation then lie at the SD multiples themselves.
   */
  restandardise?: boolean;
  /**
   * Mean and SD of the combined index (before re-standardisation) in a base year. With it, `restandardise` uses these
   * instead of the current data's, so that index values of different years share one scale. Only with
   * `restandardise`; written together with a fixed `standardisation.reference` by `referenceFromTable`.
   */
  indexReference?: ReferenceValues;
}

export interface ValiditySpec {
  /** Column with the population of each area. */
  populationColumn?: string;
  /** Areas with fewer inhabitants keep their row, flagged invalid, and take no part in means and SDs. */
  minPopulation?: number;
  /**
   * [missing='exclude-area'] A missing indicator value either makes the area invalid ('exclude-area') or drops that
   * indicator from the area's combination ('skip-indicator'); either is reported per area.
   */
  missing?: 'exclude-area' | 'skip-indicator';
}

export interface IndexSpec {
  /** Version of this schema; 1. */
  specVersion: 1;
  /** Short id, e.g. "mss-2021-status". */
  id: string;
  title: LocalisedText;
  description?: LocalisedText;
  /** Where the method comes from, e.g. the report it reproduces. */
  source?: string;
  indicators: IndicatorSpec[];
  domains?: DomainSpec[];
  standardisation: StandardisationSpec;
  combination: CombinationSpec;
  validity?: ValiditySpec;
  classification: ClassificationSpec;
  /** [direction='higher-is-need'] What a high index value means, for legends and ranks (rank 1 = most need). */
  direction?: NeedDirection;
}

export type AreaFlag = 'invalid' | 'missing' | 'suppressed' | 'estimated';

/** The result of one area (one table row). */
export interface AreaIndexResult {
  /** Area key, as text. */
  id: string;
  /** Line of the row in the table file. */
  row: number;
  /** Raw values per indicator column (null where missing). */
  values: Record<string, number | null>;
  /** Oriented, standardised value per indicator column (null where missing or the area is invalid). */
  z: Record<string, number | null>;
  /** Sub-index per domain id. */
  domains: Record<string, number | null>;
  index: number | null;
  /** Class number from 1 (lowest index values) up; null for invalid areas. */
  class: number | null;
  label: string | null;
  /** 1 = most need; ties share a rank. Null for invalid areas. */
  rank: number | null;
  flags: AreaFlag[];
  /** Why the area is flagged, in words: "EW 110 under 300", "S1 missing, skipped". */
  notes: string[];
}

export interface IndicatorStatistics {
  column: string;
  /** Number of valid areas with a value. */
  n: number;
  mean: number | null;
  sd: number | null;
  min: number | null;
  max: number | null;
}

export interface IndexClass {
  class: number;
  label: string;
  /** Lower and upper bound of the class in index values; null at the open ends. */
  min: number | null;
  max: number | null;
  minInclusive: boolean;
  maxInclusive: boolean;
  /** Number of areas in the class. */
  count: number;
}

export interface IndexResult {
  spec: IndexSpec;
  areas: AreaIndexResult[];
  statistics: IndicatorStatistics[];
  /** Mean and SD of the (final) index over the valid areas. */
  index: { n: number; mean: number | null; sd: number | null; min: number | null; max: number | null };
  classes: IndexClass[];
  /**
   * Findings about the computation as a whole, in words: an indicator that is the same in every valid area (its
   * z-values are 0), classes that ties merged, no valid area at all.
   */
  notes?: string[];
}
