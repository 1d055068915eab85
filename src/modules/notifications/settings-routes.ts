import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { recordAudit } from '../../platform/audit/record.js';
import { requireUser } from '../../platform/auth/plugin.js';
import { actorOf } from '../../platform/http/actor.js';
import { formFields, submitForm, type GovukErrors } from '../../platform/http/forms.js';
import { KIND_LIST, NOTIFICATION_KINDS } from './kinds.js';
import { apiNotificationSettings, apiNotificationSettingsInput, settingsForm } from './schemas.js';
import { getSettings, outboxSummary, saveSettings, type NotificationSettings } from './settings.js';

const hide = { schema: { hide: true }, preValidation: requireUser };
export const SETTINGS_PATH = '/account/notifications';

const apiShape = (s: NotificationSettings) => ({
  kinds: KIND_LIST.map((kind) => ({
    kind,
    label: NOTIFICATION_KINDS[kind].label,
    email: s.emailKinds.includes(kind),
  })),
  dailyDigest: s.dailyDigest,
  version: s.version,
});

/**
 * Each person's notification settings (theirs only: row-level security): for each kind, in-app
 * only or in-app and e-mail, and the daily digest; a page under the account area and the API.
 * No case data; a change is audited.
 */
export async function settingsRoutes(app: FastifyInstance): Promise<void> {
  const page = async (
    request: FastifyRequest,
    reply: FastifyReply,
    extra: {
      errors?: GovukErrors;
      values?: { emailKinds: string[]; dailyDigest: boolean; version: number };
    } = {},
  ) => {
    const user = request.user!;
    const { settings, summary } = await request.inTx(async (tx) => ({
      settings: await getSettings(tx, user.id),
      summary: await outboxSummary(tx, user.id),
    }));
    const shown = extra.values ?? settings;
    return reply.page('notifications/views/settings.njk', {
      title: 'Notification settings',
      nav: 'notifications',
      kinds: KIND_LIST.map((kind) => ({
        value: kind,
        text: NOTIFICATION_KINDS[kind].label,
        checked: shown.emailKinds.includes(kind),
      })),
      dailyDigest: shown.dailyDigest,
      version: extra.values ? extra.values.version : settings.version,
      email: user.email,
      summary,
      saved: (request.query as Record<string, unknown>).saved === '1',
      errors: extra.errors,
    });
  };

  app.get(SETTINGS_PATH, hide, (request, reply) => page(request, reply));

  app.post(SETTINGS_PATH, hide, async (request, reply) => {
    const fields = formFields(request.body, ['emailKinds', 'dailyDigest']);
    const user = request.user!;
    const outcome = await submitForm(settingsForm, fields, (data) =>
      request.inTx(async (tx) => {
        const saved = await saveSettings(tx, user.id, data);
        await recordAudit(tx, actorOf(request), {
          action: 'notification.settings_changed',
          reason: 'own notification settings',
          details: { emailKinds: saved.emailKinds.length, dailyDigest: saved.dailyDigest },
        });
      }),
    );
    if (!outcome.ok) {
      const version = Number(fields.version);
      return page(request, reply.code(outcome.status), {
        errors: outcome.errors,
        values: {
          emailKinds: fields.emailKinds as string[],
          dailyDigest: (fields.dailyDigest as string[]).includes('yes'),
          version: Number.isInteger(version) ? version : 0,
        },
      });
    }
    return reply.redirect(`${SETTINGS_PATH}?saved=1`, 303);
  });

  const api = app.withTypeProvider<ZodTypeProvider>();
  api.get(
    '/api/v1/notifications/settings',
    {
      preValidation: requireUser,
      schema: {
        tags: ['notifications'],
        summary: 'Your notification settings: which kinds also come by e-mail, and the daily digest',
        response: { 200: apiNotificationSettings },
      },
    },
    async (request) => apiShape(await request.inTx((tx) => getSettings(tx, request.user!.id))),
  );
  api.put(
    '/api/v1/notifications/settings',
    {
      preValidation: requireUser,
      schema: {
        tags: ['notifications'],
        summary:
          'Change your notification settings (send the version you read: a stale one is refused with 409)',
        body: apiNotificationSettingsInput,
        response: { 200: apiNotificationSettings },
      },
    },
    async (request) =>
      apiShape(
        await request.inTx(async (tx) => {
          const saved = await saveSettings(tx, request.user!.id, request.body);
          await recordAudit(tx, actorOf(request), {
            action: 'notification.settings_changed',
            reason: 'own notification settings',
            details: { channel: 'api', emailKinds: saved.emailKinds.length, dailyDigest: saved.dailyDigest },
          });
          return saved;
        }),
      ),
  );
}
