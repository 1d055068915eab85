import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireUser } from '../../platform/auth/plugin.js';
import { caseIdOf, optionalUuidParam } from '../../platform/case-context.js';
import {
  amendmentHistoryApi,
  auditFormView,
  amendmentHistoryOf,
  correctionReasonFor,
  historyOf,
  parseCorrectionForm,
  registerWithdrawal,
  withdrawalApiOf,
  withdrawnApi,
} from '../../platform/corrections/index.js';
import { actorOf } from '../../platform/http/actor.js';
import { dateFromParts } from '../../platform/http/dates.js';
import { attemptForm, formFields, type GovukErrors } from '../../platform/http/forms.js';
import { formatDate, formatDateTime } from '../../platform/views/format.js';
import { listVictims as caseVictims } from '../cases/public.js';
import { voiceEntries } from './corrections.js';
import {
  formValuesOfVoice,
  shownVoiceValue,
  SHARING_TEXT,
  TOPIC_TEXT,
  VOICE_FIELD_LABELS,
} from './corrections-rules.js';
import { voiceAmendmentApi, voiceInput } from './schemas.js';

const hide = { schema: { hide: true }, preValidation: requireUser };
const correctionReason = correctionReasonFor('voice entry');

function ids(request: FastifyRequest) {
  return { caseId: caseIdOf(request), id: optionalUuidParam(request, 'entryId') ?? '' };
}

const victimNames = (victims: readonly { id: string; given_name: string; family_name: string }[]) =>
  new Map(victims.map((v) => [v.id, `${v.given_name} ${v.family_name}`]));

/** The posted voice fields in the input's shape (as the list's form). */
const voiceFromForm = (f: Record<string, unknown>) => ({
  caseVictimId: f.caseVictimId || undefined,
  body: f.body,
  topic: f.topic || undefined,
  sharing: f.sharing,
  recordedOn: dateFromParts(f, 'recordedOn'),
});

/**
 * Correcting the victim's voice (issue 11): each entry's page (with its corrections and, when
 * withdrawn, the banner), the correction form, the confirmation before withdrawing it as entered in
 * error, and the same through the API.
 */
