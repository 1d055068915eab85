import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { requireUser } from '../../platform/auth/plugin.js';
import { actorOf } from '../../platform/http/actor.js';
import { caseIdOf, optionalUuidParam } from '../../platform/case-context.js';

/** What the assessment pages and API share: route options, ids from the URL, the service context. */

export const hide = { schema: { hide: true }, preValidation: requireUser };
export const uuid = z.string().uuid();

/** an id no assessment has, for the case-level routes (no :aid) */
export const NO_ASSESSMENT = '00000000-0000-0000-0000-000000000000';

export function idsOf(request: FastifyRequest): { caseId: string; aid: string } {
  return { caseId: caseIdOf(request), aid: optionalUuidParam(request, 'aid') ?? NO_ASSESSMENT };
}

export const ctxOf = (request: FastifyRequest, tx: Parameters<Parameters<FastifyRequest['inTx']>[0]>[0]) => ({
  tx,
  user: request.user!,
  actor: actorOf(request),
});
