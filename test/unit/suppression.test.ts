import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { suppressRow, suppressTotal } from '../../src/modules/figures/rules.js';

describe('small-number suppression of published counts', () => {
  it('shows 1 to 4 as "<5", and 0 and 5 or more as they are', () => {
    expect(suppressRow([0, 1, 4, 5, 12, 2])).toEqual([0, '<5', '<5', 5, 12, '<5']);
    expect(suppressTotal(3)).toBe('<5');
    expect(suppressTotal(0)).toBe(0);
    expect(suppressTotal(40)).toBe(40);
  });

  it('suppresses a second cell when only one would be hidden, so the total cannot give it away', () => {
    expect(suppressRow([3, 20, 7, 0])).toEqual(['<5', 20, '<5', 0]);
  });

  it('never leaves exactly one hidden cell beside other non-zero cells (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 30 }), { minLength: 1, maxLength: 8 }), (counts) => {
        const out = suppressRow(counts);
        const hidden = out.filter((c) => c === '<5').length;
        const shownNonZero = out.filter((c) => typeof c === 'number' && c > 0).length;
        expect(hidden === 1 && shownNonZero > 0).toBe(false);
        out.forEach((c, i) => {
          if (typeof c === 'number') expect(c).toBe(counts[i]);
          else expect(counts[i]).toBeGreaterThan(0);
        });
      }),
    );
  });
});
