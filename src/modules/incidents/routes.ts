import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireUser } from '../../platform/auth/plugin.js';
import { actorOf } from '../../platform/http/actor.js';
import { acceptMultipart, uploadedFile } from '../../platform/http/multipart.js';
import { Fault, Invalid } from '../../platform/errors.js';
import { attemptForm, formErrors, formFields, submitForm } from '../../platform/http/forms.js';
import { evidenceStore } from '../../platform/storage/index.js';
import { ALLOWED_DESCRIPTION, formatBytes } from './evidence.js';
import { historyOf } from '../../platform/corrections/index.js';
import { INCIDENT_FIELD_LABELS, shownIncidentValue } from './corrections-rules.js';
import { incidentCorrectionRoutes } from './corrections-routes.js';
import { clockOfForm, incidentFromForm, withClockErrors } from './form.js';
import { describeWhen } from './format.js';
import type { EvidenceRow, IncidentRow, Withdrawal } from './repository.js';
import {
  evidenceApi,
  incidentApi,
  incidentDetailApi,
  incidentFormChoices,
  incidentInput,
} from './schemas.js';
import * as service from './service.js';
import { caseIdOf, optionalUuidParam } from '../../platform/case-context.js';
import { attachment } from '../../platform/http/attachment.js';

const hide = { schema: { hide: true }, preValidation: requireUser };

function ids(request: FastifyRequest) {
  return {
    caseId: caseIdOf(request),
    incidentId: optionalUuidParam(request, 'incidentId') ?? '',
    fileId: optionalUuidParam(request, 'fileId') ?? '',
  };
}

const toApi = (r: IncidentRow): z.infer<typeof incidentApi> => ({
  id: r.id,
  occurredFrom: r.occurredFrom.toISOString(),
  occurredTo: r.occurredTo ? r.occurredTo.toISOString() : null,
  approximate: r.approximate,
  behaviours: r.behaviours,
  reportedBy: r.reportedBy,
  caseVictimId: r.caseVictimId,
  description: r.description,
  importBatch: r.importBatch,
  createdBy: r.createdBy,
  createdAt: r.createdAt.toISOString(),
  version: r.version,
  withdrawn: withdrawnToApi(r.withdrawn),
});

const withdrawnToApi = (w: Withdrawal | null) =>
  w ? { at: w.at.toISOString(), by: w.by, reason: w.reason } : null;

const evidenceToApi = (
  e: Omit<EvidenceRow, 'fileName'> & { fileName: string | null; withheld?: boolean },
): z.infer<typeof evidenceApi> => ({
  id: e.id,
  fileName: e.fileName,
  contentWithheld: e.withheld ?? false,
  contentType: e.contentType,
  sizeBytes: e.sizeBytes,
  sha256: e.sha256,
  uploadedBy: e.uploadedBy,
  uploadedAt: e.uploadedAt.toISOString(),
  withdrawn: withdrawnToApi(e.withdrawn),
});

/** Each correction with its changed fields as people read them (labels, dates, names). */
function historyRows(
  amendments: Parameters<typeof historyOf>[0],
  victims: readonly { id: string; name: string }[],
) {
  const names = new Map(victims.map((v) => [v.id, v.name]));
  return historyOf(amendments, INCIDENT_FIELD_LABELS, (field, v) => shownIncidentValue(field, v, names));
}

