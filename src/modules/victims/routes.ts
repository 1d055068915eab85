import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireUser } from '../../platform/auth/plugin.js';
import { actorOf } from '../../platform/http/actor.js';
import { fieldErrorsFrom, formErrors, HttpProblem, NotFound } from '../../platform/http/problems.js';
import { formFields } from '../account/schemas.js';
import { contactInput, victimApi } from './schemas.js';
import * as service from './service.js';

const hide = { schema: { hide: true }, preValidation: requireUser };
const uuid = z.string().uuid();

function ids(request: FastifyRequest): { caseId: string; victimId: string | null } {
  const p = request.params as { id?: string; victimId?: string };
  const caseId = uuid.safeParse(p.id);
  const victimId =
    p.victimId === undefined ? { success: true as const, data: null } : uuid.safeParse(p.victimId);
  if (!caseId.success || !victimId.success) throw new NotFound();
  return { caseId: caseId.data, victimId: victimId.data };
}

export const victimRoutes: FastifyPluginAsync = async (app) => {
  const page = async (
    request: FastifyRequest,
    reply: FastifyReply,
    template: string,
    extra: Record<string, unknown> = {},
  ) => {
    const { caseId, victimId } = ids(request);
    const view = await request.inTx((tx) =>
      service.victimsOfCase(tx, app.keyring, request.user!, actorOf(request), caseId, 'page'),
    );
    const victim = victimId ? view.victims.find((v) => v.id === victimId) : undefined;
    if (victimId && (!victim || !view.canEditContact)) throw new NotFound();
    return reply.page(template, {
      title: `Victims – case ${view.h.case.reference}`,
      nav: 'cases',
      caseTab: 'victims',
      caseHeader: view.h.header,
      ...view,
      victim,
      values: victim?.contact ?? {},
      ...extra,
    });
  };

  app.get('/cases/:id/victims', hide, async (request, reply) =>
    page(request, reply, 'victims/views/victims.njk'),
  );
  app.get('/cases/:id/victims/:victimId/contact', hide, async (request, reply) =>
    page(request, reply, 'victims/views/contact.njk'),
  );

  app.post('/cases/:id/victims/:victimId/contact', hide, async (request, reply) => {
    const { caseId, victimId } = ids(request);
    const fields = formFields(request.body);
    const parsed = contactInput.safeParse(fields);
    const retry = (errors: ReturnType<typeof formErrors>, status: number) =>
      page(request, reply.code(status), 'victims/views/contact.njk', { values: fields, errors });
    if (!parsed.success) return retry(formErrors(fieldErrorsFrom(parsed.error)), 400);
    try {
      await request.inTx((tx) =>
        service.saveContact(tx, app.keyring, request.user!, actorOf(request), caseId, victimId!, parsed.data),
      );
    } catch (error) {
      if (error instanceof HttpProblem && error.fieldErrors)
        return retry(formErrors(error.fieldErrors), error.status);
      throw error;
    }
    return reply.redirect(`/cases/${caseId}/victims?saved=1`, 303);
  });

  const api = app.withTypeProvider<ZodTypeProvider>();
  api.get(
    '/api/v1/cases/:id/victims',
    {
      preValidation: requireUser,
      schema: {
        tags: ['victims'],
        summary: 'Victims of a case',
        params: z.object({ id: z.string() }),
        response: { 200: z.object({ items: z.array(victimApi) }) },
      },
    },
    async (request) => {
      const { caseId } = ids(request);
      const view = await request.inTx((tx) =>
        service.victimsOfCase(tx, app.keyring, request.user!, actorOf(request), caseId, 'api'),
      );
      return {
        items: view.victims.map((v) => ({
          id: v.id,
          givenName: v.given_name,
          familyName: v.family_name,
          relationship: v.relationship,
          ...(view.showContact ? { contact: v.contact ?? null } : {}),
        })),
      };
    },
  );
  api.put(
    '/api/v1/cases/:id/victims/:victimId/contact',
    {
      preValidation: requireUser,
      schema: {
        tags: ['victims'],
        summary: "Record or change a victim's contact details (encrypted at rest)",
        params: z.object({ id: z.string(), victimId: z.string() }),
        body: contactInput,
      },
    },
    async (request, reply) => {
      const { caseId, victimId } = ids(request);
      await request.inTx((tx) =>
        service.saveContact(
          tx,
          app.keyring,
          request.user!,
          actorOf(request),
          caseId,
          victimId!,
          request.body,
        ),
      );
      return reply.code(204).send();
    },
  );
};
