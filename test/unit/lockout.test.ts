import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addressLockMinutesAfter,
  FREE_ATTEMPTS,
  lockMinutesAfter,
  throttleKeys,
} from '../../src/platform/auth/lockout.js';

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

describe('sign-in throttle keys', () => {
  it('count an email from one source address apart from the same email from another', () => {
    const attacker = throttleKeys('Owner@Example.org', '203.0.113.7');
    const owner = throttleKeys('owner@example.org', '198.51.100.20');
    expect(attacker.account).not.toBe(owner.account);
    expect(attacker.address).not.toBe(owner.address);
    expect(throttleKeys('owner@example.org', '203.0.113.7')).toEqual(attacker);
  });

  it('hold no email address or source address, only hashes', () => {
    const keys = throttleKeys('owner@example.org', '203.0.113.7');
    expect(JSON.stringify(keys)).not.toMatch(/owner|example|203\.0/);
  });

  it('slow a source address only after many more failures than one account', () => {
    expect(addressLockMinutesAfter(FREE_ATTEMPTS)).toBe(0);
    expect(addressLockMinutesAfter(49)).toBe(0);
    expect(addressLockMinutesAfter(50)).toBe(1);
  });
});
