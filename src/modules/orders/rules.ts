/**
 * The rules of orders, as pure functions (unit tested in test/unit/orders-rules.test.ts): which
 * conditions are in force on a date, when an SPO notification is due, and what input is refused.
 * Dates are calendar dates ('YYYY-MM-DD') in the UK.
 */
import type { FieldError } from '../../platform/errors.js';
import { ukLocalToDate } from '../incidents/public.js';

export const ORDER_KINDS = [
  'restraining_conviction',
  'restraining_acquittal',
  'spo',
  'interim_spo',
  'pre_charge_bail',
  'court_bail',
  'licence',
  'community_order',
] as const;
export type OrderKind = (typeof ORDER_KINDS)[number];

export const ORDER_KIND_LABELS: Record<OrderKind, string> = {
  restraining_conviction: 'Restraining order on conviction (Sentencing Act 2020 s360)',
  restraining_acquittal: 'Restraining order on acquittal (Protection from Harassment Act 1997 s5A)',
  spo: 'Stalking protection order',
  interim_spo: 'Interim stalking protection order',
  pre_charge_bail: 'Pre-charge bail conditions',
  court_bail: 'Court bail conditions',
  licence: 'Licence conditions',
  community_order: 'Community order requirements',
};

/** Short names, for lists and the timeline. */
export const ORDER_KIND_SHORT: Record<OrderKind, string> = {
  restraining_conviction: 'Restraining order (conviction)',
  restraining_acquittal: 'Restraining order (acquittal)',
  spo: 'Stalking protection order',
  interim_spo: 'Interim stalking protection order',
  pre_charge_bail: 'Pre-charge bail',
  court_bail: 'Court bail',
  licence: 'Licence',
  community_order: 'Community order',
};

/** Only stalking protection orders (and interim ones) carry positive requirements (Stalking Protection Act 2019 s3). */
export const hasPositiveRequirements = (kind: OrderKind): boolean => kind === 'spo' || kind === 'interim_spo';
/** The subject of an SPO or interim SPO must notify the police of names and home address (s9). */
export const hasNotificationRequirements = hasPositiveRequirements;

export const CONDITION_KINDS = ['prohibition', 'positive_requirement'] as const;
export type ConditionKind = (typeof CONDITION_KINDS)[number];

export const EVENT_KINDS = [
  'made',
  'served',
  'varied',
  'renewed',
  'discharged',
  'expired',
  'appealed',
] as const;
export type EventKind = (typeof EVENT_KINDS)[number];
/** The events a user records after the order (made is recorded with the order itself). */
export const LATER_EVENT_KINDS = [
  'served',
  'varied',
  'renewed',
  'discharged',
  'expired',
  'appealed',
] as const;
export type LaterEventKind = (typeof LATER_EVENT_KINDS)[number];

export const EVENT_LABELS: Record<EventKind, string> = {
  made: 'Made',
  served: 'Served',
  varied: 'Varied',
  renewed: 'Renewed',
  discharged: 'Discharged',
  expired: 'Expired',
  appealed: 'Appealed',
};

export const SOURCES = ['victim', 'police', 'probation', 'electronic_monitoring'] as const;
export type BreachSource = (typeof SOURCES)[number];
export const SOURCE_LABELS: Record<BreachSource, string> = {
  victim: 'The victim',
  police: 'Police',
  probation: 'Probation',
  electronic_monitoring: 'Electronic monitoring',
};

export const ACTIONS = ['warning', 'arrest', 'charge', 'recall', 'nfa'] as const;
export type BreachAction = (typeof ACTIONS)[number];
export const ACTION_LABELS: Record<BreachAction, string> = {
  warning: 'Warning',
  arrest: 'Arrest',
  charge: 'Charge',
  recall: 'Recall to prison',
  nfa: 'No further action',
};

export const NOTIFICATION_TRIGGERS = ['order', 'change_of_name', 'change_of_address'] as const;
export type NotificationTrigger = (typeof NOTIFICATION_TRIGGERS)[number];
export const TRIGGER_LABELS: Record<NotificationTrigger, string> = {
  order: 'The order',
  change_of_name: 'Change of name',
  change_of_address: 'Change of home address',
};

/** An order as the rules need it. */
export type OrderTerm = {
  kind: OrderKind;
  madeOn: string;
  startsOn: string;
  endsOn: string | null;
  untilFurtherOrder: boolean;
};

export type OrderEventFacts = {
  id: string;
  kind: EventKind;
  occurredOn: string;
  newEndsOn: string | null;
  newUntilFurtherOrder: boolean | null;
  removedConditionIds: readonly string[];
};

export type ConditionFacts = { id: string; addedEventId: string };

/** "2026-03-04" plus n days (calendar days). */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

