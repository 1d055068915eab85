import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  canonicalNhsNumber,
  canonicalPncId,
  canonicalSearchTerm,
  isValidNhsNumber,
  isValidPncId,
  nhsNumberProblem,
  pncIdProblem,
} from '../../src/platform/identifiers.js';
import { fictionalNhsNumber, fictionalPncId } from '../../src/platform/fictional.js';
import { personSchema } from '../../src/modules/referrals/schemas.js';

/**
 * The identifier rules against the published ones, written here independently: the NHS number's
 * modulus 11 check digit (NHS Data Dictionary) and the PNC ID's check letter (the year's last two
 * digits and the serial padded to seven digits, modulo 23, into ZABCDEFGHJKLMNPQRTUVWXY, as the
 * Ministry of Justice's services check it).
 */

function referenceNhsValid(ten: string): boolean {
  if (!/^\d{10}$/.test(ten)) return false;
  const weights = [10, 9, 8, 7, 6, 5, 4, 3, 2];
  const total = weights.reduce((acc, w, i) => acc + w * Number(ten[i]), 0);
  const remainder = total % 11;
  const check = remainder === 0 ? 0 : 11 - remainder;
  return check !== 10 && check === Number(ten[9]);
}

const LETTERS = 'ZABCDEFGHJKLMNPQRTUVWXY';
const referencePncLetter = (yy: string, serial: string) =>
  LETTERS[Number(`${yy}${serial.padStart(7, '0')}`) % LETTERS.length]!;

describe('NHS numbers', () => {
  it('agrees with the modulus 11 rule over the whole test range, 999 000 0000 to 999 999 9999', () => {
    // every nine-digit prefix of the range: its right check digit accepted (or, where the check
    // computes to 10, every last digit refused), and a wrong last digit refused
    let valid = 0;
    const disagree: string[] = [];
    for (let prefix = 999_000_000; prefix <= 999_999_999; prefix += 1) {
      const nine = String(prefix);
      const right = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9].find((d) => referenceNhsValid(nine + String(d)));
      const candidates = right === undefined ? [prefix % 10] : [right, (right + 1 + (prefix % 9)) % 10];
      for (const last of candidates) {
        const n = nine + String(last);
        const expected = referenceNhsValid(n) && n !== '9999999999';
        if (isValidNhsNumber(n) !== expected) disagree.push(n);
        if (expected) valid += 1;
      }
    }
    expect(disagree).toEqual([]);
    // about ten in eleven prefixes have a check digit (one in eleven computes to 10)
    expect(valid).toBeGreaterThan(900_000);
    expect(valid).toBeLessThan(1_000_000);
  }, 120_000);

  it('refuses placeholders of one repeated digit, though they pass the check digit', () => {
    for (let d = 0; d <= 9; d += 1) {
      const n = String(d).repeat(10);
      expect(isValidNhsNumber(n)).toBe(false);
      expect(nhsNumberProblem(n)).toMatch(/placeholder/);
    }
    expect(referenceNhsValid('9999999999')).toBe(true);
    expect(referenceNhsValid('0000000000')).toBe(true);
  });

  it('removes spaces and hyphens before anything else, and keeps the ten digits', () => {
    for (const written of [
      '943-476-5919',
      '943  476  5919',
      ' 943 476 5919 ',
      '9434765919',
      '943 476-5919',
    ]) {
      expect(canonicalNhsNumber(written)).toBe('9434765919');
    }
    expect(personSchema.shape.nhsNumber.parse('943  476  5919')).toBe('9434765919');
    expect(personSchema.shape.nhsNumber.parse('943-476-5919')).toBe('9434765919');
    expect(personSchema.shape.nhsNumber.safeParse('9999999999').success).toBe(false);
    expect(personSchema.shape.nhsNumber.safeParse('0000000000').success).toBe(false);
  });

  it('makes fictional numbers that are valid and never placeholders', () => {
    for (const n of [0, 1, 999_999, 123_456]) expect(isValidNhsNumber(fictionalNhsNumber(n))).toBe(true);
  });
});

