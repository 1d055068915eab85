import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireUser } from '../../platform/auth/plugin.js';
import { saveSessionData } from '../../platform/auth/sessions.js';
import { actorOf } from '../../platform/http/actor.js';
import { Forbidden, NotFound, type FieldError } from '../../platform/errors.js';
import { formErrors, formFields, submitForm } from '../../platform/http/forms.js';
import { possibleDuplicates } from '../people/service.js';
import {
  consentFormValues,
  detailsFormValues,
  parseConsentForm,
  parseDetailsForm,
  parsePersonForm,
  parseVictimsForm,
  personFormValues,
  victimsFormValues,
  VICTIM_ROWS,
  type StepResult,
} from './forms.js';
import { problemResponse } from '../../platform/http/openapi.js';
import { apiPossibleMatches, apiReferralCreated, referralSchema } from './schemas.js';
import * as service from './service.js';
import { eligibilityFieldErrors } from './rules.js';

type Draft = { person?: unknown; details?: unknown; victims?: unknown; consent?: unknown };
type Step = {
  slug: keyof Draft;
  title: string;
  parse: (f: Record<string, unknown>) => StepResult<unknown>;
  values: (v: never) => Record<string, unknown>;
  /** its checkbox fields: always lists, also in the values shown again */
  checkboxes?: string[];
  /** what this step's answers contradict in the earlier steps, said at this step, not at the end */
  check?: (draft: Draft, value: never) => FieldError[];
};

/** Eligibility as far as the draft has answered it: a step's own answer against the earlier ones. */
const eligibilityAtStep = (
  input: Partial<{
    dateOfBirth: string | null;
    isAdult: boolean;
    livesInArea: boolean;
    investigationStatus: string;
  }>,
  fields: readonly string[],
): FieldError[] =>
  eligibilityFieldErrors({
    dateOfBirth: input.dateOfBirth ?? null,
    isAdult: input.isAdult ?? true,
    livesInArea: input.livesInArea ?? true,
    investigationStatus: input.investigationStatus ?? 'charged',
  }).filter((e) => fields.includes(e.field));

const STEPS: Step[] = [
  { slug: 'person', title: 'Who is being referred?', parse: parsePersonForm, values: personFormValues },
  {
    slug: 'details',
    title: 'About the referral',
    parse: parseDetailsForm,
    values: detailsFormValues,
    checkboxes: ['offences'],
    check: (_draft, d: { investigationStatus: string }) =>
      eligibilityAtStep({ investigationStatus: d.investigationStatus }, ['investigationStatus']),
  },
  { slug: 'victims', title: 'Victims', parse: parseVictimsForm, values: victimsFormValues },
  {
    slug: 'consent',
    title: 'Consent and eligibility',
    parse: parseConsentForm,
    values: consentFormValues,
    check: (draft, c: { isAdult: boolean; livesInArea: boolean }) =>
      eligibilityAtStep(
        {
          dateOfBirth: (draft.person as { dateOfBirth?: string | null } | undefined)?.dateOfBirth ?? null,
          isAdult: c.isAdult,
          livesInArea: c.livesInArea,
        },
        ['isAdult', 'livesInArea'],
      ),
  },
];

const hide = { schema: { hide: true }, preValidation: requireUser };

function draftOf(request: FastifyRequest): Draft {
  const d = request.session?.data.referral;
  return d && typeof d === 'object' ? (d as Draft) : {};
}

async function saveDraft(request: FastifyRequest, draft: Draft | undefined) {
  const session = request.session!;
  const data = { ...session.data, referral: draft };
  if (!draft) delete data.referral;
  await request.inTx((tx) => saveSessionData(tx, session.idHash, data));
  session.data = data;
}

function assemble(draft: Draft) {
  const details = (draft.details ?? {}) as Record<string, unknown>;
  return {
    person: draft.person,
    ...details,
    ...((draft.victims ?? {}) as object),
    ...((draft.consent ?? {}) as object),
  };
}

