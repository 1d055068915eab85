import { notify } from '../notifications/public.js';
import { auditCase, requireRead, requireWrite } from '../../platform/access/case-access.js';
import type { SessionUser } from '../../platform/auth/sessions.js';
import { openCase } from '../../platform/case-context.js';
import { withdrawnAlready } from '../../platform/corrections/index.js';
import type { Actor, Tx } from '../../platform/db/request-tx.js';
import { Conflict, Invalid, NotFound, type FieldError } from '../../platform/errors.js';
import { todayInLondon } from '../../platform/time.js';
import * as repo from './repository.js';
import {
  breachProblems,
  conditionsInForce,
  eventProblems,
  hasNotificationRequirements,
  inForceOn,
  notificationDueOn,
  notificationOverdue,
  ORDER_KIND_SHORT,
  orderProblems,
  termOn,
  type OrderTerm,
} from './rules.js';
import type { BreachInput, EventInput, NotificationInput, NotifiedInput, OrderInput } from './schemas.js';

type Channel = 'page' | 'api';

const termOf = (o: repo.OrderRow): OrderTerm => ({
  kind: o.kind,
  madeOn: o.madeOn,
  startsOn: o.startsOn,
  endsOn: o.endsOn,
  untilFurtherOrder: o.untilFurtherOrder,
});

/** An order as it stands on a date: its end after renewals, and whether it is in force. */
export function orderAsOf(o: repo.OrderRow, events: readonly repo.EventRow[], date: string) {
  const own = events.filter((e) => e.orderId === o.id);
  const term = termOn(termOf(o), own, date);
  return {
    ...o,
    currentEndsOn: term.untilFurtherOrder ? null : term.endsOn,
    currentUntilFurtherOrder: term.untilFurtherOrder,
    terminatedOn: term.terminatedOn,
    inForce: inForceOn(termOf(o), own, date),
  };
}

export async function listPage(tx: Tx, user: SessionUser, actor: Actor, caseId: string, channel: Channel) {
  const h = await openCase(tx, user, caseId);
  requireRead(h.access, 'core');
  const today = todayInLondon();
  const [orders, events, breaches, withdrawn] = await Promise.all([
    repo.listOrders(tx, caseId),
    repo.listEvents(tx, caseId),
    repo.listBreaches(tx, caseId),
    repo.listWithdrawnOrders(tx, caseId),
  ]);
  await auditCase(tx, actor, h.access, {
    action: 'order.list',
    recordType: 'court_order',
    details: { count: orders.length, breaches: breaches.length, channel },
  });
  return {
    ...h,
    today,
    orders: orders.map((o) => orderAsOf(o, events, today)),
    breaches,
    withdrawn,
    canWrite: h.access.levels.core === 'write',
  };
}

export async function openOrder(
  tx: Tx,
  user: SessionUser,
  actor: Actor,
  caseId: string,
  orderId: string,
  on: string | undefined,
  channel: Channel,
) {
  const h = await openCase(tx, user, caseId);
  requireRead(h.access, 'core');
  const order = await repo.getOrder(tx, caseId, orderId);
  if (!order) throw new NotFound();
  const today = todayInLondon();
  const date = on ?? today;
  const [events, conditions, protectedPeople, notifications, breaches, withdrawnBreaches, withdrawnParts] =
    await Promise.all([
      repo.listEvents(tx, caseId, { orderId }),
      repo.listConditions(tx, caseId, orderId),
      repo.listProtected(tx, caseId, orderId),
      repo.listNotifications(tx, caseId, orderId),
      repo.listBreaches(tx, caseId, { orderId }),
      repo.listWithdrawnBreaches(tx, caseId, orderId),
      repo.listWithdrawnOfOrder(tx, caseId, orderId),
    ]);
  const inForce = conditionsInForce(termOf(order), events, conditions, date);
  const removedOn = new Map<string, string>();
  for (const e of events)
    if (e.kind === 'varied')
      for (const id of e.removedConditionIds) if (!removedOn.has(id)) removedOn.set(id, e.occurredOn);
  const now = new Date();
  await auditCase(tx, actor, h.access, {
    action: 'order.view',
    recordType: 'court_order',
    recordId: orderId,
    details: { channel, on: date },
  });
  return {
    ...h,
    today,
    on: date,
    order: orderAsOf(order, events, today),
    events,
    conditions: conditions.map((c) => ({ ...c, removedOn: removedOn.get(c.id) ?? null })),
    inForceIds: inForce.map((c) => c.id),
    inForce,
    protectedPeople,
    notifications: notifications.map((n) => ({ ...n, overdue: notificationOverdue(n, now) })),
    breaches,
    withdrawnBreaches,
    withdrawnConditions: withdrawnParts.conditions,
    withdrawnEvents: withdrawnParts.events,
    // a withdrawn order is shown as it was, marked, and changes no more
    canWrite: h.access.levels.core === 'write' && !order.withdrawn,
  };
}

