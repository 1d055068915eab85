/**
 * Reliable and clinically significant change, after Jacobson & Truax (1991): "Clinical
 * significance: a statistical approach to defining meaningful change in psychotherapy research",
 * Journal of Consulting and Clinical Psychology 59(1), 12–19.
 *
 * For one person's score x1 before and x2 after, on a measure with reliability r_xx and the
 * standard deviation s1 of the clinical (pre-treatment) population:
 *
 *   SE     = s1 × √(1 − r_xx)          the standard error of measurement
 *   S_diff = √(2 × SE²)                 the standard error of the difference between two scores
 *   RCI    = (x2 − x1) / S_diff         the reliable change index
 *
 * |RCI| > 1.96 is change unlikely (p < .05) to come from measurement error alone: reliable change.
 *
 * Clinically significant change is the person's moving from the clinical population's range into
 * the functional (non-clinical) population's. With the clinical mean M1 and SD s1, and the
 * functional mean M0 and SD s0, the cut-off between the two (criterion c, the point the two
 * distributions' weighted means meet) is
 *
 *   c = (s0 × M1 + s1 × M0) / (s0 + s1)
 *
 * A person has RECOVERED when their change is reliable improvement and the later score is on the
 * functional side of c; IMPROVED when the improvement is reliable but they have not crossed c;
 * DETERIORATED when the change is reliable and for the worse; otherwise NO RELIABLE CHANGE.
 * Which way is better depends on the measure (`higherIsWorse`).
 */

export type Norms = {
  /** r_xx: the measure's published reliability (internal consistency or test-retest), 0–1 */
  reliability: number;
  /** M1 and s1: the clinical (pre-treatment) population */
  clinical: { mean: number; sd: number };
  /** M0 and s0: the functional (non-clinical) population */
  functional: { mean: number; sd: number };
  /** true when a higher score means more difficulty (improvement is a fall) */
  higherIsWorse: boolean;
};

/** 1.96: the two-tailed 5% point of the standard normal distribution. */
export const RELIABLE_Z = 1.96;

export type ChangeCategory = 'recovered' | 'improved' | 'no_reliable_change' | 'deteriorated';

export const CHANGE_LABELS: Record<ChangeCategory, string> = {
  recovered: 'Recovered: reliable and clinically significant improvement',
  improved: 'Reliably improved',
  no_reliable_change: 'No reliable change',
  deteriorated: 'Reliably deteriorated',
};

export type Change = {
  before: number;
  after: number;
  standardError: number;
  sDiff: number;
  rci: number;
  reliable: boolean;
  criterion: number;
  /** the later score is on the functional side of c */
  functionalAfter: boolean;
  category: ChangeCategory;
};

/** SE = s1 × √(1 − r_xx). */
export function standardError(norms: Norms): number {
  return norms.clinical.sd * Math.sqrt(1 - norms.reliability);
}

/** S_diff = √(2 × SE²). */
export function sDiff(norms: Norms): number {
  const se = standardError(norms);
  return Math.sqrt(2 * se * se);
}

/** RCI = (x2 − x1) / S_diff. */
export function reliableChangeIndex(before: number, after: number, norms: Norms): number {
  return (after - before) / sDiff(norms);
}

/** c = (s0 × M1 + s1 × M0) / (s0 + s1). */
export function criterionC(norms: Norms): number {
  const { clinical: c1, functional: c0 } = norms;
  return (c0.sd * c1.mean + c1.sd * c0.mean) / (c0.sd + c1.sd);
}

/** The change from one score to a later one, as Jacobson & Truax classify it. */
export function classifyChange(before: number, after: number, norms: Norms): Change {
  const se = standardError(norms);
  const diff = sDiff(norms);
  const rci = (after - before) / diff;
  const reliable = Math.abs(rci) > RELIABLE_Z;
  const improvement = norms.higherIsWorse ? rci < 0 : rci > 0;
  const c = criterionC(norms);
  const functionalAfter = norms.higherIsWorse ? after < c : after > c;
  const category: ChangeCategory = !reliable
    ? 'no_reliable_change'
    : !improvement
      ? 'deteriorated'
      : functionalAfter
        ? 'recovered'
        : 'improved';
  return {
    before,
    after,
    standardError: se,
    sDiff: diff,
    rci,
    reliable,
    criterion: c,
    functionalAfter,
    category,
  };
}
