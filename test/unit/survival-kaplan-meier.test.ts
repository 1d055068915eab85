import { describe, expect, it } from 'vitest';
import { kaplanMeier, survivalAt } from '../../src/modules/evaluation/statistics/survival.js';
import { expectClose, expectCloseOrNa, observationsOf, reference } from '../support/survival-reference.js';

describe('Kaplan-Meier agrees with R survfit(conf.type = "log-log") on the classic datasets', () => {
  for (const c of reference.kaplanMeier) {
    it(`${c.name}: every step, its Greenwood standard error and interval, and the median with its interval`, () => {
      const km = kaplanMeier(observationsOf(c), { confidence: c.confidence });
      expect(km.n).toBe(c.n);
      expect(km.events).toBe(c.events);
      expect(km.confidence).toBe(c.confidence);
      expect(km.steps.map((s) => s.time)).toEqual(c.steps.time);
      expect(km.steps.map((s) => s.atRisk)).toEqual(c.steps.atRisk);
      expect(km.steps.map((s) => s.events)).toEqual(c.steps.events);
      expect(km.steps.map((s) => s.censored)).toEqual(c.steps.censored);
      km.steps.forEach((s, i) => {
        const at = `${c.name} t=${s.time}`;
        expectClose(s.survival, c.steps.survival[i] ?? Number.NaN, `${at} survival`);
        expectCloseOrNa(s.standardError, c.steps.standardError[i] ?? null, `${at} standard error`);
        if (s.survival === 1) {
          // R reports NA where S = 1 (log(-log 1) is undefined); the interval is the point 1
          expect(c.steps.lower[i]).toBeNull();
          expect([s.lower, s.upper]).toEqual([1, 1]);
        } else {
          expectCloseOrNa(s.lower, c.steps.lower[i] ?? null, `${at} lower`);
          expectCloseOrNa(s.upper, c.steps.upper[i] ?? null, `${at} upper`);
        }
      });
      expectCloseOrNa(km.median.time, c.median.time, `${c.name} median`);
      expectCloseOrNa(km.median.lower, c.median.lower, `${c.name} median lower`);
      expectCloseOrNa(km.median.upper, c.median.upper, `${c.name} median upper`);
    });
  }

  it('prints the aml median as R does: 27 days (95% CI 13 to 34)', () => {
    const aml = reference.kaplanMeier.find((c) => c.name === 'aml');
    const km = kaplanMeier(observationsOf(aml ?? { time: [], event: [] }));
    expect(km.median).toEqual({ time: 27, lower: 13, upper: 34 });
  });
});

describe('Kaplan-Meier edge cases', () => {
  it('gives an empty curve and no median for no observations', () => {
    const km = kaplanMeier([]);
    expect(km).toEqual({
      n: 0,
      events: 0,
      confidence: 0.95,
      steps: [],
      median: { time: null, lower: null, upper: null },
    });
    expect(survivalAt(km, 100)).toEqual({ survival: 1, lower: 1, upper: 1, atRisk: 0 });
  });

  it('keeps survival at 1 with a point interval when everyone is censored', () => {
    const km = kaplanMeier([
      { time: 3, event: false },
      { time: 7, event: false },
      { time: 7, event: false },
    ]);
    expect(km.events).toBe(0);
    expect(km.steps.map((s) => [s.time, s.atRisk, s.censored, s.survival, s.lower, s.upper])).toEqual([
      [3, 3, 1, 1, 1, 1],
      [7, 2, 2, 1, 1, 1],
    ]);
    expect(km.steps.every((s) => s.standardError === 0)).toBe(true);
    expect(km.median.time).toBeNull();
  });

  it('counts people censored at an event time as still at risk at that time (events first, as R)', () => {
    const km = kaplanMeier([
      { time: 5, event: true },
      { time: 5, event: false },
      { time: 5, event: false },
      { time: 9, event: true },
    ]);
    expect(km.steps[0]).toMatchObject({ time: 5, atRisk: 4, events: 1, censored: 2, survival: 0.75 });
    expect(km.steps[1]).toMatchObject({ time: 9, atRisk: 1, events: 1, survival: 0 });
  });

  it('leaves the interval undefined where survival reaches 0, as R does', () => {
    const km = kaplanMeier([
      { time: 1, event: true },
      { time: 2, event: true },
    ]);
    const last = km.steps[1];
    expect(last?.survival).toBe(0);
    expect(Number.isNaN(last?.lower)).toBe(true);
    expect(Number.isNaN(last?.upper)).toBe(true);
    expect(Number.isNaN(last?.standardError)).toBe(true);
  });

  it('refuses a negative or missing time', () => {
    expect(() => kaplanMeier([{ time: -1, event: true }])).toThrow(RangeError);
    expect(() => kaplanMeier([{ time: Number.NaN, event: true }])).toThrow(RangeError);
    expect(() => kaplanMeier([{ time: 1, event: true }], { confidence: 1.2 })).toThrow(RangeError);
  });
});

describe('survivalAt reads the curve at a time as summary(fit, times = t) does', () => {
  const lung = reference.kaplanMeier.find((c) => c.name === 'lung');
  const km = kaplanMeier(observationsOf(lung ?? { time: [], event: [] }));

  it('takes the step at or before the time and the number still followed at it', () => {
    for (const t of [0, 5, 100, 183, 365, 730, 1022, 2000]) {
      const at = survivalAt(km, t);
      const before = km.steps.filter((s) => s.time <= t).pop();
      expect(at.survival).toBe(before?.survival ?? 1);
      expect(at.atRisk).toBe((lung?.time ?? []).filter((x) => x >= t).length);
    }
  });

  it('gives R summary(survfit(Surv(time, status) ~ 1, lung, conf.type = "log-log"), times = 365)', () => {
    // R 4.2.2, survival 3.5.3, print(digits = 15): surv 0.409241624460064, lower 0.338714269088323,
    // upper 0.478380767646914, n.risk 65
    const at = survivalAt(km, 365);
    expect(at.atRisk).toBe(65);
    expect(at.survival).toBeCloseTo(0.409241624460064, 9);
    expect(at.lower).toBeCloseTo(0.338714269088323, 9);
    expect(at.upper).toBeCloseTo(0.478380767646914, 9);
  });
});
