/**
 * The Cox proportional hazards model with Efron's handling of tied event times, fitted by
 * Newton-Raphson exactly as R's `coxph(..., ties = "efron")` (survival 3.5, C routine coxfit6):
 * the same start (all coefficients 0), step-halving, convergence test, treatment of a singular
 * information matrix, and warning for coefficients that may be infinite.
 *
 * Sources: D. R. Cox, Regression models and life-tables, JRSS B 34 (1972) 187-220; B. Efron,
 * The efficiency of Cox's likelihood function for censored data, JASA 72 (1977) 557-565;
 * T. M. Therneau and P. M. Grambsch, Modeling Survival Data (Springer 2000), §3.2-3.3 (Efron
 * approximation, its score and information); J. P. Klein and M. L. Moeschberger, Survival
 * Analysis, 2nd ed. (Springer 2003), §8.4 (ties); Kalbfleisch and Prentice (2002), §4.2;
 * R's documentation of coxph, coxph.control and coxph.object.
 */
import { chiSquareUpperTail, normalTwoSidedP, twoSidedNormalQuantile } from './distributions.js';
import { orderByTime } from './ordering.js';

/** One person: follow-up time in days, whether the event happened, and their covariate values. */
export type CoxObservation = { time: number; event: boolean; covariates: readonly number[] };

/**
 * One covariate's estimate: log hazard ratio (coefficient) with its standard error, the hazard
 * ratio exp(coefficient) with its Wald confidence interval exp(coef -/+ z se), and the Wald test
 * z = coef / se with its two-sided p-value. NaN throughout for a covariate that is a linear
 * combination of the others (R reports NA: "singular design").
 */
export type CoxTerm = {
  name: string;
  coefficient: number;
  standardError: number;
  hazardRatio: number;
  lower: number;
  upper: number;
  z: number;
  p: number;
};

/**
 * A fitted model: the terms in the order of `names`, the partial log-likelihood at the estimate
 * and at all coefficients 0 (R's loglik[2] and loglik[1]), the Newton-Raphson iterations used,
 * whether the fit converged to finite estimates, and the numbers of people and events.
 * converged is false when the iterations ran out or when, as R warns "Loglik converged before
 * variable ...; coefficient may be infinite", a covariate separates the events (monotone
 * likelihood): such estimates must not be reported as if meaningful.
 */
export type CoxModel = {
  terms: CoxTerm[];
  logLikelihood: number;
  nullLogLikelihood: number;
  iterations: number;
  converged: boolean;
  n: number;
  events: number;
  /** the likelihood-ratio test of all coefficients 0: 2 (loglik - null loglik) on df = fitted terms */
  likelihoodRatio?: ChiSquareTest;
  /**
   * the score (log-rank) test of all coefficients 0: U(0)' I(0)^-1 U(0), R's fit$score; with one
   * binary covariate and no tied times it is the log-rank statistic
   */
  scoreTest?: ChiSquareTest;
};

/** A chi-square test: statistic, degrees of freedom and upper-tail p-value. */
export type ChiSquareTest = { statistic: number; df: number; p: number };

/** coxph.control defaults: eps = 1e-9, toler.chol = eps^0.75, iter.max = 20, toler.inf = sqrt(eps). */
const EPS = 1e-9;
const TOLER_CHOL = Number.EPSILON ** 0.75;
const TOLER_INF = Math.sqrt(EPS);

type Fit = { loglik: number; score: number[]; information: number[][] };

/**
 * The Efron partial log-likelihood, its score vector and information matrix at `beta`
 * (Therneau & Grambsch 2000, §3.3; Efron 1977). With risk scores r_i = exp(x_i' beta), at each
 * distinct event time with d events (set D) and risk set R (time >= t), for k = 0..d-1 and
 * f = k / d:
 *   S0_k = sum_R r_i - f sum_D r_i,  S1_k = sum_R r_i x_i - f sum_D r_i x_i,
 *   S2_k = sum_R r_i x_i x_i' - f sum_D r_i x_i x_i';
 *   loglik += sum_D x_i' beta - sum_k log S0_k,
 *   score  += sum_D x_i - sum_k S1_k / S0_k,
 *   information += sum_k (S2_k / S0_k - S1_k S1_k' / S0_k^2).
 * `x` is centred (which leaves all three unchanged) and the risk scores are computed relative to
 * the largest linear predictor so that exp() cannot overflow.
 */
