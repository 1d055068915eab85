import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isValidNhsNumber, normaliseNhsNumber } from '../../src/modules/referrals/rules.js';

/** The modulus 11 check digit of nine digits, or null when it computes to 10 (no valid number). */
function checkDigit(nine: readonly number[]): number | null {
  const sum = nine.reduce((acc, d, i) => acc + d * (10 - i), 0);
  const check = 11 - (sum % 11);
  if (check === 10) return null;
  return check === 11 ? 0 : check;
}

const nineDigits = fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 9, maxLength: 9 });
const nineDigitsWithCheck = nineDigits.filter((d) => checkDigit(d) !== null);

describe('NHS number check digit', () => {
  it.each(['9434765919', '9434765870', '4010232137'])('accepts the valid number %s', (n) => {
    expect(isValidNhsNumber(n)).toBe(true);
  });

  it('accepts a valid number written with spaces, as it is printed on letters', () => {
    expect(isValidNhsNumber('943 476 5919')).toBe(true);
    expect(normaliseNhsNumber('943 476 5919')).toBe('9434765919');
  });

  it.each([
    ['a wrong check digit', '9434765918'],
    ['nine digits', '943476591'],
    ['eleven digits', '94347659190'],
    ['letters', '94347659A9'],
    ['all letters', 'ABCDEFGHIJ'],
    ['an empty string', ''],
    ['other punctuation', '943.476.5919'],
  ])('refuses %s (%s)', (_label, n) => {
    expect(isValidNhsNumber(n)).toBe(false);
  });

  it('refuses a number whose check digit computes to 10, whatever its last digit', () => {
    // 1,0,0,0,0,0,0,0,1: sum = 10 + 2 = 12, 12 mod 11 = 1, 11 - 1 = 10
    const nine = [1, 0, 0, 0, 0, 0, 0, 0, 1];
    expect(checkDigit(nine)).toBeNull();
    for (let last = 0; last <= 9; last += 1) {
      expect(isValidNhsNumber(nine.join('') + String(last))).toBe(false);
    }
  });

  it('accepts any nine digits followed by their computed check digit', () => {
    fc.assert(
      fc.property(nineDigitsWithCheck, (nine) => {
        const n = nine.join('') + String(checkDigit(nine));
        // one digit ten times is a placeholder, refused whatever its check digit
        expect(isValidNhsNumber(n)).toBe(!/^(\d)\1{9}$/.test(n));
      }),
      { numRuns: 2000 },
    );
  });

  it('refuses a valid number with any one digit changed', () => {
    fc.assert(
      fc.property(
        nineDigitsWithCheck,
        fc.integer({ min: 0, max: 9 }),
        fc.integer({ min: 1, max: 9 }),
        (nine, position, delta) => {
          const digits = [...nine, checkDigit(nine)!];
          digits[position] = (digits[position]! + delta) % 10;
          expect(isValidNhsNumber(digits.join(''))).toBe(false);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('refuses a number where the check digit computes to 10, for any nine digits', () => {
    fc.assert(
      fc.property(
        nineDigits.filter((d) => checkDigit(d) === null),
        fc.integer({ min: 0, max: 9 }),
        (nine, last) => {
          expect(isValidNhsNumber(nine.join('') + String(last))).toBe(false);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('refuses anything that is not exactly ten digits', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 14 }).filter((s) => !/^\d{10}$/.test(s.replace(/[\s\u2010-\u2015-]+/g, ''))),
        (s) => {
          expect(isValidNhsNumber(s)).toBe(false);
        },
      ),
      { numRuns: 1000 },
    );
  });
});
