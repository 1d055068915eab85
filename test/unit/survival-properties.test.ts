import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { survivalChartSvg } from '../../src/modules/evaluation/statistics/chart.js';
import { coxProportionalHazards } from '../../src/modules/evaluation/statistics/cox.js';
import { bowker, mcnemar } from '../../src/modules/evaluation/statistics/paired.js';
import {
  kaplanMeier,
  logRank,
  stratifiedLogRank,
  survivalAt,
} from '../../src/modules/evaluation/statistics/survival.js';

/** Follow-up in whole days with many ties, as the evaluation's data has. */
const observation = fc.record({ time: fc.integer({ min: 0, max: 60 }), event: fc.boolean() });
const observations = fc.array(observation, { maxLength: 80 });
const confidence = fc.constantFrom(0.8, 0.9, 0.95, 0.99);

describe('Kaplan-Meier properties on random follow-up', () => {
  it('survival is non-increasing, within [0, 1], and inside its interval', () => {
    fc.assert(
      fc.property(observations, confidence, (obs, conf) => {
        const km = kaplanMeier(obs, { confidence: conf });
        let previous = 1;
        for (const s of km.steps) {
          expect(s.survival).toBeGreaterThanOrEqual(0);
          expect(s.survival).toBeLessThanOrEqual(previous);
          previous = s.survival;
          if (s.survival > 0) {
            expect(s.lower).toBeGreaterThanOrEqual(0);
            expect(s.lower).toBeLessThanOrEqual(s.survival + 1e-12);
            expect(s.upper).toBeGreaterThanOrEqual(s.survival - 1e-12);
            expect(s.upper).toBeLessThanOrEqual(1);
          }
        }
      }),
    );
  });

  it('stays at 1 with no events', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 400 }), { maxLength: 50 }), (times) => {
        const km = kaplanMeier(times.map((time) => ({ time, event: false })));
        expect(km.events).toBe(0);
        expect(km.steps.every((s) => s.survival === 1 && s.lower === 1 && s.upper === 1)).toBe(true);
        expect(km.median).toEqual({ time: null, lower: null, upper: null });
      }),
    );
  });

  it('accounts for everyone: at risk falls by the events and censorings at each step', () => {
    fc.assert(
      fc.property(observations, (obs) => {
        const km = kaplanMeier(obs);
        expect(km.n).toBe(obs.length);
        let atRisk = obs.length;
        for (const s of km.steps) {
          expect(s.atRisk).toBe(atRisk);
          atRisk -= s.events + s.censored;
        }
        expect(atRisk).toBe(0);
        expect(km.steps.reduce((a, s) => a + s.events, 0)).toBe(obs.filter((o) => o.event).length);
      }),
    );
  });

  it('does not depend on the order of the observations', () => {
    fc.assert(
      fc.property(
        observations,
        fc.infiniteStream(fc.double({ min: 0, max: 1, noNaN: true })),
        (obs, keys) => {
          const shuffled = obs
            .map((o) => ({ o, k: keys.next().value as number }))
            .sort((a, b) => a.k - b.k)
            .map((x) => x.o);
          expect(kaplanMeier(shuffled)).toEqual(kaplanMeier(obs));
        },
      ),
    );
  });

  it('has the median where the curve first reaches one half, inside its interval', () => {
    fc.assert(
      fc.property(observations, (obs) => {
        const km = kaplanMeier(obs);
        const { time, lower, upper } = km.median;
        if (time === null) {
          expect(km.steps.every((s) => s.survival > 0.5 + 1e-9)).toBe(true);
          return;
        }
        expect(survivalAt(km, time).survival).toBeLessThanOrEqual(0.5 + 1e-9);
        if (lower !== null) expect(lower).toBeLessThanOrEqual(time);
        if (upper !== null) expect(upper).toBeGreaterThanOrEqual(time);
      }),
    );
  });
});

describe('log-rank properties', () => {
  const groups = fc.array(observations, { minLength: 2, maxLength: 4 });

  it('gives a non-negative statistic, p in [0, 1], and as many expected events as observed', () => {
    fc.assert(
      fc.property(groups, (gs) => {
        const result = logRank(gs);
        const o = result.observed.reduce((a, b) => a + b, 0);
        const e = result.expected.reduce((a, b) => a + b, 0);
        expect(Math.abs(o - e)).toBeLessThan(1e-9 * Math.max(1, o));
        if (!Number.isNaN(result.chiSquare)) {
          expect(result.chiSquare).toBeGreaterThanOrEqual(-1e-9);
          expect(result.p).toBeGreaterThanOrEqual(0);
          expect(result.p).toBeLessThanOrEqual(1);
        }
      }),
    );
  });

  it('does not depend on the order of the groups (for two groups)', () => {
    fc.assert(
      fc.property(observations, observations, (a, b) => {
        const ab = logRank([a, b]);
        const ba = logRank([b, a]);
        if (Number.isNaN(ab.chiSquare)) return;
        expect(ba.chiSquare).toBeCloseTo(ab.chiSquare, 8);
      }),
    );
  });

  it('stratified over one stratum is the plain test', () => {
    fc.assert(
      fc.property(groups, (gs) => {
        expect(stratifiedLogRank([gs])).toEqual(logRank(gs));
      }),
    );
  });
});

