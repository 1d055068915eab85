import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { caseIdOf, optionalUuidParam } from '../../platform/case-context.js';
import type { SessionUser } from '../../platform/auth/sessions.js';
import {
  registerWithdrawal,
  standingRecord,
  withdrawnAlready,
  withdrawRecord,
  type WithdrawalTarget,
} from '../../platform/corrections/index.js';
import type { Actor, Tx } from '../../platform/db/request-tx.js';
import { Conflict, NotFound } from '../../platform/errors.js';
import { formatDate } from '../../platform/views/format.js';
import {
  breachesOfConditions,
  getOrder,
  listBreaches,
  listConditions,
  listEvents,
  moveOrderNotificationTrigger,
} from './repository.js';
import { EVENT_LABELS, ORDER_KIND_LABELS, ORDER_KIND_SHORT } from './rules.js';

const BREACH = { table: 'order_breach', compartment: 'core', what: 'breach' } as const;
const ORDER = { table: 'court_order', compartment: 'core', what: 'order' } as const;
const CONDITION = { table: 'court_order_condition', compartment: 'core', what: 'condition' } as const;
const EVENT = { table: 'court_order_event', compartment: 'core', what: 'change to the order' } as const;

const target = (request: FastifyRequest) => ({
  caseId: caseIdOf(request),
  orderId: optionalUuidParam(request, 'orderId') ?? '',
  id: optionalUuidParam(request, 'recordId') ?? '',
});

/**
 * Withdrawing a breach recorded in error (issue 11), from its order's page through the confirmation
 * page with a reason, or the API: it leaves the order, the timeline, the case overview, the order
 * alerts and the evaluation's re-offending, and stays listed on the order as withdrawn.
 */
export function registerBreachWithdrawal(app: FastifyInstance): void {
  registerWithdrawal(app, {
    recordPath: '/cases/:id/orders/:orderId/breaches/:recordId',
    apiPath: '/api/v1/cases/:id/orders/:orderId/breaches/:recordId',
    apiParams: z.object({ id: z.string(), orderId: z.string(), recordId: z.string() }),
    tag: 'orders',
    what: BREACH.what,
    recordType: BREACH.table,
    caseTab: 'orders',
    consequence:
      'It will no longer count as a breach: it leaves the order, the timeline, the case overview and the evaluation. It stays listed on the order as withdrawn, with your reason.',
    target,
    confirm: async (tx, user, t) => {
      const { h, record: b } = await breachOf(tx, user, t);
      return {
        h,
        summary: [
          { key: { text: 'Order' }, value: { text: ORDER_KIND_SHORT[b.orderKind] } },
          { key: { text: 'Date of the breach' }, value: { text: formatDate(b.occurredOn) } },
          {
            key: { text: 'What was broken' },
            value: { text: b.failureToNotify ? 'Failure to notify' : (b.conditionText ?? '') },
          },
          { key: { text: 'Recorded by' }, value: { text: b.createdBy } },
        ],
      };
    },
    withdraw: async (tx, user, actor, t, reason, channel) => {
      // the refusal the record's state calls for (no access, already withdrawn, its order
      // withdrawn), or not this order's
      await breachOf(tx, user, t);
      await withdrawRecord(tx, user, actor, { ...BREACH, caseId: t.caseId, id: t.id }, reason, channel);
    },
    back: (t) => `/cases/${t.caseId}/orders/${t.orderId}#breaches`,
    done: (t) => `/cases/${t.caseId}/orders/${t.orderId}#breaches`,
  });
}

const orderParams = z.object({ id: z.string(), orderId: z.string() });
const partParams = z.object({ id: z.string(), orderId: z.string(), recordId: z.string() });
const orderTarget = (request: FastifyRequest) => ({
  caseId: caseIdOf(request),
  id: optionalUuidParam(request, 'orderId') ?? '',
});

/**
 * Withdrawing an order entered in error, from its page through the confirmation page with a
 * reason, or the API: it leaves the orders, the order alerts, the case overview, the timeline and
 * the evaluation, with its breaches; its page stays, marked withdrawn, and takes no more changes.
 */
