import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { caseIdOf, optionalUuidParam } from '../../platform/case-context.js';
import { registerWithdrawal, standingRecord, withdrawRecord } from '../../platform/corrections/index.js';
import { NotFound } from '../../platform/errors.js';
import { formatDate } from '../../platform/views/format.js';
import { listBreaches } from './repository.js';
import { ORDER_KIND_SHORT } from './rules.js';

const BREACH = { table: 'order_breach', compartment: 'core', what: 'breach' } as const;

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
    caseTab: 'orders',
    consequence:
      'It will no longer count as a breach: it leaves the order, the timeline, the case overview and the evaluation. It stays listed on the order as withdrawn, with your reason.',
    target,
    confirm: async (tx, user, t) => {
      const h = await standingRecord(
        tx,
        user,
        { ...BREACH, caseId: t.caseId, id: t.id },
        'withdraw a breach',
      );
      const b = (await listBreaches(tx, t.caseId, { orderId: t.orderId })).find((r) => r.id === t.id);
      if (!b) throw new NotFound();
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
      const onOrder = (await listBreaches(tx, t.caseId, { orderId: t.orderId })).some((r) => r.id === t.id);
      if (!onOrder) {
        // the refusal the record's state calls for (no access, already withdrawn), or not this order's
        await standingRecord(tx, user, { ...BREACH, caseId: t.caseId, id: t.id }, 'withdraw a breach');
        throw new NotFound();
      }
      await withdrawRecord(tx, user, actor, { ...BREACH, caseId: t.caseId, id: t.id }, reason, channel);
    },
    back: (t) => `/cases/${t.caseId}/orders/${t.orderId}#breaches`,
    done: (t) => `/cases/${t.caseId}/orders/${t.orderId}#breaches`,
  });
}