describe('Cox model properties', () => {
  /** follow-up with a binary covariate and events in both groups, so a finite estimate exists */
  const data = fc
    .array(
      fc.record({ time: fc.integer({ min: 1, max: 30 }), event: fc.boolean(), x: fc.constantFrom(0, 1) }),
      {
        minLength: 8,
        maxLength: 60,
      },
    )
    .filter((rows) => [0, 1].every((x) => rows.some((r) => r.x === x && r.event)));

  it('with one binary covariate and no tied times, the score test is the log-rank test', () => {
    fc.assert(
      fc.property(data, (rows) => {
        const distinct = rows.map((r, i) => ({ ...r, time: r.time * 100 + i }));
        const model = coxProportionalHazards(
          distinct.map((r) => ({ time: r.time, event: r.event, covariates: [r.x] })),
          ['x'],
        );
        const lr = logRank([distinct.filter((r) => r.x === 0), distinct.filter((r) => r.x === 1)]);
        expect(model.scoreTest?.statistic ?? Number.NaN).toBeCloseTo(lr.chiSquare, 8);
        expect(model.logLikelihood).toBeGreaterThanOrEqual(model.nullLogLikelihood - 1e-9);
      }),
    );
  });

  it('flips the sign of the coefficient when the covariate is recoded 1 - x, and the fit is unchanged', () => {
    fc.assert(
      fc.property(data, (rows) => {
        const a = coxProportionalHazards(
          rows.map((r) => ({ time: r.time, event: r.event, covariates: [r.x] })),
          ['x'],
        );
        const b = coxProportionalHazards(
          rows.map((r) => ({ time: r.time, event: r.event, covariates: [1 - r.x] })),
          ['x'],
        );
        if (!a.converged || !b.converged) return;
        expect(b.terms[0]?.coefficient ?? 0).toBeCloseTo(-(a.terms[0]?.coefficient ?? 0), 6);
        expect(b.terms[0]?.standardError ?? 0).toBeCloseTo(a.terms[0]?.standardError ?? 0, 6);
        expect(b.logLikelihood).toBeCloseTo(a.logLikelihood, 8);
        expect(a.logLikelihood).toBeGreaterThanOrEqual(a.nullLogLikelihood - 1e-9);
      }),
    );
  });
});

describe('paired test properties', () => {
  const count = fc.integer({ min: 0, max: 40 });

  it('McNemar and Bowker give p in [0, 1] and the same answer for a table and its transpose', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(count, { minLength: 3, maxLength: 3 }), { minLength: 3, maxLength: 3 }),
        (t) => {
          const transposed = t.map((row, i) => row.map((_, j) => t[j]?.[i] ?? 0));
          const a = bowker(t);
          const b = bowker(transposed);
          expect(a).toEqual(b);
          if (a) {
            expect(a.p).toBeGreaterThanOrEqual(0);
            expect(a.p).toBeLessThanOrEqual(1);
          }
          const two = [t[0]?.slice(0, 2) ?? [], t[1]?.slice(0, 2) ?? []];
          const m = mcnemar(two);
          if (m) expect(m.p).toBeLessThanOrEqual(1);
        },
      ),
    );
  });
});

describe('survival chart properties', () => {
  it('draws exactly the steps at which at least minAtRisk people were at risk, never a later one', () => {
    fc.assert(
      fc.property(observations, fc.integer({ min: 1, max: 20 }), (obs, minAtRisk) => {
        const km = kaplanMeier(obs);
        const svg = survivalChartSvg([{ label: 'Cohort', km }], { title: 't', minAtRisk });
        const line = /<path d="(M[^"]*)" fill="none"/.exec(svg)?.[1] ?? '';
        const drawnSteps = (line.match(/ H[\d.]+ V[\d.]+/g) ?? []).length;
        let expected = 0;
        for (const step of km.steps) {
          if (step.atRisk < minAtRisk) break;
          expected += 1;
        }
        expect(drawnSteps).toBe(expected);
        expect(svg).not.toMatch(/style=|<script/);
      }),
    );
  });
});
