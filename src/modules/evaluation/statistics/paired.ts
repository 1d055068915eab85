/**
 * Tests for paired categorical data: the same people rated twice (first and latest risk rating
 * per domain), cross-tabulated as table[first][latest].
 *
 * Sources: Q. McNemar, Note on the sampling error of the difference between correlated
 * proportions or percentages, Psychometrika 12 (1947) 153-157; A. H. Bowker, A test for symmetry
 * in contingency tables, JASA 43 (1948) 572-574; A. Agresti, Categorical Data Analysis, 2nd ed.
 * (Wiley 2002), §10.1 and §10.4; R's mcnemar.test documentation.
 */
import { chiSquareUpperTail } from './distributions.js';

/** A chi-square test result: the statistic, its degrees of freedom and the upper-tail p-value. */
export type PairedTest = { statistic: number; df: number; p: number };

/** Checks the table is square with counts (finite numbers >= 0); throws a RangeError if not. */
function validateSquare(table: readonly (readonly number[])[], size?: number): void {
  const k = table.length;
  if (size !== undefined && k !== size) throw new RangeError(`the table must be ${size} x ${size}`);
  table.forEach((row, i) => {
    if (row.length !== k) throw new RangeError(`row ${i} has ${row.length} cells; the table must be square`);
    row.forEach((v, j) => {
      if (!Number.isFinite(v) || v < 0)
        throw new RangeError(`cell [${i}][${j}] must be a count >= 0, got ${v}`);
    });
  });
}

function cell(table: readonly (readonly number[])[], i: number, j: number): number {
  return table[i]?.[j] ?? 0;
}

/**
 * McNemar's test with continuity correction on a 2 x 2 table of paired outcomes: R's
 * `mcnemar.test(table, correct = TRUE)`. With b = table[0][1] and c = table[1][0] (the
 * discordant pairs),
 *   statistic = (|b - c| - 1)^2 / (b + c)  (0 when b = c, as R),  df = 1,
 *   p = P(chi-square(1) >= statistic)
 * (McNemar 1947; Agresti 2002, §10.1.3, with Edwards' correction). Null when b + c = 0: no pair
 * changed, so there is nothing to test (R gives NaN). Throws a RangeError unless 2 x 2 counts.
 */
export function mcnemar(table: readonly (readonly number[])[]): PairedTest | null {
  validateSquare(table, 2);
  const b = cell(table, 0, 1);
  const c = cell(table, 1, 0);
  if (b + c === 0) return null;
  const statistic = b === c ? 0 : (Math.abs(b - c) - 1) ** 2 / (b + c);
  return { statistic, df: 1, p: chiSquareUpperTail(statistic, 1) };
}

/**
 * Bowker's test of symmetry on a k x k table of paired ratings (k >= 2): R's `mcnemar.test` on
 * a k x k table (no continuity correction for k > 2). Over the pairs of cells i < j,
 *   statistic = sum of (n_ij - n_ji)^2 / (n_ij + n_ji),  df = number of pairs,
 *   p = P(chi-square(df) >= statistic)
 * (Bowker 1948; Agresti 2002, §10.4.1). A pair with no counts (n_ij + n_ji = 0) carries no
 * information and is left out of the sum and of df (R would give NaN for the whole test); null
 * when no pair has counts. For a 2 x 2 table this is McNemar's test without the correction.
 * Throws a RangeError unless a square table of counts of at least 2 x 2.
 */
export function bowker(table: readonly (readonly number[])[]): PairedTest | null {
  validateSquare(table);
  if (table.length < 2) throw new RangeError('the table must be at least 2 x 2');
  let statistic = 0;
  let df = 0;
  for (let i = 0; i < table.length; i++) {
    for (let j = i + 1; j < table.length; j++) {
      const sum = cell(table, i, j) + cell(table, j, i);
      if (sum === 0) continue;
      statistic += (cell(table, i, j) - cell(table, j, i)) ** 2 / sum;
      df += 1;
    }
  }
  if (df === 0) return null;
  return { statistic, df, p: chiSquareUpperTail(statistic, df) };
}
