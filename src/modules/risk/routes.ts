import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { auditCase, requireRead } from '../../platform/access/case-access.js';
import { requireUser } from '../../platform/auth/plugin.js';
import { registerCaseRecords } from '../../platform/case-records.js';
import type { SessionUser } from '../../platform/auth/sessions.js';
import type { Tx } from '../../platform/db/request-tx.js';
import { actorOf } from '../../platform/http/actor.js';
import { dateFromParts } from '../../platform/http/dates.js';

import { formatDate } from '../../platform/views/format.js';
import { ratingChartSvg } from '../../platform/views/svg-chart.js';
import { caseIdOf, openCase } from '../../platform/case-context.js';
import { buildRiskOverview, dateInLondon, type RiskOverview } from './overview.js';
import {
  insertPlan,
  listAssessments,
  listCompletedRatings,
  listPlans,
  listWithdrawnPlans,
} from './repository.js';
import { registerRiskPlanWithdrawal } from './withdrawals.js';
import { apiRiskOverview, RISK_LEVELS, riskPlanApi, riskPlanInput } from './schemas.js';

const RATING_WORD = { low: 'low', moderate: 'moderate', high: 'high' } as const;

/** The risk overview of a case, read and audited in the request's transaction. */
async function riskOverview(
  tx: Tx,
  request: FastifyRequest,
  user: SessionUser,
  caseId: string,
  channel: 'page' | 'api',
) {
  const h = await openCase(tx, user, caseId);
  requireRead(h.access, 'risk');
  const [assessments, ratings] = await Promise.all([
    listAssessments(tx, caseId),
    listCompletedRatings(tx, caseId),
  ]);
  const overview = buildRiskOverview(assessments, ratings, dateInLondon());
  await auditCase(tx, actorOf(request), h.access, {
    action: 'risk.overview.view',
    recordType: 'risk_overview',
    recordId: caseId,
    details: { channel, assessments: assessments.length, ratings: ratings.length },
  });
  return { h, overview };
}

function chartDescription(o: RiskOverview): string {
  if (!o.current.length) return 'No domain has been rated yet.';
  const dates = o.table.rows.map((r) => r.date);
  const span =
    dates.length > 1
      ? `from ${formatDate(dates[0])} to ${formatDate(dates[dates.length - 1])}`
      : `on ${formatDate(dates[0])}`;
  const now = o.current.map((c) => `${c.label}: ${RATING_WORD[c.rating]}`).join('; ');
  return `Ratings of ${o.current.length} domain${o.current.length === 1 ? '' : 's'} in ${dates.length} completed assessment${dates.length === 1 ? '' : 's'} ${span}, low, moderate or high. Current ratings: ${now}. The same data is in the table beside the chart.`;
}

/**
 * The risk compartment of a case: the overview of risk over time at /cases/:id/risk, and risk
 * management plans (dated records) at /cases/:id/risk-plans. The case team reads; health and
 * police write.
 */
export const riskRoutes: FastifyPluginAsync = async (app) => {
  registerCaseRecords(app, {
    slug: 'risk-plans',
    compartment: 'risk',
    recordType: 'risk_plan',
    title: 'Risk management plans',
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
    pageExtras: async (tx, caseId) => ({ withdrawn: await listWithdrawnPlans(tx, caseId) }),
    toApi: (r) => ({
      id: r.id,
      riskLevel: r.risk_level as (typeof RISK_LEVELS)[number],
      summary: r.summary,
      nextReviewDate: r.next_review_date,
      author: r.author,
      createdAt: r.created_at.toISOString(),
    }),
  });
  registerRiskPlanWithdrawal(app);

  app.get(
    '/cases/:id/risk',
    { schema: { hide: true }, preValidation: requireUser },
    async (request, reply) => {
      const caseId = caseIdOf(request);
      const { h, overview } = await request.inTx((tx) =>
        riskOverview(tx, request, request.user!, caseId, 'page'),
      );
      const chart = overview.series.length
        ? ratingChartSvg(overview.series, {
            id: 'risk-chart',
            title: `Risk ratings over time, case ${h.case.reference}`,
            description: chartDescription(overview),
            formatDate: (iso) => formatDate(dateInLondon(new Date(iso))),
          })
        : null;
      return reply.page('risk/views/overview.njk', {
        title: `Risk – case ${h.case.reference}`,
        nav: 'cases',
        caseTab: 'risk',
        caseHeader: h.header,
        overview,
        chart,
        canWrite: h.access.levels.risk === 'write',
      });
    },
  );

  const api = app.withTypeProvider<ZodTypeProvider>();
  api.get(
    '/api/v1/cases/:id/risk',
    {
      preValidation: requireUser,
      schema: {
        tags: ['risk'],
        summary: 'The current risk of a case: ratings per domain, their history, the next review',
        params: z.object({ id: z.string() }),
        response: { 200: apiRiskOverview },
      },
    },
    async (request) => {
      const caseId = caseIdOf(request);
      const { overview: o } = await request.inTx((tx) =>
        riskOverview(tx, request, request.user!, caseId, 'api'),
      );
      const band = (b: RiskOverview['bands']['screening']) =>
        b
          ? { assessmentId: b.assessmentId, instrument: b.instrument, band: b.band, overridden: b.overridden }
          : null;
      return {
        current: o.current.map((c) => ({
          domain: c.domain,
          label: c.label,
          rating: c.rating,
          ratedAt: c.ratedAt.toISOString(),
          assessedOn: c.assessedOn,
          assessmentId: c.assessmentId,
          instrument: c.instrument,
          assessor: c.assessor,
        })),
        history: o.changes,
        bands: { screening: band(o.bands.screening), spj: band(o.bands.spj) },
        nextReviewDate: o.nextReviewDate,
        nextReviewOverdue: o.nextReviewOverdue,
        fullAssessmentRecommended: o.fullAssessmentRecommended,
      };
    },
  );
};
