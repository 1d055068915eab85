import { describe, expect, it } from 'vitest';
import { ageOn, eligibilityProblems, type EligibilityInput } from '../../src/modules/referrals/rules.js';

const TODAY = new Date('2026-03-04T10:00:00Z');
const eligible: EligibilityInput = {
  dateOfBirth: '1980-05-17',
  isAdult: true,
  livesInArea: true,
  investigationStatus: 'charged',
};

describe('referral eligibility', () => {
  it.each(['under_investigation', 'charged', 'convicted'])(
    'an adult living in the area who is %s is eligible',
    (investigationStatus) => {
      expect(eligibilityProblems({ ...eligible, investigationStatus }, TODAY)).toEqual([]);
    },
  );

  it('is eligible without a date of birth when the referrer says the person is an adult', () => {
    expect(eligibilityProblems({ ...eligible, dateOfBirth: null }, TODAY)).toEqual([]);
  });

  it('refuses a person the referrer says is not an adult', () => {
    expect(eligibilityProblems({ ...eligible, isAdult: false }, TODAY)).toEqual([
      'The person must be an adult (18 or over)',
    ]);
  });

  it('refuses a person whose date of birth shows they are under 18, even if marked adult', () => {
    // 18 tomorrow
    expect(eligibilityProblems({ ...eligible, dateOfBirth: '2008-03-05' }, TODAY)).toEqual([
      'The date of birth shows the person is under 18',
    ]);
  });

  it('accepts a person who turns 18 today', () => {
    expect(eligibilityProblems({ ...eligible, dateOfBirth: '2008-03-04' }, TODAY)).toEqual([]);
  });

  it('refuses a person who does not live in the area', () => {
    expect(eligibilityProblems({ ...eligible, livesInArea: false }, TODAY)).toEqual([
      "The person must live in the site's area",
    ]);
  });

  it('refuses a person with no further action', () => {
    expect(eligibilityProblems({ ...eligible, investigationStatus: 'no_further_action' }, TODAY)).toEqual([
      'The person must be under investigation, charged or convicted',
    ]);
  });

  it('lists every reason at once', () => {
    expect(
      eligibilityProblems(
        {
          dateOfBirth: '2010-01-01',
          isAdult: true,
          livesInArea: false,
          investigationStatus: 'no_further_action',
        },
        TODAY,
      ),
    ).toHaveLength(3);
  });
});

describe('age on a day', () => {
  it.each([
    ['1980-05-17', '2026-05-16', 45],
    ['1980-05-17', '2026-05-17', 46],
    ['2008-03-04', '2026-03-04', 18],
    ['2008-03-05', '2026-03-04', 17],
    ['2000-02-29', '2026-02-28', 25],
    ['2000-02-29', '2026-03-01', 26],
  ])('born %s is, on %s, %i', (dob, on, age) => {
    expect(ageOn(dob, new Date(`${on}T00:00:00Z`))).toBe(age);
  });
});
