import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireUser } from '../../platform/auth/plugin.js';
import { actorOf } from '../../platform/http/actor.js';
import { COLUMNS, figures } from './service.js';

const cell = z.union([z.number().int(), z.literal('<5')]);

/** Aggregate figures for the national coordinator, evaluators and site coordinators. */
export const figuresRoutes: FastifyPluginAsync = async (app) => {
  app.get(
    '/figures',
    { schema: { hide: true }, preValidation: requireUser, config: { capability: 'see_figures' } },
    async (request, reply) => {
      const sites = await request.inTx((tx) => figures(tx, actorOf(request)));
      return reply.page('figures/views/figures.njk', {
        title: 'Programme figures',
        nav: 'figures',
        sites,
        columns: COLUMNS,
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
        summary: 'Cases by site and stage; counts from 1 to 4 shown as "<5"',
        response: {
          200: z.object({
            columns: z.array(z.string()),
            sites: z.array(z.object({ site: z.string(), cells: z.array(cell), total: cell })),
          }),
        },
      },
    },
    async (request) => {
      const sites = await request.inTx((tx) => figures(tx, actorOf(request)));
      return {
        columns: COLUMNS.map((c) => c.label),
        sites: sites.map(({ site, cells, total }) => ({ site, cells, total })),
      };
    },
  );
};
