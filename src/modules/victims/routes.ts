import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireUser } from '../../platform/auth/plugin.js';
import { historyOf, plainValue } from '../../platform/corrections/index.js';
import { actorOf } from '../../platform/http/actor.js';
import { NotFound } from '../../platform/errors.js';
import { formFields, submitForm } from '../../platform/http/forms.js';
import {
  addVictimFromForm,
  addVictimInput,
  advocateInput,
  CONTACT_FIELD_LABELS,
  contactFromForm,
  contactInput,
  SAFE_METHOD_TEXT,
  VICTIM_KIND_TEXT,
  victimApi,
} from './schemas.js';
import { contactCorrectionRoutes } from './contact-corrections-routes.js';
import * as service from './service.js';
import { caseIdOf, optionalUuidParam } from '../../platform/case-context.js';

const hide = { schema: { hide: true }, preValidation: requireUser };

/**
 * A contact detail's value as its corrections' history shows it (only ever to those who read the
 * victim's contact); null for a correction made before the earlier values were kept.
 */
function contactHistoryValue(field: string, v: unknown): string {
  if (v === null || v === undefined) return 'Not kept';
  if (field === 'safeMethods' && Array.isArray(v))
    return plainValue(v.map((m: string) => SAFE_METHOD_TEXT[m as keyof typeof SAFE_METHOD_TEXT] ?? m));
  if (field === 'messagesMayBeLeft') return v === 'yes' ? 'Yes' : v === 'no' ? 'No' : 'Not recorded';
  return plainValue(v);
}

function ids(request: FastifyRequest): { caseId: string; victimId: string | null } {
  return { caseId: caseIdOf(request), victimId: optionalUuidParam(request, 'victimId') };
}

