import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireUser } from '../../platform/auth/plugin.js';
import { actorOf } from '../../platform/http/actor.js';
import { NotFound } from '../../platform/errors.js';
import { recordAudit } from '../../platform/audit/record.js';
import { refusedAttempts } from './repository.js';
import { compartmentName, REVIEW_API_MAX_CASES, REVIEW_PAGE_CASES, reviewForSite, toCsv } from './service.js';
import { can } from '../../platform/access/policy.js';
import { sitesOfUser } from '../../platform/access/sites.js';
import { attachment } from '../../platform/http/attachment.js';
import { today } from '../../platform/clock.js';

// the quarterly review and refused attempts: site coordinators and administrators only (404 for
// anyone else, the capability gate); which sites each may review depends on the data (service)
const hide = {
  schema: { hide: true },
  preValidation: requireUser,
  config: { capability: 'review_access' as const },
};

function siteIdOf(request: FastifyRequest): string {
  const parsed = z
    .string()
    .uuid()
    .safeParse((request.params as { siteId?: string }).siteId);
  if (!parsed.success) throw new NotFound();
  return parsed.data;
}

/** The quarterly access review: who can see which cases and compartments at a site, and why. */
export const accessReviewRoutes: FastifyPluginAsync = async (app) => {
  app.get('/access-review', hide, async (request, reply) => {
    const user = request.user!;
    const sites = await request.inTx((tx) => sitesOfUser(tx, user));
    if (!sites.length) throw new NotFound();
    if (sites.length === 1) return reply.redirect(`/sites/${sites[0]!.id}/access-review`);
    return reply.page('access-review/views/sites.njk', {
      title: 'Access review',
      nav: 'access-review',
      sites,
    });
  });

  // security events: attempts to open cases (or parts of them) the person may not see
  app.get('/access-refusals', hide, async (request, reply) => {
    const user = request.user!;
    const rows = await request.inTx(async (tx) => {
      const found = await refusedAttempts(tx);
      await recordAudit(tx, actorOf(request), {
        action: 'access.refusals_viewed',
        reason: can(user, 'administer') ? 'administrator' : 'site coordinator',
        details: { count: found.length },
      });
      return found;
    });
    return reply.page('access-review/views/refusals.njk', {
      title: 'Attempts to open cases you may not see',
      nav: 'access-refusals',
      rows,
    });
  });

  app.get('/sites/:siteId/access-review', hide, async (request, reply) => {
    const siteId = siteIdOf(request);
    const query = (request.query ?? {}) as Record<string, unknown>;
    const after = typeof query.after === 'string' && query.after.length <= 40 ? query.after : null;
    const { site, rows, next } = await request.inTx((tx) =>
      reviewForSite(tx, request.user!, actorOf(request), siteId, 'page', after),
    );
    return reply.page('access-review/views/review.njk', {
      title: `Access review – ${site.name}`,
      nav: 'access-review',
      site,
      rows: rows.map((r) => ({ ...r, compartmentNames: r.compartments.map(compartmentName) })),
      after,
      next,
      pageCases: REVIEW_PAGE_CASES,
      generatedAt: new Date(),
    });
  });

  app.get('/sites/:siteId/access-review.csv', hide, async (request, reply) => {
    const siteId = siteIdOf(request);
    const { site, rows } = await request.inTx((tx) =>
      reviewForSite(tx, request.user!, actorOf(request), siteId, 'csv'),
    );
    return attachment(reply, 'text/csv; charset=utf-8', `access-review-${site.code}-${today()}.csv`).send(
      toCsv(rows),
    );
  });

  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/v1/sites/:siteId/access-review',
    {
      preValidation: requireUser,
      config: { capability: 'review_access' },
      schema: {
        tags: ['access-review'],
        summary: 'Who can see which cases and compartments at a site, and why, some cases at a time',
        description:
          'The rows of up to `cases` cases (default 500, at most 1000) in case reference order after the reference `after`; `next` is the `after` of the next call, null after the last case.',
        params: z.object({ siteId: z.string() }),
        querystring: z.object({
          after: z.string().max(40).optional(),
          cases: z.coerce.number().int().min(1).max(REVIEW_API_MAX_CASES).default(500),
        }),
        response: {
          200: z.object({
            items: z.array(
              z.object({
                caseReference: z.string(),
                user: z.string(),
                role: z.string(),
                basis: z.string(),
                until: z.string().nullable(),
                compartments: z.array(z.string()),
              }),
            ),
            next: z.string().nullable(),
          }),
        },
      },
    },
    async (request) => {
      const { after, cases } = request.query;
      const { rows, next } = await request.inTx((tx) =>
        reviewForSite(tx, request.user!, actorOf(request), siteIdOf(request), 'api', after ?? null, cases),
      );
      return {
        next,
        items: rows.map((r) => ({
          caseReference: r.case_reference,
          user: r.user_name,
          role: r.role,
          basis: r.basis,
          until: r.until ? r.until.toISOString() : null,
          compartments: r.compartments,
        })),
      };
    },
  );
};