describe('PNC IDs', () => {
  const yy = fc.integer({ min: 0, max: 99 }).map((n) => String(n).padStart(2, '0'));
  const serial = fc.integer({ min: 1, max: 9_999_999 }).map(String);

  it('accepts exactly the check letter the published rule gives, for random IDs', () => {
    fc.assert(
      fc.property(yy, serial, fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ'), (y, s, letter) => {
        const right = referencePncLetter(y, s);
        expect(isValidPncId(`${y}/${s}${letter}`)).toBe(letter === right);
      }),
      { numRuns: 10_000 },
    );
  });

  it('refuses 10,000 IDs with a wrong letter, as the issue found them accepted', () => {
    fc.assert(
      fc.property(yy, serial, fc.integer({ min: 1, max: 22 }), (y, s, shift) => {
        const wrong = LETTERS[(LETTERS.indexOf(referencePncLetter(y, s)) + shift) % 23]!;
        expect(pncIdProblem(`${y}/${s}${wrong}`)).toMatch(/check letter/);
      }),
      { numRuns: 10_000 },
    );
    expect(isValidPncId('51/9167718W')).toBe(false);
    expect(isValidPncId('51/9167718L')).toBe(true);
  });

  it('never has I, O or S as a check letter', () => {
    for (const letter of 'IOS') expect(LETTERS).not.toContain(letter);
    fc.assert(
      fc.property(yy, serial, fc.constantFrom('I', 'O', 'S'), (y, s, letter) => {
        expect(isValidPncId(`${y}/${s}${letter}`)).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });

  it('accepts the common written forms and stores one: 24/127968K', () => {
    for (const written of [
      '24/127968K',
      '24/127968k',
      '2024/0127968K',
      '24/0127968K',
      '24127968K',
      '20240127968K',
      ' 24/127968K ',
    ]) {
      expect(canonicalPncId(written)).toBe('24/127968K');
    }
    expect(canonicalPncId('241234567K')).toBe('24/1234567K');
    expect(personSchema.shape.pncId.parse('241234567K')).toBe('24/1234567K');
    expect(personSchema.shape.pncId.parse('2024/0127968K')).toBe('24/127968K');
    expect(personSchema.shape.pncId.safeParse('51/9167718W').success).toBe(false);
    expect(personSchema.shape.pncId.safeParse('nonsense').success).toBe(false);
  });

  it('keeps the long form’s century to 19xx and 20xx, and the check over the long form too', () => {
    const letter = referencePncLetter('99', '1');
    expect(canonicalPncId(`1999/0000001${letter}`)).toBe(`99/1${letter}`);
    expect(canonicalPncId(`9999/0000001${letter}`)).toBeNull();
    expect(isValidPncId('3024/0127968K')).toBe(false);
    fc.assert(
      fc.property(yy, serial, fc.constantFrom('19', '20'), (y, s, century) => {
        const letter = referencePncLetter(y, s);
        expect(canonicalPncId(`${century}${y}/${s.padStart(7, '0')}${letter.toLowerCase()}`)).toBe(
          `${y}/${s}${letter}`,
        );
      }),
      { numRuns: 2000 },
    );
  });

  it('makes fictional IDs that are valid and canonical', () => {
    for (const [y, s] of [
      [2024, 127968],
      [1999, 1],
      [2010, 9_999_999],
    ] as const) {
      const id = fictionalPncId(y, s);
      expect(canonicalPncId(id)).toBe(id);
    }
  });
});

describe('search terms', () => {
  it('turns an identifier written any way into its stored form, and leaves names alone', () => {
    expect(canonicalSearchTerm('2024/0127968K')).toBe('24/127968K');
    expect(canonicalSearchTerm('24/127968k')).toBe('24/127968K');
    expect(canonicalSearchTerm('943-476-5919')).toBe('9434765919');
    expect(canonicalSearchTerm('Renée Bräckley')).toBe('Renée Bräckley');
  });
});