export const victimRoutes: FastifyPluginAsync = async (app) => {
  await app.register(contactCorrectionRoutes);
  const page = async (
    request: FastifyRequest,
    reply: FastifyReply,
    template: string,
    extra: Record<string, unknown> = {},
  ) => {
    const { caseId, victimId: param } = ids(request);
    // only the contact form is about one victim; the list re-shown after an error is about all
    const victimId = template === 'victims/views/contact.njk' ? param : null;
    const view = await request.inTx((tx) =>
      service.victimsOfCase(tx, app.keyring, request.user!, actorOf(request), caseId, 'page'),
    );
    const victim = victimId ? view.victims.find((v) => v.id === victimId) : undefined;
    if (victimId && (!victim || !view.canEditContact)) throw new NotFound();
    const query = request.query as Record<string, unknown>;
    return reply.page(template, {
      title: `Victims – case ${view.h.case.reference}`,
      nav: 'cases',
      caseTab: 'victims',
      caseHeader: view.h.header,
      ...view,
      victims: view.victims.map((v) => ({
        ...v,
        history: historyOf(v.contactHistory, CONTACT_FIELD_LABELS, contactHistoryValue),
      })),
      victim,
      contactWithdrawn: query.withdrawn === '1',
      kinds: VICTIM_KIND_TEXT,
      safeMethods: SAFE_METHOD_TEXT,
      values: victim?.contact ?? {},
      contactLabels: CONTACT_FIELD_LABELS,
      saved: query.saved === '1',
      added: query.added === '1',
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
    // the safe contact methods are checkboxes: always a list, also in the values shown again
    const fields = formFields(request.body, ['safeMethods']);
    const outcome = await submitForm(contactInput, contactFromForm(fields), (data) =>
      request.inTx((tx) =>
        service.saveContact(tx, app.keyring, request.user!, actorOf(request), caseId, victimId!, data),
      ),
    );
    if (!outcome.ok)
      return page(request, reply.code(outcome.status), 'victims/views/contact.njk', {
        values: { ...(contactFromForm(fields) as object), version: Number(fields.version) || 0 },
        errors: outcome.errors,
      });
    return reply.redirect(`/cases/${caseId}/victims?saved=1`, 303);
  });

  // change the advocate assigned to a victim
  app.post('/cases/:id/victims/:victimId/advocate', hide, async (request, reply) => {
    const { caseId, victimId } = ids(request);
    const fields = formFields(request.body);
    const advocateId = typeof fields.advocateId === 'string' && fields.advocateId ? fields.advocateId : null;
    const outcome = await submitForm(advocateInput, { advocateId }, (data) =>
      request.inTx((tx) =>
        service.changeAdvocate(tx, request.user!, actorOf(request), caseId, victimId!, data.advocateId),
      ),
    );
    if (!outcome.ok)
      return page(request, reply.code(outcome.status), 'victims/views/victims.njk', {
        errors: outcome.errors,
      });
    return reply.redirect(`/cases/${caseId}/victims?saved=1`, 303);
  });

  // add a victim: search for a person already recorded, or add a new person
  const addPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    q: string,
    extra: Record<string, unknown> = {},
  ) => {
    const { caseId } = ids(request);
    const view = await request.inTx((tx) =>
      service.addVictimPage(tx, request.user!, actorOf(request), caseId, q),
    );
    return reply.page('victims/views/add.njk', {
      title: `Add a victim – case ${view.h.case.reference}`,
      nav: 'cases',
      caseTab: 'victims',
      caseHeader: view.h.header,
      people: view.people,
      advocates: view.advocates,
      q: view.q,
      kinds: VICTIM_KIND_TEXT,
      values: {},
      ...extra,
    });
  };

  app.get('/cases/:id/victims/add', hide, async (request, reply) => {
    const q = (request.query as Record<string, unknown>).q;
    return addPage(request, reply, typeof q === 'string' ? q : '');
  });

  app.post('/cases/:id/victims/add', hide, async (request, reply) => {
    const { caseId } = ids(request);
    const fields = formFields(request.body);
    const q = typeof fields.q === 'string' ? fields.q : '';
    const outcome = await submitForm(addVictimInput, addVictimFromForm(fields), (data) =>
      request.inTx((tx) => service.addVictim(tx, request.user!, actorOf(request), caseId, data)),
    );
    if (!outcome.ok)
      return addPage(request, reply.code(outcome.status), q, { values: fields, errors: outcome.errors });
    return reply.redirect(`/cases/${caseId}/victims?added=1`, 303);
  });

  const api = app.withTypeProvider<ZodTypeProvider>();
  api.get(
    '/api/v1/cases/:id/victims',
    {
      preValidation: requireUser,
      schema: {
        tags: ['victims'],
        summary: 'Victims of a case (contact details only for those who may see them)',
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
          personId: v.victim_id,
          givenName: v.given_name,
          familyName: v.family_name,
          kind: v.victim_kind,
          relationship: v.relationship,
          advocate: v.advocate_id && v.advocate_name ? { id: v.advocate_id, name: v.advocate_name } : null,
          ...(view.showContact ? { contact: v.contact ?? null } : {}),
        })),
      };
    },
  );
  api.post(
    '/api/v1/cases/:id/victims',
    {
      preValidation: requireUser,
      schema: {
        tags: ['victims'],
        summary:
          'Add a victim to a case: link a person you can already see (personId), or a new person (givenName, familyName)',
        params: z.object({ id: z.string() }),
        body: addVictimInput,
        response: { 201: z.object({ id: z.string().uuid() }) },
      },
    },
    async (request, reply) => {
      const { caseId } = ids(request);
      const id = await request.inTx((tx) =>
        service.addVictim(tx, request.user!, actorOf(request), caseId, request.body),
      );
      return reply.code(201).send({ id });
    },
  );
  api.put(
    '/api/v1/cases/:id/victims/:victimId/contact',
    {
      preValidation: requireUser,
      schema: {
        tags: ['victims'],
        summary:
          "Record or correct a victim's contact details and safe-contact preferences (encrypted at rest); correcting details already recorded needs `reason` and the `version` read",
        params: z.object({ id: z.string(), victimId: z.string() }),
        body: contactInput,
        response: { 204: z.undefined().describe('Saved') },
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
          'api',
        ),
      );
      return reply.code(204).send();
    },
  );
};
