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
import { contactLogEntries } from './corrections.js';
import { CONTACT_LOG_FIELD_LABELS, formValuesOfContact, shownContactValue } from './corrections-rules.js';
import { contactLogAmendmentApi, contactLogInput, METHOD_TEXT } from './schemas.js';

const hide = { schema: { hide: true }, preValidation: requireUser };
const correctionReason = correctionReasonFor('contact log entry');

function ids(request: FastifyRequest) {
  return { caseId: caseIdOf(request), id: optionalUuidParam(request, 'entryId') ?? '' };
}

const victimNames = (victims: readonly { id: string; given_name: string; family_name: string }[]) =>
  new Map(victims.map((v) => [v.id, `${v.given_name} ${v.family_name}`]));

/** The posted fields in the input's shape (as the list's form). */
const contactFromForm = (f: Record<string, unknown>) => ({
  caseVictimId: f.caseVictimId || undefined,
  contactedOn: dateFromParts(f, 'contactedOn'),
  method: f.method || undefined,
  contactWith: f.contactWith,
  summary: f.summary,
  victimUpdated: f.victimUpdated === 'yes' ? true : f.victimUpdated === 'no' ? false : undefined,
});

/**
 * Correcting the contact log (issue 11): each entry's page (with its corrections and, when
 * withdrawn, the banner), the correction form, the confirmation before withdrawing it as entered in
 * error, and the same through the API.
 */
export const contactLogCorrectionRoutes: FastifyPluginAsync = async (app) => {
  app.get('/cases/:id/contact-log/:entryId', hide, async (request, reply) => {
    const target = ids(request);
    const view = await request.inTx(async (tx) => {
      const v = await contactLogEntries.open(tx, request.user!, actorOf(request), target, 'page');
      return { ...v, victims: await caseVictims(tx, target.caseId) };
    });
    const query = request.query as Record<string, unknown>;
    return reply.page('contact-log/views/entry.njk', {
      title: `Contact log entry – case ${view.h.case.reference}`,
      nav: 'cases',
      caseTab: 'contact-log',
      caseHeader: view.h.header,
      entry: view.row,
      methods: METHOD_TEXT,
      withdrawn: view.withdrawn,
      what: 'contact log entry',
      canWrite: view.h.access.levels.victim_contact === 'write',
      amended: query.amended === '1',
      history: historyOf(view.amendments, CONTACT_LOG_FIELD_LABELS, (field, v) =>
        shownContactValue(field, v, victimNames(view.victims)),
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
      const v = await contactLogEntries.standing(tx, request.user!, target, 'correct');
      await auditFormView(tx, actorOf(request), v.h, { type: 'victim_contact_log', id: target.id }, 'amend');
      return { ...v, victims: await caseVictims(tx, target.caseId) };
    });
    return reply.page('contact-log/views/amend.njk', {
      title: `Correct a contact log entry – case ${view.h.case.reference}`,
      nav: 'cases',
      caseTab: 'contact-log',
      caseHeader: view.h.header,
      entryId: target.id,
      victims: view.victims,
      methods: METHOD_TEXT,
      version: extra.version ?? view.row.version,
      values: extra.values ?? formValuesOfContact(view.row),
      errors: extra.errors,
    });
  };

  app.get('/cases/:id/contact-log/:entryId/amend', hide, async (request, reply) => amendPage(request, reply));

  app.post(
    '/cases/:id/contact-log/:entryId/amend',
    { ...hide, bodyLimit: 128 * 1024 },
    async (request, reply) => {
      const target = ids(request);
      const values = formFields(request.body);
      const parsed = parseCorrectionForm(values, {
        details: contactLogInput,
        posted: contactFromForm(values),
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
            contactLogEntries.amend(tx, request.user!, actorOf(request), target, parsed.input, 'page'),
          ),
        { field: 'reason' },
      );
      if (!outcome.ok)
        return amendPage(request, reply.code(outcome.status), {
          values,
          errors: outcome.errors,
          version: parsed.input.version,
        });
      return reply.redirect(`/cases/${target.caseId}/contact-log/${target.id}?amended=1`, 303);
    },
  );

  const entryParams = z.object({ id: z.string(), entryId: z.string() });

  registerWithdrawal(app, {
    recordPath: '/cases/:id/contact-log/:entryId',
    apiPath: '/api/v1/cases/:id/contact-log/:entryId',
    apiParams: entryParams,
    tag: 'contact-log',
    what: 'contact log entry',
    recordType: 'victim_contact_log',
    caseTab: 'contact-log',
    consequence:
      'It will no longer count as a contact with the victim: it leaves the contact log and when the victim was last updated. It stays on its own page, marked as withdrawn, with your reason.',
    target: ids,
    confirm: async (tx, user, t) => {
      const { h, row: entry } = await contactLogEntries.standing(tx, user, t, 'withdraw');
      return {
        h,
        summary: [
          { key: { text: 'Date of the contact' }, value: { text: formatDate(entry.contacted_on) } },
          { key: { text: 'Victim' }, value: { text: `${entry.given_name} ${entry.family_name}` } },
          {
            key: { text: 'How and with whom' },
            value: {
              text: `${METHOD_TEXT[entry.method as keyof typeof METHOD_TEXT] ?? entry.method} with ${entry.contact_with}`,
            },
          },
          {
            key: { text: 'Recorded' },
            value: { text: `${formatDateTime(entry.created_at)} by ${entry.author}` },
          },
        ],
      };
    },
    withdraw: contactLogEntries.withdraw,
    back: (t) => `/cases/${t.caseId}/contact-log/${t.id}`,
    done: (t) => `/cases/${t.caseId}/contact-log/${t.id}`,
  });

  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/api/v1/cases/:id/contact-log/:entryId/amendments',
    {
      preValidation: requireUser,
      schema: {
        tags: ['contact-log'],
        summary:
          'The corrections made to a contact log entry, newest first, with its version and any withdrawal',
        description:
          'Victim-contact: for those who hold or read the victim’s contact on the case, never through break-glass.',
        params: entryParams,
        response: { 200: amendmentHistoryApi.extend({ withdrawn: withdrawnApi }) },
      },
    },
    async (request) => {
      const view = await request.inTx((tx) =>
        contactLogEntries.open(tx, request.user!, actorOf(request), ids(request), 'api'),
      );
      return {
        ...amendmentHistoryOf(view.row.version, view.amendments),
        withdrawn: withdrawalApiOf(view.withdrawn),
      };
    },
  );

  api.post(
    '/api/v1/cases/:id/contact-log/:entryId/amendments',
    {
      preValidation: requireUser,
      schema: {
        tags: ['contact-log'],
        summary: 'Correct a contact log entry: every detail as it should now be, with the reason',
        description:
          'Needs write access to the victim’s contact. `version` is the entry’s version read (GET …/amendments); a correction since is refused with 409, as is a withdrawn entry. Nothing changed is refused with 422.',
        params: entryParams,
        body: contactLogAmendmentApi,
        response: { 201: z.object({ id: z.string().uuid() }) },
      },
    },
    async (request, reply) => {
      const id = await request.inTx((tx) =>
        contactLogEntries.amend(
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
