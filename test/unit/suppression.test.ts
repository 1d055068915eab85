import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_RULE,
  describeRule,
  safeCount,
  safeProportion,
  safeSum,
  safeTable,
} from '../../src/platform/disclosure-control/index.js';
import { publishFigures } from '../../src/modules/figures/rules.js';
import { attack, type Constraint } from '../support/disclosure-attacker.js';

const shown = (ns: number[]) => ns.map((n) => safeCount(n).shown);

describe('published counts: rounded to 5, 1 to 7 withheld', () => {
  it('shows 0 as 0, 1 to 7 as "[c]", and larger counts to the nearest 5', () => {
    expect(shown([0, 1, 7, 8, 12, 13, 17, 18, 1234])).toEqual([
      '0',
      '[c]',
      '[c]',
      '10',
      '10',
      '15',
      '15',
      '20',
      '1,235',
    ]);
    expect(safeCount(3)).toMatchObject({ value: null, suppressed: true, range: [1, 7] });
    expect(safeCount(8)).toMatchObject({ value: 10, suppressed: false, range: [8, 12] });
    expect(() => safeCount(-1)).toThrow(RangeError);
    expect(() => safeCount(2.5)).toThrow(RangeError);
  });

  it('adds totals up from the published counts, a withheld count adding 5', () => {
    expect(safeSum([3, 0, 0])).toMatchObject({ shown: '[c]', suppressed: true });
    expect(safeSum([3, 2])).toMatchObject({ shown: '10', value: 10, range: [2, 14] });
    expect(safeSum([9, 1, 1, 5, 1, 1])).toMatchObject({ value: 35, range: [13, 47] });
    const t = safeTable({
      rowLabels: ['A', 'B'],
      columnLabels: ['x', 'y'],
      counts: [
        [9, 1],
        [0, 30],
      ],
    });
    expect(t.rows.map((r) => r.cells.map((c) => c.shown))).toEqual([
      ['10', '[c]'],
      ['0', '30'],
    ]);
    expect(t.rowTotals.map((c) => c.shown)).toEqual(['15', '30']);
    expect(t.columnTotals.map((c) => c.shown)).toEqual(['10', '35']);
    expect(t.grandTotal.shown).toBe('45');
  });

  it('computes a percentage from the published counts and withholds it when a count is small', () => {
    expect(safeProportion(12, 40)).toEqual({ shown: '25.0%', value: 25, suppressed: false });
    expect(safeProportion(3, 40)).toMatchObject({ shown: '[c]', value: null, suppressed: true });
    expect(safeProportion(0, 0)).toMatchObject({ suppressed: true });
    expect(safeProportion(0, 20).shown).toBe('0.0%');
  });

  it('describes itself for a method page', () => {
    expect(describeRule()).toContain('rounded to the nearest 5');
    expect(describeRule()).toContain('from 1 to 7');
  });

  it('every published range holds the true count, and every total is the sum of its cells (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.nat({ max: 40 }), { minLength: 3, maxLength: 3 }), {
          minLength: 1,
          maxLength: 4,
        }),
        (counts) => {
          const t = safeTable({
            rowLabels: counts.map((_, i) => `r${i}`),
            columnLabels: ['a', 'b', 'c'],
            counts,
          });
          t.rows.forEach((row, r) => {
            row.cells.forEach((c, k) => {
              expect(counts[r]![k]).toBeGreaterThanOrEqual(c.range[0]);
              expect(counts[r]![k]).toBeLessThanOrEqual(c.range[1]);
              if (c.value !== null) expect(c.value % DEFAULT_RULE.base).toBe(0);
            });
            const sum = counts[r]!.reduce((a, b) => a + b, 0);
            expect(sum).toBeGreaterThanOrEqual(row.total.range[0]);
            expect(sum).toBeLessThanOrEqual(row.total.range[1]);
            if (!row.total.suppressed)
              expect(row.total.value).toBe(row.cells.reduce((a, c) => a + (c.value ?? 5), 0));
          });
        },
      ),
    );
  });
});

describe("the issue's example on /figures", () => {
  // issue 16: a row shown as [9, "<5", "<5", 5, "<5", "<5"] with a total of 18 shows every "<5" is 1
  const trueCounts = [9, 1, 1, 5, 1, 1];
  const constraintsOf = (
    cells: { range: readonly [number, number] }[],
    total: { range: readonly [number, number] },
  ) => [
    ...cells.map((c, i): Constraint => ({ vars: [i], low: c.range[0], high: c.range[1] })),
    { vars: cells.map((_, i) => i), low: total.range[0], high: total.range[1] },
  ];

  it('no longer lets subtraction from the total pin any withheld count', () => {
    const published = publishFigures(
      [{ siteId: 's', site: 'Northshire', counts: trueCounts }],
      ['a', 'b', 'c', 'd', 'e', 'f'],
    );
    const row = published.sites[0]!;
    expect(row.cells.map((c) => c.shown)).toEqual(['10', '[c]', '[c]', '[c]', '[c]', '[c]']);
    expect(row.total.shown).toBe('35');
    const bounds = attack(6, constraintsOf(row.cells, row.total));
    if (bounds === 'infeasible') throw new Error('the published row contradicts itself');
    trueCounts.forEach((n, i) => {
      expect(n).toBeGreaterThanOrEqual(bounds[i]![0]);
      expect(n).toBeLessThanOrEqual(bounds[i]![1]);
      if (n >= 1 && n <= 7) expect(bounds[i]![1]).toBeGreaterThan(bounds[i]![0]);
    });
  });
});