export const referralRoutes: FastifyPluginAsync = async (app) => {
  const guard = (request: FastifyRequest) => {
    if (!service.mayRefer(request.user!))
      throw new Forbidden('You cannot refer cases', 'Your role does not refer cases to the programme.');
  };

  app.get('/referrals/new', hide, async (request, reply) => {
    guard(request);
    await saveDraft(request, {});
    return reply.redirect('/referrals/new/person');
  });

  const stepPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    step: Step,
    values: Record<string, unknown>,
    errors?: FieldError[],
  ) => {
    const options = await request.inTx((tx) => service.journeyOptions(tx, request.user!));
    const index = STEPS.indexOf(step);
    return reply.code(errors ? 400 : 200).page(`referrals/views/${step.slug}.njk`, {
      title: step.title,
      nav: 'refer',
      stepNumber: index + 1,
      stepCount: STEPS.length + 1,
      backLink: index === 0 ? '/cases' : `/referrals/new/${STEPS[index - 1]!.slug}`,
      values,
      options,
      victimRows: VICTIM_ROWS,
      defaultReferrer: request.user!.displayName,
      errors: errors ? formErrors(errors) : undefined,
    });
  };

  for (const step of STEPS) {
    app.get(`/referrals/new/${step.slug}`, hide, async (request, reply) => {
      guard(request);
      const draft = draftOf(request);
      const index = STEPS.indexOf(step);
      const missing = STEPS.slice(0, index).find((s) => !draft[s.slug]);
      if (missing) return reply.redirect(`/referrals/new/${missing.slug}`);
      return stepPage(request, reply, step, step.values(draft[step.slug] as never));
    });
    app.post(`/referrals/new/${step.slug}`, hide, async (request, reply) => {
      guard(request);
      const fields = formFields(request.body, step.checkboxes);
      const result = step.parse(fields);
      if (!result.ok) return stepPage(request, reply, step, fields, result.errors);
      const contradictions = step.check?.(draftOf(request), result.value as never) ?? [];
      if (contradictions.length) return stepPage(request, reply, step, fields, contradictions);
      const draft = { ...draftOf(request), [step.slug]: result.value };
      await saveDraft(request, draft);
      const next = STEPS.find((s) => !draft[s.slug]);
      const index = STEPS.indexOf(step);
      const target = next
        ? next.slug
        : index < STEPS.length - 1 && !fields.returnToCheck
          ? STEPS[index + 1]!.slug
          : 'check';
      return reply.redirect(`/referrals/new/${target}`, 303);
    });
  }

  const checkPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    errors?: FieldError[],
    status = 200,
  ) => {
    const draft = draftOf(request);
    const parsed = referralSchema.safeParse(assemble(draft));
    if (!parsed.success)
      return reply.redirect(`/referrals/new/${STEPS.find((s) => !draft[s.slug])?.slug ?? 'person'}`);
    const r = parsed.data;
    const { options, matches, unseenMatch } = await request.inTx(async (tx) => ({
      options: await service.journeyOptions(tx, request.user!),
      matches: await possibleDuplicates(tx, r.person),
      unseenMatch: await service.unseenPossibleMatch(tx, actorOf(request), r.person),
    }));
    return reply.code(errors ? status : 200).page('referrals/views/check.njk', {
      title: 'Check your answers before sending the referral',
      nav: 'refer',
      backLink: '/referrals/new/consent',
      r,
      site: options.sites.find((s) => s.id === r.siteId),
      agency: options.agencies.find((a) => a.id === r.referringAgencyId),
      matches,
      unseenMatch,
      errors: errors ? formErrors(errors) : undefined,
    });
  };

  app.get('/referrals/new/check', hide, async (request, reply) => {
    guard(request);
    return checkPage(request, reply);
  });

  app.post('/referrals/new/check', hide, async (request, reply) => {
    guard(request);
    const fields = formFields(request.body);
    const subject = typeof fields.subject === 'string' ? fields.subject : '';
    const input = {
      ...assemble(draftOf(request)),
      existingPersonId: subject && subject !== 'new' ? subject : null,
      confirmNewPerson: subject === 'new',
    };
    const outcome = await submitForm(referralSchema, input, (data) =>
      request.inTx((tx) => service.createReferral(tx, request.user!, actorOf(request), data)),
    );
    if (!outcome.ok) return checkPage(request, reply, outcome.fieldErrors, outcome.status);
    await saveDraft(request, undefined);
    const asked = outcome.value.unseenPossibleMatch ? '?coordinator=asked' : '';
    return reply.redirect(`/referrals/${outcome.value.caseId}/confirmation${asked}`, 303);
  });

  app.get('/referrals/:id/confirmation', hide, async (request, reply) => {
    const id = z
      .string()
      .uuid()
      .safeParse((request.params as { id: string }).id);
    if (!id.success) throw new NotFound();
    const found = await request.inTx((tx) =>
      tx.selectFrom('cases').select(['id', 'reference']).where('id', '=', id.data).executeTakeFirst(),
    );
    if (!found) throw new NotFound();
    return reply.page('referrals/views/confirmation.njk', {
      title: 'Referral sent',
      nav: 'refer',
      c: found,
      coordinatorAsked: (request.query as { coordinator?: string }).coordinator === 'asked',
    });
  });

  // API ------------------------------------------------------------------------------------------
  app.withTypeProvider<ZodTypeProvider>().post(
    '/api/v1/referrals',
    {
      preValidation: requireUser,
      schema: {
        tags: ['referrals'],
        summary: 'Refer a perpetrator: creates the case at referred',
        description:
          'If people like this one are already recorded, answers 409 with possibleMatches: send again with existingPersonId, or with confirmNewPerson true.',
        body: referralSchema,
        response: {
          201: apiReferralCreated,
          409: problemResponse(
            'People like this one are already recorded (possibleMatches)',
            apiPossibleMatches,
          ),
        },
      },
    },
    async (request, reply) => {
      try {
        const created = await request.inTx((tx) =>
          service.createReferral(tx, request.user!, actorOf(request), request.body),
        );
        return reply.code(201).send({
          caseId: created.caseId,
          reference: created.reference,
          ...(created.unseenPossibleMatch ? { unseenPossibleMatch: true as const } : {}),
        });
      } catch (error) {
        if (error instanceof service.PossibleDuplicates) {
          return reply
            .code(409)
            .type('application/problem+json')
            .send({
              type: 'about:blank',
              title: error.title,
              status: 409,
              detail: error.detail ?? '',
              possibleMatches: error.matches.map((m) => ({
                personId: m.id,
                givenName: m.given_name,
                familyName: m.family_name,
                dateOfBirth: m.date_of_birth,
                caseReferences: m.case_references,
              })),
            });
        }
        throw error;
      }
    },
  );
};
