import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireUser } from '../../platform/auth/plugin.js';
import { caseIdOf, optionalUuidParam } from '../../platform/case-context.js';
import {
  amendmentHistoryOf,
  parseCorrectionForm,
  registerWithdrawal,
} from '../../platform/corrections/index.js';
import { actorOf } from '../../platform/http/actor.js';
import { attemptForm, formFields, type GovukErrors } from '../../platform/http/forms.js';
import { formatDateTime } from '../../platform/views/format.js';
import { formatBytes } from './evidence.js';
import { formValuesOfIncident } from './corrections-rules.js';
import * as corrections from './corrections.js';
import { clockOfForm, incidentFromForm, withClockErrors } from './form.js';
import { describeWhen } from './format.js';
import {
  BEHAVIOUR_LABELS,
  correctionReason,
  incidentAmendmentApi,
  incidentAmendmentItemApi,
  incidentFormChoices,
  incidentInput,
} from './schemas.js';
import * as service from './service.js';

const hide = { schema: { hide: true }, preValidation: requireUser };

function ids(request: FastifyRequest) {
  return {
    caseId: caseIdOf(request),
    incidentId: optionalUuidParam(request, 'incidentId') ?? '',
    fileId: optionalUuidParam(request, 'fileId') ?? '',
  };
}

/**
 * Correcting the course of conduct (issue 11): the correction form and the confirmation pages for
 * withdrawing an incident or an evidence file as entered in error, and the same through the API.
 */