export function registerOrderWithdrawal(app: FastifyInstance): void {
  registerWithdrawal(app, {
    recordPath: '/cases/:id/orders/:orderId',
    apiPath: '/api/v1/cases/:id/orders/:orderId',
    apiParams: orderParams,
    tag: 'orders',
    what: ORDER.what,
    recordType: ORDER.table,
    caseTab: 'orders',
    consequence:
      'It will no longer stand as an order on this case: it leaves the orders, the alerts, the case overview, the timeline and the evaluation, and its breaches no longer count. Its page stays, marked as withdrawn, with your reason.',
    target: orderTarget,
    confirm: async (tx, user, t) => {
      const h = await standingRecord(tx, user, { ...ORDER, ...t }, 'withdraw an order');
      const o = await getOrder(tx, t.caseId, t.id);
      if (!o) throw new NotFound();
      return {
        h,
        summary: [
          { key: { text: 'Order' }, value: { text: ORDER_KIND_LABELS[o.kind] } },
          { key: { text: 'Court or issuing body' }, value: { text: o.issuingBody } },
          { key: { text: 'Made' }, value: { text: formatDate(o.madeOn) } },
          { key: { text: 'Recorded by' }, value: { text: o.createdBy } },
        ],
      };
    },
    withdraw: (tx, user, actor, t, reason, channel) =>
      withdrawRecord(tx, user, actor, { ...ORDER, ...t }, reason, channel),
    back: (t) => `/cases/${t.caseId}/orders/${t.id}`,
    done: (t) => `/cases/${t.caseId}/orders`,
  });
}

type Part = { caseId: string; orderId: string; id: string };

/**
 * A condition or event of an order to withdraw: write access, the record standing (Forbidden,
 * NotFound, Conflict), its order standing (a withdrawn order changes no more) and the record one
 * of that order's standing ones (not, say, a condition a withdrawn variation added).
 */
async function standingPart<R extends { id: string }>(
  tx: Tx,
  user: SessionUser,
  target: WithdrawalTarget,
  orderId: string,
  doing: string,
  list: () => Promise<readonly R[]>,
) {
  const h = await standingRecord(tx, user, target, doing);
  const order = await getOrder(tx, target.caseId, orderId);
  if (!order) throw new NotFound();
  if (order.withdrawn) throw withdrawnAlready('order');
  const record = (await list()).find((r) => r.id === target.id);
  if (!record) throw new NotFound();
  return { h, order, record };
}

/**
 * Withdraws the standing breaches of these conditions with the condition's reason (each audited as
 * its own withdrawal): a breach whose condition was entered in error no longer counts, as a breach
 * of a withdrawn order does not. It stays listed on the order as withdrawn with its condition.
 */
async function withdrawBreachesOf(
  tx: Tx,
  user: SessionUser,
  actor: Actor,
  caseId: string,
  conditionIds: readonly string[],
  reason: string,
  channel: 'page' | 'api',
): Promise<number> {
  const ids = await breachesOfConditions(tx, caseId, conditionIds);
  for (const id of ids) await withdrawRecord(tx, user, actor, { ...BREACH, caseId, id }, reason, channel);
  return ids.length;
}

const breachOf = (tx: Tx, user: SessionUser, t: Part) =>
  standingPart(tx, user, { ...BREACH, caseId: t.caseId, id: t.id }, t.orderId, 'withdraw a breach', () =>
    listBreaches(tx, t.caseId, { orderId: t.orderId }),
  );

const conditionOf = (tx: Tx, user: SessionUser, t: Part) =>
  standingPart(
    tx,
    user,
    { ...CONDITION, caseId: t.caseId, id: t.id },
    t.orderId,
    'withdraw a condition',
    () => listConditions(tx, t.caseId, t.orderId),
  );

async function eventOf(tx: Tx, user: SessionUser, t: Part) {
  const found = await standingPart(
    tx,
    user,
    { ...EVENT, caseId: t.caseId, id: t.id },
    t.orderId,
    'withdraw a change to an order',
    () => listEvents(tx, t.caseId, { orderId: t.orderId }),
  );
  // the order's making is the order: withdrawn with it, never alone
  if (found.record.kind === 'made')
    throw new Conflict(
      'The making of an order cannot be withdrawn on its own',
      'If the order was entered in error, withdraw the order itself.',
    );
  return found;
}

/**
 * Withdrawing an order's condition or a change to it (served, varied, renewed, discharged, expired,
 * appealed) entered in error, from the order's page through the confirmation page with a reason, or
 * the API. A withdrawn condition is no longer in force and its breaches go with it; a withdrawn
 * change no longer shapes the order (its end, whether it is in force, when it was served and the
 * notification that runs from it, the conditions a variation added or removed, with their
 * breaches) nor its alerts. Both stay listed on the order as withdrawn.
 */