function efron(data: CoxData, beta: readonly number[]): Fit {
  const { x, times, events, order, p } = data;
  const n = times.length;
  const eta = new Float64Array(n);
  let shift = 0;
  for (let i = 0; i < n; i++) {
    let e = 0;
    for (let j = 0; j < p; j++) e += (x[i * p + j] ?? 0) * (beta[j] ?? 0);
    eta[i] = e;
    if (Number.isFinite(e) && e > shift) shift = e;
  }
  let loglik = 0;
  const score = new Float64Array(p);
  const information = new Float64Array(p * p);
  let s0 = 0;
  const s1 = new Float64Array(p);
  const s2 = new Float64Array(p * p);
  const d1 = new Float64Array(p);
  const d2 = new Float64Array(p * p);
  const mean = new Float64Array(p);
  let k = 0;
  while (k < n) {
    const t = times[order[k] ?? 0] ?? 0;
    let d = 0;
    let d0 = 0;
    d1.fill(0);
    d2.fill(0);
    // everyone with this time joins the risk set; the events among them form D
    while (k < n && times[order[k] ?? 0] === t) {
      const i = order[k] ?? 0;
      const r = Math.exp((eta[i] ?? 0) - shift);
      const base = i * p;
      s0 += r;
      for (let a = 0; a < p; a++) {
        const xa = x[base + a] ?? 0;
        s1[a] = (s1[a] ?? 0) + r * xa;
        for (let b = 0; b <= a; b++) s2[a * p + b] = (s2[a * p + b] ?? 0) + r * xa * (x[base + b] ?? 0);
      }
      if (events[i]) {
        d += 1;
        d0 += r;
        loglik += (eta[i] ?? 0) - shift;
        for (let a = 0; a < p; a++) {
          const xa = x[base + a] ?? 0;
          score[a] = (score[a] ?? 0) + xa;
          d1[a] = (d1[a] ?? 0) + r * xa;
          for (let b = 0; b <= a; b++) d2[a * p + b] = (d2[a * p + b] ?? 0) + r * xa * (x[base + b] ?? 0);
        }
      }
      k += 1;
    }
    for (let m = 0; m < d; m++) {
      const f = m / d;
      const denom = s0 - f * d0;
      loglik -= Math.log(denom);
      for (let a = 0; a < p; a++) mean[a] = ((s1[a] ?? 0) - f * (d1[a] ?? 0)) / denom;
      for (let a = 0; a < p; a++) {
        score[a] = (score[a] ?? 0) - (mean[a] ?? 0);
        for (let b = 0; b <= a; b++) {
          const second = ((s2[a * p + b] ?? 0) - f * (d2[a * p + b] ?? 0)) / denom;
          information[a * p + b] = (information[a * p + b] ?? 0) + second - (mean[a] ?? 0) * (mean[b] ?? 0);
        }
      }
    }
  }
  const info = Array.from({ length: p }, (_, a) =>
    Array.from({ length: p }, (_, b) => information[a >= b ? a * p + b : b * p + a] ?? 0),
  );
  return { loglik, score: [...score], information: info };
}

/** The data of a fit, prepared once: centred covariates row by row, times, events, time order. */
type CoxData = {
  /** n x p covariates, centred, row-major */
  x: Float64Array;
  times: Float64Array;
  events: Uint8Array;
  /** indices by decreasing time */
  order: Uint32Array;
  p: number;
};

/**
 * R's cholesky2 (survival/src/cholesky2.c): an LDL' decomposition that treats a pivot below
 * toler * (largest diagonal) as zero, marking that column as aliased (a linear combination of
 * the earlier ones). Returns which columns are aliased.
 */
function aliasedColumns(matrix: readonly (readonly number[])[], toler: number): boolean[] {
  const n = matrix.length;
  const m = matrix.map((row) => [...row]);
  let eps = 0;
  for (let i = 0; i < n; i++) eps = Math.max(eps, m[i]?.[i] ?? 0);
  eps = eps === 0 ? toler : eps * toler;
  const aliased = Array.from({ length: n }, () => false);
  for (let i = 0; i < n; i++) {
    const pivot = m[i]?.[i] ?? 0;
    if (!Number.isFinite(pivot) || pivot < eps) {
      aliased[i] = true;
      continue;
    }
    for (let j = i + 1; j < n; j++) {
      const rowJ = m[j] ?? [];
      const temp = (rowJ[i] ?? 0) / pivot;
      rowJ[i] = temp;
      rowJ[j] = (rowJ[j] ?? 0) - temp * temp * pivot;
      for (let k = j + 1; k < n; k++) {
        const rowK = m[k] ?? [];
        rowK[j] = (rowK[j] ?? 0) - temp * (rowK[i] ?? 0);
      }
    }
  }
  return aliased;
}

