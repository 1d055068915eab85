import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { recordAudit } from '../../platform/audit/record.js';
import { requireUser } from '../../platform/auth/plugin.js';
import { NotFound } from '../../platform/errors.js';
import { actorOf } from '../../platform/http/actor.js';
import { MAX_ATTEMPTS } from './backoff.js';
import { listDeadLetters, retryDeadLetter } from './dead-letters.js';
import { wordsOf } from './kinds.js';

/** The administrator's pages (404 for anyone else: the capability gate). */
const page = {
  schema: { hide: true },
  preHandler: requireUser,
  config: { capability: 'administer' as const },
};

function letterId(request: FastifyRequest): string {
  const parsed = z
    .string()
    .uuid()
    .safeParse((request.params as { id?: string }).id);
  if (!parsed.success) throw new NotFound();
  return parsed.data;
}

/** The dead-letter list: e-mails that failed every attempt, with "Send again". */
export async function deadLetterRoutes(app: FastifyInstance): Promise<void> {
  app.get('/admin/mail', page, async (request, reply) => {
    const letters = await request.inTx(async (tx) => {
      const list = await listDeadLetters(tx);
      await recordAudit(tx, actorOf(request), {
        action: 'notification.dead_letters_viewed',
        reason: 'administration: e-mails not delivered',
        details: { shown: list.length },
      });
      return list;
    });
    return reply.page('notifications/views/dead-letters.njk', {
      title: 'E-mails not delivered',
      nav: 'admin',
      maxAttempts: MAX_ATTEMPTS,
      letters: letters.map((l) => ({ ...l, label: wordsOf(l.kind).label })),
      retried: (request.query as Record<string, unknown>).retried === '1',
    });
  });

  app.post('/admin/mail/:id/retry', page, async (request, reply) => {
    const id = letterId(request);
    await request.inTx(async (tx) => {
      if (!(await retryDeadLetter(tx, id))) throw new NotFound();
      await recordAudit(tx, actorOf(request), {
        action: 'notification.dead_letter_retried',
        reason: 'administration: send an e-mail again',
        recordType: 'notification_outbox',
        recordId: id,
      });
    });
    return reply.redirect('/admin/mail?retried=1', 303);
  });
}
