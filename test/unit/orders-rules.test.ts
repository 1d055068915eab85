import { describe, expect, it } from 'vitest';
import {
  breachProblems,
  conditionsInForce,
  eventProblems,
  inForceOn,
  notificationDueOn,
  notificationOverdue,
  notificationOverdueAt,
  orderProblems,
  type OrderEventFacts,
  type OrderTerm,
} from '../../src/modules/orders/rules.js';

const spo: OrderTerm = {
  kind: 'spo',
  madeOn: '2026-01-10',
  startsOn: '2026-01-10',
  endsOn: '2028-01-09',
  untilFurtherOrder: false,
};
const made: OrderEventFacts = {
  id: 'made',
  kind: 'made',
  occurredOn: '2026-01-10',
  newEndsOn: null,
  newUntilFurtherOrder: null,
  removedConditionIds: [],
};
const varied: OrderEventFacts = {
  id: 'varied',
  kind: 'varied',
  occurredOn: '2026-03-01',
  newEndsOn: null,
  newUntilFurtherOrder: null,
  removedConditionIds: ['noContact'],
};
const conditions = [
  { id: 'noContact', addedEventId: 'made' },
  { id: 'exclusion', addedEventId: 'made' },
  { id: 'course', addedEventId: 'varied' },
];
const ids = (cs: { id: string }[]) => cs.map((c) => c.id);

describe('conditions in force on a date', () => {
  it('has none before the order starts', () => {
    expect(conditionsInForce(spo, [made, varied], conditions, '2026-01-09')).toEqual([]);
  });
  it('has the conditions as made from the day the order starts', () => {
    expect(ids(conditionsInForce(spo, [made, varied], conditions, '2026-01-10'))).toEqual([
      'noContact',
      'exclusion',
    ]);
  });
  it('applies a variation from its own date: removed ones go, added ones come', () => {
    expect(ids(conditionsInForce(spo, [made, varied], conditions, '2026-02-28'))).toEqual([
      'noContact',
      'exclusion',
    ]);
    expect(ids(conditionsInForce(spo, [made, varied], conditions, '2026-03-01'))).toEqual([
      'exclusion',
      'course',
    ]);
  });
  it('counts the end date as the last day in force', () => {
    expect(ids(conditionsInForce(spo, [made], conditions, '2028-01-09'))).toEqual(['noContact', 'exclusion']);
    expect(conditionsInForce(spo, [made], conditions, '2028-01-10')).toEqual([]);
  });
  it('follows a renewal, and stops on a discharge', () => {
    const renewed: OrderEventFacts = {
      ...made,
      id: 'r',
      kind: 'renewed',
      occurredOn: '2027-12-01',
      newEndsOn: '2029-12-31',
    };
    expect(inForceOn(spo, [made, renewed], '2029-06-01')).toBe(true);
    expect(inForceOn(spo, [made, renewed], '2027-11-30')).toBe(true);
    const discharged: OrderEventFacts = { ...made, id: 'd', kind: 'discharged', occurredOn: '2026-06-15' };
    expect(inForceOn(spo, [made, discharged], '2026-06-14')).toBe(true);
    expect(inForceOn(spo, [made, discharged], '2026-06-15')).toBe(false);
  });
  it('has no end for an order until further order', () => {
    const open = { ...spo, endsOn: null, untilFurtherOrder: true };
    expect(inForceOn(open, [made], '2045-01-01')).toBe(true);
  });
});

