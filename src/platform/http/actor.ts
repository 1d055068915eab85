import type { FastifyRequest } from 'fastify';
import type { Actor } from '../db/request-tx.js';

/** The actor of a request: its user, and the credential authentication found for it. */
export const actorOf = (request: FastifyRequest): Actor => ({
  userId: request.user?.id ?? null,
  requestId: request.id,
  credential: request.credential,
  audit: request.server.auditKeys,
});
