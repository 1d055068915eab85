import type { FastifyPluginAsync } from 'fastify';
import { sql } from 'kysely';
import { withActor } from '../../platform/db/request-tx.js';

/** Liveness says the process answers; readiness says it can reach its database as the request role. */
export const healthRoutes: FastifyPluginAsync = async (app) => {
  app.get('/health/live', { schema: { hide: true } }, async () => ({ status: 'ok' }));
  app.get('/health/ready', { schema: { hide: true } }, async (request, reply) => {
    try {
      await withActor(app.deps.db.app, { userId: null, requestId: request.id }, (tx) =>
        sql`select 1`.execute(tx),
      );
      return { status: 'ok', database: 'ok' };
    } catch {
      return reply.code(503).send({ status: 'unavailable', database: 'unreachable' });
    }
  });
};
