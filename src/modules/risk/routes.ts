import type { FastifyPluginAsync } from 'fastify';
import { registerCaseRecords } from '../../platform/case-records.js';
import { dateFromParts } from '../../platform/http/dates.js';
import { insertPlan, listPlans } from './repository.js';
import { RISK_LEVELS, riskPlanApi, riskPlanInput } from './schemas.js';

/** Risk management plans, in the risk compartment: the case team reads, health and police write. */
export const riskRoutes: FastifyPluginAsync = async (app) => {
  registerCaseRecords(app, {
    slug: 'risk',
    compartment: 'risk',
    recordType: 'risk_plan',
    title: 'Risk',
    template: 'risk/views/plans.njk',
    writeVerb: 'record a risk management plan',
    input: riskPlanInput,
    apiItem: riskPlanApi,
    fromForm: (f) => ({
      riskLevel: f.riskLevel,
      summary: f.summary,
      nextReviewDate: dateFromParts(f, 'nextReviewDate'),
    }),
    list: (tx, caseId) => listPlans(tx, caseId),
    insert: (tx, caseId, user, input) => insertPlan(tx, caseId, user.id, input),
    toApi: (r) => ({
      id: r.id,
      riskLevel: r.risk_level as (typeof RISK_LEVELS)[number],
      summary: r.summary,
      nextReviewDate: r.next_review_date,
      author: r.author,
      createdAt: r.created_at.toISOString(),
    }),
  });
};