/**
 * The inverse of the information matrix over the columns that are not aliased (0 in aliased
 * rows and columns, as R's chinv2 leaves them), by Gauss-Jordan elimination.
 */
function inverseOnKept(matrix: readonly (readonly number[])[], aliased: readonly boolean[]): number[][] {
  const n = matrix.length;
  const kept = aliased.map((a, i) => (a ? -1 : i)).filter((i) => i >= 0);
  const sub = kept.map((i) => kept.map((j) => matrix[i]?.[j] ?? 0));
  const m = sub.map((row, i) => [...row, ...kept.map((_, j) => (i === j ? 1 : 0))]);
  const size = kept.length;
  for (let col = 0; col < size; col++) {
    let pivot = col;
    for (let r = col + 1; r < size; r++) {
      if (Math.abs(m[r]?.[col] ?? 0) > Math.abs(m[pivot]?.[col] ?? 0)) pivot = r;
    }
    [m[col], m[pivot]] = [m[pivot] ?? [], m[col] ?? []];
    const prow = m[col] ?? [];
    const pv = prow[col] ?? 1;
    for (let c = 0; c < 2 * size; c++) prow[c] = (prow[c] ?? 0) / pv;
    for (let r = 0; r < size; r++) {
      if (r === col) continue;
      const row = m[r] ?? [];
      const f = row[col] ?? 0;
      if (f === 0) continue;
      for (let c = 0; c < 2 * size; c++) row[c] = (row[c] ?? 0) - f * (prow[c] ?? 0);
    }
  }
  const inverse = Array.from({ length: n }, () => Array.from({ length: n }, () => 0));
  kept.forEach((i, a) => {
    kept.forEach((j, b) => {
      const row = inverse[i] ?? [];
      row[j] = m[a]?.[size + b] ?? 0;
    });
  });
  return inverse;
}

function multiply(matrix: readonly (readonly number[])[], vector: readonly number[]): number[] {
  return matrix.map((row) => row.reduce((acc, v, j) => acc + v * (vector[j] ?? 0), 0));
}

function validate(observations: readonly CoxObservation[], names: readonly string[]): void {
  observations.forEach((o, i) => {
    if (!Number.isFinite(o.time) || o.time < 0) {
      throw new RangeError(`observation ${i}: time must be a finite number of days >= 0, got ${o.time}`);
    }
    if (o.covariates.length !== names.length) {
      throw new RangeError(`observation ${i}: ${o.covariates.length} covariates for ${names.length} names`);
    }
    if (!o.covariates.every(Number.isFinite)) {
      throw new RangeError(`observation ${i}: covariates must be finite numbers`);
    }
  });
}

/**
 * Fits the Cox proportional hazards model h(t | x) = h0(t) exp(x' beta) by maximising Efron's
 * partial likelihood with Newton-Raphson, as R's
 * `coxph(Surv(time, event) ~ x1 + x2 + ..., ties = "efron")` (coxfit6):
 * - start at beta = 0 (the null log-likelihood is the value there);
 * - step beta_new = beta + I(beta)^-1 U(beta); if the log-likelihood falls, halve the step
 *   instead (step-halving) and try again;
 * - converged when |1 - loglik_old / loglik_new| <= 1e-9 after a full step (coxph.control eps);
 * - standard errors from the inverse information at the estimate; Wald z = coef / se,
 *   p = 2 P(Z >= |z|), hazard ratio interval exp(coef -/+ q se) with q the normal quantile for
 *   `confidence` (default 0.95);
 * - a covariate aliased by the others (singular information, R's cholesky2 with tolerance
 *   eps^0.75) gets NaN where R shows NA, the others are fitted as usual;
 * - converged is false when `maxIterations` (default 20, R's iter.max) ran out, or when at the
 *   estimate a further Newton step I^-1 U would still move a coefficient by more than
 *   max(1e-9, sqrt(1e-9) |coef|) (R's toler.inf test for infinite coefficients, typical of a
 *   covariate that perfectly separates those with and without events).
 * No events (or no observations) gives NaN terms, log-likelihoods 0 and converged false.
 * Throws a RangeError for a bad time or a covariate vector of the wrong length or non-finite.
 */
