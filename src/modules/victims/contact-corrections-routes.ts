import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireUser } from '../../platform/auth/plugin.js';
import { caseIdOf, optionalUuidParam } from '../../platform/case-context.js';
import {
  amendmentHistoryApi,
  amendmentHistoryOf,
  registerWithdrawal,
} from '../../platform/corrections/index.js';
import { NotFound } from '../../platform/errors.js';
import { actorOf } from '../../platform/http/actor.js';
import { formatDateTime } from '../../platform/views/format.js';
import * as corrections from './contact-corrections.js';
import { contactAmendmentApi } from './schemas.js';
import { listVictims } from './repository.js';
import * as service from './service.js';

const params = z.object({ id: z.string(), victimId: z.string() });

function ids(request: FastifyRequest) {
  return { caseId: caseIdOf(request), caseVictimId: optionalUuidParam(request, 'victimId') ?? '' };
}

/**
 * Correcting a victim's contact details (issue 11): the confirmation before withdrawing them as
 * entered in error, and the corrections through the API (the form is the contact details' own, with
 * a reason once details are recorded). Victim-contact: never under break-glass.
 */
export const contactCorrectionRoutes: FastifyPluginAsync = async (app) => {
  registerWithdrawal(app, {
    recordPath: '/cases/:id/victims/:victimId/contact',
    apiPath: '/api/v1/cases/:id/victims/:victimId/contact',
    apiParams: params,
    tag: 'victims',
    what: 'set of contact details',
    recordType: 'victim_contact',
    caseTab: 'victims',
    consequence:
      'They will no longer be shown or used: they leave the victims page and the API, and new details can be recorded. That they were withdrawn, when, by whom and why stays with the victim’s contact.',
    target: ids,
    confirm: async (tx, user, t) => {
      const { h, row } = await corrections.withdrawContactPage(tx, user, t);
      const victim = (await listVictims(tx, t.caseId)).find((v) => v.id === t.caseVictimId);
      return {
        h,
        // the path ends at the victim, not at their contact details
        recordId: row.id,
        summary: [
          {
            key: { text: 'Victim' },
            value: { text: victim ? `${victim.given_name} ${victim.family_name}` : '' },
          },
          { key: { text: 'Last changed' }, value: { text: formatDateTime(row.updated_at) } },
        ],
      };
    },
    withdraw: (tx, user, actor, t, reason, channel) =>
      corrections.withdrawContact(tx, user, actor, t, reason, channel),
    back: (t) => `/cases/${t.caseId}/victims`,
    done: (t) => `/cases/${t.caseId}/victims?withdrawn=1`,
  });

  const api = app.withTypeProvider<ZodTypeProvider>();
  api.get(
    '/api/v1/cases/:id/victims/:victimId/contact/amendments',
    {
      preValidation: requireUser,
      schema: {
        tags: ['victims'],
        summary: 'The corrections made to a victim’s contact details, newest first, with their version',
        description:
          'Victim-contact (never under break-glass). Each correction names the fields changed with their values before (`from`) and after (`to`), kept encrypted at rest as the details are; both are null on corrections made before the earlier values were kept.',
        params,
        response: { 200: amendmentHistoryApi },
      },
    },
    async (request) => {
      const t = ids(request);
      return request.inTx(async (tx) => {
        const view = await service.victimsOfCase(
          tx,
          app.keyring,
          request.user!,
          actorOf(request),
          t.caseId,
          'api',
        );
        const victim = view.showContact ? view.victims.find((v) => v.id === t.caseVictimId) : undefined;
        if (!victim?.contact) throw new NotFound();
        return amendmentHistoryOf(victim.contact.version, victim.contactHistory);
      });
    },
  );
  api.post(
    '/api/v1/cases/:id/victims/:victimId/contact/amendments',
    {
      preValidation: requireUser,
      schema: {
        tags: ['victims'],
        summary: 'Correct a victim’s contact details: every detail as it should now be, with the reason',
        description:
          'Needs write access to the victim’s contact. `version` is the details’ version read; a correction since is refused with 409 (naming the fields), as are withdrawn details. Nothing changed is refused with 422. The changed fields’ values before and after are kept, encrypted as the details are.',
        params,
        body: contactAmendmentApi,
        response: { 201: z.object({ id: z.string().uuid() }) },
      },
    },
    async (request, reply) => {
      const id = await request.inTx((tx) =>
        corrections.amendContact(
          tx,
          app.keyring,
          request.user!,
          actorOf(request),
          ids(request),
          request.body,
          'api',
        ),
      );
      return reply.code(201).send({ id });
    },
  );
};