const byDate = (a: OrderEventFacts, b: OrderEventFacts) =>
  a.occurredOn < b.occurredOn ? -1 : a.occurredOn > b.occurredOn ? 1 : 0;

/**
 * The order's term as it stood on `date`: its end (or until further order) after every renewal or
 * variation of the term recorded on or before that date, and the date it was discharged or expired
 * early, if it was by then.
 */
export function termOn(
  order: OrderTerm,
  events: readonly OrderEventFacts[],
  date: string,
): { endsOn: string | null; untilFurtherOrder: boolean; terminatedOn: string | null } {
  let endsOn = order.endsOn;
  let untilFurtherOrder = order.untilFurtherOrder;
  let terminatedOn: string | null = null;
  for (const e of [...events].sort(byDate)) {
    if (e.occurredOn > date) break;
    if (e.newUntilFurtherOrder) {
      endsOn = null;
      untilFurtherOrder = true;
    } else if (e.newEndsOn) {
      endsOn = e.newEndsOn;
      untilFurtherOrder = false;
    }
    if ((e.kind === 'discharged' || e.kind === 'expired') && terminatedOn === null)
      terminatedOn = e.occurredOn;
  }
  return { endsOn, untilFurtherOrder, terminatedOn };
}

/**
 * Whether the order is in force on `date`: it has started, has not passed its end (the end date is
 * the last day in force), and was not discharged or expired on or before that date (a discharge
 * takes effect on its own date).
 */
export function inForceOn(order: OrderTerm, events: readonly OrderEventFacts[], date: string): boolean {
  if (date < order.startsOn) return false;
  const term = termOn(order, events, date);
  if (term.terminatedOn !== null && term.terminatedOn <= date) return false;
  if (!term.untilFurtherOrder && term.endsOn !== null && date > term.endsOn) return false;
  return true;
}

/**
 * The conditions in force on `date`: the order is in force, the event that added the condition (the
 * order made, or a variation) took effect on or before it, and no variation on or before it removed
 * the condition. Conditions keep their order.
 */
export function conditionsInForce<C extends ConditionFacts>(
  order: OrderTerm,
  events: readonly OrderEventFacts[],
  conditions: readonly C[],
  date: string,
): C[] {
  if (!inForceOn(order, events, date)) return [];
  const eventDate = new Map(events.map((e) => [e.id, e.occurredOn]));
  const removed = new Set(
    events.filter((e) => e.kind === 'varied' && e.occurredOn <= date).flatMap((e) => e.removedConditionIds),
  );
  return conditions.filter((c) => {
    const added = eventDate.get(c.addedEventId);
    return added !== undefined && added <= date && !removed.has(c.id);
  });
}

/**
 * SPO notification: "within the period of 3 days beginning with" the trigger date (the order
 * served, or a change of name or home address). Calendar days, weekends and bank holidays
 * included; the trigger day is the first of the three. So the last day to notify is the trigger
 * date plus 2, and the requirement is missed from the start of the next day, UK time.
 */
export const NOTIFICATION_PERIOD_DAYS = 3;

export function notificationDueOn(triggerOn: string): string {
  return addDays(triggerOn, NOTIFICATION_PERIOD_DAYS - 1);
}

/** The moment a notification not given becomes overdue: midnight (UK time) after the due date. */
export function notificationOverdueAt(triggerOn: string): Date {
  const [y, m, d] = addDays(notificationDueOn(triggerOn), 1).split('-').map(Number) as [
    number,
    number,
    number,
  ];
  return ukLocalToDate(y, m, d)!;
}

export function notificationOverdue(
  n: { triggerOn: string; notifiedOn: string | null },
  now: Date = new Date(),
): boolean {
  return n.notifiedOn === null && now.getTime() >= notificationOverdueAt(n.triggerOn).getTime();
}

/** Days an order or licence ending is alerted ahead. */
export const ENDING_ALERT_DAYS = 28;

// ---------------------------------------------------------------------------------------------
// Refusals (each names its field; nothing is saved when there is one)

export type NewOrderFacts = {
  kind: OrderKind;
  madeOn: string;
  servedOn?: string | undefined;
  startsOn: string;
  endsOn?: string | undefined;
  untilFurtherOrder: boolean;
  supervisingPractitioner?: string | undefined;
  conditions: readonly { kind: ConditionKind }[];
};

