import { describe, expect, it } from 'vitest';
import { isOverdue } from '../../src/modules/actions/rules.js';
import {
  occurrenceDates,
  quoracy,
  suggestionReasons,
  type CaseFacts,
  type SuggestionContext,
} from '../../src/modules/meetings/rules.js';

describe('whether a meeting is quorate', () => {
  it('is quorate when every agency kind of the rule has someone present', () => {
    expect(
      quoracy(['police', 'health', 'victim_service'], ['police', 'health', 'victim_service', 'probation']),
    ).toEqual({
      quorate: true,
      missing: [],
    });
  });
  it('names the kinds missing, in the rule’s order, and ignores people with no agency', () => {
    expect(quoracy(['police', 'health', 'victim_service'], ['health', null])).toEqual({
      quorate: false,
      missing: ['police', 'victim_service'],
    });
  });
  it('follows the site’s own rule', () => {
    expect(quoracy(['police'], ['police']).quorate).toBe(true);
    expect(quoracy(['police', 'probation'], ['police']).missing).toEqual(['probation']);
  });
});

describe('the dates of a recurring meeting', () => {
  it('is one date for a one-off meeting', () => {
    expect(occurrenceDates('2026-03-04', 'none')).toEqual(['2026-03-04']);
  });
  it('repeats every 7 days for a weekly meeting, across a month and a year end', () => {
    expect(occurrenceDates('2026-12-22', 'weekly', 3)).toEqual(['2026-12-22', '2026-12-29', '2027-01-05']);
  });
  it('keeps the day of the month for a monthly meeting, or the month’s last day when it has none', () => {
    expect(occurrenceDates('2026-01-31', 'monthly', 4)).toEqual([
      '2026-01-31',
      '2026-02-28',
      '2026-03-31',
      '2026-04-30',
    ]);
    expect(occurrenceDates('2027-11-15', 'monthly', 3)).toEqual(['2027-11-15', '2027-12-15', '2028-01-15']);
    expect(occurrenceDates('2028-01-29', 'monthly', 2)).toEqual(['2028-01-29', '2028-02-29']);
  });
  it('schedules six meetings of a series by default', () => {
    expect(occurrenceDates('2026-03-04', 'weekly')).toHaveLength(6);
  });
});

describe('why a case is suggested for the agenda', () => {
  const ctx: SuggestionContext = { meetingOn: '2026-03-10', since: '2026-02-10', voiceFreshDays: 28 };
  const fmt = (d: string) => `[${d}]`;
  const quiet: CaseFacts = {
    caseId: 'c',
    reference: 'HAM-000001',
    status: 'active',
    nextReviewOn: '2026-06-01',
    ratedHighOn: null,
    breachOn: null,
    orderEndsOn: null,
    hasVictims: true,
    lastVoiceOn: '2026-03-01',
  };

  it('suggests nothing for a quiet case', () => {
    expect(suggestionReasons(quiet, ctx, fmt)).toEqual([]);
  });
  it('suggests a new referral awaiting a decision, in screening too', () => {
    expect(suggestionReasons({ ...quiet, status: 'referred' }, ctx, fmt)).toEqual([
      'New referral awaiting a decision',
    ]);
    expect(suggestionReasons({ ...quiet, status: 'screening' }, ctx, fmt)).toEqual([
      'New referral awaiting a decision',
    ]);
  });
  it('suggests a review due by the meeting, not one after it', () => {
    expect(suggestionReasons({ ...quiet, nextReviewOn: '2026-03-10' }, ctx, fmt)).toEqual([
      'Risk review due [2026-03-10]',
    ]);
    expect(suggestionReasons({ ...quiet, nextReviewOn: '2026-03-11' }, ctx, fmt)).toEqual([]);
  });
  it('suggests risk raised to high and a breach since the last meeting, not before it', () => {
    expect(
      suggestionReasons({ ...quiet, ratedHighOn: '2026-02-10', breachOn: '2026-03-01' }, ctx, fmt),
    ).toEqual(['Risk raised to high on [2026-02-10]', 'Breach of an order on [2026-03-01]']);
    expect(
      suggestionReasons({ ...quiet, ratedHighOn: '2026-02-09', breachOn: '2026-02-09' }, ctx, fmt),
    ).toEqual([]);
  });
  it('suggests an order ending within 28 days of the meeting', () => {
    expect(suggestionReasons({ ...quiet, orderEndsOn: '2026-04-07' }, ctx, fmt)).toEqual([
      'Order ends on [2026-04-07]',
    ]);
    expect(suggestionReasons({ ...quiet, orderEndsOn: '2026-04-08' }, ctx, fmt)).toEqual([]);
  });
  it('suggests a case whose victim’s voice is older than the site’s period, or never recorded', () => {
    expect(suggestionReasons({ ...quiet, lastVoiceOn: '2026-02-09' }, ctx, fmt)).toEqual([
      'No victim’s voice recorded within 28 days',
    ]);
    expect(suggestionReasons({ ...quiet, lastVoiceOn: null }, { ...ctx, voiceFreshDays: 14 }, fmt)).toEqual([
      'No victim’s voice recorded within 14 days',
    ]);
    expect(suggestionReasons({ ...quiet, lastVoiceOn: null, hasVictims: false }, ctx, fmt)).toEqual([]);
  });
});

describe('an overdue action', () => {
  it('is open and past its due date', () => {
    expect(isOverdue({ status: 'open', dueOn: '2026-03-09' }, '2026-03-10')).toBe(true);
    expect(isOverdue({ status: 'open', dueOn: '2026-03-10' }, '2026-03-10')).toBe(false);
    expect(isOverdue({ status: 'done', dueOn: '2026-03-01' }, '2026-03-10')).toBe(false);
  });
});
