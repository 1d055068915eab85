/**
 * The three distribution functions the survival statistics need, from @stdlib (a maintained
 * library whose implementations follow Cephes/Boost and agree with R's pnorm, qnorm and pchisq
 * to double precision). Kept in one place so every test statistic turns into a p-value the same
 * way R does it.
 */
import chisquareCdf from '@stdlib/stats-base-dists-chisquare-cdf';
import normalCdf from '@stdlib/stats-base-dists-normal-cdf';
import normalQuantile from '@stdlib/stats-base-dists-normal-quantile';

/**
 * Upper tail of the chi-square distribution, P(X >= x) for X ~ chi-square(df): R's
 * `pchisq(x, df, lower.tail = FALSE)`. With df = 0 the distribution is a point mass at 0 and the
 * answer is 1 (no difference could be tested). NaN in, NaN out.
 */
export function chiSquareUpperTail(x: number, df: number): number {
  if (Number.isNaN(x) || Number.isNaN(df)) return Number.NaN;
  if (df <= 0) return 1;
  if (x <= 0) return 1;
  return 1 - chisquareCdf(x, df);
}

/** Two-sided p-value of a standard normal statistic, 2 * P(Z >= |z|) = R's `2 * pnorm(-abs(z))`. */
export function normalTwoSidedP(z: number): number {
  if (Number.isNaN(z)) return Number.NaN;
  return 2 * normalCdf(-Math.abs(z), 0, 1);
}

/**
 * The standard normal quantile for a two-sided interval of the given confidence, z such that
 * P(-z < Z < z) = confidence: R's `qnorm(1 - (1 - conf.int) / 2)` (1.959964 for 0.95).
 * Throws a RangeError for a confidence outside (0, 1).
 */
export function twoSidedNormalQuantile(confidence: number): number {
  if (!(confidence > 0 && confidence < 1)) {
    throw new RangeError(`confidence must be between 0 and 1 (exclusive), got ${confidence}`);
  }
  return normalQuantile(1 - (1 - confidence) / 2, 0, 1);
}
