import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireUser } from '../../platform/auth/plugin.js';
import { actorOf } from '../../platform/http/actor.js';
import { Conflict, type FieldError } from '../../platform/errors.js';
import { formErrors, formFields } from '../../platform/http/forms.js';
import { MAX_FORM_ACTIONS, planInput, plansApi } from './schemas.js';
import {
  editContext,
  fromForm,
  plansPage,
  savePlan,
  STALE_MESSAGE,
  toApi,
  type PlanVersionView,
} from './service.js';
import { caseIdOf, optionalUuidParam } from '../../platform/case-context.js';
import { withdrawalApiOf } from '../../platform/corrections/index.js';

function idsOf(request: FastifyRequest): { caseId: string; caseVictimId: string } {
  return { caseId: caseIdOf(request), caseVictimId: optionalUuidParam(request, 'caseVictimId') ?? '' };
}

const dateParts = (prefix: string, iso: string): Record<string, string> => {
  const [y = '', m = '', d = ''] = iso.split('-');
  return {
    [`${prefix}-day`]: String(Number(d)),
    [`${prefix}-month`]: String(Number(m)),
    [`${prefix}-year`]: y,
  };
};

/** The current plan as the edit form's values, for revising it. */
function valuesOf(current: PlanVersionView | null): Record<string, unknown> {
  if (!current) return {};
  const values: Record<string, unknown> = {
    summary: current.summary,
    ...dateParts('reviewDate', current.reviewDate),
  };
  current.actions.slice(0, MAX_FORM_ACTIONS).forEach((a, i) => {
    values[`actions-${i + 1}-action`] = a.action;
    values[`actions-${i + 1}-owner`] = a.owner;
    Object.assign(values, dateParts(`actions-${i + 1}-reviewOn`, a.reviewOn));
  });
  return values;
}

/** Safety plans per victim: the advocate writes them, the team reads them; every save a new version. */
export const safetyPlanRoutes: FastifyPluginAsync = async (app) => {
  app.get(
    '/cases/:id/safety-plans',
    { schema: { hide: true }, preValidation: requireUser },
    async (request, reply) => {
      const { caseId } = idsOf(request);
      const view = await request.inTx((tx) => plansPage(tx, request.user!, actorOf(request), caseId, 'web'));
      const query = request.query as { saved?: string };
      return reply.page('safety-plans/views/plans.njk', {
        title: `Safety plans – case ${view.h.case.reference}`,
        nav: 'cases',
        caseTab: 'safety-plans',
        caseHeader: view.h.header,
        victims: view.victims,
        withdrawnVictims: view.withdrawnVictims,
        canWrite: view.canWrite,
        saved: query.saved === '1',
      });
    },
  );

  const editPage = (
    reply: FastifyReply,
    ctx: Awaited<ReturnType<typeof editContext>>,
    values: Record<string, unknown>,
    expectedVersion: number,
    errors?: FieldError[],
  ) =>
    reply.page('safety-plans/views/edit.njk', {
      title: `${ctx.current ? 'Revise' : 'Create'} the safety plan for ${ctx.victim.name} – case ${ctx.h.case.reference}`,
      nav: 'cases',
      caseTab: 'safety-plans',
      caseHeader: ctx.h.header,
      backLink: `/cases/${ctx.h.header.id}/safety-plans`,
      victim: ctx.victim,
      current: ctx.current,
      values,
      expectedVersion,
      rows: Array.from({ length: MAX_FORM_ACTIONS }, (_, i) => i + 1),
      ...(errors?.length ? { errors: formErrors(errors) } : {}),
    });

  const editPath = '/cases/:id/safety-plans/:caseVictimId/edit';

  app.get(editPath, { schema: { hide: true }, preValidation: requireUser }, async (request, reply) => {
    const { caseId, caseVictimId } = idsOf(request);
    const ctx = await request.inTx((tx) =>
      editContext(tx, request.user!, actorOf(request), caseId, caseVictimId, true),
    );
    return editPage(reply, ctx, valuesOf(ctx.current), ctx.current?.version ?? 0);
  });

  app.post(editPath, { schema: { hide: true }, preValidation: requireUser }, async (request, reply) => {
    const { caseId, caseVictimId } = idsOf(request);
    const fields = formFields(request.body);
    const form = fromForm(fields);
    const outcome = await request.inTx(async (tx) => {
      if (form.input) {
        const result = await savePlan(tx, request.user!, actorOf(request), caseId, caseVictimId, form.input);
        if (result.saved) return { saved: true as const };
        const ctx = await editContext(tx, request.user!, actorOf(request), caseId, caseVictimId, false);
        return { saved: false as const, status: 409, ctx, expected: result.currentVersion, stale: true };
      }
      const ctx = await editContext(tx, request.user!, actorOf(request), caseId, caseVictimId, false);
      const expected = Number(fields.expectedVersion);
      return {
        saved: false as const,
        status: 400,
        ctx,
        expected: Number.isInteger(expected) && expected >= 0 ? expected : (ctx.current?.version ?? 0),
        stale: false,
      };
    });
    if (outcome.saved) return reply.redirect(`/cases/${caseId}/safety-plans?saved=1`, 303);
    return editPage(
      reply.code(outcome.status),
      outcome.ctx,
      fields,
      outcome.expected,
      outcome.stale ? [{ field: 'plan-form', message: STALE_MESSAGE }] : form.errors,
    );
  });

  const api = app.withTypeProvider<ZodTypeProvider>();
  api.get(
    '/api/v1/cases/:id/safety-plans',
    {
      preValidation: requireUser,
      schema: {
        tags: ['safety-plans'],
        summary: 'Safety plans on a case: each victim’s current plan and its earlier versions',
        description:
          'Victims withdrawn as entered in error keep their plans, apart in `withdrawnVictims` (with when, by whom and why), never as a current plan.',
        params: z.object({ id: z.string() }),
        response: { 200: plansApi },
      },
    },
    async (request) => {
      const { caseId } = idsOf(request);
      const view = await request.inTx((tx) => plansPage(tx, request.user!, actorOf(request), caseId, 'api'));
      return {
        victims: view.victims.map((v) => ({
          caseVictimId: v.caseVictimId,
          victim: v.name,
          current: v.current ? toApi(v.current) : null,
          history: v.history.map(toApi),
        })),
        withdrawnVictims: view.withdrawnVictims.map((v) => ({
          caseVictimId: v.caseVictimId,
          victim: v.name,
          withdrawn: withdrawalApiOf(v.withdrawn)!,
          versions: v.versions.map(toApi),
        })),
      };
    },
  );
  api.post(
    '/api/v1/cases/:id/safety-plans/:caseVictimId',
    {
      preValidation: requireUser,
      schema: {
        tags: ['safety-plans'],
        summary: 'Save a new version of a victim’s safety plan',
        description:
          'expectedVersion is the version being revised (0 for a first plan); 409 when someone else saved a newer one. The latest completed risk assessment is linked.',
        params: z.object({ id: z.string(), caseVictimId: z.string() }),
        body: planInput,
        response: { 201: z.object({ id: z.string().uuid(), version: z.number().int() }) },
      },
    },
    async (request, reply) => {
      const { caseId, caseVictimId } = idsOf(request);
      const result = await request.inTx((tx) =>
        savePlan(tx, request.user!, actorOf(request), caseId, caseVictimId, request.body),
      );
      if (!result.saved)
        throw new Conflict(
          'Someone else changed this plan',
          `${STALE_MESSAGE} The current version is ${result.currentVersion}.`,
        );
      return reply.code(201).send({ id: result.id, version: result.version });
    },
  );
};