/** What the new-order form chooses from: the case's victims and the other protected people the user may see. */
export async function newOrderPage(tx: Tx, user: SessionUser, caseId: string) {
  const h = await openCase(tx, user, caseId);
  requireWrite(h.access, 'core', 'record an order');
  return { ...h, ...(await protectedChoices(tx, caseId)) };
}

export async function protectedChoices(tx: Tx, caseId: string) {
  const [victims, contacts] = await Promise.all([
    tx
      .selectFrom('case_victim as cv')
      .innerJoin('person as p', 'p.id', 'cv.victim_id')
      .select(['cv.id', 'p.given_name', 'p.family_name'])
      .where('cv.case_id', '=', caseId)
      // not a victim withdrawn as entered in error
      .where('cv.withdrawn_at', 'is', null)
      .orderBy('p.family_name')
      .execute(),
    repo.protectedContacts(tx, caseId),
  ]);
  return {
    victims: victims.map((v) => ({ id: v.id, name: `${v.given_name} ${v.family_name}` })),
    contacts: contacts.map((c) => ({ id: c.id, name: c.name, relationship: c.relationship })),
  };
}

/** Refusals that need the case: unknown protected people. */
async function orderCaseProblems(tx: Tx, caseId: string, input: OrderInput): Promise<FieldError[]> {
  const problems: FieldError[] = [];
  const victims = await repo.caseVictimsOnCase(tx, caseId, input.protectedCaseVictimIds);
  if (input.protectedCaseVictimIds.some((id) => !victims.has(id)))
    problems.push({
      field: 'protectedCaseVictimIds',
      message: 'Select protected people who are victims on this case',
    });
  const contacts = await repo.contactsOnCase(tx, caseId, input.protectedContactIds);
  if (input.protectedContactIds.some((id) => !contacts.has(id)))
    problems.push({
      field: 'protectedContactIds',
      message: 'Select other protected people recorded on this case',
    });
  return problems;
}

/** Checks an order without saving it (the check-your-answers page). */
export async function checkOrder(tx: Tx, user: SessionUser, caseId: string, input: OrderInput) {
  const h = await openCase(tx, user, caseId);
  requireWrite(h.access, 'core', 'record an order');
  const problems = [...orderProblems(input), ...(await orderCaseProblems(tx, caseId, input))];
  if (problems.length) throw new Invalid('The order is not valid', problems);
  return { ...h, ...(await protectedChoices(tx, caseId)) };
}

export async function addOrder(
  tx: Tx,
  user: SessionUser,
  actor: Actor,
  caseId: string,
  input: OrderInput,
  channel: Channel,
): Promise<string> {
  const h = await openCase(tx, user, caseId);
  requireWrite(h.access, 'core', 'record an order');
  const problems = [...orderProblems(input), ...(await orderCaseProblems(tx, caseId, input))];
  if (problems.length) throw new Invalid('The order is not valid', problems);
  const orderId = await repo.insertOrder(tx, {
    caseId,
    userId: user.id,
    kind: input.kind,
    issuingBody: input.issuingBody,
    reference: input.reference ?? null,
    madeOn: input.madeOn,
    servedOn: input.servedOn ?? null,
    startsOn: input.startsOn,
    endsOn: input.untilFurtherOrder ? null : (input.endsOn ?? null),
    untilFurtherOrder: input.untilFurtherOrder,
    supervisingPractitioner: input.supervisingPractitioner ?? null,
    notes: input.notes ?? '',
  });
  const made = await repo.insertEvent(tx, {
    caseId,
    orderId,
    userId: user.id,
    kind: 'made',
    occurredOn: input.madeOn,
  });
  if (input.servedOn)
    await repo.insertEvent(tx, {
      caseId,
      orderId,
      userId: user.id,
      kind: 'served',
      occurredOn: input.servedOn,
    });
  await repo.insertConditions(tx, { caseId, orderId, eventId: made, conditions: input.conditions });
  await repo.insertProtected(tx, {
    caseId,
    orderId,
    caseVictimIds: [...new Set(input.protectedCaseVictimIds)],
    contactIds: [...new Set(input.protectedContactIds)],
  });
  // an SPO's subject must notify the police within 3 days beginning with the day it is served
  // (the day made, until service is recorded)
  if (hasNotificationRequirements(input.kind)) {
    const triggerOn = input.servedOn ?? input.madeOn;
    await repo.insertNotification(tx, {
      caseId,
      orderId,
      userId: user.id,
      trigger: 'order',
      triggerOn,
      dueOn: notificationDueOn(triggerOn),
    });
  }
  await auditCase(tx, actor, h.access, {
    action: 'order.created',
    recordType: 'court_order',
    recordId: orderId,
    details: { kind: input.kind, conditions: input.conditions.length, channel },
  });
  return orderId;
}

