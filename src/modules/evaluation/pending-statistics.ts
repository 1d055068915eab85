import type { KaplanMeier, SurvivalObservation } from './statistics/survival.js';

// TEMPORARY: the Cox model, the survival chart and numbers at risk come from the statistics
// helper's branch (statistics/cox.ts, chart.ts, survival.ts numbersAtRisk). Until they are merged
// the report says the model and the chart are not available. Replaced on merge.

export type CoxFit = {
  terms: { name: string; hazardRatio: number; lower: number; upper: number; p: number }[];
  n: number;
  events: number;
  converged: boolean;
};

/** Not yet available: null. */
export function coxOrNull(
  _obs: readonly (SurvivalObservation & { covariates: number[] })[],
  _names: readonly string[],
): CoxFit | null {
  return null;
}

/** Not yet available: null. */
export function chartOrNull(
  _curves: readonly { label: string; km: KaplanMeier }[],
  _options: { title: string; maxTime?: number; minAtRisk?: number; timeUnit?: string },
): string | null {
  return null;
}

/** Numbers at risk at each time: those whose time is at least t (from the curve's steps). */
export function atRisk(km: KaplanMeier, times: readonly number[]): number[] {
  return times.map((t) => {
    const next = km.steps.find((s) => s.time >= t);
    if (next) return next.atRisk;
    const last = km.steps[km.steps.length - 1];
    return last && t <= last.time ? last.atRisk : 0;
  });
}
