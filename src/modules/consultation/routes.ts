import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireUser } from '../../platform/auth/plugin.js';
import { caseIdOf, uuidParam } from '../../platform/case-context.js';
import { dateFromParts } from '../../platform/http/dates.js';
import { actorOf } from '../../platform/http/actor.js';
import { formFields, submitForm } from '../../platform/http/forms.js';
import { letterText } from './letter.js';
import type { ConsultationRow } from './repository.js';
import { consultationApi, consultationInput } from './schemas.js';
import * as service from './service.js';
import { attachment } from '../../platform/http/attachment.js';

const text = (v: unknown): string => (typeof v === 'string' ? v : '');

/** The form as the API's input shape. */
export function consultationFromForm(f: Record<string, unknown>): unknown {
  return {
    requestedBy: text(f.requestedBy),
    requestingAgency: text(f.requestingAgency),
    requestedOn: dateFromParts(f, 'requestedOn') ?? '',
    question: text(f.question),
    advice: text(f.advice),
    recommendedActions: text(f.recommendedActions),
    followUpOn: dateFromParts(f, 'followUpOn') ?? null,
  };
}

const toApi = (r: ConsultationRow) => ({
  id: r.id,
  requestedBy: r.requested_by,
  requestingAgency: r.requesting_agency,
  requestedOn: r.requested_on,
  question: r.question,
  advice: r.advice,
  recommendedActions: r.recommended_actions,
  followUpOn: r.follow_up_on,
  author: r.author,
  createdAt: r.created_at.toISOString(),
});

export const consultationRoutes: FastifyPluginAsync = async (app) => {
  const page = async (
    request: FastifyRequest,
    reply: FastifyReply,
    extra: { values?: Record<string, unknown>; errors?: unknown } = {},
  ) => {
    const caseId = caseIdOf(request);
    const view = await request.inTx((tx) =>
      service.consultationPage(tx, request.user!, actorOf(request), caseId, 'page'),
    );
    return reply.page('consultation/views/consultation.njk', {
      title: `Consultation – case ${view.h.case.reference}`,
      nav: 'cases',
      caseTab: 'consultation',
      caseHeader: view.h.header,
      records: view.records,
      canWrite: view.canWrite,
      added: (request.query as Record<string, unknown>).added === '1',
      values: extra.values ?? {},
      ...(extra.errors ? { errors: extra.errors } : {}),
    });
  };

  app.get(
    '/cases/:id/consultation',
    { schema: { hide: true }, preValidation: requireUser },
    (request, reply) => page(request, reply),
  );

  app.post(
    '/cases/:id/consultation',
    { schema: { hide: true }, preValidation: requireUser },
    async (request, reply) => {
      const caseId = caseIdOf(request);
      const fields = formFields(request.body);
      const outcome = await submitForm(consultationInput, consultationFromForm(fields), (input) =>
        request.inTx((tx) => service.addConsultation(tx, request.user!, actorOf(request), caseId, input)),
      );
      if (!outcome.ok)
        return page(request, reply.code(outcome.status), { values: fields, errors: outcome.errors });
      return reply.redirect(`/cases/${caseId}/consultation?added=1`, 303);
    },
  );

  app.get(
    '/cases/:id/consultation/:consultationId/letter',
    { schema: { hide: true }, preValidation: requireUser },
    async (request, reply) => {
      const caseId = caseIdOf(request);
      const id = uuidParam(request, 'consultationId');
      const { h, c } = await request.inTx((tx) =>
        service.letter(tx, request.user!, actorOf(request), caseId, id, 'page'),
      );
      return reply.page('consultation/views/letter.njk', {
        title: `Advice letter to ${c.requesting_agency} – case ${h.case.reference}`,
        nav: 'cases',
        caseTab: 'consultation',
        caseHeader: h.header,
        backLink: `/cases/${caseId}/consultation`,
        c,
        today: new Date(),
      });
    },
  );

  app.get(
    '/cases/:id/consultation/:consultationId/letter.txt',
    { schema: { hide: true }, preValidation: requireUser },
    async (request, reply) => {
      const caseId = caseIdOf(request);
      const id = uuidParam(request, 'consultationId');
      const { h, c } = await request.inTx((tx) =>
        service.letter(tx, request.user!, actorOf(request), caseId, id, 'text'),
      );
      const body = letterText(c, {
        reference: h.case.reference,
        subjectName: h.header.subjectName,
        siteName: h.case.site_name,
        today: new Date(),
      });
      return attachment(
        reply,
        'text/plain; charset=utf-8',
        `advice-${h.case.reference}-${c.requested_on}.txt`,
      ).send(body);
    },
  );

  const api = app.withTypeProvider<ZodTypeProvider>();
  const params = z.object({ id: z.string() });
  api.get(
    '/api/v1/cases/:id/consultations',
    {
      preValidation: requireUser,
      schema: {
        tags: ['consultation'],
        summary: 'Consultation advice given to the referring agency on a case',
        params,
        response: { 200: z.object({ items: z.array(consultationApi) }) },
      },
    },
    async (request) => {
      const caseId = caseIdOf(request);
      const view = await request.inTx((tx) =>
        service.consultationPage(tx, request.user!, actorOf(request), caseId, 'api'),
      );
      return { items: view.records.map(toApi) };
    },
  );
  api.post(
    '/api/v1/cases/:id/consultations',
    {
      preValidation: requireUser,
      schema: {
        tags: ['consultation'],
        summary: 'Record consultation advice given to the referring agency',
        description:
          'The health team on the case only. Dates are YYYY-MM-DD; followUpOn today or later, or null.',
        params,
        body: consultationInput,
        response: { 201: z.object({ id: z.string().uuid() }) },
      },
    },
    async (request, reply) => {
      const caseId = caseIdOf(request);
      const id = await request.inTx((tx) =>
        service.addConsultation(tx, request.user!, actorOf(request), caseId, request.body),
      );
      return reply.code(201).send({ id });
    },
  );
};