/** An order standing, to change: NotFound, or Conflict when it was withdrawn as entered in error. */
async function standingOrder(tx: Tx, caseId: string, orderId: string) {
  const order = await repo.getOrder(tx, caseId, orderId);
  if (!order) throw new NotFound();
  if (order.withdrawn) throw withdrawnAlready('order');
  return order;
}

async function loadOrder(tx: Tx, caseId: string, orderId: string) {
  const order = await standingOrder(tx, caseId, orderId);
  const [events, conditions] = await Promise.all([
    repo.listEvents(tx, caseId, { orderId }),
    repo.listConditions(tx, caseId, orderId),
  ]);
  return { order, events, conditions };
}

/** What the event and breach forms choose from. */
export async function orderFormPage(
  tx: Tx,
  user: SessionUser,
  caseId: string,
  orderId: string,
  what: string,
) {
  const h = await openCase(tx, user, caseId);
  requireWrite(h.access, 'core', what);
  const { order, events, conditions } = await loadOrder(tx, caseId, orderId);
  const today = todayInLondon();
  const [incidents, voice] = await Promise.all([
    repo.incidentChoices(tx, caseId),
    h.access.levels.victim_voice === 'none' ? Promise.resolve([]) : repo.voiceChoices(tx, caseId),
  ]);
  return {
    ...h,
    order: orderAsOf(order, events, today),
    conditions,
    inForce: conditionsInForce(termOf(order), events, conditions, today),
    incidents,
    voice,
  };
}

export async function addEvent(
  tx: Tx,
  user: SessionUser,
  actor: Actor,
  caseId: string,
  orderId: string,
  input: EventInput,
  channel: Channel,
): Promise<string> {
  const h = await openCase(tx, user, caseId);
  requireWrite(h.access, 'core', 'record a change to an order');
  const { order, events, conditions } = await loadOrder(tx, caseId, orderId);
  const problems = eventProblems(termOf(order), events, conditions, input);
  if (input.victimVoiceId) {
    const found = await repo.voiceOnCase(tx, caseId, [input.victimVoiceId]);
    if (!found.has(input.victimVoiceId))
      problems.push({
        field: 'victimVoiceId',
        message: 'Choose an entry of the victim’s voice on this case',
      });
  }
  if (problems.length) throw new Invalid('The change to the order is not valid', problems);
  const eventId = await repo.insertEvent(tx, {
    caseId,
    orderId,
    userId: user.id,
    kind: input.kind,
    occurredOn: input.occurredOn,
    newEndsOn: input.newUntilFurtherOrder ? null : (input.newEndsOn ?? null),
    newUntilFurtherOrder: input.newUntilFurtherOrder ? true : input.newEndsOn ? false : null,
    removedConditionIds: [...new Set(input.removeConditionIds)],
    victimView: input.victimView ?? null,
    victimVoiceId: input.victimVoiceId ?? null,
    notes: input.notes ?? '',
  });
  if (input.kind === 'varied')
    await repo.insertConditions(tx, { caseId, orderId, eventId, conditions: input.addConditions });
  await auditCase(tx, actor, h.access, {
    action: `order.${input.kind}`,
    recordType: 'court_order_event',
    recordId: eventId,
    details: {
      orderId,
      added: input.addConditions.length,
      removed: input.removeConditionIds.length,
      victimView: Boolean(input.victimView || input.victimVoiceId),
      channel,
    },
  });
  return eventId;
}

export async function addBreach(
  tx: Tx,
  user: SessionUser,
  actor: Actor,
  caseId: string,
  orderId: string,
  input: BreachInput,
  channel: Channel,
): Promise<string> {
  const h = await openCase(tx, user, caseId);
  requireWrite(h.access, 'core', 'record a breach');
  const { order, events, conditions } = await loadOrder(tx, caseId, orderId);
  const problems = breachProblems(termOf(order), events, conditions, input);
  const incidentIds = [...new Set(input.incidentIds)];
  const incidents = await repo.incidentsOnCase(tx, caseId, incidentIds);
  if (incidentIds.some((id) => !incidents.has(id)))
    problems.push({ field: 'incidentIds', message: 'Choose incidents on this case' });
  if (problems.length) throw new Invalid('The breach is not valid', problems);
  const id = await repo.insertBreach(tx, {
    caseId,
    orderId,
    userId: user.id,
    conditionId: input.failureToNotify ? null : (input.conditionId ?? null),
    failureToNotify: input.failureToNotify,
    occurredOn: input.occurredOn,
    cameToLight: input.cameToLight,
    incidentIds,
    action: input.action,
    outcome: input.outcome ?? '',
    description: input.description,
  });
  // the case team is told (in-app), everyone but the person recording it
  const team = (await repo.teamMemberIds(tx, caseId)).filter((u) => u !== user.id);
  await notify(
    tx,
    team.map((userId) => ({
      userId,
      caseId,
      kind: 'order_breach',
      message: `A breach of the ${ORDER_KIND_SHORT[order.kind].toLowerCase()} on case ${h.case.reference} was recorded (${input.failureToNotify ? 'failure to notify' : 'a condition broken'} on ${input.occurredOn}).`,
      link: `/cases/${caseId}/orders/${orderId}`,
    })),
  );
  await auditCase(tx, actor, h.access, {
    action: 'order.breach_recorded',
    recordType: 'order_breach',
    recordId: id,
    details: { orderId, incidents: incidentIds.length, notified: team.length, channel },
  });
  return id;
}

