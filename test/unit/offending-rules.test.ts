import { describe, expect, it } from 'vitest';
import { JOBS } from '../../src/app/modules.js';
import { crontabOf } from '../../src/platform/jobs/index.js';
import {
  maracMeetingProblems,
  mappaProblems,
  mappaReviewState,
} from '../../src/modules/mappa-marac/rules.js';
import { mappaInput } from '../../src/modules/mappa-marac/schemas.js';
import { newOffenceProblems, outcomeProblems } from '../../src/modules/offending/rules.js';
import { newOffenceInput, outcomeInput } from '../../src/modules/offending/schemas.js';
import { todayInLondon } from '../../src/platform/time.js';

const CHARGE = '00000000-0000-4000-8000-000000000001';
const outcome = (o: Record<string, unknown>) =>
  outcomeInput.parse({ chargeId: CHARGE, outcome: 'convicted', outcomeOn: '2026-03-04', ...o });
const offence = (o: Record<string, unknown>) =>
  newOffenceInput.parse({
    eventKind: 'arrest',
    classification: 'pha_s2a',
    offenceOn: '2026-03-03',
    knownOn: '2026-03-04',
    sourceAgency: 'police',
    ...o,
  });
const fields = (problems: { field: string }[]) => problems.map((p) => p.field);

describe('court outcomes', () => {
  it('must be on or after the charge, saying its date', () => {
    expect(outcomeProblems(outcome({ outcomeOn: '2026-03-01' }), { chargedOn: '2026-03-02' })).toEqual([
      { field: 'outcomeOn', message: 'The date of the outcome must be on or after the charge, 2 March 2026' },
    ]);
    expect(outcomeProblems(outcome({ outcomeOn: '2026-03-02' }), { chargedOn: '2026-03-02' })).toEqual([]);
  });

  it('names the charge when it is not on the case', () => {
    expect(fields(outcomeProblems(outcome({}), null))).toEqual(['chargeId']);
  });

  it('takes a sentence only with a conviction, and a length only for custody, suspended or community', () => {
    const charge = { chargedOn: '2026-01-01' };
    expect(fields(outcomeProblems(outcome({ outcome: 'acquitted', sentenceKind: 'fine' }), charge))).toEqual([
      'sentenceKind',
    ]);
    expect(fields(outcomeProblems(outcome({ outcome: 'discontinued', sentenceMonths: 6 }), charge))).toEqual([
      'sentenceMonths',
    ]);
    expect(fields(outcomeProblems(outcome({ sentenceKind: 'fine', sentenceMonths: 6 }), charge))).toEqual([
      'sentenceMonths',
    ]);
    expect(fields(outcomeProblems(outcome({ sentenceMonths: 6 }), charge))).toEqual(['sentenceKind']);
    expect(
      outcomeProblems(outcome({ sentenceKind: 'immediate_custody', sentenceMonths: 18 }), charge),
    ).toEqual([]);
    expect(outcomeProblems(outcome({ sentenceKind: 'conditional_discharge' }), charge)).toEqual([]);
  });

  it('refuses a sentence length that is not a whole number of months from 1 to 600', () => {
    for (const sentenceMonths of [0, 601, 1.5, Number.NaN]) {
      const r = outcomeInput.safeParse({
        chargeId: CHARGE,
        outcome: 'convicted',
        outcomeOn: '2026-03-04',
        sentenceMonths,
      });
      expect(r.success).toBe(false);
      expect(r.error?.issues[0]?.path).toEqual(['sentenceMonths']);
    }
  });
});

describe('new offending', () => {
  it('is on or after the referral: earlier offending is the case’s history, not new offending', () => {
    expect(newOffenceProblems(offence({}), '2026-03-04')).toEqual([
      {
        field: 'offenceOn',
        message:
          'The date of the offence must be on or after the referral, 4 March 2026: earlier offending is not new offending',
      },
    ]);
    // on the day of the referral counts
    expect(newOffenceProblems(offence({}), '2026-03-03')).toEqual([]);
  });

  it('happened on or before the date it became known', () => {
    expect(fields(newOffenceProblems(offence({ offenceOn: '2026-03-05' }), '2026-01-01'))).toEqual([
      'knownOn',
    ]);
    expect(newOffenceProblems(offence({ offenceOn: '2026-03-04' }), '2026-01-01')).toEqual([]);
  });

  it('is never in the future, nor a date that does not exist', () => {
    const tomorrow = new Date(Date.parse(`${todayInLondon()}T12:00:00Z`) + 86_400_000)
      .toISOString()
      .slice(0, 10);
    const future = newOffenceInput.safeParse({ ...offence({}), offenceOn: tomorrow, knownOn: tomorrow });
    expect(future.success).toBe(false);
    expect(future.error?.issues.map((i) => i.message)).toContain(
      'The date of the offence cannot be in the future',
    );
    const unreal = newOffenceInput.safeParse({ ...offence({}), offenceOn: '2026-02-30' });
    expect(unreal.error?.issues.map((i) => i.message)).toEqual([
      'Enter the date of the offence as a real date',
    ]);
  });
});

describe('MAPPA and MARAC', () => {
  const mappa = (o: Record<string, unknown>) =>
    mappaInput.parse({ category: 2, level: 2, startsOn: '2026-03-01', leadAgency: 'probation', ...o });

  it('ends and is reviewed on or after it starts', () => {
    expect(fields(mappaProblems(mappa({ endsOn: '2026-02-28', nextReviewOn: '2026-02-27' })))).toEqual([
      'endsOn',
      'nextReviewOn',
    ]);
    expect(mappaProblems(mappa({ endsOn: '2026-03-01', nextReviewOn: '2026-06-01' }))).toEqual([]);
  });

  it('has a category and a level from 1 to 3', () => {
    for (const bad of [{ category: 4 }, { level: 0 }, { level: undefined }]) {
      expect(mappaInput.safeParse({ ...mappa({}), ...bad }).success).toBe(false);
    }
  });

  it('says whether a review is overdue, due within the horizon, or not yet due', () => {
    expect(mappaReviewState('2026-03-03', '2026-03-04', '2026-03-18')).toBe('overdue');
    expect(mappaReviewState('2026-03-04', '2026-03-04', '2026-03-18')).toBe('due');
    expect(mappaReviewState('2026-03-18', '2026-03-04', '2026-03-18')).toBe('due');
    expect(mappaReviewState('2026-03-19', '2026-03-04', '2026-03-18')).toBeNull();
    expect(mappaReviewState(null, '2026-03-04', '2026-03-18')).toBeNull();
  });

  it('hears a MARAC referral of this case, on or after it was made', () => {
    const meeting = { referralId: CHARGE, meetingOn: '2026-03-01', outcome: 'Safety plan agreed' };
    expect(fields(maracMeetingProblems(meeting, null))).toEqual(['referralId']);
    expect(maracMeetingProblems(meeting, { referredOn: '2026-03-02' })).toEqual([
      {
        field: 'meetingOn',
        message: 'The date of the meeting must be on or after the referral, 2 March 2026',
      },
    ]);
    expect(maracMeetingProblems(meeting, { referredOn: '2026-03-01' })).toEqual([]);
  });

  it('runs the MAPPA review alert every hour', () => {
    expect(crontabOf(JOBS).split('\n')).toContain('7 * * * * mappa_review_alerts');
  });
});