export function registerOrderPartWithdrawals(app: FastifyInstance): void {
  registerWithdrawal(app, {
    recordPath: '/cases/:id/orders/:orderId/conditions/:recordId',
    apiPath: '/api/v1/cases/:id/orders/:orderId/conditions/:recordId',
    apiParams: partParams,
    tag: 'orders',
    what: CONDITION.what,
    recordType: CONDITION.table,
    caseTab: 'orders',
    consequence:
      'It will no longer be one of the order’s conditions: it leaves the conditions in force, the order and the alerts, and its breaches go with it (they no longer count, in the alerts, the timeline, the overview or the evaluation). It stays listed on the order as withdrawn, with your reason.',
    target,
    confirm: async (tx, user, t) => {
      const { h, order, record } = await conditionOf(tx, user, t);
      return {
        h,
        summary: [
          { key: { text: 'Order' }, value: { text: ORDER_KIND_SHORT[order.kind] } },
          { key: { text: 'Condition' }, value: { text: record.text } },
          {
            key: { text: 'Kind' },
            value: { text: record.kind === 'positive_requirement' ? 'Positive requirement' : 'Prohibition' },
          },
        ],
      };
    },
    withdraw: async (tx, user, actor, t, reason, channel) => {
      await conditionOf(tx, user, t);
      await withdrawRecord(tx, user, actor, { ...CONDITION, caseId: t.caseId, id: t.id }, reason, channel);
      await withdrawBreachesOf(tx, user, actor, t.caseId, [t.id], reason, channel);
    },
    back: (t) => `/cases/${t.caseId}/orders/${t.orderId}`,
    done: (t) => `/cases/${t.caseId}/orders/${t.orderId}`,
  });

  registerWithdrawal(app, {
    recordPath: '/cases/:id/orders/:orderId/events/:recordId',
    apiPath: '/api/v1/cases/:id/orders/:orderId/events/:recordId',
    apiParams: partParams,
    tag: 'orders',
    what: EVENT.what,
    recordType: EVENT.table,
    caseTab: 'orders',
    consequence:
      'It will no longer count as a change to the order: the order’s end, whether it is in force, when it was served, its conditions and its alerts are worked out without it, and it leaves the timeline. The breaches of conditions a variation added go with it. It stays listed on the order as withdrawn, with your reason.',
    target,
    confirm: async (tx, user, t) => {
      const { h, order, record } = await eventOf(tx, user, t);
      return {
        h,
        summary: [
          { key: { text: 'Order' }, value: { text: ORDER_KIND_SHORT[order.kind] } },
          { key: { text: 'Change' }, value: { text: EVENT_LABELS[record.kind] } },
          { key: { text: 'Date' }, value: { text: formatDate(record.occurredOn) } },
          { key: { text: 'Recorded by' }, value: { text: record.createdBy } },
        ],
      };
    },
    withdraw: async (tx, user, actor, t, reason, channel) => {
      const { order, record } = await eventOf(tx, user, t);
      // the conditions a variation added go with it, and so do their breaches
      const added =
        record.kind === 'varied'
          ? (await listConditions(tx, t.caseId, t.orderId)).filter((c) => c.addedEventId === t.id)
          : [];
      await withdrawRecord(tx, user, actor, { ...EVENT, caseId: t.caseId, id: t.id }, reason, channel);
      await withdrawBreachesOf(
        tx,
        user,
        actor,
        t.caseId,
        added.map((c) => c.id),
        reason,
        channel,
      );
      // an order no longer served then: the subject's duty to notify runs from its service as it
      // now stands (an earlier service standing, or the day it was made)
      if (record.kind === 'served') {
        const now = await getOrder(tx, t.caseId, t.orderId);
        await moveOrderNotificationTrigger(tx, {
          caseId: t.caseId,
          orderId: t.orderId,
          from: record.occurredOn,
          to: now?.servedOn ?? order.madeOn,
        });
      }
    },
    back: (t) => `/cases/${t.caseId}/orders/${t.orderId}#history`,
    done: (t) => `/cases/${t.caseId}/orders/${t.orderId}#history`,
  });
}