export function orderProblems(o: NewOrderFacts): FieldError[] {
  const problems: FieldError[] = [];
  if (o.servedOn && o.servedOn < o.madeOn)
    problems.push({
      field: 'servedOn',
      message: 'The date served must be on or after the date the order was made',
    });
  if (o.startsOn < o.madeOn)
    problems.push({
      field: 'startsOn',
      message: 'The start date must be on or after the date the order was made',
    });
  if (o.untilFurtherOrder && o.endsOn)
    problems.push({ field: 'endsOn', message: 'Give an end date or choose until further order, not both' });
  else if (!o.untilFurtherOrder && !o.endsOn)
    problems.push({ field: 'endsOn', message: 'Enter the end date, or choose until further order' });
  else if (o.endsOn && o.endsOn < o.startsOn)
    problems.push({ field: 'endsOn', message: 'The end date must be on or after the start date' });
  if (o.kind === 'licence' && !o.supervisingPractitioner?.trim())
    problems.push({
      field: 'supervisingPractitioner',
      message: 'Enter the supervising probation practitioner for licence conditions',
    });
  if (!o.conditions.length) problems.push({ field: 'conditions', message: 'Enter at least one condition' });
  o.conditions.forEach((c, i) => {
    if (c.kind === 'positive_requirement' && !hasPositiveRequirements(o.kind))
      problems.push({
        field: `conditions.${i}.kind`,
        message: `Condition ${i + 1}: only a stalking protection order or interim order has positive requirements`,
      });
  });
  return problems;
}

export type LaterEventFacts = {
  kind: LaterEventKind;
  occurredOn: string;
  newEndsOn?: string | undefined;
  newUntilFurtherOrder?: boolean | undefined;
  addConditions: readonly { kind: ConditionKind }[];
  removeConditionIds: readonly string[];
};

export function eventProblems(
  order: OrderTerm,
  events: readonly OrderEventFacts[],
  conditions: readonly ConditionFacts[],
  e: LaterEventFacts,
): FieldError[] {
  const problems: FieldError[] = [];
  const what = EVENT_LABELS[e.kind].toLowerCase();
  if (e.occurredOn < order.madeOn)
    return [
      {
        field: 'occurredOn',
        message: `The date ${what} must be on or after the date the order was made`,
      },
    ];
  const term = termOn(order, events, e.occurredOn);
  if (term.terminatedOn !== null && term.terminatedOn < e.occurredOn && e.kind !== 'appealed')
    problems.push({ field: 'occurredOn', message: `The order was discharged or expired before that date` });
  if (e.newEndsOn && e.newEndsOn < e.occurredOn)
    problems.push({
      field: 'newEndsOn',
      message: 'The new end date must be on or after the date of the change',
    });
  if (e.newEndsOn && e.newUntilFurtherOrder)
    problems.push({
      field: 'newEndsOn',
      message: 'Give a new end date or choose until further order, not both',
    });
  if (e.kind === 'renewed' && !e.newEndsOn && !e.newUntilFurtherOrder)
    problems.push({ field: 'newEndsOn', message: 'Enter the new end date, or choose until further order' });
  if (e.kind !== 'varied' && (e.addConditions.length || e.removeConditionIds.length))
    problems.push({ field: 'addConditions', message: 'Only a variation adds or removes conditions' });
  if (e.kind === 'varied') {
    if (!e.addConditions.length && !e.removeConditionIds.length && !e.newEndsOn && !e.newUntilFurtherOrder)
      problems.push({
        field: 'addConditions',
        message: 'Enter the conditions the variation adds or choose those it removes',
      });
    e.addConditions.forEach((c, i) => {
      if (c.kind === 'positive_requirement' && !hasPositiveRequirements(order.kind))
        problems.push({
          field: `addConditions.${i}.kind`,
          message: `Condition ${i + 1}: only a stalking protection order or interim order has positive requirements`,
        });
    });
    const inForce = new Set(conditionsInForce(order, events, conditions, e.occurredOn).map((c) => c.id));
    if (e.removeConditionIds.some((id) => !inForce.has(id)))
      problems.push({
        field: 'removeConditionIds',
        message: 'Choose only conditions in force on the date of the variation',
      });
  }
  return problems;
}

export type BreachFacts = { occurredOn: string; conditionId?: string | undefined; failureToNotify: boolean };

export function breachProblems(
  order: OrderTerm,
  events: readonly OrderEventFacts[],
  conditions: readonly ConditionFacts[],
  b: BreachFacts,
): FieldError[] {
  if (b.occurredOn < order.madeOn || b.occurredOn < order.startsOn)
    return [{ field: 'occurredOn', message: 'The date of the breach must be on or after the order started' }];
  if (b.failureToNotify) {
    if (!hasNotificationRequirements(order.kind))
      return [
        { field: 'conditionId', message: 'Only a stalking protection order has notification requirements' },
      ];
    return [];
  }
  if (!b.conditionId)
    return [{ field: 'conditionId', message: 'Select the condition broken, or failure to notify' }];
  if (!conditions.some((c) => c.id === b.conditionId))
    return [{ field: 'conditionId', message: 'Select a condition of this order' }];
  if (!conditionsInForce(order, events, conditions, b.occurredOn).some((c) => c.id === b.conditionId))
    return [{ field: 'conditionId', message: 'That condition was not in force on the date of the breach' }];
  return [];
}