export function coxProportionalHazards(
  observations: readonly CoxObservation[],
  names: readonly string[],
  options: { confidence?: number; maxIterations?: number } = {},
): CoxModel {
  validate(observations, names);
  const q = twoSidedNormalQuantile(options.confidence ?? 0.95);
  const maxIterations = options.maxIterations ?? 20;
  const p = names.length;
  const n = observations.length;
  const eventCount = observations.filter((o) => o.event).length;
  const nanTerm = (name: string): CoxTerm => ({
    name,
    coefficient: Number.NaN,
    standardError: Number.NaN,
    hazardRatio: Number.NaN,
    lower: Number.NaN,
    upper: Number.NaN,
    z: Number.NaN,
    p: Number.NaN,
  });
  if (eventCount === 0 || p === 0) {
    return {
      terms: names.map(nanTerm),
      logLikelihood: 0,
      nullLogLikelihood: 0,
      iterations: 0,
      converged: false,
      n,
      events: eventCount,
    };
  }
  const means = names.map((_, j) => observations.reduce((acc, o) => acc + (o.covariates[j] ?? 0), 0) / n);
  const x = new Float64Array(n * p);
  observations.forEach((o, i) => o.covariates.forEach((v, j) => (x[i * p + j] = v - (means[j] ?? 0))));
  const times = Float64Array.from(observations, (o) => o.time);
  const events = Uint8Array.from(observations, (o) => (o.event ? 1 : 0));
  const order = orderByTime(times).order.reverse();
  const data: CoxData = { x, times, events, order, p };
  const at = (b: readonly number[]) => efron(data, b);
  const newtonStep = (fit: Fit) => {
    const aliased = aliasedColumns(fit.information, TOLER_CHOL);
    return { aliased, step: multiply(inverseOnKept(fit.information, aliased), fit.score) };
  };

  let beta = names.map(() => 0);
  const start = at(beta);
  const nullLogLikelihood = start.loglik;
  let loglik = start.loglik;
  const firstStep = newtonStep(start);
  const scoreStatistic = firstStep.step.reduce((acc, v, j) => acc + v * (start.score[j] ?? 0), 0);
  let newBeta = beta.map((b, j) => b + (firstStep.step[j] ?? 0));
  let halving = false;
  let iterations = 0;
  let converged = false;
  let fit = start;
  for (iterations = 1; iterations <= maxIterations; iterations++) {
    fit = at(newBeta);
    const newLoglik = fit.loglik;
    if (!halving && Number.isFinite(newLoglik) && Math.abs(1 - loglik / newLoglik) <= EPS) {
      converged = true;
      loglik = newLoglik;
      break;
    }
    if (iterations === maxIterations) break;
    if (!Number.isFinite(newLoglik) || newLoglik < loglik) {
      halving = true;
      newBeta = newBeta.map((b, j) => (b + (beta[j] ?? 0)) / 2);
    } else {
      halving = false;
      loglik = newLoglik;
      const { step } = newtonStep(fit);
      beta = newBeta;
      newBeta = newBeta.map((b, j) => b + (step[j] ?? 0));
    }
  }
  if (!converged) {
    loglik = fit.loglik;
    iterations = Math.min(iterations, maxIterations);
  }
  const { aliased, step } = newtonStep(fit);
  const variance = inverseOnKept(fit.information, aliased);
  const infinite = newBeta.some((b, j) => {
    const move = Math.abs(step[j] ?? 0);
    return !aliased[j] && move > EPS && move > TOLER_INF * Math.abs(b);
  });
  const terms = names.map((name, j): CoxTerm => {
    if (aliased[j]) return nanTerm(name);
    const coefficient = newBeta[j] ?? Number.NaN;
    const standardError = Math.sqrt(variance[j]?.[j] ?? Number.NaN);
    const z = coefficient / standardError;
    return {
      name,
      coefficient,
      standardError,
      hazardRatio: Math.exp(coefficient),
      lower: Math.exp(coefficient - q * standardError),
      upper: Math.exp(coefficient + q * standardError),
      z,
      p: normalTwoSidedP(z),
    };
  });
  const df = aliased.filter((a) => !a).length;
  const lr = 2 * (loglik - nullLogLikelihood);
  return {
    terms,
    logLikelihood: loglik,
    nullLogLikelihood,
    iterations,
    converged: converged && !infinite,
    n,
    events: eventCount,
    likelihoodRatio: { statistic: lr, df, p: chiSquareUpperTail(lr, df) },
    scoreTest: { statistic: scoreStatistic, df, p: chiSquareUpperTail(scoreStatistic, df) },
  };
}
