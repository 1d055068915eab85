import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FREE_ATTEMPTS, lockMinutesAfter } from '../../src/platform/auth/lockout.js';

describe('sign-in lockout back-off', () => {
  it('gives five free attempts', () => {
    expect(FREE_ATTEMPTS).toBe(5);
    for (let n = 0; n < 5; n += 1) expect(lockMinutesAfter(n)).toBe(0);
  });

  it('locks for 1 minute at five failures, then doubles', () => {
    expect([5, 6, 7, 8, 9, 10].map(lockMinutesAfter)).toEqual([1, 2, 4, 8, 16, 32]);
  });

  it('never locks for more than an hour', () => {
    expect(lockMinutesAfter(11)).toBe(60);
    expect(lockMinutesAfter(50)).toBe(60);
    expect(lockMinutesAfter(10_000)).toBe(60);
  });

  it('never shortens the lock as failures mount', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1000 }), (n) => {
        expect(lockMinutesAfter(n + 1)).toBeGreaterThanOrEqual(lockMinutesAfter(n));
        expect(lockMinutesAfter(n)).toBeLessThanOrEqual(60);
      }),
    );
  });
});