export const incidentCorrectionRoutes: FastifyPluginAsync = async (app) => {
  const amendPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    extra: { values?: Record<string, unknown>; errors?: GovukErrors; version?: number; clock?: unknown } = {},
  ) => {
    const { caseId, incidentId } = ids(request);
    const view = await request.inTx((tx) => corrections.amendPage(tx, request.user!, caseId, incidentId));
    const values = extra.values ?? formValuesOfIncident(view.incident);
    return reply.page('incidents/views/amend.njk', {
      title: `Correct an incident – case ${view.h.case.reference}`,
      nav: 'cases',
      caseTab: 'incidents',
      caseHeader: view.h.header,
      incidentId,
      victims: view.victims,
      version: extra.version ?? view.incident.version,
      values,
      clock: extra.clock ?? clockOfForm(values),
      errors: extra.errors,
      ...incidentFormChoices,
    });
  };

  app.get('/cases/:id/incidents/:incidentId/amend', hide, async (request, reply) =>
    amendPage(request, reply),
  );

  app.post(
    '/cases/:id/incidents/:incidentId/amend',
    { ...hide, bodyLimit: 64 * 1024 },
    async (request, reply) => {
      const { caseId, incidentId } = ids(request);
      const values = formFields(request.body, ['behaviours']);
      const clock = clockOfForm(values);
      const parsed = parseCorrectionForm(values, {
        details: incidentInput,
        posted: incidentFromForm(values),
        reason: correctionReason,
        detailErrors: (errors) => withClockErrors(errors, clock),
      });
      if (!parsed.ok)
        return amendPage(request, reply.code(400), {
          values,
          clock,
          errors: parsed.errors,
          ...(parsed.version ? { version: parsed.version } : {}),
        });
      const outcome = await attemptForm(() =>
        request.inTx((tx) =>
          corrections.amendIncident(
            tx,
            request.user!,
            actorOf(request),
            { caseId, incidentId },
            { incident: parsed.input.details, reason: parsed.input.reason, version: parsed.input.version },
            'page',
          ),
        ),
      );
      if (!outcome.ok)
        return amendPage(request, reply.code(outcome.status), {
          values,
          clock,
          errors: outcome.errors,
          version: parsed.input.version,
        });
      return reply.redirect(`/cases/${caseId}/incidents/${incidentId}?amended=1`, 303);
    },
  );

  const incidentParams = z.object({ id: z.string(), incidentId: z.string() });

  registerWithdrawal(app, {
    recordPath: '/cases/:id/incidents/:incidentId',
    apiPath: '/api/v1/cases/:id/incidents/:incidentId',
    apiParams: incidentParams,
    tag: 'incidents',
    what: 'incident',
    recordType: 'incident',
    caseTab: 'incidents',
    consequence:
      'It will no longer be part of the course of conduct: it leaves the incidents, the overview and the timeline. It stays on its own page, marked as withdrawn, with your reason.',
    target: ids,
    confirm: async (tx, user, t) => {
      const { h, incident } = await corrections.withdrawIncidentPage(tx, user, t.caseId, t.incidentId);
      return {
        h,
        summary: [
          { key: { text: 'When' }, value: { text: describeWhen(incident) } },
          {
            key: { text: 'What happened' },
            value: { text: incident.behaviours.map((b) => BEHAVIOUR_LABELS[b]).join('; ') },
          },
          {
            key: { text: 'Recorded' },
            value: { text: `${formatDateTime(incident.createdAt)} by ${incident.createdBy}` },
          },
        ],
      };
    },
    withdraw: corrections.withdrawIncident,
    back: (t) => `/cases/${t.caseId}/incidents/${t.incidentId}`,
    done: (t) => `/cases/${t.caseId}/incidents/${t.incidentId}`,
  });

  registerWithdrawal(app, {
    recordPath: '/cases/:id/incidents/:incidentId/evidence/:fileId',
    apiPath: '/api/v1/cases/:id/incidents/:incidentId/evidence/:fileId',
    apiParams: z.object({ id: z.string(), incidentId: z.string(), fileId: z.string() }),
    tag: 'incidents',
    what: 'evidence file',
    recordType: 'evidence_file',
    caseTab: 'incidents',
    consequence:
      'It will no longer be served. Its name, size and SHA-256 stay on the incident, marked as withdrawn, with your reason; the file itself is removed only under the retention rules.',
    target: ids,
    confirm: async (tx, user, t) => {
      const { h, file } = await corrections.withdrawEvidencePage(tx, user, t);
      return {
        h,
        summary: [
          { key: { text: 'File' }, value: { text: file.fileName } },
          {
            key: { text: 'Type and size' },
            value: { text: `${file.contentType}, ${formatBytes(file.sizeBytes)}` },
          },
          { key: { text: 'SHA-256' }, value: { text: file.sha256 } },
          {
            key: { text: 'Uploaded' },
            value: { text: `${formatDateTime(file.uploadedAt)} by ${file.uploadedBy}` },
          },
        ],
      };
    },
    withdraw: corrections.withdrawEvidence,
    back: (t) => `/cases/${t.caseId}/incidents/${t.incidentId}`,
    done: (t) => `/cases/${t.caseId}/incidents/${t.incidentId}?evidenceWithdrawn=1`,
  });

  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/api/v1/cases/:id/incidents/:incidentId/amendments',
    {
      preValidation: requireUser,
      schema: {
        tags: ['incidents'],
        summary: 'The corrections made to an incident, newest first, with its current version',
        params: incidentParams,
        response: { 200: z.object({ version: z.number().int(), items: z.array(incidentAmendmentItemApi) }) },
      },
    },
    async (request) => {
      const { caseId, incidentId } = ids(request);
      const view = await request.inTx((tx) =>
        service.openIncident(tx, request.user!, actorOf(request), caseId, incidentId, 'api'),
      );
      return amendmentHistoryOf(view.incident.version, view.amendments);
    },
  );

  api.post(
    '/api/v1/cases/:id/incidents/:incidentId/amendments',
    {
      preValidation: requireUser,
      schema: {
        tags: ['incidents'],
        summary: 'Correct an incident: every detail as it should now be, with the reason',
        description:
          'Needs write access to the case. `version` is the incident’s version read (GET …/incidents/{incidentId}); a correction since is refused with 409, as is a withdrawn incident. Nothing changed is refused with 422.',
        params: incidentParams,
        body: incidentAmendmentApi,
        response: { 201: z.object({ id: z.string().uuid() }) },
      },
    },
    async (request, reply) => {
      const { caseId, incidentId } = ids(request);
      const id = await request.inTx((tx) =>
        corrections.amendIncident(
          tx,
          request.user!,
          actorOf(request),
          { caseId, incidentId },
          request.body,
          'api',
        ),
      );
      return reply.code(201).send({ id });
    },
  );
};
