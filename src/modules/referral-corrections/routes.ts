import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { ZodType } from 'zod';
import { z } from 'zod';
import { requireUser } from '../../platform/auth/plugin.js';
import { caseIdOf, optionalUuidParam } from '../../platform/case-context.js';
import {
  amendmentHistoryApi,
  auditFormView,
  amendmentHistoryOf,
  historyOf,
  parseCorrectionForm,
  registerWithdrawal,
  withdrawalApiOf,
  type ParsedCorrection,
} from '../../platform/corrections/index.js';
import { actorOf } from '../../platform/http/actor.js';
import { attemptForm, formFields, type GovukErrors } from '../../platform/http/forms.js';
import { formatDateTime } from '../../platform/views/format.js';
import { labels } from '../../platform/views/labels.js';
import { CONSENTS, OFFENCE_CODES, RELATIONSHIPS } from '../referrals/schemas.js';
import { VICTIM_KIND_TEXT, VICTIM_KINDS } from '../victims/schemas.js';
import { OFFENCE_LABELS, REFERRAL_LABELS, shownValue, VICTIM_LABELS } from './rules.js';
import {
  offenceAmendmentApi,
  offenceDetailsInput,
  offenceReason,
  offencesApi,
  referralAmendmentApi,
  referralDetailsInput,
  referralReason,
  victimAmendmentApi,
  victimDetailsInput,
  victimReason,
  yesNo,
} from './schemas.js';
import * as service from './service.js';

const hide = { schema: { hide: true }, preValidation: requireUser };
const noAgencies = new Map<string, string>();
const labelOf = (table: Readonly<Record<string, string>>, code: string) => table[code] ?? code;

const ids = (request: FastifyRequest) => ({
  caseId: caseIdOf(request),
  offenceId: optionalUuidParam(request, 'offenceId') ?? '',
  victimId: optionalUuidParam(request, 'victimId') ?? '',
});

/** The choices the correction forms offer, as GOV.UK items take them. */
const choices = {
  offenceCodes: OFFENCE_CODES.map((value) => ({ value, text: labels.offence[value] })),
  relationships: RELATIONSHIPS.map((value) => ({ value, text: labels.relationship[value] })),
  consents: CONSENTS.map((value) => ({ value, text: labels.consent[value] })),
  victimKinds: VICTIM_KINDS.map((value) => ({ value, text: VICTIM_KIND_TEXT[value] })),
};

type Extra = { values?: Record<string, unknown>; errors?: GovukErrors; version?: number };

/** Parses a correction form (platform/corrections), naming `formField`'s fields as the form does. */
function parseCorrection<D>(
  values: Record<string, unknown>,
  schema: ZodType<D>,
  toDetails: (v: Record<string, unknown>) => unknown,
  reasonSchema: ZodType<string>,
  formField: Readonly<Record<string, string>> = {},
): ParsedCorrection<D> {
  return parseCorrectionForm(values, {
    details: schema,
    posted: toDetails(values),
    reason: reasonSchema,
    detailErrors: (errors) => errors.map((e) => ({ ...e, field: formField[e.field] ?? e.field })),
  });
}

/** Registers a correction form (GET and POST at `path`) that redirects to `done` once saved. */
function correctionForm<D>(
  app: FastifyInstance,
  path: string,
  form: {
    show: (request: FastifyRequest, reply: FastifyReply, extra: Extra) => Promise<unknown>;
    parse: (values: Record<string, unknown>) => ReturnType<typeof parseCorrection<D>>;
    save: (
      request: FastifyRequest,
      input: { details: D; reason: string; version: number },
    ) => Promise<unknown>;
    done: (request: FastifyRequest) => string;
  },
) {
  app.get(path, hide, async (request, reply) => form.show(request, reply, {}));
  app.post(path, hide, async (request, reply) => {
    const values = formFields(request.body);
    const parsed = form.parse(values);
    if (!parsed.ok)
      return form.show(request, reply.code(400), {
        values,
        errors: parsed.errors,
        ...(parsed.version ? { version: parsed.version } : {}),
      });
    const outcome = await attemptForm(() => form.save(request, parsed.input));
    if (!outcome.ok)
      return form.show(request, reply.code(outcome.status), {
        values,
        errors: outcome.errors,
        version: parsed.input.version,
      });
    return reply.redirect(form.done(request), 303);
  });
}

