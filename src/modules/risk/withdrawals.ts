import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { caseIdOf, optionalUuidParam } from '../../platform/case-context.js';
import { registerWithdrawal, standingRecord, withdrawRecord } from '../../platform/corrections/index.js';
import { NotFound } from '../../platform/errors.js';
import { formatDate, formatDateTime } from '../../platform/views/format.js';
import { listPlans } from './repository.js';

const RISK_PLAN = { table: 'risk_plan', compartment: 'risk', what: 'risk management plan' } as const;
const LEVEL = { low: 'Low', moderate: 'Moderate', high: 'High' } as Record<string, string>;

const target = (request: FastifyRequest) => ({
  caseId: caseIdOf(request),
  id: optionalUuidParam(request, 'recordId') ?? '',
});

/**
 * Withdrawing a risk management plan recorded in error (issue 11), from the plans page through the
 * confirmation page with a reason, or the API: it leaves the plans and stays listed as withdrawn.
 * Risk write access, as recording one.
 */
export function registerRiskPlanWithdrawal(app: FastifyInstance): void {
  registerWithdrawal(app, {
    recordPath: '/cases/:id/risk-plans/:recordId',
    apiPath: '/api/v1/cases/:id/risk-plans/:recordId',
    apiParams: z.object({ id: z.string(), recordId: z.string() }),
    tag: 'risk',
    what: RISK_PLAN.what,
    recordType: RISK_PLAN.table,
    caseTab: 'risk-plans',
    consequence:
      'It will leave the risk management plans. It stays listed as withdrawn, with your reason. If a plan is still needed, record the right one.',
    target,
    confirm: async (tx, user, t) => {
      const h = await standingRecord(tx, user, { ...RISK_PLAN, ...t }, 'withdraw a risk management plan');
      const p = (await listPlans(tx, t.caseId)).find((r) => r.id === t.id);
      if (!p) throw new NotFound();
      return {
        h,
        summary: [
          { key: { text: 'Level of risk' }, value: { text: LEVEL[p.risk_level] ?? p.risk_level } },
          { key: { text: 'Next review' }, value: { text: formatDate(p.next_review_date) } },
          { key: { text: 'Recorded' }, value: { text: `${formatDateTime(p.created_at)} by ${p.author}` } },
        ],
      };
    },
    withdraw: (tx, user, actor, t, reason, channel) =>
      withdrawRecord(tx, user, actor, { ...RISK_PLAN, ...t }, reason, channel),
    back: (t) => `/cases/${t.caseId}/risk-plans`,
    done: (t) => `/cases/${t.caseId}/risk-plans`,
  });
}
