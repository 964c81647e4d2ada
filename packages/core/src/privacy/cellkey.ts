// The cell-key method (Cell-Key-Verfahren) for confidential counts: a perturbation table built from a maximum
// deviation D and a variance V, and the lookup that turns a count and its cell key into a perturbed count. The same
// records always give the same key, so the same count is always perturbed the same way, and two areas that differ
// by a few people differ by noise, not by the truth. The record keys come from a secret only the office holds; this
// module never sees it, only the keys (see the CLI's --secret).
import { SozialraumError, message } from '../errors.js';

/** Record keys are whole numbers below 2^32: a sum of them modulo 2^32 is exact in doubles, whatever the count. */
export const RECORD_KEY_RANGE = 2 ** 32;

/** The largest D accepted: noise beyond ±20 persons would swamp the small areas planners compare. */
export const MAX_DEVIATION_LIMIT = 20;

export interface PerturbationParameters {
  /** Maximum deviation: no count moves by more than this (a whole number from 1). */
  maxDeviation: number;
  /** Variance of the noise, above 0 and below D². Rows near the threshold get what their constraints allow. */
  variance: number;
  /**
   * [threshold=0] Perturbed counts never lie in 1 … threshold (the ptable's `js`): with a minimum count of 3 the
   * threshold is 2, so no published count is a 1 or a 2. D must be at least the threshold, so that a 1 can move to 0
   * or above the threshold.
   */
  threshold?: number;
}

/** One row of the table: for an original count, the noises and their probabilities, noise ascending. */
export interface PerturbationRow {
  noise: readonly number[];
  probability: readonly number[];
  /** The variance this row reaches; rows close to 0 and the threshold may not reach V. */
  variance: number;
}

export interface PerturbationTable {
  maxDeviation: number;
  variance: number;
  threshold: number;
  /** Rows for the original counts 0 … threshold + D; every larger count uses `general`. */
  rows: readonly PerturbationRow[];
  /** The row of every count above threshold + D: symmetric, unbiased, variance V. */
  general: PerturbationRow;
}

/**
 * Builds the perturbation table (ptable) by the maximum-entropy approach of Giessing (2016) that the sdcTools
 * package `ptable` implements: for each original count i, the transition probabilities to i + d (|d| ≤ D) are the
 * distribution of largest entropy with mean noise 0 (unbiased) and variance V, over the targets that are allowed:
 * not below 0, not in 1 … threshold. A 0 stays 0, since a cell nobody contributes to has no records to key.
 * Where the allowed targets cannot reach V (a 1 with threshold 2 can only go to 0 or 3), the row takes the variance
 * closest to V that keeps the noise unbiased.
 */
export function perturbationTable(parameters: PerturbationParameters): PerturbationTable {
  const { maxDeviation: D, variance: V } = parameters;
  const threshold = parameters.threshold ?? 0;
  if (!Number.isInteger(D) || D < 1 || D > MAX_DEVIATION_LIMIT) {
    throw new SozialraumError(
      'bad-number',
      message(
        `the maximum deviation D must be a whole number from 1 to ${MAX_DEVIATION_LIMIT}, not ${D}`,
        `die maximale Abweichung D muss eine ganze Zahl von 1 bis ${MAX_DEVIATION_LIMIT} sein, nicht ${D}`,
      ),
      { source: 'cell-key', column: 'D' },
    );
  }
  if (!Number.isInteger(threshold) || threshold < 0 || threshold > D) {
    throw new SozialraumError(
      'bad-number',
      message(
        `the maximum deviation D (${D}) must be at least the threshold ${threshold} (min-count − 1), so that a count of 1 can move to 0 or above it`,
        `die maximale Abweichung D (${D}) muss mindestens die Schwelle ${threshold} (Mindestfallzahl − 1) erreichen, damit eine 1 auf 0 oder darüber gehen kann`,
      ),
      { source: 'cell-key', column: 'D' },
    );
  }
  if (!(V > 0) || !(V < D * D)) {
    throw new SozialraumError(
      'bad-number',
      message(`the variance V must lie above 0 and below D² = ${D * D}, not ${V}`, `die Varianz V muss über 0 und unter D² = ${D * D} liegen, nicht ${V}`),
      { source: 'cell-key', column: 'V' },
    );
  }
  const rows: PerturbationRow[] = [{ noise: [0], probability: [1], variance: 0 }];
  for (let count = 1; count <= threshold + D; count += 1) {
    const noise: number[] = [];
    for (let d = -D; d <= D; d += 1) {
      const target = count + d;
      if (target === 0 || target > threshold) noise.push(d);
    }
    rows.push(maximumEntropyRow(noise, V));
  }
  const symmetric = Array.from({ length: 2 * D + 1 }, (_, index) => index - D);
  return { maxDeviation: D, variance: V, threshold, rows, general: maximumEntropyRow(symmetric, V) };
}

/**
 * The distribution over `noise` of largest entropy with mean 0 and variance `variance`: p(d) ∝ exp(a·d + b·d²),
 * with a and b found by Newton's method on the convex dual. Supports of two points have one unbiased distribution.
 */
