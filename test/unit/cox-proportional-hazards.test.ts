import { describe, expect, it } from 'vitest';
import { coxProportionalHazards } from '../../src/modules/evaluation/statistics/cox.js';
import { expectClose, reference, type CoxCase } from '../support/survival-reference.js';

function observationsOf(c: CoxCase) {
  return c.time.map((time, i) => ({ time, event: c.event[i] === 1, covariates: c.covariates[i] ?? [] }));
}

describe('the Cox model agrees with R coxph(ties = "efron")', () => {
  for (const c of reference.cox) {
    it(`${c.name}: coefficients, standard errors, hazard ratios with intervals, z, p and log-likelihoods`, () => {
      const model = coxProportionalHazards(observationsOf(c), c.names, { confidence: c.confidence });
      expect(model.converged).toBe(true);
      expect(model.n).toBe(c.n);
      expect(model.events).toBe(c.events);
      expectClose(model.logLikelihood, c.logLikelihood, 'log-likelihood');
      expectClose(model.nullLogLikelihood, c.nullLogLikelihood, 'null log-likelihood');
      expect(model.terms.map((t) => t.name)).toEqual(c.names);
      expectClose(model.scoreTest?.statistic ?? Number.NaN, c.scoreTest, 'score (log-rank) test');
      expectClose(model.likelihoodRatio?.statistic ?? Number.NaN, c.likelihoodRatio, 'likelihood-ratio test');
      expect(model.likelihoodRatio?.df).toBe(c.df);
      model.terms.forEach((t, j) => {
        expectClose(t.coefficient, c.coefficient[j] ?? Number.NaN, `${t.name} coefficient`);
        expectClose(t.standardError, c.standardError[j] ?? Number.NaN, `${t.name} standard error`);
        expectClose(t.hazardRatio, c.hazardRatio[j] ?? Number.NaN, `${t.name} hazard ratio`);
        expectClose(t.lower, c.lower[j] ?? Number.NaN, `${t.name} lower`);
        expectClose(t.upper, c.upper[j] ?? Number.NaN, `${t.name} upper`);
        expectClose(t.z, c.z[j] ?? Number.NaN, `${t.name} z`);
        expectClose(t.p, c.p[j] ?? Number.NaN, `${t.name} p`);
      });
    });
  }
});

describe('Cox model edge cases', () => {
  it('reports no convergence for a covariate that perfectly separates, rather than a huge hazard ratio', () => {
    // everyone with x = 1 has the event before anyone with x = 0: the likelihood rises for ever;
    // R's coxph warns "Loglik converged before variable 1; coefficient may be infinite" (coef 22.1)
    const observations = [1, 2, 3, 4, 5, 6, 7, 8].map((time) => ({
      time,
      event: time !== 8,
      covariates: [time <= 4 ? 1 : 0],
    }));
    const model = coxProportionalHazards(observations, ['x']);
    expect(model.converged).toBe(false);
  });

  it('gives NaN for a covariate that is a combination of the others and fits the rest', () => {
    const c = reference.cox.find((x) => x.name === 'lung ~ age + sex');
    if (!c) throw new Error('fixture missing');
    const observations = observationsOf(c).map((o) => ({
      ...o,
      covariates: [...o.covariates, 2 * (o.covariates[0] ?? 0)],
    }));
    const model = coxProportionalHazards(observations, ['age', 'sex', 'twice age']);
    expect(Number.isNaN(model.terms[2]?.coefficient)).toBe(true);
    expectClose(model.terms[0]?.coefficient ?? Number.NaN, c.coefficient[0] ?? Number.NaN, 'age');
    expectClose(model.terms[1]?.coefficient ?? Number.NaN, c.coefficient[1] ?? Number.NaN, 'sex');
    expectClose(model.logLikelihood, c.logLikelihood, 'log-likelihood');
  });

  it('has nothing to estimate without events', () => {
    const model = coxProportionalHazards(
      [
        { time: 3, event: false, covariates: [1] },
        { time: 5, event: false, covariates: [0] },
      ],
      ['x'],
    );
    expect(model.converged).toBe(false);
    expect(model.events).toBe(0);
    expect(Number.isNaN(model.terms[0]?.hazardRatio)).toBe(true);
    expect(coxProportionalHazards([], ['x']).converged).toBe(false);
  });

  it('refuses covariates that do not match the names', () => {
    expect(() => coxProportionalHazards([{ time: 1, event: true, covariates: [1, 2] }], ['x'])).toThrow(
      RangeError,
    );
  });

  it('stops after the iterations allowed and says it did not converge', () => {
    const c = reference.cox.find((x) => x.name === 'lung ~ age + sex');
    if (!c) throw new Error('fixture missing');
    const model = coxProportionalHazards(observationsOf(c), c.names, { maxIterations: 1 });
    expect(model.converged).toBe(false);
    expect(model.iterations).toBe(1);
  });
});
