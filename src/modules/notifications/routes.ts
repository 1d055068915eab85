import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { recordAudit } from '../../platform/audit/record.js';
import { requireUser } from '../../platform/auth/plugin.js';
import { actorOf } from '../../platform/http/actor.js';
import { NotFound } from '../../platform/errors.js';
import { linkOf, listNotifications, markAllRead, markRead } from './repository.js';
import { apiNotificationList } from './schemas.js';

const hide = { schema: { hide: true }, preValidation: requireUser };

function notificationId(request: FastifyRequest): string {
  const parsed = z
    .string()
    .uuid()
    .safeParse((request.params as { id?: string }).id);
  if (!parsed.success) throw new NotFound();
  return parsed.data;
}

/**
 * In-app notifications: each user's own (row-level security shows no one else's), newest first,
 * unread ones marked. Alerts are written by the features that raise them (a domain rated high
 * alerts the case team); their messages carry no victim contact details.
 */
export const notificationRoutes: FastifyPluginAsync = async (app) => {
  app.get('/notifications', hide, async (request, reply) => {
    const user = request.user!;
    const rows = await request.inTx(async (tx) => {
      const list = await listNotifications(tx, user.id);
      await recordAudit(tx, actorOf(request), {
        action: 'notification.list',
        reason: 'own notifications',
        details: { shown: list.length, unread: list.filter((n) => n.read_at === null).length },
      });
      return list;
    });
    const marked = (request.query as Record<string, unknown>).marked;
    return reply.page('notifications/views/list.njk', {
      title: 'Notifications',
      nav: 'notifications',
      notifications: rows.map((n) => ({ ...n, href: linkOf(n), unread: n.read_at === null })),
      unread: rows.filter((n) => n.read_at === null).length,
      marked: marked === 'all' || marked === 'one' ? marked : null,
    });
  });

  app.post('/notifications/read-all', hide, async (request, reply) => {
    const user = request.user!;
    await request.inTx(async (tx) => {
      const count = await markAllRead(tx, user.id);
      await recordAudit(tx, actorOf(request), {
        action: 'notification.read_all',
        reason: 'own notifications',
        details: { count },
      });
    });
    return reply.redirect('/notifications?marked=all', 303);
  });

  app.post('/notifications/:id/read', hide, async (request, reply) => {
    const id = notificationId(request);
    const user = request.user!;
    await request.inTx(async (tx) => {
      if (!(await markRead(tx, user.id, id))) throw new NotFound();
      await recordAudit(tx, actorOf(request), {
        action: 'notification.read',
        reason: 'own notifications',
        recordType: 'notification',
        recordId: id,
      });
    });
    return reply.redirect('/notifications?marked=one', 303);
  });

  const api = app.withTypeProvider<ZodTypeProvider>();
  api.get(
    '/api/v1/notifications',
    {
      preValidation: requireUser,
      schema: {
        tags: ['notifications'],
        summary: 'Your notifications, newest first',
        response: { 200: apiNotificationList },
      },
    },
    async (request) => {
      const user = request.user!;
      const rows = await request.inTx(async (tx) => {
        const list = await listNotifications(tx, user.id);
        await recordAudit(tx, actorOf(request), {
          action: 'notification.list',
          reason: 'own notifications',
          details: { channel: 'api', shown: list.length },
        });
        return list;
      });
      return {
        items: rows.map((n) => ({
          id: n.id,
          caseId: n.case_id,
          caseReference: n.case_reference ?? null,
          kind: n.kind,
          message: n.message,
          link: linkOf(n),
          createdAt: n.created_at.toISOString(),
          readAt: n.read_at ? n.read_at.toISOString() : null,
        })),
        unread: rows.filter((n) => n.read_at === null).length,
      };
    },
  );
};