describe('SPO notification due dates (3 calendar days beginning with the trigger date)', () => {
  it('is due two days after the trigger, the trigger day being the first of the three', () => {
    expect(notificationDueOn('2026-05-12')).toBe('2026-05-14');
  });
  it('counts across a weekend: served on a Friday, due on the Sunday', () => {
    expect(notificationDueOn('2026-05-15')).toBe('2026-05-17');
    // overdue from midnight at the start of Monday, UK summer time (23:00 UTC on Sunday)
    expect(notificationOverdueAt('2026-05-15').toISOString()).toBe('2026-05-17T23:00:00.000Z');
  });
  it('counts across the clocks going forward (29 March 2026)', () => {
    expect(notificationDueOn('2026-03-27')).toBe('2026-03-29');
    // due by the end of Sunday 29 March; overdue from 00:00 BST on Monday 30 March = 23:00 UTC
    expect(notificationOverdueAt('2026-03-27').toISOString()).toBe('2026-03-29T23:00:00.000Z');
    const n = { triggerOn: '2026-03-27', notifiedOn: null };
    expect(notificationOverdue(n, new Date('2026-03-29T22:59:59Z'))).toBe(false);
    expect(notificationOverdue(n, new Date('2026-03-29T23:00:00Z'))).toBe(true);
  });
  it('counts across the clocks going back (25 October 2026)', () => {
    expect(notificationDueOn('2026-10-24')).toBe('2026-10-26');
    // overdue from 00:00 GMT on Tuesday 27 October
    expect(notificationOverdueAt('2026-10-24').toISOString()).toBe('2026-10-27T00:00:00.000Z');
  });
  it('is never overdue once the notification is recorded', () => {
    expect(
      notificationOverdue({ triggerOn: '2026-01-01', notifiedOn: '2026-01-05' }, new Date('2026-06-01')),
    ).toBe(false);
  });
});

describe('refusals name the field', () => {
  const base = {
    kind: 'restraining_conviction' as const,
    madeOn: '2026-01-10',
    startsOn: '2026-01-10',
    endsOn: '2027-01-09',
    untilFurtherOrder: false,
    conditions: [{ kind: 'prohibition' as const }],
  };
  it('refuses an end before the start', () => {
    expect(orderProblems({ ...base, endsOn: '2026-01-01' }).map((p) => p.field)).toEqual(['endsOn']);
  });
  it('refuses a positive requirement on an order kind that has none', () => {
    expect(
      orderProblems({ ...base, conditions: [{ kind: 'positive_requirement' }] }).map((p) => p.field),
    ).toEqual(['conditions.0.kind']);
    expect(orderProblems({ ...base, kind: 'spo', conditions: [{ kind: 'positive_requirement' }] })).toEqual(
      [],
    );
  });
  it('asks licence conditions for the supervising practitioner', () => {
    expect(orderProblems({ ...base, kind: 'licence' }).map((p) => p.field)).toEqual([
      'supervisingPractitioner',
    ]);
  });
  it('refuses a variation before the order was made', () => {
    const problems = eventProblems(spo, [made], conditions, {
      kind: 'varied',
      occurredOn: '2026-01-01',
      addConditions: [{ kind: 'prohibition' }],
      removeConditionIds: [],
    });
    expect(problems.map((p) => p.field)).toEqual(['occurredOn']);
  });
  it('refuses a breach before the order, or of a condition not in force that day', () => {
    expect(
      breachProblems(spo, [made, varied], conditions, {
        occurredOn: '2026-01-05',
        conditionId: 'noContact',
        failureToNotify: false,
      }).map((p) => p.field),
    ).toEqual(['occurredOn']);
    expect(
      breachProblems(spo, [made, varied], conditions, {
        occurredOn: '2026-03-05',
        conditionId: 'noContact',
        failureToNotify: false,
      }).map((p) => p.message),
    ).toEqual(['That condition was not in force on the date of the breach']);
    expect(
      breachProblems(spo, [made, varied], conditions, {
        occurredOn: '2026-02-05',
        conditionId: 'noContact',
        failureToNotify: false,
      }),
    ).toEqual([]);
  });
});

describe('the order form', () => {
  it('keeps only the condition rows with text, and points errors at the row typed in', async () => {
    const { orderFromForm, conditionErrorsToSlots } = await import('../../src/modules/orders/forms.js');
    const { input, slotOf } = orderFromForm({
      kind: 'court_bail',
      'conditions-0-text': '',
      'conditions-2-text': 'Attend a course',
      'conditions-2-kind': 'positive_requirement',
      untilFurtherOrder: 'yes',
    });
    expect(input.conditions).toEqual([
      { kind: 'positive_requirement', text: 'Attend a course', interventionRef: undefined },
    ]);
    expect(input.untilFurtherOrder).toBe(true);
    expect(
      conditionErrorsToSlots([{ field: 'conditions.0.kind', message: 'x' }], 'conditions', slotOf),
    ).toEqual([{ field: 'conditions-2-kind', message: 'x' }]);
  });
});