export const incidentRoutes: FastifyPluginAsync = async (app) => {
  const config = app.deps.config;
  const store = evidenceStore(config);
  const maxBytes = config.evidenceMaxBytes;
  // only this plugin's routes take multipart bodies: the evidence uploads
  acceptMultipart(app, { fileBytes: maxBytes, fields: 10 });
  const uploadBodyLimit = maxBytes + 256 * 1024;
  await app.register(incidentCorrectionRoutes);

  app.get('/cases/:id/incidents', hide, async (request, reply) => {
    const { caseId } = ids(request);
    const withdrawnList = (request.query as Record<string, unknown>).withdrawn === '1';
    const view = await request.inTx((tx) =>
      service.listPage(tx, request.user!, actorOf(request), caseId, 'page', { withdrawn: withdrawnList }),
    );
    return reply.page('incidents/views/list.njk', {
      title: `${withdrawnList ? 'Withdrawn incidents' : 'Incidents'} – case ${view.case.reference}`,
      withdrawnList,
      withdrawnCount: view.withdrawnCount,
      nav: 'cases',
      caseTab: 'incidents',
      caseHeader: view.header,
      incidents: view.incidents.map((i) => ({ ...i, when: describeWhen(i) })),
      canWrite: view.canWrite,
      added: (request.query as Record<string, unknown>).added === '1',
      imported: Number((request.query as Record<string, unknown>).imported) || 0,
      ...incidentFormChoices,
    });
  });

  const newPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    caseId: string,
    extra: Record<string, unknown> = {},
  ) => {
    const view = await request.inTx((tx) => service.newPage(tx, request.user!, caseId));
    return reply.page('incidents/views/new.njk', {
      title: `Record an incident – case ${view.case.reference}`,
      nav: 'cases',
      caseTab: 'incidents',
      caseHeader: view.header,
      victims: view.victims,
      values: { timing: 'exact' },
      ...incidentFormChoices,
      ...extra,
    });
  };

  app.get('/cases/:id/incidents/new', hide, async (request, reply) =>
    newPage(request, reply, ids(request).caseId),
  );

  app.post('/cases/:id/incidents', { ...hide, bodyLimit: 64 * 1024 }, async (request, reply) => {
    const { caseId } = ids(request);
    // behaviours are checkboxes: always a list in the values shown again
    const values = formFields(request.body, ['behaviours']);
    const outcome = await submitForm(incidentInput, incidentFromForm(values), (data) =>
      request.inTx((tx) => service.addIncident(tx, request.user!, actorOf(request), caseId, data, 'page')),
    );
    if (!outcome.ok) {
      // a time the clocks skipped or repeated: asked at the time, or as BST or GMT
      const clock = clockOfForm(values);
      return newPage(request, reply.code(outcome.status), caseId, {
        values,
        clock,
        errors: formErrors(withClockErrors(outcome.fieldErrors, clock)),
      });
    }
    return reply.redirect(`/cases/${caseId}/incidents/${outcome.value}?added=1`, 303);
  });

  const detailPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    extra: Record<string, unknown> = {},
  ) => {
    const { caseId, incidentId } = ids(request);
    const view = await request.inTx((tx) =>
      service.openIncident(tx, request.user!, actorOf(request), caseId, incidentId, 'page'),
    );
    const q = request.query as Record<string, unknown>;
    return reply.page('incidents/views/detail.njk', {
      title: `Incident – case ${view.case.reference}`,
      nav: 'cases',
      caseTab: 'incidents',
      caseHeader: view.header,
      incident: { ...view.incident, when: describeWhen(view.incident) },
      evidence: view.evidence
        .filter((e) => !e.withdrawn)
        .map((e) => ({ ...e, size: formatBytes(e.sizeBytes) })),
      withdrawnEvidence: view.evidence
        .filter((e) => e.withdrawn)
        .map((e) => ({ ...e, size: formatBytes(e.sizeBytes) })),
      history: historyRows(view.amendments, view.victims),
      canWrite: view.canWrite,
      added: q.added === '1',
      amended: q.amended === '1',
      evidenceWithdrawn: q.evidenceWithdrawn === '1',
      uploaded: q.uploaded === '1',
      // upper case first letter only: Nunjucks' capitalize would lower-case PDF, HEIC and the rest
      allowed: ALLOWED_DESCRIPTION[0]!.toUpperCase() + ALLOWED_DESCRIPTION.slice(1),
      maxSize: formatBytes(maxBytes),
      ...incidentFormChoices,
      ...extra,
    });
  };

  app.get('/cases/:id/incidents/:incidentId', hide, async (request, reply) => detailPage(request, reply));

  /** one upload in one transaction; a file stored for a transaction that then fails is removed */
  const upload = async (request: FastifyRequest, channel: 'page' | 'api') => {
    const { caseId, incidentId } = ids(request);
    const stored: { key?: string } = {};
    try {
      return await request.inTx((tx) =>
        service.addEvidence(
          tx,
          store,
          request.user!,
          actorOf(request),
          { caseId, incidentId },
          uploadedFile(request.body),
          maxBytes,
          stored,
          channel,
        ),
      );
    } catch (error) {
      if (stored.key) await store.delete(stored.key).catch(() => undefined);
      throw error;
    }
  };

  app.post(
    '/cases/:id/incidents/:incidentId/evidence',
    { ...hide, bodyLimit: uploadBodyLimit },
    async (request, reply) => {
      const { caseId, incidentId } = ids(request);
      const outcome = await attemptForm(() => upload(request, 'page'));
      if (!outcome.ok) return detailPage(request, reply.code(outcome.status), { errors: outcome.errors });
      return reply.redirect(`/cases/${caseId}/incidents/${incidentId}?uploaded=1`, 303);
    },
  );

  const download = async (request: FastifyRequest, reply: FastifyReply) => {
    const target = ids(request);
    const file = await request.inTx((tx) =>
      service.evidenceForDownload(tx, request.user!, actorOf(request), target),
    );
    let stream;
    try {
      stream = await service.openStored(store, file.storageKey);
    } catch (error) {
      request.log.error(
        { err: { message: (error as Error).message }, fileId: file.id },
        'evidence file missing',
      );
      throw new Fault('Sorry, the file could not be read');
    }
    // never rendered or run by the browser: an opaque attachment in a sandbox
    return attachment(reply, 'application/octet-stream', file.fileName)
      .header('Content-Length', String(file.sizeBytes))
      .send(stream);
  };

  app.get('/cases/:id/incidents/:incidentId/evidence/:fileId', hide, download);

  const api = app.withTypeProvider<ZodTypeProvider>();
  const caseParams = z.object({ id: z.string() });
  const incidentParams = z.object({ id: z.string(), incidentId: z.string() });

  api.get(
    '/api/v1/cases/:id/incidents',
    {
      preValidation: requireUser,
      schema: {
        tags: ['incidents'],
        summary: 'The incidents on a case (the course of conduct), most recent first',
        params: caseParams,
        response: { 200: z.object({ items: z.array(incidentApi) }) },
      },
    },
    async (request) => {
      const { caseId } = ids(request);
      const view = await request.inTx((tx) =>
        service.listPage(tx, request.user!, actorOf(request), caseId, 'api'),
      );
      return { items: view.incidents.map(toApi) };
    },
  );

  api.post(
    '/api/v1/cases/:id/incidents',
    {
      preValidation: requireUser,
      schema: {
        tags: ['incidents'],
        summary: 'Record an incident',
        description:
          'occurredFrom is a date (2026-03-04), a UK local date and time (2026-03-04T14:30) or an ISO 8601 ' +
          'date-time with offset. An approximate incident may give occurredTo, the end of the range. ' +
          'Dates in the future, and ranges that end before they start, are refused.',
        params: caseParams,
        body: incidentInput,
        response: { 201: z.object({ id: z.string().uuid() }) },
      },
    },
    async (request, reply) => {
      const { caseId } = ids(request);
      const id = await request.inTx((tx) =>
        service.addIncident(tx, request.user!, actorOf(request), caseId, request.body, 'api'),
      );
      return reply.code(201).send({ id });
    },
  );

  api.get(
    '/api/v1/cases/:id/incidents/:incidentId',
    {
      preValidation: requireUser,
      schema: {
        tags: ['incidents'],
        summary: 'One incident with its evidence files',
        params: incidentParams,
        response: { 200: incidentDetailApi },
      },
    },
    async (request) => {
      const { caseId, incidentId } = ids(request);
      const view = await request.inTx((tx) =>
        service.openIncident(tx, request.user!, actorOf(request), caseId, incidentId, 'api'),
      );
      return { ...toApi(view.incident), evidence: view.evidence.map(evidenceToApi) };
    },
  );

  api.post(
    '/api/v1/cases/:id/incidents/:incidentId/evidence',
    {
      preValidation: requireUser,
      bodyLimit: uploadBodyLimit,
      config: { multipartApi: true },
      schema: {
        tags: ['incidents'],
        summary: 'Upload an evidence file to an incident (multipart/form-data, one part named "file")',
        description: `Accepts ${ALLOWED_DESCRIPTION}, up to the configured size. The file's content must match its type; a refused file is not stored.`,
        params: incidentParams,
        consumes: ['multipart/form-data'],
        response: { 201: z.object({ id: z.string().uuid() }) },
      },
    },
    async (request, reply) => {
      if (!(request.headers['content-type'] ?? '').toLowerCase().startsWith('multipart/form-data'))
        throw new Invalid('That content type is not accepted', undefined, {
          detail: 'Send the file as multipart/form-data.',
          reason: 'unsupported_type',
        });
      const id = await upload(request, 'api');
      return reply.code(201).send({ id });
    },
  );

  api.get(
    '/api/v1/cases/:id/incidents/:incidentId/evidence/:fileId',
    {
      preValidation: requireUser,
      schema: {
        tags: ['incidents'],
        summary: 'Download an evidence file (always application/octet-stream, as an attachment)',
        params: z.object({ id: z.string(), incidentId: z.string(), fileId: z.string() }),
        response: {
          200: {
            description: 'The file as stored, as an attachment',
            content: { 'application/octet-stream': { schema: z.string().meta({ format: 'binary' }) } },
          },
        },
      },
    },
    download,
  );
};
