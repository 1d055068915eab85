import { describe, expect, it } from 'vitest';
import { bowker, mcnemar } from '../../src/modules/evaluation/statistics/paired.js';
import { expectClose, reference } from '../support/survival-reference.js';

describe('paired tests agree with R mcnemar.test', () => {
  for (const c of reference.paired) {
    it(`${c.name}: statistic, df and p`, () => {
      const result = c.table.length === 2 ? mcnemar(c.table) : bowker(c.table);
      expect(result).not.toBeNull();
      expectClose(result?.statistic ?? Number.NaN, c.statistic, 'statistic');
      expect(result?.df).toBe(c.df);
      expectClose(result?.p ?? Number.NaN, c.p, 'p');
    });
  }

  it("gives McNemar's statistic for the approval ratings as R's help page prints it: 16.818, p 4.115e-05", () => {
    // example(mcnemar.test): McNemar's chi-squared = 16.818, df = 1, p-value = 4.115e-05
    const result = mcnemar([
      [794, 150],
      [86, 570],
    ]);
    expect(result?.statistic).toBeCloseTo(16.818, 3);
    expect(result?.p).toBeCloseTo(4.115e-5, 8);
  });
});

describe('paired test edge cases', () => {
  it('has nothing to test when nobody changed', () => {
    expect(
      mcnemar([
        [5, 0],
        [0, 7],
      ]),
    ).toBeNull();
    expect(
      bowker([
        [5, 0, 0],
        [0, 7, 0],
        [0, 0, 2],
      ]),
    ).toBeNull();
  });

  it('gives 0 when the changes balance exactly, as R does', () => {
    expect(
      mcnemar([
        [5, 3],
        [3, 7],
      ]),
    ).toEqual({ statistic: 0, df: 1, p: 1 });
  });

  it('leaves pairs without counts out of the symmetry test and its degrees of freedom', () => {
    const result = bowker([
      [10, 4, 0],
      [1, 8, 3],
      [0, 0, 6],
    ]);
    // pairs (1,2): (4-1)^2/5 and (2,3): (3-0)^2/3; pair (1,3) has no counts
    expect(result?.df).toBe(2);
    expect(result?.statistic).toBeCloseTo(9 / 5 + 9 / 3, 12);
  });

  it('refuses a table that is not square counts', () => {
    expect(() => mcnemar([[1, 2, 3]])).toThrow(RangeError);
    expect(() =>
      bowker([
        [1, -2],
        [3, 4],
      ]),
    ).toThrow(RangeError);
  });
});