const referralFormValues = (d: {
  referringAgencyId: string;
  referrerName: string;
  reason: string;
  consent: string;
  consentNotes: string;
  isAdult: boolean;
  livesInArea: boolean;
}) => ({
  referringAgencyId: d.referringAgencyId,
  referrerName: d.referrerName,
  referralReason: d.reason,
  consent: d.consent,
  consentNotes: d.consentNotes,
  isAdult: d.isAdult ? 'yes' : 'no',
  livesInArea: d.livesInArea ? 'yes' : 'no',
});

const referralFromForm = (v: Record<string, unknown>) => ({
  referringAgencyId: v.referringAgencyId,
  referrerName: v.referrerName,
  reason: v.referralReason,
  consent: v.consent,
  consentNotes: v.consentNotes ?? '',
  isAdult: yesNo(v.isAdult),
  livesInArea: yesNo(v.livesInArea),
});

/**
 * Correcting what was recorded at referral (issue 11): the referral's page with its corrections
 * and the case's offences; each offence's and each victim's page; their correction forms; the
 * confirmation pages for withdrawing an offence or a victim as entered in error; and the same
 * through the API.
 */
export const referralCorrectionRoutes: FastifyPluginAsync = async (app) => {
  // the referral
  app.get('/cases/:id/referral', hide, async (request, reply) => {
    const view = await request.inTx((tx) =>
      service.referralPage(tx, request.user!, actorOf(request), caseIdOf(request), 'page'),
    );
    return reply.page('referral-corrections/views/referral.njk', {
      title: `Referral – case ${view.h.case.reference}`,
      nav: 'cases',
      caseTab: 'overview',
      caseHeader: view.h.header,
      referral: view.referral,
      offences: view.offences.filter((o) => !o.withdrawn),
      withdrawnOffences: view.offences.filter((o) => o.withdrawn),
      canWrite: view.canWrite,
      corrected: (request.query as Record<string, unknown>).corrected === '1',
      history: historyOf(view.amendments, REFERRAL_LABELS, shownValue(view.agencyNames)),
    });
  });

  correctionForm(app, '/cases/:id/referral/correct', {
    show: async (request, reply, extra) => {
      const caseId = caseIdOf(request);
      const view = await request.inTx(async (tx) => {
        const v = await service.referralToCorrect(tx, request.user!, caseId);
        await auditFormView(tx, actorOf(request), v.h, { type: 'referral', id: v.referral.id }, 'amend');
        return v;
      });
      return reply.page('referral-corrections/views/referral-correct.njk', {
        title: `Correct the referral – case ${view.h.case.reference}`,
        nav: 'cases',
        caseTab: 'overview',
        caseHeader: view.h.header,
        version: extra.version ?? view.referral.version,
        values: extra.values ?? referralFormValues(view.details),
        agencies: view.agencies.map((a) => ({ value: a.id, text: a.name })),
        errors: extra.errors,
        ...choices,
      });
    },
    parse: (values) =>
      parseCorrection(values, referralDetailsInput, referralFromForm, referralReason, {
        reason: 'referralReason',
      }),
    save: (request, input) =>
      request.inTx((tx) =>
        service.amendReferral(
          tx,
          request.user!,
          actorOf(request),
          caseIdOf(request),
          { referral: input.details, reason: input.reason, version: input.version },
          'page',
        ),
      ),
    done: (request) => `/cases/${caseIdOf(request)}/referral?corrected=1`,
  });

  // an offence
  app.get('/cases/:id/offences/:offenceId', hide, async (request, reply) => {
    const view = await request.inTx((tx) =>
      service.offencePage(tx, request.user!, actorOf(request), ids(request), 'page'),
    );
    return reply.page('referral-corrections/views/offence.njk', {
      title: `Offence – case ${view.h.case.reference}`,
      nav: 'cases',
      caseTab: 'overview',
      caseHeader: view.h.header,
      offence: view.offence,
      withdrawn: view.withdrawn,
      canWrite: view.canWrite,
      corrected: (request.query as Record<string, unknown>).corrected === '1',
      history: historyOf(view.amendments, OFFENCE_LABELS, shownValue(noAgencies)),
    });
  });

  correctionForm(app, '/cases/:id/offences/:offenceId/correct', {
    show: async (request, reply, extra) => {
      const target = ids(request);
      const view = await request.inTx(async (tx) => {
        const v = await service.offenceToCorrect(tx, request.user!, target);
        await auditFormView(
          tx,
          actorOf(request),
          v.h,
          { type: 'case_offence', id: target.offenceId },
          'amend',
        );
        return v;
      });
      return reply.page('referral-corrections/views/offence-correct.njk', {
        title: `Correct an offence – case ${view.h.case.reference}`,
        nav: 'cases',
        caseTab: 'overview',
        caseHeader: view.h.header,
        offenceId: view.offence.id,
        version: extra.version ?? view.offence.version,
        values: extra.values ?? { code: view.offence.code, description: view.offence.description },
        errors: extra.errors,
        ...choices,
      });
    },
    parse: (values) =>
      parseCorrection(
        values,
        offenceDetailsInput,
        (v) => ({ code: v.code, description: v.description ?? '' }),
        offenceReason,
      ),
    save: (request, input) =>
      request.inTx((tx) =>
        service.amendOffence(
          tx,
          request.user!,
          actorOf(request),
          ids(request),
          { offence: input.details, reason: input.reason, version: input.version },
          'page',
        ),
      ),
    done: (request) => `/cases/${caseIdOf(request)}/offences/${ids(request).offenceId}?corrected=1`,
  });

  const offenceParams = z.object({ id: z.string(), offenceId: z.string() });
  registerWithdrawal(app, {
    recordPath: '/cases/:id/offences/:offenceId',
    apiPath: '/api/v1/cases/:id/offences/:offenceId',
    apiParams: offenceParams,
    tag: 'cases',
    what: 'offence',
    recordType: 'case_offence',
    caseTab: 'overview',
    consequence:
      'It will no longer be one of the offences the case was referred for: it leaves the overview and the case’s offences. It stays on its own page, marked as withdrawn, with your reason.',
    target: ids,
    confirm: async (tx, user, t) => {
      const { h, offence } = await service.offenceToCorrect(tx, user, t);
      return {
        h,
        summary: [
          {
            key: { text: 'Offence' },
            value: { text: labelOf(labels.offence, offence.code) },
          },
          { key: { text: 'Details' }, value: { text: offence.description || 'None recorded' } },
        ],
      };
    },
    withdraw: service.withdrawOffence,
    back: (t) => `/cases/${t.caseId}/offences/${t.offenceId}`,
    done: (t) => `/cases/${t.caseId}/offences/${t.offenceId}`,
  });

  // a victim's place on the case
  app.get('/cases/:id/victims/:victimId', hide, async (request, reply) => {
    const view = await request.inTx((tx) =>
      service.victimPage(tx, request.user!, actorOf(request), ids(request), 'page'),
    );
    return reply.page('referral-corrections/views/victim.njk', {
      title: `Victim – case ${view.h.case.reference}`,
      nav: 'cases',
      caseTab: 'victims',
      caseHeader: view.h.header,
      victim: view.victim,
      kindText: VICTIM_KIND_TEXT[view.victim.victim_kind],
      withdrawn: view.withdrawn,
      canWrite: view.canWrite,
      corrected: (request.query as Record<string, unknown>).corrected === '1',
      history: historyOf(view.amendments, VICTIM_LABELS, shownValue(noAgencies)),
    });
  });

  correctionForm(app, '/cases/:id/victims/:victimId/correct', {
    show: async (request, reply, extra) => {
      const target = ids(request);
      const view = await request.inTx(async (tx) => {
        const v = await service.victimToCorrect(tx, request.user!, target);
        await auditFormView(tx, actorOf(request), v.h, { type: 'case_victim', id: target.victimId }, 'amend');
        return v;
      });
      return reply.page('referral-corrections/views/victim-correct.njk', {
        title: `Correct a victim’s details – case ${view.h.case.reference}`,
        nav: 'cases',
        caseTab: 'victims',
        caseHeader: view.h.header,
        victim: view.victim,
        version: extra.version ?? view.victim.version,
        values: extra.values ?? { relationship: view.victim.relationship, kind: view.victim.victim_kind },
        errors: extra.errors,
        ...choices,
      });
    },
    parse: (values) =>
      parseCorrection(
        values,
        victimDetailsInput,
        (v) => ({ relationship: v.relationship, kind: v.kind }),
        victimReason,
      ),
    save: (request, input) =>
      request.inTx((tx) =>
        service.amendVictim(
          tx,
          request.user!,
          actorOf(request),
          ids(request),
          { victim: input.details, reason: input.reason, version: input.version },
          'page',
        ),
      ),
    done: (request) => `/cases/${caseIdOf(request)}/victims/${ids(request).victimId}?corrected=1`,
  });

  const victimParams = z.object({ id: z.string(), victimId: z.string() });
  registerWithdrawal(app, {
    recordPath: '/cases/:id/victims/:victimId',
    apiPath: '/api/v1/cases/:id/victims/:victimId',
    apiParams: victimParams,
    tag: 'victims',
    what: 'victim',
    recordType: 'case_victim',
    caseTab: 'victims',
    consequence:
      'They will no longer be a victim on this case: they leave the victims, the overview, the check of the victim’s voice for case decisions and the figures. What was recorded for them (their voice, safety plans, contact details and log) stays with them, marked as withdrawn, for those who may see it. An incident that names them must be corrected or withdrawn first.',
    target: ids,
    confirm: async (tx, user, t) => {
      const { h, victim } = await service.victimToCorrect(tx, user, t);
      return {
        h,
        summary: [
          { key: { text: 'Name' }, value: { text: `${victim.given_name} ${victim.family_name}` } },
          { key: { text: 'On this case as' }, value: { text: VICTIM_KIND_TEXT[victim.victim_kind] } },
          {
            key: { text: 'Relationship to the person referred' },
            value: {
              text: labelOf(labels.relationship, victim.relationship),
            },
          },
          { key: { text: 'Added' }, value: { text: formatDateTime(victim.created_at) } },
        ],
      };
    },
    withdraw: service.withdrawVictim,
    back: (t) => `/cases/${t.caseId}/victims/${t.victimId}`,
    done: (t) => `/cases/${t.caseId}/victims/${t.victimId}`,
  });

  // the API
  const api = app.withTypeProvider<ZodTypeProvider>();
  const caseParams = z.object({ id: z.string() });
  const created = { 201: z.object({ id: z.string().uuid() }) };
  const refusals =
    'Needs write access to the case. `version` is the version read (GET …/amendments); a correction since is refused with 409, as is a withdrawn record. Nothing changed is refused with 422.';

  api.get(
    '/api/v1/cases/:id/referral/amendments',
    {
      preValidation: requireUser,
      schema: {
        tags: ['cases'],
        summary: 'The corrections made to a case’s referral, newest first, with its current version',
        params: caseParams,
        response: { 200: amendmentHistoryApi },
      },
    },
    async (request) => {
      const view = await request.inTx((tx) =>
        service.referralPage(tx, request.user!, actorOf(request), caseIdOf(request), 'api'),
      );
      return amendmentHistoryOf(view.referral.version, view.amendments);
    },
  );
  api.post(
    '/api/v1/cases/:id/referral/amendments',
    {
      preValidation: requireUser,
      schema: {
        tags: ['cases'],
        summary: 'Correct a case’s referral: every detail as it should now be, with the reason',
        description: refusals,
        params: caseParams,
        body: referralAmendmentApi,
        response: created,
      },
    },
    async (request, reply) => {
      const { referral, reason, version } = request.body;
      const id = await request.inTx((tx) =>
        service.amendReferral(
          tx,
          request.user!,
          actorOf(request),
          caseIdOf(request),
          { referral, reason, version },
          'api',
        ),
      );
      return reply.code(201).send({ id });
    },
  );

  api.get(
    '/api/v1/cases/:id/offences',
    {
      preValidation: requireUser,
      schema: {
        tags: ['cases'],
        summary: 'The offences a case was referred for, each with its version; those withdrawn are marked',
        params: caseParams,
        response: { 200: offencesApi },
      },
    },
    async (request) => {
      const view = await request.inTx((tx) =>
        service.referralPage(tx, request.user!, actorOf(request), caseIdOf(request), 'api'),
      );
      return {
        items: view.offences.map((o) => ({
          id: o.id,
          code: o.code as (typeof OFFENCE_CODES)[number],
          description: o.description,
          version: o.version,
          withdrawn: withdrawalApiOf(o.withdrawn),
        })),
      };
    },
  );
  api.get(
    '/api/v1/cases/:id/offences/:offenceId/amendments',
    {
      preValidation: requireUser,
      schema: {
        tags: ['cases'],
        summary: 'The corrections made to an offence, newest first, with its current version',
        params: offenceParams,
        response: { 200: amendmentHistoryApi },
      },
    },
    async (request) => {
      const view = await request.inTx((tx) =>
        service.offencePage(tx, request.user!, actorOf(request), ids(request), 'api'),
      );
      return amendmentHistoryOf(view.offence.version, view.amendments);
    },
  );
  api.post(
    '/api/v1/cases/:id/offences/:offenceId/amendments',
    {
      preValidation: requireUser,
      schema: {
        tags: ['cases'],
        summary: 'Correct an offence: the offence and its details as they should now be, with the reason',
        description: refusals,
        params: offenceParams,
        body: offenceAmendmentApi,
        response: created,
      },
    },
    async (request, reply) => {
      const { offence, reason, version } = request.body;
      const id = await request.inTx((tx) =>
        service.amendOffence(
          tx,
          request.user!,
          actorOf(request),
          ids(request),
          { offence, reason, version },
          'api',
        ),
      );
      return reply.code(201).send({ id });
    },
  );
  api.get(
    '/api/v1/cases/:id/victims/:victimId/amendments',
    {
      preValidation: requireUser,
      schema: {
        tags: ['victims'],
        summary: 'The corrections made to a victim’s place on a case, newest first, with its current version',
        params: victimParams,
        response: { 200: amendmentHistoryApi },
      },
    },
    async (request) => {
      const view = await request.inTx((tx) =>
        service.victimPage(tx, request.user!, actorOf(request), ids(request), 'api'),
      );
      return amendmentHistoryOf(view.victim.version, view.amendments);
    },
  );
  api.post(
    '/api/v1/cases/:id/victims/:victimId/amendments',
    {
      preValidation: requireUser,
      schema: {
        tags: ['victims'],
        summary:
          'Correct a victim’s place on a case (relationship; victim, proxy or third party), with the reason',
        description: refusals,
        params: victimParams,
        body: victimAmendmentApi,
        response: created,
      },
    },
    async (request, reply) => {
      const { victim, reason, version } = request.body;
      const id = await request.inTx((tx) =>
        service.amendVictim(
          tx,
          request.user!,
          actorOf(request),
          ids(request),
          { victim, reason, version },
          'api',
        ),
      );
      return reply.code(201).send({ id });
    },
  );
};
