import { describe, expect, it } from 'vitest';
import { changesBetween, historyOf } from '../../src/platform/corrections/index.js';
import {
  OFFENCE_LABELS,
  offenceWithdrawalProblem,
  REFERRAL_LABELS,
  referralConsistency,
  shownValue,
  VICTIM_LABELS,
  victimWithdrawalProblem,
  type ReferralDetails,
} from '../../src/modules/referral-corrections/rules.js';

const referral: ReferralDetails = {
  referringAgencyId: 'a1',
  referrerName: 'Pat Referrer',
  reason: 'Repeated contact',
  consent: 'given',
  consentNotes: '',
  isAdult: true,
  livesInArea: true,
};

describe('correcting what was recorded at referral', () => {
  it('keeps only what changed, in the order the history shows the referral', () => {
    const changes = changesBetween(
      referral,
      { ...referral, consent: 'refused', referringAgencyId: 'a2' },
      Object.keys(REFERRAL_LABELS) as (keyof ReferralDetails)[],
    );
    expect(Object.keys(changes)).toEqual(['referringAgencyId', 'consent']);
  });

  it('shows agencies by name, codes by their labels and yes/no in words', () => {
    const shown = shownValue(new Map([['a1', 'Northshire Police']]));
    const [entry] = historyOf(
      [
        {
          at: new Date('2026-03-04T10:00:00Z'),
          by: 'Ivo Officer',
          reason: 'Checked',
          changes: {
            isAdult: { from: true, to: false },
            referringAgencyId: { from: 'a1', to: 'gone' },
            consent: { from: 'given', to: 'not_sought' },
          },
        },
      ],
      REFERRAL_LABELS,
      shown,
    );
    expect(entry!.rows).toEqual([
      { label: 'Referring agency', from: 'Northshire Police', to: 'Another agency' },
      { label: 'Consent', from: 'Consent given', to: 'Consent not sought' },
      { label: 'Adult', from: 'Yes', to: 'No' },
    ]);
    expect(shown('code', 'pha_s4a')).toContain('s4A');
    expect(shown('relationship', 'work')).toBe('Work relationship');
    expect(shown('kind', 'proxy')).toBe('Proxy victim');
    expect(shown('description', '')).toBe('Not recorded');
    expect(Object.keys(OFFENCE_LABELS)).toEqual(['code', 'description']);
    expect(Object.keys(VICTIM_LABELS)).toEqual(['relationship', 'kind']);
  });

  it('refuses "adult" when the recorded date of birth is under 18, at the field; not otherwise', () => {
    const today = new Date('2026-03-04T12:00:00Z');
    expect(referralConsistency({ isAdult: true }, '2010-03-05', today)?.fieldErrors).toEqual([
      expect.objectContaining({ field: 'isAdult' }),
    ]);
    // 18 on the day
    expect(referralConsistency({ isAdult: true }, '2008-03-04', today)).toBeNull();
    expect(referralConsistency({ isAdult: false }, '2010-03-05', today)).toBeNull();
    expect(referralConsistency({ isAdult: true }, null, today)).toBeNull();
  });

  it('leaves a case at least one offence', () => {
    expect(offenceWithdrawalProblem(2)).toBeNull();
    expect(offenceWithdrawalProblem(1)?.fieldErrors?.[0]?.message).toContain('at least one offence');
    expect(offenceWithdrawalProblem(0)).not.toBeNull();
  });

  it('withdraws a victim only when no standing incident names them', () => {
    expect(victimWithdrawalProblem(0)).toBeNull();
    expect(victimWithdrawalProblem(1)?.fieldErrors?.[0]?.message).toBe(
      '1 incident names this victim: correct or withdraw it first',
    );
    expect(victimWithdrawalProblem(3)?.fieldErrors?.[0]?.message).toBe(
      '3 incidents name this victim: correct or withdraw them first',
    );
  });
});