export const voiceCorrectionRoutes: FastifyPluginAsync = async (app) => {
  app.get('/cases/:id/voice/:entryId', hide, async (request, reply) => {
    const target = ids(request);
    const view = await request.inTx(async (tx) => {
      const v = await voiceEntries.open(tx, request.user!, actorOf(request), target, 'page');
      return { ...v, victims: await caseVictims(tx, target.caseId) };
    });
    const query = request.query as Record<string, unknown>;
    return reply.page('voice/views/entry.njk', {
      title: `Voice entry – case ${view.h.case.reference}`,
      nav: 'cases',
      caseTab: 'voice',
      caseHeader: view.h.header,
      entry: view.row,
      topics: TOPIC_TEXT,
      sharingText: SHARING_TEXT,
      withdrawn: view.withdrawn,
      what: 'voice entry',
      canWrite: view.h.access.levels.victim_voice === 'write',
      amended: query.amended === '1',
      history: historyOf(view.amendments, VOICE_FIELD_LABELS, (field, v) =>
        shownVoiceValue(field, v, victimNames(view.victims)),
      ),
    });
  });

  const amendPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    extra: { values?: Record<string, unknown>; errors?: GovukErrors; version?: number } = {},
  ) => {
    const target = ids(request);
    const view = await request.inTx(async (tx) => {
      const v = await voiceEntries.standing(tx, request.user!, target, 'correct');
      await auditFormView(tx, actorOf(request), v.h, { type: 'victim_voice', id: target.id }, 'amend');
      return { ...v, victims: await caseVictims(tx, target.caseId) };
    });
    return reply.page('voice/views/amend.njk', {
      title: `Correct a voice entry – case ${view.h.case.reference}`,
      nav: 'cases',
      caseTab: 'voice',
      caseHeader: view.h.header,
      entryId: target.id,
      victims: view.victims,
      topics: TOPIC_TEXT,
      version: extra.version ?? view.row.version,
      values: extra.values ?? formValuesOfVoice(view.row),
      errors: extra.errors,
    });
  };

  app.get('/cases/:id/voice/:entryId/amend', hide, async (request, reply) => amendPage(request, reply));

  app.post('/cases/:id/voice/:entryId/amend', { ...hide, bodyLimit: 128 * 1024 }, async (request, reply) => {
    const target = ids(request);
    const values = formFields(request.body);
    const parsed = parseCorrectionForm(values, {
      details: voiceInput,
      posted: voiceFromForm(values),
      reason: correctionReason,
    });
    if (!parsed.ok)
      return amendPage(request, reply.code(400), {
        values,
        errors: parsed.errors,
        ...(parsed.version ? { version: parsed.version } : {}),
      });
    const outcome = await attemptForm(
      () =>
        request.inTx((tx) =>
          voiceEntries.amend(tx, request.user!, actorOf(request), target, parsed.input, 'page'),
        ),
      { field: 'reason' },
    );
    if (!outcome.ok)
      return amendPage(request, reply.code(outcome.status), {
        values,
        errors: outcome.errors,
        version: parsed.input.version,
      });
    return reply.redirect(`/cases/${target.caseId}/voice/${target.id}?amended=1`, 303);
  });

  const entryParams = z.object({ id: z.string(), entryId: z.string() });

  registerWithdrawal(app, {
    recordPath: '/cases/:id/voice/:entryId',
    apiPath: '/api/v1/cases/:id/voice/:entryId',
    apiParams: entryParams,
    tag: 'voice',
    what: 'voice entry',
    recordType: 'victim_voice',
    caseTab: 'voice',
    consequence:
      'It will no longer be the victim’s voice: it leaves the list, the case overview and whether the voice is up to date. It stays on its own page, marked as withdrawn, with your reason.',
    target: ids,
    confirm: async (tx, user, t) => {
      const { h, row: entry } = await voiceEntries.standing(tx, user, t, 'withdraw');
      return {
        h,
        summary: [
          { key: { text: 'When the victim said this' }, value: { text: formatDate(entry.recorded_on) } },
          { key: { text: 'Victim' }, value: { text: `${entry.given_name} ${entry.family_name}` } },
          {
            key: { text: 'Recorded' },
            value: { text: `${formatDateTime(entry.created_at)} by ${entry.author}` },
          },
        ],
      };
    },
    withdraw: voiceEntries.withdraw,
    back: (t) => `/cases/${t.caseId}/voice/${t.id}`,
    done: (t) => `/cases/${t.caseId}/voice/${t.id}`,
  });

  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/api/v1/cases/:id/voice/:entryId/amendments',
    {
      preValidation: requireUser,
      schema: {
        tags: ['voice'],
        summary: 'The corrections made to a voice entry, newest first, with its version and any withdrawal',
        description:
          'An entry the victim asked not to be shared, and its corrections, are found only by those who hold the victim’s contact; once an entry was not to be shared, its corrections stay with them.',
        params: entryParams,
        response: { 200: amendmentHistoryApi.extend({ withdrawn: withdrawnApi }) },
      },
    },
    async (request) => {
      const view = await request.inTx((tx) =>
        voiceEntries.open(tx, request.user!, actorOf(request), ids(request), 'api'),
      );
      return {
        ...amendmentHistoryOf(view.row.version, view.amendments),
        withdrawn: withdrawalApiOf(view.withdrawn),
      };
    },
  );

  api.post(
    '/api/v1/cases/:id/voice/:entryId/amendments',
    {
      preValidation: requireUser,
      schema: {
        tags: ['voice'],
        summary: 'Correct a voice entry: every detail as it should now be, with the reason',
        description:
          'Needs write access to the victim’s voice. `version` is the entry’s version read (GET …/amendments); a correction since is refused with 409, as is a withdrawn entry. Nothing changed is refused with 422.',
        params: entryParams,
        body: voiceAmendmentApi,
        response: { 201: z.object({ id: z.string().uuid() }) },
      },
    },
    async (request, reply) => {
      const id = await request.inTx((tx) =>
        voiceEntries.amend(
          tx,
          request.user!,
          actorOf(request),
          ids(request),
          { details: request.body.entry, reason: request.body.reason, version: request.body.version },
          'api',
        ),
      );
      return reply.code(201).send({ id });
    },
  );
};
