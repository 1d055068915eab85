import { describe, expect, it } from 'vitest';
import {
  logRank,
  stratifiedLogRank,
  type SurvivalObservation,
} from '../../src/modules/evaluation/statistics/survival.js';
import { expectClose, reference, type LogRankCase } from '../support/survival-reference.js';

/** Splits a reference case into strata[s][g] of observations. */
function split(c: LogRankCase): SurvivalObservation[][][] {
  const strata: SurvivalObservation[][][] = [];
  const groups = Math.max(...c.group) + 1;
  c.time.forEach((time, i) => {
    const s = c.stratum[i] ?? 0;
    const g = c.group[i] ?? 0;
    strata[s] ??= Array.from({ length: groups }, () => []);
    strata[s]?.[g]?.push({ time, event: c.event[i] === 1 });
  });
  return strata;
}

describe('the log-rank test agrees with R survdiff (rho = 0)', () => {
  for (const c of reference.logRank) {
    const stratified = Math.max(...c.stratum) > 0;
    it(`${c.name}: chi-square, degrees of freedom, p, observed and expected`, () => {
      const strata = split(c);
      const result = stratified ? stratifiedLogRank(strata) : logRank(strata[0] ?? []);
      expectClose(result.chiSquare, c.chiSquare, 'chi-square');
      expect(result.df).toBe(c.df);
      expectClose(result.p, c.p, 'p');
      expect(result.observed).toEqual(c.observed);
      result.expected.forEach((e, i) => expectClose(e, c.expected[i] ?? Number.NaN, `expected ${i}`));
    });
  }

  it('gives the same answer stratified over a single stratum as unstratified', () => {
    const c = reference.logRank.find((x) => x.name === 'lung by sex');
    const groups = split(c ?? reference.logRank[0]!)[0] ?? [];
    expect(stratifiedLogRank([groups])).toEqual(logRank(groups));
  });
});

describe('log-rank edge cases', () => {
  it('has nothing to test with one group that has events', () => {
    const result = logRank([[{ time: 1, event: true }], []]);
    expect(result).toMatchObject({ chiSquare: 0, df: 0, p: 1, observed: [1, 0] });
  });

  it('has nothing to test when no one has an event', () => {
    const result = logRank([[{ time: 1, event: false }], [{ time: 2, event: false }]]);
    expect(result).toMatchObject({ chiSquare: 0, df: 0, p: 1, observed: [0, 0], expected: [0, 0] });
  });

  it('finds no difference between identical groups', () => {
    const g = [
      { time: 1, event: true },
      { time: 4, event: false },
      { time: 6, event: true },
    ];
    const result = logRank([g, g]);
    expect(result.chiSquare).toBeCloseTo(0, 12);
    expect(result.p).toBeCloseTo(1, 12);
  });
});
