import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireUser } from '../../platform/auth/plugin.js';
import { caseIdOf, optionalUuidParam } from '../../platform/case-context.js';
import { actorOf } from '../../platform/http/actor.js';
import { attemptForm, formErrors, formFields, type GovukErrors } from '../../platform/http/forms.js';
import { formatDate } from '../../platform/views/format.js';
import { parsePersonForm, personFormValues } from '../referrals/public.js';
import { FIELD_LABELS, type PersonDetails } from './rules.js';
import { amendmentApi, amendPersonApi, amendReason } from './schemas.js';
import * as service from './service.js';

const hide = {
  schema: { hide: true },
  preValidation: requireUser,
  config: { capability: 'work_on_cases' as const },
};

/** Whose details a request is about: a victim's (by their case_victim id in the path) or the person referred's. */
const whoseOf = (request: FastifyRequest): service.Whose => {
  const victimId = optionalUuidParam(request, 'victimId');
  return victimId ? { caseVictimId: victimId } : {};
};
const pathOf = (caseId: string, whose: service.Whose) =>
  whose.caseVictimId ? `/cases/${caseId}/victims/${whose.caseVictimId}/person` : `/cases/${caseId}/person`;

/** a value in the history, as people read it */
function shown(field: string, v: unknown): string {
  if (v === null || v === undefined || v === '' || (Array.isArray(v) && !v.length)) return 'Not recorded';
  if (Array.isArray(v)) return v.join(', ');
  if (field === 'dateOfBirth') return formatDate(v);
  return String(v);
}

/**
 * Correcting the person referred (issue 11): the case's "Person referred" page shows their details
 * with a form to correct them, with a reason, and the history of every correction with what changed.
 */
export const personAmendmentRoutes: FastifyPluginAsync = async (app) => {
  const page = async (
    request: FastifyRequest,
    reply: FastifyReply,
    extra: { values?: Record<string, unknown>; errors?: GovukErrors; version?: number } = {},
  ) => {
    const caseId = caseIdOf(request);
    const whose = whoseOf(request);
    const view = await request.inTx((tx) =>
      service.personPage(tx, request.user!, actorOf(request), caseId, whose),
    );
    const s = view.subject;
    const heading = whose.caseVictimId ? 'Victim’s details' : 'Person referred';
    return reply.page('person-amendments/views/person.njk', {
      title: `${heading} – case ${view.h.case.reference}`,
      heading,
      action: pathOf(caseId, whose),
      back: whose.caseVictimId ? `/cases/${caseId}/victims/${whose.caseVictimId}` : `/cases/${caseId}`,
      nav: 'cases',
      caseTab: 'overview',
      caseHeader: view.h.header,
      canWrite: view.canWrite,
      version: extra.version ?? s.version,
      values:
        extra.values ??
        personFormValues({
          givenName: s.given_name,
          familyName: s.family_name,
          aliases: s.aliases,
          dateOfBirth: s.date_of_birth,
          pncId: s.pnc_id,
          nhsNumber: s.nhs_number,
          probationRef: s.probation_ref,
        }),
      history: view.history.map((a) => ({
        ...a,
        rows: Object.entries(a.changes).map(([field, c]) => ({
          label: FIELD_LABELS[field as keyof PersonDetails] ?? field,
          from: shown(field, c.from),
          to: shown(field, c.to),
        })),
      })),
      errors: extra.errors,
    });
  };

  const save = async (request: FastifyRequest, reply: FastifyReply) => {
    const caseId = caseIdOf(request);
    const whose = whoseOf(request);
    const fields = formFields(request.body);
    const person = parsePersonForm(fields);
    const reason = amendReason.safeParse(fields.reason);
    const version = Number(fields.version);
    const problems = [
      ...(person.ok ? [] : person.errors),
      ...(reason.success ? [] : [{ field: 'reason', message: reason.error.issues[0]!.message }]),
    ];
    if (problems.length || !person.ok || !reason.success)
      return page(request, reply.code(400), { values: fields, errors: formErrors(problems), version });
    const outcome = await attemptForm(() =>
      request.inTx((tx) =>
        service.amendPerson(
          tx,
          request.user!,
          actorOf(request),
          caseId,
          { ...person.value, reason: reason.data, version },
          whose,
        ),
      ),
    );
    if (!outcome.ok)
      return page(request, reply.code(outcome.status), { values: fields, errors: outcome.errors, version });
    return reply.redirect(`${pathOf(caseId, whose)}?amended=1`, 303);
  };

  for (const path of ['/cases/:id/person', '/cases/:id/victims/:victimId/person']) {
    app.get(path, hide, async (request, reply) => page(request, reply));
    app.post(path, hide, save);
  }

  const api = app.withTypeProvider<ZodTypeProvider>();
  for (const [path, params, who] of [
    ['/api/v1/cases/:id/person/amendments', z.object({ id: z.string() }), 'the person referred on a case'],
    [
      '/api/v1/cases/:id/victims/:victimId/person/amendments',
      z.object({ id: z.string(), victimId: z.string() }),
      'a victim on a case (their name and details as a person)',
    ],
  ] as const) {
    api.get(
      path,
      {
        preValidation: requireUser,
        config: { capability: 'work_on_cases' },
        schema: {
          tags: ['person'],
          summary: `The corrections made to ${who}, newest first`,
          params,
          response: { 200: z.object({ version: z.number().int(), items: z.array(amendmentApi) }) },
        },
      },
      async (request) => {
        const caseId = caseIdOf(request);
        const view = await request.inTx((tx) =>
          service.personPage(tx, request.user!, actorOf(request), caseId, whoseOf(request)),
        );
        return {
          version: view.subject.version,
          items: view.history.map((a) => ({
            id: a.id,
            versionAfter: a.version_after,
            changes: a.changes,
            reason: a.reason,
            by: a.by,
            at: a.at.toISOString(),
          })),
        };
      },
    );
    api.post(
      path,
      {
        preValidation: requireUser,
        config: { capability: 'work_on_cases' },
        schema: {
          tags: ['person'],
          summary: `Correct ${who}: every detail as it should now be, with the reason`,
          description:
            'Needs write access to the case. `version` is the person’s version read (GET on this path); a correction since is refused with 409. Nothing changed is refused with 422.',
          params,
          body: amendPersonApi,
          response: { 201: z.object({ id: z.string().uuid() }) },
        },
      },
      async (request, reply) => {
        const caseId = caseIdOf(request);
        const id = await request.inTx((tx) =>
          service.amendPerson(tx, request.user!, actorOf(request), caseId, request.body, whoseOf(request)),
        );
        return reply.code(201).send({ id });
      },
    );
  }
};
