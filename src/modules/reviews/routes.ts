import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { recordAudit } from '../../platform/audit/record.js';
import { requireUser } from '../../platform/auth/plugin.js';
import type { SessionUser } from '../../platform/auth/sessions.js';
import type { Tx } from '../../platform/db/request-tx.js';
import { actorOf } from '../../platform/http/actor.js';
import { addDays, dateInLondon } from '../risk/overview.js';
import { listReviewsDue } from './repository.js';
import { apiReviewList, apiReviewsQuery, reviewsQuery } from './schemas.js';
import { can } from '../../platform/access/policy.js';
import { sitesOfUser } from '../../platform/access/sites.js';
import { listOrderAlerts, ORDER_KIND_SHORT } from '../orders/public.js';
import { listMappaReviewsDue, mappaReviewState } from '../mappa-marac/public.js';

/** reviews this many days ahead are listed as due */
export const REVIEW_HORIZON_DAYS = 14;
/** the list shows the soonest this many; a site with more is narrowed by its filters */
export const REVIEW_LIST_LIMIT = 200;

type Filters = { site?: string | undefined; scope?: 'mine' | 'site' | undefined };

async function reviewsDue(
  tx: Tx,
  request: FastifyRequest,
  user: SessionUser,
  q: Filters,
  channel: 'page' | 'api',
) {
  const today = dateInLondon();
  const dueBy = addDays(today, REVIEW_HORIZON_DAYS);
  const coordinator = can(user, 'coordinate_site');
  const mine = coordinator ? q.scope === 'mine' : true;
  const siteId = q.site && user.siteIds.includes(q.site) ? q.site : null;
  const fetched = await listReviewsDue(tx, {
    userId: user.id,
    mine,
    siteId,
    horizon: dueBy,
    limit: REVIEW_LIST_LIMIT + 1,
  });
  const more = fetched.length > REVIEW_LIST_LIMIT;
  const rows = fetched.slice(0, REVIEW_LIST_LIMIT);
  await recordAudit(tx, actorOf(request), {
    action: 'review.list',
    reason: mine ? 'own reviews due' : 'site coordinator reviews due',
    details: { channel, shown: rows.length, more, site: siteId },
  });
  const items = rows.map((r) => ({
    ...r,
    state: (r.next_review_date === null
      ? 'no_assessment'
      : r.next_review_date < today
        ? 'overdue'
        : 'due') as 'overdue' | 'due' | 'no_assessment',
  }));
  // MAPPA reviews due (core): the same scope and horizon, in a list of their own
  const mappaFetched = await listMappaReviewsDue(tx, {
    mine,
    siteId,
    today,
    horizon: dueBy,
    limit: REVIEW_LIST_LIMIT + 1,
  });
  const mappaMore = mappaFetched.length > REVIEW_LIST_LIMIT;
  const mappa = mappaFetched.slice(0, REVIEW_LIST_LIMIT).map((r) => ({
    ...r,
    state: mappaReviewState(r.next_review_on, today, dueBy) ?? 'due',
  }));
  await recordAudit(tx, actorOf(request), {
    action: 'review.mappa_list',
    reason: mine ? 'own MAPPA reviews due' : 'site coordinator MAPPA reviews due',
    details: { channel, shown: mappa.length, more: mappaMore, site: siteId },
  });
  return { items, today, dueBy, mine, siteId, more, mappa, mappaMore };
}

/** Reviews due: each user's cases whose risk review is due soon or overdue; a coordinator's whole site. */
export const reviewRoutes: FastifyPluginAsync = async (app) => {
  // case work: programme-wide roles (figures, administration) have none of it
  app.get(
    '/reviews',
    { schema: { hide: true }, preValidation: requireUser, config: { capability: 'work_on_cases' } },
    async (request, reply) => {
      const parsed = reviewsQuery.safeParse(request.query);
      const q: Filters = parsed.success ? parsed.data : {};
      const user = request.user!;
      const view = await request.inTx(async (tx) => {
        const result = await reviewsDue(tx, request, user, q, 'page');
        const sites = await sitesOfUser(tx, user);
        // orders needing attention (issue 13): ending, licence ending, notification overdue, breach
        const orderAlerts = await listOrderAlerts(tx, {
          mine: result.mine,
          siteId: result.siteId,
          limit: REVIEW_LIST_LIMIT,
        });
        return { ...result, sites, orderAlerts };
      });
      return reply.page('reviews/views/list.njk', {
        title: view.mine ? 'Reviews due on my cases' : 'Reviews due at your sites',
        nav: 'reviews',
        reviews: view.items,
        more: view.more,
        mappa: view.mappa,
        mappaMore: view.mappaMore,
        limit: REVIEW_LIST_LIMIT,
        dueBy: view.dueBy,
        horizonDays: REVIEW_HORIZON_DAYS,
        sites: view.sites,
        isCoordinator: can(user, 'coordinate_site'),
        filters: { site: view.siteId ?? '', scope: q.scope ?? '' },
        orderAlerts: view.orderAlerts,
        orderKinds: ORDER_KIND_SHORT,
      });
    },
  );

  const api = app.withTypeProvider<ZodTypeProvider>();
  api.get(
    '/api/v1/reviews',
    {
      preValidation: requireUser,
      config: { capability: 'work_on_cases' },
      schema: {
        tags: ['reviews'],
        summary: 'Risk reviews due within 14 days or overdue, on your cases (a coordinator: your sites)',
        querystring: apiReviewsQuery,
        response: { 200: apiReviewList },
      },
    },
    async (request) => {
      const result = await request.inTx((tx) => reviewsDue(tx, request, request.user!, request.query, 'api'));
      return {
        items: result.items.map((r) => ({
          caseId: r.case_id,
          reference: r.reference,
          site: r.site_name,
          caseStatus: r.status,
          state: r.state,
          nextReviewDate: r.next_review_date,
          latestAssessmentId: r.assessment_id,
        })),
        dueBy: result.dueBy,
        more: result.more,
        mappa: result.mappa.map((r) => ({
          caseId: r.case_id,
          reference: r.reference,
          site: r.site_name,
          caseStatus: r.status,
          state: r.state,
          category: r.category,
          level: r.level,
          nextReviewDate: r.next_review_on,
        })),
        mappaMore: result.mappaMore,
      };
    },
  );
};
