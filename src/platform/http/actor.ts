import type { FastifyRequest } from 'fastify';
import type { Actor } from '../db/request-tx.js';

export const actorOf = (request: FastifyRequest): Actor => ({
  userId: request.user?.id ?? null,
  requestId: request.id,
});
