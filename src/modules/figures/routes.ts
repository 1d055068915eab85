import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireUser } from '../../platform/auth/plugin.js';
import { actorOf } from '../../platform/http/actor.js';
import { DEFAULT_RULE, describeRule, type SafeCount } from '../../platform/disclosure-control/index.js';
import { COLUMNS, figures } from './service.js';

/** A published count: a multiple of 5, or "[c]" for a count from 1 to 7 */
const cell = z.union([z.number().int(), z.literal(DEFAULT_RULE.withheldSymbol)]);
const published = (c: SafeCount): number | string => c.value ?? c.shown;

/** Aggregate figures for the national coordinator, evaluators and site coordinators. */
export const figuresRoutes: FastifyPluginAsync = async (app) => {
  app.get(
    '/figures',
    { schema: { hide: true }, preValidation: requireUser, config: { capability: 'see_figures' } },
    async (request, reply) => {
      const { sites, totals, grandTotal } = await request.inTx((tx) => figures(tx, actorOf(request)));
      return reply.page('figures/views/figures.njk', {
        title: 'Programme figures',
        nav: 'figures',
        sites,
        totals,
        grandTotal,
        columns: COLUMNS,
        rule: DEFAULT_RULE,
        method: describeRule(),
      });
    },
  );

  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/v1/figures',
    {
      preValidation: requireUser,
      config: { capability: 'see_figures' },
      schema: {
        tags: ['figures'],
        summary:
          'Cases by site and stage; counts rounded to the nearest 5, counts from 1 to 7 shown as "[c]", totals summed from the rounded counts',
        response: {
          200: z.object({
            columns: z.array(z.string()),
            sites: z.array(z.object({ site: z.string(), cells: z.array(cell), total: cell })),
            totals: z.object({ cells: z.array(cell), total: cell }),
            method: z.string(),
          }),
        },
      },
    },
    async (request) => {
      const { sites, totals, grandTotal } = await request.inTx((tx) => figures(tx, actorOf(request)));
      return {
        columns: COLUMNS.map((c) => c.label),
        sites: sites.map(({ site, cells, total }) => ({
          site,
          cells: cells.map(published),
          total: published(total),
        })),
        totals: { cells: totals.map(published), total: published(grandTotal) },
        method: describeRule(),
      };
    },
  );
};
