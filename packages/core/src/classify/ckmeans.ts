// Ckmeans (optimal 1-D k-means, Wang & Song 2011) over sorted values in typed arrays: simple-statistics' algorithm and
// arithmetic step for step, so its classes are the same to the last bit, on Float64Array and Int32Array matrices
// instead of arrays of arrays (a third of the time of an index over 10,000 areas went to its matrices).

/** Within-cluster sum of squares of sorted[j..i] from the prefix sums (simple-statistics' ssq). */
function ssq(j: number, i: number, sums: Float64Array, sumsOfSquares: Float64Array): number {
  let sji: number;
  if (j > 0) {
    const muji = (sums[i]! - sums[j - 1]!) / (i - j + 1);
    sji = sumsOfSquares[i]! - sumsOfSquares[j - 1]! - (i - j + 1) * muji * muji;
  } else {
    sji = sumsOfSquares[i]! - (sums[i]! * sums[i]!) / (i + 1);
  }
  return sji < 0 ? 0 : sji;
}

/** One column of the dynamic programme by divide and conquer (simple-statistics' fillMatrixColumn). */
function fillMatrixColumn(
  iMin: number,
  iMax: number,
  cluster: number,
  matrix: Float64Array[],
  backtrack: Int32Array[],
  sums: Float64Array,
  sumsOfSquares: Float64Array,
): void {
  if (iMin > iMax) return;
  const i = Math.floor((iMin + iMax) / 2);
  const row = matrix[cluster]!;
  const previous = matrix[cluster - 1]!;
  const steps = backtrack[cluster]!;
  row[i] = previous[i - 1]!;
  steps[i] = i;
  let jlow = cluster;
  if (iMin > cluster) jlow = Math.max(jlow, steps[iMin - 1]!);
  jlow = Math.max(jlow, backtrack[cluster - 1]![i]!);
  let jhigh = i - 1;
  if (iMax < row.length - 1) jhigh = Math.min(jhigh, steps[iMax + 1]!);
  for (let j = jhigh; j >= jlow; j -= 1) {
    const sji = ssq(j, i, sums, sumsOfSquares);
    if (sji + previous[jlow - 1]! >= row[i]!) break;
    const sjlowi = ssq(jlow, i, sums, sumsOfSquares);
    const ssqjlow = sjlowi + previous[jlow - 1]!;
    if (ssqjlow < row[i]!) {
      row[i] = ssqjlow;
      steps[i] = jlow;
    }
    jlow += 1;
    const ssqj = sji + previous[j - 1]!;
    if (ssqj < row[i]!) {
      row[i] = ssqj;
      steps[i] = j;
    }
  }
  fillMatrixColumn(iMin, i - 1, cluster, matrix, backtrack, sums, sumsOfSquares);
  fillMatrixColumn(i + 1, iMax, cluster, matrix, backtrack, sums, sumsOfSquares);
}

/**
 * The upper bound (the last value) of each of the first `classes` − 1 clusters of the ascending values: the breaks of
 * simple-statistics' `ckmeans(sorted, classes)`. The values must hold at least two distinct ones and `classes` ≥ 2.
 */
export function ckmeansBreaks(sorted: ArrayLike<number>, classes: number): number[] {
  const n = sorted.length;
  const matrix = Array.from({ length: classes }, () => new Float64Array(n));
  const backtrack = Array.from({ length: classes }, () => new Int32Array(n));
  const shift = sorted[Math.floor(n / 2)]!;
  const sums = new Float64Array(n);
  const sumsOfSquares = new Float64Array(n);
  for (let i = 0; i < n; i += 1) {
    const shifted = sorted[i]! - shift;
    sums[i] = i === 0 ? shifted : sums[i - 1]! + shifted;
    sumsOfSquares[i] = i === 0 ? shifted * shifted : sumsOfSquares[i - 1]! + shifted * shifted;
    matrix[0]![i] = ssq(0, i, sums, sumsOfSquares);
  }
  for (let cluster = 1; cluster < classes; cluster += 1) {
    const iMin = cluster < classes - 1 ? cluster : n - 1;
    fillMatrixColumn(iMin, n - 1, cluster, matrix, backtrack, sums, sumsOfSquares);
  }
  const breaks = new Array<number>(classes - 1);
  let right = n - 1;
  for (let cluster = classes - 1; cluster > 0; cluster -= 1) {
    const left = backtrack[cluster]![right]!;
    right = left - 1;
    breaks[cluster - 1] = sorted[right]!;
  }
  return breaks;
}