export async function addNotificationRequirement(
  tx: Tx,
  user: SessionUser,
  actor: Actor,
  caseId: string,
  orderId: string,
  input: NotificationInput,
  channel: Channel,
): Promise<string> {
  const h = await openCase(tx, user, caseId);
  requireWrite(h.access, 'core', 'record a change of name or address');
  const { order } = await loadOrder(tx, caseId, orderId);
  if (!hasNotificationRequirements(order.kind))
    throw new Invalid('This order has no notification requirements', [
      { field: 'trigger', message: 'Only a stalking protection order has notification requirements' },
    ]);
  if (input.triggerOn < order.madeOn)
    throw new Invalid('The change is not valid', [
      {
        field: 'triggerOn',
        message: 'The date of the change must be on or after the date the order was made',
      },
    ]);
  const id = await repo.insertNotification(tx, {
    caseId,
    orderId,
    userId: user.id,
    trigger: input.trigger,
    triggerOn: input.triggerOn,
    dueOn: notificationDueOn(input.triggerOn),
    ...(input.notes ? { notes: input.notes } : {}),
  });
  await auditCase(tx, actor, h.access, {
    action: 'order.notification_required',
    recordType: 'order_notification',
    recordId: id,
    details: { orderId, trigger: input.trigger, channel },
  });
  return id;
}

export async function recordNotified(
  tx: Tx,
  user: SessionUser,
  actor: Actor,
  caseId: string,
  orderId: string,
  notificationId: string,
  input: NotifiedInput,
  channel: Channel,
): Promise<void> {
  const h = await openCase(tx, user, caseId);
  requireWrite(h.access, 'core', 'record a notification');
  await standingOrder(tx, caseId, orderId);
  const n = await repo.getNotification(tx, caseId, notificationId);
  if (!n || n.orderId !== orderId) throw new NotFound();
  if (n.notifiedOn)
    throw new Conflict(
      'The notification was already recorded',
      `Someone recorded it as given on ${n.notifiedOn}. Nothing was changed.`,
      [{ field: 'notifiedOn', message: `The notification was already recorded as given on ${n.notifiedOn}` }],
    );
  if (input.notifiedOn < n.triggerOn)
    throw new Invalid('The notification is not valid', [
      {
        field: 'notifiedOn',
        message: 'The date notified must be on or after the date it became due to be given',
      },
    ]);
  const ok = await repo.markNotified(tx, {
    caseId,
    id: notificationId,
    userId: user.id,
    notifiedOn: input.notifiedOn,
    notes: input.notes,
  });
  if (!ok) throw new Conflict('The notification was already recorded', 'Nothing was changed.');
  await auditCase(tx, actor, h.access, {
    action: 'order.notified',
    recordType: 'order_notification',
    recordId: notificationId,
    details: { orderId, late: input.notifiedOn > n.dueOn, channel },
  });
}

/** For the case overview: the orders in force today and the latest breaches (the caller checked core read). */
export async function ordersOverview(tx: Tx, caseId: string) {
  const today = todayInLondon();
  const [orders, events, breaches] = await Promise.all([
    repo.listOrders(tx, caseId),
    repo.listEvents(tx, caseId),
    repo.listBreaches(tx, caseId),
  ]);
  return {
    inForce: orders
      .map((o) => orderAsOf(o, events, today))
      .filter((o) => o.inForce)
      .map((o) => ({
        id: o.id,
        kind: ORDER_KIND_SHORT[o.kind],
        endsOn: o.currentEndsOn,
        untilFurtherOrder: o.currentUntilFurtherOrder,
      })),
    breaches: breaches.slice(0, 3).map((b) => ({
      id: b.id,
      orderId: b.orderId,
      occurredOn: b.occurredOn,
      kind: ORDER_KIND_SHORT[b.orderKind],
      what: b.failureToNotify ? 'Failure to notify' : (b.conditionText ?? ''),
    })),
    breachCount: breaches.length,
  };
}