function maximumEntropyRow(noise: readonly number[], variance: number): PerturbationRow {
  const below = noise.filter((d) => d < 0);
  const above = noise.filter((d) => d > 0);
  if (!noise.includes(0) && (below.length === 0 || above.length === 0)) throw new RangeError('no unbiased perturbation over these targets');
  if (below.length === 0 || above.length === 0) return { noise: [0], probability: [1], variance: 0 };
  // The unbiased two-point distributions bound the reachable variance: widest the outermost points, narrowest the
  // innermost (when 0 itself is not allowed).
  const twoPoint = (low: number, high: number): PerturbationRow => {
    const pHigh = -low / (high - low);
    return { noise: [low, high], probability: [1 - pHigh, pHigh], variance: -low * high };
  };
  const widest = twoPoint(below[0]!, above[above.length - 1]!);
  if (variance >= widest.variance - 1e-9) return expand(noise, widest);
  if (!noise.includes(0)) {
    const narrowest = twoPoint(below[below.length - 1]!, above[0]!);
    if (variance <= narrowest.variance + 1e-9) return expand(noise, narrowest);
  }
  let a = 0;
  let b = 0;
  const distribution = (x: number, y: number) => {
    const exponents = noise.map((d) => x * d + y * (d * d - variance));
    const top = Math.max(...exponents);
    const weights = exponents.map((e) => Math.exp(e - top));
    const total = weights.reduce((sum, w) => sum + w, 0);
    return weights.map((w) => w / total);
  };
  const dual = (x: number, y: number) => {
    const exponents = noise.map((d) => x * d + y * (d * d - variance));
    const top = Math.max(...exponents);
    return top + Math.log(exponents.reduce((sum, e) => sum + Math.exp(e - top), 0));
  };
  for (let iteration = 0; iteration < 200; iteration += 1) {
    const p = distribution(a, b);
    let m1 = 0;
    let m2 = 0;
    let m3 = 0;
    let m4 = 0;
    noise.forEach((d, index) => {
      const q = p[index]!;
      m1 += q * d;
      m2 += q * d * d;
      m3 += q * d * d * d;
      m4 += q * d * d * d * d;
    });
    const g1 = m1;
    const g2 = m2 - variance;
    if (Math.abs(g1) < 1e-13 && Math.abs(g2) < 1e-12) break;
    // Hessian: the covariance of (d, d²).
    const h11 = m2 - m1 * m1;
    const h12 = m3 - m1 * m2;
    const h22 = m4 - m2 * m2;
    const det = h11 * h22 - h12 * h12;
    let stepA = det > 1e-300 ? (h22 * g1 - h12 * g2) / det : g1;
    let stepB = det > 1e-300 ? (h11 * g2 - h12 * g1) / det : g2;
    // Backtracking keeps every step a descent of the dual.
    const current = dual(a, b);
    let scale = 1;
    while (scale > 1e-8 && dual(a - scale * stepA, b - scale * stepB) > current - 1e-4 * scale * (g1 * stepA + g2 * stepB)) scale /= 2;
    stepA *= scale;
    stepB *= scale;
    a -= stepA;
    b -= stepB;
  }
  const probability = distribution(a, b);
  const reached = noise.reduce((sum, d, index) => sum + probability[index]! * d * d, 0);
  return { noise: [...noise], probability, variance: reached };
}

/** A two-point row written over the row's whole support, with zeros where it puts nothing. */
function expand(noise: readonly number[], row: PerturbationRow): PerturbationRow {
  const probability = noise.map((d) => {
    const at = row.noise.indexOf(d);
    return at < 0 ? 0 : row.probability[at]!;
  });
  return { noise: [...noise], probability, variance: row.variance };
}

/**
 * The cell key of a set of records: the sum of their record keys modulo 1, here as whole numbers modulo 2^32
 * (exact in doubles), scaled to [0, 1). The same set gives the same key in any order.
 */
export function cellKey(recordKeys: Iterable<number>): number {
  let sum = 0;
  for (const key of recordKeys) sum = (sum + key) % RECORD_KEY_RANGE;
  return sum / RECORD_KEY_RANGE;
}

/**
 * The noise for an original count (a whole number from 0) and a cell key in [0, 1): the interval of the row's
 * cumulative probabilities the key falls in. Deterministic, so a repeated table repeats its noise.
 */
export function perturbationNoise(table: PerturbationTable, count: number, key: number): number {
  const row = count <= 0 ? table.rows[0]! : count < table.rows.length ? table.rows[count]! : table.general;
  let cumulative = 0;
  for (let index = 0; index < row.noise.length; index += 1) {
    cumulative += row.probability[index]!;
    if (key < cumulative) return row.noise[index]!;
  }
  // The last interval ends at 1 up to rounding; a key there takes the last noise with any weight.
  for (let index = row.noise.length - 1; index >= 0; index -= 1) if (row.probability[index]! > 0) return row.noise[index]!;
  return 0;
}

/**
 * A count perturbed by the cell-key method: rounded to a whole number first (areas take shares of grid cells), then
 * moved by the table's noise for its key. Never below 0, never in 1 … threshold.
 */
export function perturbCount(table: PerturbationTable, count: number, key: number): number {
  const whole = Math.max(0, Math.round(count));
  return whole + perturbationNoise(table, whole, key);
}
